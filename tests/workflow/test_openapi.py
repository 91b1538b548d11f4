"""`specgen openapi`: a valid OpenAPI 3.1 document with Binance's extras as x- extensions."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import load_specs
from generator.config import DEFAULT_BASE_URLS
from generator.model import Endpoint, Param, Text
from generator.openapi import document, param_object

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_SPECS = ROOT / "tests" / "fixtures" / "specs"
CORPUS = ROOT.parent / "shared" / "corpus" / "binance-a"


@pytest.fixture(scope="module")
def doc() -> dict:
    return document(load_specs(FIXTURE_SPECS), DEFAULT_BASE_URLS)


def test_fixture_document_validates(doc: dict) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(doc)


def test_signed_endpoint_has_api_key_timestamp_and_signature(doc: dict) -> None:
    op = doc["paths"]["/sapi/v1/portfolio/repay"]["post"]
    assert op["security"] == [{"apiKey": []}]
    names = [p["name"] for p in op["parameters"]]
    assert names[-2:] == ["timestamp", "signature"] and names.count("timestamp") == 1
    assert op["x-signed"] is True
    assert op["x-weights"] == [{"unit": "UID", "value": 3000}]
    assert doc["components"]["securitySchemes"]["apiKey"] == {"type": "apiKey", "in": "header", "name": "X-MBX-APIKEY"}
    assert doc["paths"]["/sapi/v1/portfolio/repay"]["servers"] == [{"url": "https://api.binance.com"}]
    assert op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["tranId"] == {"type": "integer"}


def test_params_schema_and_extensions(doc: dict) -> None:
    op = doc["paths"]["/api/v3/hostile"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    assert params["limit"]["schema"] == {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000}
    assert params["limit"]["x-allowed-values"] == [5, 10, 20]
    assert params["ids"]["schema"] == {"type": "array", "items": {"type": "integer", "format": "int64"}, "maxItems": 3}
    assert params["ids"]["x-list-format"] == {"style": "json", "item_type": "LONG", "max_items": 3}
    assert params["type"]["schema"]["enum"] == ["A'B", 'C"D', "E\\F"]
    assert op["x-security-type"] == "MARKET_DATA" and op["security"] == [{"apiKey": []}]
    assert [c["value"] for c in op["x-weights"][0]["cases"]] == [1, 40]


def test_default_outside_the_enum_goes_to_an_extension() -> None:
    param = Param("positionSide", "ENUM", enum=["LONG", "SHORT"], default="BOTH")
    obj = param_object(param)
    assert "default" not in obj["schema"] and obj["x-default"] == "BOTH"
    obj = param_object(Param("limit", "INT", default="500", description=Text(en="max 1000")))
    assert obj["schema"]["default"] == 500 and obj["description"] == "max 1000"


def test_unsigned_public_endpoint_has_no_security() -> None:
    ep = Endpoint("ping", "GET", "/api/v3/ping", Text(en="Ping"), "spot", security="NONE")
    op = document([ep], DEFAULT_BASE_URLS)["paths"]["/api/v3/ping"]["get"]
    assert op["security"] == [] and "parameters" not in op


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not present")
def test_corpus_document_validates(tmp_path: Path) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    from generator.build import load_spec_texts, specs_from_pages

    specs = specs_from_pages([CORPUS])
    endpoints = load_spec_texts(specs.files, tmp_path)
    doc = document(endpoints, DEFAULT_BASE_URLS)
    validator.validate(doc)
    ops = [op for item in doc["paths"].values() for k, op in item.items() if k not in ("servers", "x-other-base-urls")]
    ops += [op for item in doc["paths"].values() for other in item.get("x-other-base-urls", {}).values()
            for op in other.values()]
    assert len({op["operationId"] for op in ops}) == len(ops) == len(endpoints)
    assert doc["paths"]["/futures/data/basis"]["x-other-base-urls"]  # USDⓈ-M and COIN-M both documented
