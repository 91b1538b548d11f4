"""Hand-written fixture pages: every variation class of the corpus README, with expected values."""

from __future__ import annotations

import random

import pytest

from generator.model import Condition
from generator.parse import link, parse_page

from . import pages


def one(text: str, file: str = "page.md"):
    result = parse_page(text, file)
    assert len(result.endpoints) == 1, result.diagnostics
    return result.endpoints[0], result


def codes(result) -> set[str]:
    return {d.code for d in result.diagnostics}


# ---------------------------------------------------------------- format A, bilingual


def test_format_a_main_fields():
    ep, _ = one(pages.FORMAT_A)
    assert (ep.method, ep.path, ep.security, ep.signed) == ("POST", "/fapi/v1/widget", "TRADE", True)
    assert ep.title.en == "Place Widget Order" and ep.title.zh == "下单小部件"
    assert ep.id == "usds_futures.post_widget"  # product namespace, then method and path
    assert ep.product == "usds_futures"
    assert ep.description.en == "Places a widget order." and ep.description.zh == "下单。"
    assert [(w.unit, w.value) for w in ep.weight] == [("IP", 4)]
    assert ep.source.updated_at == "2030-01-02T03:04:05" and ep.source.line == 16


def test_format_a_param_types_and_mandatory():
    ep, _ = one(pages.FORMAT_A)
    types = {p.name: (p.type, p.type_raw) for p in ep.params}
    assert types["limit"] == ("INT", "INTEGER")
    assert types["symbols"] == ("LIST<STRING>", "ARRAY")
    assert types["ids"] == ("LIST<LONG>", None)
    assert types["orders"] == ("LIST<JSON>", "list<JSON>")
    assert types["price"] == ("DECIMAL", "BIGDECIMAL")
    price = ep.param("price")
    assert (price.required, price.mandatory) == (False, "EITHER OR BOTH")
    assert ep.param("orderId").description.en == "first line\ncontinued on the next line"
    assert ep.param("symbol").description.zh == "交易对"


def test_a_parameter_only_the_chinese_table_lists_goes_where_that_table_puts_it():
    text = pages.FORMAT_A.replace("symbol| STRING| YES| 交易对  ", "asset| STRING| NO| 资产  \nsymbol| STRING| YES| 交易对  ")
    text = text.replace("recvWindow| LONG| NO| 赋值不能超过`60000`  ",
                        "newOrderRespType| ENUM| NO| ACK, RESULT  \nrecvWindow| LONG| NO| 赋值不能超过`60000`  ")
    ep, result = one(text)
    names = [p.name for p in ep.params]
    assert names[:2] == ["asset", "symbol"]  # first in the Chinese table: first here, not after `timestamp`
    assert names[-3:] == ["newOrderRespType", "recvWindow", "timestamp"]
    assert "language-mismatch" in codes(result)


def test_format_a_constraints():
    ep, _ = one(pages.FORMAT_A)
    mode = ep.param("mode")
    assert (mode.enum, mode.default) == (["CROSS", "ISOLATED"], "CROSS")
    assert ep.param("side").enum == ["BUY", "SELL"]
    limit = ep.param("limit")
    assert (limit.default, limit.maximum) == (100, 500)
    assert ep.param("depth").allowed == [5, 10, 20, 50]
    lev = ep.param("leverage")
    assert (lev.minimum, lev.maximum) == (1, 125)
    assert ep.param("recvWindow").maximum == 60000
    assert (ep.param("symbols").list.style, ep.param("symbols").list.item_type) == ("comma", "STRING")
    assert (ep.param("orders").list.style, ep.param("orders").list.max_items) == ("json", 5)
    assert ep.param("symbol").enum == [] and ep.param("symbol").default is None  # nothing invented


def test_format_a_rules():
    ep, _ = one(pages.FORMAT_A)
    rules = {(r.kind, tuple(r.params), r.value) for r in ep.rules}
    assert ("either", ("orderId", "origClientOrderId"), None) in rules
    assert ("max_span", ("startTime", "endTime"), 7 * 86400000) in rules
    # the page marks `symbol` mandatory, so "symbol and symbols cannot be sent together" would forbid
    # `symbols` outright: the contradiction is reported and the rule left out
    assert ("not_together", ("symbol", "symbols"), None) not in rules
    assert "rule-contradiction" in codes(_)
    ep, _ = one(pages.FORMAT_A.replace("symbol| STRING| YES|", "symbol| STRING| NO|"))
    assert ("not_together", ("symbol", "symbols"), None) in {(r.kind, tuple(r.params), r.value) for r in ep.rules}


