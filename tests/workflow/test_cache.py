"""The build cache: hits give the uncached bytes; edits to inputs, templates, black or the generator
invalidate; corrupt or foreign entries are detected and rebuilt."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build, cache, render
from generator.cache import Cache, entry_files

from ..conftest import copy_seed_pages

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_seed_pages(tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _build(c: Cache) -> build.BuildResult:
    return build.build([Path("docs")], Path("specs"), c, render.templates_root(), jobs=1)


def test_cached_build_equals_uncached_build(project: Path) -> None:
    uncached = build.specs_from_pages([Path("docs")])
    files = build.package_files(build.load_spec_texts(uncached.files, Path("specs")))
    # the reference: black on each whole file, no cache, no blocks
    assert files == render.render_package(build.load_spec_texts(uncached.files, Path("specs")))
    c = Cache(project / "cache")
    for _ in range(2):  # cold, then from the whole-build entry
        result = _build(c)
        assert result.spec_files == uncached.files
        assert result.package_files == files
        assert result.diagnostics == uncached.diagnostics
    assert c.stats.hits == {"build": 1}
    shutil.rmtree(project / "cache" / "build")  # the step caches alone give the same bytes
    c = Cache(project / "cache")
    assert _build(c).package_files == files
    assert set(c.stats.hits) == {"parse", "load", "product", "black"} and c.stats.misses == {"build": 1}
    for kind in ("build", "product", "render-pack"):  # and without the products' files: from black's blocks
        shutil.rmtree(project / "cache" / kind)
    c = Cache(project / "cache")
    assert _build(c).package_files == files
    assert set(c.stats.hits) == {"parse", "load", "black"} and set(c.stats.misses) == {"build", "product"}


def test_one_changed_page_is_the_only_page_parsed_again(project: Path) -> None:
    c = Cache(project / "cache")
    _build(c)
    page = sorted((project / "docs").iterdir())[0]
    page.write_text(page.read_text(encoding="utf-8").replace("3000", "2999"), encoding="utf-8")
    c = Cache(project / "cache")
    result = _build(c)
    assert c.stats.misses["parse"] == 1 and c.stats.hits["parse"] == 2
    assert "value: 2999" in "".join(result.spec_files.values())


def test_corrupt_entries_are_rebuilt_never_trusted(tmp_path: Path) -> None:
    c = Cache(tmp_path)
    c.put("black", "ab" * 32, "formatted")
    (path,) = entry_files(c, "black")
    good = path.read_bytes()
    bad_payload = good[:-3] + b"xyz"  # checksum no longer matches
    for damaged in (bad_payload, good[:10], b"", good.replace(b"\n1\n", b"\n999\n", 1)):
        path.write_bytes(damaged)
        assert c.get("black", "ab" * 32) is None
        assert not path.exists()
        c.put("black", "ab" * 32, "formatted")
    assert c.get("black", "ab" * 32) == "formatted"
    assert c.stats.corrupt == 4


def test_corrupt_entry_during_a_build(project: Path) -> None:
    c = Cache(project / "cache")
    expected = _build(c)
    shutil.rmtree(project / "cache" / "build")
    damaged = {}
    for kind in ("black", "parse", "parse-pack", "load", "load-pack", "render-pack", "product"):
        for path in entry_files(c, kind):
            path.write_bytes(path.read_bytes()[:-1] + b"!")
            damaged[path] = path.read_bytes()
    c = Cache(project / "cache")
    assert _build(c) == expected
    # every damaged entry read was noticed (and replaced or removed); one never read stays as it was
    untouched = [path for path, data in damaged.items() if path.exists() and path.read_bytes() == data]
    assert c.stats.corrupt == len(damaged) - len(untouched) >= 3 + 3 + 4
    assert not {"black", "parse", "load", "product"} & set(c.stats.hits)


def test_template_edit_changes_the_build_key(project: Path) -> None:
    templates = project / "templates"
    shutil.copytree(render.templates_root(), templates, ignore=shutil.ignore_patterns("__pycache__"))
    pages = build.read_pages([Path("docs")])
    before = build.build_key(pages, templates)
    product = templates / "product.py.j2"
    product.write_text(product.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    cache.templates_version.cache_clear()
    assert build.build_key(pages, templates) != before


def test_black_version_invalidates_formatted_entries(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    c = Cache(project / "cache")
    _build(c)
    real = cache.package_version
    monkeypatch.setattr(cache, "package_version", lambda name: "0.0-other" if name == "black" else real(name))
    cache.step_version.cache_clear()
    try:
        c = Cache(project / "cache")
        _build(c)
    finally:
        cache.step_version.cache_clear()
    assert c.stats.misses.get("build") == 1
    assert "black" not in c.stats.hits and c.stats.misses["black"] > 0
    assert c.stats.hits["parse"] == 3  # the parser's entries do not depend on black


def test_step_code_invalidates_builds_and_parses(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    c = Cache(project / "cache")
    _build(c)
    monkeypatch.setattr(cache, "generator_version", lambda: "other-generator")
    monkeypatch.setattr(build, "step_version", lambda entry: "other " + entry)
    c = Cache(project / "cache")
    _build(c)
    assert c.stats.misses["build"] == 1 and c.stats.misses["parse"] == 3 and c.stats.misses["load"] == 3
    assert "parse" not in c.stats.hits


def test_each_step_key_holds_the_import_closure_of_its_step() -> None:
    names = {entry: {p.relative_to(cache.GENERATOR_DIR).as_posix() for p in cache.closure(entry)[0]}
             for entry in ("generator.parse", "generator.spec_yaml", "generator.blockwise")}
    # modules outside parse/ that the parser runs: the page reader, naming, hosts, the model
    assert {"pages.py", "naming.py", "hosts.py", "model.py", "vocabulary.py", "parse/link.py"} <= names["generator.parse"]
    assert "render.py" not in names["generator.parse"] and "views.py" not in names["generator.parse"]
    assert {"spec_yaml.py", "schema.py", "model.py", "vocabulary.py"} <= names["generator.spec_yaml"]
    assert "parse/page.py" not in names["generator.spec_yaml"]
    # black runs through render.format_python; the test cases' layout (testcases.py) is memoised there too
    assert {"blockwise.py", "render.py", "views.py", "testcases.py"} <= names["generator.blockwise"]
    assert cache.closure("generator.spec_yaml")[1] == ("tomli", "yaml") or "yaml" in cache.closure("generator.spec_yaml")[1]
    assert "black" in cache.closure("generator.blockwise")[1]


def _copy_code(target: Path) -> Path:
    """generator/ with templates/ as generator/templates/, importable from `target` (PYTHONPATH)."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "generator", target / "generator", ignore=skip)
    shutil.copytree(ROOT / "templates", target / "generator" / "templates", ignore=skip)
    return target


