"""How Client and AsyncClient send a built request: the only place sync and async differ."""

from __future__ import annotations

from typing import Any, Mapping, TypeVar

import httpx

from ._core import CoreClient
from ._errors import TransportError
from ._runtime import Operation

R = TypeVar("R")


class SyncClient(CoreClient):
    """Blocking client over httpx.Client."""

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        timeout: float = 10.0,
        **options: Any,
    ) -> None:
        super().__init__(api_key, api_secret, **options)
        self._http = http_client or httpx.Client(transport=transport, timeout=timeout)

    def _call(self, op: Operation[R], args: Mapping[str, Any]) -> R:
        request = self.build(op, args)
        try:
            response = self._http.request(request.method, request.url, headers=request.headers)
        except httpx.HTTPError as exc:
            raise TransportError(f"{op.method} {op.path}: {type(exc).__name__}: {exc}") from None
        result: R = self.decode(op, response)
        return result

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "SyncClient":
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
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float = 10.0,
        **options: Any,
    ) -> None:
        super().__init__(api_key, api_secret, **options)
        self._http = http_client or httpx.AsyncClient(transport=transport, timeout=timeout)

    async def _call(self, op: Operation[R], args: Mapping[str, Any]) -> R:
        request = self.build(op, args)
        try:
            response = await self._http.request(request.method, request.url, headers=request.headers)
        except httpx.HTTPError as exc:
            raise TransportError(f"{op.method} {op.path}: {type(exc).__name__}: {exc}") from None
        result: R = self.decode(op, response)
        return result

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> "AsyncClientBase":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
