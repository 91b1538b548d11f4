"""Markdown written in other ways by other HTML-to-markdown tools, brought to one form.

- line structure (`canonical_lines`): setext headings (`Title` over `=====` or `-----`) become `#`
  headings, thematic breaks written as `* * *`, `___` or `- - -` become `---`; the line count is kept so
  block line numbers stay the page's own.
- inline text (`inline`): `__bold__` becomes `**bold**`, a few inline HTML tags become markdown, markdown
  backslash escapes are dropped outside code spans (`\\|` stays: it is a pipe inside a table cell), and
  HTML entities are decoded.
"""

from __future__ import annotations

import html
import re

# only complete references: `&timestamp=1` in a query string is not `&times;`
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = re.compile(r"[\u00a0\u2007\u202f]")
_ESCAPE = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{}~])")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# scrapers write `__` even inside words (`带symbol__1__`), where markdown would not read emphasis
_UNDERSCORE_BOLD = re.compile(r"(?<![\\_])__(?=[^\s_])(.+?)(?<=[^\s\\_])__(?!_)")
_INLINE_TAGS = [
    (re.compile(r"</?(?:code|kbd|tt)\b[^<>]*>", re.I), "`"),
    (re.compile(r"</?(?:strong|b)\b[^<>]*>", re.I), "**"),
    (re.compile(r"</?(?:em|i|u|span|font|sup|sub|p|div)\b[^<>]*>", re.I), ""),
]
_HTML_LINK = re.compile(r"<a\b[^<>]*?href=\"([^\"]*)\"[^<>]*>(.*?)</a\s*>", re.I)

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_SETEXT_1 = re.compile(r"^ {0,3}=+\s*$")
_SETEXT_2 = re.compile(r"^ {0,3}-{2,}\s*$")
_BREAK = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:_\s*){3,}|(?:-\s*){3,})$")
_NOT_HEADING_TEXT = re.compile(r"^\s*(?:#|>|[*+-]\s|\d{1,2}[.)]\s|\||<|```|~~~)")
PRE_START = re.compile(r"^\s{0,3}<pre\b", re.I)
PRE_END = re.compile(r"</pre\s*>", re.I)


def decode_entities(text: str) -> str:
    """HTML character references (`&lt;`, `&#39;`, `&nbsp;` ...) as the characters (`&nbsp;` as a
    plain space)."""
    if "&" not in text:
        return text  # no-break spaces are gone from the page text already (parse_structure)
    return _SPACES.sub(" ", _ENTITY.sub(lambda m: html.unescape(m.group(0)), text))


def no_break_spaces(text: str) -> str:
    """No-break and figure spaces as plain spaces."""
    if "\u00a0" not in text and "\u2007" not in text and "\u202f" not in text:
        return text  # (three substring tests cost less than the pattern's scan of every character)
    return _SPACES.sub(" ", text)


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\\|" if m.group(1) == "|" else m.group(1), text)


def inline(text: str) -> str:
    """One line of text (not code) with inline markup written the one way the parser reads."""
    if "__" in text:
        text = _UNDERSCORE_BOLD.sub(r"**\1**", text)
    if "<" in text:
        text = _HTML_LINK.sub(lambda m: f"[{m.group(2)}]({m.group(1)})", text)
        for pattern, repl in _INLINE_TAGS:
            text = pattern.sub(repl, text)
    if "\\" in text:
        parts = []
        last = 0
        for m in _CODE_SPAN.finditer(text):
            parts.append(_unescape(text[last:m.start()]))
            parts.append(m.group(0))
            last = m.end()
        parts.append(_unescape(text[last:]))
        text = "".join(parts)
    return decode_entities(text)


# anything canonical_lines may rewrite: a line of text over an underline (`Title` / `=====`), or a
# thematic break written otherwise than `---`; a page with neither is left as it is without a line scan
_LINE_OF_MARKS = re.compile(r"\n {0,3}[*_=-]")


def _rewritable(text: str) -> bool:
    """Whether canonical_lines could change anything: an underline under a line of text, or a break
    written otherwise than `---` (only lines that open with `*`, `_`, `=` or `-` are looked at)."""
    text = "\n" + text
    for m in _LINE_OF_MARKS.finditer(text):
        end = text.find("\n", m.end())
        line = text[m.start() + 1:end if end >= 0 else len(text)]
        s = line.strip()
        if _BREAK.match(line) and s != "---":
            return True
        if _SETEXT_1.match(line) or _SETEXT_2.match(line):
            before = text.rfind("\n", 0, m.start())
            if text[before + 1:m.start()].strip():
                return True
    return False


def canonical_lines(lines: list[str], start: int) -> list[str]:
    """lines with setext headings and other thematic breaks rewritten (from index start on; code and
    preformatted blocks left alone). Same length as lines."""
    if not _rewritable("\n".join(lines[start:])):
        return list(lines)
    out = list(lines)
    fence = ""
    in_pre = False
    prev_blank = True
    for i in range(start, len(out)):
        line = out[i]
        if in_pre:
            in_pre = "</" not in line or not PRE_END.search(line)
            continue
        s = line.strip()
        # (cheap checks on the first characters first: most lines are plain text or code)
        m = FENCE.match(line) if s[:3] in ("```", "~~~") else None
        if fence:
            if s.startswith(fence):
                fence = ""
            continue
        if m:
            fence = m.group(1)
            prev_blank = False
            continue
        if s[:4].lower() == "<pre" and PRE_START.match(line) and not PRE_END.search(line):
            in_pre = True
            continue
        if not s:
            prev_blank = True
            continue
        nxt = out[i + 1] if i + 1 < len(out) else ""
        under = nxt.lstrip()[:1]
        if (prev_blank and under in ("=", "-") and not line.startswith(("    ", "\t"))
                and not _NOT_HEADING_TEXT.match(line) and "|" not in s and not _BREAK.match(s)
                and (_SETEXT_1.match(nxt) or _SETEXT_2.match(nxt))):
            out[i] = ("# " if "=" in nxt else "## ") + s
            out[i + 1] = ""
            prev_blank = True
            continue
        if prev_blank and s != "---" and s[:1] in ("*", "_", "-") and _BREAK.match(line):
            out[i] = "---"
        prev_blank = False
    return out
