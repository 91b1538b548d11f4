"""Rendering: the fixture specs become a package that compiles, keeps page text as data only, is
stable under regeneration, and passes its own generated tests."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import naming
from generator.build import load_specs, package_files, write_folder
from generator.render import render_package
from generator.views import annotation, endpoint_view

from .conftest import FIXTURE_SPECS

HOSTILE = ['"""', "{{ jinja }}", "{% raw %}", "E\\F", 'C"D']


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return package_files(load_specs(FIXTURE_SPECS))


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory, files: dict[str, str]) -> Path:
    out = tmp_path_factory.mktemp("pkg") / "generated"
    write_folder(out, files)
    return out


def test_every_python_file_compiles(files: dict[str, str]) -> None:
    for name, text in files.items():
        if name.endswith(".py"):
            compile(text, name, "exec")


def test_rendering_is_deterministic(files: dict[str, str]) -> None:
    assert render_package(load_specs(FIXTURE_SPECS)) == files


def test_line_endings_and_final_newline(files: dict[str, str]) -> None:
    for name, text in files.items():
        assert "\r" not in text, name
        assert not text or text.endswith("\n"), name


def _code_without_strings(source: str) -> str:
    """Source text with every string constant and comment blanked: what is left is code."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert node.end_lineno is not None and node.end_col_offset is not None
            for ln in range(node.lineno - 1, node.end_lineno):
                start = node.col_offset if ln == node.lineno - 1 else 0
                end = node.end_col_offset if ln == node.end_lineno - 1 else len(lines[ln])
                lines[ln] = lines[ln][:start] + " " * (end - start) + lines[ln][end:]
    return "".join(ln.split("#", 1)[0] + ("\n" if ln.endswith("\n") else "") for ln in lines)


def test_page_text_reaches_code_only_as_data(files: dict[str, str]) -> None:
    spot = files["binance_api/_api_spot.py"]
    constants = [n.value for n in ast.walk(ast.parse(spot)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    for fragment in HOSTILE:
        assert any(fragment in c for c in constants), fragment
    code = _code_without_strings(spot)
    for fragment in ["jinja", "raw", "Hostile"]:
        assert fragment not in code


def test_python_names_for_wire_names() -> None:
    assert naming.identifier("from") == "from_"
    assert naming.identifier("type") == "type_"
    assert naming.identifier("specifyRepayAssets") == "specify_repay_assets"
    assert naming.identifier("1hTicker") == "value_1h_ticker"
    assert naming.identifier("名称") == "value"
    assert naming.unique(["a", "A", "a"]) == ["a", "A_2", "a_3"]


def test_from_becomes_from_underscore_and_stays_from_on_the_wire() -> None:
    (ep,) = [e for e in load_specs(FIXTURE_SPECS) if e.path == "/sapi/v1/portfolio/repay"]
    view = endpoint_view(ep)
    (arg,) = [a for a in view.args if a.wire == "from"]
    assert arg.py == "from_"
    assert arg.data[:3] == ["from", "from_", "STRING"]
    assert annotation(arg.param) == 'Literal["SPOT", "MARGIN"]'  # black's quotes
    assert "timestamp" not in [a.wire for a in view.args]


def test_boolean_documented_in_capitals_keeps_bool_type_and_sends_the_page_words() -> None:
    from generator.model import Param
    from generator.views import param_data

    upper = Param(name="priceProtect", type="BOOLEAN", enum=["TRUE", "FALSE"])
    assert annotation(upper) == "bool"
    assert param_data(upper, "price_protect") == ["priceProtect", "price_protect", "BOOLEAN", {"enum": ["TRUE", "FALSE"]}]
    lower = Param(name="flag", type="BOOLEAN", enum=["false", "true"])
    assert param_data(lower, "flag") == ["flag", "flag", "BOOLEAN"]
    text = Param(name="reduceOnly", type="STRING", enum=["true", "false"])  # documented as the strings
    assert annotation(text) == "bool" and param_data(text, "reduce_only") == ["reduceOnly", "reduce_only", "BOOLEAN"]


def test_required_parameters_are_sent_first_each_group_in_page_order() -> None:
    """The docs allow any order; a call sends the required parameters first (the official SDKs'
    order, so both sign the same bytes), each group in the page's order. The signature keeps the
    page's order."""
    from generator.model import Endpoint, Param, Text
    from generator.testcases import call_case

    ep = Endpoint(
        id="usds_futures.post_order", method="POST", path="/fapi/v1/order", product="usds_futures", signed=True,
        title=Text(en="New Order"),
        params=[
            Param(name="symbol", type="STRING", required=True),
            Param(name="positionSide", type="STRING"),
            Param(name="side", type="STRING", required=True),
            Param(name="quantity", type="DECIMAL"),
            Param(name="type", type="STRING", required=True),
            Param(name="recvWindow", type="LONG"),
            Param(name="timestamp", type="LONG", required=True),
        ],
    )
    view = endpoint_view(ep)
    assert [a.wire for a in view.args] == ["symbol", "positionSide", "side", "quantity", "type", "recvWindow"]
    sent = ["symbol", "side", "type", "positionSide", "quantity", "recvWindow"]
    assert [a.wire for a in view.sent_args] == sent
    assert [name for name, _ in call_case(view).wire] == sent
    data = json.loads(render_package([ep])["binance_api/_ops/usds_futures.json"])
    assert [p[0] for p in data["post_order"]["params"]] == sent


