"""Cross-page steps: enum values from links and common definitions, parameters taken by reference from
another endpoint, duplicate endpoints, unique ids and order."""

from __future__ import annotations

from .. import naming
from ..hosts import base_key, endpoint_key
from ..model import Diagnostic, Endpoint, Param, Rule
from . import enums as enum_steps
from .results import PageResult


def link(results: list[PageResult]) -> tuple[list[Endpoint], list[Diagnostic]]:
    """Fill ENUM values from links and each product's definitions, drop duplicate endpoints (same method,
    path and base URL), give endpoints the parameters they take by reference, make ids unique and sort
    endpoints by (path, method, base URL)."""
    diags: list[Diagnostic] = []
    for r in results:
        diags.extend(r.diagnostics)
    sections = _sections(results)
    defs = enum_steps.Definitions()
    for r in sorted(results, key=lambda r: r.file):
        if r.enums:
            defs.add(r.enums, r.url, sections[r.file], r.product, r.file)
    by_url = {r.url: r.endpoints for r in results if r.url and r.endpoints}
    for r in results:
        for ln in r.enum_links:
            values = enum_steps.resolve(ln, r, defs, by_url, sections[r.file])
            if values:
                ln.param.enum = enum_steps.merged(ln.param.enum, values)
    endpoints = _without_duplicates(results, diags)
    kept = {id(ep) for ep in endpoints}  # (by identity: endpoints compare by value, which is slow)
    _by_reference(results, endpoints, kept, diags)
    # what each page writes after a parameter's name (read once: both steps below use it, and it
    # depends only on parameter names and texts, which neither changes)
    said = {id(ep): enum_steps.named_values(ep) for ep in endpoints}
    for r in results:
        for ep in r.endpoints:
            if id(ep) in kept:
                enum_steps.fill_from_definitions(ep, defs.of(sections[r.file], ep.product, r.file), diags,
                                                 said[id(ep)])
    by_path: dict[str, list[Endpoint]] = {}
    for ep in endpoints:
        by_path.setdefault(ep.path, []).append(ep)
    for r in results:
        for ep in r.endpoints:
            if id(ep) in kept:
                same_page = [e for e in r.endpoints if id(e) in kept]
                enum_steps.fill_from_siblings(ep, same_page, diags)
                enum_steps.fill_from_siblings(ep, by_path[ep.path], diags)
    for ep in endpoints:
        _add_values_the_page_uses(ep, said[id(ep)])
    _unique_ids(endpoints, diags)
    endpoints.sort(key=lambda e: (e.path, e.method, base_key(e)))
    diags.sort(key=lambda d: (d.file, d.line, d.code, d.message))
    return endpoints, diags


def _sections(results: list[PageResult]) -> dict[str, str | None]:
    """The section of the site each page belongs to, as the page says (its address or breadcrumbs); a
    page that says neither is matched to definitions by the folder it sits in (Definitions.of)."""
    return {r.file: r.section for r in results}


def _without_duplicates(results: list[PageResult], diags: list[Diagnostic]) -> list[Endpoint]:
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
    return endpoints


def _by_reference(results: list[PageResult], endpoints: list[Endpoint], kept: set[int],
                  diags: list[Diagnostic]) -> None:
    """"In addition to all parameters accepted by `POST /api/v3/order`": the endpoint gains that
    endpoint's parameters (each marked with its origin) and the rules among them; its own come first
    and win."""
    by_route: dict[tuple[str, str], list[Endpoint]] = {}
    for ep in endpoints:
        by_route.setdefault((ep.method, ep.path), []).append(ep)
    for r in results:
        for ep, method, path in r.references:
            if id(ep) not in kept:
                continue
            targets = [t for t in by_route.get((method, path), []) if t is not ep]
            # the copy of the same product (spot's own order endpoint, not another site's)
            target = next((t for t in targets if t.product == ep.product), targets[0] if targets else None)
            if target is None:
                diags.append(Diagnostic(ep.source.file, ep.source.line or 1, "warning", "reference-unresolved",
                                        f"{ep.method} {ep.path}: the page says it accepts all parameters of "
                                        f"{method} {path}, which no page of this build documents; only the "
                                        f"parameters it lists itself are known"))
                continue
            own = {p.name for p in ep.params}
            origin = f"{method} {path}"
            added = [_copy(p, origin) for p in target.params if p.name not in own]
            # the page's own parameters first, then the referenced endpoint's in its order: a call
            # sends the required ones first (views.sent_args), so the page's own optional ones come
            # right after them, as Binance's official SDKs send them
            ep.params = ep.params + added
            names = {p.name for p in ep.params}
            for rule in target.rules:
                if set(rule.params) <= names and (rule.when is None or rule.when.param in names):
                    ep.rules.append(Rule(rule.kind, list(rule.params), rule.value, rule.when, rule.text))


def _copy(p: Param, origin: str) -> Param:
    from copy import deepcopy

    q = deepcopy(p)
    q.origin = p.origin or origin
    return q


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


def _add_values_the_page_uses(ep: Endpoint, said: list[tuple[str, str, bool]]) -> None:
    """An enum (often filled from the product's definitions) gains the values the endpoint's own page
    gives it (`said`, from enum_steps.named_values): "order cancel time for timeInForce `GTD`" makes
    GTD a timeInForce value."""
    by_name = {p.name: p for p in ep.params if p.type == "ENUM" and p.enum}
    for name, value, refused in said:
        p = by_name.get(name)
        if p is not None and not refused and value not in p.enum:  # not "timeInForce `GTX` is not supported"
            p.enum.append(value)


__all__ = ["link"]
