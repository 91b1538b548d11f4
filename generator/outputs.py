"""What each output folder must hold after a run, and which of its files a run leaves alone.

* The spec folder: specgen writes its spec files (`*.yaml` directly in it) and `schema.json`; any
  other file there (a README, notes, a subfolder) is carried over as it is. Which specs a run may
  remove is guard.py's question.
* The package folder: specgen writes the rendered package, CHANGELOG.md, and `.specgen-files`, the
  list of every file it wrote. A file that list does not name (a hand-made `NOTES.md`, a test of your
  own) was not written by specgen: it is carried over untouched, never overwritten or deleted, and
  named with -v. Files listed in `keep` ([tool.specgen]) are carried over even when the build would
  write them (a hand-written README.md). A file specgen wrote before and no longer writes (a product
  that is gone) is removed. Build leftovers (`build/`, `*.egg-info`, caches) are never touched.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import stamps
from .build import PACK_SLACK, SCHEMA_NAME, is_spec_name, load_spec_texts
from .cache import Cache, Pack, step_version
from . import folders
from .folders import FolderWrite, read_folder
from .model import Diagnostic, Endpoint, Source, Text

if TYPE_CHECKING:
    from .diff import SpecFacts

MANIFEST = ".specgen-files"
CHANGELOG = "CHANGELOG.md"
_MANIFEST_HEAD = "# Files specgen wrote in this folder; any other file here is left as it is.\n"


@dataclass
class Planned:
    """A folder's write, and the files in it that specgen did not write (carried over)."""

    write: FolderWrite
    current: dict[str, str]
    foreign: list[str] = field(default_factory=list)
    clobbered: list[str] = field(default_factory=list)  # files specgen did not write that it would overwrite

    def expected(self) -> dict[str, str]:
        """The folder's text files after the write (for `check`)."""
        carried = {n: self.current[n] for n in self.write.carry if n in self.current}
        return {**self.write.files, **carried}


def spec_folder(folder: Path, spec_files: dict[str, str], current: dict[str, str] | None = None) -> Planned:
    current = read_folder(folder) if current is None else current
    others = tuple(n for n in current if not is_spec_name(n) and n != SCHEMA_NAME)
    return Planned(FolderWrite(folder, spec_files, others, current), current, list(others))


def listed(current: dict[str, str]) -> set[str]:
    """The files the package folder's manifest names (what specgen wrote there last time)."""
    text = current.get(MANIFEST, "")
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def package_folder(folder: Path, package: dict[str, str], keep: tuple[str, ...], changelog: str | None,
                   current: dict[str, str] | None = None) -> Planned:
    """The package folder's write: the package, the CHANGELOG (None: keep the one there), the manifest."""
    current = read_folder(folder) if current is None else current
    carry = [n for n in keep if n in current]  # a kept file the folder does not have yet is written once
    files = {n: t for n, t in package.items() if n not in carry}
    if changelog is not None and CHANGELOG not in carry:
        files[CHANGELOG] = changelog
    elif CHANGELOG in current and CHANGELOG not in carry:
        carry.append(CHANGELOG)
    written = listed(current)
    foreign = sorted(n for n in current if n not in files and n not in keep and n != MANIFEST
                     and n not in written and n != CHANGELOG)
    clobbered = sorted(n for n in files if MANIFEST in current and n in current and n not in written
                       and n != CHANGELOG and current[n] != files[n])
    carry += foreign
    names = sorted({*files, *(n for n in carry if n == CHANGELOG)})
    files[MANIFEST] = _MANIFEST_HEAD + "".join(f"{n}\n" for n in names)
    return Planned(FolderWrite(folder, dict(sorted(files.items())), tuple(sorted(set(carry))), current), current,
                   foreign, clobbered)


def specs_by_name(files: dict[str, str], folder: Path, cache: Cache) -> dict[str, Endpoint]:
    """The endpoints of a spec folder's files by file name; a spec that does not load stands as an
    endpoint with only its page (read from its text when it can be), so it is still accounted for."""
    return {name: _spec_endpoint(name, text, folder, cache) for name, text in files.items() if is_spec_name(name)}


def _spec_endpoint(name: str, text: str, folder: Path, cache: Cache) -> Endpoint:
    from .spec_yaml import SpecError

    try:
        (ep,) = load_spec_texts({name: text}, folder, cache)
    except SpecError:
        ep = Endpoint("", "", "", Text(), "", source=Source(file=_page_of(text)))
    return ep


