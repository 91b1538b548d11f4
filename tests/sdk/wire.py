"""Our generated client and Binance's official Python SDKs, compared on the wire.

For every endpoint both know (same product, HTTP method and path), one call is made on each side
with the same arguments, the same API key and secret and a fixed clock, into a mock transport at the
HTTP layer (httpx.MockTransport for ours, a requests adapter mounted on the SDK's session), and the
two requests are compared: HTTP method, host, path, query string and body byte for byte, and the
signature. Where they differ, `classify` says why.

The arguments come from our spec: the parameters of the valid call the generator built for the
endpoint's tests (required ones and every optional one its rules allow), with realistic values
chosen here by kind and name, given to each side in the type that side declares (the SDK's int,
float, str, bool, Enum or list; our Decimal, int, str, bool or list). Parameters the SDK requires
that our spec lacks are given to the SDK alone. Nothing is read from the SDKs but their installed
code, at run time; nothing here reaches the network (sockets are refused while the calls run).

Used by tests/sdk/test_wire.py (the targets) and tests/sdk/compare.py (the table).
"""

from __future__ import annotations

import ast
import contextlib
import enum
import hashlib
import hmac
import importlib
import importlib.util
import inspect
import json
import socket
import typing
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator
from unittest import mock
from urllib.parse import unquote, unquote_plus, urlsplit

ROOT = Path(__file__).resolve().parents[2]
KEY = "wire-test-api-key"
SECRET = "wire-test-secret-0123456789abcdef"
TIMESTAMP = 1700000000123  # both clocks read this (ms since the epoch)

# Our product -> the official package that covers it (import name, entry module, entry class).
PACKAGES: dict[str, tuple[str, str, str]] = {
    "spot": ("binance_sdk_spot", "spot", "Spot"),
    "usds_futures": (
        "binance_sdk_derivatives_trading_usds_futures",
        "derivatives_trading_usds_futures",
        "DerivativesTradingUsdsFutures",
    ),
    "coin_futures": (
        "binance_sdk_derivatives_trading_coin_futures",
        "derivatives_trading_coin_futures",
        "DerivativesTradingCoinFutures",
    ),
    "options": ("binance_sdk_derivatives_trading_options", "derivatives_trading_options", "DerivativesTradingOptions"),
    "portfolio_margin": (
        "binance_sdk_derivatives_trading_portfolio_margin",
        "derivatives_trading_portfolio_margin",
        "DerivativesTradingPortfolioMargin",
    ),
    "portfolio_margin_pro": (
        "binance_sdk_derivatives_trading_portfolio_margin_pro",
        "derivatives_trading_portfolio_margin_pro",
        "DerivativesTradingPortfolioMarginPro",
    ),
    "margin_trading": ("binance_sdk_margin_trading", "margin_trading", "MarginTrading"),
    "wallet": ("binance_sdk_wallet", "wallet", "Wallet"),
    "sub_account": ("binance_sdk_sub_account", "sub_account", "SubAccount"),
    "algo": ("binance_sdk_algo", "algo", "Algo"),
    "convert": ("binance_sdk_convert", "convert", "Convert"),
    "copy_trading": ("binance_sdk_copy_trading", "copy_trading", "CopyTrading"),
}

# Why two requests differ. Every difference found gets one of these kinds.
CAUSES: dict[str, str] = {
    "method": "HTTP method differs",
    "host": "host differs",
    "path": "path differs",
    "body": "one side sends parameters in the body, the other in the query",
    "signed": "one side signs the call, the other does not",
    "ours-only": "a parameter our spec has and the SDK does not know",
    "sdk-only": "a parameter the SDK sends and our spec does not have",
    "rename": "the SDK sends a parameter under another wire name",
    "order": "parameter order",
    "boolean": "boolean spelling",
    "list": "list encoding",
    "decimal": "number formatting (decimal digits, type)",
    "encoding": "percent-encoding of the same value",
    "value": "another value for the same argument",
    "signature": "signature differs where the signed bytes are equal, or is not over the bytes sent",
    "failed": "one side could not make the call",
}


def available() -> list[str]:
    """Products whose official package is importable (with binance_common)."""
    if importlib.util.find_spec("binance_common") is None:
        return []
    return [p for p, (pkg, _, _) in PACKAGES.items() if importlib.util.find_spec(pkg) is not None]