def test_format_a_response_with_comment_and_trailing_comma():
    ep, result = one(pages.FORMAT_A)
    assert ep.response.examples == [{"orderId": 12, "price": "1.5", "ratio": 0.25, "filled": False, "fills": [{"qty": "1"}]}]
    props = ep.response.schema["properties"]
    assert list(props) == ["orderId", "price", "ratio", "filled", "fills"]
    assert props["orderId"] == {"type": "integer", "description": "the order id"}
    assert props["ratio"]["type"] == "number"
    assert props["fills"]["items"]["properties"]["qty"]["type"] == "string"
    assert "response-example-repaired" in codes(result)


# ---------------------------------------------------------------- format B


def test_format_b():
    ep, result = one(pages.FORMAT_B)
    assert (ep.method, ep.path) == ("GET", "/papi/v1/widget/balance")
    assert ep.title.zh == "查询小部件余额" and ep.title.en is None
    assert ep.security == "USER_DATA" and ep.signed is True
    assert ep.id == "portfolio_margin.widget_balance"
    assert ep.product == "portfolio_margin"
    assert ep.source.updated_at is None
    assert [(p.name, p.required) for p in ep.params] == [
        ("symbol", False), ("asset", True), ("recvWindow", False), ("timestamp", True)]
    (w,) = ep.weight
    assert (w.unit, w.value) == ("IP", 20)
    assert [(c.value, c.when) for c in w.cases] == [
        (1, [Condition(param="symbol", present=True)]), (20, [Condition(param="symbol", present=False)])]
    # full-width comma, missing comma, comment with enum hint; nav links and TOC are not notes
    assert ep.response.examples == [[{"asset": "BTC", "free": "1.0", "type": "BORROW"}]]
    items = ep.response.schema["items"]["properties"]
    assert items["asset"]["description"] == "资产"
    assert items["type"]["description"] == "BORROW, REPAY"
    assert not any("上一页" in (n.zh or "") for n in ep.notes)


# ---------------------------------------------------------------- multi-endpoint pages


def test_multi_endpoint_page():
    result = parse_page(pages.MULTI, "multi.md")
    eps = result.endpoints
    assert [(e.method, e.path) for e in eps] == [("GET", "/api/v3/widget"), ("GET", "/api/v3/widget/price")]
    first, second = eps
    assert first.title.en == "Widget information" and first.security == "USER_DATA"
    assert first.description.en == "Get the widget."
    assert [(w.unit, w.value) for w in first.weight] == [("IP", 20)]
    assert [p.name for p in first.params] == ["recvWindow", "timestamp"]
    assert first.response.examples == [{"a": 1}]
    assert first.product == "spot"
    assert second.params == [] and "params-unparsed" not in codes(result)
    (w,) = second.weight
    assert w.value == 4  # the plain call: no symbol, no symbols
    assert second.response.examples == [{"p": "1"}, {"p": "2"}]  # two documents in one block
    assert second.signed is False


# ---------------------------------------------------------------- pages that are not endpoints


@pytest.mark.parametrize("text", [pages.WEBSOCKET, pages.CHANGELOG, pages.DEFINITIONS, "", "just text\n"])
def test_not_an_endpoint_page(text):
    result = parse_page(text, "x.md")
    assert result.endpoints == []
    assert [d.code for d in result.diagnostics] == ["not-an-endpoint-page"]
    assert result.diagnostics[0].level == "info"


def test_never_raises_on_garbage():
    rng = random.Random(7)
    alphabet = "#|`*>-{}[]\":,\n GETPOST/api/v1x中文｜，\t\\"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        result = parse_page(text, "fuzz.md")
        assert all(d.code != "internal-error" for d in result.diagnostics), text
    # pieces of real structure shuffled together
    lines = (pages.FORMAT_A + "\n" + pages.FORMAT_B + "\n" + pages.MULTI).split("\n")
    for _ in range(100):
        rng.shuffle(lines)
        result = parse_page("\n".join(lines[:80]), "shuffled.md")
        assert all(d.code != "internal-error" for d in result.diagnostics)


# ---------------------------------------------------------------- link


def test_link_fills_enums_from_definitions_and_orders():
    defs = parse_page(pages.DEFINITIONS, "defs.md")
    assert defs.enums["side"] == ["BUY", "SELL"]
    assert defs.enums["interval"] == ["1m", "1h"]  # the rate-limit intervals are not request values
    page = pages.FORMAT_A.replace("side| ENUM| YES| `BUY` or `SELL`", "side| ENUM| YES| ")
    ep_result = parse_page(page, "a.md")
    assert ep_result.endpoints[0].param("side").enum == []
    endpoints, diags = link([ep_result, defs])
    assert endpoints[0].param("side").enum == ["BUY", "SELL"]


