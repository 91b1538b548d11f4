"""Constraints written in prose (EN and ZH) -> structured Param fields and cross-parameter Rules.

Only what the text states is recorded: enum values listed in the description, defaults, bounds,
allowed value lists, list formats, and rules such as "either a or b must be sent".
"""

from __future__ import annotations

import math
import re
import sys

from ..model import ListFormat, Param, Rule, Text

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
_RANGE_BRACKETS = re.compile(r"(?:范围|range)\s*[:：]?\s*[\[(]\s*(" + _NUM + r")\s*[,，]\s*(" + _NUM + r")\s*[\])]", re.I)
# A number followed by a unit of time is not a bound on a value counted in other units
_TIME_UNIT = re.compile(r"\s*(?:hours?|hrs?|days?|minutes?|mins?|seconds?|secs?|weeks?|months?|小时|天|分钟|秒|周|个月)", re.I)
_COMMA_LIST = re.compile(
    r"separated by (?:a )?comma|comma\s*(?:\(\s*,\s*\)\s*)?[- ]?separated|separate(?:d)? (?:them )?(?:with|by) (?:a )?comma"
    r"|separated by\s*[`\"'“]\s*,\s*[`\"'”]|逗号\s*(?:[(（]\s*,\s*[)）]\s*)?(?:分隔|隔开)|用(?:半角)?逗号|以(?:半角)?逗号",
    re.I,
)
_NUMBER_TYPES = ("INT", "LONG", "DECIMAL")
# A list sent as JSON: a bracketed example of strings, numbers or objects, or words saying so
_JSON_STRINGS = re.compile(r"\[\s*\"[^\"]*\"\s*(,\s*\"[^\"]*\"\s*)*\]")
_JSON_NUMBERS = re.compile(r"\[\s*-?\d+(?:\s*,\s*-?\d+)+\s*\]")
_JSON_OBJECTS = re.compile(r"\[\s*\{")
_JSON_WORDS = re.compile(r"json\s*array|JSON数组|数组|\bin\s+JSON\b|JSON\s*格式", re.I)
# The most items a list may hold: "max length 10", "Max 5 orders", "up to 20", "最多10个"
_MAX_ITEMS = re.compile(
    r"(?:\bmax(?:imum)?(?:\s+(?:length|size|number|count))?(?:\s+(?:is|of))?|\bup\s+to|\bat\s+most|\bno\s+more\s+than"
    r"|最多(?:支持|可|能|允许)?(?:传|发送|提交|输入|查询)?|最大|不(?:能|可|得)?超过)\s*[:：=]?\s*`?(\d+)(?![\d.])",
    re.I,
)

_ENUM_TOKEN = r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{2,}[0-9]*|\d+[mhdwMs]"
_QUOTED = re.compile(r"[`\"'“]([A-Za-z0-9_.\-]+)[`\"'”]")
_SUPPORTED = re.compile(r"(?:supported values?|possible values?|values?|可选值|枚举值|取值|可选|支持)\s*[:：]\s*(.+)", re.I)
_LIST_SEP = re.compile(r"\s*(?:,|，|、|/|\bor\b|\band\b|或|和|;)\s*")
_ENUM_LIST = re.compile(
    r"(?<![\w`\"'])((?:[`\"']?(?:" + _ENUM_TOKEN + r")[`\"']?)(?:\s*(?:,|，|、|/|\bor\b|或|;)\s*[`\"']?(?:" + _ENUM_TOKEN + r")[`\"']?)+)"
)
_STOP_WORDS = {"API", "USD", "UTC", "ID", "IP", "UID", "JSON", "HTTP", "URL", "NOTE", "YES", "NO", "GET", "POST",
               "PUT", "DELETE", "UNIX", "NA", "NULL", "MS", "BTC", "ETH", "USDT", "BNB", "BUSD", "OR", "AND"}


def _num(text: str) -> int | float:
    if re.fullmatch(r"-?\d+", text) and len(text) <= 4000:
        return int(text)  # exact, and never a float overflow
    f = float(text)
    if not math.isfinite(f):  # 400 digits overflow a float; inf/nan cannot be a spec value
        f = math.copysign(sys.float_info.max, f)
    return int(f) if f.is_integer() else f


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CLAUSE_SPLIT = re.compile(r"[;；。]|(?<!\bi\.e)(?<!\be\.g)\.(?=\s|$)|\n")
# (a value may touch a Chinese separator, `SPOT或MARGIN`; a word touching other Chinese characters is
# part of a Chinese word, `UM策略`)
_CANDIDATE = re.compile(r"[`\"'“]([A-Za-z0-9_.\-]+)[`\"'”]|(?<![A-Za-z0-9_\-.])(" + _ENUM_TOKEN
                        + r")(?![A-Za-z0-9_\-]|(?![或和与及])[\u4e00-\u9fff])")
