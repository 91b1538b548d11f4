"""Test-only: rewrite a page of scrape format A or B into what other HTML->markdown tools make of it.

`VARIANTS` maps a variant name to a function `page text -> page text | None` (None: the variant does
not apply to that page, e.g. English-only for a page with no English). Every variant keeps the page's
meaning: a reader would see the same endpoint. The page is first cut into simple segments (front
matter, headings, tables, code blocks, other lines); a variant rewrites some segments and renders.

This module is independent of the parser on purpose: it must not share the parser's idea of a page.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

ZWSP = "\u200b"
SITE = "https://developers.binance.com"

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
# the anchor format A/B leave after a heading: [​](/docs/...#frag "Direct link to X")
_ANCHOR = re.compile(r"\[[\s\u200b]*\]\(([^)\s]*(?:\([^)]*\)[^)\s]*)*)(?:\s+\"((?:[^\"\\]|\\.)*)\")?\)\s*$")
_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^(\s*(?:>\s*)?)([*+-])(\s+)(?=\S)")
_FENCE = re.compile(r"^(\s{0,3})(```+|~~~+)\s*(\S*)\s*$")


@dataclass
class Seg:
    kind: str  # front | source | heading | table | code | line
    lines: list[str] = field(default_factory=list)  # front/source/line: the source lines
    level: int = 0
    title: str = ""  # heading text without anchor
    anchor: str = ""  # heading anchor link target ("" when none)
    rows: list[list[str]] = field(default_factory=list)  # table: header first, no separator
    quoted: bool = False
    code: list[str] = field(default_factory=list)  # code body
    lang: str = ""


def _cells(line: str) -> list[str]:
    """Cells of a row; in a row without a leading pipe (`a| b| `) a trailing pipe opens an empty cell."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
        if s.endswith("|"):
            s = s[:-1]
    return [c.strip() for c in s.replace("\\|", "\x00").split("|")]


def _is_row(line: str) -> bool:
    return "|" in line and not line.lstrip().startswith((">", "```", "~~~"))


def _lone_name(line: str) -> bool:
    """A line that is only a lower-case parameter name (`symbols`), not a word of prose (`or`)."""
    return bool(re.fullmatch(r"[a-z][A-Za-z0-9_]*", line.strip())) and line.strip() not in ("or", "and", "etc", "see")


