"""Endpoint models -> the small view objects the templates lay out.

All decisions about generated code live here and in type_views.py (names, annotations, literals,
docstrings, imports); the templates only arrange them. Every string from a page leaves this module as
a repr() literal, an escaped docstring or a one-line comment (see naming.py).
"""

from __future__ import annotations

import ast
import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TypedDict

from . import naming
from .config import DEFAULT_BASE_URLS
from .black_layout import param_lines, signature_layout
from .hosts import base_key, product_base
from .model import Condition, Endpoint, Param, Rule, Text, Weight
from .vocabulary import PY_ANNOTATION, RUNTIME_KIND, scalar_of

# Added by the client when it signs; never method arguments.
SIGNING_PARAMS = {"timestamp", "signature"}
# The name of every method's catch-all for keywords it does not take (a wire name such as `type`, a
# typo): typed NoReturn so a type checker refuses them, reported by the client with the right name.
UNKNOWN_ARGS = "unknown"


@dataclass
class ArgView:
    py: str  # Python keyword argument name
    wire: str  # name sent to Binance
    annotation: str
    required: bool
    data: list[Any]  # [wire, py, kind, {constraints}]: the runtime's declaration of the parameter
    doc: str  # one docstring line (escaped)
    kind: str
    param: Param

    @property
    def says_more(self) -> bool:
        """Whether its docstring line tells more than the signature does (a wire name that is not the
        argument's name in camelCase, a description, values, a default, bounds): an argument whose line
        would say only "Optional." is not listed."""
        return self.wire != naming.lower_camel(self.py) or self.doc not in ("Required.", "Optional.")


@dataclass
class EndpointView:
    name: str  # the method's name inside its namespace: `post_order`
    full_name: str  # with the namespace: `spot.post_order` (ENDPOINTS key, ValidationError.method)
    namespace: str  # the client attribute of its product: `spot`
    response_type: str
    endpoint: Endpoint
    args: list[ArgView]
    docstring: str
    summary: str
    host: str | None = None  # base-URL key when the path's first segment is not one

    @property
    def sent_args(self) -> list[ArgView]:
        """The arguments in the order a call sends them: the required ones, then the optional ones,
        each in the page's order. The docs let a call send its parameters in any order ("Parameters
        may be sent in any order."); this is the order Binance's official SDKs send, so the same call
        made with either signs the same bytes."""
        return [a for a in self.args if a.required] + [a for a in self.args if not a.required]

    @property
    def params(self) -> list[str]:
        """The method's parameters as written in its signature: `self`, `/`, `*`, `symbol: str`,
        `limit: int | None = None`..., `**unknown: NoReturn`. `self` is positional-only because
        `awaited` types the async twin with Concatenate, which mypy matches only against a
        positional-only first parameter."""
        keyword = [f"{a.py}: {a.annotation}" + ("" if a.required else " | None = None") for a in self.args]
        return ["self", "/", *(["*", *keyword] if keyword else []), f"**{UNKNOWN_ARGS}: NoReturn"]

    @property
    def param_lines(self) -> list[str]:
        """The signature's parameters one per line, each laid out as black lays it out (a long Literal
        split over lines: black_layout.param_lines), for the "exploded" layout."""
        return [line for p in self.params for line in param_lines(p)]

    @property
    def signature_layout(self) -> str:
        """How the signature is laid out: as black lays it out (black_layout.signature_layout)."""
        return signature_layout(f"    def {self.name}(", ", ".join(self.params), f") -> types.{self.response_type}:")


@dataclass
class NamespaceView:
    """One product: its client attribute, classes, modules, endpoints and the names its module imports."""

    attr: str  # `usds_futures`
    cls: str  # `UsdsFuturesApi`
    module: str  # `_api_usds_futures`
    types_module: str  # `_types_usds_futures`
    type_prefix: str  # `UsdsFutures`: every response type of the product starts with it
    title: str  # `Usds Futures`
    views: list[EndpointView]
    imports: dict[str, list[str]] = field(default_factory=dict)  # module -> names the module uses


