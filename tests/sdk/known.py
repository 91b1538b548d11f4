"""The wire-comparison section of tests/conformance/KNOWN.md, read as data.

Each row names an endpoint (request line and our method), the kinds of difference (`CAUSES` keys of
tests/sdk/wire.py, comma-separated), whose they are (`page`: the page and the SDK disagree and our
client sends what the page says; `parser`: the parser misreads the page, listed until it is fixed)
and the page's own words.
"""

from __future__ import annotations

import re
from pathlib import Path

KNOWN = Path(__file__).resolve().parents[1] / "conformance" / "KNOWN.md"
SECTION = "## Wire comparison with the official Python SDKs"
_ROW = re.compile(r"^\| `(GET|POST|PUT|DELETE) ([^`]+)` \| `([\w.]+)` \| ([\w, -]+?) \| (page|parser) \|")


def load_known(path: Path = KNOWN) -> dict[str, tuple[frozenset[str], str]]:
    """Our method name -> (the cause kinds listed, page or parser)."""
    text = path.read_text(encoding="utf-8")
    if SECTION not in text:
        return {}
    section = text.split(SECTION, 1)[1]
    section = re.split(r"^## ", section, maxsplit=1, flags=re.M)[0]
    out: dict[str, tuple[frozenset[str], str]] = {}
    for line in section.splitlines():
        m = _ROW.match(line)
        if m:
            kinds = frozenset(k.strip() for k in m.group(4).split(","))
            out[m.group(3)] = (kinds, m.group(5))
    return out
