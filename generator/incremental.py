"""The build's steps with the cache in front of each, giving the same bytes as an uncached build.

Three levels, from coarse to fine:

* `build` entries: the whole result (spec files, package files, diagnostics) keyed by every input
  page's name and bytes plus the toolchain (generator source, templates, black/jinja2/pyyaml
  versions). A no-op `build` or `check` reads the pages, hashes them and compares folders: it never
  imports the parser, jinja2 or black.
* `parse` entries: one page's `PageResult`, keyed by its bytes, display name and the parser source.
  `link` (cross-page, cheap) always runs on the full set.
* `load` / `black` entries: a spec text's Endpoint, and black's output per rendered file, keyed by
  the unformatted source, black's version and mode. Black misses are spread over worker processes
  when there is enough of them to pay for starting the workers.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .cache import Cache, digest, package_version, parser_version, generator_version, toolchain_version
from .model import Diagnostic, Endpoint
from .progress import Progress

BUILD_ENTRIES_KEPT = 6  # whole-build entries are a few MB each: keep only the recent ones
PARALLEL_MIN_CHARS = 400_000  # below this much unformatted source, worker start-up costs more than it saves
_PLACEHOLDER = re.compile("\x00specgen-format-([0-9]+)\x00")


@dataclass
class Page:
    name: str  # display name, as parse_paths gives it
    data: bytes | None
    error: str | None = None


@dataclass
class BuildResult:
    spec_files: dict[str, str]
    package_files: dict[str, str]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    endpoints: int = 0


def display_name(path: Path) -> str:
    """Same rule as generator.parse.display_name (kept here so a warm build never imports the parser)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_pages(paths: list[Path]) -> list[Page]:
    """Every regular file below the given paths (folders walked, each folder's files sorted)."""
    files: list[tuple[str, Path]] = []
    for p in paths:
        if not p.is_dir():
            files.append((display_name(p), p))
            continue
        base = display_name(p)
        found: list[tuple[Path, str | None]] = []
        for root, _dirs, names in os.walk(p):
            rel = os.path.relpath(root, p).replace(os.sep, "/")
            for n in names:
                f = Path(root, n)
                if os.path.islink(f):  # resolved like parse_paths does: it may point elsewhere
                    found.append((f, None))
                elif os.path.isfile(f):
                    found.append((f, n if rel == "." else f"{rel}/{n}"))
        for f, rel_name in sorted(found):
            if rel_name is None:
                if f.is_file():
                    files.append((display_name(f), f))
            else:
                files.append((rel_name if base == "." else f"{base}/{rel_name}", f))
    pages = []
    for name, f in files:
        try:
            with open(f, "rb") as fh:
                pages.append(Page(name, fh.read()))
        except OSError as exc:
            pages.append(Page(name, None, str(exc.strerror or exc)))
    return pages


def build_key(pages: list[Page], templates_root: Path, extra: str = "") -> str:
    parts: list[bytes | str] = [toolchain_version(templates_root), extra]
    for page in pages:
        parts += [page.name, page.data if page.data is not None else f"unreadable: {page.error}"]
    return digest(*parts)


def parse_pages(pages: list[Page], cache: Cache, progress: Progress | None = None) -> tuple[list[Endpoint], list[Diagnostic]]:
    """parse_paths over already-read pages, with each page's result cached."""
    from .parse import PageResult, link, parse_page

    version = parser_version()
    results = []
    for page in pages:
        if progress:
            progress.advance()
        if page.data is None:
            results.append(PageResult(file=page.name, diagnostics=[
                Diagnostic(page.name, 1, "error", "read-error", f"cannot read the file: {page.error}")]))
            continue
        key = digest(version, page.name, page.data)
        result = cache.get("parse", key)
        if result is None:
            result = _parse_one(page, parse_page)
            cache.put("parse", key, result)
        results.append(result)
    return link(results)


def _parse_one(page: Page, parse_page: Callable) -> Any:
    assert page.data is not None
    try:
        text, bad = page.data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        text = page.data.decode("utf-8", errors="replace")
        line = page.data[: exc.start].count(b"\n") + 1
        bad = Diagnostic(page.name, line, "warning", "encoding-error",
                         f"the file is not valid UTF-8 ({exc.reason} at byte {exc.start}); "
                         f"undecodable bytes were replaced")
    result = parse_page(text, page.name)
    if bad is not None:
        result.diagnostics.insert(0, bad)
    return result


