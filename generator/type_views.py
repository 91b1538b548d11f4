"""Response schemas and shared value sets -> the views of the generated type modules.

A product's response types live in `_types_<product>.py` (TypedDicts from the documented examples);
the value sets several parameters share live in `_enums.py`; `types.py` shows all of them under one
name and loads a product's module only when one of its names is first used.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Any

from . import naming
from .views import EndpointView
from .vocabulary import RESPONSE_PY_TYPES


@dataclass
class TypedDictView:
    name: str
    fields: list[tuple[str, str, str, bool]]  # (key, annotation, comment, comment on a line of its own)
    functional: bool  # keys that are not identifiers need TypedDict("Name", {...}) syntax


@dataclass
class ResponseView:
    alias: str  # the response type name
    target: str  # what it aliases ("X" for an object, "list[X]", "Any", ...)
    classes: list[TypedDictView]


_ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def response_view(view: EndpointView, taken: set[str] | None = None) -> ResponseView:
    """The response types of one endpoint. `taken`: class names used so far in the same module (the
    new ones are added), so that nested names of one endpoint never collide with another's."""
    classes: list[TypedDictView] = []
    taken = taken if taken is not None else set()
    target = _schema_type(view.endpoint.response.schema, view.response_type, classes, taken)
    if target == view.response_type:
        return ResponseView(alias="", target=target, classes=classes)
    return ResponseView(alias=view.response_type, target=target, classes=classes)


def _schema_type(schema: dict[str, Any] | None, name: str, classes: list[TypedDictView], taken: set[str]) -> str:
    if not schema:
        return "Any"
    options = schema.get("anyOf")
    if isinstance(options, list) and options:  # several examples of different shapes
        names = [f"{name}{i + 1}" for i in range(len(options))]
        parts = [_schema_type(o, n, classes, taken) for o, n in zip(options, names)]
        unique_parts = list(dict.fromkeys(parts))
        return "Any" if "Any" in unique_parts else " | ".join(unique_parts)
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties") or {}
        values = schema.get("additionalProperties")
        if not props and isinstance(values, dict):  # keys that are data: symbol -> ...
            return f"dict[str, {_schema_type(values, name + 'Value', classes, taken)}]"
        if not props:
            return "dict[str, Any]"
        fields = []
        taken.add(name)
        for key, sub in props.items():
            sub_name = name + naming.camel(key) if naming.snake(key) else name + "Field"
            while sub_name in taken:
                sub_name += "_"
            ann = _schema_type(sub, sub_name, classes, taken)
            note = naming.comment(str(sub.get("description", "")))
            # a comment that would carry the line past black's 88 columns goes on the line above
            above = bool(note) and naming.width(f"    {key}: {ann}  # {note}") > 88
            fields.append((key, ann, note, above))
        # a key becomes a class attribute only when it is a plain ASCII identifier: Python folds
        # non-ASCII identifiers (NFKC), so `ﬁeld` would silently declare `field`
        functional = not all(_ASCII_NAME.fullmatch(k) and not keyword.iskeyword(k) for k in props)
        classes.append(TypedDictView(name=name, fields=fields, functional=functional))
        return name
    if kind == "array":
        positions = schema.get("prefixItems")
        if isinstance(positions, list) and positions:  # a row of mixed values: [int, str, ...]
            parts = [_schema_type(p, f"{name}Item{i}", classes, taken) for i, p in enumerate(positions)]
            return f"list[{' | '.join(dict.fromkeys(parts))}]"
        item = _schema_type(schema.get("items"), name + "Item", classes, taken)
        return f"list[{item}]"
    return RESPONSE_PY_TYPES.get(str(kind), "Any")


def uses_any(responses: list[tuple[EndpointView, ResponseView]]) -> bool:
    """Whether a types module mentions Any (so that it imports it only then)."""
    pattern = re.compile(r"\bAny\b")
    return any(pattern.search(r.target) or any(pattern.search(a) for c in r.classes for _, a, _, _ in c.fields)
               for _, r in responses)


def enum_alias_items(aliases: dict[tuple[str, tuple[Any, ...]], str]) -> list[tuple[str, str, str]]:
    """(alias name, Literal source, the parameter it is named after) sorted by name, for _enums.py."""
    items = []
    for (wire, values), name in aliases.items():
        items.append((name, "Literal[" + ", ".join(naming.literal(v) for v in values) + "]", naming.comment(wire, 60)))
    return sorted(items)
