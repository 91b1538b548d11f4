"""Page -> Endpoints: merge the English and Chinese drafts of each endpoint, fill the model, diagnose."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .. import naming
from ..model import Conflict, Diagnostic, Endpoint, Param, Response, Rule, Source, Text, Weight, condition_text
from . import conditions, response, rules
from .blocks import Page
from .page import has_cjk
from .sections import path_problem
from .segment import Draft, apply_constraints, drafts_of_half

_DOC_SECTION = re.compile(r"/docs/(?:zh-CN/|en/)?([^/#?]+)(?:/([^/#?]+))?")
_PRODUCT_ALIASES = {
    "binance_spot_api_docs": "spot",
    "usds_margined_futures": "usds_futures",
    "coin_margined_futures": "coin_futures",
    "options_trading": "options",
}
_PATH_PRODUCTS = [
    ("/api/", "spot"), ("/fapi/", "usds_futures"), ("/dapi/", "coin_futures"), ("/eapi/", "options"),
    ("/papi/", "portfolio_margin"), ("/sapi/", "sapi"), ("/futures/data/", "usds_futures"),
]
SIGNED_SECURITY = {"TRADE", "USER_DATA", "MARGIN"}
UNSIGNED_SECURITY = {"MARKET_DATA", "USER_STREAM", "NONE"}


@lru_cache(maxsize=4096)
def product_of(url: str | None, path: str) -> str:
    """The product an endpoint belongs to: the doc section of its URL, else its path prefix."""
    if url:
        m = _DOC_SECTION.search(url)
        if m:
            first = m.group(1)
            if first == "derivatives" and m.group(2):
                first = m.group(2)
            slug = re.sub(r"[^a-z0-9]+", "_", first.lower()).strip("_")
            if slug:
                return _PRODUCT_ALIASES.get(slug, slug)
    for prefix, product in _PATH_PRODUCTS:
        if path.startswith(prefix):
            return product
    return "other"


def snake(text: str) -> str:
    """A snake_case Python identifier from an English title or a URL slug."""
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").lower()
    s = re.sub(r"_+", "_", s)
    return s


def make_id(product: str, method: str, path: str) -> str:
    """The client's name for an endpoint: its product's namespace and the name of its method and path
    (naming.endpoint_name): `spot.post_order`, `usds_futures.klines`. Nothing else goes in, so no
    other page can change it."""
    return f"{product}.{naming.endpoint_name(method, path)}"


# a note that is only a label ("Notes:", "注意:", "**Other Info:**"): the notes follow it
_LABEL = re.compile(r"[\s*_>#]*(?:notes?|注意(?:事项)?|说明|备注|other info|tips?|提示)\s*[:：]?[\s*_]*", re.I)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_]+|\d+")


def _tokens(text: str) -> set[str]:
    """The words a translation keeps: parameter names, codes and numbers."""
    return {t.lower() for t in _TOKEN.findall(text)}


def _pair(en: list[str], zh: list[str]) -> list[Text]:
    """English and Chinese versions of the same notes, paired item by item when the two lists match:
    as many items, and no pair whose parameter names and numbers have nothing in common. Otherwise
    each note stands alone (a wrong pair would tell a reader that two different notes say the same)."""
    def fits(a: str, b: str) -> bool:
        ta, tb = _tokens(a), _tokens(b)
        return not (ta and tb) or bool(ta & tb)

    if len(en) == len(zh) and all(fits(a, b) for a, b in zip(en, zh)):
        return [Text(en=a, zh=b) for a, b in zip(en, zh)]
    return [Text(en=a) for a in en] + [Text(zh=b) for b in zh]


def _by_value(w: Weight) -> tuple[int, str]:
    return (w.value if w.value is not None else -1), w.unit


def _weights_agree(a: list[Weight], b: list[Weight]) -> bool:
    """The same weights in both halves, a unit one half leaves unsaid agreeing with any."""
    if len(a) != len(b):
        return False
    return all(x.value == y.value and (x.unit == y.unit or not x.unit_stated or not y.unit_stated)
               for x, y in zip(sorted(a, key=_by_value), sorted(b, key=_by_value)))


def _interleave(main: list[Param], other: list[Param]) -> list[Param]:
    """The main half's parameters, with those only the other half lists placed where that half puts
    them: after the parameter it lists before them (first when there is none), so a parameter only
    the Chinese table has does not land after `timestamp`."""
    out = list(main)
    names = {p.name for p in main}
    at = 0  # where the next parameter of the other half goes
    for q in other:
        if q.name in names:
            at = next(i for i, p in enumerate(out) if p.name == q.name) + 1
            continue
        out.insert(at, q)
        names.add(q.name)
        at += 1
    return out


def _merge(en: Draft | None, zh: Draft | None, page: Page, file: str, diags: list[Diagnostic]) -> Endpoint:
    main = en or zh
    assert main is not None
    zh_half = zh
    if en is not None and zh is not None and (en.method, en.path) != (zh.method, zh.path):
        zh = None  # the Chinese half documents another call: only the cross-check below reads it
    other = zh if en is not None else None
    title = Text(en=en.title if en else None, zh=zh.title if zh else None)
    if title.en and not title.en.isascii() and not title.zh:
        title = Text(zh=title.en)
    if title.zh and not has_cjk(title.zh):  # a Chinese page that kept the English title
        title = Text(en=title.en or title.zh)
    security = main.security or (other.security if other else None)
    product = product_of(page.url, main.path)
    ep = Endpoint(
        id=make_id(product, main.method, main.path),
        method=main.method,
        path=main.path,
        title=title,
        product=product,
        security=security,
    )
    ep.description = Text(en="\n\n".join(en.description) if en and en.description else None,
                          zh="\n\n".join(zh.description) if zh and zh.description else None)
    if ep.description.zh and not ep.description.en and not has_cjk(ep.description.zh):
        ep.description = Text(en=ep.description.zh)  # English text on a Chinese page is English
    ep.notes = _pair([n for n in en.notes if not _LABEL.fullmatch(n)] if en else [],
                     [n for n in zh.notes if not _LABEL.fullmatch(n)] if zh else [])
    # params: the main half's list, descriptions from both
    ep.params = list(main.params)
    if other is not None:
        # a parameter only one language lists is kept (losing a parameter is worse); a conflict records it
        ep.params = _interleave(main.params, other.params)
        by_name = {p.name: p for p in other.params}
        for p in ep.params:
            q = by_name.get(p.name)
            if q is None:
                continue
            if q.description.zh and not p.description.zh:
                p.description.zh = q.description.zh
            for attr in ("minimum", "maximum", "default"):
                if getattr(p, attr) is None and getattr(q, attr) is not None:
                    setattr(p, attr, getattr(q, attr))
            if p.type == "STRING" and q.type == "ENUM":
                p.type = "ENUM"  # the other half says which: an enum is sent as a string
            if not p.enum and q.enum:
                p.enum = q.enum
            if not p.allowed and q.allowed:
                p.allowed = q.allowed
            if p.list is None and q.list is not None:
                p.list = q.list
    # the first statement of a rule is kept; an either and a not_together over the same parameters are one_of
    ep.rules = rules.resolve(main.rules + _other_rules(main, other, ep, file, diags)
                             + _rules_from_mandatory(ep.params, main))
    _prune_conditional(ep, [main] + ([other] if other else []))
    for r in ep.rules:
        if r.kind in ("either", "one_of") and r.when is None:
            for p in ep.params:
                if p.name in r.params and p.required:
                    # `symbol | YES | Either symbol or symbols must be provided`: one of the two, not this one
                    p.required = False
                    diags.append(Diagnostic(file, p.line or main.line, "info", "mandatory-by-rule",
                                            f"{main.method} {main.path}: `{p.name}` is marked mandatory, but the "
                                            f"page says {r.kind.replace('_', ' ')} of {', '.join(r.params)} must be "
                                            f"sent; read as optional under that rule"))
    required = {p.name for p in ep.params if p.required}
    for r in list(ep.rules):
        if r.kind == "not_together" and required & set(r.params):
            # a mandatory parameter "cannot be sent with" another: the rule would forbid the other outright
            ep.rules.remove(r)
            diags.append(Diagnostic(file, main.line, "warning", "rule-contradiction",
                                    f"{main.method} {main.path}: the page says {' and '.join(r.params)} cannot be sent "
                                    f"together, but marks {', '.join(sorted(required & set(r.params)))} mandatory; "
                                    f"the rule is left out"))
    ep.weight = main.weights or (other.weights if other else [])
    if other is not None and main.weights and _weights_agree(main.weights, other.weights):
        for a, b in zip(sorted(main.weights, key=_by_value), sorted(other.weights, key=_by_value)):
            if not a.unit_stated and b.unit_stated:  # `Request Weight` 60 / `请求权重(UID)` 60: UID
                a.unit, a.unit_stated = b.unit, True
    if other is not None and main.weights and other.weights:
        for a, b in zip(main.weights, other.weights):
            if b.raw.zh and not a.raw.zh:
                a.raw.zh = b.raw.zh
    # response
    src = main if (main.examples or main.field_rows) else (other or main)
    comments = dict(src.comments)
    if other is not None and src is main:
        for k, v in other.comments.items():
            comments.setdefault(k, v)
    schema = None
    if src.examples:
        schema = response.merged([response.schema_of(example, comments) for example in src.examples])
    elif src.field_rows:
        schema = response.schema_from_field_table(src.field_rows)
    if schema is not None and src.examples and src.field_rows:
        schema = response.annotate_from_field_table(schema, src.field_rows)
    ep.response = Response(examples=list(src.examples), schema=schema)
    # signed
    # TRADE/USER_DATA/MARGIN calls are signed; MARKET_DATA/USER_STREAM calls send only the API key, even
    # where the table lists a timestamp; without a stated type a mandatory timestamp/signature decides
    ep.signed = security in SIGNED_SECURITY or (
        security not in UNSIGNED_SECURITY and any(p.name in ("timestamp", "signature") and p.required for p in ep.params))
    ep.source = Source(file=file, url=page.url, updated_at=page.front.get("updated_at") or None, line=main.line)
    # cross-check the halves
    if en is not None and zh_half is not None:
        _cross_check(ep, main, zh_half, file, diags)
    _diagnose(ep, main, other, file, diags)
    return ep


def _other_rules(main: Draft, other: Draft | None, ep: Endpoint, file: str, diags: list[Diagnostic]) -> list[Rule]:
    """The other language's rules; where both languages say what a condition requires and disagree
    ("`STOP_LOSS` | `quantity`, `stopPrice` or `trailingDelta`" / "`quantity`, `stopPrice`, `trailingDelta`"),
    the main language's reading stands and the disagreement is a conflict."""
    if other is None:
        return []
    covered = set(main.covered) | {conditions.when_key(r.when) for r in main.rules if r.when is not None}
    out = []
    for r in other.rules:
        if r.when is None or conditions.when_key(r.when) not in covered:
            out.append(r)
            continue
        mine = [x for x in main.rules if x.kind == r.kind and x.when is not None
                and conditions.when_key(x.when) == conditions.when_key(r.when)]
        if any(sorted(x.params) == sorted(r.params) for x in mine):
            continue
        field = f"rules.{r.kind} when {condition_text(r.when)}"
        en = sorted({p for x in mine for p in x.params})
        ep.conflicts.append(Conflict(field=field, en=en, zh=sorted(r.params)))
        diags.append(Diagnostic(file, other.line, "warning", "language-mismatch",
                                f"{ep.method} {ep.path}: English and Chinese disagree on what is {r.kind} when "
                                f"{condition_text(r.when)} (en: {en}, zh: {sorted(r.params)}); the English "
                                f"reading is used"))
    return out


