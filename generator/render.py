"""Endpoint models -> the files of the generated package (relative path -> text).

Templates (the `templates/` folder, shipped as `generator.templates`) hold the layout; views.py and
testcases.py hold the decisions. Python output is formatted with black, pinned in pyproject.toml, so
the same specs always give the same bytes.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2

from . import __version__, naming
from .model import Endpoint, Weight
from .testcases import UnrepresentableCase, call_case, case_record, cases_file
from .type_views import enum_alias_items, response_view, uses_any
from .views import (
    NamespaceView,
    UnsafeValue,
    aliases_of,
    check_literal,
    english,
    enum_aliases,
    expected_host,
    main_weight,
    method_names,
    namespace_names,
    namespace_views,
    operation_data,
    value_sets,
    weight_summary,
)

PACKAGE = "binance_api"


@functools.lru_cache(maxsize=1)
def black_mode() -> Any:
    """black's settings for the generated code (black is imported on first use: a rebuild whose
    blocks are all in the cache never needs it)."""
    import black

    from .black_layout import LINE_LENGTH

    return black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)


# formatter(source, file name) -> formatted source: black by default; the cached build passes its own
Formatter = Callable[[str, str], str]
# memo(kind, key text, compute) -> compute(), or what it returned before for the same kind and key
Memo = Callable[[str, str, Callable[[], str]], str]


class RenderError(Exception):
    """A template failed or produced Python that black cannot parse (a generator bug)."""


def templates_root() -> Path:
    return Path(str(resources.files("generator.templates")))


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_root())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = _pyrepr
    env.filters["comment"] = naming.comment
    env.filters["docstring"] = naming.docstring
    return env


class TemplateCode(jinja2.BytecodeCache):
    """jinja2's compiled templates kept through `get` and `put` (the build's cache, keyed there by the
    render step's code, which holds this environment's settings, and jinja2's version). The key
    handed to them holds the template's name and the checksum of its source, and jinja2 checks the
    checksum and its own format again when it loads the code."""

    def __init__(self, get: Callable[[str], Any], put: Callable[[str, bytes], None]) -> None:
        self.get, self.put = get, put

    def load_bytecode(self, bucket: Any) -> None:
        data = self.get(f"{bucket.key} {bucket.checksum}")
        if isinstance(data, bytes):
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Any) -> None:
        self.put(f"{bucket.key} {bucket.checksum}", bucket.bytecode_to_string())


def _pyrepr(value: Any) -> str:
    """A literal for templates (naming.literal: black's quotes), refusing values whose repr is not a
    literal (inf, nan)."""
    try:
        check_literal(value)
    except UnsafeValue as exc:
        raise RenderError(f"a value cannot be written as a Python literal: {exc}") from None
    return naming.literal(value)


def format_python(source: str, name: str) -> str:
    try:
        import black

        return black.format_str(source, mode=black_mode())
    except Exception as exc:  # black raises several types for unparsable input
        raise RenderError(f"{name}: generated code does not parse: {exc}") from None


def render_template(template: str, name: str, formatter: Formatter | None = None, **context: Any) -> str:
    try:
        text = environment().get_template(template).render(**context)
    except jinja2.TemplateError as exc:
        raise RenderError(f"template {template}: {exc}") from None
    if not name.endswith(".py"):
        return text
    return (formatter or format_python)(text, name)


def _static_files() -> Iterable[tuple[str, Path]]:
    """Files copied verbatim from templates/package/ (the hand-written runtime, config, docs)."""
    base = templates_root() / "package"
    for path in sorted(base.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc"):
            yield path.relative_to(base).as_posix(), path


def package_views(endpoints: list[Endpoint]) -> tuple[list[NamespaceView], dict[tuple[str, tuple[Any, ...]], str]]:
    """One view per product namespace (every endpoint's view inside), and the named value sets."""
    aliases = enum_aliases(endpoints)
    try:
        return namespace_views(endpoints), aliases
    except UnsafeValue as exc:
        raise RenderError(str(exc)) from None


# ---------------------------------------------------------------------------- what the package-wide files see
#
# The files made from every endpoint (the client, the value sets, ENDPOINTS, INDEX.md, the types
# index) are rendered from a MethodEntry per endpoint and a ProductEntry per product, never from the
# endpoints: what those templates can use is what these hold (a template asking for more fails, in
# every build alike), and a rebuild can take the entries of unchanged endpoints from its cache
# (build.render_specs) instead of loading every endpoint.


@dataclass(frozen=True)
class MethodEntry:
    """One client method as the package-wide files show it."""

    namespace: str  # the client attribute of its product
    name: str
    full_name: str
    product: str
    method: str
    path: str
    security: str | None
    signed: bool
    url: str | None  # its documentation page
    file: str  # the page it came from (for messages)
    main_weight: Weight | None  # the weight ENDPOINTS shows (views.main_weight)
    index_cells: str  # INDEX.md's weight, security and summary cells
    value_sets: frozenset[tuple[str, tuple[Any, ...]]]  # what the named value sets are counted from


@dataclass
class ProductEntry:
    """One product (a client namespace) as the package-wide files show it."""

    attr: str
    cls: str
    module: str
    types_module: str
    type_prefix: str
    title: str
    views: list[MethodEntry]


def method_entry(ep: Endpoint) -> MethodEntry:
    namespace, name = method_names(ep)
    return MethodEntry(namespace, name, f"{namespace}.{name}", ep.product, ep.method, ep.path, ep.security,
                       ep.signed, ep.source.url, ep.source.file, main_weight(ep),
                       index_cells(ep), value_sets(ep))


def products_of(entries: list[MethodEntry]) -> list[tuple[str, list[int]]]:
    """Each product's client attribute with its methods (indexes into `entries`), sorted by name;
    products sorted by attribute (namespace_views' order)."""
    members: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        members.setdefault(entry.namespace, []).append(i)
    return [(attr, sorted(found, key=lambda i: entries[i].name)) for attr, found in sorted(members.items())]


def product_entries(entries: list[MethodEntry]) -> list[ProductEntry]:
    return [ProductEntry(**namespace_names(attr, entries[found[0]].product), views=[entries[i] for i in found])
            for attr, found in products_of(entries)]


_TABLE_FIELD = re.compile(r"[^\s\"\\]+")


def check_table_fields(entries: list[MethodEntry]) -> None:
    """ENDPOINTS is read from a table of words: refuse a spec whose path or security would break it."""
    for e in entries:
        for value in (e.path, e.method, e.security or "-"):
            if not _TABLE_FIELD.fullmatch(value):
                raise RenderError(f"{e.file}: {e.method} {e.path}: {value!r} holds a space, quote or "
                                  f"backslash (expected a request path or a security word)")


def cases_text(space: NamespaceView, memo: Memo | None = None) -> str:
    """tests/cases/<product>.json: the data the static tests/test_endpoints.py runs every endpoint with.

    Laying JSON out with indentation is slow in the standard library (pure Python), so with a memo
    the laid-out text is remembered by the compact encoding (which the C encoder makes quickly)."""
    records = []
    for view in space.views:
        try:
            records.append(case_record(view, call_case(view), expected_host(view.endpoint)))
        except UnrepresentableCase as exc:
            ep = view.endpoint
            raise RenderError(f"{ep.source.file}: {ep.method} {ep.path}: test case: {exc}") from None
    name = space.attr
    if memo is None:
        return cases_file(name, records)
    compact = json.dumps([name, records], ensure_ascii=False, sort_keys=True, allow_nan=False)
    return memo("cases-json", compact, lambda: cases_file(name, records))


def static_files() -> dict[str, str]:
    return {rel: path.read_text(encoding="utf-8") for rel, path in _static_files()}


def render_package(endpoints: list[Endpoint], formatter: Formatter | None = None,
                   memo: Memo | None = None) -> dict[str, str]:
    """All files of the generated package, keyed by POSIX path relative to the output folder.

    `formatter(source, name)` formats each rendered Python module (default: black on the whole
    file); a replacement must give the same bytes (the cached build formats block by block).
    `memo` may remember slow, pure steps across builds (the cached build passes one).
    build.render_specs makes the same files, each product's from its cache when it can."""
    entries = [method_entry(ep) for ep in endpoints]
    aliases = aliases_of([e.value_sets for e in entries])
    check_table_fields(entries)
    files = static_files()
    for _attr, found in products_of(entries):
        files.update(product_files([endpoints[i] for i in found], formatter, memo))
    files.update(package_wide_files(product_entries(entries), aliases, formatter))
    return dict(sorted(files.items()))


def product_files(endpoints: list[Endpoint], formatter: Formatter | None = None,
                  memo: Memo | None = None) -> dict[str, str]:
    """The files of one product (its endpoints, all of one namespace): its module, its operations, its
    response types and its test cases. They depend on nothing else."""
    try:
        (ns,) = namespace_views(endpoints)
    except UnsafeValue as exc:
        raise RenderError(str(exc)) from None
    pkg = PACKAGE
    files = {f"{pkg}/{ns.module}.py": render_template("product.py.j2", f"{ns.module}.py", formatter, ns=ns),
             f"{pkg}/_ops/{ns.attr}.json": ops_json(ns)}
    taken: set[str] = set()
    responses = [(v, response_view(v, taken)) for v in ns.views]
    files[f"{pkg}/{ns.types_module}.py"] = render_template("types.py.j2", f"{ns.types_module}.py", formatter, ns=ns,
                                                           responses=responses, any=uses_any(responses))
    files[f"tests/cases/{ns.attr}.json"] = cases_text(ns, memo)
    return files


def package_wide_files(namespaces: list[ProductEntry], aliases: dict[tuple[str, tuple[Any, ...]], str],
                       formatter: Formatter | None = None) -> dict[str, str]:
    """The files made from every product: the types index, the value sets, the client, ENDPOINTS,
    INDEX.md and the package's pyproject.toml."""
    pkg = PACKAGE
    views = sorted((v for ns in namespaces for v in ns.views), key=lambda v: v.full_name)
    modules = sorted(((ns.type_prefix, ns.types_module) for ns in namespaces), key=lambda m: (-len(m[0]), m[0]))
    files: dict[str, str] = {}

    def python(template: str, module: str, **context: Any) -> None:
        files[f"{pkg}/{module}.py"] = render_template(template, f"{module}.py", formatter, **context)

    python("types_index.py.j2", "types", namespaces=namespaces, modules=modules)
    python("enums.py.j2", "_enums", aliases=enum_alias_items(aliases))
    python("client.py.j2", "_client", namespaces=namespaces)
    python("endpoints.py.j2", "_endpoints", views=views)
    files["INDEX.md"] = render_template("index.md.j2", "INDEX.md", formatter, namespaces=namespaces)
    files["pyproject.toml"] = render_template("pyproject.toml.j2", "pyproject.toml", formatter, version=__version__)
    return files


def ops_json(space: NamespaceView) -> str:
    """binance_api/_ops/<product>.json: each method's operation, read by the runtime on first use.
    One method per block, one parameter, rule or weight per line, so a doc change is a local diff."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))

    blocks = []
    for view in space.views:
        try:
            data = operation_data(view)
        except UnsafeValue as exc:
            ep = view.endpoint
            raise RenderError(f"{ep.source.file}: {ep.method} {ep.path}: {exc}") from None
        head = one({k: v for k, v in data.items() if k not in ("params", "rules", "weights")})[1:-1]
        lines = [f" {one(view.name)}: {{{head},"]
        for key in ("params", "rules", "weights"):
            if key not in data:
                continue
            items = [f"   {one(item)}" for item in data[key]]
            lines.append(f'  "{key}": [' + ("\n" + ",\n".join(items) + "\n  ]," if items else "],"))
        lines[-1] = lines[-1][:-1] + "}"
        blocks.append("\n".join(lines))
    return "{\n" + ",\n".join(blocks) + "\n}\n"


def index_cells(ep: Endpoint) -> str:
    """The endpoint index's cells for one method: weight and unit, security, summary (Markdown-safe)."""
    weight = weight_summary([w for w in ep.weight if w.limit is None]) if ep.weight else "not stated"
    security = (ep.security or "none") + (", signed" if ep.signed else "")
    title = english(ep.title) or ep.path
    return " | ".join(_md(x) for x in (weight, security, title))


def _md(text: str) -> str:
    return naming.comment(text, 160).replace("|", "\\|")