def load_spec_texts(files: dict[str, str], folder: Path, cache: Cache) -> list[Endpoint]:
    """build.load_spec_texts with each valid spec's Endpoint cached (errors are never cached)."""
    from .spec_yaml import SpecError, loads

    version = generator_version()
    endpoints, errors = [], []
    for name, text in sorted(files.items()):
        if not name.endswith((".yaml", ".yml")):
            continue
        display = (folder / name).as_posix()
        key = digest(version, display, text)
        ep = cache.get("load", key)
        if ep is None:
            try:
                ep = loads(text, display)
            except SpecError as exc:
                errors.append(str(exc))
                continue
            cache.put("load", key, ep)
        endpoints.append(ep)
    if errors:
        raise SpecError("\n".join(errors))
    return endpoints


def _black_key(source: str) -> str:
    from . import render

    return digest(package_version("black"), repr(render.BLACK_MODE), source)


def _format_job(job: tuple[str, str]) -> str:
    from . import render

    source, name = job
    return render.format_python(source, name)


def render_files(endpoints: list[Endpoint], cache: Cache, jobs: int = 2, progress: Progress | None = None) -> dict[str, str]:
    """render.render_package with black's output cached per file and misses formatted in parallel.

    While the templates render, render.format_python is swapped for a recorder that hands back a
    placeholder; the placeholders are then replaced by the (cached or freshly) formatted text.
    """
    from . import render

    recorded: list[tuple[str, str]] = []

    def record(source: str, name: str) -> str:
        recorded.append((source, name))
        return f"\x00specgen-format-{len(recorded) - 1}\x00"

    original = render.format_python
    render.format_python = record  # type: ignore[assignment]
    try:
        files = render.render_package(endpoints)
    finally:
        render.format_python = original  # type: ignore[assignment]

    formatted: dict[int, str] = {}
    misses: list[int] = []
    keys = [_black_key(source) for source, _ in recorded]
    for i, key in enumerate(keys):
        hit = cache.get("black", key)
        if isinstance(hit, str):
            formatted[i] = hit
        else:
            misses.append(i)
    if progress:
        progress.start("format", len(recorded))
        progress.advance(len(recorded) - len(misses))
    misses.sort(key=lambda i: -len(recorded[i][0]))  # longest first: better balance across workers
    size = sum(len(recorded[i][0]) for i in misses)
    if jobs > 1 and len(misses) > 1 and size >= PARALLEL_MIN_CHARS:
        with ProcessPoolExecutor(max_workers=min(jobs, len(misses))) as pool:
            for i, text in zip(misses, pool.map(_format_job, [recorded[i] for i in misses])):
                formatted[i] = text
                if progress:
                    progress.advance()
    else:
        for i in misses:
            formatted[i] = original(*recorded[i])
            if progress:
                progress.advance()
    for i in misses:
        cache.put("black", keys[i], formatted[i])
    return {name: _PLACEHOLDER.sub(lambda m: formatted[int(m.group(1))], text) for name, text in files.items()}


def build(docs: list[Path], specs_folder: Path, cache: Cache, templates_root: Path, jobs: int = 2,
          progress: Progress | None = None) -> BuildResult:
    """Pages -> spec files -> package files, through the cache; same bytes as an uncached build."""
    pages = read_pages(docs)
    key = build_key(pages, templates_root, specs_folder.as_posix())
    hit = cache.get("build", key)
    if isinstance(hit, BuildResult):
        return hit
    if progress:
        progress.start("parse", len(pages))
    endpoints, diagnostics = parse_pages(pages, cache, progress)
    from .build import spec_file_texts

    spec_files, clashes = spec_file_texts(endpoints)
    diagnostics = diagnostics + clashes
    loaded = load_spec_texts(spec_files, specs_folder, cache)
    package = render_files(loaded, cache, jobs, progress)
    result = BuildResult(spec_files, package, diagnostics, len(pages), len(endpoints))
    cache.put("build", key, result)
    cache.prune("build", BUILD_ENTRIES_KEPT)
    return result
