"""What a run tells: repeated warnings collapse, the summary counts skipped pages, progress covers every
stage of the build (parsing, spec texts, rendering, formatting)."""

from __future__ import annotations

import io
from pathlib import Path

from generator import build, report
from generator.cache import Cache
from generator.model import Diagnostic
from generator.progress import Progress

from ..conftest import copy_seed_pages


def _d(line: int, code: str = "language-mismatch", endpoint: str = "GET /sapi/v1/x", file: str = "a.md") -> Diagnostic:
    return Diagnostic(file, line, "warning", code, f"{endpoint}: English and Chinese disagree ({line})")


def test_repeated_warnings_of_one_kind_on_one_endpoint_collapse_into_one_line() -> None:
    diagnostics = [_d(12), _d(40), _d(51), _d(60, endpoint="GET /sapi/v1/y"), _d(70, code="weight-missing"),
                   _d(80, file="b.md")]
    lines: list[str] = []
    report.print_diagnostics(diagnostics, lines.append)
    assert lines[0] == ("a.md:12: warning: GET /sapi/v1/x: English and Chinese disagree (12); and 2 more like it on "
                        "this endpoint (lines 40, 51; -v shows them) [language-mismatch]")
    assert len(lines) == 4  # another endpoint, another code, another page: each its own line
    every: list[str] = []
    report.print_diagnostics(diagnostics, every.append, verbose=True)
    assert every == [d.format() for d in diagnostics]


def test_diagnostics_without_an_endpoint_are_never_folded() -> None:
    plain = [Diagnostic("a.md", n, "warning", "encoding-error", "bad byte") for n in (1, 2)]
    lines: list[str] = []
    report.print_diagnostics(plain, lines.append)
    assert lines == [d.format() for d in plain]


def test_the_summary_counts_skipped_pages_by_code() -> None:
    skipped = {"a.md": "not-an-endpoint-page", "b.md": "not-an-endpoint-page", "c.md": "duplicate-endpoint"}
    line = report.summary(10, skipped, 7, [_d(1)], 0.5, "; x updated")
    assert line == ("specgen: 10 pages (3 skipped: 2 not-an-endpoint-page, 1 duplicate-endpoint), 7 endpoints, "
                    "1 warnings, 0 errors, 0.50s; x updated")
    assert report.summary(3, {}, 3, [], 0.1).startswith("specgen: 3 pages, 3 endpoints, 0 warnings, 0 errors, ")


def test_progress_covers_parsing_spec_texts_rendering_and_formatting(tmp_path: Path, monkeypatch) -> None:
    copy_seed_pages(tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    from generator.render import templates_root

    build.build([Path("docs")], Path("specs"), Cache(None), templates_root(), jobs=1,
                progress=Progress(out, "lines", min_total=0))
    lines = out.getvalue().splitlines()
    started = [line.split(":")[1].strip() for line in lines if line.endswith(("to do", ": started"))]
    assert started == ["parse", "specs", "render", "format"]
    done = [line for line in lines if " done (" in line]
    assert [line.split(":")[1].strip() for line in done] == started
    assert "specgen: render: started" in lines  # counted as it goes: render says what it makes only after
    (count,) = [int(line.split()[2]) for line in lines if line.startswith("specgen: render: ") and " done (" in line]
    assert count >= 4  # two products: at least a module and a case file each
