"""Safe, predictable regeneration (issue 13), through the real command line in temporary projects on
the seed pages and small hand-written pages: nothing a user wrote is removed without --prune, files
specgen did not write survive, modes and build leftovers are kept, a read-only or failing write is
one line and changes nothing, the project is found from a subfolder, bad specs are refused by name."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, SEED_PAGES, copy_seed_pages
from ..hostile.pages import Page

REPAY_PAGE = SEED_PAGES[0].name  # POST /sapi/v1/portfolio/repay, product portfolio_margin_pro
REPAY_SPEC = "post_sapi_v1_portfolio_repay.yaml"
PAPI_PAGE = next(p.name for p in SEED_PAGES if "papi/v1/margin/repay-debt" in p.read_text(encoding="utf-8"))
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(cwd: Path, *args: str, fail: str = "") -> subprocess.CompletedProcess[str]:
    """`specgen ARGS` in a fresh process (through tests/interrupt/hooks.py, which can fail a write)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPECGEN_TEST_FAIL": fail}
    quiet = ["--no-progress"] if args[0] in ("parse", "generate", "build", "check") else []
    return subprocess.run([sys.executable, "-m", "tests.interrupt.hooks", *args, *quiet],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder below `folder`: bytes (folders: b"") and mode."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if ".specgen-cache" in p.parts or "__pycache__" in p.parts:
            continue
        out[p.relative_to(folder).as_posix()] = (p.read_bytes() if p.is_file() else b"", stat.S_IMODE(p.stat().st_mode))
    return out


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The seed pages, built once."""
    project = tmp_path / "project"
    copy_seed_pages(project / "specs" / "docs")
    done = run(project, "build")
    assert done.returncode == 0, done.stderr
    return project


def edit_weight(project: Path, old: str = "3000", new: str = "4000") -> None:
    page = project / "specs" / "docs" / REPAY_PAGE
    page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


# ------------------------------------------------------------------------------ parse PAGE keeps the rest


def test_parsing_one_page_updates_only_its_specs(project: Path) -> None:
    specs = project / "specs" / "endpoints"
    before = snapshot(specs)
    edit_weight(project)
    done = run(project, "parse", f"specs/docs/{REPAY_PAGE}")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1].endswith(
        "specs/endpoints updated (1 spec from these pages, 2 others kept)")
    after = snapshot(specs)
    assert set(after) == set(before)
    assert [n for n in after if after[n] != before[n]] == [REPAY_SPEC]
    assert "value: 4000" in (specs / REPAY_SPEC).read_text(encoding="utf-8")
    # the spec is what a build writes for that page (linked with the other pages as a build links them)
    assert run(project, "build").stderr.strip().endswith("specs/endpoints unchanged, generated updated")


def test_a_page_parsed_from_elsewhere_stops_the_build_by_name(project: Path) -> None:
    (project / "scrape").mkdir()
    (project / "scrape" / "gadget.md").write_text(Page().format_a(), encoding="utf-8")
    done = run(project, "parse", "scrape/gadget.md")
    assert done.returncode == 0, done.stderr
    assert (project / "specs" / "endpoints" / "get_sapi_v1_gadget_orders.yaml").is_file()
    assert len(list((project / "specs" / "endpoints").glob("*.yaml"))) == 4  # the other three kept
    before = snapshot(project)
    refused = run(project, "build")
    assert refused.returncode == 4, refused.stderr
    assert "specs/endpoints/get_sapi_v1_gadget_orders.yaml (from scrape/gadget.md)" in refused.stderr
    assert "--prune" in refused.stderr
    assert snapshot(project) == before
    pruned = run(project, "build", "--prune")
    assert pruned.returncode == 0, pruned.stderr
    assert not (project / "specs" / "endpoints" / "get_sapi_v1_gadget_orders.yaml").exists()


# ------------------------------------------------------------------------------ a build that would remove specs


@pytest.mark.parametrize("docs", ["empty", f"specs/docs/{REPAY_PAGE}"], ids=["empty docs", "wrong docs"])
def test_an_empty_or_wrong_docs_folder_refuses_and_changes_nothing(project: Path, docs: str) -> None:
    (project / "empty").mkdir()
    before = snapshot(project)
    refused = run(project, "build", "--docs", docs)
    assert refused.returncode == 4, refused.stderr
    assert refused.stderr.startswith("specgen: refusing to write specs/endpoints:")
    assert "rerun with --prune" in refused.stderr
    no_traceback(refused)
    assert snapshot(project) == before
    assert run(project, "check").returncode == 0
    pruned = run(project, "build", "--docs", docs, "--prune")
    assert pruned.returncode == 0, pruned.stderr
    assert len(list((project / "specs" / "endpoints").glob("*.yaml"))) == (0 if docs == "empty" else 1)


def gadget_pages(docs: Path, count: int, side: str = "`BUY` or `SELL`") -> None:
    docs.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        params = [("symbol", "STRING", "YES", ""), ("side", "ENUM", "NO", side), ("timestamp", "LONG", "YES", "")]
        page = Page(path=f"/sapi/v1/gadget/p{i:02d}", params=params,
                    url=f"https://developers.binance.com/docs/gadget/account/p{i:02d}")
        (docs / f"p{i:02d}.md").write_text(page.format_a(f"p{i:02d}"), encoding="utf-8")


def test_a_bad_scrape_that_loses_value_lists_stops_the_build(tmp_path: Path) -> None:
    project = tmp_path / "project"
    docs = project / "specs" / "docs"
    gadget_pages(docs, 12)
    assert run(project, "build").returncode == 0
    spec = (project / "specs" / "endpoints" / "get_sapi_v1_gadget_p00.yaml").read_text(encoding="utf-8")
    assert "  - BUY\n  - SELL\n" in spec
    (docs / "p11.md").unlink()  # one endpoint gone: a page Binance retired, not a bad scrape
    assert run(project, "build").returncode == 0
    gadget_pages(docs, 11, side="")  # the same pages, the values gone (a definitions page lost)
    before = snapshot(project)
    refused = run(project, "build")
    assert refused.returncode == 4, refused.stderr
    assert "empty the value lists of 11 of 11 parameters" in refused.stderr
    assert "values lost: specs/endpoints/get_sapi_v1_gadget_p00.yaml: `side` (BUY, SELL)" in refused.stderr
    assert snapshot(project) == before
    assert run(project, "build", "--prune").returncode == 0


# ------------------------------------------------------------------------------ files specgen did not write


def test_files_specgen_did_not_write_survive_a_build(project: Path) -> None:
    mine = {"generated/NOTES.md": "my notes\n", "generated/tests/test_mine.py": "def test_x():\n    pass\n",
            "specs/endpoints/README.md": "what these specs are\n"}
    for name, text in mine.items():
        (project / name).write_text(text, encoding="utf-8")
    edit_weight(project)
    done = run(project, "build", "-v")
    assert done.returncode == 0, done.stderr
    assert "specgen: kept generated/NOTES.md (not written by specgen)" in done.stderr
    assert done.stderr.strip().endswith("generated updated (2 files not written by specgen kept)")
    for name, text in mine.items():
        assert (project / name).read_text(encoding="utf-8") == text, name
    assert "NOTES.md" not in (project / "generated" / ".specgen-files").read_text(encoding="utf-8")
    assert run(project, "check").returncode == 0


def test_a_file_specgen_no_longer_writes_is_removed_and_one_it_never_wrote_is_not_overwritten(project: Path) -> None:
    module = project / "generated" / "binance_api" / "_api_portfolio_margin.py"
    assert module.is_file()
    page = project / "specs" / "docs" / PAPI_PAGE
    text = page.read_text(encoding="utf-8")
    page.unlink()  # its only endpoint gone: one spec of three, a page deleted from the docs folder
    assert run(project, "build").returncode == 0
    assert not module.exists() and not (project / "generated" / "tests" / "cases" / "portfolio_margin.json").exists()
    module.write_text("# my own module\n", encoding="utf-8")  # a hand-made file where specgen will write
    page.write_text(text, encoding="utf-8")
    before = snapshot(project)
    refused = run(project, "build")
    assert refused.returncode == 4
    assert "refusing to overwrite generated/binance_api/_api_portfolio_margin.py" in refused.stderr
    assert snapshot(project) == before
    assert run(project, "build", "--prune").returncode == 0
    assert module.read_text(encoding="utf-8") != "# my own module\n"


def test_pip_install_leftovers_survive_and_are_ignored(project: Path) -> None:
    leftovers = ["generated/build/lib/binance_api/_core.py", "generated/binance_api.egg-info/PKG-INFO",
                 "generated/binance_api/__pycache__/_core.cpython-311.pyc"]
    for name in leftovers:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("left by pip\n", encoding="utf-8")
    edit_weight(project)
    assert run(project, "build").returncode == 0
    for name in leftovers:
        assert (project / name).read_text(encoding="utf-8") == "left by pip\n", name
    assert run(project, "check").returncode == 0
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "generated/build/" in ignored and "*.egg-info/" in ignored


# ------------------------------------------------------------------------------ modes and permissions


def test_folder_and_file_modes_are_kept(project: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((project / "generated").stat().st_mode) == 0o777 & ~umask  # never 0700
    assert stat.S_IMODE((project / "specs" / "endpoints").stat().st_mode) == 0o777 & ~umask
    chosen = {"generated": 0o750, "generated/binance_api": 0o710, "generated/binance_api/_client.py": 0o600,
              "specs/endpoints": 0o751, f"specs/endpoints/{REPAY_SPEC}": 0o664}
    for name, mode in chosen.items():
        os.chmod(project / name, mode)
    edit_weight(project)
    assert run(project, "build").returncode == 0
    for name, mode in chosen.items():
        assert stat.S_IMODE((project / name).stat().st_mode) == mode, name
    assert "value: 4000" in (project / "specs" / "endpoints" / REPAY_SPEC).read_text(encoding="utf-8")


@pytest.mark.parametrize("read_only, named", [("generated", "generated: read-only folder; not replaced"),
                                             (".", "read-only folder"),
                                             ("generated/pyproject.toml", "generated/pyproject.toml: read-only file")])
def test_a_read_only_folder_or_file_is_not_replaced(project: Path, read_only: str, named: str) -> None:
    page = project / "specs" / "docs" / REPAY_PAGE
    edit_weight(project)
    (project / "generated" / "pyproject.toml").write_text("changed by hand\n", encoding="utf-8")
    before = snapshot(project)
    target = project / read_only
    mode = stat.S_IMODE(target.stat().st_mode)
    os.chmod(target, mode & ~0o222)
    try:
        done = run(project, "build")
    finally:
        os.chmod(target, mode)
    assert done.returncode == 5, done.stderr
    no_traceback(done)
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("specgen: cannot write ") and named in line and line.endswith("; nothing was changed")
    assert snapshot(project) == before
    assert page.exists()


@pytest.mark.parametrize("error, text", [("ENOSPC", "No space left on device"), ("EROFS", "Read-only file system"),
                                         ("EACCES", "Permission denied")])
@pytest.mark.parametrize("nth", [1, 9])
def test_a_failing_write_is_one_line_and_changes_nothing(project: Path, error: str, text: str, nth: int) -> None:
    edit_weight(project)
    before = snapshot(project)
    done = run(project, "build", fail=f"{nth}:{error}")
    assert done.returncode == 5, done.stderr
    no_traceback(done)
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("specgen: cannot write specs/endpoints/") or line.startswith("specgen: cannot write generated/")
    assert f": {text}; nothing was changed" in line and ".new-" not in line
    assert snapshot(project) == before
    assert run(project, "build").returncode == 0  # and the next run goes through


def test_openapi_into_a_read_only_folder_is_one_line(project: Path) -> None:
    (project / "out").mkdir()
    os.chmod(project / "out", 0o555)
    try:
        done = run(project, "openapi", "-o", "out/api.json")
    finally:
        os.chmod(project / "out", 0o755)
    assert done.returncode == 5
    no_traceback(done)
    assert done.stderr.strip() == "specgen: cannot write out: read-only folder; nothing was changed"
    assert not (project / "out" / "api.json").exists()
    assert run(project, "openapi", "-o", "out/api.json").returncode == 0


# ------------------------------------------------------------------------------ the project root


def test_commands_work_from_a_subfolder_of_the_project(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "mine"\n\n[tool.specgen]\n', encoding="utf-8")
    sub = project / "specs"
    done = run(sub, "check", "-v")
    assert done.returncode == 0, done.stderr
    assert f"specgen: project root {project.resolve()} (pyproject.toml has [tool.specgen])" in done.stderr
    edit_weight(project)
    done = run(project / "specs" / "docs", "parse", REPAY_PAGE)  # a path relative to where it is run
    assert done.returncode == 0, done.stderr
    spec = (project / "specs" / "endpoints" / REPAY_SPEC).read_text(encoding="utf-8")
    assert f"file: specs/docs/{REPAY_PAGE}" in spec and "value: 4000" in spec  # sources stay root-relative
    assert run(sub, "build").returncode == 0
    assert run(sub, "check").returncode == 0
    assert not (sub / ".specgen-cache").exists()  # the cache lives at the root


def test_without_a_table_the_current_folder_is_the_root(project: Path) -> None:
    done = run(project / "specs", "-v", "check")
    assert done.returncode == 2
    assert "no pyproject.toml with [tool.specgen]" in done.stderr
    assert "specs/docs: no such file or folder" in done.stderr


def test_the_projects_own_pyproject_has_a_specgen_table() -> None:
    from generator.config import find_root, load_config

    root, source = find_root(ROOT / "specs" / "docs")
    assert root == ROOT and source == ROOT / "pyproject.toml"
    assert load_config(ROOT).docs == Path("specs/docs")


# ------------------------------------------------------------------------------ specs refused by name


def test_an_unknown_type_in_a_spec_is_refused_by_name(project: Path) -> None:
    spec = project / "specs" / "endpoints" / REPAY_SPEC
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("  type: STRING", "  type: DECIMEL", 1), encoding="utf-8")
    before = snapshot(project / "generated")
    done = run(project, "generate")
    assert done.returncode == 3
    line = text.splitlines().index("  type: STRING") + 1
    assert (f"specs/endpoints/{REPAY_SPEC}:{line}: params[0].type: unknown value 'DECIMEL'; did you mean `DECIMAL`?"
            in done.stderr)
    assert snapshot(project / "generated") == before
    spec.write_text(text.replace("  required: true", "  requird: true", 1), encoding="utf-8")
    done = run(project, "generate")
    assert done.returncode == 3 and "requird: unknown key; did you mean `required`?" in done.stderr


def test_generate_from_an_empty_spec_folder_refuses(project: Path) -> None:
    for spec in (project / "specs" / "endpoints").glob("*.yaml"):
        spec.unlink()
    before = snapshot(project / "generated")
    done = run(project, "generate")
    assert done.returncode == 4 and "holds no spec" in done.stderr
    assert snapshot(project / "generated") == before


# ------------------------------------------------------------------------------ feedback


def test_the_summary_counts_pages_skipped_and_verbose_lists_them(project: Path) -> None:
    docs = project / "specs" / "docs"
    (docs / "general.md").write_text("# General info\n\nNo endpoints here.\n", encoding="utf-8")
    shutil.copy(docs / REPAY_PAGE, docs / "zz-copy.txt")  # the same endpoint again: left out as a duplicate
    done = run(project, "build")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(
        "specgen: 5 pages (2 skipped: 1 duplicate-endpoint, 1 not-an-endpoint-page), 3 endpoints, 1 warnings")
    verbose = run(project, "build", "-v")
    assert "specgen: skipped specs/docs/general.md [not-an-endpoint-page]" in verbose.stderr
    assert "specgen: skipped specs/docs/zz-copy.txt [duplicate-endpoint]" in verbose.stderr


def test_parse_help_lists_only_what_applies_to_parse() -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "parse", "--help"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    text = done.stdout
    for option in ("--json", "--specs", "--docs", "--overrides", "--prune", "--strict", "--no-cache", "--jobs",
                   "--no-progress", "--verbose"):
        assert option in text, option
    assert "--out" not in text and "black" not in text


def test_what_the_package_folder_keeps(tmp_path: Path) -> None:
    from generator.outputs import MANIFEST, package_folder

    package = {"binance_api/a.py": "A\n", "README.md": "generated readme\n"}
    first = package_folder(tmp_path, package, ("README.md",), "log\n", current={})
    assert first.write.files["README.md"] == "generated readme\n"  # kept, but not there yet: written once
    assert first.write.files[MANIFEST].splitlines()[1:] == ["CHANGELOG.md", "README.md", "binance_api/a.py"]
    current = {**first.write.files, "README.md": "mine\n", "NOTES.md": "notes\n", "binance_api/old.py": "old\n"}
    current[MANIFEST] += "binance_api/old.py\n"  # written by an earlier build, no longer
    again = package_folder(tmp_path, {"binance_api/a.py": "A2\n", "README.md": "generated readme\n"},
                           ("README.md",), None, current=current)
    assert set(again.write.carry) == {"README.md", "NOTES.md", "CHANGELOG.md"} and again.foreign == ["NOTES.md"]
    assert "binance_api/old.py" not in again.expected() and again.expected()["README.md"] == "mine\n"
    assert again.clobbered == []
    current["binance_api/new.py"] = "a hand-made file\n"
    later = package_folder(tmp_path, {"binance_api/new.py": "generated\n"}, (), None, current=current)
    assert later.clobbered == ["binance_api/new.py"]


def test_a_rebuild_rewrites_only_the_files_that_change(project: Path) -> None:
    """The folders are still swapped whole, but an unchanged file is the same file (linked into the new
    folder, not rewritten): its inode, bytes and mode survive; a changed one is new."""
    core = project / "generated" / "binance_api" / "_core.py"
    os.chmod(core, 0o640)
    before = core.stat()
    spec_files = {p.name: p.stat().st_ino for p in (project / "specs" / "endpoints").glob("*.yaml")}
    edit_weight(project)
    done = run(project, "build")
    assert done.returncode == 0, done.stderr
    after = core.stat()
    assert (after.st_ino, stat.S_IMODE(after.st_mode), after.st_nlink) == (before.st_ino, 0o640, 1)
    now = {p.name: p.stat().st_ino for p in (project / "specs" / "endpoints").glob("*.yaml")}
    changed = {name for name in spec_files if now.get(name) != spec_files[name]}
    assert len(changed) == 1, changed  # the spec of the edited endpoint only