def segments(text: str) -> list[Seg]:
    lines = text.split("\n")
    segs: list[Seg] = []
    i = 0
    if lines and lines[0].strip() == "---":
        for j in range(1, min(len(lines), 40)):
            if lines[j].strip() == "---":
                segs.append(Seg("front", lines[: j + 1]))
                i = j + 1
                break
    elif lines and lines[0].startswith("<!--"):
        segs.append(Seg("source", [lines[0]]))
        i = 1
    prev_blank = True
    while i < len(lines):
        line = lines[i]
        m = _FENCE.match(line)
        if m:
            body = []
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith(m.group(2)[:3]):
                body.append(lines[j])
                j += 1
            segs.append(Seg("code", code=body, lang=m.group(3)))
            i = j + 1
            prev_blank = False
            continue
        if prev_blank and (line.startswith("    ") or line.startswith("\t")) and not _BULLET.match(line):
            body = []
            j = i
            while j < len(lines) and (not lines[j].strip() or lines[j].startswith(("    ", "\t"))):
                body.append(lines[j][4:] if lines[j].startswith("    ") else lines[j].lstrip("\t"))
                j += 1
            while body and not body[-1].strip():
                body.pop()
                j -= 1
            while body and not body[0].strip():
                body.pop(0)
            if body:
                segs.append(Seg("code", code=body))
                i = j
                prev_blank = False
                continue
        m = _ATX.match(line)
        if m:
            title = m.group(2).replace(ZWSP, "")
            anchor = ""
            a = _ANCHOR.search(title)
            if a:
                anchor = a.group(1)
                title = title[: a.start()].rstrip()
            segs.append(Seg("heading", level=len(m.group(1)), title=title, anchor=anchor))
            i += 1
            prev_blank = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _is_row(line) and _SEP.match(nxt) and "|" in nxt:
            rows = [_cells(line)]
            j = i + 2
            while j < len(lines):
                s = lines[j].strip()
                if not s:
                    # a cell holding a blank line: text lines, then a row that fits the table
                    k, texts = j + 1, []
                    while k < len(lines) and k < j + 16 and not _is_row(lines[k]):
                        if lines[k].strip():
                            if lines[k].lstrip().startswith(("#", ">", "* ", "- ", "**", "```")) \
                                    or lines[k].startswith("    "):
                                break
                            texts.append(lines[k].strip())
                        k += 1
                    heads_table = k + 1 < len(lines) and bool(_SEP.match(lines[k + 1])) and "|" in lines[k + 1]
                    if (k < len(lines) and _is_row(lines[k]) and 2 <= len(_cells(lines[k])) <= len(rows[0])
                            and len(rows) > 1 and not heads_table):
                        # (a lone name right above the row is a row that kept only its name)
                        name = texts.pop() if texts and _lone_name(texts[-1]) else None
                        rows[-1][-1] = "<br>".join([rows[-1][-1]] + texts)
                        if name:
                            rows.append([name] + [""] * (len(rows[0]) - 1))
                        j = k
                        continue
                    break
                if s.startswith(">") or _ATX.match(s) or _FENCE.match(lines[j]):
                    break
                if _is_row(s):
                    rows.append(_cells(s))
                elif (len(rows) > 1 and _lone_name(s) and j + 1 < len(lines) and _is_row(lines[j + 1])
                      and len(_cells(lines[j + 1])) <= len(rows[0])):
                    rows.append([s] + [""] * (len(rows[0]) - 1))
                elif len(rows) > 1:  # the last cell continued on the next line: a line break in the cell
                    rows[-1][-1] = rows[-1][-1] + "<br>" + s
                else:
                    break
                j += 1
            segs.append(Seg("table", rows=rows))
            i = j
            prev_blank = False
            continue
        segs.append(Seg("line", [line]))
        prev_blank = line.strip() in ("", ">")  # an empty quote line is blank: code may follow it
        i += 1
    return segs


# ---------------------------------------------------------------- rendering


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))


def table_ab(rows: list[list[str]]) -> list[str]:
    """Format A: `a| b  ` rows, `---|---` separator."""
    out = ["| ".join(rows[0]) + "  ", "|".join("---" for _ in rows[0]) + "  "]
    return out + ["| ".join(r) + "  " for r in rows[1:]]


def table_pipes(rows: list[list[str]], align: bool = False) -> list[str]:
    sep = [(":---" if k == 0 else "---:" if k == len(rows[0]) - 1 else ":---:") if align else "---"
           for k in range(len(rows[0]))]
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(sep) + "|"]
    return out + ["| " + " | ".join(r) + " |" for r in rows[1:]]


def table_html2text(rows: list[list[str]]) -> list[str]:
    out = [" | ".join(rows[0]), "|".join("---" for _ in rows[0])]
    return out + [" | ".join(r) for r in rows[1:]]


def _cell_html(cell: str) -> str:
    """Inline markdown of a cell as HTML: code spans, bold, links."""
    s = "<br>".join(html.escape(x, quote=False) for x in cell.split("<br>"))
    s = re.sub(r"`([^`]*)`", r"<code>\1</code>", s)
    s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
    s = re.sub(r"\[([^\]]*)\]\(([^)\s]*)\)", r'<a href="\2">\1</a>', s)
    return s.replace("\\_", "_")


def table_html(rows: list[list[str]], one_line: bool) -> list[str]:
    head = "<tr>" + "".join(f"<th>{_cell_html(c)}</th>" for c in rows[0]) + "</tr>"
    body = ["<tr>" + "".join(f"<td>{_cell_html(c)}</td>" for c in r) + "</tr>" for r in rows[1:]]
    if one_line:
        return ["<table><thead>" + head + "</thead><tbody>" + "".join(body) + "</tbody></table>"]
    out = ["<table>", "<thead>", head, "</thead>", "<tbody>"]
    for r in rows[1:]:
        out += ["<tr>"] + [f"<td>{_cell_html(c)}</td>" for c in r] + ["</tr>"]
    return out + ["</tbody>", "</table>"]


