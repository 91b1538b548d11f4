"""A content-addressed on-disk cache for the slow, pure steps of a build.

Entries live in `<root>/<kind>/<key[:2]>/<key>`; a key is a SHA-256 over everything the value depends
on (the input bytes, plus the source of the code that computes it and the versions of the libraries
that shape it). An entry file is

    MAGIC  FORMAT-VERSION  SHA-256(payload)  payload(pickle)

and is written to a temporary file then renamed, so readers never see half an entry. An entry whose
magic, format version or checksum does not match, or that fails to unpickle, is deleted and treated
as a miss: the value is computed again, never trusted. Values are unpickled fresh on every read, so a
caller may mutate what it gets back.

The cache folder is private to this machine (git-ignored); pickle is used because it is the fastest
way to store model objects, and the checksum guards against truncation and bit rot, not tampering.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

FORMAT_VERSION = 1
MAGIC = b"specgen-cache\n"
DEFAULT_DIR = Path(".specgen-cache")
GENERATOR_DIR = Path(__file__).resolve().parent


def digest(*parts: bytes | str) -> str:
    """SHA-256 over length-prefixed parts, so ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def tree_hash(root: Path, suffixes: tuple[str, ...] = ()) -> str:
    """A hash of the names and bytes of the files below root (sorted; caches skipped)."""
    found: list[tuple[str, str]] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in names:
            if name.endswith(".pyc") or (suffixes and not name.endswith(suffixes)):
                continue
            found.append((name if rel == "." else f"{rel}/{name}", os.path.join(folder, name)))
    parts: list[bytes | str] = []
    for rel_name, full in sorted(found):
        with open(full, "rb") as fh:
            parts += [rel_name, fh.read()]
    return digest(*parts)


@functools.lru_cache(maxsize=None)
def generator_version() -> str:
    """Changes whenever any generator source, the spec schema or the version number changes."""
    from . import __version__

    return digest(__version__, tree_hash(GENERATOR_DIR, (".py", ".json")))


# ---------------------------------------------------------------------------- keys of the steps
#
# A cached step's key holds the source of every module the step can run: the import closure of the
# module it starts in (imports inside functions included, read from the source, not hand-listed),
# the generator's data files (the spec schema), the versions of the third-party packages those
# modules import, and the Python version. An edit to any module the step runs is a new key.

