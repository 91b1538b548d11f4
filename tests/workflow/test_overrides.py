"""Spec overrides (specs/overrides/): applied after parsing and before specs are written, so they
survive every build; shown in the spec, in `specgen diff` and in the CHANGELOG; warnings when they no
longer apply; refused by name when malformed. Through the real command line on the seed pages, and
on the two real pages of the README's example."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import overrides
from generator.model import Endpoint, Param, Source, Text, Weight

from ..conftest import ROOT, copy_seed_pages

REPAY = "specs/endpoints/post_sapi_v1_portfolio_repay.yaml"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    copy_seed_pages(project / "specs" / "docs")
    assert run(project, "build", "--no-progress").returncode == 0
    return project


def write(project: Path, text: str, name: str = "portfolio.yaml") -> Path:
    path = project / "specs" / "overrides" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PATCH = """\
- endpoint: POST /sapi/v1/portfolio/repay
  why: the page counts the weight per IP in a note; the UID figure is the one Binance enforces
  weight: [{unit: UID, value: 1000}]
  params:
    from: {required: true, enum_add: [FUTURES]}
- endpoint: portfolio_margin.post_margin_repay_debt
  why: the page leaves out that the asset is upper case
  params:
    asset: {description: {en: "Asset, upper case (USDT)"}}
"""


def spec(project: Path, name: str = REPAY) -> dict:
    return yaml.safe_load((project / name).read_text(encoding="utf-8"))


def test_an_override_is_applied_recorded_and_survives_every_build(project: Path) -> None:
    before = project / "before"
    (project / "specs" / "endpoints").rename(before)
    assert run(project, "build", "--no-progress", "--prune").returncode == 0
    write(project, PATCH)
    done = run(project, "build", "--no-progress")
    assert done.returncode == 0, done.stderr
    data = spec(project)
    assert data["weight"] == [{"unit": "UID", "value": 1000}]
    params = {p["name"]: p for p in data["params"]}
    assert params["from"]["required"] is True and params["from"]["enum"] == ["SPOT", "MARGIN", "FUTURES"]
    recorded = {o["field"]: o for o in data["overrides"]}
    assert set(recorded) == {"weight", "params.from.required", "params.from.enum"}
    assert recorded["weight"]["file"] == "specs/overrides/portfolio.yaml"
    assert recorded["weight"]["why"].startswith("the page counts the weight")
    assert recorded["weight"]["page"][0]["value"] == 3000  # what the page says, kept beside the correction
    assert recorded["params.from.required"]["page"] is False
    debt = spec(project, "specs/endpoints/post_papi_v1_margin_repay-debt.yaml")  # the one named by its id
    assert [o["field"] for o in debt["overrides"]] == ["params.asset.description"]
    # the generated client uses the corrected values
    client = (project / "generated" / "binance_api" / "_api_portfolio_margin_pro.py").read_text(encoding="utf-8")
    assert "1000" in client and "FUTURES" in client
    # the CHANGELOG names them, and so does `specgen diff`
    log = (project / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "`weight` now comes from specs/overrides/portfolio.yaml: the page counts the weight" in log
    assert "`from` is now required (set by the override in specs/overrides/portfolio.yaml) [param-became-required]" in log
    diff = run(project, "diff", "before", "specs/endpoints", "--format", "json")
    rules = {c["rule"] for c in json.loads(diff.stdout)["changes"]}
    assert {"override-added", "param-became-required", "enum-value-added"} <= rules
    # an unrelated change of the docs: the override is still applied, nothing else moves
    other = next((project / "specs" / "docs").glob("004_*"))
    other.write_text(other.read_text(encoding="utf-8").replace("Query", "Get", 1), encoding="utf-8")
    assert run(project, "build", "--no-progress").returncode == 0
    assert spec(project)["weight"] == [{"unit": "UID", "value": 1000}]
    assert run(project, "check", "--no-progress").returncode == 0


def test_the_page_changing_under_an_override_shows_in_the_diff(project: Path) -> None:
    write(project, PATCH)
    assert run(project, "build", "--no-progress").returncode == 0
    (project / "specs" / "endpoints").rename(project / "before")
    page = next((project / "specs" / "docs").glob("000_*"))
    page.write_text(page.read_text(encoding="utf-8").replace("3000", "4000"), encoding="utf-8")
    assert run(project, "build", "--no-progress", "--prune").returncode == 0
    assert spec(project)["weight"] == [{"unit": "UID", "value": 1000}]  # the override still wins
    changes = json.loads(run(project, "diff", "before", "specs/endpoints", "--format", "json").stdout)["changes"]
    (change,) = [c for c in changes if c["rule"] == "override-page-changed"]
    assert "4000" in change["message"] and "still sets it" in change["message"]


def test_overrides_that_no_longer_apply_are_warnings(project: Path) -> None:
    path = write(project, """\
- endpoint: GET /api/v3/gone
  why: retired
  signed: true
- endpoint: POST /sapi/v1/portfolio/repay
  why: the page used to leave it out
  params:
    from: {enum_add: [SPOT]}
