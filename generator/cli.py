"""The `specgen` command line.

Exit codes (also in the README):
  0  success (warnings allowed unless --strict); `diff`: no change at or above --fail-on
  1  finished, but something needs attention: `check` found differences, a page produced an
     error diagnostic (or a warning, with --strict), or `diff --fail-on` found such a change;
     output for the good pages is still written
  2  usage error: bad arguments, missing input paths, bad [tool.specgen], unknown git revision
  3  a spec file is invalid or rendering failed: nothing was written
  130 interrupted (Ctrl-C): nothing was changed

Defaults for folders come from `[tool.specgen]` in ./pyproject.toml (generator/config.py); flags
override them. Builds go through a cache in .specgen-cache/ (generator/incremental.py; --no-cache
to bypass it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import __version__
from .build import SpecSet, diff_folder, read_folder, recover, spec_file_texts, write_folder, write_folders
from .cache import DEFAULT_DIR, Cache
from .config import DEFAULT_PACKAGE, Config, ConfigError, load_config
from .incremental import BuildResult
from .model import Diagnostic
from .progress import Progress, choose_mode
from .spec_yaml import SpecError, to_dict

DOCS = Path("specs/docs")
SPECS = Path("specs/endpoints")
OUT = Path("generated")
CHANGELOG = "CHANGELOG.md"

EXIT_OK, EXIT_ATTENTION, EXIT_USAGE, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class UsageError(Exception):
    """Bad arguments or configuration: exit 2 with the message."""


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _summary(pages: int, endpoints: int, diagnostics: list[Diagnostic], started: float, quiet: bool = False,
             tail: str = "") -> tuple[str, int, int]:
    """Print diagnostics; return the one summary line (printed last by the caller) and the counts' exit code."""
    levels = {"error": 0, "warning": 0, "info": 0}
    for d in diagnostics:
        levels[d.level] = levels.get(d.level, 0) + 1
        if not quiet and d.level != "info":
            _say(d.format())
    line = (f"specgen: {pages} pages, {endpoints} endpoints, {levels['warning']} warnings, "
            f"{levels['error']} errors, {time.perf_counter() - started:.2f}s{tail}")
    return line, levels["error"], levels["warning"]


def _code(errors: int, warnings: int, strict: bool) -> int:
    return EXIT_ATTENTION if errors or (strict and warnings) else EXIT_OK


def _report(specs: SpecSet, strict: bool, started: float, quiet: bool = False) -> int:
    """Print diagnostics and one summary line to stderr; return the exit code they call for."""
    line, errors, warnings = _summary(specs.pages, len(specs.endpoints), specs.diagnostics, started, quiet)
    _say(line)
    return _code(errors, warnings, strict)


def _inputs(paths: list[Path]) -> list[Path] | None:
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        _say(f"specgen: {p}: no such file or folder")
    return None if missing else paths


def _cache(args: argparse.Namespace) -> Cache:
    return Cache(None if args.no_cache else args.cache_dir)


def _progress(args: argparse.Namespace) -> Progress:
    return Progress(sys.stderr, choose_mode(sys.stderr, quiet=args.no_progress))


def _templates() -> Path:
    from .render import templates_root

    return templates_root()


def _templates_root() -> Path:
    """The templates folder without importing render (and with it jinja2 and black)."""
    from importlib.util import find_spec

    spec = find_spec("generator.templates")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - broken install
        return _templates()
    return Path(list(spec.submodule_search_locations)[0])


