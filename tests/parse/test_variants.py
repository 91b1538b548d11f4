"""Smaller variation classes: weights, broken tables, response examples, cross-language checks, I/O."""

from __future__ import annotations

from pathlib import Path

from generator.model import Condition
from generator.parse import parse_page, parse_paths
from generator.parse.response import read_example


def page(weight: str = "**1**", params: str = "", response: str = "", zh: str | None = None,
         head: str = "## HTTP Request\n\nGET `/fapi/v1/thing`\n") -> str:
    text = (
        "---\nsource_url: https://developers.binance.com/docs/derivatives/usds-margined-futures/x/Thing\n---\n\n"
        f"# Get Thing\n\n{head}\n## Request Weight\n\n{weight}\n\n## Request Parameters\n\n{params}\n\n"
        f"## Response Example\n\n{response}\n"
    )
    if zh is not None:
        text += "\n---\n\n# 查询东西\n\n" + zh
    return text


TABLE = "Name| Type| Mandatory| Description  \n---|---|---|---  \n"


def parsed(text: str):
    result = parse_page(text, "p.md")
    assert len(result.endpoints) == 1, result.diagnostics
    return result.endpoints[0], {d.code for d in result.diagnostics}


# ---------------------------------------------------------------- weights


def test_weight_table_with_interval_keys_and_quoted_last_row():
    weight = ("based on parameter `LIMIT`\n\nLIMIT| weight  \n---|---  \n[1,100)| 1  \n[100, 500)| 2  \n"
              "[500, 1000]| 5  \n  \n> 1000 | 10")
    ep, _ = parsed(page(weight, TABLE + "limit| INT| NO| Default 500; max 1500.  \n"))
    (w,) = ep.weight
    assert [c.value for c in w.cases] == [1, 2, 5, 10]
    assert w.cases[0].when == [Condition(param="limit", minimum=1, maximum=99)]
    assert w.cases[3].when == [Condition(param="limit", minimum=1001)]
    assert w.value == 5  # limit defaults to 500


def test_weight_several_limits():
    weight = ("1 on 10s order rate limit(X-MBX-ORDER-COUNT-10S); 1 on 1min order rate limit(X-MBX-ORDER-COUNT-1M); "
              "0 on IP rate limit(x-mbx-used-weight-1m)")
    ep, _ = parsed(page(weight))
    assert [(w.unit, w.value, w.interval) for w in ep.weight] == [("ORDER", 1, "10s"), ("ORDER", 1, "1m"), ("IP", 0, None)]


def test_one_weight_per_weight_heading():
    text = page().replace("## Request Weight\n\n**1**", "## Request Weight(IP)\n\n**1**\n\n## Request Weight(UID)\n\n**360**")
    ep, _ = parsed(text)
    assert [(w.unit, w.value) for w in ep.weight] == [("IP", 1), ("UID", 360)]
    assert ep.weight[1].raw.en == "Request Weight(UID): **360**"


def test_titled_operation_without_request_line_ends_the_endpoint():
    text = (
        "# Streams\n\n## Create Token (USER_STREAM)\n\n### HTTP Request\n\nPOST `/sapi/v1/token`\n\n"
        "**Request weight (UID)** : 1\n\n### Request Parameters\n\n" + TABLE + "validity| LONG| NO| ms  \n\n"
        "### Response Example\n\n    {\"token\": \"x\"}\n\n"
        "## Subscribe With Token (USER_STREAM)\n\n### method\n\n`stream.subscribe`\n\n### **Request weight** : 2\n\n"
        "### Request Parameters\n\n" + TABLE + "token| STRING| YES| the token  \n\n"
        "### Response Example\n\n    {\"subscriptionId\": 1}\n"
    )
    ep, _ = parsed(text)
    assert [(w.unit, w.value) for w in ep.weight] == [("UID", 1)]
    assert [p.name for p in ep.params] == ["validity"]
    assert ep.response is not None and ep.response.examples == [{"token": "x"}]


