"""Response examples: a lenient JSON reader for the docs' almost-JSON, and a schema derived from it.

The reader accepts `//` and `#` comments, missing/trailing/full-width commas, single quotes, TABs and
invalid escapes in strings, bare words, `...` ellipses, and several documents in one block. Comments
become field descriptions.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(
    r"""
    (?P<ws>[ \t\r\n\u3000\u00a0]+)
  | (?P<comment>//[^\n]*|/\*.*?\*/|\#[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|“[^”\n]*”)
  | (?P<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?![\w.]))
  | (?P<punct>[{}\[\]:,，：])
  | (?P<ellipsis>\.\.\.+|…+)
  | (?P<word>[A-Za-z_][\w.\-]*)
  | (?P<other>.)
    """,
    re.X | re.S,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "/": "/", "\\": "\\", '"': '"', "'": "'"}


@dataclass(slots=True)
class Tok:
    kind: str
    value: Any
    line: int


@dataclass
class Parsed:
    """Values recovered from one code block, comments per field path, and whether it was clean JSON."""

    values: list[Any] = field(default_factory=list)
    comments: dict[tuple[str, ...], str] = field(default_factory=dict)
    strict: bool = True
    problems: list[str] = field(default_factory=list)


def _number(text: str) -> Any:
    """A JSON number; one too large for a float (`1e999`) stays text, since inf/nan are not JSON."""
    value = float(text)
    return value if math.isfinite(value) else text


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _scrub(value: Any) -> Any:
    """Lone surrogates from `\\ud800`-style escapes cannot be written as UTF-8: pair them or replace them."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if _SURROGATE.search(value) else value
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _same(value: Any) -> Any:
    return value


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            n = body[i + 1]
            if n in _ESCAPES:
                out.append(_ESCAPES[n])
                i += 2
                continue
            if n == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 2:i + 6]):
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 6
                continue
            out.append(c)  # invalid escape: keep the backslash
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


_FULL_WIDTH = {"，": ",", "：": ":"}
_CONSTANTS = {"true": True, "false": False, "null": None, "True": True, "False": False, "None": None}


def _tokens(text: str) -> list[Tok]:
    toks = []
    line = 1
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        s = m.group()
        if kind == "ws":
            line += s.count("\n")
            continue
        if kind == "comment":
            body = s[2:] if s.startswith(("//", "/*")) else s[1:]
            toks.append(Tok("comment", body.rstrip("*/").strip(), line))
            line += s.count("\n")
            continue
        if kind == "string":
            toks.append(Tok("string", _unescape(s[1:-1]), line))
        elif kind == "number":
            num = _number(s) if any(c in s for c in ".eE") else int(s) if len(s) <= 4000 else s
            toks.append(Tok("value", num, line))
        elif kind == "punct":
            toks.append(Tok("punct", _FULL_WIDTH.get(s, s), line))
        elif kind == "word":
            if s in _CONSTANTS:
                toks.append(Tok("value", _CONSTANTS[s], line))
            else:
                toks.append(Tok("word", s, line))
        elif kind == "ellipsis":
            toks.append(Tok("ellipsis", s, line))
        else:
            toks.append(Tok("other", s, line))
    return toks


