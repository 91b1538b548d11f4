"""What a user of any generated package can count on: the names it shows, lookups, typing, help().

Copied verbatim into every generated package; it checks whatever endpoints that package has.
"""

from __future__ import annotations

import asyncio
import inspect
import typing
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest
from mock_binance import Recorder, client, query_value

import binance_api
from binance_api import ENDPOINTS, AsyncClient, Client, ValidationError, by_route

PACKAGE = Path(binance_api.__file__).resolve().parent


def _namespaces(cls: type) -> dict[str, type]:
    # resolves the client's own annotations too
    hints = typing.get_type_hints(cls.__init__)
    assert hints
    out = {}
    for name, attr in vars(cls).items():
        func = getattr(attr, "func", None)  # functools.cached_property
        if func is not None:
            out[name] = typing.get_type_hints(func)["return"]
    return out


def test_dir_lists_the_clients_and_every_public_name() -> None:
    assert {"Client", "AsyncClient", "ENDPOINTS", "by_route", "ValidationError"} <= set(
        dir(binance_api)
    )
    assert set(binance_api.__all__) <= set(dir(binance_api))


def test_endpoints_is_read_only_and_keyed_by_the_dotted_method_names() -> None:
    with pytest.raises(TypeError):
        ENDPOINTS["x.y"] = ENDPOINTS[next(iter(ENDPOINTS))]  # type: ignore[index]
    spaces = _namespaces(Client)
    for name, info in ENDPOINTS.items():
        space, _, method = name.partition(".")
        assert space in spaces and callable(getattr(spaces[space], method)), name
        assert info.name == name and info.route == f"{info.method} {info.path}"


def test_by_route_finds_every_method_from_its_request_line() -> None:
    by_line: dict[str, list[str]] = {}
    for name, info in ENDPOINTS.items():
        by_line.setdefault(info.route, []).append(name)
    for line, names in by_line.items():
        for name in names:
            assert by_route(line, product=name.partition(".")[0]).name == name
        if len(names) == 1:
            method, path = line.split(" ")
            # any case and spacing of the method
            assert by_route(f" {method.lower()} {path} ").name == names[0]
        else:
            with pytest.raises(KeyError, match="several products"):
                by_route(line)
    with pytest.raises(KeyError):
        by_route("GET /no/such/path")


def test_every_public_method_has_resolvable_hints_a_signature_and_a_docstring() -> None:
    for cls in (Client, AsyncClient):
        for space, space_cls in _namespaces(cls).items():
            for name, func in inspect.getmembers(space_cls, inspect.isfunction):
                if name.startswith("_"):
                    continue
                hints = typing.get_type_hints(func)
                assert "return" in hints, (cls.__name__, space, name)
                params = inspect.signature(func).parameters
                assert all(
                    p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD)
                    for n, p in params.items()
                    if n != "self"
                )
                doc = inspect.getdoc(getattr(space_cls, name))
                assert doc and inspect.getdoc(getattr(Client, "__init__")) is not None
                assert ENDPOINTS[f"{space}.{name}"].path in doc, (space, name)
        for name, func in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                typing.get_type_hints(func)


def test_async_methods_match_the_sync_ones() -> None:
    sync, asynchronous = _namespaces(Client), _namespaces(AsyncClient)
    assert sync.keys() == asynchronous.keys()
    for space, cls in sync.items():
        for name, func in inspect.getmembers(cls, inspect.isfunction):
            if name.startswith("_"):
                continue
            other = getattr(asynchronous[space], name)
            assert inspect.iscoroutinefunction(other)
            assert inspect.signature(other) == inspect.signature(func)
            assert inspect.getdoc(other) == inspect.getdoc(func)
            assert other.__qualname__ == f"{asynchronous[space].__qualname__}.{name}"


