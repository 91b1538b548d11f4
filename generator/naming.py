"""Safe Python names and literals derived from documentation text.

Nothing from a page reaches generated code except through these functions: identifiers are rebuilt
from ASCII letters, digits and underscores; text becomes repr() literals, escaped docstrings or
single-line comments.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

_RESERVED = set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(builtins)) | {"self", "cls"}
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[^0-9A-Za-z]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufeff]")


def snake(text: str) -> str:
    """`specifyRepayAssets` -> `specify_repay_assets`; `New-Order` -> `new_order`; non-ASCII dropped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = _NOT_WORD.sub(" ", _CAMEL_BOUNDARY.sub(" ", ascii_text)).split()
    return "_".join(w.lower() for w in words)


def identifier(text: str, fallback: str = "value") -> str:
    """A valid, non-reserved snake_case identifier: keywords and builtins get a trailing underscore,
    names starting with a digit get a leading underscore-free prefix."""
    name = snake(text) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name in _RESERVED:
        name += "_"
    return name


def camel(text: str) -> str:
    """`margin_account_repay_debt` -> `MarginAccountRepayDebt`."""
    name = "".join(w[:1].upper() + w[1:] for w in snake(text).split("_"))
    if not name or name[0].isdigit():
        name = "T" + name
    return name


def is_reserved(name: str) -> bool:
    return name in _RESERVED


def unique(names: list[str]) -> list[str]:
    """Make names unique (case-insensitively) by numbering later repeats: a, a_2, a_3."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 2
        while candidate.lower() in seen:
            candidate, n = f"{name}_{n}", n + 1
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def clean(text: str) -> str:
    """Text with control characters removed and line endings normalised."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def docstring(text: str) -> str:
    """Text safe inside a triple-double-quoted docstring: backslashes and quote runs escaped."""
    text = clean(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    return text


def comment(text: str, limit: int = 200) -> str:
    """Text safe in a `#` comment: one line, no control characters, shortened."""
    line = " ".join(clean(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."