def cmd_parse(args: argparse.Namespace) -> int:
    from .incremental import parse_pages, read_pages

    started = time.perf_counter()
    paths = _inputs(args.paths)
    if paths is None:
        return EXIT_USAGE
    pages = read_pages(paths)
    progress = _progress(args)
    progress.start("parse", len(pages))
    endpoints, diagnostics = parse_pages(pages, _cache(args), progress)
    progress.finish()
    files, clashes = spec_file_texts(endpoints)
    specs = SpecSet(files, endpoints, diagnostics + clashes, len(pages))
    if args.json:
        out = {
            "endpoints": [to_dict(ep) for ep in specs.endpoints],
            "diagnostics": [to_dict(d) for d in specs.diagnostics],
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        return _report(specs, args.strict, started, quiet=True)
    changed = write_folder(args.specs, specs.files)
    line, errors, warnings = _summary(specs.pages, len(endpoints), specs.diagnostics, started,
                                      tail=f"; {args.specs} {'updated' if changed else 'unchanged'}")
    _say(line)
    return _code(errors, warnings, args.strict)


def cmd_generate(args: argparse.Namespace) -> int:
    from .incremental import load_spec_texts, render_files

    started = time.perf_counter()
    if not args.specs.is_dir():
        raise SpecError(f"{args.specs}: no such spec folder (run `specgen parse` first)")
    cache = _cache(args)
    files = {n: t for n, t in read_folder(args.specs).items() if "/" not in n}
    endpoints = load_spec_texts(files, args.specs, cache)
    package = render_files(endpoints, cache, args.jobs, _progress(args))
    changed = write_folder(args.out, package, keep=(*args.keep, CHANGELOG))
    _say(f"specgen: {len(endpoints)} endpoints -> {args.out} {'updated' if changed else 'unchanged'}, "
         f"{time.perf_counter() - started:.2f}s")
    return EXIT_OK


def _expected(args: argparse.Namespace, progress: Progress) -> tuple[BuildResult, dict[str, str], dict[str, str]] | None:
    """Build in memory: (result, spec files, package files incl. CHANGELOG.md and kept files)."""
    from .incremental import build

    if _inputs([args.docs]) is None:
        return None
    for folder in (args.specs, args.out):
        recover(folder)  # a build killed between its swaps is finished before anything is read
    result = build([args.docs], args.specs, _cache(args), _templates_root(), args.jobs, progress)
    progress.finish()
    package = dict(result.package_files)
    old_specs = {n: t for n, t in read_folder(args.specs).items() if "/" not in n}
    existing = (read_folder(args.out) if args.out.is_dir() else {})
    log = existing.get(CHANGELOG)
    if old_specs != result.spec_files:
        log = _changelog(args, old_specs, result.spec_files, log)
    if log is not None:
        package[CHANGELOG] = log
    for name in args.keep:  # hand-written files are expected as they are
        if name in existing:
            package[name] = existing[name]
    return result, result.spec_files, dict(sorted(package.items()))


def _changelog(args: argparse.Namespace, old_files: dict[str, str], new_files: dict[str, str],
               existing: str | None) -> str | None:
    from . import changelog
    from .incremental import load_spec_texts

    cache = _cache(args)
    try:
        old = load_spec_texts(old_files, args.specs, cache)
    except SpecError as exc:
        _say(f"specgen: {CHANGELOG} not updated: the previous specs do not load ({str(exc).splitlines()[0]})")
        return existing
    new = load_spec_texts(new_files, args.specs, cache)
    return changelog.updated(existing, old, new, new_files)


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    progress = _progress(args)
    built = _expected(args, progress)
    if built is None:
        return EXIT_USAGE
    result, spec_files, package = built
    spec_changed, out_changed = write_folders([(args.specs, spec_files, ()), (args.out, package, tuple(args.keep))])
    tail = (f"; {args.specs} {'updated' if spec_changed else 'unchanged'}, "
            f"{args.out} {'updated' if out_changed else 'unchanged'}")
    line, errors, warnings = _summary(result.pages, result.endpoints, result.diagnostics, started, tail=tail)
    _say(line)
    return _code(errors, warnings, args.strict)


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    built = _expected(args, _progress(args))
    if built is None:
        return EXIT_USAGE
    _result, spec_files, package = built
    lines = diff_folder(args.specs, spec_files) + diff_folder(args.out, package)
    if lines:
        sys.stdout.writelines(lines)
        changed = len([ln for ln in lines if ln.startswith("+++ ")])
        _say(f"specgen check: {changed} file(s) differ from what `specgen build` would write "
             f"(run `specgen build` and commit the result)")
        return EXIT_ATTENTION
    _say(f"specgen check: up to date ({time.perf_counter() - started:.2f}s)")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from . import diff
    from .revisions import RevisionError, load_side

    try:
        old, old_label = load_side(args.old, args.specs)
        new, new_label = load_side(args.new, args.specs)
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

    endpoints = load_specs(args.specs)
    text = json.dumps(document(endpoints, args.config.base_urls), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_file(args.output, text)
        _say(f"specgen: {len(endpoints)} endpoints -> {args.output}")
    return EXIT_OK


def write_file(path: Path, text: str) -> None:
    """Write a file whole or not at all (temporary file, then rename); LF line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="specgen",
        description="Binance documentation pages -> YAML endpoint specs -> a typed Python client.",
        epilog="Exit codes: 0 ok, 1 needs attention (differences, page errors, diff --fail-on), 2 usage, "
               "3 invalid spec, 130 interrupted. Folder defaults come from [tool.specgen] in pyproject.toml.",
    )
    parser.add_argument("--version", action="version", version=f"specgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def common(p: argparse.ArgumentParser, docs: bool = False, out: bool = False, build: bool = True) -> None:
        if docs:
            p.add_argument("--docs", type=Path, help=f"folder of documentation pages (default {DOCS})")
        p.add_argument("--specs", type=Path, help=f"folder of YAML specs (default {SPECS})")
        if out:
            p.add_argument("--out", type=Path, help=f"folder of the generated package (default {OUT})")
        if build:
            p.add_argument("--strict", action="store_true", help="treat warnings as failures (exit 1)")
            p.add_argument("--no-cache", action="store_true", help=f"neither read nor write the cache ({DEFAULT_DIR}/)")
            p.add_argument("--cache-dir", type=Path, default=DEFAULT_DIR, help=f"cache folder (default {DEFAULT_DIR})")
            p.add_argument("--jobs", "-j", type=int, default=2, help="processes for black on a cold build (default 2)")
            p.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")

    p = sub.add_parser("parse", help="parse documentation pages into YAML specs",
                       description="Parse pages (files, or folders searched recursively) into one YAML spec per endpoint.")
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print {endpoints, diagnostics} as JSON instead of writing specs")
    common(p)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("generate", help="render the YAML specs into the client package",
                       description="Render specs/endpoints/*.yaml into the generated package (reads only YAML).")
    common(p, out=True)
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("build", help="parse the docs, then generate",
                       description="parse + generate; appends to CHANGELOG.md in the package when the specs change.")
    common(p, docs=True, out=True)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="fail with a diff when specs or generated code are out of date",
                       description="Exit 1 with a unified diff when the committed specs or code differ from a build.")
    common(p, docs=True, out=True)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("diff", help="semantic diff of two spec sets (folders or git revisions)",
                       description="Compare two spec sets per endpoint: OLD and NEW are spec folders, git revisions "
                                   "(the spec folder at REV, e.g. HEAD~1) or REV:PATH.")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown", help="output format (default markdown)")
    p.add_argument("--fail-on", choices=("breaking", "warning"), help="exit 1 when a change of this level (or worse) is found")
    common(p, build=False)
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("openapi", help="export the specs as an OpenAPI 3.1 document",
                       description="Write the specs as one OpenAPI 3.1 JSON document (stdout, or -o FILE).")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    common(p, build=False)
    p.set_defaults(func=cmd_openapi)
    return parser


def _configure(args: argparse.Namespace) -> None:
    """Fill unset folder flags from [tool.specgen], then from the defaults."""
    config: Config = load_config(Path("."))
    args.config = config
    for name in ("docs", "specs", "out"):
        if hasattr(args, name) and getattr(args, name) is None:
            setattr(args, name, getattr(config, name))
    args.keep = config.keep
    if getattr(args, "jobs", 1) < 1:
        raise UsageError("--jobs: expected 1 or more")
    if config.package != DEFAULT_PACKAGE:
        raise UsageError(f"{config.source}: [tool.specgen] package = {config.package!r}: the renderer writes "
                         f"the package as {DEFAULT_PACKAGE!r} only (generator/render.py PACKAGE); remove the key")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        _configure(args)
        return int(args.func(args))
    except (UsageError, ConfigError) as exc:
        _say(f"specgen: {exc}")
        return EXIT_USAGE
    except SpecError as exc:
        _say(f"specgen: invalid spec:\n{exc}")
        return EXIT_INVALID
    except KeyboardInterrupt:
        _say("specgen: interrupted; nothing was changed")
        return EXIT_INTERRUPTED
    except Exception as exc:
        from .render import RenderError

        if isinstance(exc, RenderError):
            _say(f"specgen: rendering failed: {exc}")
            return EXIT_INVALID
        raise
