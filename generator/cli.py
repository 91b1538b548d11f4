"""The `specgen` command line.

Exit codes (also in the README):
  0  success (warnings allowed unless --strict); `diff`: no change at or above --fail-on
  1  finished, but something needs attention: `check` found differences, a page produced an
     error diagnostic (or a warning, with --strict), or `diff --fail-on` found such a change;
     output for the good pages is still written
  2  usage error: bad arguments, missing input paths, bad [tool.specgen], unknown git revision
  3  a spec or override file is invalid, or rendering failed: nothing was written
  4  refused: the write would remove specs this run cannot account for, lose more than a small share
     of the specs or value lists (a bad scrape?), or overwrite a file specgen did not write; nothing
     was written (--prune goes ahead)
  5  a file or folder could not be written (permissions, read-only folder or file system, disk
     full): one line names it; nothing was changed
  130 interrupted (Ctrl-C): nothing was changed

The project root is the nearest folder up with a pyproject.toml holding [tool.specgen] (config.py);
paths on the command line are taken relative to the folder specgen is run from, everything else
(config, messages, spec sources) relative to the root. Every command runs the one pipeline of
build.py through the cache in .specgen-cache/ (--no-cache: a cache that stores nothing).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

from . import __version__, report
from .build import SCHEMA_NAME, BuildResult, SpecSet, is_spec_name, load_spec_texts, spec_folder_files
from .cache import DEFAULT_DIR, Cache
from .config import DEFAULT_PACKAGE, ConfigError, find_root, load_config
from .folders import WriteError, diff_folder, recover, write_file, write_folders
from .model import Diagnostic, Endpoint
from .outputs import (CHANGELOG, Digests, FactsStore, Outputs, Planned, SpecFiles, Summary, holds, known_texts,
                      package_folder, record_of, spec_folder, specs_by_name)
from .pages import display_name
from .progress import Progress, choose_mode

DOCS = Path("specs/docs")
SPECS = Path("specs/endpoints")
OUT = Path("generated")

EXIT_OK, EXIT_ATTENTION, EXIT_USAGE, EXIT_INVALID, EXIT_REFUSED, EXIT_WRITE, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 5, 130


class UsageError(Exception):
    """Bad arguments or configuration: exit 2 with the message."""


class Refused(Exception):
    """A write that would lose something: exit 4, the lines say what and how to go ahead."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))


def usable_cores() -> int:
    """The cores this process may run on (`taskset -c 0 specgen ...`: one, so no worker processes)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - no affinity on this platform
        return max(1, os.cpu_count() or 1)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _code(diagnostics: list[Diagnostic], strict: bool) -> int:
    errors, warnings = report.counts(diagnostics)
    return EXIT_ATTENTION if errors or (strict and warnings) else EXIT_OK


def _finish(args: argparse.Namespace, started: float, pages: int, skipped: dict[str, str], endpoints: int,
            diagnostics: list[Diagnostic], tail: str = "", quiet: bool = False) -> int:
    """Print diagnostics, the pages skipped (-v) and the summary line last; return the exit code."""
    if not quiet:
        report.print_diagnostics(diagnostics, _say, args.verbose)
    if args.verbose:
        for line in report.skipped_lines(skipped):
            _say(line)
    _say(report.summary(pages, skipped, endpoints, diagnostics, time.perf_counter() - started, tail))
    return _code(diagnostics, args.strict)


def _inputs(paths: list[Path]) -> list[Path]:
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError("\n".join(f"{p}: no such file or folder" for p in missing))
    return paths


def _cache(args: argparse.Namespace) -> Cache:
    return Cache(None if args.no_cache else args.cache_dir)


def _progress(args: argparse.Namespace) -> Progress:
    return Progress(sys.stderr, choose_mode(sys.stderr, quiet=args.no_progress))


def _templates_root() -> Path:
    """The templates folder without importing render (and with it jinja2 and black)."""
    from importlib.util import find_spec

    spec = find_spec("generator.templates")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - broken install
        from .render import templates_root

        return templates_root()
    return Path(list(spec.submodule_search_locations)[0])


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def _state(changed: bool) -> str:
    return "updated" if changed else "unchanged"


def _refuse_loss(args: argparse.Namespace, old: Mapping[str, Endpoint], new: Mapping[str, Endpoint],
                 removable: set[str], pages: set[str], folders: tuple[str, ...], unchanged: Set[str] = frozenset(),
                 old_lists: int | None = None) -> None:
    """Stop (exit 4) when the new specs lose what guard.py calls too much, unless --prune."""
    from . import guard

    found = guard.loss(old, new, removable, pages, folders, unchanged, old_lists)
    if found.refused() and not args.prune:
        raise Refused(found.message(args.specs.as_posix(), args.verbose))


def _refuse_clobber(args: argparse.Namespace, planned: Planned) -> None:
    if planned.clobbered and not args.prune:
        names = ", ".join(f"{args.out.as_posix()}/{n}" for n in planned.clobbered)
        raise Refused([f"specgen: refusing to overwrite {names}: not written by specgen (not in "
                       f"{args.out.as_posix()}/.specgen-files); add it to keep = [...] in [tool.specgen] to keep "
                       f"yours, or rerun with --prune to replace it"])


def _report_foreign(args: argparse.Namespace, foreign: list[str], folder: Path) -> str:
    """The summary's note on files specgen did not write and leaves alone (-v names them)."""
    if args.verbose:
        for name in foreign:
            _say(f"specgen: kept {folder.as_posix()}/{name} (not written by specgen)")
    n = len(foreign)
    return f" ({n} file{'s' if n != 1 else ''} not written by specgen kept)" if n else ""


