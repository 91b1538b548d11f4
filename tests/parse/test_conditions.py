"""Rules that hold only for a value of another parameter (issue 12): per-value tables, sentences and
nested notes, English and Chinese; conditions stay conditions."""

from __future__ import annotations

from generator.model import Condition
from generator.parse.conditions import scoped_rules, table_rules

from .test_variants import TABLE, page, parsed

_ORDER = (TABLE + "symbol| STRING| YES|   \nside| ENUM| YES|   \ntype| ENUM| YES|   \ntimeInForce| ENUM| NO|   \n"
          "quantity| DECIMAL| NO|   \nquoteOrderQty| DECIMAL| NO|   \nprice| DECIMAL| NO|   \n"
          "stopPrice| DECIMAL| NO|   \ntrailingDelta| LONG| NO|   \npegPriceType| ENUM| NO|   \n")
_NAMES = {"symbol", "side", "type", "timeInForce", "quantity", "quoteOrderQty", "price", "stopPrice", "trailingDelta",
          "workingType", "workingTimeInForce", "pendingType", "pendingPrice", "pendingStopPrice",
          "pendingTrailingDelta", "pendingTimeInForce", "strategyType", "callbackRate"}


def _read(rows: list[list[str]], hint: str = "", enums: dict[str, list[str]] | None = None, lang: str = "en"):
    found, _ = table_rules(rows, hint, _NAMES, enums or {}, lang)
    return [(r.kind, r.params, r.when.param, r.when.equals) for r in found]


def test_type_table_gives_required_rules_per_value():
    rows = [["Type", "Additional mandatory parameters", "Additional Information"],
            ["`LIMIT`", "`timeInForce`, `quantity`, `price`", ""],
            ["`MARKET`", "`quantity` or `quoteOrderQty`", "`MARKET` orders using the `quantity` field ..."],
            ["`STOP_LOSS`", "`quantity`, `stopPrice` or `trailingDelta`", ""]]
    assert _read(rows) == [("required", ["timeInForce", "quantity", "price"], "type", ["LIMIT"]),
                           ("required", ["quantity"], "type", ["STOP_LOSS"])]  # alternatives make no rule


def test_alternatives_named_in_a_rows_further_cells_are_not_both_required():
    rows = [["Type", "强制要求的参数", "其他信息"],
            ["`STOP_LOSS`", "`quantity`, `stopPrice`, `trailingDelta`", "条件满足后会下`MARKET`单子. (例如：达到`stopPrice`或`trailingDelta`被启动)"]]
    rows.append(["`STOP_LOSS_LIMIT`", "`timeInForce`, `quantity`, `price`, `stopPrice`, `trailingDelta`", ""])
    rows.append(["`MARKET`", "`quantity`", "市价买卖单可用`quoteOrderQty`参数来设置`quote asset`数量"])
    # alternatives named in any row hold for the whole table; a row whose explanation names another
    # parameter may describe an alternative: no rule from it
    assert _read(rows, lang="zh") == [("required", ["quantity"], "type", ["STOP_LOSS"]),
                                      ("required", ["timeInForce", "quantity", "price"], "type", ["STOP_LOSS_LIMIT"])]


def test_chinese_table_and_values_joined_in_one_cell():
    rows = [["类型", "强制要求的参数"], ["`STOP/TAKE_PROFIT`", "`quantity`, `price`, `stopPrice`"],
            ["`STOP_MARKET`, `TAKE_PROFIT_MARKET`", "`stopPrice`"], ["`TRAILING_STOP_MARKET`", "`callbackRate`"]]
    enums = {"strategyType": ["STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"]}
    assert _read(rows, enums=enums, lang="zh") == [
        ("required", ["quantity", "price", "stopPrice"], "strategyType", ["STOP", "TAKE_PROFIT"]),
        ("required", ["stopPrice"], "strategyType", ["STOP_MARKET", "TAKE_PROFIT_MARKET"]),
        ("required", ["callbackRate"], "strategyType", ["TRAILING_STOP_MARKET"])]
    # without a header naming it, the parameter is the one named before the table, else the one whose values these are
    assert _read(rows, hint="根据 order `type`的不同，某些参数强制要求，具体如下:")[0][2] == "type"
    assert _read(rows)[:1] == []


def test_table_rows_that_name_their_parameter():
    rows = [["Type", "Additional mandatory parameters", "Additional information"],
            ["`workingType` = `LIMIT`", "`workingTimeInForce`", ""],
            ["`pendingType` = `STOP_LOSS` or `TAKE_PROFIT`", "`pendingStopPrice` and/or `pendingTrailingDelta`", ""],
            ["`pendingType` = `STOP_LOSS_LIMIT` 或 `TAKE_PROFIT_LIMIT`",
             "`pendingPrice`， `pendingStopPrice` 与/或 `pendingTrailingDelta`， `pendingTimeInForce`", ""]]
    assert _read(rows) == [
        ("required", ["workingTimeInForce"], "workingType", ["LIMIT"]),
        ("required", ["pendingPrice", "pendingTimeInForce"], "pendingType", ["STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"])]


