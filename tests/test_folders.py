"""folders.write_folder refuses a file name that would land outside the folder it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.folders import write_folder


@pytest.mark.parametrize("name", ["../outside.txt", "a/../../outside.txt", "/tmp/outside.txt", ".", "a/.."])
def test_a_name_outside_the_folder_is_refused_and_nothing_changes(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "out"
    write_folder(folder, {"kept.txt": "old\n"})
    with pytest.raises(ValueError, match="outside the output folder"):
        write_folder(folder, {"kept.txt": "new\n", name: "x\n"})
    assert (folder / "kept.txt").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_name_that_stays_inside_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    write_folder(folder, {"a/../b.txt": "b\n", "c/d.txt": "d\n"})
    assert (folder / "b.txt").read_text(encoding="utf-8") == "b\n" and (folder / "c" / "d.txt").is_file()
