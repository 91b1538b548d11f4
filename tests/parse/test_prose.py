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


def test_default_of_one_mode_is_a_value_but_no_default():
    p = _param("持仓方向，单向持仓模式下非必填，默认且仅可填`BOTH`;在双向持仓模式下必填,且仅可选择 `LONG` 或 `SHORT`")
    assert p.default is None and p.enum == ["BOTH", "LONG", "SHORT"]
    p = _param("Default and only value `BOTH` in one-way mode; `LONG` or `SHORT` in hedge mode")
    assert p.default is None and set(p.enum) == {"BOTH", "LONG", "SHORT"}
    p = _param("Default `BOTH` for One-way Mode ; `LONG` or `SHORT` for Hedge Mode. It must be sent in Hedge Mode.")
    assert p.default is None and set(p.enum) == {"BOTH", "LONG", "SHORT"}


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
    # a clause with "when" names values as a condition; the flag's two words still make its values
    assert enum_values("Default: `false`, return `sourceAddress` field when set to `true`", strict=True) == []
    assert _param("Default: `false`, return `sourceAddress` field when set to `true`", "STRING").enum == ["false", "true"]


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


# ---------------------------------------------------------------- weights that depend on a count

_SYMBOLS = (TABLE + "symbol| STRING| NO| one symbol  \n"
            "symbols| STRING| NO| several symbols, e.g. [\"AAA\",\"BBB\"]  \n")


def _weight_of(ep, **args):
    """What a client computes: the first case whose conditions hold, else the plain value."""
    (w,) = ep.weight
    for case in w.cases:
        ok = True
        for c in case.when:
            v = args.get(c.param)
            if c.present is not None and (v is not None) != c.present:
                ok = False
            elif c.minimum is not None or c.maximum is not None:
                n = len(v) if (c.count and v is not None) else v
                ok = ok and n is not None and (c.minimum is None or n >= c.minimum) \
                    and (c.maximum is None or n <= c.maximum)
        if ok:
            return case.value
    return w.value


def test_weight_table_by_number_of_symbols_with_row_spans():
    weight = ("Parameter| Symbols Provided| Weight  \n---|---|---  \nsymbol| 1| 2  \n"
              "| symbol parameter is omitted| 80  \nsymbols| 1-20| 2  \n| 21-100| 40  \n| 101 or more| 80  \n")
    ep, _ = parsed(page(weight, _SYMBOLS))
    (w,) = ep.weight
    assert w.value == 80  # neither argument given
    assert _weight_of(ep, symbol="AAA") == 2
    assert _weight_of(ep, symbols=["A"] * 5) == 2
    assert _weight_of(ep, symbols=["A"] * 50) == 40
    assert _weight_of(ep, symbols=["A"] * 101) == 80
    assert any(c.count for case in w.cases for c in case.when)


def test_weight_prose_ranges_of_symbols_and_omitted_value():
    weight = ("**2** for 1-20 symbols; **40** for 21-100 symbols; **80** for 101 or more symbols; "
              "**80** when the symbols parameter is omitted")
    ep, _ = parsed(page(weight, _SYMBOLS))
    (w,) = ep.weight
    assert w.value == 80
    assert [(_weight_of(ep, symbols=["A"] * n)) for n in (1, 20, 21, 100, 101)] == [2, 2, 40, 40, 80]


def test_weight_per_symbol_with_a_cap():
    weight = ("4 for each requested symbol regardless of windowSize. The weight for this request will cap at "
              "200 once the number of symbols in the request is more than 50.")
    ep, codes = parsed(page(weight, _SYMBOLS))
    (w,) = ep.weight
    assert w.value is None and "weight-conditional" in codes  # no plain call is defined
    assert [_weight_of(ep, symbols=["A"] * n) for n in (1, 2, 50, 51, 300)] == [4, 8, 200, 200, 200]
    zh = "每个交易对权重为4，当交易对数量超过50时，权重上限为200"
    ep, _ = parsed(page(zh, _SYMBOLS))
    assert [_weight_of(ep, symbols=["A"] * n) for n in (1, 3, 60)] == [4, 12, 200]


