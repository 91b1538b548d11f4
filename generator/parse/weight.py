"""Weight sections -> model.Weight: constants, several limits at once, and conditional weights.

Conditional weights become WeightCase/Condition lists so a client can compute the weight of an actual
call; Weight.value is the weight of the plain call (no optional argument given, list arguments at
their default), or None when the page does not let us tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Condition, Text, Weight, WeightCase
from .blocks import Block
from . import timeunits

_UNIT = re.compile(r"[(（]\s*(IP|UID|ORDERS?|Order|RAW_REQUESTS)\s*[)）]", re.I)
# spot's `**Unfilled Order Count:** 1`: the orders a call adds to the ORDER limits
_ORDER_COUNT = re.compile(r"unfilled\s*order\s*count|未成交的?订单计数", re.I)
_UNIT_WORD = re.compile(r"\b(UID|IP)\b")
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])(\d+)(?![A-Za-z0-9_.])")  # "权重为2": CJK letters may touch it
_ORDER_LIMIT = re.compile(
    r"(?:(\d+)\s*on\s*)?(\d+)\s*(" + timeunits.WORDS + r"|s|m|h|d)\s*order rate limit"
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
    # emphasis becomes a space: `带symbol**1**` must not read as the word `symbol1`
    text = re.sub(r"(?<=[A-Za-z])\*\*(?=\d)|(?<=\d)\*\*(?=[A-Za-z])", " ", text)
    return text.replace("**", "").replace("__", "").replace("_**", "").replace("\\_", "_")


def _find_param(text: str, names: list[str]) -> str | None:
    for m in _BACKTICK.finditer(text):
        for n in names:
            if n.lower() == m.group(1).lower():
                return n
    low = text.lower()
    best = None
    for n in sorted(names, key=len, reverse=True):
        # `pairs` names `pair` when no parameter is called `pairs`
        if re.search(r"(?<![A-Za-z])" + re.escape(n.lower()) + r"(?:s(?![A-Za-z])|(?![A-Za-z]))", low):
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
            elif named and re.search(r"invalid|不合法|无效", key, re.I):
                continue  # the cost of a call the server refuses ("If `symbol` is invalid"): no case of ours
            elif named:
                negative = bool(re.search(r"without|没有|不带", key, re.I))
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
        interval = timeunits.window(int(m.group(2)), m.group(3))
        if interval is None:
            continue
        out.append(Weight(unit="ORDER", value=int(value), interval=interval))
    if out:
        ip = _IP_LIMIT.search(text)
        if ip and (ip.group(1) or ip.group(2)):
            out.append(Weight(unit="IP", value=int(ip.group(1) or ip.group(2))))
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
        before, after = clause[: nums[0].start()].strip(), clause[nums[-1].end():].strip()
        if bool(before) != bool(after):  # words only before the first number: conditions come first
            english = bool(after)
        else:
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
    # the "Careful when ..." warning is no case, wherever it stands
    plain = re.sub(r"(?:Careful|请小心)[^\n。.]*[\n。.]?", " ", _strip_md(text))
    pairs = _clauses(plain)
    if len(pairs) < 2:
        return []
    cases = []
    for value, cond_text in pairs:
        param = _find_param(cond_text, names) or _find_param(plain, names)
        if not param:
            return []
        if _ABSENT.search(cond_text) or re.search(r"\bmu\w{0,3}tiple|多个", cond_text, re.I):
            # "40 for multiple symbols": the call without the single-symbol argument
            cases.append(WeightCase(value=value, when=[Condition(param=param, present=False)]))
        elif _PRESENT.search(cond_text) or re.search(re.escape(param), cond_text, re.I):
            cases.append(WeightCase(value=value, when=[Condition(param=param, present=True)]))
        else:
            return []
    return cases


# ---------------------------------------------------------------- weights that depend on a count

_ITEMS = r"(?:symbols?|assets?|orders?|items?|pairs?|coins?|交易对|币种|订单|个)"
_COUNT_RANGE = (
    r"(?:between\s*)?(?P<lo>\d+)\s*(?:[-–~—至到]|to|and)\s*(?P<hi>\d+)"
    r"|(?P<ge>\d+)\s*(?:\+|or more|and more|and above|以上|及以上)"
    r"|(?:more than|over|greater than|above|>|＞|超过|大于)\s*(?P<gt>\d+)"
    r"|(?:up to|at most|<=|≤|不超过)\s*(?P<le>\d+)"
)
# "2 for 1-20 symbols", "80 for 101 or more symbols"; "1-20 symbols: 2"; "1-20个交易对 权重2"
_COUNT_AFTER = re.compile(r"(?P<w>\d+)\s*(?:for|when|if|with)\s+(?:" + _COUNT_RANGE + r")\s*" + _ITEMS, re.I)
_COUNT_BEFORE = re.compile(r"(?:" + _COUNT_RANGE + r")\s*" + _ITEMS + r"[^\d]{0,12}?(?:weight|权重)?\s*(?:is|为|[:：=|→]|->)?\s*(?P<w>\d+)(?![\d-])", re.I)
# "4 for each requested symbol", "weight 4 per symbol", "每个交易对权重为4"
_PER_ITEM = re.compile(
    r"(?P<w>\d+)\s*(?:for each|for every|per|each)\s+(?:requested\s+|given\s+)?" + _ITEMS
    + r"|每(?:个|一个)?" + _ITEMS + r"(?:的)?(?:权重)?\s*(?:为|是|[:：])?\s*(?P<w2>\d+)", re.I)
_CAP = re.compile(r"cap(?:ped)?\s*(?:at|to)\s*(?P<c>\d+)|(?:maximum|max|at most|最高|上限|最多|最大)\s*(?:weight\s*)?"
                  r"(?:is|of|为|是)?\s*(?P<c2>\d+)", re.I)
_CAP_FROM = re.compile(r"(?:more than|over|exceeds?|超过|大于)\s*(\d+)", re.I)
_MAX_EXPANDED = 100  # per-item weights are written out as one case per count up to this many


def _count_condition(m: re.Match[str], param: str) -> Condition:
    g = m.groupdict()
    if g.get("lo"):
        return Condition(param=param, count=True, minimum=int(g["lo"]), maximum=int(g["hi"]))
    if g.get("ge"):
        return Condition(param=param, count=True, minimum=int(g["ge"]))
    if g.get("gt"):
        return Condition(param=param, count=True, minimum=int(g["gt"]) + 1)
    return Condition(param=param, count=True, minimum=1, maximum=int(g["le"]))


def _list_param(text: str, names: list[str], lists: set[str]) -> str | None:
    """The list argument a count refers to: a list parameter the text names (or names in the singular,
    "4 per symbol" for `symbols`), else the only one."""
    def named(word: str) -> bool:
        return bool(re.search(r"(?<![A-Za-z])" + re.escape(word) + r"(?![A-Za-z])", text, re.I))

    for zh, en in (("交易对", "symbol"), ("订单", "order"), ("资产", "asset"), ("币种", "coin")):
        if zh in text:
            text += " " + en
    found = [n for n in lists if named(n)] or [n for n in lists if n.endswith("s") and named(n[:-1])]
    if found:
        return max(found, key=len)
    if len(lists) == 1:
        return next(iter(lists))
    return None


def _count_cases(text: str, names: list[str], lists: set[str]) -> list[WeightCase] | None:
    """Cases of a weight that depends on how many items a list argument holds, or None.

    Every clause holding a number must be understood (a count range, the list omitted, a single item,
    or the per-item weight and its cap); otherwise the text is left to the other readers."""
    plain = _strip_md(text).replace("`", "")
    param = _list_param(plain, names, lists)
    if param is None:
        return None
    single = param[:-1] if param.endswith("s") and param[:-1] in names else None
    per = _PER_ITEM.search(plain)
    if per:
        each = int(per.group("w") or per.group("w2"))
        cap_m = _CAP.search(plain)
        cap = int(cap_m.group("c") or cap_m.group("c2")) if cap_m else None
        if cap is None or each <= 0:
            return None  # "4 per symbol" with no bound: the model has no multiplication
        start = _CAP_FROM.search(plain[cap_m.end():] if cap_m else "") or _CAP_FROM.search(plain)
        last = int(start.group(1)) if start else -(-cap // each)
        if each * last > cap:
            last = cap // each
        if last > _MAX_EXPANDED or last < 1:
            return None
        cases = [WeightCase(value=each * n, when=[Condition(param=param, count=True, minimum=n, maximum=n)])
                 for n in range(1, last + 1)]
        cases.append(WeightCase(value=cap, when=[Condition(param=param, count=True, minimum=last + 1)]))
        return cases
    cases = []
    absent: WeightCase | None = None
    for clause in re.split(r"[;；\n]|,\s*(?=\d)|，|(?<=[a-z\d])\.\s", plain):
        if not _NUMBER.search(clause):
            continue
        m = _COUNT_AFTER.search(clause) or _COUNT_BEFORE.search(clause)
        if m:
            cases.append(WeightCase(value=int(m.group("w")), when=[_count_condition(m, param)]))
            continue
        value = _first_int(clause)
        if value is None:
            continue
        if _ABSENT.search(clause) or re.search(r"\bmu\w{0,3}tiple|多个", clause, re.I):
            # "80 when the symbols parameter is omitted": the plain call's value
            absent = absent or WeightCase(value=value, when=[Condition(param=n, present=False)
                                                             for n in (param, single) if n])
        elif re.search(r"single|\bone\b|单个|单交易对|一个", clause, re.I):
            when = Condition(param=single, present=True) if single else \
                Condition(param=param, count=True, minimum=1, maximum=1)
            cases.append(WeightCase(value=value, when=[when]))
        else:
            return None
    if not any(c.count for case in cases for c in case.when):
        return None
    if absent is not None:
        cases.append(absent)
    return cases


def _count_table(table: list[list[str]], unit: str, names: list[str], lists: set[str]) -> Weight | None:
    """`Parameter | Symbols Provided | Weight` tables: the parameter cell may be left empty (a row span)."""
    if len(table) < 2 or len(table[0]) < 3:
        return None
    header = [_strip_md(c).replace("`", "").strip() for c in table[0]]
    if not re.search(r"param|参数", header[0], re.I) or not re.search(r"provided|count|number|数量|个数|" + _ITEMS,
                                                                      header[1], re.I):
        return None
    cases: list[WeightCase] = []
    current: str | None = None
    in_table = names_in_table(table, names)
    for row in table[1:]:
        row = list(row)
        while len(row) > 1 and not _strip_md(row[-1]).strip():
            row.pop()  # a short row that a grid or HTML table wrote with empty cells at its end
        if len(row) < len(header):
            row = [""] * (len(header) - len(row)) + row  # a row span: the leading cells left empty
        cells = [_strip_md(c).replace("`", "").strip() for c in row] + ["", "", ""]
        value = _first_int(cells[2])
        named = _find_param(cells[0], names) if cells[0] else None
        if named:
            current = named
        if value is None or current is None:
            continue
        key = cells[1] or (cells[0] if not named or _ABSENT.search(cells[0]) else "")
        if _ABSENT.search(key) or _ABSENT.search(cells[0]):
            # omitted: none of the table's arguments is given (else `symbols` would match "symbol omitted")
            cases.append(WeightCase(value=value, when=[Condition(param=n, present=False) for n in in_table]))
            continue
        if current in lists:
            m = re.fullmatch(r"\s*(?:" + _COUNT_RANGE + r")\s*", key, re.I)
            if m:
                cases.append(WeightCase(value=value, when=[_count_condition(m, current)]))
                continue
            if re.fullmatch(r"\d+", key):
                n = int(key)
                cases.append(WeightCase(value=value, when=[Condition(param=current, count=True, minimum=n, maximum=n)]))
                continue
        cases.append(WeightCase(value=value, when=[Condition(param=current, present=True)]))
    if not cases:
        return None
    return Weight(unit=unit, cases=cases)


def parse_weight(sec: WeightSection, params: dict[str, object], lists: set[str] | None = None) -> list[Weight]:
    """Weights of one section. `params` maps parameter name -> its default value (or None); `lists`
    names the list arguments (a weight may depend on how many items they hold)."""
    names = list(params)
    lists = {n for n in (lists or set()) if n in params}
    text_all = "\n".join(sec.texts)
    unit = "ORDER" if _ORDER_COUNT.search(sec.heading) else _unit_of(sec.heading, "")
    if not unit:
        unit = _unit_of(text_all, "")
    if not unit:
        m = _UNIT_WORD.search(text_all)
        unit = m.group(1) if m else ""
    raw = sec.raw()
    raw_text = (sec.heading + ": " + raw).strip(": ") if raw else sec.heading
    limits = _order_limits(text_all)
    if limits:  # "1 on 10s order rate limit ...; 0 on IP rate limit": every unit named
        for w in limits:
            w.raw = Text(en=raw_text)
        return limits
    weights = _weights_of(sec, params, names, lists, unit or "IP", text_all, raw_text)
    for w in weights:
        w.unit_stated = bool(unit)  # False: IP assumed, the other language may name the unit
    return weights


def _weights_of(sec: WeightSection, params: dict[str, object], names: list[str], lists: set[str], unit: str,
                text_all: str, raw_text: str) -> list[Weight]:
    for table in sec.tables:
        w = _count_table(table, unit, names, lists) or _table_weight(table, unit, names)
        if w is not None:
            w.value = plain_value(w.cases, params)
            w.raw = Text(en=raw_text)
            return [w]
    if not sec.texts:
        return []
    cases = (_count_cases(text_all, names, lists) if lists else None) or _prose_cases(text_all, names)
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