def unpinned() -> dict[str, str]:
    """Installed official packages whose version is not the one pyproject.toml pins (extra `sdk`)."""
    import re
    from importlib.metadata import PackageNotFoundError, version

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split("sdk = [", 1)[1].split("]", 1)[0] if "sdk = [" in text else ""
    out = {}
    for name, pinned in re.findall(r'"([\w.-]+)==([\w.]+)"', block):
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue
        if installed != pinned:
            out[name] = f"{installed} (pinned {pinned})"
    return out


# ----------------------------------------------------------------------------- what was sent


@dataclass
class Sent:
    """One request as it left a client: method, host, path, raw query (no '?') and raw body."""

    method: str
    host: str
    path: str
    query: str
    body: str = ""

    def pairs(self) -> list[tuple[str, str]]:
        """The query's name=value pairs, raw (still percent-encoded)."""
        return _split(self.query)

    def body_pairs(self) -> list[tuple[str, str]]:
        return _split(self.body)

    @property
    def signature(self) -> str | None:
        pairs = self.pairs()
        return pairs[-1][1] if pairs and pairs[-1][0] == "signature" else None

    @property
    def signed_bytes(self) -> str | None:
        """What the signature is over if it is over the query sent: the query before `&signature=`."""
        if self.signature is None:
            return None
        return self.query.rsplit("&signature=", 1)[0] if "&signature=" in self.query else ""


def _split(text: str) -> list[tuple[str, str]]:
    if not text:
        return []
    out = []
    for piece in text.split("&"):
        name, _, value = piece.partition("=")
        out.append((name, value))
    return out


def hmac_hex(payload: str, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


# ----------------------------------------------------------------------------- classification


@dataclass(frozen=True)
class Cause:
    kind: str  # a key of CAUSES
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}" if self.detail else self.kind


def _decoded(value: str) -> str:
    return unquote_plus(value)


def _as_number(text: str) -> Decimal | None:
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _list_items(text: str) -> list[str] | None:
    """The items of a list value: a JSON array of scalars, or None."""
    if not text.startswith("["):
        return None
    try:
        items = json.loads(text)
    except ValueError:
        return None
    if not isinstance(items, list) or any(isinstance(i, (dict, list)) for i in items):
        return None
    return [json.dumps(i) if not isinstance(i, str) else i for i in items]


def value_cause(ours: str, sdk: str) -> Cause | None:
    """Why two raw values of one parameter differ (None if they do not)."""
    if ours == sdk:
        return None
    a, b = _decoded(ours), _decoded(sdk)
    if a == b:
        return Cause("encoding", f"{ours} / {sdk}")
    if a.lower() == b.lower() and a.lower() in ("true", "false"):
        return Cause("boolean", f"{a} / {b}")
    items_a, items_b = _list_items(a), _list_items(b)
    if (items_a is not None) != (items_b is not None):
        items = items_a if items_a is not None else items_b
        other = b if items_a is not None else a
        if items is not None and ",".join(items) == other:
            return Cause("list", f"{a} / {b}")
    na, nb = _as_number(a), _as_number(b)
    if na is not None and nb is not None and na == nb:
        return Cause("decimal", f"{a} / {b}")
    return Cause("value", f"{a} / {b}")