def test_weight_per_symbol_without_a_bound_is_not_guessed():
    ep, _ = parsed(page("4 per symbol", _SYMBOLS))
    (w,) = ep.weight
    assert not any(c.count for case in w.cases for c in case.when)


def test_weight_multiple_symbols_means_the_single_symbol_argument_is_omitted():
    ep, _ = parsed(page("**1** for a single symbol, **40** for multiple symbols", TABLE + "symbol| STRING| NO| x  \n"))
    (w,) = ep.weight
    assert w.value == 40 and _weight_of(ep, symbol="AAA") == 1


# ---------------------------------------------------------------- rules across parameters

from generator.parse.rules import find_rules  # noqa: E402

_NAMES = {"symbol", "stopPrice", "workingType", "price", "priceMatch", "quantity", "closePosition", "amount", "network"}


def _rules(text: str, lang: str = "en", subject: str | None = None):
    return {(r.kind, tuple(r.params)) for r in find_rules(text, lang, _NAMES, subject)}


def test_requires_from_notes():
    assert _rules("`workingType` is mandatory when `stopPrice` is sent.") == {("requires", ("stopPrice", "workingType"))}
    assert _rules("If `stopPrice` is provided, `workingType` must also be sent.") \
        == {("requires", ("stopPrice", "workingType"))}
    assert _rules("`amount` must be sent together with `network`") == {("requires", ("amount", "network"))}
    assert _rules("当发送 `stopPrice` 时，`workingType` 必填", "zh") == {("requires", ("stopPrice", "workingType"))}
    assert _rules("`amount` 需要与 `network` 同时发送", "zh") == {("requires", ("amount", "network"))}


def test_requires_from_a_parameters_own_description():
    assert _rules("Mandatory when `stopPrice` is sent", subject="workingType") \
        == {("requires", ("stopPrice", "workingType"))}
    assert _rules("Must be sent with `network`.", subject="amount") == {("requires", ("amount", "network"))}
    assert _rules("传 `stopPrice` 时必填", "zh", subject="workingType") == {("requires", ("stopPrice", "workingType"))}


def _conditional(text: str, lang: str = "en", subject: str | None = None):
    return {(r.kind, tuple(r.params), r.when.param if r.when else None, tuple(r.when.equals) if r.when else ())
            for r in find_rules(text, lang, _NAMES, subject)}


def test_conditions_on_a_value_stay_conditions():
    assert _conditional("`workingType` is mandatory when `stopPrice` is `LIMIT`") \
        == {("required", ("workingType",), "stopPrice", ("LIMIT",))}
    assert _conditional("Required when `stopPrice` is set to 2", subject="workingType") \
        == {("required", ("workingType",), "stopPrice", ("2",))}
    assert _conditional("Cannot be sent with `closePosition`=`true`", subject="quantity") \
        == {("forbidden", ("quantity",), "closePosition", ("true",))}
    assert _rules("不传 `stopPrice` 时必填", "zh", subject="workingType") == set()
    assert _rules("Must be sent with `network` and `symbol`", subject="amount") == set()  # which one? unclear
    # both or neither: not "either", but each needs the other
    assert _rules("`stopPrice` 和 `workingType` 必须同时发送", "zh") == {("requires", ("stopPrice", "workingType")),
                                                                 ("requires", ("workingType", "stopPrice"))}


def test_not_together_from_a_parameters_own_description():
    assert _rules("only for LIMIT orders; Can't be passed together with `price`", subject="priceMatch") \
        == {("not_together", ("priceMatch", "price"))}
    assert _rules("`QUEUE`/`QUEUE_5`；不能与price同时传", "zh", subject="priceMatch") \
        == {("not_together", ("priceMatch", "price"))}
    # at least one and not both: exactly one
    assert _rules("`symbol` 或 `price`必须传一个，不能同时传", "zh") == {("one_of", ("symbol", "price"))}


