#!/usr/bin/env python3
"""Long fuzz run of the page parser and renderer (the property of tests/fuzz, many more examples).

    .venv/bin/python scripts/fuzz_long.py [--examples 20000] [--seed 0] [--black-every 200]

Prints examples run, endpoints rendered, failures found and seconds; exits 1 when the property
failed (hypothesis then prints the shrunk failing page). Every `--black-every`th example is rendered
through black as well, the rest with the ast-only formatter.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from tests.fuzz.mutate import check_page, pages  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--black-every", type=int, default=200)
    args = ap.parse_args()
    stats = {"examples": 0, "endpoints": 0, "pages_with_endpoints": 0}

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None, print_blob=True,
              suppress_health_check=list(HealthCheck))
    @given(pages())
    def run(text: str) -> None:
        stats["examples"] += 1
        n = check_page(text, black=stats["examples"] % args.black_every == 0)
        stats["endpoints"] += n
        stats["pages_with_endpoints"] += bool(n)

    started = time.perf_counter()
    failures = 0
    try:
        run()
    except Exception as exc:  # noqa: BLE001 - report the figures, then the failure
        failures = 1
        print(f"FAILURE: {type(exc).__name__}: {exc}"[:4000], file=sys.stderr)
    seconds = time.perf_counter() - started
    print(f"examples run: {stats['examples']} (including shrinking)  pages with endpoints: "
          f"{stats['pages_with_endpoints']}  endpoints rendered: {stats['endpoints']}  "
          f"failures found: {failures}  seconds: {seconds:.1f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
