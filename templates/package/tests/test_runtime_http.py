"""Both clients against a local HTTP server (127.0.0.1) that checks signatures and timestamps and
answers with weight headers, 429 + Retry-After, -1021 and 5xx."""

from __future__ import annotations

import asyncio
from typing import Any, Iterator

import pytest
from local_binance import LocalBinance
from mock_binance import API_KEY, API_SECRET

from binance_api import AsyncClient, Client, RateLimitError, RetryPolicy, ServerError
from binance_api._runtime import DECIMAL, STRING, Operation, Param, Weight


def op(path: str, method: str = "GET", signed: bool = True) -> Operation[Any]:
    return Operation(
        f"local_{path.rsplit('/', 1)[-1]}",
        method,
        path,
        signed=signed,
        params=(Param("symbol", "symbol", STRING), Param("price", "price", DECIMAL)),
        weights=(Weight("IP", 2),),
    )


@pytest.fixture
def server() -> Iterator[LocalBinance]:
    with LocalBinance(API_SECRET, API_KEY) as running:
        yield running


def call_both(
    server: LocalBinance,
    cls: Any,
    operation: Operation[Any],
    args: dict[str, Any],
    **options: Any,
) -> Any:
    """One call with a client of `cls` pointed at the server; returns (result or exception, client)."""
    options = {"base_url": server.url, "allow_http": True, **options}
    if cls is Client:
        with Client(API_KEY, API_SECRET, **options) as client:
            try:
                return client._call(operation, args), client
            except Exception as exc:  # returned for the test to inspect
                return exc, client

    async def main() -> Any:
        async with AsyncClient(API_KEY, API_SECRET, **options) as client:
            try:
                return await client._call(operation, args), client
            except Exception as exc:
                return exc, client

    return asyncio.run(main())


CLIENTS = [Client, AsyncClient]


@pytest.mark.parametrize("cls", CLIENTS)
def test_signed_call_is_accepted_and_weight_is_reported(
    server: LocalBinance, cls: Any
) -> None:
    result, client = call_both(
        server, cls, op("/api/v3/echo"), {"symbol": "BTC USDT&x", "price": "0.10"}
    )
    assert (
        result["params"]["symbol"] == "BTC USDT&x"
        and result["params"]["price"] == "0.10"
    )
    assert server.rejections == []
    assert client.rate_limits.used("x-mbx-used-weight-1m") == 2


@pytest.mark.parametrize("cls", CLIENTS)
def test_clock_skew_is_repaired_once(server: LocalBinance, cls: Any) -> None:
    server.skew_ms = 20_000
    result, client = call_both(server, cls, op("/api/v3/echo"), {"symbol": "X"})
    assert result["path"] == "/api/v3/echo"
    assert len(server.rejections) == 1 and "recvWindow" in server.rejections[0]
    assert server.hits["GET /api/v3/time"] == 1 and server.hits["GET /api/v3/echo"] == 2
    assert 19_000 < client.clock.offset_ms < 21_000


@pytest.mark.parametrize("cls", CLIENTS)
def test_429_retry_after_is_honoured_for_get(server: LocalBinance, cls: Any) -> None:
    result, _ = call_both(
        server, cls, op("/api/v3/limited"), {}, retry=RetryPolicy(attempts=2)
    )
    assert result["path"] == "/api/v3/limited"
    assert server.hits["GET /api/v3/limited"] == 2


@pytest.mark.parametrize("cls", CLIENTS)
def test_post_is_never_retried(server: LocalBinance, cls: Any) -> None:
    error, _ = call_both(
        server, cls, op("/api/v3/order", "POST"), {}, retry=RetryPolicy(attempts=5)
    )
    assert isinstance(error, RateLimitError) and error.retry_after == 1.0
    assert server.hits["POST /api/v3/order"] == 1


@pytest.mark.parametrize("cls", CLIENTS)
def test_server_error_raises_or_is_retried(server: LocalBinance, cls: Any) -> None:
    error, _ = call_both(server, cls, op("/api/v3/flaky"), {})
    assert (
        isinstance(error, ServerError) and error.status == 500 and error.code == -1000
    )
    server.hits.clear()
    result, _ = call_both(
        server, cls, op("/api/v3/flaky"), {}, retry=RetryPolicy(backoff=0.01)
    )
    # 500, then 200
    assert result["path"] == "/api/v3/flaky" and server.hits["GET /api/v3/flaky"] == 2


@pytest.mark.parametrize("cls", CLIENTS)
def test_wrong_secret_is_refused_by_the_server(server: LocalBinance, cls: Any) -> None:
    with Client(
        API_KEY, "not-the-secret", base_url=server.url, allow_http=True
    ) as client:
        with pytest.raises(Exception) as info:
            client._call(op("/api/v3/echo"), {})
    assert getattr(info.value, "code", None) == -1022