def test_table_on_a_page_english_wins_and_chinese_disagreement_is_a_conflict():
    en = ("Some additional mandatory parameters based on order `type`:\n\n"
          "Type| Additional mandatory parameters  \n---|---  \n`LIMIT`| `timeInForce`, `quantity`, `price`  \n"
          "`MARKET`| `quantity` or `quoteOrderQty`  \n`STOP_LOSS`| `quantity`, `stopPrice` or `trailingDelta`  \n")
    zh_rows = ("Type| 强制要求的参数  \n---|---  \n`LIMIT`| `timeInForce`, `quantity`, `price`  \n"
               "`MARKET`| `quantity`  \n`STOP_LOSS`| `quantity`, `stopPrice`, `trailingDelta`  \n")
    zh = ("## HTTP请求\n\nPOST `/fapi/v1/thing`\n\n## 请求权重\n\n**1**\n\n## 请求参数\n\n" + _ORDER.replace(
        "Name| Type| Mandatory| Description", "名称| 类型| 是否必需| 描述") + "\n" + zh_rows)
    head = "## HTTP Request\n\nPOST `/fapi/v1/thing`\n"
    ep, codes = parsed(page(params=_ORDER + "\n" + en, zh=zh, head=head))
    got = {(tuple(r.params), tuple(r.when.equals)) for r in ep.rules if r.when}
    assert got == {(("timeInForce", "quantity", "price"), ("LIMIT",)), (("quantity",), ("STOP_LOSS",))}
    assert {c.field for c in ep.conflicts} >= {"rules.required when type is MARKET", "rules.required when type is STOP_LOSS"}
    assert "language-mismatch" in codes


def test_a_parameter_that_becomes_optional_when_another_is_sent_is_either_one_or_the_other():
    notes = ("Type| Additional mandatory parameters  \n---|---  \n`LIMIT`| `timeInForce`, `quantity`, `price`  \n\n"
             "Notes on using parameters for Pegged Orders:\n\n"
             "  * If `pegPriceType` is specified, `price` becomes optional. Otherwise, it is still mandatory.\n")
    ep, _ = parsed(page(params=_ORDER + "\n" + notes, head="## HTTP Request\n\nPOST `/api/v3/thing`\n"))
    limit = Condition("type", equals=["LIMIT"])
    assert [(r.kind, r.params, r.when) for r in ep.rules] == [
        ("required", ["timeInForce", "quantity"], limit), ("either", ["price", "pegPriceType"], limit)]
    assert ep.rules[1].text.en.endswith("If `pegPriceType` is specified, `price` becomes optional. Otherwise, it is still mandatory.")


def test_a_parameter_that_becomes_optional_under_an_unnamed_condition_is_not_made_required():
    notes = ("Type| Additional mandatory parameters  \n---|---  \n`LIMIT`| `timeInForce`, `quantity`, `price`  \n\n"
             "  * For some markets `price` becomes optional.\n")
    ep, _ = parsed(page(params=_ORDER + "\n" + notes, head="## HTTP Request\n\nPOST `/api/v3/thing`\n"))
    assert [(r.kind, r.params, r.when) for r in ep.rules] == [
        ("required", ["timeInForce", "quantity"], Condition("type", equals=["LIMIT"]))]


def test_nested_notes_under_a_condition():
    names = {"closePosition", "quantity", "reduceOnly", "type"}
    parent = "`STOP_MARKET`, `TAKE_PROFIT_MARKET` with `closePosition`=`true`:"
    got = [(r.kind, r.params, r.when) for r in scoped_rules(parent, "Cannot be used with `quantity` paremeter", names, "en")]
    assert got == [("forbidden", ["quantity"], Condition("closePosition", equals=["true"]))]
    zh_parent = "`STOP_MARKET`, `TAKE_PROFIT_MARKET` 配合 `closePosition`=`true`:"
    got = [(r.kind, r.params) for r in scoped_rules(zh_parent, "自带只平仓属性,不支持`reduceOnly`参数", names, "zh")]
    assert got == [("forbidden", ["reduceOnly"])]
    # an item that names values, not parameters, makes no rule; nor does a parent without a condition
    assert scoped_rules(parent, "In Hedge Mode, cannot be used with `BUY` orders in `LONG` position side", names, "en") == []
    assert scoped_rules("Condition orders will be triggered when:", "Cannot be used with `quantity`", names, "en") == []


def test_nested_notes_on_a_page():
    params = (TABLE + "type| ENUM| YES|   \nquantity| DECIMAL| NO|   \nreduceOnly| STRING| NO|   \n"
              "closePosition| STRING| NO| `true`, `false`  \n\n"
              ">   * `STOP_MARKET`, `TAKE_PROFIT_MARKET` with `closePosition`=`true`:\n> \n"
              ">     * Follow the same rules for condition orders.\n"
              ">     * Cannot be used with `quantity` paremeter\n"
              ">     * Cannot be used with `reduceOnly` parameter\n"
              ">   * `selfTradePreventionMode` is only effective when `timeInForce` set to `IOC`.\n")
    ep, _ = parsed(page(params=params))
    assert [(r.kind, r.params, r.when.param) for r in ep.rules] == [
        ("forbidden", ["quantity"], "closePosition"), ("forbidden", ["reduceOnly"], "closePosition")]


def test_conditional_sentences_english_and_chinese():
    params = (TABLE + "isIsolated| STRING| NO| for isolated margin or not, \"TRUE\", \"FALSE\"  \n"
              "symbol| STRING| NO|   \ntimeInForce| ENUM| NO|   \n"
              "goodTillDate| LONG| NO| order cancel time for timeInForce `GTD`, mandatory when `timeInforce` set to `GTD`  \n"
              "\n  * If isIsolated =\"TRUE\", symbol must be sent\n")
    ep, _ = parsed(page(params=params))
    got = {(tuple(r.params), r.when.param, tuple(r.when.equals)) for r in ep.rules}
    assert got == {(("symbol",), "isIsolated", ("TRUE",)), (("goodTillDate",), "timeInForce", ("GTD",))}
    zh = TABLE + "symbol| STRING| NO| 交易对名称，当isIsolated为true时必填，例如：BNBUSDT  \nisIsolated| STRING| NO|   \n"
    ep, _ = parsed(page(params=zh))
    assert [(r.kind, r.params, r.when) for r in ep.rules] == [("required", ["symbol"], Condition("isIsolated", equals=["true"]))]
