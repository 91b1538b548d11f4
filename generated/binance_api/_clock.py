"""Timestamps for signed requests: local time corrected by the offset measured against Binance."""

from __future__ import annotations

import threading
import time
from typing import Callable

# The server-time endpoint used to resynchronise, by the first segment of the failing call's path.
# /sapi and /papi have no time endpoint of their own: the spot one shares the matching engine clock.
TIME_PATHS: dict[str, str] = {
    "api": "/api/v3/time",
    "sapi": "/api/v3/time",
    "papi": "/api/v3/time",
    "fapi": "/fapi/v1/time",
    "dapi": "/dapi/v1/time",
    "eapi": "/eapi/v1/time",
}


def time_path_for(path: str) -> str:
    """The server-time path to ask when a call to `path` is refused for its timestamp."""
    prefix = path.lstrip("/").split("/", 1)[0]
    return TIME_PATHS.get(prefix, TIME_PATHS["api"])


def _epoch_ms() -> int:
    return time.time_ns() // 1_000_000


class ServerClock:
    """Milliseconds since the epoch as Binance counts them: local time plus a measured offset."""

    __slots__ = ("offset_ms", "synced_at", "generation", "_lock", "local_ms")

    def __init__(self, local_ms: Callable[[], int] | None = None) -> None:
        """`local_ms` reads the local clock in ms since the epoch (tests pass a fixed one)."""
        self.local_ms: Callable[[], int] = local_ms or _epoch_ms
        self.offset_ms = 0
        self.synced_at: float | None = None
        # bumped by every update, so concurrent calls resync only once
        self.generation = 0
        self._lock = threading.Lock()

    def now_ms(self) -> int:
        return self.local_ms() + self.offset_ms

    def update(self, server_ms: int, sent_ms: int, received_ms: int) -> None:
        """Set the offset from a server time read between two local readings (midpoint estimate)."""
        with self._lock:
            self.offset_ms = server_ms - (sent_ms + received_ms) // 2
            self.synced_at = time.monotonic()
            self.generation += 1

    def __repr__(self) -> str:
        return f"ServerClock(offset_ms={self.offset_ms})"
