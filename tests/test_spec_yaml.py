"""YAML specs: stable round trip, schema validation with file/line/key messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator import model
from generator.schema import SchemaError, validate
from generator.spec_yaml import SpecError, dumps, load, loads, spec_filename, spec_schema, to_dict

from .conftest import FIXTURE_SPECS


def fixture_files() -> list[Path]:
    return sorted(FIXTURE_SPECS.glob("*.yaml"))


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_round_trip_is_stable(path: Path) -> None:
    endpoint = load(path)
    text = dumps(endpoint)
    again = loads(text, "x.yaml")
    assert again == endpoint
    assert dumps(again) == text


def test_keys_follow_model_order_and_skip_empty_values() -> None:
    ep = model.Endpoint(
        id="x", method="GET", path="/api/v3/x", title=model.Text(en="X"), product="spot",
        params=[model.Param(name="symbol", type="STRING", required=True)],
        source=model.Source(file="a.md"),
    )
    data = yaml.safe_load(dumps(ep))
    assert list(data) == ["id", "method", "path", "title", "product", "signed", "params", "source"]
    assert data["params"] == [{"name": "symbol", "type": "STRING", "required": True}]
    assert "weight" not in data and "notes" not in data


def test_unicode_is_kept_and_long_lines_are_not_folded() -> None:
    long = "很长的描述 " * 40
    ep = model.Endpoint(id="x", method="GET", path="/p", title=model.Text(zh=long), product="p",
                        source=model.Source(file="a"))
    text = dumps(ep)
    assert "很长的描述" in text
    assert len([ln for ln in text.splitlines() if ln.startswith("  zh:")]) == 1


def test_multiline_text_uses_block_style() -> None:
    ep = model.Endpoint(id="x", method="GET", path="/p", title=model.Text(en="a\nb"), product="p",
                        source=model.Source(file="a"))
    assert "en: |-\n    a\n    b" in dumps(ep)


def test_schema_error_names_file_line_and_key(tmp_path: Path) -> None:
    text = (FIXTURE_SPECS / "post_sapi_v1_portfolio_repay.yaml").read_text(encoding="utf-8")
    bad = text.replace("  required: false\n  enum:", "  required: maybe\n  enum:", 1)
    assert bad != text
    with pytest.raises(SpecError) as info:
        loads(bad, "specs/endpoints/post_sapi_v1_portfolio_repay.yaml")
    message = str(info.value)
    line = bad.splitlines().index("  required: maybe") + 1
    assert message.startswith(f"specs/endpoints/post_sapi_v1_portfolio_repay.yaml:{line}: params[0].required:")
    assert "expected boolean" in message


def test_unknown_key_is_refused() -> None:
    with pytest.raises(SpecError, match=r"x.yaml:\d+: wieght: unknown key"):
        loads("id: a\nmethod: GET\npath: /p\ntitle: {en: A}\nproduct: p\nsigned: false\nsource: {file: f}\nwieght: []\n", "x.yaml")


def test_invalid_yaml_is_refused_with_a_line() -> None:
    with pytest.raises(SpecError, match=r"^x.yaml:[23]: not valid YAML"):
        loads("id: a\nmethod: [GET\n", "x.yaml")


def test_missing_required_key() -> None:
    with pytest.raises(SpecError, match="method: required key is missing"):
        loads("id: a\npath: /p\ntitle: {en: A}\nproduct: p\nsigned: false\nsource: {file: f}\n", "x.yaml")


def test_spec_filename_from_method_and_path() -> None:
    ep = model.Endpoint(id="x", method="POST", path="/papi/v1/margin/repay-debt", title=model.Text(), product="p")
    assert spec_filename(ep) == "post_papi_v1_margin_repay-debt.yaml"
    ep.path = "/../../etc/passwd"
    name = spec_filename(ep)
    assert "/" not in name and not name.startswith(".")


def test_published_schema_matches_the_packaged_one(root: Path) -> None:
    published = root / "specs" / "endpoints" / "schema.json"
    if not published.exists():
        pytest.skip("specs/endpoints not built")
    assert json.loads(published.read_text(encoding="utf-8")) == spec_schema()


def test_mini_validator_agrees_with_jsonschema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(spec_schema())
    documents = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in fixture_files()]
    broken = [
        {**documents[0], "signed": "yes"},
        {**documents[0], "weight": [{"unit": "MINUTES", "value": 1}]},
        {**documents[0], "params": [{"name": "a", "type": "STRING"}]},
        {**documents[0], "extra": 1},
        {k: v for k, v in documents[0].items() if k != "path"},
    ]
    for doc in documents + broken:
        reference_ok = jsonschema.Draft202012Validator(spec_schema()).is_valid(doc)
        try:
            validate(doc, spec_schema())
            ours_ok = True
        except SchemaError:
            ours_ok = False
        assert ours_ok == reference_ok, doc


def test_to_dict_of_diagnostic() -> None:
    d = model.Diagnostic("a.md", 3, "warning", "weight-missing", "no weight")
    assert to_dict(d) == {"file": "a.md", "line": 3, "level": "warning", "code": "weight-missing", "message": "no weight"}
