"""Table cells that run over several lines, and the values a description gives a parameter (issue 12):
only words the page gives as this parameter's values are values."""

from __future__ import annotations

from generator.model import Param
from generator.parse.constraints import apply, split_by_subject
from generator.parse.values import enum_values, labeled_values, true_false

from .test_variants import TABLE, page, parsed


def _param(desc: str, type_: str = "ENUM", names: tuple[str, ...] = ()) -> Param:
    p = Param(name="x", type=type_)
    apply(p, desc, set(names) | {"x"})
    return p


# ---------------------------------------------------------------- table structure


def test_description_over_several_lines_keeps_the_rows_after_it():
    rows = ("symbol | STRING | NO | Parameter symbol and symbols cannot be used in combination.   \n"
            "If neither parameter is sent, tickers for all symbols will be returned in an array.   \n"
            "  \n"
            "Examples of accepted format for the symbols parameter: [\"BTCUSDT\",\"BNBUSDT\"]   \n"
            "or   \n"
            "%5B%22BTCUSDT%22,%22BNBUSDT%22%5D   \n"
            "symbols | STRING | NO  \n"
            "type | ENUM | NO | Supported values: `FULL` or `MINI`.   \n"
            "If none provided, the default is `FULL`  \n")
    ep, _ = parsed(page(params=TABLE + rows))
    assert [p.name for p in ep.params] == ["symbol", "symbols", "type"]
    assert ep.param("type").enum == ["FULL", "MINI"] and ep.param("type").default == "FULL"
    # the examples speak of `symbols`: its list format, not `symbol`'s values
    assert ep.param("symbol").enum == [] and ep.param("symbol").list is None
    assert ep.param("symbols").list is not None and ep.param("symbols").list.style == "json"
    assert ep.param("symbols").enum == []


def test_a_row_that_kept_only_its_name_is_a_row():
    rows = ("symbol | STRING | YES | Either `symbol` or `symbols` must be provided   \n"
            "  \n"
            "Examples of accepted format for the `symbols` parameter:   \n"
            "[\"BTCUSDT\",\"BNBUSDT\"]   \n"
            "or   \n"
            "%5B%22BTCUSDT%22,%22BNBUSDT%22%5D   \n"
            "  \n"
            "The maximum number of `symbols` allowed in a request is 100.   \n"
            "symbols  \n"
            "windowSize | ENUM | NO | Defaults to `1d` if no parameter provided  \n")
    ep, _ = parsed(page(params=TABLE + rows))
    assert [p.name for p in ep.params] == ["symbol", "symbols", "windowSize"]
    assert ep.param("symbol").enum == []


def test_a_value_continued_after_a_blank_line_stays_in_its_cell():
    rows = "side| ENUM| YES| BUY  \n  \nSELL  \ntype| ENUM| YES|   \nquantity| DECIMAL| NO|   \n"
    ep, _ = parsed(page(params=TABLE + rows))
    assert [p.name for p in ep.params] == ["side", "type", "quantity"]
    assert ep.param("side").enum == ["BUY", "SELL"]


def test_a_lone_connective_is_prose_not_a_row():
    rows = ("symbols| STRING| NO| e.g. [\"A\",\"B\"]  \nor  \n%5B%22A%22%5D  \nlimit| INT| NO|   \n")
    ep, _ = parsed(page(params=TABLE + rows))
    assert [p.name for p in ep.params] == ["symbols", "limit"]


def test_a_table_after_prose_with_its_own_header_is_not_joined():
    text = TABLE + "type| ENUM| YES|   \nprice| DECIMAL| NO|   \n  \nSome notes below.\n\nKind| A| B| C  \n---|---|---|---  \nx| y| z| w  \n"
    ep, _ = parsed(page(params=text))
    assert [p.name for p in ep.params] == ["type", "price"]


# ---------------------------------------------------------------- values given as values


