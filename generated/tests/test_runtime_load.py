"""Load: AsyncClient makes 1,000 concurrent signed calls to the local server with the limiter on.
Nothing is lost or duplicated, no window ever holds more than the budget, and the client's memory
stays flat between rounds. Prints the figures; asserts no timings."""

from __future__ import annotations

import asyncio
import gc
import time
import tracemalloc
from typing import Any, Iterable, Mapping

from local_binance import LocalBinance
from mock_binance import API_KEY, API_SECRET

from binance_api import AsyncClient, Budget, RateLimiter
from binance_api._runtime import STRING, Operation, Param, Weight

CALLS = 1000
BUDGET = Budget("IP", 500, 1.0)  # weight 2 per call: at most 250 calls a second
ECHO: Operation[Any] = Operation(
    "load_echo",
    "GET",
    "/api/v3/echo",
    signed=True,
    params=(Param("id", "id", STRING, required=True),),
    weights=(Weight("IP", 2),),
)


class RecordingLimiter(RateLimiter):
    """A RateLimiter that keeps the time and weight of every grant, to check the windows after."""

    def __init__(self, *budgets: Budget) -> None:
        super().__init__(*budgets)
        self.grants: list[tuple[float, int]] = []
        self.refusals = 0

    def try_acquire(
        self, weights: Mapping[str, int], caps: Iterable[tuple[str, int, str]] = ()
    ) -> float:
        wait = super().try_acquire(weights, caps)
        # the time the limiter itself recorded for this grant, not a later reading
        if wait == 0:
            self.grants.append((self._spent[0][-1][0], weights.get("IP", 0)))
        else:
            self.refusals += 1
        return wait


def max_in_window(events: list[tuple[float, int]], seconds: float) -> int:
    """The largest total weight in any half-open window (t - seconds, t] ending at an event."""
    events = sorted(events)
    best = total = start = 0
    for end in range(len(events)):
        total += events[end][1]
        while events[start][0] <= events[end][0] - seconds:
            total -= events[start][1]
            start += 1
        best = max(best, total)
    return best


def client_memory(snapshot: tracemalloc.Snapshot) -> int:
    return sum(
        s.size
        for s in snapshot.statistics("filename")
        if "binance_api" in (s.traceback[0].filename or "")
    )


def test_thousand_concurrent_calls_with_the_limiter() -> None:
    with LocalBinance(API_SECRET, API_KEY) as server:
        limiter = RecordingLimiter(BUDGET)

        async def round_of(client: AsyncClient, tag: str, calls: int) -> list[Any]:
            return await asyncio.gather(
                *(client._call(ECHO, {"id": f"{tag}-{i}"}) for i in range(calls))
            )

        async def main() -> tuple[list[Any], float, list[int]]:
            # The server shares this process (and its GIL) with 1,000 tasks, and tracemalloc slows both:
            # a request can wait seconds between signing and being read, so allow Binance's maximum.
            options: Any = dict(
                base_url=server.url,
                allow_http=True,
                limiter=limiter,
                timeout=60,
                recv_window=60000,
            )
            async with AsyncClient(API_KEY, API_SECRET, **options) as client:
                started = time.monotonic()
                results = await round_of(client, "load", CALLS)
                elapsed = time.monotonic() - started
                # Memory: what the client allocates in later rounds and still holds afterwards.
                tracemalloc.start()
                retained = []
                for tag in ("m1", "m2"):
                    await round_of(client, tag, CALLS // 4)
                    gc.collect()
                    retained.append(client_memory(tracemalloc.take_snapshot()))
                tracemalloc.stop()
            return results, elapsed, retained

        results, elapsed, retained = asyncio.run(main())

    expected = [f"load-{i}" for i in range(CALLS)]
    # nothing lost, each answer to its caller
    assert [r["params"]["id"] for r in results] == expected
    # the server saw each call exactly once
    assert all(server.ids[i] == 1 for i in expected)
    assert sum(server.ids.values()) == CALLS + 2 * (CALLS // 4)
    # every signature and timestamp was valid when it arrived
    assert server.rejections == []
    assert len(limiter.grants) == CALLS + 2 * (CALLS // 4)
    # 1,000 calls at once do not fit one window: the limiter held some back
    assert limiter.refusals > 0
    client_peak = max_in_window(limiter.grants, BUDGET.seconds)
    server_peak = max_in_window(server.arrivals, BUDGET.seconds)
    assert client_peak <= BUDGET.limit
    growth = retained[1] - retained[0]
    print(
        f"\nload: {CALLS} concurrent calls in {elapsed:.2f}s ({CALLS / elapsed:.0f}/s); budget {BUDGET.limit} IP per "
        f"{BUDGET.seconds:g}s; peak weight granted in a window {client_peak}, seen by the server {server_peak}; "
        f"limiter refusals {limiter.refusals}; client memory held after {CALLS // 4} more calls "
        f"{retained[0] / 1024:.1f} KiB, after {CALLS // 4} more {retained[1] / 1024:.1f} KiB ({growth / 1024:+.1f} KiB)"
    )
    assert growth < 32 * 1024, "the client keeps memory per call"
