"""Values for the generated per-endpoint tests: one valid call, the exact wire pairs it must produce,
and one invalid variant per rule the spec carries (each naming the rule the client must report).

The expected wire text is computed here, independently of the generated runtime, so the generated
tests check the runtime against a second implementation of the encoding rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .views import ArgView, EndpointView, boolean_words, enum_values


@dataclass
class BadCase:
    """The valid call with `changes` applied (a value of None removes the argument)."""

    label: str
    changes: dict[str, Any]  # Python-named arguments to set (None: leave out)
    rule: str  # the ValidationError.rule expected


@dataclass
class CallCase:
    args: dict[str, Any]  # Python-named arguments of a valid call
    wire: list[tuple[str, str]]  # expected (name, value) pairs, in order, before timestamp/signature
    bad: list[BadCase]


def _number(arg: ArgView, integer: bool) -> Any:
    p = arg.param
    value: Any = p.minimum if p.minimum is not None else 1
    if p.maximum is not None and value > p.maximum:
        value = p.maximum
    if p.allowed:
        value = p.allowed[0]
    if integer:
        return int(value)
    return format(Decimal(str(value)).normalize(), "f")


def _scalar_value(arg: ArgView) -> Any:
    p = arg.param
    values = enum_values(p)
    if values:
        return values[0]
    if arg.kind in ("LONG", "INT"):
        return _number(arg, integer=True)
    if arg.kind == "DECIMAL":
        return _number(arg, integer=False)
    if arg.kind == "BOOLEAN":
        return True
    if arg.kind == "JSON":
        return {"key": "value"}
    if p.allowed:
        return p.allowed[0]
    return "TEST"


def valid_value(arg: ArgView) -> Any:
    value = _scalar_value(arg)
    if arg.param.list is not None or arg.param.type.startswith("LIST<"):
        return [value]
    return value


def _wire_scalar(arg: ArgView, value: Any) -> str:
    if isinstance(value, bool):
        words = boolean_words(arg.param) or ["true", "false"]
        return words[0] if value else words[1]
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def wire_text(arg: ArgView, value: Any) -> str:
    if isinstance(value, list):
        style = arg.param.list.style if arg.param.list is not None else "comma"
        if style == "json":
            return json.dumps(value, separators=(",", ":"))
        return ",".join(_wire_scalar(arg, v) for v in value)
    return _wire_scalar(arg, value)


def _chosen(view: EndpointView) -> set[str]:
    """Wire names of the parameters a valid call sends: all required ones, optional ones that take
    part in no rule, the first of each either/one_of group, and whatever a chosen one requires."""
    in_rules = {n for r in view.endpoint.rules for n in r.params} | {
        r.when.param for r in view.endpoint.rules if r.when is not None}
    chosen = {a.wire for a in view.args if a.required or a.wire not in in_rules}
    for rule in view.endpoint.rules:
        if rule.when is None and rule.kind in ("either", "one_of") and not chosen & set(rule.params):
            chosen.add(rule.params[0])
    for rule in view.endpoint.rules:
        if rule.when is None and rule.kind == "requires" and rule.params[0] in chosen:
            chosen.update(rule.params[1:])
    return chosen & {a.wire for a in view.args}


def _holds(condition: Any, sent: dict[str, Any]) -> bool:
    """Whether a rule's condition holds for a call sending these wire-named values (the oracle's own
    reading of the spec, not the runtime's)."""
    value = sent.get(condition.param)
    if condition.present is not None and (value is not None) != condition.present:
        return False
    if value is None:
        return condition.present is False
    if condition.equals:
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        if text.lower() not in {e.lower() for e in condition.equals}:
            return False
    return True


def _conditional(view: EndpointView, sent: dict[str, Any]) -> dict[str, Any]:
    """The values with every conditional rule that applies obeyed: required ones added, forbidden
    optional ones left out, the first of an either/one_of group added when none is sent (a few passes, as one rule's addition may trigger another)."""
    by_wire = {a.wire: a for a in view.args}
    sent = dict(sent)
    for _ in range(4):
        changed = False
        for rule in view.endpoint.rules:
            if rule.when is None or not _holds(rule.when, sent):
                continue
            for name in rule.params:
                arg = by_wire.get(name)
                if arg is None:
                    continue
                if rule.kind == "required" and name not in sent:
                    sent[name] = valid_value(arg)
                    changed = True
                elif rule.kind == "forbidden" and name in sent and not arg.required:
                    del sent[name]
                    changed = True
            if rule.kind in ("either", "one_of") and not set(rule.params) & set(sent):
                first = next((by_wire[n] for n in rule.params if n in by_wire), None)
                if first is not None:
                    sent[first.wire] = valid_value(first)
                    changed = True
        if not changed:
            break
    return sent


