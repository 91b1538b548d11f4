"""Cross-page steps: enum values from common definitions, unique ids, duplicate endpoints, order."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import naming
from ..hosts import base_key, endpoint_key
from ..model import Diagnostic, Endpoint, Param
from .definitions import resolve_link


@dataclass
class PageResult:
    """What one page yields: its endpoints, diagnostics, and facts other pages may use."""

    file: str
    endpoints: list[Endpoint] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    product: str | None = None  # the product of the page (from its URL), when known
    enums: dict[str, list[str]] = field(default_factory=dict)  # param name -> values (definition pages)
    # params whose values are a link to a definition: (param, product linked to, link text, anchor)
    enum_links: list[tuple[Param, str, str, str]] = field(default_factory=list)


def link(results: list[PageResult]) -> tuple[list[Endpoint], list[Diagnostic]]:
    """Fill ENUM values from each product's definitions, drop duplicate endpoints (same method, path
    and base URL), make ids unique and sort endpoints by (path, method, base URL)."""
    diags: list[Diagnostic] = []
    for r in results:
        diags.extend(r.diagnostics)
    definitions: dict[str, dict[str, list[str]]] = {}
    for r in sorted(results, key=lambda r: r.file):
        if r.enums and r.product:
            product_defs = definitions.setdefault(r.product, {})
            for name, values in r.enums.items():
                product_defs.setdefault(name, values)
    for r in results:
        for param, product, text, anchor in r.enum_links:
            values = resolve_link(definitions.get(product, {}), text, anchor)
            if values:
                param.enum = list(values)  # the link is the value list; words near it are notes
    seen: dict[tuple[str, str, str], Endpoint] = {}
    endpoints: list[Endpoint] = []
    for r in sorted(results, key=lambda r: r.file):
        for ep in r.endpoints:
            key = endpoint_key(ep)
            if key in seen:
                kept, left = seen[key], ep
                if _completeness(ep) > _completeness(kept):  # the fuller description wins
                    kept, left = ep, kept
                    endpoints[endpoints.index(left)] = kept
                    seen[key] = kept
                diags.append(Diagnostic(left.source.file, left.source.line or 1, "warning", "duplicate-endpoint",
                                        f"{left.method} {left.path} is also described in {kept.source.file} "
                                        f"(line {kept.source.line}); this copy is left out"))
                continue
            seen[key] = ep
            endpoints.append(ep)
    for ep in endpoints:
        defs = definitions.get(ep.product, {})
        for p in ep.params:
            if p.type == "ENUM" and not p.enum:
                values = defs.get(p.name)
                if values:
                    p.enum = list(values)
                else:
                    diags.append(Diagnostic(ep.source.file, p.line or ep.source.line or 1, "info",
                                            "enum-values-missing",
                                            f"{ep.method} {ep.path}: ENUM parameter `{p.name}` lists no values "
                                            f"and the product's common definitions do not define it"))
    for ep in endpoints:
        _add_values_the_page_uses(ep)
    _unique_ids(endpoints, diags)
    endpoints.sort(key=lambda e: (e.path, e.method, base_key(e)))
    diags.sort(key=lambda d: (d.file, d.line, d.code, d.message))
    return endpoints, diags


def _completeness(ep: Endpoint) -> tuple[bool, bool, bool, int, bool]:
    """How fully a copy describes its endpoint: on a page of its own, in both languages, in English,
    its parameters, a weight."""
    return (not ep.source.other_half, bool(ep.title.en and ep.title.zh), bool(ep.title.en), len(ep.params),
            bool(ep.weight))


def _unique_ids(endpoints: list[Endpoint], diags: list[Diagnostic]) -> None:
    """Endpoints of one product whose names clash (paths that differ only in case or punctuation) each
    take their qualified name (naming.qualified_name): a function of the endpoint alone, whichever
    other endpoints are built, and never of the order pages are read in."""
    by_id: dict[str, list[Endpoint]] = {}
    for ep in endpoints:
        by_id.setdefault(ep.id, []).append(ep)
    for base, eps in sorted(by_id.items()):
        if len(eps) == 1:
            continue
        for ep in eps:
            new = f"{ep.product}.{naming.qualified_name(ep.method, ep.path)}"
            diags.append(Diagnostic(ep.source.file, ep.source.line or 1, "warning", "name-clash",
                                    f"{ep.method} {ep.path}: the name `{base}` is shared by {len(eps)} endpoints "
                                    f"of {ep.product}; this one is `{new}`"))
            ep.id = new


_REFUSED = re.compile(r"\s*(?:is|are)?\s*(?:not|no longer)\s+(?:supported|allowed|accepted|available)|\s*(?:不支持|不可用|不允许)",
                      re.I)


def _add_values_the_page_uses(ep: Endpoint) -> None:
    """An enum (often filled from the product's definitions) gains the values the endpoint's own page
    gives it: "order cancel time for timeInForce `GTD`" makes GTD a timeInForce value."""
    texts = [t for p in ep.params for t in (p.description.en, p.description.zh) if t]
    texts += [t for n in ep.notes for t in (n.en, n.zh) if t]
    for p in ep.params:
        if p.type != "ENUM" or not p.enum:
            continue
        named = re.compile(r"(?<![A-Za-z])`?(?i:" + re.escape(p.name) + r")`?\s*(?:=|is|set to|为|:|：)?\s*`([A-Z][A-Z0-9_]*)`")
        for text in texts:
            for m in named.finditer(text):
                if _REFUSED.match(text, m.end()):
                    continue  # "timeInForce `GTX` is not supported"
                if m.group(1) not in p.enum:
                    p.enum.append(m.group(1))
