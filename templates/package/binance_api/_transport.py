"""How Client and AsyncClient run a call's plan (see _core): the only place sync and async differ.

Each class has the typed constructor, the send step, the sleep step and closing.

Sending. With the connection pool a client makes itself (`transport=`, `proxy=`, `timeout=`), a call
skips what `httpx.Client.request` does per request that a Binance call never needs: parsing and
merging the URL (the URL of each path is parsed once and copied with the query), the cookie jar,
auth and redirect handling. The request goes straight to the transport httpx itself would pick for
that URL (its default pool, a `proxy=` pool, or a pool for the *_PROXY environment variables), chosen
once per base URL, with the same headers and timeout httpx would send. A pool passed as
`http_client=` is always used through its public API (`http_client.request`), so its event hooks,
auth, cookies, default headers and mounts all apply; so is any pool if this httpx version no longer
has the two private names the direct path uses (see `_pick_transport` and `_copy_with_query`).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from datetime import timedelta
from functools import cached_property
from time import perf_counter
from os import PathLike
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Concatenate,
    Coroutine,
    Generator,
    Mapping,
    ParamSpec,
    TypeVar,
)
from typing import Union, cast

import httpx

from ._core import CoreClient, Reply, Request, Step, Unanswered, raw_operation, redact
from ._errors import ConfigurationError
from ._limits import RateLimiter
from ._retry import RetryPolicy
from ._runtime import Operation, Operations

# imported when an AsyncClient first needs it: a sync-only program never loads asyncio
if TYPE_CHECKING:
    import asyncio

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

DEFAULT_TIMEOUT = 10.0
POOL_SIZE = 100  # connections of the httpx pool a client creates (httpx's default)
MAX_IN_FLIGHT_SHARED = 1000  # concurrent sends through a pool passed as http_client=

_httpx_log = logging.getLogger("httpx")
# stateless: one instance serves every request without a body
_EMPTY_BODY = httpx.ByteStream(b"")
_URL, _Request, _Headers = httpx.URL, httpx.Request, httpx.Headers
_new_url, _new_request, _new_headers = _URL.__new__, _Request.__new__, _Headers.__new__
_new_tuple = tuple.__new__
_CLOSED = "Cannot send a request, as the client has been closed."


def _unanswered(exc: httpx.HTTPError) -> Unanswered:
    return Unanswered(f"{type(exc).__name__}: {redact(str(exc)) or 'no detail'}")


def _check_http_options(http_client: object, transport: object, proxy: object) -> None:
    if http_client is not None and (transport is not None or proxy is not None):
        raise ConfigurationError(
            "pass transport= or proxy= or http_client=, not several: configure your own client"
        )


AnyTransport = Union[httpx.BaseTransport, httpx.AsyncBaseTransport]


def _pick_transport(
    http: httpx.Client | httpx.AsyncClient, url: httpx.URL
) -> AnyTransport | None:
    """The transport `http` sends `url` through (a mount such as a proxy, else its pool), or None if
    this httpx version does not say: the caller then sends through `http.request`. httpx has no
    public API for this; `Client._transport_for_url` (httpx 0.27 and 0.28) is one of the two private
    names the direct path relies on (the other: see _copy_with_query)."""
    pick = getattr(http, "_transport_for_url", None)
    if not callable(pick):
        return None
    try:
        transport = pick(url)
    except Exception:
        return None
    return (
        transport
        if isinstance(transport, (httpx.BaseTransport, httpx.AsyncBaseTransport))
        else None
    )


def _copy_with_query(base: httpx.URL, query: str) -> httpx.URL:
    """`base` with this query, without parsing anything (httpx.URL.copy_with parses the whole URL
    again: ~20 µs): the query is already in the form httpx keeps (unreserved characters, %XX, '+',
    '&', '='). Relies on URL._uri_reference being a named tuple, which _query_copy_works checks once
    per route against a parse; if it does not hold, the route sends through `http.request`.
    """
    url = httpx.URL.__new__(httpx.URL)
    url._uri_reference = base._uri_reference._replace(query=query)
    return url


def _query_copy_works(base: httpx.URL) -> bool:
    sample = "a=1&b=x%2By+z&signature=0f"
    try:
        return _copy_with_query(base, sample) == httpx.URL(str(base) + "?" + sample)
    except Exception:
        return False


class _Route:
    """What is fixed for one method and base URL of a pool the client made: the parsed URL, the
    transport httpx would use for it, the headers it would send (its defaults, Host, the API key,
    Content-Length for a POST/PUT without body) and its timeout. `transport` None: send through
    `http.request` instead."""

    __slots__ = ("url", "transport", "headers", "extensions", "_parts", "_direct")

    def __init__(
        self,
        http: httpx.Client | httpx.AsyncClient,
        method: str,
        base: str,
        headers: Mapping[str, str],
    ) -> None:
        self.url = httpx.URL(base)
        transport = _pick_transport(http, self.url)
        self.transport = (
            transport if transport is not None and _query_copy_works(self.url) else None
        )
        # httpx.Request(method, url, headers=...) adds Host (and Content-Length: 0 for a body-less
        # POST/PUT/PATCH) before the merged headers; built once here the same way.
        model = http.build_request(method, self.url, headers=headers)
        self.headers = model.headers
        self.extensions = model.extensions  # {"timeout": ...} from the pool's timeout
        self._parts: tuple[Any, ...] = ()
        self._direct = False
        if self.transport is not None:
            # the parsed URL's named tuple (see _copy_with_query) split around its query
            reference = self.url._uri_reference
            at = reference._fields.index("query")
            self._parts = (
                type(reference),
                tuple(reference[:at]),
                tuple(reference[at + 1 :]),
            )
            self._direct = _same_request(
                self._make(method, "a=1&b=%2B"), self.request(method, "a=1&b=%2B")
            )

    def request(self, method: str, query: str) -> httpx.Request:
        if self._direct:
            return self._make(method, query)
        url = _copy_with_query(self.url, query) if query else self.url
        # as httpx.Client.build_request makes it: no body, read at once (content b"")
        return httpx.Request(
            method, url, headers=self.headers, extensions=self.extensions
        )

    def _make(self, method: str, query: str) -> httpx.Request:
        """What `request` makes, without the constructors of httpx.Request, httpx.URL and
        httpx.Headers (~3 µs of a call): a request is its documented attributes (method, url,
        headers, extensions, stream) and its read content (b""), the URL its named tuple with this
        query, the headers a copy of the route's list. Used only where `_same_request` found the
        result the same as the constructors' (checked once per route)."""
        url = self.url
        if query:
            cls, head, tail = self._parts
            url = _new_url(_URL)
            url._uri_reference = _new_tuple(cls, (*head, query, *tail))
        headers = _new_headers(_Headers)
        headers._list = self.headers._list.copy()
        headers._encoding = None
        made = _new_request(_Request)
        made.method = method
        made.url = url
        made.headers = headers
        made.extensions = self.extensions.copy()
        made.stream = _EMPTY_BODY
        made._content = b""
        return made