_RESTRICTION = re.compile(r"\bonly\b|used with|ava[il]+able for|together|\bif\b|\bwhen\b|仅|合用|需要此参数|同时|如果|当", re.I)
_EXAMPLES_BLOCK = re.compile(r"\bexamples?\s*[:：]|示例\s*[:：]", re.I)
_EXAMPLE = re.compile(r"\be\.?\s?g\b\.?|\bfor (?:example|instance)\b|\bexamples?\s*[:：]|\bsuch as\b|\blike\b|例如|比如|譬如|示例",
                      re.I)
_SEP_GAP = re.compile(r"[,，、/|]|\bor\b|或")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]")  # Chinese words between two values: prose, not a list


def enum_values(text: str, strict: bool = False) -> list[str]:
    """Enum values listed in a description: `SPOT or MARGIN`, `"5m","15m"`, `LIMIT/MARKET` ...

    The description is cut into clauses (at `;`, `。`, sentence ends); the clause listing the most values
    wins. Quoted/backticked values are preferred; bare UPPER_CASE words count when separators join them
    (`strict`: only then, for STRING parameters)."""
    text = _LINK.sub(r"\1", text.replace("\\_", "_"))
    m = _SUPPORTED.search(text)
    if m:
        vals = [v.strip(" `\"'“”.。") for v in _LIST_SEP.split(m.group(1).split("\n")[0])]
        vals = [v for v in vals if re.fullmatch(r"[A-Za-z0-9_.\-]+", v)]
        if len(vals) >= 2:
            return _dedupe(vals)
    best: list[str] = []
    fallback: list[str] = []
    run: list[str] = []  # quoted lists of consecutive plain clauses: values spread over two sentences
    text = _EXAMPLES_BLOCK.split(text)[0]  # "Examples: curl ... symbols=["A","B"]": the rest is examples
    for clause in _CLAUSE_SPLIT.split(text):
        # values after "e.g."/"such as"/"例如" are examples, and "XRP, XMR etc." is no complete list
        clause = _EXAMPLE.split(clause)[0]
        if not clause.strip() or re.search(r"\betc\b", clause, re.I):
            continue
        quoted: list[str] = []
        bare: list[tuple[int, int, str]] = []
        for c in _CANDIDATE.finditer(clause):
            if c.group(1) is not None:
                # a quoted lowerCamelCase word names a parameter or field (`quoteOrderQty`), not a value
                if re.fullmatch(_ENUM_TOKEN + r"|true|false|[A-Za-z][A-Za-z0-9_]*", c.group(1)) \
                        and not re.fullmatch(r"[a-z][a-z0-9]*[A-Z]\w*", c.group(1)):
                    quoted.append(c.group(1))
            elif c.group(2) not in _STOP_WORDS:
                bare.append((c.start(), c.end(), c.group(2)))
        listed = len(_dedupe(quoted)) >= 2
        vals = _dedupe(quoted) if listed else _joined(clause, bare, strict)
        if _RESTRICTION.search(clause):
            # "only for `LIMIT`/`STOP` orders", "used with ...": other values, named as context
            if len(vals) > len(fallback):
                fallback = vals
            run = []
            continue
        if not quoted and not bare:
            continue  # a sentence naming no value does not end the list
        run = _dedupe(run + vals) if listed and run else (list(vals) if listed else [])
        if len(run) > len(best):
            best = run
        if len(vals) > len(best):
            best = vals
    return best if len(best) >= 2 else fallback


def _joined(clause: str, bare: list[tuple[int, int, str]], strict: bool) -> list[str]:
    """Bare words forming a list: each gap holds a separator and is short (an annotation at most)."""
    if not strict:
        return _dedupe([v for _, _, v in bare])
    best: list[str] = []
    run: list[str] = []
    for k, (start, _end, value) in enumerate(bare):
        if run:
            gap = clause[bare[k - 1][1]:start]
            # words may annotate a value before the separator (`TRANSFER 转账, WELCOME_BONUS`), but Chinese
            # words after it are prose (`USDT_FUTURE，取得UM期货`): the next word is no value
            seps = list(_SEP_GAP.finditer(gap))
            if len(gap) <= 25 and seps and not _CJK_WORD.search(gap[seps[-1].end():]):
                run.append(value)
                continue
            best = run if len(run) > len(best) else best
        run = [value]
    best = run if len(run) > len(best) else best
    return _dedupe(best) if len(best) >= 2 else []


