"""The runtime templates as they ship: generate the fixture package, then check it with mypy --strict,
run its hand-written runtime tests, and check that importing it stays cheap."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import load_specs, package_files, write_folder

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_SPECS = ROOT / "tests" / "fixtures" / "specs"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("runtime") / "pkg"
    write_folder(folder, package_files(load_specs(FIXTURE_SPECS)))
    return folder


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_runtime_files_ship(package: Path) -> None:
    for name in ("_core.py", "_transport.py", "_signing.py", "_limits.py", "_retry.py", "_clock.py", "py.typed"):
        assert (package / "binance_api" / name).is_file(), name
    for name in ("mock_binance.py", "local_binance.py", "test_runtime_calls.py"):
        assert (package / "tests" / name).is_file(), name


def test_generated_package_passes_mypy_strict(package: Path) -> None:
    pytest.importorskip("mypy")
    result = run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "binance_api"], package)
    assert result.returncode == 0, result.stdout + result.stderr


def test_shipped_runtime_tests_pass(package: Path) -> None:
    result = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", "--deselect", "tests/test_runtime_load.py"],
        package,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_import_is_cheap_and_lazy(package: Path) -> None:
    code = (
        "import sys, binance_api\n"
        "assert 'httpx' not in sys.modules\n"
        "assert not [m for m in sys.modules if m.startswith('binance_api._api_') or m == 'binance_api._core']\n"
        "from binance_api import Client, AsyncClient, RateLimiter, Budget, RetryPolicy\n"
        "assert 'httpx' in sys.modules\n"
    )
    result = run([sys.executable, "-c", code], package)
    assert result.returncode == 0, result.stderr


def test_signature_of_the_public_constructor_is_typed(package: Path) -> None:
    code = (
        "import inspect\n"
        "from binance_api import Client, AsyncClient\n"
        "for cls in (Client, AsyncClient):\n"
        "    params = inspect.signature(cls).parameters\n"
        "    assert not [p for p in params.values() if p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL)], cls\n"
        "    wanted = ['api_key', 'api_secret', 'private_key', 'private_key_passphrase', 'base_url', 'testnet',\n"
        "              'transport', 'http_client', 'timeout', 'proxy', 'recv_window', 'limiter', 'retry', 'allow_http']\n"
        "    assert list(params) == wanted, list(params)\n"
    )
    result = run([sys.executable, "-c", code], package)
    assert result.returncode == 0, result.stderr
