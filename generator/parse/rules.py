"""Rules across parameters written in prose (EN and ZH) -> model.Rule: "either a or b must be sent",
"a and b cannot be sent together", "b is required when a is sent", "b is required when a is V", the
longest time between a start and an end argument. The phrasings are data (phrasings.py); this module
reads a text with them and decides, by explicit precedence, which rules the text states.

Only rules naming real parameters of the endpoint are made, and only where the sentence states them
without a condition on something else: a rule whose sentence adds a condition ("If `orderId` is sent,
`startTime` and `endTime` cannot be sent together") is made only when a phrasing reads that condition
into the rule's `when`; otherwise no rule at all (conditions stay conditions).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from ..model import Condition, Rule, Text
from . import timeunits
from .phrasings import OPTIONAL_UNDER_CONDITION, PHRASINGS, SPANS, Phrasing

# Precedence, strongest first: when rules over the same parameters are found (in one text, or in the two
# languages of a page), `one_of` stands for an `either` and a `not_together` together.
PRECEDENCE = ("one_of", "either", "not_together", "requires", "required", "forbidden", "max_span")
COMBINED = {frozenset({"either", "not_together"}): "one_of"}
SUBSUMED = {"one_of": ("either", "not_together")}

# a rule names two parameters and says so with one of these words (checked before any phrasing is tried)
_RULE_WORDS = ("either", "one of", "不支持", "exclusive", "not both", "互斥", "排斥", "together", "same time", "simultaneous", "mandatory", "required", "must",
               "should", "need", "cannot", "can't", "can not", "at least", "combination", "optional", "组合", "之一",
               "配合", "仅需", "可选", "has to", "between", "interval", "span", "range", "difference", "exceed",
               "longer", "less th", "period", "超过", "小于", "范围", "必须", "至少", "同时", "一起", "必填", "必传", "必需",
               "需要", "需", "间隔", "相差", "之间", "都不", "均不", "两者")


def _says_a_rule(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _RULE_WORDS)

_CJK = re.compile(r"[\u4e00-\u9fff]")
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
# where the clause of a match ends: a condition after it in the same clause is the rule's
_CLAUSE_END = re.compile(r"[,，;；]|\band\b|\bbut\b|\bwhile\b", re.I)
_VALUE_WORD = re.compile(r"[A-Z][A-Z0-9_]*|-?\d+(?:\.\d+)?|(?i:true|false)")
_VALUE_SEP = re.compile(r"\s*(?:,|，|、|/|\bor\b|\band\b|或者|或|和|与)\s*", re.I)


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def named_in(text: str, names: Collection[str] | dict[str, str]) -> set[str]:
    """The parameters a text names (as whole words, in any letter case); `names` may be given as a map
    from lower case to the name."""
    lower = names if isinstance(names, dict) else {n.lower(): n for n in names}
    return {lower[t.lower()] for t in _IDENT.findall(text) if t.lower() in lower}


def _conditioned(text: str, params: Collection[str], names: Collection[str]) -> bool:
    """The text holds a condition other than the rule's own arguments being sent ("If `orderId` is
    sent, ...", "... when `type` is MARKET", "for LIMIT orders")."""
    for m in _CONDITION.finditer(text):
        cond = m.group(0)
        named = named_in(cond, names)
        if not named and _SELF_CONDITION.match(cond):
            continue  # "If provided, x is required": the described argument itself being sent
        if not named or not named <= set(params) or _VALUE_TEST.search(cond):
            return True
    return False


def _outside(sentence: str, m: re.Match[str]) -> str:
    """The parts of a sentence a condition on a rule can stand in: before the match, and after it up
    to the end of its clause ("..., and the `orderId` will prevail if both are sent" is another clause)."""
    after = sentence[m.end():]
    end = _CLAUSE_END.search(after)
    return sentence[:m.start()] + " , " + (after[:end.start()] if end else after)


def values_of(text: str) -> list[str]:
    """The values a condition names: `STOP_LOSS` or `TAKE_PROFIT`, "TRUE", `true`."""
    return [v.strip("`\"'“” ") for v in _VALUE_SEP.split(text) if _VALUE_WORD.fullmatch(v.strip("`\"'“” "))]