def call_case(view: EndpointView) -> CallCase:
    chosen = _chosen(view)
    sent = {arg.wire: valid_value(arg) for arg in view.args if arg.wire in chosen}
    sent = _conditional(view, sent)
    args: dict[str, Any] = {}
    wire: list[tuple[str, str]] = []
    # sent in the spec's order with the required parameters first (the docs allow any order; this is
    # the official SDKs' order): computed here from the spec, not from the view's declaration order
    by_wire = {arg.wire: arg for arg in view.args}
    page = [p for p in view.endpoint.params if p.name in by_wire]
    for arg in [by_wire[p.name] for p in page if p.required] + [by_wire[p.name] for p in page if not p.required]:
        if arg.wire in sent:
            args[arg.py] = sent[arg.wire]
            wire.append((arg.wire, wire_text(arg, sent[arg.wire])))
    return CallCase(args=args, wire=wire, bad=bad_cases(view, args))


def _bad_values(arg: ArgView) -> list[tuple[str, Any, str]]:
    p = arg.param
    out: list[tuple[str, Any, str]] = []
    is_list = p.list is not None or p.type.startswith("LIST<")
    if is_list:
        out.append(("not a list", "A", "list"))
        return out
    if arg.kind in ("LONG", "INT"):
        out.append(("text for an integer", "abc", "type"))
    elif arg.kind == "DECIMAL":
        out.append(("text for a decimal", "abc", "type"))
    elif arg.kind == "BOOLEAN":
        out.append(("text for a boolean", "yes", "type"))
    elif arg.kind in ("STRING", "ENUM"):
        out.append(("integer for a string", 12345, "type"))
    values = enum_values(p)
    if values and all(isinstance(v, int) for v in values):
        lo = p.minimum if p.minimum is not None else float("-inf")
        hi = p.maximum if p.maximum is not None else float("inf")
        outside = [c for v in values for c in (v + 1, v - 1) if c not in values and lo <= c <= hi]
        if outside:
            out.append(("value outside the enum", outside[0], "enum"))
    elif values and "NOT_A_VALUE" not in values:
        out.append(("value outside the enum", "NOT_A_VALUE", "enum"))
    numeric = arg.kind in ("LONG", "INT", "DECIMAL")
    if numeric and p.maximum is not None:
        over = p.maximum + 1
        out.append(("above the maximum", int(over) if arg.kind != "DECIMAL" else str(over), "maximum"))
    if numeric and p.minimum is not None:
        under = p.minimum - 1
        out.append(("below the minimum", int(under) if arg.kind != "DECIMAL" else str(under), "minimum"))
    numbers = [v for v in p.allowed if isinstance(v, (int, float))]
    if numeric and p.allowed and len(numbers) == len(p.allowed):
        lo = p.minimum if p.minimum is not None else float("-inf")
        hi = p.maximum if p.maximum is not None else float("inf")
        candidates = [v + 1 for v in numbers if v + 1 not in numbers and lo <= v + 1 <= hi]
        if candidates:
            value = int(candidates[0]) if arg.kind != "DECIMAL" else str(candidates[0])
            out.append(("value not allowed", value, "allowed"))
    return out


def _first_broken_rule(view: EndpointView, args: dict[str, Any]) -> str | None:
    """The kind of the first rule (in declaration order, as the client checks them) that a call with
    these Python-named arguments breaks, or None."""
    sent = {a.wire: args[a.py] for a in view.args if args.get(a.py) is not None}
    for rule in view.endpoint.rules:
        if rule.when is not None and not _holds(rule.when, sent):
            continue
        given = [n for n in rule.params if n in sent]
        if rule.kind == "required" and len(given) < len(rule.params):
            return rule.kind
        if rule.kind == "forbidden" and given:
            return rule.kind
        if rule.kind == "either" and not given:
            return rule.kind
        if rule.kind == "one_of" and len(given) != 1:
            return rule.kind
        if rule.kind == "not_together" and len(given) > 1:
            return rule.kind
        if rule.kind == "requires" and rule.params[0] in sent and len(given) < len(rule.params):
            return rule.kind
        if rule.kind == "max_span" and rule.value is not None and len(given) == 2:
            start, end = (sent[n] for n in rule.params)
            if isinstance(start, int) and isinstance(end, int) and not 0 <= end - start <= rule.value:
                return rule.kind
    return None


