"""Progress output: a bar on a terminal, plain lines in CI or pipes, nothing when asked."""

from __future__ import annotations

import io

from generator.progress import Progress, choose_mode


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_mode_choice() -> None:
    assert choose_mode(Tty(), environ={}) == "bar"
    assert choose_mode(Tty(), environ={"CI": "true"}) == "lines"
    assert choose_mode(io.StringIO(), environ={}) == "lines"
    assert choose_mode(Tty(), quiet=True, environ={}) == "off"


def _run(progress: Progress, total: int = 100) -> None:
    progress.start("parse", total)
    for _ in range(total):
        progress.advance()
    progress.finish()


def test_lines_mode_prints_start_quarters_and_end() -> None:
    out = io.StringIO()
    _run(Progress(out, "lines"))
    lines = out.getvalue().splitlines()
    assert lines[0] == "specgen: parse: 100 to do"
    assert lines[1:4] == ["specgen: parse: 25/100", "specgen: parse: 50/100", "specgen: parse: 75/100"]
    assert lines[4].startswith("specgen: parse: 100/100 done (") and len(lines) == 5


def test_bar_mode_redraws_one_line_and_clears_it() -> None:
    out = Tty()
    _run(Progress(out, "bar"), total=40)
    text = out.getvalue()
    assert "\n" not in text
    assert "\rparse   [" + "#" * 30 + "] 40/40" in text
    assert text.endswith("\r\x1b[2K")  # cleared, so the summary line starts clean


def test_small_stages_and_off_mode_print_nothing() -> None:
    out = io.StringIO()
    _run(Progress(out, "lines"), total=5)
    _run(Progress(out, "off"))
    assert out.getvalue() == ""


def test_cli_prints_progress_lines_in_ci_and_ends_with_the_summary(tmp_path, monkeypatch, capsys) -> None:
    from generator.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(24):
        (docs / f"page{i:02d}.md").write_text(f"# General info {i}\n\nNo endpoints here.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CI", "true")
    assert main(["build", "--docs", "docs", "--no-cache"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "specgen: parse: 24 to do"
    assert any(line.startswith("specgen: parse: 24/24 done") for line in lines)
    assert lines[-1].startswith("specgen: 24 pages (24 skipped: 24 not-an-endpoint-page), 0 endpoints, 0 warnings, 0 errors, ")
    assert main(["build", "--docs", "docs", "--no-progress", "--no-cache"]) == 0
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_a_stage_of_unknown_size_counts_what_it_does() -> None:
    out = io.StringIO()
    progress = Progress(out, "lines")
    progress.start("render", None, size=100)
    for _ in range(7):
        progress.advance()
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[0] == "specgen: render: started" and lines[1].startswith("specgen: render: 7 done (")
    bar = Tty()
    progress = Progress(bar, "bar")
    progress.start("render", None, size=100)
    progress.advance()
    progress.finish()
    assert "\rrender  [1]" in bar.getvalue() and bar.getvalue().endswith("\r\x1b[2K")
    small = io.StringIO()
    progress = Progress(small, "lines")
    progress.start("render", None, size=3)  # a small build: nothing to show
    progress.advance()
    progress.finish()
    assert small.getvalue() == ""