def test_link_duplicates_and_ids():
    a = parse_page(pages.FORMAT_A, "a.md")
    b = parse_page(pages.FORMAT_A, "b.md")
    other = parse_page(pages.FORMAT_A.replace("/fapi/v1/widget", "/dapi/v1/widget")
                       .replace("usds-margined-futures", "coin-margined-futures"), "c.md")
    endpoints, diags = link([b, other, a])
    assert [(e.path, e.source.file) for e in endpoints] == [("/dapi/v1/widget", "c.md"), ("/fapi/v1/widget", "a.md")]
    assert "duplicate-endpoint" in {d.code for d in diags}
    assert sorted(e.id for e in endpoints) == ["coin_futures.post_widget", "usds_futures.post_widget"]


def test_a_page_without_a_header_is_known_by_its_own_heading_links_and_breadcrumbs():
    from generator.parse.identity import docs_path
    from generator.parse.page import parse_structure

    body = ("# New Order\n\n## HTTP Request[\u200b](/docs/zh-CN/derivatives/usds-margined-futures/trade/New-Order#http请求 "
            "\"x\")\n\nPOST `/fapi/v1/order`\n\n## Request Weight[\u200b](/docs/zh-CN/derivatives/usds-margined-futures/"
            "trade/New-Order#weight \"x\")\n\n1\n")
    page = parse_structure(body)
    assert docs_path(page.url) == "/docs/derivatives/usds-margined-futures/trade/new-order"
    page = parse_structure("* U本位合约\n* 交易接口\n* 下单\n\n本页总览\n\n# 下单\n\n" + body.split("\n", 2)[2])
    assert page.crumbs == ["U本位合约", "交易接口", "下单"]
    page = parse_structure("# x\n\ntext\n\n<!-- Source: https://developers.binance.com/docs/zh-CN/wallet/asset/x -->\n")
    assert docs_path(page.url) == "/docs/wallet/asset/x"


def test_a_request_path_must_be_an_absolute_api_path():
    from generator.parse import parse_page

    def result(line: str):
        text = f"# Thing\n\n## HTTP Request\n\n{line}\n\n## Request Weight\n\n**1**\n\n## Request Parameters\n\nNONE\n"
        return parse_page(text, "p.md")

    for line in ("GET `/sapi/v1/../../../tmp/x`", "GET /sapi/v1/./x", "GET `/api/v3/order?symbol=BTCUSDT`",
                 "GET /api/v3//order"):
        r = result(line)
        assert r.endpoints == [], line
        (d,) = [d for d in r.diagnostics if d.code == "request-path-invalid"]
        assert d.level == "error" and d.file == "p.md" and d.line == 5
    assert [e.path for e in result("GET `/api/v3/order`").endpoints] == ["/api/v3/order"]


def test_a_page_whose_content_does_not_match_its_address_is_named():
    from generator.parse import parse_page

    head = "---\nsource_url: https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/{}\n---\n\n"
    body = "# {}\n\n## HTTP Request\n\nPOST `/fapi/v1/order`\n\n## Request Weight\n\n**1**\n"
    r = parse_page(head.format("New-Order") + body.format("Account Information (USER_DATA)"), "p.md")
    (d,) = [d for d in r.diagnostics if d.code == "page-mismatch"]
    assert "New-Order" in d.message and "Account Information" in d.message and d.level == "warning"
    # the headings' own links say which page this content is
    linked = body.replace("## HTTP Request", "## HTTP Request[\u200b](/docs/derivatives/usds-margined-futures/trade/"
                          "Cancel-All-Open-Orders#http-request \"x\")")
    r = parse_page(head.format("New-Order") + linked.format("New Order (TRADE)"), "p.md")
    (d,) = [d for d in r.diagnostics if d.code == "page-mismatch"]
    assert "New-Order" in d.message and "Cancel-All-Open-Orders" in d.message
    r = parse_page(head.format("New-Order") + "# Change Log\n\n## 2024-01-01\n\n  * POST `/fapi/v1/order` new\n", "p.md")
    assert r.endpoints == [] and "page-mismatch" in {d.code for d in r.diagnostics}
    # the same page under its own name, and a section's page showing its first endpoint, are fine
    for slug, title in (("New-Order", "New Order (TRADE)"), ("rest-api", "New Order (TRADE)")):
        r = parse_page(head.format(slug) + body.format(title), "p.md")
        assert "page-mismatch" not in {d.code for d in r.diagnostics} and len(r.endpoints) == 1
