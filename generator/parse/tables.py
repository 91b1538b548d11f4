"""Table shapes other than pipe rows: HTML `<table>` markup and grid tables, read into rows of cells.

Pipe rows are cut by `split_cells`; the block scanner in `page.py` decides where a table starts and
ends. Every reader here returns rows as lists of cell strings, header row first, with inline markup
turned into the markdown the rest of the parser reads (`code`, **bold**, [links](url), line breaks as
"\\n").
"""

from __future__ import annotations

import re

from .markup import FENCE, decode_entities, inline

ZWSP = "\u200b"
_BR = re.compile(r"<br\s*/?>", re.I)
TABLE_SEP = re.compile(r"^\s*\\?\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^#{1,6}\s")

# what a reader returns: rows (header first), each row's 1-based line, the source lines as pipe rows,
# and the index of the first line after the table
Read = tuple[list[list[str]], list[int], list[str], int]


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
    cells = s.split("|")
    if "\x00" in s:
        cells = [c.replace("\x00", "|") for c in cells]
    if "<" in s:
        cells = [_BR.sub("\n", c) for c in cells]
    return [c.strip() for c in cells]


def _pipe_raw(rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(r) + " |" for r in rows]


# ---------------------------------------------------------------- pipe tables


def table_start(lines: list[str], i: int, end: int) -> bool:
    """A pipe table starts here: a row with a leading pipe, or any row over a separator line."""
    line = lines[i]
    if "|" not in line:
        return False
    if line.lstrip().startswith("|"):
        return True
    return i + 1 < end and bool(TABLE_SEP.match(lines[i + 1]))


def _row_width(line: str) -> int:
    """The cells a row line has, counting the empty last cell of `a| b| ` (no leading pipe)."""
    s = line.strip()
    return len(split_cells(s)) + (1 if s.endswith("|") and not s.startswith("|") else 0)


# English connecting words a wrapped description cell may leave alone on a line (`or` between two
# examples): prose, not the name of a row that lost its other cells
_CONNECTIVES = frozenset({"or", "and", "nor", "etc", "then", "else", "also", "see", "e.g", "i.e", "eg", "ie"})
_LONE_NAME = re.compile(r"[a-z][A-Za-z0-9_.]*")
# how far (in lines) a cell may run on after a blank line before the table's next row
_CELL_RUN = 16


def _row_like(s: str, ncol: int) -> bool:
    """A line that can be a row of a table of ncol columns: its cells fit, a row that lost its last
    cells (`symbols | STRING | NO` under a four-column header) included."""
    return "|" in s and 2 <= _row_width(s) <= ncol


def _lone_name(s: str) -> bool:
    """A line that is one word written like a parameter name (`symbols`): a row that kept only its
    first cell, when a row follows it directly."""
    return bool(_LONE_NAME.fullmatch(s)) and s.lower() not in _CONNECTIVES


def _cell_resumes(lines: list[str], j: int, end: int, ncol: int) -> int | None:
    """After a blank line inside a table: the index of the next row when the table goes on (plain
    text lines continuing the last cell, or none, then a row that fits the table), else None. A
    row followed by a separator line heads a table of its own."""
    k = j + 1
    while k < end and k < j + _CELL_RUN:
        s = lines[k].strip()
        if not s:
            k += 1
            continue
        if "|" in s:
            if not ncol or not _row_like(s, ncol):
                return None
            after = lines[k + 1].strip() if k + 1 < end else ""
            return None if TABLE_SEP.match(after) else k
        if s.startswith(("#", ">", "**", "* ", "- ", "+ ", "```", "~~~")) or lines[k].startswith("    "):
            return None
        k += 1
    return None


def pipe_table(lines: list[str], i: int, end: int) -> Read:
    """A pipe table from line i: rows until a blank line, heading, quote or fence; a plain line after
    the first data row continues the last cell, and so does text after a blank line when a row that
    fits the table follows (`side| ENUM| YES| BUY` / `` / `SELL` / next row). A lone name right above a
    row is a row that lost its other cells (`symbols` / `windowSize | ENUM | NO | ...`)."""
    rows: list[list[str]] = []
    row_lines: list[int] = []
    raw: list[str] = []
    j = i
    while j < end:
        r = lines[j].replace(ZWSP, "").rstrip()
        s = inline(r.strip())
        if not s.strip():
            k = _cell_resumes(lines, j, end, len(rows[0]) if rows else 0)
            if k is None or len(rows) < 2:
                break
            j += 1
            continue
        if _HEADING.match(s) or s.startswith(">") or FENCE.match(r):
            break
        raw.append(s)
        if TABLE_SEP.match(s):
            pass
        elif "|" in s:
            rows.append(split_cells(s))
            row_lines.append(j + 1)
        elif len(rows) > 1 and _lone_name(s) and j + 1 < end and _row_like(lines[j + 1].strip(), len(rows[0])):
            rows.append([s])
            row_lines.append(j + 1)
        elif len(rows) > 1:
            rows[-1][-1] = (rows[-1][-1] + "\n" + s).strip()
        else:
            break
        j += 1
    return rows, row_lines, raw, j


def full_width_table(line: str, number: int) -> Read | None:
    """A table written on one line with `｜` between rows, or None."""
    parts = [p for p in line.lstrip(">").split("｜") if p.strip()]
    if len(parts) < 2 or not all("|" in p for p in parts[:2]):
        return None
    rows = [split_cells(p) for p in parts if not TABLE_SEP.match(p)]
    return rows, [number] * len(rows), [line], number


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


def html_table(lines: list[str], i: int, end: int, quoted: bool) -> Read:
    """The HTML table from line i to its `</table>` (on one line or many)."""
    j = i
    while j < end - 1 and not HTML_TABLE_END.search(lines[j]):
        j += 1
    text = "\n".join(x.lstrip().lstrip(">") if quoted else x for x in lines[i:j + 1])
    rows, row_lines = [], []
    for tr in _TR.finditer(text):
        cells = [html_inline(c.group(2)) for c in _CELL.finditer(tr.group(1))]
        if cells:
            rows.append(cells)
            row_lines.append(i + 1 + text.count("\n", 0, tr.start()))
    return rows, row_lines, _pipe_raw(rows), j + 1


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


def grid_table(page: list[str], i: int, end: int) -> Read:
    """A grid table from line i: `+---+` borders, `|` lines, `+===+` under the header. A cell written
    over several lines is joined with spaces; an empty line inside a cell separates paragraphs ("\\n")."""
    j = i
    while j < end and is_grid_line(page[j]):
        j += 1
    lines = [inline(x.replace(ZWSP, "")) for x in page[i:j]]
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
    return rows, [i + 1 + k for k in starts], _pipe_raw(rows), j


def _paragraphs(col: list[str]) -> list[list[str]]:
    paras: list[list[str]] = [[]]
    for piece in col:
        if piece:
            paras[-1].append(piece)
        elif paras[-1]:
            paras.append([])
    return [p for p in paras if p]