def _prune_conditional(ep: Endpoint, drafts: list[Draft]) -> None:
    """A conditional `required` rule names no parameter that is mandatory anyway, nor one the page says
    becomes optional under some condition: "If `pegPriceType` is specified, `price` becomes optional"
    turns "`price` is required when `type` is LIMIT" into "at least one of `price`, `pegPriceType` when
    `type` is LIMIT" (dropped when the text names no such other parameter). A `requires` rule whose
    parameters are all mandatory says nothing."""
    names = {p.name for p in ep.params}
    texts = [t for d in drafts for t in d.notes + d.description]
    optional = rules.optional_under_condition(texts, names)
    required = {p.name for p in ep.params if p.required}
    kept = []
    for r in ep.rules:
        if r.kind == "requires" and set(r.params[1:]) <= required:
            continue  # what it needs is mandatory anyway
        if r.kind == "required" and r.when is not None:
            when, text = r.when, r.text
            instead = [(p, *optional[p]) for p in r.params if p in optional and p not in required]
            r.params = [p for p in r.params if p not in required and p not in optional]
            if r.params:
                kept.append(r)
            for p, other, why in instead:
                if other is not None and other != when.param:
                    lang = "zh" if has_cjk(why) else "en"
                    said = Text(**{lang: "\n".join(t for t in (getattr(text, lang), why) if t)})
                    kept.append(Rule("either", [p, other], when=when, text=said))
            continue
        kept.append(r)
    ep.rules = rules.resolve(kept)


