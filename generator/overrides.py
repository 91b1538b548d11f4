"""Spec overrides: small YAML patches that correct what a page gets wrong, applied to the parsed
endpoints before their specs are written, so a correction survives every build.

Every `*.yaml` file below the overrides folder (`specs/overrides/`, `overrides` in [tool.specgen])
holds one patch or a list of them:

    - endpoint: POST /sapi/v1/margin/borrow-repay   # METHOD /path, or the spec id (margin_trading.post_borrow_repay)
      why: the page gives the weight without a unit (IP assumed); Binance's SDK and Postman say UID
      weight: [{unit: UID, value: 1500}]           # replaces the page's weights
      params:
        symbol: {required: true}                   # sets fields of a parameter
        side: {enum_add: [BOTH]}                   # values added to the page's list (also allowed_add)
        legacyFlag: {remove: true}                 # a parameter the page lists by mistake
        newParam: {type: LONG, required: false}    # a parameter the page leaves out (type required)

Endpoint fields a patch may set: `security`, `signed`, `weight`, `rules` (each replaces the page's
value); parameter fields: those of a spec's parameter (`type`, `required`, `enum`, `default`,
`minimum`, `maximum`, `allowed`, `list`, `mandatory`, `description`) plus `enum_add`,
`allowed_add` and `remove`. `why` is required: it is written into the spec.

Each value a patch changes is recorded in the spec under `overrides` (the field, the file, the why,
and what the page says), so reviewers see where it came from, `specgen diff` and the CHANGELOG name
it, and a later change of the page under it shows. A patch that no longer applies is a warning: its
endpoint is gone (`override-unused`), or the page now says the same (`override-redundant`). A
malformed patch (unknown key: "did you mean ...", a route that names several endpoints) is an
OverrideError: nothing is written (exit 3).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from typing import Any

import yaml

from .model import Diagnostic, Endpoint, ListFormat, Override, Param, Rule, Text, Weight
from .override_files import files_of, read  # noqa: F401 - where callers find them
from .schema import SchemaError, validate
from .spec_yaml import SpecError, from_dict, line_of, spec_schema, to_dict

ENDPOINT_FIELDS = ("security", "signed", "weight", "rules")
PARAM_EXTRAS = ("enum_add", "allowed_add", "remove")
_PARAM_TYPES = {"list": ListFormat, "description": Text}
_LIST_TYPES = {"weight": Weight, "rules": Rule}


class OverrideError(SpecError):
    """An override file that cannot be applied; the message names file, line and key."""


@dataclass
class Patch:
    file: str
    line: int
    endpoint: str
    why: str
    fields: dict[str, Any] = field(default_factory=dict)  # endpoint fields, as written
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # parameter name -> its fields
    lines: dict[str, int] = field(default_factory=dict)  # "weight", "params.side" -> line


@functools.lru_cache(maxsize=1)
def patch_schema() -> dict[str, Any]:
    """The schema of one patch, built from the spec schema's own definitions."""
    spec = spec_schema()
    param = dict(spec["$defs"]["param"]["properties"])
    for key in ("name", "line", "type_raw", "origin"):
        param.pop(key)
    param["enum_add"] = {"type": "array", "items": {"type": "string"}}
    param["allowed_add"] = param["allowed"]
    param["remove"] = {"const": True}
    props: dict[str, Any] = {
        "endpoint": {"type": "string", "minLength": 1},
        "why": {"type": "string", "minLength": 1},
        "security": spec["properties"]["security"],
        "signed": spec["properties"]["signed"],
        "weight": spec["properties"]["weight"],
        "rules": spec["properties"]["rules"],
        "params": {"type": "object",
                   "additionalProperties": {"type": "object", "additionalProperties": False, "properties": param}},
    }
    return {"$defs": spec["$defs"], "type": "object", "additionalProperties": False,
            "required": ["endpoint", "why"], "properties": props}


def load(sources: list[tuple[str, bytes]]) -> list[Patch]:
    """The patches of the override files; raises OverrideError naming every bad one."""
    patches: list[Patch] = []
    errors: list[str] = []
    for name, data in sources:
        try:
            patches += _load_file(name, data)
        except OverrideError as exc:
            errors.append(str(exc))
    if errors:
        raise OverrideError("\n".join(errors))
    return patches


