"""The command line end to end on the seed pages: build, rerun, check, exit codes, intact output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main

from .conftest import ROOT, copy_seed_pages

DOCS = ROOT / "specs" / "docs"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_seed_pages(tmp_path / "specs" / "docs")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", [[], ["parse"], ["generate"], ["build"], ["check"]])
def test_help_everywhere(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([*command, "--help"])
    assert info.value.code == 0
    assert "usage: specgen" in capsys.readouterr().out


def test_build_twice_changes_nothing_and_check_passes(project: Path) -> None:
    first = run("build", cwd=project)
    assert first.returncode == 0, first.stderr
    assert first.stderr.strip().splitlines()[0].startswith("specgen: 3 pages, 3 endpoints, 0 warnings, 0 errors")
    before = snapshot(project)
    second = run("build", cwd=project)
    assert second.returncode == 0
    assert "unchanged" in second.stderr
    assert snapshot(project) == before
    assert run("check", cwd=project).returncode == 0


def test_committed_output_is_what_build_produces(tmp_path: Path) -> None:
    project = tmp_path
    shutil.copytree(DOCS, project / "specs" / "docs")
    assert run("build", cwd=project).returncode == 0
    for folder in ("specs/endpoints", "generated/binance_api", "generated/tests"):
        built = snapshot(project / folder)
        committed = {k: v for k, v in snapshot(ROOT / folder).items() if "__pycache__" not in k and ".egg-info" not in k}
        assert built == committed, folder


def test_check_reports_a_diff_and_exits_1(project: Path) -> None:
    assert run("build", cwd=project).returncode == 0
    spec = project / "specs" / "endpoints" / "post_sapi_v1_portfolio_repay.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("value: 3000", "value: 1"), encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "-  value: 1\n+  value: 3000" in result.stdout
    assert "differ" in result.stderr


def test_invalid_spec_exits_3_and_leaves_generated_intact(project: Path) -> None:
    assert run("build", cwd=project).returncode == 0
    before = snapshot(project / "generated")
    spec = project / "specs" / "endpoints" / "post_sapi_v1_portfolio_repay.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("signed: true", "signed: often"), encoding="utf-8")
    result = run("generate", cwd=project)
    assert result.returncode == 3
    assert "post_sapi_v1_portfolio_repay.yaml:" in result.stderr and "signed: expected boolean" in result.stderr
    assert snapshot(project / "generated") == before


def test_missing_input_is_a_usage_error(project: Path) -> None:
    result = run("parse", "no/such/folder", cwd=project)
    assert result.returncode == 2
    assert "no/such/folder: no such file or folder" in result.stderr


def test_parse_json_contract(project: Path) -> None:
    result = run("parse", "specs/docs", "--json", cwd=project)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"endpoints", "diagnostics"}
    by_path = {e["path"]: e for e in data["endpoints"]}
    assert set(by_path) == {"/sapi/v1/portfolio/repay", "/sapi/v1/portfolio/pmLoan", "/papi/v1/margin/repay-debt"}
    for ep in data["endpoints"]:
        assert {"method", "path", "signed", "weight", "params", "source"} <= set(ep)
    # the JSON and the YAML use the same keys and values
    assert run("parse", "specs/docs", cwd=project).returncode == 0
    spec = yaml.safe_load((project / "specs/endpoints/post_papi_v1_margin_repay-debt.yaml").read_text(encoding="utf-8"))
    assert spec == by_path["/papi/v1/margin/repay-debt"]