class _Reader:
    def __init__(self, toks: list[Tok], out: Parsed) -> None:
        self.toks = [t for t in toks if t.kind != "comment"]
        self.comments = [t for t in toks if t.kind == "comment"]
        self.pos = 0
        self.out = out
        # the member whose value ended on a line, to attach that line's comment to
        self.line_owner: dict[int, tuple[str, ...]] = {}

    def peek(self) -> Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> Tok:
        t = self.toks[self.pos]
        self.pos += 1
        return t

    def lax(self, why: str) -> None:
        self.out.strict = False
        if why not in self.out.problems:
            self.out.problems.append(why)

    def value(self, path: tuple[str, ...], depth: int = 0) -> Any:
        if depth > 60:
            raise ValueError("nesting too deep")
        t = self.peek()
        if t is None:
            raise ValueError("unexpected end of example")
        if t.kind == "punct" and t.value == "{":
            return self.obj(path, depth)
        if t.kind == "punct" and t.value == "[":
            return self.arr(path, depth)
        self.take()
        if t.kind == "value":
            return t.value
        if t.kind == "string":
            return t.value
        if t.kind == "word":
            self.lax("bare word")
            return t.value
        raise ValueError(f"unexpected {t.value!r} on line {t.line}")

    def between(self, close: str, what: str) -> str | None:
        """Consume what may stand between a container's items: "end" (its close, or the text ran
        out), "skip" (a comma or an ellipsis), or None when an item comes next."""
        t = self.peek()
        if t is None:
            self.lax(f"unclosed {what}")
            return "end"
        if t.kind == "punct" and t.value == close:
            self.take()
            return "end"
        if t.kind == "punct" and t.value == ",":
            self.take()
            nxt = self.peek()
            if nxt is not None and nxt.kind == "punct" and nxt.value == close:
                self.lax("trailing comma")
            return "skip"
        if t.kind in ("ellipsis", "other"):
            self.take()
            self.lax("ellipsis")
            return "skip"
        return None

    def obj(self, path: tuple[str, ...], depth: int) -> dict[str, Any]:
        self.take()
        result: dict[str, Any] = {}
        while True:
            step = self.between("}", "object")
            if step == "end":
                return result
            if step == "skip":
                continue
            t = self.toks[self.pos]
            if t.kind not in ("string", "word", "value"):
                raise ValueError(f"expected a key, got {t.value!r} on line {t.line}")
            key = str(self.take().value)
            colon = self.peek()
            if colon is None or not (colon.kind == "punct" and colon.value == ":"):
                raise ValueError(f"expected ':' after {key!r} on line {t.line}")
            self.take()
            result[key] = self.value(path + (key,), depth + 1)
            self.line_owner[self.toks[self.pos - 1].line] = path + (key,)
            self.line_owner.setdefault(t.line, path + (key,))
            nxt = self.peek()
            if nxt is not None and not (nxt.kind == "punct" and nxt.value in ",}"):
                self.lax("missing comma")

    def arr(self, path: tuple[str, ...], depth: int) -> list[Any]:
        self.take()
        result: list[Any] = []
        while True:
            step = self.between("]", "array")
            if step == "end":
                return result
            if step == "skip":
                continue
            result.append(self.value(path + ("[]",), depth + 1))
            # a comment after an element names its position (`1591256400000, // Open time` in a kline row)
            self.line_owner.setdefault(self.toks[self.pos - 1].line, path + (f"[{len(result) - 1}]",))
            nxt = self.peek()
            if nxt is not None and not (nxt.kind == "punct" and nxt.value in ",]"):
                self.lax("missing comma")


def read_example(text: str) -> Parsed:
    """All JSON-like documents in one code block, leniently."""
    out = Parsed()
    stripped = text.strip()
    if not stripped:
        return out
    # a lone surrogate comes from a `\u` escape or from the text itself: without either, nothing to scrub
    scrub = _scrub if "\\u" in stripped or _SURROGATE.search(stripped) else _same
    try:
        out.values.append(scrub(json.loads(stripped, parse_float=_number, parse_constant=_no_constant)))
        return out
    except ValueError:
        pass
    toks = _tokens(stripped)
    reader = _Reader(toks, out)
    while reader.peek() is not None:
        t = reader.peek()
        assert t is not None
        if not (t.kind == "punct" and t.value in "{["):
            reader.take()  # text between documents, e.g. a label
            reader.lax("text outside JSON")
            continue
        try:
            out.values.append(scrub(reader.value(())))
        except ValueError as exc:
            out.problems.append(str(exc))
            out.strict = False
            break
    if any(t.kind == "comment" for t in toks):
        out.strict = False
    lines = stripped.split("\n")

    def indent(number: int) -> int:
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        return len(line) - len(line.lstrip())

    previous: tuple[int, tuple[str, ...] | None] = (0, None)
    for c in reader.comments:
        text = re.sub(r"^(?:/{2,}|#)\s*", "", c.value.strip())  # `// // MARGIN_1 ...`: one prefix is enough
        owner = reader.line_owner.get(c.line)
        if owner is None and previous[1] is not None and previous[0] == c.line - 1 and text \
                and indent(c.line) > indent(c.line - 1) + 4:
            # a comment alone on the next line, aligned with the one before (`// false: ...` under
            # `// true: ...`), goes on; one at the fields' indent is about the next field
            owner = previous[1]
            out.comments[owner] = (out.comments.get(owner, "") + " " + text).strip()
        elif owner and text and owner not in out.comments:
            out.comments[owner] = text
        previous = (c.line, owner)
    return out


# ---------------------------------------------------------------- schema


