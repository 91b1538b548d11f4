"""Scraped Binance documentation pages -> Endpoint models (+ diagnostics).

    parse_page(text, file) -> PageResult     pure: one page
    link(results)          -> (endpoints, diagnostics)   cross-page steps
    parse_paths(paths)     -> (endpoints, diagnostics)   files/folders -> parse_page each -> link
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Diagnostic, Endpoint
from ..pages import Page, display_name, page_text, read_pages, unreadable
from . import definitions
from .extract import endpoints_of_page, product_of
from . import identity
from .identity import CHANGE_LOG, docs_path
from .link import link
from .page import parse_structure
from .results import EnumLink, PageResult
from .segment import MAX_PARAMS

__all__ = ["PageResult", "display_name", "link", "parse_page", "parse_paths", "parse_read_page"]



def parse_page(text: str, file: str) -> PageResult:
    """One page's endpoints and diagnostics (and enum definitions on a common-definition page).

    Pure and total: never raises; an unexpected error becomes an `internal-error` diagnostic."""
    result = PageResult(file=file)
    try:
        _parse_into(text, file, result)
    except Exception as exc:  # noqa: BLE001 - one bad page must never stop the others
        result.endpoints = []
        result.diagnostics.append(Diagnostic(file, 1, "error", "internal-error",
                                             f"the parser failed on this page ({type(exc).__name__}: {exc}); "
                                             f"please report it with the page attached"))
    return result


# what a page needs to hold for the parser to read its blocks: a request line (however malformed) or the
# title of a definitions page; other pages (streams, FAQs, WebSocket API) are known by their header alone
# (loosely: any markup or entity may stand between the method and its path)
# (the look-behind after each method's first letter, not before the alternation: a pattern that opens
# with a letter is scanned for those letters, one that opens with a look-behind is tried at every position)
_REQUEST_HINT = re.compile(r"(?:G(?<![A-Za-z]G)ET|P(?<![A-Za-z]P)(?:OST|UT|ATCH)|D(?<![A-Za-z]D)ELETE)(?![A-Za-z])[^\n]{0,40}?/")


# DEF_TITLE ignores case, so it is tried at every position of a page; its words lower-cased, without
# IGNORECASE, are found by a scan of lower-cased text for their first letters. The same finds: lower()
# folds every other case of a letter onto it as IGNORECASE does, but for `ı`, `İ` and `ſ` (IGNORECASE
# reads them as `i`, `i` and `s`): a page holding one is read with DEF_TITLE itself, and so is every
# page if DEF_TITLE ever holds an escape (`\S` lower-cased is another class).
_DEF_TITLE_LOWER = None if "\\" in definitions.DEF_TITLE.pattern else re.compile(definitions.DEF_TITLE.pattern.lower())
_FOLDED_OTHERWISE = ("\u0130", "\u0131", "\u017f")


def _names_definitions(text: str) -> bool:
    if _DEF_TITLE_LOWER is None or any(c in text for c in _FOLDED_OTHERWISE):
        return bool(definitions.DEF_TITLE.search(text))
    return bool(_DEF_TITLE_LOWER.search(text.lower()))


def _worth_reading(text: str) -> bool:
    """The page may hold a request line or definitions (plain substring checks first: most pages hold
    a method's name, and the rest are scanned once)."""
    if any(method in text for method in ("GET", "POST", "PUT", "DELETE", "PATCH")) and _REQUEST_HINT.search(text):
        return True
    return _names_definitions(text)


def _parse_into(text: str, file: str, result: PageResult) -> None:
    page = parse_structure(text, read_blocks=_worth_reading(text))
    result.product = product_of(page.url, "") if page.url else None
    if result.product == "other":
        result.product = None
    result.url = docs_path(page.url)
    result.section = result.product or ("crumbs:" + page.crumbs[0] if page.crumbs else None)
    if definitions.is_definition_page(page):
        result.enums = definitions.enum_definitions(page)
    title = next((b.text for h in page.halves for b in h.blocks if b.kind == "heading" and b.level == 1), "")
    problem = identity.mismatch(page.url, title, page.own_url)
    if problem:
        result.diagnostics.append(Diagnostic(file, 1, "warning", "page-mismatch",
                                             f"the page's content does not match its own address ({page.url}): "
                                             f"{problem}; check the scrape"))
    # the page's content decides what it is; its address only when it has no title
    if CHANGE_LOG.search(title) or (not title and page.url and CHANGE_LOG.search(identity.slug_of(page.url))):
        result.diagnostics.append(Diagnostic(file, 1, "info", "not-an-endpoint-page",
                                             "a change log: its request lines are history, not endpoints"))
        return
    endpoints, diags, result.references = endpoints_of_page(page, file)
    for ep in [e for e in endpoints if len(e.params) > MAX_PARAMS]:
        endpoints.remove(ep)
        diags.append(Diagnostic(file, ep.source.line or 1, "error", "too-many-params",
                                f"{ep.method} {ep.path}: its parameter table has {len(ep.params)} rows (at most "
                                f"{MAX_PARAMS} are accepted); the endpoint was left out: check the page for a "
                                f"table that swallowed other content"))
    result.endpoints = endpoints
    result.diagnostics.extend(diags)
    for ep in endpoints:
        for p in ep.params:
            if p.type not in ("ENUM", "STRING"):
                continue
            # "Supported values: [link]" for any enum-like parameter; a bare "See [link]" only for an ENUM
            labeled = [x for t in (p.description.en, p.description.zh) if t for x in [definitions.values_link(t)] if x]
            links = labeled or ([x for t in (p.description.en, p.description.zh) if t
                                 for x in definitions.anchored_links(t)] if p.type == "ENUM" else [])
            for text, url, anchor in links:
                result.enum_links.append(EnumLink(p, ep, text, docs_path(url) if url else None, anchor, bool(labeled)))
    if not endpoints:
        kind = "common definitions" if result.enums else "no HTTP request line (general information, " \
            "WebSocket API, stream/event or FAQ page)"
        result.diagnostics.append(Diagnostic(file, 1, "info", "not-an-endpoint-page",
                                             f"not a REST endpoint page: {kind}"))
    if result.product is None and endpoints:
        result.product = endpoints[0].product


def parse_read_page(page: Page) -> PageResult:
    """parse_page for a page read from disk: unreadable files and bad UTF-8 become diagnostics."""
    if page.data is None:
        return PageResult(file=page.name, diagnostics=[unreadable(page)])
    text, bad = page_text(page)
    result = parse_page(text, page.name)
    if bad is not None:
        result.diagnostics.insert(0, bad)
    return result


def parse_paths(paths: list[Path]) -> tuple[list[Endpoint], list[Diagnostic]]:
    """Parse files and folders (recursively, every regular file, sorted), then link the results."""
    return link([parse_read_page(page) for page in read_pages(paths)])
