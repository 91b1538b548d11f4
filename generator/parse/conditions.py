"""Rules that hold only for a value of another parameter, written as a table or as nested notes.

Tables ("Type | Additional mandatory parameters", "类型 | 强制要求的参数"): each row names values of a
parameter (`LIMIT`, `STOP/TAKE_PROFIT`, `` `pendingType` = `STOP_LOSS` or `TAKE_PROFIT` ``) and the
parameters a call with those values must send (`timeInForce`, `quantity`, `price`). Alternatives in a
row (`quantity` or `quoteOrderQty`, `x` and/or `y`) make no rule: the spec has no "either, when".

Nested notes: an item that states a condition and ends with a colon (`` `STOP_MARKET` with
`closePosition`=`true`: ``) scopes the items under it ("Cannot be used with `quantity` parameter").
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ..model import Condition, Rule, Text
from . import rules
from .phrasings import COND, IS, SCOPED, VALS

_MANDATORY_HEADER = re.compile(r"mandatory|required|强制|必填|必须|必需|必传", re.I)
_KEY_IS = re.compile(r"^\s*" + COND + IS + VALS + r"\s*$")
_TOKEN = re.compile(r"[A-Z][A-Z0-9_]*")
_NAME = re.compile(r"`?\s*([A-Za-z_]\w*)\s*`?")
_ALTERNATIVE = re.compile(r"\bor\b|and\s*/\s*or|或|与\s*/\s*或|/", re.I)
_PART_SEP = re.compile(r"\s*(?:,|，|、|;|；|\band\b(?!\s*/)|和)\s*")
_BASED_ON = re.compile(r"(?:based on|depending on|according to|根据|基于)\s*(?:the\s+)?(?:order\s+)?`?([A-Za-z_]\w*)`?", re.I)
_CONDITION_IN_PARENT = re.compile(COND + IS + VALS)
_COLON_END = re.compile(r"[:：]\s*$")
_NAME_WORD = re.compile(r"[A-Za-z_]\w*")
_EITHER_IN_CELL = re.compile(r"`?([A-Za-z_]\w*)`?\s*(?:\bor\b|and\s*/\s*or|或者|或|与\s*/\s*或)\s*`?([A-Za-z_]\w*)`?", re.I)


def _plain(cell: str) -> str:
    return re.sub(r"\*\*|__", "", cell).strip()


def is_condition_table(rows: list[list[str]]) -> bool:
    """A table whose second column lists the parameters a row's values make mandatory."""
    return len(rows) >= 2 and len(rows[0]) >= 2 and bool(_MANDATORY_HEADER.search(_plain(rows[0][1])))


def _key_param(header: str, hint: str, names: dict[str, str], enums: dict[str, list[str]],
               values: list[str]) -> str | None:
    """The parameter a condition table's first column gives values of: named in the header (`Type`), in
    the words before the table ("based on `type`"), or the one parameter whose values these are."""
    word = _plain(header).strip("` ").lower()
    if word in names:
        return names[word]
    m = _BASED_ON.search(hint)
    if m and m.group(1).lower() in names:
        return names[m.group(1).lower()]
    owners = [n for n, vals in enums.items() if vals and set(values) <= set(vals)]
    return owners[0] if len(owners) == 1 else None


def _required(cell: str, names: dict[str, str]) -> list[str]:
    """The parameters a row's cell makes mandatory; alternatives (`a` or `b`) are left out."""
    out = []
    for part in _PART_SEP.split(_plain(cell)):
        if not part.strip() or _ALTERNATIVE.search(part):
            continue
        m = _NAME.fullmatch(part.strip())
        if m and m.group(1).lower() in names:
            out.append(names[m.group(1).lower()])
    return out


WhenKey = tuple[str, tuple[str, ...]]


def when_key(c: Condition) -> WhenKey:
    return c.param, tuple(sorted(c.equals))


def table_rules(rows: list[list[str]], hint: str, names: Collection[str], enums: dict[str, list[str]],
                lang: str) -> tuple[list[Rule], set[WhenKey]]:
    """Conditional `required` rules, one per row of a condition table, and the conditions the table
    speaks of (a row of alternatives alone makes no rule, yet says what that condition requires)."""
    by_lower = {n.lower(): n for n in names}
    out: list[Rule] = []
    covered: set[WhenKey] = set()
    header = " | ".join(rows[0])
    # parameters any row's further cells name as alternatives ("达到`stopPrice`或`trailingDelta`"): never
    # both required, in any row of the table
    alternatives = {by_lower.get(x.lower()) for row in rows[1:] for cell in row[2:]
                    for m in _EITHER_IN_CELL.finditer(_plain(cell)) for x in (m.group(1), m.group(2))}
    for row in rows[1:]:
        if len(row) < 2:
            continue
        key = _plain(row[0])
        m = _KEY_IS.match(key)
        if m:  # `pendingType` = `LIMIT`
            param = by_lower.get(m.group("cond").lower())
            values = _TOKEN.findall(m.group("vals"))
        else:
            values = _TOKEN.findall(key)
            param = _key_param(rows[0][0], hint, by_lower, enums, values) if values else None
        if param is None or not values or not all(_TOKEN.fullmatch(v) for v in values):
            continue
        when = Condition(param=param, equals=values)
        covered.add(when_key(when))
        named = {by_lower[w.lower()] for w in _NAME_WORD.findall(_plain(row[1])) if w.lower() in by_lower}
        further = {by_lower[w.lower()] for cell in row[2:] for w in _NAME_WORD.findall(_plain(cell))
                   if w.lower() in by_lower} - named - {param}
        if further:
            continue  # the row's explanation names another parameter (`quoteOrderQty` for MARKET): maybe an alternative
        required = [n for n in _required(row[1], by_lower) if n != param and n not in alternatives]
        if required:
            out.append(Rule("required", required, when=when, text=Text(**{lang: header + "\n" + " | ".join(row)})))
    return out, covered


def scoped_rules(parent: str, child: str, names: Collection[str], lang: str) -> list[Rule]:
    """Rules an item nested under a conditional item states (`` `STOP_MARKET` with `closePosition`=`true`: ``
    / "Cannot be used with `quantity` parameter")."""
    if not _COLON_END.search(parent):
        return []
    by_lower = {n.lower(): n for n in names}
    conditions: list[tuple[str, list[str]]] = []
    for m in _CONDITION_IN_PARENT.finditer(parent):
        name, values = by_lower.get(m.group("cond").lower()), rules.values_of(m.group("vals"))
        if name is not None and values:
            conditions.append((name, values))
    if len(conditions) != 1:
        return []
    param, values = conditions[0]
    when = Condition(param=param, equals=values)
    found = rules.read(child, names, phrasings=SCOPED, said=Text(**{lang: f"{parent.strip()} {child.strip()}"}),
                       when=when)
    return [r for _, r in found if param not in r.params]
