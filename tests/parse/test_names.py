"""Method names: a function of the endpoint's own product, method and path, whatever else is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.naming import endpoint_name, qualified_name
from generator.parse import link, parse_page, parse_paths

from . import pages

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "specs" / "docs"


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("GET", "/api/v3/klines", "klines"),
        ("POST", "/api/v3/order", "post_order"),
        ("DELETE", "/api/v3/order", "delete_order"),
        ("GET", "/api/v3/ticker/24hr", "ticker_24hr"),
        ("GET", "/fapi/v2/account", "account_v2"),  # another version than the root's first
        ("GET", "/api/v3/account", "account"),  # spot's first version is 3
        ("GET", "/futures/data/basis", "futures_data_basis"),  # no versioned root: every segment
        ("PUT", "/sapi/v1/localentity/deposit/provide-info", "put_localentity_deposit_provide_info"),
        ("GET", "/sapi/v1/asset/ledger-transfer/cloud-mining/queryByPage",
         "asset_ledger_transfer_cloud_mining_query_by_page"),
        ("GET", "/sapi/v1/sub-account/list", "sub_account_list"),
        ("GET", "/eapi/v1/import", "import_"),  # a keyword gets a trailing underscore
        ("GET", "/api/v3", "root"),
    ],
)
def test_endpoint_name_comes_from_method_and_path(method: str, path: str, name: str) -> None:
    assert endpoint_name(method, path) == name


def test_a_clash_inside_a_product_is_settled_by_each_endpoints_own_path() -> None:
    a = parse_page(pages.FORMAT_A, "a.md")
    b = parse_page(pages.FORMAT_A.replace("/fapi/v1/widget", "/fapi/v1/Widget"), "b.md")
    endpoints, diags = link([b, a])
    names = sorted(e.id for e in endpoints)
    assert names == sorted(f"usds_futures.{qualified_name('POST', p)}" for p in ("/fapi/v1/widget", "/fapi/v1/Widget"))
    assert len(set(names)) == 2
    assert [d.code for d in diags if d.code == "name-clash"] == ["name-clash", "name-clash"]
    again, _ = link([parse_page(pages.FORMAT_A, "a.md"), parse_page(pages.FORMAT_A.replace("/fapi/v1/widget", "/fapi/v1/Widget"), "b.md")])
    assert sorted(e.id for e in again) == names  # not by the order the pages come in


@pytest.mark.skipif(not (SITE / "derivatives").is_dir(), reason="the site's pages are not in specs/docs")
def test_a_one_product_build_names_its_endpoints_as_the_whole_build_does() -> None:
    whole, _ = parse_paths([SITE])
    alone, _ = parse_paths([SITE / "derivatives" / "usds-margined-futures"])
    by_route = {(e.method, e.path, e.product): e.id for e in whole}
    assert alone and all(by_route[(e.method, e.path, e.product)] == e.id for e in alone)
    assert by_route[("GET", "/fapi/v1/allOrders", "usds_futures")] == "usds_futures.all_orders"
    assert len({e.id for e in whole}) == len(whole)
