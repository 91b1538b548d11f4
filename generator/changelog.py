"""CHANGELOG.md of the generated package: one entry per build that changed the specs.

The entry compares the spec folder before the build with the specs the build writes (generator.diff)
and names the client methods affected; changes of one cause (a definitions page gone) are listed
under it with their count, and values that come from spec overrides say so. Newest entries come first, below the title. Nothing in an
entry comes from the clock: its heading is the newest `source.updated_at` among the new specs (the
date Binance last changed a page, so the same inputs always give the same heading) and a short hash
of the new spec files, which tells two entries of the same day apart and ties the entry to the exact
specs it describes. A build that does not change the specs leaves the file untouched.
"""

from __future__ import annotations

from .cache import digest
from .diff import LEVELS, Change, compare, groups
from .model import Endpoint

FILE = "CHANGELOG.md"
TITLE = "# Changelog\n\nChanges to the API of this package, newest first. Written by `specgen build`.\n"


def newest(new: list[Endpoint]) -> str | None:
    """The latest `source.updated_at` of the new specs (what an entry's heading is dated by)."""
    return max((ep.source.updated_at for ep in new if ep.source.updated_at), default=None)


def heading(new: list[Endpoint], spec_files: dict[str, str]) -> str:
    return _heading(newest(new), spec_files)


def _heading(stamp: str | None, spec_files: dict[str, str]) -> str:
    spec_hash = digest(*[part for name, text in sorted(spec_files.items()) for part in (name, text)])[:12]
    date = stamp[:10] if stamp else None
    return f"## {date} (specs {spec_hash})" if date else f"## specs {spec_hash}"


def entry(old: list[Endpoint], new: list[Endpoint], spec_files: dict[str, str]) -> str | None:
    """The Markdown entry for one build, or None when the API did not change."""
    if not old and new:
        return first_entry(len(new), newest(new), spec_files)
    return changes_entry(compare(old, new), newest(new), spec_files)


def first_entry(count: int, stamp: str | None, spec_files: dict[str, str]) -> str:
    return f"{_heading(stamp, spec_files)}\n\nFirst specs: {count} endpoints.\n"


def changes_entry(changes: list[Change], stamp: str | None, spec_files: dict[str, str]) -> str | None:
    """The entry for these changes (diff.compare of the old and new specs), or None when there are
    none; `stamp` is newest() of the new specs."""
    if not changes:
        return None
    lines = [_heading(stamp, spec_files), ""]
    for level in LEVELS:
        items = [c for c in changes if c.level == level]
        if not items:
            continue
        lines += [f"### {level.capitalize()}", ""]
        grouped, rest = groups(items)
        for cause, members in grouped:
            lines.append(f"- {len(members)} changes, one cause: {cause}")
            lines += ["  " + _item(c, with_cause=False) for c in members]
        lines += [_item(c) for c in rest] + [""]
    return "\n".join(lines)


def _item(change: Change, with_cause: bool = True) -> str:
    cause = f" ({change.cause})" if with_cause and change.cause else ""
    return f"- `{change.method_name}()` (`{change.endpoint}`): {change.message}{cause} [{change.rule}]"


def updated(existing: str | None, old: list[Endpoint], new: list[Endpoint], spec_files: dict[str, str]) -> str | None:
    """The new text of CHANGELOG.md (None: no file and nothing to say)."""
    return with_entry(existing, entry(old, new, spec_files))


def with_entry(existing: str | None, text: str | None) -> str | None:
    """CHANGELOG.md with an entry put first (None: the file as it was)."""
    if text is None:
        return existing
    body = existing[len(TITLE):].lstrip("\n") if existing and existing.startswith(TITLE) else (existing or "")
    return f"{TITLE}\n{text}\n{body}".rstrip("\n") + "\n"
