"""The stat fast path (generator/stamps.py): a no-op build or check reads neither pages nor output files
whose stat signatures the last run recorded, and a change is seen however it was made: a new mtime,
the same size and mtime put back (the ctime tells), a file replaced, a change in the same clock tick
as the record (racy: read again). `--no-cache` records and trusts nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import build, cli, folders, stamps

from ..conftest import SEED_PAGES, copy_seed_pages

PAGE = SEED_PAGES[0].name


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_seed_pages(tmp_path / "specs" / "docs")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "--no-progress"]) == 0
    return tmp_path


def _specgen(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main([*args, "--no-progress"])
    return code, capsys.readouterr().err


def _same_size_edit(path: Path, old: str, new: str) -> None:
    """Change a file's bytes keeping its size and mtime (as `cp -p` or `touch -r` would leave it)."""
    assert len(old) == len(new)
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def _nothing_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the run if it reads a page or an output file."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"read {args}")

    monkeypatch.setattr(folders, "read_text", refuse)
    monkeypatch.setattr(build, "open", refuse, raising=False)  # scan_pages and page_data read pages with open()


def test_a_noop_build_and_check_read_no_page_and_no_output(project: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    code, first = _specgen(capsys, "build")
    assert code == 0
    _nothing_read(monkeypatch)
    code, err = _specgen(capsys, "build")
    assert code == 0 and "specs/endpoints unchanged, generated unchanged" in err
    assert err.splitlines()[-1].split(",")[:3] == first.splitlines()[-1].split(",")[:3]  # the same summary
    code, err = _specgen(capsys, "check")
    assert code == 0 and "up to date" in err


def test_a_page_edited_with_a_new_mtime_is_seen(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = project / "specs" / "docs" / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("3000", "4000"), encoding="utf-8")
    code, err = _specgen(capsys, "check")
    assert code == 1
    code, err = _specgen(capsys, "build")
    assert code == 0 and "specs/endpoints updated" in err
    assert "4000" in (project / "specs" / "endpoints" / "post_sapi_v1_portfolio_repay.yaml").read_text(encoding="utf-8")


def test_a_page_edited_keeping_its_size_and_mtime_is_seen(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _same_size_edit(project / "specs" / "docs" / PAGE, "3000", "4000")  # the ctime still changes
    code, err = _specgen(capsys, "build")
    assert code == 0 and "specs/endpoints updated" in err
    assert "4000" in (project / "specs" / "endpoints" / "post_sapi_v1_portfolio_repay.yaml").read_text(encoding="utf-8")


def test_an_output_edited_keeping_its_size_and_mtime_is_seen(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = project / "specs" / "endpoints" / "post_sapi_v1_portfolio_repay.yaml"
    _same_size_edit(spec, "3000", "4000")
    code, err = _specgen(capsys, "check")
    assert code == 1
    code, err = _specgen(capsys, "build")
    assert code == 0 and "specs/endpoints updated" in err and "3000" in spec.read_text(encoding="utf-8")
    code, err = _specgen(capsys, "check")
    assert code == 0


def test_a_file_added_to_the_package_is_kept_and_reported_by_the_next_noop(
        project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "generated" / "NOTES.md").write_text("mine\n", encoding="utf-8")
    code, err = _specgen(capsys, "build")
    assert code == 0 and "(1 file not written by specgen kept)" in err
    _nothing_read(monkeypatch)
    code, err = _specgen(capsys, "build")
    assert code == 0 and "generated unchanged (1 file not written by specgen kept)" in err


def test_racy_files_are_read_again(project: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose mtime is not older than its record's stamp could have changed in that same clock
    tick without changing its signature: it is read, and its bytes decide."""
    import shutil

    shutil.rmtree(project / ".specgen-cache" / stamps.KIND)
    monkeypatch.setattr(stamps, "probe", lambda cache: (0, os.stat(project).st_dev))  # records from now on:
    code, err = _specgen(capsys, "build")  # every file as new as the stamp
    assert code == 0 and "unchanged, generated unchanged" in err
    page = project / "specs" / "docs" / PAGE
    before = page.stat()
    _same_size_edit(page, "3000", "4000")
    real_signature = stamps.signature

    def unchanged(st: os.stat_result) -> stamps.Signature:  # the edit left the page's signature as it was
        return real_signature(before) if st.st_ino == before.st_ino else real_signature(st)

    monkeypatch.setattr(stamps, "signature", unchanged)
    reads: list[str] = []
    real_read = folders.read_text
    monkeypatch.setattr(folders, "read_text", lambda path: reads.append(path) or real_read(path))
    code, err = _specgen(capsys, "build")
    assert code == 0 and "specs/endpoints updated" in err
    assert "4000" in (project / "specs" / "endpoints" / "post_sapi_v1_portfolio_repay.yaml").read_text(encoding="utf-8")
    assert reads  # the output files were read too, not trusted


def test_record_trusts_only_signatures_older_than_its_stamp() -> None:
    sig = (10, 1_000, 1_500, 7, 1)
    record = stamps.Record((2_000, 1), {"a": (sig, "d")})
    assert record.trusted("a", sig) == "d"
    assert record.trusted("a", (10, 1_000, 1_600, 7, 1)) is None  # another ctime: touched
    assert record.trusted("b", sig) is None
    assert stamps.Record((1_500, 1), {"a": (sig, "d")}).trusted("a", sig) is None  # same tick as the stamp: racy
    other_device = (10, 1_000, 1_500, 7, 2)
    assert stamps.Record((2_000, 1), {"a": (other_device, "d")}).trusted("a", other_device) is None
    later = 1_500 + stamps.RACY_MARGIN_NS + 1
    assert stamps.Record((later, 1), {"a": (other_device, "d")}).trusted("a", other_device) == "d"
    assert stamps.Record(None, {"a": (sig, "d")}).trusted("a", sig) is None


def test_no_cache_records_and_trusts_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    copy_seed_pages(tmp_path / "specs" / "docs")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        code, err = _specgen(capsys, "build", "--no-cache")
        assert code == 0
    assert not (tmp_path / ".specgen-cache").exists()
    _same_size_edit(tmp_path / "specs" / "docs" / PAGE, "3000", "4000")
    code, err = _specgen(capsys, "build", "--no-cache")
    assert code == 0 and "specs/endpoints updated" in err


def test_a_page_changed_after_the_scan_stops_the_run(project: Path) -> None:
    """page_data reads a page the scan did not read; bytes other than those the scan vouched for are
    never parsed under the old digest."""
    (page,) = [p for p in build.scan_pages([Path("specs/docs")], cli.Cache(Path(".specgen-cache")))
               if p.name.endswith(PAGE)]
    assert page.data is None and page.digest is not None  # known by its stamp, not read
    Path(page.path).write_text("other", encoding="utf-8")
    with pytest.raises(OSError, match="changed while specgen ran"):
        build.page_data(page)


def test_a_rebuild_reads_only_the_outputs_it_changes(project: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """An output file the record vouches for, holding what the build wants there, is not read
    (outputs.known_texts); the result is the one a build without the cache writes."""
    import shutil

    again = project.parent / "again"
    shutil.copytree(project, again, ignore=shutil.ignore_patterns(".specgen-cache"))
    reads: list[str] = []
    real = folders.read_text
    monkeypatch.setattr(folders, "read_text", lambda path: reads.append(Path(path).name) or real(path))
    for folder in (project, again):
        page = folder / "specs" / "docs" / PAGE
        page.write_text(page.read_text(encoding="utf-8").replace("3000", "4000"), encoding="utf-8")
    code, err = _specgen(capsys, "build")
    assert code == 0 and "specs/endpoints updated, generated updated" in err
    assert "post_sapi_v1_portfolio_repay.yaml" in reads and len(reads) <= 8, reads
    monkeypatch.chdir(again)
    assert _specgen(capsys, "build", "--no-cache")[0] == 0

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and ".specgen-cache" not in p.parts}

    assert files(again) == files(project)