# ---------------------------------------------------------------------------- parse


def _json_lists(lists: dict[str, list[Any]]) -> str:
    """A JSON object of lists, one item per line (json's C encoder runs only without indent)."""
    from .spec_yaml import to_dict

    parts = []
    for key, items in lists.items():
        lines = ",\n".join(json.dumps(to_dict(item), ensure_ascii=False) for item in items)
        parts.append(f"{json.dumps(key)}: [\n{lines}\n]" if items else f"{json.dumps(key)}: []")
    return "{" + ",\n".join(parts) + "}\n"


def cmd_parse(args: argparse.Namespace) -> int:
    from . import overrides
    from .build import parse_pages, skipped_pages, spec_names, spec_texts
    from .guard import in_scope
    from .pages import read_pages

    started = time.perf_counter()
    paths = _inputs(args.paths)
    cache = _cache(args)
    progress = _progress(args)
    if args.json:  # what these pages say, alone: no other page, no override, nothing written
        pages = read_pages(paths)
        endpoints, diagnostics = parse_pages(pages, cache, progress, args.jobs)
        progress.finish()
        _names, clashes = spec_names(endpoints)
        specs = SpecSet({}, endpoints, diagnostics + clashes, len(pages))
        sys.stdout.write(_json_lists({"endpoints": specs.endpoints, "diagnostics": specs.diagnostics}))
        return _finish(args, started, specs.pages, {}, len(endpoints), specs.diagnostics, quiet=True)
    named = read_pages(paths)
    names = {p.name for p in named}
    folders = tuple(display_name(p) for p in paths if p.is_dir())
    # linked with the docs folder's pages (definitions, duplicates), as a build would link them
    context = [p for p in read_pages([args.docs]) if p.name not in names] if args.docs.is_dir() else []
    pages = sorted(named + context, key=lambda p: p.name)
    endpoints, diagnostics = parse_pages(pages, cache, progress, args.jobs)
    mine = [ep for ep in endpoints if in_scope(ep.source.file, names, folders)]
    diagnostics = [d for d in diagnostics if in_scope(d.file, names, folders)]
    diagnostics += overrides.apply(mine, overrides.load(overrides.read(args.overrides)), report_unused=False)
    new_files, clashes, loaded = spec_texts(mine, args.specs, cache, args.jobs, progress)
    progress.finish()
    diagnostics += clashes
    recover(args.specs)
    current = spec_folder_files(args.specs)
    old = specs_by_name(current, args.specs, cache)
    owned = {n for n, ep in old.items() if in_scope(ep.source.file, names, folders)}
    files = {n: t for n, t in current.items() if n not in owned}
    files.update(new_files)
    if files != current:
        new = {n: ep for n, ep in old.items() if n not in owned}
        new.update(specs_by_name({n: t for n, t in new_files.items() if n not in loaded}, args.specs, cache))
        new.update(loaded)
        _refuse_loss(args, old, new, owned, names, folders)
    planned = spec_folder(args.specs, dict(sorted(files.items())))
    (changed,) = write_folders([planned.write])
    kept = len([n for n in files if is_spec_name(n)]) - len([n for n in new_files if is_spec_name(n)])
    tail = (f"; {args.specs.as_posix()} {_state(changed)} ({_count(len(mine), 'spec')} from these pages, "
            f"{kept} other{'s' if kept != 1 else ''} kept)")
    return _finish(args, started, len(named), skipped_pages(named, mine, diagnostics), len(mine), diagnostics, tail)


