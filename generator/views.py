"""Endpoint model -> the small view objects the templates lay out.

All decisions about generated code live here (names, annotations, literals, test values); the
templates only arrange them. Every string from a page leaves this module as a repr() literal, an
escaped docstring or a one-line comment (see naming.py).
"""

from __future__ import annotations

import ast
import functools
import keyword
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from . import naming
from .config import DEFAULT_BASE_URLS
from .hosts import base_key, product_base
from .model import Condition, Endpoint, Param, Rule, Text, Weight

# Added by the client when it signs; never method arguments.
SIGNING_PARAMS = {"timestamp", "signature"}

_PY_TYPES = {
    "STRING": "str",
    "ENUM": "str",
    "LONG": "int",
    "INT": "int",
    "DECIMAL": "Decimal | str | int",
    "BOOLEAN": "bool",
    "JSON": "Any",
}
_KIND_CONST = {"STRING": "STRING", "ENUM": "ENUM", "LONG": "LONG", "INT": "INT", "DECIMAL": "DECIMAL", "BOOLEAN": "BOOLEAN", "JSON": "JSON"}


@dataclass
class ArgView:
    py: str  # Python keyword argument name
    wire: str  # name sent to Binance
    annotation: str
    required: bool
    declaration: str  # Param(...) source
    doc: str  # one docstring line (escaped)
    kind: str
    param: Param


@dataclass
class EndpointView:
    name: str
    const: str
    response_type: str
    endpoint: Endpoint
    args: list[ArgView]
    weights: list[str]  # Weight(...) sources
    rules: list[str]  # Rule(...) sources
    docstring: str
    summary: str
    host: str | None = None  # base-URL key when the path's first segment is not one

    @property
    def main_weight(self) -> Weight | None:
        """The weight ENDPOINTS shows: the first that is a weight, not a cap on calls."""
        return next((w for w in self.endpoint.weight if w.limit is None), None)


def item_kind(param: Param) -> tuple[str, str | None]:
    """(scalar kind, list style or None) of a parameter."""
    if param.list is not None:
        return _scalar(param.list.item_type), param.list.style
    if param.type.startswith("LIST<"):
        return _scalar(param.type[5:-1]), "comma"
    return _scalar(param.type), None


def _scalar(type_name: str) -> str:
    return type_name if type_name in _KIND_CONST else "STRING"


_INT_VALUE = re.compile(r"-?[0-9]{1,18}")


def enum_values(param: Param) -> list[Any]:
    """The enum as Python values of the parameter's kind: ints for integer kinds whose values are all
    integers, none for booleans (True/False already say it), else the strings as written."""
    kind, _ = item_kind(param)
    if kind == "BOOLEAN":
        return []
    if kind in ("LONG", "INT") and all(_INT_VALUE.fullmatch(v) for v in param.enum):
        return [int(v) for v in param.enum]
    if kind in ("LONG", "INT", "DECIMAL"):
        return []  # words for a number kind: the page contradicts itself; check the kind only
    return list(param.enum)


def boolean_words(param: Param) -> list[str]:
    """How a BOOLEAN parameter's page spells true and false when not in lower case (`TRUE`/`FALSE`):
    the client takes True/False and sends the page's words. Empty when the page says nothing else."""
    if item_kind(param)[0] != "BOOLEAN":
        return []
    words = {v.lower(): v for v in param.enum if v.lower() in ("true", "false")}
    if set(words) != {"true", "false"} or list(words.values()) == list(words):
        return []
    return [words["true"], words["false"]]


def annotation(param: Param) -> str:
    kind, style = item_kind(param)
    values = enum_values(param)
    if values:
        base = "Literal[" + ", ".join(repr(v) for v in values) + "]"
    else:
        base = _PY_TYPES[kind]
    if style is not None:
        base = f"Sequence[{base}]"
    return base


class UnsafeValue(ValueError):
    """A value that has no plain Python literal (inf, nan, an int too long to print)."""


def _literal(value: Any) -> str:
    """repr() of a spec value, refusing values whose repr is not a literal (`inf` is a name)."""
    check_literal(value)
    return repr(value)


def check_literal(value: Any, depth: int = 0) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise UnsafeValue(f"{value!r} has no Python literal")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value).bit_length() > 13000:
        raise UnsafeValue("an integer too long to write as a literal")
    if isinstance(value, (list, tuple)):
        for v in value:
            check_literal(v, depth + 1)
    elif isinstance(value, dict):
        for k, v in value.items():
            check_literal(k, depth + 1)
            check_literal(v, depth + 1)


# ---------------------------------------------------------------------------- reserved names

_RUNTIME_MODULES = ("_core.py", "_transport.py")