def item_kind(param: Param) -> tuple[str, str | None]:
    """(scalar kind, list style or None) of a parameter. A parameter whose only values are true and
    false (in any case) is a boolean, whatever type the page gives it: the client takes True/False."""
    if param.list is not None:
        kind, style = scalar_of(param.list.item_type), param.list.style
    elif param.type.startswith("LIST<"):
        kind, style = scalar_of(param.type[5:-1]), "comma"
    else:
        kind, style = scalar_of(param.type), None
    if kind in ("STRING", "ENUM") and _true_false(param.enum):
        kind = "BOOLEAN"
    return kind, style


def _true_false(values: list[str]) -> bool:
    return len(values) == 2 and {v.lower() for v in values} == {"true", "false"}


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
    """How a boolean parameter's page spells true and false when not in lower case (`TRUE`/`FALSE`):
    the client takes True/False and sends the page's words. Empty when the page writes true/false."""
    if item_kind(param)[0] != "BOOLEAN":
        return []
    words = {v.lower(): v for v in param.enum if v.lower() in ("true", "false")}
    if set(words) != {"true", "false"} or list(words.values()) == list(words):
        return []
    return [words["true"], words["false"]]


def annotation(param: Param) -> str:
    """The Python annotation of an argument: its values as a Literal, in the page's order, else the
    kind's type; lists are Sequences. Spelled out in every signature, never a name shared with other
    endpoints: what one page says changes that page's methods only."""
    kind, style = item_kind(param)
    values = enum_values(param)
    if values:
        base = "Literal[" + ", ".join(naming.literal(v) for v in values) + "]"
    else:
        base = PY_ANNOTATION[kind]
    if style is not None:
        base = f"Sequence[{base}]"
    return base


def value_set_key(param: Param) -> tuple[str, tuple[Any, ...]]:
    """What makes two parameters share a named value set: the same wire name and the same values."""
    return param.name, tuple(sorted(enum_values(param), key=repr))


class UnsafeValue(ValueError):
    """A value that has no plain Python literal (inf, nan, an int too long to print)."""


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


# names_in_runtime(sources) by sources, as a caller kept them from an earlier run (build.render_specs)
_KNOWN_RESERVED: dict[tuple[str, ...], frozenset[str]] = {}


@functools.lru_cache(maxsize=1)
def reserved_method_names() -> frozenset[str]:
    """Names an endpoint method or a namespace must not take: every attribute of the runtime classes
    the generated classes derive from (`close`, `request`, `_call`, ...)."""
    sources = runtime_sources()
    known = _KNOWN_RESERVED.get(sources)
    return known if known is not None else names_in_runtime(sources)


def runtime_sources() -> tuple[str, ...]:
    """The sources of the runtime modules the generated classes derive from."""
    base = resources.files("generator.templates")
    found = []
    for module in _RUNTIME_MODULES:
        # one name per joinpath: Python 3.10's Traversable takes one
        source = base.joinpath("package").joinpath("binance_api").joinpath(module)
        if source.is_file():
            found.append(source.read_text(encoding="utf-8"))
    return tuple(found)


def names_in_runtime(sources: tuple[str, ...]) -> frozenset[str]:
    names: set[str] = set()
    for text in sources:
        for cls in ast.walk(ast.parse(text)):
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


def known_reserved_method_names(sources: tuple[str, ...], names: frozenset[str]) -> None:
    """Hand in names_in_runtime(sources) kept from an earlier run (parsing the runtime is a good part of
    a one-page rebuild)."""
    _KNOWN_RESERVED[sources] = names


def method_name(text: str) -> str:
    """A method's (or namespace's) name: an identifier that rebinds nothing the package relies on."""
    name = naming.identifier(text, "endpoint")
    while name in reserved_method_names():
        name += "_"
    return name