# ---------------------------------------------------------------------------- generate


def cmd_generate(args: argparse.Namespace) -> int:
    from .build import render_files
    from .spec_yaml import SpecError

    started = time.perf_counter()
    if not args.specs.is_dir():
        raise SpecError(f"{args.specs}: no such spec folder (run `specgen parse` first)")
    cache = _cache(args)
    recover(args.out)
    endpoints = load_spec_texts(spec_folder_files(args.specs), args.specs, cache)
    planned_current = package_folder(args.out, {}, args.keep, None)
    if not endpoints and planned_current.current and not args.prune:
        raise Refused([f"specgen: refusing to write {args.out.as_posix()}: {args.specs.as_posix()} holds no spec, "
                       f"and the package would lose every endpoint; rerun with --prune to go ahead"])
    progress = _progress(args)
    package = render_files(endpoints, cache, args.jobs, progress)
    progress.finish()
    planned = package_folder(args.out, package, args.keep, None, planned_current.current)
    _refuse_clobber(args, planned)
    (changed,) = write_folders([planned.write])
    note = _report_foreign(args, planned.foreign, args.out)
    _say(f"specgen: {len(endpoints)} endpoints -> {args.out.as_posix()} {_state(changed)}{note}, "
         f"{time.perf_counter() - started:.2f}s")
    return EXIT_OK


# ---------------------------------------------------------------------------- build and check


@dataclass
class _Run:
    """What a build or check knows before building: its inputs, and the output folders' files as
    found (after `stamp`); `summary` when the folders are as the last run on these inputs left them."""

    cache: Cache
    inputs: Any
    key: str
    stamp: tuple[int, int] | None
    found: dict[str, Any]
    summary: Summary | None = None
    last: Outputs | None = None  # what the last run recorded of the folders (for whatever inputs)
    digests: Digests = field(default_factory=Digests)


def _outputs_what(args: argparse.Namespace) -> tuple[str, ...]:
    return ("outputs", os.getcwd(), args.specs.as_posix(), args.out.as_posix())


def _start(args: argparse.Namespace) -> _Run:
    """The inputs scanned (pages by their stamps), and whether the output folders hold what the last
    build or check on the same inputs found or left there (stamps.py; `--no-cache`: never)."""
    from . import override_files, stamps
    from .build import build_inputs
    from .cache import digest
    from .folders import folder_stats

    _inputs([args.docs])
    for folder in (args.specs, args.out):
        recover(folder)  # a build killed between its swaps is finished before anything is read
    cache = _cache(args)
    inputs = build_inputs([args.docs], args.specs, cache, _templates_root(), override_files.read(args.overrides))
    key = digest(inputs.key, args.specs.as_posix(), args.out.as_posix(), repr(args.keep))
    stamp = stamps.probe(cache)  # before the folders' files are looked at
    found = {folder.as_posix(): folder_stats(folder) for folder in (args.specs, args.out)}
    run = _Run(cache, inputs, key, stamp, found)
    last = stamps.load(cache, *_outputs_what(args))
    run.last = last if isinstance(last, Outputs) else None
    if isinstance(last, Outputs) and last.key == key and last.folders.keys() == found.keys():
        checked = [holds(last.folders[name], found[name]) for name in found]
        if all(ok for ok, _ in checked):
            run.summary = last.summary
            if any(read for _, read in checked) and stamp is not None:
                # files read to be sure are vouched for from now on
                records = {name: stamps.Record(stamp, {n: (stamps.signature(st), last.folders[name].files[n][1])
                                                       for n, (_, st) in found[name].items()})
                           for name in found}
                stamps.save(cache, Outputs(key, records, last.summary), *_outputs_what(args))
    return run