def _rules_from_mandatory(params: list[Param], main: Draft) -> list[Rule]:
    """Parameters marked `EITHER` (or `EITHER OR BOTH`) in the mandatory column: at least one of them."""
    marked = [p.name for p in params if (p.mandatory or "").upper().startswith("EITHER")]
    if len(marked) < 2:
        return []
    text = Text(**{main.lang: "Mandatory: EITHER (" + ", ".join(marked) + ")"})
    return [Rule(kind="either", params=marked, text=text)]


def _cross_check(ep: Endpoint, en: Draft, zh: Draft, file: str, diags: list[Diagnostic]) -> None:
    def conflict(name: str, a: Any, b: Any) -> None:
        ep.conflicts.append(Conflict(field=name, en=a, zh=b))
        diags.append(Diagnostic(file, zh.line, "warning", "language-mismatch",
                                f"{ep.method} {ep.path}: English and Chinese disagree on {name} "
                                f"(en: {a!r}, zh: {b!r}); the English value is used"))

    if (en.method, en.path) != (zh.method, zh.path):
        conflict("request", f"{en.method} {en.path}", f"{zh.method} {zh.path}")
    elif en.examples and zh.examples:
        # the examples' shapes: fields (with their JSON types) only one language's example has
        en_fields = set().union(*(response.field_paths(x) for x in en.examples))
        zh_fields = set().union(*(response.field_paths(x) for x in zh.examples))
        if en_fields != zh_fields:
            conflict("response", sorted(en_fields - zh_fields), sorted(zh_fields - en_fields))
    if en.weights and zh.weights and not _weights_agree(en.weights, zh.weights):
        conflict("weight", [f"{w.value} {w.unit}" for w in en.weights], [f"{w.value} {w.unit}" for w in zh.weights])
    en_names = [p.name for p in en.params]
    zh_names = [p.name for p in zh.params]
    if zh.params and en.params and set(en_names) != set(zh_names):
        conflict("params", en_names, zh_names)
    else:
        zh_by = {p.name: p for p in zh.params}
        for p in en.params:
            q = zh_by.get(p.name)
            if q is None:
                continue
            if q.required != p.required:
                conflict(f"params.{p.name}.required", p.required, q.required)
            for attr in ("default", "minimum", "maximum"):
                if getattr(p, attr) is not None and getattr(q, attr) is not None and getattr(p, attr) != getattr(q, attr):
                    conflict(f"params.{p.name}.{attr}", getattr(p, attr), getattr(q, attr))


