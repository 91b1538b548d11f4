"""The override files of a folder, found and read without importing what loads them (overrides.py):
a no-op build keys its result by their bytes and loads none of them."""

from __future__ import annotations

from pathlib import Path


def files_of(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))


def read(folder: Path | None) -> list[tuple[str, bytes]]:
    """(display name, bytes) of every override file: what a build's cache key holds of them."""
    return [(p.as_posix(), p.read_bytes()) for p in files_of(folder)]
