"""What happens around one call, with both clients over a scripted mock transport: -1021 resync,
the opt-in retry policy (GET only), errors, usage headers, raw responses, the limiter.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest
from mock_binance import (
    API_SECRET,
    Scripted,
    check_signature,
    make_client,
    query_value,
    run_call,
)

from binance_api import (
    APIError,
    AsyncClient,
    Budget,
    Client,
    IPBannedError,
    RateLimiter,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TransportError,
)
from binance_api._clock import ServerClock
from binance_api._runtime import LONG, STRING, Operation, Param, Weight

CLIENTS = [Client, AsyncClient]


def op(
    method: str = "GET",
    path: str = "/api/v3/thing",
    signed: bool = True,
    weight: int = 1,
) -> Operation[Any]:
    return Operation(
        f"demo_{method.lower()}",
        method,
        path,
        signed=signed,
        params=(
            Param("symbol", "symbol", STRING),
            Param("recvWindow", "recv_window", LONG),
        ),
        weights=(Weight("IP", weight),),
    )


OK = (200, {"ok": True})
TIMESTAMP_ERROR = (
    400,
    {"code": -1021, "msg": "Timestamp for this request is outside of the recvWindow."},
)


class Sleeps:
    """Replaces time.sleep and asyncio.sleep; records the waits and advances a fake monotonic clock."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.waits: list[float] = []
        self.now = 1000.0

        async def fake_async_sleep(seconds: float) -> None:
            self.sleep(seconds)

        monkeypatch.setattr("binance_api._transport.time.sleep", self.sleep)
        # _transport imports asyncio lazily
        monkeypatch.setattr("asyncio.sleep", fake_async_sleep)

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Sleeps:
    return Sleeps(monkeypatch)


# ---------------------------------------------------------------------------- time resync


@pytest.mark.parametrize(
    "path, time_path",
    [
        ("/api/v3/order", "/api/v3/time"),
        ("/sapi/v1/asset/x", "/api/v3/time"),
        ("/papi/v1/um/order", "/api/v3/time"),
        ("/fapi/v1/order", "/fapi/v1/time"),
        ("/dapi/v1/order", "/dapi/v1/time"),
        ("/eapi/v1/order", "/eapi/v1/time"),
    ],
)
@pytest.mark.parametrize("cls", CLIENTS)
def test_timestamp_error_resyncs_with_the_product_clock_and_retries_once(
    cls: Any, path: str, time_path: str
) -> None:
    server_ms: dict[str, int] = {}

    def server_time(request: httpx.Request) -> httpx.Response:
        server_ms["value"] = client.clock.local_ms() + 30_000
        return httpx.Response(200, json={"serverTime": server_ms["value"]})

    script = Scripted(TIMESTAMP_ERROR, server_time, OK)
    client = make_client(script, cls)
    assert run_call(client, op("POST", path), {"symbol": "X"}) == {"ok": True}
    assert script.paths == [path, time_path, path]
    first, again = script.requests[0], script.requests[2]
    check_signature(first)
    check_signature(again)
    assert (
        int(query_value(again, "timestamp") or 0)
        - int(query_value(first, "timestamp") or 0)
        >= 29_000
    )
    assert 29_000 <= client.clock.offset_ms <= 31_000


@pytest.mark.parametrize("cls", CLIENTS)
def test_a_second_timestamp_error_is_raised(cls: Any) -> None:
    script = Scripted(TIMESTAMP_ERROR, (200, {"serverTime": 1}), TIMESTAMP_ERROR)
    with pytest.raises(APIError) as info:
        run_call(make_client(script, cls), op(), {})
    assert info.value.code == -1021
    assert len(script.requests) == 3


@pytest.mark.parametrize("cls", CLIENTS)
def test_failed_time_sync_raises_the_original_error(cls: Any) -> None:
    script = Scripted(TIMESTAMP_ERROR, (503, {}))
    with pytest.raises(APIError) as info:
        run_call(make_client(script, cls), op(), {})
    assert info.value.code == -1021 and len(script.requests) == 2


def test_unsigned_calls_do_not_resync() -> None:
    script = Scripted(TIMESTAMP_ERROR)
    with pytest.raises(APIError):
        run_call(make_client(script), op(signed=False), {})
    assert len(script.requests) == 1