def test_parameter_names_are_never_values():
    assert _param("Either `symbol` or `symbols` must be provided", "STRING", ("symbol", "symbols")).enum == []
    assert _param("参数 `symbol` 和 `symbols` 不可以一起使用", "STRING", ("symbol", "symbols")).enum == []
    assert _param("When type selects `ISOLATED`, `symbol` must be filled in", "STRING", ("type", "symbol")).enum == []
    assert _param("`type`选择`ISOLATED`后，`symbol`需要填入", "STRING", ("type", "symbol")).enum == []


def test_values_of_another_parameter_are_not_this_ones():
    assert _param("Required if `aboveType` is `STOP_LOSS_LIMIT` or `TAKE_PROFIT_LIMIT`", names=("aboveType",)).enum == []
    assert _param("For `CONDITIONAL` algoType, `STOP_MARKET`/`TAKE_PROFIT_MARKET`/`STOP` as order type",
                  names=("algoType",)).enum == ["STOP_MARKET", "TAKE_PROFIT_MARKET", "STOP"]
    assert _param("当`aboveType`为`STOP_LOSS_LIMIT`或`TAKE_PROFIT_LIMIT`时必填", names=("aboveType",)).enum == []


def test_values_named_as_the_subject_of_a_statement_about_orders_are_not_values():
    text = ("Set the response JSON. `ACK`, `RESULT`, or `FULL`; `MARKET` and `LIMIT` order types default to `FULL`, "
            "all other orders default to `ACK`.")
    assert _param(text).enum == ["ACK", "RESULT", "FULL"]
    zh = "设置响应: JSON. `ACK`, `RESULT`, 或 `FULL`; `MARKET` 和 `LIMIT` 订单类型默认为 `FULL`, 所有其他订单默认为 `ACK`."
    assert _param(zh).enum == ["ACK", "RESULT", "FULL"]


def test_values_named_to_restrict_are_not_values():
    assert _param("true, false；Close-All，used with `STOP_MARKET` or `TAKE_PROFIT_MARKET`.", "STRING").enum \
        == ["true", "false"]
    assert _param("`true`, `false`；触发后全部平仓，仅支持`STOP_MARKET`和`TAKE_PROFIT_MARKET`；不与`quantity`合用", "STRING",
                  ("quantity",)).enum == ["true", "false"]
    assert _param("only avaliable for `LIMIT`/`STOP` order", "STRING").enum == []
    # "only" that lists the values is no restriction
    p = _param("持仓方向，单向持仓模式下非必填，默认且仅可填`BOTH`;在双向持仓模式下必填,且仅可选择 `LONG` 或 `SHORT`")
    assert p.enum == ["BOTH", "LONG", "SHORT"]


def test_labeled_values_one_per_line_before_their_meaning():
    en = ("Supported values:\n`ONLY_NEW` - Cancel will succeed if the order status is `NEW`.\n"
          "`ONLY_PARTIALLY_FILLED ` - Cancel will succeed if order status is `PARTIALLY_FILLED`.")
    assert labeled_values(en) == ["ONLY_NEW", "ONLY_PARTIALLY_FILLED"]
    zh = "支持的值:\n`ONLY_NEW` - 如果订单状态为 `NEW`，撤销将成功。\n`ONLY_PARTIALLY_FILLED` - 如果订单状态为 `PARTIALLY_FILLED`，撤销将成功。"
    assert labeled_values(zh) == ["ONLY_NEW", "ONLY_PARTIALLY_FILLED"]
    modes = ("Supported values:\n`DO_NOTHING` (default)- will only attempt to cancel the order if ...\n"
             "`CANCEL_ONLY` - will always cancel the order")
    assert _param(modes).enum == ["DO_NOTHING", "CANCEL_ONLY"]
    assert _param("The allowed values are:\n`STOP_ON_FAILURE` - If the cancel request fails, ...\n"
                  "`ALLOW_FAILURE` - new order placement will be attempted").enum == ["STOP_ON_FAILURE", "ALLOW_FAILURE"]


