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
    from binance_api import AsyncClient, Client

    cls = cls or Client
    transport = httpx.MockTransport(recorder)
    return cls(api_key=API_KEY, api_secret=API_SECRET, transport=transport)
