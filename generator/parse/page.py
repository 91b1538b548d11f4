"""Page text -> structure: front matter, language halves and a flat list of blocks per half.

A block is a heading (real `#` headings and bold pseudo-headings such as `**Weight:** 20`), a code
block (fenced or 4-space indented), a table (pipe tables in their scraped variants), a list item or a
paragraph. Everything else in the parser works on blocks, never on raw markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ZWSP = "\u200b"

_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*):\s*(.*?)\s*$")
_SOURCE_COMMENT = re.compile(r"<!--\s*Source:\s*(\S+?)\s*-->")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# the heading anchor the scraper leaves behind: [​](/docs/...#x "Direct link to X")
_ANCHOR = re.compile(r"\s*\[\s*\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)\s*$")
_BOLD_HEADING = re.compile(r"^\*\*([^*]{1,80}?)\s*([:：])?\s*\*\*\s*([:：])?\s*(.*)$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_BULLET = re.compile(r"^\s*(?:[*+-]|\d{1,2}[.)])\s+")
_TABLE_SEP = re.compile(r"^\s*\\?\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NAV = re.compile(r"^\[(上一页|下一页|Previous|Next)\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200c\u200d\u2060\ufeff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_H1_AFTER = re.compile(r"^#\s")


@dataclass
class Block:
    """One unit of page content. `line` is 1-based in the page."""

    kind: str  # heading | code | table | item | text
    line: int
    text: str = ""
    level: int = 0  # heading level (1-6; 7 for a bold pseudo-heading)
    value: str = ""  # text after a pseudo-heading's colon, e.g. "20" in `**Weight:** 20`
    rows: list[list[str]] = field(default_factory=list)  # table rows, header first
    row_lines: list[int] = field(default_factory=list)
    quoted: bool = False  # inside a `>` blockquote
    raw: list[str] = field(default_factory=list)  # the source lines (tables, text)


@dataclass
class Half:
    """One language version of the page."""

    lang: str  # "en" | "zh"
    start: int  # 1-based first line
    blocks: list[Block]


@dataclass
class Page:
    front: dict[str, str]
    url: str | None
    halves: list[Half]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def clean_heading(text: str) -> str:
    """Heading text without the scraper's anchor link and markdown emphasis."""
    text = text.replace(ZWSP, "")
    text = _ANCHOR.sub("", text)
    text = text.replace("\\_", "_").replace("\\(", "(").replace("\\)", ")")
    text = re.sub(r"\*\*|__", "", text)
    return text.strip().strip("`").strip()


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """YAML-like `key: value` front matter between two `---` lines; returns (dict, first body index)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    front: dict[str, str] = {}
    for i in range(1, min(len(lines), 60)):
        line = lines[i]
        if line.strip() == "---":
            return front, i + 1
        m = _FRONT_KEY.match(line)
        if not m:
            return {}, 0
        front[m.group(1)] = m.group(2).strip().strip("'\"")
    return {}, 0


def _split_halves(lines: list[str], body: int) -> list[tuple[int, int]]:
    """Index ranges [start, end) of the language halves: a lone `---` line followed by an H1."""
    cuts = [body]
    in_fence = False
    for i in range(body, len(lines)):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or line.strip() != "---":
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and _H1_AFTER.match(lines[j]):
            cuts.append(i + 1)
    ranges = []
    for k, start in enumerate(cuts):
        end = cuts[k + 1] - 1 if k + 1 < len(cuts) else len(lines)
        ranges.append((start, end))
    return ranges


def _half_lang(blocks: list[Block], index: int, count: int) -> str:
    for b in blocks:
        if b.kind == "heading" and b.level == 1:
            return "zh" if has_cjk(b.text) else "en"
    text = " ".join(b.text for b in blocks[:40])
    cjk = len(_CJK.findall(text))
    if cjk > max(10, len(text) // 20):
        return "zh"
    if count == 2:
        return "en" if index == 0 else "zh"
    return "en"


def parse_structure(text: str) -> Page:
    """Split page text into front matter, source URL and language halves of blocks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _CONTROL.sub("", text)
    lines = text.split("\n")
    front, body = _front_matter(lines)
    url = front.get("source_url") or front.get("url")
    if not url:
        for line in lines[:5]:
            m = _SOURCE_COMMENT.search(line)
            if m:
                url = m.group(1)
                break
    ranges = _split_halves(lines, body)
    halves = []
    for k, (start, end) in enumerate(ranges):
        blocks = parse_blocks(lines, start, end)
        halves.append(Half(lang=_half_lang(blocks, k, len(ranges)), start=start + 1, blocks=blocks))
    if len(halves) == 2 and halves[0].lang == halves[1].lang:
        halves[0].lang, halves[1].lang = "en", "zh"
    return Page(front=front, url=url, halves=halves)


def _is_blank(line: str) -> bool:
    return not line.strip() or line.strip() == ">"


def _table_start(lines: list[str], i: int, end: int) -> bool:
    line = lines[i]
    if "|" not in line:
        return False
    if line.lstrip().startswith("|"):
        return True
    return i + 1 < end and bool(_TABLE_SEP.match(lines[i + 1]))