def test_async_methods_refuse_bad_calls_as_the_sync_ones_do() -> None:
    """A missing required argument is the same TypeError, an unknown one the same ValidationError."""
    sync, asynchronous = Client(api_key="k", api_secret="s"), AsyncClient(
        api_key="k", api_secret="s"
    )

    def outcome(call: Any) -> tuple[str, str]:
        try:
            result = call()
            if inspect.iscoroutine(result):
                asyncio.run(result)
        except (TypeError, ValidationError) as exc:
            return type(exc).__name__, str(exc).replace("Async", "")
        raise AssertionError("the call was not refused")

    tried = 0
    for name in ENDPOINTS:
        method, twin = attrgetter(name)(sync), attrgetter(name)(asynchronous)
        required = [
            p.name
            for p in inspect.signature(method).parameters.values()
            if p.kind == p.KEYWORD_ONLY and p.default is p.empty
        ]
        if not required:
            continue
        assert outcome(lambda: method()) == outcome(lambda: twin())
        given = {n: None for n in required}
        assert outcome(lambda: method(**given, no_such_argument=1)) == outcome(
            lambda: twin(**given, no_such_argument=1)
        )
        tried += 1
        if tried == 20:
            break
    assert tried


def test_help_shows_a_methods_docstring() -> None:
    import pydoc

    name = next(iter(ENDPOINTS))
    text = pydoc.render_doc(attrgetter(name)(Client()), renderer=pydoc.plaintext)
    assert ENDPOINTS[name].path in text


def test_a_wire_name_given_to_a_method_says_which_python_name_to_use() -> None:
    for name in ENDPOINTS:
        method = attrgetter(name)(Client(api_key="k", api_secret="s"))
        renamed = [
            p
            for p in inspect.signature(method).parameters.values()
            if p.kind == p.KEYWORD_ONLY
        ]
        for param in renamed:
            doc = inspect.getdoc(method) or ""
            marker = f"{param.name} (sent as "
            if marker in doc:
                wire = doc.split(marker, 1)[1].split(")", 1)[0]
                with pytest.raises(ValidationError) as info:
                    required = {p.name: None for p in renamed if p.default is p.empty}
                    # the unknown keyword is reported first
                    method(**required, **{wire: 1})
                assert info.value.rule == "unknown" and f"{param.name}=" in str(
                    info.value
                )
                return
    pytest.skip("no parameter in this package is renamed")


def test_request_signs_and_sends_any_endpoint() -> None:
    recorder = Recorder({"price": "1.0"})
    c = client(recorder)
    assert c.request(
        "GET", "/api/v3/avgPrice", {"symbol": "BTCUSDT", "flag": True}
    ) == {"price": "1.0"}
    assert (
        str(recorder.last.url)
        == "https://api.binance.com/api/v3/avgPrice?symbol=BTCUSDT&flag=true"
    )
    c.request(
        "POST",
        "/sapi/v1/x",
        {"amount": binance_api._runtime.Decimal("1.50"), "ids": [1, 2]},
        signed=True,
    )
    assert (
        query_value(recorder.last, "amount") == "1.50"
        and query_value(recorder.last, "ids") == "1,2"
    )
    assert query_value(recorder.last, "signature") is not None
    a = client(recorder, AsyncClient)
    assert asyncio.run(a.request("GET", "/fapi/v1/time")) == {"price": "1.0"}
    assert recorder.last.url.host == "fapi.binance.com"
    for bad in (
        ("GET", "api/v3/x"),
        ("GET", "/api/v3/x?y=1"),
        ("GET", "/sapi/v1/../x"),
        ("PATCH", "/api/v3/x"),
    ):
        with pytest.raises(binance_api.ConfigurationError):
            c.request(*bad)


def test_the_index_lists_every_method() -> None:
    index = PACKAGE.parent / "INDEX.md"
    if not index.is_file():
        pytest.skip(
            "INDEX.md is not installed with the package (it sits beside it in the source tree)"
        )
    text = index.read_text(encoding="utf-8")
    for name, info in ENDPOINTS.items():
        assert f"| `{name.partition('.')[2]}` | `{info.route}` |" in text, name