_CODE = re.compile(r"(?<![\w.:：\-])(\d{1,3})\s*(?:[:：=]\s*(?=[A-Za-z\u4e00-\u9fff])|-(?=[A-Za-z\u4e00-\u9fff])"
                   r"(?!(?:seconds?|minutes?|mins?|hours?|days?|weeks?|months?|years?|digits?|bits?)\b))", re.I)
# the one value a parameter takes: "`LDUSDT` only", "LIMIT(only support limit)", "仅支持`LDUSDT`"
_ONLY = re.compile(r"(?:^|[\s(（:：,，])`?([A-Z][A-Z0-9_]{1,30})`?\s*[(（]?\s*only\b"
                   r"|(?:仅|只)(?:支持|可|能)?(?:填|为|传|选)?\s*`?([A-Z][A-Z0-9_]{1,30})`?(?![A-Za-z0-9_])")


def code_values(text: str) -> list[str]:
    """Numeric codes each followed by its meaning: `0:pending, 6:credited, 1:success` -> 0, 6, 1.

    Only one clause that lists two or more codes counts (a lone `1: ...` is no list)."""
    text = _EXAMPLES_BLOCK.split(_LINK.sub(r"\1", text))[0]
    best: list[str] = []
    for clause in re.split(r"[;；。\n]", text):
        codes = _dedupe(_CODE.findall(clause))
        if len(codes) > len(best):
            best = codes
    return best if len(best) >= 2 else []


def true_false(text: str) -> list[str]:
    """A string flag whose two values are both named, e.g. "Default: false. Set to true ..." in backticks."""
    vals = _dedupe(re.findall(r"[`\"'](true|false|TRUE|FALSE)[`\"']", text))
    return vals if len(vals) == 2 and {v.lower() for v in vals} == {"true", "false"} else []


def _dedupe(vals: list[str]) -> list[str]:
    out: list[str] = []
    for v in vals:
        if v and v not in out:
            out.append(v)
    return out


def apply(param: Param, text: str) -> None:
    """Fill a param's enum/default/minimum/maximum/allowed/list from its description text."""
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
    if m and param.type in ("INT", "LONG", "DECIMAL") and param.minimum is None and param.maximum is None:
        param.minimum, param.maximum = _num(m.group(1)), _num(m.group(2))
    if param.list is not None:
        if param.list.max_items is None:
            m = _MAX_ITEMS.search(t)
            if m and not _TIME_UNIT.match(t, m.end()):
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
    if m and param.type in ("INT", "LONG", "DECIMAL") and param.minimum is None and param.maximum is None:
        low, high = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
        param.minimum, param.maximum = _num(low), _num(high)
    if param.type in ("ENUM", "STRING", "BOOLEAN") and not param.enum:
        vals = enum_values(t, strict=True)
        if param.type == "BOOLEAN":  # capitals in a flag's prose ("only when MARGIN_BUY ...") are no values
            vals = [v for v in vals if v.lower() in ("true", "false")]
        if len(vals) < 2:
            vals = true_false(t)
        if len(vals) >= 2:
            if isinstance(param.default, str) and re.fullmatch(_ENUM_TOKEN, param.default) and param.default not in vals \
                    and param.default.upper() not in vals:
                vals.insert(0, param.default)  # `Default BOTH; LONG or SHORT ...`: the default is a value too
            param.enum = vals
            if isinstance(param.default, str) and param.default not in vals and param.default.upper() in vals:
                param.default = param.default.upper()
    if param.type in ("INT", "LONG", "STRING", "ENUM") and not param.enum:
        codes = code_values(t)
        if codes:
            param.enum = codes
    if param.type in ("STRING", "ENUM") and not param.enum:
        m = _ONLY.search(t)
        value = m and (m.group(1) or m.group(2))
        if value and value not in _STOP_WORDS:
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


def default_of(text: str) -> str | None:
    """The default value a description states, or None (a verb or a phrase is not a value). Defaults
    that depend on something ("MARKET and LIMIT orders default to FULL, all others to ACK": two
    different values) are no default."""
    values = []
    for m in _DEFAULT.finditer(text):
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


