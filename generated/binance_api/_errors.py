"""Exceptions raised by the client. All derive from BinanceError.

None of them carries the request URL (which holds the signature) or the raw httpx objects; they keep
the status, Binance's code and message, the endpoint as "METHOD /path" and the response headers.
"""

from __future__ import annotations

from typing import Any, Mapping


class BinanceError(Exception):
    """Base class of every error this package raises."""


class ConfigurationError(BinanceError, ValueError):
    """The client was constructed with options that cannot work (bad URL, missing key package...)."""


class ValidationError(BinanceError, ValueError):
    """An argument broke a rule from the spec; nothing was sent.

    `method` is the client method (`spot.post_order`), `param` the Python argument name and `wire` the
    name Binance knows it by (both None for rules across several parameters), and `rule` the rule's
    kind: required, type, enum, minimum, maximum, allowed, list, max_items, either, one_of,
    not_together, requires, max_span, forbidden, unknown, signed."""

    def __init__(
        self,
        method: str,
        param: str | None,
        rule: str,
        message: str,
        wire: str | None = None,
    ) -> None:
        self.method = method
        self.param = param
        self.wire = wire
        self.rule = rule
        if param is None:
            where = method
        elif wire is None or wire == param:
            where = f"{method}({param})"
        else:
            where = f"{method}({param}, sent as {wire})"
        super().__init__(f"{where}: {message} [{rule}]")


class TransportError(BinanceError):
    """The request could not be sent or no answer came back (connection, timeout, TLS).

    For orders the outcome is unknown: query the order before sending it again."""


class APIError(BinanceError):
    """Binance answered with a non-2xx status."""

    def __init__(
        self,
        status: int,
        code: int | None,
        msg: str,
        endpoint: str = "",
        headers: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> None:
        self.status = status
        self.code = code
        self.msg = msg
        self.endpoint = endpoint
        self.headers: dict[str, str] = dict(headers or {})
        self.body = body
        super().__init__(
            f"HTTP {status} from {endpoint or 'Binance'}: code={code} msg={msg}"
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status}, code={self.code}, endpoint={self.endpoint!r})"


class RateLimitError(APIError):
    """HTTP 429: a request rate limit was broken; back off for `retry_after` seconds."""

    def __init__(
        self,
        status: int,
        code: int | None,
        msg: str,
        endpoint: str = "",
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        *,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(status, code, msg, endpoint, headers, body)
        self.retry_after = retry_after


class IPBannedError(RateLimitError):
    """HTTP 418: the IP was banned for continuing after 429s; wait `retry_after` seconds."""


class ServerError(APIError):
    """HTTP 5xx: Binance's side failed; for orders the outcome is unknown (query before resending)."""
