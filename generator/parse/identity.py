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
from functools import lru_cache
from urllib.parse import unquote

_DOC_PATH = re.compile(r"(?:https?://[^/\s]+)?(/docs/[^\s#?)\"'>]*)")
_LANG = re.compile(r"^/docs/(?:zh-CN|zh-cn|zh|en|en-US)/", re.I)
_SOURCE = re.compile(r"<!--\s*Source:\s*(\S+?)\s*-->|^\s*(?:URL\s*Source|Source\s*URL|Source|URL)\s*:\s*<?(https?://[^\s>]+)>?\s*$",
                     re.I)
_HEADING = re.compile(r"^\s*#{1,6}\s")
_CRUMB = re.compile(r"^\s*[*+-]\s+([^\[\]()]{1,60}?)\s*$")


@lru_cache(maxsize=4096)
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


# a link into a page's section, `](/docs/.../page#x)`, on a heading or a table-of-contents line
_LINK_INTO = re.compile(r"\]\(((?:https?://[^/\s]+)?/docs/[^)#\s]+)#")
_OWN_LINE = re.compile(r"[ \t]*(?:#{1,6}[ \t]|[*+-][ \t]+\[)")


def own_links(lines: list[str]) -> str | None:
    """The address the page's own heading anchors (or its table of contents) point into, when most of
    them agree."""
    found: Counter[str] = Counter()
    text = "\n".join(lines)
    last_line = -1
    for m in _LINK_INTO.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start == last_line or not _OWN_LINE.match(text, start):
            continue  # (one link per line: the first)
        last_line = start
        path = docs_path(m.group(1))
        if path and path.count("/") >= 3:  # /docs/section/page: an address, not a placeholder
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


CHANGE_LOG = re.compile(r"change\s*-?\s*log|changelog|更新日志|变更日志", re.I)
_SLUG_WORD = re.compile(r"[A-Za-z]{3,}")


def slug_of(url: str | None) -> str:
    """The last part of a page's address: `.../trade/New-Order` -> `New-Order`."""
    path = docs_path(url) if url else None
    if not url or not path:
        return ""
    return unquote(url.split("#")[0].split("?")[0].rstrip("/").split("/")[-1]).removesuffix(".md")


def _names_a_page(slug: str) -> bool:
    """A slug written as a page's own title (`New-Order`, `Query-Sub-Orders`), not a section's
    (`rest-api`, `trading-endpoints`, `README`): the site names its pages in Title-Case words."""
    return any(p[:1].isupper() and any(c.islower() for c in p) for p in re.split(r"[-_]", slug))


def mismatch(url: str | None, title: str, own_url: str | None = None) -> str | None:
    """Why a page's content does not match its own address, or None: the page's own heading links point
    to another page, the address names one page and the title another (a scrape that filed another
    page's content under this address), or a change log under an endpoint page's name, or the reverse."""
    if url and own_url and docs_path(url) != docs_path(own_url):
        return f"its headings link to {own_url}, another page"
    slug = slug_of(url)
    if not slug or not title:
        return None
    log_title, log_slug = bool(CHANGE_LOG.search(title)), bool(CHANGE_LOG.search(slug))
    if log_title != log_slug and (log_slug or _names_a_page(slug)):
        return f"its address names `{slug}` but its title is '{title}'" + (
            ": a change log under an endpoint page's name" if log_title else ": the title is read, not the address")
    if log_title or not title.isascii() or not _names_a_page(slug):
        return None
    letters = re.sub(r"[^a-z0-9]", "", title.lower())
    words = [w.lower() for w in _SLUG_WORD.findall(re.sub(r"([a-z])([A-Z])", r"\1 \2", slug))]
    if words and not any(w in letters for w in words):
        return f"its address names `{slug}` but its title is '{title}'"
    return None
