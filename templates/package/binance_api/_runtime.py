"""The declarations the generated modules are made of, and the one interpreter that checks and encodes
a call's arguments from them. Shared by Client and AsyncClient; no I/O here."""

from __future__ import annotations

import json
import math
import os
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Generic, Mapping, Sequence, TypeVar

from ._errors import ValidationError

R = TypeVar("R")

# Parameter kinds (the spec's normalised types).
STRING = "STRING"
LONG = "LONG"
INT = "INT"
DECIMAL = "DECIMAL"
BOOLEAN = "BOOLEAN"
ENUM = "ENUM"
JSON = "JSON"

_INT_KINDS = (LONG, INT)


class Param:
    """One request parameter: its wire name, Python name, kind and the constraints the docs state."""

    __slots__ = (
        "wire",
        "name",
        "kind",
        "required",
        "enum",
        "minimum",
        "maximum",
        "allowed",
        "list_style",
        "max_items",
    )

    def __init__(
        self,
        wire: str,
        name: str,
        kind: str = STRING,
        *,
        required: bool = False,
        enum: tuple[str, ...] = (),
        minimum: float | None = None,
        maximum: float | None = None,
        allowed: tuple[Any, ...] = (),
        list_style: str | None = None,
        max_items: int | None = None,
    ) -> None:
        self.wire = wire
        self.name = name
        self.kind = kind
        self.required = required
        self.enum = enum
        self.minimum = minimum
        self.maximum = maximum
        self.allowed = allowed
        self.list_style = list_style
        self.max_items = max_items


class When:
    """A condition of a conditional weight (see the spec's `when`)."""

    __slots__ = ("param", "present", "minimum", "maximum", "count", "equals")

    def __init__(
        self,
        param: str,
        *,
        present: bool | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        count: bool = False,
        equals: tuple[str, ...] = (),
    ) -> None:
        self.param = param
        self.present = present
        self.minimum = minimum
        self.maximum = maximum
        self.count = count
        self.equals = equals

    def holds(self, args: Mapping[str, Any]) -> bool:
        value = args.get(self.param)
        if self.present is not None and (value is not None) != self.present:
            return False
        if self.minimum is None and self.maximum is None and not self.equals:
            return True
        if value is None:
            return False
        if self.count:
            value = len(value) if not isinstance(value, str) else len(value.split(","))
        if self.equals:
            if isinstance(value, bool):
                text = "true" if value else "false"
            else:  # a str-based Enum member compares by its value, as it is sent
                text = str.__str__(value) if isinstance(value, str) else str(value)
            if text not in self.equals and text.lower() not in [
                e.lower() for e in self.equals
            ]:
                return False
            if self.minimum is None and self.maximum is None:
                return True
        try:
            number = float(value)
        except (TypeError, ValueError):
            return not (self.minimum is not None or self.maximum is not None)
        if self.minimum is not None and number < self.minimum:
            return False
        if self.maximum is not None and number > self.maximum:
            return False
        return True


class Weight:
    """One rate limit a call counts against; `cases` are (value, conditions), first match wins.
    With `limit`, the endpoint's own cap: at most `limit` calls per `interval` (e.g. 1000 per "5m").
    """

    __slots__ = ("unit", "value", "cases", "interval", "limit")

    def __init__(
        self,
        unit: str,
        value: int | None,
        cases: tuple[tuple[int, tuple[When, ...]], ...] = (),
        interval: str | None = None,
        limit: int | None = None,
    ) -> None:
        self.unit = unit
        self.value = value
        self.cases = cases
        self.interval = interval
        self.limit = limit

    def of(self, args: Mapping[str, Any]) -> int | None:
        """The weight of a call with these (wire-named) arguments."""
        for value, conditions in self.cases:
            if all(c.holds(args) for c in conditions):
                return value
        return self.value


class Rule:
    """A rule across parameters (wire names): either, one_of, not_together, requires, max_span,
    required, forbidden; with `when`, it holds only for calls that meet that condition.
    """

    __slots__ = ("kind", "params", "value", "when")

    def __init__(
        self,
        kind: str,
        params: tuple[str, ...],
        value: int | None = None,
        when: When | None = None,
    ) -> None:
        self.kind = kind
        self.params = params
        self.value = value
        self.when = when