def classify(ours: Sent, sdk: Sent, renames: dict[str, str] | None = None, secret: str = SECRET) -> list[Cause]:
    """Every reason the two requests differ; [] when they are the same request, byte for byte.

    `renames` maps a wire name we send to the name the SDK sends for the same argument."""
    renames = renames or {}
    causes: list[Cause] = []
    for kind in ("method", "host", "path"):
        a, b = getattr(ours, kind), getattr(sdk, kind)
        if a != b:
            causes.append(Cause(kind, f"{a} / {b}"))
    for side, sent in (("ours", ours), ("sdk", sdk)):
        if sent.signature is not None and hmac_hex(sent.signed_bytes or "", secret) != sent.signature:
            causes.append(Cause("signature", f"{side}: not the HMAC of the query before it"))
    if (ours.body == "") != (sdk.body == ""):
        who = "ours" if ours.body else "sdk"
        causes.append(Cause("body", f"{who} sends a body"))

    def params(sent: Sent) -> list[tuple[str, str]]:
        return [(k, v) for k, v in sent.pairs() + sent.body_pairs() if k not in ("timestamp", "signature")]

    a_pairs = params(ours)
    back = {v: k for k, v in renames.items()}
    b_pairs = [(back.get(k, k), v) for k, v in params(sdk)]
    for name, new in renames.items():
        if any(k == new for k, _ in params(sdk)):
            causes.append(Cause("rename", f"{name} -> {new}"))
    a_names, b_names = [k for k, _ in a_pairs], [k for k, _ in b_pairs]
    for name in a_names:
        if name not in b_names:
            causes.append(Cause("ours-only", name))
    for name in b_names:
        if name not in a_names:
            causes.append(Cause("sdk-only", name))
    a_common = [k for k in a_names if k in b_names]
    b_common = [k for k in b_names if k in a_names]
    if a_common != b_common:
        causes.append(Cause("order", f"{','.join(a_common)} / {','.join(b_common)}"))
    a_values, b_values = dict(a_pairs), dict(b_pairs)
    for name in a_common:
        cause = value_cause(a_values[name], b_values[name])
        if cause is not None:
            causes.append(Cause(cause.kind, f"{name}: {cause.detail}"))
    a_signed = any(k == "signature" for k, _ in ours.pairs())
    b_signed = any(k == "signature" for k, _ in sdk.pairs())
    if a_signed != b_signed:
        causes.append(Cause("signed", "ours" if a_signed else "sdk"))
    if not causes and (ours.query, ours.body) != (sdk.query, sdk.body):
        # the parameters agree but the bytes do not: only the signing can be left
        if ours.signed_bytes == sdk.signed_bytes and ours.signature != sdk.signature:
            causes.append(Cause("signature", "same signed bytes, another signature"))
        else:
            causes.append(Cause("value", "timestamp or signing parameters differ"))
    return causes


# ----------------------------------------------------------------------------- the SDK's endpoints


@dataclass
class SdkEndpoint:
    product: str
    function: str  # the method name on the SDK's rest_api object
    method: str
    path: str
    signed: bool


