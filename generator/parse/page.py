"""Page text -> structure (blocks.py): front matter, language halves and a flat list of blocks per half.

A block is a heading (real `#` headings and bold pseudo-headings such as `**Weight:** 20`), a code
block (fenced or 4-space indented), a table (pipe tables in their scraped variants), a list item or a
paragraph. Everything else in the parser works on blocks, never on raw markdown.
"""

from __future__ import annotations

import re

from . import identity, tables
from .blocks import Block, Half, Page
from .markup import FENCE as _FENCE
from .markup import PRE_END, PRE_START, canonical_lines, decode_entities, inline, no_break_spaces
from .sections import section_kind
from .tables import split_cells

__all__ = ["clean_heading", "has_cjk", "parse_blocks", "parse_structure", "split_cells"]

ZWSP = "\u200b"

_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*[:=]\s*(.*?)\s*$")
_FRONT_SKIP = re.compile(r"^(\s+\S|\s*#|\s*-\s|\s*$)")  # nested values, comments, list items, blanks
# a reader-service header instead of front matter: `Title: ...`, `URL Source: ...`, `Markdown Content:`
_READER_KEY = re.compile(r"^(Title|URL Source|Published Time|Description|Warning|Markdown Content)\s*:\s*(.*?)\s*$")
_SOURCE_COMMENT = re.compile(r"<!--\s*Source:\s*(\S+?)\s*-->")
_SOURCE_LINE = re.compile(r"^\s*(?:URL\s*Source|Source\s*URL|Source|URL)\s*:\s*<?(https?://[^\s>]+)>?\s*$", re.I)
_URL_KEYS = ("source_url", "url", "url_source", "source", "canonical_url", "original_url", "link")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_HEADING_MARKS = re.compile(r"(#{1,6})\s+")
# the heading anchor a scraper leaves behind: [​](/docs/...#x "Direct link to X"), [#](#x), [¶](#x),
# a bare ¶ or §, a {#x} attribute, an empty <a id="x"></a>
# (runs of plain characters matched as runs: `[^()]*(?:\(...\)[^()]*)*`, not one alternation per character)
_ANCHOR = re.compile(
    r"\s*(?:\[\s*(?:#|¶|§|🔗)?\s*\]\([^()\s]*(?:\([^()]*\)[^()\s]*)*(?:\s+\"[^\"\\]*(?:\\.[^\"\\]*)*\")?\)"
    r"|\{#[^{}\s]*\}|[¶§]|<a\b[^<>]*>\s*(?:#|¶|§)?\s*</a>)\s*$"
)
_ANCHOR_LEAD = re.compile(r"^\s*<a\b[^<>]*>\s*</a>\s*")
# `**Weight:** 20`; a flattened heading may keep its anchor link inside the bold: `**HTTP请求[​](/docs/..#x "...")**`
_BOLD_HEADING = re.compile(r"^\*\*([^*]{1,80}?)\s*(?:\[[^\]]*\]\((?:[^()\\]|\\.|\([^()]*\))*\))?\s*([:：])?\s*\*\*"
                           r"\s*([:：])?\s*(.*)$")
