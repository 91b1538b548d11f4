"""Weight sections -> model.Weight: constants, several limits at once, and conditional weights.

Conditional weights become WeightCase/Condition lists so a client can compute the weight of an actual
call; Weight.value is the weight of the plain call (no optional argument given, list arguments at
their default), or None when the page does not let us tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Condition, Text, Weight, WeightCase
from .page import Block

_UNIT = re.compile(r"[(（]\s*(IP|UID|ORDERS?|Order|RAW_REQUESTS)\s*[)）]", re.I)
_UNIT_WORD = re.compile(r"\b(UID|IP)\b")
_NUMBER = re.compile(r"(?<![\w.])(\d+)(?![\w.])")
_ORDER_LIMIT = re.compile(
    r"(?:(\d+)\s*on\s*)?(\d+)\s*(s|sec|seconds?|m|min|minutes?|h|hours?|d|days?)\s*order rate limit"
    r"(?:\s*\([^)]*\))?(?:\s*为\s*(\d+))?",
    re.I,
)
_IP_LIMIT = re.compile(r"(?:(\d+)\s*on\s*)?IP rate limit(?:\s*\([^)]*\))?(?:\s*为\s*(\d+))?", re.I)
_ABSENT = re.compile(
    r"omitted|without|no\s+`?\w+`?|not\s+(?:sent|provided|specified)|不带|不传|无交易对|缺失|没有|未提供|none|all symbols|全部",
    re.I,
)
_PRESENT = re.compile(r"single|with\b|specified|带|传|指定|单交易对|有\s*`?\w", re.I)
_INTERVAL = re.compile(r"^\s*([\[(])\s*(\d+)\s*,\s*(\d+)?\s*([\])])\s*$")
_RANGE = re.compile(r"^\s*(\d+)\s*[-–~—至]\s*(\d+)\s*$")
_GREATER = re.compile(r"^\s*(?:>|＞|greater than|more than)\s*=?\s*(\d+)\s*$|^\s*(\d+)\s*(?:\+|or more|以上|及以上)\s*$", re.I)
_LIST = re.compile(r"^\s*\d+(\s*[,，、]\s*\d+)*\s*$")
_BACKTICK = re.compile(r"`([A-Za-z][\w]*)`")
_INTERVAL_NORM = {"s": "s", "sec": "s", "second": "s", "seconds": "s", "m": "m", "min": "m", "minute": "m",
                  "minutes": "m", "h": "h", "hour": "h", "hours": "h", "d": "d", "day": "d", "days": "d"}


@dataclass
class WeightSection:
    """The raw material of one weight section: heading, inline value, text lines and tables."""

    heading: str = ""
    texts: list[str] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    line: int = 0

    def raw(self) -> str:
        parts = list(self.texts)
        for t in self.tables:
            parts.extend(" | ".join(r) for r in t)
        return "\n".join(p for p in parts if p).strip()


def collect(heading: Block, body: list[Block], inline: str) -> WeightSection:
    """Gather a weight section's heading and content blocks."""
    sec = WeightSection(heading=heading.text, line=heading.line)
    if inline:
        sec.texts.append(inline)
    for b in body:
        if b.kind == "table":
            sec.tables.append([list(r) for r in b.rows])
        elif b.kind in ("text", "item"):
            text = b.text
            if b.quoted and "|" in text and sec.tables:
                # the last table row turned into a blockquote: `> 1000 | 10`
                cells = [c.strip() for c in text.split("|")]
                if len(cells) == len(sec.tables[-1][0]):
                    cells[0] = "> " + cells[0]
                    sec.tables[-1].append(cells)
                    continue
            sec.texts.append(text)
    return sec


def _unit_of(text: str, default: str = "IP") -> str:
    m = _UNIT.search(text)
    if m:
        u = m.group(1).upper()
        return "ORDER" if u.startswith("ORDER") else u
    return default


def _strip_md(text: str) -> str:
    return text.replace("**", "").replace("__", "").replace("_**", "").replace("\\_", "_")


