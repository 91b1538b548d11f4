"""A small Binance imitation on 127.0.0.1 for the integration tests (stdlib http.server in a thread).

It checks what a real server checks - the HMAC signature over the exact query bytes received, the
timestamp against its own clock and recvWindow, the API key header - and counts weight per fixed
minute into X-MBX-USED-WEIGHT-1M. Paths (any method):

    /api/v3/time        {"serverTime": ...} (the server clock may be skewed: `skew_ms`)
    /api/v3/echo        the received parameters; weight 2
    /api/v3/limited     429 with Retry-After: 1 for the first `limited_failures` calls, then echo
    /api/v3/flaky       500 for the first `flaky_failures` calls, then echo
    /api/v3/order       POST: always 429 (to show it is never retried)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

WEIGHTS = {"/api/v3/echo": 2, "/api/v3/time": 1}


class _Server(ThreadingHTTPServer):
    # the default (5) drops bursts of connects into slow SYN retries
    request_queue_size = 1024
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients closing idle keep-alive connections are normal here; anything else is printed."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class LocalBinance:
    """Start with `with LocalBinance(secret, key) as server:`; `server.url` is the base URL."""

    def __init__(self, secret: str, api_key: str, *, skew_ms: int = 0) -> None:
        self.secret = secret.encode()
        self.api_key = api_key
        self.skew_ms = skew_ms
        self.limited_failures = 1
        self.flaky_failures = 1
        self.hits: Counter[str] = Counter()
        self.ids: Counter[str] = Counter()
        # (monotonic time, weight) of every request
        self.arrivals: list[tuple[float, int]] = []
        self.rejections: list[str] = []
        self.lock = threading.Lock()
        self._minute = 0
        self._used = 0
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> "LocalBinance":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def server_ms(self) -> int:
        return int(time.time() * 1000) + self.skew_ms

    # ------------------------------------------------------------------ request handling

    def answer(
        self, method: str, raw_target: str, headers: Any
    ) -> tuple[int, Any, dict[str, str]]:
        path, _, query = raw_target.partition("?")
        path = urlsplit(path).path
        weight = WEIGHTS.get(path, 1)
        with self.lock:
            self.hits[f"{method} {path}"] += 1
            count = self.hits[f"{method} {path}"]
            self.arrivals.append((time.monotonic(), weight))
            minute = int(time.time() // 60)
            if minute != self._minute:
                self._minute, self._used = minute, 0
            self._used += weight
            usage = {"X-MBX-USED-WEIGHT-1M": str(self._used)}
        if path == "/api/v3/time":
            return 200, {"serverTime": self.server_ms()}, usage
        params = dict(parse_qsl(query, keep_blank_values=True))
        if "signature" in params:
            problem = self.check_signed(query, params, headers)
            if problem is not None:
                with self.lock:
                    self.rejections.append(problem[1]["msg"])
                return problem[0], problem[1], usage
        if "id" in params:
            with self.lock:
                self.ids[params["id"]] += 1
        if path == "/api/v3/order" and method == "POST":
            return (
                429,
                {"code": -1003, "msg": "Too many requests"},
                {**usage, "Retry-After": "1"},
            )
        if path == "/api/v3/limited" and count <= self.limited_failures:
            return (
                429,
                {"code": -1003, "msg": "Too many requests"},
                {**usage, "Retry-After": "1"},
            )
        if path == "/api/v3/flaky" and count <= self.flaky_failures:
            return 500, {"code": -1000, "msg": "An unknown error occurred"}, usage
        return 200, {"path": path, "params": params}, usage

    def check_signed(
        self, query: str, params: dict[str, str], headers: Any
    ) -> tuple[int, Any] | None:
        payload, sep, signature = query.rpartition("&signature=")
        expected = hmac.new(self.secret, payload.encode(), hashlib.sha256).hexdigest()
        if not sep or not hmac.compare_digest(signature, expected):
            return 400, {
                "code": -1022,
                "msg": "Signature for this request is not valid.",
            }
        if headers.get("X-MBX-APIKEY") != self.api_key:
            return 401, {
                "code": -2015,
                "msg": "Invalid API-key, IP, or permissions for action.",
            }
        window = int(params.get("recvWindow", "5000"))
        stamp = int(params.get("timestamp", "0"))
        now = self.server_ms()
        if stamp > now + 1000 or now - stamp > window:
            return 400, {
                "code": -1021,
                "msg": "Timestamp for this request is outside of the recvWindow.",
            }
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in separate writes

            def _reply(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                status, body, headers = server.answer(
                    self.command, self.path, self.headers
                )
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PUT = _reply

            # keep test output clean
            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
