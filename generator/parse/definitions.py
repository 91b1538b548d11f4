"""Enum definitions from a product's common-definition page.

Such pages list enums as a pseudo-heading or heading naming the parameters in parentheses, followed by
a bullet list of values: `**Order types (orderTypes, type):**` then `* LIMIT`, `* MARKET` ...
"""

from __future__ import annotations

import re

from .blocks import Block, Page

DEF_TITLE = re.compile(r"common definition|public (?:endpoints|api) (?:info|definitions?)|enum definitions|"
                        r"公共定义|公开API参数|枚举定义|公共参数", re.I)
_PARENS = re.compile(r"[(（]([^)）]*)[)）]")
_VALUE = re.compile(r"^`?([A-Za-z0-9][\w.\-]*)`?\s*(?:[(（:：\-–—\s].*)?$")
_IDENT = re.compile(r"^[a-z][A-Za-z0-9]*$")


def is_definition_page(page: Page) -> bool:
    for half in page.halves:
        for b in half.blocks:
            if b.kind == "heading" and b.level <= 2 and DEF_TITLE.search(b.text):
                return True
    return False


# words the docs use for an enum whose heading does not name its parameter
_GLOSSARY = [
    (re.compile(r"kline|candlestick|K线", re.I), "interval"),
    (re.compile(r"\bSTP\b|self[- ]trade prevention|防止自成交|自成交", re.I), "selfTradePreventionMode"),
    (re.compile(r"position side|持仓方向", re.I), "positionSide"),
    (re.compile(r"price match|盘口价", re.I), "priceMatch"),
    (re.compile(r"symbol type|交易对类型", re.I), "symbolType"),
]
_SKIP = re.compile(r"rate limit|速率限制|限制种类|限制间隔|filters?\b|过滤器", re.I)
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*\s*[:：]?\s*$")


def _names(heading: str) -> list[str]:
    names = []
    for pattern, name in _GLOSSARY:
        if pattern.search(heading):
            names.append(name)
    for m in _PARENS.finditer(heading):
        for part in re.split(r"[,，/、]|\bor\b", m.group(1)):
            part = part.strip().strip("`")
            if _IDENT.match(part):
                names.append(part)
    if not names:
        words = re.sub(r"[^A-Za-z ]", " ", re.sub(r"[(（].*", "", heading)).split()
        if 1 <= len(words) <= 4:
            camel = words[0].lower() + "".join(w.capitalize() for w in words[1:])
            names.append(camel)
    return names


def slug(heading: str) -> str:
    """A heading's anchor as documentation sites write it: `Order types (orderTypes, type)` ->
    `order-types-ordertypes-type`."""
    text = re.sub(r"[^\w\s-]", "", heading.lower().replace("_", ""))
    return re.sub(r"\s+", "-", text.strip())


# "Supported values: [Order types](/docs/.../enums#order-types)", "支持的数值：[订单方向](...#side)"
_VALUES_LINK = re.compile(
    r"(?:(?:supported|possible|valid|allowed)\s+values?|values?|enum|支持的(?:数值|值)|可选值|枚举值?|取值)(?:见|参见)?"
    r"\s*[:：]?\s*\[([^\]]+)\]\(([^)\s]+)", re.I)


_ANY_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*#[^)\s]*)\)")


def values_link(text: str) -> tuple[str, str, str] | None:
    """(link text, url, anchor) when a description gives its values as a link to a definition."""
    m = _VALUES_LINK.search(text.replace("\\_", "_"))
    if not m or "#" not in m.group(2):
        return None
    url, anchor = m.group(2).split("#", 1)
    return m.group(1).strip("` "), url, anchor


def anchored_links(text: str) -> list[tuple[str, str, str]]:
    """(link text, url, anchor) of every link into a section of a page ("Please see
    [Enums](/docs/…/enums#timeinforce)", "See [`klines`](/docs/…#kline-intervals)")."""
    out = []
    for m in _ANY_LINK.finditer(text.replace("\\_", "_")):
        url, anchor = m.group(2).split("#", 1)
        out.append((m.group(1).strip("` "), url, anchor))
    return out


def resolve_link(defs: dict[str, list[str]], text: str, anchor: str) -> list[str] | None:
    """The values a product's definitions give for a link: by the heading's anchor, an anchor naming a
    parameter, or the link text naming a heading."""
    from urllib.parse import unquote

    anchor = unquote(anchor).lower()
    if "#" + anchor in defs:
        return defs["#" + anchor]
    for name, values in defs.items():
        if not name.startswith("#") and name.lower() == anchor.replace("-", ""):
            return values
    for name in _names(text):
        if name in defs:
            return defs[name]
    return None


def enum_definitions(page: Page) -> dict[str, list[str]]:
    """Parameter name -> enum values, as listed on a common-definition page (English half first)."""
    found: dict[str, list[str]] = {}
    for half in sorted(page.halves, key=lambda h: h.lang != "en"):
        blocks = half.blocks
        k = 0
        while k < len(blocks):
            b = blocks[k]
            title = b.text if b.kind == "heading" else ""
            if b.kind == "text":
                m = _BOLD_LINE.match(b.text)
                title = m.group(1) if m else ""
            if title and not _SKIP.search(title):
                values, j = _values_after(blocks, k + 1)
                if len(values) >= 1:
                    for name in _names(title):
                        found.setdefault(name, values)
                    found.setdefault("#" + slug(title), values)  # the heading's anchor, for links
                k = j if j > k + 1 else k + 1
            else:
                k += 1
    return found


_CELL_VALUE = re.compile(r"`?\s*([A-Z0-9][A-Z0-9_]*)\s*`?")


def _values_after(blocks: list[Block], k: int) -> tuple[list[str], int]:
    """The values listed under a definition's heading: bullet items, a code block of one value per line,
    or a table whose first column holds the values (`GTC | Good Til Canceled`); a line or two of
    explanation may come first."""
    values: list[str] = []
    j = k
    for _ in range(2):  # lines of explanation between the heading and the list
        if j < len(blocks) and blocks[j].kind == "text" and not _BOLD_LINE.match(blocks[j].text) \
                and j + 1 < len(blocks) and blocks[j + 1].kind in ("item", "table", "text"):
            j += 1
    k = j
    while j < len(blocks) and blocks[j].kind == "item":
        m = _VALUE.match(blocks[j].text.strip().replace("\\_", "_"))
        if m:
            values.append(m.group(1))
        j += 1
    if j == k and j < len(blocks) and blocks[j].kind == "code":
        # some pages give the values as a code block, one per line
        lines = [x.strip() for x in blocks[j].text.split("\n") if x.strip()]
        if lines and all(re.fullmatch(r"[A-Z0-9][A-Z0-9_]*", x) for x in lines):
            return lines, j + 1
    if j == k and j < len(blocks) and blocks[j].kind == "table" and len(blocks[j].rows) >= 2:
        cells = [r[0].replace("\\_", "_") if r else "" for r in blocks[j].rows[1:]]
        found = [_CELL_VALUE.fullmatch(c.strip()) for c in cells]
        if all(found):
            return [m.group(1) for m in found if m], j + 1
    return values, j
