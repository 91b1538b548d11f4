"""The pipeline's steps as plain functions: pages -> spec texts, spec files -> endpoints, endpoints ->
package files; plus writing a folder so that a failed or interrupted run leaves the old one intact.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Callable, Iterator
from pathlib import Path

from .model import Diagnostic, Endpoint
from .spec_yaml import SCHEMA_FILE, SpecError, dumps, loads, spec_filename

SCHEMA_NAME = "schema.json"
# Never copied, compared or deleted inside an output folder: caches and build leftovers.
IGNORED_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache", "build", "dist"}


@dataclass
class SpecSet:
    """Spec file texts keyed by file name, with the endpoints and diagnostics they came from."""

    files: dict[str, str]
    endpoints: list[Endpoint]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0


def count_pages(paths: list[Path]) -> int:
    total = 0
    for p in paths:
        total += sum(1 for f in p.rglob("*") if f.is_file()) if p.is_dir() else 1
    return total


def specs_from_pages(paths: list[Path]) -> SpecSet:
    from .parse import parse_paths  # here, so that `generate` never loads the parser

    endpoints, diagnostics = parse_paths(paths)
    files, clashes = spec_file_texts(endpoints)
    return SpecSet(files, endpoints, diagnostics + clashes, count_pages(paths))


def spec_file_texts(endpoints: list[Endpoint], dump: Callable[[Endpoint, str], str] | None = None,
                    ) -> tuple[dict[str, str], list[Diagnostic]]:
    """The spec folder's files (one YAML per endpoint, plus the schema), sorted by name; an endpoint
    whose file name is taken (names compared case-insensitively) is left out with an error.
    `dump(endpoint, file name)` gives a spec's text (default spec_yaml.dumps; the cached build
    passes one that remembers texts)."""
    diagnostics: list[Diagnostic] = []
    files: dict[str, str] = {SCHEMA_NAME: SCHEMA_FILE.read_text(encoding="utf-8")}
    taken = {SCHEMA_NAME.lower()}
    for ep in endpoints:
        name = spec_filename(ep)
        if name.lower() in taken:
            diagnostics.append(
                Diagnostic(ep.source.file, ep.source.line or 1, "error", "spec-name-clash",
                           f"{ep.method} {ep.path}: spec file name {name} is already taken; endpoint left out")
            )
            continue
        taken.add(name.lower())
        files[name] = dump(ep, name) if dump is not None else dumps(ep)
    return dict(sorted(files.items())), diagnostics


def load_spec_texts(files: dict[str, str], folder: Path) -> list[Endpoint]:
    """Endpoints from spec texts; raises SpecError naming every bad file (file:line: key: problem)."""
    endpoints, errors = [], []
    for name, text in sorted(files.items()):
        if not name.endswith((".yaml", ".yml")):
            continue
        try:
            endpoints.append(loads(text, (folder / name).as_posix()))
        except SpecError as exc:
            errors.append(str(exc))
    if errors:
        raise SpecError("\n".join(errors))
    return endpoints


def read_folder(folder: Path) -> dict[str, str]:
    """Text files below a folder, keyed by POSIX relative path (caches and build leftovers skipped)."""
    out: dict[str, str] = {}
    if not folder.is_dir():
        return out
    for root, dirs, names in os.walk(folder):
        rel = os.path.relpath(root, folder).replace(os.sep, "/")
        top = rel == "."
        dirs[:] = [d for d in dirs if d not in IGNORED_PARTS and not (top and d.endswith(".egg-info"))]
        for name in names:
            if name in IGNORED_PARTS or (top and name.endswith(".egg-info")):
                continue
            path = os.path.join(root, name)
            if not os.path.isfile(path):
                continue
            key = name if top else f"{rel}/{name}"
            try:
                with open(path, encoding="utf-8", newline="") as fh:
                    out[key] = fh.read()
            except UnicodeDecodeError:
                out[key] = "<binary file>"
    return dict(sorted(out.items()))


def load_specs(folder: Path) -> list[Endpoint]:
    if not folder.is_dir():
        raise SpecError(f"{folder}: no such spec folder (run `specgen parse` first)")
    files = {n: t for n, t in read_folder(folder).items() if "/" not in n}
    return load_spec_texts(files, folder)


def package_files(endpoints: list[Endpoint]) -> dict[str, str]:
    """The package files, black run on each whole file (the reference the cached build must equal)."""
    from .render import render_package  # here, so that a warm `check` never imports jinja2 and black

    return render_package(endpoints)


def diff_folder(folder: Path, expected: dict[str, str]) -> list[str]:
    """Unified diff lines between a folder on disk and what it should contain."""
    actual = read_folder(folder)
    lines: list[str] = []
    for name in sorted(set(actual) | set(expected)):
        old, new = actual.get(name), expected.get(name)
        if old == new:
            continue
        label = (folder / name).as_posix()
        lines += difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            (new or "").splitlines(keepends=True),
            fromfile=label if old is not None else "/dev/null",
            tofile=label if new is not None else "/dev/null",
        )
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
    return lines


def write_folder(folder: Path, files: dict[str, str], keep: tuple[str, ...] = ()) -> bool:
    """Make `folder` hold exactly `files` (plus the kept hand-written paths); False when nothing changed.

    The new content is written to a temporary folder beside it and swapped in with renames, so an
    exception, Ctrl-C or kill at any point leaves either the old folder or the new one, never a mix.
    """
    return write_folders([(folder, files, keep)])[0]


def write_folders(jobs: list[tuple[Path, dict[str, str], tuple[str, ...]]]) -> list[bool]:
    """write_folder for several folders, all or nothing: every temporary folder is complete before
    the first swap, and Ctrl-C is held back during the swaps. When more than one folder changes, a
    journal beside each lists every swap before the first one starts: a run killed between two swaps
    is rolled forward by the next run's `recover`, so new specs never stay beside old generated code."""
    prepared: list[Path | None] = []
    try:
        for folder, files, keep in jobs:
            prepared.append(_prepare(folder, files, keep))
        swaps = [(folder, tmp) for (folder, _, _), tmp in zip(jobs, prepared) if tmp is not None]
        with _sigint_held():
            if len(swaps) > 1:
                _write_journals(swaps)
            for folder, tmp in swaps:
                _swap(folder, tmp)
            for folder, _ in swaps:
                _journal(folder).unlink(missing_ok=True)
    except BaseException:
        for (folder, _, _), tmp in zip(jobs, prepared):
            if tmp is not None and not _journal(folder).exists():
                shutil.rmtree(tmp, ignore_errors=True)
            recover(folder)
        raise
    return [tmp is not None for tmp in prepared]


