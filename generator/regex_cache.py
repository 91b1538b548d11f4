"""The parser's regular expressions, compiled once per machine rather than once per run.

Importing the parser compiles some 300 patterns, and CPython's `re` spends most of an import's time
turning pattern text into the matcher's code (a list of integers), which it keeps only in memory.
A one-page rebuild pays that on every run. While `patterns(cache, name)` is active, each pattern's
code is taken from one cache entry when the entry has it, and the matcher is made from it directly
(`_sre.compile`, as `re._compiler.compile` itself ends); patterns the entry lacks are compiled as
usual and the entry is written again with them. What the entry keeps is `re`'s own output for that
pattern text and those flags, and its key holds the Python build and the matcher's version
(`_sre.MAGIC`), so a pattern compiled from it equals one compiled afresh (tests/test_regex_cache.py
compares them all). On another Python implementation, or a `re` laid out otherwise, nothing is
cached and patterns compile as they always do.
"""

from __future__ import annotations

import contextlib
import re
import sys
from typing import Any, Iterator

from .cache import Cache, digest

KIND = "regex"

try:  # CPython 3.11+: re._compiler.compile(p, flags) ends in _sre.compile(...)
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _SUPPORTED = sys.implementation.name == "cpython" and hasattr(_compiler, "_code") and hasattr(_sre, "compile")
except ImportError:  # pragma: no cover - Python 3.10 (sre_compile), other implementations
    _SUPPORTED = False

Code = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]  # flags, code, groups - 1, groupindex, indexgroup


def _key(name: str) -> str:
    return digest(KIND, name, sys.version, str(getattr(_sre, "MAGIC", "")) if _SUPPORTED else "", str(_SUPPORTED))


def _compile_recording(pattern: str | bytes, flags: int) -> tuple[Any, Code]:
    """What re._compiler.compile does, keeping the arguments of its last step."""
    p = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(p, flags)]
    groupindex = dict(p.state.groupdict)
    indexgroup: list[Any] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    args: Code = (int(flags | p.state.flags), code, p.state.groups - 1, groupindex, tuple(indexgroup))
    return _sre.compile(pattern, *args), args


@contextlib.contextmanager
def patterns(cache: Cache, name: str) -> Iterator[None]:
    """While active, patterns compiled by `re` come from the cache entry `name` when it has them."""
    if not _SUPPORTED or cache.root is None:
        yield
        return
    key = _key(name)
    stored = cache.get(KIND, key, counted=False)
    known: dict[tuple[bool, str | bytes, int], Code] = stored if isinstance(stored, dict) else {}
    used: dict[tuple[bool, str | bytes, int], Code] = {}
    real = _compiler.compile
    missed = False

    def compile(p: Any, flags: int = 0) -> Any:
        nonlocal missed
        if not isinstance(p, (str, bytes)) or flags & re.DEBUG:
            return real(p, flags)
        k = (isinstance(p, bytes), p, int(flags))
        args = known.get(k)
        if args is not None:
            try:
                compiled = _sre.compile(p, *args)
            except Exception:  # noqa: BLE001 - a stored entry that does not fit: compile afresh
                pass
            else:
                used[k] = args
                return compiled
        compiled, used[k] = _compile_recording(p, flags)
        missed = True
        return compiled

    _compiler.compile = compile
    try:
        yield
    finally:
        _compiler.compile = real
    if missed:
        cache.put(KIND, key, used)
