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


# What `qualcode status` must not load: the REFI-QDA reader and writer, the codings tables, the importer, the
# reports and their analyses, re-anchoring's alignment and search's terminal widths. Project's base classes import
# these when a use case is called, so that every command does not pay for all of them.
STATUS_DOES_NOT_LOAD = ("qualcode.exchange", "qualcode.storage.exchange", "qualcode.project.exchange_export",
                        "qualcode.project.exchange_import", "qualcode.project.coding_exchange",
                        "qualcode.project.coding_import", "qualcode.project.importer", "qualcode.project.replacing",
                        "qualcode.project.reports", "qualcode.reporting", "qualcode.analysis",
                        "qualcode.domain.anchoring", "rapidfuzz", "wcwidth", "pandas", "jinja2")


def test_status_loads_no_exchange_search_or_reporting_modules(tmp_path: Path) -> None:
    project = str(tmp_path / "p")
    # Made in a process of its own: creating the database runs the migrations through sqlite-utils, which may
    # import pandas; opening an up-to-date project does not.
    subprocess.run([sys.executable, "-c", "import sys, pathlib; from qualcode.project import Project; "
                    "Project.init(pathlib.Path(sys.argv[1])).close()", project], check=True, cwd=ROOT)
    code = ("import sys; from qualcode.cli import main; assert main(['--project', sys.argv[1], 'status']) == 0; "
            f"print('loaded:', ','.join(sorted(m for m in sys.modules if m.startswith({STATUS_DOES_NOT_LOAD!r}))))")
    result = subprocess.run([sys.executable, "-c", code, project], capture_output=True, text=True, check=True,
                            cwd=ROOT)
    assert result.stdout.strip().splitlines()[-1] == "loaded:", result.stdout


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


# A report from the shell must not pay for pandas and numpy (a third of a second): the synthesis, the appendix and
# their charts count in plain Python (analysis.counts); only the tables' DataFrames need pandas.
REPORT_DOES_NOT_LOAD = ("pandas", "numpy", "qualcode.analysis._index", "qualcode.analysis.matrix",
                        "qualcode.analysis.frequencies", "qualcode.analysis.cooccurrence")


def test_html_synthesis_and_appendix_load_no_pandas(tmp_path: Path) -> None:
    project, out = tmp_path / "p", tmp_path / "out"
    # Built in a process of its own, as a researcher's project exists before the report is asked for.
    subprocess.run([sys.executable, "-c", "import sys, pathlib; sys.path.insert(0, sys.argv[2]); "
                    "import synthesis_project; synthesis_project.build(pathlib.Path(sys.argv[1]), 4)",
                    str(project), str(ROOT / "tests" / "functional")], check=True, cwd=ROOT)
    code = ("import sys; from qualcode.cli import main; "
            "assert main(['--project', sys.argv[1], 'report', 'synthesis', 'appendix', '--format', 'html', "
            "'--out', sys.argv[2]]) == 0; "
            f"print('loaded:', ','.join(sorted({{m if m.startswith('qualcode') else m.split('.')[0] "
            f"for m in sys.modules if m.startswith({REPORT_DOES_NOT_LOAD!r})}})))")
    result = subprocess.run([sys.executable, "-c", code, str(project), str(out)], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.strip().splitlines()[-1] == "loaded:", result.stdout
    synthesis = (out / "synthesis.html").read_text(encoding="utf-8")
    assert "<svg" in synthesis and "Netcongestie remt elektrificatie" in synthesis  # charts and findings were made
    assert "Bijlage C" in (out / "appendix.html").read_text(encoding="utf-8")
    # `qualcode words` words its tables with reporting.wording, as the reports do: that needs no pandas either.
    words = ("import sys; from qualcode.cli import main; "
             "assert main(['--project', sys.argv[1], 'words', '--by', 'case', '--out', sys.argv[2]]) == 0; "
             "print('loaded:', ','.join(m for m in ('pandas', 'numpy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", words, str(project), str(out / "words.md")], capture_output=True,
                            text=True, check=True, cwd=ROOT)
    assert result.stdout.strip().splitlines()[-1] == "loaded:", result.stdout
    assert "## gemeente: Zuidhaven" in (out / "words.md").read_text(encoding="utf-8")  # word_column's header
