"""Rate limits: what Binance reports as used (response headers) and an optional client-side limiter
that holds a call back until it fits the configured budgets. Both are plain, thread-safe objects with
no I/O; the clients do the waiting (time.sleep or asyncio.sleep)."""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable, Iterable, Mapping

# Response headers that report usage, lower case as httpx gives them, e.g. x-mbx-used-weight-1m,
# x-mbx-order-count-10s, x-sapi-used-ip-weight-1m, x-sapi-used-uid-weight-1m.
USAGE_HEADER_PREFIXES = ("x-mbx-used-weight", "x-mbx-order-count", "x-sapi-used-")
_USAGE_HEADER_PREFIXES_RAW = tuple(p.encode("ascii") for p in USAGE_HEADER_PREFIXES)
_X_DASH = frozenset((b"x-", b"X-"))


class RateLimitUsage:
    """The latest usage Binance reported, per host and header: `usage.snapshot()` ->
    {"api.binance.com": {"x-mbx-used-weight-1m": 42, ...}}. Updated from every response.
    """

    def __init__(self) -> None:
        self._by_host: dict[str, dict[str, int]] = {}
        self._lock = threading.Lock()

    def observe(self, host: str, headers: Iterable[tuple[str, str]]) -> None:
        """Record the usage headers of one response (names compared in lower case)."""
        found: dict[str, int] = {}
        for name, value in headers:
            name = name.lower()
            if name.startswith(USAGE_HEADER_PREFIXES) and value.isdigit():
                found[name] = int(value)
        if found:
            with self._lock:
                self._by_host.setdefault(host, {}).update(found)

    def observe_raw(self, host: str, headers: Iterable[tuple[bytes, bytes]]) -> None:
        """`observe` for httpx's raw headers (bytes), decoding only the usage headers."""
        found: dict[str, int] = {}
        for name, value in headers:
            # every usage header, and few others, starts with x-
            if name[:2] in _X_DASH:
                name = name.lower()
                if name.startswith(_USAGE_HEADER_PREFIXES_RAW) and value.isdigit():
                    found[name.decode("ascii")] = int(value)
        if found:
            with self._lock:
                known = self._by_host.get(host)
                if known is None:
                    self._by_host[host] = found
                else:
                    known.update(found)

    def used(self, header: str, host: str | None = None) -> int | None:
        """The last value of one header (e.g. "x-mbx-used-weight-1m"), for a host or the highest of all."""
        header = header.lower()
        with self._lock:
            hosts = (
                [self._by_host.get(host, {})] if host else list(self._by_host.values())
            )
            values = [h[header] for h in hosts if header in h]
        return max(values) if values else None

    def snapshot(self) -> dict[str, dict[str, int]]:
        """A copy of everything reported so far, by host."""
        with self._lock:
            return {host: dict(values) for host, values in self._by_host.items()}

    def __repr__(self) -> str:
        return f"RateLimitUsage({self.snapshot()!r})"


class Budget:
    """At most `limit` weight of `unit` (IP, UID, ORDER, RAW_REQUESTS...) in any `seconds` window.

    RAW_REQUESTS counts every call as 1 whatever the endpoint declares."""

    __slots__ = ("unit", "limit", "seconds")

    def __init__(self, unit: str, limit: int, seconds: float) -> None:
        if limit <= 0 or seconds <= 0:
            raise ValueError(
                f"a budget needs a positive limit and window, got {limit} per {seconds}s"
            )
        self.unit = unit
        self.limit = limit
        self.seconds = seconds

    def __repr__(self) -> str:
        return f"Budget({self.unit!r}, {self.limit}, {self.seconds})"


def interval_seconds(name: str) -> float:
    """The length of a window Binance names "10s", "5m", "1h" or "1d", in seconds."""
    size = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(name[-1:], 0)
    count = name[:-1]
    if not size or not count.isdigit():
        raise ValueError(f"not a window name: {name!r}")
    return int(count) * size