_ESCAPED_START = re.compile(r"^\s*(?:>\s*)?(?:\\[#>]|\\[*+-]\s|\d{1,2}\\[.)]\s)")
_BULLET = re.compile(r"^\s*(?:[*+-]|\d{1,2}[.)])\s+")
_NAV = re.compile(r"^\[(上一页|下一页|Previous|Next)\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200c\u200d\u2060\ufeff]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])
_CONTROL_WIDE = ("\u200c", "\u200d", "\u2060", "\ufeff")


def _without_controls(text: str) -> str:
    """text without the characters _CONTROL names. (Most pages hold none: an ASCII control character
    is a byte of the UTF-8 text, found by bytes.translate faster than the pattern's scan.)"""
    if not any(c in text for c in _CONTROL_WIDE):
        data = text.encode("utf-8", "surrogatepass")
        if len(data.translate(None, _CONTROL_BYTES)) == len(data):
            return text
    return _CONTROL.sub("", text)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_H1_AFTER = re.compile(r"^#\s")


def _heading(text: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line, as _HEADING reads it: the text without the closing `#`s
    and the spaces around them. (The lazy `(.*?)` tries the tail at every character: on one line the
    same is the text with trailing spaces, then `#`s, then spaces cut off.)"""
    if "\n" in text:
        m = _HEADING.match(text)
        return (len(m.group(1)), m.group(2)) if m else None
    m = _HEADING_MARKS.match(text)
    if m is None:
        return None
    return len(m.group(1)), text[m.end():].rstrip().rstrip("#").rstrip()


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


_EMPHASIS = re.compile(r"\*\*|__")


def clean_heading(text: str) -> str:
    """Heading text without the scraper's anchor link and markdown emphasis."""
    text = text.replace(ZWSP, "")
    if "<a" in text:
        text = _ANCHOR_LEAD.sub("", text)
    for _ in range(2):
        end = text.rstrip()[-1:]
        if end == ")":
            # a link at the end: try the anchor pattern from its opening bracket only (not at every position)
            close = text.rfind("](")
            start = text.rfind("[", 0, close) if close > 0 else -1
            m = _ANCHOR.match(text, max(0, start)) if start >= 0 else None
            if m:
                text = text[:start]
        elif end in ("}", "¶", "§", ">"):
            text = _ANCHOR.sub("", text)
    text = text.replace("\\_", "_").replace("\\(", "(").replace("\\)", ")")
    if "**" in text or "__" in text:
        text = _EMPHASIS.sub("", text)
    return text.strip().strip("`").strip()


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """`key: value` front matter between two `---` (or `+++`) lines, or a reader service's `Title:` /
    `URL Source:` / `Markdown Content:` header; returns (dict with lower-case keys, first body index)."""
    first = next((i for i, line in enumerate(lines[:5]) if line.strip()), None)
    if first is None:
        return {}, 0
    mark = lines[first].strip()
    front: dict[str, str] = {}
    if mark in ("---", "+++"):
        for i in range(first + 1, min(len(lines), 80)):
            line = lines[i]
            if line.strip() == mark:
                return front, i + 1
            m = _FRONT_KEY.match(line)
            if m:
                front[m.group(1).lower()] = m.group(2).strip().strip("'\"")
            elif not _FRONT_SKIP.match(line):
                return {}, 0
        return {}, 0
    end = None
    for i in range(first, min(len(lines), first + 20)):
        m = _READER_KEY.match(lines[i])
        if m:
            front[m.group(1).lower().replace(" ", "_")] = m.group(2)
            end = i + 1
            if m.group(1) == "Markdown Content":
                break
        elif lines[i].strip() and front:
            break
        elif lines[i].strip():
            return {}, 0
    if end is None or not ("url_source" in front or "markdown_content" in front):
        return {}, 0
    front.pop("markdown_content", None)
    return front, end


def _page_url(front: dict[str, str], lines: list[str], body: int) -> str | None:
    for key in _URL_KEYS:
        if front.get(key):
            return front[key]
    for line in lines[body:body + 5]:
        m = _SOURCE_COMMENT.search(line) or _SOURCE_LINE.match(line)
        if m:
            return m.group(1)
    return None


# (matched from the newline before the line, on the text after a newline: a pattern that opens with a
# newline is a scan for newlines, one that opens with `^` is tried at every position)
_FENCE_OR_RULE = re.compile(r"\n {0,3}(?:```|~~~)|\n[ \t]*---[ \t]*$", re.M)


def _split_halves(lines: list[str], body: int) -> list[tuple[int, int]]:
    """Index ranges [start, end) of the language halves: a lone `---` line followed by an H1."""
    cuts = [body]
    in_fence = False
    # only lines that may open or close a fence or be a `---` are looked at (found in the joined text)
    text = "\n" + "\n".join(lines[body:])
    candidates = []
    line_no, last = body, 0
    for m in _FENCE_OR_RULE.finditer(text):
        line_no += text.count("\n", last, m.start())
        last = m.start()
        candidates.append(line_no)
    for i in candidates:
        line = lines[i]
        if line.lstrip()[:3] in ("```", "~~~") and _FENCE.match(line):
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


def parse_structure(text: str, read_blocks: bool = True) -> Page:
    """Split page text into front matter, source URL and language halves of blocks (`read_blocks=False`:
    the header and the title only, for a page that holds nothing the parser reads)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = no_break_spaces(_without_controls(text))
    lines = text.split("\n")
    front, body = _front_matter(lines)
    own_url = identity.own_links(lines)
    url = _page_url(front, lines, body) or identity.source_at_end(lines) or own_url
    crumbs = identity.breadcrumbs(lines, body)
    if not read_blocks:
        first = next((m.group(2) for line in lines[body:] for m in [_HEADING.match(line.strip())] if m and len(m.group(1)) == 1),
                     front.get("title", ""))
        title = clean_heading(inline(first.replace(ZWSP, "")))
        halves = [Half("en", body + 1, [Block("heading", body + 1, title, level=1)] if title else [])]
        return Page(front=front, url=url, halves=halves, crumbs=crumbs, own_url=own_url)
    lines = canonical_lines(lines, body)
    ranges = _split_halves(lines, body)
    halves = []
    for k, (start, end) in enumerate(ranges):
        blocks = parse_blocks(lines, start, end)
        halves.append(Half(lang=_half_lang(blocks, k, len(ranges)), start=start + 1, blocks=blocks))
    if len(halves) == 2 and halves[0].lang == halves[1].lang:
        halves[0].lang, halves[1].lang = "en", "zh"
    title = clean_heading(inline(front.get("title", "")))
    if title and halves and not any(b.kind == "heading" and b.level == 1 for b in halves[0].blocks):
        # the title only in the header (the body starts at the first section): it is the page's H1
        halves[0].blocks.insert(0, Block("heading", 1, title, level=1))
    return Page(front=front, url=url, halves=halves, crumbs=crumbs, own_url=own_url)


def _fenced(lines: list[str], i: int, end: int, fence: str) -> tuple[Block, int]:
    body = []
    j = i + 1
    while j < end and not lines[j].strip().startswith(fence):
        body.append(decode_entities(lines[j].replace(ZWSP, "").rstrip()))
        j += 1
    return Block("code", i + 1, "\n".join(body)), j + 1


def _indented(lines: list[str], i: int, end: int) -> tuple[Block | None, int]:
    body = []
    j = i
    while j < end:
        r = lines[j].replace(ZWSP, "")
        if r.strip() and not (r.startswith("    ") or r.startswith("\t")):
            break
        body.append(decode_entities(r[4:].rstrip() if r.startswith("    ") else r.lstrip("\t").rstrip()))
        j += 1
    while body and not body[-1].strip():
        body.pop()
    while body and not body[0].strip():
        body.pop(0)
    first = i + 1
    while first - 1 < j and not lines[first - 1].strip():
        first += 1
    return (Block("code", first, "\n".join(body)) if body else None), j


def _pre(lines: list[str], i: int, end: int) -> tuple[Block, int]:
    """`<pre><code ...>` ... `</code></pre>`: the text inside, tags dropped, entities decoded."""
    j = i
    while j < end - 1 and not PRE_END.search(lines[j]):
        j += 1
    raw = "\n".join(lines[i:j + 1])
    raw = re.sub(r"^\s*<pre\b[^>]*>(?:\s*<code\b[^>]*>)?", "", raw, flags=re.I)
    raw = re.sub(r"(?:</code\s*>\s*)?</pre\s*>.*$", "", raw, flags=re.I | re.S)
    raw = re.sub(r"<br\s*/?>", "\n", raw, flags=re.I)
    raw = decode_entities(re.sub(r"</?[A-Za-z][\w-]*\b[^<>]*>", "", raw))
    body = [x.rstrip() for x in raw.replace(ZWSP, "").split("\n")]
    while body and not body[-1].strip():
        body.pop()
    while body and not body[0].strip():
        body.pop(0)
    return Block("code", i + 1, "\n".join(body)), j + 1


def _names_section(text: str) -> bool:
    """A bold line alone (`**Request Parameters**`) is a heading when it names a section."""
    return section_kind(Block("heading", 0, clean_heading(text))) is not None


def _soft_wrap(previous: str, content: str) -> bool:
    """The previous line was wrapped mid-sentence: long, no hard-break mark, ends inside a sentence,
    and the next line goes on with the sentence."""
    prev = previous.replace(ZWSP, "")
    if prev.endswith(("  ", "\\", "\t")) or len(prev.rstrip()) < 60:
        return False
    end = prev.rstrip()[-1]
    return end not in ".:;!?。：；！？)）" and not _BULLET.match(content) and not content.startswith(("|", "`", "*"))


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
        raw = lines[i].replace(ZWSP, "") if ZWSP in lines[i] else lines[i]
        line = raw.rstrip()
        lead = line.lstrip()
        if lead[:1] == "[" and _NAV.match(lead):
            break  # previous/next links and the table of contents of format B
        if lead in ("", ">"):
            if para is not None:
                flush()
            prev_blank = True
            i += 1
            continue
        m = _FENCE.match(line) if lead[:3] in ("```", "~~~") else None
        kind = "fenced" if m else "indented" if (
            prev_blank and (raw.startswith("    ") or raw.startswith("\t")) and not _BULLET.match(raw)
        ) else "pre" if lead[:1] == "<" and lead[:4].lower() == "<pre" and PRE_START.match(line) else None
        if kind is not None:
            flush()
            code: Block | None
            if m:
                code, i = _fenced(lines, i, end, m.group(1))
            elif kind == "indented":
                code, i = _indented(lines, i, end)
            else:
                code, i = _pre(lines, i, end)
            if code is not None:
                blocks.append(code)
            prev_blank = True
            continue
        # `\# x`, `2\. x`: escaped on purpose, so text, not a heading or list item
        escaped = "\\" in lead[:6] and bool(_ESCAPED_START.match(line))
        stripped = inline(lead)
        if not stripped.strip(" >"):
            flush()
            prev_blank = True
            i += 1
            continue
        # headings
        heading = None if escaped or stripped[:1] != "#" else _heading(stripped)
        if heading:
            flush()
            blocks.append(Block("heading", i + 1, clean_heading(heading[1]), level=heading[0]))
            i += 1
            prev_blank = True
            continue
        m = None if escaped or stripped[:2] != "**" else _BOLD_HEADING.match(stripped)
        if m and (m.group(2) or m.group(3) or not m.group(4) and _names_section(m.group(1))):
            flush()
            blocks.append(Block("heading", i + 1, clean_heading(m.group(1)), level=7, value=m.group(4).strip()))
            i += 1
            prev_blank = True
            continue
        quoted = stripped.startswith(">")
        read: tables.Read | None = None
        if escaped:
            pass
        elif "<" in lead[:8] and tables.HTML_TABLE_START.match(line):
            read = tables.html_table(lines, i, end, quoted)
        elif stripped[:1] == "+" and tables.GRID_BORDER.match(stripped):
            read = tables.grid_table(lines, i, end)
        elif "｜" in stripped:  # a table written on one line, one row per `｜`
            read = tables.full_width_table(stripped, i + 1)
        elif not quoted and "|" in line and tables.table_start(lines, i, end):
            read = tables.pipe_table(lines, i, end)
            quoted = False
        if read is not None:
            flush()
            rows, row_lines, source, after = read
            blocks.append(Block("table", i + 1, rows=rows, row_lines=row_lines, raw=source, quoted=quoted))
            i = max(after, i + 1)
            prev_blank = False
            continue
        content = stripped.lstrip(">").strip() if quoted else stripped
        if _BULLET.match(content) and not escaped:
            flush()
            unquoted = (raw.lstrip()[1:] if quoted else raw).expandtabs(4)
            indent = len(unquoted) - len(unquoted.lstrip())
            para = Block("item", i + 1, _BULLET.sub("", content, count=1), quoted=quoted, raw=[stripped], indent=indent)
        elif para is None:
            para = Block("text", i + 1, content, quoted=quoted, raw=[stripped])
        else:
            # a line break the page wrote (two trailing spaces, a backslash) or a new line of prose;
            # a wrapped line (an html2text-style tool wraps at ~80 columns) joins with a space
            para.text += (" " if _soft_wrap(lines[i - 1], content) else "\n") + content
            para.raw.append(stripped)
        prev_blank = False
        i += 1
    flush()
    return blocks
