"""The values a parameter's description lists (EN and ZH): `SPOT or MARGIN`, `"5m","15m"`,
`Supported values: ...` (on one line, or one value per line with its meaning), `1: add, 2: reduce`.

Only words the page gives as this parameter's values are values. A word is not a value of the described
parameter when it is:
- the name of a parameter of the endpoint (`Either `symbol` or `symbols` must be provided`);
- a value of another parameter (`Required if `aboveType` is `STOP_LOSS_LIMIT``, `For `CONDITIONAL`
  algoType`, `timeInForce `GTD``);
- named to restrict or condition something (`only for `LIMIT` orders`, `used with ...`, `if`, `when`);
- the subject of a statement about orders of that type (``MARKET` and `LIMIT` order types default to
  `FULL``);
- an example (`e.g.`, `such as`, `例如`), or part of a list left open (`etc.`).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from . import timeunits

# how a value is written: UPPER_CASE words, intervals (`5m`, `1d`), day counts (`7_D`)
VALUE_TOKEN = r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{2,}[0-9]*|\d+[mhdwMs]|\d+_[A-Z]+"
STOP_WORDS = frozenset({"API", "USD", "UTC", "ID", "IP", "UID", "JSON", "HTTP", "URL", "NOTE", "YES", "NO", "GET",
                        "POST", "PUT", "DELETE", "UNIX", "NA", "NULL", "MS", "BTC", "ETH", "USDT", "BNB", "BUSD", "OR",
                        "AND"})
# words that are never a parameter's one value (a currency may be: "only support USDT")
NOT_VALUES = STOP_WORDS - {"USD", "BTC", "ETH", "USDT", "BNB", "BUSD"}

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SPACED_CODE = re.compile(r"`[ \t]*([^`\n]*?)[ \t]*`")
# a label that introduces the list: "Supported values:", "The allowed values are:", "ENUM:", "支持的值："
_LABEL = re.compile(
    r"(?:(?:supported|possible|valid|allowed|accepted|available)\s+(?:values?|enums?)(?:\s+(?:are|is|include))?"
    r"|\bvalues?(?:\s+(?:are|is|can\s+be))?|\benums?\b|可选值|枚举值?|取值(?:范围)?|可选|支持的?(?:数值|值)|有效值|支持)"
    r"\s*[:：]", re.I)
_LIST_SEP = re.compile(r"\s*(?:,|，|、|/|\bor\b|\band\b|或|和|;)\s*")
_PLAIN = re.compile(r"[A-Za-z0-9_.\-]+")
# a line of a one-value-per-line list: the value first (or a few, `1h`, `2h`), then its meaning
# (`ONLY_NEW` - Cancel will ...)
_ONE = r"[`\"']?(?:" + VALUE_TOKEN + r"|true|false)[`\"']?"
# (a short label may come first: "如果是分钟: `1m`, `2m`")
_LINE_VALUE = re.compile(r"^\s*(?:[*-]\s+)?(?:[^`\"':：\n]{1,12}[:：]\s*)?(" + _ONE + r"(?:\s*(?:,|，|、|/)\s*" + _ONE
                         + r")*)(?=\s*(?:$|[-–:：(（]|\s))")
_LINE_TOKEN = re.compile(VALUE_TOKEN + r"|true|false")
# `1m`,`2m`....`59m`: every value from the first to the last
_RANGE = re.compile(r"[`\"']?(\d+)([A-Za-z_]+)[`\"']?\s*(?:[,，、]\s*[`\"']?(\d+)\2[`\"']?\s*)?(?:\.{2,}|…+)\s*"
                    r"(?:[,，、]\s*)?[`\"']?(\d+)\2[`\"']?")
_MAX_RANGE = 400
_PROSE_GOES_ON = re.compile(r"\s*(?:\band\b|\bor\b|和|与|或)", re.I)
_CLAUSE_SPLIT = re.compile(r"[;；。]|(?<!\bi\.e)(?<!\be\.g)\.(?=\s|$)|\n")
# (a value may touch a Chinese separator, `SPOT或MARGIN`; a word touching other Chinese characters is
# part of a Chinese word, `UM策略`)
_CANDIDATE = re.compile(r"[`\"'“]([A-Za-z0-9_.\-]+)[`\"'”]|(?<![A-Za-z0-9_\-.])(" + VALUE_TOKEN
                        + r")(?![A-Za-z0-9_\-]|(?![或和与及])[\u4e00-\u9fff])")
_QUOTED_VALUE = re.compile(VALUE_TOKEN + r"|true|false|[A-Za-z][A-Za-z0-9_]*")
_CAMEL = re.compile(r"[a-z][a-z0-9]*[A-Z]\w*")  # `quoteOrderQty` names a parameter or field
# a clause naming values to restrict or condition something else: "only available for `LIMIT`
# orders", "used with ...", "if", "仅在...时", "仅 `STOP` 需要此参数" (but "仅可选择 `LONG` 或 `SHORT`" and
# "only `LONG` or `SHORT`" list the values)
_RESTRICTION = re.compile(
    r"\bonly\s+(?:\w+\s+){0,2}?(?:for|with|when|if|in|under|on|after|used|ava[il]+able|appl\w*|valid)\b"
    r"|used with|ava[il]+able for|together|\bif\b|\bwhen\b|合用|需要此参数|同时|如果|当|只有|仅(?:在|当|对|用于|适用|限)",
    re.I)
# values directly followed by "order(s)" / "order type(s)" are the subject of a statement about orders
_ORDER_NOUN = re.compile(r"[`\"'”]?\s*(?:order\s+types?|orders?\b|(?:类型)?订单)", re.I)
_EXAMPLES_BLOCK = re.compile(r"\bexamples?\s*[:：]|示例\s*[:：]", re.I)
_EXAMPLE = re.compile(r"\be\.?\s?g\b\.?|\bfor (?:example|instance)\b|\bexamples?\b|\bsuch as\b|\blike\b|accepted formats?"
                      r"|例如|比如|譬如|示例|可接受的格式|[\[{]\s*\"", re.I)
_ETC = re.compile(r"\betc\b", re.I)
_SEP_GAP = re.compile(r"[,，、/|]|\bor\b|或")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]")  # Chinese words between two values: prose, not a list
_IS = r"\s*(?:==?|\bis\b|\bare\b|\bequals?\b|\bset\s+to\b|\bselects?\b|为|是|等于|选择)\s*"


def _expand_range(m: re.Match[str]) -> str:
    first, unit, last = int(m.group(1)), m.group(2), int(m.group(4))
    if not 0 < last - first <= _MAX_RANGE:
        return m.group(0)
    return ", ".join(f"`{n}{unit}`" for n in range(first, last + 1))


def _prepare(text: str) -> str:
    """Links as their text, escaped underscores plain, code spans without padding (`` `X ` `` -> `X`),
    ranges written out (`` `1m`,`2m`....`59m` `` -> every minute from 1 to 59)."""
    text = _LINK.sub(r"\1", text.replace("\\_", "_").replace("\\-", "-"))
    if "`" in text:
        text = _SPACED_CODE.sub(r"`\1`", text)
    if "." in text or "…" in text:
        text = _RANGE.sub(_expand_range, text)
    return text


def dedupe(vals: list[str]) -> list[str]:
    out: list[str] = []
    for v in vals:
        if v and v not in out:
            out.append(v)
    return out


def _is_name(word: str, names: Collection[str]) -> bool:
    """The word names a parameter of the endpoint (a value in capitals is a value even so)."""
    if word in names:
        return True
    return not word.isupper() and word.lower() in {n.lower() for n in names}


def labeled_values(text: str, names: Collection[str] = ()) -> list[str]:
    """The values after a label ("Supported values:", "可选值："): listed on the label's line, or one
    per line below it, each before its meaning (`` `ONLY_NEW` - Cancel will succeed if ... ``)."""
    text = _prepare(text)
    for m in _LABEL.finditer(text):
        rest = text[m.end():]
        line, _, below = rest.partition("\n")
        if line.strip():
            vals = [v.strip(" `\"'“”.。") for v in _LIST_SEP.split(line.strip())]
            vals = [v for v in vals if _PLAIN.fullmatch(v) and not _is_name(v, names)]
            if len(vals) >= 2:
                return dedupe(vals)
            continue
        vals = []
        for row in below.split("\n"):
            lm = _LINE_VALUE.match(row)
            if not lm or _PROSE_GOES_ON.match(row, lm.end()) or _ORDER_NOUN.match(row, lm.end()):
                break  # "`MARKET` and `LIMIT` orders types default to `FULL`": a sentence, not a value
            vals += _LINE_TOKEN.findall(lm.group(1))
        if len(vals) >= 2:
            return dedupe(vals)
    return []


_QUOTED_NAME = re.compile(r"(?<![A-Za-z0-9_])[`\"']?([A-Za-z_][A-Za-z0-9_]*)[`\"']?")
_IS_AFTER = re.compile(_IS + r"|\s+")
_NAME_NEXT = re.compile(r"\s*[`\"']?([A-Za-z_][A-Za-z0-9_]*)")


def _other_values(clause: str, names: Collection[str], own: str | None) -> set[int]:
    """Start offsets of the values in the clause that belong to another parameter: after `x is`, `x=`,
    `x 为` (with the list that follows), right after the name (`timeInForce GTD`) or right before it
    (`CONDITIONAL algoType`)."""
    spans: set[int] = set()
    others = {n.lower() for n in names if n != own}
    if not others:
        return spans
    for t in _QUOTED_NAME.finditer(clause):
        if t.group(1).lower() not in others:
            continue
        m = _IS_AFTER.match(clause, t.end())
        if not m:
            continue
        pos = m.end()  # a list after `x is`: `STOP_LOSS_LIMIT` or `TAKE_PROFIT_LIMIT`
        while True:
            c = _CANDIDATE.match(clause, pos)
            if not c:
                break
            spans.add(c.start())
            sep = _LIST_SEP.match(clause, c.end())
            if not sep or sep.end() == c.end():
                break
            pos = sep.end()
    for c in _CANDIDATE.finditer(clause):
        n = _NAME_NEXT.match(clause, c.end())
        if n and n.group(1).lower() in others and n.group(1) != c.group(c.lastindex or 0):
            spans.add(c.start())
    return spans


def enum_values(text: str, strict: bool = False, names: Collection[str] = (), own: str | None = None) -> list[str]:
    """Enum values listed in a description (of parameter `own`, on an endpoint whose parameters are
    `names`). A labeled list wins; else the description is cut into clauses (at `;`, `。`, sentence
    ends) and the clause listing the most values wins. Quoted values are preferred; bare UPPER_CASE
    words count when separators join them (`strict`: only then, for STRING parameters)."""
    labeled = labeled_values(text, names) or _one_per_line(text, names)
    if labeled:
        return labeled
    text = _EXAMPLES_BLOCK.split(_prepare(text))[0]  # "Examples: curl ... symbols=["A","B"]": examples
    best: list[str] = []
    run: list[str] = []  # quoted lists of consecutive plain clauses: values spread over two sentences
    for clause in _CLAUSE_SPLIT.split(text):
        clause = _EXAMPLE.split(clause)[0]
        if not clause.strip() or _ETC.search(clause):
            continue
        if _RESTRICTION.search(clause):
            run = []  # "only for `LIMIT`/`STOP` orders", "used with ...": values named as context
            continue
        others = _other_values(clause, names, own) if names else set()
        quoted: list[str] = []
        bare: list[tuple[int, int, str]] = []
        subject = False
        for c in _CANDIDATE.finditer(clause):
            if c.start() in others:
                continue
            word = c.group(1) if c.group(1) is not None else c.group(2)
            if _is_name(word, names):
                continue
            if _ORDER_NOUN.match(clause, c.end()):
                subject = True
            if c.group(1) is not None:
                if _QUOTED_VALUE.fullmatch(word) and not _CAMEL.fullmatch(word):
                    quoted.append(word)
            elif word not in STOP_WORDS:
                bare.append((c.start(), c.end(), word))
        if subject:
            run = []  # "`MARKET` and `LIMIT` order types default to `FULL`": a statement about orders
            continue
        if not quoted and not bare:
            continue  # a sentence naming no value does not end the list
        listed = len(dedupe(quoted)) >= 2
        vals = dedupe(quoted) if listed else _joined(clause, bare, strict)
        # a list goes on in the next sentence, but a flag's `true`/`false` is never joined to other words
        joins = listed and run and _is_flag(run) == _is_flag(vals)
        run = dedupe(run + vals) if joins else (list(vals) if listed else [])
        if len(run) > len(best):
            best = run
        if len(vals) > len(best):
            best = vals
    return best if len(best) >= 2 else []


def _is_flag(vals: list[str]) -> bool:
    return all(v.lower() in ("true", "false") for v in vals)


_LONE_VALUE = re.compile(r"\s*[`\"']?(" + VALUE_TOKEN + r")[`\"']?\s*")


def _one_per_line(text: str, names: Collection[str]) -> list[str]:
    """A description that is only values, one per line (`BUY` / `SELL`)."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return []
    vals = []
    for line in lines:
        m = _LONE_VALUE.fullmatch(line)
        if not m or m.group(1) in STOP_WORDS or _is_name(m.group(1), names):
            return []
        vals.append(m.group(1))
    return dedupe(vals)


