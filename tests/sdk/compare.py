"""Print the wire comparison of the generated client with Binance's official Python SDKs.

    .venv/bin/python -m tests.sdk.compare             # figures, differences by cause, every difference
    .venv/bin/python -m tests.sdk.compare --product spot --show-queries

Needs the SDKs: `pip install -e '.[test,sdk]'`. Nothing reaches the network. The pytest side is
tests/sdk/test_wire.py; the disagreements are explained in tests/conformance/KNOWN.md (section
"Wire comparison with the official Python SDKs").
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from importlib.metadata import version

from . import wire
from .known import load_known


def _versions(products: list[str]) -> str:
    names = ["binance-common"] + [wire.PACKAGES[p][0].replace("_", "-") for p in products]
    return ", ".join(f"{n} {version(n)}" for n in names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.sdk.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("--product", action="append", help="compare only this product (repeatable)")
    parser.add_argument("--show-queries", action="store_true", help="print both queries of every difference")
    args = parser.parse_args(argv)
    products = wire.available()
    if not products:
        print("the official SDKs are not installed: pip install -e '.[test,sdk]'", file=sys.stderr)
        return 2
    if args.product:
        products = [p for p in products if p in args.product]
    started = time.perf_counter()
    runner = wire.Runner(products)
    results = runner.run()
    probes = runner.probes()
    elapsed = time.perf_counter() - started
    f = wire.figures(results)
    known = load_known()

    print(f"Official SDKs: {_versions(products)}")
    print(f"Fixed clock {wire.TIMESTAMP}, HMAC-SHA256, same key and secret; {elapsed:.1f} s\n")
    print("| product | both know | same request | share |")
    print("|---|---:|---:|---:|")
    for product in products:
        rows = [r for r in results if r.name.split(".", 1)[0] == product]
        same = sum(r.same for r in rows)
        print(f"| {product} | {len(rows)} | {same} | {100.0 * same / len(rows) if rows else 0:.1f}% |")
    print(f"| **all** | **{f.compared}** | **{f.same}** | **{f.share:.1f}%** |\n")

    parser_rows = [r for r in results if not r.same and known.get(r.name, ("", ""))[1] == "parser"]
    print(f"Same request (method, host, path, query and body byte for byte, signature): {f.same} of "
          f"{f.compared} = {f.share:.1f}% (target 95%)")
    if parser_rows:
        share = 100.0 * (f.same + len(parser_rows)) / f.compared
        print(f"With the {len(parser_rows)} endpoints that wait on a parser fix (KNOWN.md kind `parser`): {share:.1f}%")
    print(f"Signature differs where the signed bytes are equal, or is not over the bytes sent: "
          f"{len(f.signature_mismatch)} {f.signature_mismatch or ''}")
    print(f"A side could not make the call: {len(f.failed)} {f.failed or ''}\n")

    print("| cause | endpoints |")
    print("|---|---:|")
    for kind, count in f.by_cause.most_common():
        print(f"| {wire.CAUSES[kind]} (`{kind}`) | {count} |")
    kinds = Counter(known.get(r.name, ("", "unlisted"))[1] for r in results if not r.same)
    print("\nDifferences by whose they are (KNOWN.md): " + ", ".join(f"{k or 'unlisted'} {v}" for k, v in sorted(kinds.items())))

    print("\nEvery difference:")
    for r in results:
        if r.same:
            continue
        who = known.get(r.name, ("", "NOT IN KNOWN.md"))[1]
        print(f"- {r.name} ({r.route}, SDK {r.sdk_function}) [{who}]: " + "; ".join(map(str, r.causes)))
        if args.show_queries and r.ours is not None and r.sdk is not None:
            print(f"    ours: {r.ours.query}" + (f" body {r.ours.body}" if r.ours.body else ""))
            print(f"    sdk:  {r.sdk.query}" + (f" body {r.sdk.body}" if r.sdk.body else ""))
        if r.note:
            print(f"    ({r.note})")

    print("\nValues the usual calls do not exercise:")
    for probe, r in probes:
        verdict = "same as the SDK" if r.same else "; ".join(map(str, r.causes))
        docs = "as the docs say" if r.ours is not None and not wire.probe_misses(probe, r.ours) else "NOT as the docs say"
        print(f"- {probe.name} {probe.args}: {verdict}; ours {docs} [{probe.docs}]")

    notes = [(r.name, t) for r in results for t in r.type_notes]
    if notes:
        print("\nParameters our spec and the SDK type differently (same bytes sent here, not counted):")
        for name, note in notes:
            print(f"- {name}: {note}")
    extra = [(r.name, w) for r in results for w in r.sdk_extra]
    if extra:
        print("\nOptional SDK parameters the page does not list (not sent, not counted):")
        for name, w in extra:
            print(f"- {name}: {w}")
    only = runner.sdk_only()
    print(f"\nEndpoints only the SDKs know (no page of specs/docs documents them): {len(only)}")
    for e in only:
        print(f"- {e.product}: {e.method} {e.path} ({e.function})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
