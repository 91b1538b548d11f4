"""The structure of a page, as page.py reads it from the text: its halves (one per language), each a
flat list of blocks. Plain data, read by every later step of the parser."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)  # (tens of thousands per build: slots make them cheaper to make and to read)
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
    indent: int = 0  # a list item's indentation (after any `>`): nested items are indented deeper
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
    crumbs: list[str] = field(default_factory=list)  # the breadcrumb trail above the title, when any
    own_url: str | None = None  # the address the page's own heading links point into
