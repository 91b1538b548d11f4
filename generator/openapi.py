"""Endpoint specs -> one OpenAPI 3.1 document (a dict, written as JSON by `specgen openapi`).

What OpenAPI has a field for goes there: query parameters with a schema (type, format, enum, default,
minimum, maximum), the API key as an `apiKey` security scheme, signed endpoints' `timestamp` and
`signature` parameters, response schemas, the page URL as `externalDocs`. The rest are `x-`
extensions: `x-weights` (rate-limit weights, with conditional cases), `x-security-type` (Binance's
USER_DATA/TRADE/...), `x-signed`, `x-rules` (constraints across parameters), and per parameter
`x-list-format`, `x-allowed-values`, `x-mandatory` and `x-default` (a default the schema cannot
hold). Servers come from the configured base URLs by the path's first segment.
"""

from __future__ import annotations

from typing import Any

from . import __version__
from .hosts import base_key, first_segment, product_base
from .model import Endpoint, Param
from .spec_yaml import to_dict
from .vocabulary import OPENAPI_SCHEMA as _SCALARS

API_KEY_HEADER = "X-MBX-APIKEY"


def _coerce(value: Any, type_name: str) -> tuple[bool, Any]:
    """(fits, value as the schema's type) for defaults and enum values written as text."""
    kind = _SCALARS.get(type_name, {"type": "string"})["type"]
    try:
        if kind == "integer":
            if isinstance(value, bool):
                return False, value
            if isinstance(value, (int, float)) and int(value) == value:
                return True, int(value)
            return True, int(str(value), 10)
        if kind == "number":
            if isinstance(value, bool):
                return False, value
            return True, value if isinstance(value, (int, float)) else float(str(value))
        if kind == "boolean":
            if isinstance(value, bool):
                return True, value
            text = str(value).lower()
            return (True, text == "true") if text in ("true", "false") else (False, value)
    except ValueError:
        return False, value
    return True, value if isinstance(value, str) else str(value)


def _scalar_schema(type_name: str, param: Param | None) -> dict[str, Any]:
    schema = dict(_SCALARS.get(type_name, {"type": "string"}))
    if param is None:
        return schema
    if param.enum:
        values = [v for ok, v in (_coerce(e, type_name) for e in param.enum) if ok]
        if values:
            schema["enum"] = values
    if param.minimum is not None and schema["type"] in ("integer", "number"):
        schema["minimum"] = param.minimum
    if param.maximum is not None and schema["type"] in ("integer", "number"):
        schema["maximum"] = param.maximum
    return schema


def param_object(param: Param) -> dict[str, Any]:
    """One query parameter."""
    out: dict[str, Any] = {"name": param.name, "in": "query", "required": bool(param.required)}
    if param.description:
        out["description"] = param.description.best()
    if param.type.startswith("LIST<"):
        item = param.list.item_type if param.list else param.type[5:-1]
        schema: dict[str, Any] = {"type": "array", "items": _scalar_schema(item, param)}
        if param.list and param.list.max_items is not None:
            schema["maxItems"] = param.list.max_items
        style = param.list.style if param.list else "comma"
        if style == "comma":
            out["style"], out["explode"] = "form", False
        out["x-list-format"] = to_dict(param.list) if param.list else {"style": style}
    else:
        schema = _scalar_schema(param.type, param)
    if param.default is not None:
        fits, value = _coerce(param.default, param.type)
        if fits and not param.type.startswith("LIST<") and _accepts(schema, value):
            schema["default"] = value
        else:
            out["x-default"] = param.default
    out["schema"] = schema
    if param.allowed:
        out["x-allowed-values"] = list(param.allowed)
    if param.mandatory:
        out["x-mandatory"] = param.mandatory
    return out


def _accepts(schema: dict[str, Any], value: Any) -> bool:
    """Whether a scalar schema accepts a value (the page's default may contradict its enum or bounds)."""
    if "enum" in schema and value not in schema["enum"]:
        return False
    if "minimum" in schema and isinstance(value, (int, float)) and value < schema["minimum"]:
        return False
    return not ("maximum" in schema and isinstance(value, (int, float)) and value > schema["maximum"])


def _needs_key(ep: Endpoint) -> bool:
    return ep.signed or (ep.security is not None and ep.security.upper() != "NONE")


def operation(ep: Endpoint) -> dict[str, Any]:
    params = [param_object(p) for p in ep.params]
    names = {p.name for p in ep.params}
    if ep.signed:
        if "timestamp" not in names:
            params.append({"name": "timestamp", "in": "query", "required": True,
                           "description": "request time in milliseconds", "schema": dict(_SCALARS["LONG"])})
        if "signature" not in names:
            params.append({"name": "signature", "in": "query", "required": True,
                           "description": "HMAC-SHA256, RSA or Ed25519 signature of the query string",
                           "schema": {"type": "string"}})
    op: dict[str, Any] = {"operationId": ep.id, "summary": ep.title.best(), "tags": [ep.product]}
    if ep.description:
        op["description"] = ep.description.best()
    if params:
        op["parameters"] = params
    schema = _example_schema(ep.response.schema) if ep.response.schema is not None else {}
    op["responses"] = {"200": {"description": "Successful response",
                               "content": {"application/json": {"schema": schema}}}}
    op["security"] = [{"apiKey": []}] if _needs_key(ep) else []
    if ep.source.url:
        op["externalDocs"] = {"url": ep.source.url}
    op["x-signed"] = ep.signed
    if ep.security:
        op["x-security-type"] = ep.security
    if ep.weight:
        op["x-weights"] = [to_dict(w) for w in ep.weight]
    if ep.rules:
        op["x-rules"] = [to_dict(r) for r in ep.rules]
    return op


def document(endpoints: list[Endpoint], base_urls: dict[str, str], title: str = "Binance API") -> dict[str, Any]:
    """The OpenAPI 3.1 document for a spec set; paths and methods sorted, so output is stable."""
    paths: dict[str, dict[str, Any]] = {}
    for ep in sorted(endpoints, key=lambda e: (e.path, e.method, base_key(e))):
        item = paths.setdefault(ep.path, {})
        prefix = first_segment(ep.path)
        if prefix in base_urls and "servers" not in item:
            item["servers"] = [{"url": base_urls[prefix]}]
        op = operation(ep)
        base = product_base(ep)
        if base is not None and base in base_urls:
            op["servers"] = [{"url": base_urls[base]}]  # `/futures/data/...`: the product's base URL
        if ep.method.lower() in item:
            # The same method and path on another base URL (USDⓈ-M and COIN-M `/futures/data/basis`):
            # OpenAPI keys operations by path and method, so the second goes in an extension, whole.
            item.setdefault("x-other-base-urls", {}).setdefault(base or "", {})[ep.method.lower()] = op
            continue
        item[ep.method.lower()] = op
    default = base_urls.get("api") or next(iter(sorted(base_urls.values())), "https://api.binance.com")
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": __version__,
                 "description": "Exported by specgen from the reviewed endpoint specs."},
        "servers": [{"url": default}],
        "tags": [{"name": t} for t in sorted({ep.product for ep in endpoints})],
        "paths": paths,
        "components": {"securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": API_KEY_HEADER}}},
    }


def _example_schema(schema: Any) -> Any:
    """The response schema with fields seen only as `null` in the examples left untyped: a null in
    an example says nothing about the field's type, and `type: null` would claim it is always null."""
    if isinstance(schema, dict):
        if schema.get("type") == "null":
            return {k: v for k, v in schema.items() if k != "type"}
        return {k: _example_schema(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_example_schema(v) for v in schema]
    return schema