_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)|import[ \t]+([^\n#;]+))", re.M)
# import name -> distribution name, where they differ
_DISTRIBUTIONS = {"yaml": "pyyaml"}


@functools.lru_cache(maxsize=None)
def _source(path: Path) -> bytes:
    return path.read_bytes()


@functools.lru_cache(maxsize=None)
def _module_file(name: str) -> Path | None:
    """The file of a generator module (`generator.parse.link`), or None when it is not one."""
    parts = name.split(".")
    if parts[0] != GENERATOR_DIR.name:
        return None
    base = GENERATOR_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@functools.lru_cache(maxsize=None)
def _imports(name: str, path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(generator modules, third-party top-level packages) a module's source imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    modules: set[str] = set()
    outside: set[str] = set()
    for m in _IMPORT.finditer(_source(path).decode("utf-8", "replace")):
        origin, names, plain = m.groups()
        if plain is not None:
            targets = [n.strip().split(" as ")[0].strip() for n in plain.split(",")]
        else:
            if origin.startswith("."):
                level = len(origin) - len(origin.lstrip("."))
                base = package.split(".")[: len(package.split(".")) - (level - 1)]
                origin = ".".join(base + ([origin.lstrip(".")] if origin.lstrip(".") else []))
            listed = [n.strip().split(" as ")[0].strip() for n in names.strip("()").split(",")]
            targets = [origin] + [f"{origin}.{n}" for n in listed if n and n != "*"]
        for target in targets:
            if _module_file(target) is not None:
                modules.add(target)
            elif target and target.split(".")[0] != GENERATOR_DIR.name:
                outside.add(target.split(".")[0])
    return frozenset(modules), frozenset(outside)


@functools.lru_cache(maxsize=None)
def closure(entry: str) -> tuple[tuple[Path, ...], tuple[str, ...]]:
    """The files of every generator module `entry` can run (its package __init__ files included) and
    the third-party packages they import."""
    seen: dict[str, Path] = {}
    outside: set[str] = set()
    todo = [entry]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a module runs its packages' __init__ first
            prefix = ".".join(parts[:i])
            path = _module_file(prefix)
            if path is None or prefix in seen:
                continue
            seen[prefix] = path
            found, third = _imports(prefix, path)
            todo += sorted(found)
            outside |= third
    stdlib: frozenset[str] = getattr(sys, "stdlib_module_names", frozenset())
    return tuple(sorted(seen.values())), tuple(sorted(p for p in outside if p not in stdlib and p != "__future__"))


@functools.lru_cache(maxsize=None)
def step_version(entry: str) -> str:
    """The part of a cached step's key that stands for the code running it (see above)."""
    from . import __version__

    files, third = closure(entry)
    parts: list[bytes | str] = [__version__, sys.version]
    for path in files:
        parts += [path.relative_to(GENERATOR_DIR).as_posix(), _source(path)]
    for data in sorted(GENERATOR_DIR.rglob("*.json")):
        parts += [data.relative_to(GENERATOR_DIR).as_posix(), _source(data)]
    for package in third:
        parts += [package, package_version(_DISTRIBUTIONS.get(package, package)) if _importable(package) else "absent"]
    return digest(*parts)


@functools.lru_cache(maxsize=None)
def _importable(module: str) -> bool:
    """Whether a top-level module is there to import (a package imported only on some Python
    versions, as tomli, is not: no need to ask importlib.metadata for its version)."""
    from importlib.util import find_spec

    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):
        return True


@functools.lru_cache(maxsize=None)
def package_version(name: str) -> str:
    """An installed distribution's version, from its `.dist-info` folder name on sys.path (importing
    importlib.metadata, or the package itself, would cost a warm `check` more than all its work)."""
    wanted = name.lower().replace("-", "_")
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for item in listing:
            if item.endswith(".dist-info"):
                dist, _, version = item[: -len(".dist-info")].partition("-")
                if dist.lower().replace("-", "_").replace(".", "_") == wanted and version:
                    return version
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


@functools.lru_cache(maxsize=None)
def templates_version(root: Path) -> str:
    return tree_hash(root)


def toolchain_version(templates_root: Path) -> str:
    """Everything besides the inputs that shapes the output bytes of a whole build: every generator
    module and data file, every template, Python and the packages that shape the output."""
    return digest(
        generator_version(),
        templates_version(templates_root),
        sys.version,
        package_version("black"),
        package_version("jinja2"),
        package_version("pyyaml"),
    )


@dataclass
class Stats:
    hits: dict[str, int] = field(default_factory=dict)
    misses: dict[str, int] = field(default_factory=dict)
    corrupt: int = 0

    def count(self, table: dict[str, int], kind: str) -> None:
        table[kind] = table.get(kind, 0) + 1


class Cache:
    """Get and put pickled values by (kind, key). A Cache with root None stores nothing."""

    def __init__(self, root: Path | None = DEFAULT_DIR) -> None:
        self.root = root
        self.stats = Stats()
        # Values this process already holds, by (kind, key): handed out as they are (shared, not
        # copies: only for values nobody mutates), so one run does not unpickle them twice.
        self.memory: dict[tuple[str, str], Any] = {}
        self._folders: set[Path] = set()  # entry folders known to exist

    def _path(self, kind: str, key: str) -> Path:
        assert self.root is not None
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str, counted: bool = True) -> Any | None:
        """The stored value, or None on a miss (a bad entry is removed and counts as a miss).
        `counted=False`: not counted in stats (bookkeeping entries such as stamps.py's records)."""
        if self.root is None:
            return None
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            if counted:
                self.stats.count(self.stats.misses, kind)
            return None
        value = _decode(data)
        if value is _BAD:
            self.stats.corrupt += 1
            if counted:
                self.stats.count(self.stats.misses, kind)
            path.unlink(missing_ok=True)
            return None
        if counted:
            self.stats.count(self.stats.hits, kind)
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store a value; a failure to write (read-only disk, full disk) only loses the speed-up."""
        if self.root is None:
            return
        path = self._path(kind, key)
        try:
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(_encode(value))
            os.replace(tmp, path)
        except OSError:
            return

    def prune(self, kind: str, keep: int) -> None:
        """Keep only the `keep` most recently written entries of a kind (large whole-build entries)."""
        if self.root is None:
            return
        try:
            found = []
            with os.scandir(self.root / kind) as folders:
                for folder in folders:
                    if folder.is_dir(follow_symlinks=False):
                        with os.scandir(folder.path) as files:
                            found += [(f.stat().st_mtime_ns, f.path) for f in files if f.is_file(follow_symlinks=False)]
            for _, path in sorted(found, reverse=True)[keep:]:
                os.unlink(path)
        except OSError:
            return  # no such kind yet, or a read-only cache: only the speed-up is lost


class Pack:
    """Many small values of one step in one entry: reading one file of 800 values costs a fraction of
    reading 800 files. Found by a name (what the values are of, e.g. a page set), holding value key ->
    pickled value; a value is used only when its own key matches, so an entry left by other inputs
    only gives fewer hits. `raw` hands out a value's pickled bytes (the caller unpickles them, later or
    never); `save` writes the entry again, holding only the values used since it was read, when one
    was added or one went unused, and keeps the `keep` most recent packs of the kind. Lookups are not
    counted in the cache's stats: the step using the pack counts its hits and misses."""

    def __init__(self, cache: Cache, kind: str, *name: str, keep: int = 4) -> None:
        self.cache, self.kind, self.key, self.keep = cache, kind, digest(kind, *name), keep
        found = cache.get(kind, self.key, counted=False) if cache.root is not None else None
        self.stored: dict[str, bytes] = found if isinstance(found, dict) else {}
        self.used: dict[str, bytes] = {}
        self.added = 0  # values put that the stored pack did not give

    def raw(self, key: str) -> bytes | None:
        data = self.stored.get(key)
        if data is not None:
            self.used[key] = data
        return data

    def get(self, key: str) -> Any | None:
        """The value, unpickled afresh (None: not in the pack, or it does not unpickle)."""
        data = self.raw(key)
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # noqa: BLE001 - as Cache.get: a stale class layout is a miss
            self.used.pop(key, None)
            return None

    def put(self, key: str, value: Any) -> bytes:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.put_raw(key, data)
        return data

    def put_raw(self, key: str, data: bytes) -> None:
        if key not in self.used:
            self.added += 1
        self.used[key] = data

    def save(self, slack: int = 0) -> None:
        """Write the pack again when more than `slack` values were added or went unused (a caller
        whose values also live in entries of their own lets a few go to those: a one-page rebuild
        then rewrites no pack of hundreds of values)."""
        unused = len(self.stored) - (len(self.used) - self.added)
        if self.cache.root is not None and (self.added > slack or unused > slack or (self.added and not self.stored)):
            self.cache.put(self.kind, self.key, self.used)
            self.cache.prune(self.kind, self.keep)


_BAD = object()


def _encode(value: Any) -> bytes:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    header = MAGIC + f"{FORMAT_VERSION}\n".encode() + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    return header + payload


def _decode(data: bytes) -> Any:
    if not data.startswith(MAGIC):
        return _BAD
    rest = data[len(MAGIC):]
    version, _, rest = rest.partition(b"\n")
    checksum, _, payload = rest.partition(b"\n")
    if version != str(FORMAT_VERSION).encode() or hashlib.sha256(payload).hexdigest().encode() != checksum:
        return _BAD
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a stale class layout or any other unpickling failure
        return _BAD


def entry_files(cache: Cache, kind: str) -> Iterable[Path]:
    """The entry files of a kind (for tests and maintenance)."""
    if cache.root is None or not (cache.root / kind).is_dir():
        return []
    return sorted(p for p in (cache.root / kind).rglob("*") if p.is_file() and not p.name.startswith("."))
