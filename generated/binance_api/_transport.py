"""How Client and AsyncClient run a call's plan (see _core): the only place sync and async differ.

Each class has the typed constructor, the send step, the sleep step and closing."""

from __future__ import annotations

import asyncio
import time
from os import PathLike
from typing import Any, Generator, Mapping, TypeVar

import httpx

from ._core import CoreClient, Reply, Request, Step, Unanswered, redact
from ._errors import ConfigurationError
from ._limits import RateLimiter
from ._retry import RetryPolicy
from ._runtime import Operation

R = TypeVar("R")
T = TypeVar("T")

DEFAULT_TIMEOUT = 10.0
POOL_SIZE = 100  # connections of the httpx pool a client creates (httpx's default)
MAX_IN_FLIGHT_SHARED = 1000  # concurrent sends through a pool passed as http_client=


def _unanswered(exc: httpx.HTTPError) -> Unanswered:
    return Unanswered(f"{type(exc).__name__}: {redact(str(exc)) or 'no detail'}")


def _check_http_options(http_client: object, transport: object, proxy: object) -> None:
    if http_client is not None and (transport is not None or proxy is not None):
        raise ConfigurationError("pass transport= or proxy= or http_client=, not several: configure your own client")


class SyncClient(CoreClient):
    """Blocking client over httpx.Client."""

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        private_key: str | bytes | PathLike[str] | None = None,
        private_key_passphrase: str | bytes | None = None,
        base_url: str | Mapping[str, str] | None = None,
        testnet: bool = False,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        proxy: str | httpx.Proxy | None = None,
        recv_window: int | None = None,
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
        allow_http: bool = False,
    ) -> None:
        super().__init__(
            api_key,
            api_secret,
            private_key=private_key,
            private_key_passphrase=private_key_passphrase,
            base_url=base_url,
            testnet=testnet,
            recv_window=recv_window,
            limiter=limiter,
            retry=retry,
            allow_http=allow_http,
        )
        _check_http_options(http_client, transport, proxy)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(transport=transport, timeout=timeout, proxy=proxy)

    def _call(self, op: Operation[R], args: Mapping[str, Any]) -> R:
        result: R = self._run(self._exchange(op, args))
        return result

    def sync_time(self, path: str = "/api/v3/time") -> int:
        """Measure the offset to Binance's clock now (normally done on the first -1021 error);
        `path` picks the product ("/fapi/v1/time"...). Returns the offset in ms."""
        if not self._run(self._sync_time_steps(path)):
            raise ConfigurationError(f"could not read the server time from {path}")
        return self.clock.offset_ms

    def _run(self, plan: Generator[Step, Reply, T]) -> T:
        step = next(plan)
        while True:
            if isinstance(step, Request):
                reply: Reply = self._send(step)
            else:
                time.sleep(step)
                reply = None
            try:
                step = plan.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]

    def _send(self, request: Request) -> httpx.Response | Unanswered:
        try:
            return self._http.request(request.method, request.url, headers=request.headers)
        except httpx.HTTPError as exc:  # turned into TransportError by the plan, with no chain
            return _unanswered(exc)

    def close(self) -> None:
        """Close the connection pool (not a pool passed as http_client=)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClientBase(CoreClient):
    """Asyncio client over httpx.AsyncClient."""

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        private_key: str | bytes | PathLike[str] | None = None,
        private_key_passphrase: str | bytes | None = None,
        base_url: str | Mapping[str, str] | None = None,
        testnet: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        proxy: str | httpx.Proxy | None = None,
        recv_window: int | None = None,
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
        allow_http: bool = False,
    ) -> None:
        super().__init__(
            api_key,
            api_secret,
            private_key=private_key,
            private_key_passphrase=private_key_passphrase,
            base_url=base_url,
            testnet=testnet,
            recv_window=recv_window,
            limiter=limiter,
            retry=retry,
            allow_http=allow_http,
        )
        _check_http_options(http_client, transport, proxy)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(
            transport=transport, timeout=timeout, proxy=proxy, limits=httpx.Limits(max_connections=POOL_SIZE)
        )
        # Calls beyond the pool size wait here (O(1) per call) rather than in the connection pool's
        # queue, which slows down sharply with thousands of waiters and times them out.
        self._in_flight: asyncio.Semaphore | None = None

    async def _call(self, op: Operation[R], args: Mapping[str, Any]) -> R:
        result: R = await self._run(self._exchange(op, args))
        return result

    async def sync_time(self, path: str = "/api/v3/time") -> int:
        """Measure the offset to Binance's clock now; see Client.sync_time."""
        if not await self._run(self._sync_time_steps(path)):
            raise ConfigurationError(f"could not read the server time from {path}")
        return self.clock.offset_ms

    async def _run(self, plan: Generator[Step, Reply, T]) -> T:
        step = next(plan)
        while True:
            if isinstance(step, Request):
                reply: Reply = await self._send(step)
            else:
                await asyncio.sleep(step)
                reply = None
            try:
                step = plan.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]

    async def _send(self, request: Request) -> httpx.Response | Unanswered:
        if self._in_flight is None:
            self._in_flight = asyncio.Semaphore(POOL_SIZE if self._owns_http else MAX_IN_FLIGHT_SHARED)
        async with self._in_flight:  # request.url (the signature) is made once a slot is free
            try:
                return await self._http.request(request.method, request.url, headers=request.headers)
            except httpx.HTTPError as exc:
                return _unanswered(exc)

    async def aclose(self) -> None:
        """Close the connection pool (not a pool passed as http_client=)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
