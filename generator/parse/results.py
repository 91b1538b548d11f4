"""What parsing one page yields (PageResult), and the parameters whose values a link names
(EnumLink): the data parse_page hands to link."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Diagnostic, Endpoint, Param


@dataclass
class EnumLink:
    """A parameter whose values a link names: "Please see [Enums](/docs/…/enums#timeinforce)"."""

    param: Param
    endpoint: Endpoint
    text: str  # the link's text
    url: str | None  # the page linked to, as a site path (docs_path), or None for this page
    anchor: str
    labeled: bool  # "Supported values: [link]" rather than a bare "See [link]"


@dataclass
class PageResult:
    """What one page yields: its endpoints, diagnostics, and facts other pages may use."""

    file: str
    endpoints: list[Endpoint] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    product: str | None = None  # the product of the page (from its address), when known
    enums: dict[str, list[str]] = field(default_factory=dict)  # param name -> values (definition pages)
    enum_links: list[EnumLink] = field(default_factory=list)
    url: str | None = None  # the page's own site path (identity.docs_path), when known
    section: str | None = None  # the part of the site the page belongs to, when known (identity)
    # endpoints that accept all parameters of another: (endpoint, method, path of the other)
    references: list[tuple[Endpoint, str, str]] = field(default_factory=list)