def sdk_endpoints(product: str) -> dict[tuple[str, str], SdkEndpoint]:
    """(HTTP method, path) -> the SDK function that calls it, read from the package's API modules."""
    package = PACKAGES[product][0]
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations))) / "rest_api" / "api"
    out: dict[tuple[str, str], SdkEndpoint] = {}
    for module in sorted(folder.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for cls in tree.body:
            if not isinstance(cls, ast.ClassDef):
                continue
            for fn in cls.body:
                if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_"):
                    continue
                for node in ast.walk(fn):
                    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "send_request":
                        kw = {k.arg: k.value for k in node.keywords if k.arg}
                        method, path = kw.get("method"), kw.get("path")
                        if isinstance(method, ast.Constant) and isinstance(path, ast.Constant):
                            signed = isinstance(kw.get("is_signed"), ast.Constant) and kw["is_signed"].value is True
                            key = (method.value, path.value)
                            out.setdefault(key, SdkEndpoint(product, fn.name, method.value, path.value, signed))
    return out


def sdk_rest_api(product: str) -> Any:
    package, module, cls_name = PACKAGES[product]
    from binance_common.configuration import ConfigurationRestAPI

    cls = getattr(importlib.import_module(f"{package}.{module}"), cls_name)
    return cls(config_rest_api=ConfigurationRestAPI(api_key=KEY, api_secret=SECRET)).rest_api


@dataclass
class SdkArg:
    name: str
    wire: str  # the name the SDK sends
    required: bool
    type: Any  # int, float, str, bool, an Enum class, ("list", item type) or "model"


def _unwrap(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is typing.Union and len(args) == 1:
        return _unwrap(args[0])
    if typing.get_origin(annotation) in (list, typing.List):
        item = _unwrap(args[0]) if args else str
        return ("list", item if item in (str, int, float, bool) or _is_enum(item) else "model")
    if annotation in (int, float, str, bool) or _is_enum(annotation):
        return annotation
    return "model"


def _is_enum(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, enum.Enum)


def sdk_args(function: Any) -> list[SdkArg]:
    from binance_common.utils import snake_to_camel

    hints = typing.get_type_hints(function)
    out = []
    for name, param in inspect.signature(function).parameters.items():
        out.append(SdkArg(name, snake_to_camel(name), param.default is inspect.Parameter.empty, _unwrap(hints[name])))
    return out


# ----------------------------------------------------------------------------- our endpoints


def our_operations() -> dict[str, Any]:
    """Method name ("spot.post_order") -> its Operation declaration."""
    import binance_api
    from binance_api._runtime import Operations

    out: dict[str, Any] = {}
    tables: dict[str, Any] = {}
    for name in binance_api.ENDPOINTS:
        product, _, method = name.partition(".")
        table = tables.setdefault(product, Operations(product))
        out[name] = table[method]
    return out


def our_cases() -> dict[str, dict[str, Any]]:
    """Method name -> the valid call of the generated tests (Python-named arguments)."""
    import binance_api

    folder = Path(binance_api.__file__).resolve().parents[1] / "tests" / "cases"
    if not folder.is_dir():
        folder = ROOT / "generated" / "tests" / "cases"
    out = {}
    for path in sorted(folder.glob("*.json")):
        for endpoint in json.loads(path.read_text(encoding="utf-8"))["endpoints"]:
            out[endpoint["name"]] = endpoint["args"]
    return out


# ----------------------------------------------------------------------------- values

T0 = 1_700_000_000_000  # startTime; endTime is a minute later
ORDER = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "quantity": "0.5", "price": "60000.1",
         "timeInForce": "GTC"}  # one order of a batch (JSON parameters)


def _norm(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())


def _text_sample(wire: str, second: bool = False) -> str:
    n = _norm(wire)
    if "email" in n:
        return "sub2@example.com" if second else "sub1@example.com"
    if "symbol" in n or n in ("pair", "underlying"):
        return "ETHUSDT" if second else "BTCUSDT"
    if "asset" in n or "coin" in n or "currency" in n:
        return "BNB" if second else "USDT"
    if n == "interval":
        return "1h"
    if n == "period":
        return "5m"
    if n == "network":
        return "ETH"
    if "address" in n:
        return "0x5e2a7f3c"
    return "def456" if second else "abc123"


def _int_sample(wire: str, param: Any) -> int:
    n = _norm(wire)
    if param is not None and param.allowed:
        return int(param.allowed[0])
    if n == "endtime":
        value = T0 + 60_000
    elif n.endswith("time") or n.endswith("timestamp"):
        value = T0
    elif n == "recvwindow":
        value = 5000
    elif n.endswith("id"):
        value = 123456
    elif n in ("limit", "size", "rows", "pagesize"):
        value = 10
    elif n in ("page", "current"):
        value = 1
    else:
        value = 3
    return _clamp(value, param)


def _clamp(value: Any, param: Any) -> Any:
    if param is None:
        return value
    if param.minimum is not None and value < param.minimum:
        value = type(value)(param.minimum)
    if param.maximum is not None and value > param.maximum:
        value = type(value)(param.maximum)
    return value


def _decimal_sample(wire: str, param: Any) -> Decimal:
    if param is not None and param.allowed:
        return Decimal(str(param.allowed[0]))
    if _norm(wire) == "recvwindow":
        return _clamp(Decimal(5000), param)
    return _clamp(Decimal("0.5"), param)


def _enum_value(cls: Any, text: str) -> Any:
    """The SDK's member for a value: the same spelling, else the one spelt in another case (a caller
    of the SDK picks its member; it then sends the SDK's spelling)."""
    for member in cls:
        if member.value == text:
            return member
    for member in cls:
        if str(member.value).lower() == text.lower():
            return member
    return None


def _to_sdk(value: Any, sdk_type: Any, param: Any) -> Any:
    """Our argument's value in the type the SDK declares for it (the same meaning)."""
    if isinstance(sdk_type, tuple):  # ("list", item type)
        items = value if isinstance(value, list) else (value.split(",") if isinstance(value, str) else [value])
        item_type = sdk_type[1]
        return [_to_sdk(v, item_type, param) if item_type != "model" else v for v in items]
    if isinstance(value, list) and sdk_type != "model":
        if param is not None and param.list_style == "json":
            return json.dumps(value, separators=(",", ":"))
        return ",".join(str(_to_sdk(v, str, param)) for v in value)
    if _is_enum(sdk_type):
        text = _to_sdk(value, str, param)
        member = _enum_value(sdk_type, text)
        return member if member is not None else text
    if sdk_type is bool:
        return value if isinstance(value, bool) else str(value).lower() == "true"
    if sdk_type is int:
        if isinstance(value, bool):
            return int(value)
        number = _as_number(str(value))
        return int(number) if number is not None and number == int(number) else value
    if sdk_type is float:
        number = _as_number(str(value)) if not isinstance(value, bool) else None
        return float(number) if number is not None else value
    if sdk_type is str:
        if isinstance(value, bool):  # the page's own words for it where it gives them
            words = param.enum if param is not None and len(param.enum) == 2 else ("true", "false")
            return words[0] if value else words[1]
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, enum.Enum):
            return str(value.value)
        return str(value) if not isinstance(value, (dict, list)) else json.dumps(value, separators=(",", ":"))
    return value


