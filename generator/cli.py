"""The `specgen` command line.

Exit codes (also in the README):
  0  success (warnings allowed unless --strict)
  1  finished, but something needs attention: `check` found differences, or a page produced an
     error diagnostic (or a warning, with --strict); output for the good pages is still written
  2  usage error: bad arguments, missing input paths
  3  a spec file is invalid or rendering failed: nothing was written
  130 interrupted (Ctrl-C): nothing was changed
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import __version__
from .build import (
    SpecSet,
    diff_folder,
    load_spec_texts,
    load_specs,
    package_files,
    specs_from_pages,
    write_folder,
)
from .render import RenderError
from .spec_yaml import SpecError, to_dict

DOCS = Path("specs/docs")
SPECS = Path("specs/endpoints")
OUT = Path("generated")

EXIT_OK, EXIT_ATTENTION, EXIT_USAGE, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _report(specs: SpecSet, strict: bool, started: float, quiet: bool = False) -> int:
    """Print diagnostics and one summary line to stderr; return the exit code they call for."""
    levels = {"error": 0, "warning": 0, "info": 0}
    for d in specs.diagnostics:
        levels[d.level] = levels.get(d.level, 0) + 1
        if not quiet and d.level != "info":
            _say(d.format())
    _say(
        f"specgen: {specs.pages} pages, {len(specs.endpoints)} endpoints, {levels['warning']} warnings, "
        f"{levels['error']} errors, {time.perf_counter() - started:.2f}s"
    )
    if levels["error"] or (strict and levels["warning"]):
        return EXIT_ATTENTION
    return EXIT_OK


def _inputs(paths: list[Path]) -> list[Path] | None:
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        _say(f"specgen: {p}: no such file or folder")
    return None if missing else paths


def cmd_parse(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    paths = _inputs(args.paths)
    if paths is None:
        return EXIT_USAGE
    specs = specs_from_pages(paths)
    if args.json:
        out = {
            "endpoints": [to_dict(ep) for ep in specs.endpoints],
            "diagnostics": [to_dict(d) for d in specs.diagnostics],
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        return _report(specs, args.strict, started, quiet=True)
    code = _report(specs, args.strict, started)
    changed = write_folder(args.specs, specs.files)
    _say(f"specgen: {args.specs} {'updated' if changed else 'unchanged'}")
    return code


def cmd_generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    endpoints = load_specs(args.specs)
    files = package_files(endpoints)
    changed = write_folder(args.out, files)
    _say(f"specgen: {len(endpoints)} endpoints -> {args.out} {'updated' if changed else 'unchanged'}, "
         f"{time.perf_counter() - started:.2f}s")
    return EXIT_OK


def _build_in_memory(args: argparse.Namespace) -> tuple[SpecSet, dict[str, str]] | None:
    paths = _inputs([args.docs])
    if paths is None:
        return None
    specs = specs_from_pages(paths)
    endpoints = load_spec_texts(specs.files, args.specs)  # the generate stage reads only YAML
    return specs, package_files(endpoints)


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    built = _build_in_memory(args)
    if built is None:
        return EXIT_USAGE
    specs, files = built
    code = _report(specs, args.strict, started)
    spec_changed = write_folder(args.specs, specs.files)
    out_changed = write_folder(args.out, files)
    _say(f"specgen: {args.specs} {'updated' if spec_changed else 'unchanged'}, "
         f"{args.out} {'updated' if out_changed else 'unchanged'}")
    return code


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    built = _build_in_memory(args)
    if built is None:
        return EXIT_USAGE
    specs, files = built
    lines = diff_folder(args.specs, specs.files) + diff_folder(args.out, files)
    if lines:
        sys.stdout.writelines(lines)
        changed = len([ln for ln in lines if ln.startswith("+++ ")])
        _say(f"specgen check: {changed} file(s) differ from what `specgen build` would write")
        return EXIT_ATTENTION
    _say(f"specgen check: up to date ({time.perf_counter() - started:.2f}s)")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="specgen",
        description="Binance documentation pages -> YAML endpoint specs -> a typed Python client.",
        epilog="Exit codes: 0 ok, 1 needs attention (differences, page errors), 2 usage, 3 invalid spec, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"specgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def common(p: argparse.ArgumentParser, docs: bool = False, out: bool = False) -> None:
        if docs:
            p.add_argument("--docs", type=Path, default=DOCS, help=f"folder of documentation pages (default {DOCS})")
        p.add_argument("--specs", type=Path, default=SPECS, help=f"folder of YAML specs (default {SPECS})")
        if out:
            p.add_argument("--out", type=Path, default=OUT, help=f"folder of the generated package (default {OUT})")
        p.add_argument("--strict", action="store_true", help="treat warnings as failures (exit 1)")

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

    p = sub.add_parser("build", help="parse the docs, then generate", description="parse + generate with the defaults.")
    common(p, docs=True, out=True)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="fail with a diff when specs or generated code are out of date",
                       description="Exit 1 with a unified diff when the committed specs or code differ from a build.")
    common(p, docs=True, out=True)
    p.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SpecError as exc:
        _say(f"specgen: invalid spec:\n{exc}")
        return EXIT_INVALID
    except RenderError as exc:
        _say(f"specgen: rendering failed: {exc}")
        return EXIT_INVALID
    except KeyboardInterrupt:
        _say("specgen: interrupted; nothing was changed")
        return EXIT_INTERRUPTED

