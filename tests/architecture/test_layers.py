"""The layer rules of ARCHITECTURE.md, checked on the real package in fresh interpreters."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_cli_import_stays_light() -> None:
    code = ("import sys, qualcode.cli, qualcode.cli.commands; "
            "heavy = [m for m in ('textual', 'spacy', 'pandas', 'jinja2', 'docx', 'openpyxl') if m in sys.modules]; "
            "print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == ""


def test_import_linter_contracts_are_kept() -> None:
    executable = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(executable).exists():
        pytest.skip("lint-imports is not installed (pip install -e '.[test]')")
    result = subprocess.run([executable], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_module_has_a_docstring() -> None:
    import ast

    missing = [str(path.relative_to(ROOT)) for path in (ROOT / "qualcode").rglob("*.py")
               if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None]
    assert missing == []