def test_weight_units_and_inline_heading_value():
    ep, _ = parsed(page("**300(UID)**"))
    assert [(w.unit, w.value) for w in ep.weight] == [("UID", 300)]
    text = page().replace("## Request Weight\n\n**1**", "### 请求权重(UID)：2")
    ep, _ = parsed(text)
    assert [(w.unit, w.value) for w in ep.weight] == [("UID", 2)]


def test_weight_missing_and_unreadable_are_diagnosed():
    _, codes = parsed(page("").replace("## Request Weight\n", ""))
    assert "weight-missing" in codes
    _, codes = parsed(page("see the docs"))
    assert "weight-unparsed" in codes


def test_language_mismatch_is_recorded():
    zh = "## HTTP请求\n\nGET `/fapi/v1/thing`\n\n## 请求权重\n\n**5**\n\n## 请求参数\n\n" \
         "名称| 类型| 是否必需| 描述  \n---|---|---|---  \nsymbol| STRING| YES|   \nextra| STRING| NO|   \n"
    ep, codes = parsed(page("**1**", TABLE + "symbol| STRING| NO|   \n", zh=zh))
    assert "language-mismatch" in codes
    fields = {c.field: (c.en, c.zh) for c in ep.conflicts}
    assert fields["weight"] == (["1 IP"], ["5 IP"])
    assert fields["params"] == (["symbol"], ["symbol", "extra"])
    assert [(w.unit, w.value) for w in ep.weight] == [("IP", 1)]  # English preferred
    assert [p.name for p in ep.params] == ["symbol", "extra"]  # a parameter is never lost


def test_a_string_the_other_half_calls_an_enum_is_an_enum():
    zh = "## HTTP请求\n\nGET `/fapi/v1/thing`\n\n## 请求权重\n\n**1**\n\n## 请求参数\n\n" \
         "名称| 类型| 是否必需| 描述  \n---|---|---|---  \ninterval| ENUM| YES| 时间间隔  \n"
    ep, _ = parsed(page("**1**", TABLE + "interval| STRING| YES| Time interval  \n", zh=zh))
    assert [(p.name, p.type) for p in ep.params] == [("interval", "ENUM")]


# ---------------------------------------------------------------- parameter tables


def test_run_together_table_inside_code_block():
    params = ("    \n    \n    Name      |  Type  | Mandatory |    Description  \n    \n\n"
              "\\------------- | ------ | --------- | ------- symbol | STRING | NO | kind | ENUM | NO | "
              "\"A\" for a, \"B\" for b. limit | INT | NO | Default 50; max 100. timestamp | LONG | YES |")
    ep, _ = parsed(page(params=params))
    assert [(p.name, p.type, p.required) for p in ep.params] == [
        ("symbol", "STRING", False), ("kind", "ENUM", False), ("limit", "INT", False), ("timestamp", "LONG", True)]
    assert ep.param("limit").maximum == 100 and ep.param("kind").enum == ["A", "B"]


def test_full_width_pipes_on_one_line():
    params = "｜名称 | 类型 | 是否必需 | 描述 ｜------ | ------ | ------ | ------ ｜pair | STRING | YES | x ｜limit | LONG | NO | Default 30,Max 500"
    ep, _ = parsed(page(params=params))
    assert [(p.name, p.required) for p in ep.params] == [("pair", True), ("limit", False)]
    assert (ep.param("limit").default, ep.param("limit").maximum) == (30, 500)


def test_no_parameter_markers():
    for marker in ("NONE", "None", "**None**", "NA", "无", "No parameters required."):
        ep, codes = parsed(page(params=marker))
        assert ep.params == [] and "params-unparsed" not in codes, marker


