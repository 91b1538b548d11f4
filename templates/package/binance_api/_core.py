"""The request core shared by Client and AsyncClient.

A call is a plan (a generator, `CoreClient._exchange`) that checks the arguments once, then yields
what to do next: a `Request` to send or a float number of seconds to sleep. The sync and async
clients only run the plan, sending with httpx.Client or httpx.AsyncClient and sleeping with
time.sleep or asyncio.sleep. Everything else - limiter, signing with a fresh timestamp for every
try, the -1021 resync, retries, usage headers, decoding errors - lives here, once.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
from functools import partial
from json.scanner import make_scanner
from os import PathLike
from typing import TYPE_CHECKING, Any, Callable, Generator, Iterator, Mapping, Union
from urllib.parse import quote, urlsplit

from ._clock import ServerClock, time_path_for
from ._errors import (
    APIError,
    ConfigurationError,
    IPBannedError,
    RateLimitError,
    ServerError,
    TransportError,
    ValidationError,
)
from ._limits import RateLimiter, RateLimitUsage
from ._retry import RetryPolicy
from ._runtime import (
    BOOLEAN,
    DECIMAL,
    JSON,
    LONG,
    MAX_RECV_WINDOW,
    STRING,
    Operation,
    Param,
    Weight,
    check_and_encode,
)
from ._signing import HmacSigner, PrivateKeySigner, Signer

if TYPE_CHECKING:
    import httpx

logger = logging.getLogger("binance_api")

# Base URL by the path's first segment; override with `base_url=` (one URL, or a mapping per prefix).
BASE_URLS: dict[str, str] = {
    "api": "https://api.binance.com",
    "sapi": "https://api.binance.com",
    "papi": "https://papi.binance.com",
    "fapi": "https://fapi.binance.com",
    "dapi": "https://dapi.binance.com",
    "eapi": "https://eapi.binance.com",
}
# testnet=True: only these prefixes have a test network; any other call fails before sending, so a
# testnet client never reaches production.
TESTNET_URLS: dict[str, str] = {
    "api": "https://testnet.binance.vision",
    "fapi": "https://testnet.binancefuture.com",
    "dapi": "https://testnet.binancefuture.com",
}
TIMESTAMP_ERROR = -1021

_SIGNATURE_IN_TEXT = re.compile(r"(signature=)[^&\s\"'>]+")


def redact(text: str) -> str:
    """Text with any `signature=...` value replaced, for messages built from library errors."""
    return _SIGNATURE_IN_TEXT.sub(r"\1***", text)


_NEEDS_NO_QUOTING = re.compile(r"[A-Za-z0-9_.~-]*").fullmatch
_PLAIN_QUERY = re.compile(r"[A-Za-z0-9_.~=&-]*").fullmatch
_pair_text = "=".join


def encode_query(pairs: list[tuple[str, str]]) -> str:
    """The same text as urllib's urlencode(pairs, quote_via=quote), several times faster for the usual
    plain values. Percent-encoding throughout (RFC 3986): a space is `%20`, as the docs ask, never `+`.
    """
    text = "&".join(map(_pair_text, pairs))
    # One check for the usual case: only unreserved characters, and exactly the '=' and '&' added
    # here (so no name or value holds one of its own): every piece is sent as it is.
    if (
        _PLAIN_QUERY(text)
        and text.count("=") == len(pairs)
        and text.count("&") == max(len(pairs) - 1, 0)
    ):
        return text
    return "&".join(
        (k if _NEEDS_NO_QUOTING(k) else quote(k, safe=""))
        + "="
        + (v if _NEEDS_NO_QUOTING(v) else quote(v, safe=""))
        for k, v in pairs
    )


class _RedactSignatures(logging.Filter):
    """httpx logs every request URL at INFO level; signed URLs carry the signature. This filter,
    installed once on the "httpx" logger, rewrites such records before any handler sees them.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(
            "signature=" in str(a) for a in record.args
        ):
            record.args = tuple(
                redact(str(a)) if "signature=" in str(a) else a for a in record.args
            )
        if isinstance(record.msg, str) and "signature=" in record.msg:
            record.msg = redact(record.msg)
        return True


