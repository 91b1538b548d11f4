"""Client-side validation and encoding (binance_api._runtime), on an Operation built here so the tests
run against any generated package. Every rejection names method, parameter and rule, sends nothing.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

import pytest
from mock_binance import Recorder, make_client, query_value, run_call, wire_pairs

from binance_api import AsyncClient, Client, ConfigurationError, ValidationError
from binance_api._runtime import (
    BOOLEAN,
    DECIMAL,
    ENUM,
    INT,
    JSON,
    LONG,
    STRING,
    Operation,
    Param,
    Rule,
    Weight,
    When,
    check_and_encode,
)

DEMO: Operation[Any] = Operation(
    "demo_query",
    "GET",
    "/api/v3/demo",
    signed=True,
    params=(
        Param("symbol", "symbol", STRING, required=True),
        Param("side", "side", ENUM, enum=("BUY", "SELL")),
        Param("quantity", "quantity", DECIMAL, minimum=0),
        Param("limit", "limit", INT, minimum=1, maximum=1000, allowed=(5, 10, 100)),
        Param("step", "step", DECIMAL, allowed=(0.5, 1)),
        Param("flag", "flag", BOOLEAN),
        Param("protect", "protect", BOOLEAN, enum=("TRUE", "FALSE")),
        Param("symbols", "symbols", STRING, list_style="json", max_items=3),
        Param("assets", "assets", STRING, list_style="comma"),
        Param("ids", "ids", LONG, list_style="json"),
        Param("filters", "filters", JSON),
        Param("startTime", "start_time", LONG),
        Param("endTime", "end_time", LONG),
        Param("orderId", "order_id", LONG),
        Param("origClientOrderId", "orig_client_order_id", STRING),
        Param("recvWindow", "recv_window", LONG),
    ),
    rules=(
        Rule("either", ("orderId", "origClientOrderId")),
        Rule("max_span", ("startTime", "endTime"), 86_400_000),
        Rule("not_together", ("quantity", "step")),
        Rule("requires", ("endTime", "startTime")),
    ),
    weights=(
        Weight("IP", 2, cases=((40, (When("symbols", count=True, minimum=2),)),)),
    ),
)
BASE = {"symbol": "BTCUSDT", "order_id": 1}


class Side(str, enum.Enum):
    BUY = "BUY"
    SELL = "SELL"


def wire(**args: Any) -> dict[str, str]:
    pairs, _ = check_and_encode(DEMO, {**BASE, **args})
    names = [k for k, _ in pairs]
    assert len(names) == len(set(names)), "a parameter was sent twice"
    return dict(pairs)


@pytest.mark.parametrize(
    "value, sent",
    [
        (Decimal("0.00000001"), "0.00000001"),
        (Decimal("1E+3"), "1000"),
        (Decimal("1.50"), "1.50"),
        ("0.1", "0.1"),
        (1e-7, "0.0000001"),
        (0.1, "0.1"),
        (0.30000001, "0.30000001"),
        (123456.789, "123456.789"),
        (1e20, "100000000000000000000"),
        (3, "3"),
    ],
)
def test_decimals_are_sent_without_exponent_or_float_noise(
    value: Any, sent: str
) -> None:
    assert wire(quantity=value)["quantity"] == sent


@pytest.mark.parametrize(
    "value", [0.1 + 0.2, 123456789.12345678, 1 / 3, float("nan"), float("inf")]
)
def test_a_float_that_does_not_say_one_decimal_is_refused(value: float) -> None:
    """More significant digits than a float keeps (15): binary noise (0.1 + 0.2) or digits the float
    may have changed. Sending it would send a number nobody wrote; the message says what to pass.
    """
    with pytest.raises(ValidationError) as info:
        wire(quantity=value)
    assert (
        info.value.rule == "type"
        and "Decimal" in str(info.value)
        and "str" in str(info.value)
    )
    assert (
        wire(quantity=Decimal("0.3"))["quantity"] == "0.3"
        and wire(quantity="0.3")["quantity"] == "0.3"
    )


def test_scalars_encode_as_binance_expects() -> None:
    sent = wire(
        side=Side.SELL,
        flag=False,
        limit=10,
        symbols=["BTCUSDT", "ETHUSDT"],
        assets=["BTC", "ETH"],
        ids=[1, 2],
    )
    assert sent["side"] == "SELL"
    assert sent["flag"] == "false"
    assert sent["limit"] == "10"
    assert sent["symbols"] == '["BTCUSDT","ETHUSDT"]'
    assert sent["assets"] == "BTC,ETH"
    assert sent["ids"] == "[1,2]"
    assert wire(flag=True)["flag"] == "true"
    assert wire(filters={"a": [1, Decimal("0.5")]})["filters"] == '{"a":[1,"0.5"]}'


def test_none_means_not_sent_and_order_follows_the_declaration() -> None:
    pairs, _ = check_and_encode(DEMO, {**BASE, "side": None, "limit": 5})
    assert [k for k, _ in pairs] == ["symbol", "limit", "orderId"]


def test_allowed_values_compare_by_what_is_sent() -> None:
    assert wire(step=Decimal("0.50"))["step"] == "0.50"
    assert wire(step="1")["step"] == "1"
    with pytest.raises(ValidationError) as info:
        wire(step="0.25")
    assert info.value.rule == "allowed"


@pytest.mark.parametrize(
    "args, param, rule",
    [
        ({"symbol": None}, "symbol", "required"),
        ({"symbol": 5}, "symbol", "type"),
        ({"side": "HOLD"}, "side", "enum"),
        ({"side": "buy"}, "side", "enum"),
        ({"quantity": -1}, "quantity", "minimum"),
        ({"quantity": "1e"}, "quantity", "type"),
        ({"quantity": float("nan")}, "quantity", "type"),
        ({"quantity": Decimal("Infinity")}, "quantity", "type"),
        ({"quantity": True}, "quantity", "type"),
        ({"limit": 0}, "limit", "minimum"),
        ({"limit": 1001}, "limit", "maximum"),
        ({"limit": 7}, "limit", "allowed"),
        ({"limit": 5.0}, "limit", "type"),
        ({"limit": "5"}, "limit", "type"),
        ({"limit": True}, "limit", "type"),
        ({"flag": 1}, "flag", "type"),
        ({"flag": "yes"}, "flag", "type"),
        ({"symbols": "BTCUSDT"}, "symbols", "list"),
        ({"symbols": []}, "symbols", "list"),
        ({"symbols": ["A", "B", "C", "D"]}, "symbols", "max_items"),
        ({"assets": ["BTC,ETH"]}, "assets", "list"),
        ({"ids": [1, "2"]}, "ids", "type"),
        ({"filters": {1, 2}}, "filters", "type"),
        ({"recv_window": 60001}, "recv_window", "maximum"),
        ({"recv_window": 0}, "recv_window", "minimum"),
        ({"order_id": None}, None, "either"),
        ({"start_time": 0, "end_time": 86_400_001}, None, "max_span"),
        ({"start_time": 10, "end_time": 5}, None, "max_span"),
        ({"quantity": 1, "step": 1}, None, "not_together"),
        ({"end_time": 5}, None, "requires"),
    ],
)
@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_rejections_name_method_param_rule_and_send_nothing(
    cls: Any, args: dict[str, Any], param: str | None, rule: str
) -> None:
    recorder = Recorder()
    with pytest.raises(ValidationError) as info:
        run_call(make_client(recorder, cls), DEMO, {**BASE, **args})
    assert (info.value.method, info.value.param, info.value.rule) == (
        "demo_query",
        param,
        rule,
    )
    assert "demo_query" in str(info.value) and f"[{rule}]" in str(info.value)
    assert recorder.requests == []


def test_limits_that_hold_are_accepted() -> None:
    sent = wire(start_time=0, end_time=86_400_000, recv_window=60000, quantity=0)
    assert (
        sent["endTime"] == "86400000"
        and sent["recvWindow"] == "60000"
        and sent["quantity"] == "0"
    )


def test_conditional_weight_follows_the_arguments() -> None:
    _, present = check_and_encode(DEMO, {**BASE, "symbols": ["A"]})
    assert DEMO.weight_of(present) == {"IP": 2}
    _, present = check_and_encode(DEMO, {**BASE, "symbols": ["A", "B"]})
    assert DEMO.weight_of(present) == {"IP": 40}


def test_a_declaration_that_sends_a_name_twice_is_refused() -> None:
    twice: Operation[Any] = Operation(
        "twice", "GET", "/api/v3/x", params=(Param("a", "a"), Param("a", "a_"))
    )
    with pytest.raises(ValidationError) as info:
        check_and_encode(twice, {"a": "1"})
    assert info.value.rule == "declaration"
    reserved: Operation[Any] = Operation(
        "reserved", "GET", "/api/v3/x", params=(Param("timestamp", "timestamp", LONG),)
    )
    with pytest.raises(ValidationError):
        check_and_encode(reserved, {})


def test_signed_call_without_credentials_is_refused_before_sending() -> None:
    recorder = Recorder()
    client = make_client(recorder, api_secret=None)
    with pytest.raises(ValidationError) as info:
        run_call(client, DEMO, BASE)
    assert info.value.rule == "signed"
    assert recorder.requests == []


@pytest.mark.parametrize("bad", [0, 60001, -5, True])
def test_client_recv_window_is_checked(bad: int) -> None:
    with pytest.raises(ConfigurationError):
        Client("k", "s", recv_window=bad)


def test_every_request_is_signed_after_its_last_parameter() -> None:
    recorder = Recorder()
    run_call(make_client(recorder, recv_window=5000), DEMO, {**BASE, "quantity": "1.5"})
    names = [k for k, _ in wire_pairs(recorder.last)]
    assert names[-2:] == ["timestamp", "signature"]
    assert names.count("recvWindow") == 1
    assert query_value(recorder.last, "quantity") == "1.5"


def test_int_kinds_accept_only_integers() -> None:
    op: Operation[Any] = Operation(
        "ints", "GET", "/api/v3/x", params=(Param("n", "n", INT), Param("m", "m", LONG))
    )
    assert dict(check_and_encode(op, {"n": 2**40, "m": -3})[0]) == {
        "n": "1099511627776",
        "m": "-3",
    }


def test_order_counts_per_window_are_not_summed() -> None:
    from binance_api import Budget, RateLimiter
    from binance_api._runtime import Operation, Weight

    op: Operation[Any] = Operation(
        "batch",
        "POST",
        "/fapi/v1/batchOrders",
        weights=(
            Weight("ORDER", 5, interval="10s"),
            Weight("ORDER", 1, interval="1m"),
            Weight("IP", 5),
        ),
    )
    weights = op.weight_of({})
    assert weights == {"ORDER/10s": 5, "ORDER": 5, "ORDER/1m": 1, "IP": 5}
    per_minute = RateLimiter(Budget("ORDER", 1, 60))
    assert per_minute.try_acquire(weights) == 0.0  # 1 per minute: fits once
    assert per_minute.try_acquire(weights) > 0
    per_ten = RateLimiter(Budget("ORDER", 9, 10))
    assert per_ten.try_acquire(weights) == 0.0
    assert per_ten.try_acquire(weights) > 0  # 5 + 5 > 9


def test_boolean_sent_in_the_words_the_docs_use() -> None:
    assert wire(protect=True)["protect"] == "TRUE"
    assert wire(protect=False)["protect"] == "FALSE"
    with pytest.raises(ValidationError) as info:
        wire(protect="YES")  # only the two words themselves stand for True and False
    assert info.value.rule == "type"


ORDER: Operation[Any] = Operation(
    "demo_order",
    "POST",
    "/api/v3/order",
    params=(
        Param("type", "type_", ENUM, required=True, enum=("LIMIT", "MARKET")),
        Param("timeInForce", "time_in_force", ENUM, enum=("GTC", "GTD")),
        Param("price", "price", DECIMAL),
        Param("goodTillDate", "good_till_date", LONG),
        Param("closePosition", "close_position", BOOLEAN),
        Param("quantity", "quantity", DECIMAL),
    ),
    rules=(
        Rule(
            "required", ("timeInForce", "price"), when=When("type", equals=("LIMIT",))
        ),
        Rule("required", ("goodTillDate",), when=When("timeInForce", equals=("GTD",))),
        Rule("forbidden", ("quantity",), when=When("closePosition", equals=("true",))),
    ),
)


@pytest.mark.parametrize(
    ("args", "rule", "words"),
    [
        (
            {"type_": "LIMIT"},
            "required",
            "time_in_force (timeInForce), price must be sent when type_ (type) is LIMIT",
        ),
        (
            {"type_": "LIMIT", "time_in_force": "GTC"},
            "required",
            "price must be sent when type_ (type) is LIMIT",
        ),
        (
            {"type_": "LIMIT", "time_in_force": "GTD", "price": "1"},
            "required",
            "good_till_date (goodTillDate) must be sent",
        ),
        (
            {"type_": "MARKET", "close_position": True, "quantity": "1"},
            "forbidden",
            "quantity cannot be sent when close_position (closePosition) is true",
        ),
    ],
)
def test_conditional_rules_refuse_the_calls_they_describe(
    args: dict[str, Any], rule: str, words: str
) -> None:
    with pytest.raises(ValidationError) as info:
        check_and_encode(ORDER, args)
    assert info.value.rule == rule
    assert words in str(info.value)


@pytest.mark.parametrize(
    "args",
    [
        {"type_": "MARKET"},  # the LIMIT rule does not apply
        {"type_": "LIMIT", "time_in_force": "GTC", "price": "1.5"},
        {"type_": "LIMIT", "time_in_force": "GTD", "price": "1", "good_till_date": 1},
        # closePosition sent but not true
        {"type_": "MARKET", "close_position": False, "quantity": "1"},
    ],
)
def test_conditional_rules_let_through_the_calls_they_allow(
    args: dict[str, Any],
) -> None:
    check_and_encode(ORDER, args)


def test_a_wire_name_passed_as_a_keyword_names_the_python_one() -> None:
    with pytest.raises(ValidationError) as info:
        check_and_encode(ORDER, {"type_": "MARKET", "unknown": {"timeInForce": "GTC"}})
    assert info.value.rule == "unknown"
    assert "pass it as time_in_force=" in str(info.value)
    with pytest.raises(ValidationError) as info:
        check_and_encode(ORDER, {"type_": "MARKET", "unknown": {"qantity": "1"}})
    assert "did you mean quantity=?" in str(info.value)


def test_messages_name_the_python_argument_and_the_wire_name() -> None:
    with pytest.raises(ValidationError) as info:
        check_and_encode(ORDER, {"type_": "STOP"})
    assert str(info.value).startswith(
        "demo_order(type_, sent as type): must be one of LIMIT, MARKET"
    )
    assert (info.value.param, info.value.wire) == ("type_", "type")
    with pytest.raises(ValidationError) as info:
        check_and_encode(ORDER, {"type_": "LIMIT", "price": "1"})
    assert "time_in_force (timeInForce) must be sent when type_ (type) is LIMIT" in str(
        info.value
    )


@pytest.mark.parametrize(
    ("value", "sent"),
    [(True, "TRUE"), (False, "FALSE"), ("true", "TRUE"), ("False", "FALSE")],
)
def test_a_boolean_takes_bool_or_the_word_and_sends_the_docs_spelling(
    value: Any, sent: str
) -> None:
    assert wire(protect=value)["protect"] == sent
