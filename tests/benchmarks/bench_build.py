"""Benchmark the build loop on the shared corpus (not a test; run it by hand).

    .venv/bin/python tests/benchmarks/bench_build.py [CORPUS]

Copies the corpus (default ../shared/corpus/binance-a) into a temporary project, and a snapshot of
generator/ and templates/ beside it (so edits made to the working tree while it runs do not
invalidate the cache half-way), and times, each as a fresh `specgen` process: a cold build (empty cache), a no-op rebuild, a rebuild after one page
changed, and `specgen check` with nothing changed. Targets: no-op and check < 0.5 s, one page < 1.5 s.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "binance-a"
SPECGEN = [sys.executable, "-m", "generator"]
CODE: Path = ROOT


def snapshot_code(target: Path) -> Path:
    """generator/ with templates/ as generator/templates/, importable from `target`."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "generator", target / "generator", ignore=skip)
    shutil.copytree(ROOT / "templates", target / "generator" / "templates", ignore=skip)
    return target


def timed(label: str, args: list[str], cwd: Path, expect: int = 0) -> float:
    started = time.perf_counter()
    done = subprocess.run([*SPECGEN, *args, "--no-progress"], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(CODE), "PATH": "/usr/bin:/bin"})
    seconds = time.perf_counter() - started
    summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    print(f"{label:<28} {seconds:7.2f} s   exit {done.returncode}   {summary}")
    if done.returncode != expect:
        print(done.stderr[-2000:], file=sys.stderr)
    return seconds


def one_page(docs: Path) -> Path:
    """A page with an endpoint, edited so that its spec changes (its first weight of 1 becomes 7)."""
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if "**Weight:** 1\n" in text and "GET /" in text:
            page.write_text(text.replace("**Weight:** 1\n", "**Weight:** 7\n", 1), encoding="utf-8")
            return page
    raise SystemExit("no endpoint page found to edit")


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"bench_build: {corpus} is not there; nothing to measure")
        return 0
    global CODE
    with tempfile.TemporaryDirectory(prefix="specgen-bench-") as tmp:
        CODE = snapshot_code(Path(tmp) / "code")
        project = Path(tmp) / "project"
        shutil.copytree(corpus, project / "specs" / "docs")
        pages = sum(1 for p in (project / "specs" / "docs").rglob("*") if p.is_file())
        print(f"corpus {corpus} ({pages} pages) in {project}")
        timed("cold build (empty cache)", ["build"], project)
        timed("no-op rebuild", ["build"], project)
        timed("check, nothing changed", ["check"], project)
        page = one_page(project / "specs" / "docs")
        timed(f"one page changed ({page.name})", ["build"], project)
        timed("check after that build", ["check"], project)
        shutil.rmtree(project / ".specgen-cache")
        timed("check, cold cache", ["check"], project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
