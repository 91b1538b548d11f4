"""Enum values across pages: a link that names a parameter's values, and a product's common definitions.

Where the values come from, in order:
1. the page's own words (read per page, constraints.py);
2. a link in the description (`Please see [Enums](/docs/…/enums#timeinforce)`): the definitions page it
   points to, or a parameter of that name on the endpoint page it points to (`See [klines](…#kline-intervals)`);
3. the common definitions of the page's product (the section of the site the page belongs to), by the
   parameter's name, else by the name it ends with (`aboveTimeInForce` -> `timeInForce`).
A page's own list and its product's definition are merged, the page's values first; when they differ an
info diagnostic names the values only one of them gives. When they share no value at all the definition
is of another thing of the same name and the page's list stands alone. A value the page says is not supported is
never added.
"""

from __future__ import annotations

import re

from ..model import Diagnostic, Endpoint
from .definitions import resolve_link
from .extract import product_of
from .results import EnumLink, PageResult

REFUSED = re.compile(r"\s*(?:is|are)?\s*(?:not|no longer)\s+(?:supported|allowed|accepted|available)|\s*(?:不支持|不可用|不允许)",
                     re.I)
_CAMEL = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


class Definitions:
    """Common definitions by the page that gives them, by section of the site, by the folder the page
    sits in, and by product."""

    def __init__(self) -> None:
        self.by_url: dict[str, dict[str, list[str]]] = {}
        self.by_section: dict[str, dict[str, list[str]]] = {}
        self.by_folder: dict[str, dict[str, list[str]]] = {}
        self.by_product: dict[str, dict[str, list[str]]] = {}

    def add(self, enums: dict[str, list[str]], url: str | None, section: str | None, product: str | None,
            file: str = "") -> None:
        if url:
            self.by_url.setdefault(url, enums)
        folder = file.rsplit("/", 1)[0] if "/" in file else ""
        for key, table in ((section, self.by_section), (folder, self.by_folder), (product, self.by_product)):
            if key:
                merged = table.setdefault(key, {})
                for name, values in enums.items():
                    merged.setdefault(name, values)  # the first page (by file name) wins

    def of(self, section: str | None, product: str | None, file: str = "") -> dict[str, list[str]]:
        """The definitions that apply to a page: its section's (what the page says of itself), else those
        of the nearest folder above it that holds a definitions page, else its product's."""
        if section and section in self.by_section:
            return self.by_section[section]
        folder = file.rsplit("/", 1)[0] if "/" in file else ""
        while folder:
            if folder in self.by_folder:
                return self.by_folder[folder]
            folder = folder.rsplit("/", 1)[0] if "/" in folder else ""
        return self.by_product.get(product or "", {})


def named(defs: dict[str, list[str]], name: str) -> tuple[str, list[str]] | None:
    """(definition name, values) for a parameter: by its name, else by the name it ends with when that
    is two words or more (`pendingAboveTimeInForce` -> `timeInForce`, never `type` for `workingType`)."""
    lower = {k.lower(): k for k in defs if not k.startswith("#")}
    if name.lower() in lower:
        key = lower[name.lower()]
        return key, defs[key]
    words = _CAMEL.findall(name)
    for k in range(1, len(words) - 1):
        suffix = "".join(words[k:]).lower()
        if suffix in lower:
            key = lower[suffix]
            return key, defs[key]
    return None


def merged(own: list[str], other: list[str]) -> list[str]:
    """The page's values first, then the other list's values the page does not give."""
    return list(own) + [v for v in other if v not in own]


def resolve(ln: EnumLink, page: PageResult, defs: Definitions, by_url: dict[str, list[Endpoint]],
            section: str | None) -> list[str] | None:
    """The values a link names: on the definitions page it points to, on the endpoint page it points to
    (a parameter of that name there), else in the product's definitions."""
    target = ln.url or page.url
    if target and target in defs.by_url:
        values = resolve_link(defs.by_url[target], ln.text, ln.anchor)
        if values:
            return values
    if target and target in by_url:
        lists = []
        for ep in by_url[target]:
            for p in ep.params:
                if p is ln.param or not p.enum:
                    continue
                if p.name == ln.param.name or named({p.name: p.enum}, ln.param.name):
                    lists.append(tuple(p.enum))
        if lists and len(set(lists)) == 1:
            return list(lists[0])
    product = product_of(ln.url, "") if ln.url else None
    table = defs.of(None, product) if product and product != "other" else \
        defs.of(section, ln.endpoint.product, page.file)
    return resolve_link(table, ln.text, ln.anchor)


