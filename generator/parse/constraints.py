"""Constraints written in prose (EN and ZH) -> structured Param fields.

Only what the text states is recorded: enum values listed in the description, defaults, bounds,
allowed value lists and list formats. Rules across parameters live in rules.py.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Collection
from functools import lru_cache

from ..model import ListFormat, Param
from . import timeunits
from .values import STOP_WORDS, VALUE_TOKEN, code_values, enum_values, only_value, true_false

__all__ = ["apply", "default_of", "enum_values", "list_format", "list_from_note", "split_by_subject"]

_NUM = r"-?\d+(?:\.\d+)?"
# "Default: 10", "defaults to `ACK`", "默认为 FULL", "默认且仅可填`BOTH`" (default and only value); the value
# is an ASCII token: quoted, a number, true/false, or an UPPER_CASE word (not "Default gets most recent ...")
_DEFAULT = re.compile(
    r"(?:default(?:s)?(?:\s+value)?(?:\s+(?:is|to|and\s+only(?:\s+(?:value|allowed))?(?:\s+is)?))?"
    r"|默认值?(?:(?:且|并且)?(?:仅|只)(?:可|能)?(?:填|为|是|传|选)?)?(?:为|是)?)"
    r"\s*[:：=]?\s*(?:([`\"'“])([A-Za-z0-9_.\-]+)[`\"'”]|(-?[A-Za-z0-9_.]+)(?![A-Za-z0-9_]))",
    re.I,
)
_MAX = [
    re.compile(r"\bmax(?:imum)?(?:\s+value)?(?:\s+is)?\s*[:：=]?\s*`?(" + _NUM + r")", re.I),
    re.compile(r"cannot be (?:greater|larger|more) than\s*`?(" + _NUM + r")", re.I),
    re.compile(r"(?:should|must) (?:be )?(?:less than or equal to|not exceed|<=)\s*`?(" + _NUM + r")", re.I),
    re.compile(r"(?:最大值?|最多|上限)(?:为|是)?\s*[:：]?\s*`?(" + _NUM + r")"),
    re.compile(r"不(?:能|可|得)(?:超过|大于)\s*`?(" + _NUM + r")"),
    re.compile(r"(?:<=|≤)\s*(" + _NUM + r")"),
]
_MIN = [
    re.compile(r"\bmin(?:imum)?(?:\s+value)?(?:\s+is)?\s*[:：=]?\s*`?(" + _NUM + r")", re.I),
    re.compile(r"cannot be (?:less|smaller) than\s*`?(" + _NUM + r")", re.I),
    re.compile(r"(?:最小值?)(?:为|是)?\s*[:：]?\s*`?(" + _NUM + r")"),
    re.compile(r"不(?:能|可|得)(?:小于|低于)\s*`?(" + _NUM + r")"),
]
_FROM_TO = re.compile(r"(?:from|between|范围)\s*`?(" + _NUM + r")`?\s*(?:to|and|-|~|至|到)\s*`?(" + _NUM + r")"
                      r"|(?<![\d.])(" + _NUM + r")\s*(?:到|至)\s*(" + _NUM + r")\s*(?:之间的?)?(?:整数|的整数|之间)", re.I)
_ALLOWED = re.compile(r"(?:valid (?:limits|values)|可选值|有效值|allowed values?)\s*[:：]?\s*\[([^\]]+)\]", re.I)
# "取值范围[0.1, 10]", "range [1, 5]": two numbers in brackets after a word for range are bounds
_RANGE_BRACKETS = re.compile(r"(?:范围|range)\s*[:：]?\s*([\[(])\s*(" + _NUM + r")\s*[,，]\s*(" + _NUM + r")\s*([\])])", re.I)
# A number followed by a unit of time is not a bound on a value counted in other units
_TIME_UNIT = timeunits.COARSE_AFTER_NUMBER
_COMMA_LIST = re.compile(
    r"separated by (?:a )?comma|comma\s*(?:\(\s*,\s*\)\s*)?[- ]?separated|separate(?:d)? (?:them )?(?:with|by) (?:a )?comma"
    r"|separated by\s*[`\"'“]\s*,\s*[`\"'”]|逗号\s*(?:[(（]\s*,\s*[)）]\s*)?(?:分隔|隔开)|用(?:半角)?逗号|以(?:半角)?逗号",
    re.I,
)
_NUMBER_TYPES = ("INT", "LONG", "DECIMAL")
# "Max 30 for an API key": a total the owner may hold, not the items of one call
_PER_OWNER = re.compile(r"\s*(?:\w+\s+)?(?:for|per)\s+(?:an?\s+|the\s+|each\s+|one\s+)?(?:api\s*key|account|user|sub-?account|uid)",
                        re.I)
# A list sent as JSON: a bracketed example of strings, numbers or objects, or words saying so
_JSON_STRINGS = re.compile(r"\[\s*\"[^\"]*\"\s*(,\s*\"[^\"]*\"\s*)*\]")
_JSON_NUMBERS = re.compile(r"\[\s*-?\d+(?:\s*,\s*-?\d+)+\s*\]")
_JSON_OBJECTS = re.compile(r"\[\s*\{")
_JSON_WORDS = re.compile(r"json\s*array|JSON数组|数组|\bin\s+JSON\b|JSON\s*格式", re.I)
# The most items a list may hold: "max length 10", "Max 5 orders", "up to 20", "最多10个"
_MAX_ITEMS = re.compile(
    r"(?:\bmax(?:imum)?\s+number\s+of\s+[^.。\d]{0,60}?\bis"
    r"|\bmax(?:imum)?(?:\s+(?:length|size|number|count))?(?:\s+(?:is|of))?|\bup\s+to|\bat\s+most|\bno\s+more\s+than"
    r"|最多(?:支持|可|能|允许)?(?:传|发送|提交|输入|查询)?|最大|不(?:能|可|得)?超过)\s*[:：=]?\s*`?(\d+)(?!\d|\.\d)",
    re.I,
)

_ENUM_TOKEN = VALUE_TOKEN
_STOP_WORDS = STOP_WORDS


def _num(text: str) -> int | float:
    if re.fullmatch(r"-?\d+", text) and len(text) <= 4000:
        return int(text)  # exact, and never a float overflow
    f = float(text)
    if not math.isfinite(f):  # 400 digits overflow a float; inf/nan cannot be a spec value
        f = math.copysign(sys.float_info.max, f)
    return int(f) if f.is_integer() else f


# The same description is read on many endpoints (`recvWindow`, `timestamp`, `symbol`...): the values it
# lists are read once per text (and set of parameter names); lists come back as new lists.
@lru_cache(maxsize=4096)
def _enum_values(text: str, names: frozenset[str], own: str) -> tuple[str, ...]:
    return tuple(enum_values(text, strict=True, names=names, own=own))


@lru_cache(maxsize=4096)
def _true_false(text: str) -> tuple[str, ...]:
    return tuple(true_false(text))


@lru_cache(maxsize=4096)
def _code_values(text: str) -> tuple[str, ...]:
    return tuple(code_values(text))


_only_value = lru_cache(maxsize=4096)(only_value)


def apply(param: Param, text: str, names: Collection[str] = ()) -> None:
    """Fill a param's enum/default/minimum/maximum/allowed/list from its description text (`names`: the
    endpoint's parameters, which are never values)."""
    if not text:
        return
    t = text.replace("\\_", "_")
    if param.list is None:
        param.list = list_format(param, t)
    if param.default is None:
        value = default_of(t)
        if value is not None:
            param.default = _scalar(value, param.type)
    m = _ALLOWED.search(t)
    if m and not param.allowed:
        vals = [v.strip(" `\"'") for v in m.group(1).split(",")]
        param.allowed = [_num(v) if re.fullmatch(_NUM, v) else v for v in vals if v]
    m = _RANGE_BRACKETS.search(t)
    if m and param.type in _NUMBER_TYPES and param.minimum is None and param.maximum is None:
        low, high = _num(m.group(2)), _num(m.group(3))
        if param.type != "DECIMAL":  # `(0,5000]` on an integer: 1 to 5000 (a decimal keeps the looser bound)
            low = low + 1 if m.group(1) == "(" and isinstance(low, int) else low
            high = high - 1 if m.group(4) == ")" and isinstance(high, int) else high
        param.minimum, param.maximum = low, high
    if param.list is not None:
        if param.list.max_items is None:
            m = _MAX_ITEMS.search(t)
            if m and not _TIME_UNIT.match(t, m.end()) and not _PER_OWNER.match(t, m.end()):
                param.list.max_items = int(m.group(1))
    elif param.maximum is None and param.type in _NUMBER_TYPES:
        for pat in _MAX:
            m = pat.search(t)
            if m:
                if not _TIME_UNIT.match(t, m.end()):
                    param.maximum = _num(m.group(1))
                break
    if param.minimum is None and param.type in _NUMBER_TYPES:
        for pat in _MIN:
            m = pat.search(t)
            if m:
                if not _TIME_UNIT.match(t, m.end()):
                    param.minimum = _num(m.group(1))
                break
    m = _FROM_TO.search(t)
    if m and param.type in _NUMBER_TYPES and param.minimum is None and param.maximum is None:
        first, last = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
        param.minimum, param.maximum = _num(first), _num(last)
    if param.type in ("ENUM", "STRING", "BOOLEAN") and not param.enum:
        vals = list(_enum_values(t, frozenset(names), param.name))
        if param.type == "BOOLEAN":  # capitals in a flag's prose ("only when MARGIN_BUY ...") are no values
            vals = [v for v in vals if v.lower() in ("true", "false")]
        if len(vals) < 2:
            vals = list(_true_false(t))
        if len(vals) >= 2:
            named = param.default if isinstance(param.default, str) else default_of(t, any_mode=True)
            if isinstance(named, str) and re.fullmatch(_ENUM_TOKEN, named) and named not in vals \
                    and named.upper() not in vals:
                vals.insert(0, named)  # `Default BOTH; LONG or SHORT ...`: the default is a value too
            param.enum = vals
            if isinstance(param.default, str) and param.default not in vals and param.default.upper() in vals:
                param.default = param.default.upper()
    if param.type in ("INT", "LONG", "STRING", "ENUM") and not param.enum:
        codes = list(_code_values(t))
        if codes:
            param.enum = codes
    if param.type in ("STRING", "ENUM") and not param.enum:
        value = _only_value(t)
        if value and value not in names:
            param.enum = [value]


