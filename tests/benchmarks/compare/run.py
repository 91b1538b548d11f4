"""specgen against the tools people would use instead, measured side by side in one run.

    .venv/bin/python tests/benchmarks/compare/run.py [--quick] [--skip PART] [--out FILE] [--profile DIR]

Creates or updates `.bench-venv/` at the repository root with the pinned peers of
requirements-peers.txt (openapi-python-client, openapi-generator-cli, the official binance-sdk-*
packages), then runs four comparisons on the shipped pages (specs/docs) and prints one Markdown report:

1. generation: `specgen build` cold (a copy of the project with no specs/endpoints, no generated/,
   no cache), no-op and one page changed, against openapi-python-client and OpenAPI Generator
   (-g python) fed `specgen openapi`'s export of the same specs (cold, the same export again, the
   export with that page changed), with peak RSS of every build and lines of Python per endpoint;
2. import time of the generated `binance_api` against the official SDKs;
3. per-call overhead with the transport mocked, on two endpoints, specgen's client with its rate
   limiter off and on, against the official SDK;
4. peak RSS of a process making 10,000 mocked calls.

All client-side figures run under one interpreter (the peer venv's, made from the interpreter that
runs this script). Every figure is taken in this run; ratios are computed from these figures only.
A peer that cannot be installed or run is skipped with a note.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
PAGES = REPO / "specs" / "docs"  # the shipped pages
VENV = REPO / ".bench-venv"
REQUIREMENTS = HERE / "requirements-peers.txt"
sys.path.insert(0, str(HERE))

import openapi_fallback  # noqa: E402

# The official packages for the products the pages document (institutional loan has none).
OFFICIAL_PACKAGES = [
    "binance_sdk_spot",
    "binance_sdk_derivatives_trading_usds_futures",
    "binance_sdk_derivatives_trading_coin_futures",
    "binance_sdk_derivatives_trading_options",
    "binance_sdk_derivatives_trading_portfolio_margin",
    "binance_sdk_derivatives_trading_portfolio_margin_pro",
    "binance_sdk_margin_trading",
    "binance_sdk_wallet",
    "binance_sdk_sub_account",
    "binance_sdk_algo",
    "binance_sdk_convert",
    "binance_sdk_copy_trading",
    "binance_sdk_alpha",
]
PRO = "binance_sdk_derivatives_trading_portfolio_margin_pro"
EDITED_PAGE = "derivatives/portfolio-margin/trade/Margin-Account-Repay-Debt.md"


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------- processes


def client_env(generated: Path, **extra: str) -> dict[str, str]:
    """The environment of every import and call measurement: small and the same on every machine.

    requests scans the whole environment for proxy variables on every call
    (merge_environment_settings -> getproxies_environment), so the official SDK's per-call figure
    grows with the number of variables a shell happens to export; a fixed small environment keeps
    the comparison reproducible (and is the favourable case for the official SDK)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
           "LANG": "C.UTF-8", "PYTHONPATH": str(generated), "PYTHONHASHSEED": "0"}
    env.update(extra)
    return env


@dataclass
class Run:
    wall: float
    cpu: float  # user + system of the child and its reaped descendants
    maxrss_mb: float  # the largest of them (Linux wait4 semantics)
    code: int
    stdout: str = ""
    stderr: str = ""


