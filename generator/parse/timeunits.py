"""The one table of units of time the docs write (EN and ZH), shared by every reader that meets one:
spans between a start and an end argument, caps on calls per window, order-count windows, and the
bounds and defaults that a unit of time disqualifies ("maximum 24 hours" is no bound on a count).

A month or a year has no single length. Where the parser turns one into a number it takes the length
that never makes the client refuse what the server accepts: the longest for a span a call may cover
(31 days, 366 days), the shortest for a window a cap on calls is counted over (28 days, 365 days).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DAY = 86_400_000


@dataclass(frozen=True)
class TimeUnit:
    words: tuple[str, ...]  # spellings, singular (an English `s` plural is accepted)
    longest_ms: int  # milliseconds in the longest such unit
    shortest_ms: int  # milliseconds in the shortest such unit
    window: str  # how Binance names a window of this unit: 10s, 5m, 1h, 1d


UNITS: tuple[TimeUnit, ...] = (
    TimeUnit(("millisecond", "ms", "毫秒"), 1, 1, ""),
    TimeUnit(("second", "sec", "s", "秒", "秒钟"), 1000, 1000, "s"),
    TimeUnit(("minute", "min", "m", "分钟"), 60_000, 60_000, "m"),
    TimeUnit(("hour", "hr", "h", "小时"), 3_600_000, 3_600_000, "h"),
    TimeUnit(("day", "d", "天", "日"), _DAY, _DAY, "d"),
    TimeUnit(("week", "w", "周", "星期"), 7 * _DAY, 7 * _DAY, "d"),
    TimeUnit(("month", "个月", "月"), 31 * _DAY, 28 * _DAY, "d"),
    TimeUnit(("year", "年"), 366 * _DAY, 365 * _DAY, "d"),
)

_BY_WORD = {w: u for u in UNITS for w in u.words}


def _alternation(min_ms: int = 0) -> str:
    """The words of the units lasting at least `min_ms` as a regex alternation, longest first (`minutes`
    before `min`, `个月` before `月`; ties in alphabetical order, so the pattern is the same on every run);
    the one-letter abbreviations are left out: they are read only where a number is written right
    before them (`5m`)."""
    words = sorted({w for u in UNITS if u.longest_ms >= min_ms for w in u.words if len(w) > 1 or not w.isascii()},
                   key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) + ("s?" if w.isascii() else "") for w in words) + r")(?![A-Za-z])"


WORDS = _alternation()
# a unit right after a number: " hours", "天", "个月"
AFTER_NUMBER = re.compile(r"\s*(?:个\s*)?" + WORDS, re.I)
# the same for units of a second or longer: "max 24 hours" is no bound on a value in milliseconds, but
# "max 60000 ms" is one
COARSE_AFTER_NUMBER = re.compile(r"\s*(?:个\s*)?" + _alternation(min_ms=1000), re.I)


def unit_of(word: str) -> TimeUnit | None:
    """The unit a word names (`days`, `hrs`, `ms`, `天`, `个月`), or None."""
    if word.strip() == "M":  # `1M`: a month (`1m` is a minute)
        return _BY_WORD["month"]
    w = word.strip().lower()
    if w in _BY_WORD:
        return _BY_WORD[w]
    if w.endswith("s") and w[:-1] in _BY_WORD and len(w) > 2:
        return _BY_WORD[w[:-1]]
    return None


def span_ms(count: float, word: str) -> int:
    """The longest time `count` `word`s can last, in milliseconds (0 when the word is no unit)."""
    unit = unit_of(word)
    return int(count * unit.longest_ms) if unit else 0


def window(count: int, word: str) -> str | None:
    """A window of `count` `word`s as Binance names windows (`10s`, `5m`, `1h`, `1d`; a month as its
    shortest length in days, `28d`), or None when the word is no unit a window is counted in."""
    unit = unit_of(word)
    if unit is None or not unit.window:
        return None
    size = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": _DAY}[unit.window]
    return f"{count * unit.shortest_ms // size}{unit.window}"