def _ours_value(param: Any, case_value: Any, sdk_type: Any) -> Any:
    """Our argument's value: realistic for its kind and name, kept from the generated valid call where
    that value decides a rule (enum values, booleans, JSON), in the Python type both sides share."""
    kind, wire = param.kind, param.wire
    listed = param.list_style is not None
    if kind == "JSON" and case_value in ({"key": "value"}, [{"key": "value"}]):  # the generator's placeholder
        return [dict(ORDER)] if isinstance(case_value, list) else dict(ORDER)
    if kind in ("ENUM", "BOOLEAN", "JSON") or param.enum or param.allowed:
        if case_value is not None:
            return case_value
        return [param.enum[0]] if listed and param.enum else (param.enum[0] if param.enum else True)
    if kind in ("LONG", "INT"):
        number: Any = _int_sample(wire, param)
        return [number, number + 1] if listed and (param.max_items or 2) >= 2 else ([number] if listed else number)
    if kind == "DECIMAL":
        decimal = _decimal_sample(wire, param)
        base = sdk_type[1] if isinstance(sdk_type, tuple) else sdk_type
        # the Python type the SDK declares, where ours takes it too: both get the same object
        value: Any = float(decimal) if base is float else int(decimal) if base is int and decimal == int(decimal) else (
            format(decimal, "f") if base is str else decimal)
        return [value] if listed else value
    # STRING
    sdk_enum = sdk_type if _is_enum(sdk_type) else (sdk_type[1] if isinstance(sdk_type, tuple) and _is_enum(sdk_type[1]) else None)
    if sdk_enum is not None and not listed:
        return str(next(iter(sdk_enum)).value)
    if listed:
        many = param.max_items is None or param.max_items >= 2
        return [_text_sample(wire), _text_sample(wire, second=True)] if many else [_text_sample(wire)]
    base = sdk_type[1] if isinstance(sdk_type, tuple) else sdk_type
    if base is int:
        return str(_int_sample(wire, None))
    if base is bool:  # the page types it STRING, the SDK bool: a caller writes the word
        return "true"
    return _text_sample(wire)


def _sdk_only_value(arg: SdkArg) -> Any:
    """A value for an argument the SDK requires and our spec does not have."""
    t = arg.type
    base = t[1] if isinstance(t, tuple) else t
    if _is_enum(base):
        value: Any = next(iter(base))
    elif base is int:
        value = _int_sample(arg.wire, None)
    elif base is float:
        value = 0.5
    elif base is bool:
        value = True
    elif base == "model":
        value = {"symbol": "BTCUSDT"}
    else:
        value = _text_sample(arg.wire)
    return [value] if isinstance(t, tuple) else value


def _type_name(sdk_type: Any) -> str:
    if isinstance(sdk_type, tuple):
        return f"list[{_type_name(sdk_type[1])}]"
    if _is_enum(sdk_type):
        return "Enum"
    return sdk_type if isinstance(sdk_type, str) else sdk_type.__name__


