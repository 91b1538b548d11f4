"""Benchmark the build loop on the shipped pages (not a test; run it by hand).

    .venv/bin/python tests/benchmarks/bench_build.py [DOCS] [--repeat N] [--code CHECKOUT]

Copies the pages (default: the project's own specs/docs, the whole shipped site) into a temporary
project with this project's pyproject.toml, and a snapshot of generator/ and templates/ beside it
(compiled to bytecode, as an install is, and so that edits made to the working tree while it runs do
not invalidate the cache half-way), and times, each as a fresh `specgen` process (wall clock): a cold
build (empty cache), no-op rebuilds, `specgen check` with nothing changed, rebuilds after one page
changed (a weight set to a value not used before, so each is a real change and no whole-build entry
can match), and `check` with a cold cache. Repeated runs print min and median: this machine is shared.
`--code` times another checkout's generator/ and templates/ (a `git worktree` of an older commit) on
the same pages: before and after, side by side on the same machine.

Targets (issue 11): no-op under 0.3 s, one page changed under 1 s, with a warm .specgen-cache.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DOCS = ROOT / "specs" / "docs"
SPECGEN = [sys.executable, "-m", "generator"]
CODE: Path = ROOT
# the page the one-page runs edit, and the line they change (the first weight of GET /api/v3/trades)
EDITED = "binance-spot-api-docs/rest-api/market-data-endpoints.md"
WEIGHT = re.compile(r"^\*\*Weight:\*\* (\d+)$", re.M)


def snapshot_code(target: Path, checkout: Path = ROOT) -> Path:
    """generator/ with templates/ as generator/templates/, importable from `target`, compiled."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(checkout / "generator", target / "generator", ignore=skip)
    shutil.copytree(checkout / "templates", target / "generator" / "templates", ignore=skip)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "generator")], check=True)
    return target


def run(args: list[str], cwd: Path, expect: int = 0) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([*SPECGEN, *args, "--no-progress"], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(CODE), "PATH": "/usr/bin:/bin"})
    seconds = time.perf_counter() - started
    if done.returncode != expect:
        print(done.stderr[-2000:], file=sys.stderr)
    summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return seconds, f"exit {done.returncode}   {summary[-90:]}"


def report(label: str, times: list[float], note: str) -> None:
    if len(times) == 1:
        print(f"{label:<46} {times[0]:7.2f} s                     {note}")
    else:
        print(f"{label:<46} {min(times):7.2f} s min {statistics.median(times):6.2f} s median (n={len(times)})   {note}")


def repeat(label: str, n: int, args: list[str], cwd: Path, before=None) -> None:  # type: ignore[no-untyped-def]
    times, note = [], ""
    for i in range(n):
        if before is not None:
            before(i)
        seconds, note = run(args, cwd)
        times.append(seconds)
    report(label, times, note)


def edit_page(docs: Path) -> Path:
    """The page the one-page runs edit (EDITED, or the first page with a weight)."""
    page = docs / EDITED
    if page.is_file() and WEIGHT.search(page.read_text(encoding="utf-8")):
        return page
    for page in sorted(docs.rglob("*.md")):
        if WEIGHT.search(page.read_text(encoding="utf-8")) and "GET /" in page.read_text(encoding="utf-8"):
            return page
    raise SystemExit("no endpoint page with a weight found to edit")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each warm measurement (default 5)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose generator is timed (default: this one)")
    options = parser.parse_args()
    if not options.docs.is_dir():
        print(f"bench_build: {options.docs} is not there; nothing to measure")
        return 0
    global CODE
    with tempfile.TemporaryDirectory(prefix="specgen-bench-") as tmp:
        CODE = snapshot_code(Path(tmp) / "code", options.code)
        project = Path(tmp) / "project"
        shutil.copytree(options.docs, project / "specs" / "docs")
        shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
        pages = sum(1 for p in (project / "specs" / "docs").rglob("*") if p.is_file())
        print(f"pages {options.docs} ({pages} pages) in {project}; generator of {options.code}")
        seconds, note = run(["build"], project)
        report("cold build (empty cache)", [seconds], note)
        repeat("no-op build", options.repeat, ["build"], project)
        repeat("check, nothing changed", options.repeat, ["check"], project)
        page = edit_page(project / "specs" / "docs")
        start = int(WEIGHT.search(page.read_text(encoding="utf-8")).group(1))  # type: ignore[union-attr]

        def change(i: int) -> None:  # a weight never used before: a real change every time
            text = page.read_text(encoding="utf-8")
            page.write_text(WEIGHT.sub(f"**Weight:** {start + 1000 + i}", text, count=1), encoding="utf-8")

        repeat(f"one page changed ({page.name})", options.repeat, ["build"], project, change)
        repeat("no-op build after that", options.repeat, ["build"], project)
        seconds, note = run(["check"], project)
        report("check after that build", [seconds], note)
        shutil.rmtree(project / ".specgen-cache")
        seconds, note = run(["check"], project)
        report("check, cold cache", [seconds], note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