def table_grid(rows: list[list[str]], wrap: int = 30) -> list[str]:
    """Grid table; cells longer than `wrap` characters are wrapped over several lines."""
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]

    def chunks(c: str) -> list[str]:
        """The cell's lines: words wrapped at `wrap`, an empty line between paragraphs (line breaks)."""
        out: list[str] = []
        for k, para in enumerate(c.split("<br>")):
            if k:
                out.append("")
            cur = ""
            for w in para.split(" "):
                if cur and _width(cur) + 1 + _width(w) > wrap:
                    out.append(cur)
                    cur = w
                else:
                    cur = (cur + " " + w) if cur else w
            out.append(cur)
        return out

    wrapped = [[chunks(c) for c in r] for r in rows]
    widths = [max(_width(x) for r in wrapped for x in r[k]) for k in range(n)]
    border = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [border]
    for ri, r in enumerate(wrapped):
        height = max(len(c) for c in r)
        for h in range(height):
            out.append("|" + "|".join(" " + _pad(c[h] if h < len(c) else "", widths[k]) + " "
                                      for k, c in enumerate(r)) + "|")
        out.append(border.replace("-", "=") if ri == 0 else border)
    return out


def heading_atx(s: Seg, anchor: str = "a") -> list[str]:
    return ["#" * s.level + " " + s.title + _anchor(s, anchor)]


def _anchor(s: Seg, shape: str) -> str:
    if not s.anchor:
        return ""
    frag = s.anchor.split("#", 1)[-1]
    title = s.title.replace("(", "\\(").replace(")", "\\)")
    return {
        "a": f"[{ZWSP}]({s.anchor} \"Direct link to {title}\")",
        "abs": f"[]({SITE}{s.anchor} \"Direct link to {title}\")" if s.anchor.startswith("/") else "",
        "none": "",
        "hash": f" [#](#{frag})",
        "pilcrow": "¶",
        "pilcrow_link": f" [¶](#{frag})",
        "attr": f" {{#{frag}}}",
    }[shape]


def render(segs: list[Seg], *, heading: Callable[[Seg], list[str]] = heading_atx,
           table: Callable[[list[list[str]]], list[str]] = table_ab,
           code: Callable[[Seg], list[str]] | None = None) -> str:
    out: list[str] = []
    for s in segs:
        if s.kind in ("front", "source", "line"):
            out += s.lines
        elif s.kind == "heading":
            out += heading(s)
        elif s.kind == "table":
            out += table(s.rows)
        elif s.kind == "code":
            out += code(s) if code is not None else ["```" + s.lang] + s.code + ["```"]
    return "\n".join(out)


def _same_code(segs: list[Seg], original: str) -> Callable[[Seg], list[str]]:
    """Code rendered as the original format wrote it (indented in A, fenced in B)."""
    indented = original.lstrip().startswith("---")

    def code(s: Seg) -> list[str]:
        if indented and not s.lang:
            return ["    " + x if x.strip() else "    " for x in s.code]
        return ["```" + s.lang] + s.code + ["```"]
    return code


def _same_table(original: str) -> Callable[[list[list[str]]], list[str]]:
    """Tables as the original format wrote them (`a| b  ` in A, `| a | b |` in B)."""
    return table_ab if original.lstrip().startswith("---") else table_pipes


def _rewrite(text: str, **kw) -> str:
    segs = segments(text)
    kw.setdefault("code", _same_code(segs, text))
    kw.setdefault("table", _same_table(text))
    return render(segs, **kw)


# ---------------------------------------------------------------- helpers for line-level variants