def test_mandatory_words_and_bold_cells():
    params = TABLE + "a| **LONG**| TRUE|   \nb| STRING| **NO**|   \nc| STRING| CONDITIONAL|   \nd| STRING| EITHER|   \n"
    ep, _ = parsed(page(params=params))
    assert [(p.name, p.type, p.required, p.mandatory) for p in ep.params] == [
        ("a", "LONG", True, "TRUE"), ("b", "STRING", False, None), ("c", "STRING", False, "CONDITIONAL"),
        ("d", "STRING", False, "EITHER")]


def test_signed_from_mandatory_timestamp_only():
    ep, _ = parsed(page(params=TABLE + "timestamp| LONG| YES|   \n"))
    assert ep.signed is True and ep.security is None
    ep, _ = parsed(page(params=TABLE + "symbol| STRING| YES|   \n"))
    assert ep.signed is False


def test_request_line_variants():
    for line, path in (("GET /fapi/v1/a", "/fapi/v1/a"), ("GET `fapi/v1/b`", "/fapi/v1/b"),
                       ("GET `/fapi/v1/c `", "/fapi/v1/c"), ("**GET** `/fapi/v1/d`", "/fapi/v1/d"),
                       ("GET /`papi/v1/e`", "/papi/v1/e")):
        ep, _ = parsed(page(head=f"## HTTP Request\n\n{line}\n"))
        assert (ep.method, ep.path) == ("GET", path), line


# ---------------------------------------------------------------- response examples


def test_lenient_json_variants():
    assert read_example('{"a": "x\ty"}').values == [{"a": "x\ty"}]
    assert read_example("{'a': 'b'}").values == [{"a": "b"}]
    assert read_example('{"path": "C:\\q"}').values == [{"path": "C:\\q"}]
    assert read_example('{"a": 1 "b": 2}').values == [{"a": 1, "b": 2}]
    assert read_example('{"a": 1，"b": [1, 2,],}').values == [{"a": 1, "b": [1, 2]}]
    assert read_example('{"a": 1}\n{"a": 2}').values == [{"a": 1}, {"a": 2}]
    got = read_example('{\n "type": "BORROW",//BORROW, REPAY\n "n": 1 // count\n}')
    assert got.values == [{"type": "BORROW", "n": 1}]
    assert got.comments == {("type",): "BORROW, REPAY", ("n",): "count"}


def test_unrecoverable_example_is_a_warning():
    ep, codes = parsed(page(response="```\n{\"a\": : ]\n```"))
    assert "response-example-invalid" in codes


def test_field_table_instead_of_json():
    response = "Field| Type| Description  \n---|---|---  \nratio| DECIMAL| the ratio  \ncount| INT|   \n"
    ep, _ = parsed(page(response=response))
    assert ep.response.schema == {"type": "object", "properties": {
        "ratio": {"type": "number", "description": "the ratio"}, "count": {"type": "integer"}}}


# ---------------------------------------------------------------- reading files


