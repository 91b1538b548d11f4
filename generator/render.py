"""Endpoint models -> the files of the generated package (relative path -> text).

Templates (the `templates/` folder, shipped as `generator.templates`) hold the layout; views.py and
testcases.py hold the decisions. Python output is formatted with black, pinned in pyproject.toml, so
the same specs always give the same bytes.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

import black
import jinja2

from . import __version__, naming
from .model import Endpoint
from .testcases import UnrepresentableCase, call_case, case_record, cases_file
from .views import EndpointView, UnsafeValue, check_literal, endpoint_view, expected_host, response_view

PACKAGE = "binance_api"
BLACK_MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=88)

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


def _pyrepr(value: Any) -> str:
    """repr() for templates, refusing values whose repr is not a literal (inf, nan)."""
    try:
        check_literal(value)
    except UnsafeValue as exc:
        raise RenderError(f"a value cannot be written as a Python literal: {exc}") from None
    return repr(value)


def format_python(source: str, name: str) -> str:
    try:
        return black.format_str(source, mode=BLACK_MODE)
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


def product_module(product: str) -> str:
    return "_api_" + naming.identifier(product, "product")


def product_views(endpoints: list[Endpoint]) -> tuple[list[EndpointView], list[dict[str, Any]]]:
    """Every endpoint's view (unique names given) and the views grouped by product module."""
    views = []
    for ep in endpoints:
        try:
            views.append(endpoint_view(ep))
        except UnsafeValue as exc:
            raise RenderError(f"{ep.source.file}: {ep.method} {ep.path}: {exc}") from None
    names = naming.unique([v.name for v in views])
    for view, name in zip(views, names):
        view.name, view.const = name, name.upper()
        view.response_type = naming.camel(name) + "Response"
    by_product: dict[str, list[EndpointView]] = defaultdict(list)
    for view in views:
        by_product[product_module(view.endpoint.product)].append(view)
    products = [
        {"module": module, "mixin": naming.camel(module.removeprefix("_api_")) + "Api", "views": pvs}
        for module, pvs in sorted(by_product.items())
    ]
    return views, products


def cases_text(product: dict[str, Any], memo: Memo | None = None) -> str:
    """tests/cases/<module>.json: the data the static tests/test_endpoints.py runs every endpoint with.

    Laying JSON out with indentation is slow in the standard library (pure Python), so with a memo
    the laid-out text is remembered by the compact encoding (which the C encoder makes quickly)."""
    records = []
    for view in product["views"]:
        try:
            records.append(case_record(view, call_case(view), expected_host(view.endpoint)))
        except UnrepresentableCase as exc:
            ep = view.endpoint
            raise RenderError(f"{ep.source.file}: {ep.method} {ep.path}: test case: {exc}") from None
    name = product["module"].removeprefix("_api_")
    if memo is None:
        return cases_file(name, records)
    compact = json.dumps([name, records], ensure_ascii=False, sort_keys=True, allow_nan=False)
    return memo("cases-json", compact, lambda: cases_file(name, records))


def render_package(endpoints: list[Endpoint], formatter: Formatter | None = None,
                   memo: Memo | None = None) -> dict[str, str]:
    """All files of the generated package, keyed by POSIX path relative to the output folder.

    `formatter(source, name)` formats each rendered Python module (default: black on the whole
    file); a replacement must give the same bytes (the cached build formats block by block).
    `memo` may remember slow, pure steps across builds (the cached build passes one)."""
    views, products = product_views(endpoints)
    files: dict[str, str] = {}
    for rel, path in _static_files():
        files[rel] = path.read_text(encoding="utf-8")
    pkg = PACKAGE
    for product in products:
        module = product["module"]
        files[f"{pkg}/{module}.py"] = render_template("product.py.j2", f"{module}.py", formatter, product=product)
        files[f"tests/cases/{module.removeprefix('_api_')}.json"] = cases_text(product, memo)
    files[f"{pkg}/_client.py"] = render_template("client.py.j2", "_client.py", formatter, products=products)
    files[f"{pkg}/_endpoints.py"] = render_template("endpoints.py.j2", "_endpoints.py", formatter,
                                                    views=sorted(views, key=lambda v: v.name))
    taken = {v.response_type for v in views}
    responses = [(v, response_view(v, taken)) for v in views]
    files[f"{pkg}/types.py"] = render_template("types.py.j2", "types.py", formatter, responses=responses)
    files["pyproject.toml"] = render_template("pyproject.toml.j2", "pyproject.toml", formatter, version=__version__)
    return dict(sorted(files.items()))