def _map_text_lines(text: str, fn: Callable[[str], str], *, code: Callable[[str], str] | None = None) -> str:
    """Apply fn to every line outside code blocks (and `code` to code lines when given)."""
    segs = segments(text)
    for s in segs:
        if s.kind == "line":
            s.lines = [fn(x) for x in s.lines]
        elif s.kind == "heading":
            s.title = fn(s.title)
        elif s.kind == "table":
            s.rows = [[fn(c) for c in r] for r in s.rows]
        elif s.kind == "code" and code is not None:
            s.code = [code(x) for x in s.code]
    return render(segs, code=_same_code(segs, text), table=_same_table(text))


def _outside_code_spans(s: str, fn: Callable[[str], str]) -> str:
    parts = re.split(r"(`[^`]*`)", s)
    return "".join(p if p.startswith("`") and p.endswith("`") and len(p) > 1 else fn(p) for p in parts)


def halves(text: str) -> tuple[list[str], list[str], list[str]] | None:
    """(front matter lines, English half, Chinese half) of a format A page; None when not bilingual."""
    lines = text.split("\n")
    segs_front = 0
    if lines and lines[0].strip() == "---":
        for j in range(1, min(len(lines), 40)):
            if lines[j].strip() == "---":
                segs_front = j + 1
                break
    fence = False
    for i in range(segs_front, len(lines)):
        if lines[i].lstrip().startswith("```"):
            fence = not fence
        if fence or lines[i].strip() != "---":
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and lines[j].startswith("# ") and re.search(r"[\u4e00-\u9fff]", lines[j]):
            return lines[:segs_front], lines[segs_front:i], lines[i + 1:]
    return None


# ---------------------------------------------------------------- the variants


def roundtrip(text: str) -> str:
    """Cut and rendered with nothing changed (tables and code as the page's own format writes them):
    checks the transformer, not the parser."""
    return _rewrite(text)


def setext(text: str) -> str:
    """H1 and H2 as setext headings (`Title` / `=====`, `HTTP Request` / `-----`), as markdownify
    and Jina Reader write them by default."""
    def heading(s: Seg) -> list[str]:
        if s.level > 2:
            return heading_atx(s)
        line = s.title + _anchor(s, "a")
        return [line, ("=" if s.level == 1 else "-") * max(3, _width(s.title))]
    return _rewrite(text, heading=heading)


def jina(text: str) -> str:
    """Jina Reader: `Title:` / `URL Source:` / `Markdown Content:` header instead of front matter or a
    source comment, setext H1/H2, absolute anchor links without the zero-width space, `*   ` bullets,
    `* * *` rules, `| a | b |` tables, fenced code."""
    segs = segments(text)
    url, title = "", ""
    for s in segs:
        if s.kind == "front":
            for x in s.lines:
                if x.startswith("source_url:"):
                    url = x.split(":", 1)[1].strip()
        elif s.kind == "source":
            m = re.search(r"Source:\s*(\S+)", s.lines[0])
            url = m.group(1) if m else ""
        elif s.kind == "heading" and s.level == 1 and not title:
            title = s.title
    body = [s for s in segs if s.kind not in ("front", "source")]
    for s in body:
        if s.kind == "line":
            x = s.lines[0]
            if x.strip() == "---":
                s.lines = ["* * *"]
            else:
                s.lines = [_BULLET.sub(lambda m: m.group(1) + "*   ", x, count=1)]

    def heading(s: Seg) -> list[str]:
        line = s.title + _anchor(s, "abs")
        if s.level > 2:
            return ["#" * s.level + " " + line]
        return [line, ("=" if s.level == 1 else "-") * max(3, _width(line))]
    head = [f"Title: {title}", "", f"URL Source: {url}", "", "Markdown Content:"]
    return "\n".join(head) + "\n" + render(body, heading=heading, table=table_pipes)


def _anchor_variant(shape: str) -> Callable[[str], str]:
    def variant(text: str) -> str:
        return _rewrite(text, heading=lambda s: heading_atx(s, shape))
    variant.__doc__ = f"heading anchors of shape {shape!r}"
    return variant


