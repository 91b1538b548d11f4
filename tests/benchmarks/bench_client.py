"""Benchmark of a generated binance_api package (not a test; prints figures).

    .venv/bin/python tests/benchmarks/bench_client.py [PACKAGE_FOLDER] [--runs N] [--calls N]

PACKAGE_FOLDER holds binance_api/ (default: generated/). Measures
  - import time of `binance_api` in a fresh interpreter (best of N runs, and whether httpx loaded);
  - per-call overhead of checking, encoding and signing a request (no I/O): CoreClient.build() and
    the full sync call path over a transport that answers at once, for the busiest endpoint
    (the most parameters) of the package and for a small signed order-like Operation built here.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

IMPORT_PROBE = (
    "import sys, time; t = time.perf_counter(); import binance_api; "
    "print(time.perf_counter() - t, 'httpx' in sys.modules, len(binance_api.ENDPOINTS))"
)
CLIENT_PROBE = (
    "import sys, time; t = time.perf_counter(); import binance_api; binance_api.Client(); "
    "print(time.perf_counter() - t, 'asyncio' in sys.modules, len(binance_api.ENDPOINTS))"
)


def import_time(folder: Path, runs: int, probe: str = IMPORT_PROBE) -> tuple[float, bool, int]:
    best, loaded, count = float("inf"), False, 0
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", probe], cwd=folder, capture_output=True, text=True, check=True
        ).stdout.split()
        best = min(best, float(out[0]))
        loaded, count = out[1] == "True", int(out[2])
    return best, loaded, count


def per_call(fn: Callable[[], Any], calls: int) -> float:
    """Best of 5 batches, in microseconds per call."""
    fn()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - start) / calls)
    return best * 1e6


def sample_args(op: Any) -> dict[str, Any]:
    """Valid-looking arguments for every parameter of a declared Operation (rules permitting)."""
    from decimal import Decimal

    from binance_api._runtime import BOOLEAN, DECIMAL, INT, JSON, LONG

    args: dict[str, Any] = {}
    for p in op.params:
        if p.allowed:
            value: Any = p.allowed[0]
        elif p.enum:
            value = p.enum[0]
        elif p.kind in (INT, LONG):
            value = int(p.minimum) if p.minimum is not None else 5
        elif p.kind == DECIMAL:
            value = Decimal("0.001")
        elif p.kind == BOOLEAN:
            value = True
        elif p.kind == JSON:
            value = {"a": 1}
        else:
            value = "BTCUSDT"
        args[p.name] = [value] if p.list_style else value
    for rule in op.rules:  # keep one of each exclusive group, and spans short
        if rule.kind in ("one_of", "not_together"):
            for wire in rule.params[1:]:
                args.pop(next(p.name for p in op.params if p.wire == wire), None)
    if "recv_window" in args:
        args["recv_window"] = 5000
    for p in op.params:
        if p.wire in ("startTime", "endTime"):
            args[p.name] = 1_700_000_000_000
    return args


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default="generated", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--calls", type=int, default=20000)
    opts = parser.parse_args()
    folder = opts.folder.resolve()
    if not (folder / "binance_api" / "__init__.py").is_file():
        sys.exit(f"{folder}: no binance_api package here")

    seconds, httpx_loaded, endpoints = import_time(folder, opts.runs)
    print(f"package: {folder} ({endpoints} endpoints)")
    print(f"import binance_api: {seconds * 1000:.1f} ms (best of {opts.runs} fresh interpreters); httpx imported: {httpx_loaded}")
    seconds, asyncio_loaded, _ = import_time(folder, opts.runs, CLIENT_PROBE)
    print(f"import binance_api + Client(): {seconds * 1000:.1f} ms (best of {opts.runs}); asyncio imported: {asyncio_loaded}")

    sys.path.insert(0, str(folder))
    start = time.perf_counter()
    from binance_api import Client  # loads httpx and every endpoint module

    print(f"first use of binance_api.Client: {(time.perf_counter() - start) * 1000:.1f} ms (httpx and all endpoint modules)")
    import httpx

    from binance_api._runtime import DECIMAL, LONG, STRING, Operation, Param, Weight

    client = Client("bench-key", "bench-secret", transport=httpx.MockTransport(lambda r: httpx.Response(200, content=b"{}")))

    order: Operation[Any] = Operation(
        "bench_order",
        "POST",
        "/api/v3/order",
        signed=True,
        params=(
            Param("symbol", "symbol", STRING, required=True),
            Param("side", "side", STRING, required=True, enum=("BUY", "SELL")),
            Param("type", "type_", STRING, required=True),
            Param("timeInForce", "time_in_force", STRING),
            Param("quantity", "quantity", DECIMAL, minimum=0),
            Param("price", "price", DECIMAL, minimum=0),
            Param("recvWindow", "recv_window", LONG),
        ),
        weights=(Weight("ORDER", 1), Weight("IP", 1)),
    )
    from decimal import Decimal

    order_args = dict(
        symbol="BTCUSDT", side="BUY", type_="LIMIT", time_in_force="GTC", quantity=Decimal("0.001"), price="65000.10", recv_window=5000
    )
    cases = [("order-like signed POST (7 params)", order, order_args)]
    from binance_api import ENDPOINTS


    declared = []
    for name in ENDPOINTS:
        space, _, method = name.partition(".")
        declared.append(getattr(client, space)._ops[method])
    if declared:
        busiest = max(declared, key=lambda o: (o.signed, len(o.params)))
        cases.append((f"{busiest.name} ({busiest.method} {busiest.path}, {len(busiest.params)} params)", busiest, sample_args(busiest)))
    print(f"endpoints declared: {len(declared)} (ENDPOINTS lists {len(ENDPOINTS)})")
    for label, op, args in cases:
        try:
            client.build(op, args).url
        except Exception as exc:  # sample arguments may break a rule the sampler does not know
            print(f"{label}: skipped ({type(exc).__name__}: {exc})")
            continue
        build = per_call(lambda: client.build(op, args).url, opts.calls)
        full = per_call(lambda: client._call(op, args), max(opts.calls // 10, 100))
        print(f"{label}: build+validate+sign {build:.1f} µs/call; full sync call over a mock transport {full:.1f} µs/call")


if __name__ == "__main__":
    main()