""")
    done = run(project, "build", "--no-progress")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert f"{path.relative_to(project).as_posix()}:1: warning: GET /api/v3/gone: no such endpoint in the specs: " \
           f"this override no longer applies (remove it, or correct its endpoint) [override-unused]" in lines
    assert any(ln.startswith("specs/overrides/portfolio.yaml:7: warning: POST /sapi/v1/portfolio/repay: "
                             "`params.from.enum`: the page now says the same") and ln.endswith("[override-redundant]")
               for ln in lines)
    assert "overrides" not in spec(project)  # nothing it changed
    assert run(project, "build", "--no-progress", "--strict").returncode == 1


@pytest.mark.parametrize("text, message", [
    ("- endpoint: POST /sapi/v1/portfolio/repay\n  why: x\n  wieght: []\n",
     "specs/overrides/portfolio.yaml:3: [0].wieght: unknown key; did you mean `weight`?"),
    ("- endpoint: POST /sapi/v1/portfolio/repay\n  why: x\n  params:\n    from: {type: DECIMEL}\n",
     "specs/overrides/portfolio.yaml:4: [0].params.from.type: unknown value 'DECIMEL'; did you mean `DECIMAL`?"),
    ("- endpoint: POST /sapi/v1/portfolio/repay\n  weight: []\n",
     "specs/overrides/portfolio.yaml:1: [0].why: required key is missing"),
    ("- endpoint: POST /sapi/v1/portfolio/repay\n  why: x\n  params:\n    newOne: {required: true}\n",
     "specs/overrides/portfolio.yaml:4: params.newOne: POST /sapi/v1/portfolio/repay has no parameter `newOne`; "
     "to add it, give its type"),
])
def test_a_malformed_override_is_refused_by_name_and_nothing_is_written(project: Path, text: str, message: str) -> None:
    write(project, text)
    before = {p: p.read_bytes() for p in sorted(project.rglob("*")) if p.is_file() and ".specgen-cache" not in p.parts}
    done = run(project, "build", "--no-progress")
    assert done.returncode == 3
    assert done.stderr.startswith("specgen: invalid override:\n") and message in done.stderr
    assert {p: p.read_bytes() for p in before} == before


def test_parse_applies_the_overrides_to_the_pages_it_updates(project: Path) -> None:
    write(project, PATCH)
    done = run(project, "parse", next((project / "specs" / "docs").glob("000_*")).relative_to(project).as_posix())
    assert done.returncode == 0, done.stderr
    assert spec(project)["weight"] == [{"unit": "UID", "value": 1000}]
    assert "overrides" not in spec(project, "specs/endpoints/post_papi_v1_margin_repay-debt.yaml")  # not parsed


def test_adding_and_removing_parameters() -> None:
    ep = Endpoint("spot.x", "GET", "/api/v3/x", Text(en="x"), "spot", params=[Param("a", "STRING"), Param("b", "LONG")],
                  weight=[Weight("IP", 1)], source=Source("docs/x.md"))
    patch = overrides.Patch("o.yaml", 1, "GET /api/v3/x", "why", params={"b": {"remove": True},
                                                                         "c": {"type": "LIST<LONG>", "required": True}})
    assert overrides.apply([ep], [patch]) == []
    assert [(p.name, p.type, p.required) for p in ep.params] == [("a", "STRING", False), ("c", "LIST<LONG>", True)]
    assert [(o.field, o.page) for o in ep.overrides] == [("params.b", {"name": "b", "type": "LONG", "required": False}),
                                                         ("params.c", None)]


def test_a_route_naming_two_endpoints_must_name_one_by_its_id() -> None:
    eps = [Endpoint(f"{product}.basis", "GET", "/futures/data/basis", Text(en="x"), product) for product in
           ("usds_futures", "coin_futures")]
    patch = overrides.Patch("o.yaml", 3, "GET /futures/data/basis", "why", fields={"signed": True})
    with pytest.raises(overrides.OverrideError, match=r"o.yaml:3: endpoint: `GET /futures/data/basis` names 2 "
                                                      r"endpoints \(usds_futures.basis, coin_futures.basis\)"):
        overrides.apply(eps, [patch])
    by_id = overrides.Patch("o.yaml", 3, "coin_futures.basis", "why", fields={"signed": True})
    overrides.apply(eps, [by_id])
    assert [ep.signed for ep in eps] == [False, True]


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Spec overrides"):]
    return re.search(r"```yaml\n(# specs/overrides/.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def test_the_readme_example_corrects_the_real_pages(tmp_path: Path) -> None:
    """The README's example, on the two pages of specs/docs it corrects (KNOWN.md rows)."""
    example = _readme_example()
    name = example.splitlines()[0].removeprefix("# ")
    project = tmp_path / "project"
    docs = project / "specs" / "docs"
    docs.mkdir(parents=True)
    for page in ("margin_trading/borrow-and-repay/Margin-Account-Borrow-Repay.md",
                 "derivatives/options-trading/trade/Account-Trade-List.md"):
        (docs / Path(page).name).write_bytes((ROOT / "specs" / "docs" / page).read_bytes())
    (project / name).parent.mkdir(parents=True)
    (project / name).write_text(example, encoding="utf-8")
    done = run(project, "build", "--no-progress")
    assert done.returncode == 0, done.stderr
    assert "override-" not in done.stderr  # every patch applies and changes something
    repay = spec(project, "specs/endpoints/post_sapi_v1_margin_borrow-repay.yaml")
    assert repay["weight"] == [{"unit": "UID", "value": 1500}]
    assert repay["overrides"][0]["page"][0]["unit"] == "IP"
    trades = spec(project, "specs/endpoints/get_eapi_v1_userTrades.yaml")
    assert next(p for p in trades["params"] if p["name"] == "symbol")["required"] is True
    known = (ROOT / "tests" / "conformance" / "KNOWN.md").read_text(encoding="utf-8")
    assert "`POST /sapi/v1/margin/borrow-repay`" in known and "`GET /eapi/v1/userTrades` | `symbol`" in known