def run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run a child through spawn.py (wall, cpu and peak RSS from its wait4), output to files."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as result:
        launcher = [sys.executable, "-I", "-S", str(HERE / "spawn.py"), result.name]
        code = subprocess.call(launcher + cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        try:
            usage = json.loads(Path(result.name).read_text() or "null")
        except (OSError, ValueError):
            usage = None
        if not usage:
            return Run(0.0, 0.0, 0.0, code if code else 127, stdout, stderr + f"\nlauncher failed (exit {code})")
        return Run(usage["wall"], usage["cpu"], usage["maxrss_kb"] / 1024, usage["code"], stdout, stderr)


def checked(result: Run, what: str, ok: tuple[int, ...] = (0,)) -> Run:
    if result.code not in ok:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise SystemExit(f"{what} failed with exit code {result.code}:\n{tail}")
    return result


# --------------------------------------------------------------------------------------- peer venv


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> None:
    """(Re)create .bench-venv when the requirements or the interpreter changed since it was made."""
    stamp = hashlib.sha256(REQUIREMENTS.read_bytes() + sys.version.encode()).hexdigest()
    stamp_file = VENV / ".bench-stamp"
    if stamp_file.exists() and stamp_file.read_text() == stamp and venv_python().exists():
        return
    say(f"setting up {VENV} (pinned peers from {REQUIREMENTS.name})")
    checked(run([sys.executable, "-m", "venv", "--clear", str(VENV)]), "python -m venv")
    pip = [str(venv_python()), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    checked(run(pip + ["--no-deps", "-r", str(REQUIREMENTS)]), "pip install peers")
    checked(run([str(venv_python()), "-m", "pip", "check"]), "pip check in .bench-venv")
    stamp_file.write_text(stamp)


def peer_versions() -> dict[str, str]:
    code = (
        "import json, importlib.metadata as m\n"
        "names = ['openapi-python-client','openapi-generator-cli','ruff','binance-common','httpx',"
        "'requests','pydantic'] + [d.metadata['Name'] for d in m.distributions() "
        "if d.metadata['Name'].startswith('binance-sdk')]\n"
        "print(json.dumps({n: m.version(n) for n in sorted(set(names))}))"
    )
    return json.loads(checked(run([str(venv_python()), "-c", code]), "peer versions").stdout)


# ------------------------------------------------------------------------------------------ machine


def machine() -> dict[str, str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
        mem_gib = f"{int(mem.split()[1]) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        mem_gib = "?"
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "generator", "templates"],
                           capture_output=True, text=True)
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": mem_gib,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": f"{platform.system()} {platform.release()}",
        "specgen": commit.stdout.strip() + (" + uncommitted changes in generator/ templates/" if dirty.stdout.strip() else ""),
    }


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


# --------------------------------------------------------------------------------------- statistics


def best(xs: list[float]) -> float:
    return min(xs)


def med(xs: list[float]) -> float:
    return statistics.median(xs)


@dataclass
class Report:
    rows: list[tuple[str, ...]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    verdicts: list[tuple[str, str, str]] = field(default_factory=list)  # target, figure, met?
    loads: list[str] = field(default_factory=list)

    def target(self, name: str, figure: str, met: bool | None) -> None:
        self.verdicts.append((name, figure, "n/a" if met is None else ("met" if met else "**missed**")))


def fmt_s(x: float) -> str:
    return f"{x:.2f} s" if x >= 0.1 else f"{x * 1000:.1f} ms"


# --------------------------------------------------------------------------------------- generation


SPECGEN_ENV: dict[str, str] = dict(os.environ)
SNAPSHOT: list[Path] = []  # the folder specgen runs from; also the cwd of its probes (never the repo)


def snapshot_specgen(work: Path) -> str:
    """Copy generator/ and templates/ as they are now and run specgen from the copy.

    Other people edit the working tree while a run goes on; the build cache keys on the generator's
    source, so an edit in the middle of a run would turn a no-op rebuild into a cold one. The copy is
    laid out as the installed package is (templates/ as generator.templates), compiled to bytecode,
    and put first on PYTHONPATH, ahead of the editable install's finder."""
    root = work / "specgen-snapshot"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "generator", root / "generator", ignore=ignore)
    shutil.rmtree(root / "generator" / "templates", ignore_errors=True)
    shutil.copytree(REPO / "templates", root / "generator" / "templates", ignore=ignore)
    # compiled to bytecode, as pip compiles an installed package (the peers' were when they were
    # installed): with PYTHONDONTWRITEBYTECODE set, every run would otherwise compile the source again
    checked(run([sys.executable, "-m", "compileall", "-q", str(root / "generator")]), "compileall of the snapshot")
    SPECGEN_ENV["PYTHONPATH"] = str(root)
    SNAPSHOT.append(root)
    checked(run(specgen_cmd() + ["--version"], cwd=root, env=SPECGEN_ENV), "specgen from the snapshot")
    code = "import generator; print(generator.__file__)"
    where = run([sys.executable, "-c", code], cwd=work, env=SPECGEN_ENV).stdout.strip()
    if not where.startswith(str(root)):
        raise SystemExit(f"the snapshot of specgen is not what runs: generator is {where}")
    return root.as_posix()


def specgen_cmd() -> list[str]:
    return [sys.executable, "-m", "generator"]


def specgen_build_cmd() -> list[str]:
    help_text = run(specgen_cmd() + ["build", "--help"], cwd=SNAPSHOT[0], env=SPECGEN_ENV).stdout
    return specgen_cmd() + ["build"] + (["--no-progress"] if "--no-progress" in help_text else [])


def specgen_has(command: str) -> bool:
    result = run(specgen_cmd() + ["--help"], cwd=SNAPSHOT[0], env=SPECGEN_ENV)
    return any(line.split()[:1] == [command] for line in result.stdout.splitlines())