def _load_file(name: str, data: bytes) -> list[Patch]:
    try:
        text = data.decode("utf-8")
        doc = yaml.safe_load(text)
    except UnicodeDecodeError as exc:
        raise OverrideError(f"{name}:1: not UTF-8 text ({exc.reason})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise OverrideError(f"{name}:{mark.line + 1 if mark else 1}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if doc is None:
        return []
    items = doc if isinstance(doc, list) else [doc]
    patches = []
    for i, item in enumerate(items):
        at: list[str | int] = [i] if isinstance(doc, list) else []
        try:
            validate(item, patch_schema())
        except SchemaError as exc:
            where = SchemaError(at + exc.path, exc.message).where()
            raise OverrideError(f"{name}:{line_of(text, at + exc.path) or 1}: {where}: {exc.message}") from None
        patch = Patch(name, line_of(text, at + ["endpoint"]) or 1, item["endpoint"].strip(), item["why"].strip(),
                      {k: item[k] for k in ENDPOINT_FIELDS if k in item}, dict(item.get("params") or {}))
        for key in patch.fields:
            patch.lines[key] = line_of(text, at + [key]) or patch.line
        for pname in patch.params:
            patch.lines[f"params.{pname}"] = line_of(text, at + ["params", pname]) or patch.line
        patches.append(patch)
    return patches


def _route(text: str) -> tuple[str, str] | None:
    parts = text.split()
    if len(parts) == 2 and parts[1].startswith("/"):
        return parts[0].upper(), parts[1]
    return None


def _targets(patch: Patch, endpoints: list[Endpoint]) -> list[Endpoint]:
    route = _route(patch.endpoint)
    if route is not None:
        return [ep for ep in endpoints if (ep.method, ep.path) == route]
    return [ep for ep in endpoints if ep.id == patch.endpoint]


def apply(endpoints: list[Endpoint], patches: list[Patch], report_unused: bool = True) -> list[Diagnostic]:
    """Apply the patches in order to the endpoints (in place); warnings for patches that no longer
    apply. Raises OverrideError for a route naming several endpoints."""
    diagnostics: list[Diagnostic] = []
    for patch in patches:
        found = _targets(patch, endpoints)
        if len(found) > 1:
            ids = ", ".join(ep.id for ep in found)
            raise OverrideError(f"{patch.file}:{patch.line}: endpoint: `{patch.endpoint}` names {len(found)} endpoints "
                                f"({ids}); name one by its id")
        if not found:
            if report_unused:
                diagnostics.append(Diagnostic(patch.file, patch.line, "warning", "override-unused",
                                              f"{patch.endpoint}: no such endpoint in the specs: this override no "
                                              f"longer applies (remove it, or correct its endpoint)"))
            continue
        diagnostics += _apply_one(found[0], patch)
    return diagnostics


def _same(patch: Patch, ep: Endpoint, where: str) -> Diagnostic:
    key = ".".join(where.split(".")[:2]) if where.startswith("params.") else where
    return Diagnostic(patch.file, patch.lines.get(key, patch.line), "warning", "override-redundant",
                      f"{ep.method} {ep.path}: `{where}`: the page now says the same; this override can go")


def _record(ep: Endpoint, patch: Patch, where: str, page: Any) -> None:
    """Note in the spec that `where` now comes from the patch (what the page says there is kept from the
    first patch that set it)."""
    prior = next((o for o in ep.overrides if o.field == where), None)
    said = prior.page if prior is not None else to_dict(page)
    ep.overrides = [o for o in ep.overrides if o.field != where]
    ep.overrides.append(Override(where, patch.file, patch.why, None if said in ([], {}, "") else said))
    ep.overrides.sort(key=lambda o: o.field)


def _value(key: str, raw: Any) -> Any:
    if key in _LIST_TYPES:
        return [from_dict(_LIST_TYPES[key], v) for v in raw]
    if key in _PARAM_TYPES and isinstance(raw, dict):
        return from_dict(_PARAM_TYPES[key], raw)
    return copy.deepcopy(raw)


def _apply_one(ep: Endpoint, patch: Patch) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for key, raw in patch.fields.items():
        value = _value(key, raw)
        if to_dict(value) == to_dict(getattr(ep, key)):
            out.append(_same(patch, ep, key))
            continue
        _record(ep, patch, key, getattr(ep, key))
        setattr(ep, key, value)
    for name, changes in patch.params.items():
        where = f"params.{name}"
        param = ep.param(name)
        if changes.get("remove"):
            if param is None:
                out.append(_same(patch, ep, where))
            else:
                _record(ep, patch, where, param)
                ep.params.remove(param)
            continue
        if param is None:
            if "type" not in changes:
                raise OverrideError(f"{patch.file}:{patch.lines.get(where, patch.line)}: params.{name}: "
                                    f"{ep.method} {ep.path} has no parameter `{name}`; to add it, give its type")
            fields = {k: _value(k, v) for k, v in changes.items() if k not in PARAM_EXTRAS}
            fields["enum"] = list(fields.get("enum", [])) + [v for v in changes.get("enum_add", []) if v not in fields.get("enum", [])]
            fields["allowed"] = list(fields.get("allowed", [])) + list(changes.get("allowed_add", []))
            ep.params.append(Param(name=name, **fields))
            _record(ep, patch, where, None)
            continue
        for key, raw in changes.items():
            if key in ("enum_add", "allowed_add"):
                target = key[: -len("_add")]
                have = getattr(param, target)
                extra = [v for v in raw if v not in have]
                if not extra:
                    out.append(_same(patch, ep, f"{where}.{target}"))
                    continue
                _record(ep, patch, f"{where}.{target}", list(have))
                setattr(param, target, list(have) + extra)
                continue
            value = _value(key, raw)
            if to_dict(value) == to_dict(getattr(param, key)):
                out.append(_same(patch, ep, f"{where}.{key}"))
                continue
            _record(ep, patch, f"{where}.{key}", getattr(param, key))
            setattr(param, key, value)
    return out