# ---------------------------------------------------------------- rules across parameters

_P = r"[`\"']?([A-Za-z_]\w*)[`\"']?"
_EITHER = [
    re.compile(r"either\s*" + _P + r"\s+or\s+" + _P + r"\s+(?:must|should|has to|is required)", re.I),
    re.compile(_P + r"\s*(?:或|与|和|或者)\s*" + _P + r"\s*(?:必须(?!同时|都|一起)|至少)"),  # not "必须同时发送" (both)
    re.compile(r"(?:必须|需要)(?:发送|提供|传)\s*" + _P + r"\s*(?:或|或者)\s*" + _P),
    re.compile(r"at least one (?:instance )?of\s+" + _P + r"\s*(?:,|and|or)\s*" + _P, re.I),
    re.compile(_P + r"\s+(?:and|or)\s+" + _P + r"\s+(?:should|must)\s+(?:be\s+sent\s+)?at least one", re.I),
    re.compile(_P + r"\s*(?:与|和|或)\s*" + _P + r"\s*(?:之一|其中之一|其中一个|中的一个|至少一个|至少其一)\s*(?:为)?"
               r"\s*(?:必须|需要|必需|必填|必传)"),
    re.compile(r"至少需要(?:发送|提供|传)?\s*" + _P + r"\s*(?:与|和|或)\s*" + _P + r"\s*中的一个"),
]
_ONE_OF = [re.compile(r"(?:exactly|only) one of\s+" + _P + r"\s*(?:,|or|and)\s*" + _P, re.I)]
_NOT_TOGETHER = [
    re.compile(_P + r"\s+and\s+" + _P + r"\s+(?:cannot|can't|can not|should not|must not|could not) be (?:sent|used|provided) (?:together|at the same time|simultaneously)", re.I),
    re.compile(r"(?:cannot|can't|can not|do not) (?:send|use|provide) (?:both\s+)?" + _P + r"\s+and\s+" + _P + r"\s+(?:together|at the same time)", re.I),
    re.compile(_P + r"\s*(?:和|与|及|或)\s*" + _P + r"\s*(?:[^。；;.，,]{0,10}[，,]\s*)?"
               r"(?:不(?:接受|能|可|可以|允许)?同时(?:发送|传|使用|提供)?|不能同时)"),
]
# "The parameter `fromId` cannot be sent with `startTime` or `endTime`": one rule per partner
_NOT_SENT_WITH = re.compile(
    _P + r"\s+(?:cannot|can't|can not|must not|should not)\s+be\s+(?:sent|used|passed|provided|combined)\s+"
    r"(?:together\s+)?with\s+" + _P + r"(?:\s+(?:or|and)\s+" + _P + r")?", re.I)
# "参数 `symbol`、`symbols` 和 `permissions` 不能相互组合使用": at most one of the three
# "参数`fromId`不能和`startTime`或`endTime`一起发送"
_NOT_SENT_WITH_ZH = re.compile(_P + r"\s*不(?:能|可|可以|要)?(?:和|与|跟)\s*" + _P + r"(?:\s*(?:或|与|和|、)\s*" + _P
                               + r")?\s*(?:一起|同时)(?:发送|传|使用|提供)")
_NONE_COMBINED = re.compile(_P + r"\s*[、,，]\s*" + _P + r"\s*(?:和|与|及|以及|或)\s*" + _P
                            + r"\s*(?:不能|不可|不可以)(?:相互|互相)?(?:组合|同时|一起)")
