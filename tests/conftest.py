"""Shared helpers for the generator's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SPECS = ROOT / "tests" / "fixtures" / "specs"
SHARED = ROOT.parent / "shared"
# The three seed pages at the top of specs/docs/ (the rest of the folder is the whole site): the
# workflow tests build these, the golden test (test_cli) and `specgen check` build everything.
SEED_PAGES = sorted((ROOT / "specs" / "docs").glob("*.txt"))


def copy_seed_pages(folder: Path) -> Path:
    """The seed pages copied into `folder` (created); returns the folder."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for page in SEED_PAGES:
        shutil.copy(page, folder / page.name)
    return folder


@pytest.fixture
def root() -> Path:
    return ROOT