def test_values_written_differently():
    assert _param("1_D, 3_D, 7_D, 30_D (D means day)").enum == ["1_D", "3_D", "7_D", "30_D"]
    assert _param("Supported values: `FULL` or `MINI`.\nIf none provided, the default is `FULL`").enum == ["FULL", "MINI"]
    assert _param("支持的值：`FULL` 或 `MINI`。").enum == ["FULL", "MINI"]
    assert enum_values("Valid values: `TRADING`, `HALT`, `BREAK`") == ["TRADING", "HALT", "BREAK"]


def test_examples_are_not_values():
    assert _param("Examples of accepted format for the symbols parameter: [\"BTCUSDT\",\"BNBUSDT\"]", "STRING").enum == []
    assert _param("symbols参数可接受的格式： [\"BTCUSDT\",\"BNBUSDT\"]", "STRING").enum == []


def test_bare_true_false_is_a_flag():
    assert true_false("true, false；Close-All") == ["true", "false"]
    assert true_false("TRUE/FALSE") == ["TRUE", "FALSE"]
    assert true_false("is market maker protection order, true/false") == ["true", "false"]
    assert true_false("trueness") == []


def test_lines_about_another_parameter_belong_to_it():
    text = ("Either `symbol` or `symbols` must be provided\nExamples of accepted format for the `symbols` parameter:\n"
            "[\"A\",\"B\"]\nor\n%5B%22A%22%5D\nThe maximum number of `symbols` allowed in a request is 100.")
    own, about = split_by_subject("symbol", text, {"symbol", "symbols"})
    assert own == "Either `symbol` or `symbols` must be provided"
    assert list(about) == ["symbols"] and about["symbols"].startswith("Examples of accepted format")
    own, about = split_by_subject("symbol", "参数 `symbol` 和 `symbols` 不可以一起使用\nsymbols参数可接受的格式： [\"A\"]",
                                  {"symbol", "symbols"})
    assert own == "参数 `symbol` 和 `symbols` 不可以一起使用" and "symbols" in about


def test_a_mandatory_parameter_that_is_one_of_alternatives_is_optional_under_the_rule():
    rows = ("symbol | STRING | YES | Either `symbol` or `symbols` must be provided  \n"
            "symbols | STRING | NO |  \n")
    ep, codes = parsed(page(params=TABLE + rows))
    assert not ep.param("symbol").required
    assert [(r.kind, r.params) for r in ep.rules] == [("either", ["symbol", "symbols"])]
    assert "mandatory-by-rule" in codes


def test_a_range_written_with_dots_is_every_value_in_it():
    text = ("Supported `windowSize` values:\n`1m`,`2m`....`59m` for minutes\n`1h`, `2h`....`23h` \\- for hours\n"
            "`1d`...`7d` \\- for days\nUnits cannot be combined (e.g. `1d2h` is not allowed)")
    values = _param(text, names=("windowSize",)).enum
    assert len(values) == 59 + 23 + 7 and values[:3] == ["1m", "2m", "3m"] and values[-1] == "7d"
    zh = "`windowSize` 支持的值:\n如果是分钟: `1m`,`2m`....`59m`\n如果是小时: `1h`, `2h`....`23h`"
    assert len(enum_values(zh)) == 59 + 23