# a parameter followed by a value ("with `closePosition`=`true`") is a condition on the value: no rule
_NO_VALUE_NEXT = r"(?![A-Za-z0-9_`\"'])(?!\s*(?:=|==|:|is\b|set to|equals?\b|为|等于|是))"
_NO_VALUE = r"(?![\w`\"'])(?!\s*(?:=|==|:|is\b|set to|equals?\b|为|等于|是))(?!\s*(?:and|or|,)\s*[`\"']?[A-Za-z_])"
# in a parameter's own description (the parameter is the subject): "Can't be passed together with `price`"
_NOT_WITH = [
    re.compile(r"(?:cannot|can't|can not|must not|should not) be (?:sent|used|passed|provided|combined) "
               r"(?:together )?with\s+" + _P + _NO_VALUE, re.I),
    re.compile(r"不(?:能|可|可以|允许)与\s*" + _P + r"\s*(?:同时|一起)(?:发送|传|使用|提供)?"),
    re.compile(r"不(?:能|可|可以|允许)与\s*" + _P + r"(?:\s*(?:或|和|、)\s*" + _P + r")?\s*(?:组合|同时|一起)(?:使用|发送|传)"),
    re.compile(r"(?:cannot|can't|can not|must not|should not) be (?:used|sent|combined) in combination with\s+" + _P
               + r"(?:\s+(?:or|and)\s+" + _P + r")?" + _NO_VALUE, re.I),
]
# "requires" (params[0] needs params[1]): only a condition on an argument being sent, never on its value
_SENT = r"(?:sent|provided|specified|used|passed|given)"
_REQUIRES = [  # (pattern, group of the argument sent, group of the argument it needs)
    (re.compile(_P + r"\s+(?:is|becomes)\s+(?:mandatory|required)\s+(?:when|if)\s+" + _P + r"\s+is\s+" + _SENT
                + r"\b", re.I), 2, 1),
    (re.compile(r"\bif\s+" + _P + r"\s+is\s+" + _SENT + r"\s*,?\s*(?:then\s+)?" + _P
                + r"\s+(?:must|should|has to|needs to)\s+(?:also\s+)?be\s+(?:sent|provided|specified)", re.I), 1, 2),
    (re.compile(_P + r"\s+(?:must|should|has to|needs to)\s+(?:also\s+)?be\s+(?:sent|provided|used)\s+"
                r"(?:together\s+)?with\s+" + _P + _NO_VALUE, re.I), 1, 2),
    (re.compile(r"(?:当|若|如果)?(?<!不)(?<!未)(?:发送|传入|传|提供|使用)了?\s*" + _P + r"\s*(?:参数)?\s*(?:时|后)\s*[，,]?\s*"
                + _P + r"\s*(?:为)?(?:必填|必传|必须(?:发送|传|提供)?|必需)"), 1, 2),
    (re.compile(_P + r"\s*(?:需要|需|必须)(?:与|和)\s*" + _P + r"\s*(?:同时|一起)(?:发送|传|使用|提供)"), 1, 2),
    (re.compile(_P + r"\s+can only be (?:sent|used|provided)\s+(?:together\s+)?with\s+" + _P + _NO_VALUE, re.I), 1, 2),
]
# the same in a parameter's own description: "Mandatory when `stopPrice` is sent" / "Must be sent with `x`"
_REQUIRED_WHEN = [  # (pattern, the subject is the argument sent)
    (re.compile(r"^\s*(?:it\s+is\s+)?(?:mandatory|required)\s+(?:when|if)\s+" + _P + r"\s+is\s+" + _SENT + r"\b",
                re.I), False),
    (re.compile(r"^\s*(?:must|should)\s+(?:also\s+)?be\s+(?:sent|provided|used)\s+(?:together\s+)?with\s+" + _P
                + _NO_VALUE, re.I), True),
    (re.compile(r"(?:当|若|如果)?(?<!不)(?<!未)(?:发送|传入|传|提供|使用)了?\s*" + _P + r"\s*(?:参数)?\s*(?:时|后)\s*[，,]?\s*"
                r"(?:为|则)?(?:必填|必传|必须(?:发送|传|提供)|必需)"), False),
    (re.compile(r"^\s*(?:需要|需|必须)(?:与|和)\s*" + _P + r"\s*(?:同时|一起)(?:发送|传|使用|提供)"), True),
    (re.compile(r"^\s*if (?:provided|sent|set|used|given)\s*,?\s*" + _P + r"\s+(?:is|becomes)\s+(?:required|mandatory)",
                re.I), True),
    (re.compile(r"^\s*(?:如果|若)(?:提供|发送|传入?)\s*[,，]?\s*(?:须|需|必须)(?:配合|同时)(?:提交|发送|传)\s*" + _P), True),
]
_SPAN = [
    re.compile(r"(?:max(?:imum)?|most)\s+(?:time\s+)?(?:interval|span|range|difference)\s+between\s+" + _P + r"\s+and\s+" + _P + r"\s+(?:is|should be|can be|cannot exceed|must be less than)?\s*(?:less than\s*)?(\d+)\s*(days?|hours?|minutes?|mins?|ms|milliseconds?|seconds?)", re.I),
    re.compile(_P + r"\s*(?:和|与|及)\s*" + _P + r"\s*(?:之间|的时间间隔|间隔|的间隔|的最大间隔|之间的最大间隔)[^\d。.]{0,12}?(\d+)\s*(天|小时|分钟|毫秒|秒)"),
    re.compile(r"time between\s+" + _P + r"\s+and\s+" + _P + r"\s+(?:cannot|can't|must not|should not)\s+(?:be )?(?:longer than|exceed|more than)\s*(\d+)\s*(days?|hours?|minutes?)", re.I),
]
# A limit on the time between a start and an end argument, in any of the docs' phrasings: "The time
# between `startTime` and `endTime` can't be longer than 24 hours", "must be less than 1 hour", "is 3
# months", "cannot exceed half a year", "Less than 24 hours between startTime and endTime",
# "查询时间范围最大不得超过7天". A sentence that names no argument but the query's time range/period
# applies to the endpoint's one start/end pair.
_SPAN_LIMIT = (r"(?:longer than|exceed(?:s|ing)?|more than|greater than|less th[ae]n|at most|up to|within|"
               r"max(?:imum)?\b[^。.;；\d]{0,60}?\bis|不得超过|不能超过|不可超过|不超过|不大于|最多|最大|最长|小于|少于)")
