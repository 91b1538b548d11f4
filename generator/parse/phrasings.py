"""How the docs state a rule across parameters, as data: one named phrasing per way of writing it, with
English and Chinese examples beside it (tests/parse/test_phrasings.py checks every example).

A phrasing is a regex whose named groups say what each part is:
- `a`, `b`, `c`: the parameters the rule is about (for `requires`, `a` is the one sent, `b` the one it
  needs; for `required`/`forbidden`, the ones required or forbidden);
- `cond` and `vals`: the condition (`when`): the parameter and, when given, the values it must have
  (`Required if `aboveType` is `STOP_LOSS_LIMIT``); without `vals` the condition is that `cond` is sent;
- `n`, `unit`: a span (`max_span`).
`subject` says what role the described parameter plays when the phrasing is read in a parameter's own
description ("Can't be passed together with `price`"): "party" (one of the rule's parameters, first),
"sent" (`requires`: it needs `a`), "needed" (`requires`: `a` needs it) or "target" (it is required or
forbidden). `pairwise` phrasings name one partner or several (`a` cannot be sent with `b` or `c`) and make
one rule per partner.

Which rule wins when several are found is not decided here but by `rules.PRECEDENCE`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .timeunits import WORDS as TIME_WORDS


# An opening and a closing quote: the curly one in a group of its own (a character class holding it is
# compiled to a 64 KB table, about half a millisecond for each of the hundreds of quotes below).
_OPEN = r"(?:[`\"']|(?-i:“))"
_CLOSE = r"(?:[`\"']|(?-i:”))"


def param(group: str) -> str:
    """A parameter name, bare or quoted, a space inside the quotes allowed (`` `origClientOrderIdList ` ``)."""
    return _OPEN + r"?\s*(?P<" + group + r">[A-Za-z_]\w*)\s*" + _CLOSE + "?"


A, B, C, COND = param("a"), param("b"), param("c"), param("cond")
# (values in capitals even where the phrasing is read without regard to case: "is sent" names no value)
_VALUE = _OPEN + r"?\s*(?:(?-i:[A-Z][A-Z0-9_]*)|-?\d+(?:\.\d+)?|(?i:true|false))\s*" + _CLOSE + "?"
VALS = r"(?P<vals>" + _VALUE + r"(?:\s*(?:,|，|、|/|\bor\b|\band\b|或者|或|和|与)\s*" + _VALUE + r")*)"
# "is", "=", "set to", "为": the condition's parameter has a value
IS = r"\s*(?:==?|\b(?:is|are)\s+(?:set\s+to|equal\s+to)\b|\bis\b|\bare\b|\bequals?\b|\bset\s+to\b|\bselects?\b|为|是|等于|选择)\s*"
SENT = r"(?:sent|provided|specified|used|passed|given)"
# a parameter not followed by a value: "with `closePosition`=`true`" is a condition, not a partner
NO_VALUE = r"(?![\w`\"'])(?!\s*(?:=|==|:|is\b|set to|equals?\b|为|等于|是))(?!\s*(?:and|or|,)\s*[`\"']?[A-Za-z_])"
NO_VALUE_NEXT = r"(?![A-Za-z0-9_`\"'])(?!\s*(?:=|==|:|is\b|set to|equals?\b|为|等于|是))"
_CANNOT = r"(?:cannot|can't|can not|must not|should not|could not|shall not)"


@dataclass(frozen=True)
class Example:
    """A sentence the phrasing must read, and the rule it gives: "either orderId origClientOrderId",
    "required goodTillDate when timeInForce=GTD", "forbidden quantity when closePosition=true",
    "requires stopPrice workingType when stopPrice sent", "max_span startTime endTime 3600000"."""

    text: str
    rule: str
    subject: str | None = None  # the parameter whose description the text is


@dataclass(frozen=True)
class Phrasing:
    name: str
    kind: str
    pattern: re.Pattern[str]
    examples: tuple[Example, ...]
    subject: str = ""  # "" | "party" | "sent" | "needed" | "target"
    pairwise: bool = False
    across: bool = False  # read over the whole text, not sentence by sentence ("... These must be ... together")
    groups: tuple[str, ...] = field(default=())

    chinese: bool = False  # a Chinese phrasing (named `zh-…`): read only in sentences with Chinese words
    cues: tuple[str, ...] = ()  # words one of which a sentence must hold for the phrasing to be tried (CUES)

    def __post_init__(self) -> None:
        object.__setattr__(self, "groups", tuple(self.pattern.groupindex))
        object.__setattr__(self, "chinese", "zh-" in self.name)


def _p(name: str, kind: str, regex: str, *examples: Example, subject: str = "", pairwise: bool = False,
       across: bool = False, flags: int = re.I) -> Phrasing:
    return Phrasing(name, kind, re.compile(regex, flags), tuple(examples), subject, pairwise, across)


E = Example

PHRASINGS: tuple[Phrasing, ...] = (
    # ------------------------------------------------------------ either: at least one of
    _p("either-or-must", "either",
       r"\beither\s*" + A + r"\s+or\s+" + B + r"\s*,?\s+(?:must|should|has to|needs? to|is required|are required)",
       E("Either `orderId` or `origClientOrderId` must be sent.", "either orderId origClientOrderId"),
       E("Either `orderId` or `origClientOrderId` must be sent, and the `orderId` will prevail if both are sent.",
         "either orderId origClientOrderId"),
       E("Either `origClientOrderIdList ` or `orderIdList` must be sent.", "either origClientOrderIdList orderIdList")),
    _p("or-must-be-sent", "either",
       r"(?<!\beither\s)(?<![\w`])" + A + r"\s+or\s+" + B + r"\s+(?:must|should|has to|needs? to)\s+be\s+" + SENT,
       E("`txId` or `startTime` must be sent.", "either txId startTime")),
    _p("one-of-is-required", "either",
       r"\bone of\s+" + A + r"\s+(?:or|and)\s+" + B + r"\s+(?:is|are)\s+(?:required|mandatory)",
       E("Base asset amount. (One of `baseAmount` or `quoteAmount` is required)", "either baseAmount quoteAmount")),
    _p("at-least-one-of", "either", r"\bat least one (?:instance )?of\s+" + A + r"\s*(?:,|and|or)\s*" + B,
       E("At least one instance of `orderId` and `clientOrderId` must be sent.", "either orderId clientOrderId")),
    _p("sent-at-least-one", "either",
       A + r"\s+(?:and|or)\s+" + B + r"\s+(?:should|must)\s+(?:be\s+sent\s+)?at least one",
       E('"spotBNBBurn" and "interestBNBBurn" should be sent at least one.', "either spotBNBBurn interestBNBBurn")),
    _p("zh-or-must", "either",
       A + r"\s*(?:或者|或|与|和)\s*" + B + r"\s*(?:必须(?!同时|都|一起|全部)|至少)",
       E("`orderId` 与 `origClientOrderId` 必须至少发送一个，同时发送则以 order id为准", "either orderId origClientOrderId"),
       E("`symbol` 或者 `symbols` 必须提供之一", "either symbol symbols")),
    _p("zh-must-send-or", "either", r"(?:必须|需要)(?:发送|提供|传)\s*" + A + r"\s*(?:或者|或)\s*" + B,
       E("必须提供 `cancelOrderId` 或者 `cancelOrigClientOrderId`。", "either cancelOrderId cancelOrigClientOrderId")),
    _p("zh-one-of-them-required", "either",
       A + r"\s*(?:与|和|或者|或)\s*" + B + r"\s*(?:之一|其中之一|其中一个|中的一个|至少一个|至少其一)\s*(?:为)?"
       r"\s*(?:必须|需要|必需|必填|必传)",
       E("`strategyId` 与 `newClientStrategyId` 之一必须发送", "either strategyId newClientStrategyId"),
       E("`orderId` 与 `origClientOrderId` 中的一个为必填参数", "either orderId origClientOrderId"),
       E("`symbol` 或 `pair` 其中一个必传", "either symbol pair")),
    _p("zh-at-least-one-needed", "either",
       r"(?:至少|最少)(?:需要)?(?:发送|提供|传|指定)?\s*" + A + r"\s*(?:与|和|或)\s*" + B + r"\s*(?:中的一个|其中之一|之一)",
       E("至少需要发送 `orderId` 与 `origClientOrderId`中的一个，同时发送则以 orderId 为准", "either orderId origClientOrderId"),
       E("最少指定fromEmail和toEmail 其中之一", "either fromEmail toEmail")),
    _p("zh-provide-one-of", "either", r"(?:提供|发送|传)\s*" + A + r"\s*(?:或者|或)\s*" + B + r"\s*(?:其中)?之一",
       E("提供 symbol或者symbols 其中之一", "either symbol symbols")),
    # (at least one of two, but only for some values of a third: "Can be used if `aboveType` is `STOP_LOSS`,
    # `TAKE_PROFIT`. Either `aboveStopPrice` or `aboveTrailingDelta` or both, must be specified.")
    _p("usable-if-is-either-or-both", "either",
       r"\b(?:can\s+(?:only\s+)?be\s+used|(?:is|are)\s+(?:only\s+)?(?:valid|available|used))\s+(?:only\s+)?(?:if|when)\s+"
       + COND + IS + VALS + r"\s*[.。]?\s*either\s+" + A + r"\s+or\s+" + B
       + r"\s+or\s+both\s*,?\s+(?:must|should|has to|needs? to)\s+be\s+(?:specified|sent|provided|given)",
       E("Can be used if `aboveType` is `STOP_LOSS`, `STOP_LOSS_LIMIT`, `TAKE_PROFIT`, `TAKE_PROFIT_LIMIT`.   \n"
         "Either `aboveStopPrice` or `aboveTrailingDelta` or both, must be specified.",
         "either aboveStopPrice aboveTrailingDelta when aboveType=STOP_LOSS,STOP_LOSS_LIMIT,TAKE_PROFIT,TAKE_PROFIT_LIMIT"),
       E("Can be used if `belowType` is `STOP_LOSS`, `STOP_LOSS_LIMIT, TAKE_PROFIT` or `TAKE_PROFIT_LIMIT`   \n"
         "Either belowStopPrice or belowTrailingDelta or both, must be specified.",
         "either belowStopPrice belowTrailingDelta when belowType=STOP_LOSS,STOP_LOSS_LIMIT,TAKE_PROFIT,TAKE_PROFIT_LIMIT"),
       across=True),
    _p("zh-usable-if-is-must-either-or-both", "either",
       r"(?:如果|若|当)\s*" + COND + IS + VALS + r"\s*(?:时)?\s*(?:才能|才可以?|才|可以?)?(?:使用|用|可用)\s*[。.]?\s*"
       r"(?:必须|需要?)(?:指定|发送|提供|传)\s*" + A + r"\s*(?:或|、)\s*" + B + r"\s*(?:或|、)\s*两者",
       E("如果 `aboveType` 是 `STOP_LOSS`, `STOP_LOSS_LIMIT`, `TAKE_PROFIT` 或 `TAKE_PROFIT_LIMIT` 才能使用。  \n"
         "必须指定 `aboveStopPrice` 或 `aboveTrailingDelta` 或两者。",
         "either aboveStopPrice aboveTrailingDelta when aboveType=STOP_LOSS,STOP_LOSS_LIMIT,TAKE_PROFIT,TAKE_PROFIT_LIMIT"),
       across=True),
    _p("zh-usable-if-is-either-or-both-must", "either",
       r"(?:如果|若|当)\s*" + COND + IS + VALS + r"\s*(?:时)?\s*(?:才能|才可以?|才|可以?)?(?:使用|用|可用)\s*[。.]?\s*"
       + A + r"\s*(?:或|、)\s*" + B + r"\s*(?:或|、)\s*两者(?:之一|其一)?\s*(?:必须|需要?)",
       E("当 `pendingBelowType` 为 `STOP_LOSS`、`STOP_LOSS_LIMIT`、`TAKE_PROFIT` 或 `TAKE_PROFIT_LIMIT` 时可用。"
         "`pendingBelowStopPrice`、`pendingBelowTrailingDelta` 或两者之一必须被指定。",
         "either pendingBelowStopPrice pendingBelowTrailingDelta when pendingBelowType=STOP_LOSS,STOP_LOSS_LIMIT,"
         "TAKE_PROFIT,TAKE_PROFIT_LIMIT"),
       across=True),
    # ------------------------------------------------------------ one_of: exactly one of
    _p("exactly-one-of", "one_of", r"\bexactly one of\s+" + A + r"\s*(?:,|or|and)\s*" + B,
       E("Exactly one of `baseAmount` or `quoteAmount` must be sent.", "one_of baseAmount quoteAmount")),
    _p("zh-one-and-only-one", "one_of",
       A + r"\s*(?:或者|或|与|和)\s*" + B + r"\s*(?:需且仅需|必须且只能|有且仅有|只能且必须)(?:填写|发送|传|提供)?(?:一个|其一)",
       E("`baseAmount`或`quoteAmount`需且仅需一个.", "one_of baseAmount quoteAmount"),
       E("Base asset 金额 (baseAmount 或 quoteAmount 需且仅需填写一个)", "one_of baseAmount quoteAmount")),
    _p("zh-one-but-not-both", "one_of",
       A + r"\s*(?:或者|或|与|和)\s*" + B + r"\s*必须(?:至少)?(?:发送|传|提供)?一个\s*[,，]\s*"
       r"不(?:能|可|可以)?同时(?:发送|传入?|提供|使用)?",
       E("`symbol` 或 `pair`必须传一个，不能同时传", "one_of symbol pair"),
       E("`orderIds` 与 `clientOrderIds` 必须至少发送一个，不可同时发送", "one_of orderIds clientOrderIds")),
    # ------------------------------------------------------------ not_together: at most one of
    _p("cannot-be-sent-together", "not_together",
       A + r"\s+and\s+" + B + r"\s+" + _CANNOT + r"\s+be\s+(?:sent|used|provided|specified|passed)\s+"
       r"(?:together|at the same time|simultaneously|in combination)",
       E("Symbol and pair cannot be sent together", "not_together symbol pair"),
       E("Parameter symbol and symbols cannot be used in combination.", "not_together symbol symbols"),
       E("fromEmail and toEmail cannot be sent at the same time.", "not_together fromEmail toEmail")),
    _p("cannot-send-both", "not_together",
       r"(?:cannot|can't|can not|do not|don't)\s+(?:send|use|provide|specify)\s+(?:both\s+)?" + A + r"\s+and\s+" + B
       + r"\s+(?:together|at the same time|simultaneously)",
       E("You cannot send both `fromId` and `startTime` at the same time", "not_together fromId startTime")),
    _p("only-one-of-can", "not_together",
       r"\bonly one of\s+" + A + r"\s*(?:,|or|and)\s*" + B + r"(?:\s*(?:,|or|and)\s*" + C + r")?(?:\s+parameters?)?\s+can\s+be",
       E("Only one of `symbol`, `symbols`, `permissions` parameters can be provided.",
         "not_together symbol symbols permissions")),
    _p("zh-not-at-the-same-time", "not_together",
       A + r"\s*(?:参数)?\s*(?:和|与|及|或|、)\s*" + B + r"\s*(?:参数)?\s*(?:[^。；;.，,]{0,10}[，,]\s*)?"
       r"(?:不(?:接受|能|可|可以|允许|要)?同时(?:发送|传入?|使用|提供|指定)?)",
       E("symbol 和 pair 不可同时提供", "not_together symbol pair"),
       E("`fromId` 或 `pair` 不能同时传", "not_together fromId pair"),
       E("fromEmail 和 toEmail 不可以同时发送", "not_together fromEmail toEmail"),
       E("本查询接口只可以单边查询，fromEmail 和 toEmail 不能同时传入。", "not_together fromEmail toEmail")),
    _p("zh-not-at-the-same-time-verb-first", "not_together",
       r"不(?:能|可|可以|允许|要)同时(?:发送|传入?|使用|提供|指定)\s*" + A + r"\s*(?:和|与|及|或|、)\s*" + B,
       E("不能同时发送 `symbol` 和 `pair`", "not_together symbol pair")),
    _p("mutually-exclusive", "not_together",
       A + r"\s+and\s+" + B + r"\s+are\s+mutually\s+exclusive",
       E("`orderId` and `fromId` are mutually exclusive.", "not_together orderId fromId")),
    _p("or-but-not-both", "not_together",
       A + r"\s+or\s+" + B + r"\s*,?\s+but\s+not\s+both",
       E("Send `quantity` or `quoteOrderQty`, but not both.", "not_together quantity quoteOrderQty")),
    _p("zh-mutually-exclusive", "not_together",
       A + r"\s*(?:和|与|及)\s*" + B + r"\s*(?:参数)?\s*(?:互斥|相互排斥)",
       E("`orderId` 与 `fromId` 互斥", "not_together orderId fromId")),
    _p("cannot-be-sent-with", "not_together",
       A + r"\s+" + _CANNOT + r"\s+be\s+(?:sent|used|passed|provided|combined)\s+(?:together\s+)?with\s+" + B
       + NO_VALUE_NEXT + r"(?:\s+(?:or|and)\s+" + C + NO_VALUE_NEXT + r")?",
       E("The parameter `fromId` cannot be sent with `startTime` or `endTime`.",
         "not_together fromId startTime; not_together fromId endTime"),
       pairwise=True),
    _p("zh-cannot-be-sent-with", "not_together",
       A + r"\s*不(?:能|可|可以|要)?(?:和|与|跟)\s*" + B + r"(?:\s*(?:或|与|和|、)\s*" + C + r")?\s*(?:一起|同时)"
       r"(?:发送|传|使用|提供)",
       E("参数`fromId`不能和`startTime`或`endTime`一起发送", "not_together fromId startTime; not_together fromId endTime"),
       pairwise=True),
    _p("zh-none-combined", "not_together",
       A + r"\s*[、,]\s*" + B + r"\s*(?:和|与|及|以及|或)\s*" + C + r"\s*(?:不能|不可|不可以)(?:相互|互相)?(?:组合|同时|一起)",
       E("参数 `symbol`、`symbols` 和 `permissions` 不能相互组合使用。", "not_together symbol symbols permissions")),
    _p("subject-cannot-be-sent-with", "not_together",
       _CANNOT + r"\s+be\s+(?:sent|used|passed|provided|combined)\s+(?:together\s+)?with\s+" + A + NO_VALUE,
       E("only for LIMIT orders; Can't be passed together with `price`", "not_together priceMatch price",
         subject="priceMatch"),
       subject="party"),
    _p("subject-if-sent-neither-can", "not_together",
       r"^\s*if\s+(?:supplied|provided|sent|set|given|used)\s*,?\s*neither\s+" + A + r"\s+(?:or|nor)\s+" + B
       + r"\s+(?:can|may|should|must)\s+be\s+(?:sent|provided|supplied|specified|used|passed|given)",
       E("If supplied, neither `startTime` or `endTime` can be provided",
         "not_together fromId startTime; not_together fromId endTime", subject="fromId"),
       subject="party", pairwise=True),
    _p("subject-zh-if-sent-neither-can", "not_together",
       r"^\s*(?:如果|若)?(?:提供|发送|传入?|使用)(?:该项|该参数|此项|此参数|了)?(?:后|时)\s*[,，]?\s*" + A
       + r"\s*(?:和|与|及|、)\s*" + B + r"\s*(?:都|均)不(?:可|能|可以|允许|要)?(?:提供|发送|传入?|使用)",
       E("提供该项后, `startTime` 和 `endTime` 都不可提供", "not_together fromId startTime; not_together fromId endTime",
         subject="fromId"),
       subject="party", pairwise=True),
    _p("subject-in-combination-with", "not_together",
       _CANNOT + r"\s+be\s+(?:used|sent|combined)\s+in\s+combination\s+with\s+" + A
       + r"(?:\s+(?:or|and)\s+" + B + r")?" + NO_VALUE,
       E("This cannot be used in combination with `symbol` or `symbols`.",
         "not_together permissions symbol; not_together permissions symbols", subject="permissions"),
       subject="party", pairwise=True),
    _p("subject-zh-not-with", "not_together",
       r"不(?:能|可|可以|允许)与\s*" + A + r"(?:\s*(?:或|和|、)\s*" + B + r")?\s*(?:组合|同时|一起)(?:使用|发送|传|提供)?",
       E("`QUEUE`/`QUEUE_5`；不能与price同时传", "not_together priceMatch price", subject="priceMatch"),
       subject="party", pairwise=True),
    # ------------------------------------------------------------ requires: a needs b
    _p("mandatory-when-sent", "requires",
       B + r"\s+(?:is|becomes)\s+(?:mandatory|required)\s+(?:when|if)\s+" + A + r"\s+is\s+" + SENT + r"\b",
       E("`workingType` is mandatory when `stopPrice` is sent.", "requires stopPrice workingType")),
    _p("if-sent-then-must", "requires",
       r"\bif\s+" + A + r"\s+is\s+" + SENT + r"\s*,?\s*(?:then\s+)?" + B
       + r"\s+(?:must|should|has to|needs to)\s+(?:also\s+)?be\s+(?:sent|provided|specified)",
       E("If `stopPrice` is provided, `workingType` must also be sent.", "requires stopPrice workingType")),
    _p("must-be-sent-with", "requires",
       A + r"\s+(?:must|should|has to|needs to)\s+(?:also\s+)?be\s+(?:sent|provided|used)\s+(?:together\s+)?with\s+"
       + B + NO_VALUE,
       E("`amount` must be sent together with `network`", "requires amount network")),
    _p("can-only-be-sent-with", "requires",
       A + r"\s+can only be (?:sent|used|provided)\s+(?:together\s+)?with\s+" + B + NO_VALUE,
       E("`OrderId` can only be sent together with symbol", "requires orderId symbol")),
    _p("zh-when-sent-required", "requires",
       r"(?:当|若|如果)?(?<!不)(?<!未)(?:发送|传入|传|提供|使用)了?\s*" + A + r"\s*(?:参数)?\s*(?:时|后)\s*[，,]?\s*" + B
       + r"\s*(?:为)?(?:必填|必传|必须(?:发送|传|提供)?|必需)",
       E("当发送 `stopPrice` 时，`workingType` 必填", "requires stopPrice workingType")),
    _p("zh-must-be-sent-with", "requires",
       A + r"\s*(?:需要|需|必须)(?:要)?(?:与|和)\s*(?:参数)?\s*" + B + r"\s*(?:同时|一起)(?:发送|传|使用|提供)",
       E("`amount` 需要与 `network` 同时发送", "requires amount network")),
    _p("subject-mandatory-when-sent", "requires",
       r"^\s*(?:it\s+is\s+)?(?:mandatory|required)\s+(?:when|if)\s+" + A + r"\s+is\s+" + SENT + r"\b",
       E("Mandatory when `stopPrice` is sent", "requires stopPrice workingType", subject="workingType"),
       subject="needed"),
    _p("subject-must-be-sent-with", "requires",
       r"^\s*(?:must|should)\s+(?:also\s+)?be\s+(?:sent|provided|used)\s+(?:together\s+)?with\s+" + A + NO_VALUE,
       E("Must be sent with `network`.", "requires amount network", subject="amount"),
       subject="sent"),
    _p("subject-zh-when-sent-required", "requires",
       r"(?:当|若|如果)?(?<!不)(?<!未)(?:发送|传入|传|提供|使用)了?\s*" + A + r"\s*(?:参数)?\s*(?:时|后)\s*[，,]?\s*"
       r"(?:为|则)?(?:必填|必传|必须(?:发送|传|提供)|必需)",
       E("传 `stopPrice` 时必填", "requires stopPrice workingType", subject="workingType"),
       subject="needed"),
    _p("subject-zh-must-be-sent-with", "requires",
       r"^\s*(?:需要|需|必须)(?:要)?(?:与|和)\s*(?:参数)?\s*" + A + r"\s*(?:同时|一起)(?:发送|传|使用|提供)",
       E("必须要和参数`symbol`一起使用。", "requires orderId symbol", subject="orderId"),
       subject="sent"),
    _p("subject-if-provided-required", "requires",
       r"^\s*if (?:provided|sent|set|used|given)\s*,?\s*" + A + r"\s+(?:is|becomes)\s+(?:required|mandatory)",
       E("If provided, stopLimitTimeInForce is required.", "requires stopLimitPrice stopLimitTimeInForce",
         subject="stopLimitPrice"),
       subject="sent"),
    _p("subject-zh-if-provided-required", "requires",
       r"^\s*(?:如果|若)(?:提供|发送|传入?)\s*[,，]?\s*(?:须|需|必须)(?:配合|同时)(?:提交|发送|传)\s*" + A,
       E("如果提供，须配合提交`stopLimitTimeInForce`", "requires stopLimitPrice stopLimitTimeInForce",
         subject="stopLimitPrice"),
       subject="sent"),
    # ------------------------------------------------------------ together: each needs the other (two requires)
    _p("must-be-specified-together", "together",
       A + r"\s+and\s+" + B + r"\s+(?:must|should|have to|need to)\s+(?:both\s+)?be\s+(?:specified|sent|used|provided)"
       r"\s+together",
       E("`pegOffsetType` and `pegOffsetValue` must be specified together.",
         "requires pegOffsetType pegOffsetValue; requires pegOffsetValue pegOffsetType")),
    _p("these-must-be-specified-together", "together",
       A + r"\s+and\s+" + B + r"\b[^.。;；\n]*[.。]\s*(?:these|both|the\s+two)\s+(?:two\s+)?(?:parameters\s+)?"
       r"(?:must|should|have to|need to)\s+(?:both\s+)?be\s+(?:specified|sent|used|provided)\s+together",
       E("Use `pegOffsetType` and `pegOffsetValue` to request a price level other than the best one. These parameters "
         "must be specified together.", "requires pegOffsetType pegOffsetValue; requires pegOffsetValue pegOffsetType"),
       across=True),
    _p("zh-must-be-sent-together", "together",
       A + r"\s*(?:和|与|及)\s*" + B + r"\s*(?:参数)?\s*(?:必须|需要|需)(?:同时|一起|全部)(?:发送|传|提供|使用|指定)",
       E("`quantity` 与 `price` 必须全部发送", "requires quantity price; requires price quantity"),
       E("`pegOffsetType` 和 `pegOffsetValue` 必须同时指定", "requires pegOffsetType pegOffsetValue; requires pegOffsetValue pegOffsetType")),
    # ------------------------------------------------------------ required / forbidden under a condition
    _p("subject-required-when-is", "required",
       r"\b(?:mandatory|required|must be sent)\s+(?:when|if)\s+" + COND + IS + VALS,
       E("Required if `aboveType` is `STOP_LOSS_LIMIT` or `TAKE_PROFIT_LIMIT`",
         "required aboveTimeInForce when aboveType=STOP_LOSS_LIMIT,TAKE_PROFIT_LIMIT", subject="aboveTimeInForce"),
       E("order cancel time for timeInForce `GTD`, mandatory when `timeInforce` set to `GTD`",
         "required goodTillDate when timeInForce=GTD", subject="goodTillDate"),
       E("required when isIsolated is true, e.g., BNBUSDT", "required symbol when isIsolated=true", subject="symbol"),
       subject="target"),
    _p("subject-zh-required-when-is", "required",
       r"(?:如果|若|当)\s*" + COND + IS + VALS + r"\s*(?:时|后)?\s*[，,]?\s*(?:则)?\s*(?:为)?"
       r"(?:必填|必传|必须|必需|需要)",
       E("如果 `aboveType` 是 `STOP_LOSS_LIMIT` 或 `TAKE_PROFIT_LIMIT`，则为必填项",
         "required aboveTimeInForce when aboveType=STOP_LOSS_LIMIT,TAKE_PROFIT_LIMIT", subject="aboveTimeInForce"),
       E("TIF为GTD时订单的自动取消时间， 当`timeInforce`为`GTD`时必传", "required goodTillDate when timeInForce=GTD",
         subject="goodTillDate"),
       E("交易对名称，当isIsolated为true时必填，例如：BNBUSDT", "required symbol when isIsolated=true", subject="symbol"),
       subject="target"),
    _p("subject-forbidden-with-value", "forbidden",
       _CANNOT + r"\s+be\s+(?:sent|used|passed|provided)\s+(?:together\s+)?with\s+" + COND + IS + VALS,
       E("quantity measured by contract number, Cannot be sent with `closePosition`=`true`",
         "forbidden quantity when closePosition=true", subject="quantity"),
       E("Order quantity, cannot be sent with `closePosition=true`", "forbidden quantity when closePosition=true",
         subject="quantity"),
       subject="target"),
    _p("if-is-then-must", "required",
       r"\b(?:if|when)\s+" + COND + IS + VALS + r"\s*,?\s*(?:then\s+)?" + A
       + r"\s+(?:must|should|has to|needs to)\s+(?:also\s+)?be\s+(?:sent|provided|specified|filled(?:\s+in)?)",
       E('If isIsolated ="TRUE", symbol must be sent', "required symbol when isIsolated=TRUE"),
       E("When type selects `ISOLATED`, `symbol` must be filled in", "required symbol when type=ISOLATED")),
    _p("must-be-sent-when-is", "required",
       A + r"\s+(?:must|should|has to|needs to)\s+be\s+" + SENT + r"\s+(?:when|if)\s+" + COND + IS + VALS,
       E("`fromSymbol` must be sent when type are ISOLATEDMARGIN_MARGIN and ISOLATEDMARGIN_ISOLATEDMARGIN",
         "required fromSymbol when type=ISOLATEDMARGIN_MARGIN,ISOLATEDMARGIN_ISOLATEDMARGIN")),
    _p("is-mandatory-when-is", "required",
       A + r"\s+(?:is|becomes)\s+(?:mandatory|required)\s+(?:when|if)\s+" + COND + IS + VALS,
       E("`workingType` is mandatory when `stopPrice` is `LIMIT`", "required workingType when stopPrice=LIMIT")),
    _p("zh-if-is-then-required", "required",
       r"(?:(?:如果|若|当)\s*)?" + COND + IS + VALS + r"\s*(?:时|后)?\s*[，,]?\s*(?:则)?\s*" + A
       + r"\s*(?:为|是)?\s*(?:必填|必传|必须(?:发送|传|提供|填写)?|必需|需要(?:填入|发送|传|提供))",
       E('如果 isIsolated = "TRUE", symbol 为必填', "required symbol when isIsolated=TRUE"),
       E("`type`选择`ISOLATED`后，`symbol`需要填入", "required symbol when type=ISOLATED")),
    _p("cannot-be-sent-with-value", "forbidden",
       A + r"\s+" + _CANNOT + r"\s+be\s+(?:sent|used|passed|provided)\s+(?:together\s+)?with\s+" + COND + IS + VALS,
       E("`quantity` cannot be sent with `closePosition`=`true`", "forbidden quantity when closePosition=true")),
)

# "If `pegPriceType` is specified, `price` becomes optional": a parameter that is optional under some
# condition is never made required by a conditional rule (the model cannot say "required unless")
OPTIONAL_UNDER_CONDITION: tuple[Phrasing, ...] = (
    _p("becomes-optional", "optional", A + r"\s+(?:becomes|is|will be)\s+optional",
       E("If `pegPriceType` is specified, `price` becomes optional. Otherwise, it is still mandatory.", "optional price")),
    _p("zh-becomes-optional", "optional",
       A + r"\s*(?:字段|参数)?\s*(?:将|会)?(?:是|为|变为|成为)可选",
       E("如果使用了 `pegPriceType`， 那么 `price` 字段将是可选的。", "optional price")),
)

# "max_span": the longest time between a start and an end argument
SPANS: tuple[Phrasing, ...] = (
    _p("max-interval-between", "max_span",
       r"(?:max(?:imum)?|most)\s+(?:time\s+)?(?:interval|span|range|difference)\s+between\s+" + A + r"\s+and\s+" + B
       + r"\s+(?:is|should be|can be|cannot exceed|must be less than)?\s*(?:less than\s*)?(?P<n>\d+)\s*(?P<unit>"
       + TIME_WORDS + r")",
       E("The max interval between `startTime` and `endTime` is 3 months.", "max_span startTime endTime 8035200000")),
    _p("zh-interval-between", "max_span",
       A + r"\s*(?:和|与|及)\s*" + B + r"\s*(?:之间|的时间间隔|间隔|的间隔|的最大间隔|之间的最大间隔)[^\d。.]{0,12}?(?P<n>\d+)\s*(?P<unit>"
       + TIME_WORDS + r")",
       E("startTime 和 endTime 之间最多只能相差7天", "max_span startTime endTime 604800000")),
    _p("time-between-cannot-exceed", "max_span",
       r"time between\s+" + A + r"\s+and\s+" + B + r"\s+" + _CANNOT + r"\s+(?:be )?"
       r"(?:longer than|exceed|more than)\s*(?P<n>\d+)\s*(?P<unit>" + TIME_WORDS + r")",
       E("The time between `startTime` and `endTime` can not be longer than 24 hours",
         "max_span startTime endTime 86400000")),
    # (a span that holds only when another argument is sent)
    _p("if-sent-time-between", "max_span",
       r"\b(?:if|when)\s+" + COND + r"\s+(?:is|are)\s+" + SENT + r"\s*,?\s*(?:then\s+)?(?:the\s+)?time\s+between\s+" + A
       + r"\s+and\s+" + B + r"\s+(?:must\s+be\s+(?:less than|within|at most)|" + _CANNOT
       + r"\s+(?:be\s+)?(?:longer than|more than|greater than|exceed))\s*(?P<n>\d+)\s*(?P<unit>" + TIME_WORDS + r")",
       E("If `withdrawOrderId` is sent, time between `startTime` and `endTime` must be less than 7 days.",
         "max_span startTime endTime 604800000 when withdrawOrderId sent")),
    _p("zh-if-sent-time-between", "max_span",
       r"(?:若|如果|当)(?:传了|传入了?|发送了?|提供了?|传)\s*" + COND + r"\s*(?:时)?\s*[，,]\s*(?:则)?(?:请求的)?\s*" + A
       + r"\s*(?:与|和|及)\s*" + B + r"\s*(?:的)?(?:时间)?间隔\s*(?:不得|不能|不可|须|必须)?(?:超过|大于|小于)\s*(?P<n>\d+)\s*"
       r"(?:个)?\s*(?P<unit>" + TIME_WORDS + r")",
       E("若传了`withdrawOrderId`，则请求的`startTime` 与 `endTime`的时间间隔不得超过7天.",
         "max_span startTime endTime 604800000 when withdrawOrderId sent")),
)

# Items nested under an item that states a condition (`` `STOP_MARKET` with `closePosition`=`true`: ``):
# the rule holds under the parent's condition (conditions.scoped_rules supplies it as `when`)
SCOPED: tuple[Phrasing, ...] = (
    _p("scoped-cannot-be-used-with", "forbidden",
       r"^\s*(?:it\s+)?" + _CANNOT + r"\s+be\s+(?:used|sent|passed|provided)\s+(?:together\s+)?with\s+" + A
       + r"(?:\s*(?:parameter|paremeter|param))?\s*[.。]?\s*$",
       E("Cannot be used with `quantity` paremeter", "forbidden quantity")),
    _p("scoped-zh-not-supported", "forbidden",
       r"不(?:支持|能使用|可使用|能与|可与)\s*" + A + r"\s*(?:参数)\s*(?:同时使用|一起使用)?\s*[.。]?\s*$",
       E("不支持 `quantity` 参数", "forbidden quantity"),
       E("自带只平仓属性,不支持`reduceOnly`参数", "forbidden reduceOnly")),
    _p("scoped-is-required", "required",
       r"^\s*" + A + r"\s+(?:is\s+)?(?:mandatory|required|must be sent)\s*[.。]?\s*$",
       E("`stopPrice` is required", "required stopPrice")),
    _p("scoped-zh-is-required", "required",
       r"^\s*" + A + r"\s*(?:为|是)?\s*(?:必填|必传|必须发送|必需)(?:参数)?\s*[.。]?\s*$",
       E("`stopPrice` 必填", "required stopPrice")),
)

# "In addition to all parameters accepted by `POST /api/v3/order`": the endpoint takes that endpoint's
# parameters too (link.py gives them to it). The groups are the referenced request's method and path.
_ROUTE = r"\[?\s*`?\s*(?P<method>GET|POST|PUT|DELETE|PATCH)\s+(?P<path>/[A-Za-z0-9_/{}\-]*[A-Za-z0-9_}])\s*`?\s*\]?(?:\([^)\s]*\))?"
REFERENCES: tuple[Phrasing, ...] = (
    _p("in-addition-to-all-parameters", "reference",
       r"\b(?:in addition to|besides|as well as|on top of)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?parameters\s+"
       r"(?:accepted|supported|used|taken)\s+(?:by|in|for)\s+" + _ROUTE,
       E("In addition to all parameters accepted by [`POST /api/v3/order`](/docs/x/trading-endpoints#new-order-trade), "
         "the following optional parameters are also accepted:", "reference POST /api/v3/order")),
    _p("same-parameters-as", "reference",
       r"\b(?:takes|accepts|has|uses)?\s*(?:the\s+)?same\s+parameters\s+as\s+" + _ROUTE,
       E("Same parameters as `POST /api/v3/order`.", "reference POST /api/v3/order")),
    _p("zh-besides-all-parameters", "reference",
       r"除了?\s*" + _ROUTE + r"\s*(?:接口)?\s*(?:的|支持的|接受的)?\s*所有参数",
       E("除了 [`POST /api/v3/order`](/docs/zh-CN/x/trading-endpoints#下单-trade) 所有参数, 下面参数也支持:",
         "reference POST /api/v3/order")),
    _p("zh-same-parameters-as", "reference",
       r"参数\s*(?:与|和|同)\s*" + _ROUTE + r"\s*(?:接口)?\s*(?:的参数)?\s*(?:相同|一致|一样)",
       E("参数与 `POST /api/v3/order` 相同", "reference POST /api/v3/order")),
)


def references(text: str) -> list[tuple[str, str]]:
    """(method, path) of every endpoint whose parameters the text says this one also takes."""
    out: list[tuple[str, str]] = []
    if "/" not in text:
        return out  # every reference names a path
    for ph in REFERENCES:
        for m in ph.pattern.finditer(text):
            out.append((m.group("method").upper(), "/" + m.group("path").strip("/")))
    return out


# The words a sentence must hold (one of them, in lower case) before a phrasing is tried on it: reading
# is then one substring check for most sentences and phrasings. tests/parse/test_phrasings.py checks
# that every phrasing has cues and that each of its examples holds one.
CUES: dict[str, tuple[str, ...]] = {
    "either-or-must": ("either",), "or-must-be-sent": (" or ",), "one-of-is-required": ("one of",),
    "at-least-one-of": ("at least one",), "sent-at-least-one": ("at least one",),
    "zh-or-must": ("必须", "至少"), "zh-must-send-or": ("必须", "需要"),
    "zh-one-of-them-required": ("之一", "其中一个", "中的一个", "至少一个", "至少其一"),
    "zh-at-least-one-needed": ("至少", "最少"), "zh-provide-one-of": ("之一",),
    "usable-if-is-either-or-both": ("or both",), "zh-usable-if-is-must-either-or-both": ("两者",),
    "zh-usable-if-is-either-or-both-must": ("两者",),
    "subject-if-sent-neither-can": ("neither",), "subject-zh-if-sent-neither-can": ("都不", "均不"),
    "exactly-one-of": ("exactly one",), "zh-one-and-only-one": ("需且仅需", "必须且只能", "有且仅有", "只能且必须"),
    "zh-one-but-not-both": ("同时",),
    "cannot-be-sent-together": ("together", "same time", "simultaneous", "combination"),
    "cannot-send-both": ("together", "same time", "simultaneous"), "only-one-of-can": ("only one of",),
    "zh-not-at-the-same-time": ("同时",), "zh-not-at-the-same-time-verb-first": ("同时",),
    "mutually-exclusive": ("mutually exclusive",), "or-but-not-both": ("not both",), "zh-mutually-exclusive": ("互斥", "排斥"),
    "cannot-be-sent-with": (" with ",), "zh-cannot-be-sent-with": ("一起", "同时"),
    "zh-none-combined": ("组合", "同时", "一起"), "subject-cannot-be-sent-with": (" with ",),
    "subject-in-combination-with": ("combination",), "subject-zh-not-with": ("不",),
    "mandatory-when-sent": ("mandatory", "required"), "if-sent-then-must": ("if ",), "must-be-sent-with": (" with ",),
    "can-only-be-sent-with": ("only",), "zh-when-sent-required": ("时", "后"), "zh-must-be-sent-with": ("一起", "同时"),
    "subject-mandatory-when-sent": ("mandatory", "required"), "subject-must-be-sent-with": (" with ",),
    "subject-zh-when-sent-required": ("时", "后"), "subject-zh-must-be-sent-with": ("一起", "同时"),
    "subject-if-provided-required": ("if ",), "subject-zh-if-provided-required": ("如果", "若"),
    "must-be-specified-together": ("together",), "these-must-be-specified-together": ("together",),
    "zh-must-be-sent-together": ("同时", "一起", "全部"),
    "subject-required-when-is": ("mandatory", "required", "must be sent"),
    "subject-zh-required-when-is": ("如果", "若", "当"), "subject-forbidden-with-value": (" with ",),
    "if-is-then-must": ("if ", "when "), "must-be-sent-when-is": ("when ", "if "),
    "is-mandatory-when-is": ("mandatory", "required"), "zh-if-is-then-required": ("必填", "必传", "必须", "必需", "需要"),
    "cannot-be-sent-with-value": (" with ",),
    "becomes-optional": ("optional",), "zh-becomes-optional": ("可选",),
    "max-interval-between": ("between",), "zh-interval-between": ("之间", "间隔"), "time-between-cannot-exceed": ("between",),
    "if-sent-time-between": ("between",), "zh-if-sent-time-between": ("间隔",),
    "scoped-cannot-be-used-with": (" with ",), "scoped-zh-not-supported": ("不",),
    "scoped-is-required": ("mandatory", "required", "must be sent"), "scoped-zh-is-required": ("必",),
}
for _ph in PHRASINGS + OPTIONAL_UNDER_CONDITION + SPANS + SCOPED:
    object.__setattr__(_ph, "cues", CUES[_ph.name])