def test_not_together_with_a_mandatory_parameter_is_left_out():
    params = (TABLE + "price| DECIMAL| YES| the price  \n"
              "priceMatch| ENUM| NO| `OPPONENT`/`QUEUE`; Can't be passed together with `price`  \n")
    ep, codes = parsed(page(params=params))
    assert ep.rules == [] and "rule-contradiction" in codes


def test_response_example_repaired_once_per_endpoint_with_both_lines():
    response = "```\n{\"a\": 1,}\n```"
    text = page(response=response, zh="## HTTP请求\n\nGET `/fapi/v1/thing`\n\n## 请求权重\n\n**1**\n\n"
                                      "## 响应示例\n\n" + response + "\n")
    result = parse_page(text, "p.md")
    repaired = [d for d in result.diagnostics if d.code == "response-example-repaired"]
    assert len(repaired) == 1 and repaired[0].level == "info"
    fences = [k + 1 for k, line in enumerate(text.splitlines()) if line.startswith("```")][::2]  # opening fences
    first, second = fences
    assert repaired[0].line in (first, first + 1)
    assert f"lines {repaired[0].line}, {repaired[0].line + second - first}" in repaired[0].message


def test_examples_are_not_a_value_list():
    assert enum_values("Option underlying symbols, e.g BTCUSDT,ETHUSDT", strict=True) == []
    assert enum_values("Secondary address identifier for coins like XRP,XMR etc.", strict=True) == []
    assert enum_values("`AAA`, `BBB`, `CCC`, etc. default `DDD`", strict=True) == []
    assert enum_values("多个交易对，例如 `AAA`,`BBB`", strict=True) == []
    assert enum_values("Examples: curl -X GET \"x?symbols=%5B%22A%22%5D\"\nor\ncurl 'x?symbols=[\"AAA\",\"BBB\"]'",
                       strict=True) == []
    assert enum_values("`SPOT` or `MARGIN`, e.g. `SPOT`", strict=True) == ["SPOT", "MARGIN"]


def test_array_of_type_is_a_list():
    from generator.parse.params import normalise_type
    assert normalise_type("ARRAY OF STRING") == "LIST<STRING>"
    assert normalise_type("array of longs") == "LIST<LONG>"


def test_numeric_codes_with_meanings_are_values():
    p = _param("0(0:pending, 6:credited but cannot withdraw, 1:success, 2:rejected)", "INT")
    assert p.enum == ["0", "6", "1", "2"]
    assert _param("1: add margin，2: 减少保证金", "INT").enum == ["1", "2"]
    assert _param("Status. 1 = open. 2 = closed.", "STRING").enum == ["1", "2"]
    assert _param("Default 100; max: 500, min: 1", "INT").enum == []
    assert _param("UTC 00:00 to 08:00 only", "STRING").enum == []


def test_chinese_weights_with_numbers_touching_words():
    ep, _ = parsed(page("带symbol为**1**, 不带为**40**", TABLE + "symbol| STRING| NO| x  \n"))
    (w,) = ep.weight
    assert w.value == 40 and _weight_of(ep, symbol="AAA") == 1
    ep, _ = parsed(page("带symbol**1**; 不带**40**", TABLE + "symbol| STRING| NO| x  \n"))
    assert _weight_of(ep, symbol="AAA") == 1 and ep.weight[0].value == 40
    ep, _ = parsed(page("权重为5"))
    assert [(w.unit, w.value) for w in ep.weight] == [("IP", 5)]