_DURATION = re.compile(
    _SPAN_LIMIT + r"\s*(?P<n>\d+|half an?|半|[一二两三四五六七八九十]+)\s*(?:个)?\s*(?P<unit>years?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?"
    r"|seconds?|secs?|milliseconds?|ms|年|月|周|天|日|小时|分钟|秒|毫秒)(?![A-Za-z])",
    re.I,
)
_TIME_RANGE = re.compile(r"time (?:period|range|span|window|interval)|interval|时间范围|时间跨度|时间间隔|查询时间|间隔", re.I)
# month and year as their longest: a client never refuses what the server would accept
_SPAN_UNIT_MS = {"year": 366 * 86400000, "年": 366 * 86400000, "month": 31 * 86400000, "月": 31 * 86400000,
                 "week": 7 * 86400000, "周": 7 * 86400000, "日": 86400000, "hr": 3600000, "sec": 1000}
_UNIT_MS = {"day": 86400000, "天": 86400000, "hour": 3600000, "小时": 3600000, "minute": 60000, "min": 60000,
            "分钟": 60000, "second": 1000, "秒": 1000, "ms": 1, "millisecond": 1, "毫秒": 1}


def _unit_ms(word: str) -> int:
    w = word.lower().rstrip("s") if word.isascii() else word
    if w == "m":
        w = "ms"
    return _UNIT_MS.get(w, _UNIT_MS.get(word.lower(), 0))


_RULE_WORDS = re.compile(r"either|one of|together|same time|simultaneous|mandatory|required|must|should|needs? to|"
                         r"cannot|can't|can not|at least|组合|之一|配合|"
                         r"has to|between|interval|span|range|difference|time between|exceed|longer|less th[ae]n|period|"
                         r"超过|小于|范围|"
                         r"必须|至少|同时|一起|必填|必传|必需|需要|需|间隔|相差|之间", re.I)


