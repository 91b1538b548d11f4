"""Output folders: read and compare them, and write them whole or not at all.

A folder is written by building its new content in a temporary folder beside it and swapping the two
with renames, so an error, Ctrl-C or kill at any point leaves either the old folder or the new one,
never a mix. Several folders are swapped together: a journal beside each names every swap before the
first one starts, and a run killed between two swaps is finished (or undone) by the next run's
`recover`, so specs and generated code never come from different runs.

A file whose bytes do not change is hard-linked into the new folder rather than written again, so a
rebuild that changes one file of hundreds costs one write (and the old folder's deletion frees
nothing else); where links fail, the file is written.

What a swap keeps from the folder it replaces:
* modes: the new folder, its subfolders and its files take the modes of the ones they replace
  (new ones get the umask's defaults, as any other tool would give them);
* files the caller names to carry (kept hand-written files, files specgen did not write), byte for
  byte with their modes;
* build leftovers and caches (IGNORED_PARTS: `build/` of `pip install ./generated`, `*.egg-info`,
  `__pycache__` ...), which are never read, compared or copied, but moved into the new folder.

A folder (or a file in it that would change) without any write permission bit is read-only: it is not
replaced, and the write fails with a WriteError naming it before anything is changed. Every OSError
while writing becomes a WriteError naming the user-facing path (never the temporary one).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

# Never copied, compared or deleted inside an output folder: caches and build leftovers.
IGNORED_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache", "build", "dist"}


class WriteError(Exception):
    """A folder or file that could not be written; str() is one line: `path: reason`."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{Path(path).as_posix()}: {reason}")
        self.path = Path(path)
        self.reason = reason


def _ignored(name: str, top: bool) -> bool:
    return name in IGNORED_PARTS or (top and name.endswith(".egg-info"))