def _remember(args: argparse.Namespace, run: _Run, expected: dict[str, dict[str, str]], written: set[str],
              summary: Summary | None = None) -> None:
    """Keep the stamps of the output folders, now up to date: those written are looked at again."""
    from . import stamps
    from .folders import folder_stats

    stamp = stamps.probe(run.cache) if written else run.stamp
    records = {}
    for name, files in expected.items():
        found = folder_stats(Path(name)) if name in written else run.found[name]
        record = record_of(stamp if name in written else run.stamp, found, files, run.digests)
        if record is None:
            return
        records[name] = record
    summary = summary or run.summary
    if summary is not None:
        stamps.save(run.cache, Outputs(run.key, records, summary), *_outputs_what(args))


def _expected(args: argparse.Namespace, progress: Progress, run: _Run) -> tuple[BuildResult, Planned, Planned]:
    """Build in memory: the result, and what the spec and package folders must hold after it."""
    from . import override_files, stamps
    from .build import build
    from .folders import folder_stats

    cache = run.cache
    result = build([args.docs], args.specs, cache, _templates_root(), args.jobs, progress,
                   override_files.read(args.overrides), run.inputs)
    progress.finish()
    # the folders as they are now; a file the last run's record vouches for, holding what this build
    # wants there, is not read (outputs.known_texts)
    run.stamp = stamps.probe(cache)
    run.found = {folder.as_posix(): folder_stats(folder) for folder in (args.specs, args.out)}
    kept = run.last.folders if run.last is not None else {}
    spec_current = known_texts(run.found[args.specs.as_posix()], kept.get(args.specs.as_posix()), result.spec_files,
                               run.digests)
    specs = spec_folder(args.specs, result.spec_files, spec_current)
    out_current = known_texts(run.found[args.out.as_posix()], kept.get(args.out.as_posix()), result.package_files,
                              run.digests)
    old_files = {n: t for n, t in specs.current.items() if is_spec_name(n) or n == SCHEMA_NAME}
    log = None
    if old_files != result.spec_files:  # specs loaded only where they changed (SpecFiles)
        facts = FactsStore(cache, args.specs, run.digests)
        old, new = SpecFiles(old_files, args.specs, cache, facts), SpecFiles(result.spec_files, args.specs, cache, facts)
        unchanged = {name for name, text in old.files.items() if new.files.get(name) == text}
        if args.command == "build":
            _refuse_loss(args, old, new, set(old), set(result.page_names), (display_name(args.docs),), unchanged,
                         sum(len(old.facts(name).lists) for name in old))
        log = _changelog(args, old, new, unchanged, out_current.get(CHANGELOG), result.spec_files, cache)
        facts.save()
    package = package_folder(args.out, result.package_files, args.keep, log, out_current)
    return result, specs, package


def _summary(result: BuildResult, package: Planned) -> Summary:
    return Summary(result.pages, result.skipped, result.endpoints, result.diagnostics, package.foreign)