def list_format(param: Param, text: str) -> ListFormat | None:
    """How a list parameter is sent, from its type and description: a JSON array or comma-separated.

    An example of objects (`[{"symbol": ...}]`) makes the items JSON whatever the type column says.
    """
    objects = bool(_JSON_OBJECTS.search(text))
    if param.type.startswith("LIST<"):
        item = param.type[5:-1]
        if objects:
            item, param.type = "JSON", "LIST<JSON>"
        examples = (_JSON_STRINGS, _JSON_NUMBERS, _JSON_WORDS)
        json_style = item == "JSON" or any(pattern.search(text) for pattern in examples)
        return ListFormat(style="json" if json_style else "comma", item_type=item)
    if _COMMA_LIST.search(text):
        return ListFormat(style="comma", item_type=param.type if param.type != "ENUM" else "STRING")
    if param.type == "STRING" and re.search(r"\[\s*\"[^\"]*\"\s*,", text):
        return ListFormat(style="json", item_type="STRING")
    return None


def list_from_note(param: Param, note: str) -> None:
    """A list parameter a note beside the table describes as JSON: "Where `orders` is the list of order
    parameters in JSON", or an example that sends it as one (`?orders=[{"symbol": ...}]`). Only a
    parameter typed as a list and sent comma-separated so far; the note must name it."""
    if param.list is None or param.list.style == "json" or not param.type.startswith("LIST<"):
        return
    name = re.escape(param.name)
    sent = re.search(r"(?<![A-Za-z0-9_])" + name + r"\s*=\s*\[(\s*\{)?", note)
    named = sent or re.search(r"(?<![A-Za-z0-9_])[`\"']?" + name + r"[`\"']?\s*(?:is|are|为|是)(?![A-Za-z])", note)
    if not named:
        return
    objects = bool(sent.group(1)) if sent else bool(_JSON_OBJECTS.search(note))
    if not (sent or objects or _JSON_WORDS.search(note)):
        return
    param.list.style = "json"
    if objects:
        param.type, param.list.item_type = "LIST<JSON>", "JSON"


