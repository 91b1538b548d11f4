"""generator/regex_cache.py: a pattern made from the cached code equals the pattern `re` compiles
afresh, for every pattern of the parser; a stored entry that does not fit is compiled afresh."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator import regex_cache
from generator.cache import Cache

pytestmark = pytest.mark.skipif(not regex_cache._SUPPORTED, reason="re is laid out otherwise here")


def _parser_patterns() -> list[re.Pattern[str]]:
    import generator.parse  # noqa: F401 - every module of the parser

    found: dict[tuple[str, int], re.Pattern[str]] = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("generator.parse"):
            for value in vars(module).values():
                if isinstance(value, re.Pattern):
                    found[(value.pattern, value.flags)] = value
    return list(found.values())


def _compile_all(cache: Cache, patterns: list[tuple[str, int]]) -> list[re.Pattern[str]]:
    re.purge()  # re's own in-memory cache would hand back the patterns compiled before
    with regex_cache.patterns(cache, "test"):
        return [re.compile(p, f) for p, f in patterns]


def test_patterns_from_the_cache_equal_patterns_compiled_afresh(tmp_path: Path) -> None:
    originals = _parser_patterns()
    assert len(originals) > 100
    texts = [(p.pattern, p.flags) for p in originals]
    cache = Cache(tmp_path)
    cold = _compile_all(cache, texts)
    calls = []
    real = regex_cache._compile_recording
    try:
        regex_cache._compile_recording = lambda p, f: calls.append(p) or real(p, f)  # type: ignore[assignment]
        warm = _compile_all(cache, texts)
    finally:
        regex_cache._compile_recording = real  # type: ignore[assignment]
    assert calls == []  # every pattern came from the cache
    for original, a, b in zip(originals, cold, warm):
        assert a == original and b == original  # same pattern text, flags and matcher code
        assert b.groupindex == original.groupindex and b.groups == original.groups


def test_a_stored_entry_that_does_not_fit_is_compiled_afresh(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    _compile_all(cache, [(r"(?P<a>x+)y", 0)])
    key = regex_cache._key("test")
    stored = cache.get(regex_cache.KIND, key)
    ((k, args),) = stored.items()
    stored[k] = (args[0], [0, 1, 2], *args[2:])  # code the matcher refuses
    cache.put(regex_cache.KIND, key, stored)
    (pattern,) = _compile_all(cache, [(r"(?P<a>x+)y", 0)])
    assert pattern.fullmatch("xxy").group("a") == "xx"
    re.purge()
    assert pattern == re.compile(r"(?P<a>x+)y")


def test_without_a_cache_nothing_is_kept(tmp_path: Path) -> None:
    (pattern,) = _compile_all(Cache(None), [(r"a|b", 0)])
    assert pattern.match("b")
