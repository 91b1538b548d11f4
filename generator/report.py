"""What a run prints on stderr besides progress: its diagnostics and its one summary line.

* Diagnostics read `file:line: level: message [code]`. Warnings and errors are printed; infos only
  with -v. Repeats of one kind (level and code) on one endpoint collapse into the first, which names
  how many more there are and their lines (-v prints each).
* The summary line, printed last: pages (and how many gave no endpoint, by code), endpoints,
  warnings, errors, seconds, and what happened to the output folders. With -v the pages skipped
  are listed, one line each.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable

from .model import Diagnostic

_ENDPOINT = re.compile(r"^((?:GET|POST|PUT|DELETE|PATCH) /\S*?):")


def _endpoint_of(d: Diagnostic) -> str | None:
    m = _ENDPOINT.match(d.message)
    return m.group(1) if m else None


def collapse(diagnostics: list[Diagnostic]) -> list[tuple[Diagnostic, list[Diagnostic]]]:
    """Each diagnostic to print with the repeats folded into it: same page, level, code and endpoint."""
    groups: dict[tuple[str, str, str, str], list[Diagnostic]] = {}
    out: list[tuple[Diagnostic, list[Diagnostic]]] = []
    for d in diagnostics:
        endpoint = _endpoint_of(d)
        if endpoint is None:
            out.append((d, []))
            continue
        key = (d.file, d.level, d.code, endpoint)
        if key in groups:
            groups[key].append(d)
            continue
        groups[key] = []
        out.append((d, groups[key]))
    return out


def format_collapsed(d: Diagnostic, more: list[Diagnostic]) -> str:
    if not more:
        return d.format()
    lines = ", ".join(str(m.line) for m in more[:6]) + (", ..." if len(more) > 6 else "")
    folded = Diagnostic(d.file, d.line, d.level, d.code,
                        f"{d.message}; and {len(more)} more like it on this endpoint (lines {lines}; -v shows them)")
    return folded.format()


def print_diagnostics(diagnostics: list[Diagnostic], say: Callable[[str], None], verbose: bool = False) -> None:
    shown = [d for d in diagnostics if verbose or d.level != "info"]
    if verbose:
        for d in shown:
            say(d.format())
        return
    for d, more in collapse(shown):
        say(format_collapsed(d, more))


def counts(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    levels = Counter(d.level for d in diagnostics)
    return levels["error"], levels["warning"]


def pages_text(pages: int, skipped: dict[str, str]) -> str:
    """`808 pages (252 skipped: 240 not-an-endpoint-page, 12 duplicate-endpoint)`."""
    if not skipped:
        return f"{pages} pages"
    why = ", ".join(f"{n} {code}" for code, n in sorted(Counter(skipped.values()).items(), key=lambda i: (-i[1], i[0])))
    return f"{pages} pages ({len(skipped)} skipped: {why})"


def summary(pages: int, skipped: dict[str, str], endpoints: int, diagnostics: list[Diagnostic], seconds: float,
            tail: str = "") -> str:
    errors, warnings = counts(diagnostics)
    return (f"specgen: {pages_text(pages, skipped)}, {endpoints} endpoints, {warnings} warnings, {errors} errors, "
            f"{seconds:.2f}s{tail}")


def skipped_lines(skipped: dict[str, str]) -> list[str]:
    return [f"specgen: skipped {page} [{code}]" for page, code in sorted(skipped.items())]