def _compatible(param: Any, sdk_type: Any) -> bool:
    """Whether the SDK's type for a parameter says what the page's does (a list where the page has
    a list, a number where it has a number of that kind, a bool or words where it has a boolean)."""
    if isinstance(sdk_type, tuple):
        return param.list_style is not None or param.kind == "JSON"
    if sdk_type == "model":
        return param.kind == "JSON"
    kind = param.kind
    if kind in ("LONG", "INT"):
        return sdk_type is int or (sdk_type is str and param.list_style is not None)
    if kind == "DECIMAL":
        return sdk_type in (float, int, str)
    if kind == "BOOLEAN":
        return sdk_type in (bool, str) or _is_enum(sdk_type)
    if kind == "JSON":
        return sdk_type is str
    if param.list_style == "json":  # a JSON array on the page, one plain value in the SDK
        return False
    return sdk_type is str or _is_enum(sdk_type)  # STRING, ENUM


# ----------------------------------------------------------------------------- one comparison


@dataclass
class Comparison:
    name: str  # ours: "spot.post_order"
    route: str  # "POST /api/v3/order"
    sdk_function: str
    ours: Sent | None = None
    sdk: Sent | None = None
    causes: list[Cause] = field(default_factory=list)
    renames: dict[str, str] = field(default_factory=dict)
    args: dict[str, Any] = field(default_factory=dict)
    sdk_args: dict[str, Any] = field(default_factory=dict)
    sdk_extra: list[str] = field(default_factory=list)  # optional SDK parameters our spec lacks (not sent)
    type_notes: list[str] = field(default_factory=list)  # parameters typed differently by page and SDK
    note: str = ""

    @property
    def same(self) -> bool:
        return not self.causes

    def kinds(self) -> list[str]:
        return sorted({c.kind for c in self.causes})


class _Sent(Exception):
    """Raised by the SDK's mock adapter once the request is recorded: the SDK stops there."""


def _sdk_session_mock(store: list[Sent]) -> Any:
    import requests
    from requests.adapters import BaseAdapter

    class Capture(BaseAdapter):  # type: ignore[misc]
        def send(self, request: requests.PreparedRequest, **kwargs: Any) -> Any:
            url = urlsplit(request.url or "")
            body = request.body or ""
            store.append(Sent(request.method or "", url.hostname or "", url.path, url.query,
                              body.decode() if isinstance(body, bytes) else body))
            raise _Sent

        def close(self) -> None:
            pass

    return Capture()


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Any attempt to open a socket connection fails loudly."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the wire comparison tried to reach the network")

    with mock.patch.object(socket.socket, "connect", refuse), mock.patch.object(
        socket, "create_connection", refuse
    ), mock.patch.object(socket, "getaddrinfo", refuse):
        yield