def _find_param(text: str, names: list[str]) -> str | None:
    for m in _BACKTICK.finditer(text):
        for n in names:
            if n.lower() == m.group(1).lower():
                return n
    low = text.lower()
    best = None
    for n in sorted(names, key=len, reverse=True):
        if re.search(r"(?<![A-Za-z])" + re.escape(n.lower()) + r"(?![A-Za-z])", low):
            best = n
            break
    if best:
        return best
    if re.search(r"symbol|交易对", text, re.I) and "symbol" in names:
        return "symbol"
    if re.search(r"coin|币种", text, re.I) and "coin" in names:
        return "coin"
    return None


def _key_condition(cell: str, param: str, is_count: bool) -> Condition | None:
    cell = _strip_md(cell).replace("`", "").strip()
    m = _INTERVAL.match(cell)
    if m:
        lo, hi = int(m.group(2)), m.group(3)
        c = Condition(param=param, count=is_count, minimum=lo if m.group(1) == "[" else lo + 1)
        if hi is not None:
            c.maximum = int(hi) if m.group(4) == "]" else int(hi) - 1
        return c
    m = _RANGE.match(cell)
    if m:
        return Condition(param=param, count=is_count, minimum=int(m.group(1)), maximum=int(m.group(2)))
    m = _GREATER.match(cell)
    if m:
        if m.group(1):
            return Condition(param=param, count=is_count, minimum=int(m.group(1)) + 1)
        return Condition(param=param, count=is_count, minimum=int(m.group(2)))
    if _LIST.match(cell):
        values = [v.strip() for v in re.split(r"[,，、]", cell)]
        if len(values) == 1:
            return Condition(param=param, count=is_count, minimum=int(values[0]), maximum=int(values[0]))
        return Condition(param=param, equals=values)
    return None


def _first_int(text: str) -> int | None:
    m = _NUMBER.search(_strip_md(text))
    return int(m.group(1)) if m else None


def _table_weight(table: list[list[str]], unit: str, names: list[str]) -> Weight | None:
    if len(table) < 2 or len(table[0]) < 2:
        return None
    header = _strip_md(table[0][0]).replace("`", "")
    param = _find_param(header, names)
    is_count = bool(param and re.search(r"symbols|交易对", header, re.I) and param != header.strip())
    if param is None and re.search(r"symbols?|交易对", header, re.I):
        param, is_count = ("symbols" if "symbols" in names else (names[0] if names else "symbols")), True
    cases: list[WeightCase] = []
    for row in table[1:]:
        if len(row) < 2:
            continue
        value = _first_int(row[1])
        if value is None:
            continue
        key = row[0]
        when: list[Condition] = []
        p = param
        cond = _key_condition(key, p, is_count) if p else None
        if cond is not None:
            when = [cond]
        else:
            named = _find_param(key, names)
            if re.fullmatch(r"\s*(none|无|all symbols|全部交易对|不带.*)\s*", _strip_md(key), re.I):
                when = [Condition(param=n, present=False) for n in names_in_table(table, names)]
            elif named:
                negative = bool(re.search(r"without|没有|不带|invalid|不合法|无效", key, re.I))
                when = [Condition(param=named, present=not negative)]
            else:
                continue
        cases.append(WeightCase(value=value, when=when))
    if not cases:
        return None
    return Weight(unit=unit, cases=cases)


def names_in_table(table: list[list[str]], names: list[str]) -> list[str]:
    found = []
    for row in table[1:]:
        n = _find_param(row[0], names)
        if n and n not in found:
            found.append(n)
    return found


def _order_limits(text: str) -> list[Weight]:
    out = []
    for m in _ORDER_LIMIT.finditer(text):
        value = m.group(1) or m.group(4)
        if value is None:
            continue
        unit = _INTERVAL_NORM.get(m.group(3).lower(), m.group(3))
        out.append(Weight(unit="ORDER", value=int(value), interval=f"{m.group(2)}{unit}"))
    if out:
        m = _IP_LIMIT.search(text)
        if m and (m.group(1) or m.group(2)):
            out.append(Weight(unit="IP", value=int(m.group(1) or m.group(2))))
    return out