def test_generated_package_passes_its_own_tests(package: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(package)}
    proc = subprocess.run(
        # the shipped runtime tests run in tests/runtime; here only the per-endpoint ones
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--ignore-glob=tests/test_runtime_*", "tests"],
        cwd=package, env=env, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert " passed" in proc.stdout


def test_generated_wire_never_says_varfrom(package: Path) -> None:
    code = (
        "import httpx, sys\n"
        "from binance_api import Client\n"
        "seen = []\n"
        "def handler(request):\n"
        "    seen.append(request.url.query.decode())\n"
        "    return httpx.Response(200, json={'tranId': 1})\n"
        "c = Client(api_key='k', api_secret='s', transport=httpx.MockTransport(handler))\n"
        "c.portfolio_margin_pro.post_portfolio_repay(from_='MARGIN')\n"
        "print(seen[0])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(package)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.startswith("from=MARGIN&timestamp=")
    assert "varFrom" not in out and "from_" not in out


def test_endpoints_registry(package: Path) -> None:
    code = (
        "from binance_api import ENDPOINTS\n"
        "m, p, w, s = ENDPOINTS['portfolio_margin.post_margin_repay_debt']\n"
        "info = ENDPOINTS['portfolio_margin.post_margin_repay_debt']\n"
        "print(m, p, w, s, info['weight'], info.unit)\n"
        "import sys; print('httpx' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(package)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["POST /papi/v1/margin/repay-debt 3000 True 3000 ORDER", "False"]


def test_map_schema_becomes_a_dict_type() -> None:
    from generator.type_views import _schema_type

    classes: list = []
    schema = {"type": "object", "additionalProperties": {"type": "array", "items": {
        "type": "object", "properties": {"value": {"type": "integer"}}}}}
    assert _schema_type(schema, "Status", classes, set()) == "dict[str, list[StatusValueItem]]"
    assert [c.name for c in classes] == ["StatusValueItem"]


def _unused_imports(source: str) -> list[str]:
    """Names a module imports and never mentions again (re-exports through __all__ count as used)."""
    tree = ast.parse(source)
    imported: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    imported[(alias.asname or alias.name).split(".")[0]] = node.lineno
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    used |= {n.value.id for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
    for node in ast.walk(tree):  # names inside string annotations (from __future__ import annotations)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            used |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", node.value))
    exported: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            exported |= {e.value for e in getattr(node.value, "elts", []) if isinstance(e, ast.Constant)}
    return sorted(n for n in imported if n not in used and n not in exported and n != "annotations")


@pytest.mark.parametrize("folder", ["fixture", "committed"])
def test_generated_modules_import_only_what_they_use(folder: str, files: dict[str, str]) -> None:
    if folder == "committed":
        root = FIXTURE_SPECS.parents[2] / "generated"
        files = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*.py")}
    problems = {name: _unused_imports(text) for name, text in files.items()
                if name.startswith("binance_api/") and name.endswith(".py") and not name.endswith("__init__.py")}
    assert {k: v for k, v in problems.items() if v} == {}


def test_every_python_file_of_the_committed_package_is_one_black_leaves_unchanged() -> None:
    """Rendered modules and the hand-written runtime and tests copied from templates/package alike."""
    import black

    from .conftest import ROOT

    files = sorted((ROOT / "generated").rglob("*.py"))
    assert len(files) > 30
    changed = [f.relative_to(ROOT).as_posix() for f in files
               if black.format_str(f.read_text(encoding="utf-8"), mode=black.Mode()) != f.read_text(encoding="utf-8")]
    assert not changed, f"black would reformat: {changed}"


def test_types_modules_of_responses_that_are_no_objects_import_nothing_they_do_not_use() -> None:
    """Products whose every response is a list of strings or unknown declare no TypedDict: their types
    modules list the aliases alone, import only Any where they say Any, and are as black writes them."""
    import black

    endpoints = load_specs(FIXTURE_SPECS)
    for i, ep in enumerate(endpoints):
        ep.response.schema = {"type": "array", "items": {"type": "string"}} if i % 2 else None
    modules = {name: text for name, text in package_files(endpoints).items() if name.startswith("binance_api/_types_")}
    assert modules
    for name, text in modules.items():
        code = text.split('"""')[-1]
        assert "class " not in code and "TypedDict" not in code, name
        assert ("from typing import Any" in code) == (" = Any" in code), name
        assert _unused_imports(text) == [], name
        assert black.format_str(text, mode=black.Mode()) == text, name
    assert any(" = list[str]" in text for text in modules.values())
    assert any(" = Any" in text for text in modules.values())


def test_value_set_names_mean_one_set_and_are_never_numbered() -> None:
    from generator.views import aliases_of

    sets = [
        frozenset({("side", ("BUY", "SELL")), ("timeInForce", ("FOK", "GTC", "IOC"))}),
        frozenset({("side", ("BUY", "SELL")), ("timeInForce", ("FOK", "GTC", "GTX", "IOC"))}),
        frozenset({("type", (1, 2))}),
        frozenset({("literal", ("A",))}),  # a name typing needs is never a value set's
    ]
    assert aliases_of(sets) == {("side", ("BUY", "SELL")): "Side", ("type", (1, 2)): "Type"}


def test_a_value_one_page_adds_changes_that_endpoints_code_only() -> None:
    """Two endpoints of two products take the same parameter; a value added to one of them changes
    that method's signature, docstring and declaration and nothing of the other product, whose
    signature never named a set shared with other pages. The name the set had is withdrawn (it would
    now stand for two sets), not moved to another set."""
    import copy
    import difflib

    endpoints = load_specs(FIXTURE_SPECS)
    (basis,) = [e for e in endpoints if e.path == "/futures/data/basis"]
    twin = copy.deepcopy(basis)
    twin.product, twin.id, twin.path = "portfolio_margin", "portfolio_margin.basis_twin", "/papi/v1/basisTwin"
    before = package_files([*endpoints, twin])
    (param,) = [p for p in twin.params if p.name == "contractType"]
    param.enum.append("NEXT_QUARTER")
    after = package_files([*endpoints, twin])
    changed = {name for name in before if before[name] != after.get(name)}
    own = {"binance_api/_api_portfolio_margin.py", "binance_api/_ops/portfolio_margin.json",
           "tests/cases/portfolio_margin.json", "INDEX.md"}
    assert {"binance_api/_api_portfolio_margin.py", "binance_api/_enums.py"} <= changed <= own | {"binance_api/_enums.py"}
    lines = [line for line in difflib.unified_diff(before["binance_api/_api_portfolio_margin.py"].splitlines(),
                                                   after["binance_api/_api_portfolio_margin.py"].splitlines(), n=0)
             if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert lines and all("NEXT_QUARTER" in line or "CURRENT_QUARTER" in line for line in lines), lines
    assert "ContractType =" in before["binance_api/_enums.py"]
    assert "ContractType" not in after["binance_api/_enums.py"]