def test_weight_counts_chinese_and_single_symbol_clause():
    zh = "1-20个交易对权重为2；21-100个交易对权重为40；不带symbols时为80"
    ep, _ = parsed(page(zh, _SYMBOLS))
    assert [_weight_of(ep, symbols=["A"] * n) for n in (1, 21)] == [2, 40] and ep.weight[0].value == 80
    en = "5 for a single symbol; 20 for 2-10 symbols; 40 when symbols is omitted"
    ep, _ = parsed(page(en, _SYMBOLS))
    assert _weight_of(ep, symbol="AAA") == 5 and _weight_of(ep, symbols=["A", "B"]) == 20 and ep.weight[0].value == 40
    ep, _ = parsed(page("4 per symbol, capped at 200", _SYMBOLS))
    assert [_weight_of(ep, symbols=["A"] * n) for n in (1, 50, 51)] == [4, 200, 200]


def test_careful_warning_before_the_weights_is_skipped():
    ep, _ = parsed(page("请小心使用不带symbol参数的调用\n\n带symbol **1** ，不带symbol **40**", TABLE + "symbol| STRING| NO| x  \n"))
    assert ep.weight[0].value == 40 and _weight_of(ep, symbol="AAA") == 1


def test_empty_parameter_section_is_no_parameters():
    ep, codes = parsed(page(params=""))
    assert ep.params == [] and "params-empty" in codes and "params-unparsed" not in codes


def test_bracketed_range_is_bounds_not_allowed_values() -> None:
    from generator.model import Param
    from generator.parse.constraints import apply

    p = Param(name="callbackRate", type="DECIMAL")
    apply(p, "可取值范围[0.1, 10],其中 1代表1%")
    assert (p.minimum, p.maximum, p.allowed) == (0.1, 10, [])


def test_bound_with_a_time_unit_is_not_a_bound() -> None:
    from generator.model import Param
    from generator.parse.constraints import apply

    p = Param(name="validity", type="LONG")
    apply(p, "Validity in milliseconds; default 24 hours, maximum 24 hours")
    assert (p.maximum, p.default) == (None, None)
    q = Param(name="limit", type="INT")
    apply(q, "Default 500; max 1000.")
    assert (q.maximum, q.default) == (1000, 500)


# ---------------------------------------------------------------- lists


def test_list_of_numbers_with_a_bracketed_example_is_sent_as_json() -> None:
    p = _param("max length 10 e.g. [1234567,2345678]", "LIST<LONG>")
    assert p.list is not None and (p.list.style, p.list.item_type, p.list.max_items) == ("json", "LONG", 10)
    assert p.maximum is None


def test_list_of_objects_in_json_has_json_items() -> None:
    p = _param('Max 1, list of leg parameters in JSON; example: legs=[{"symbol":"X","side":"BUY"}]', "LIST<STRING>")
    assert p.type == "LIST<JSON>"
    assert p.list is not None and (p.list.style, p.list.item_type, p.list.max_items) == ("json", "JSON", 1)


def test_list_without_a_json_example_is_comma_separated() -> None:
    p = _param("The asset names, e.g. BTC,ETH", "LIST<STRING>")
    assert p.list is not None and (p.list.style, p.list.max_items) == ("comma", None)


def test_maximum_of_a_comma_list_counts_items_not_values() -> None:
    p = _param("List of assets, separated by commas, up to 20", "STRING")
    assert p.list is not None and p.list.max_items == 20 and p.maximum is None
    p = _param("多个资产用逗号分隔，最多10个", "STRING")
    assert p.list is not None and p.list.max_items == 10
    p = _param("Symbols separated by commas, the window is at most 7 days", "STRING")
    assert p.list is not None and p.list.max_items is None


def test_allowed_values_list_on_a_number_is_not_a_json_list() -> None:
    p = _param("Default 500; Valid limits:[5, 10, 20, 50, 100, 500, 1000]", "INT")
    assert p.list is None and p.allowed == [5, 10, 20, 50, 100, 500, 1000]


def test_string_default_true_false_stays_the_text_the_page_writes() -> None:
    p = _param('"TRUE" or "FALSE", default "FALSE"', "STRING")
    assert p.enum == ["TRUE", "FALSE"] and p.default == "FALSE"
    p = _param('"TRUE" or "FALSE", default "FALSE"', "BOOLEAN")
    assert p.default is False


