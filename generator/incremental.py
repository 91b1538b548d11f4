"""The build's steps with the cache in front of each, giving the same bytes as an uncached build.

The levels, from coarse to fine:

* `build` entries: the whole result (spec files, package files, diagnostics) keyed by every input
  page's name and bytes plus the toolchain (generator source, templates, black/jinja2/pyyaml
  versions). A no-op `build` or `check` reads the pages, hashes them and compares folders: it never
  imports the parser, jinja2 or black.
* `parse` entries: one page's `PageResult`, keyed by its bytes, display name and the parser source.
  `link` (cross-page, cheap) always runs on the full set.
* `load` entries: per endpoint, its spec text and the Endpoint loaded back from that text, keyed
  by the endpoint's content (an unchanged endpoint is neither dumped nor loaded again); and, for
  `generate`, a spec text's Endpoint keyed by the text.
* `black` entries: black's output per rendered module (keyed by its source), and per module the
  formatted blocks it was split into (see "blockwise black" below), so a one-page change formats
  only the blocks it changed; plus the laid-out JSON case files. Keys hold black's version and
  mode. Misses are spread over worker processes when there are enough of them to pay for starting
  the workers (the same for page parses and spec dumps on a cold build).
"""

from __future__ import annotations

import ast
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .cache import Cache, digest, package_version, parser_version, generator_version, toolchain_version
from .model import Diagnostic, Endpoint
from .pages import Page, read_pages, unreadable
from .progress import Progress

BUILD_ENTRIES_KEPT = 6  # whole-build entries are a few MB each: keep only the recent ones
PARALLEL_MIN_CHARS = 400_000  # below this much unformatted source, worker start-up costs more than it saves
PARALLEL_MIN_PAGES = 64  # the same, for pages to parse and specs to dump and load
_PLACEHOLDER = re.compile("\x00specgen-format-([0-9]+)\x00")


@dataclass
class BuildResult:
    spec_files: dict[str, str]
    package_files: dict[str, str]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    endpoints: int = 0


def build_key(pages: list[Page], templates_root: Path, extra: str = "") -> str:
    parts: list[bytes | str] = [toolchain_version(templates_root), extra]
    for page in pages:
        parts += [page.name, page.data if page.data is not None else f"unreadable: {page.error}"]
    return digest(*parts)


def parse_pages(pages: list[Page], cache: Cache, progress: Progress | None = None,
                jobs: int = 1) -> tuple[list[Endpoint], list[Diagnostic]]:
    """parse_paths over already-read pages, with each page's result cached; with jobs > 1 and
    enough misses, the misses are parsed in worker processes (results taken in page order)."""
    from .parse import PageResult, link, parse_read_page

    version = parser_version()
    results: list[Any] = []
    misses: list[tuple[int, str]] = []
    for page in pages:
        if page.data is None:
            if progress:
                progress.advance()
            results.append(PageResult(file=page.name, diagnostics=[unreadable(page)]))
            continue
        key = digest(version, page.name, page.data)
        result = cache.get("parse", key)
        if result is None:
            misses.append((len(results), key))
        elif progress:
            progress.advance()
        results.append(result)
    if jobs > 1 and len(misses) >= PARALLEL_MIN_PAGES:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunk = max(1, len(misses) // (jobs * 8))
            done = pool.map(_parse_job, [pages[i] for i, _ in misses], chunksize=chunk)
            for (i, key), result in zip(misses, done):
                results[i] = result
                cache.put("parse", key, result)
                if progress:
                    progress.advance()
    else:
        for i, key in misses:
            results[i] = parse_read_page(pages[i])
            cache.put("parse", key, results[i])
            if progress:
                progress.advance()
    return link(results)


def _parse_job(page: Page) -> Any:
    from .parse import parse_read_page

    return parse_read_page(page)


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
        ep = cache.memory.get(("load", key))
        if ep is None:
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


# ---------------------------------------------------------------------------- blockwise black
#
# black's cost grows with the size of what it formats, and a one-page change alters a few blocks of a
# few modules. So a rendered module is split into top-level blocks (a statement with the comments
# above it), and a class whose body is only plain methods into its header and one block per method;
# each block is formatted on its own (and cached by its text), and the blocks are joined with the
# blank lines black itself would put between them. The join rules below are black's
# (EmptyLineTracker, black 26, non-.pyi, no preview features), for the boundaries they are written
# for; a boundary they do not cover keeps its two blocks together, and a module they cannot split
# at all is formatted whole. tests/test_blockwise.py checks the result equals black on the whole
# file for the fixture package and, when ../shared is there, the corpus package.

_DEFS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
_IMPORTS = (ast.Import, ast.ImportFrom)
_WHOLE, _TOP, _METHOD, _HEADER, _DICT_HEAD, _DICT_ITEM, _RAW = (
    "whole", "top", "method", "header", "dict-head", "dict-item", "raw")
_DICT_WRAPPER = "_ = {\n"
_DICT_BODY = "    0: 0,\n}\n"
_METHOD_WRAPPER = "class _:\n"
_HEADER_BODY = "    pass\n"
# black reads these in comments (`# fmt: off`, `# yapf: disable`), and \f and \r shape blank lines
_NO_SPLIT = ("fmt:", "fmt :", "yapf", "\f", "\r")


@dataclass
class _Unit:
    start: int  # first line (0-based) of the unit: its first leading comment, or the statement
    first: int  # first line of the statement itself (its first decorator)
    end: int  # one past its last line
    node: ast.stmt
    blanks: int  # blank lines right above `start`
    attached: bool  # leading comments run into the statement without a blank line


def _is_string_statement(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _ends_open(node: ast.stmt, lines: list[str]) -> bool:
    """Whether black's state after this unit is one the join rules do not model: a stub body (`...`)
    on its last line, a class with only a docstring (black adds a line after it), or a def/class
    nested in another compound statement."""
    if node.end_lineno is None or "..." in lines[node.end_lineno - 1]:
        return True
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr, ast.Import, ast.ImportFrom)):
        return False  # simple statements hold no def or class
    for sub in ast.walk(node):
        if isinstance(sub, ast.ClassDef) and len(sub.body) == 1 and _is_string_statement(sub.body[0]):
            return True
        if sub is not node and isinstance(sub, _DEFS) and not isinstance(node, _DEFS):
            return True
    return False