def _specgen(code: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    return subprocess.run([sys.executable, "-m", "generator", *args, "--no-progress"], cwd=cwd, env=env,
                          capture_output=True, text=True)


@pytest.mark.parametrize("module, old, new", [
    # the case: every page reads differently, and the parser's own modules are unchanged
    ("pages.py", 'return page.data.decode("utf-8"), None', 'return page.data.decode("utf-8").replace("3000", "3001"), None'),
    # a module only the black step runs (its memoised layout of the test cases)
    ("testcases.py", "def cases_file(product: str, records: list[dict[str, Any]]) -> str:\n",
     "def cases_file(product: str, records: list[dict[str, Any]]) -> str:\n    return '[]\\n'\n"),
])
def test_a_generator_edit_under_a_warm_cache_is_seen(tmp_path: Path, module: str, old: str, new: str) -> None:
    code = _copy_code(tmp_path / "code")
    project = tmp_path / "project"
    copy_seed_pages(project / "specs" / "docs")
    assert _specgen(code, project, "build").returncode == 0
    assert _specgen(code, project, "check").returncode == 0  # warm and up to date
    source = code / "generator" / module
    text = source.read_text(encoding="utf-8")
    assert old in text, f"{module} no longer has the line this test edits"
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    check = _specgen(code, project, "check")
    assert check.returncode == 1, check.stderr
    assert "differ from what `specgen build` would write" in check.stderr
    uncached = _specgen(code, project, "check", "--no-cache")
    assert uncached.returncode == 1 and uncached.stdout == check.stdout


def test_disabled_cache_stores_nothing(project: Path) -> None:
    c = Cache(None)
    _build(c)
    assert not (project / ".specgen-cache").exists()
    assert c.get("build", "00" * 32) is None


def test_build_entries_are_pruned(tmp_path: Path) -> None:
    c = Cache(tmp_path)
    for i in range(5):
        c.put("build", f"{i:02d}" * 32, i)
    c.prune("build", 2)
    assert len(list(entry_files(c, "build"))) == 2


def test_a_pack_gives_a_value_only_by_its_own_key_and_is_rewritten_past_its_slack(tmp_path: Path) -> None:
    c = Cache(tmp_path)
    pack = cache.Pack(c, "kind", "set")
    for i in range(10):
        pack.put(f"k{i}", [i])
    pack.save(slack=3)  # a new pack is always written
    (path,) = entry_files(c, "kind")
    pack = cache.Pack(c, "kind", "set")
    assert pack.get("k3") == [3] and pack.get("k3") is not pack.get("k3")  # fresh each time
    assert pack.get("other") is None and cache.Pack(c, "kind", "another set").get("k3") is None
    for i in range(10):
        pack.get(f"k{i}")
    pack.put("new", 1)
    before = path.stat().st_mtime_ns, path.read_bytes()
    pack.save(slack=3)  # one value added: left to the caller's own entries
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    pack.put("new2", 2), pack.put("new3", 3), pack.put("new4", 4)
    pack.save(slack=3)  # four added: written again, with the values used
    assert set(cache.Pack(c, "kind", "set").stored) == {f"k{i}" for i in range(10)} | {"new", "new2", "new3", "new4"}
    pack = cache.Pack(c, "kind", "set")
    pack.get("k0")
    pack.save(slack=3)  # thirteen went unused: dropped
    assert set(cache.Pack(c, "kind", "set").stored) == {"k0"}
    path.write_bytes(path.read_bytes()[:-1] + b"!")
    assert cache.Pack(c, "kind", "set").get("k0") is None and c.stats.corrupt == 1
