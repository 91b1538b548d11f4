"""The opt-in retry policy. Only GET requests are ever retried: an order sent with POST or cancelled
with DELETE may have been executed even when the answer was an error, so resending is the caller's
decision. (A call Binance refused for its timestamp, -1021, is a separate case: see _core.)
"""

from __future__ import annotations

from ._errors import APIError, RateLimitError, ServerError

RETRIED_METHODS = frozenset({"GET"})


class RetryPolicy:
    """Retry GETs after 429/418 (waiting Retry-After), 5xx and transport errors.

        Client(key, secret, retry=RetryPolicy(attempts=3, max_wait=30))

    attempts: total tries including the first. max_wait: never sleep longer than this for one retry
    (a longer Retry-After, e.g. an IP ban, raises instead). backoff: first wait when the server gave
    no Retry-After; doubled on each further retry."""

    __slots__ = ("attempts", "max_wait", "backoff", "server_errors", "transport_errors")

    def __init__(
        self,
        attempts: int = 3,
        *,
        max_wait: float = 60.0,
        backoff: float = 0.5,
        server_errors: bool = True,
        transport_errors: bool = True,
    ) -> None:
        if attempts < 1:
            raise ValueError("attempts counts the first try too: it must be at least 1")
        self.attempts = attempts
        self.max_wait = max_wait
        self.backoff = backoff
        self.server_errors = server_errors
        self.transport_errors = transport_errors

    def delay(self, method: str, tries: int, error: APIError | None) -> float | None:
        """Seconds to wait before the next try, or None to give up. `tries` is how many were made;
        `error` is None for a transport error."""
        if method not in RETRIED_METHODS or tries >= self.attempts:
            return None
        fallback = self.backoff * 2 ** (tries - 1)
        if error is None:
            wait: float | None = fallback if self.transport_errors else None
        elif isinstance(error, RateLimitError):
            wait = error.retry_after if error.retry_after is not None else fallback
        elif isinstance(error, ServerError):
            wait = fallback if self.server_errors else None
        else:
            wait = None
        if wait is None or wait > self.max_wait:
            return None
        return wait

    def __repr__(self) -> str:
        return f"RetryPolicy(attempts={self.attempts}, max_wait={self.max_wait})"