def pipe_tables_aligned(text: str) -> str:
    """`| Name | Type |` rows with `|:---|---:|` alignment separators."""
    return _rewrite(text, table=lambda rows: table_pipes(rows, align=True))


def html2text_tables(text: str) -> str:
    """html2text: `Name | Type` / `---|---`, no outer pipes, no trailing spaces."""
    return _rewrite(text, table=table_html2text)


def html_tables_one_line(text: str) -> str:
    return _rewrite(text, table=lambda rows: table_html(rows, one_line=True))


def html_tables_multi_line(text: str) -> str:
    return _rewrite(text, table=lambda rows: table_html(rows, one_line=False))


def grid_tables(text: str) -> str:
    """Grid tables (`+----+----+`, `+====+` under the header), long cells wrapped over several lines."""
    return _rewrite(text, table=table_grid)


def fenced_json(text: str) -> str:
    """Every code block fenced, with a language: ```json for examples that start like JSON."""
    def code(s: Seg) -> list[str]:
        first = next((x.strip() for x in s.code if x.strip()), "")
        lang = s.lang or ("json" if first[:1] in "{[" else "text")
        return ["```" + lang] + s.code + ["```"]
    return _rewrite(text, code=code)


def tilde_fences(text: str) -> str:
    return _rewrite(text, code=lambda s: ["~~~" + s.lang] + s.code + ["~~~"])


def pre_code(text: str) -> str:
    """Code as raw HTML: `<pre><code class="language-json">` with entity-escaped content."""
    def code(s: Seg) -> list[str]:
        body = [html.escape(x, quote=True) for x in s.code]
        cls = ' class="language-json"' if s.lang == "json" or (body and body[0].lstrip()[:1] in "{[") else ""
        if not body:
            return [f"<pre><code{cls}></code></pre>"]
        return [f"<pre><code{cls}>" + body[0]] + body[1:-1] + [body[-1] + "</code></pre>"] if len(body) > 1 \
            else [f"<pre><code{cls}>{body[0]}</code></pre>"]
    return _rewrite(text, code=code)


def indented_code(text: str) -> str:
    """Every code block as 4-space indented lines after a blank line."""
    return _rewrite(text, code=lambda s: [""] + ["    " + x if x.strip() else "" for x in s.code] + [""])


def underscore_bold(text: str) -> str:
    """`__bold__` instead of `**bold**`."""
    fn = lambda s: _outside_code_spans(s, lambda p: re.sub(r"\*\*(.+?)\*\*", r"__\1__", p))  # noqa: E731
    return _map_text_lines(text, fn)


def swap_bullets(text: str) -> str:
    """`-` bullets where the page has `*` and `*` where it has `-`."""
    def fn(line: str) -> str:
        return _BULLET.sub(lambda m: m.group(1) + ("-" if m.group(2) == "*" else "*") + m.group(3), line, count=1)
    return _map_text_lines(text, fn)


def _entities(s: str) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")
    return s


def entities(text: str) -> str:
    """HTML entities left in text, code spans and code blocks: `&lt;`, `&gt;`, `&amp;`, `&quot;`,
    `&#39;`, and `&nbsp;` between words."""
    def fn(line: str) -> str:
        m = re.match(r"^(\s*(?:>\s*)*(?:[*+-]\s+|\d+\.\s+)?)(.*)$", line)
        lead, rest = m.group(1), m.group(2)
        rest = _entities(rest)
        rest = re.sub(r"(?<=[A-Za-z,.]) (?=[A-Za-z])", "&nbsp;", rest, count=2)
        return lead + rest
    return _map_text_lines(text, fn, code=_entities)