MAX_RECV_WINDOW = 60000
"""Binance rejects a recvWindow above 60000 ms; checked for every endpoint, stated or not."""


class Operation(Generic[R]):
    """Everything the client needs to know to make one call. R is the decoded response type.

    Declared once per endpoint at import; the lookup tables a call needs are built on first use.
    """

    __slots__ = (
        "name",
        "method",
        "path",
        "signed",
        "security",
        "params",
        "rules",
        "weights",
        "host",
        "_by_name",
        "_plan",
    )

    def __init__(
        self,
        name: str,
        method: str,
        path: str,
        *,
        signed: bool = False,
        security: str | None = None,
        params: tuple[Param, ...] = (),
        rules: tuple[Rule, ...] = (),
        weights: tuple[Weight, ...] = (),
        host: str | None = None,
    ) -> None:
        self.name = name
        self.method = method
        self.path = path
        self.signed = signed
        self.security = security
        self.params = params
        self.rules = rules
        self.weights = weights
        # the base-URL key ("fapi", "dapi"...) when the path's first segment does not name one, as
        # for /futures/data/... which USD-M serves from fapi and COIN-M from dapi
        self.host = host
        self._by_name: dict[str, Param] | None = None
        self._plan: Plan | None = None

    @property
    def by_name(self) -> dict[str, Param]:
        """Python argument name -> Param. Built once; refuses a declaration that sends a name twice."""
        if self._by_name is None:
            wires = [p.wire for p in self.params]
            twice = sorted(
                {w for w in wires if wires.count(w) > 1}
                | ({"timestamp", "signature"} & set(wires))
            )
            if twice:
                raise ValidationError(
                    self.name,
                    None,
                    "declaration",
                    f"parameters declared twice or reserved: {twice}",
                )
            self._by_name = {p.name: p for p in self.params}
        return self._by_name

    def weight_of(self, wire_args: Mapping[str, Any]) -> dict[str, int]:
        """Weight per unit (IP, UID, ORDER...) of a call with these wire-named arguments.

        A unit counted over several windows (ORDER per 10s and per 1m) is one count per window, not
        their sum: "ORDER" holds the largest, and "ORDER/10s", "ORDER/1m" each window's own.
        """
        plan = self._plan
        # the same for every call: worked out once
        if plan is not None and plan.weight is not None:
            return dict(plan.weight)
        return self._weight_of(wire_args)

    def _weight_of(self, wire_args: Mapping[str, Any]) -> dict[str, int]:
        out: dict[str, int] = {}
        for w in self.weights:
            if w.limit is not None:
                continue  # a cap on this endpoint's calls, not a weight: see caps()
            value = w.of(wire_args)
            if value is None:
                continue
            if w.interval:
                out[f"{w.unit}/{w.interval}"] = value
                out[w.unit] = max(out.get(w.unit, 0), value)
            else:
                out[w.unit] = out.get(w.unit, 0) + value
        return out

    def caps(self) -> tuple[tuple[str, int, str], ...]:
        """The endpoint's own caps on calls: (key, limit, interval), e.g. ("GET /futures/data/basis", 1000, "5m")."""
        if self._plan is not None:
            return self._plan.caps
        return tuple(
            (f"{self.method} {self.path}", w.limit, w.interval or "1m")
            for w in self.weights
            if w.limit is not None
        )

    def __repr__(self) -> str:
        return f"<Operation {self.name}: {self.method} {self.path}>"


# ---------------------------------------------------------------------------- declarations as data

_OPS_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_ops")


def _when_from_data(data: Mapping[str, Any]) -> When:
    return When(
        data["param"],
        present=data.get("present"),
        minimum=data.get("minimum"),
        maximum=data.get("maximum"),
        count=data.get("count", False),
        equals=tuple(data.get("equals", ())),
    )