def _same_request(made: httpx.Request, built: httpx.Request) -> bool:
    """Whether a request made by _Route._make has exactly the attributes, and values, of one the
    constructor built (this httpx version's Request holds nothing more)."""
    try:
        mine, theirs = vars(made), vars(built)
        headers_same = vars(made.headers) == vars(built.headers)
        stream_same = type(made.stream) is type(built.stream) and vars(
            made.stream
        ) == vars(built.stream)
    except TypeError:
        return False
    return (
        mine.keys() == theirs.keys()
        and made.url == built.url
        and str(made.url) == str(built.url)
        and made.headers.raw == built.headers.raw
        and headers_same
        and stream_same
        and all(mine[k] == theirs[k] for k in ("method", "extensions", "_content"))
    )


def _sent_as_is(response: httpx.Response) -> bool:
    """Whether the body of an unread response is its stream's bytes as they are (no Content-Encoding).
    The names are read from the headers' list of (name, lower-case name, value), which
    _plain_read_works checks against `headers.raw`."""
    if hasattr(response, "_content"):
        return False
    for _, name, _ in response.headers._list:
        if name == b"content-encoding":
            return False
    return True


def _consumed(response: httpx.Response, body: bytes) -> None:
    """Leave a response whose stream gave `body` in the state Response.read() leaves it."""
    response._content = body
    response.is_stream_consumed = True
    response._num_bytes_downloaded = len(body)
    response.is_closed = True


