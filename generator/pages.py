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
    data: bytes | None  # None: unreadable (error says why), or not read yet (build.scan_pages)
    error: str | None = None  # why data is None
    path: str | None = None  # the file, for a page not read yet
    digest: str | None = None  # SHA-256 of its bytes, when known


def display_name(path: Path) -> str:
    """The path as POSIX relative to the current directory when under it, else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def page_files(paths: list[Path]) -> list[tuple[str, str]]:
    """(display name, path) of every regular file the paths name; folders walked (as os.walk walks
    them: symbolic links to folders are not followed), sorted by path."""
    files: list[tuple[str, str]] = []
    for p in paths:
        if not p.is_dir():
            files.append((display_name(p), os.fspath(p)))
            continue
        base = display_name(p)
        found: list[tuple[list[str], str, bool]] = []  # (path below p, by part; path; a symbolic link)
        todo: list[tuple[str, list[str]]] = [(os.fspath(p), [])]
        while todo:
            folder, parts = todo.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    if not entry.is_symlink():
                        todo.append((entry.path, [*parts, entry.name]))
                    continue
                link = entry.is_symlink()
                if link or entry.is_file():
                    found.append(([*parts, entry.name], entry.path, link))
        for rel_parts, path, link in sorted(found):
            if link:  # named by where it points: it may lie elsewhere
                if os.path.isfile(path):
                    files.append((display_name(Path(path)), path))
            else:
                rel_name = "/".join(rel_parts)
                files.append((rel_name if base == "." else f"{base}/{rel_name}", path))
    return files


def read_pages(paths: list[Path]) -> list[Page]:
    """Every regular file below the given paths, whatever its extension, read as bytes."""
    pages = []
    for name, f in page_files(paths):
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
