"""The generator type-checks: mypy over generator/ with the settings in pyproject.toml ([tool.mypy]),
as written for Python 3.10 (the oldest supported) and for the running Python."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("version", ["3.10", f"{sys.version_info.major}.{sys.version_info.minor}"])
def test_generator_passes_mypy(version: str) -> None:
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--python-version", version, "generator"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
