"""Shared helpers for the generator's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SPECS = ROOT / "tests" / "fixtures" / "specs"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def root() -> Path:
    return ROOT