def _read(response: httpx.Response) -> None:
    """response.read(): for a body sent as it is, the stream's bytes joined, without the decoder,
    chunker and context managers Response.read() goes through for any body (~75k instructions, a
    third of a mocked call), where _plain_read_works found the result the same (checked once).
    """
    stream = response.stream
    if (
        _PLAIN_READ[0]
        and isinstance(stream, httpx.SyncByteStream)
        and _sent_as_is(response)
    ):
        body = b"".join(stream)
        _consumed(response, body)
        stream.close()  # gives the connection back to the pool
    else:
        response.read()


async def _aread(response: httpx.Response) -> None:
    """await response.aread(), the same way as _read."""
    stream = response.stream
    if (
        _PLAIN_READ[0]
        and isinstance(stream, httpx.AsyncByteStream)
        and _sent_as_is(response)
    ):
        body = b"".join([chunk async for chunk in stream])
        _consumed(response, body)
        await stream.aclose()
    else:
        await response.aread()


def _plain_read_works() -> bool:
    """Whether _read leaves a response as Response.read() does in this httpx version: the same
    attributes with the same values (but `_decoder`, a cache of the decoder read() used, never read
    again once the content is there)."""

    def sample() -> httpx.Response:
        headers = [(b"Content-Type", b"application/json"), (b"Content-Length", b"7")]
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(b'{"a":1}'))

    try:
        theirs, mine = sample(), sample()
        theirs.read()
        body = b"".join(mine.stream)  # type: ignore[arg-type]
        _consumed(mine, body)
        a, b = vars(theirs), vars(mine)
        listed = [(k, lower, v) for k, lower, v in mine.headers._list]
    except Exception:
        return False
    a.pop("_decoder", None)
    return (
        listed == [(k, k.lower(), v) for k, v in mine.headers.raw]
        and a.keys() == b.keys()
        and all(a[k] == b[k] for k in a if k != "stream")
        and type(a["stream"]) is type(b["stream"])
    )


_PLAIN_READ = [_plain_read_works()]


def _log_sent(request: httpx.Request, response: httpx.Response) -> None:
    """The line httpx logs for every request (INFO on the "httpx" logger), signature redacted; the
    caller asks whether INFO is enabled, so a call with logging off formats nothing."""
    _httpx_log.info(
        'HTTP Request: %s %s "%s %d %s"',
        request.method,
        redact(str(request.url)),
        response.http_version,
        response.status_code,
        response.reason_phrase,
    )


class _Sender:
    """The part of sending common to both clients: the pool, whether it is ours, the routes."""

    _owns_http: bool
    _closed: bool
    _pool_lock: threading.Lock
    _pool_options: tuple[Any, Any, Any]
    _headers: dict[str, str]
    _routes: dict[tuple[str, str], _Route]

    if TYPE_CHECKING:

        @property
        def _http(self) -> httpx.Client | httpx.AsyncClient: ...

    def _set_up_pool(
        self,
        http_client: httpx.Client | httpx.AsyncClient | None,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None,
        timeout: float | httpx.Timeout,
        proxy: str | httpx.Proxy | None,
    ) -> None:
        """Take the pool passed as http_client=, or keep the options to make one on first use
        (`_http`), checked now as httpx would check them: a bad timeout or proxy fails here.
        """
        _check_http_options(http_client, transport, proxy)
        self._owns_http = http_client is None
        self._closed = False
        self._pool_lock = threading.Lock()
        self._routes = {}
        if http_client is not None:
            vars(self)["_http"] = http_client
        else:
            self._pool_options = (transport, httpx.Timeout(timeout), proxy)
            if proxy is not None:
                self._http  # made now: httpx checks a proxy (and its package) as it makes it

    def _route(self, request: Request) -> _Route | None:
        """The route of a request's method and base URL, made on its first call; None for a pool
        passed as http_client=. A route without transport sends through `http.request`.
        """
        route = self._routes.get((request.method, request.base))
        if route is None and self._owns_http:
            route = self._routes[request.method, request.base] = _Route(
                self._http, request.method, request.base, self._headers
            )
        return route