# ---------------------------------------------------------------------------- operation data
#
# What the runtime needs to check, encode and weigh a call is data: one JSON file per product
# (`binance_api/_ops/<product>.json`), read by the runtime on first use. Keys are left out where they
# hold their default, so the files stay short and a one-line doc change is a one-line diff.


def param_data(param: Param, py: str) -> list[Any]:
    """[wire name, Python name, kind, {constraints}] of one parameter."""
    kind, style = item_kind(param)
    extra: dict[str, Any] = {}
    if param.required:
        extra["required"] = True
    sent = [str(v) for v in enum_values(param)] or boolean_words(param)  # compared with the text sent:
    if sent:  # the values as strings, or the words sent for True and False
        extra["enum"] = sent
    if param.minimum is not None:
        extra["minimum"] = _checked(param.minimum)
    if param.maximum is not None:
        extra["maximum"] = _checked(param.maximum)
    if param.allowed:
        extra["allowed"] = [_checked(v) for v in param.allowed]
    if style is not None:
        extra["list"] = style
        if param.list is not None and param.list.max_items is not None:
            extra["max_items"] = param.list.max_items
    return [param.name, py, RUNTIME_KIND[kind], extra] if extra else [param.name, py, RUNTIME_KIND[kind]]


def _checked(value: Any) -> Any:
    check_literal(value)
    return value


def condition_data(c: Condition) -> dict[str, Any]:
    out: dict[str, Any] = {"param": c.param}
    if c.present is not None:
        out["present"] = c.present
    if c.minimum is not None:
        out["minimum"] = _checked(c.minimum)
    if c.maximum is not None:
        out["maximum"] = _checked(c.maximum)
    if c.count:
        out["count"] = True
    if c.equals:
        out["equals"] = list(c.equals)
    return out