class Runner:
    """Both clients, mocked, with the fixed clock; `compare(name)` makes one comparison."""

    def __init__(self, products: list[str] | None = None) -> None:
        import httpx

        import binance_api
        from binance_api._clock import ServerClock

        self.products = products or available()
        self.ops = our_operations()
        self.cases = our_cases()
        self._ours: list[Sent] = []

        def handler(request: httpx.Request) -> httpx.Response:
            url = request.url
            self._ours.append(Sent(request.method, url.host, url.path, url.query.decode(), request.content.decode()))
            return httpx.Response(200, json={})

        self.client = binance_api.Client(KEY, SECRET, transport=httpx.MockTransport(handler))
        self.client.clock = ServerClock(local_ms=lambda: TIMESTAMP)
        self._sdk: list[Sent] = []
        self.apis: dict[str, Any] = {}
        self.sdk_index: dict[str, dict[tuple[str, str], SdkEndpoint]] = {}
        for product in self.products:
            with no_network():
                api = sdk_rest_api(product)
            adapter = _sdk_session_mock(self._sdk)
            api._session.mount("https://", adapter)
            api._session.mount("http://", adapter)
            self.apis[product] = api
            self.sdk_index[product] = sdk_endpoints(product)

    def both_know(self) -> list[tuple[str, SdkEndpoint]]:
        """(our method name, the SDK's endpoint) for every endpoint both know, by product, method, path."""
        out = []
        for name, op in sorted(self.ops.items()):
            product = name.split(".", 1)[0]
            sdk = self.sdk_index.get(product, {}).get((op.method, op.path))
            if sdk is not None:
                out.append((name, sdk))
        return out

    def sdk_only(self) -> list[SdkEndpoint]:
        ours = {(n.split(".", 1)[0], op.method, op.path) for n, op in self.ops.items()}
        return [e for p, index in self.sdk_index.items() for k, e in sorted(index.items()) if (p, *k) not in ours]

    # -------------------------------------------------------------- building the call

    def _match(self, name: str, sdk: SdkEndpoint) -> tuple[list[SdkArg], dict[str, SdkArg], dict[str, str]]:
        """The SDK's arguments, ours matched to them by wire name (wire -> SdkArg), and the renames:
        our wire name -> the other name the SDK sends for it (`from` sent as `varFrom`...)."""
        args = sdk_args(getattr(self.apis[sdk.product], sdk.function))
        by_wire = {a.wire: a for a in args}
        by_norm = {_norm(a.wire): a for a in args}
        by_norm.update({_norm(a.name.removeprefix("var_")): a for a in args if a.name.startswith("var_")})
        matched: dict[str, SdkArg] = {}
        renames: dict[str, str] = {}
        for p in self.ops[name].params:
            arg = by_wire.get(p.wire) or by_norm.get(_norm(p.wire))
            if arg is not None:
                matched[p.wire] = arg
                if arg.wire != p.wire:
                    renames[p.wire] = arg.wire
        return args, matched, renames

    def _sdk_values(self, name: str, ours: dict[str, Any], args: list[SdkArg], matched: dict[str, SdkArg]) -> dict[str, Any]:
        theirs: dict[str, Any] = {}
        for p in self.ops[name].params:
            arg = matched.get(p.wire)
            if arg is not None and p.name in ours:
                theirs[arg.name] = _to_sdk(ours[p.name], arg.type, p)
        known = {a.name for a in matched.values()}
        for arg in args:
            if arg.required and arg.name not in known:
                theirs[arg.name] = _sdk_only_value(arg)
        return theirs

    def _our_values(self, name: str, matched: dict[str, SdkArg]) -> dict[str, Any]:
        case = self.cases.get(name, {})
        ours: dict[str, Any] = {}
        for p in self.ops[name].params:
            arg = matched.get(p.wire)
            if p.name in case or p.required or (arg is not None and arg.required):
                ours[p.name] = _ours_value(p, case.get(p.name), arg.type if arg else None)
        return ours

    def _call_ours(self, name: str, args: dict[str, Any]) -> Sent:
        product, method = name.split(".", 1)
        self._ours.clear()
        getattr(getattr(self.client, product), method)(**args)
        assert len(self._ours) == 1, f"{name}: {len(self._ours)} requests"
        return self._ours[0]

    def _call_sdk(self, sdk: SdkEndpoint, args: dict[str, Any]) -> Sent:
        self._sdk.clear()
        function = getattr(self.apis[sdk.product], sdk.function)
        with mock.patch("binance_common.utils.get_timestamp", lambda: TIMESTAMP):
            try:
                function(**args)
            except _Sent:
                pass
        assert len(self._sdk) == 1, f"{sdk.function}: {len(self._sdk)} requests"
        return self._sdk[0]

    def compare(self, name: str, sdk: SdkEndpoint, overrides: dict[str, Any] | None = None) -> Comparison:
        """One comparison; `overrides` (our Python names) replace values of the call on both sides."""
        from binance_api import ValidationError

        op = self.ops[name]
        result = Comparison(name, f"{op.method} {op.path}", f"{sdk.product}.{sdk.function}")
        args, matched, renames = self._match(name, sdk)
        result.renames = renames
        known = {a.name for a in matched.values()}
        result.sdk_extra = [a.wire for a in args if not a.required and a.name not in known]
        result.type_notes = [
            f"{p.wire}: ours {p.kind}{' list' if p.list_style else ''}, SDK {_type_name(matched[p.wire].type)}"
            for p in op.params if p.wire in matched and not _compatible(p, matched[p.wire].type)
        ]
        ours = {k: v for k, v in {**self._our_values(name, matched), **(overrides or {})}.items() if v is not None}
        try:
            result.ours = self._call_ours(name, ours)
        except ValidationError as exc:
            # our realistic values broke a rule: fall back to the generated valid call itself
            result.note = f"realistic values refused ({exc.rule}): the generated valid call is used"
            ours = dict(self.cases.get(name, {}))
            try:
                result.ours = self._call_ours(name, ours)
            except ValidationError as exc2:
                result.causes.append(Cause("failed", f"ours: {exc2}"))
        theirs = self._sdk_values(name, ours, args, matched)
        result.args, result.sdk_args = ours, theirs
        try:
            result.sdk = self._call_sdk(sdk, theirs)
        except Exception as exc:  # noqa: BLE001 - any refusal by the SDK is a finding
            result.causes.append(Cause("failed", f"sdk: {type(exc).__name__}: {exc}"))
        if result.ours is not None and result.sdk is not None:
            result.causes = classify(result.ours, result.sdk, renames)
        return result

    def run(self) -> list[Comparison]:
        with no_network():
            return [self.compare(name, sdk) for name, sdk in self.both_know()]

    def probes(self) -> list[tuple[Probe, Comparison]]:
        """The PROBES whose endpoint both sides know, each compared with its values."""
        known = dict(self.both_know())
        with no_network():
            return [(p, self.compare(p.name, known[p.name], p.args)) for p in PROBES if p.name in known]