@functools.lru_cache(maxsize=1)
def reserved_method_names() -> frozenset[str]:
    """Names an endpoint method must not take: every attribute of the runtime client classes the
    generated mixins inherit from (`close`, `build`, `api_key`, ...)."""
    base = resources.files("generator.templates")
    names: set[str] = set()
    for module in _RUNTIME_MODULES:
        source = base.joinpath("package", "binance_api", module)
        if not source.is_file():
            continue
        for cls in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(cls, ast.ClassDef):
                continue
            for node in ast.walk(cls):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(node.name)
                elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node in cls.body:
                    for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                        if isinstance(t, ast.Name):
                            names.add(t.id)
                elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
                    names.add(node.attr)
    return frozenset(n for n in names if n)


@functools.lru_cache(maxsize=1)
def reserved_constant_names() -> frozenset[str]:
    """Upper-case names the generated modules import or define themselves (`JSON`, `STRING`,
    `TYPE_CHECKING`, `ENDPOINTS`): an endpoint's constant must not rebind them."""
    base = resources.files("generator.templates")
    names: set[str] = set()
    for template in base.iterdir():
        if template.name.endswith(".py.j2"):
            names.update(re.findall(r"\b[A-Z][A-Z0-9_]*\b", template.read_text(encoding="utf-8")))
    return frozenset(names)


def method_name(text: str) -> str:
    """An endpoint's method name: an identifier that rebinds nothing the package relies on."""
    name = naming.identifier(text, "endpoint")
    while name in reserved_method_names() or name.upper() in reserved_constant_names():
        name += "_"
    return name


def _tuple(items: list[str]) -> str:
    """Tuple source without a trailing comma (black would explode it), except for one item."""
    return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"


def param_declaration(param: Param, py: str) -> str:
    kind, style = item_kind(param)
    parts = [_literal(param.name), _literal(py), _KIND_CONST[kind]]
    if param.required:
        parts.append("required=True")
    sent = [str(v) for v in enum_values(param)] or boolean_words(param)  # compared with the text sent:
    if sent:  # the values as strings, or the words sent for True and False
        parts.append("enum=" + _tuple([_literal(v) for v in sent]))
    if param.minimum is not None:
        parts.append(f"minimum={_literal(param.minimum)}")
    if param.maximum is not None:
        parts.append(f"maximum={_literal(param.maximum)}")
    if param.allowed:
        parts.append("allowed=" + _tuple([_literal(v) for v in param.allowed]))
    if style is not None:
        parts.append(f"list_style={_literal(style)}")
        if param.list is not None and param.list.max_items is not None:
            parts.append(f"max_items={param.list.max_items}")
    return "Param(" + ", ".join(parts) + ")"


def condition_declaration(c: Condition) -> str:
    kw = [_literal(c.param)]
    if c.present is not None:
        kw.append(f"present={c.present}")
    if c.minimum is not None:
        kw.append(f"minimum={_literal(c.minimum)}")
    if c.maximum is not None:
        kw.append(f"maximum={_literal(c.maximum)}")
    if c.count:
        kw.append("count=True")
    if c.equals:
        kw.append("equals=" + _tuple([_literal(v) for v in c.equals]))
    return "When(" + ", ".join(kw) + ")"


def rule_declaration(r: Rule) -> str:
    parts = [_literal(r.kind), _tuple([_literal(n) for n in r.params])]
    if r.value is not None:
        parts.append(_literal(r.value))
    if r.when is not None:
        parts.append("when=" + condition_declaration(r.when))
    return "Rule(" + ", ".join(parts) + ")"


def weight_declaration(weight: Weight) -> str:
    cases = []
    for case in weight.cases:
        whens = [condition_declaration(c) for c in case.when]
        cases.append(_tuple([str(case.value), _tuple(whens) if whens else "()"]))
    parts = [_literal(weight.unit), _literal(weight.value)]
    if cases:
        parts.append("cases=" + _tuple(cases))
    if weight.interval:
        parts.append(f"interval={_literal(weight.interval)}")
    if weight.limit is not None:
        parts.append(f"limit={_literal(weight.limit)}")
    return "Weight(" + ", ".join(parts) + ")"


def _text_line(text: Text) -> str:
    if text.en and text.zh and text.en.strip() != text.zh.strip():
        return f"{text.en} ({text.zh})"
    return text.best()


def weight_summary(weights: list[Weight]) -> str:
    if not weights:
        return "not stated"
    parts = []
    for w in weights:
        if w.limit is not None:  # the endpoint's own cap on calls
            parts.append(f"at most {w.limit} calls per {w.interval}")
            continue
        value = "conditional" if w.value is None else str(w.value)
        if w.cases:
            value += " (" + "; ".join(_case_text(c) for c in w.cases) + ")"
        unit = w.unit + (f"/{w.interval}" if w.interval else "")
        parts.append(f"{value} {unit}")
    return ", ".join(parts)