def _diagnose(ep: Endpoint, main: Draft, other: Draft | None, file: str, diags: list[Diagnostic]) -> None:
    where = f"{ep.method} {ep.path}"
    if all(w.limit is not None for w in ep.weight):  # no weight (a cap on calls alone says none)
        seen = main.weight_seen or (other is not None and other.weight_seen)
        line = main.weight_line or main.line
        if seen:
            diags.append(Diagnostic(file, line, "warning", "weight-unparsed",
                                    f"{where}: the weight section gives no weight this parser can read; "
                                    f"write the weight as a number, e.g. `**1**`"))
        else:
            diags.append(Diagnostic(file, main.line, "warning", "weight-missing",
                                    f"{where}: the page states no request weight; add a weight section"))
    else:
        for w in ep.weight:
            if w.value is None and w.cases:
                diags.append(Diagnostic(file, main.weight_line or main.line, "info", "weight-conditional",
                                        f"{where}: the weight depends on the arguments and the page gives no "
                                        f"weight for a call with default arguments; see weight.cases"))
    if main.params_seen and not ep.params and not main.params_none and not (other and other.params_none):
        if main.params_blocks == 0 and (other is None or other.params_blocks == 0):
            diags.append(Diagnostic(file, main.params_line or main.line, "info", "params-empty",
                                    f"{where}: the parameter section is empty; read as no parameters"))
        else:
            diags.append(Diagnostic(file, main.params_line or main.line, "warning", "params-unparsed",
                                    f"{where}: the parameter section has no table this parser can read and no "
                                    f"'None' marker"))
    repaired: list[tuple[int, str]] = []
    for d in (main, other):
        if d is None:
            continue
        for line, problem, recovered in d.example_problems:
            if recovered:
                repaired.append((line, problem))
            else:
                diags.append(Diagnostic(file, line, "warning", "response-example-invalid",
                                        f"{where}: the response example could not be read ({problem}); "
                                        f"fix the JSON on the page"))
    if repaired:
        # one note per endpoint (both language halves usually carry the same example)
        lines = sorted({line for line, _ in repaired})
        problems = list(dict.fromkeys(p for _, p in repaired))
        where_lines = f"line {lines[0]}" if len(lines) == 1 else "lines " + ", ".join(map(str, lines))
        diags.append(Diagnostic(file, lines[0], "info", "response-example-repaired",
                                f"{where}: the response example is not valid JSON ({'; '.join(problems)}; "
                                f"{where_lines}); it was read leniently"))
    if not ep.title:
        diags.append(Diagnostic(file, main.line, "warning", "title-missing", f"{where}: no heading names this endpoint"))


