"""Cross-page steps of the parser (generator/parse/link.py) that tests elsewhere do not cover."""

from __future__ import annotations

from generator.model import Endpoint, Param, Source, Text
from generator.parse.link import PageResult, link


def test_enum_gains_values_its_page_gives_it() -> None:
    ep = Endpoint(id="order", method="POST", path="/papi/v1/um/order", title=Text(en="New Order"),
                  product="portfolio_margin", source=Source(file="p.md", line=3))
    ep.params = [Param(name="timeInForce", type="ENUM"),
                 Param(name="goodTillDate", type="LONG", description=Text(en="order cancel time for timeInForce `GTD`")),
                 Param(name="stopLimitTimeInForce", type="ENUM", enum=["GTC"],
                       description=Text(en="`stopLimitTimeInForce` is `IOC` or `GTC`"))]
    definitions = PageResult("defs.md", product="portfolio_margin", enums={"timeInForce": ["GTC", "IOC", "FOK", "GTX"]})
    (linked,), _ = link([definitions, PageResult("p.md", endpoints=[ep])])
    assert linked.params[0].enum == ["GTC", "IOC", "FOK", "GTX", "GTD"]
    assert linked.params[2].enum == ["GTC", "IOC"]
