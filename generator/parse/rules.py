"""Rules across parameters written in prose (EN and ZH) -> model.Rule: "either a or b must be sent",
"a and b cannot be sent together", "b is required when a is sent", and the longest time between a start
and an end argument. Only rules naming real parameters of the endpoint are made."""

from __future__ import annotations

import re

from ..model import Rule, Text

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
_NONE_COMBINED = re.compile(_P + r"\s*[、,]\s*" + _P + r"\s*(?:和|与|及|以及|或)\s*" + _P
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
_DAY = 86400000
# milliseconds per unit; month and year as their longest: a client never refuses what the server accepts
_UNIT_MS = {"year": 366 * _DAY, "年": 366 * _DAY, "month": 31 * _DAY, "月": 31 * _DAY, "week": 7 * _DAY, "周": 7 * _DAY,
            "day": _DAY, "天": _DAY, "日": _DAY, "hour": 3600000, "hr": 3600000, "小时": 3600000, "minute": 60000,
            "min": 60000, "分钟": 60000, "second": 1000, "sec": 1000, "秒": 1000, "ms": 1, "millisecond": 1, "毫秒": 1}


def _unit_ms(word: str) -> int:
    """Milliseconds in one `word` (days, hrs, ms, 天 ...); 0 for a word that is no unit of time."""
    w = word.lower().rstrip("s") if word.isascii() else word
    if w == "m":
        w = "ms"
    return _UNIT_MS.get(w, _UNIT_MS.get(word.lower(), 0))


_RULE_WORDS = re.compile(r"either|one of|together|same time|simultaneous|mandatory|required|must|should|needs? to|"
                         r"cannot|can't|can not|at least|组合|之一|配合|"
                         r"has to|between|interval|span|range|difference|time between|exceed|longer|less th[ae]n|period|"
                         r"超过|小于|范围|"
                         r"必须|至少|同时|一起|必填|必传|必需|需要|需|间隔|相差|之间", re.I)


_SENTENCE = re.compile(r"[;；。\n]|\.(?=\s|$)")


def sentences(text: str) -> list[str]:
    """Prose cut where a statement ends: `;`, `。`, a line break, a full stop before a space."""
    return _SENTENCE.split(text)


# a condition in the sentence of a rule: "If `orderId` is sent, ...", "... when `type` is MARKET",
# "... for LIMIT orders", "in Hedge Mode", "如果…，", "当…时"
_CONDITION = re.compile(
    r"\b(?:if|when|unless|in case|provided that)\b[^,，;；。]*"
    r"|\bfor\s+[`\"']?[A-Z][A-Z_]+[`\"']?\s+(?:orders?|type)\b|\bin\s+(?:hedge|one-way)\s+mode\b"
    r"|(?:如果|若|当|假如)[^，,；;。]*|[^，,；;。]*模式下", re.I)
_SELF_CONDITION = re.compile(r"(?:if|when)\s+(?:provided|sent|set|given|used)\b|(?:如果|若)(?:提供|发送|传入?)", re.I)
_VALUE_TEST = re.compile(r"\b(?:is|=|==|equals?|set to)\s+[`\"']?[A-Z][A-Z0-9_]*\b|为\s*`?[A-Z]")


def _conditioned(sentence: str, params: list[str], names: set[str]) -> bool:
    """The sentence holds the rule only under a condition other than its own arguments being sent
    ("If `orderId` is sent, `startTime` and `endTime` cannot be sent together"): no rule is made."""
    for m in _CONDITION.finditer(sentence):
        cond = m.group(0)
        named = {n for n in names if re.search(r"(?<![A-Za-z0-9_])" + re.escape(n) + r"(?![A-Za-z0-9_])", cond, re.I)}
        if not named and _SELF_CONDITION.match(cond):
            continue  # "If provided, x is required": the described argument itself being sent
        if not named or not named <= set(params) or _VALUE_TEST.search(cond):
            return True
    return False


def find_rules(text: str, lang: str, names: set[str], subject: str | None = None) -> list[Rule]:
    """Cross-parameter rules stated in a note (or in the description of parameter `subject`); only rules
    naming real parameters of the endpoint, and only where the sentence states them without a condition
    on something else."""
    text = text.replace("\\_", "_")
    if len(names) < 2 or not _RULE_WORDS.search(text):
        return []  # a rule names two parameters and says so with one of these words
    if subject is None:
        # a note that opens with a parameter speaks of it: "`permissions` ... This cannot be used with `symbol`"
        opening = re.match(r"\s*`([A-Za-z_]\w*)`", text)
        subject = next((n for n in names if opening and n.lower() == opening.group(1).lower()), None)
    rules: list[Rule] = []
    for sentence in sentences(text):
        for rule in _sentence_rules(sentence, Text(**{lang: text.strip()}), names, subject):
            if not _conditioned(sentence, rule.params, names):
                rules.append(rule)
    if not any(r.kind == "max_span" for r in rules):
        rules.extend(_span_rules(text, lang, names))
    return rules


def _sentence_rules(text: str, said: Text, names: set[str], subject: str | None) -> list[Rule]:
    """The rules one sentence states; `said` is the whole text they are recorded with."""
    rules: list[Rule] = []

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
                    rules.append(Rule(kind=kind, params=ps, text=said))
    for m in list(_NOT_SENT_WITH.finditer(text)) + list(_NOT_SENT_WITH_ZH.finditer(text)):
        for group in (2, 3):
            partner = m.group(group)
            tail = text[m.end(group):].lstrip("`\"'") if partner else ""
            ps = real(m.group(1), partner) if partner and re.match(_NO_VALUE_NEXT, tail) else None
            if ps:
                rules.append(Rule(kind="not_together", params=ps, text=said))
    for m in _NONE_COMBINED.finditer(text):
        ps = real(m.group(1), m.group(2), m.group(3))
        if ps:
            rules.append(Rule(kind="not_together", params=ps, text=said))
    for pat, sent, needed in _REQUIRES:
        for m in pat.finditer(text):
            ps = real(m.group(sent), m.group(needed))
            if ps:
                rules.append(Rule(kind="requires", params=ps, text=said))
    if subject is not None:
        for pat in _NOT_WITH:
            for m in pat.finditer(text):
                for partner in m.groups():
                    ps = real(subject, partner) if partner else None
                    if ps:
                        rules.append(Rule(kind="not_together", params=ps, text=said))
        for pat, subject_sent in _REQUIRED_WHEN:
            m = pat.search(text)
            if m:
                ps = real(subject, m.group(1)) if subject_sent else real(m.group(1), subject)
                if ps:
                    rules.append(Rule(kind="requires", params=ps, text=said))
    for pat in _SPAN:
        for m in pat.finditer(text):
            ps = real(m.group(1), m.group(2))
            ms = _unit_ms(m.group(4))
            if ps and ms:
                rules.append(Rule(kind="max_span", params=ps, value=int(m.group(3)) * ms, text=said))
    return rules


def _span_rules(text: str, lang: str, names: set[str]) -> list[Rule]:
    """max_span rules from sentences limiting the time between a start and an end argument."""
    starts = sorted(n for n in names if re.fullmatch(r"start\w*", n, re.I))
    ends = sorted(n for n in names if re.fullmatch(r"end\w*", n, re.I))
    if not starts or not ends:
        return []
    for sentence in sentences(text):
        m = _DURATION.search(sentence)
        if not m or _conditioned(sentence, starts + ends, names):
            continue
        named = [n for n in starts + ends if re.search(_spoken(n), sentence, re.I)]
        start = next((n for n in named if n in starts), None)
        end = next((n for n in named if n in ends), None)
        if start is None or end is None:
            if named or not _TIME_RANGE.search(sentence) or len(starts) != 1 or len(ends) != 1:
                continue
            start, end = starts[0], ends[0]
        n, unit = m.group("n").lower(), m.group("unit")
        if n.startswith("half") or n == "半":
            count: float = 0.5
        else:
            count = int(n) if n.isdigit() else _chinese_number(n)
        if count == 0.5 and _unit_ms(unit) == _UNIT_MS["year"]:
            count, unit = 6, "month"  # half a year: six of the longest months
        ms = _unit_ms(unit)
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
