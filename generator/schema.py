"""A small JSON Schema validator for the subset the spec schema uses.

Supported keywords: type, properties, required, additionalProperties (false or a schema), items, enum,
const, minimum, minLength, anyOf, $ref to "#/$defs/...". The tests check it against the reference
`jsonschema` implementation when that is installed; the generator does not depend on it.

A value outside an enum and an unknown key are reported with the nearest allowed one ("did you mean
`required`?"); unknown keys are reported before missing ones, so a misspelt key is named as such.
"""

from __future__ import annotations

from typing import Any

from .vocabulary import nearest

_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


class SchemaError(Exception):
    def __init__(self, path: list[str | int], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message

    def where(self) -> str:
        out = ""
        for key in self.path:
            out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
        return out or "(document)"


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _hint(value: Any, allowed: Any) -> str:
    close = nearest(value, allowed) if isinstance(value, (str, int, float)) else None
    return f"; did you mean `{close}`?" if close is not None else ""


def validate(value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None, path: list[str | int] | None = None) -> None:
    """Raise SchemaError for the first place where value does not match schema."""
    root = root if root is not None else schema
    path = path if path is not None else []
    if "$ref" in schema:
        ref = schema["$ref"]
        target: Any = root
        for part in ref.lstrip("#/").split("/"):
            target = target[part]
        validate(value, target, root, path)
        return
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                validate(value, option, root, path)
                break
            except SchemaError as exc:
                errors.append(exc)
        else:
            deepest = max(errors, key=lambda e: len(e.path))
            raise deepest
    expected = schema.get("type")
    if expected is not None:
        names = expected if isinstance(expected, list) else [expected]
        if not any(_is_type(value, n) for n in names):
            raise SchemaError(path, f"expected {' or '.join(names)}, got {_describe(value)}")
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaError(path, f"unknown value {_describe(value)}{_hint(value, schema['enum'])} "
                                f"(allowed: {', '.join(map(str, schema['enum']))})")
    if "const" in schema and value != schema["const"]:
        raise SchemaError(path, f"expected {schema['const']!r}, got {_describe(value)}")
    if "minimum" in schema and _is_type(value, "number") and value < schema["minimum"]:
        raise SchemaError(path, f"expected at least {schema['minimum']}, got {value}")
    if "minLength" in schema and isinstance(value, str) and len(value) < schema["minLength"]:
        raise SchemaError(path, "expected a non-empty string")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        if extra is False:
            for key in value:
                if key not in props:
                    raise SchemaError(path + [str(key)], f"unknown key{_hint(key, props)} (allowed: {', '.join(props)})")
        for key in schema.get("required", []):
            if key not in value:
                raise SchemaError(path + [key], "required key is missing")
        for key, item in value.items():
            if key in props:
                validate(item, props[key], root, path + [key])
            elif isinstance(extra, dict):
                validate(item, extra, root, path + [str(key)])
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            validate(item, schema["items"], root, path + [i])