def fill_from_definitions(ep: Endpoint, defs: dict[str, list[str]], diags: list[Diagnostic],
                          said: list[tuple[str, str, bool]]) -> None:
    """ENUM parameters of an endpoint: values from the product's definitions where the page gives none;
    merged with them where it gives some (page first, a diagnostic when they differ). `said` is
    named_values(ep)."""
    refused = _refused_values(said)
    for p in ep.params:
        if p.type != "ENUM":
            continue
        found = named(defs, p.name)
        if found is None:
            if not p.enum:
                diags.append(Diagnostic(ep.source.file, p.line or ep.source.line or 1, "info", "enum-values-missing",
                                        f"{ep.method} {ep.path}: ENUM parameter `{p.name}` lists no values and the "
                                        f"product's common definitions do not define it"))
            continue
        name, values = found
        values = [v for v in values if v not in refused.get(p.name, set())]
        if not p.enum:
            p.enum = list(values)
            continue
        if name.lower() != p.name.lower():
            continue  # a definition found by the name's ending only fills a parameter the page gives no values
        only_page = [v for v in p.enum if v not in values]
        only_defs = [v for v in values if v not in p.enum]
        if not only_page and not only_defs:
            continue
        differs = [f"only on the page: {', '.join(only_page)}"] if only_page else []
        differs += [f"only in the definitions: {', '.join(only_defs)}"] if only_defs else []
        if len(only_page) == len(p.enum):
            # no value in common: the definition is of another thing of that name (a ticker's `type`,
            # FULL or MINI, is no order type)
            verdict = "they share no value, so the definition is of something else and only the page's are kept"
        else:
            p.enum = merged(p.enum, only_defs)
            verdict = "the page's values are kept and the definitions' added"
        diags.append(Diagnostic(ep.source.file, p.line or ep.source.line or 1, "info", "enum-definition-differs",
                                f"{ep.method} {ep.path}: `{p.name}` values on the page and in the common "
                                f"definitions (`{name}`) differ; {verdict} ({'; '.join(differs)})"))


# a parameter's name then a value: "timeInForce `GTD`", "`workingType` = `MARK_PRICE`", "isIsolated 为 `TRUE`"
NAMED_VALUE = re.compile(r"(?<![A-Za-z])`?([A-Za-z_][A-Za-z0-9_]*)`?\s*(?:=|is|set to|为|:|：)?\s*`([A-Z][A-Z0-9_]*)`")


def named_values(ep: Endpoint) -> list[tuple[str, str, bool]]:
    """(parameter, value, refused) for every value the endpoint's page writes right after a parameter's
    name; refused when the page says the value is not supported."""
    lower = {p.name.lower(): p.name for p in ep.params}
    texts = [t for p in ep.params for t in (p.description.en, p.description.zh) if t]
    texts += [t for n in ep.notes for t in (n.en, n.zh) if t]
    out = []
    for text in texts:
        if "`" not in text:
            continue
        for m in NAMED_VALUE.finditer(text):
            name = lower.get(m.group(1).lower())
            if name:
                out.append((name, m.group(2), bool(REFUSED.match(text, m.end()))))
    return out


def _refused_values(said: list[tuple[str, str, bool]]) -> dict[str, set[str]]:
    """Values the page says a parameter does not take (`said`: named_values of the endpoint):
    "timeInForce `GTX` is not supported"."""
    out: dict[str, set[str]] = {}
    for name, value, refused in said:
        if refused:
            out.setdefault(name, set()).add(value)
    return out


def fill_from_siblings(ep: Endpoint, siblings: list[Endpoint], diags: list[Diagnostic]) -> None:
    """An ENUM parameter still without values takes those its page gives a parameter of that name (or
    the name it ends with) on another endpoint of the same page, or of the same path with another
    method, when they all agree: `abovePegOffsetType` beside the order endpoint's `pegOffsetType`
    ("Only `PRICE_LEVEL` is supported"), `GET` beside `POST /sapi/v1/asset/transfer`'s transfer types."""
    for p in ep.params:
        if p.type != "ENUM" or p.enum:
            continue
        found: dict[tuple[str, ...], str] = {}
        for other in siblings:
            if other is ep:
                continue
            table = {q.name: q.enum for q in other.params if q.enum and q.type == "ENUM"}
            hit = named(table, p.name)
            if hit:
                found.setdefault(tuple(hit[1]), f"{other.method} {other.path} `{hit[0]}`")
        if len(found) == 1:
            (values, where), = found.items()
            p.enum = list(values)
            diags.append(Diagnostic(ep.source.file, p.line or ep.source.line or 1, "info", "enum-values-from-sibling",
                                    f"{ep.method} {ep.path}: ENUM parameter `{p.name}` lists no values; the values "
                                    f"its page gives {where} are used"))