def _units(source: str) -> tuple[list[str], list[_Unit]] | None:
    """The module's top-level statements with their leading comments, or None when a line between
    statements is neither blank nor a column-0 comment (or statements share a line)."""
    if any(mark in source for mark in _NO_SPLIT):
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    lines = source.splitlines(keepends=True)
    units: list[_Unit] = []
    done = 0
    for node in tree.body:
        decorators = getattr(node, "decorator_list", [])
        first = min([node.lineno, *(d.lineno for d in decorators)]) - 1
        if first < done or node.end_lineno is None:
            return None
        start = None
        for i in range(done, first):
            text = lines[i]
            if not text.strip():
                continue
            if not text.startswith("#"):
                return None
            if start is None:
                start = i
        start = first if start is None else start
        blanks = 0
        while start - blanks - 1 >= done and not lines[start - blanks - 1].strip():
            blanks += 1
        attached = all(lines[i].strip() for i in range(start, first))
        units.append(_Unit(start, first, node.end_lineno, node, blanks, attached))
        done = node.end_lineno
    if not units:
        return None
    for i in range(done, len(lines)):  # comments after the last statement stay with it
        if lines[i].strip():
            if not lines[i].startswith("#"):
                return None
            units[-1].end = len(lines)
    return lines, units


def _separator(a: _Unit, b: _Unit) -> int | None:
    """Blank lines black puts between top-level unit a and the next one, b; None: not modelled."""
    if _is_string_statement(a.node) or _is_string_statement(b.node):
        return None  # docstring rules (black treats a block's leading string as a module docstring)
    a_def = isinstance(a.node, _DEFS)
    a_import = isinstance(a.node, _IMPORTS)
    b_def = isinstance(b.node, _DEFS)
    user = min(b.blanks, 2)
    if b.start < b.first:  # b opens with comments
        before = 2 if a_def else (1 if a_import else user)
        if b_def and b.attached:
            return 2  # black moves the def's two lines above the comments it is attached to
        return before
    if b_def:
        return 2
    if a_def:
        return 2
    if a_import and not isinstance(b.node, _IMPORTS):
        return 1
    return user


def _class_pieces(lines: list[str], unit: _Unit) -> list[tuple[str, str, int]] | None:
    """A class of plain methods as (header, methods...) pieces, or None."""
    node = unit.node
    if not isinstance(node, ast.ClassDef) or node.decorator_list or len(node.body) < 2:
        return None
    if not all(isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and not m.decorator_list for m in node.body):
        return None
    pieces: list[tuple[str, str, int]] = []
    header_end = node.body[0].lineno - 1
    blanks = 0
    while not lines[header_end - blanks - 1].strip():
        blanks += 1
    pieces.append((_HEADER, "".join(lines[unit.start:header_end - blanks]), 0))
    previous_end = header_end
    for i, method in enumerate(node.body):
        first = method.lineno - 1
        if any(lines[j].strip() for j in range(previous_end, first)) or method.end_lineno is None:
            return None
        if "..." in lines[method.end_lineno - 1]:
            return None  # a stub method: black's blank lines after it depend on the source
        sep = (1 if blanks else 0) if i == 0 else 1
        pieces.append((_METHOD, "".join(lines[first:method.end_lineno]), sep))
        previous_end = method.end_lineno
    if unit.end > previous_end:  # trailing comments after the last method
        return None
    return pieces