_MODE_AFTER = re.compile(r"\s*(?:for|in)\s+[\w\s-]{0,20}?mode\b", re.I)
_MODE_BEFORE = re.compile(r"模式下[^。；;]{0,8}$|mode\s*,?\s*$", re.I)


@lru_cache(maxsize=4096)
def default_of(text: str, any_mode: bool = False) -> str | None:
    """The default value a description states, or None (a verb or a phrase is not a value). Defaults
    that depend on something ("MARKET and LIMIT orders default to FULL, all others to ACK": two
    different values; "Default `BOTH` for One-way Mode") are no default, unless `any_mode` (the
    value is still one the parameter takes)."""
    values: list[str] = []
    for m in _DEFAULT.finditer(text):
        if not any_mode and (_MODE_AFTER.match(text, m.end()) or _MODE_BEFORE.search(text[max(0, m.start() - 12):m.start()])):
            return None  # a default of one mode only
        value = _default_value(text, m)
        if value is not None and value.lower() not in (v.lower() for v in values):
            values.append(value)
    return values[0] if len(values) == 1 else None


def _default_value(text: str, m: re.Match[str]) -> str | None:
    if m.group(2):
        return m.group(2).rstrip(".")
    value = (m.group(3) or "").rstrip(".")
    if not value:
        return None
    if re.fullmatch(_NUM, value) and _TIME_UNIT.match(text, m.end()):
        return None  # "default 24 hours" on a value in milliseconds: not the value to send
    if re.fullmatch(_NUM, value) or value.lower() in ("true", "false") or re.fullmatch(r"\d+[smhdwM]", value):
        return value
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", value) and value not in _STOP_WORDS:
        return value
    return None


