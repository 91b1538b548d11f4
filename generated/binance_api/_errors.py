"""Exceptions raised by the client. All derive from BinanceError."""

from __future__ import annotations

from typing import Any, Mapping


class BinanceError(Exception):
    """Base class of every error this package raises."""


class ValidationError(BinanceError, ValueError):
    """An argument broke a rule from the spec; nothing was sent."""

    def __init__(self, method: str, param: str | None, rule: str, message: str) -> None:
        self.method = method
        self.param = param
        self.rule = rule
        where = f"{method}({param})" if param else method
        super().__init__(f"{where}: {message} [{rule}]")


class TransportError(BinanceError):
    """The request could not be sent or no answer came back (connection, timeout, TLS)."""


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
        super().__init__(f"HTTP {status} from {endpoint or 'Binance'}: code={code} msg={msg}")


class RateLimitError(APIError):
    """HTTP 429: a request rate limit was broken; back off for `retry_after` seconds."""

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class IPBannedError(RateLimitError):
    """HTTP 418: the IP was banned for continuing after 429s; wait `retry_after` seconds."""


class ServerError(APIError):
    """HTTP 5xx: Binance's side failed; the request's outcome is unknown for orders."""