def test_sync_time_sets_the_offset() -> None:
    script = Scripted(
        lambda r: httpx.Response(
            200, json={"serverTime": client.clock.local_ms() - 5000}
        )
    )
    client = make_client(script)
    assert -5100 <= client.sync_time("/fapi/v1/time") <= -4900
    assert script.paths == ["/fapi/v1/time"]


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    "status, body, headers, error, retry_after",
    [
        (
            429,
            {"code": -1003, "msg": "Too many"},
            {"Retry-After": "7"},
            RateLimitError,
            7.0,
        ),
        (
            418,
            {"code": -1003, "msg": "Banned"},
            {"Retry-After": "120"},
            IPBannedError,
            120.0,
        ),
        (429, {"code": -1003, "msg": "Too many"}, {}, RateLimitError, None),
        (500, {"code": -1000, "msg": "Unknown"}, {}, ServerError, None),
        (503, "Service Unavailable", {}, ServerError, None),
        (400, {"code": -1100, "msg": "Illegal characters"}, {}, APIError, None),
    ],
)
def test_statuses_map_to_exceptions(
    cls: Any,
    status: int,
    body: Any,
    headers: dict[str, str],
    error: type[APIError],
    retry_after: float | None,
) -> None:
    script = Scripted((status, body, headers))
    with pytest.raises(error) as info:
        run_call(make_client(script, cls), op(), {"symbol": "X"})
    assert type(info.value) is error
    assert info.value.status == status and info.value.endpoint == "GET /api/v3/thing"
    if isinstance(body, dict):
        assert (info.value.code, info.value.msg) == (body["code"], body["msg"])
    if isinstance(info.value, RateLimitError):
        assert info.value.retry_after == retry_after
    for name, value in headers.items():
        assert info.value.headers[name.lower()] == value
    assert len(script.requests) == 1  # no retry policy: nothing is retried


@pytest.mark.parametrize("cls", CLIENTS)
def test_transport_failure_is_a_transport_error(cls: Any) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(TransportError, match="ConnectError"):
        run_call(make_client(Scripted(refuse), cls), op(), {})


# ---------------------------------------------------------------------------- retry policy