def test_chinese_weight_conditions_before_numbers_with_english_parameter_names() -> None:
    from generator.parse.weight import WeightSection, parse_weight

    params: dict[str, object] = {"symbol": None, "pair": None}
    zh = parse_weight(WeightSection(heading="请求权重", texts=["传symbol **20** 传pairs **40**"]), params)
    en = parse_weight(WeightSection(heading="Request Weight", texts=["**20** with symbol, **40** with pair"]), params)
    assert [(c.value, c.when[0].param) for c in zh[0].cases] == [(20, "symbol"), (40, "pair")]
    assert zh[0].cases == en[0].cases


def test_capitals_in_a_flags_prose_are_not_its_values() -> None:
    p = _param("Only when MARGIN_BUY or AUTO_BORROW_REPAY order takes effect, true means repay; default true", "BOOLEAN")
    assert p.enum == [] and p.default is True


def test_a_default_that_depends_on_something_is_no_default() -> None:
    p = _param("Set the response JSON. ACK, RESULT, or FULL; MARKET and LIMIT order types default to FULL, "
               "all other orders default to ACK.")
    assert p.default is None and p.enum == ["ACK", "RESULT", "FULL"]


def test_counts_in_a_strings_prose_are_no_bounds() -> None:
    p = _param("Description of the address. Address book cap is 200, space in name should be encoded", "STRING")
    assert p.maximum is None and p.list is None
    p = _param('Max 5 symbols can be sent; separated by ",". e.g. "BTCUSDT,BNBUSDT"', "STRING")
    assert p.maximum is None and p.list is not None and (p.list.style, p.list.max_items) == ("comma", 5)


def test_comma_written_as_a_symbol_in_parentheses() -> None:
    assert _param("Comma(,) separated list of transaction Ids.", "STRING").list is not None
    assert _param("充值记录ID，支持多条查询，以半角逗号(,) 分隔", "STRING").list is not None


# ---------------------------------------------------------------- rules from the audit


def _found(text: str, names: set[str], subject: str | None = None, lang: str = "en") -> set[tuple[str, tuple[str, ...], object]]:
    from generator.parse.rules import find_rules

    return {(r.kind, tuple(r.params), r.value) for r in find_rules(text, lang, names, subject)}


TIMES = {"symbol", "startTime", "endTime", "fromId", "recvWindow"}
DAY = 86_400_000


def test_time_window_phrasings() -> None:
    span = ("max_span", ("startTime", "endTime"))
    cases = {
        "If both `startTime` and `endTime` are sent, time between `startTime` and `endTime` must be less than 1 hour.": 3_600_000,
        "The time between `startTime` and `endTime` can not be longer than 1 year": 366 * DAY,
        "The max interval between `startTime` and `endTime` is 3 months.": 93 * DAY,
        "End Time (The start time and end time interval cannot exceed half a year)": 186 * DAY,
        "The length of startTime and endTime cannot exceed 100 days, otherwise an error is reported.": 100 * DAY,
        "Less than 24 hours between startTime and endTime.": DAY,
        "The query time period must be less then 7 days( default as the recent 7 days).": 7 * DAY,
    }
    for text, ms in cases.items():
        assert _found(text, TIMES) == {(*span, ms)}, text
    assert _found("查询时间范围最大不得超过7天", TIMES, lang="zh") == {(*span, 7 * DAY)}


def test_time_notes_that_are_no_window() -> None:
    assert _found("If startTime and endTime are not sent, the recent 7 days' data will be returned.", TIMES) == set()
    assert _found("If the asset parameter is provided, the maximum query time range is 30 days ahead of endTime", TIMES) == set()
    assert _found("Only support querying trade in the past 6 months", TIMES) == set()


