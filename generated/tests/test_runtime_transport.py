"""The send step: the direct path to the transport sends exactly what httpx.Client.request would, uses
the transport httpx would pick (proxy=, *_PROXY variables), honours the timeout; a pool passed as
http_client= (and any pool when the transport cannot be picked) goes through httpx's public API.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from typing import Any, Iterator

import httpx
import pytest
from local_binance import LocalBinance
from mock_binance import API_KEY, API_SECRET, Scripted, run_call

import binance_api._transport as transport_module
from binance_api import AsyncClient, Client, TransportError
from binance_api._runtime import STRING, Operation, Param

NOW_MS = 1_700_000_000_000


def op(method: str, signed: bool, path: str = "/api/v3/echo") -> Operation[Any]:
    return Operation(
        "demo", method, path, signed=signed, params=(Param("symbol", "symbol", STRING),)
    )


# The two private httpx names the direct path needs; without either, calls go through http.request.
WITHOUT = {
    "transport": ("_pick_transport", lambda http, url: None),
    "url copy": ("_query_copy_works", lambda base: False),
}


def sent(
    cls: Any,
    operation: Operation[Any],
    direct: bool,
    monkeypatch: pytest.MonkeyPatch,
    without: str = "transport",
    **options: Any,
) -> tuple[httpx.Request, Any]:
    """The request a client of `cls` hands to its transport for one call, by the direct path or not."""
    script = Scripted((200, {"ok": True}, {"X-MBX-USED-WEIGHT-1M": "7"}))
    with monkeypatch.context() as patch:
        if not direct:
            patch.setattr(transport_module, *WITHOUT[without])
        client = cls(
            API_KEY, API_SECRET, transport=httpx.MockTransport(script), **options
        )
        client.clock.local_ms = lambda: NOW_MS
        assert run_call(client, operation, {"symbol": "BTC/USDT"}) == {"ok": True}
    assert len(script.requests) == 1
    routes = list(client._routes.values())
    assert len(routes) == 1 and (routes[0].transport is not None) == direct
    return script.requests[0], client


@pytest.mark.parametrize("cls", [Client, AsyncClient])
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE", "PUT"])
@pytest.mark.parametrize("signed", [True, False])
@pytest.mark.parametrize("without", list(WITHOUT))
def test_direct_path_sends_what_httpx_request_would(
    cls: Any, method: str, signed: bool, without: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    direct, client = sent(cls, op(method, signed), True, monkeypatch)
    through_httpx, _ = sent(cls, op(method, signed), False, monkeypatch, without)
    assert direct.method == through_httpx.method == method
    assert str(direct.url) == str(through_httpx.url)
    # the copied URL equals a parsed one
    assert direct.url == httpx.URL(str(direct.url))
    assert direct.url.query == through_httpx.url.query
    # same names, values and order
    assert direct.headers.raw == through_httpx.headers.raw
    assert direct.content == through_httpx.content == b""
    assert direct.extensions == through_httpx.extensions
    assert client.rate_limits.used("x-mbx-used-weight-1m") == 7


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_responses_of_the_direct_path_are_complete(cls: Any) -> None:
    script = Scripted((200, {"ok": True}))
    client = cls(API_KEY, API_SECRET, transport=httpx.MockTransport(script))
    with client.responses() as log:
        run_call(client, op("GET", True), {"symbol": "X"})
    response = log.last
    assert response.request is script.requests[0]
    assert response.url.path == "/api/v3/echo" and response.json() == {"ok": True}
    assert response.elapsed.total_seconds() >= 0


class _Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that arrives in pieces, as from a socket; records that it was closed."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks, self.closed = chunks, False

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks

    async def __aiter__(self) -> Any:
        for chunk in self.chunks:
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


@pytest.mark.parametrize("cls", [Client, AsyncClient])
@pytest.mark.parametrize("encoded", [False, True])
@pytest.mark.parametrize("plain_read", [True, False])
def test_the_direct_path_reads_a_response_as_httpx_does(
    cls: Any, encoded: bool, plain_read: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body sent as it is is read without httpx's decoder machinery (where that leaves the response
    as Response.read() does); a Content-Encoding goes through Response.read(): the same response
    either way, its stream consumed and closed (the connection back in the pool)."""
    import gzip

    monkeypatch.setattr(transport_module, "_PLAIN_READ", [plain_read])
    body = b'{"ok": true, "n": [1, 2, 3]}'
    streams: list[_Chunks] = []

    def answer(request: httpx.Request) -> httpx.Response:
        data = gzip.compress(body) if encoded else body
        stream = _Chunks(data[:5], data[5:])
        streams.append(stream)
        headers = [(b"Content-Type", b"application/json")] + (
            [(b"Content-Encoding", b"gzip")] if encoded else []
        )
        return httpx.Response(200, headers=headers, stream=stream)

    client = cls(API_KEY, API_SECRET, transport=httpx.MockTransport(answer))
    with client.responses() as log:
        assert run_call(client, op("GET", True), {"symbol": "X"}) == {
            "ok": True,
            "n": [1, 2, 3],
        }
    response = log.last
    assert (
        response.content == body
        and response.text == body.decode()
        and response.json()["n"] == [1, 2, 3]
    )
    assert response.is_stream_consumed and response.is_closed and streams[0].closed
    assert response.num_bytes_downloaded == len(
        gzip.compress(body) if encoded else body
    )