def _joined(clause: str, bare: list[tuple[int, int, str]], strict: bool) -> list[str]:
    """Bare words forming a list: each gap holds a separator and is short (an annotation at most)."""
    if not strict:
        return dedupe([v for _, _, v in bare])
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
    return dedupe(best) if len(best) >= 2 else []


_CODE = re.compile(r"(?<![\w.:：\-])(\d{1,3})\s*(?:[:：=]\s*(?=[A-Za-z\u4e00-\u9fff])|-(?=[A-Za-z\u4e00-\u9fff])"
                   r"(?!" + timeunits.WORDS + r"|(?:digits?|bits?)\b))", re.I)
_CODE_CLAUSE = re.compile(r"[;；。\n]")
# the one value a parameter takes: "Only `PRICE_LEVEL` is supported", "`LDUSDT` only", "LIMIT(only support
# limit)", "仅支持`LDUSDT`"
_ONLY = re.compile(r"\b(?i:only)\s+`?([A-Z][A-Z0-9_]{1,30})`?\s+(?:is|are)\s+(?:supported|allowed|accepted|valid)\b"
                   r"|(?:^|[\s(（:：,，])`?([A-Z][A-Z0-9_]{1,30})`?\s*[(（]?\s*only\b"
                   r"|\bonly\s+supports?\s+`?([A-Z][A-Z0-9_]{1,30})`?(?![A-Za-z0-9_])(?!\s*(?:and|or|,|/))"
                   r"|(?:仅|只)(?:支持|可填|可选|可传|能填|能选|能传|为)\s*`?([A-Z][A-Z0-9_]{1,30})`?(?![A-Za-z0-9_\u4e00-\u9fff])")