def operation_from_data(data: Mapping[str, Any]) -> Operation[Any]:
    """An Operation from its entry in _ops/<product>.json (see that file for the shape)."""
    params = []
    for item in data.get("params", ()):
        wire, name, kind = item[:3]
        extra = item[3] if len(item) > 3 else {}
        params.append(
            Param(
                wire,
                name,
                kind,
                required=extra.get("required", False),
                enum=tuple(extra.get("enum", ())),
                minimum=extra.get("minimum"),
                maximum=extra.get("maximum"),
                allowed=tuple(extra.get("allowed", ())),
                list_style=extra.get("list"),
                max_items=extra.get("max_items"),
            )
        )
    rules = tuple(
        Rule(
            r["kind"],
            tuple(r["params"]),
            r.get("value"),
            when=_when_from_data(r["when"]) if "when" in r else None,
        )
        for r in data.get("rules", ())
    )
    weights = tuple(
        Weight(
            w["unit"],
            w.get("value"),
            cases=tuple(
                (value, tuple(_when_from_data(c) for c in conditions))
                for value, conditions in w.get("cases", ())
            ),
            interval=w.get("interval"),
            limit=w.get("limit"),
        )
        for w in data.get("weights", ())
    )
    return Operation(
        data["name"],
        data["method"],
        data["path"],
        signed=data.get("signed", False),
        security=data.get("security"),
        params=tuple(params),
        rules=rules,
        weights=weights,
        host=data.get("host"),
    )


class Operations(dict[str, Operation[Any]]):
    """The operations of one product's methods, by method name: read from _ops/<product>.json the
    first time one is needed, each built once (a dict of the operations built so far, so finding
    one already built is a plain dict lookup)."""

    __slots__ = ("product", "_data")

    def __init__(self, product: str) -> None:
        super().__init__()
        self.product = product
        self._data: dict[str, Any] | None = None

    def __missing__(self, name: str) -> Operation[Any]:
        op = self[name] = operation_from_data(self._load()[name])
        return op

    def names(self) -> list[str]:
        """Every method name of the product."""
        return list(self._load())

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            with open(
                os.path.join(_OPS_FOLDER, f"{self.product}.json"), encoding="utf-8"
            ) as fh:
                self._data = json.load(fh)
        return self._data

    def __repr__(self) -> str:
        return f"<Operations of {self.product}: {len(self)} built>"


# ---------------------------------------------------------------------------- checking and encoding


def _fail(
    op: Operation[Any], param: Param | None, rule: str, message: str
) -> ValidationError:
    return ValidationError(
        op.name,
        param.name if param else None,
        rule,
        message,
        param.wire if param else None,
    )


def _named(op: Operation[Any], wires: Sequence[str]) -> str:
    """Wire names as the caller writes them: `order_id (orderId)`, or `symbol` where both agree."""
    py = {p.wire: p.name for p in op.params}
    return ", ".join(w if py.get(w, w) == w else f"{py[w]} ({w})" for w in wires)


FLOAT_DIGITS = 15
"""A float is sent as the shortest decimal that reads back as it (0.1 is sent as 0.1) when that
decimal has at most this many significant digits: every such decimal survives a round trip through
a float, so it is the number that was written. A float that needs more (0.1 + 0.2 is
0.30000000000000004) carries binary noise or digits the float may have changed, and is refused:
pass Decimal or str to send exactly the digits you mean."""


