"""`[tool.specgen]` in pyproject.toml: folders, package name, base URLs and hand-written files to keep.

    [tool.specgen]
    docs = "specs/docs"          # documentation pages
    specs = "specs/endpoints"    # YAML specs
    out = "generated"            # generated package
    package = "binance_api"      # import name of the generated package
    keep = ["README.md"]         # hand-written files in `out`: never overwritten or deleted
    overrides = "specs/overrides"  # spec overrides: YAML patches applied to parsed endpoints
    [tool.specgen.base_urls]     # path prefix -> server, used by `specgen openapi`
    sapi = "https://api.binance.com"

Precedence: command-line flags, then this table, then the defaults below. The project root is found
as black finds its own (`find_root`): the nearest folder, from the current one up, whose
pyproject.toml has a `[tool.specgen]` table; the search stops at the top of a git or Mercurial
checkout; with no such file the current folder is the root. Paths in the table are relative to the
root. Reading TOML uses `tomllib` (Python 3.11+)
or, on 3.10, `tomli` when installed; a file without a `[tool.specgen]` table is never parsed, so
3.10 without tomli only fails, with a message saying so, for projects that configure specgen. A
hand-rolled TOML subset parser was rejected: quoting, inline tables and arrays split over lines are
easy to get subtly wrong, and the error messages would be worse than tomllib's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

PYPROJECT = "pyproject.toml"
DEFAULT_PACKAGE = "binance_api"
DEFAULT_BASE_URLS = {
    "api": "https://api.binance.com",
    "sapi": "https://api.binance.com",
    "papi": "https://papi.binance.com",
    "fapi": "https://fapi.binance.com",
    "dapi": "https://dapi.binance.com",
    "eapi": "https://eapi.binance.com",
}
_TABLE = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*specgen\b", re.M)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class ConfigError(Exception):
    """A bad `[tool.specgen]` table; the message names the file, key and what was expected."""


@dataclass
class Config:
    docs: Path = Path("specs/docs")
    specs: Path = Path("specs/endpoints")
    out: Path = Path("generated")
    overrides: Path = Path("specs/overrides")
    package: str = DEFAULT_PACKAGE
    base_urls: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_BASE_URLS))
    keep: tuple[str, ...] = ()
    source: str | None = None  # the file the values came from, if any


def _toml(text: str, file: str) -> dict[str, Any]:
    try:
        import tomllib as toml  # type: ignore[import-not-found, unused-ignore]  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        try:
            import tomli as toml  # type: ignore[no-redef, import-not-found, unused-ignore]
        except ModuleNotFoundError:
            raise ConfigError(f"{file}: reading [tool.specgen] on Python 3.10 needs the `tomli` package "
                              f"(pip install tomli), or pass --docs/--specs/--out on the command line") from None
    try:
        return toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from None


def _line(text: str, key: str) -> int:
    """The line of `key = ...` inside the [tool.specgen] table, for messages (1 when not found)."""
    match = _TABLE.search(text)
    start = match.start() if match else 0
    found = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.M).search(text, start)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _has_table(path: Path) -> bool:
    try:
        return path.is_file() and bool(_TABLE.search(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False


def find_root(start: Path) -> tuple[Path, Path | None]:
    """(project root, the pyproject.toml that made it the root, or None when none did)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if _has_table(folder / PYPROJECT):
            return folder, folder / PYPROJECT
        if (folder / ".git").exists() or (folder / ".hg").exists():
            break
    return start, None


def load_config(root: Path = Path(".")) -> Config:
    """The configuration of the project at root (defaults when there is no table)."""
    path = root / PYPROJECT
    if not path.is_file():
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if not _TABLE.search(text):
        return Config()
    table = _toml(text, str(path)).get("tool", {}).get("specgen", {})
    return from_table(table, text, str(path))


def from_table(table: dict[str, Any], text: str = "", file: str = PYPROJECT) -> Config:
    """Check and convert the table's values; unknown keys are errors (they are usually typos)."""
    config = Config(source=file)
    known = {f.name for f in fields(Config)} - {"source"}

    def fail(key: str, expected: str) -> ConfigError:
        return ConfigError(f"{file}:{_line(text, key)}: [tool.specgen] {key}: expected {expected}, "
                           f"got {table[key]!r}")

    for key, value in table.items():
        if key not in known:
            return _unknown(key, known, text, file)
        if key in ("docs", "specs", "out", "overrides"):
            if not isinstance(value, str) or not value:
                raise fail(key, "a folder path (a non-empty string)")
            setattr(config, key, Path(value))
        elif key == "package":
            if not isinstance(value, str) or not _IDENTIFIER.match(value):
                raise fail(key, "a Python package name (letters, digits, _)")
            config.package = value
        elif key == "base_urls":
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and v.startswith(("https://", "http://"))
                for k, v in value.items()
            ):
                raise fail(key, 'a table of path prefix = "https://..." entries')
            config.base_urls = dict(sorted(value.items()))
        elif key == "keep":
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise fail(key, "a list of file paths relative to `out`")
            bad = [v for v in value if v.startswith("/") or ".." in Path(v).parts or "\\" in v]
            if bad:
                raise fail(key, f"relative POSIX paths inside `out` (not {bad[0]!r})")
            config.keep = tuple(sorted(set(value)))
    return config


def _unknown(key: str, known: set[str], text: str, file: str) -> Config:
    raise ConfigError(f"{file}:{_line(text, key)}: [tool.specgen] {key}: unknown key "
                      f"(expected one of: {', '.join(sorted(known))})")
