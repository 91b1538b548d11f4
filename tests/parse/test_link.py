"""Cross-page steps of the parser (generator/parse/link.py) that tests elsewhere do not cover."""

from __future__ import annotations

from generator.model import Endpoint, Param, Source, Text
from generator.parse.link import PageResult, link


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
