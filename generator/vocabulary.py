"""The spec's vocabulary: every closed set of values a spec may hold, and the maps from a parameter
type to what each stage makes of it (Python annotation, runtime kind, OpenAPI schema, diff width).

One home: model.py, spec_yaml.py (through spec_schema.json), views.py, type_views.py, openapi.py
and diff.py read these; tests/test_spec_yaml.py checks that every closed set in spec_schema.json is
the set here and that every type has an entry in every map. A spec value outside a set is refused
when the spec loads, naming the nearest allowed value (`nearest`).
"""

from __future__ import annotations

from typing import Any, Iterable

# ---------------------------------------------------------------------------- closed sets

SCALAR_TYPES = ("STRING", "LONG", "INT", "DECIMAL", "BOOLEAN", "ENUM", "JSON")
# A list parameter's type wraps one scalar type: LIST<LONG>; its `list.item_type` is that scalar.
LIST_TYPES = tuple(f"LIST<{t}>" for t in SCALAR_TYPES)
PARAM_TYPES = SCALAR_TYPES + LIST_TYPES
LIST_STYLES = ("comma", "json")  # comma-joined (`a,b`) or a compact JSON array (`["a","b"]`)
HTTP_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")
WEIGHT_UNITS = ("IP", "UID", "ORDER", "RAW_REQUESTS")
RULE_KINDS = ("either", "one_of", "not_together", "requires", "max_span", "required", "forbidden")
# The title suffix naming the API key permission: `Query Order (USER_DATA)`.
SECURITY_TYPES = ("NONE", "MARKET_DATA", "USER_STREAM", "USER_DATA", "TRADE", "MARGIN")
LEVELS = ("error", "warning", "info")  # diagnostic levels
CHANGE_LEVELS = ("breaking", "warning", "info")  # `specgen diff` levels, most severe first

# ---------------------------------------------------------------------------- maps by scalar type

# The annotation of a generated method's argument (before Literal[...] and Sequence[...]).
PY_ANNOTATION = {
    "STRING": "str",
    "ENUM": "str",
    "LONG": "int",
    "INT": "int",
    "DECIMAL": "Decimal | float | str",
    "BOOLEAN": "bool",
    "JSON": "Any",
}
# The kind constant the generated Param(...) declaration names (binance_api/_runtime.py).
RUNTIME_KIND = {t: t for t in SCALAR_TYPES}
# Kinds by what their values are (the test values and bounds of the generated tests).
INTEGER_TYPES = ("LONG", "INT")
NUMBER_TYPES = ("LONG", "INT", "DECIMAL")
TEXT_TYPES = ("STRING", "ENUM")
# A response schema's JSON type (read from the page's examples) -> the TypedDict field's annotation;
# a field seen only as null in the examples could hold anything: Any, not None.
RESPONSE_PY_TYPES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "Any"}
# The OpenAPI schema of a scalar (`specgen openapi`).
OPENAPI_SCHEMA: dict[str, dict[str, Any]] = {
    "STRING": {"type": "string"},
    "ENUM": {"type": "string"},
    "LONG": {"type": "integer", "format": "int64"},
    "INT": {"type": "integer", "format": "int32"},
    "DECIMAL": {"type": "number", "format": "decimal"},
    "BOOLEAN": {"type": "boolean"},
    "JSON": {"type": "string", "contentMediaType": "application/json"},
}
# type -> the types that accept every value it accepts (`specgen diff`: a change to one of these
# widens the parameter, the other way narrows it; other changes are unrelated).
WIDER: dict[str, frozenset[str]] = {
    "STRING": frozenset(),
    "BOOLEAN": frozenset({"STRING"}),
    "INT": frozenset({"LONG", "DECIMAL", "STRING"}),
    "LONG": frozenset({"DECIMAL", "STRING"}),
    "DECIMAL": frozenset({"STRING"}),
    "ENUM": frozenset({"STRING"}),
    "JSON": frozenset({"STRING"}),
}


def scalar_of(type_name: str) -> str:
    """The scalar a type is or wraps: LIST<LONG> -> LONG; an unknown name -> STRING."""
    if type_name.startswith("LIST<") and type_name.endswith(">"):
        type_name = type_name[5:-1]
    return type_name if type_name in SCALAR_TYPES else "STRING"


def nearest(value: Any, allowed: Iterable[Any]) -> str | None:
    """The allowed value closest to `value` (case first, then spelling), or None when none is close:
    `DECIMEL` -> `DECIMAL`, `requird` -> `required`."""
    import difflib

    choices = [str(a) for a in allowed]
    text = str(value)
    for choice in choices:
        if choice.lower() == text.lower():
            return choice
    by_lower = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(text.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None


# Every closed set by the place the spec schema uses it (checked by tests/test_spec_yaml.py).
SCHEMA_SETS: dict[str, tuple[str, ...]] = {
    "method": HTTP_METHODS,
    "security": SECURITY_TYPES,
    "weight.unit": WEIGHT_UNITS,
    "param.type": PARAM_TYPES,
    "param.list.style": LIST_STYLES,
    "param.list.item_type": SCALAR_TYPES,
    "rule.kind": RULE_KINDS,
}
