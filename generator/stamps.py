"""What the last run saw of a set of files: each file's stat signature and a digest of its bytes.

A no-op run must not read and hash hundreds of pages and output files only to find them unchanged.
Like git's index (and make), a file whose signature, (size, mtime_ns, ctime_ns, inode, device), is
the one recorded is taken to hold the bytes it held then: it is neither read nor hashed. What that
trusts, and why it holds:

* Writing a file changes its mtime and its ctime; a tool that puts the old mtime back (`touch -r`,
  `cp -p`, `rsync -t`) still changes the ctime, which no program can set; replacing a file (an
  editor's save-and-rename, `git checkout`) changes its inode. So a content change is seen unless
  the system clock was set back or the file system keeps no such times.
* A file changed in the same clock tick as its signature was taken could keep that signature (what
  git calls "racy"). So a signature is trusted only when the file's mtime and ctime are older than
  the file system's time just before the signatures were taken (a probe file created in the cache
  folder; for a file on another device than the cache folder, older by RACY_MARGIN_NS as well, since
  its file system may keep coarser times). A racy file is read and hashed again, and the next record
  vouches for it.
* Files changed by another program while a run writes them are not covered (as with git or make).

`--no-cache` trusts nothing: every file is read. Records live in the cache (kind "stamps"), keyed
by what they describe; a damaged record is a miss like any cache entry.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Any

from .cache import Cache, digest

Signature = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device
RACY_MARGIN_NS = 2_000_000_000  # FAT keeps times to 2 s; ext4, XFS, btrfs, tmpfs to a clock tick
KIND = "stamps"


def signature(st: os.stat_result) -> Signature:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def bytes_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def probe(cache: Cache) -> tuple[int, int] | None:
    """The file system's time now, and the device it was read on: the mtime of a file created in the
    cache folder (None without a cache, or when the folder cannot be written)."""
    if cache.root is None:
        return None
    try:
        cache.root.mkdir(parents=True, exist_ok=True)
        path = cache.root / f".probe-{os.getpid()}"
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"\n")  # a write stamps the mtime even where the file was left by a killed run
            st = os.fstat(fd)
        finally:
            os.close(fd)
            os.unlink(path)
        return st.st_mtime_ns, st.st_dev
    except OSError:
        return None


@dataclass
class Record:
    """Signatures and digests of files (by a name the caller chooses), taken after `stamp`, plus what
    the caller keeps with them."""

    stamp: tuple[int, int] | None = None  # probe() before the signatures were taken
    files: dict[str, tuple[Signature, str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def trusted(self, name: str, sig: Signature) -> str | None:
        """The recorded digest of a file whose signature is the recorded one and not racy; else None."""
        known = self.files.get(name)
        if known is None or known[0] != sig or self.stamp is None:
            return None
        time, device = self.stamp
        limit = time if sig[4] == device else time - RACY_MARGIN_NS
        return known[1] if max(sig[1], sig[2]) < limit else None


def load(cache: Cache, *what: str) -> Any | None:
    """The record kept for `what` (None when there is none, or no cache)."""
    return cache.get(KIND, digest(KIND, *what), counted=False) if cache.root is not None else None


def save(cache: Cache, value: Any, *what: str) -> None:
    if cache.root is not None:
        cache.put(KIND, digest(KIND, *what), value)