@pytest.mark.parametrize("cls", CLIENTS)
def test_get_is_retried_after_retry_after(cls: Any, sleeps: Sleeps) -> None:
    script = Scripted((429, {"code": -1003, "msg": "x"}, {"Retry-After": "3"}), OK)
    client = make_client(script, cls, retry=RetryPolicy(attempts=3))
    ticks = iter(range(1_700_000_000_000, 1_800_000_000_000, 1000))
    client.clock = ServerClock(local_ms=lambda: next(ticks))
    assert run_call(client, op(), {}) == {"ok": True}
    assert sleeps.waits == [3.0]
    assert len(script.requests) == 2
    first, second = script.requests
    assert int(query_value(second, "timestamp") or 0) > int(
        query_value(first, "timestamp") or 0
    )
    # signed again
    assert query_value(first, "signature") != query_value(second, "signature")
    check_signature(second)


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize("method", ["POST", "DELETE", "PUT"])
@pytest.mark.parametrize(
    "answer", [(429, {"code": -1003}, {"Retry-After": "1"}), (503, {}), "transport"]
)
def test_only_get_is_ever_retried(
    cls: Any, method: str, answer: Any, sleeps: Sleeps
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    script = Scripted(refuse if answer == "transport" else answer, OK)
    client = make_client(script, cls, retry=RetryPolicy(attempts=5))
    with pytest.raises((APIError, TransportError)):
        run_call(client, op(method), {})
    assert len(script.requests) == 1 and sleeps.waits == []


@pytest.mark.parametrize("cls", CLIENTS)
def test_get_retries_server_and_transport_errors_with_backoff(
    cls: Any, sleeps: Sleeps
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    script = Scripted((502, {}), refuse, OK)
    client = make_client(script, cls, retry=RetryPolicy(attempts=3, backoff=0.25))
    assert run_call(client, op(), {}) == {"ok": True}
    assert sleeps.waits == [0.25, 0.5]


@pytest.mark.parametrize("cls", CLIENTS)
def test_retry_gives_up_after_attempts_or_a_long_retry_after(
    cls: Any, sleeps: Sleeps
) -> None:
    script = Scripted((500, {}))
    with pytest.raises(ServerError):
        run_call(make_client(script, cls, retry=RetryPolicy(attempts=2)), op(), {})
    assert len(script.requests) == 2
    banned = Scripted((418, {"code": -1003}, {"Retry-After": "3600"}), OK)
    with pytest.raises(IPBannedError) as info:
        run_call(make_client(banned, cls, retry=RetryPolicy(max_wait=60)), op(), {})
    assert info.value.retry_after == 3600.0 and len(banned.requests) == 1


def test_client_errors_are_not_retried(sleeps: Sleeps) -> None:
    script = Scripted((400, {"code": -1100, "msg": "bad"}), OK)
    with pytest.raises(APIError):
        run_call(make_client(script, retry=RetryPolicy()), op(), {})
    assert len(script.requests) == 1


# ---------------------------------------------------------------------------- usage and responses


@pytest.mark.parametrize("cls", CLIENTS)
def test_usage_headers_are_tracked_per_host(cls: Any) -> None:
    headers = {
        "X-MBX-USED-WEIGHT-1M": "42",
        "X-MBX-ORDER-COUNT-10S": "3",
        "X-MBX-ORDER-COUNT-1D": "9",
        "Other": "1",
    }
    client = make_client(Scripted((200, {}, headers)), cls)
    run_call(client, op(), {})
    assert client.rate_limits.used("X-MBX-USED-WEIGHT-1M") == 42
    assert client.rate_limits.snapshot() == {
        "api.binance.com": {
            "x-mbx-used-weight-1m": 42,
            "x-mbx-order-count-10s": 3,
            "x-mbx-order-count-1d": 9,
        }
    }
    run_call(client, op(path="/fapi/v1/x"), {})
    assert set(client.rate_limits.snapshot()) == {"api.binance.com", "fapi.binance.com"}


def test_usage_is_also_tracked_from_errors() -> None:
    client = make_client(
        Scripted((429, {"code": -1003}, {"X-MBX-USED-WEIGHT-1M": "6001"}))
    )
    with pytest.raises(RateLimitError):
        run_call(client, op(), {})
    assert (
        client.rate_limits.used("x-mbx-used-weight-1m", host="api.binance.com") == 6001
    )


def test_raw_responses_are_captured_per_block_only() -> None:
    client = make_client(Scripted((200, {"n": 1}, {"X-MBX-USED-WEIGHT-1M": "5"})))
    run_call(client, op(), {})
    with client.responses() as outer:
        with client.responses() as inner:
            assert run_call(client, op(), {}) == {"n": 1}
        run_call(client, op(), {})
    run_call(client, op(), {})
    assert len(inner.all) == 1 and len(outer.all) == 2
    assert (
        inner.last.status_code == 200
        and inner.last.headers["x-mbx-used-weight-1m"] == "5"
    )


def test_raw_responses_of_other_threads_are_not_captured() -> None:
    client = make_client(Scripted(OK))
    started, release = threading.Event(), threading.Event()

    def elsewhere() -> None:
        started.wait(5)
        run_call(client, op(), {})
        release.set()

    worker = threading.Thread(target=elsewhere)
    worker.start()
    with client.responses() as log:
        started.set()
        release.wait(5)
    worker.join(5)
    assert log.all == []


def test_async_capture_sees_only_its_task() -> None:
    client = make_client(Scripted(OK), AsyncClient)

    async def main() -> tuple[int, int]:
        async def other() -> None:
            await client._call(op(), {})

        # created outside the block: not captured
        background = asyncio.create_task(other())
        with client.responses() as log:
            await client._call(op(), {})
            await asyncio.gather(client._call(op(), {}), client._call(op(), {}))
        await background
        return len(log.all), 3

    got, expected = asyncio.run(main())
    assert got == expected


# ---------------------------------------------------------------------------- limiter


def test_limiter_never_exceeds_a_budget() -> None:
    clock = [0.0]
    limiter = RateLimiter(
        Budget("IP", 10, 60), Budget("ORDER", 2, 10), clock=lambda: clock[0]
    )
    assert limiter.try_acquire({"IP": 6}) == 0
    assert limiter.try_acquire({"IP": 4}) == 0
    assert limiter.try_acquire({"IP": 1}) == pytest.approx(60)
    clock[0] = 30
    assert limiter.try_acquire({"IP": 1}) == pytest.approx(30)
    clock[0] = 60
    # the 6 left the window; the 4 (at 0) too
    assert limiter.try_acquire({"IP": 5}) == 0
    assert limiter.in_use() == {"IP/60s": 5, "ORDER/10s": 0}
    assert limiter.try_acquire({"ORDER": 1, "IP": 1}) == 0
    assert limiter.try_acquire({"ORDER": 1, "IP": 1}) == 0
    assert limiter.try_acquire({"ORDER": 1, "IP": 1}) == pytest.approx(10)
    # a refused call takes nothing
    assert limiter.in_use() == {"IP/60s": 7, "ORDER/10s": 2}


def test_limiter_weight_larger_than_the_budget_waits_for_an_empty_window() -> None:
    clock = [0.0]
    limiter = RateLimiter(Budget("IP", 10, 60), clock=lambda: clock[0])
    assert limiter.try_acquire({"IP": 3}) == 0
    assert limiter.try_acquire({"IP": 50}) == pytest.approx(60)
    clock[0] = 60
    assert limiter.try_acquire({"IP": 50}) == 0


def test_raw_request_budget_counts_calls() -> None:
    limiter = RateLimiter(Budget("RAW_REQUESTS", 2, 1), clock=lambda: 0.0)
    assert limiter.try_acquire({}) == 0 and limiter.try_acquire({"IP": 9}) == 0
    assert limiter.try_acquire({}) > 0


@pytest.mark.parametrize("cls", CLIENTS)
def test_client_waits_for_the_limiter(cls: Any, sleeps: Sleeps) -> None:
    limiter = RateLimiter(Budget("IP", 5, 10), clock=sleeps.clock)
    script = Scripted(OK)
    client = make_client(script, cls, limiter=limiter)
    for _ in range(6):  # two calls of weight 2 fit each 10 s window
        run_call(client, op(weight=2), {})
    assert len(script.requests) == 6
    assert sleeps.waits == [pytest.approx(10), pytest.approx(10)]


def test_endpoint_cap_is_kept_per_endpoint_without_configuration() -> None:
    clock = [0.0]
    limiter = RateLimiter(clock=lambda: clock[0])
    capped = (("GET /futures/data/basis", 2, "5m"),)
    assert limiter.try_acquire({}, capped) == 0 and limiter.try_acquire({}, capped) == 0
    assert limiter.try_acquire({}, capped) == pytest.approx(300)
    # another endpoint's window
    assert limiter.try_acquire({}, (("GET /futures/data/other", 2, "5m"),)) == 0
    clock[0] = 300.0
    assert limiter.try_acquire({}, capped) == 0


@pytest.mark.parametrize("cls", CLIENTS)
def test_client_waits_for_an_endpoints_own_cap(cls: Any, sleeps: Sleeps) -> None:
    capped = Operation(
        "basis",
        "GET",
        "/fapi/v1/capped",
        params=(Param("symbol", "symbol", STRING),),
        weights=(Weight("IP", 0), Weight("RAW_REQUESTS", 1, interval="1m", limit=2)),
    )
    assert capped.weight_of({}) == {"IP": 0} and capped.caps() == (
        ("GET /fapi/v1/capped", 2, "1m"),
    )
    script = Scripted(OK)
    client = make_client(script, cls, limiter=RateLimiter(clock=sleeps.clock))
    for _ in range(3):
        run_call(client, capped, {})
    assert len(script.requests) == 3 and sleeps.waits == [pytest.approx(60)]


def test_limiter_counts_every_retry(sleeps: Sleeps) -> None:
    limiter = RateLimiter(Budget("IP", 100, 60), clock=sleeps.clock)
    script = Scripted((500, {}), (500, {}), OK)
    run_call(
        make_client(script, limiter=limiter, retry=RetryPolicy(attempts=3)),
        op(weight=7),
        {},
    )
    assert limiter.in_use()["IP/60s"] == 21


def test_budget_and_policy_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        Budget("IP", 0, 60)
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)


def test_secret_is_not_needed_for_unsigned_calls() -> None:
    script = Scripted(OK)
    client = make_client(script, api_secret=None, api_key=None)
    run_call(client, op(signed=False), {"symbol": "X"})
    assert "X-MBX-APIKEY" not in script.requests[0].headers
    assert API_SECRET not in str(script.requests[0].url)
