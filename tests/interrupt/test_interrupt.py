"""Exit codes, and nothing lost: `specgen build` in a temporary project, interrupted (SIGINT) or
killed (SIGKILL) at chosen and at random points, leaves each output folder byte-identical to
before or to the complete new output; a swap cut between its renames is recovered by the next run;
no file outside the output folders is ever written or deleted."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..hostile.pages import Page

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = ("specs/endpoints", "generated", ".specgen-cache")


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def tree(top: Path) -> dict[str, bytes]:
    """Every file under `top` except inside the output folders (and their temp/old siblings)."""
    out = {}
    for p in sorted(top.rglob("*")):
        rel = p.relative_to(top).as_posix()
        if p.is_file() and not any(f"/{o}/" in f"/{rel}" or f"/.{o.split('/')[-1]}." in f"/{rel}"
                                   for o in OUTPUTS):
            out[rel] = p.read_bytes()
    return out


def spawn(project: Path, *args: str, pause: str = "") -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPECGEN_TEST_PAUSE": pause,
           "SPECGEN_TEST_MARK": str(project.parent / "paused")}
    return subprocess.Popen([sys.executable, "-m", "tests.interrupt.hooks", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = spawn(project, *args)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def wait_paused(project: Path, proc: subprocess.Popen[str]) -> None:
    mark = project.parent / "paused"
    for _ in range(12000):  # up to 120 s: a loaded machine can take long to start a build
        if mark.exists():
            mark.unlink()
            return
        if proc.poll() is not None:
            raise AssertionError(f"exited {proc.returncode} before pausing: {proc.stderr.read() if proc.stderr else ''}")
        time.sleep(0.01)
    raise AssertionError("never paused")


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, bytes]]]:
    """The output folders before (old docs) and after (new docs) a complete build."""
    out: dict[str, dict[str, dict[str, bytes]]] = {}
    project = make_project(tmp_path_factory.mktemp("states") / "project")
    for label in ("old", "new"):  # the new state follows the old one (the CHANGELOG records the step)
        if label == "new":
            to_new_docs(project)
        result = run(project, "build")
        assert result.returncode == 0, result.stderr
        out[label] = {o: snapshot(project / o) for o in OUTPUTS[:2]}
    assert out["old"] != out["new"]
    for o in OUTPUTS[:2]:
        assert out["old"][o] != out["new"][o], o
    return out


def make_project(project: Path, new: bool = False) -> Path:
    docs = project / "specs" / "docs"
    docs.mkdir(parents=True)
    for p in sorted((ROOT / "specs" / "docs").glob("*.txt")):
        shutil.copy(p, docs / p.name)
    page = Page(weight="**40**" if new else "**20**", description="New text." if new else "Old text.")
    (docs / "gadget.md").write_text(page.format_a(), encoding="utf-8")
    (project.parent / "outside.txt").write_text("a file next to the project", encoding="utf-8")
    return project


def to_new_docs(project: Path) -> None:
    page = Page(weight="**40**", description="New text.")
    (project / "specs" / "docs" / "gadget.md").write_text(page.format_a(), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, states: dict) -> Path:
    project = make_project(tmp_path / "project")
    assert run(project, "build").returncode == 0
    assert {o: snapshot(project / o) for o in OUTPUTS[:2]} == states["old"]
    to_new_docs(project)
    return project


def assert_old_or_new(project: Path, states: dict, recoverable: bool = False) -> None:
    for o in OUTPUTS[:2]:
        folder = project / o
        if recoverable and not folder.exists():
            assert (folder.parent / f".{folder.name}.old").is_dir(), o
            continue
        assert snapshot(folder) in (states["old"][o], states["new"][o]), f"{o} is a mix of old and new"


def assert_recovers(project: Path, states: dict) -> None:
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    for o in OUTPUTS[:2]:
        # byte for byte, CHANGELOG.md included: a kill between the swaps is rolled forward from the
        # journal, so the history records the step the killed run computed
        assert snapshot(project / o) == states["new"][o], o
        leftovers = [p.name for p in (project / o).parent.iterdir() if p.name.startswith(f".{Path(o).name}.")]
        assert not leftovers, leftovers


# ------------------------------------------------------------------------------------------ exit codes


def test_exit_0_and_1_and_strict(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    assert run(project, "build").returncode == 0
    (project / "specs" / "docs" / "broken.md").write_bytes(Page(path="/sapi/v1/x").format_a().encode() + b"\xff")
    lax = run(project, "build")
    assert lax.returncode == 0, lax.stderr  # a warning (invalid UTF-8) is allowed...
    assert "warning" in lax.stderr and "[encoding-error]" in lax.stderr
    strict = run(project, "build", "--strict")
    assert strict.returncode == 1  # ...unless --strict
    rows = "".join(f"p{i}| STRING| NO| \n" for i in range(300))
    bad = Page(path="/sapi/v1/huge").format_a().replace("timestamp| LONG| YES|   ", "timestamp| LONG| YES|   \n" + rows)
    (project / "specs" / "docs" / "huge.md").write_text(bad, encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 1
    line = next(ln for ln in result.stderr.splitlines() if "[too-many-params]" in ln)
    assert line.startswith("specs/docs/huge.md:") and ": error: " in line
    # the other pages were still built
    assert (project / "specs" / "endpoints" / "post_sapi_v1_portfolio_repay.yaml").is_file()
    assert (project / "specs" / "endpoints" / "get_sapi_v1_x.yaml").is_file()


def test_exit_2_usage(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    assert run(project, "build", "--no-such-flag").returncode == 2
    assert run(project, "parse", "missing/folder").returncode == 2
    assert run(project, "build", "--docs", "missing").returncode == 2


def test_exit_3_invalid_spec_leaves_generated(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    assert run(project, "build").returncode == 0
    before = snapshot(project / "generated")
    spec = project / "specs" / "endpoints" / "get_sapi_v1_gadget_orders.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    result = run(project, "generate")
    assert result.returncode == 3
    assert "get_sapi_v1_gadget_orders.yaml:" in result.stderr
    assert snapshot(project / "generated") == before


@pytest.mark.parametrize("pause", ["write:3", "write:20"])
def test_exit_130_on_sigint_changes_nothing(project: Path, states: dict, pause: str) -> None:
    outside = tree(project.parent)
    proc = spawn(project, "build", pause=pause)
    wait_paused(project, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    for o in OUTPUTS[:2]:
        assert snapshot(project / o) == states["old"][o], o
        assert not [p for p in (project / o).parent.iterdir() if p.name.startswith(f".{Path(o).name}.")]
    assert tree(project.parent) == outside


# ------------------------------------------------------------------------------------------ SIGKILL


@pytest.mark.parametrize("pause", ["write:2", "write:15", "write:25"] + [f"swap:{n}" for n in range(1, 7)])
def test_sigkill_at_chosen_points(project: Path, states: dict, pause: str) -> None:
    outside = tree(project.parent)
    proc = spawn(project, "build", pause=pause)
    wait_paused(project, proc)
    proc.kill()
    proc.communicate(timeout=60)
    assert_old_or_new(project, states, recoverable=True)
    assert tree(project.parent) == outside
    assert_recovers(project, states)
    assert tree(project.parent) == outside


def test_sigkill_after_random_delays(project: Path, states: dict) -> None:
    outside = tree(project.parent)
    rng = random.Random(1234)
    started = time.perf_counter()
    probe = spawn(project, "build", "--no-cache")
    probe.communicate(timeout=120)
    duration = time.perf_counter() - started  # how long one build takes on this machine
    for _ in range(6):
        for o in OUTPUTS[:2]:  # back to the old output, then build the new docs and kill it
            shutil.rmtree(project / o)
            folder = project / o
            folder.mkdir(parents=True)
            for rel, data in states["old"][o].items():
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(data)
        proc = spawn(project, "build", "--no-cache")
        time.sleep(rng.uniform(0.2, 1.0) * duration)
        proc.kill()
        proc.communicate(timeout=60)
        assert_old_or_new(project, states, recoverable=True)
        assert tree(project.parent) == outside
    assert_recovers(project, states)


# ------------------------------------------------------------------------------------------ journal


def _two_folders(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "specs" / "endpoints", tmp_path / "generated"
    for folder in (a, b):
        folder.mkdir(parents=True)
        (folder / "f.txt").write_text("old", encoding="utf-8")
    return a, b


def _temps(a: Path, b: Path) -> list[tuple[Path, Path]]:
    swaps = []
    for folder in (a, b):
        tmp = folder.parent / f".{folder.name}.new-x"
        tmp.mkdir()
        (tmp / "f.txt").write_text("new", encoding="utf-8")
        swaps.append((folder, tmp))
    return swaps


def test_committed_journal_is_rolled_forward_from_either_folder(tmp_path: Path) -> None:
    from generator import folders as build

    a, b = _two_folders(tmp_path)
    swaps = _temps(a, b)
    build._write_journals(swaps)
    build._swap(a, swaps[0][1])  # killed here: a is new, b is old
    build.recover(b)
    assert [(f / "f.txt").read_text(encoding="utf-8") for f in (a, b)] == ["new", "new"]
    assert sorted(p.name for p in a.parent.iterdir()) == ["endpoints"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "specs"]


def test_journal_set_missing_a_journal_is_undone(tmp_path: Path) -> None:
    from generator import folders as build

    a, b = _two_folders(tmp_path)
    swaps = _temps(a, b)
    build._write_journals(swaps)
    build._journal(b).unlink()  # killed before the last journal existed: nothing was swapped
    build.recover(a)
    build.recover(b)
    assert [(f / "f.txt").read_text(encoding="utf-8") for f in (a, b)] == ["old", "old"]
    assert sorted(p.name for p in a.parent.iterdir()) == ["endpoints"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "specs"]