def rule_data(r: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": r.kind, "params": list(r.params)}
    if r.value is not None:
        out["value"] = _checked(r.value)
    if r.when is not None:
        out["when"] = condition_data(r.when)
    return out


def weight_data(weight: Weight) -> dict[str, Any]:
    out: dict[str, Any] = {"unit": weight.unit, "value": _checked(weight.value)}
    if weight.cases:
        out["cases"] = [[case.value, [condition_data(c) for c in case.when]] for case in weight.cases]
    if weight.interval:
        out["interval"] = weight.interval
    if weight.limit is not None:
        out["limit"] = _checked(weight.limit)
    return out


def operation_data(view: EndpointView) -> dict[str, Any]:
    """Everything the runtime needs for one method, as JSON-ready data."""
    ep = view.endpoint
    out: dict[str, Any] = {"name": view.full_name, "method": ep.method, "path": ep.path}
    if ep.signed:
        out["signed"] = True
    if ep.security:
        out["security"] = ep.security
    if view.host:
        out["host"] = view.host
    out["params"] = [a.data for a in view.sent_args]
    if ep.rules:
        out["rules"] = [rule_data(r) for r in ep.rules]
    out["weights"] = [weight_data(w) for w in ep.weight]
    return out


# ---------------------------------------------------------------------------- docstrings


def english(text: Text) -> str:
    """The English of a text; the Chinese, marked as such, only where the page has no English."""
    if text.en:
        return text.en
    return f"[zh] {text.zh}" if text.zh else ""


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


def _arg_doc(param: Param) -> str:
    bits = ["Required." if param.required else "Optional."]
    if param.mandatory and param.mandatory not in ("YES", "NO"):
        bits.append(f"[{param.mandatory}]")
    desc = english(param.description)
    if desc:
        bits.append(desc)
    if param.enum and not _true_false(param.enum):
        bits.append("One of: " + ", ".join(param.enum) + ".")
    if param.default is not None:
        bits.append(f"Server default: {param.default}.")
    if param.minimum is not None or param.maximum is not None:
        lo = param.minimum if param.minimum is not None else ""
        hi = param.maximum if param.maximum is not None else ""
        bits.append(f"Range: {lo}..{hi}.")
    if param.origin:
        bits.append(f"(From {param.origin}.)")
    return naming.docstring(" ".join(" ".join(b.split()) for b in bits))


def build_docstring(ep: Endpoint) -> str:
    lines = [english(ep.title) or f"{ep.method} {ep.path}"]
    desc = english(ep.description)
    if desc and _words(desc) != _words(lines[0]):  # not the title again ("Daily account snapshot")
        lines += ["", desc]
    security = f"{ep.security or 'security not stated'}{', signed' if ep.signed else ''}"
    lines += ["", f"{ep.method} {ep.path} · weight {weight_summary(ep.weight)} · {security}"]
    if ep.source.url:
        lines.append(f"Docs: {ep.source.url}")
    conditional = [r for r in ep.rules if r.when is not None]
    if conditional:
        lines += ["", "Also required or refused:"]
        lines += [f"- {_rule_line(r)}" for r in conditional]
    # on a page with an English half, the notes only its Chinese half has are translations: left out
    notes = [n for n in ep.notes if n.en or not ep.title.en]
    if notes:
        lines += ["", "Notes:"]
        lines += [f"- {' '.join(english(n).split())}" for n in notes]
    return naming.docstring("\n".join(lines))


def _words(text: str) -> list[str]:
    """The words of a text in lower case, without punctuation: what a reader compares."""
    return re.findall(r"\w+", text.lower())


def _rule_line(r: Rule) -> str:
    assert r.when is not None
    c = r.when
    cond = (f"{c.param} is {' or '.join(c.equals)}" if c.equals
            else f"{c.param} is {'not ' if c.present is False else ''}sent")
    names = ", ".join(r.params)
    said = {
        "required": f"{names} must be sent",
        "forbidden": f"{names} cannot be sent",
        "either": f"at least one of {names} must be sent",
        "one_of": f"exactly one of {names} must be sent",
        "not_together": f"{names} cannot be sent together",
        "requires": f"{r.params[0]} needs {', '.join(r.params[1:])}",
    }.get(r.kind, f"{r.kind} ({names})")
    return f"{said} when {cond}"


# ---------------------------------------------------------------------------- endpoints and namespaces


def endpoint_view(ep: Endpoint) -> EndpointView:
    params = [p for p in ep.params if p.name not in SIGNING_PARAMS]
    py_names = naming.unique([naming.identifier(p.name) for p in params] + [UNKNOWN_ARGS])[:-1]
    args = [
        ArgView(
            py=py,
            wire=p.name,
            annotation=annotation(p),
            required=p.required,
            data=param_data(p, py),
            doc=_arg_doc(p),
            kind=item_kind(p)[0],
            param=p,
        )
        for p, py in zip(params, py_names)
    ]
    namespace, name = method_names(ep)
    return EndpointView(
        name=name,
        full_name=f"{namespace}.{name}",
        namespace=namespace,
        response_type=naming.camel(namespace) + naming.camel(name) + "Response",
        endpoint=ep,
        args=args,
        docstring=build_docstring(ep),
        summary=naming.comment(english(ep.title) or ep.path, 120),
        host=product_base(ep),  # only for paths that do not name their base URL
    )


def main_weight(ep: Endpoint) -> Weight | None:
    """The weight ENDPOINTS shows: the first that is a weight, not a cap on calls."""
    return next((w for w in ep.weight if w.limit is None), None)


def method_names(ep: Endpoint) -> tuple[str, str]:
    """An endpoint's namespace (its product's client attribute) and its method's name in it."""
    namespace, _, short = ep.id.rpartition(".")
    return method_name(namespace or ep.product), method_name(short)


def value_sets(ep: Endpoint) -> frozenset[tuple[str, tuple[Any, ...]]]:
    """The value sets an endpoint's parameters take (what enum_aliases reads)."""
    return frozenset(value_set_key(p) for p in ep.params if enum_values(p) and p.name not in SIGNING_PARAMS)


def enum_aliases(endpoints: list[Endpoint]) -> dict[tuple[str, tuple[Any, ...]], str]:
    """The value sets binance_api.types names, for code that holds a value before passing it: a
    parameter name whose every parameter across the API takes the same set names that set (`side` ->
    `Side`). A name that would stand for different sets is not made, and never numbered: a name means
    one set, whatever other pages are built. Signatures spell their values out (annotation)."""
    return aliases_of([value_sets(ep) for ep in endpoints])


def aliases_of(sets: list[frozenset[tuple[str, tuple[Any, ...]]]]) -> dict[tuple[str, tuple[Any, ...]], str]:
    """enum_aliases from each endpoint's value_sets."""
    by_wire: dict[str, set[tuple[str, tuple[Any, ...]]]] = defaultdict(set)
    for found in sets:
        for key in found:
            by_wire[key[0]].add(key)
    by_name: dict[str, list[str]] = defaultdict(list)
    for wire in by_wire:
        by_name[naming.camel(wire)].append(wire)
    aliases: dict[tuple[str, tuple[Any, ...]], str] = {}
    for name, wires in sorted(by_name.items()):
        if len(wires) != 1 or name in _TYPING_NAMES or not name.isidentifier():
            continue  # (two parameter names, `type` and `Type`, would share the name: neither gets it)
        keys = by_wire[wires[0]]
        if len(keys) == 1:
            aliases[next(iter(keys))] = name
    return aliases


_TYPING_NAMES = {"Any", "Literal", "Sequence", "Decimal", "NoReturn", "TypedDict", "Operation", "Param", "Rule",
                 "Weight", "When", "Namespace", "AsyncNamespace"}


def product_title(product: str) -> str:
    return " ".join(w.capitalize() for w in naming.snake(product).split("_")) or product


class NamespaceNames(TypedDict):
    attr: str
    cls: str
    module: str
    types_module: str
    type_prefix: str
    title: str


def namespace_names(attr: str, product: str) -> NamespaceNames:
    """A namespace's names: its client attribute, class, modules, type prefix and title (`product`:
    that of its first method by name)."""
    camel = naming.camel(attr)
    return {"attr": attr, "cls": camel + "Api", "module": "_api_" + attr, "types_module": "_types_" + attr,
            "type_prefix": camel, "title": product_title(product)}


def namespace_views(endpoints: list[Endpoint]) -> list[NamespaceView]:
    """Every endpoint's view, grouped into one namespace per product (sorted by namespace, then by
    method name), each with the imports its module needs."""
    by_namespace: dict[str, list[EndpointView]] = defaultdict(list)
    for ep in endpoints:
        try:
            view = endpoint_view(ep)
        except UnsafeValue as exc:
            raise UnsafeValue(f"{ep.source.file}: {ep.method} {ep.path}: {exc}") from None
        by_namespace[view.namespace].append(view)
    spaces = []
    for attr, views in sorted(by_namespace.items()):
        views.sort(key=lambda v: v.name)
        space = NamespaceView(**namespace_names(attr, views[0].endpoint.product), views=views)
        space.imports = _imports(space)
        spaces.append(space)
    return spaces


def _imports(space: NamespaceView) -> dict[str, list[str]]:
    """The names a product module uses, by module: nothing imported that is not used."""
    code = "\n".join(a.annotation for v in space.views for a in v.args)
    words = set(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]*\b", code))
    typing = sorted({"NoReturn"} | {n for n in ("Any", "Literal", "Sequence") if n in words})
    out = {"decimal": ["Decimal"] if "Decimal" in words else [], "typing": typing}
    return {k: v for k, v in out.items() if v}


# The default host of each base-URL key: the generated tests check requests go there.
DEFAULT_HOSTS = {key: url.split("://", 1)[1] for key, url in DEFAULT_BASE_URLS.items()}


def expected_host(ep: Endpoint) -> str | None:
    """The host a call of this endpoint goes to with default settings (None: no default)."""
    return DEFAULT_HOSTS.get(base_key(ep))
