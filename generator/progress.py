"""Progress for long runs, on stderr: a build's stages are parse (pages), specs (spec texts dumped and
loaded back), render (modules rendered, counted as they come) and format (blocks black runs on).

On a terminal (stderr is a tty and `CI` is not set) one line is redrawn in place as a bar; otherwise
(CI logs, pipes, files) plain lines are printed: when a stage starts and at every quarter of it, so
logs stay short. The bar's line is cleared when a stage ends, so the summary line printed after a run
is always the last line of output. `--quiet` (mode "off") prints nothing.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

WIDTH = 30


def choose_mode(stream: TextIO, quiet: bool = False, environ: dict[str, str] | None = None) -> str:
    """"off" when quiet, "bar" on an interactive terminal, "lines" in CI or when not a tty."""
    env = os.environ if environ is None else environ
    if quiet:
        return "off"
    is_tty = getattr(stream, "isatty", lambda: False)()
    if env.get("CI") or not is_tty:
        return "lines"
    return "bar"


class Progress:
    """Counts work done in named stages: start(stage, total), advance(n), finish()."""

    def __init__(self, stream: TextIO | None = None, mode: str | None = None, min_total: int = 20) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.mode = mode or choose_mode(self.stream)
        self.min_total = min_total  # stages smaller than this are not worth reporting
        self.stage = ""
        self.total = 0
        self.done = 0
        self._shown = -1
        self._started = time.perf_counter()
        self._drawn = False
        self._shown_stage = False
        self.counting = False

    def start(self, stage: str, total: int | None, size: float = 1.0) -> None:
        """A new stage of `total` items, each `size` times the work of parsing one page (formatting
        one block of code is a fraction of it): stages smaller than min_total pages are not shown.
        A stage whose number of items is not known beforehand (total None) counts what it does;
        `size` is then its whole work in pages."""
        self.finish()
        self.counting = total is None
        self.stage, self.total, self.done, self._shown = stage, total or 0, 0, -1
        self._shown_stage = (size if total is None else total * size) >= self.min_total
        self._started = time.perf_counter()
        if self.mode == "lines" and self._shown_stage:
            self._write(f"specgen: {stage}: {'started' if self.counting else f'{total} to do'}\n")
        self._draw()

    def advance(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n) if self.total else self.done + n
        self._draw()

    def finish(self) -> None:
        """End the current stage: clear the bar (tty) so the next line starts clean."""
        if self.mode == "lines" and self.counting and self.stage and self._shown_stage:
            seconds = time.perf_counter() - self._started
            self._write(f"specgen: {self.stage}: {self.done} done ({seconds:.1f}s)\n")
        self.counting = False
        if self.mode == "bar" and self._drawn:
            self._write("\r\x1b[2K")
        self._drawn = False
        self.stage = ""

    def _draw(self) -> None:
        if self.mode == "off" or not self.stage or not self._shown_stage:
            return
        if self.mode == "bar" and self.counting:
            self._write(f"\r{self.stage:<7} [{self.done}]")
            self._drawn = True
            return
        if self.mode == "bar":
            filled = WIDTH * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (WIDTH - filled)
            self._write(f"\r{self.stage:<7} [{bar}] {self.done}/{self.total}")
            self._drawn = True
            return
        if self.counting:
            return  # lines mode: the count is printed when the stage ends
        quarter = 4 * self.done // max(self.total, 1)
        if quarter > self._shown and self.done:
            self._shown = quarter
            if self.done < self.total and quarter in (1, 2, 3):
                self._write(f"specgen: {self.stage}: {self.done}/{self.total}\n")
            elif self.done == self.total:
                seconds = time.perf_counter() - self._started
                self._write(f"specgen: {self.stage}: {self.done}/{self.total} done ({seconds:.1f}s)\n")

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
