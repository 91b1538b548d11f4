"""A semantic diff of two spec sets: what changed for users of the generated client, per endpoint.

Each change has a stable rule id (RULES below; never renamed, only added) and a level: `breaking`
(code that worked may now fail), `warning` (it still works but may cost more or behave differently),
`info` (additions and documentation). Endpoints are matched by (method, path, base URL); what is left
on both sides is matched by id (the client method's name), which reports a changed method or path.

Narrowing is told from loss: values removed from a list that is still there are breaking (calls
with them are refused); a list that is gone altogether is a lost constraint (`enum-values-lost`, a
warning: the client now accepts any value), never "no longer accepts". A change whose cause the two
spec sets show carries it (`cause`): a list shared by many endpoints of a product gone at once (its
common-definitions page), an endpoint whose page now documents another one; the Markdown groups the
changes of one cause under it with their count. Values set by spec overrides are named as such.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from .hosts import endpoint_key
from .model import Endpoint, Param, Rule, Weight, rule_text
from .vocabulary import CHANGE_LEVELS as LEVELS, WIDER

RULES: dict[str, tuple[str, str]] = {
    "endpoint-removed": ("breaking", "an endpoint was removed"),
    "endpoint-method-changed": ("breaking", "the HTTP method of an endpoint changed"),
    "endpoint-path-changed": ("breaking", "the path of an endpoint changed"),
    "method-name-changed": ("breaking", "the client method's name (the spec id) changed"),
    "param-removed": ("breaking", "a parameter was removed"),
    "param-renamed": ("breaking", "a parameter was renamed"),
    "required-param-added": ("breaking", "a required parameter was added"),
    "param-became-required": ("breaking", "an optional parameter became required"),
    "enum-value-removed": ("breaking", "a value was removed from an enum"),
    "allowed-value-removed": ("breaking", "a value was removed from a parameter's allowed values"),
    "type-narrowed": ("breaking", "a parameter's type accepts fewer values"),
    "type-changed": ("breaking", "a parameter's type changed to an unrelated type"),
    "maximum-lowered": ("breaking", "a parameter's maximum was lowered or added"),
    "minimum-raised": ("breaking", "a parameter's minimum was raised or added"),
    "max-items-lowered": ("breaking", "a list parameter accepts fewer items"),
    "signing-added": ("breaking", "the endpoint now needs a signature"),
    "weight-raised": ("warning", "a request weight was raised or a rate limit added"),
    "security-changed": ("warning", "the security type (API key permission) changed"),
    "signing-removed": ("warning", "the endpoint no longer needs a signature"),
    "default-changed": ("warning", "a parameter's default value changed"),
    "list-style-changed": ("warning", "how a list parameter is sent changed"),
    "endpoint-added": ("info", "an endpoint was added"),
    "optional-param-added": ("info", "an optional parameter was added"),
    "param-became-optional": ("info", "a required parameter became optional"),
    "enum-value-added": ("info", "a value was added to an enum"),
    "allowed-value-added": ("info", "a value was added to a parameter's allowed values"),
    "type-widened": ("info", "a parameter's type accepts more values"),
    "maximum-raised": ("info", "a parameter's maximum was raised or removed"),
    "minimum-lowered": ("info", "a parameter's minimum was lowered or removed"),
    "max-items-raised": ("info", "a list parameter accepts more items"),
    "weight-lowered": ("info", "a request weight was lowered or a rate limit removed"),
    "weight-cases-changed": ("info", "the conditional weights changed"),
    "rule-added-refusing": ("breaking", "a rule across parameters was added that refuses calls the client accepted"),
    "enum-values-lost": ("warning", "a parameter's list of values is gone: the constraint is lost, any value is sent"),
    "allowed-values-lost": ("warning", "a parameter's allowed values are gone: the constraint is lost"),
    "override-removed": ("warning", "a value no longer comes from an override: the page's value applies"),
    "rule-added": ("info", "a rule across parameters was added that refuses no call the client accepted"),
    "rule-removed": ("info", "a rule across parameters was removed"),
    "product-changed": ("info", "the endpoint moved to another product module"),
    "description-changed": ("info", "a title, description or note changed"),
    "param-description-changed": ("info", "a parameter's description changed"),
    "response-changed": ("info", "the response schema changed"),
    "override-added": ("info", "a value now comes from an override file, not the page"),
    "override-page-changed": ("info", "the page changed where an override sets the value"),
}
GROUP_MIN = 3  # changes of one cause shown together under it

@dataclass(frozen=True, order=True)
class Change:
    level: str
    endpoint: str  # "GET /api/v3/order"
    rule: str
    param: str
    message: str
    method_name: str  # the client method (the spec id on the new side, else the old side)
    cause: str = ""  # what the two spec sets show caused it, when they do (several changes may share it)

    def sort_key(self) -> tuple[Any, ...]:
        method, _, path = self.endpoint.partition(" ")
        return (LEVELS.index(self.level), path, method, self.rule, self.param, self.message)


def _change(rule: str, ep: Endpoint, message: str, param: str = "", cause: str = "") -> Change:
    return Change(RULES[rule][0], f"{ep.method} {ep.path}", rule, param, message, ep.id, cause)


def _widens(old: str, new: str) -> bool | None:
    """True when new accepts all of old, False when it accepts less, None when unrelated."""
    if old.startswith("LIST<") and new.startswith("LIST<"):
        return _widens(old[5:-1], new[5:-1])
    if new in WIDER.get(old, ()):
        return True
    if old in WIDER.get(new, ()):
        return False
    return None


def _weights(weights: list[Weight]) -> dict[str, Weight]:
    """By limit: the unit, and the window for counts kept per window (ORDER/10s beside ORDER/1d)."""
    return {w.unit + (f"/{w.interval}" if w.interval else ""): w for w in weights}


def _compare_weights(old: Endpoint, new: Endpoint) -> list[Change]:
    out = []
    ow, nw = _weights(old.weight), _weights(new.weight)
    for unit in sorted(set(ow) | set(nw)):
        a, b = ow.get(unit), nw.get(unit)
        if a is None and b is not None:
            out.append(_change("weight-raised", new, f"now counts against the {unit} limit (weight {b.value})"))
        elif b is None and a is not None:
            out.append(_change("weight-lowered", new, f"no longer counts against the {unit} limit"))
        elif a is not None and b is not None:
            if a.limit is not None and b.limit is not None and a.limit != b.limit:  # fewer calls allowed: stricter
                rule = "weight-raised" if b.limit < a.limit else "weight-lowered"
                out.append(_change(rule, new, f"at most {a.limit} -> {b.limit} calls per {b.interval}"))
            if a.value is not None and b.value is not None and a.value != b.value:
                rule = "weight-raised" if b.value > a.value else "weight-lowered"
                out.append(_change(rule, new, f"{unit} weight {a.value} -> {b.value}"))
            elif (a.value is None) != (b.value is None):
                out.append(_change("weight-cases-changed", new, f"{unit} default weight {a.value} -> {b.value}"))
            if a.cases != b.cases:
                top_a = max((c.value for c in a.cases), default=0)
                top_b = max((c.value for c in b.cases), default=0)
                if top_b > top_a:
                    out.append(_change("weight-raised", new, f"{unit} highest conditional weight {top_a} -> {top_b}"))
                else:
                    out.append(_change("weight-cases-changed", new, f"{unit} conditional weights changed"))
    return out


def _bound_changes(old: Param, new: Param, ep: Endpoint) -> list[Change]:
    out = []
    n = new.name
    if old.maximum != new.maximum:
        lowered = new.maximum is not None and (old.maximum is None or new.maximum < old.maximum)
        out.append(_change("maximum-lowered" if lowered else "maximum-raised", ep,
                           f"`{n}` maximum {old.maximum} -> {new.maximum}", n))
    if old.minimum != new.minimum:
        raised = new.minimum is not None and (old.minimum is None or new.minimum > old.minimum)
        out.append(_change("minimum-raised" if raised else "minimum-lowered", ep,
                           f"`{n}` minimum {old.minimum} -> {new.minimum}", n))
    a = old.list.max_items if old.list else None
    b = new.list.max_items if new.list else None
    if a != b:
        lowered = b is not None and (a is None or b < a)
        out.append(_change("max-items-lowered" if lowered else "max-items-raised", ep,
                           f"`{n}` at most {a} -> {b} items", n))
    if old.list and new.list and old.list.style != new.list.style:
        out.append(_change("list-style-changed", ep, f"`{n}` sent as {old.list.style} -> {new.list.style}", n))
    return out


def _compare_param(old: Param, new: Param, ep: Endpoint) -> list[Change]:
    out = []
    n = new.name
    if old.required != new.required:
        rule = "param-became-required" if new.required else "param-became-optional"
        out.append(_change(rule, ep, f"`{n}` is now {'required' if new.required else 'optional'}", n))
    if old.type != new.type:
        wider = _widens(old.type, new.type)
        rule = "type-widened" if wider else "type-narrowed" if wider is False else "type-changed"
        out.append(_change(rule, ep, f"`{n}` type {old.type} -> {new.type}", n))
    for attr, what in (("enum", "enum"), ("allowed", "allowed")):
        a, b = getattr(old, attr), getattr(new, attr)
        if a and not b:  # the list is gone, not narrowed: the client now sends any value
            cause = f"the type is now {new.type}" if attr == "enum" and new.type != old.type else ""
            out.append(_change(f"{what}-values-lost", ep, f"`{n}` lists no values any more (was {_list(a)}): "
                                                          f"any value is sent unchecked", n, cause))
            continue
        gone = [v for v in a if v not in b]
        came = [v for v in b if v not in a]
        if gone:
            out.append(_change(f"{what}-value-removed", ep, f"`{n}` no longer accepts {_list(gone)}", n))
        if came:
            out.append(_change(f"{what}-value-added", ep, f"`{n}` now accepts {_list(came)}", n))
    out += _bound_changes(old, new, ep)
    if old.default != new.default:
        out.append(_change("default-changed", ep, f"`{n}` default {old.default!r} -> {new.default!r}", n))
    if old.description != new.description:
        out.append(_change("param-description-changed", ep, f"`{n}` description changed", n))
    return out


def _list(values: list[Any]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _renames(old: Endpoint, new: Endpoint) -> dict[str, str]:
    """Removed -> added parameter pairs that look like one renamed parameter: same position among the
    parameters, same type and requiredness, and either the same description or the same name apart
    from case, `_` and `-`."""
    old_names = [p.name for p in old.params]
    new_names = [p.name for p in new.params]
    gone = [p for p in old.params if p.name not in new_names]
    came = {p.name: p for p in new.params if p.name not in old_names}
    pairs: dict[str, str] = {}
    for p in gone:
        for q in came.values():
            if q.name in pairs.values() or (p.type, p.required) != (q.type, q.required):
                continue
            same_text = bool(p.description) and p.description == q.description
            same_name = _fold(p.name) == _fold(q.name)
            same_place = old_names.index(p.name) == new_names.index(q.name)
            if same_name or (same_text and same_place):
                pairs[p.name] = q.name
                break
    return pairs


def _fold(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def compare_endpoint(old: Endpoint, new: Endpoint) -> list[Change]:
    """Changes from one version of an endpoint to the next (same endpoint on both sides)."""
    out: list[Change] = []
    if old.method != new.method:
        out.append(_change("endpoint-method-changed", new, f"was {old.method} {old.path}"))
    if old.path != new.path:
        out.append(_change("endpoint-path-changed", new, f"was {old.method} {old.path}"))
    if old.id != new.id:
        out.append(_change("method-name-changed", new, f"client method `{old.id}` is now `{new.id}`"))
    if not old.signed and new.signed:
        out.append(_change("signing-added", new, "now needs api_secret or private_key (signed)"))
    elif old.signed and not new.signed:
        out.append(_change("signing-removed", new, "no longer signed"))
    if old.security != new.security:
        out.append(_change("security-changed", new, f"security {old.security} -> {new.security}"))
    if old.product != new.product:
        out.append(_change("product-changed", new, f"product {old.product} -> {new.product}"))
    out += _compare_weights(old, new)
    renames = _renames(old, new)
    old_params = {p.name: p for p in old.params}
    new_params = {p.name: p for p in new.params}
    for name, p in old_params.items():
        if name in renames:
            out.append(_change("param-renamed", new, f"`{name}` is now `{renames[name]}`", name))
            out += _compare_param(p, new_params[renames[name]], new)
        elif name not in new_params:
            out.append(_change("param-removed", new, f"`{name}` was removed", name))
        else:
            out += _compare_param(p, new_params[name], new)
    for name, p in new_params.items():
        if name in old_params or name in renames.values():
            continue
        if p.required:
            out.append(_change("required-param-added", new, f"`{name}` ({p.type}) is a new required argument", name))
        else:
            out.append(_change("optional-param-added", new, f"`{name}` ({p.type}) can now be given", name))
    out += _compare_rules(old, new)
    for attr in ("title", "description", "notes"):
        if getattr(old, attr) != getattr(new, attr):
            out.append(_change("description-changed", new, f"{attr} changed"))
    if old.response.schema != new.response.schema:
        out.append(_change("response-changed", new, "the response schema changed"))
    out = _name_overrides(out, new)
    out += _compare_overrides(old, new)
    return out


def _rule_key(r: Rule) -> tuple[Any, ...]:
    """What a rule refuses (its text is documentation)."""
    return (r.kind, tuple(r.params), r.value, repr(r.when))


def _implied(r: Rule, by: list[Rule], required: set[str]) -> bool:
    """Whether every call `by` and the required flags let through also obeys r (so r refuses nothing
    the client accepted): its parameters are required anyway, or an old rule already said as much."""
    if r.kind == "required" and set(r.params) <= required:
        return True
    if r.kind == "either" and set(r.params) & required:
        return True
    if r.kind == "requires" and set(r.params[1:]) <= required:
        return True
    for o in by:
        if o.when is not None and repr(o.when) != repr(r.when):
            continue  # an old rule under another condition says nothing about this one
        if o.kind == r.kind and o.params == r.params and r.kind == "max_span":
            if o.value is not None and r.value is not None and r.value >= o.value:
                return True
        elif o.kind == r.kind and r.kind == "either" and set(o.params) <= set(r.params):
            return True
        elif o.kind == r.kind and r.kind in ("required", "forbidden") and set(r.params) <= set(o.params):
            return True
    return False


def _compare_rules(old: Endpoint, new: Endpoint) -> list[Change]:
    """Rules added and removed. An added rule that can refuse a call the client accepted before is
    breaking, its condition named (`required (price) when type is LIMIT`); one the old rules and the
    required flags already imply is info."""
    out = []
    old_keys = {_rule_key(r) for r in old.rules}
    new_keys = {_rule_key(r) for r in new.rules}
    required = {p.name for p in old.params if p.required}
    for r in new.rules:
        if _rule_key(r) not in old_keys:
            implied = _implied(r, old.rules, required)
            text = rule_text(r) + ("" if implied else ": calls that break it are now refused")
            out.append(_change("rule-added" if implied else "rule-added-refusing", new, text))
    for r in old.rules:
        if _rule_key(r) not in new_keys:
            out.append(_change("rule-removed", new, rule_text(r)))
    return out


def _field_of(c: Change) -> str:
    """The spec field a change is about, as override records name it."""
    if c.rule.startswith("weight-"):
        return "weight"
    if c.rule.startswith("rule-"):
        return "rules"
    if c.rule.startswith("signing-"):
        return "signed"
    if c.rule == "security-changed":
        return "security"
    return f"params.{c.param}" if c.param else ""


def _name_overrides(changes: list[Change], new: Endpoint) -> list[Change]:
    """Changes to a value an override sets say so."""
    if not new.overrides:
        return changes
    out = []
    for c in changes:
        where = _field_of(c)
        found = next((o for o in new.overrides if where and (o.field == where or o.field.startswith(where + "."))), None)
        if found is not None:
            c = Change(c.level, c.endpoint, c.rule, c.param, f"{c.message} (set by the override in {found.file})",
                       c.method_name, c.cause)
        out.append(c)
    return out


def _compare_overrides(old: Endpoint, new: Endpoint) -> list[Change]:
    before = {o.field: o for o in old.overrides}
    after = {o.field: o for o in new.overrides}
    out = []
    for where, o in sorted(after.items()):
        if where not in before:
            out.append(_change("override-added", new, f"`{where}` now comes from {o.file}: {o.why}"))
        elif before[where].page != o.page:
            out.append(_change("override-page-changed", new, f"the page now says {_short(o.page)} for `{where}` "
                                                             f"(was {_short(before[where].page)}); {o.file} still sets it"))
    for where, o in sorted(before.items()):
        if where not in after:
            out.append(_change("override-removed", new, f"`{where}` no longer comes from {o.file}: the page's value "
                                                        f"applies"))
    return out


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return f"`{text if len(text) <= 80 else text[:77] + '...'}`"


def compare(old: list[Endpoint], new: list[Endpoint]) -> list[Change]:
    """All changes between two spec sets, sorted by level, then path, method, rule, parameter."""
    return compare_changed(old, new, _shared_lists(old), {e.source.file for e in new})


def compare_changed(old: list[Endpoint], new: list[Endpoint], shared: dict[tuple[str, str, tuple[str, ...]], int],
                    pages: set[str]) -> list[Change]:
    """compare(), given what it needs of the whole sets (`shared`: _shared_lists of every old endpoint,
    `pages`: the page of every new one). When each set names every endpoint key once, an endpoint
    both sets hold unchanged pairs with itself and yields no change (compare_endpoint of equal
    endpoints is empty), so comparing only the endpoints that differ gives the same changes
    (SpecFacts tell whether the keys are unique without loading the endpoints)."""
    old_by_key = {endpoint_key(e): e for e in old}
    new_by_key = {endpoint_key(e): e for e in new}
    pairs = [(old_by_key[k], new_by_key[k]) for k in old_by_key.keys() & new_by_key.keys()]
    gone = {e.id: e for k, e in old_by_key.items() if k not in new_by_key}
    came = {e.id: e for k, e in new_by_key.items() if k not in old_by_key}
    pairs += [(gone.pop(ident), came.pop(ident)) for ident in sorted(gone.keys() & came.keys())]
    changes: list[Change] = []
    for a, b in pairs:
        changes += [_lost_cause(c, a, b, shared) for c in compare_endpoint(a, b)]
    for ep in gone.values():
        cause = ("its page now documents other endpoints (a page scraped under another's name?)"
                 if ep.source.file in pages else
                 "its page gives no endpoint any more (page gone or moved, or no longer an endpoint page)")
        changes.append(_change("endpoint-removed", ep, f"client method `{ep.id}` is gone (page {ep.source.file})",
                               cause=cause))
    for ep in came.values():
        changes.append(_change("endpoint-added", ep, f"new client method `{ep.id}`"))
    return sorted(set(changes), key=Change.sort_key)


def _list_key(ep: Endpoint, p: Param) -> tuple[str, str, tuple[str, ...]]:
    return ep.product, p.name, tuple(p.enum)


def _shared_lists(endpoints: list[Endpoint]) -> dict[tuple[str, str, tuple[str, ...]], int]:
    """How many endpoints hold each (product, parameter, values) list: a list many share comes from
    the product's common definitions."""
    return shared_lists([spec_facts(ep).lists for ep in endpoints])