def test_values_in_a_table_beside_the_parameters_and_in_a_list_under_a_label():
    from generator.parse.values import nested_values, table_values

    rows = [["Interval", "`interval` value"], ["minutes", "`1m`, `3m`"], ["months", "`1M`"]]
    assert table_values(rows, {"interval", "symbol"}) == {"interval": ["1m", "3m", "1M"]}
    assert table_values([["Interval", "value"], ["x", "`1m`, `3m`"]], {"interval"}) == {}
    names = {"type", "contractType", "newOrderRespType", "asset"}
    assert nested_values("Contract type: ", ["PERPETUAL", "CURRENT_QUARTER"], names) == \
        ("contractType", ["PERPETUAL", "CURRENT_QUARTER"])
    assert nested_values("ENUM of transfer types:", ["MAIN_UMFUTURE Spot account transfer to USDⓈ-M Futures account",
                                                     "MAIN_CMFUTURE Spot account transfer to COIN-M Futures account"],
                         names) == ("type", ["MAIN_UMFUTURE", "MAIN_CMFUTURE"])
    # a condition, not a label; values that are the subject of a statement about orders
    assert nested_values("If `newOrderRespType ` is sent as `RESULT` :",
                         ["`MARKET` order: the final FILLED result", "`LIMIT` order with special `timeInForce`"],
                         names) is None
    assert nested_values("Order types:", ["`MARKET` orders are filled at once", "`LIMIT` orders rest"], names) is None
    # a Chinese label that is a parameter's description word for word
    assert nested_values("合约类型:", ["PERPETUAL 永续合约", "CURRENT\\_QUARTER 当季交割合约"], names,
                         {"contractType": "合约类型", "type": "类型"}) == ("contractType", ["PERPETUAL", "CURRENT_QUARTER"])


def test_objects_keyed_by_asset_names_are_maps():
    from generator.parse.response import schema_of

    records = {"CTR": {"minWithdrawAmount": "70", "depositStatus": False, "depositTip": "Delisted"},
               "SKY": {"minWithdrawAmount": "0.02", "depositStatus": True}}
    assert "additionalProperties" in schema_of(records, {})
    inventory = {"assets": {"MATIC": "100000000", "STPT": "100000000"}, "updateTime": 1}
    assert "additionalProperties" in schema_of(inventory, {})["properties"]["assets"]
    # capitals with scalar values under a singular name are fields
    quantile = {"adlQuantile": {"LONG": 1, "SHORT": 2, "HEDGE": 0}}
    assert set(schema_of(quantile, {})["properties"]["adlQuantile"]["properties"]) == {"LONG", "SHORT", "HEDGE"}


def test_english_and_chinese_examples_that_disagree_are_a_conflict():
    en = "```\n{\"orderId\": 1, \"status\": \"NEW\"}\n```"
    zh_example = "```\n{\"orderId\": 1, \"state\": \"NEW\"}\n```"
    zh = ("## HTTP请求\n\nGET `/fapi/v1/thing`\n\n## 请求权重\n\n**1**\n\n## 请求参数\n\nNONE\n\n## 响应示例\n\n"
          + zh_example + "\n")
    ep, codes = parsed(page(params="NONE", response=en, zh=zh))
    (c,) = [c for c in ep.conflicts if c.field == "response"]
    assert (c.en, c.zh) == (["status:string"], ["state:string"]) and "language-mismatch" in codes
    ep, _ = parsed(page(params="NONE", response=en, zh=zh.replace(zh_example, en)))
    assert not ep.conflicts


def test_a_list_a_note_beside_the_table_says_is_json():
    from generator.model import ListFormat
    from generator.parse.constraints import list_from_note

    def orders(note: str, name: str = "orders") -> tuple[str, str, str]:
        p = Param(name=name, type="LIST<STRING>", list=ListFormat(style="comma", item_type="STRING", max_items=10))
        list_from_note(p, note)
        assert p.list is not None and p.list.max_items == 10
        return p.type, p.list.style, p.list.item_type

    assert orders("Where`orders` is the list of order parameters in JSON:") == ("LIST<STRING>", "json", "STRING")
    assert orders('**example:** /eapi/v1/batchOrders?orders=[{"symbol":"BTC-210115-35000-C"}]') == \
        ("LIST<JSON>", "json", "JSON")
    assert orders('orders=["a","b"]') == ("LIST<STRING>", "json", "STRING")
    # a note that does not name the parameter, or names it without saying JSON, changes nothing
    assert orders("Where `batchOrders` is the list of order parameters in JSON") == ("LIST<STRING>", "comma", "STRING")
    assert orders("`orders` is a list of order ids") == ("LIST<STRING>", "comma", "STRING")
    assert orders("Where `symbolsOrders` is the list in JSON", name="symbols") == ("LIST<STRING>", "comma", "STRING")