def backslash_escapes(text: str) -> str:
    """Markdown escapes as html2text/turndown write them: `\\_`, `\\*`, `\\[`, `\\]` in text and cells,
    `\\|` for a pipe in text; code spans and blocks untouched."""
    def esc(p: str) -> str:
        p = re.sub(r"(?<!\\)_", r"\\_", p)
        p = re.sub(r"(?<![*\\])\*(?!\*)", r"\\*", p)
        p = re.sub(r"\[(?![\u200b\]])", r"\\[", p)
        p = re.sub(r"(?<!\\)\](?!\()", r"\\]", p)
        return p

    def line_fn(line: str) -> str:
        m = re.match(r"^(\s*(?:>\s*)*(?:[*+-]\s+|\d+\.\s+)?)(.*)$", line)
        lead, rest = m.group(1), m.group(2)
        rest = _outside_code_spans(rest, esc)
        if "|" in rest and not lead.lstrip().startswith(">"):  # a quoted `a| b` is a table row
            rest = _outside_code_spans(rest, lambda p: p.replace("|", "\\|"))
        return lead + rest

    segs = segments(text)
    for s in segs:
        if s.kind == "line":
            s.lines = [line_fn(x) for x in s.lines]
        elif s.kind == "heading":
            s.title = _outside_code_spans(s.title, esc)
        elif s.kind == "table":
            s.rows = [[_outside_code_spans(c, esc) for c in r] for r in s.rows]
    return render(segs, code=_same_code(segs, text), table=_same_table(text))


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def nbsp(text: str) -> str:
    """Non-breaking spaces between words in text and table cells."""
    def fn(line: str) -> str:
        m = re.match(r"^(\s*(?:>\s*)*(?:[*+-]\s+|\d+\.\s+|#+\s+)?)(.*)$", line)
        return m.group(1) + re.sub(r"(?<=\S) (?=\S)", "\u00a0", m.group(2))
    return _map_text_lines(text, fn)


def trailing_whitespace(text: str) -> str:
    return "\n".join(x + (" \t " if k % 2 else "   ") for k, x in enumerate(text.split("\n")))


def tabs(text: str) -> str:
    """Tabs: code indented with a tab, table cells separated by ` \\t|\\t`."""
    segs = segments(text)

    def table(rows: list[list[str]]) -> list[str]:
        out = ["\t|\t".join(rows[0]), "|".join("---" for _ in rows[0])]
        return out + ["\t|\t".join(r) for r in rows[1:]]

    def code(s: Seg) -> list[str]:
        return [""] + ["\t" + x if x.strip() else "" for x in s.code] + [""]
    return render(segs, table=table, code=code)


def _wrap_line(line: str, width: int) -> list[str]:
    m = re.match(r"^(\s*(?:>\s*)*(?:[*+-]\s+|\d+\.\s+)?)(.*)$", line)
    lead, rest = m.group(1), m.group(2)
    if _width(line) <= width or not rest or rest.lstrip().startswith(("|", "<", "[", "!")):
        return [line]
    hang = lead if lead.strip() in ("", ">") else re.sub(r"[^>]", " ", lead)
    out, cur, empty = [], lead, True
    for w in rest.split(" "):
        if not empty and _width(cur) + 1 + _width(w) > width:
            out.append(cur.rstrip())
            cur, empty = hang + w, False
        else:
            cur, empty = cur + ("" if empty else " ") + w, False
    return out + [cur.rstrip()]


def _wrap_segs(segs: list[Seg], width: int) -> None:
    for s in segs:
        if s.kind == "line":
            s.lines = [x for line in s.lines for x in _wrap_line(line, width)]


def wrapped(text: str, width: int = 78) -> str:
    """Paragraphs and list items wrapped at `width` columns as html2text does (list continuation lines
    indented under the item's text); headings, tables and code untouched."""
    segs = segments(text)
    _wrap_segs(segs, width)
    return render(segs, code=_same_code(segs, text), table=_same_table(text))


def bold_headings(text: str) -> str:
    """Section headings (H2 and below) written as bold lines, the way some tools flatten headings."""
    return _rewrite(text, heading=lambda s: heading_atx(s, "none") if s.level == 1 else ["**" + s.title + "**"])


