"""An endpoint's own caps on calls per window, EN and ZH, per second to per month (issue 12)."""

from __future__ import annotations

from generator.parse.caps import request_caps
from generator.parse.timeunits import span_ms, unit_of, window


def _caps(*texts: str, lang: str = "en") -> list[tuple[str | None, int | None]]:
    return [(w.interval, w.limit) for w in request_caps(list(texts), lang)]


def test_caps_per_window_in_english() -> None:
    assert _caps("IP rate limit 1000 requests/5min") == [("5m", 1000)]
    assert _caps("Request Limitation is 10 times per month, shared by front end download page and rest api") \
        == [("28d", 10)]  # a month counted over its shortest length
    assert _caps("You can only use this function 500 times per hour in a rolling manner") == [("1h", 500)]
    assert _caps("Master account can transfer max 2000 times a minute") == [("1m", 2000)]
    assert _caps("Request limit: 10 requests per second") == [("1s", 10)]
    assert _caps("The endpoint can only be called 10 times per 10 minutes in a rolling manner") == [("10m", 10)]


def test_caps_per_window_in_chinese() -> None:
    assert _caps("存在每月10次的请求限制，网页端和Rest接口下载次数共用", lang="zh") == [("28d", 10)]
    assert _caps("本接口每小时仅能被调用500次（滚动计算）", lang="zh") == [("1h", 500)]
    assert _caps("每小时360次，每天500次", lang="zh") == [("1h", 360), ("1d", 500)]
    assert _caps("每个母账户每分钟上限2000次", lang="zh") == [("1m", 2000)]
    assert _caps("每秒最多请求 10 次", lang="zh") == [("1s", 10)]


def test_order_counts_and_plain_numbers_are_no_caps() -> None:
    assert _caps("Order rate limit 300/10s") == []
    assert _caps("Up to 5 orders per second") == []
    assert _caps("Weight 10 per symbol") == []


def test_one_table_of_time_units() -> None:
    assert unit_of("Months") is unit_of("个月") is unit_of("M")
    assert unit_of("m") is unit_of("minutes") is unit_of("分钟")
    assert span_ms(1, "month") == 31 * 86_400_000 and span_ms(3, "hrs") == 3 * 3_600_000
    assert window(1, "month") == "28d" and window(5, "min") == "5m" and window(1, "week") == "7d"
    assert window(1, "ms") is None


def test_a_request_limit_section_is_a_cap() -> None:
    from .test_variants import page, parsed

    for section in ("## Request Limit\n\n**60times/min per IP**\n", "## 访问限制\n\n**60次/分钟/IP**\n",
                    "**Request Limit**\n\n**60times/min per IP**\n"):
        text = page("**200(IP)**").replace("## Request Parameters", section + "\n## Request Parameters")
        ep, _ = parsed(text)
        assert [(w.unit, w.value, w.interval, w.limit) for w in ep.weight] == [
            ("IP", 200, None, None), ("RAW_REQUESTS", 1, "1m", 60)], section