class _Reader:
    """Reads sentences with the phrasings for one endpoint's parameters."""

    def __init__(self, names: Collection[str], subject: str | None, said: Text, when: Condition | None) -> None:
        self.names = {n.lower(): n for n in names}
        self.subject = subject
        self.said = said
        self.when = when  # a condition the text is read under (a parent note's)

    def real(self, *ps: str) -> list[str] | None:
        out = [self.names.get(p.lower()) for p in ps]
        if any(p is None for p in out) or len(set(out)) != len(out):
            return None
        return [p for p in out if p is not None]

    def rules(self, ph: Phrasing, m: re.Match[str]) -> list[Rule]:
        named = [m.group(g) for g in ("a", "b", "c") if g in ph.groups and m.group(g)]
        subject = [self.subject] if ph.subject and self.subject else []
        if ph.subject and not subject:
            return []
        when = self.when
        if "cond" in ph.groups:
            cond = self.real(m.group("cond"))
            if cond is None:
                return []
            vals = values_of(m.group("vals")) if "vals" in ph.groups and m.group("vals") else []
            if "vals" in ph.groups and not vals:
                return []
            when = Condition(param=cond[0], equals=vals) if vals else Condition(param=cond[0], present=True)
        if ph.subject == "needed":
            groups = [named + subject]
        elif ph.subject in ("party", "sent"):
            groups = [subject + [p] for p in named] if ph.pairwise else [subject + named]
        elif ph.subject == "target":
            groups = [subject]
        elif ph.pairwise:
            groups = [[named[0], p] for p in named[1:]]
        elif ph.kind == "together":  # each needs the other
            groups = [named, list(reversed(named))]
        else:
            groups = [named]
        kind = "requires" if ph.kind == "together" else ph.kind
        out = []
        for group in groups:
            ps = self.real(*group)
            if not ps or (when is not None and when.param in ps):
                continue
            if len(ps) < (1 if ph.kind in ("required", "forbidden", "optional") else 2):
                continue
            value = None
            if ph.kind == "max_span":
                value = timeunits.span_ms(int(m.group("n")), m.group("unit"))
                if not value:
                    continue
            out.append(Rule(kind=kind, params=ps, value=value, when=when, text=self.said))
        return out


def read(text: str, names: Collection[str], subject: str | None = None,
         phrasings: Iterable[Phrasing] = PHRASINGS + SPANS, said: Text | None = None,
         when: Condition | None = None) -> list[tuple[str, Rule]]:
    """(phrasing name, rule) for every rule the text states with these phrasings (under `when`, the
    condition of a note the text is nested in)."""
    reader = _Reader(names, subject, said or Text(en=text.strip()), when)
    found: list[tuple[str, Rule]] = []
    text = text.replace("\\_", "_")
    phrasings = list(phrasings)
    by_sentence = [ph for ph in phrasings if not ph.across]
    pieces = [(s, by_sentence) for s in sentences(text)]
    pieces.append((text, [ph for ph in phrasings if ph.across]))
    cues = {c for ph in phrasings for c in ph.cues}
    for sentence, readers in pieces:
        if not sentence.strip():
            continue
        mentions = len(named_in(sentence, reader.names))
        if not mentions:
            continue  # every phrasing names a parameter (see below)
        chinese = bool(_CJK.search(sentence))
        low = sentence.lower()
        held = {c for c in cues if c in low}  # (each cue looked for once, not once per phrasing)
        for ph in readers:
            if (ph.subject and subject is None) or (ph.chinese and not chinese):
                continue
            if ph.cues and held.isdisjoint(ph.cues):
                continue
            # (a phrasing names two parameters, or one beside the described one or a given condition)
            if mentions < (1 if ph.subject or when is not None or ph.kind in ("optional", "required", "forbidden") else 2):
                continue
            for m in ph.pattern.finditer(sentence):
                for rule in reader.rules(ph, m):
                    params = list(rule.params) + ([rule.when.param] if rule.when else [])
                    if ph.kind != "optional" and _conditioned(_outside(sentence, m), params, names):
                        continue  # a condition this phrasing does not read: no rule
                    found.append((ph.name, rule))
    return found


_CJK = re.compile(r"[\u4e00-\u9fff]")


def optional_under_condition(texts: Iterable[str], names: Collection[str]) -> dict[str, tuple[str | None, str]]:
    """Parameters a text says become optional under some condition ("If `pegPriceType` is specified,
    `price` becomes optional"), each with the one other parameter that text names (the one whose
    sending makes it optional; None when the text names no other or several) and the text."""
    out: dict[str, tuple[str | None, str]] = {}
    for text in texts:
        if "optional" not in text.lower() and "可选" not in text:
            continue
        # the phrasings name one parameter: read it through the reader's check of real names
        for _, rule in read(text, names, phrasings=OPTIONAL_UNDER_CONDITION):
            others = {n for n in names if n not in rule.params and re.search(r"`\s*" + re.escape(n) + r"\s*`", text)}
            for p in rule.params:
                other = next(iter(others)) if len(others) == 1 else None
                if p not in out:
                    out[p] = (other, text)
                elif out[p][0] != other:
                    out[p] = (None, out[p][1])
                elif _CJK.search(out[p][1]) and not _CJK.search(text):
                    out[p] = (other, text)  # the English statement is the one quoted
    return out