def _case_text(case: Any) -> str:
    conds = []
    for c in case.when:
        if c.present is True:
            conds.append(f"{c.param} given")
        elif c.present is False:
            conds.append(f"{c.param} omitted")
        target = f"len({c.param})" if c.count else c.param
        if c.minimum is not None and c.maximum is not None:
            conds.append(f"{c.minimum} <= {target} <= {c.maximum}")
        elif c.minimum is not None:
            conds.append(f"{target} >= {c.minimum}")
        elif c.maximum is not None:
            conds.append(f"{target} <= {c.maximum}")
        if c.equals:
            conds.append(f"{target} in {'/'.join(c.equals)}")
    return f"{case.value} if {' and '.join(conds) or 'always'}"


def _arg_doc(param: Param, py: str) -> str:
    bits = ["Required." if param.required else "Optional."]
    if param.mandatory and param.mandatory not in ("YES", "NO"):
        bits.append(f"[{param.mandatory}]")
    desc = _text_line(param.description)
    if desc:
        bits.append(desc)
    if param.enum:
        bits.append("One of: " + ", ".join(param.enum) + ".")
    if param.default is not None:
        bits.append(f"Server default: {param.default}.")
    if param.minimum is not None or param.maximum is not None:
        bits.append(f"Range: {param.minimum if param.minimum is not None else ''}..{param.maximum if param.maximum is not None else ''}.")
    return naming.docstring(" ".join(" ".join(b.split()) for b in bits))


def build_docstring(ep: Endpoint) -> str:
    lines = [_text_line(ep.title) or f"{ep.method} {ep.path}"]
    desc = _text_line(ep.description)
    if desc and desc.strip() != lines[0].strip():
        lines += ["", desc]
    lines += ["", f"{ep.method} {ep.path}", f"Weight: {weight_summary(ep.weight)}"]
    lines.append(f"Security: {ep.security or 'not stated'}{', signed' if ep.signed else ''}")
    if ep.notes:
        lines += ["", "Notes:"]
        lines += [f"- {' '.join(_text_line(n).split())}" for n in ep.notes]
    if ep.source.url:
        lines += ["", f"Docs: {ep.source.url}"]
    return naming.docstring("\n".join(lines))


def endpoint_view(ep: Endpoint) -> EndpointView:
    params = [p for p in ep.params if p.name not in SIGNING_PARAMS]
    py_names = naming.unique([naming.identifier(p.name) for p in params])
    args = [
        ArgView(
            py=py,
            wire=p.name,
            annotation=annotation(p),
            required=p.required,
            declaration=param_declaration(p, py),
            doc=_arg_doc(p, py),
            kind=item_kind(p)[0],
            param=p,
        )
        for p, py in zip(params, py_names)
    ]
    rules = [rule_declaration(r) for r in ep.rules]
    name = method_name(ep.id)
    return EndpointView(
        name=name,
        const=name.upper(),
        response_type=naming.camel(name) + "Response",
        endpoint=ep,
        args=args,
        weights=[weight_declaration(w) for w in ep.weight],
        rules=rules,
        docstring=build_docstring(ep),
        summary=naming.comment(_text_line(ep.title) or ep.path, 120),
        host=product_base(ep),  # only for paths that do not name their base URL
    )


# The default host of each base-URL key: the generated tests check requests go there.
DEFAULT_HOSTS = {key: url.split("://", 1)[1] for key, url in DEFAULT_BASE_URLS.items()}


def expected_host(ep: Endpoint) -> str | None:
    """The host a call of this endpoint goes to with default settings (None: no default)."""
    return DEFAULT_HOSTS.get(base_key(ep))


# ---------------------------------------------------------------------------- response types


@dataclass
class TypedDictView:
    name: str
    fields: list[tuple[str, str, str]]  # (key, annotation, comment)
    functional: bool  # keys that are not identifiers need TypedDict("Name", {...}) syntax


@dataclass
class ResponseView:
    alias: str  # the response type name
    target: str  # what it aliases ("X" for an object, "list[X]", "Any", ...)
    classes: list[TypedDictView]


_ASCII_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A field seen only as null in the examples could hold anything: Any, not None.
_JSON_TYPES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "Any"}


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
            fields.append((key, _schema_type(sub, sub_name, classes, taken), naming.comment(str(sub.get("description", "")))))
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
    return _JSON_TYPES.get(str(kind), "Any")