def bad_cases(view: EndpointView, valid: dict[str, Any]) -> list[BadCase]:
    out: list[BadCase] = []
    by_wire = {a.wire: a for a in view.args}
    for arg in view.args:
        if arg.required:
            # Python itself rejects a missing keyword; None slips past it and must be caught
            out.append(BadCase(f"{arg.py}: None", {arg.py: None}, "required"))
        for label, value, failing in _bad_values(arg):
            out.append(BadCase(f"{arg.py}: {label}", {arg.py: value}, failing))
    for rule in view.endpoint.rules:
        args_ = [by_wire[n] for n in rule.params if n in by_wire]
        if len(args_) != len(rule.params):
            continue
        label = f"{rule.kind} {'/'.join(rule.params)}"
        changes: dict[str, Any] | None = None
        if rule.when is not None:
            changes = _conditional_bad_case(view, rule, valid)
            label += " when " + rule.when.param
        elif rule.kind == "either" and not any(a.required for a in args_):
            changes = {a.py: None for a in args_}
        elif rule.kind in ("not_together", "one_of"):
            changes = {a.py: valid_value(a) for a in args_[:2]}
        elif rule.kind == "requires" and not any(a.required for a in args_[1:]):
            changes = {a.py: None for a in args_[1:]}
            changes[args_[0].py] = valid_value(args_[0])
        elif rule.kind == "max_span" and rule.value is not None and all(a.kind in ("LONG", "INT") for a in args_):
            changes = {args_[0].py: 1_000_000, args_[1].py: 1_000_000 + rule.value + 1}
        if changes is None:
            continue
        # the change may break an earlier rule first (dropping `symbol` for `requires orderId/symbol`
        # also breaks `either symbol/pair`): expect the rule the client checks first
        broken = _first_broken_rule(view, {**valid, **changes})
        if broken is not None:
            out.append(BadCase(label, changes, broken))
    return out


def _conditional_bad_case(view: EndpointView, rule: Any, valid: dict[str, Any]) -> dict[str, Any] | None:
    """Changes to the valid call that meet a conditional rule's condition and then break the rule:
    the condition's parameter set to a value it names (or sent), the required parameters left out or
    the forbidden ones sent."""
    by_wire = {a.wire: a for a in view.args}
    target = by_wire.get(rule.when.param)
    if target is None or rule.when.present is False:
        return None
    if rule.when.equals:
        value: Any = rule.when.equals[0]
        if target.kind == "BOOLEAN":
            value = value.lower() == "true"
        elif target.kind in ("LONG", "INT"):
            try:
                value = int(value)
            except ValueError:
                return None
    else:
        value = valid.get(target.py, valid_value(target))
    changes: dict[str, Any] = {target.py: value}
    if rule.kind in ("required", "either"):
        if any(by_wire[n].required for n in rule.params if n in by_wire):
            return None
        changes.update({by_wire[n].py: None for n in rule.params if n in by_wire})
    elif rule.kind == "forbidden":
        changes.update({by_wire[n].py: valid_value(by_wire[n]) for n in rule.params if n in by_wire})
    else:
        return None
    return changes


# ---------------------------------------------------------------------------- case files

class UnrepresentableCase(ValueError):
    """A test value that JSON cannot carry unchanged (a non-string key, inf, nan, a tuple...)."""


def _json_safe(value: Any, where: str) -> Any:
    """The value itself when JSON round-trips it exactly (tuples become lists: the caller's choice);
    anything else raises UnrepresentableCase naming where it sits."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise UnrepresentableCase(f"{where}: {value!r} has no JSON form")
        return value
    if isinstance(value, list):
        return [_json_safe(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise UnrepresentableCase(f"{where}: key {k!r} is not a string")
            out[k] = _json_safe(v, f"{where}.{k}")
        return out
    raise UnrepresentableCase(f"{where}: a {type(value).__name__} value has no JSON form")


def case_record(view: EndpointView, case: CallCase, host: str | None) -> dict[str, Any]:
    """One endpoint's test case as plain JSON data (what the static tests/test_endpoints.py reads)."""
    ep = view.endpoint
    example = ep.response.examples[0] if ep.response.examples else {}
    record = {
        "name": view.full_name,
        "method": ep.method,
        "path": ep.path,
        "host": host,
        "signed": bool(ep.signed),
        "args": case.args,
        "wire": [[k, v] for k, v in case.wire],
        "example": example,
        "bad": [{"label": b.label, "changes": b.changes, "rule": b.rule} for b in case.bad],
    }
    return _json_safe(record, view.full_name)  # type: ignore[no-any-return]


def cases_file(product: str, records: list[dict[str, Any]]) -> str:
    """A product's case file: stable bytes (sorted keys, UTF-8 as is, LF, final newline)."""
    data = {"product": product, "endpoints": records}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) + "\n"
