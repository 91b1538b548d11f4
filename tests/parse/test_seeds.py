"""The three seed pages in specs/docs must give exactly these specs."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.parse import parse_page

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "specs" / "docs"


def _one(name: str):
    text = (DOCS / name).read_text(encoding="utf-8")
    result = parse_page(text, f"specs/docs/{name}")
    assert [d for d in result.diagnostics if d.level == "error"] == []
    assert len(result.endpoints) == 1
    return result.endpoints[0]


def test_portfolio_margin_pro_repay():
    ep = _one("000_03cbd8f0fbc0fa4e.txt")
    assert (ep.method, ep.path) == ("POST", "/sapi/v1/portfolio/repay")
    assert ep.title.en == "Portfolio Margin Pro Bankruptcy Loan Repay"
    assert ep.title.zh == "偿还统一账户专业版穿仓负债"
    assert [(w.unit, w.value) for w in ep.weight] == [("UID", 3000)]
    assert ep.signed is True
    assert ep.security is None
    assert [p.name for p in ep.params] == ["from", "recvWindow", "timestamp"]
    frm = ep.param("from")
    assert (frm.type, frm.required, frm.enum, frm.default) == ("STRING", False, ["SPOT", "MARGIN"], "SPOT")
    assert (ep.param("recvWindow").type, ep.param("recvWindow").required) == ("LONG", False)
    assert (ep.param("timestamp").type, ep.param("timestamp").required) == ("LONG", True)
    assert len(ep.notes) == 1
    assert "Spot & Margin Trading" in ep.notes[0].en and "Spot & Margin Trading" in ep.notes[0].zh
    assert ep.response.examples == [{"tranId": 58203331886213504}]
    assert ep.response.schema == {"type": "object", "properties": {"tranId": {"type": "integer"}}}
    assert ep.product == "portfolio_margin_pro"
    assert ep.id == "portfolio_margin_pro.post_portfolio_repay"
    assert ep.source.file == "specs/docs/000_03cbd8f0fbc0fa4e.txt"
    assert ep.source.url.endswith("/Classic-Portfolio-Margin-Bankruptcy-Loan-Repay")
    assert ep.source.updated_at == "2026-01-15T23:43:58.756890"
    assert ep.source.line == 16


def test_query_bankruptcy_loan_amount():
    ep = _one("004_280db7788c8e6f01.txt")
    assert (ep.method, ep.path) == ("GET", "/sapi/v1/portfolio/pmLoan")
    assert ep.title.en == "Query Portfolio Margin Pro Bankruptcy Loan Amount"
    assert ep.security == "USER_DATA"
    assert ep.signed is True
    assert [(w.unit, w.value) for w in ep.weight] == [("UID", 500)]
    assert [p.name for p in ep.params] == ["recvWindow", "timestamp"]
    assert [p.required for p in ep.params] == [False, True]
    assert any("amount would be 0" in (n.en or "") for n in ep.notes)
    props = ep.response.schema["properties"]
    assert list(props) == ["asset", "amount"]
    assert props["asset"]["type"] == "string"
    assert props["amount"] == {"type": "string", "description": "portfolio margin bankruptcy loan amount in BUSD"}
    assert ep.response.examples == [{"asset": "BUSD", "amount": "579.45"}]


def test_margin_account_repay_debt():
    ep = _one("002_cdf60ac08ba09220.txt")
    assert (ep.method, ep.path) == ("POST", "/papi/v1/margin/repay-debt")
    assert ep.title.zh == "杠杆账户还款" and ep.title.en is None
    assert ep.security == "TRADE" and ep.signed is True
    assert [(w.unit, w.value) for w in ep.weight] == [("ORDER", 3000)]
    assert ep.id == "portfolio_margin.post_margin_repay_debt"
    assert ep.product == "portfolio_margin"
    assert [(p.name, p.required) for p in ep.params] == [
        ("asset", True), ("amount", False), ("specifyRepayAssets", False), ("recvWindow", False), ("timestamp", True)]
    spec = ep.param("specifyRepayAssets")
    assert (spec.list.style, spec.list.item_type) == ("comma", "STRING")
    assert spec.description.zh == "指定还款资产，多资产用逗号分隔"
    assert ep.param("recvWindow").maximum == 60000
    assert len(ep.notes) == 4
    assert "50000 USD" in ep.notes[0].zh
    assert all(p.maximum is None for p in ep.params if p.name != "recvWindow")
    props = ep.response.schema["properties"]
    assert {k: v["type"] for k, v in props.items()} == {
        "amount": "string", "asset": "string", "specifyRepayAssets": "array", "updateTime": "integer", "success": "boolean"}
    assert props["specifyRepayAssets"]["items"] == {"type": "string"}
    assert ep.source.url.endswith("/Margin-Account-Repay-Debt") and ep.source.updated_at is None
    assert ep.source.line == 17


@pytest.mark.parametrize("name", sorted(p.name for p in DOCS.glob("*.txt")))
def test_seed_specs_validate(name):
    from generator.spec_yaml import dumps, loads

    ep = _one(name)
    again = loads(dumps(ep), name)
    assert again == ep