def interval_name(seconds: float) -> str:
    """Binance's name of a window: 10 -> "10s", 60 -> "1m", 86400 -> "1d"."""
    for size, suffix in ((86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{suffix}"
    return f"{seconds:g}s"


class RateLimiter:
    """Waits before a call would take any budget over its limit within a sliding window.

    A sliding window is stricter than Binance's fixed per-minute windows, so a call the limiter lets
    through never breaks a fixed window either. One limiter may be shared by several clients (and by
    sync and async clients) that share an IP or account.

        limiter = RateLimiter(Budget("IP", 5000, 60), Budget("ORDER", 40, 10))
        client = Client(key, secret, limiter=limiter)
    """

    def __init__(
        self, *budgets: Budget, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.budgets = budgets
        self._clock = clock
        # per budget, (time, weight) of the calls within its window, oldest first
        self._spent: list[deque[tuple[float, int]]] = [deque() for _ in budgets]
        self._totals = [0] * len(budgets)
        # (endpoint, window) -> times of its calls
        self._caps: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()
        # per budget, the weight keys a call's weights may name it by: its window's own ("ORDER/10s"),
        # then its unit's; None for RAW_REQUESTS, which counts every call as 1
        self._keys = [
            (
                None
                if b.unit == "RAW_REQUESTS"
                else (f"{b.unit}/{interval_name(b.seconds)}", b.unit)
            )
            for b in budgets
        ]
        # (budget index, weight) of the budgets a call counts against, by the call's weights
        self._needs: dict[tuple[tuple[str, int], ...], list[tuple[int, int]]] = {}

    def _needs_of(self, weights: Mapping[str, int]) -> list[tuple[int, int]]:
        """(budget index, weight) of the budgets a call with these weights counts against; worked
        out once per distinct weights (at most 4096 kept)."""
        key: tuple[tuple[str, int], ...] | None
        try:
            key = tuple(weights.items())
            return self._needs[key]
        except KeyError:
            pass
        except TypeError:  # unhashable values: not kept
            key = None
        needs = []
        for i, keys in enumerate(self._keys):
            if keys is None:
                needs.append((i, 1))
                continue
            need = weights.get(keys[0])  # e.g. "ORDER/10s"
            if need is None:
                need = weights.get(keys[1], 0)
            if need:
                needs.append((i, need))
        if key is not None and len(self._needs) < 4096:
            self._needs[key] = needs
        return needs

    def try_acquire(
        self, weights: Mapping[str, int], caps: Iterable[tuple[str, int, str]] = ()
    ) -> float:
        """Take the call's weight from every budget and return 0.0, or take nothing and return the
        seconds to wait before trying again. A weight above a whole budget is let through when the
        window is empty (it could never fit otherwise). `caps` are the endpoint's own limits on its
        calls, (endpoint, most calls, window name), kept without configuration."""
        caps = tuple(caps)
        needs = self._needs_of(weights)
        budgets, spent_of, totals = self.budgets, self._spent, self._totals
        with self._lock:
            now = self._clock()
            wait = 0.0
            for key, limit, window in caps:
                seconds = interval_seconds(window)
                calls = self._caps.setdefault((key, window), deque())
                while calls and calls[0] <= now - seconds:
                    calls.popleft()
                if len(calls) >= limit:
                    wait = max(wait, calls[len(calls) - limit] + seconds - now)
            for i, need in needs:
                seconds = budgets[i].seconds
                spent = spent_of[i]
                while spent and spent[0][0] <= now - seconds:
                    totals[i] -= spent.popleft()[1]
                excess = totals[i] + need - budgets[i].limit
                if excess <= 0 or not spent:
                    continue
                freed = 0
                for at, weight in spent:  # the oldest entries leave the window first
                    freed += weight
                    if freed >= excess:
                        break
                # else: until the window is empty
                wait = max(wait, at + seconds - now)
            if wait > 0:
                return wait
            for i, need in needs:
                spent_of[i].append((now, need))
                totals[i] += need
            for key, _limit, window in caps:
                self._caps[(key, window)].append(now)
            return 0.0

    def in_use(self) -> dict[str, int]:
        """Weight spent per budget ("IP/60s") within its current window."""
        with self._lock:
            now = self._clock()
            out = {}
            for i, budget in enumerate(self.budgets):
                total = sum(w for at, w in self._spent[i] if at > now - budget.seconds)
                out[f"{budget.unit}/{budget.seconds:g}s"] = total
            return out

    def __repr__(self) -> str:
        return f"RateLimiter({', '.join(map(repr, self.budgets))})"