def _scalar(value: str, type_: str) -> str | int | float | bool:
    if value.lower() in ("true", "false") and type_ not in ("STRING", "ENUM"):
        return value.lower() == "true"  # a STRING's default is the text the page writes
    if type_ in ("INT", "LONG", "DECIMAL") and re.fullmatch(_NUM, value):
        return _num(value)
    if re.fullmatch(r"-?\d+", value) and type_ not in ("STRING", "ENUM"):
        return int(value)
    return value


# "the `symbols` parameter", "symbols参数", "参数 symbols", a line opening with `symbols`
_SUBJECT = re.compile(r"(?<![A-Za-z0-9_])(?:(?:the\s+)?[`\"']?([A-Za-z_]\w*)[`\"']?\s*(?:parameter|param|参数)"
                      r"|(?:parameter|参数)\s*[`\"']?([A-Za-z_]\w*)[`\"']?)(?![A-Za-z0-9_])|^\s*`([A-Za-z_]\w*)`", re.I)
_MENTIONS_SUBJECT = re.compile(r"parameter|param|参数|^\s*`", re.I | re.M)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def split_by_subject(own: str, text: str, names: Collection[str]) -> tuple[str, dict[str, str]]:
    """A description cut into what it says about its own parameter and what it says about others.

    A line that names another parameter as its subject ("Examples of accepted format for the
    `symbols` parameter:", "symbols参数可接受的格式", "`symbols` 可以传入的格式:") starts text about that
    parameter, up to a line that names the described parameter again: its examples and limits are the
    other parameter's."""
    if not text or not _MENTIONS_SUBJECT.search(text):
        return text, {}
    others = {n.lower(): n for n in names if n != own}
    if not others:
        return text, {}
    kept: list[str] = []
    about: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.split("\n"):
        mine = own in _WORD.findall(line)
        subject = next((g for m in _SUBJECT.finditer(line) for g in m.groups() if g and g.lower() in others), None)
        if subject and not mine:
            current = others[subject.lower()]
        elif mine:
            current = None
        if current is None:
            kept.append(line)
        else:
            about.setdefault(current, []).append(line)
    return "\n".join(kept), {name: "\n".join(lines) for name, lines in about.items()}
