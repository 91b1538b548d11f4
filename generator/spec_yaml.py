"""Endpoint model <-> plain dicts <-> YAML spec files.

The dict form is also what `specgen parse --json` prints, so the YAML and the JSON share their keys.
Keys come out in the model's field order; empty values are left out; no run-dependent data is written,
so the same model always gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import typing
from pathlib import Path
from typing import Any

import yaml

from . import model
from .model import Diagnostic, Endpoint
from .hosts import product_base
from .schema import SchemaError, validate

try:  # the C emitter/loader are much faster; the output is the same
    _Dumper: type = yaml.CSafeDumper
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pyyaml built without libyaml
    _Dumper = yaml.SafeDumper
    _Loader = yaml.SafeLoader

SCHEMA_FILE = Path(__file__).with_name("spec_schema.json")


class SpecError(Exception):
    """A spec file that cannot be loaded; the message names the file, line and key."""


# ---------------------------------------------------------------------------- model -> dict


_REQUIRED = frozenset(json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["required"])
# Flags written even when false: a reviewer should see "required: false" and "signed: false".
_ALWAYS = {"required", "signed"}


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (list, dict, model.Text)):
        return not value
    return False


@functools.lru_cache(maxsize=None)
def _written_fields(cls: type) -> tuple[tuple[str, Any, bool], ...] | None:
    """(name, default, required) of each field a model class writes, in order; None for a class that is
    no dataclass. Keys the schema requires are written even when empty: a page without a title must
    still give a spec that loads (`title: {}`), or one bad page would stop every other."""
    if not dataclasses.is_dataclass(cls):
        return None
    required = _REQUIRED if issubclass(cls, Endpoint) else frozenset()
    return tuple((f.name, f.default, f.name in required) for f in dataclasses.fields(cls)
                 if f.metadata.get("spec") is not False)


def to_dict(obj: Any) -> Any:
    """Turn a model object into plain data (dicts, lists, scalars), leaving out empty fields."""
    if isinstance(obj, list):
        return [to_dict(v) for v in obj]
    if isinstance(obj, (str, int, float)) or obj is None:
        return obj
    fields = _written_fields(type(obj))  # type: ignore[arg-type]  # (a class is hashable)
    if fields is not None:
        out: dict[str, Any] = {}
        for name, default, keep in fields:
            value = getattr(obj, name)
            if not keep and (_empty(value) or (value is default and isinstance(value, bool) and name not in _ALWAYS)):
                continue
            converted = to_dict(value)
            if converted == {} and not keep:  # a nested object with nothing in it
                continue
            out[name] = converted
        return out
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


# ---------------------------------------------------------------------------- dict -> model


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model), vars(model))


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [_convert(item, v) for v in value]
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for arg in typing.get_args(tp):
            if isinstance(arg, type) and dataclasses.is_dataclass(arg):
                return from_dict(arg, value)
        return value
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    return value


def from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Build a model object from plain data already checked against the schema."""
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


# ---------------------------------------------------------------------------- YAML


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


class _SpecDumper(_Dumper):  # type: ignore[misc, valid-type]
    pass


_SpecDumper.add_representer(str, _str_representer)


def dumps(endpoint: Endpoint) -> str:
    """The YAML text of one spec: stable key order, unicode kept, long lines not folded."""
    return dump_data(to_dict(endpoint))


def dump_data(data: dict[str, Any]) -> str:
    """dumps, from the spec's data (to_dict of an Endpoint)."""
    return yaml.dump(
        data,
        Dumper=_SpecDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100000,
        default_flow_style=False,
    )


@functools.lru_cache(maxsize=1)
def spec_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def line_of(text: str, key_path: list[str | int]) -> int | None:
    """The line (1-based) of the node at key_path in a YAML document, for error messages."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    line = None
    for key in key_path:
        if isinstance(node, yaml.MappingNode) and isinstance(key, str):
            for k, v in node.value:
                if k.value == key:
                    line, node = k.start_mark.line + 1, v
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def loads(text: str, file: str) -> Endpoint:
    """Parse and validate one spec; raise SpecError naming file, line and key on any problem."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise SpecError(f"{file}:{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    return endpoint_from(data, text, file)


def endpoint_from(data: Any, text: str, file: str) -> Endpoint:
    """The Endpoint of a spec's data, validated against the schema; `text` is the YAML it was read
    from (or written as), for the line of an error."""
    try:
        validate(data, spec_schema())
    except SchemaError as exc:
        line = line_of(text, exc.path) or 1
        raise SpecError(f"{file}:{line}: {exc.where()}: {exc.message}") from None
    return from_dict(Endpoint, data)


def load(path: Path, display: str | None = None) -> Endpoint:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError(f"{display or path}:1: not UTF-8 text ({exc.reason})") from None
    return loads(text, display or str(path))


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def spec_filename(endpoint: Endpoint) -> str:
    """`POST /papi/v1/margin/repay-debt` -> `post_papi_v1_margin_repay-debt.yaml`; a path that does not
    name its base URL gets its product's: COIN-M's `GET /futures/data/basis` -> `get_dapi_futures_data_basis.yaml`."""
    path = _UNSAFE.sub("_", endpoint.path.strip("/").replace("/", "_")).strip("._") or "root"
    base = product_base(endpoint)
    return f"{endpoint.method.lower()}_{base + '_' if base else ''}{path}.yaml"


def diagnostic_dict(d: Diagnostic) -> dict[str, Any]:
    return dataclasses.asdict(d)