def _beside(folder: Path, tag: str) -> Path:
    """A hidden working path next to an output folder: `.endpoints.old`, `.generated.swap.json` ..."""
    return folder.parent / f".{folder.name}.{tag}"


def _journal(folder: Path) -> Path:
    return _beside(folder, "swap.json")


def _write_journals(swaps: list[tuple[Path, Path]]) -> None:
    """One journal per folder, each naming every (folder, temporary folder) pair; each is written
    whole under another name and renamed, so a journal that exists is complete. The swaps are
    committed once the last journal exists."""
    text = json.dumps([[str(folder.resolve()), str(tmp.resolve())] for folder, tmp in swaps])
    for folder, _ in swaps:
        part = _beside(folder, "swap.part")
        with open(part, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, _journal(folder))


def _read_journal(journal: Path) -> list[tuple[Path, Path]] | None:
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
        return [(Path(folder), Path(tmp)) for folder, tmp in pairs]
    except (OSError, ValueError, TypeError):
        return None


def _settle_journal(journal: Path) -> None:
    """Finish (every journal of the set exists: committed) or undo (one is missing: no swap began)
    the swaps a killed run had journaled."""
    swaps = _read_journal(journal)
    if swaps is None:
        journal.unlink(missing_ok=True)
        return
    committed = all(_journal(folder).exists() for folder, _ in swaps)
    for folder, tmp in swaps:
        old = _beside(folder, "old")
        if committed and tmp.is_dir():
            if folder.exists():
                shutil.rmtree(old, ignore_errors=True)
                os.replace(folder, old)
            os.replace(tmp, folder)
        elif not committed:
            shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    for folder, _ in swaps:
        _journal(folder).unlink(missing_ok=True)
        (_beside(folder, "swap.part")).unlink(missing_ok=True)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)  # a pending Ctrl-C is delivered here


def _prepare(folder: Path, files: dict[str, str], keep: tuple[str, ...]) -> Path | None:
    """The new content in a temporary folder beside `folder`; None when nothing would change."""
    recover(folder)
    kept = {n: t for n, t in read_folder(folder).items() if n in keep}
    wanted = {**files, **kept}
    if folder.is_dir() and not diff_folder(folder, wanted):
        return None
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
    try:
        for name, text in wanted.items():
            target = tmp / name
            if tmp.resolve() not in target.resolve().parents:
                raise ValueError(f"refusing to write outside the output folder: {name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def _swap(folder: Path, tmp: Path) -> None:
    old = _beside(folder, "old")
    if folder.exists():
        os.replace(folder, old)
    os.replace(tmp, folder)
    shutil.rmtree(old, ignore_errors=True)


def recover(folder: Path) -> None:
    """Finish or undo the swaps of a run that was killed: journaled swaps of several folders are
    finished together (or, when not yet committed, undone together); a single swap cut off between
    its two renames is undone."""
    journal = _journal(folder)
    if journal.exists():
        _settle_journal(journal)
    (_beside(folder, "swap.part")).unlink(missing_ok=True)
    old = _beside(folder, "old")
    if old.is_dir():
        if not folder.exists():
            os.replace(old, folder)
        else:
            shutil.rmtree(old, ignore_errors=True)
    if folder.parent.is_dir():  # temporary folders of a run that was killed while writing them
        for stale in folder.parent.glob(f".{folder.name}.new-*"):
            shutil.rmtree(stale, ignore_errors=True)
