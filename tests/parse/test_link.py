"""Cross-page steps of the parser (generator/parse/link.py) that tests elsewhere do not cover."""

from __future__ import annotations

from generator.model import Endpoint, Param, Source, Text
from generator.parse.link import link
from generator.parse.results import PageResult


def test_enum_gains_values_its_page_gives_it() -> None:
    ep = Endpoint(id="order", method="POST", path="/papi/v1/um/order", title=Text(en="New Order"),
                  product="portfolio_margin", source=Source(file="p.md", line=3))
    ep.params = [Param(name="timeInForce", type="ENUM"),
                 Param(name="goodTillDate", type="LONG", description=Text(en="order cancel time for timeInForce `GTD`")),
                 Param(name="priceMatch", type="STRING", description=Text(en="timeInForce `FOK2` is not supported")),
                 Param(name="stopLimitTimeInForce", type="ENUM", enum=["GTC"],
                       description=Text(en="`stopLimitTimeInForce` is `IOC` or `GTC`"))]
    definitions = PageResult("defs.md", product="portfolio_margin", enums={"timeInForce": ["GTC", "IOC", "FOK", "GTX"]})
    (linked,), _ = link([definitions, PageResult("p.md", endpoints=[ep])])
    assert linked.params[0].enum == ["GTC", "IOC", "FOK", "GTX", "GTD"]
    assert linked.params[3].enum == ["GTC", "IOC"]


def test_a_copy_on_a_page_of_its_own_wins_over_one_from_another_pages_half() -> None:
    def copy(file: str, other_half: bool, zh: str) -> Endpoint:
        ep = Endpoint(id="open_orders", method="GET", path="/papi/v1/cm/openOrders", title=Text(zh=zh),
                      product="portfolio_margin", source=Source(file=file, line=1))
        ep.source.other_half = other_half
        return ep

    endpoints, diags = link([PageResult("a/open-order.md", endpoints=[copy("a/open-order.md", True, "甲")]),
                             PageResult("b/open-orders.md", endpoints=[copy("b/open-orders.md", False, "乙")])])
    assert [e.source.file for e in endpoints] == ["b/open-orders.md"]
    assert [(d.file, d.code) for d in diags] == [("a/open-order.md", "duplicate-endpoint")]


# ---------------------------------------------------------------- values across pages (issue 12)

from generator.parse import parse_page  # noqa: E402

_HEAD = "---\nsource_url: https://developers.binance.com/docs/demo-spot/{slug}\n---\n\n"
_ENUMS = _HEAD.format(slug="enums") + "\n".join([
    "# ENUM Definitions", "",
    "## Time in force (timeInForce)[\u200b](/docs/demo-spot/enums#time-in-force-timeinforce \"Direct link\")", "",
    "This sets how long an order will be active before expiration.", "",
    "Status| Description  ", "---|---  ", "`GTC`| Good Til Canceled   ", "An order will be on the book.  ",
    "`IOC`| Immediate Or Cancel   ", "`FOK`| Fill or Kill   ", "",
    "## Contract types (contractType)[\u200b](/docs/demo-spot/enums#contract-types \"Direct link\")", "",
    "  * PERPETUAL", "  * CURRENT_MONTH", ""])
_TABLE = "Name| Type| Mandatory| Description  \n---|---|---|---  \n"


def _endpoint(slug: str, method_path: str, rows: str, after: str = "") -> str:
    return (_HEAD.format(slug=slug) + f"# Thing\n\n## HTTP Request\n\n{method_path}\n\n## Request Weight\n\n**1**\n\n"
            f"## Request Parameters\n\n{_TABLE}{rows}\n{after}\n")


def _section(title: str, request: str, rows: str, before: str = "") -> str:
    """One endpoint of a page that documents several (spot's `*-endpoints` pages)."""
    return (f"### {title} (TRADE)\n\n    {request}\n\n**Weight:** 1\n\n**Parameters:**\n\n{before}"
            f"{_TABLE}{rows}\n")


def _link(*pages: tuple[str, str]):
    return link([parse_page(text, name) for name, text in pages])


def test_values_by_a_bare_link_to_a_definitions_table_and_by_the_name_a_parameter_ends_with() -> None:
    order = _endpoint("trade/order", "POST `/api/v3/order`",
                      "timeInForce| ENUM| NO| Please see [Enums](/docs/demo-spot/enums#timeinforce) for supported values.  \n"
                      "aboveTimeInForce| ENUM| NO| Required if `aboveType` is `STOP_LOSS_LIMIT`  \n"
                      "aboveType| ENUM| NO| Supported values: `STOP_LOSS_LIMIT`, `LIMIT_MAKER`  \n")
    (ep,), _ = _link(("defs.md", _ENUMS), ("order.md", order))
    assert ep.param("timeInForce").enum == ["GTC", "IOC", "FOK"]
    assert ep.param("aboveTimeInForce").enum == ["GTC", "IOC", "FOK"]  # aboveTimeInForce ends with timeInForce
    assert ep.param("aboveType").enum == ["STOP_LOSS_LIMIT", "LIMIT_MAKER"]  # never `type` for a one-word ending


