"""YAML specs: stable round trip, schema validation with file/line/key messages."""

from __future__ import annotations

import json
import re
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


# ---------------------------------------------------------------------------- the vocabulary


def _schema_set(schema: dict, where: str) -> list:
    node = schema
    for part in where.split("."):
        node = node["$defs"][part] if part in schema["$defs"] and node is schema else node["properties"][part]
    return node["enum"]


def test_every_closed_set_of_the_schema_is_the_vocabulary() -> None:
    from generator import vocabulary

    for where, values in vocabulary.SCHEMA_SETS.items():
        assert _schema_set(spec_schema(), where) == list(values), where
    # the schema holds no other closed set of strings
    found = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list) and all(isinstance(v, str) for v in node["enum"]):
                found.append(path)
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, path)

    walk(spec_schema(), "")
    assert len(found) == len(vocabulary.SCHEMA_SETS)


def test_every_type_has_an_entry_in_every_map() -> None:
    from generator import vocabulary

    for table in (vocabulary.PY_ANNOTATION, vocabulary.RUNTIME_KIND, vocabulary.OPENAPI_SCHEMA, vocabulary.WIDER):
        assert set(table) == set(vocabulary.SCALAR_TYPES)
    assert all(wider <= set(vocabulary.SCALAR_TYPES) for wider in vocabulary.WIDER.values())
    assert set(vocabulary.PARAM_TYPES) == {vocabulary.scalar_of(t) for t in vocabulary.PARAM_TYPES} | {
        f"LIST<{t}>" for t in vocabulary.SCALAR_TYPES}


def test_views_read_their_maps_from_the_vocabulary() -> None:
    """The annotation, runtime kind and response type of each type have one home, vocabulary.py."""
    from generator import type_views, views, vocabulary

    assert views.PY_ANNOTATION is vocabulary.PY_ANNOTATION
    assert views.RUNTIME_KIND is vocabulary.RUNTIME_KIND
    assert type_views.RESPONSE_PY_TYPES is vocabulary.RESPONSE_PY_TYPES
    assert set(vocabulary.PY_ANNOTATION) == set(vocabulary.RUNTIME_KIND) == set(vocabulary.SCALAR_TYPES)
    assert set(vocabulary.INTEGER_TYPES) < set(vocabulary.NUMBER_TYPES) <= set(vocabulary.SCALAR_TYPES)


def test_the_parser_only_writes_vocabulary_values() -> None:
    from generator import vocabulary
    from generator.parse import params

    assert set(params._TYPE_MAP.values()) <= set(vocabulary.PARAM_TYPES)
    for raw in ("array<long>", "INTEGER[]", "list of strings", "weird", ""):
        assert params.normalise_type(raw) in vocabulary.PARAM_TYPES


def spec(type_: str, required: str = "required") -> str:
    return ("id: spot.x\nmethod: GET\npath: /api/v3/x\ntitle: {en: X}\nproduct: spot\nsigned: false\n"
            f"params:\n- name: price\n  type: {type_}\n  {required}: false\nsource: {{file: f}}\n")


def test_unknown_type_is_refused_by_name_with_the_nearest_one() -> None:
    with pytest.raises(SpecError) as info:
        loads(spec("DECIMEL"), "specs/endpoints/get_api_v3_x.yaml")
    assert str(info.value).startswith("specs/endpoints/get_api_v3_x.yaml:9: params[0].type: unknown value 'DECIMEL'; "
                                      "did you mean `DECIMAL`?")


def test_misspelt_key_is_named_with_the_nearest_one() -> None:
    with pytest.raises(SpecError) as info:
        loads(spec("DECIMAL", "requird"), "x.yaml")
    assert str(info.value).startswith("x.yaml:10: params[0].requird: unknown key; did you mean `required`?")


@pytest.mark.parametrize("old, new, message", [
    ("signed: false", "signed: false\nsecurity: USERDATA", "security: unknown value 'USERDATA'; did you mean `USER_DATA`?"),
    ("method: GET", "method: get", "method: unknown value 'get'; did you mean `GET`?"),
])
def test_other_closed_sets_name_the_nearest_value(old: str, new: str, message: str) -> None:
    with pytest.raises(SpecError, match=re.escape(message)):
        loads(spec("LONG").replace(old, new), "x.yaml")


def test_every_committed_spec_reads_back_as_the_data_it_was_written_from() -> None:
    """The build takes each spec's Endpoint from the data it writes as YAML, without parsing that YAML
    again: so reading the text must give exactly that data, for every spec the project ships."""
    from generator.build import _dump_load

    from .conftest import ROOT

    files = sorted((ROOT / "specs" / "endpoints").glob("*.yaml"))
    assert len(files) > 500
    for path in files:
        text = path.read_text(encoding="utf-8")
        endpoint = loads(text, path.name)
        assert yaml.load(text, Loader=yaml.SafeLoader) == to_dict(endpoint), path.name
        written, back = _dump_load(endpoint, path.name)
        assert written == text and back == endpoint, path.name
