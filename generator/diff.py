"""A semantic diff of two spec sets: what changed for users of the generated client, per endpoint.

Each change has a stable rule id (RULES below; never renamed, only added) and a level: `breaking`
(code that worked may now fail), `warning` (it still works but may cost more or behave differently),
`info` (additions and documentation). Endpoints are matched by (method, path, base URL); what is left
on both sides is matched by id (the client method's name), which reports a changed method or path.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from .hosts import endpoint_key
from .model import Endpoint, Param, Weight, rule_text
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
    "rule-added": ("info", "a rule across parameters was added"),
    "rule-removed": ("info", "a rule across parameters was removed"),
    "product-changed": ("info", "the endpoint moved to another product module"),
    "description-changed": ("info", "a title, description or note changed"),
    "param-description-changed": ("info", "a parameter's description changed"),
    "response-changed": ("info", "the response schema changed"),
}

@dataclass(frozen=True, order=True)
class Change:
    level: str
    endpoint: str  # "GET /api/v3/order"
    rule: str
    param: str
    message: str
    method_name: str  # the client method (the spec id on the new side, else the old side)

    def sort_key(self) -> tuple[Any, ...]:
        method, _, path = self.endpoint.partition(" ")
        return (LEVELS.index(self.level), path, method, self.rule, self.param, self.message)


def _change(rule: str, ep: Endpoint, message: str, param: str = "") -> Change:
    return Change(RULES[rule][0], f"{ep.method} {ep.path}", rule, param, message, ep.id)


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
        if attr == "enum" and a and not b and new.type != "ENUM":
            continue  # no longer an enum: any value goes (the type change is reported on its own)
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
    old_rules = [asdict(r) for r in old.rules]
    new_rules = [asdict(r) for r in new.rules]
    for r, data in zip(new.rules, new_rules):
        if data not in old_rules:
            out.append(_change("rule-added", new, rule_text(r)))
    for r, data in zip(old.rules, old_rules):
        if data not in new_rules:
            out.append(_change("rule-removed", new, rule_text(r)))
    for attr in ("title", "description", "notes"):
        if getattr(old, attr) != getattr(new, attr):
            out.append(_change("description-changed", new, f"{attr} changed"))
    if old.response.schema != new.response.schema:
        out.append(_change("response-changed", new, "the response schema changed"))
    return out


def compare(old: list[Endpoint], new: list[Endpoint]) -> list[Change]:
    """All changes between two spec sets, sorted by level, then path, method, rule, parameter."""
    old_by_key = {endpoint_key(e): e for e in old}
    new_by_key = {endpoint_key(e): e for e in new}
    changes: list[Change] = []
    for key in old_by_key.keys() & new_by_key.keys():
        changes += compare_endpoint(old_by_key[key], new_by_key[key])
    gone = {e.id: e for k, e in old_by_key.items() if k not in new_by_key}
    came = {e.id: e for k, e in new_by_key.items() if k not in old_by_key}
    for ident in sorted(gone.keys() & came.keys()):
        changes += compare_endpoint(gone.pop(ident), came.pop(ident))
    for ep in gone.values():
        changes.append(_change("endpoint-removed", ep, f"client method `{ep.id}` is gone"))
    for ep in came.values():
        changes.append(_change("endpoint-added", ep, f"new client method `{ep.id}`"))
    return sorted(set(changes), key=Change.sort_key)


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


def to_markdown(changes: list[Change], title: str = "API changes") -> str:
    """A pull-request comment: counts, then one table per level naming the client methods."""
    n = counts(changes)
    if not changes:
        return f"### {title}\n\nNo changes to the API.\n"
    lines = [f"### {title}: {n['breaking']} breaking, {n['warning']} warning, {n['info']} info", ""]
    for level in LEVELS:
        items = [c for c in changes if c.level == level]
        if not items:
            continue
        lines += [f"#### {level.capitalize()} ({len(items)})", "",
                  "| Client method | Endpoint | Rule | Change |", "|---|---|---|---|"]
        for c in items:
            lines.append(f"| `{c.method_name}()` | `{c.endpoint}` | `{c.rule}` | {_cell(c.message)} |")
        lines.append("")
    return "\n".join(lines)


def to_json(changes: list[Change]) -> str:
    data = {"summary": counts(changes), "changes": [asdict(c) for c in changes]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