_CLAUSE = re.compile(r"[,，;；\n]")


def _clauses(plain: str) -> list[tuple[int, str]]:
    """(number, condition text) pairs: one clause per number, split at commas/semicolons; a clause
    holding two numbers is split after each number (Chinese puts the condition first)."""
    out = []
    for clause in _CLAUSE.split(plain):
        nums = list(_NUMBER.finditer(clause))
        if not nums:
            continue
        if len(nums) == 1:
            m = nums[0]
            out.append((int(m.group(1)), clause[: m.start()] + " " + clause[m.end():]))
            continue
        english = bool(re.search(r"[A-Za-z]{3}", clause[nums[0].end():nums[1].start()]))
        for k, m in enumerate(nums):
            if english:
                stop = nums[k + 1].start() if k + 1 < len(nums) else len(clause)
                out.append((int(m.group(1)), clause[m.end():stop]))
            else:
                begin = nums[k - 1].end() if k else 0
                out.append((int(m.group(1)), clause[begin:m.start()]))
    return out


def _prose_cases(text: str, names: list[str]) -> list[WeightCase]:
    """`**1** for a single symbol, **40** when the symbol parameter is omitted` -> two cases."""
    plain = re.split(r"\*\*Careful|Careful|请小心", _strip_md(text))[0]
    pairs = _clauses(plain)
    if len(pairs) < 2:
        return []
    cases = []
    for value, cond_text in pairs:
        param = _find_param(cond_text, names) or _find_param(plain, names)
        if not param:
            return []
        if _ABSENT.search(cond_text):
            cases.append(WeightCase(value=value, when=[Condition(param=param, present=False)]))
        elif _PRESENT.search(cond_text) or re.search(re.escape(param), cond_text, re.I):
            cases.append(WeightCase(value=value, when=[Condition(param=param, present=True)]))
        elif re.search(r"multiple|多个", cond_text, re.I):
            cases.append(WeightCase(value=value, when=[Condition(param=param, present=False)]))
        else:
            return []
    return cases


def parse_weight(sec: WeightSection, params: dict[str, object]) -> list[Weight]:
    """Weights of one section. `params` maps parameter name -> its default value (or None)."""
    names = list(params)
    raw = sec.raw()
    text_all = " ".join(sec.texts)
    unit = _unit_of(sec.heading, "")
    if not unit:
        unit = _unit_of(text_all, "")
    if not unit:
        m = _UNIT_WORD.search(text_all)
        unit = m.group(1) if m else "IP"
    raw_text = (sec.heading + ": " + raw).strip(": ") if raw else sec.heading
    limits = _order_limits(text_all)
    if limits:
        for w in limits:
            w.raw = Text(en=raw_text)
        return limits
    for table in sec.tables:
        w = _table_weight(table, unit, names)
        if w is not None:
            w.value = plain_value(w.cases, params)
            w.raw = Text(en=raw_text)
            return [w]
    if not sec.texts:
        return []
    cases = _prose_cases(text_all, names)
    if cases:
        w = Weight(unit=unit, cases=cases, raw=Text(en=raw_text))
        w.value = plain_value(cases, params)
        return [w]
    value = _first_int(text_all)
    if value is None:
        return []
    return [Weight(unit=unit, value=value, raw=Text(en=raw_text))]


def plain_value(cases: list[WeightCase], params: dict[str, object]) -> int | None:
    """The weight of a call that gives no optional argument (defaults applied)."""
    for case in cases:
        if all(_holds(c, params) for c in case.when):
            return case.value
    return None


def _holds(c: Condition, params: dict[str, object]) -> bool:
    default = params.get(c.param)
    if c.present is not None:
        return (default is not None) == c.present
    if c.count:
        return False
    if default is None:
        return False
    if c.equals:
        return str(default) in c.equals
    try:
        v = float(str(default))
    except ValueError:
        return False
    if c.minimum is not None and v < c.minimum:
        return False
    if c.maximum is not None and v > c.maximum:
        return False
    return True
