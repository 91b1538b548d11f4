"""The request core shared by Client and AsyncClient: configuration, building and signing a request,
and turning an answer into data or an exception. The two clients differ only in how they send."""

from __future__ import annotations

import json
import logging
import time
from typing import Any, Mapping, TypeVar
from urllib.parse import quote, urlencode

import httpx

from ._errors import (
    APIError,
    BinanceError,
    IPBannedError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from ._runtime import Operation, prepare
from ._signing import HmacSigner, PrivateKeySigner, Signer

R = TypeVar("R")

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
MAX_RECV_WINDOW = 60000


class Request:
    """A built request: what will be sent, byte for byte."""

    __slots__ = ("method", "url", "headers", "weight")

    def __init__(self, method: str, url: str, headers: dict[str, str], weight: dict[str, int]) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.weight = weight

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.url.split('?')[0]}>"


class CoreClient:
    """Configuration and the parts of a call that do no I/O."""

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        private_key: str | bytes | None = None,
        private_key_passphrase: str | bytes | None = None,
        base_url: str | Mapping[str, str] | None = None,
        recv_window: int | None = None,
        allow_http: bool = False,
    ) -> None:
        self.api_key = api_key
        self._signer: Signer | None = None
        if private_key is not None:
            self._signer = PrivateKeySigner(private_key, private_key_passphrase)
        elif api_secret is not None:
            self._signer = HmacSigner(api_secret)
        self._base_urls = dict(BASE_URLS)
        if isinstance(base_url, str):
            self._base_urls = {prefix: base_url for prefix in BASE_URLS}
        elif base_url is not None:
            self._base_urls.update(base_url)
        for url in self._base_urls.values():
            if not url.startswith("https://") and not (allow_http and url.startswith("http://")):
                raise BinanceError(f"base URL must use https:// (pass allow_http=True for local testing): {url}")
        if recv_window is not None and not 0 < recv_window <= MAX_RECV_WINDOW:
            raise BinanceError(f"recv_window must be between 1 and {MAX_RECV_WINDOW} ms, got {recv_window}")
        self.recv_window = recv_window
        self.time_offset_ms = 0
        self.last_response: httpx.Response | None = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} api_key={'set' if self.api_key else 'none'}>"

    def _timestamp(self) -> int:
        return int(time.time() * 1000) + self.time_offset_ms

    def base_url_for(self, path: str) -> str:
        prefix = path.lstrip("/").split("/", 1)[0]
        try:
            return self._base_urls[prefix]
        except KeyError:
            raise BinanceError(f"no base URL for path prefix /{prefix}; pass base_url=") from None

    def build(self, op: Operation[Any], args: Mapping[str, Any]) -> Request:
        """Check the arguments, then build (and sign) the request. Nothing is sent."""
        pairs = prepare(op, args)
        wire = dict(pairs)
        headers: dict[str, str] = {}
        if self.api_key is not None:
            headers["X-MBX-APIKEY"] = self.api_key
        if op.signed:
            if self._signer is None:
                raise ValidationError(op.name, None, "signed", "this endpoint is signed: pass api_secret or private_key")
            if "recvWindow" not in wire and self.recv_window is not None and "recv_window" in op.by_name:
                pairs.append(("recvWindow", str(self.recv_window)))
            pairs.append(("timestamp", str(self._timestamp())))
            query = urlencode(pairs)
            query += "&signature=" + quote(self._signer.sign(query.encode()), safe="")
        else:
            query = urlencode(pairs)
        url = self.base_url_for(op.path) + op.path + ("?" + query if query else "")
        return Request(op.method, url, headers, op.weight_of(wire))

    def decode(self, op: Operation[Any], response: httpx.Response) -> Any:
        """The response's JSON, or the matching exception for a non-2xx answer."""
        self.last_response = response
        status = response.status_code
        logger.debug("%s %s weight=%s -> %s", op.method, op.path, op.weights and op.weights[0].value, status)
        try:
            body: Any = json.loads(response.content) if response.content else None
        except ValueError:
            body = response.text
        if 200 <= status < 300:
            return body
        code = body.get("code") if isinstance(body, dict) else None
        msg = str(body.get("msg", "")) if isinstance(body, dict) else str(body)[:500]
        endpoint = f"{op.method} {op.path}"
        headers = dict(response.headers)
        if status in (418, 429):
            retry = response.headers.get("Retry-After")
            retry_after = float(retry) if retry and retry.replace(".", "", 1).isdigit() else None
            cls = IPBannedError if status == 418 else RateLimitError
            raise cls(status, code, msg, endpoint, headers, body, retry_after=retry_after)
        if status >= 500:
            raise ServerError(status, code, msg, endpoint, headers, body)
        raise APIError(status, code, msg, endpoint, headers, body)