def shared_lists(lists: list[tuple[tuple[str, str, tuple[str, ...]], ...]]) -> dict[tuple[str, str, tuple[str, ...]], int]:
    """_shared_lists from each endpoint's SpecFacts.lists."""
    found: dict[tuple[str, str, tuple[str, ...]], int] = {}
    for keys in lists:
        for key in keys:
            found[key] = found.get(key, 0) + 1
    return found


@dataclass(frozen=True)
class SpecFacts:
    """What the CHANGELOG and the write guard need of an endpoint they do not compare: a rebuild keeps
    these per spec (outputs.SpecFiles) instead of loading every spec."""

    key: tuple[str, str, str]  # hosts.endpoint_key
    id: str
    file: str  # its page
    updated_at: str | None
    lists: tuple[tuple[str, str, tuple[str, ...]], ...]  # _list_key of each parameter with values


def spec_facts(ep: Endpoint) -> SpecFacts:
    return SpecFacts(endpoint_key(ep), ep.id, ep.source.file, ep.source.updated_at,
                     tuple(_list_key(ep, p) for p in ep.params if p.enum))


def _lost_cause(c: Change, old: Endpoint, new: Endpoint, shared: dict[tuple[str, str, tuple[str, ...]], int]) -> Change:
    """A lost list with the cause the spec sets show: a list several endpoints of the product shared
    (its definitions), or the endpoint's page changed."""
    if c.rule != "enum-values-lost" or c.cause:
        return c
    p = old.param(c.param)
    cause = ""
    if p is not None and shared.get(_list_key(old, p), 0) > 1:
        cause = (f"value lists shared by endpoints of `{old.product}` are gone: its common definitions page "
                 f"is missing or no longer defines them")
    elif old.source.file != new.source.file or old.source.url != new.source.url:
        cause = f"its page changed ({old.source.url or old.source.file} -> {new.source.url or new.source.file})"
    else:
        cause = "the page no longer lists the values"
    return Change(c.level, c.endpoint, c.rule, c.param, c.message, c.method_name, cause)


