"""Every endpoint method against a mock transport, driven by the case files in tests/cases/.

specgen writes one JSON file per product (tests/cases/<module>.json) from the specs: a valid call,
the exact query pairs it must send (computed by the generator, independently of the runtime), the
response example, and one invalid variant per rule with the ValidationError.rule it must raise.
This module is copied verbatim into every generated package; the data, not the code, varies.
"""

from __future__ import annotations

import asyncio
import json
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest
from mock_binance import Recorder, check_signature, client, wire_pairs

from binance_api import ENDPOINTS, AsyncClient, ValidationError

CASES = Path(__file__).resolve().parent / "cases"


def _load() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for endpoint in data["endpoints"]:
            out.append((data["product"], endpoint))
    return out


ENDPOINT_CASES = _load()


def _endpoint_params() -> list[Any]:
    return [pytest.param(ep, id=ep["name"]) for _, ep in ENDPOINT_CASES]


def _bad_params() -> list[Any]:
    return [
        pytest.param(ep, bad, id=f"{ep['name']}[{bad['label']}]")
        for product, ep in ENDPOINT_CASES
        for bad in ep["bad"]
    ]


def test_case_files_are_there() -> None:
    assert ENDPOINT_CASES, f"no endpoint cases found in {CASES}"
    names = [ep["name"] for _, ep in ENDPOINT_CASES]
    assert len(names) == len(set(names)), "an endpoint appears in two case files"
    assert sorted(names) == sorted(
        ENDPOINTS
    ), "case files and ENDPOINTS list different methods"


def _check_request(ep: dict[str, Any], recorder: Recorder) -> None:
    request = recorder.last
    assert len(recorder.requests) == 1, f"{len(recorder.requests)} requests sent"
    assert request.method == ep["method"]
    assert request.url.path == ep["path"]
    if ep["host"] is not None:
        assert request.url.host == ep["host"]
    pairs = wire_pairs(request)
    if ep["signed"]:
        assert [k for k, _ in pairs[-2:]] == ["timestamp", "signature"]
        check_signature(request)
        pairs = pairs[:-2]
    assert pairs == [(k, v) for k, v in ep["wire"]]


@pytest.mark.parametrize("ep", _endpoint_params())
def test_request(ep: dict[str, Any]) -> None:
    recorder = Recorder(ep["example"])
    result = attrgetter(ep["name"])(client(recorder))(**ep["args"])
    _check_request(ep, recorder)
    assert result == ep["example"]
    assert tuple(ENDPOINTS[ep["name"]])[:2] == (ep["method"], ep["path"])


@pytest.mark.parametrize("ep", _endpoint_params())
def test_async_request(ep: dict[str, Any]) -> None:
    recorder = Recorder(ep["example"])

    async def call() -> Any:
        return await attrgetter(ep["name"])(client(recorder, AsyncClient))(**ep["args"])

    assert asyncio.run(call()) == ep["example"]
    _check_request(ep, recorder)


@pytest.mark.parametrize("ep, bad", _bad_params())
def test_rejects(ep: dict[str, Any], bad: dict[str, Any]) -> None:
    recorder = Recorder()
    args = {**ep["args"], **bad["changes"]}
    with pytest.raises(ValidationError) as info:
        attrgetter(ep["name"])(client(recorder))(**args)
    assert info.value.rule == bad["rule"]
    assert info.value.method == ep["name"]
    assert recorder.requests == []