def rule_key(r: Rule) -> tuple[object, ...]:
    """Rules that say the same: `either a b` is `either b a` (requires and max_span keep their order);
    the condition is part of what a rule says."""
    symmetric = r.kind not in ("requires", "max_span")
    when = None
    if r.when is not None:
        when = (r.when.param, tuple(sorted(r.when.equals)), r.when.present)
    return r.kind, tuple(sorted(r.params)) if symmetric else tuple(r.params), when


def resolve(rules: list[Rule]) -> list[Rule]:
    """Rules said twice kept once (the first statement), and by PRECEDENCE: an `either` and a
    `not_together` over the same parameters are one `one_of`, which also stands for them."""
    out: list[Rule] = []
    for r in rules:
        if not any(rule_key(x) == rule_key(r) for x in out):
            out.append(r)
    for r in list(out):
        if r.when is not None or r not in out:
            continue
        for other in list(out):
            if other is r or other.when is not None or sorted(other.params) != sorted(r.params):
                continue
            pair = frozenset({r.kind, other.kind})
            if pair in COMBINED:
                r.kind = COMBINED[pair]
                out.remove(other)
            elif other.kind in SUBSUMED.get(r.kind, ()):
                out.remove(other)
    return out


def find_rules(text: str, lang: str, names: set[str], subject: str | None = None) -> list[Rule]:
    """Cross-parameter rules stated in a note (or in the description of parameter `subject`); only rules
    naming real parameters of the endpoint, and only where the sentence states them without a condition
    on something else (a condition a phrasing reads becomes the rule's `when`)."""
    text = text.replace("\\_", "_")
    if len(names) < 2 or not _says_a_rule(text):
        return []  # a rule names two parameters and says so with one of these words
    if subject is None:
        # a note that opens with a parameter speaks of it: "`permissions` ... This cannot be used with `symbol`"
        opening = re.match(r"\s*`([A-Za-z_]\w*)`", text)
        subject = next((n for n in names if opening and n.lower() == opening.group(1).lower()), None)
    said = Text(**{lang: text.strip()})
    rules = [rule for _, rule in read(text, names, subject, said=said)]
    if not any(r.kind == "max_span" for r in rules):
        rules.extend(_span_rules(text, lang, names))
    return resolve(rules)


# ---------------------------------------------------------------- spans in other words

# A limit on the time between a start and an end argument, in any of the docs' phrasings: "The time
# between `startTime` and `endTime` can't be longer than 24 hours", "must be less than 1 hour", "is 3
# months", "cannot exceed half a year", "Less than 24 hours between startTime and endTime", "Maximum
# range: 1 months", "查询时间范围最大不得超过7天". A sentence that names no argument but the query's
# time range/period applies to the endpoint's one start/end pair.
_SPAN_LIMIT = (r"(?:longer than|exceed(?:s|ing)?|more than|greater than|less th[ae]n|at most|up to|within|"
               r"max(?:imum)?\b[^。.;；\d]{0,60}?\bis|max(?:imum)?\s+(?:time\s+)?(?:range|interval|span|period)\s*[:：]|"
               r"不得超过|不能超过|不可超过|不超过|不大于|最多|最大|最长|小于|少于)")
_DURATION = re.compile(
    _SPAN_LIMIT + r"\s*(?P<n>\d+|half an?|半|[一二两三四五六七八九十]+)\s*(?:个)?\s*(?P<unit>" + timeunits.WORDS + r")",
    re.I,
)
_COUNT = re.compile(r"\d|half|半|[一二两三四五六七八九十]")
_TIME_RANGE = re.compile(r"time (?:period|range|span|window|interval)|interval|\brange\b|时间范围|时间跨度|时间间隔|查询时间|间隔",
                         re.I)


def _span_rules(text: str, lang: str, names: Collection[str]) -> list[Rule]:
    """max_span rules from sentences limiting the time between a start and an end argument."""
    starts = sorted(n for n in names if n[:5].lower() == "start")
    ends = sorted(n for n in names if n[:3].lower() == "end")
    if not starts or not ends or not _COUNT.search(text):
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
        if count == 0.5 and timeunits.unit_of(unit) == timeunits.unit_of("year"):
            count, unit = 6, "month"  # half a year: six of the longest months
        ms = timeunits.span_ms(count, unit)
        if ms:
            return [Rule(kind="max_span", params=[start, end], value=ms, text=Text(**{lang: text.strip()}))]
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
