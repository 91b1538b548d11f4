"""Spec sets from a folder or from a git revision, for `specgen diff`.

    specgen diff OLD NEW
      OLD/NEW = a folder of specs            e.g. /tmp/specs-before
              | REV                          the configured spec folder at a git revision (HEAD~1)
              | REV:PATH                     a folder at a revision (main:specs/endpoints)
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .build import load_spec_texts, load_specs
from .cache import Cache
from .model import Endpoint


class RevisionError(Exception):
    """A revision or path git does not know; the message says which and why."""


def _git(args: list[str], data: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed; pass two spec folders instead") from None
    if proc.returncode != 0:
        raise RevisionError(proc.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return proc.stdout


def git_files(rev: str, path: str) -> dict[str, str]:
    """The files directly in `path` (relative to the current folder) at revision `rev`."""
    _git(["rev-parse", "--verify", f"{rev}^{{commit}}"])
    prefix = _git(["rev-parse", "--show-prefix"]).decode().strip()
    folder = (Path(prefix) / path).as_posix().strip("/") if prefix else Path(path).as_posix().strip("/")
    listing = _git(["ls-tree", "-z", "--full-tree", "--name-only", f"{rev}:{folder}" if folder != "." else rev])
    names = sorted(n for n in listing.decode("utf-8").split("\0") if n.endswith((".yaml", ".yml")))
    if not names:
        return {}
    query = "".join(f"{rev}:{folder}/{n}\n" for n in names).encode("utf-8")
    out = _git(["cat-file", "--batch"], query)
    files: dict[str, str] = {}
    pos = 0
    for name in names:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if len(header) != 3:
            raise RevisionError(f"{rev}:{folder}/{name}: unexpected git output {out[pos:header_end]!r}")
        size = int(header[2])
        files[name] = out[header_end + 1: header_end + 1 + size].decode("utf-8", "replace")
        pos = header_end + 1 + size + 1
    return files


def load_side(spec: str, default_path: Path, cache: Cache | None = None) -> tuple[list[Endpoint], str]:
    """Endpoints named by a diff argument, and a label for it; raises SpecError/RevisionError."""
    if Path(spec).is_dir():
        return load_specs(Path(spec), cache), spec
    rev, sep, path = spec.partition(":")
    if not sep:
        path = default_path.as_posix()
    if not rev:
        raise RevisionError(f"{spec}: expected a folder, a git revision, or REV:PATH")
    try:
        files = git_files(rev, path)
    except RevisionError as exc:
        raise RevisionError(f"{spec}: not a folder, and git cannot read it: {exc}") from None
    return load_spec_texts(files, Path(f"{rev}:{path}"), cache), f"{rev}:{path}"