def code_values(text: str) -> list[str]:
    """Numeric codes each followed by its meaning: `0:pending, 6:credited, 1:success` -> 0, 6, 1.

    Only one clause that lists two or more codes counts (a lone `1: ...` is no list)."""
    text = _EXAMPLES_BLOCK.split(_LINK.sub(r"\1", text))[0]
    best: list[str] = []
    for clause in _CODE_CLAUSE.split(text):
        codes = dedupe(_CODE.findall(clause))
        if len(codes) > len(best):
            best = codes
    return best if len(best) >= 2 else []


_TRUE_FALSE_QUOTED = re.compile(r"[`\"'](true|false|TRUE|FALSE)[`\"']")
_TRUE_FALSE_BARE = re.compile(r"(?<![A-Za-z])(true|TRUE)\s*(?:,|，|/|\bor\b|或)\s*(false|FALSE)(?![A-Za-z])"
                              r"|(?<![A-Za-z])(false|FALSE)\s*(?:,|，|/|\bor\b|或)\s*(true|TRUE)(?![A-Za-z])")


def true_false(text: str) -> list[str]:
    """A string flag whose two values are both named: quoted anywhere ("Default: `false`. Set to `true`
    ..."), or bare side by side (`true, false`, `TRUE/FALSE`)."""
    vals = dedupe(_TRUE_FALSE_QUOTED.findall(text))
    if len(vals) == 2 and {v.lower() for v in vals} == {"true", "false"}:
        return vals
    m = _TRUE_FALSE_BARE.search(text)
    if m:
        return [g for g in m.groups() if g]
    return []