class SyncClient(CoreClient, _Sender):
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
        self._set_up_pool(http_client, transport, timeout, proxy)

    @cached_property
    def _http(self) -> httpx.Client:
        """The connection pool: the one passed as http_client=, else made here on first use
        (httpx.Client() builds an SSL context: ~0.1 s a program that never calls does not spend).
        Made once even when threads make their first calls at the same time.
        """
        with self._pool_lock:
            made: httpx.Client | None = vars(self).get("_http")
            if made is None:
                if self._closed:  # closed before its first call: no pool is made
                    raise RuntimeError(_CLOSED)
                transport, timeout, proxy = self._pool_options
                made = vars(self)["_http"] = httpx.Client(
                    transport=transport, timeout=timeout, proxy=proxy
                )
            return made

    def _call(self, op: Operation[R], args: Mapping[str, Any]) -> R:
        result: R = self._run(self._exchange(op, args))
        return result

    def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        signed: bool = False,
        weight: int = 1,
    ) -> Any:
        """Call an endpoint the generated methods do not cover yet, with the same signing, clock,
        limiter, retries and errors: `client.request("GET", "/api/v3/avgPrice", {"symbol": "BTCUSDT"})`.

        `params` are wire-named (as the docs write them) and sent in order: str, int, bool (true/false),
        Decimal or float (without exponent), a list of those (comma-joined), a dict (as JSON). Nothing
        else is checked. `signed=True` adds timestamp and signature; `weight` (IP) feeds the limiter.
        """
        op = raw_operation(method, path, params or {}, signed, weight)
        return self._call(
            op, {p.name: v for p, v in zip(op.params, (params or {}).values())}
        )

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
        if self._closed:
            raise RuntimeError(_CLOSED)  # what httpx raises for a closed pool
        route = self._route(request)
        try:
            if route is None or route.transport is None:
                return self._http.request(
                    request.method, request.url, headers=request.headers
                )
            transport = route.transport
            assert isinstance(transport, httpx.BaseTransport)
            sent = route.request(request.method, request.query)
            start = perf_counter()
            response = transport.handle_request(sent)
            try:
                _read(response)
            except BaseException:
                response.close()
                raise
            response.request = sent
            response.elapsed = timedelta(0, perf_counter() - start)
            if _httpx_log.isEnabledFor(logging.INFO):
                _log_sent(sent, response)
            return response
        # turned into TransportError by the plan, with no chain
        except httpx.HTTPError as exc:
            return _unanswered(exc)

    def close(self) -> None:
        """Close the connection pool (not a pool passed as http_client=); calls made after it
        raise RuntimeError. A client closed before its first call never makes a pool."""
        if self._owns_http:
            with self._pool_lock:  # not while another thread makes the pool
                self._closed = True
                made: httpx.Client | None = vars(self).get("_http")
            if made is not None:
                made.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClientBase(CoreClient, _Sender):
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
        self._set_up_pool(http_client, transport, timeout, proxy)
        # Calls beyond the pool size wait here (O(1) per call) rather than in the connection pool's
        # queue, which slows down sharply with thousands of waiters and times them out.
        self._in_flight: asyncio.Semaphore | None = None

    @cached_property
    def _http(self) -> httpx.AsyncClient:
        """The connection pool: the one passed as http_client=, else made here on first use (see
        SyncClient._http)."""
        if self._closed:
            raise RuntimeError(_CLOSED)  # closed before its first call: no pool is made
        transport, timeout, proxy = self._pool_options
        return httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            proxy=proxy,
            limits=httpx.Limits(max_connections=POOL_SIZE),
        )

    async def _call(self, op: Operation[R], args: Mapping[str, Any]) -> R:
        result: R = await self._run(self._exchange(op, args))
        return result

    async def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        signed: bool = False,
        weight: int = 1,
    ) -> Any:
        """Call an endpoint the generated methods do not cover yet; see Client.request."""
        op = raw_operation(method, path, params or {}, signed, weight)
        return await self._call(
            op, {p.name: v for p, v in zip(op.params, (params or {}).values())}
        )

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
                import asyncio

                await asyncio.sleep(step)
                reply = None
            try:
                step = plan.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]

    async def _send(self, request: Request) -> httpx.Response | Unanswered:
        if self._in_flight is None:
            import asyncio

            self._in_flight = asyncio.Semaphore(
                POOL_SIZE if self._owns_http else MAX_IN_FLIGHT_SHARED
            )
        if self._closed:
            raise RuntimeError(_CLOSED)  # what httpx raises for a closed pool
        route = self._route(request)
        # request.query (the signature) is made once a slot is free
        async with self._in_flight:
            try:
                if route is None or route.transport is None:
                    return await self._http.request(
                        request.method, request.url, headers=request.headers
                    )
                if self._closed:  # while this call waited for a slot
                    raise RuntimeError(_CLOSED)
                transport = route.transport
                assert isinstance(transport, httpx.AsyncBaseTransport)
                sent = route.request(request.method, request.query)
                start = perf_counter()
                response = await transport.handle_async_request(sent)
                try:
                    await _aread(response)
                except BaseException:
                    await response.aclose()
                    raise
                response.request = sent
                response.elapsed = timedelta(0, perf_counter() - start)
                if _httpx_log.isEnabledFor(logging.INFO):
                    _log_sent(sent, response)
                return response
            except httpx.HTTPError as exc:
                return _unanswered(exc)

    async def aclose(self) -> None:
        """Close the connection pool (not a pool passed as http_client=); calls made after it
        raise RuntimeError. A client closed before its first call never makes a pool."""
        if self._owns_http:
            self._closed = True
            if "_http" in vars(self):
                await self._http.aclose()

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class Namespace:
    """The endpoints of one product on a Client (`client.spot`): each method checks its arguments and
    makes its call through the client. `_ops` (set by each product's class) holds the operations.
    """

    __slots__ = ("_client",)
    _ops: Operations

    def __init__(self, client: SyncClient) -> None:
        self._client = client

    def _call(self, name: str, args: Mapping[str, Any]) -> Any:
        return self._client._call(self._ops[name], args)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class AsyncNamespace(Namespace):
    """The endpoints of one product on an AsyncClient: the same methods, awaited (see `awaited`)."""

    __slots__ = ()
    _client: AsyncClientBase  # type: ignore[assignment]

    def __init__(self, client: AsyncClientBase) -> None:
        self._client = client

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # repr and help() name the async class, not the sync one
        for name, value in vars(cls).items():
            if hasattr(value, "__wrapped__"):
                value.__qualname__ = f"{cls.__qualname__}.{name}"

    async def _call(self, name: str, args: Mapping[str, Any]) -> Any:
        return await self._client._call(self._ops[name], args)


