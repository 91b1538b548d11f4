"""Per-call worker, run by run.py in a fresh interpreter of the peer virtual environment.

    python calls.py SIDE MODE [N]

SIDE is `specgen` (the generated `binance_api`, found on PYTHONPATH), `specgen+limiter` (the same
with a RateLimiter of IP, UID and ORDER budgets too large ever to make a call wait), `official` (the
binance-sdk-derivatives-trading-portfolio-margin[-pro] packages) or `official+data`. MODE is

- `time`: warm up, then time rounds of N calls per endpoint; print JSON {endpoint: [seconds per call, ...]}.
  The time is the process's CPU time (the loop does no I/O): on a shared machine, wall time would
  also count the time the process waits for a core, which is not the client's cost.
- `memory`: make N calls in all (alternating the two endpoints) and exit; the parent reads the
  child's peak RSS from wait4()
- `profile`: like `time`, under cProfile; the stats go to the file named by $BENCH_PROFILE

Both sides do the same work per call: validate the arguments, add timestamp and HMAC-SHA256 signature,
build the request with the client's own HTTP stack, hand it to a mocked transport at the lowest layer
the stack offers, and decode the JSON answer into the client's response type.

- specgen: `httpx.MockTransport` passed as `transport=` (httpx.Client -> transport.handle_request),
  answering what httpx's HTTPTransport would hand back for the same bytes from httpcore: the raw
  header list and an unread body stream, which the client reads and decodes as in production.
- official: binance_common.utils.send_request calls `requests.Session.request`; the mock is a
  `requests.adapters.BaseAdapter` mounted on that session, i.e. what HTTPAdapter would do minus
  urllib3 and the socket. The SDK validates the answer into its pydantic model inside send_request;
  `.data()` re-runs that validation, so it is timed separately (`+data()` rows).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time

REPAY_BODY = (
    b'{"amount":"0.10000000","asset":"BNB","specifyRepayAssets":["USDT","BTC"],'
    b'"updateTime":1636371437000,"success":true}'
)
LOAN_BODY = b'{"asset":"BUSD","amount":"579.45"}'
HEADERS = {"Content-Type": "application/json;charset=UTF-8", "x-mbx-used-weight-1m": "10"}
KEY, SECRET = "bench-key", "bench-secret-0123456789abcdef"


def _answer(path: str) -> bytes:
    return REPAY_BODY if path.endswith("/repay-debt") else LOAN_BODY


def specgen_calls(limiter: bool = False):
    import httpx

    import binance_api

    raw_headers = [(k.encode(), v.encode()) for k, v in HEADERS.items()]
    extensions = {"http_version": b"HTTP/1.1", "reason_phrase": b"OK"}

    def handler(request: httpx.Request) -> httpx.Response:
        # the response httpx's own HTTPTransport makes of what httpcore received (raw header list,
        # unread body stream): the client reads and decodes it as it would a real one
        body = _answer(request.url.path)
        headers = [*raw_headers, (b"Content-Length", str(len(body)).encode())]
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body), extensions=extensions)

    options = {}
    if limiter:
        # every budget the two endpoints count against (IP, UID, ORDER), large enough never to make
        # a call wait: the figure is the limiter's bookkeeping, not its sleeping
        big = 10**12
        options["limiter"] = binance_api.RateLimiter(
            binance_api.Budget("IP", big, 60), binance_api.Budget("UID", big, 60),
            binance_api.Budget("ORDER", big, 10), binance_api.Budget("ORDER", big, 86400),
        )
    client = binance_api.Client(api_key=KEY, api_secret=SECRET, transport=httpx.MockTransport(handler), **options)

    def repay():
        return client.portfolio_margin.post_margin_repay_debt(asset="BNB", amount="0.1", recv_window=5000)

    def loan():
        return client.portfolio_margin_pro.portfolio_pm_loan(recv_window=5000)

    return {"POST /papi/v1/margin/repay-debt": repay, "GET /sapi/v1/portfolio/pmLoan": loan}


def official_calls(with_data: bool = False):
    import requests
    from requests.adapters import BaseAdapter
    from requests.structures import CaseInsensitiveDict

    from binance_common.configuration import ConfigurationRestAPI
    from binance_sdk_derivatives_trading_portfolio_margin.derivatives_trading_portfolio_margin import (
        DerivativesTradingPortfolioMargin,
    )
    from binance_sdk_derivatives_trading_portfolio_margin_pro.derivatives_trading_portfolio_margin_pro import (
        DerivativesTradingPortfolioMarginPro,
    )

    class MockAdapter(BaseAdapter):
        """Answers every prepared request at once, as HTTPAdapter.build_response would shape it."""

        def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
            response = requests.Response()
            response.status_code = 200
            response.headers = CaseInsensitiveDict(HEADERS)
            response._content = _answer(request.path_url.split("?", 1)[0])
            response.encoding = "utf-8"
            response.url = request.url
            response.request = request
            response.reason = "OK"
            return response

        def close(self):
            pass

    def rest(sdk_cls):
        api = sdk_cls(config_rest_api=ConfigurationRestAPI(api_key=KEY, api_secret=SECRET)).rest_api
        api._session.mount("https://", MockAdapter())
        api._session.mount("http://", MockAdapter())
        return api

    pm = rest(DerivativesTradingPortfolioMargin)
    pro = rest(DerivativesTradingPortfolioMarginPro)

    if with_data:

        def repay():
            return pm.margin_account_repay_debt(asset="BNB", amount="0.1", recv_window=5000).data()

        def loan():
            return pro.query_portfolio_margin_pro_bankruptcy_loan_amount(recv_window=5000).data()

    else:

        def repay():
            return pm.margin_account_repay_debt(asset="BNB", amount="0.1", recv_window=5000)

        def loan():
            return pro.query_portfolio_margin_pro_bankruptcy_loan_amount(recv_window=5000)

    return {"POST /papi/v1/margin/repay-debt": repay, "GET /sapi/v1/portfolio/pmLoan": loan}


def _calls(side: str):
    if side == "specgen":
        return specgen_calls()
    if side == "specgen+limiter":
        return specgen_calls(limiter=True)
    if side == "official":
        return official_calls(False)
    if side == "official+data":
        return official_calls(True)
    raise SystemExit(f"unknown side {side!r}")


def _check(side: str, calls) -> None:
    """Fail loudly if a mocked call does not come back decoded: a benchmark of an error path is worthless."""
    for name, fn in calls.items():
        result = fn()
        if side == "official":
            result = result.data()
        text = repr(result)
        expected = "BNB" if "repay" in name else "579.45"
        if expected not in text:
            raise SystemExit(f"{side} {name}: unexpected result {text[:300]}")


def time_rounds(calls, n: int, rounds: int) -> dict[str, list[float]]:
    for fn in calls.values():  # warm-up: first-call costs (lazy imports, model building) are not per-call overhead
        for _ in range(200):
            fn()
    out: dict[str, list[float]] = {}
    for name, fn in calls.items():
        per_call = []
        for _ in range(rounds):
            gc.collect()
            started = time.process_time()
            for _ in range(n):
                fn()
            per_call.append((time.process_time() - started) / n)
        out[name] = per_call
    return out


def main() -> None:
    side, mode = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    calls = _calls(side)
    _check(side, calls)
    if mode == "time":
        print(json.dumps(time_rounds(calls, n, int(os.environ.get("BENCH_ROUNDS", "5")))))
    elif mode == "memory":
        fns = list(calls.values())
        for i in range(n):
            fns[i % 2]()
        print(json.dumps({"calls": n}))
    elif mode == "profile":
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        time_rounds(calls, n, 1)
        profiler.disable()
        profiler.dump_stats(os.environ["BENCH_PROFILE"])
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