def _folder_files(folder: Path) -> Iterator[tuple[str, str, os.stat_result]]:
    """(POSIX relative path, path, stat) of the regular files below a folder (symbolic links followed),
    caches and build leftovers skipped: the files read_folder reads."""
    if not folder.is_dir():
        return
    for root, dirs, names in os.walk(folder):
        rel = os.path.relpath(root, folder).replace(os.sep, "/")
        top = rel == "."
        dirs[:] = [d for d in dirs if not _ignored(d, top)]
        for name in names:
            if _ignored(name, top):
                continue
            path = os.path.join(root, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                yield (name if top else f"{rel}/{name}"), path, st


def read_text(path: str) -> str:
    """A file's text as read_folder reads it (newlines as they are; "<binary file>" when not UTF-8)."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return fh.read()
    except UnicodeDecodeError:
        return "<binary file>"


def read_folder(folder: Path) -> dict[str, str]:
    """Text files below a folder, keyed by POSIX relative path (caches and build leftovers skipped)."""
    return dict(sorted((key, read_text(path)) for key, path, _ in _folder_files(folder)))


def folder_stats(folder: Path) -> dict[str, tuple[str, os.stat_result]]:
    """The files read_folder would read, each with its path and stat, without reading them."""
    return {key: (path, st) for key, path, st in _folder_files(folder)}


def diff_folder(folder: Path, expected: dict[str, str], actual: dict[str, str] | None = None) -> list[str]:
    """Unified diff lines between a folder on disk and what it should contain."""
    import difflib

    actual = read_folder(folder) if actual is None else actual
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


@dataclass
class FolderWrite:
    """One folder to write: the text files it must hold, and the files to carry over from it as they
    are (hand-written or not written by specgen; copied byte for byte)."""

    folder: Path
    files: dict[str, str]
    carry: tuple[str, ...] = ()
    current: dict[str, str] | None = None  # read_folder(folder), when the caller has just read it


def write_folder(folder: Path, files: dict[str, str], keep: tuple[str, ...] = ()) -> bool:
    """Make `folder` hold exactly `files` (plus the kept paths it has); False when nothing changed."""
    return write_folders([FolderWrite(folder, files, keep)])[0]


def write_folders(jobs: list[FolderWrite]) -> list[bool]:
    """Write several folders all or nothing (see the module's docstring); False where nothing changed.
    Raises WriteError (nothing changed) when a folder cannot be written."""
    prepared: list[Path | None] = []
    try:
        for job in jobs:
            prepared.append(_prepare(job))
        swaps = [(job.folder, tmp) for job, tmp in zip(jobs, prepared) if tmp is not None]
        with _sigint_held():
            if len(swaps) > 1:
                _write_journals(swaps)
            for folder, tmp in swaps:
                _swap(folder, tmp)
            for folder, _ in swaps:
                _journal(folder).unlink(missing_ok=True)
    except BaseException as exc:
        for job, made in zip(jobs, prepared):
            with contextlib.suppress(OSError):
                if made is not None and not _journal(job.folder).exists():
                    shutil.rmtree(made, ignore_errors=True)
                recover(job.folder)
        if isinstance(exc, OSError):
            raise _write_error(exc, jobs, prepared) from None
        raise
    return [tmp is not None for tmp in prepared]


def write_file(path: Path, text: str) -> None:
    """Write one file whole or not at all (temporary file, then rename; LF line endings), keeping the
    mode of the file it replaces; raises WriteError naming `path`."""
    parent = path.parent if str(path.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _check_writable(parent, "read-only folder")
        if path.exists():
            _check_writable(path, "read-only file; not replaced")
        mode = path.stat().st_mode if path.exists() else None
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            if mode is not None:
                os.chmod(tmp, stat.S_IMODE(mode))
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise WriteError(path, exc.strerror or str(exc)) from None


# ---------------------------------------------------------------------------- permissions and errors


def _writable(path: Path) -> bool:
    """Whether a path may be written: it has a write permission bit (a folder or file made read-only
    is respected even by root) and the OS lets this process write it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


def _check_writable(path: Path, reason: str) -> None:
    if not _writable(path):
        raise WriteError(path, reason)


def _write_error(exc: OSError, jobs: list[FolderWrite], prepared: list[Path | None]) -> WriteError:
    """An OSError as a WriteError naming the path the user knows (the output folder's, not the
    temporary folder's)."""
    if isinstance(exc, WriteError):
        return exc
    name = Path(str(exc.filename)) if exc.filename else None
    if name is not None:
        for job, tmp in zip(jobs, prepared):
            if tmp is not None and (name == tmp or tmp in name.parents):
                name = job.folder / name.relative_to(tmp)
            elif name.parent == job.folder.parent and name.name.startswith(f".{job.folder.name}."):
                name = job.folder  # its temporary folder, journal or old copy
    return WriteError(name or jobs[0].folder, exc.strerror or str(exc))



def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode(path: Path | str) -> int | None:
    try:
        return stat.S_IMODE(os.lstat(path).st_mode)
    except OSError:
        return None


# ---------------------------------------------------------------------------- preparing and swapping


def _beside(folder: Path, tag: str) -> Path:
    """A hidden working path next to an output folder: `.endpoints.old`, `.generated.swap.json` ..."""
    return folder.parent / f".{folder.name}.{tag}"


def _prepare(job: FolderWrite) -> Path | None:
    """The new content in a temporary folder beside the folder; None when nothing would change."""
    folder = job.folder
    recover(folder)
    current = read_folder(folder) if job.current is None else job.current
    carried = {n: current[n] for n in job.carry if n in current}
    wanted = {**job.files, **carried}
    if folder.is_dir() and current == wanted:
        return None
    if folder.exists():
        _check_writable(folder, "read-only folder; not replaced")
        for name in sorted(set(current) - set(carried)):
            if current[name] != wanted.get(name) and not _writable(folder / name):
                raise WriteError(folder / name, "read-only file; not replaced")
    folder.parent.mkdir(parents=True, exist_ok=True)
    _check_writable(folder.parent, "read-only folder")
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
    try:
        default_dir = 0o777 & ~_umask()
        os.chmod(tmp, (_mode(folder) if folder.is_dir() else None) or default_dir)  # mkdtemp makes it 0700
        made: set[Path] = {tmp}
        parents: set[str] = set()
        inside = os.path.realpath(tmp) + os.sep  # the new folder holds no link: names alone say where they lead
        for name, text in wanted.items():  # paths as strings: a rebuild places hundreds of files
            if not os.path.normpath(os.path.join(inside, name)).startswith(inside):
                raise ValueError(f"refusing to write outside the output folder: {name}")
            target, source = os.path.join(tmp, name), os.path.join(folder, name)
            parent = os.path.dirname(target)
            if parent not in parents:
                _make_parents(Path(parent), tmp, folder, made)
                parents.add(parent)
            if name in carried:
                shutil.copy2(source, target)
                continue
            if current.get(name) == text and _link(source, target):
                continue  # unchanged: the same file under the new folder (its bytes and mode as they are)
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            old_mode = _mode(source)
            if old_mode is not None:
                os.chmod(target, old_mode)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError):
            raise _write_error(exc, [job], [tmp]) from None
        raise
    return tmp


def _link(source: Path | str, target: Path | str) -> bool:
    """Hard-link an unchanged file into the new folder: a rebuild that changes one file of hundreds
    neither rewrites nor, when the old folder is deleted, frees the others. False where links are not
    to be had (another file system's rules, a file replaced meanwhile): the caller writes the file."""
    try:
        if not stat.S_ISREG(os.lstat(source).st_mode):
            return False
        os.link(source, target, follow_symlinks=False)
        return True
    except OSError:
        return False


def _make_parents(parent: Path, tmp: Path, folder: Path, made: set[Path]) -> None:
    """Create a file's folders inside the temporary folder with the modes of the folders they replace."""
    if parent in made:
        return
    _make_parents(parent.parent, tmp, folder, made)
    parent.mkdir(exist_ok=True)
    old_mode = _mode(folder / parent.relative_to(tmp))
    if old_mode is not None:
        os.chmod(parent, old_mode)
    made.add(parent)


def _swap(folder: Path, tmp: Path) -> None:
    old = _beside(folder, "old")
    if folder.exists():
        os.replace(folder, old)
    os.replace(tmp, folder)
    _retire(old, folder)


def _retire(old: Path, folder: Path) -> None:
    """Move the build leftovers and caches of the replaced folder into the new one, then delete it."""
    if old.is_dir():
        _move_ignored(old, folder)
    shutil.rmtree(old, ignore_errors=True)


def _move_ignored(old: Path, new: Path) -> None:
    for root, dirs, names in os.walk(old):
        rel = os.path.relpath(root, old)
        top = rel == "."
        target_root = new if top else new / rel
        for name in [*dirs, *names]:
            if not _ignored(name, top):
                continue
            target = target_root / name
            if target_root.is_dir() and not os.path.lexists(target):
                with contextlib.suppress(OSError):
                    os.replace(os.path.join(root, name), target)
        dirs[:] = [d for d in dirs if not _ignored(d, top) and (target_root / d).is_dir()]


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


# ---------------------------------------------------------------------------- journals and recovery


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
        if folder.is_dir():
            _retire(old, folder)
    for folder, _ in swaps:
        _journal(folder).unlink(missing_ok=True)
        (_beside(folder, "swap.part")).unlink(missing_ok=True)


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
            _retire(old, folder)
    if folder.parent.is_dir():  # temporary folders of a run that was killed while writing them
        for stale in folder.parent.glob(f".{folder.name}.new-*"):
            shutil.rmtree(stale, ignore_errors=True)
