"""Input pages: which files a set of paths names, the name each is reported under, and its text.

Shared by `parse_paths` and the cached build, so both see the same pages under the same names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .model import Diagnostic


@dataclass
class Page:
    name: str  # display name: POSIX path relative to the current folder when under it
    data: bytes | None
    error: str | None = None  # why data is None


def display_name(path: Path) -> str:
    """The path as POSIX relative to the current directory when under it, else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _files(paths: list[Path]) -> list[tuple[str, Path]]:
    """(display name, path) of every regular file the paths name; folders walked, sorted by path."""
    files: list[tuple[str, Path]] = []
    for p in paths:
        if not p.is_dir():
            files.append((display_name(p), p))
            continue
        base = display_name(p)
        found: list[tuple[Path, str | None]] = []
        for root, _dirs, names in os.walk(p):
            rel = os.path.relpath(root, p).replace(os.sep, "/")
            for n in names:
                f = Path(root, n)
                if os.path.islink(f):  # named by where it points: it may lie elsewhere
                    found.append((f, None))
                elif os.path.isfile(f):
                    found.append((f, n if rel == "." else f"{rel}/{n}"))
        for f, rel_name in sorted(found):
            if rel_name is None:
                if f.is_file():
                    files.append((display_name(f), f))
            else:
                files.append((rel_name if base == "." else f"{base}/{rel_name}", f))
    return files


def read_pages(paths: list[Path]) -> list[Page]:
    """Every regular file below the given paths, whatever its extension, read as bytes."""
    pages = []
    for name, f in _files(paths):
        try:
            with open(f, "rb") as fh:
                pages.append(Page(name, fh.read()))
        except OSError as exc:
            pages.append(Page(name, None, str(exc.strerror or exc)))
    return pages


def unreadable(page: Page) -> Diagnostic:
    return Diagnostic(page.name, 1, "error", "read-error", f"cannot read the file: {page.error}")


def page_text(page: Page) -> tuple[str, Diagnostic | None]:
    """The page as text; bytes that are not UTF-8 are replaced and reported (with their line)."""
    assert page.data is not None
    try:
        return page.data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = page.data[: exc.start].count(b"\n") + 1
        return page.data.decode("utf-8", errors="replace"), Diagnostic(
            page.name, line, "warning", "encoding-error",
            f"the file is not valid UTF-8 ({exc.reason} at byte {exc.start}); undecodable bytes were replaced",
        )