def _dict_pieces(lines: list[str], unit: _Unit) -> list[tuple[str, str, int]] | None:
    """`NAME = {` / one `key: value,` item per line run / `}` as (head, items..., close) pieces, or
    None. The trailing comma makes black explode the dict whatever its length, and black lays out
    each item of an exploded collection on its own; the head is formatted with a stand-in item."""
    node = unit.node
    if not isinstance(node, (ast.Assign, ast.AnnAssign)) or not isinstance(node.value, ast.Dict):
        return None
    value = node.value
    if len(value.keys) < 2 or any(k is None for k in value.keys) or value.end_lineno is None:
        return None
    if lines[unit.end - 1] != "}\n" or value.end_lineno != unit.end or value.end_col_offset != 1:
        return None
    first = value.keys[0].lineno - 1  # type: ignore[union-attr]
    if not lines[first - 1].rstrip("\n").endswith("{") or "#" in lines[first - 1]:
        return None
    pieces: list[tuple[str, str, int]] = [(_DICT_HEAD, "".join(lines[unit.start:first]), 0)]
    at = first
    for key, item in zip(value.keys, value.values):
        assert key is not None
        if key.lineno - 1 != at or key.col_offset != len(lines[at]) - len(lines[at].lstrip()):
            return None  # not one item after another, each starting its own line
        end = item.end_lineno
        if end is None or item.end_col_offset is None:
            return None
        rest = lines[end - 1][item.end_col_offset:]
        if rest != ",\n":
            return None  # each item must end its line with the comma (no comments)
        pieces.append((_DICT_ITEM, "".join(lines[at:end]), 0))
        at = end
    if at != unit.end - 1:
        return None
    pieces.append((_RAW, "}\n", 0))
    return pieces


def block_plan(source: str) -> list[tuple[str, str, int]]:
    """(kind, text, blank lines before) pieces whose formatted texts, joined, equal black on the
    whole source; [("whole", source, 0)] when the module cannot be split safely."""
    found = _units(source)
    if found is None:
        return [(_WHOLE, source, 0)]
    lines, units = found
    groups: list[tuple[list[_Unit], int]] = [([units[0]], 0)]
    for a, b in zip(units, units[1:]):
        sep = None if _ends_open(a.node, lines) else _separator(a, b)
        if sep is None:
            groups[-1][0].append(b)
        else:
            groups.append(([b], sep))
    if len(groups) == 1 and len(groups[0][0]) > 1:
        return [(_WHOLE, source, 0)]
    plan: list[tuple[str, str, int]] = []
    for group, sep in groups:
        pieces = (_class_pieces(lines, group[0]) or _dict_pieces(lines, group[0])) if len(group) == 1 else None
        if pieces is None:
            plan.append((_TOP, "".join(lines[group[0].start:group[-1].end]), sep))
        else:
            plan.append((pieces[0][0], pieces[0][1], sep))
            plan.extend(pieces[1:])
    return plan


def format_piece(kind: str, text: str) -> str | None:
    """black on one piece of a plan (None: black refused it, or its shape was not as expected)."""
    from . import render

    try:
        if kind == _METHOD:
            out = render.format_python(_METHOD_WRAPPER + text, "<block>")
            return out[len(_METHOD_WRAPPER):] if out.startswith(_METHOD_WRAPPER) else None
        if kind == _HEADER:
            out = render.format_python(text + _HEADER_BODY, "<block>")
            return out[: -len(_HEADER_BODY)] if out.endswith("\n" + _HEADER_BODY) else None
        if kind == _DICT_HEAD:
            out = render.format_python(text + _DICT_BODY, "<block>")
            head = out[: -len(_DICT_BODY)]
            return head if out.endswith("{\n" + _DICT_BODY) and "\n" not in head[:-1] else None
        if kind == _DICT_ITEM:
            out = render.format_python(_DICT_WRAPPER + text + "}\n", "<block>")
            return out[len(_DICT_WRAPPER):-2] if out.startswith(_DICT_WRAPPER) and out.endswith("\n}\n") else None
        if kind == _RAW:
            return text
        return render.format_python(text, "<block>")
    except render.RenderError:
        return None


