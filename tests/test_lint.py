"""The code's habits, checked by `make test` (so CI runs them): ruff's lint and format check over the
Python, mypy over the engine, ESLint over the page scripts. A failure prints the tool's own report."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> None:
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(command)}\n{proc.stdout}\n{proc.stderr}"


def test_ruff_lint():
    run(str(BIN / "ruff"), "check", ".")


def test_ruff_format():
    run(str(BIN / "ruff"), "format", "--check", ".")


def test_mypy_on_the_engine():
    run(str(BIN / "mypy"))  # files and options: pyproject.toml [tool.mypy]


def test_eslint_on_the_page_scripts():
    eslint = ROOT / "node_modules" / ".bin" / "eslint"
    if not eslint.exists():
        pytest.fail("node_modules/.bin/eslint is missing: run `make setup` (npm ci)")
    run(shutil.which("node") or "node", str(eslint), ".")