def only_value(text: str) -> str | None:
    """The one value a parameter takes ("`LDUSDT` only", "仅支持`LDUSDT`"), or None."""
    m = _ONLY.search(text)
    value = m and next((g for g in m.groups() if g), None)
    return value if value and value not in NOT_VALUES else None


# ---------------------------------------------------------------- value lists beside the parameter table

_VALUE_HEADER = re.compile(r"`?\s*([A-Za-z_]\w*)\s*`?\s*(?:values?|值|取值|可选值|枚举值)", re.I)
_LABEL_WORDS = re.compile(r"[A-Za-z]+")
_NOT_A_LABEL = re.compile(r"\b(?:if|when|is|are|was|be|sent|as|will|can|must|should|only)\b|[=`\"']|如果|当|时", re.I)
_CHILD_VALUE = re.compile(r"^\s*[`\"']?(" + VALUE_TOKEN + r")[`\"']?(?:\s*$|\s*[-–:：(（]|\s+(?!(?i:orders?)\b)\S)")


def table_values(rows: list[list[str]], names: Collection[str]) -> dict[str, list[str]]:
    """Values a table beside the parameters lists for one of them, in a column headed by the
    parameter's name (`Interval | `interval` value`: `1m`, `3m` ...)."""
    out: dict[str, list[str]] = {}
    if len(rows) < 2:
        return out
    by_lower = {n.lower(): n for n in names}
    for col, cell in enumerate(rows[0]):
        m = _VALUE_HEADER.fullmatch(cell.replace("*", "").strip())
        if not m or m.group(1).lower() not in by_lower:
            continue
        values: list[str] = []
        for row in rows[1:]:
            if col < len(row):
                values += [c.group(1) for c in _CANDIDATE.finditer(_prepare(row[col])) if c.group(1)]
        values = dedupe(values)
        if len(values) >= 2:
            out[by_lower[m.group(1).lower()]] = values
    return out