def awaited(
    method: Callable[Concatenate[Any, P], R],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, R]]:
    """The AsyncClient twin of a Client method (`account = awaited(SpotApi.account)`): the same name,
    keyword arguments, docstring and type hints, awaited. Type checkers and IDEs read its arguments
    from the sync method's (a ParamSpec); `inspect.signature`, `help()` and `typing.get_type_hints`
    follow `__wrapped__` to it. A missing required argument is the same TypeError, an argument the
    method does not take the same ValidationError as in the sync method."""
    name = method.__name__
    params: tuple[frozenset[str], tuple[str, ...]] | None = None

    async def call(self: AsyncNamespace, /, **args: Any) -> Any:
        nonlocal params
        if params is None:
            op = self._ops[name]
            params = frozenset(p.name for p in op.params), tuple(
                p.name for p in op.params if p.required
            )
        known, required = params
        missing = [n for n in required if n not in args]
        if missing:
            raise TypeError(
                f"{type(self).__qualname__}.{name}() missing {_count_args(missing)}"
            )
        if not known.issuperset(args):
            unknown = {k: v for k, v in args.items() if k not in known}
            args = {k: v for k, v in args.items() if k in known}
            args["unknown"] = unknown
        return await self._call(name, args)

    functools.update_wrapper(call, method)
    return cast("Callable[Concatenate[Any, P], Coroutine[Any, Any, R]]", call)


def _count_args(missing: list[str]) -> str:
    """Python's own words for missing keyword-only arguments: "2 required keyword-only arguments: 'a' and 'b'"."""
    quoted = [repr(n) for n in missing]
    if len(quoted) == 1:
        names = quoted[0]
    elif len(quoted) == 2:
        names = f"{quoted[0]} and {quoted[1]}"
    else:
        names = ", ".join(quoted[:-1]) + f", and {quoted[-1]}"
    return f"{len(missing)} required keyword-only argument{'s' if len(missing) > 1 else ''}: {names}"