def test_the_plain_read_is_checked_against_httpx() -> None:
    # this httpx: the direct read is used
    assert transport_module._plain_read_works() is True


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_timeout_reaches_the_transport(cls: Any) -> None:
    seen: list[Any] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json={})

    client = cls(
        API_KEY,
        API_SECRET,
        transport=httpx.MockTransport(answer),
        timeout=httpx.Timeout(3.0, connect=1.0),
    )
    run_call(client, op("GET", False))
    assert seen == [{"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0}]


@pytest.fixture
def server() -> Iterator[LocalBinance]:
    with LocalBinance(API_SECRET, API_KEY) as running:
        yield running


def call_via(cls: Any, **options: Any) -> Any:
    """One signed call to a host that does not resolve: it only succeeds through a proxy."""
    options = {"base_url": "http://binance.invalid", "allow_http": True, **options}
    if cls is Client:
        with Client(API_KEY, API_SECRET, **options) as client:
            return client._call(op("GET", True), {"symbol": "BTCUSDT"})

    async def main() -> Any:
        async with AsyncClient(API_KEY, API_SECRET, **options) as client:
            return await client._call(op("GET", True), {"symbol": "BTCUSDT"})

    return asyncio.run(main())


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_proxy_is_used(server: LocalBinance, cls: Any) -> None:
    # The local server answers absolute-form targets too, as a forward proxy receives them.
    result = call_via(cls, proxy=server.url)
    assert result["path"] == "/api/v3/echo" and result["params"]["symbol"] == "BTCUSDT"
    assert server.rejections == []


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_proxy_environment_variables_are_used(
    server: LocalBinance, cls: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "NO_PROXY",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.setenv("http_proxy", server.url)
    assert call_via(cls)["path"] == "/api/v3/echo"


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_without_a_proxy_the_unresolvable_host_fails(
    cls: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(TransportError):
        call_via(cls, timeout=5)


def test_http_client_is_used_through_its_public_api() -> None:
    """Event hooks, default headers and auth of a pool passed as http_client= all apply."""
    script = Scripted((200, {}))
    events: list[str] = []

    def on_request(request: httpx.Request) -> None:
        events.append(f"request {request.url.path}")

    def on_response(response: httpx.Response) -> None:
        events.append(f"response {response.status_code}")

    http = httpx.Client(
        transport=httpx.MockTransport(script),
        headers={"X-Custom": "1"},
        event_hooks={"request": [on_request], "response": [on_response]},
    )
    with Client(API_KEY, API_SECRET, http_client=http) as client:
        run_call(client, op("GET", True), {"symbol": "X"})
    assert events == ["request /api/v3/echo", "response 200"]
    assert (
        script.requests[0].headers["X-Custom"] == "1"
        and script.requests[0].headers["X-MBX-APIKEY"] == API_KEY
    )
    assert client._routes == {}
    http.close()


def test_async_http_client_event_hooks_apply() -> None:
    script = Scripted((200, {}))
    events: list[str] = []

    async def on_request(request: httpx.Request) -> None:
        events.append("request")

    async def main() -> None:
        http = httpx.AsyncClient(
            transport=httpx.MockTransport(script), event_hooks={"request": [on_request]}
        )
        async with AsyncClient(API_KEY, API_SECRET, http_client=http) as client:
            await client._call(op("GET", True), {"symbol": "X"})
        await http.aclose()

    asyncio.run(main())
    assert events == ["request"]


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_a_closed_client_refuses_to_send(cls: Any) -> None:
    client = cls(
        API_KEY, API_SECRET, transport=httpx.MockTransport(Scripted((200, {})))
    )
    run_call(client, op("GET", False))
    if cls is Client:
        client.close()
    else:
        asyncio.run(client.aclose())
    with pytest.raises(RuntimeError, match="closed"):
        run_call(client, op("GET", False))


def test_request_log_line_is_httpx_s_with_the_signature_redacted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = Client(
        API_KEY, API_SECRET, transport=httpx.MockTransport(Scripted((200, {})))
    )
    caplog.set_level(logging.INFO, logger="httpx")
    run_call(client, op("GET", True), {"symbol": "X"})
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert len(lines) == 1 and lines[0].startswith(
        "HTTP Request: GET https://api.binance.com/api/v3/echo?symbol=X&timestamp="
    )
    assert lines[0].endswith('&signature=*** "HTTP/1.1 200 OK"')


def test_sync_use_does_not_import_asyncio() -> None:
    code = (
        "import sys, httpx, binance_api\n"
        "from binance_api._runtime import Operation\n"
        "client = binance_api.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={})))\n"
        "assert client._call(Operation('demo', 'GET', '/api/v3/ping'), {}) == {}\n"
        "assert 'asyncio' not in sys.modules, 'asyncio imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=".")