def counts(changes: list[Change]) -> dict[str, int]:
    return {level: sum(1 for c in changes if c.level == level) for level in LEVELS}


def fails(changes: list[Change], fail_on: str | None) -> bool:
    """Whether `--fail-on` (breaking or warning) is triggered."""
    if fail_on is None:
        return False
    worst = LEVELS.index(fail_on)
    return any(LEVELS.index(c.level) <= worst for c in changes)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def groups(changes: list[Change]) -> tuple[list[tuple[str, list[Change]]], list[Change]]:
    """(cause, its changes) for causes shared by GROUP_MIN changes or more, most first; and the rest."""
    by_cause: dict[str, list[Change]] = {}
    for c in changes:
        if c.cause:
            by_cause.setdefault(c.cause, []).append(c)
    grouped = sorted(((cause, items) for cause, items in by_cause.items() if len(items) >= GROUP_MIN),
                     key=lambda g: (-len(g[1]), g[0]))
    taken = {id(c) for _, items in grouped for c in items}
    return grouped, [c for c in changes if id(c) not in taken]


def _row(c: Change, with_cause: bool = True) -> str:
    cause = f" ({_cell(c.cause)})" if with_cause and c.cause else ""
    return f"| `{c.method_name}()` | `{c.endpoint}` | `{c.rule}` | {_cell(c.message)}{cause} |"


def to_markdown(changes: list[Change], title: str = "API changes") -> str:
    """A pull-request comment: counts, then per level the changes of one cause grouped under it (with
    their count), then one table of the others, naming the client methods."""
    n = counts(changes)
    if not changes:
        return f"### {title}\n\nNo changes to the API.\n"
    lines = [f"### {title}: {n['breaking']} breaking, {n['warning']} warning, {n['info']} info", ""]
    head = ["| Client method | Endpoint | Rule | Change |", "|---|---|---|---|"]
    for level in LEVELS:
        items = [c for c in changes if c.level == level]
        if not items:
            continue
        lines += [f"#### {level.capitalize()} ({len(items)})", ""]
        grouped, rest = groups(items)
        for cause, members in grouped:
            lines += [f"**{len(members)} changes, one cause: {_cell(cause)}**", "", *head]
            lines += [_row(c, with_cause=False) for c in members] + [""]
        if rest:
            lines += [*head, *(_row(c) for c in rest), ""]
    return "\n".join(lines)


def to_json(changes: list[Change]) -> str:
    data = {"summary": counts(changes), "changes": [asdict(c) for c in changes]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