def export_openapi(project: Path, target: Path, report: Report, note: bool = True) -> tuple[Path, str]:
    """The specs of `project` as one OpenAPI document at `target` (never timed in any figure)."""
    specs = project / "specs" / "endpoints"
    target.unlink(missing_ok=True)
    if specgen_has("openapi"):
        help_text = run(specgen_cmd() + ["openapi", "--help"], cwd=SNAPSHOT[0], env=SPECGEN_ENV).stdout
        cmd = specgen_cmd() + ["openapi"]
        if "--specs" in help_text:
            cmd += ["--specs", str(specs)]
        if "--out" in help_text:
            result = run(cmd + ["--out", str(target)], cwd=project, env=SPECGEN_ENV)
        elif "--output" in help_text:
            result = run(cmd + ["--output", str(target)], cwd=project, env=SPECGEN_ENV)
        else:
            result = run(cmd, cwd=project, env=SPECGEN_ENV)
            if result.code == 0 and result.stdout.strip():
                target.write_text(result.stdout, encoding="utf-8")
        if result.code == 0 and target.exists():
            document = json.loads(target.read_text(encoding="utf-8"))
            operations = sum(len([m for m in ops if m in ("get", "post", "put", "delete", "patch")])
                             for ops in document.get("paths", {}).values())
            if note:
                report.notes.append(f"Peers fed `specgen openapi` ({operations} operations, export took "
                                    f"{fmt_s(result.wall)}, not counted in any figure).")
            return target, "specgen openapi"
        report.notes.append(f"`specgen openapi` failed (exit {result.code}): {result.stderr.strip()[-300:]!r}; "
                            "using the stand-in export instead.")
    count = openapi_fallback.write(specs, target)
    report.notes.append(f"`specgen openapi` not available: peers fed the stand-in export of "
                        f"tests/benchmarks/compare/openapi_fallback.py ({count} operations from the same specs).")
    return target, "stand-in export"