def test_values_by_a_link_to_an_endpoint_page_that_lists_them() -> None:
    text = _endpoint("market", "GET `/api/v3/klines`", "interval| ENUM| YES|   \n",
                     "Supported kline intervals (case-sensitive):\n\nInterval| `interval` value  \n---|---  \n"
                     "minutes| `1m`, `3m`  \nhours| `1h`  \n")
    text += ("\n## HTTP Request\n\nGET `/api/v3/uiKlines`\n\n## Request Parameters\n\n" + _TABLE
             + "interval| ENUM| YES| See [`klines`](/docs/demo-spot/market#kline-intervals)  \n")
    endpoints, _ = _link(("market.md", text))
    assert [(e.path, e.param("interval").enum) for e in endpoints] == [
        ("/api/v3/klines", ["1m", "3m", "1h"]), ("/api/v3/uiKlines", ["1m", "3m", "1h"])]


def test_the_pages_own_list_and_the_definitions_are_merged_with_a_diagnostic() -> None:
    text = _endpoint("market/continuous", "GET `/fapi/v1/continuousKlines`", "contractType| ENUM| YES|   \n",
                     ">   * Contract type: \n>     * PERPETUAL\n>     * TRADIFI_PERPETUAL\n")
    (ep,), diags = _link(("defs.md", _ENUMS), ("k.md", text))
    assert ep.param("contractType").enum == ["PERPETUAL", "TRADIFI_PERPETUAL", "CURRENT_MONTH"]
    (d,) = [d for d in diags if d.code == "enum-definition-differs"]
    assert "only on the page: TRADIFI_PERPETUAL" in d.message and "only in the definitions: CURRENT_MONTH" in d.message



def test_a_definition_sharing_no_value_with_the_pages_list_is_of_another_thing() -> None:
    # a ticker's `type` (FULL or MINI) beside the product's order types, also named `type`
    defs = _ENUMS + "\n## Order types (type)[\u200b](/docs/demo-spot/enums#order-types \"Direct link\")\n\n  * LIMIT\n  * MARKET\n"
    text = _endpoint("market/ticker", "GET `/api/v3/ticker`", "type| ENUM| NO| Supported values: `FULL` or `MINI`.  \n")
    (ep,), diags = _link(("defs.md", defs), ("t.md", text))
    assert ep.param("type").enum == ["FULL", "MINI"]
    (d,) = [d for d in diags if d.code == "enum-definition-differs"]
    assert "share no value" in d.message and "only in the definitions: LIMIT, MARKET" in d.message

def test_a_value_the_page_refuses_is_not_taken_from_the_definitions() -> None:
    text = _endpoint("trade/x", "POST `/api/v3/x`", "timeInForce| ENUM| NO| timeInForce `FOK` is not supported  \n")
    (ep,), _ = _link(("defs.md", _ENUMS), ("x.md", text))
    assert ep.param("timeInForce").enum == ["GTC", "IOC"]


def test_values_from_a_sibling_on_the_same_page() -> None:
    text = (_HEAD.format(slug="trade") + "# Trading endpoints\n\n"
            + _section("New order", "POST /api/v3/order", "pegOffsetType| ENUM| NO| Only `PRICE_LEVEL` is supported.  \n")
            + _section("New OCO", "POST /api/v3/orderList/oco", "abovePegOffsetType| ENUM| NO|   \n"))
    endpoints, diags = _link(("trade.md", text))
    assert [e.params[0].enum for e in endpoints] == [["PRICE_LEVEL"], ["PRICE_LEVEL"]]
    assert "enum-values-from-sibling" in {d.code for d in diags}


def test_parameters_by_reference_carry_their_origin() -> None:
    text = (_HEAD.format(slug="trade") + "# Trading endpoints\n\n"
            + _section("New order", "POST /api/v3/order", "symbol| STRING| YES|   \nside| ENUM| YES| `BUY` or `SELL`  \n")
            + _section("Test new order", "POST /api/v3/order/test", "computeCommissionRates| BOOLEAN| NO| Default: `false`  \n",
                       "In addition to all parameters accepted by [`POST /api/v3/order`](/docs/demo-spot/trade#new-order), "
                       "the following optional parameters are also accepted:\n\n"))
    zh = text.replace("In addition to all parameters accepted by", "除了").replace(
        ", the following optional parameters are also accepted:", " 所有参数, 下面参数也支持:")
    for page_text in (text, zh):
        endpoints, _ = _link(("trade.md", page_text))
        test = next(e for e in endpoints if e.path == "/api/v3/order/test")
        assert [(p.name, p.origin) for p in test.params] == [  # the page's own first, then the referenced
            ("computeCommissionRates", None), ("symbol", "POST /api/v3/order"), ("side", "POST /api/v3/order")]
        assert test.param("side").enum == ["BUY", "SELL"]
    text = text.replace("POST /api/v3/order`]", "POST /api/v3/nothing`]")
    _, diags = _link(("trade.md", text))
    assert "reference-unresolved" in {d.code for d in diags}


def test_a_page_that_says_nothing_of_itself_takes_the_definitions_of_the_nearest_folder_above_it() -> None:
    def defs(values: str) -> str:
        return "# Common Definition\n\n**Time in force (timeInForce):**\n\n" + "".join(f"  * {v}\n" for v in values.split())

    order = ("# New Order (TRADE)\n\n## HTTP Request\n\nPOST `/fapi/v1/order`\n\n## Request Weight\n\n**1**\n\n"
             "## Request Parameters\n\n" + _TABLE + "timeInForce| ENUM| NO|   \n")
    for coin_first in (True, False):  # whichever page is read first
        pages = [("site/coin/common-definition.md", defs("GTC IOC")), ("site/usds/common-definition.md", defs("GTC GTD")),
                 ("site/usds/trade/new-order.md", order)]
        endpoints, _ = _link(*(pages if coin_first else pages[::-1]))
        assert endpoints[0].param("timeInForce").enum == ["GTC", "GTD"]