def _label_param(label: str, names: Collection[str]) -> str | None:
    """The parameter a list's label names: "Contract type" -> contractType, "ENUM of transfer types" -> type."""
    by_lower = {n.lower(): n for n in names}
    words = [w.lower() for w in _LABEL_WORDS.findall(label)]
    best = None
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            joined = "".join(words[i:j])
            for candidate in (joined, joined[:-1] if joined.endswith("s") else joined):
                if candidate in by_lower and (best is None or len(candidate) > len(best)):
                    best = candidate
    return by_lower[best] if best else None


def starts_with_value(text: str) -> bool:
    """An item that opens with a value (`PERPETUAL`, `MAIN_UMFUTURE Spot account transfer to ...`)."""
    m = _CHILD_VALUE.match(text.replace("\\_", "_"))
    return m is not None and m.group(1) not in STOP_WORDS


def _described_param(label: str, descriptions: dict[str, str]) -> str | None:
    """The one parameter whose description is the label ("合约类型:" over `contractType | 合约类型`)."""
    key = label.strip().lower()
    hits = [n for n, d in descriptions.items() if d and d.strip().rstrip("。.").lower() == key]
    return hits[0] if len(hits) == 1 else None


def nested_values(parent: str, children: list[str], names: Collection[str],
                  descriptions: dict[str, str] | None = None) -> tuple[str, list[str]] | None:
    """A list of values nested under a label that names a parameter ("Contract type:" / `PERPETUAL` /
    `CURRENT_QUARTER`; "ENUM of transfer types:" / `MAIN_UMFUTURE Spot account transfer to ...`), or is
    a parameter's description word for word ("合约类型:" under `contractType | ENUM | YES | 合约类型`)."""
    label = parent.strip()
    if not label.endswith((":", "：")) or len(children) < 2:
        return None
    label = label.rstrip(":： ")
    if _NOT_A_LABEL.search(label) or len(_LABEL_WORDS.findall(label)) > 6:
        return None
    param = _label_param(label, names) or _described_param(label, descriptions or {})
    if param is None:
        return None
    values = []
    for child in children:
        m = _CHILD_VALUE.match(child.replace("\\_", "_"))
        if not m or m.group(1) in STOP_WORDS:
            return None
        values.append(m.group(1))
    return param, dedupe(values)