def _changelog(args: argparse.Namespace, old: SpecFiles, new: SpecFiles, unchanged: set[str], existing: str | None,
               new_files: dict[str, str], cache: Cache) -> str | None:
    """CHANGELOG.md with the entry for this build (changelog.updated), comparing only the specs that
    changed when each side names every endpoint key once (diff.compare_changed)."""
    from . import changelog, diff
    from .spec_yaml import SpecError

    try:  # the specs both sides hold load (the new ones do): the first bad old spec is a changed one
        old_changed = load_spec_texts({n: t for n, t in old.files.items() if n not in unchanged}, args.specs, cache)
    except SpecError as exc:
        _say(f"specgen: {CHANGELOG} not updated: the previous specs do not load ({str(exc).splitlines()[0]})")
        return existing
    old_facts = [old.facts(name) for name in old]
    new_facts = [new.facts(name) for name in new]
    if len({f.key for f in old_facts}) != len(old_facts) or len({f.key for f in new_facts}) != len(new_facts):
        return changelog.updated(existing, load_spec_texts(old.files, args.specs, cache),
                                 load_spec_texts(new.files, args.specs, cache), new_files)
    stamp = max((f.updated_at for f in new_facts if f.updated_at), default=None)
    if not old and new:
        return changelog.with_entry(existing, changelog.first_entry(len(new), stamp, new_files))
    new_changed = [new[name] for name in sorted(new.files) if name not in unchanged]
    changes = diff.compare_changed(old_changed, new_changed, diff.shared_lists([f.lists for f in old_facts]),
                                   {f.file for f in new_facts})
    return changelog.with_entry(existing, changelog.changes_entry(changes, stamp, new_files))


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    run = _start(args)
    if run.summary is not None:  # the folders hold what the last run on these inputs left there
        done = run.summary
        note = _report_foreign(args, done.foreign, args.out)
        tail = f"; {args.specs.as_posix()} unchanged, {args.out.as_posix()} unchanged{note}"
        return _finish(args, started, done.pages, done.skipped, done.endpoints, done.diagnostics, tail)
    result, specs, package = _expected(args, _progress(args), run)
    _refuse_clobber(args, package)
    spec_changed, out_changed = write_folders([specs.write, package.write])
    written = {folder.as_posix() for folder, changed in ((args.specs, spec_changed), (args.out, out_changed)) if changed}
    _remember(args, run, {args.specs.as_posix(): specs.expected(), args.out.as_posix(): package.expected()}, written,
              _summary(result, package))
    note = _report_foreign(args, package.foreign, args.out)
    tail = (f"; {args.specs.as_posix()} {_state(spec_changed)}, {args.out.as_posix()} {_state(out_changed)}{note}")
    return _finish(args, started, result.pages, result.skipped, result.endpoints, result.diagnostics, tail)


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    run = _start(args)
    if run.summary is not None:
        diagnostics = run.summary.diagnostics
    else:
        result, specs, package = _expected(args, _progress(args), run)
        diagnostics = result.diagnostics
        lines = diff_folder(args.specs, specs.expected(), specs.current)
        lines += diff_folder(args.out, package.expected(), package.current)
        if lines:
            if args.strict and any(d.level in ("error", "warning") for d in diagnostics):
                report.print_diagnostics(diagnostics, _say, args.verbose)
            sys.stdout.writelines(lines)
            changed = len([ln for ln in lines if ln.startswith("+++ ")])
            _say(f"specgen check: {changed} file(s) differ from what `specgen build` would write "
                 f"(run `specgen build` and commit the result)")
            return EXIT_ATTENTION
        _remember(args, run, {args.specs.as_posix(): specs.expected(), args.out.as_posix(): package.expected()},
                  set(), _summary(result, package))
    if args.strict and any(d.level in ("error", "warning") for d in diagnostics):
        report.print_diagnostics(diagnostics, _say, args.verbose)
    _say(f"specgen check: up to date ({time.perf_counter() - started:.2f}s)")
    return _code(diagnostics, args.strict)


# ---------------------------------------------------------------------------- diff and openapi


def cmd_diff(args: argparse.Namespace) -> int:
    from . import diff
    from .revisions import RevisionError, load_side

    try:
        old, old_label = load_side(args.old, args.specs, _cache(args))
        new, new_label = load_side(args.new, args.specs, _cache(args))
    except RevisionError as exc:
        raise UsageError(str(exc)) from None
    changes = diff.compare(old, new)
    if args.format == "json":
        sys.stdout.write(diff.to_json(changes))
    else:
        sys.stdout.write(diff.to_markdown(changes, f"API changes `{old_label}` → `{new_label}`"))
    n = diff.counts(changes)
    _say(f"specgen diff: {n['breaking']} breaking, {n['warning']} warning, {n['info']} info")
    return EXIT_ATTENTION if diff.fails(changes, args.fail_on) else EXIT_OK


