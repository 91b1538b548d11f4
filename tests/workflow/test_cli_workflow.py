"""End to end through the command line: determinism across hash seeds, config and kept files,
CHANGELOG.md, the summary line, openapi export."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

from ..conftest import copy_seed_pages

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_SPECS = ROOT / "tests" / "fixtures" / "specs"


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          env=environ)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".specgen-cache" not in p.parts}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_seed_pages(tmp_path / "specs" / "docs")
    return tmp_path


def test_builds_under_different_hash_seeds_are_byte_identical(tmp_path: Path) -> None:
    results = []
    for seed in ("0", "4242"):
        folder = tmp_path / seed
        copy_seed_pages(folder / "specs" / "docs")
        shutil.copytree(FIXTURE_SPECS, folder / "fixture-specs")
        done = run("build", "--no-cache", cwd=folder, PYTHONHASHSEED=seed)
        assert done.returncode == 0, done.stderr
        done = run("generate", "--specs", "fixture-specs", "--out", "fixture-out", "--no-cache", cwd=folder,
                   PYTHONHASHSEED=seed)
        assert done.returncode == 0, done.stderr
        results.append(snapshot(folder))
    assert results[0] == results[1]
    for name, data in results[0].items():
        if name.startswith(("specs/endpoints", "generated", "fixture-out")):
            assert b"\r\n" not in data, name


def test_summary_is_the_last_line_and_a_noop_build_changes_nothing(project: Path) -> None:
    first = run("build", cwd=project)
    assert first.returncode == 0, first.stderr
    last = first.stderr.strip().splitlines()[-1]
    assert last.startswith("specgen: 3 pages, 3 endpoints, 0 warnings, 0 errors, ")
    assert last.endswith("specs/endpoints updated, generated updated")
    before = snapshot(project)
    second = run("build", cwd=project)
    assert second.stderr.strip().splitlines()[-1].endswith("specs/endpoints unchanged, generated unchanged")
    assert snapshot(project) == before
    check = run("check", cwd=project)
    assert check.returncode == 0 and check.stdout == ""


def test_changelog_records_spec_changes_only(project: Path) -> None:
    assert run("build", cwd=project).returncode == 0
    log = project / "generated" / "CHANGELOG.md"
    first = log.read_text(encoding="utf-8")
    assert "First specs: 3 endpoints." in first
    assert "## 2026-" in first  # heading from the pages' updated_at, not the clock
    assert run("build", cwd=project).returncode == 0
    assert log.read_text(encoding="utf-8") == first  # no-op: untouched
    page = project / "specs" / "docs" / "000_03cbd8f0fbc0fa4e.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("3000", "4000"), encoding="utf-8")
    assert run("check", cwd=project).returncode == 1
    assert run("build", cwd=project).returncode == 0
    text = log.read_text(encoding="utf-8")
    assert text.endswith(first.split("\n\n", 2)[2])  # older entries kept below the new one
    assert "- `portfolio_margin_pro.post_portfolio_repay()` (`POST /sapi/v1/portfolio/repay`): UID weight 3000 -> 4000 [weight-raised]" in text
    assert run("generate", cwd=project).returncode == 0  # regeneration keeps it
    assert log.read_text(encoding="utf-8") == text
    assert run("check", cwd=project).returncode == 0


def test_config_sets_folders_and_flags_override(project: Path) -> None:
    (project / "specs" / "docs").rename(project / "pages")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.specgen]\ndocs = "pages"\nspecs = "api-specs"\nout = "client"\n'
        'keep = ["README.md", "notes/todo.txt"]\n', encoding="utf-8")
    assert run("build", cwd=project).returncode == 0
    assert (project / "api-specs" / "schema.json").is_file() and (project / "client" / "binance_api").is_dir()
    (project / "client" / "README.md").write_text("hand-written\n", encoding="utf-8")
    (project / "client" / "notes").mkdir()
    (project / "client" / "notes" / "todo.txt").write_text("mine\n", encoding="utf-8")
    (project / "client" / "stray.txt").write_text("not kept\n", encoding="utf-8")
    assert run("check", cwd=project).returncode == 0  # a file specgen did not write is left alone
    assert run("build", cwd=project).returncode == 0
    assert (project / "client" / "README.md").read_text(encoding="utf-8") == "hand-written\n"
    assert (project / "client" / "notes" / "todo.txt").read_text(encoding="utf-8") == "mine\n"
    assert (project / "client" / "stray.txt").read_text(encoding="utf-8") == "not kept\n"
    assert run("check", cwd=project).returncode == 0
    assert run("build", "--out", "elsewhere", cwd=project).returncode == 0  # the flag wins
    assert (project / "elsewhere" / "binance_api").is_dir()


@pytest.mark.parametrize("table, message", [
    ('[tool.specgen]\ndocs = 3\n', "pyproject.toml:2: [tool.specgen] docs: expected a folder path"),
    ('[tool.specgen]\n\nspec = "x"\n', "pyproject.toml:3: [tool.specgen] spec: unknown key"),
    ('[tool.specgen]\nkeep = ["../x"]\n', "keep: expected relative POSIX paths inside `out`"),
    ('[tool.specgen]\nbase_urls = {api = "ftp://x"}\n', 'base_urls: expected a table of path prefix = "https://..."'),
    ('[tool.specgen\n', "not valid TOML"),
    ('[tool.specgen]\npackage = "other"\n', "the renderer writes the package as 'binance_api' only"),
])
def test_bad_config_is_a_usage_error(project: Path, table: str, message: str) -> None:
    (project / "pyproject.toml").write_text(table, encoding="utf-8")
    result = run("build", cwd=project)
    assert result.returncode == 2
    assert message in result.stderr


def test_config_defaults_without_a_table(tmp_path: Path) -> None:
    from generator.config import Config, load_config

    assert load_config(tmp_path) == Config()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config(tmp_path) == Config()


def test_config_package_default_matches_the_renderer() -> None:
    from generator import config, render

    assert config.DEFAULT_PACKAGE == render.PACKAGE


def test_openapi_command_writes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "api.json"
    assert main(["openapi", "--specs", str(FIXTURE_SPECS), "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["openapi"] == "3.1.0"
    assert main(["openapi", "--specs", str(FIXTURE_SPECS)]) == 0
    assert json.loads(capsys.readouterr().out) == doc
    assert main(["openapi", "--specs", str(tmp_path / "missing")]) == 3