def find_rules(text: str, lang: str, names: set[str], subject: str | None = None) -> list[Rule]:
    """Cross-parameter rules stated in a note (or in the description of parameter `subject`); only rules
    naming real parameters of the endpoint."""
    text = text.replace("\\_", "_")
    rules: list[Rule] = []
    if len(names) < 2 or not _RULE_WORDS.search(text):
        return rules  # a rule names two parameters and says so with one of these words

    def real(*ps: str) -> list[str] | None:
        out = []
        for p in ps:
            match = next((n for n in names if n.lower() == p.lower()), None)
            if match is None:
                return None
            out.append(match)
        return out if len(set(out)) == len(out) else None

    for kind, patterns in (("either", _EITHER), ("one_of", _ONE_OF), ("not_together", _NOT_TOGETHER)):
        for pat in patterns:
            for m in pat.finditer(text):
                ps = real(m.group(1), m.group(2))
                if ps:
                    rules.append(Rule(kind=kind, params=ps, text=Text(**{lang: text.strip()})))
    for m in list(_NOT_SENT_WITH.finditer(text)) + list(_NOT_SENT_WITH_ZH.finditer(text)):
        for group in (2, 3):
            partner = m.group(group)
            tail = text[m.end(group):].lstrip("`\"'") if partner else ""
            ps = real(m.group(1), partner) if partner and re.match(_NO_VALUE_NEXT, tail) else None
            if ps:
                rules.append(Rule(kind="not_together", params=ps, text=Text(**{lang: text.strip()})))
    for m in _NONE_COMBINED.finditer(text):
        ps = real(m.group(1), m.group(2), m.group(3))
        if ps:
            rules.append(Rule(kind="not_together", params=ps, text=Text(**{lang: text.strip()})))
    for pat, sent, needed in _REQUIRES:
        for m in pat.finditer(text):
            ps = real(m.group(sent), m.group(needed))
            if ps:
                rules.append(Rule(kind="requires", params=ps, text=Text(**{lang: text.strip()})))
    if subject is None:
        # a note that opens with a parameter speaks of it: "`permissions` ... This cannot be used with `symbol`"
        opening = re.match(r"\s*`([A-Za-z_]\w*)`", text)
        found = real(opening.group(1)) if opening else None
        subject = found[0] if found else None
    if subject is not None:
        for clause in re.split(r"[;；。\n]|\.(?=\s|$)", text):
            for pat in _NOT_WITH:
                for m in pat.finditer(clause):
                    for partner in m.groups():
                        ps = real(subject, partner) if partner else None
                        if ps:
                            rules.append(Rule(kind="not_together", params=ps, text=Text(**{lang: text.strip()})))
            for pat, subject_sent in _REQUIRED_WHEN:
                m = pat.search(clause)
                if m:
                    ps = real(subject, m.group(1)) if subject_sent else real(m.group(1), subject)
                    if ps:
                        rules.append(Rule(kind="requires", params=ps, text=Text(**{lang: text.strip()})))
    for pat in _SPAN:
        for m in pat.finditer(text):
            ps = real(m.group(1), m.group(2))
            ms = _unit_ms(m.group(4))
            if ps and ms:
                rules.append(Rule(kind="max_span", params=ps, value=int(m.group(3)) * ms, text=Text(**{lang: text.strip()})))
    if not any(r.kind == "max_span" for r in rules):
        rules.extend(_span_rules(text, lang, names))
    return rules


def _span_rules(text: str, lang: str, names: set[str]) -> list[Rule]:
    """max_span rules from sentences limiting the time between a start and an end argument."""
    starts = sorted(n for n in names if re.fullmatch(r"start\w*", n, re.I))
    ends = sorted(n for n in names if re.fullmatch(r"end\w*", n, re.I))
    if not starts or not ends:
        return []
    for sentence in re.split(r"[;；。\n]|\.(?=\s|$)", text):
        m = _DURATION.search(sentence)
        if not m:
            continue
        named = [n for n in starts + ends if re.search(_spoken(n), sentence, re.I)]
        start = next((n for n in named if n in starts), None)
        end = next((n for n in named if n in ends), None)
        if start is None or end is None:
            if named or not _TIME_RANGE.search(sentence) or len(starts) != 1 or len(ends) != 1:
                continue
            start, end = starts[0], ends[0]
        n, unit = m.group("n").lower(), m.group("unit")
        count = 0.5 if n.startswith("half") or n == "半" else _chinese_number(n) if not n.isdigit() else int(n)
        if count == 0.5 and _span_unit_ms(unit) == _SPAN_UNIT_MS["year"]:
            count, unit = 6, "month"  # half a year: six of the longest months
        ms = _span_unit_ms(unit)
        if ms:
            return [Rule(kind="max_span", params=[start, end], value=int(count * ms), text=Text(**{lang: text.strip()}))]
    return []


def _chinese_number(text: str) -> int:
    """一 .. 九十九 written in Chinese numerals."""
    digits = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if "十" in text:
        tens, _, ones = text.partition("十")
        return digits.get(tens, 1) * 10 + digits.get(ones, 0)
    return digits.get(text, 0)


def _spoken(name: str) -> str:
    """`startTime` as the docs may write it: startTime, start time, start_time."""
    words = re.findall(r"[a-z]+|[A-Z][a-z]*", name)
    return r"(?<![A-Za-z])" + r"[\s_]*".join(re.escape(w) for w in words) + r"(?![A-Za-z])"


def _span_unit_ms(word: str) -> int:
    w = word.lower()
    w = w[:-1] if w.endswith("s") and w not in ("ms",) else w
    return _SPAN_UNIT_MS.get(w) or _unit_ms(word)