def test_parse_paths_reads_every_file_and_survives_bad_bytes(tmp_path: Path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(page(), encoding="utf-8")
    (tmp_path / "a.md").write_bytes(page().replace("/fapi/v1/thing", "/fapi/v1/other").encode() + b"\xff\xfe")
    monkeypatch.chdir(tmp_path)
    endpoints, diags = parse_paths([Path(".")])
    assert [(e.path, e.source.file) for e in endpoints] == [("/fapi/v1/other", "a.md"), ("/fapi/v1/thing", "sub/b.txt")]
    assert any(d.code == "encoding-error" and d.file == "a.md" for d in diags)


def test_unfilled_order_count_is_an_order_weight():
    text = (
        "# Trading endpoints\n\n### New order (TRADE)\n\n    POST /api/v3/order\n\nSend in a new order.\n\n"
        "**Weight:** 1\n\n**Unfilled Order Count:** 1\n\n**Parameters:**\n\n" + TABLE
        + "symbol| STRING| YES|   \ntimestamp| LONG| YES|   \n\n**Data Source:** Matching Engine\n\n"
        "### 下单 (TRADE)\n\n    POST /api/v3/order\n\n**权重:** 1\n\n**未成交的订单计数:** 1\n"
    )
    result = parse_page(text, "p.md")
    assert [(w.unit, w.value) for w in result.endpoints[0].weight] == [("IP", 1), ("ORDER", 1)]


def test_blank_line_between_rows_does_not_end_the_table():
    params = TABLE + "groupId| LONG| NO| Risk unit  \nstartTime| LONG| NO|   \n  \nendTime| LONG| NO|   \n  \n" \
        "size| LONG| NO| Default:10 Max:100  \ntimestamp| LONG| YES|   \n"
    ep, _ = parsed(page("**1**", params))
    assert [p.name for p in ep.params] == ["groupId", "startTime", "endTime", "size", "timestamp"]
    # a new table (its own separator line) after a blank line is another table
    params = TABLE + "symbol| STRING| YES|   \n\nType| Mandatory  \n---|---  \nLIMIT| price  \n"
    ep, _ = parsed(page("**1**", params))
    assert [p.name for p in ep.params] == ["symbol"]


def test_note_written_on_its_pseudo_heading_line_is_a_note():
    text = page("**1**", TABLE + "startTime| LONG| NO|   \nendTime| LONG| NO|   \n")
    text = text.replace("## Response Example", "**Note:** The time between `startTime` and `endTime` can't be "
                                               "longer than 24 hours.\n\n## Response Example")
    ep, _ = parsed(text)
    assert [(r.kind, r.value) for r in ep.rules] == [("max_span", 86_400_000)]


def test_parameter_table_right_under_the_weight_is_the_parameter_table():
    zh = "## HTTP请求\n\nGET `/fapi/v1/thing`\n\n## 请求权重\n\n**0**\n\n" \
         "名称| 类型| 是否必需| 描述  \n---|---|---|---  \nsymbol| STRING| YES| 交易对  \n"
    ep, _ = parsed(page("**0**", TABLE + "symbol| STRING| YES| the pair  \n", zh=zh))
    assert ep.weight[0].raw.zh == "请求权重: **0**"
    assert ep.params[0].description.zh == "交易对"


def test_notes_pair_only_when_the_lists_match_item_by_item():
    from generator.parse.extract import _pair

    en = ["Either `symbol` or `pair` must be sent.", "The query time period must be less than 7 days."]
    zh = ["`symbol` 或 `pair`必须传一个", "查询时间范围最大不得超过7天"]
    assert [(t.en, t.zh) for t in _pair(en, zh)] == list(zip(en, zh))
    swapped = [(t.en, t.zh) for t in _pair(en, list(reversed(zh)))]
    assert swapped == [(en[0], None), (en[1], None), (None, zh[1]), (None, zh[0])]


def test_english_title_on_a_chinese_page_is_english():
    text = ("<!-- Source: https://developers.binance.com/docs/zh-CN/wallet/x/Thing -->\n\n"
            "# Get Thing (USER_DATA)\n\n## HTTP Request\n\nGET `/sapi/v1/thing`\n\n## Request Weight\n\n**1**\n")
    ep, _ = parsed(text)
    assert (ep.title.en, ep.title.zh) == ("Get Thing", None)


def test_object_keyed_by_symbols_is_a_map():
    from generator.parse.response import schema_of

    schema = schema_of({"indicators": {"BTCUSDT": [{"value": 1}], "ETHUSDT": [{"value": 2}]},
                        "adl": {"LONG": 3, "SHORT": 3, "HEDGE": 0}}, {})
    indicators = schema["properties"]["indicators"]
    assert "properties" not in indicators
    assert indicators["additionalProperties"]["items"]["properties"]["value"] == {"type": "integer"}
    assert list(schema["properties"]["adl"]["properties"]) == ["LONG", "SHORT", "HEDGE"]  # field names


def test_mandatory_either_makes_a_rule_and_rules_are_not_repeated():
    params = TABLE + "fromAsset| STRING| EITHER OR BOTH|   \ntoAsset| STRING| EITHER OR BOTH|   \n"
    ep, _ = parsed(page("**1**", params))
    assert [(r.kind, r.params) for r in ep.rules] == [("either", ["fromAsset", "toAsset"])]
    params = TABLE + "fromId| LONG| NO|   \npair| STRING| NO|   \n"
    text = page("**1**", params).replace("## Response Example", "* `pair` and `fromId` cannot be sent together\n"
                                         "* `fromId` and `pair` cannot be sent together\n\n## Response Example")
    ep, _ = parsed(text)
    assert [(r.kind, sorted(r.params)) for r in ep.rules] == [("not_together", ["fromId", "pair"])]


def test_halves_that_disagree_on_a_default_record_it():
    zh = "## HTTP请求\n\nGET `/fapi/v1/thing`\n\n## 请求权重\n\n**1**\n\n## 请求参数\n\n" \
         "名称| 类型| 是否必需| 描述  \n---|---|---|---  \nlimit| INT| NO| 默认值:50  \n"
    ep, codes = parsed(page("**1**", TABLE + "limit| INT| NO| Default 500  \n", zh=zh))
    assert "language-mismatch" in codes
    assert {c.field: (c.en, c.zh) for c in ep.conflicts}["params.limit.default"] == (500, 50)
    assert ep.params[0].default == 500


def test_a_chinese_half_documenting_another_call_lends_nothing():
    zh = "## HTTP请求\n\nGET `/fapi/v1/things`\n\n## 请求权重\n\n**40**\n\n## 请求参数\n\n" \
         "名称| 类型| 是否必需| 描述  \n---|---|---|---  \nsymbol| STRING| NO| 交易对  \npair| STRING| NO| 标的  \n"
    result = parse_page(page("**1**", TABLE + "symbol| STRING| NO| the symbol  \n", zh=zh), "p.md")
    ep = result.endpoints[0]  # (the Chinese half's own call is the second endpoint)
    assert [p.name for p in ep.params] == ["symbol"] and ep.params[0].description.zh is None
    assert ep.title.zh is None and "request" in {c.field for c in ep.conflicts}


def test_kline_rows_keep_a_type_and_a_comment_per_position():
    from generator.parse.response import read_example, schema_of
    from generator.type_views import _schema_type

    parsed_example = read_example('[\n  [\n    1591256400000,  // Open time\n    "-1.00000000",  // Open\n'
                                  '    60,  // Number of trades\n    "0"  // Ignore\n  ]\n]')
    schema = schema_of(parsed_example.values[0], parsed_example.comments)
    row = schema["items"]
    assert [(p["type"], p["description"]) for p in row["prefixItems"]] == [
        ("integer", "Open time"), ("string", "Open"), ("integer", "Number of trades"), ("string", "Ignore")]
    assert _schema_type(schema, "Klines", [], set()) == "list[list[int | str]]"
    assert "prefixItems" not in schema_of([1, 2.5, 3], {})  # numbers alike: a plain list


def test_comment_continued_on_an_aligned_line_and_a_doubled_prefix():
    example = read_example('{\n  "requireQuestionnaire": false,  // true: must answer\n'
                           '                                  // false: need not\n'
                           '  "type": "MARGIN_1", // // MARGIN_1 for classic\n  // about b\n  "b": 1\n}')
    assert example.comments[("requireQuestionnaire",)] == "true: must answer false: need not"
    assert example.comments[("type",)] == "MARGIN_1 for classic"
    assert ("b",) not in example.comments or "about b" not in example.comments[("type",)]


def test_label_only_notes_are_dropped():
    text = page("**1**", TABLE + "symbol| STRING| YES|   \n").replace(
        "## Response Example", "## Notes\n\n* Notes:\n* The symbol is required.\n\n## Response Example")
    ep, _ = parsed(text)
    assert [n.en for n in ep.notes] == ["The symbol is required."]


def test_response_field_table_beside_the_example_describes_its_fields():
    response = ('    {\n      "total": 1,\n      "rows": [{"groupId": 7, "totalNetEquity": 12.5}]\n    }\n\n'
                "## Response detail description\n\nParameter| Type| Description  \n---|---|---  \n"
                "total| LONG| Total number  \nrows| OBJECT ARRAY|   \n→ groupId| Long| Unit id  \n"
                "→ totalNetEquity| String| Net equity  \n")
    ep, _ = parsed(page("**1**", TABLE + "symbol| STRING| NO|   \n", response=response))
    assert ep.response is not None and ep.response.schema is not None
    rows = ep.response.schema["properties"]["rows"]["items"]["properties"]
    assert ep.response.schema["properties"]["total"] == {"type": "integer", "description": "Total number"}
    assert rows["groupId"] == {"type": "integer", "description": "Unit id"}
    assert rows["totalNetEquity"] == {"type": "string", "description": "Net equity"}  # the table's type


def test_a_unit_one_half_leaves_unsaid_comes_from_the_other():
    zh = "## HTTP请求\n\nGET `/fapi/v1/thing`\n\n## 请求权重(UID)\n\n**60**\n"
    ep, codes = parsed(page("**60**", zh=zh))
    assert [(w.unit, w.value) for w in ep.weight] == [("UID", 60)] and not ep.conflicts
    zh = "## HTTP请求\n\nGET `/fapi/v1/thing`\n\n## 请求权重\n\n**1**\n"
    ep, codes = parsed(page("**1**", zh=zh).replace("## Request Weight\n", "## Request Weight(Order)\n"))
    assert [(w.unit, w.value) for w in ep.weight] == [("ORDER", 1)] and "language-mismatch" not in codes


def test_the_call_a_chinese_half_documents_is_an_endpoint_too():
    zh = "## HTTP请求\n\nGET `/fapi/v1/things`\n\n## 请求权重\n\n**40**\n\n## 请求参数\n\n" \
         "名称| 类型| 是否必需| 描述  \n---|---|---|---  \npair| STRING| NO| 标的  \n"
    result = parse_page(page("**1**", TABLE + "symbol| STRING| NO| the symbol  \n", zh=zh), "p.md")
    assert [(e.path, [p.name for p in e.params]) for e in result.endpoints] == [
        ("/fapi/v1/thing", ["symbol"]), ("/fapi/v1/things", ["pair"])]
    assert result.endpoints[1].source.other_half and result.endpoints[1].weight[0].value == 40


def test_an_endpoints_own_cap_on_calls_is_kept_beside_its_weight():
    text = page("**0**", TABLE + "symbol| STRING| YES|   \n").replace(
        "## Response Example", ">   * IP rate limit 1000 requests/5min\n\n## Response Example")
    ep, _ = parsed(text)
    assert [(w.unit, w.value, w.interval, w.limit) for w in ep.weight] == [("IP", 0, None, None),
                                                                         ("RAW_REQUESTS", 1, "5m", 1000)]
    ep, codes = parsed(page("**0** share 500/5min/IP rate limit with `GET /fapi/v1/other`"))
    assert [(w.unit, w.limit, w.interval) for w in ep.weight] == [("IP", None, None), ("RAW_REQUESTS", 500, "5m")]
    text = page("").replace("## Request Weight\n", "").replace(
        "## Response Example", "* IP rate limit 1000 requests/5min\n\n## Response Example")
    ep, codes = parsed(text)
    assert [w.limit for w in ep.weight] == [1000] and "weight-missing" in codes


def test_an_order_count_limit_is_no_cap_on_calls():
    from generator.parse.weight import request_caps

    assert request_caps(["Order rate limit 300/10s"], "en") == []
    assert [w.limit for w in request_caps(["IP rate limit 1000 requests/5min"], "en")] == [1000]