def endpoints_of_page(page: Page, file: str) -> tuple[list[Endpoint], list[Diagnostic], list[tuple[Endpoint, str, str]]]:
    """All endpoints of a parsed page, with the diagnostics found on the way and the endpoints whose
    parameters they take by reference: (endpoint, method, path of the other)."""
    diags: list[Diagnostic] = []
    references: list[tuple[Endpoint, str, str]] = []
    en_drafts: list[Draft] = []
    zh_drafts: list[Draft] = []
    for half in page.halves:
        drafts = []
        for d in drafts_of_half(half):
            problem = path_problem(d.path)
            if problem:
                diags.append(Diagnostic(file, d.line, "error", "request-path-invalid",
                                        f"{d.method} {d.path}: the request path has {problem}; an endpoint needs "
                                        f"an absolute API path (`/api/v3/order`): no endpoint is made from it"))
                continue
            drafts.append(d)
        for d in drafts:
            apply_constraints(d)
        (zh_drafts if half.lang == "zh" else en_drafts).extend(drafts)
    pairs: list[tuple[Draft | None, Draft | None]] = []
    if len(en_drafts) == len(zh_drafts):
        pairs = list(zip(en_drafts, zh_drafts))  # type: ignore[arg-type]
    else:
        used: set[int] = set()
        for d in en_drafts:
            match = next((k for k, z in enumerate(zh_drafts) if k not in used and (z.method, z.path) == (d.method, d.path)), None)
            if match is not None:
                used.add(match)
            pairs.append((d, zh_drafts[match] if match is not None else None))
        pairs.extend((None, z) for k, z in enumerate(zh_drafts) if k not in used)
        if en_drafts and zh_drafts:
            diags.append(Diagnostic(file, 1, "warning", "language-mismatch",
                                    f"the English half has {len(en_drafts)} endpoint(s), the Chinese half "
                                    f"{len(zh_drafts)}"))
    endpoints = []
    for en, zh in pairs:
        endpoints.append(_merge(en, zh, page, file, diags))
        drafts = [d for d in (en, zh) if d is not None and (d.method, d.path) == (endpoints[-1].method, endpoints[-1].path)]
        for method, path in dict.fromkeys(r for d in drafts for r in d.references):
            if (method, path) != (endpoints[-1].method, endpoints[-1].path):
                references.append((endpoints[-1], method, path))
        if en is not None and zh is not None and (en.method, en.path) != (zh.method, zh.path):
            # the Chinese half documents another call: it is an endpoint of its own, never lost
            extra = _merge(None, zh, page, file, diags)
            extra.source.other_half = True
            endpoints.append(extra)
    return endpoints, diags, references