def join_plan(plan: list[tuple[str, str, int]], formatted: list[str]) -> str:
    return "".join("\n" * sep + text for (_, _, sep), text in zip(plan, formatted))


def format_blockwise(source: str, name: str) -> str:
    """black on the whole file, computed block by block (uncached; see BlockFormatter)."""
    from . import render

    plan = block_plan(source)
    formatted = [format_piece(kind, text) for kind, text, _ in plan]
    if any(f is None for f in formatted) or plan[0][0] == _WHOLE:
        return render.format_python(source, name)
    return join_plan(plan, formatted)  # type: ignore[arg-type]


def _black_key(kind: str, source: str) -> str:
    from . import render

    return digest(package_version("black"), repr(render.BLACK_MODE), kind, source)


def _piece_job(piece: tuple[str, str]) -> str | None:
    return format_piece(*piece)


class BlockFormatter:
    """A render.Formatter that records each module and hands back a placeholder; `finish` formats
    them: whole files found in the cache as they are, the others block by block, each block from
    the cache or from black (in worker processes when there is enough to format)."""

    def __init__(self, cache: Cache, jobs: int = 2, progress: Progress | None = None) -> None:
        self.cache, self.jobs, self.progress = cache, jobs, progress
        self.recorded: list[tuple[str, str]] = []
        self.formatted = 0  # pieces black was run on (cache misses)

    def __call__(self, source: str, name: str) -> str:
        self.recorded.append((source, name))
        return f"\x00specgen-format-{len(self.recorded) - 1}\x00"

    def memo(self, kind: str, key_text: str, compute: Callable[[], str]) -> str:
        """render.Memo through the cache (stored with the formatted output: it is layout too)."""
        key = _black_key(kind, key_text)
        hit = self.cache.get("black", key)
        if isinstance(hit, str):
            return hit
        value = compute()
        self.cache.put("black", key, value)
        return value

    def finish(self, files: dict[str, str]) -> dict[str, str]:
        from . import render

        cache, progress = self.cache, self.progress
        results: dict[int, str] = {}
        file_keys = [_black_key(_WHOLE, source) for source, _ in self.recorded]
        plans: dict[int, list[tuple[str, str, int]]] = {}
        for i, key in enumerate(file_keys):
            hit = cache.get("black", key)
            if isinstance(hit, str):
                results[i] = hit
            else:
                plans[i] = block_plan(self.recorded[i][0])
        # A module's formatted pieces are kept in one entry, found by the module's name and holding
        # piece key -> formatted text: a handful of entries instead of thousands of small files
        # (writing a cache file costs more than formatting a small block). An entry left by other
        # sources only gives fewer hits: a piece is used only when its key (its text) matches.
        pieces: dict[str, tuple[str, str]] = {}
        done: dict[str, str | None] = {}
        index_keys: dict[int, str] = {}
        for i, plan in plans.items():
            index_keys[i] = _black_key("blocks-of", self.recorded[i][1])
            index = cache.get("black", index_keys[i]) if plan[0][0] != _WHOLE else None
            known = index if isinstance(index, dict) else {}
            for kind, text, _ in plan:
                key = _black_key(kind, text)
                if key not in done and isinstance(known.get(key), str):
                    done[key] = known[key]
                pieces.setdefault(key, (kind, text))
        misses = [key for key in pieces if key not in done]
        # progress counts modules (as before blocks existed): one is done when all its blocks are
        waiting: dict[int, set[str]] = {i: {_black_key(k, t) for k, t, _ in plan} - done.keys() for i, plan in plans.items()}
        users: dict[str, list[int]] = {}
        for i, keys in waiting.items():
            for key in keys:
                users.setdefault(key, []).append(i)

        def formatted(key: str) -> None:
            for i in users.get(key, []):
                waiting[i].discard(key)
                if not waiting[i] and progress:
                    progress.advance()

        if progress:
            progress.start("format", len(self.recorded))
            progress.advance(len(self.recorded) - sum(1 for keys in waiting.values() if keys))
        misses.sort(key=lambda k: -len(pieces[k][1]))  # longest first: better balance across workers
        size = sum(len(pieces[k][1]) for k in misses)
        self.formatted += sum(1 for k in misses if pieces[k][0] != _WHOLE)
        if self.jobs > 1 and len(misses) > 1 and size >= PARALLEL_MIN_CHARS:
            workers = min(self.jobs, len(misses))
            chunk = max(1, min(8, len(misses) // (workers * 32)))  # small: the longest come first
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for key, text in zip(misses, pool.map(_piece_job, [pieces[k] for k in misses], chunksize=chunk)):
                    done[key] = text
                    formatted(key)
        else:
            for key in misses:
                done[key] = format_piece(*pieces[key]) if pieces[key][0] != _WHOLE else None
                formatted(key)
        for i, plan in plans.items():
            source, name = self.recorded[i]
            texts = [done[_black_key(kind, text)] for kind, text, _ in plan]
            if plan[0][0] == _WHOLE or any(t is None for t in texts):
                results[i] = render.format_python(source, name)  # raises RenderError naming the file
            else:
                results[i] = join_plan(plan, texts)  # type: ignore[arg-type]
                cache.put("black", index_keys[i], {_black_key(k, t): f for (k, t, _), f in zip(plan, texts)})
            cache.put("black", file_keys[i], results[i])
        return {name: _PLACEHOLDER.sub(lambda m: results[int(m.group(1))], text) for name, text in files.items()}


def render_files(endpoints: list[Endpoint], cache: Cache, jobs: int = 2, progress: Progress | None = None) -> dict[str, str]:
    """render.render_package, formatted block by block through the cache (same bytes as black on
    each whole file)."""
    from . import render

    formatter = BlockFormatter(cache, jobs, progress)
    return formatter.finish(render.render_package(endpoints, formatter=formatter, memo=formatter.memo))


def _dump_load(ep: Endpoint, display: str) -> tuple[str, Endpoint | None]:
    """A spec's text and the Endpoint loaded back from it (None when it does not load)."""
    from .spec_yaml import SpecError, dumps, loads

    text = dumps(ep)
    try:
        return text, loads(text, display)
    except SpecError:
        return text, None  # load_spec_texts reports it


def _dump_load_job(job: tuple[Endpoint, str]) -> tuple[str, Endpoint | None]:
    return _dump_load(*job)


def spec_texts(endpoints: list[Endpoint], folder: Path, cache: Cache, jobs: int = 1,
               ) -> tuple[dict[str, str], list[Diagnostic], dict[str, Endpoint]]:
    """build.spec_file_texts with each endpoint's spec text, and the Endpoint loaded back from it,
    cached by the endpoint's content: an unchanged endpoint is neither dumped nor loaded again
    (misses are done in worker processes when there are many). Returns the files, the clash
    diagnostics and the loaded endpoints by file name."""
    from .build import spec_file_texts
    from .spec_yaml import spec_filename

    version = generator_version()
    loaded: dict[str, Endpoint] = {}
    found: dict[str, tuple[str, Endpoint | None]] = {}  # by entry key
    keys: list[str] = []
    misses: list[tuple[str, Endpoint, str]] = []
    missed: set[str] = set()
    for ep in endpoints:
        display = (folder / spec_filename(ep)).as_posix()
        key = digest(version, "dump", display, repr(ep))
        keys.append(key)
        if key in found or key in missed:
            continue
        hit = cache.get("load", key)
        if isinstance(hit, tuple) and len(hit) == 2:
            found[key] = hit
        else:
            misses.append((key, ep, display))
            missed.add(key)
    if jobs > 1 and len(misses) >= PARALLEL_MIN_PAGES:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunk = max(1, len(misses) // (jobs * 8))
            computed = list(pool.map(_dump_load_job, [(ep, d) for _, ep, d in misses], chunksize=chunk))
    else:
        computed = [_dump_load(ep, d) for _, ep, d in misses]
    for (key, _ep, display), (text, back) in zip(misses, computed):
        found[key] = (text, back)
        if back is not None:
            cache.put("load", key, (text, back))
    by_id = {id(ep): key for ep, key in zip(endpoints, keys)}

    def dump(ep: Endpoint, name: str) -> str:
        text, back = found[by_id[id(ep)]]
        if back is not None:
            loaded[name] = back
            cache.memory[("load", digest(version, (folder / name).as_posix(), text))] = back  # for the changelog
        return text

    files, clashes = spec_file_texts(endpoints, dump)
    return files, clashes, loaded


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
    endpoints, diagnostics = parse_pages(pages, cache, progress, jobs)
    spec_files, clashes, known = spec_texts(endpoints, specs_folder, cache, jobs)
    diagnostics = diagnostics + clashes
    if all(name in known for name in spec_files if name.endswith((".yaml", ".yml"))):
        loaded = [known[name] for name in sorted(known)]
    else:
        loaded = load_spec_texts(spec_files, specs_folder, cache)
    package = render_files(loaded, cache, jobs, progress)
    result = BuildResult(spec_files, package, diagnostics, len(pages), len(endpoints))
    cache.put("build", key, result)
    cache.prune("build", BUILD_ENTRIES_KEPT)
    return result
