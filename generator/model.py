"""The Endpoint model: plain typed data shared by every stage.

parse builds it from page text, spec_yaml writes it to YAML and reads it back, render turns it into
code. Each class maps to a mapping in the YAML spec with the same keys, in field order; fields left at
their empty default are omitted from the YAML so that specs stay short and diffs stay local.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

# The closed sets (parameter types, levels, weight units, rule kinds ...) live in vocabulary.py.
from .vocabulary import LEVELS, RULE_KINDS, SCALAR_TYPES, WEIGHT_UNITS  # noqa: F401 - re-exported

# Fields marked TRANSIENT are kept in memory for diagnostics but never written to specs: a line
# number moves whenever text above it changes, and specs must only change where the docs did.
TRANSIENT = {"spec": False}


@dataclass
class Text:
    """A piece of documentation in the page's languages (English and/or Chinese)."""

    en: str | None = None
    zh: str | None = None

    def best(self) -> str:
        return self.en or self.zh or ""

    def __bool__(self) -> bool:
        return bool(self.en or self.zh)


@dataclass
class Condition:
    """When a weight case applies. `param` is the argument it looks at.

    present: the argument is given (True) or omitted (False).
    minimum / maximum: inclusive bounds on the argument's value (or on the number of items when
    `count` is true, for list arguments such as `symbols`).
    equals: the argument has one of these values.
    """

    param: str
    present: bool | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    count: bool = False
    equals: list[str] = field(default_factory=list)


@dataclass
class WeightCase:
    value: int
    when: list[Condition] = field(default_factory=list)


@dataclass
class Weight:
    """One rate limit an endpoint counts against.

    value: the weight of a call when no case applies (or the only weight); None when the page gives
    only conditional values and no default.
    cases: conditional weights, tried in order; the first whose conditions all hold wins.
    interval: for ORDER counts, the window the count is kept over (e.g. "10s", "1d").
    limit: for an endpoint's own cap on calls (`IP rate limit 1000 requests/5min`: unit RAW_REQUESTS,
    value 1, interval "5m"), the most calls in that interval; raw says which calls share it.
    """

    unit: str
    value: int | None = None
    cases: list[WeightCase] = field(default_factory=list)
    interval: str | None = None
    limit: int | None = None
    raw: Text = field(default_factory=Text)
    # False when the page names no unit and IP is assumed (the other language may name it)
    unit_stated: bool = field(default=True, compare=False, metadata=TRANSIENT)


@dataclass
class ListFormat:
    """How a list argument is sent: joined by a separator, or as a JSON array."""

    style: str = "comma"  # "comma" | "json"
    item_type: str = "STRING"
    max_items: int | None = None


@dataclass
class Param:
    name: str
    type: str
    required: bool = False
    mandatory: str | None = None  # the page's own word when it is not a plain YES/NO: EITHER, CONDITIONAL, ...
    enum: list[str] = field(default_factory=list)
    default: Union[str, int, float, bool, None] = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    allowed: list[int | float | str] = field(default_factory=list)  # valid values that are not an enum (e.g. limits)
    list: ListFormat | None = None
    type_raw: str | None = None  # the type as written on the page, when it differs
    # the endpoint this parameter was taken from ("POST /api/v3/order") when the page says it accepts
    # all of that endpoint's parameters
    origin: str | None = None
    description: Text = field(default_factory=Text)
    line: int | None = field(default=None, compare=False, metadata=TRANSIENT)


@dataclass
class Rule:
    """A constraint across parameters.

    kind: "either" (at least one of params), "one_of" (exactly one), "not_together" (at most one),
    "requires" (params[0] needs params[1:]), "max_span" (params[1] - params[0] <= value milliseconds),
    "required" (every one of params must be sent), "forbidden" (none of params may be sent).
    when: the rule holds only when this condition on another parameter does (`type` is `LIMIT`, or
    `closePosition` is sent): "mandatory when timeInForce is GTD" is
    Rule("required", ["goodTillDate"], when=Condition("timeInForce", equals=["GTD"])).
    """

    kind: str
    params: list[str]
    value: int | None = None
    when: Condition | None = None
    text: Text = field(default_factory=Text)


@dataclass
class Response:
    """What a call returns: the page's examples (as recovered) and a schema derived from them."""

    examples: list[Any] = field(default_factory=list)
    schema: dict[str, Any] | None = None


@dataclass
class Conflict:
    """Where the page's English and Chinese halves disagree; both values are kept."""

    field: str
    en: Any = None
    zh: Any = None


@dataclass
class Override:
    """A value of the spec that comes from an override file (specs/overrides/), not from the page.

    field: what it set (`weight`, `params.symbol.required`, `params.side.enum`, `params.newParam`);
    page: what the page says there (None: nothing); why: the override's reason, as written.
    """

    field: str
    file: str
    why: str
    page: Any = None


@dataclass
class Source:
    file: str
    url: str | None = None
    updated_at: str | None = None
    line: int | None = field(default=None, compare=False, metadata=TRANSIENT)
    # read from a half of a page that documents another call than the page's own (a copy of lower rank)
    other_half: bool = field(default=False, compare=False, metadata=TRANSIENT)


@dataclass
class Endpoint:
    id: str
    method: str
    path: str
    title: Text
    product: str
    security: str | None = None
    signed: bool = False
    weight: list[Weight] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    description: Text = field(default_factory=Text)
    notes: list[Text] = field(default_factory=list)
    response: Response = field(default_factory=Response)
    conflicts: list[Conflict] = field(default_factory=list)
    source: Source = field(default_factory=lambda: Source(file=""))
    overrides: list[Override] = field(default_factory=list)  # values set by specs/overrides/, not the page

    def param(self, name: str) -> Param | None:
        for p in self.params:
            if p.name == name:
                return p
        return None


@dataclass
class Diagnostic:
    file: str
    line: int
    level: str  # "error" | "warning" | "info"
    code: str  # stable, e.g. "weight-missing"
    message: str

    def format(self) -> str:
        return f"{self.file}:{self.line}: {self.level}: {self.message} [{self.code}]"


def condition_text(c: Condition) -> str:
    """`type is LIMIT`, `closePosition is sent`, `limit >= 100`: a condition in words."""
    if c.equals:
        return f"{c.param} is {' or '.join(c.equals)}"
    if c.present is not None:
        return f"{c.param} is {'sent' if c.present else 'not sent'}"
    bounds = [f"{c.param} >= {c.minimum}"] if c.minimum is not None else []
    bounds += [f"{c.param} <= {c.maximum}"] if c.maximum is not None else []
    return " and ".join(bounds) or f"{c.param} is sent"


def rule_text(r: Rule) -> str:
    """A rule in words, its condition included: `required (price, quantity) when type is LIMIT`."""
    text = f"{r.kind} ({', '.join(r.params)})" + (f" {r.value}" if r.value is not None else "")
    return text + (f" when {condition_text(r.when)}" if r.when is not None else "")