@dataclass(frozen=True)
class Probe:
    """A value the usual calls do not exercise, sent on both sides, and what the docs say about it."""

    name: str  # our method
    args: dict[str, Any]  # our Python-named arguments changing the usual call's (None: left out)
    docs: str  # where the docs say how it is sent, in their words
    expect: tuple[str, ...] = ()  # pieces our query must contain as sent, from those words
    expect_decoded: tuple[str, ...] = ()  # pieces our query must contain once percent-decoded


PROBES = [
    Probe(
        "wallet.post_capital_withdraw_apply",
        {"name": "Main wallet 2"},
        'wallet/capital/withdraw.md, `name`: "space in name should be encoded into `%20`"',
        expect=("name=Main%20wallet%202&",),
    ),
    Probe(
        "spot.post_order",
        {"symbol": "\uff11\uff12\uff13\uff14\uff15\uff16"},
        "binance-spot-api-docs/rest-api/request-security.md: `symbol=１２３４５６` is sent as "
        "`symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96`",
        expect=("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&",),
    ),
    Probe(
        "spot.post_order",
        {"quantity": 0.00000001},
        'binance-spot-api-docs/rest-api/request-security.md writes decimals in plain digits '
        '("quantity=1&price=0.1"); `quantity` is "DECIMAL" on the page (a float on both sides here)',
        expect=("quantity=0.00000001&",),
    ),
    Probe(
        "spot.exchange_info",
        {"symbol": None, "permissions": None, "symbol_status": None, "symbols": ["BTCUSDT", "BNBUSDT"]},
        'binance-spot-api-docs/rest-api/general-endpoints.md, `symbols`: "ARRAY OF STRING| No| Examples: '
        'curl -X GET "https://api.binance.com/api/v3/exchangeInfo?symbols=%5B%22BNBBTC%22,%22BTCUSDT%22%5D""',
        expect_decoded=('symbols=["BTCUSDT","BNBUSDT"]&',),
    ),
    Probe(
        "usds_futures.delete_batch_orders",
        {"order_id_list": None, "orig_client_order_id_list": ["my_id_1", "my_id_2"]},
        'Cancel-Multiple-Orders.md, `origClientOrderIdList`: "e.g. ["my_id_1","my_id_2"], encode the double '
        'quotes. No space after comma."',
        expect=("%22my_id_1%22",),
        expect_decoded=('origClientOrderIdList=["my_id_1","my_id_2"]&',),
    ),
]


def probe_misses(probe: Probe, sent: Sent) -> list[str]:
    """The expected pieces our query lacks."""
    query = sent.query + "&"
    return [e for e in probe.expect if e not in query] + [
        e for e in probe.expect_decoded if e not in unquote(query)]


# ----------------------------------------------------------------------------- figures


@dataclass
class Figures:
    compared: int
    same: int
    by_cause: Counter[str]
    signature_mismatch: list[str]  # endpoints whose signature differs although the signed bytes agree
    failed: list[str]

    @property
    def share(self) -> float:
        return 100.0 * self.same / self.compared if self.compared else 0.0


def figures(results: list[Comparison]) -> Figures:
    by_cause: Counter[str] = Counter()
    for r in results:
        for kind in r.kinds():
            by_cause[kind] += 1
    sig = [r.name for r in results if any(c.kind == "signature" for c in r.causes)]
    failed = [r.name for r in results if any(c.kind == "failed" for c in r.causes)]
    return Figures(len(results), sum(r.same for r in results), by_cause, sig, failed)
