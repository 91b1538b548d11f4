"""Configuration: base URLs and the testnet preset, HTTPS, custom httpx clients, cheap import."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import httpx
import pytest
from mock_binance import Scripted, make_client, run_call

from binance_api import AsyncClient, Client, ConfigurationError
from binance_api._runtime import Operation

OK = (200, {})


def op(path: str) -> Operation[Any]:
    return Operation("demo", "GET", path)


@pytest.mark.parametrize(
    "path, host",
    [
        ("/api/v3/ping", "api.binance.com"),
        ("/sapi/v1/x", "api.binance.com"),
        ("/fapi/v1/ping", "fapi.binance.com"),
        ("/dapi/v1/ping", "dapi.binance.com"),
        ("/eapi/v1/ping", "eapi.binance.com"),
        ("/papi/v1/ping", "papi.binance.com"),
    ],
)
def test_base_url_by_path_prefix(path: str, host: str) -> None:
    script = Scripted(OK)
    run_call(make_client(script), op(path))
    assert (
        script.requests[0].url.host == host and script.requests[0].url.scheme == "https"
    )


@pytest.mark.parametrize(
    "path, host",
    [
        ("/api/v3/ping", "testnet.binance.vision"),
        ("/fapi/v1/ping", "testnet.binancefuture.com"),
        ("/dapi/v1/ping", "testnet.binancefuture.com"),
    ],
)
def test_testnet_preset(path: str, host: str) -> None:
    script = Scripted(OK)
    run_call(make_client(script, testnet=True), op(path))
    assert script.requests[0].url.host == host


@pytest.mark.parametrize("path", ["/sapi/v1/x", "/eapi/v1/ping", "/papi/v1/ping"])
def test_testnet_never_falls_back_to_production(path: str) -> None:
    script = Scripted(OK)
    with pytest.raises(ConfigurationError, match="testnet"):
        run_call(make_client(script, testnet=True), op(path))
    assert script.requests == []


def test_base_url_overrides() -> None:
    script = Scripted(OK)
    client = make_client(script, base_url={"fapi": "https://proxy.example/"})
    run_call(client, op("/fapi/v1/ping"))
    run_call(client, op("/api/v3/ping"))
    assert [str(r.url) for r in script.requests] == [
        "https://proxy.example/fapi/v1/ping",
        "https://api.binance.com/api/v3/ping",
    ]
    single = Scripted(OK)
    run_call(make_client(single, base_url="https://one.example"), op("/dapi/v1/ping"))
    assert str(single.requests[0].url) == "https://one.example/dapi/v1/ping"


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_plain_http_needs_allow_http(cls: Any) -> None:
    with pytest.raises(ConfigurationError, match="https"):
        cls("k", "s", base_url="http://127.0.0.1:9")
    with pytest.raises(ConfigurationError):
        cls("k", "s", base_url="ftp://127.0.0.1:9", allow_http=True)
    cls("k", "s", base_url="http://127.0.0.1:9", allow_http=True)


def test_unknown_prefix_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="/wapi"):
        run_call(make_client(Scripted(OK)), op("/wapi/v3/x"))


def test_custom_http_client_is_used_and_left_open() -> None:
    script = Scripted(OK)
    http = httpx.Client(transport=httpx.MockTransport(script))
    with Client("k", "s", http_client=http) as client:
        run_call(client, op("/api/v3/ping"))
    assert len(script.requests) == 1 and not http.is_closed
    http.close()
    with pytest.raises(ConfigurationError):
        Client("k", "s", http_client=http, transport=httpx.MockTransport(script))


def test_proxy_and_timeout_reach_httpx() -> None:
    client = Client(
        "k", "s", proxy="http://127.0.0.1:3128", timeout=httpx.Timeout(3.0, connect=1.0)
    )
    assert client._http.timeout.connect == 1.0
    client.close()


def test_async_client_closes_its_pool() -> None:
    import asyncio

    async def main() -> bool:
        async with make_client(Scripted(OK), AsyncClient) as client:
            await client._call(op("/api/v3/ping"), {})
        closed: bool = client._http.is_closed
        return closed

    assert asyncio.run(main())


def test_sync_client_closes_its_pool() -> None:
    with make_client(Scripted(OK)) as client:
        run_call(client, op("/api/v3/ping"))
    assert client._http.is_closed
    with pytest.raises(RuntimeError, match="closed"):
        run_call(client, op("/api/v3/ping"))


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_the_pool_is_made_on_first_use(cls: Any) -> None:
    """Client() makes no httpx pool (an SSL context: ~0.1 s) until a call needs one; closing a client
    that never called makes none, and a call after it fails as on a closed pool."""
    import asyncio

    script = Scripted(OK, OK)
    client = make_client(script, cls)
    assert "_http" not in vars(client)
    run_call(client, op("/api/v3/ping"))
    assert "_http" in vars(client) and len(script.requests) == 1

    unused = make_client(script, cls)
    if cls is Client:
        unused.close()
    else:
        asyncio.run(unused.aclose())
    assert "_http" not in vars(unused)
    with pytest.raises(RuntimeError, match="closed"):
        run_call(unused, op("/api/v3/ping"))
    assert "_http" not in vars(unused) and len(script.requests) == 1


def test_threads_making_their_first_calls_together_make_one_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pool is made once (no second one left unclosed) even when several threads ask for it at
    once and making it takes a while; a close() made while a thread is making it waits and closes
    it, and a thread that comes after it is told the client is closed."""
    import threading
    import time

    made: list[Any] = []
    real = httpx.Client
    making = threading.Event()

    def slow_client(**options: Any) -> httpx.Client:
        making.set()
        time.sleep(0.05)
        made.append(real(**options))
        return made[-1]

    monkeypatch.setattr(httpx, "Client", slow_client)

    def race(client: Any, closing: bool) -> list[Any]:
        start = threading.Barrier(4)
        seen: list[Any] = []

        def first_call() -> None:
            start.wait()
            try:
                seen.append(client._http)
            except RuntimeError as exc:
                seen.append(str(exc))

        threads = [threading.Thread(target=first_call) for _ in range(3)]
        for t in threads:
            t.start()
        start.wait()
        if closing:
            making.wait(5)  # close while a thread is making the pool
            client.close()
        for t in threads:
            t.join()
        return seen

    seen = race(make_client(Scripted(OK)), closing=False)
    assert len(made) == 1 and seen == [made[0]] * 3

    made.clear()
    making.clear()
    seen = race(make_client(Scripted(OK)), closing=True)
    assert len(made) == 1 and made[0].is_closed
    assert all((isinstance(x, str) and "closed" in x) or x is made[0] for x in seen)


def test_bad_http_options_fail_in_the_constructor() -> None:
    with pytest.raises(ConfigurationError):
        Client("k", "s", http_client=httpx.Client(), proxy="http://127.0.0.1:3128")
    with pytest.raises(ValueError):
        Client("k", "s", proxy="ftp://127.0.0.1:3128")


def test_import_does_not_load_httpx_or_endpoints() -> None:
    code = (
        "import sys, binance_api\n"
        "assert 'httpx' not in sys.modules, 'httpx imported'\n"
        "assert not [m for m in sys.modules if m.startswith('binance_api._api_')], 'endpoints imported'\n"
        "binance_api.Client\n"
        "assert 'httpx' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=".")


def test_public_names_are_importable() -> None:
    import binance_api

    for name in binance_api.__all__:
        assert getattr(binance_api, name) is not None
