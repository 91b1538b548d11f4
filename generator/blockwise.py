"""black, block by block: the same bytes as black on each whole file, at the cost of the blocks that
changed.

black's cost grows with the size of what it formats, and a one-page change alters a few blocks of a
few modules. So a rendered module is split into top-level blocks (a statement with the comments
above it), and a class whose body is only plain methods into its header and one block per method;
each block is formatted on its own (and cached by its text), and the blocks are joined with the
blank lines black itself would put between them. The join rules below are black's
(EmptyLineTracker, black 26, non-.pyi, no preview features), for the boundaries they are written
for; a boundary they do not cover keeps its two blocks together, and a module they cannot split
at all is formatted whole. tests/test_blockwise.py checks the result equals black on the whole file
for the fixture package and, when ../shared is there, the corpus package.

`BlockFormatter` is the render.Formatter the build passes to render.render_package: it records each
module, and `finish` formats them through the cache (kind "black", keyed by the text formatted and
cache.step_version of this module: black's version and every generator module this step runs).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Callable

from .black_layout import leaves_alone
from .cache import Cache, digest, step_version
from .progress import Progress

PARALLEL_MIN_CHARS = 400_000  # below this much unformatted source, worker start-up costs more than it saves
_PLACEHOLDER = re.compile("\x00specgen-format-([0-9]+)\x00")

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
    """A class of plain methods, after a docstring and simple assignments if any, as (header,
    methods...) pieces, or None."""
    node = unit.node
    if not isinstance(node, ast.ClassDef) or node.decorator_list:
        return None
    lead = 0  # the docstring and class attributes before the first method stay in the header
    while lead < len(node.body) and (_is_string_statement(node.body[lead])
                                     or isinstance(node.body[lead], (ast.Assign, ast.AnnAssign))):
        lead += 1
    methods = node.body[lead:]
    if len(methods) < (1 if lead else 2):
        return None
    if not all(isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) and not m.decorator_list for m in methods):
        return None
    pieces: list[tuple[str, str, int]] = []
    header_end = methods[0].lineno - 1
    blanks = 0
    while not lines[header_end - blanks - 1].strip():
        blanks += 1
    pieces.append((_HEADER, "".join(lines[unit.start:header_end - blanks]), 0))
    previous_end = header_end
    for i, method in enumerate(methods):
        first = method.lineno - 1
        if any(lines[j].strip() for j in range(previous_end, first)) or method.end_lineno is None:
            return None
        if "..." in lines[method.end_lineno - 1]:
            return None  # a stub method: black's blank lines after it depend on the source
        sep = (1 if blanks or lead else 0) if i == 0 else 1
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
            if not out.endswith("\n" + _HEADER_BODY):
                return None
            return out[: -len(_HEADER_BODY)].rstrip("\n") + "\n"  # black's blank line after a docstring is the join's
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
    formatted = [text if leaves_alone(kind, text) else format_piece(kind, text) for kind, text, _ in plan]
    if any(f is None for f in formatted) or plan[0][0] == _WHOLE:
        return render.format_python(source, name)
    return join_plan(plan, formatted)  # type: ignore[arg-type]


def _black_key(kind: str, source: str) -> str:
    return digest(step_version("generator.blockwise"), kind, source)


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
        if self.progress:
            self.progress.advance()  # the "render" stage: one module rendered
        return f"\x00specgen-format-{len(self.recorded) - 1}\x00"

    def memo(self, kind: str, key_text: str, compute: Callable[[], str]) -> str:
        """render.Memo through the cache (stored with the formatted output: it is layout too)."""
        if self.progress:
            self.progress.advance()
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
        for key, (kind, text) in pieces.items():  # blocks already in black's layout need no black
            if key not in done and leaves_alone(kind, text):
                done[key] = text
        misses = [key for key in pieces if key not in done]
        # progress counts the blocks black runs on (the cached ones cost nothing): a cold build of the
        # whole site shows thousands, a one-page change a handful (too few to show)

        def formatted(key: str) -> None:
            if progress:
                progress.advance()

        if progress:
            progress.start("format", len(misses), size=0.1)
        misses.sort(key=lambda k: -len(pieces[k][1]))  # longest first: better balance across workers
        size = sum(len(pieces[k][1]) for k in misses)
        self.formatted += sum(1 for k in misses if pieces[k][0] != _WHOLE)
        if self.jobs > 1 and len(misses) > 1 and size >= PARALLEL_MIN_CHARS:
            workers = min(self.jobs, len(misses))
            chunk = max(1, min(8, len(misses) // (workers * 32)))  # small: the longest come first
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=workers) as pool:
                for key, out in zip(misses, pool.map(_piece_job, [pieces[k] for k in misses], chunksize=chunk)):
                    done[key] = out
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
        return {name: _PLACEHOLDER.sub(lambda m: results[int(m.group(1))], text) if "\x00" in text else text
                for name, text in files.items()}