class Peer:
    """One peer generator: cold runs into a fresh folder, rebuilds into the folder it wrote before.

    If it rejects the export as it is, it is fed (from then on) a copy with `type: null` made any-type
    and `items: {}` added to bare arrays, and the report says so."""

    def __init__(self, name: str, cmd_for, overwrite: list[str], work: Path, report: Report) -> None:
        self.name, self.cmd_for, self.overwrite, self.work, self.report = name, cmd_for, overwrite, work, report
        self.env = dict(os.environ, PATH=f"{VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
        self.normalize = False
        self.failed = False
        self.out = work / f"{name}-out"

    def _source(self, spec: Path) -> Path:
        if not self.normalize:
            return spec
        normalized = spec.with_name(spec.stem + "-peer-compatible.json")
        normalized.write_text(json.dumps(openapi_fallback.peer_compatible(json.loads(spec.read_text()))))
        return normalized

    def generate(self, spec: Path, fresh: bool) -> Run | None:
        """One generation from `spec` (timed): into an empty folder when `fresh`, else over its last output."""
        if self.failed:
            return None
        if fresh:
            shutil.rmtree(self.out, ignore_errors=True)
        extra = [] if fresh else self.overwrite
        result = run(self.cmd_for(self._source(spec), self.out) + extra, cwd=self.work, env=self.env)
        produced = self.out.exists() and any(self.out.rglob("*.py"))
        if (result.code != 0 or not produced) and not self.normalize and fresh:
            self.normalize = True
            tail = " ".join((result.stderr + result.stdout).split())[-200:]
            self.report.notes.append(f"{self.name} failed on the export as is (exit {result.code}: …{tail}); its figures "
                                     "are for the export with `type: null` made any-type and arrays given `items: {}`.")
            shutil.rmtree(self.out, ignore_errors=True)
            result = run(self.cmd_for(self._source(spec), self.out), cwd=self.work, env=self.env)
            produced = self.out.exists() and any(self.out.rglob("*.py"))
        if result.code != 0 or not produced:
            tail = " ".join((result.stderr + result.stdout).split())[-300:]
            self.report.notes.append(f"{self.name} produced nothing (exit {result.code}: …{tail}); no figure.")
            self.failed = True
            return None
        return result

    def lines(self) -> tuple[int, int]:
        """Lines and files of Python it wrote last."""
        files = list(self.out.rglob("*.py"))
        return sum(python_lines(f) for f in files), len(files)


def python_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def peer_available(name: str, executable: str, probe: list[str], report: Report) -> bool:
    """Whether a peer's command runs here (installed, and for OpenAPI Generator a Java runtime);
    if not, the report says why and its figures are skipped."""
    path = VENV / "bin" / executable
    if not path.exists():
        report.notes.append(f"{name} skipped: {path} is not installed (requirements-peers.txt).")
        return False
    if name == "openapi-generator" and shutil.which("java") is None:
        report.notes.append("OpenAPI Generator skipped: it needs a Java runtime (`apt-get install default-jre-headless`).")
        return False
    result = run([str(path), *probe], cwd=VENV)
    if result.code != 0:
        tail = " ".join((result.stderr + result.stdout).split())[-200:]
        report.notes.append(f"{name} skipped: `{executable} {' '.join(probe)}` failed (exit {result.code}: …{tail}).")
        return False
    return True


def touch_page(page: Path, edit: int | None) -> None:
    """A real content change of one page: a sentence of its description gets a numbered suffix.

    Every edit is new text (never a revert to something built before), so no rebuild can be served
    whole from the cache entries of an earlier one. `edit=None` restores the page."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r" \(benchmark edit \d+\)", "", text)
    text = re.sub(r"\nBenchmark edit \d+\.\n", "", text)
    if edit is not None:
        anchor = "Repay debt for a margin loan."
        if anchor in text:
            text = text.replace(anchor, f"Repay debt for a margin loan (benchmark edit {edit}).", 1)
        else:
            text += f"\nBenchmark edit {edit}.\n"
    page.write_text(text, encoding="utf-8")


def make_project(work: Path) -> Path:
    """A copy of the project as a new clone has it before its first build: pyproject.toml (the
    [tool.specgen] folders) and the shipped pages, with no specs/endpoints, no generated/, no cache."""
    project = work / "project"
    shutil.copytree(PAGES, project / "specs" / "docs")
    shutil.copy2(REPO / "pyproject.toml", project / "pyproject.toml")
    return project


def package_lines(project: Path, endpoints: int) -> tuple[int, int, int]:
    """Lines of Python in the generated package, of them the runtime copied verbatim from
    templates/package, and the package's .py files."""
    package = project / "generated" / "binance_api"
    files = sorted(package.rglob("*.py"))
    runtime = {f.name for f in (REPO / "templates" / "package" / "binance_api").glob("*.py")}
    total = sum(python_lines(f) for f in files)
    copied = sum(python_lines(f) for f in files if f.parent == package and f.name in runtime)
    return total, copied, len(files)


def generation(work: Path, args: argparse.Namespace, report: Report) -> Path:
    project = make_project(work)
    docs = project / "specs" / "docs"
    pages = sum(1 for p in docs.rglob("*") if p.is_file())
    build = specgen_build_cmd()

    cold: list[Run] = []
    for i in range(args.cold_runs):
        for leftover in ("generated", ".specgen-cache", "specs/endpoints"):
            shutil.rmtree(project / leftover, ignore_errors=True)
        result = checked(run(build, cwd=project, env=SPECGEN_ENV), "specgen build (cold)", ok=(0, 1))
        say(f"  specgen cold build {i + 1}: {result.wall:.2f}s wall, {result.cpu:.2f}s cpu, "
            f"{result.maxrss_mb:.0f} MiB, load {load()}")
        cold.append(result)
    endpoints = sum(1 for p in (project / "specs" / "endpoints").glob("*.yaml"))

    noop: list[Run] = []
    for i in range(args.rebuilds):
        result = checked(run(build, cwd=project, env=SPECGEN_ENV), "specgen build (no-op)", ok=(0, 1))
        noop.append(result)
    say(f"  specgen no-op rebuilds: {[round(r.wall, 2) for r in noop]}")

    # the peers, fed the export of the same specs: cold (fresh folder), no-op (same export again,
    # over their own output) and one page changed (the export after specgen's one-page rebuild)
    spec, source = export_openapi(project, work / "openapi.json", report)
    peers: list[Peer] = []
    if "opc" not in args.skip and peer_available("openapi-python-client", "openapi-python-client", ["--version"], report):
        peers.append(Peer("openapi-python-client", lambda s, o: [
            str(VENV / "bin" / "openapi-python-client"), "generate", "--path", str(s), "--output-path", str(o)],
            ["--overwrite"], work, report))
    if "oag" not in args.skip and peer_available("openapi-generator", "openapi-generator-cli", ["version"], report):
        peers.append(Peer("openapi-generator", lambda s, o: [
            str(VENV / "bin" / "openapi-generator-cli"), "generate", "-g", "python", "-i", str(s), "-o", str(o)],
            [], work, report))
    peer_cold: dict[str, list[Run]] = {p.name: [] for p in peers}
    peer_noop: dict[str, list[Run]] = {p.name: [] for p in peers}
    peer_one: dict[str, list[Run]] = {p.name: [] for p in peers}
    peer_lines: dict[str, tuple[int, int]] = {}
    for peer in peers:
        for i in range(args.peer_runs):
            result = peer.generate(spec, fresh=True)
            if result is None:
                break
            say(f"  {peer.name} cold {i + 1}: {result.wall:.2f}s wall, {result.cpu:.2f}s cpu, {result.maxrss_mb:.0f} MiB")
            peer_cold[peer.name].append(result)
        if not peer.failed:
            peer_lines[peer.name] = peer.lines()
        for i in range(args.peer_rebuilds):
            result = peer.generate(spec, fresh=False)
            if result is None:
                break
            peer_noop[peer.name].append(result)
        say(f"  {peer.name} no-op: {[round(r.wall, 2) for r in peer_noop[peer.name]]}")

    page = docs / EDITED_PAGE
    spec_file = project / "specs" / "endpoints" / "post_papi_v1_margin_repay-debt.yaml"
    one: list[Run] = []
    changed = 0
    for i in range(args.rebuilds):
        before = spec_file.read_bytes() if spec_file.exists() else b""
        touch_page(page, i + 1)
        result = checked(run(build, cwd=project, env=SPECGEN_ENV), "specgen build (one page changed)", ok=(0, 1))
        changed += (spec_file.read_bytes() if spec_file.exists() else b"") != before
        one.append(result)
        if i < args.peer_rebuilds and peers:
            edited, _ = export_openapi(project, work / f"openapi-edit-{i + 1}.json", report, note=False)
            for peer in peers:
                peer_result = peer.generate(edited, fresh=False)
                if peer_result is not None:
                    peer_one[peer.name].append(peer_result)
    touch_page(page, None)
    checked(run(build, cwd=project, env=SPECGEN_ENV), "specgen build (page restored)", ok=(0, 1))
    say(f"  specgen one-page rebuilds: {[round(r.wall, 2) for r in one]} ({changed}/{len(one)} changed the spec)")
    for peer in peers:
        say(f"  {peer.name} one page: {[round(r.wall, 2) for r in peer_one[peer.name]]}")
    if changed < len(one):
        report.notes.append(f"One-page change: the edited page changed its spec in only {changed} of {len(one)} rebuilds.")

    rows = report.rows
    rows.append(("**Generation**", f"{pages} pages (specs/docs) → {endpoints} endpoints", "", "", ""))
    rows.append(("", "wall, best (median, n)", "wall / endpoint", "cpu / endpoint", "peak RSS"))

    def gen_row(label: str, rs: list[Run]) -> None:
        if not rs:
            rows.append((label, "no figure (see notes)", "", "", ""))
            return
        walls = [r.wall for r in rs]
        rows.append((label, f"{fmt_s(best(walls))} ({fmt_s(med(walls))}, n={len(rs)})",
                     f"{best(walls) / endpoints * 1000:.1f} ms", f"{min(r.cpu for r in rs) / endpoints * 1000:.1f} ms",
                     f"{max(r.maxrss_mb for r in rs):.0f} MiB"))

    labels = {"openapi-python-client": f"openapi-python-client generate ({source}, ruff hooks)",
              "openapi-generator": f"OpenAPI Generator -g python ({source}, JVM start included)"}
    gen_row("specgen build, cold (parse + render + black)", cold)
    for peer in peers:
        gen_row(labels[peer.name] + ", cold", peer_cold[peer.name])
    gen_row("specgen build, no-op rebuild", noop)
    for peer in peers:
        gen_row(f"{peer.name}, same export again (over its output)", peer_noop[peer.name])
    gen_row("specgen build, one page changed", one)
    for peer in peers:
        gen_row(f"{peer.name}, export with that page changed (over its output)", peer_one[peer.name])

    total, copied, files = package_lines(project, endpoints)
    rows.append(("**Generated code**", "lines of Python", "per endpoint", "files", ""))
    rows.append(("specgen `binance_api`", f"{total:,} (runtime copied as is: {copied:,})", f"{total / endpoints:.0f}",
                 str(files), ""))
    for name, (lines, count) in peer_lines.items():
        rows.append((name, f"{lines:,}", f"{lines / endpoints:.0f}", str(count), ""))

    walls = lambda rs: [r.wall for r in rs]  # noqa: E731
    opc = peer_cold.get("openapi-python-client", [])
    if opc:
        ratio = med(walls(cold)) / med(walls(opc))
        cpu_ratio = med([r.cpu for r in cold]) / med([r.cpu for r in opc])
        report.target("cold build ≤ 1.0× openapi-python-client (same specs, same run, medians)",
                      f"{ratio:.2f}× wall ({fmt_s(med(walls(cold)))} vs {fmt_s(med(walls(opc)))}); {cpu_ratio:.2f}× cpu",
                      ratio <= 1.0)
    else:
        report.target("cold build ≤ 1.0× openapi-python-client", "no peer figure (see notes)", None)
    oag = peer_cold.get("openapi-generator", [])
    if oag:
        ratio = med(walls(cold)) / med(walls(oag))
        report.target("(info) cold build vs OpenAPI Generator",
                      f"{ratio:.2f}× ({fmt_s(med(walls(cold)))} vs {fmt_s(med(walls(oag)))})", None)
    report.target("no-op rebuild < 0.3 s", f"{fmt_s(best(walls(noop)))} best, {fmt_s(med(walls(noop)))} median wall; "
                  f"cpu {fmt_s(med([r.cpu for r in noop]))} median", med(walls(noop)) < 0.3)
    report.target("one page changed < 1 s", f"{fmt_s(best(walls(one)))} best, {fmt_s(med(walls(one)))} median wall; "
                  f"cpu {fmt_s(med([r.cpu for r in one]))} median", med(walls(one)) < 1.0)
    peak_mb = max(r.maxrss_mb for r in cold) * 1.048576
    report.target("peak memory of a cold build < 300 MB", f"{peak_mb:.0f} MB specgen"
                  + "".join(f", {max(r.maxrss_mb for r in rs) * 1.048576:.0f} MB {name}"
                            for name, rs in peer_cold.items() if rs), peak_mb < 300)
    report.target("≤ 45 lines of Python per endpoint", f"{total / endpoints:.0f} ({total:,} lines, {endpoints} endpoints)",
                  total / endpoints <= 45)
    report.loads.append(f"after generation {load()}")
    return project


# ------------------------------------------------------------------------------------------ imports

_IMPORT_PROBE = (
    "import time, sys\n"
    "t = time.perf_counter()\n"
    "{body}\n"
    "print(time.perf_counter() - t)\n"
)

_READY_SPECGEN = "import binance_api\nbinance_api.Client(api_key='k', api_secret='s')"
_READY_PRO = (
    "from binance_common.configuration import ConfigurationRestAPI\n"
    f"from {PRO}.derivatives_trading_portfolio_margin_pro import DerivativesTradingPortfolioMarginPro\n"
    "DerivativesTradingPortfolioMarginPro(config_rest_api=ConfigurationRestAPI(api_key='k', api_secret='s')).rest_api"
)


def imports(project: Path, args: argparse.Namespace, report: Report) -> None:
    env = client_env(project / "generated")
    cases = {
        "import binance_api": "import binance_api",
        "import binance_api + Client()": _READY_SPECGEN,
        f"import {PRO}": f"import {PRO}",
        f"import {PRO} + rest_api": _READY_PRO,
        f"import all {len(OFFICIAL_PACKAGES)} official binance_sdk_* of the same products": "\n".join(
            f"import {p}" for p in OFFICIAL_PACKAGES),
    }
    py = str(venv_python())
    checked(run([py, "-m", "compileall", "-q", str(project / "generated" / "binance_api")], env=env), "compileall")
    for body in cases.values():  # warm the bytecode caches: compiling is not import time
        checked(run([py, "-c", body], env=env), f"import warm-up: {body.splitlines()[0]}")
    samples: dict[str, list[float]] = {k: [] for k in cases}
    for i in range(args.import_runs):  # interleaved, so a burst of load hits every case alike
        for label, body in cases.items():
            if label.startswith("import all") and i % 3:
                continue  # ~5 s a go: a third as many samples
            result = checked(run([py, "-c", _IMPORT_PROBE.format(body=body)], env=env), label)
            samples[label].append(float(result.stdout.strip().splitlines()[-1]))
    rows = report.rows
    rows.append(("**Import** (fresh interpreter each, in-process time)", "best", "median", "n", ""))
    for label, xs in samples.items():
        rows.append((f"`{label}`", fmt_s(best(xs)), fmt_s(med(xs)), str(len(xs)), ""))
    ours, ours_ready = samples["import binance_api"], samples["import binance_api + Client()"]
    report.target("`import binance_api` < 50 ms", f"median {fmt_s(med(ours))}, best {fmt_s(best(ours))}", med(ours) < 0.05)
    pro, pro_ready = samples[f"import {PRO}"], samples[f"import {PRO} + rest_api"]
    every = samples[next(k for k in cases if k.startswith("import all"))]
    ratio = med(pro) / med(ours)
    report.target("import ≥ 10× faster than the official SDK (PM Pro package)",
                  f"{ratio:.1f}× (median {fmt_s(med(ours))} vs {fmt_s(med(pro))})", ratio >= 10)
    ratio_ready = med(pro_ready) / med(ours_ready)
    report.target("(same, with a client constructed on both sides)",
                  f"{ratio_ready:.1f}× (median {fmt_s(med(ours_ready))} vs {fmt_s(med(pro_ready))})", ratio_ready >= 10)
    report.target("(info) binance_api + Client() vs all official packages of the same products",
                  f"{med(every) / med(ours_ready):.1f}× (median {fmt_s(med(ours_ready))} vs {fmt_s(med(every))})", None)
    report.loads.append(f"after imports {load()}")


# -------------------------------------------------------------------------------------------- calls


def calls(project: Path, args: argparse.Namespace, report: Report) -> None:
    env = client_env(project / "generated", BENCH_ROUNDS=str(args.call_rounds))
    py, worker = str(venv_python()), str(HERE / "calls.py")
    sides = ["specgen", "specgen+limiter", "official", "official+data"]
    per_side: dict[str, dict[str, list[float]]] = {s: {} for s in sides}
    for _ in range(args.call_processes):
        for side in sides:
            result = checked(run([py, worker, side, "time", str(args.calls)], env=env), f"calls {side}")
            for endpoint, xs in json.loads(result.stdout.strip().splitlines()[-1]).items():
                per_side[side].setdefault(endpoint, []).extend(xs)
    rows = report.rows
    rows.append(("**Per call**, transport mocked (µs, best round / median round)", "specgen (httpx.MockTransport)",
                 "specgen, RateLimiter on", "official (requests adapter)", "official + `.data()`"))
    worst: dict[str, float] = {"specgen": 0.0, "specgen+limiter": 0.0}
    ratios: dict[str, list[float]] = {"specgen": [], "specgen+limiter": []}
    for endpoint in per_side["specgen"]:
        s, sl, o, d = (per_side[x][endpoint] for x in sides)
        rows.append((f"`{endpoint}`", *(f"{best(xs) * 1e6:.0f} / {med(xs) * 1e6:.0f}" for xs in (s, sl, o, d))))
        for side, xs in (("specgen", s), ("specgen+limiter", sl)):
            worst[side] = max(worst[side], med(xs))
            ratios[side].append(med(o) / med(xs))
    rows.append(("official ÷ specgen (medians)", " / ".join(f"{r:.1f}×" for r in ratios["specgen"]),
                 " / ".join(f"{r:.1f}×" for r in ratios["specgen+limiter"]), "", ""))
    for side, label in (("specgen", "limiter off"), ("specgen+limiter", "limiter on")):
        report.target(f"per call < 30 µs, {label} (median round, slower endpoint)", f"{worst[side] * 1e6:.0f} µs",
                      worst[side] < 30e-6)
        report.target(f"per call ≥ 5× lower than the official SDK, {label}",
                      " / ".join(f"{r:.1f}×" for r in ratios[side]) + " (official without `.data()`)", min(ratios[side]) >= 5)

    base = checked(run([py, "-c", "pass"]), "bare interpreter")
    mem = {}
    for side in ("specgen", "official"):
        mem[side] = checked(run([py, worker, side, "memory", str(args.memory_calls)], env=env), f"memory {side}")
    rows.append((f"**Peak RSS**, import + {args.memory_calls:,} mocked calls (bare interpreter {base.maxrss_mb:.0f} MiB)",
                 f"{mem['specgen'].maxrss_mb:.0f} MiB", "",
                 f"{mem['official'].maxrss_mb:.0f} MiB ({mem['official'].maxrss_mb / mem['specgen'].maxrss_mb:.1f}×)", ""))
    report.target(f"(info) peak RSS, import + {args.memory_calls:,} calls",
                  f"{mem['specgen'].maxrss_mb:.0f} MiB specgen vs {mem['official'].maxrss_mb:.0f} MiB official", None)
    report.loads.append(f"after calls {load()}")


# ------------------------------------------------------------------------------------------ profile


def profile(project: Path, work: Path, out: Path) -> None:
    """cProfile of a cold build, a one-page rebuild and the specgen call loop; top entries as text."""
    import pstats

    out.mkdir(parents=True, exist_ok=True)
    prof_project = work / "profile-project"
    shutil.rmtree(prof_project, ignore_errors=True)
    shutil.copytree(project / "specs" / "docs", prof_project / "specs" / "docs")
    cmd = [sys.executable, "-m", "cProfile", "-o"]
    build = specgen_build_cmd()[1:]  # "-m generator build ..."
    for name in ("build-cold", "build-noop", "build-one-page"):
        if name == "build-one-page":
            touch_page(prof_project / "specs" / "docs" / EDITED_PAGE, 1)
        result = run(cmd + [str(out / f"{name}.prof")] + build, cwd=prof_project, env=SPECGEN_ENV)
        checked(result, f"profile {name}", (0, 1))
        say(f"  profiled {name}: {result.wall:.2f}s wall under cProfile")
    env = client_env(project / "generated", BENCH_PROFILE=str(out / "calls-specgen.prof"))
    checked(run([str(venv_python()), str(HERE / "calls.py"), "specgen", "profile", "2000"], env=env), "profile calls")
    env["BENCH_PROFILE"] = str(out / "calls-official.prof")
    checked(run([str(venv_python()), str(HERE / "calls.py"), "official", "profile", "2000"], env=env), "profile calls")
    for prof in sorted(out.glob("*.prof")):
        with open(prof.with_suffix(".txt"), "w") as text:
            pstats.Stats(str(prof), stream=text).sort_stats("cumulative").print_stats(45)
            pstats.Stats(str(prof), stream=text).sort_stats("tottime").print_stats(30)
    say(f"profiles in {out} (*.prof for snakeviz/pstats, *.txt top entries)")


# --------------------------------------------------------------------------------------------- main


def render(report: Report, info: dict[str, str], versions: dict[str, str], started: float) -> str:
    lines = ["# specgen vs peers", ""]
    lines.append(f"{info['date']} · {info['cpu']} · {info['cores']} cores · {info['memory']} · {info['python']} · "
                 f"{info['os']} · specgen {info['specgen']}")
    lines.append("")
    lines.append(f"Load average (1/5 min): {'; '.join(report.loads)}. Other processes may share the machine: "
                 "wall figures include their interference, cpu figures less so.")
    lines.append("")
    lines.append("| target | this run | |")
    lines.append("|---|---|---|")
    for name, figure, verdict in report.verdicts:
        lines.append(f"| {name} | {figure} | {verdict} |")
    lines.append("")
    lines.append("| measurement | | | | |")
    lines.append("|---|---|---|---|---|")
    for row in report.rows:
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append("Peers: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    for note in report.notes:
        lines.append(f"- {note}")
    lines.append(f"\nWhole run: {time.perf_counter() - started:.0f} s.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run, figures noisier)")
    parser.add_argument("--only", choices=["generation", "imports", "calls"], action="append",
                        help="run only these comparisons (repeatable; imports and calls still build the client once)")
    parser.add_argument("--skip", choices=["generation", "imports", "calls", "opc", "oag"], action="append", default=[],
                        help="leave out a comparison, or a peer generator: opc (openapi-python-client), "
                             "oag (OpenAPI Generator, the slowest); repeatable")
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="also write cProfile stats of build and calls to DIR")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    args = parser.parse_args(argv)
    quick = args.quick
    args.cold_runs = 1 if quick else 2
    args.rebuilds = 3 if quick else 6
    args.peer_runs = 1 if quick else 3
    args.peer_rebuilds = 1 if quick else 2
    args.import_runs = 5 if quick else 15
    args.calls = 500 if quick else 2000
    args.call_rounds = 3 if quick else 5
    args.call_processes = 1 if quick else 2
    args.memory_calls = 10_000

    if not PAGES.is_dir():
        print(f"specgen comparison benchmark skipped: {PAGES} not found.")
        return 0
    started = time.perf_counter()
    report = Report(loads=[f"start {load()}"])
    info = machine()
    ensure_venv()
    versions = peer_versions()
    work = Path(tempfile.mkdtemp(prefix="specgen-bench-"))
    say(f"work folder {work}")
    try:
        snapshot_specgen(work)
        only = set(args.only or ["generation", "imports", "calls"]) - set(args.skip)
        if "generation" in only:
            say("1/3 generation")
            project = generation(work, args, report)
        else:
            project = make_project(work)
            checked(run(specgen_build_cmd(), cwd=project, env=SPECGEN_ENV), "specgen build", ok=(0, 1))
        if "imports" in only:
            say("2/3 import time")
            imports(project, args, report)
        if "calls" in only:
            say("3/3 per-call overhead and memory")
            calls(project, args, report)
        if args.profile:
            profile(project, work, args.profile.resolve())
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    text = render(report, info, versions, started)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
