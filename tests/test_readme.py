"""The README's quickstart runs as written against the committed client (with a mock transport)."""

from __future__ import annotations

import contextlib
import io
import re

import httpx
import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quickstart() -> str:
    section = README.split("### Quickstart for traders", 1)[1]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "the quickstart has no python block"
    return blocks[0]


def test_quickstart_runs_and_the_limit_order_without_price_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import binance_api

    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    class MockedClient(binance_api.Client):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, transport=httpx.MockTransport(answer), **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(binance_api, "Client", MockedClient, raising=False)
    monkeypatch.setenv("BINANCE_API_KEY", "key")
    monkeypatch.setenv("BINANCE_API_SECRET", "secret")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_quickstart(), "README.md", "exec"), {})
    routes = [f"{r.method} {r.url.path}" for r in sent]
    assert routes == ["GET /api/v3/klines", "GET /api/v3/ticker/price", "GET /api/v3/account",
                      "POST /api/v3/order", "POST /fapi/v1/order"]
    assert dict(sent[4].url.params)["reduceOnly"] == "true"
    assert "send at least one of: price, peg_price_type (pegPriceType) when type_ (type) is LIMIT" in out.getvalue()


def test_readme_names_only_methods_the_client_has() -> None:
    from operator import attrgetter

    from binance_api import Client

    client = Client()
    for name in sorted(set(re.findall(r"client\.([a-z_]+\.[a-z_0-9]+)\(", README))):
        assert callable(attrgetter(name)(client)), name
