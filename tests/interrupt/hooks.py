"""Run `specgen` in a subprocess with a pause hook, so a test can kill it at a chosen point.

SPECGEN_TEST_PAUSE="write:N" pauses before the Nth file write of the build (a file written, or an
unchanged one linked into the new folder); "swap:N" pauses before
the Nth os.replace (with two folders to swap: 1, 2: the journals; 3: first folder -> .old, 4: its
temp -> folder; 5, 6: the same for the second folder).
On pausing, the hook creates the file named by SPECGEN_TEST_MARK and sleeps.
SPECGEN_TEST_FAIL="N:ENOSPC" (or EROFS, EACCES) makes the Nth file write (or link) of the build fail
with that error instead, as a full disk or a read-only file system would.
This module is the subprocess's entry point (`python -m tests.interrupt.hooks ARGS...`); the
generator itself carries no test hooks.
"""

from __future__ import annotations

import builtins
import os
import sys
import time
from pathlib import Path


def _install_failure() -> None:
    spec = os.environ.get("SPECGEN_TEST_FAIL", "")
    if not spec:
        return
    import errno

    n, name = spec.split(":")
    code = getattr(errno, name)
    count = {"n": 0}
    from generator import folders

    real_open = builtins.open

    def open_(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if "w" in mode:
            count["n"] += 1
            if count["n"] == int(n):
                raise OSError(code, os.strerror(code), str(file))
        return real_open(file, mode, *args, **kwargs)

    folders.open = open_  # type: ignore[attr-defined]  # module global shadows the builtin
    real_link = folders._link

    def link(source: Path, target: Path) -> bool:  # an unchanged file placed by a link counts as a write
        count["n"] += 1
        if count["n"] == int(n):
            raise OSError(code, os.strerror(code), str(target))
        return real_link(source, target)

    folders._link = link  # type: ignore[assignment]


def _install() -> None:
    _install_failure()
    spec = os.environ.get("SPECGEN_TEST_PAUSE", "")
    if not spec:
        return
    what, n = spec.split(":")
    target = int(n)
    mark = Path(os.environ["SPECGEN_TEST_MARK"])
    count = {"n": 0}

    def pause() -> None:
        count["n"] += 1
        if count["n"] == target:
            mark.write_text("paused", encoding="utf-8")
            time.sleep(60)

    from generator import folders

    if what == "write":
        real_open = builtins.open

        def open_(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
            if "w" in mode and ".new-" in str(file):
                pause()
            return real_open(file, mode, *args, **kwargs)

        folders.open = open_  # type: ignore[attr-defined]  # module global shadows the builtin
        real_link = folders._link

        def link(source: Path, target: Path) -> bool:
            pause()
            return real_link(source, target)

        folders._link = link  # type: ignore[assignment]
    else:
        real_replace = os.replace

        class _Os:
            def __getattr__(self, name: str) -> object:
                return getattr(os, name)

            @staticmethod
            def replace(src: object, dst: object) -> None:
                pause()
                real_replace(src, dst)  # type: ignore[arg-type]

        folders.os = _Os()  # type: ignore[assignment]


if __name__ == "__main__":
    _install()
    from generator.cli import main

    sys.exit(main(sys.argv[1:]))
