"""What a page says about itself: its address on the docs site, the section of the site it belongs to
(the product whose common definitions apply to it) and its title.

The address comes from the page's header (front matter, a `Source:` line or comment at its top or its
end, a reader service's `URL Source:`), else from the links its own headings carry (`## HTTP
Request[​](/docs/…/New-Order#http-request)`) or its table of contents. The section comes from the
address, else from the page's breadcrumbs (`* U本位合约` / `* 行情接口` above the title); with neither,
the parser links pages by the folder they sit in (link.py).
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote

_DOC_PATH = re.compile(r"(?:https?://[^/\s]+)?(/docs/[^\s#?)\"'>]*)")
_LANG = re.compile(r"^/docs/(?:zh-CN|zh-cn|zh|en|en-US)/", re.I)
_SOURCE = re.compile(r"<!--\s*Source:\s*(\S+?)\s*-->|^\s*(?:URL\s*Source|Source\s*URL|Source|URL)\s*:\s*<?(https?://[^\s>]+)>?\s*$",
                     re.I)
# a heading's own anchor link, or a table-of-contents entry: [text](/docs/...#fragment)
_SELF_LINK = re.compile(r"\]\(((?:https?://[^/\s]+)?/docs/[^)#\s]+)#[^)\s]*")
_HEADING = re.compile(r"^\s*#{1,6}\s")
_TOC_ITEM = re.compile(r"^\s*[*+-]\s+\[[^\]]*\]\(")
_CRUMB = re.compile(r"^\s*[*+-]\s+([^\[\]()]{1,60}?)\s*$")


def docs_path(url: str | None) -> str | None:
    """The site path of an address, the same for every language and spelling of it:
    `https://developers.binance.com/docs/zh-CN/x/y.md#a` -> `/docs/x/y`."""
    if not url:
        return None
    m = _DOC_PATH.search(unquote(url.strip()))
    if not m:
        return None
    path = _LANG.sub("/docs/", m.group(1))
    path = re.sub(r"\.md$|/+$", "", path)
    return path.lower() or None


def source_at_end(lines: list[str]) -> str | None:
    """A `Source:` line or comment among the last lines of the page."""
    for line in reversed(lines[-8:]):
        m = _SOURCE.search(line)
        if m:
            return m.group(1) or m.group(2)
    return None


def own_links(lines: list[str]) -> str | None:
    """The address the page's own heading anchors (or its table of contents) point into, when most of
    them agree."""
    found: Counter[str] = Counter()
    for line in lines:
        if _HEADING.match(line) or _TOC_ITEM.match(line):
            m = _SELF_LINK.search(line)
            if m:
                found[m.group(1)] += 1
    if not found:
        return None
    url, count = found.most_common(1)[0]
    return url if count * 2 > sum(found.values()) else None


def breadcrumbs(lines: list[str], body: int) -> list[str]:
    """The breadcrumb trail above a page's title: a list of short plain items before the first heading."""
    crumbs: list[str] = []
    for line in lines[body:body + 30]:
        if _HEADING.match(line):
            break
        m = _CRUMB.match(line)
        if m:
            crumbs.append(m.group(1).strip())
        elif line.strip() and crumbs:
            break
    return crumbs if len(crumbs) >= 2 else []