def no_title_heading(text: str) -> str | None:
    """The title only in the header (`title:` front matter key), not as a heading in the body."""
    segs = segments(text)
    title = next((s.title for s in segs if s.kind == "heading" and s.level == 1), None)
    if title is None:
        return None
    url = ""
    for s in segs:
        if s.kind in ("front", "source"):
            m = re.search(r"(?:source_url:|Source:)\s*(\S+)", "\n".join(s.lines))
            url = m.group(1) if m else ""
    body = [s for s in segs if s.kind not in ("front", "source")]
    first = next(k for k, s in enumerate(body) if s.kind == "heading" and s.level == 1)
    del body[first]
    front = Seg("front", ["---", f"title: \"{title}\"", f"url: {url}", "---"])
    return render([front] + body, code=_same_code(segs, text), table=_same_table(text))


def html2text_style(text: str) -> str:
    """html2text all together: `a | b` tables, indented code, `  * ` bullets, escaped underscores,
    text wrapped at 78 columns."""
    segs = segments(backslash_escapes(text))
    for s in segs:
        if s.kind == "line":
            s.lines = [_BULLET.sub(lambda m: m.group(1).strip() + "  * ", x, count=1)
                       for x in s.lines]
    _wrap_segs(segs, 78)
    return render(segs, table=table_html2text, code=lambda c: [""] + ["    " + x if x.strip() else "" for x in c.code] + [""])


def markdownify_style(text: str) -> str:
    """markdownify all together: setext H1/H2, `| a | b |` tables with `| --- |`, bare fences, `*`
    bullets, escaped underscores and asterisks."""
    segs = segments(backslash_escapes(text))
    for s in segs:
        if s.kind == "line":
            s.lines = [_BULLET.sub(lambda m: m.group(1) + "* ", x, count=1) for x in s.lines]

    def heading(s: Seg) -> list[str]:
        if s.level > 2:
            return heading_atx(s)
        return [s.title + _anchor(s, "a"), ("=" if s.level == 1 else "-") * max(3, _width(s.title))]
    return render(segs, heading=heading, table=table_pipes, code=lambda c: ["```"] + c.code + ["```"])


def english_only(text: str) -> str | None:
    """The English half of a bilingual page (front matter kept)."""
    parts = halves(text)
    if parts is None:
        return None
    front, en, _zh = parts
    return "\n".join(front + en)


def chinese_only(text: str) -> str | None:
    """The Chinese half alone, without front matter or source comment."""
    parts = halves(text)
    if parts is not None:
        return "\n".join(parts[2]).lstrip("\n")
    lines = text.split("\n")
    if lines and lines[0].startswith("<!--"):
        return "\n".join(lines[1:]).lstrip("\n")
    return None


VARIANTS: dict[str, Callable[[str], str | None]] = {
    "setext": setext,
    "jina": jina,
    "anchor-none": _anchor_variant("none"),
    "anchor-hash": _anchor_variant("hash"),
    "anchor-pilcrow": _anchor_variant("pilcrow"),
    "anchor-pilcrow-link": _anchor_variant("pilcrow_link"),
    "anchor-attr": _anchor_variant("attr"),
    "pipe-tables-aligned": pipe_tables_aligned,
    "html2text-tables": html2text_tables,
    "html-tables-one-line": html_tables_one_line,
    "html-tables-multi-line": html_tables_multi_line,
    "grid-tables": grid_tables,
    "fenced-json": fenced_json,
    "tilde-fences": tilde_fences,
    "pre-code": pre_code,
    "indented-code": indented_code,
    "underscore-bold": underscore_bold,
    "swap-bullets": swap_bullets,
    "entities": entities,
    "backslash-escapes": backslash_escapes,
    "crlf": crlf,
    "nbsp": nbsp,
    "trailing-whitespace": trailing_whitespace,
    "tabs": tabs,
    "wrapped": wrapped,
    "bold-headings": bold_headings,
    "no-title-heading": no_title_heading,
    "html2text": html2text_style,
    "markdownify": markdownify_style,
    "english-only": english_only,
    "chinese-only": chinese_only,
}

# variants whose reference is not the original page but the original with the same half removed:
# dropping a language loses what only that language said, which is not a parse difference
LANGUAGE_VARIANTS = {"english-only", "chinese-only"}
