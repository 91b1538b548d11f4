"""Benchmark parsing a whole corpus on one core (not a test; run it by hand).

    .venv/bin/python tests/benchmarks/bench_parse.py [CORPUS] [RUNS]

Times `specgen parse CORPUS --json --no-cache` as a fresh process pinned to one core (`taskset -c 0`,
when there is taskset), as issue 11 measures it (target: under 5 s on the whole binance-a), and
prints where the time of one process goes: imports, parsing every page, linking, writing the JSON.
The machine may be shared: several runs are made and the least and the median are printed, wall
clock and CPU time (CPU time is steadier when other work runs beside it).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "binance-a"

STAGES = """
import sys, time
from pathlib import Path
clock = time.process_time
start = clock()
import generator.cli
from generator.cli import _json_lists
import generator.parse as parse
from generator.pages import read_pages
imported = clock()
pages = read_pages([Path(sys.argv[1])])
results = [parse.parse_read_page(page) for page in pages]
parsed = clock()
endpoints, diagnostics = parse.link(results)
linked = clock()
_json_lists({"endpoints": endpoints, "diagnostics": diagnostics})
done = clock()
print(f"imports {imported - start:.2f} s, parse {parsed - imported:.2f} s ({len(pages)} pages), "
      f"link {linked - parsed:.2f} s, JSON {done - linked:.2f} s (CPU time)")
"""


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    if not corpus.is_dir():
        print(f"bench_parse: {corpus} is not there; nothing to measure")
        return 0
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    command = [*pin, sys.executable, "-m", "generator", "parse", str(corpus), "--json", "--no-cache", "--no-progress"]
    walls, cpus = [], []
    for _ in range(runs):
        before = os.times()
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - started)
        after = os.times()
        cpus.append(after.children_user + after.children_system - before.children_user - before.children_system)
    where = "one core" if pin else "all cores (no taskset)"
    print(f"specgen parse {corpus.name} --json --no-cache on {where}, {runs} runs: "
          f"wall least {min(walls):.2f} s, median {statistics.median(walls):.2f} s; "
          f"CPU least {min(cpus):.2f} s, median {statistics.median(cpus):.2f} s")
    subprocess.run([*pin, sys.executable, "-c", STAGES, str(corpus)], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