def _install_log_redaction() -> None:
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactSignatures) for f in httpx_logger.filters):
        httpx_logger.addFilter(_RedactSignatures())


class Request:
    """A request to send: `base` (the absolute URL without query) and `query`. Its repr leaves out
    the query. For a signed call the query (with its timestamp and signature) is made when `query`
    or `url` is first read, so a client that queues requests (connection pool, concurrency cap)
    reads it just before sending and never sends a stale timestamp."""

    __slots__ = ("method", "base", "_query", "_finish", "headers", "weight")

    def __init__(
        self,
        method: str,
        base: str,
        headers: dict[str, str],
        weight: dict[str, int],
        query: str = "",
        finish: Callable[[], str] | None = None,
    ) -> None:
        self.method = method
        self.base = base
        self._query = query
        self._finish = finish
        self.headers = headers
        self.weight = weight

    @property
    def query(self) -> str:
        """The query as sent, byte for byte (signed on first read); "" for none."""
        if self._finish is not None:
            self._query, self._finish = self._finish(), None
        return self._query

    @property
    def url(self) -> str:
        """The full URL as sent (signed on first read)."""
        query = self.query
        return self.base + "?" + query if query else self.base

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.base}>"


class Unanswered:
    """What the send step hands back when no response came (connection, timeout, TLS)."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


Step = Union[Request, float]
Reply = Union["httpx.Response", Unanswered, None]


class ResponseLog:
    """The raw httpx responses of the calls made inside `with client.responses() as log:`."""

    __slots__ = ("all",)

    def __init__(self) -> None:
        self.all: list[httpx.Response] = []

    @property
    def last(self) -> httpx.Response:
        if not self.all:
            raise LookupError("no response was received inside this block")
        return self.all[-1]


_response_logs: contextvars.ContextVar[tuple[ResponseLog, ...]] = (
    contextvars.ContextVar("binance_api_response_logs", default=())
)


def _base_urls(
    base_url: str | Mapping[str, str] | None, testnet: bool, allow_http: bool
) -> dict[str, str]:
    urls = dict(TESTNET_URLS if testnet else BASE_URLS)
    if isinstance(base_url, str):
        urls = {prefix: base_url for prefix in BASE_URLS}
    elif base_url is not None:
        urls.update(base_url)
    for prefix, url in urls.items():
        scheme = urlsplit(url).scheme
        if scheme != "https" and not (allow_http and scheme == "http"):
            raise ConfigurationError(
                f"base URL for /{prefix} must use https:// (allow_http=True permits http:// for local testing): {url}"
            )
        urls[prefix] = url.rstrip("/")
    return urls


def _make_signer(
    api_secret: str | None,
    private_key: str | bytes | PathLike[str] | None,
    passphrase: str | bytes | None,
) -> Signer | None:
    if private_key is not None and api_secret is not None:
        raise ConfigurationError(
            "pass either api_secret (HMAC) or private_key (RSA/Ed25519), not both"
        )
    if private_key is not None:
        return PrivateKeySigner(private_key, passphrase)
    if api_secret is not None:
        return HmacSigner(api_secret)
    return None


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None  # an HTTP date: Binance sends seconds
    return seconds if seconds >= 0 else None


def raw_operation(
    method: str, path: str, params: Mapping[str, Any], signed: bool, weight: int
) -> Operation[Any]:
    """An Operation for `client.request(...)`: the given wire-named parameters, each declared with the
    kind its value is sent as (bool, int, str, Decimal or float; a list or tuple of those comma-joined;
    a dict as JSON) and nothing else checked."""
    method = method.upper()
    if method not in ("GET", "POST", "PUT", "DELETE"):
        raise ConfigurationError(
            f"request: method must be GET, POST, PUT or DELETE, got {method!r}"
        )
    if (
        not path.startswith("/")
        or any(c in path for c in "?# ")
        or "/../" in path + "/"
        or "/./" in path + "/"
    ):
        raise ConfigurationError(
            f"request: path must be an absolute API path without query, got {path!r}"
        )
    declared = []
    for name, value in params.items():
        if name in ("timestamp", "signature"):
            raise ConfigurationError(
                f"request: {name} is added by the client when it signs"
            )
        first = value[0] if isinstance(value, (list, tuple)) and value else value
        kind = (
            BOOLEAN
            if isinstance(first, bool)
            else (
                LONG
                if isinstance(first, int)
                else (
                    JSON
                    if isinstance(first, (dict, list))
                    else STRING if isinstance(first, str) else DECIMAL
                )
            )
        )
        style = "comma" if isinstance(value, (list, tuple)) and kind != JSON else None
        declared.append(Param(name, name, kind, list_style=style))
    return Operation(
        f"request {method} {path}",
        method,
        path,
        signed=signed,
        params=tuple(declared),
        weights=(Weight("IP", weight),) if weight else (),
    )


class CoreClient:
    """Configuration and every part of a call that does no I/O."""

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        private_key: str | bytes | PathLike[str] | None = None,
        private_key_passphrase: str | bytes | None = None,
        base_url: str | Mapping[str, str] | None = None,
        testnet: bool = False,
        recv_window: int | None = None,
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
        allow_http: bool = False,
    ) -> None:
        self.api_key = api_key
        self._signer = _make_signer(api_secret, private_key, private_key_passphrase)
        self.testnet = testnet
        self._base_urls = _base_urls(base_url, testnet, allow_http)
        if recv_window is not None and (
            isinstance(recv_window, bool) or not 0 < recv_window <= MAX_RECV_WINDOW
        ):
            raise ConfigurationError(
                f"recv_window must be 1..{MAX_RECV_WINDOW} ms, got {recv_window!r}"
            )
        self.recv_window = recv_window
        self.limiter = limiter
        self.retry = retry
        self.clock = ServerClock()
        self.rate_limits = RateLimitUsage()
        self._urls: dict[tuple[str | None, str], str] = {}
        self._headers: dict[str, str] = {"X-MBX-APIKEY": api_key} if api_key else {}
        _install_log_redaction()

    def __repr__(self) -> str:
        key = f"{self.api_key[:4]}…" if self.api_key else "none"
        auth = self._signer.algorithm if self._signer else "none"
        return f"<{type(self).__name__} api_key={key} signing={auth} testnet={self.testnet}>"

    # ------------------------------------------------------------------ building

    def url_for(self, path: str, host: str | None = None) -> str:
        """The absolute URL of a path (no query), from the base URL of `host` (a key of BASE_URLS)
        or else of the path's first segment."""
        url = self._urls.get((host, path))
        if url is None:
            prefix = host or path.lstrip("/").split("/", 1)[0]
            base = self._base_urls.get(prefix)
            if base is None:
                where = "the testnet" if self.testnet else "this client"
                raise ConfigurationError(
                    f"{where} has no base URL for /{prefix}; pass base_url={{'{prefix}': ...}}"
                )
            url = self._urls[(host, path)] = base + path
        return url

    def _signed_query(self, pairs: list[tuple[str, str]]) -> str:
        """The query with a fresh timestamp, then `signature` over exactly the bytes before it."""
        signer = self._signer
        assert signer is not None
        query = encode_query(pairs)
        query += ("&timestamp=" if query else "timestamp=") + str(self.clock.now_ms())
        signature = signer.sign(query.encode())
        return (
            query
            + "&signature="
            + (signature if signer.algorithm == "HMAC" else quote(signature, safe=""))
        )

    def build(self, op: Operation[Any], args: Mapping[str, Any]) -> Request:
        """Check the arguments, then build and sign the request as it would be sent now."""
        pairs, present = check_and_encode(op, args)
        pairs = self._with_recv_window(op, pairs, present)
        return self._request(
            op, self.url_for(op.path, op.host), pairs, op.weight_of(present)
        )

    def _with_recv_window(
        self,
        op: Operation[Any],
        pairs: list[tuple[str, str]],
        present: Mapping[str, Any],
    ) -> list[tuple[str, str]]:
        if op.signed:
            if self._signer is None:
                raise ValidationError(
                    op.name,
                    None,
                    "signed",
                    "this endpoint is signed: pass api_secret or private_key",
                )
            if self.recv_window is not None and "recvWindow" not in present:
                return [*pairs, ("recvWindow", str(self.recv_window))]
        return pairs

    def _request(
        self,
        op: Operation[Any],
        url: str,
        pairs: list[tuple[str, str]],
        weight: dict[str, int],
    ) -> Request:
        if op.signed:
            return Request(
                op.method,
                url,
                self._headers,
                weight,
                finish=partial(self._signed_query, pairs),
            )
        return Request(op.method, url, self._headers, weight, encode_query(pairs))

    # ------------------------------------------------------------------ the plan of one call

    def _exchange(
        self, op: Operation[Any], args: Mapping[str, Any]
    ) -> Generator[Step, Reply, Any]:
        """Run one call: yields Requests to send and floats to sleep; returns the decoded body."""
        pairs, present = check_and_encode(op, args)
        if op.signed:
            pairs = self._with_recv_window(op, pairs, present)
        url = self._urls.get((op.host, op.path)) or self.url_for(op.path, op.host)
        weight = op.weight_of(present)
        tries = 0
        resynced = False
        while True:
            limiter = self.limiter
            if limiter is not None:
                # (caps passed only when the endpoint has any: a limiter subclass may take weights alone)
                caps = op.caps()
                while True:
                    wait = (
                        limiter.try_acquire(weight, caps)
                        if caps
                        else limiter.try_acquire(weight)
                    )
                    if wait <= 0:
                        break
                    yield wait
            clock_generation = self.clock.generation
            # signed when sent: a fresh timestamp each try
            request = self._request(op, url, pairs, weight)
            reply = yield request
            tries += 1
            if isinstance(reply, Unanswered):
                delay = self.retry.delay(op.method, tries, None) if self.retry else None
                if delay is None:
                    raise TransportError(f"{op.method} {op.path}: {reply.reason}")
                yield delay
                continue
            assert reply is not None
            self._observe(op, reply, weight)
            if 200 <= reply.status_code < 300:
                return _json_body(reply)
            error = self._error(op, reply)
            if error.code == TIMESTAMP_ERROR and op.signed and not resynced:
                # Refused before execution, so sending again (even an order) cannot duplicate it.
                resynced = True
                # nobody resynced meanwhile
                if self.clock.generation == clock_generation:
                    synced = yield from self._sync_time_steps(op.path)
                    if not synced:
                        raise error
                continue
            delay = self.retry.delay(op.method, tries, error) if self.retry else None
            if delay is None:
                raise error
            logger.debug(
                "retrying %s %s in %.3fs after HTTP %s",
                op.method,
                op.path,
                delay,
                error.status,
            )
            yield delay

    def _wait_for_budget(
        self, weight: Mapping[str, int], caps: tuple[tuple[str, int, str], ...] = ()
    ) -> Generator[Step, Reply, None]:
        if self.limiter is None:
            return
        while True:
            # (caps passed only when the endpoint has any: a limiter subclass may take weights alone)
            wait = (
                self.limiter.try_acquire(weight, caps)
                if caps
                else self.limiter.try_acquire(weight)
            )
            if wait <= 0:
                return
            yield wait

    def _sync_time_steps(self, path: str) -> Generator[Step, Reply, bool]:
        """Ask the product's server-time endpoint and set the clock offset; False if that failed."""
        time_path = time_path_for(path)
        time_op: Operation[Any] = Operation("server_time", "GET", time_path, weights=())
        yield from self._wait_for_budget({"IP": 1})
        sent = self.clock.local_ms()
        reply = yield Request("GET", self.url_for(time_path), self._headers, {"IP": 1})
        received = self.clock.local_ms()
        if isinstance(reply, Unanswered) or reply is None:
            logger.debug(
                "time sync with %s failed: %s", time_path, reply and reply.reason
            )
            return False
        self._observe(time_op, reply, {"IP": 1})
        body = _json_body(reply) if reply.status_code == 200 else None
        server_ms = body.get("serverTime") if isinstance(body, dict) else None
        if not isinstance(server_ms, int):
            logger.debug(
                "time sync with %s failed: HTTP %s", time_path, reply.status_code
            )
            return False
        self.clock.update(server_ms, sent, received)
        logger.debug("clock offset %d ms from %s", self.clock.offset_ms, time_path)
        return True

    # ------------------------------------------------------------------ answers

    def _observe(
        self, op: Operation[Any], response: httpx.Response, weight: Mapping[str, int]
    ) -> None:
        """Everything learnt from any response: usage headers, captured responses, a debug line."""
        self.rate_limits.observe_raw(response.url.host, response.headers.raw)
        for log in _response_logs.get():
            log.all.append(response)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s weight=%s -> %s",
                op.method,
                op.path,
                dict(weight),
                response.status_code,
            )

    def _error(self, op: Operation[Any], response: httpx.Response) -> APIError:
        """The exception for a non-2xx answer (not raised here)."""
        status = response.status_code
        body = _json_body(response)
        code = body.get("code") if isinstance(body, dict) else None
        code = code if isinstance(code, int) else None
        msg = str(body.get("msg", "")) if isinstance(body, dict) else str(body)[:500]
        endpoint = f"{op.method} {op.path}"
        headers = dict(response.headers)
        if status in (418, 429):
            cls = IPBannedError if status == 418 else RateLimitError
            return cls(
                status,
                code,
                msg,
                endpoint,
                headers,
                body,
                retry_after=_retry_after(response.headers.get("retry-after")),
            )
        if status >= 500:
            return ServerError(status, code, msg, endpoint, headers, body)
        return APIError(status, code, msg, endpoint, headers, body)

    # ------------------------------------------------------------------ raw responses

    @contextlib.contextmanager
    def responses(self) -> Iterator[ResponseLog]:
        """Collect the raw httpx responses (status, headers) of the calls made inside the block.

            with client.responses() as log:
                data = client.some_call(...)
            log.last.headers["x-mbx-used-weight-1m"]

        Bound to the current thread or asyncio task (a context variable), so concurrent calls
        elsewhere never show up in the log; tasks started inside the block are included.
        """
        log = ResponseLog()
        token = _response_logs.set((*_response_logs.get(), log))
        try:
            yield log
        finally:
            _response_logs.reset(token)


_decoder = json.JSONDecoder()
_decode_json = _decoder.decode  # json.loads without its argument checks
# the scanner decode() runs (the same one JSONDecoder makes), called from the first character
_scan_json = make_scanner(_decoder)  # type: ignore[arg-type]


def _json_body(response: httpx.Response) -> Any:
    content = response.content
    if not content:
        return None
    try:
        # JSON is UTF-8 (RFC 8259): decoding first skips json.loads' encoding detection
        text = content.decode()
        try:
            # the usual body, one value from the first character to the last, scanned as
            # decode() scans it without its whitespace matches and wrappers
            value, end = _scan_json(text, 0)
        except StopIteration:  # leading whitespace (or no JSON): decode() says which
            end = -1
        return value if end == len(text) else _decode_json(text)
    except ValueError:  # UnicodeDecodeError included
        return response.text[:500]