class SpecFiles(Mapping[str, Endpoint]):
    """specs_by_name, each spec loaded when first asked for, and what the write guard and the
    CHANGELOG need of a spec they do not compare (diff.SpecFacts), kept in the cache by the spec's
    text: a build that changes a few specs loads those, not the whole folder."""

    def __init__(self, files: dict[str, str], folder: Path, cache: Cache, facts: FactsStore) -> None:
        self.files = {n: t for n, t in files.items() if is_spec_name(n)}
        self.folder, self.cache, self.kept = folder, cache, facts
        self._loaded: dict[str, Endpoint] = {}

    def __getitem__(self, name: str) -> Endpoint:
        if name not in self._loaded:
            self._loaded[name] = _spec_endpoint(name, self.files[name], self.folder, self.cache)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def facts(self, name: str) -> SpecFacts:
        return self.kept.facts(self, name)


class FactsStore:
    """The SpecFacts of a spec folder's specs, kept in a Pack (whose key holds the code that loads a
    spec and makes its facts) by each spec's name and text; shared by the two sides of a build, whose
    specs are mostly the same."""

    def __init__(self, cache: Cache, folder: Path, digests: Digests | None = None) -> None:
        self.pack = Pack(cache, "facts-pack", step_version("generator.outputs"), folder.as_posix())
        self.known: dict[tuple[str, str], SpecFacts] = {}
        self.digests = digests or Digests()

    def facts(self, specs: SpecFiles, name: str) -> SpecFacts:
        from .diff import SpecFacts, spec_facts

        text = specs.files[name]
        found = self.known.get((name, text))
        if found is None:
            key = f"{name} {self.digests.of(text)}"
            found = self.pack.get(key)
            if not isinstance(found, SpecFacts):
                found = spec_facts(specs[name])
                self.pack.put(key, found)
            self.known[(name, text)] = found
        return found

    def save(self) -> None:
        self.pack.save(PACK_SLACK)


def _page_of(text: str) -> str:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("source:"):
            for inner in [line[len("source:"):]] + lines[i + 1:]:
                found = inner.strip().strip("{}").split("file:", 1)
                if len(found) == 2:
                    return found[1].split(",")[0].strip().strip("'\"")
                if inner is not line and inner and not inner.startswith(" "):
                    break
    return ""


# ---------------------------------------------------------------------------- what the last run left


@dataclass
class Summary:
    """What a build or check reports, kept with the stamps of the folders it found or left up to date
    (so a run on the same inputs that finds them as they were reports it without building)."""

    pages: int
    skipped: dict[str, str]
    endpoints: int
    diagnostics: list[Diagnostic]
    foreign: list[str]


@dataclass
class Outputs:
    """The stamps of the output folders as a run left them up to date, for inputs `key`."""

    key: str
    folders: dict[str, stamps.Record]
    summary: Summary


FolderStats = dict[str, tuple[str, os.stat_result]]


def holds(record: stamps.Record, found: FolderStats) -> tuple[bool, bool]:
    """Whether a folder (its files as folders.folder_stats found them) holds what the record says: the
    same files, each with its recorded signature or, where the signature is not trusted (racy, or
    touched), the recorded digest of its text. Second: whether any file had to be read."""
    if found.keys() != record.files.keys():
        return False, False
    read = False
    for name, (path, st) in found.items():
        if record.trusted(name, stamps.signature(st)) is None:
            read = True
            try:
                if stamps.text_digest(folders.read_text(path)) != record.files[name][1]:
                    return False, True
            except OSError:
                return False, True
    return True, read


class Digests:
    """stamps.text_digest of texts, each computed once in a run (known by identity: the caller holds
    the texts, so an id is not reused)."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[str, str]] = {}

    def of(self, text: str) -> str:
        hit = self._seen.get(id(text))
        if hit is not None and hit[0] is text:
            return hit[1]
        found = stamps.text_digest(text)
        self._seen[id(text)] = (text, found)
        return found


def known_texts(found: FolderStats, record: stamps.Record | None, wanted: dict[str, str],
                digests: Digests) -> dict[str, str]:
    """A folder's texts as read_folder reads them, given its files as folder_stats found them: a file
    whose signature the record vouches for, holding the digest of the text the build wants there, is
    that text and is not read; any other file is read."""
    out: dict[str, str] = {}
    for name, (path, st) in found.items():
        text = wanted.get(name)
        known = record.trusted(name, stamps.signature(st)) if record is not None and text is not None else None
        out[name] = (text if known is not None and text is not None and known == digests.of(text)
                     else folders.read_text(path))
    return dict(sorted(out.items()))


def record_of(stamp: tuple[int, int] | None, found: FolderStats, files: dict[str, str],
              digests: Digests | None = None) -> stamps.Record | None:
    """The record of a folder whose files (found after `stamp`) hold `files`; None when they do not
    name the same files (the folder changed meanwhile: nothing is vouched for)."""
    if stamp is None or found.keys() != files.keys():
        return None
    digest_of = digests.of if digests is not None else stamps.text_digest
    return stamps.Record(stamp, {name: (stamps.signature(st), digest_of(files[name])) for name, (_, st) in found.items()})