def cmd_openapi(args: argparse.Namespace) -> int:
    from .build import load_specs
    from .openapi import document

    endpoints = load_specs(args.specs, _cache(args))
    text = json.dumps(document(endpoints, args.config.base_urls), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_file(args.output, text)
        _say(f"specgen: {len(endpoints)} endpoints -> {args.output.as_posix()}")
    return EXIT_OK


# ---------------------------------------------------------------------------- arguments


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="specgen",
        description="Binance documentation pages -> YAML endpoint specs -> a typed Python client.",
        epilog="Exit codes: 0 ok, 1 needs attention (differences, page errors, diff --fail-on), 2 usage, "
               "3 invalid spec or override, 4 refused (would lose specs or files; --prune), 5 cannot write, "
               "130 interrupted. Folder defaults come from [tool.specgen] in the nearest pyproject.toml up.",
    )
    parser.add_argument("--version", action="version", version=f"specgen {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", dest="verbose_first",
                        help="as -v after the command: say which project root is used, list more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def option(p: argparse.ArgumentParser, *names: str) -> None:
        """The options a command takes, each with its one help text."""
        for name in names:
            if name == "docs":
                p.add_argument("--docs", type=Path, help=f"folder of documentation pages (default {DOCS})")
            elif name == "context":
                p.add_argument("--docs", type=Path, help=f"the project's pages, parsed with PATH to link it as a build "
                                                          f"would (definitions, duplicates); default {DOCS}")
            elif name == "overrides":
                p.add_argument("--overrides", type=Path, help="folder of spec overrides, YAML patches applied to the "
                                                              "parsed endpoints (default specs/overrides)")
            elif name == "specs":
                p.add_argument("--specs", type=Path, help=f"folder of YAML specs (default {SPECS})")
            elif name == "out":
                p.add_argument("--out", type=Path, help=f"folder of the generated package (default {OUT})")
            elif name == "prune":
                p.add_argument("--prune", action="store_true",
                               help="go ahead even when the write removes specs or files it cannot account for, or "
                                    "loses many specs or value lists (exit 4 without it)")
            elif name == "strict":
                p.add_argument("--strict", action="store_true", help="treat warnings as failures (exit 1)")
            elif name == "cache":
                p.add_argument("--no-cache", action="store_true",
                               help=f"a cache that stores nothing: neither read nor write {DEFAULT_DIR}/")
                p.add_argument("--cache-dir", type=Path, help=f"cache folder (default {DEFAULT_DIR})")
            elif name == "jobs-parse":
                p.add_argument("--jobs", "-j", type=int, default=usable_cores(),
                               help="worker processes for parsing many pages (default: the cores this process "
                                    "may run on)")
            elif name == "jobs":
                p.add_argument("--jobs", "-j", type=int, default=usable_cores(),
                               help="worker processes for parsing and black on a cold build (default: the cores "
                                    "this process may run on)")
            elif name == "progress":
                p.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")
        p.add_argument("-v", "--verbose", action="store_true",
                       help="say which project root is used; list skipped pages, kept files, every diagnostic")

    p = sub.add_parser("parse", help="parse documentation pages into YAML specs",
                       description="Parse pages (files, or folders searched recursively) and update the specs "
                                   "of those pages only: other specs in the spec folder are kept.")
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true",
                   help="print {endpoints, diagnostics} of these pages alone as JSON instead of writing specs")
    option(p, "specs", "context", "overrides", "prune", "strict", "cache", "jobs-parse", "progress")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("generate", help="render the YAML specs into the client package",
                       description="Render specs/endpoints/*.yaml into the generated package (reads only YAML).")
    option(p, "specs", "out", "prune", "cache", "jobs", "progress")
    p.set_defaults(func=cmd_generate, strict=False)

    p = sub.add_parser("build", help="parse the docs, then generate",
                       description="parse + generate; appends to CHANGELOG.md in the package when the specs change.")
    option(p, "docs", "specs", "out", "overrides", "prune", "strict", "cache", "jobs", "progress")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="fail with a diff when specs or generated code are out of date",
                       description="Exit 1 with a unified diff when the committed specs or code differ from a build.")
    option(p, "docs", "specs", "out", "overrides", "strict", "cache", "jobs", "progress")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("diff", help="semantic diff of two spec sets (folders or git revisions)",
                       description="Compare two spec sets per endpoint: OLD and NEW are spec folders, git revisions "
                                   "(the spec folder at REV, e.g. HEAD~1) or REV:PATH (PATH from the project root).")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown", help="output format (default markdown)")
    p.add_argument("--fail-on", choices=("breaking", "warning"), help="exit 1 when a change of this level (or worse) is found")
    option(p, "specs")
    p.set_defaults(func=cmd_diff, no_cache=False, cache_dir=None, strict=False)

    p = sub.add_parser("openapi", help="export the specs as an OpenAPI 3.1 document",
                       description="Write the specs as one OpenAPI 3.1 JSON document (stdout, or -o FILE).")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    option(p, "specs")
    p.set_defaults(func=cmd_openapi, no_cache=False, cache_dir=None, strict=False)
    return parser


