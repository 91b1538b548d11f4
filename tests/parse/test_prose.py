"""Rules read from prose: defaults, enum lists spread over sentences, values given by a link, requires
rules, count-dependent weights. Small hand-written pages, one rule each."""

from __future__ import annotations

from generator.model import Param
from generator.parse import link, parse_page
from generator.parse.constraints import apply, default_of, enum_values

from .test_variants import TABLE, page, parsed


def _param(desc: str, type_: str = "ENUM") -> Param:
    p = Param(name="x", type=type_)
    apply(p, desc)
    return p


# ---------------------------------------------------------------- defaults


def test_default_and_only_value_chinese():
    p = _param("持仓方向，单向持仓模式下非必填，默认且仅可填`BOTH`;在双向持仓模式下必填,且仅可选择 `LONG` 或 `SHORT`")
    assert p.default == "BOTH"
    assert p.enum == ["BOTH", "LONG", "SHORT"]


def test_default_and_only_value_english():
    p = _param("Default and only value `BOTH` in one-way mode; `LONG` or `SHORT` in hedge mode")
    assert p.default == "BOTH" and set(p.enum) == {"BOTH", "LONG", "SHORT"}


def test_default_is_a_value_not_a_verb_or_phrase():
    assert default_of("Default gets most recent trades.") is None
    assert default_of("Default: present timestamp") is None
    assert default_of("defaults to the account's own email") is None
    assert default_of("Default walletType is the current selected wallet") is None
    assert default_of("默认为下单当前市场价格") is None
    assert default_of("默认自动生成。") is None
    assert default_of("defaults to FULL") == "FULL"
    assert default_of("Default value: false") == "false"
    assert default_of("默认 \"ACK\"") == "ACK"
    assert default_of("default 10s") == "10s"
    assert default_of("Default 500; max 1000") == "500"
    assert default_of("默认值：`false`") == "false"


# ---------------------------------------------------------------- enum values


def test_enum_values_spread_over_two_sentences():
    text = ("Which wallet to use. The choices are `RED`, `BLUE` and `GREEN`. Combinations are supported "
            "i.e. `RED_BLUE`, `BLUE_GREEN` or `RED_GREEN`. Default is `RED`.")
    assert enum_values(text, strict=True) == ["RED", "BLUE", "GREEN", "RED_BLUE", "BLUE_GREEN", "RED_GREEN"]
    zh = "可选`RED`，`BLUE`和`GREEN`。也可组合，如`RED_BLUE`，`BLUE_GREEN`或者`RED_GREEN`。默认为`RED`。"
    assert enum_values(zh, strict=True) == ["RED", "BLUE", "GREEN", "RED_BLUE", "BLUE_GREEN", "RED_GREEN"]


def test_restriction_sentence_is_not_joined_to_the_list():
    text = "`LIMIT`, `MARKET`. Only used with `STOP_A` or `STOP_B` orders."
    assert enum_values(text, strict=True) == ["LIMIT", "MARKET"]


def test_quoted_parameter_names_are_not_values():
    assert enum_values("`orderListId` or `origClientOrderId` must be provided", strict=True) == []
    assert enum_values("Default: `false`, return `sourceAddress` field when set to `true`", strict=True) \
        == ["false", "true"]


_DEFS = "\n".join([
    "---",
    "source_url: https://developers.binance.com/docs/demo-spot/enums",
    "---",
    "",
    "# ENUM Definitions",
    "",
    "## Order kinds (kinds, kind)[\u200b](/docs/demo-spot/enums#order-kinds-kinds-kind \"Direct link\")",
    "",
    "  * PLAIN",
    "  * FANCY",
    "",
    "## Time in force (timeInForce)[\u200b](/docs/demo-spot/enums#time-in-force-timeinforce \"Direct link\")",
    "",
    "  * GTC",
    "  * IOC",
])


def _linking_page(desc: str) -> str:
    return page(params=TABLE + f"pendingKind| ENUM| YES| {desc}  \n").replace(
        "usds-margined-futures/x/Thing", "demo-margin/trade/Thing")


def test_enum_values_given_by_a_link_to_another_products_definitions():
    desc = ("Supported values: [Order Kinds](https://developers.binance.com/docs/demo-spot/enums"
            "#order-kinds-kinds-kind) Note that `PLAIN` orders using `quoteQty` are not supported.")
    endpoints, _ = link([parse_page(_linking_page(desc), "p.md"), parse_page(_DEFS, "defs.md")])
    assert endpoints[0].param("pendingKind").enum == ["PLAIN", "FANCY"]


def test_enum_link_by_anchor_naming_the_parameter_and_unresolved_link():
    desc = "支持的数值：[生效时间](/docs/zh-CN/demo-spot/enums#timeinforce)"
    endpoints, _ = link([parse_page(_linking_page(desc), "p.md"), parse_page(_DEFS, "defs.md")])
    assert endpoints[0].param("pendingKind").enum == ["GTC", "IOC"]
    desc = "Supported values: [Other](/docs/demo-spot/enums#nothing-here)"
    endpoints, diags = link([parse_page(_linking_page(desc), "p.md"), parse_page(_DEFS, "defs.md")])
    assert endpoints[0].param("pendingKind").enum == []  # nothing invented
    assert "enum-values-missing" in {d.code for d in diags}
