"""Stand-in OpenAPI 3.1 export of a folder of specgen YAML specs, used only while `specgen openapi`
does not exist. run.py says in its table which export the peers were fed.

Every spec becomes one operation: operationId = spec id, tag = product, parameters in the query
(Binance takes signed POST parameters in the query too), the 200 answer = the spec's response schema
(JSON Schema keywords only) or a free-form value when the spec has none.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_SCALARS = {
    "STRING": {"type": "string"},
    "LONG": {"type": "integer", "format": "int64"},
    "INT": {"type": "integer", "format": "int32"},
    "INTEGER": {"type": "integer", "format": "int32"},
    "DECIMAL": {"type": "string", "format": "decimal"},
    "DOUBLE": {"type": "number"},
    "FLOAT": {"type": "number"},
    "BOOLEAN": {"type": "boolean"},
    "JSON": {"type": "object"},
}
_KEEP = {"type", "properties", "items", "enum", "required", "format", "description"}


def _param_schema(param: dict[str, Any]) -> dict[str, Any]:
    kind = str(param.get("type", "STRING")).upper()
    if kind.startswith("LIST<") and kind.endswith(">"):
        return {"type": "array", "items": dict(_SCALARS.get(kind[5:-1], {"type": "string"}))}
    if kind == "ENUM" or param.get("enum"):
        values = [str(v.get("value", v)) if isinstance(v, dict) else str(v) for v in param.get("enum") or []]
        return {"type": "string", "enum": values} if values else {"type": "string"}
    schema = dict(_SCALARS.get(kind, {"type": "string"}))
    for key in ("minimum", "maximum"):
        if isinstance(param.get(key), (int, float)):
            schema[key] = param[key]
    return schema


def _clean(schema: Any) -> Any:
    """Keep the JSON Schema keywords both peers understand; drop anything else the spec carries."""
    if not isinstance(schema, dict):
        return {}
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key not in _KEEP:
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {str(k): _clean(v) for k, v in value.items()}
        elif key == "items":
            out[key] = _clean(value)
        elif key == "type" and isinstance(value, str) and value in (
            "object", "array", "string", "integer", "number", "boolean"
        ):
            out[key] = value
        elif key in ("enum", "required") and isinstance(value, list):
            out[key] = value
    if out.get("type") == "array" and "items" not in out:
        out["items"] = {}
    return out


def peer_compatible(document: Any) -> Any:
    """A copy of an OpenAPI document with what the peers reject made neutral: `type: null` (the
    Java generator's python target aborts on it) becomes any-type, arrays get `items: {}`
    (openapi-python-client drops a response without it). Used only after a peer failed on the export."""
    if isinstance(document, list):
        return [peer_compatible(v) for v in document]
    if not isinstance(document, dict):
        return document
    out = {k: peer_compatible(v) for k, v in document.items()}
    kind = out.get("type")
    if kind == "null":
        del out["type"]
    elif isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        if kinds:
            out["type"] = kinds[0] if len(kinds) == 1 else kinds
        else:
            del out["type"]
    if out.get("type") == "array" and "items" not in out:
        out["items"] = {}
    return out


def _description(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("en") or value.get("zh") or "")
    return str(value or "")


def export(specs_dir: Path) -> dict[str, Any]:
    import yaml  # here, so run.py can report a skip on an interpreter without PyYAML

    paths: dict[str, dict[str, Any]] = {}
    for file in sorted(specs_dir.glob("*.yaml")):
        spec = yaml.safe_load(file.read_text(encoding="utf-8"))
        if not isinstance(spec, dict) or "path" not in spec:
            continue
        params = []
        for p in spec.get("params") or []:
            if p["name"] in ("timestamp", "signature"):
                continue  # the client adds them when signing
            params.append({
                "name": p["name"],
                "in": "query",
                "required": bool(p.get("required")),
                "description": _description(p.get("description")),
                "schema": _param_schema(p),
            })
        response = (spec.get("response") or {}).get("schema")
        operation = {
            "operationId": spec["id"],
            "tags": [spec.get("product") or "default"],
            "summary": _description(spec.get("title")),
            "description": _description(spec.get("description")),
            "parameters": params,
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": _clean(response) if response else {}}},
                }
            },
        }
        if spec.get("signed"):
            operation["security"] = [{"apiKey": []}]
        paths.setdefault(spec["path"], {})[str(spec["method"]).lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Binance REST API (from specgen specs)", "version": "0.0.0"},
        "servers": [{"url": "https://api.binance.com"}],
        "components": {"securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-MBX-APIKEY"}}},
        "paths": paths,
    }


def write(specs_dir: Path, out: Path) -> int:
    document = export(specs_dir)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return sum(len(ops) for ops in document["paths"].values())
