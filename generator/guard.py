"""What writing new specs would lose, found before anything is written.

A build (or `parse`) may remove a spec only when it can account for it: its page (`source.file`) was
read and no longer gives it, or lies in a folder that was read (the page was deleted). Any other spec
(its page is not among the pages read: parsed from elsewhere, or an empty or wrong `--docs`) stops
the write, named, unless `--prune`.

And a bad scrape (misfiled pages, a definitions page lost) is stopped before it reaches the client:
removing many specs, or emptying the value lists of many parameters, stops the write unless
`--prune`. "Many" is more than a small share (SHARE) of what there was, and at least two (or all of
it); one endpoint retired by Binance passes.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field

from .model import Endpoint

SHARE = 0.05
SHOWN = 8  # names listed in a message before "... and N more" (all with -v)


def many(count: int, total: int) -> bool:
    """More than a small share: all of it, or at least two and more than SHARE of it."""
    return count > 0 and (count >= total or (count >= 2 and count > SHARE * total))


def in_scope(page: str, pages: set[str], folders: tuple[str, ...]) -> bool:
    """Whether a spec's page is one the run read, or lies in a folder it read."""
    return page in pages or any(folder in (".", "") or page.startswith(folder.rstrip("/") + "/") for folder in folders)


@dataclass
class Loss:
    """What the new specs lose against the old ones."""

    old_specs: int = 0
    removed: list[str] = field(default_factory=list)  # spec files
    foreign: list[tuple[str, str]] = field(default_factory=list)  # (spec file, its page) not accounted for
    old_lists: int = 0
    lists_lost: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (spec file, param, values)

    def refused(self) -> bool:
        return bool(self.foreign) or many(len(self.removed), self.old_specs) or many(len(self.lists_lost), self.old_lists)

    def message(self, folder: str, verbose: bool = False) -> list[str]:
        """Why the write was refused, as lines (the first says what, the last what to do)."""
        lines: list[str] = []
        if self.foreign:
            lines.append(f"specgen: refusing to write {folder}: {len(self.foreign)} spec(s) come from pages this run "
                         f"does not read, and would be removed:")
            lines += _listed([f"  {folder}/{name} (from {page})" for name, page in self.foreign], verbose)
            lines.append("  add their pages to the docs folder (or parse them with `specgen parse`), "
                         "or rerun with --prune to remove them")
        if many(len(self.removed), self.old_specs) or many(len(self.lists_lost), self.old_lists):
            lines.append(f"specgen: refusing to write {folder}: a bad scrape? the new specs would remove "
                         f"{len(self.removed)} of {self.old_specs} specs and empty the value lists of "
                         f"{len(self.lists_lost)} of {self.old_lists} parameters (more than {SHARE:.0%} of "
                         f"either stops a write)")
            named = {name for name, _ in self.foreign}
            lines += _listed([f"  removed: {folder}/{name}" for name in self.removed if name not in named], verbose)
            lines += _listed([f"  values lost: {folder}/{name}: `{param}` ({', '.join(values[:6])}"
                              f"{', ...' if len(values) > 6 else ''})" for name, param, values in self.lists_lost], verbose)
            lines.append("  check the pages (`specgen diff` compares the two spec sets); if the docs really "
                         "changed this much, rerun with --prune")
        return lines


def _listed(items: list[str], verbose: bool) -> list[str]:
    if verbose or len(items) <= SHOWN:
        return items
    return items[:SHOWN] + [f"  ... and {len(items) - SHOWN} more (-v lists them all)"]


def loss(old: Mapping[str, Endpoint], new: Mapping[str, Endpoint], removable: set[str], pages: set[str],
         folders: tuple[str, ...], unchanged: Set[str] = frozenset(), old_lists: int | None = None) -> Loss:
    """What replacing the `removable` specs of `old` (spec file -> endpoint) by `new` loses. `pages`
    and `folders` are what the run read (a removed spec whose page is neither is foreign). Specs
    named in `unchanged` are the same on both sides (lose nothing: not looked at); `old_lists`, when
    given, is the number of parameters with values in `old`."""
    if old_lists is None:
        old_lists = sum(1 for ep in old.values() for p in ep.params if p.enum)
    found = Loss(old_specs=len(old), old_lists=old_lists)
    for name in sorted(removable - set(new)):
        found.removed.append(name)
        page = old[name].source.file
        if not in_scope(page, pages, folders):
            found.foreign.append((name, page))
    for name in sorted((set(old) & set(new)) - set(unchanged)):
        after = {p.name: p for p in new[name].params}
        for p in old[name].params:
            q = after.get(p.name)
            if p.enum and q is not None and not q.enum:
                found.lists_lost.append((name, p.name, list(p.enum)))
    return found
