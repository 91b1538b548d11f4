"""Table shapes other than pipe rows: HTML `<table>` markup and grid tables, read into rows of cells.

Pipe rows are cut by `split_cells`; the block scanner in `page.py` decides where a table starts and
ends. Every reader here returns rows as lists of cell strings, header row first, with inline markup
turned into the markdown the rest of the parser reads (`code`, **bold**, [links](url), line breaks as
"\\n").
"""

from __future__ import annotations

import re

from .markup import decode_entities

_BR = re.compile(r"<br\s*/?>", re.I)


def split_cells(line: str) -> list[str]:
    """Cells of one pipe-table row (leading/trailing pipes optional; `\\|` is a pipe inside a cell)."""
    s = line.strip()
    if s.startswith(">"):
        s = s[1:].strip()
    s = s.replace("\\|", "\x00")
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [_BR.sub("\n", c.replace("\x00", "|")).strip() for c in s.split("|")]


# ---------------------------------------------------------------- HTML tables

HTML_TABLE_START = re.compile(r"^\s*(?:>\s*)?<table\b", re.I)
HTML_TABLE_END = re.compile(r"</table\s*>", re.I)
_TR = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|</tbody|</thead|</tfoot|</table|$)", re.I | re.S)
_CELL = re.compile(r"<t([hd])\b[^>]*>(.*?)(?=<t[hd]\b|</tr|$)", re.I | re.S)
_TAG_RULES = [
    (re.compile(r"<br\s*/?>|</p\s*>\s*<p\b[^>]*>", re.I), "\n"),
    (re.compile(r"<li\b[^>]*>", re.I), "\n* "),
    (re.compile(r"</?(?:code|kbd|tt)\b[^>]*>", re.I), "`"),
    (re.compile(r"</?(?:strong|b)\b[^>]*>", re.I), "**"),
]
_LINK = re.compile(r"<a\b[^>]*?href=\"([^\"]*)\"[^>]*>(.*?)</a\s*>", re.I | re.S)
_ANY_TAG = re.compile(r"</?[A-Za-z][\w-]*\b[^<>]*>")


def html_inline(fragment: str) -> str:
    """The inline HTML of a cell as markdown text."""
    s = re.sub(r"\s*\n\s*", " ", fragment)
    s = _LINK.sub(lambda m: f"[{m.group(2)}]({m.group(1)})", s)
    for pattern, repl in _TAG_RULES:
        s = pattern.sub(repl, s)
    s = re.sub(r"</t[hd]\s*>", "", s, flags=re.I)
    s = _ANY_TAG.sub("", s)
    s = decode_entities(s)
    return "\n".join(x.strip() for x in s.split("\n")).strip()


def html_table(text: str) -> list[list[str]]:
    """Rows of the first HTML table in text (header first when it has one)."""
    rows = []
    for tr in _TR.finditer(text):
        cells = [html_inline(c.group(2)) for c in _CELL.finditer(tr.group(1))]
        if cells:
            rows.append(cells)
    return rows


# ---------------------------------------------------------------- grid tables

GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")


def is_grid_line(line: str) -> bool:
    s = line.strip()
    return bool(GRID_BORDER.match(s)) or (s.startswith("|") and s.endswith("|") and len(s) > 1)


def _grid_cells(line: str, cuts: list[int], ncol: int) -> list[str]:
    """The cells of one grid line: between unescaped pipes when their count fits the table (wide
    characters shift positions), else cut at the border's column positions."""
    s = line.strip()
    parts = s.replace("\\|", "\x00")[1:-1].split("|")
    if len(parts) == ncol:
        return [p.replace("\x00", "|").strip() for p in parts]
    return [s[a + 1:b].strip() for a, b in zip(cuts, cuts[1:])]


def grid_table(lines: list[str]) -> tuple[list[list[str]], list[int]]:
    """(rows, index of each row's first line) of a grid table: `+---+` borders, `|` lines, `+===+` under
    the header. A cell written over several lines is joined with spaces; an empty line inside a cell
    separates paragraphs ("\\n")."""
    border = lines[0].strip()
    cuts = [k for k, ch in enumerate(border) if ch == "+"]
    ncol = len(cuts) - 1
    rows: list[list[str]] = []
    starts: list[int] = []
    current: list[list[str]] | None = None
    first = 0

    def close() -> None:
        if current is not None and any(any(p for p in col) for col in current):
            rows.append(["\n".join(" ".join(p) for p in _paragraphs(col)) for col in current])
            starts.append(first)

    for k, line in enumerate(lines):
        if GRID_BORDER.match(line.strip()):
            close()
            current = None
            continue
        cells = _grid_cells(line, cuts, ncol)
        if current is None:
            current = [[] for _ in range(ncol)]
            first = k
        for c in range(ncol):
            current[c].append(cells[c] if c < len(cells) else "")
    close()
    return rows, starts


def _paragraphs(col: list[str]) -> list[list[str]]:
    paras: list[list[str]] = [[]]
    for piece in col:
        if piece:
            paras[-1].append(piece)
        elif paras[-1]:
            paras.append([])
    return [p for p in paras if p]
