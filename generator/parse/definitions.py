"""Enum definitions from a product's common-definition page.

Such pages list enums as a pseudo-heading or heading naming the parameters in parentheses, followed by
a bullet list of values: `**Order types (orderTypes, type):**` then `* LIMIT`, `* MARKET` ...
"""

from __future__ import annotations

import re

from .page import Block, Page

_DEF_TITLE = re.compile(r"common definition|public (?:endpoints|api) (?:info|definitions?)|enum definitions|"
                        r"公共定义|公开API参数|枚举定义|公共参数", re.I)
_PARENS = re.compile(r"[(（]([^)）]*)[)）]")
_VALUE = re.compile(r"^`?([A-Za-z0-9][\w.\-]*)`?\s*(?:[(（:：\-–—].*)?$")
_IDENT = re.compile(r"^[a-z][A-Za-z0-9]*$")


def is_definition_page(page: Page) -> bool:
    for half in page.halves:
        for b in half.blocks:
            if b.kind == "heading" and b.level <= 2 and _DEF_TITLE.search(b.text):
                return True
    return False


def _names(heading: str) -> list[str]:
    names = []
    for m in _PARENS.finditer(heading):
        for part in re.split(r"[,，/、]|\bor\b", m.group(1)):
            part = part.strip().strip("`")
            if _IDENT.match(part):
                names.append(part)
    if not names:
        words = re.sub(r"[^A-Za-z ]", " ", heading).split()
        if 1 <= len(words) <= 4:
            camel = words[0].lower() + "".join(w.capitalize() for w in words[1:])
            names.append(camel)
    return names


def enum_definitions(page: Page) -> dict[str, list[str]]:
    """Parameter name -> enum values, as listed on a common-definition page (English half first)."""
    found: dict[str, list[str]] = {}
    for half in sorted(page.halves, key=lambda h: h.lang != "en"):
        blocks = half.blocks
        k = 0
        while k < len(blocks):
            b = blocks[k]
            if b.kind == "heading":
                values, j = _values_after(blocks, k + 1)
                if len(values) >= 1:
                    for name in _names(b.text):
                        found.setdefault(name, values)
                k = j if j > k + 1 else k + 1
            else:
                k += 1
    return found


def _values_after(blocks: list[Block], k: int) -> tuple[list[str], int]:
    values: list[str] = []
    j = k
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
    return values, j
