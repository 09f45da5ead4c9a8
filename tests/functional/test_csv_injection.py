"""CSV formula injection: text cells that a spreadsheet would run as a formula are written as text (OWASP)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from qualcode.project import Project

TRANSCRIPT = """\
Gemeente: Westerbroek
Gesprekspartner: Marieke de Vries
Functie: beleidsadviseur
Datum: 11 april 2025
Interviewer: Sanne Bakker

1. Financiën

Sanne: Wat stond er in de begroting?

Marieke: =HYPERLINK("http://x","klik")

Marieke: -2+3

Marieke: @SUM(A1:A9) stond er ook.

Marieke: Gewoon een zin over de begroting.
"""

CODEBOOK = """\
name: Klein
codes:
  - id: geld
    name: Financiën
    children:
      - id: geld.budget
        name: "=Geen budget"
        type: barrier
        description: Er is geen geld.
"""

HOSTILE = ('=HYPERLINK("http://x","klik")', "-2+3", "@SUM(A1:A9) stond er ook.")


@pytest.fixture
def hostile_project(tmp_path: Path) -> Path:
    source = tmp_path / "bron"
    source.mkdir()
    (source / "westerbroek.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (tmp_path / "codes.yaml").write_text(CODEBOOK, encoding="utf-8")
    with Project.init(tmp_path / "p", name="Klein") as project:
        project.import_transcripts([source])
        project.load_codebook(tmp_path / "codes.yaml")
        guid = project.documents()[0].guid
        text = project.document_text(guid)
        for sentence in (*HOSTILE, "Gewoon een zin over de begroting."):
            start = text.index(sentence)
            project.apply_coding(guid, start, start + len(sentence), "geld.budget", "sanne")
    return tmp_path / "p"


def test_quotes_that_look_like_formulas_are_prefixed_in_csv(hostile_project: Path, cli: Callable) -> None:
    out = hostile_project / "citaten.csv"
    result = cli("--project", hostile_project, "table", "quotes", "--format", "csv", "--out", out)
    assert result.code == 0, result.text
    cells = [cell for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8"))) for cell in row]
    for quote in HOSTILE:
        assert any(cell.startswith("'" + quote[:8]) for cell in cells), (quote, cells)
        assert not any(cell.startswith(quote[:8]) for cell in cells), (quote, cells)
    assert "'=Geen budget" in cells and "=Geen budget" not in cells
    assert any(cell.startswith("Gewoon een zin") for cell in cells), "ordinary text is not prefixed"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_xlsx_cells_stay_strings_never_formulas(hostile_project: Path, cli: Callable) -> None:
    out = hostile_project / "citaten.xlsx"
    result = cli("--project", hostile_project, "table", "quotes", "--format", "xlsx", "--out", out)
    assert result.code == 0, result.text
    sheet = openpyxl.load_workbook(out).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    hostile = [cell for cell in cells if cell.value.startswith(("=", "-", "@"))]
    # In XLSX the text is kept as typed (a string cell cannot run), so nothing is prefixed there.
    assert {cell.value[:8] for cell in hostile} >= {quote[:8] for quote in HOSTILE}
    assert all(cell.data_type == "s" for cell in hostile), [(cell.value, cell.data_type) for cell in hostile]
    assert not any(cell.value.startswith("'") for cell in cells)


def test_markdown_is_not_prefixed(hostile_project: Path, cli: Callable) -> None:
    out = hostile_project / "citaten.md"
    result = cli("--project", hostile_project, "table", "quotes", "--format", "md", "--out", out)
    assert result.code == 0, result.text
    text = out.read_text(encoding="utf-8")
    assert "'=" not in text and "'-2" not in text
    assert "-2+3" in text


def test_a_matrix_keeps_negative_numbers_as_numbers_and_prefixes_a_code_name(hostile_project: Path,
                                                                           cli: Callable) -> None:
    out = hostile_project / "matrix.csv"
    assert cli("--project", hostile_project, "table", "matrix", "--format", "csv", "--out", out).code == 0
    header = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert "'=Geen budget" in header