def _from_root(path: Path, invoked: Path, root: Path) -> Path:
    """A path given on the command line (relative to where specgen was run) as the run sees it:
    relative to the project root when inside it, else absolute."""
    full = Path(os.path.normpath(invoked / path))
    try:
        return full.relative_to(root)
    except ValueError:
        return full


def _configure(args: argparse.Namespace, invoked: Path, root: Path, source: Path | None) -> None:
    """Command-line paths to the root's view, then unset folder flags from [tool.specgen]."""
    for name in ("docs", "specs", "out", "overrides", "output", "cache_dir"):
        value = getattr(args, name, None)
        if isinstance(value, Path):
            setattr(args, name, _from_root(value, invoked, root))
    if hasattr(args, "paths"):
        args.paths = [_from_root(p, invoked, root) for p in args.paths]
    for name in ("old", "new"):
        value = getattr(args, name, None)
        if value is not None and (invoked / value).is_dir():
            setattr(args, name, _from_root(Path(value), invoked, root).as_posix())
    args.verbose = args.verbose or args.verbose_first
    if getattr(args, "cache_dir", None) is None:
        args.cache_dir = DEFAULT_DIR
    config = load_config(root)
    args.config = config
    for name in ("docs", "specs", "out", "overrides"):
        if hasattr(args, name) and getattr(args, name) is None:
            setattr(args, name, getattr(config, name))
    args.keep = config.keep
    if getattr(args, "jobs", 1) < 1:
        raise UsageError("--jobs: expected 1 or more")
    if config.package != DEFAULT_PACKAGE:
        raise UsageError(f"{config.source}: [tool.specgen] package = {config.package!r}: the renderer writes "
                         f"the package as {DEFAULT_PACKAGE!r} only (generator/render.py PACKAGE); remove the key")
    if args.verbose:
        why = f"{source.name} has [tool.specgen]" if source else "no pyproject.toml with [tool.specgen] above the " \
                                                                 "current folder: the current folder"
        _say(f"specgen: project root {root} ({why})")


def run() -> None:
    """The `specgen` command (and `python -m generator`): main(), its output flushed, then the process
    ends without the interpreter freeing, one by one, the hundreds of thousands of objects a run
    leaves (a twentieth of a second of a rebuild); everything main() writes is closed by then."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`specgen check | head`): nothing more to say
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    # A run allocates hundreds of thousands of objects that live until it ends (parse results, specs,
    # rendered files): collecting the young generation every 700 allocations is a tenth of a
    # one-page rebuild for nothing. Cycles are still collected, less often.
    gc.set_threshold(20_000, 10, 10)
    args = build_parser().parse_args(argv)
    invoked = Path.cwd()
    try:
        root, source = find_root(invoked)
        _configure(args, invoked, root, source)
        os.chdir(root)
        return int(args.func(args))
    except (UsageError, ConfigError) as exc:
        _say(f"specgen: {exc}")
        return EXIT_USAGE
    except Refused as exc:
        _say(str(exc))
        return EXIT_REFUSED
    except WriteError as exc:
        _say(f"specgen: cannot write {exc}; nothing was changed")
        return EXIT_WRITE
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"specgen: {where}{exc.strerror or exc}; nothing was changed")
        return EXIT_WRITE
    except KeyboardInterrupt:
        _say("specgen: interrupted; nothing was changed")
        return EXIT_INTERRUPTED
    except Exception as exc:
        spec_yaml = sys.modules.get("generator.spec_yaml")  # not imported: nothing raised its errors
        if spec_yaml is not None and isinstance(exc, spec_yaml.SpecError):
            _say(f"specgen: invalid {'override' if type(exc).__name__ == 'OverrideError' else 'spec'}:\n{exc}")
            return EXIT_INVALID
        from .render import RenderError

        if isinstance(exc, RenderError):
            _say(f"specgen: rendering failed: {exc}")
            return EXIT_INVALID
        raise
    finally:
        os.chdir(invoked)
