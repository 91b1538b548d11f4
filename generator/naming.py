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


def lower_camel(name: str) -> str:
    """`recv_window` -> `recvWindow`: a snake_case name as the camelCase wire name it usually comes
    from; a trailing underscore (`type_`, a keyword's escape) is kept."""
    stem = name.rstrip("_")
    head, *rest = stem.split("_")
    return head + "".join(w[:1].upper() + w[1:] for w in rest) + name[len(stem):]


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


def literal(value: object) -> str:
    """repr() of a value, with strings in the quotes black writes: double quotes unless the string
    holds a quote itself (then repr's choice, which black keeps or changes on its own)."""
    text = repr(value)
    if isinstance(value, str) and text.startswith("'") and "'" not in value and '"' not in value:
        return '"' + text[1:-1] + '"'
    return text


def width(line: str) -> int:
    """Columns a line takes as black counts them (East Asian wide characters take two)."""
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def comment(text: str, limit: int = 200) -> str:
    """Text safe in a `#` comment: one line, no control characters, shortened."""
    line = " ".join(clean(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


# ---------------------------------------------------------------------------- endpoint method names
#
# A method's name is a function of its own endpoint only: the HTTP method and the path. Building more
# or fewer pages never renames anything, and anyone who reads a request line in the docs can say the
# name: `GET /api/v3/klines` -> `klines`, `POST /api/v3/order` -> `post_order`,
# `GET /fapi/v2/account` -> `account_v2`, `GET /futures/data/basis` -> `futures_data_basis`.

# The version each API root starts at: a path at another version carries it in its name (`_v2`).
BASE_VERSIONS = {"api": 3}
_VERSION = re.compile(r"v([0-9]+)")
_API_ROOTS = ("api", "sapi", "fapi", "dapi", "eapi", "papi")


def path_parts(path: str) -> tuple[str | None, int | None, list[str]]:
    """(API root, version, the segments after them) of a path: `/fapi/v2/account` -> ("fapi", 2,
    ["account"]); a path that does not start with a versioned API root -> (None, None, all segments)."""
    segments = [s for s in path.strip("/").split("/") if s]
    if len(segments) >= 2 and segments[0] in _API_ROOTS:
        m = _VERSION.fullmatch(segments[1])
        if m:
            return segments[0], int(m.group(1)), segments[2:]
    return None, None, segments


def endpoint_name(method: str, path: str) -> str:
    """The method name of an endpoint inside its product's namespace (see above): the path after its
    API root and version in snake_case, `_vN` when the version is not the root's first, and the HTTP
    method in front for anything but GET."""
    root, version, rest = path_parts(path)
    noun = "_".join(w for w in (snake(s) for s in rest) if w)
    if root is not None and version is not None and version != BASE_VERSIONS.get(root, 1):
        noun = f"{noun}_v{version}" if noun else f"v{version}"
    noun = noun or "root"
    verb = method.lower()
    name = noun if verb == "get" else f"{verb}_{noun}"
    return identifier(name, "endpoint")


def qualified_name(method: str, path: str) -> str:
    """The name an endpoint takes when its short name clashes with another endpoint of its product
    (two paths that differ only in case or punctuation): its whole path, root and version included,
    and a short hash of the path as written when even that is not unique."""
    import hashlib

    verb = method.lower()
    whole = "_".join(w for w in (snake(s) for s in path.strip("/").split("/")) if w) or "root"
    tag = hashlib.sha256(path.encode("utf-8")).hexdigest()[:6]
    return identifier(f"{whole}_{tag}" if verb == "get" else f"{verb}_{whole}_{tag}", "endpoint")
