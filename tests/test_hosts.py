"""Paths that do not name their base URL (`/futures/data/...`) are told apart by their product's base
URL: USDⓈ-M and COIN-M document the same path with different parameters, and both are kept."""

from __future__ import annotations

import copy

from generator import diff
from generator.config import DEFAULT_BASE_URLS
from generator.hosts import base_key, endpoint_key
from generator.model import Endpoint, Param, Source, Text
from generator.openapi import document
from generator.parse.link import link
from generator.parse.results import PageResult
from generator.spec_yaml import spec_filename
from generator.views import expected_host


def _ep(product: str, path: str = "/futures/data/basis", file: str = "p.md", param: str = "pair") -> Endpoint:
    return Endpoint(id=f"{product}.futures_data_basis", method="GET", path=path, title=Text(en="Basis"), product=product,
                    params=[Param(name=param, type="STRING", required=True)], source=Source(file=file, line=3))


def test_base_key_from_path_or_product() -> None:
    assert base_key(_ep("coin_futures")) == "dapi"
    assert base_key(_ep("usds_futures")) == "fapi"
    assert base_key(_ep("coin_futures", path="/fapi/v1/time")) == "fapi"  # the path names its own
    assert expected_host(_ep("coin_futures")) == "dapi.binance.com"


def test_link_keeps_both_products_and_drops_a_true_duplicate() -> None:
    results = [
        PageResult("a/coin.md", endpoints=[_ep("coin_futures", file="a/coin.md")]),
        PageResult("a/usds.md", endpoints=[_ep("usds_futures", file="a/usds.md", param="symbol")]),
        PageResult("b/usds.md", endpoints=[_ep("usds_futures", file="b/usds.md", param="symbol")]),
    ]
    endpoints, diags = link(results)
    assert [(e.product, e.id) for e in endpoints] == [("coin_futures", "coin_futures.futures_data_basis"),
                                                     ("usds_futures", "usds_futures.futures_data_basis")]
    assert [(d.file, d.code) for d in diags if d.level == "warning"] == [("b/usds.md", "duplicate-endpoint")]


def test_spec_file_names_carry_the_base_only_where_the_path_does_not() -> None:
    assert spec_filename(_ep("coin_futures")) == "get_dapi_futures_data_basis.yaml"
    assert spec_filename(_ep("usds_futures")) == "get_fapi_futures_data_basis.yaml"
    assert spec_filename(_ep("coin_futures", path="/dapi/v1/time")) == "get_dapi_v1_time.yaml"


def test_diff_matches_endpoints_by_base_url() -> None:
    old = [_ep("coin_futures"), _ep("usds_futures", param="symbol")]
    new = copy.deepcopy(old)
    new[0].params[0].required = False
    changes = diff.compare(old, new)
    assert [(c.rule, c.param) for c in changes] == [("param-became-optional", "pair")]
    assert endpoint_key(old[0]) != endpoint_key(old[1])


def test_openapi_keeps_the_second_base_url_in_an_extension() -> None:
    coin, usds = _ep("coin_futures"), _ep("usds_futures", param="symbol")
    coin.id, usds.id = "coin_futures_basis", "usds_futures_basis"
    item = document([coin, usds], DEFAULT_BASE_URLS)["paths"]["/futures/data/basis"]
    assert item["get"]["operationId"] == "coin_futures_basis"
    assert item["get"]["servers"] == [{"url": "https://dapi.binance.com"}]
    other = item["x-other-base-urls"]["fapi"]["get"]
    assert other["operationId"] == "usds_futures_basis" and other["servers"] == [{"url": "https://fapi.binance.com"}]

