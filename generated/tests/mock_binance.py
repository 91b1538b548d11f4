"""Helpers for the generated tests: a recording mock transport and an independent signature check."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any
from urllib.parse import parse_qsl

import httpx

API_KEY = "test-api-key"
API_SECRET = "test-api-secret"


class Recorder:
    """An httpx transport handler that records requests and answers with a fixed JSON body."""

    def __init__(self, body: Any = None, status: int = 200) -> None:
        self.body = {} if body is None else body
        self.status = status
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, content=json.dumps(self.body).encode())

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "no request was sent"
        return self.requests[-1]


def wire_pairs(request: httpx.Request) -> list[tuple[str, str]]:
    """The (name, value) pairs a request sent in its query string, in order."""
    return parse_qsl(request.url.query.decode(), keep_blank_values=True)


def check_signature(request: httpx.Request, secret: str = API_SECRET) -> None:
    """The signature is the last parameter and is HMAC-SHA256 of exactly the bytes before it."""
    query = request.url.query.decode()
    payload, sep, signature = query.rpartition("&signature=")
    assert sep, f"no signature in {query!r}"
    assert "signature=" not in payload
    expected = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
    assert signature == expected
    assert request.headers["X-MBX-APIKEY"] == API_KEY


def client(recorder: Recorder, cls: Any = None) -> Any:
    """A client of the given class (Client by default) that sends to the recorder."""
    from binance_api import Client

    cls = cls or Client
    transport = httpx.MockTransport(recorder)
    return cls(api_key=API_KEY, api_secret=API_SECRET, transport=transport)


class Scripted:
    """An httpx transport handler that answers from a script, one (status, body, headers) per
    request, repeating the last entry; records every request. A callable entry is called with the
    request and returns an httpx.Response (or raises, to imitate a transport failure).
    """

    def __init__(self, *answers: Any) -> None:
        assert answers, "give at least one answer"
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if callable(answer):
            result: httpx.Response = answer(request)
            return result
        status, body, *rest = answer
        headers = rest[0] if rest else {}
        return httpx.Response(
            status, content=json.dumps(body).encode(), headers=headers
        )

    @property
    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


def query_value(request: httpx.Request, name: str) -> str | None:
    """The (decoded) value of one query parameter, or None."""
    values = [v for k, v in wire_pairs(request) if k == name]
    assert len(values) <= 1, f"{name} sent {len(values)} times"
    return values[0] if values else None


def run_call(client: Any, op: Any, args: dict[str, Any] | None = None) -> Any:
    """Make one call with either client class (awaiting it for AsyncClient)."""
    import asyncio
    import inspect

    result = client._call(op, dict(args or {}))
    if inspect.isawaitable(result):

        async def wait() -> Any:
            return await result

        return asyncio.run(wait())
    return result


def make_client(handler: Any, cls: Any = None, **options: Any) -> Any:
    """A client of the given class whose transport is the handler (sync or async as needed)."""
    from binance_api import Client

    cls = cls or Client
    options.setdefault("api_key", API_KEY)
    if "private_key" not in options:
        options.setdefault("api_secret", API_SECRET)
    return cls(transport=httpx.MockTransport(handler), **options)