def _type_of(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return "null"


def field_paths(value: Any, path: str = "") -> set[str]:
    """The shape of an example: every field's path with its JSON type (`rows[].asset:string`); the
    entries of a map count as one (`assets{}:string`)."""
    out: set[str] = set()
    _add_field_paths(value, path, out)
    return out


def _add_field_paths(value: Any, path: str, out: set[str]) -> None:
    t = _type_of(value)
    if path:
        out.add(f"{path}:{t}")
    if t == "object":
        if _is_map(value, path.rsplit(".", 1)[-1].rstrip("[]{}")):
            for v in value.values():
                _add_field_paths(v, path + "{}", out)
        else:
            for k, v in value.items():
                _add_field_paths(v, f"{path}.{k}" if path else k, out)
    elif t == "array":
        for v in value[:20]:
            _add_field_paths(v, path + "[]", out)


def schema_of(value: Any, comments: dict[tuple[str, ...], str], path: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON-Schema-like description of an example value; property order as in the example."""
    t = _type_of(value)
    node: dict[str, Any] = {"type": t}
    desc = comments.get(path)
    if desc and path:
        node["description"] = desc
    if t == "object" and _is_map(value, path[-1] if path else ""):
        # keys that are data (`"BTCUSDT": {...}`, `"1": ...`): a map from any such key to one schema
        node["additionalProperties"] = merged([schema_of(v, comments, path + (k,)) for k, v in value.items()])
    elif t == "object":
        node["properties"] = {k: schema_of(v, comments, path + (k,)) for k, v in value.items()}
    elif t == "array" and _is_row(value):
        # a row of differently typed values (a kline: [openTime, "open", "high", ...]): one schema per position
        node["prefixItems"] = [schema_of(v, comments, path + (f"[{i}]",)) for i, v in enumerate(value)]
    elif t == "array" and value:
        node["items"] = merged([schema_of(v, comments, path + ("[]",)) for v in value])
    return node


def _is_row(value: list[Any]) -> bool:
    """A list of scalars of more than one type (numbers and strings): positions, not a list of alike items."""
    types = {_type_of(v) for v in value}
    kinds = {"number" if t == "integer" else t for t in types}  # 1 and 1.5 are alike
    return 1 < len(value) <= 64 and types <= {"integer", "number", "string", "boolean"} and len(kinds) > 1


_DATA_KEY = re.compile(r"[A-Z0-9]{2,}(?:[-_/][A-Z0-9]+)*|\d+")
# a trading pair: base asset then a quote asset (`BTCUSDT`, `ETHBTC`); `LONG`/`SHORT`/`HEDGE` are fields
_SYMBOL_KEY = re.compile(r"[A-Z0-9]{2,}(?:USDT|USDC|FDUSD|BUSD|BTC|ETH|BNB|TRY|EUR)")


def _is_map(value: dict[str, Any], name: str = "") -> bool:
    """An object whose keys are values (symbols, assets, ids), not field names: every key is written
    like a symbol, an asset or a number, the values share one type, and one of: a key holds a digit or
    reads as a trading pair; the values are records of one shape (`"CTR": {...}, "SKY": {...}`); the
    object's own name is a plural (`"assets": {"MATIC": "100", ...}`). Capitals with scalar values
    under a singular name stay fields (`"adlQuantile": {"LONG": 1, "SHORT": 2}`)."""
    if not value or not all(_DATA_KEY.fullmatch(k) for k in value) or len({_type_of(v) for v in value.values()}) != 1:
        return False
    if any(any(c.isdigit() for c in k) or _SYMBOL_KEY.fullmatch(k) for k in value):
        return True
    records = [v for v in value.values() if isinstance(v, dict)]
    if len(records) >= 2 and len(records) == len(value):
        keys = [set(r) for r in records]
        common, every = set.intersection(*keys), set.union(*keys)
        if every and len(common) * 2 >= len(every):
            return True
    return len(value) >= 2 and bool(_PLURAL.fullmatch(name))


_PLURAL = re.compile(r"[A-Za-z]*[a-z]s")


def merged(schemas: list[dict[str, Any]]) -> dict[str, Any]:
    """One schema for several examples of the same place (at least one)."""
    out = schemas[0]
    for extra in schemas[1:]:
        out = merge(out, extra)
    return out


def merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Union of two schemas of the same place (objects: union of properties, first order kept)."""
    if "anyOf" in a:  # already several shapes: merge into the one of the same type, or add one
        options = list(a["anyOf"])
        for i, option in enumerate(options):
            if option.get("type") == b.get("type"):
                options[i] = merge(option, b)
                return {**a, "anyOf": options}
        return {**a, "anyOf": options + [b]}
    if a.get("type") == "null":
        return b
    if b.get("type") == "null" or a.get("type") != b.get("type"):
        if {a.get("type"), b.get("type")} == {"integer", "number"}:
            return {**a, "type": "number"}
        if {a.get("type"), b.get("type")} <= {"object", "array"}:  # e.g. one symbol vs all symbols
            return {"anyOf": [a, b]}
        return a
    if a["type"] == "object" and ("additionalProperties" in a or "additionalProperties" in b):
        if "additionalProperties" in a and "additionalProperties" in b:
            return {**a, "additionalProperties": merge(a["additionalProperties"], b["additionalProperties"])}
        return a if "additionalProperties" in a else b
    if a["type"] == "object":
        props = dict(a.get("properties", {}))
        for k, v in b.get("properties", {}).items():
            props[k] = merge(props[k], v) if k in props else v
        return {**a, "properties": props}
    if a["type"] == "array" and "items" in b:
        return {**a, "items": merge(a["items"], b["items"]) if "items" in a else b["items"]}
    if "description" not in a and "description" in b:
        return {**a, "description": b["description"]}
    return a


def _field_columns(header_row: list[str]) -> tuple[int, int | None, int | None]:
    """The columns of a response field table: (name, type or None, description or None)."""
    header = [c.lower() for c in header_row]
    name_c = next((k for k, c in enumerate(header) if re.search(r"name|field|parameter|字段|名称|参数", c)), 0)
    type_c = next((k for k, c in enumerate(header) if re.search(r"type|类型", c)), None)
    desc_c = next((k for k, c in enumerate(header) if re.search(r"desc|描述|说明", c)), None)
    return name_c, type_c, desc_c


def schema_from_field_table(rows: list[list[str]]) -> dict[str, Any] | None:
    """A response given as a field table (name | type | description) instead of JSON."""
    if len(rows) < 2:
        return None
    name_c, type_c, desc_c = _field_columns(rows[0])
    props: dict[str, Any] = {}
    for row in rows[1:]:
        if name_c >= len(row):
            continue
        name = row[name_c].strip("`* ")
        if not re.fullmatch(r"[A-Za-z_][\w.]*", name):
            continue
        t = row[type_c].strip().upper() if type_c is not None and type_c < len(row) else ""
        jt = {"STRING": "string", "INT": "integer", "INTEGER": "integer", "LONG": "integer", "DECIMAL": "number",
              "BOOLEAN": "boolean", "ARRAY": "array", "LIST": "array", "OBJECT": "object"}.get(t, "string")
        node: dict[str, Any] = {"type": jt}
        if desc_c is not None and desc_c < len(row) and row[desc_c].strip():
            node["description"] = row[desc_c].strip()
        props[name] = node
    if not props:
        return None
    return {"type": "object", "properties": props}


def annotate_from_field_table(schema: dict[str, Any], rows: list[list[str]]) -> dict[str, Any]:
    """The example's schema with the descriptions (and the string type of decimals sent as text) that a
    field table beside it gives (`Parameter | Type | Description`, nested rows written `→ name`)."""
    if len(rows) < 2:
        return schema
    name_c, type_c, desc_c = _field_columns(rows[0])
    notes: dict[tuple[str, ...], tuple[str, str]] = {}
    parent = ""
    for row in rows[1:]:
        if name_c >= len(row):
            continue
        raw = row[name_c].strip()
        nested = raw.startswith(("→", "->", ">"))
        name = raw.lstrip("→->").strip("`* ")
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            continue
        if not nested:
            parent = name
        kind = row[type_c].strip().upper() if type_c is not None and type_c < len(row) else ""
        desc = row[desc_c].strip() if desc_c is not None and desc_c < len(row) else ""
        notes[(parent, name) if nested else (name,)] = (kind, desc)
    return _annotate(schema, notes, None) if notes else schema


def _annotate(node: dict[str, Any], notes: dict[tuple[str, ...], tuple[str, str]], parent: str | None) -> dict[str, Any]:
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        return {**node, "items": _annotate(node["items"], notes, parent)}
    if node.get("type") != "object" or not isinstance(node.get("properties"), dict):
        return node
    props = {}
    for key, sub in node["properties"].items():
        kind, desc = notes.get((key,) if parent is None else (parent, key), ("", ""))
        if desc and "description" not in sub:
            sub = {**sub, "description": desc}
        if kind == "STRING" and sub.get("type") in ("integer", "number"):
            sub = {**sub, "type": "string"}  # a decimal the table says is sent as text
        props[key] = _annotate(sub, notes, key)
    return {**node, "properties": props}