def test_either_phrasings() -> None:
    names = {"orderId", "clientOrderId", "origClientOrderId", "spotBNBBurn", "interestBNBBurn", "strategyId",
             "newClientStrategyId"}
    assert _found("Either`orderId` or `origClientOrderId` must be sent", names) == {("either", ("orderId", "origClientOrderId"), None)}
    assert _found("At least one instance of `orderId` and `clientOrderId` must be sent.", names) \
        == {("either", ("orderId", "clientOrderId"), None)}
    assert _found('"spotBNBBurn" and "interestBNBBurn" should be sent at least one.', names) \
        == {("either", ("spotBNBBurn", "interestBNBBurn"), None)}
    assert _found("`strategyId` 与 `newClientStrategyId` 之一必须发送", names, lang="zh") \
        == {("either", ("strategyId", "newClientStrategyId"), None)}


def test_not_together_and_requires_phrasings() -> None:
    assert _found("The parameter `fromId` cannot be sent with `startTime` or `endTime`.", TIMES) == {
        ("not_together", ("fromId", "startTime"), None), ("not_together", ("fromId", "endTime"), None)}
    names = {"symbol", "symbols", "permissions", "orderId", "closePosition", "quantity", "stopLimitTimeInForce"}
    assert _found("`permissions` can support single or multiple values. This cannot be used in combination with "
                  "`symbol` or `symbols`.", names) == {("not_together", ("permissions", "symbol"), None),
                                                       ("not_together", ("permissions", "symbols"), None)}
    assert _found("参数 `symbol`、`symbols` 和 `permissions` 不能相互组合使用。", names, lang="zh") \
        == {("not_together", ("symbol", "symbols", "permissions"), None)}
    # a value of the partner is a condition: the rule holds only then
    assert _found("`quantity` cannot be sent with `closePosition`=`true`", names) == {("forbidden", ("quantity",), None)}
    assert _found("`OrderId` can only be sent together with symbol", names) == {("requires", ("orderId", "symbol"), None)}
    assert _found("If provided, stopLimitTimeInForce is required.", names | {"stopLimitPrice"}, subject="stopLimitPrice") \
        == {("requires", ("stopLimitPrice", "stopLimitTimeInForce"), None)}
    assert _found("如果提供，须配合提交`stopLimitTimeInForce`", names | {"stopLimitPrice"}, subject="stopLimitPrice", lang="zh") \
        == {("requires", ("stopLimitPrice", "stopLimitTimeInForce"), None)}


def test_weight_row_for_an_invalid_value_is_no_case() -> None:
    from generator.parse.weight import _table_weight

    table = [["Case", "Weight"], ["If `symbol` is invalid", "2"], ["Querying by `preventedMatchId`", "2"],
             ["Querying by `orderId`", "20"]]
    w = _table_weight(table, "IP", ["symbol", "preventedMatchId", "orderId"])
    assert w is not None and [(c.value, c.when[0].param, c.when[0].present) for c in w.cases] == [
        (2, "preventedMatchId", True), (20, "orderId", True)]


def test_codes_written_with_a_hyphen_and_the_only_value() -> None:
    assert _param("The wallet type for withdraw，0-spot wallet ，1-funding wallet. Default is the selected wallet",
                  "INT").enum == ["0", "1"]
    assert _param("Candles of 5-minute or 15-minute length", "INT").enum == []
    assert _param("`LDUSDT` only", "STRING").enum == ["LDUSDT"]
    assert _param("仅支持`LDUSDT`", "STRING").enum == ["LDUSDT"]
    assert _param("Order Type: LIMIT(only support limit)", "ENUM").enum == ["LIMIT"]
    assert _param("Only for API keys", "STRING").enum == []