def _decimal_of(op: Operation[Any], p: Param, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise _fail(op, p, "type", f"expected a decimal number, got {value!r}")
    if isinstance(value, float):
        text = repr(value)
        digits = len(text.split("e")[0].replace("-", "").replace(".", "").lstrip("0"))
        if digits > FLOAT_DIGITS or not math.isfinite(value):
            raise _fail(
                op,
                p,
                "type",
                f"the float {text} is not a decimal a float can carry exactly (at most "
                f"{FLOAT_DIGITS} significant digits): pass Decimal or str with the digits you mean",
            )
        value = text
    if isinstance(value, (str, int)):
        try:
            value = Decimal(str.__str__(value) if isinstance(value, str) else value)
        except InvalidOperation:
            raise _fail(
                op, p, "type", f"expected a decimal number, got {value!r}"
            ) from None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise _fail(op, p, "type", f"expected a decimal number, got {value!r}")
    return value


def _check_range(op: Operation[Any], p: Param, number: Any) -> None:
    lo: Any = p.minimum
    hi: Any = p.maximum
    # compare decimals with decimals: Decimal("0.1") < 0.1 is True
    if isinstance(number, Decimal):
        lo = _as_decimal(lo) if lo is not None else None
        hi = _as_decimal(hi) if hi is not None else None
    if lo is not None and number < lo:
        raise _fail(op, p, "minimum", f"must be at least {p.minimum}, got {number}")
    if hi is not None and number > hi:
        raise _fail(op, p, "maximum", f"must be at most {p.maximum}, got {number}")


def _is_allowed(kind: str, text: str, allowed: tuple[Any, ...]) -> bool:
    """Compare by what is sent, so 5, "5" and Decimal("5.0") match an allowed 5 where they mean it."""
    if kind == DECIMAL:
        wanted = Decimal(text)
        return any(_as_decimal(a) == wanted for a in allowed)
    if kind == BOOLEAN:
        return text.lower() in {
            ("true" if a else "false") if isinstance(a, bool) else str(a).lower()
            for a in allowed
        }
    return text in {str(a) for a in allowed}


def _as_decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(repr(value) if isinstance(value, float) else str(value))
    except InvalidOperation:
        return None


def _scalar_text(op: Operation[Any], p: Param, kind: str, value: Any) -> str:
    if kind in _INT_KINDS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(op, p, "type", f"expected an integer, got {value!r}")
        _check_range(op, p, value)
        text = int.__repr__(value)  # an IntEnum or int subclass still sends its number
    elif kind == DECIMAL:
        number = _decimal_of(op, p, value)
        _check_range(op, p, number)
        text = format(number, "f")  # never an exponent: 1E-7 -> 0.0000001
    elif kind == BOOLEAN:
        if isinstance(value, str) and value.lower() in ("true", "false"):
            # the word itself, in any case: sent as the docs spell it
            value = value.lower() == "true"
        if not isinstance(value, bool):
            raise _fail(op, p, "type", f"expected True or False, got {value!r}")
        text = "true" if value else "false"
        # the docs spell them their way (`TRUE`/`FALSE`): send the words they name
        if p.enum:
            text = p.enum[0] if value else p.enum[1]
    elif kind == JSON:
        if isinstance(value, str):
            text = str.__str__(value)
        else:
            try:
                text = json.dumps(value, separators=(",", ":"), default=_json_default)
            except (TypeError, ValueError) as exc:
                raise _fail(op, p, "type", f"cannot be sent as JSON: {exc}") from None
    else:
        if not isinstance(value, str):
            raise _fail(op, p, "type", f"expected a string, got {value!r}")
        # a str-based Enum member sends its value, not "Side.BUY"
        text = str.__str__(value)
    if p.enum and text not in p.enum:
        raise _fail(op, p, "enum", f"must be one of {', '.join(p.enum)}; got {text!r}")
    if p.allowed and not _is_allowed(kind, text, p.allowed):
        allowed = ", ".join(map(str, p.allowed))
        raise _fail(op, p, "allowed", f"must be one of {allowed}; got {value!r}")
    return text


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _encode(op: Operation[Any], p: Param, value: Any) -> str:
    if p.list_style is None:
        return _scalar_text(op, p, p.kind, value)
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise _fail(op, p, "list", f"expected a list of values, got {value!r}")
    if not value:
        raise _fail(op, p, "list", "expected at least one value, got an empty list")
    if p.max_items is not None and len(value) > p.max_items:
        raise _fail(
            op, p, "max_items", f"takes at most {p.max_items} values, got {len(value)}"
        )
    items = [_scalar_text(op, p, p.kind, v) for v in value]
    if p.list_style == "json":
        decoded = [
            json.loads(t) if p.kind in (LONG, INT, BOOLEAN, JSON) else t for t in items
        ]
        return json.dumps(decoded, separators=(",", ":"))
    for item in items:
        if "," in item:
            raise _fail(
                op,
                p,
                "list",
                f"a value may not contain ',' (it separates values): {item!r}",
            )
    return ",".join(items)


# ---------------------------------------------------------------------------- one operation's plan


class Plan:
    """What a call of one operation does with its arguments, worked out at its first call: per
    parameter (in declaration order) the Python name, the wire name and the function that checks and
    encodes a value; whether recvWindow is declared; the rules; the weight when it is the same for
    every call; the endpoint's caps. Building it checks the declaration (no wire name twice, none
    reserved for signing)."""

    __slots__ = ("steps", "has_window", "rules", "weight", "caps")

    def __init__(self, op: Operation[Any]) -> None:
        op.by_name  # raises for a bad declaration
        # a plain string parameter sends a str as it is: no call to its encoder for the usual value
        self.steps = tuple(
            (p.name, p.wire, _encoder(op, p), _sends_str_as_is(p), p) for p in op.params
        )
        self.has_window = any(p.wire == "recvWindow" for p in op.params)
        self.rules = op.rules
        self.weight = (
            op._weight_of({}) if not any(w.cases for w in op.weights) else None
        )
        self.caps = tuple(
            (f"{op.method} {op.path}", w.limit, w.interval or "1m")
            for w in op.weights
            if w.limit is not None
        )


def _sends_str_as_is(p: Param) -> bool:
    """Whether a str value of `p` is sent exactly as it is, with nothing to check (_scalar_text)."""
    return (
        p.kind not in (LONG, INT, DECIMAL, BOOLEAN, JSON)
        and p.list_style is None
        and not p.enum
        and not p.allowed
    )


def _encoder(op: Operation[Any], p: Param) -> Callable[[Any], str]:
    """The function that checks and encodes one value of `p`. The value a caller usually passes for
    the kind (str for a string or enum, int for an integer, bool, str, int or Decimal for a decimal)
    is checked and encoded here with what could be worked out in advance, into the text _encode
    would send; any other value, and any value these checks do not pass, takes the general path
    (_encode), which converts it or raises the error."""

    def general(value: Any) -> str:
        return _encode(op, p, value)

    kind, lo, hi = p.kind, p.minimum, p.maximum
    if p.list_style is not None or p.allowed or kind == JSON:
        return general
    if kind == BOOLEAN:
        if 0 < len(p.enum) < 2:
            return general
        true, false = (p.enum[0], p.enum[1]) if p.enum else ("true", "false")

        def boolean(value: Any) -> str:
            return (
                true if value is True else false if value is False else general(value)
            )

        return boolean
    if p.enum:
        if kind in _INT_KINDS or kind == DECIMAL:
            return general
        words = frozenset(p.enum)

        def word(value: Any) -> str:
            return value if type(value) is str and value in words else general(value)

        return word
    if kind in _INT_KINDS:

        def integer(value: Any) -> str:
            if (
                type(value) is int
                and (lo is None or value >= lo)
                and (hi is None or value <= hi)
            ):
                return int.__repr__(value)
            return general(value)

        return integer
    if kind == DECIMAL:
        lo_d = _as_decimal(lo) if lo is not None else None
        hi_d = _as_decimal(hi) if hi is not None else None

        def decimal(value: Any) -> str:
            kind_of = type(value)
            if kind_of is str or kind_of is int:
                try:
                    number = Decimal(value)
                except InvalidOperation:
                    return general(value)
            elif kind_of is Decimal:
                number = value
            else:
                return general(value)
            if (
                number.is_finite()
                and (lo_d is None or number >= lo_d)
                and (hi_d is None or number <= hi_d)
            ):
                return format(number, "f")
            return general(value)

        return decimal

    def string(value: Any) -> str:
        return value if type(value) is str else general(value)

    return string


def check_and_encode(
    op: Operation[Any], args: Mapping[str, Any]
) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """Check the Python-named arguments against the operation's declarations and return
    (wire pairs to send in declaration order, wire name -> the caller's value). Arguments that are
    None are not sent. Raises ValidationError before anything is sent."""
    plan = op._plan
    if plan is None:
        # checks the declaration once: no wire name twice, none reserved for signing
        plan = op._plan = Plan(op)
    unknown = args.get("unknown")
    if unknown:
        _refuse_unknown(op, unknown)
    pairs: list[tuple[str, str]] = []
    present: dict[str, Any] = {}
    get = args.get
    for name, wire, encode, as_is, p in plan.steps:
        value = get(name)
        if value is None:
            if p.required:
                raise _fail(op, p, "required", "is required")
            continue
        pairs.append((wire, value if as_is and type(value) is str else encode(value)))
        present[wire] = value
    if plan.has_window:
        window = present.get("recvWindow")
        if window is not None and not (
            type(window) is int and 0 < window <= MAX_RECV_WINDOW
        ):
            _check_window(op, window)
    if plan.rules:
        _check_rules(op, plan.rules, present)
    return pairs, present


def _check_window(op: Operation[Any], window: Any) -> None:
    """recvWindow within 1..60000 ms: an int for most products, a decimal (microseconds) for spot."""
    window = _as_decimal(window)
    if window is not None and not 0 < window <= MAX_RECV_WINDOW:
        p = next(p for p in op.params if p.wire == "recvWindow")
        raise _fail(
            op,
            p,
            "maximum" if window > 0 else "minimum",
            f"must be 1..{MAX_RECV_WINDOW} ms, got {window}",
        )


def _condition(op: Operation[Any], rule: Rule) -> str:
    """A rule's condition in words (" when type_ (type) is LIMIT"), or ""."""
    c = rule.when
    if c is None:
        return ""
    if c.equals:
        return f" when {_named(op, [c.param])} is {' or '.join(c.equals)}"
    return (
        f" when {_named(op, [c.param])} is {'not ' if c.present is False else ''}sent"
    )


def _refuse_unknown(op: Operation[Any], unknown: Mapping[str, Any]) -> None:
    """Keywords a method does not take: say which Python name a wire name is (`type` -> `type_`,
    `newClientOrderId` -> `new_client_order_id`), or the nearest one for a typo."""
    import difflib

    name = next(iter(unknown))
    by_wire = {p.wire: p for p in op.params}
    param = by_wire.get(name) or by_wire.get(
        next((w for w in by_wire if w.lower() == name.lower()), "")
    )
    if param is not None:
        hint = f"`{name}` is the name Binance uses; pass it as {param.name}="
    else:
        close = difflib.get_close_matches(name, [p.name for p in op.params], n=1)
        hint = f"unknown argument `{name}`" + (
            f"; did you mean {close[0]}=?" if close else ""
        )
    raise ValidationError(op.name, name, "unknown", hint)


def prepare(op: Operation[Any], args: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The wire pairs of a call (see check_and_encode), without the signing parameters."""
    return check_and_encode(op, args)[0]


def _check_rules(
    op: Operation[Any], rules: tuple[Rule, ...], present: Mapping[str, Any]
) -> None:
    """Raise for the first rule (in declaration order) the call breaks. Whether the sent parameters
    break a rule is asked first and its condition (`when`) only then: most calls break none.
    """
    for rule in rules:
        kind, params = rule.kind, rule.params
        if kind == "requires" and params[0] not in present:
            continue
        given = [name for name in params if name in present]
        if kind == "required":
            broken = len(given) < len(params)
        elif kind == "forbidden":
            broken = bool(given)
        elif kind == "either":
            broken = not given
        elif kind == "one_of":
            broken = len(given) != 1
        elif kind == "not_together":
            broken = len(given) > 1
        elif kind == "requires":
            broken = len(given) < len(params)
        elif kind == "max_span":
            broken = rule.value is not None and len(given) == 2
        else:
            broken = False
        if not broken or (rule.when is not None and not rule.when.holds(present)):
            continue
        if kind == "required":
            absent = _named(op, [n for n in params if n not in present])
            raise _fail(
                op, None, "required", f"{absent} must be sent{_condition(op, rule)}"
            )
        if kind == "forbidden":
            raise _fail(
                op,
                None,
                "forbidden",
                f"{_named(op, given)} cannot be sent{_condition(op, rule)}",
            )
        if kind == "either":
            raise _fail(
                op,
                None,
                "either",
                f"send at least one of: {_named(op, params)}{_condition(op, rule)}",
            )
        if kind == "one_of":
            raise _fail(
                op,
                None,
                "one_of",
                f"send exactly one of: {_named(op, params)}{_condition(op, rule)}",
            )
        if kind == "not_together":
            raise _fail(
                op,
                None,
                "not_together",
                f"these cannot be sent together: {_named(op, given)}{_condition(op, rule)}",
            )
        if kind == "requires":
            missing = [n for n in params[1:] if n not in present]
            raise _fail(
                op,
                None,
                "requires",
                f"{_named(op, params[:1])} also needs: {_named(op, missing)}{_condition(op, rule)}",
            )
        start, end = (present[n] for n in params)
        if isinstance(start, int) and isinstance(end, int):
            if end < start:
                raise _fail(op, None, "max_span", f"{params[1]} is before {params[0]}")
            if end - start > rule.value:  # type: ignore[operator]
                raise _fail(
                    op,
                    None,
                    "max_span",
                    f"{params[1]} - {params[0]} may be at most {rule.value} ms, got {end - start}",
                )
