"""Word and XLSX layout of the reports: column widths from content, no word broken, borders on every row, each
Bijlage on a new page without an empty first page, captions kept with their tables, XLSX widths by content."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from qualcode.project import Project
from qualcode.project.demo import build_demo
from qualcode.reporting.docx_writer import markdown_to_docx

EMU_PER_TWIP = 635
CM = 360000
# The smallest width per character the writer may give (8 pt type, bold headers): 0.16 cm × 1.1.
SMALL_BOLD_CHAR_CM = 0.16 * 1.1


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("layout") / "demo"
    build_demo(root).close()
    return root


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Project]:
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    with Project.open(target) as project:
        yield project


def _grid_cm(table: docx.table.Table) -> list[float]:
    return [int(column.get(qn("w:w"))) * EMU_PER_TWIP / CM for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def _turned(table: docx.table.Table) -> list[bool]:
    return [cell._tc.tcPr.find(qn("w:textDirection")) is not None for cell in table.rows[0].cells]


def test_a_matrix_of_few_gemeenten_breaks_no_name_and_no_count() -> None:
    """The issue's case: four gemeenten, long code names; 'Noordwaard' broke into 'Noordwaar d', 'n van N' into one
    word a line, because every column was shrunk alike when the names did not fit in body type."""
    gemeenten = ["Noordwaard", "Oosterlanden", "Westerbroek", "Zuiderhaven"]
    codes = ["Verduurzaming concurreert met andere opgaven", "Onvoldoende inzicht in energiegebruik en energielabels",
             "Aansluiten bij natuurlijke onderhoudsmomenten", "Netcongestie remt elektrificatie"]
    rows = [f"| {code} | {' | '.join(str(n % 3 or '') for n in range(4))} | 3 van 4 |" for code in codes]
    markdown = "\n".join([f"| Code | {' | '.join(gemeenten)} | n van N |", "|" + " --- |" * 6, *rows]) + "\n"
    table = docx.Document(io.BytesIO(markdown_to_docx(markdown))).tables[0]
    widths, turned = _grid_cm(table), _turned(table)
    assert sum(widths) <= 16.01
    for column, name in enumerate(gemeenten, start=1):  # a name fits on one line, or is turned upwards
        assert turned[column] or widths[column] >= len(name) * SMALL_BOLD_CHAR_CM, (name, widths[column])
    assert widths[-1] >= len("n van N") * SMALL_BOLD_CHAR_CM  # the header and '3 van 4' stay on one line
    longest_code_word = max(len(word) for code in codes for word in code.split())
    assert widths[0] >= longest_code_word * SMALL_BOLD_CHAR_CM


def test_bijlage_a_keeps_dates_and_short_cells_on_one_line() -> None:
    markdown = ("| Gemeente | Gesprekspartner(s) | Functie | Datum |\n| --- | --- | --- | --- |\n"
                + "".join(f"| Westerbroek {n} | Marieke de Vries, Pieter Jansen | beleidsadviseur duurzaamheid en "
                          f"warmtetransitie bij de gemeente | 24 augustus 2024 |\n" for n in range(5)))
    table = docx.Document(io.BytesIO(markdown_to_docx(markdown))).tables[0]
    widths = _grid_cm(table)
    assert widths[3] >= len("24 augustus 2024") * 0.22  # body type: the whole date on one line
    assert widths[2] >= len("warmtetransitie") * 0.22  # the long function wraps between its words


def test_every_table_has_its_own_inner_borders_and_no_banding(demo: Project) -> None:
    content = demo.report("appendix", "docx").content
    body = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode("utf-8")
    properties = re.findall(r"<w:tblPr>(.*?)</w:tblPr>", body)
    assert properties
    for table in properties:
        borders = re.search(r"<w:tblBorders>(.*?)</w:tblBorders>", table)
        assert borders, table
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            assert re.search(rf'<w:{side} w:val="single"', borders[1]), (side, table)
        assert 'w:noHBand="1"' in table  # the style's banded rows took every other row's lines
    assert "<w:tcBorders>" not in body  # no row or cell takes them away again


def test_each_bijlage_starts_a_page_and_page_one_is_not_empty(demo: Project) -> None:
    document = docx.Document(io.BytesIO(demo.report("appendix", "docx").content))
    body = list(document.element.body)
    first = body[0]
    assert first.tag == qn("w:p") and "".join(first.itertext()).startswith("Bijlagen")  # the title opens page 1
    assert not document.element.body.findall(f".//{qn('w:br')}[@{qn('w:type')}='page']")
    starts = [p.text for p in document.paragraphs
              if p._p.pPr is not None and p._p.pPr.find(qn("w:pageBreakBefore")) is not None]
    assert [text[:9] for text in starts] == ["Bijlage B", "Bijlage C", "Bijlage D", "Bijlage E", "Bijlage F"]
    headings = [p.text for p in document.paragraphs if p.text.startswith("Bijlage A")]
    assert headings and headings[0] not in starts  # Bijlage A follows the title on page 1


def test_a_caption_stays_with_its_table(demo: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from qualcode.reporting import build_appendix

    monkeypatch.setattr(build_appendix, "MATRIX_CASES_PER_PART", 3)  # Bijlage C in parts, each with a caption
    document = docx.Document(io.BytesIO(demo.report("appendix", "docx").content))
    body = list(document.element.body)
    before_tables = [body[index - 1] for index, element in enumerate(body) if element.tag == qn("w:tbl")]
    captions = [p for p in before_tables if "".join(p.itertext()).startswith("Gemeenten ")]
    assert len(captions) == 3
    assert all(p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None for p in captions)


def test_xlsx_columns_are_as_wide_as_their_content_not_their_header(demo: Project) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(demo.table("matrix", "xlsx").content))
    sheet = workbook.active
    assert sheet is not None
    headers = [cell.value for cell in sheet[1]]
    for number, header in enumerate(headers[1:], start=2):
        letter = openpyxl.utils.get_column_letter(number)
        width = sheet.column_dimensions[letter].width
        longest_word = max(len(word) for word in str(header).split())
        assert longest_word <= width <= max(longest_word * 1.1 + 2, 10), (header, width)
        if len(str(header)) > 30:
            assert width < len(str(header))  # the 40-character column for one-digit counts is gone
    assert sheet.row_dimensions[1].height and sheet.row_dimensions[1].height > 15  # the wrapped header shows
    assert sheet["B1"].alignment.wrap_text


def test_the_text_before_a_chart_stays_on_its_page(demo: Project) -> None:
    document = docx.Document(io.BytesIO(demo.report("synthesis", "docx").content))
    body = list(document.element.body)
    charts = [index for index, element in enumerate(body) if element.findall(f".//{qn('w:drawing')}")]
    assert charts
    for index in charts:  # the type's summary line (its heading keeps with it by its style)
        before = body[index - 1]
        assert before.pPr is not None and before.pPr.find(qn("w:keepNext")) is not None


def test_a_wide_table_of_words_turns_its_headers_and_narrows_its_margins_before_it_breaks_a_word() -> None:
    """Bijlage E of the four-gemeenten project broke 'afwachten d', 'samenwerki ng' and 'ne e'."""
    header = ["Gemeente", "provincie", "inwoners", "g40", "regio", "houding", "speerpunten", "grootteklasse",
              "interviews"]
    rows = [["Oosterlanden", "Noord-Holland", "312.000", "nee", "Zuidwest", "afwachtend", "samenwerking, participatie",
             "middelgroot", "1"]] * 4
    markdown = "\n".join(["| " + " | ".join(header) + " |", "|" + " --- |" * len(header),
                          *["| " + " | ".join(row) + " |" for row in rows]]) + "\n"
    table = docx.Document(io.BytesIO(markdown_to_docx(markdown))).tables[0]
    widths, turned = _grid_cm(table), _turned(table)
    assert sum(widths) <= 16.01
    assert table._tbl.tblPr.find(qn("w:tblCellMar")) is not None  # margins of 0.1 cm instead of Word's 0.19
    for column, text in enumerate(rows[0]):
        longest = max(len(word) for word in [*text.split(), *([] if turned[column] else header[column].split())])
        assert widths[column] >= longest * 0.16 + 0.2, (header[column], widths[column])
    assert turned[header.index("grootteklasse")] and turned[header.index("interviews")]


def test_no_word_of_the_appendix_breaks_in_its_word_cell(demo: Project) -> None:
    """Measured with DejaVu, LibreOffice's stand-in for Cambria (and wider than Cambria): Bijlage E broke the bold
    header 'g40' into 'g4 0' and 'samenwerking' into 'samenwerkin g' when widths came from an average character."""
    from PIL import ImageFont

    fonts = Path(__file__).resolve().parents[2] / "qualcode" / "reporting" / "fonts"
    regular, bold = (ImageFont.truetype(str(fonts / name), 1000)
                     for name in ("DejaVuSans-subset.ttf", "DejaVuSans-Bold-subset.ttf"))
    document = docx.Document(io.BytesIO(demo.report("appendix", "docx").content))
    checked = 0
    for table in document.tables:
        tight = table._tbl.tblPr.find(qn("w:tblCellMar")) is not None
        widths, turned = _grid_cm(table), _turned(table)
        small = table.rows[-1].cells[0].paragraphs[0].style.name == "Tabel klein"
        points = 8 if small else 11
        for row_number, row in enumerate(table.rows):
            for column, cell in enumerate(row.cells):
                if row_number == 0 and turned[column]:
                    continue
                font = bold if row_number == 0 or column == 0 else regular
                room = widths[column] - (0.2 if tight else 0.38)
                for word in cell.text.split():
                    needed = font.getlength(word) / 1000 * points / 72 * 2.54
                    assert needed <= room, (table.rows[0].cells[0].text, word, round(needed, 2), round(room, 2))
                    checked += 1
    assert checked > 500