def test_chinese_only_phrasings() -> None:
    names = {"orderId", "origClientOrderId", "symbol", "pair", "fromId", "startTime", "endTime"}
    either = {("either", ("orderId", "origClientOrderId"), None)}
    assert _found("至少需要发送 `orderId` 与 `origClientOrderId`中的一个，同时发送则以 orderId 为准", names, lang="zh") == either
    assert _found("`orderId` 与 `origClientOrderId` 中的一个为必填参数", names, lang="zh") == either
    assert _found("`symbol` 或 `pair` 其中一个必传", names, lang="zh") == {("either", ("symbol", "pair"), None)}
    assert _found("参数`fromId`不能和`startTime`或`endTime`一起发送", names, lang="zh") == {
        ("not_together", ("fromId", "startTime"), None), ("not_together", ("fromId", "endTime"), None)}
    assert _found("如果同时发送`startTime`和`endTime`，间隔必须小于一小时", names, lang="zh") == {
        ("max_span", ("startTime", "endTime"), 3_600_000)}
    p = _param("订单列表，最多支持5个订单", "LIST<JSON>")
    assert p.list is not None and p.list.max_items == 5
    p = _param("目标杠杆倍数：1 到 125 整数", "INT")
    assert (p.minimum, p.maximum) == (1, 125)
    p = _param("SPOT或MARGIN，默认SPOT", "STRING")
    assert p.enum == ["SPOT", "MARGIN"] and p.default == "SPOT"
    p = _param("不输入或输入USDT_FUTURE，取得UM期货帐户资产。 输入COIN_FUTURE，取得CM期货帐户资产。", "STRING")
    assert "UM" not in p.enum
    p = _param("收益类型： TRANSFER 转账, WELCOME_BONUS 欢迎奖金, STRATEGY_TRANSFER UM策略子账户划转，FEE_RETURN 退还", "STRING")
    assert p.enum == ["TRANSFER", "WELCOME_BONUS", "STRATEGY_TRANSFER", "FEE_RETURN"]


def test_only_support_one_value() -> None:
    assert _param("Quote asset, only support USDT as of now", "STRING").enum == ["USDT"]
    assert _param("Only support LIMIT and MARKET orders", "STRING").enum != ["LIMIT"]  # not the one value



def test_rules_under_a_condition_on_something_else_are_not_made() -> None:
    names = {"orderId", "startTime", "endTime", "symbol", "pair", "type", "price", "quantity", "stopLimitPrice",
             "stopLimitTimeInForce"}
    assert _found("If `orderId` is sent, `startTime` and `endTime` cannot be sent together", names) == set()
    assert _found("如果发送了`orderId`，`startTime`和`endTime`不能同时发送", names, lang="zh") == set()
    assert _found("`symbol` and `pair` cannot be sent together when `type` is MARKET", names) == set()
    assert _found("Either `symbol` or `pair` must be sent if `orderId` is absent", names) == set()
    assert _found("`price` must be sent with `quantity` for LIMIT orders", names) == set()
    # conditions on the rule's own arguments being sent keep the rule
    assert _found("If both `startTime` and `endTime` are sent, time between `startTime` and `endTime` must be "
                  "less than 1 hour.", names) == {("max_span", ("startTime", "endTime"), 3_600_000)}
    assert _found("If provided, stopLimitTimeInForce is required.", names, subject="stopLimitPrice") == {
        ("requires", ("stopLimitPrice", "stopLimitTimeInForce"), None)}


def test_open_interval_on_an_integer_and_a_cap_per_owner() -> None:
    p = _param("Range (0,5000]", "LONG")
    assert (p.minimum, p.maximum) == (1, 5000)
    p = _param("Range (0,5000]", "DECIMAL")
    assert (p.minimum, p.maximum) == (0, 5000)  # the looser bound: a decimal bound cannot be open here
    p = _param("Can be added in batches, separated by commas. Max 30 for an API key", "STRING")
    assert p.list is not None and p.list.max_items is None


def test_a_word_inside_chinese_prose_is_not_the_only_value() -> None:
    assert _param("仅USDT合约支持该参数", "STRING").enum == []
    assert _param("仅支持USDT合约", "STRING").enum == []
    assert _param("仅支持`LDUSDT`", "STRING").enum == ["LDUSDT"]