def _cell_resumes(lines: list[str], j: int, end: int, ncol: int) -> int | None:
    """After a blank line inside a table: the index of the next row when the lines between continue
    the last cell (plain text lines followed by a row with the table's column count), else None."""
    k = j + 1
    texts = 0
    while k < end and k < j + 6:
        s = lines[k].strip()
        if not s:
            k += 1
            continue
        if "|" in s:
            return k if texts and ncol and len(split_cells(s)) == ncol else None
        if s.startswith(("#", ">", "*", "-", "`")) or lines[k].startswith("    "):
            return None
        texts += 1
        k += 1
    return None


def split_cells(line: str) -> list[str]:
    """Cells of one pipe-table row (leading/trailing pipes optional)."""
    s = line.strip()
    if s.startswith(">"):
        s = s[1:].strip()
    s = s.replace("\\|", "\x00")
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.replace("\x00", "|").strip() for c in s.split("|")]


def parse_blocks(lines: list[str], start: int, end: int) -> list[Block]:
    """Blocks of lines[start:end]. Never raises on odd markdown; unknown lines become text."""
    blocks: list[Block] = []
    i = start
    prev_blank = True
    para: Block | None = None

    def flush() -> None:
        nonlocal para
        if para is not None:
            para.text = para.text.strip()
            if para.text:
                blocks.append(para)
            para = None

    while i < end:
        raw = lines[i].replace(ZWSP, "")
        line = raw.rstrip()
        stripped = line.strip()
        if _NAV.match(stripped):
            break  # previous/next links and the table of contents of format B
        if not stripped or stripped == ">":
            flush()
            prev_blank = True
            i += 1
            continue
        # fenced code
        m = _FENCE.match(line)
        if m:
            flush()
            body = []
            j = i + 1
            while j < end and not lines[j].strip().startswith(m.group(1)):
                body.append(lines[j].replace(ZWSP, "").rstrip())
                j += 1
            blocks.append(Block("code", i + 1, "\n".join(body)))
            i = j + 1
            prev_blank = True
            continue
        # indented code (the scraper writes code as 4-space indented lines after a blank line)
        if prev_blank and (raw.startswith("    ") or raw.startswith("\t")) and not _BULLET.match(raw):
            flush()
            body = []
            j = i
            while j < end:
                r = lines[j].replace(ZWSP, "")
                if r.strip() and not (r.startswith("    ") or r.startswith("\t")):
                    break
                body.append(r[4:].rstrip() if r.startswith("    ") else r.lstrip("\t").rstrip())
                j += 1
            while body and not body[-1].strip():
                body.pop()
            while body and not body[0].strip():
                body.pop(0)
            first = i + 1
            while first - 1 < j and not lines[first - 1].strip():
                first += 1
            if body:
                blocks.append(Block("code", first, "\n".join(body)))
            i = j
            prev_blank = True
            continue
        # headings
        m = _HEADING.match(stripped)
        if m:
            flush()
            blocks.append(Block("heading", i + 1, clean_heading(m.group(2)), level=len(m.group(1))))
            i += 1
            prev_blank = True
            continue
        m = _BOLD_HEADING.match(stripped)
        if m and (m.group(2) or m.group(3)):
            flush()
            blocks.append(Block("heading", i + 1, clean_heading(m.group(1)), level=7, value=m.group(4).strip()))
            i += 1
            prev_blank = True
            continue
        quoted = stripped.startswith(">")
        # full-width pipe tables written on one line: one row per `｜`
        if "｜" in stripped:
            parts = [p for p in stripped.lstrip(">").split("｜") if p.strip()]
            if len(parts) >= 2 and all("|" in p for p in parts[:2]):
                flush()
                rows = [split_cells(p) for p in parts if not _TABLE_SEP.match(p)]
                blocks.append(Block("table", i + 1, rows=rows, row_lines=[i + 1] * len(rows), raw=[stripped], quoted=quoted))
                i += 1
                prev_blank = False
                continue
        if _table_start(lines, i, end) and not quoted:
            flush()
            table = Block("table", i + 1, raw=[])
            j = i
            while j < end:
                r = lines[j].replace(ZWSP, "").rstrip()
                s = r.strip()
                if not s:
                    k = _cell_resumes(lines, j, end, len(table.rows[0]) if table.rows else 0)
                    if k is None or len(table.rows) < 2:
                        break
                    # a cell holding a blank line: `side| ENUM| YES| BUY` / `` / `SELL` / next row
                    for t in range(j + 1, k):
                        if lines[t].strip():
                            table.rows[-1][-1] = (table.rows[-1][-1] + "\n" + lines[t].strip()).strip()
                            table.raw.append(lines[t].strip())
                    j = k
                    continue
                if _HEADING.match(s) or s.startswith(">") or _FENCE.match(r):
                    break
                table.raw.append(s)
                if _TABLE_SEP.match(s):
                    pass
                elif "|" in s:
                    table.rows.append(split_cells(s))
                    table.row_lines.append(j + 1)
                elif table.rows and len(table.rows) > 1:
                    table.rows[-1][-1] = (table.rows[-1][-1] + "\n" + s).strip()
                else:
                    break
                j += 1
            blocks.append(table)
            i = j
            prev_blank = False
            continue
        content = stripped.lstrip(">").strip() if quoted else stripped
        if _BULLET.match(content):
            flush()
            para = Block("item", i + 1, _BULLET.sub("", content, count=1), quoted=quoted, raw=[stripped])
        elif para is None:
            para = Block("text", i + 1, content, quoted=quoted, raw=[stripped])
        else:
            para.text += "\n" + content
            para.raw.append(stripped)
        prev_blank = False
        i += 1
    flush()
    return blocks
