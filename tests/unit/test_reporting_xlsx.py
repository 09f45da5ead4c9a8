"""Tables as an Excel workbook: sheets, a bold frozen header, sized columns, typed numbers and identical bytes."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd

from qualcode.reporting.xlsx_writer import sheet_names, tables_to_xlsx

LONG = "Een lang citaat dat zeker breder is dan zestig tekens en dus moet teruglopen in de cel."


def _tables() -> list[tuple[str, pd.DataFrame]]:
    frequencies = pd.DataFrame({"code": ["Capaciteit", "Financiering"], "aantal": [58400, 3],
                                "aandeel": [0.25, 0.5], "citaat": [LONG, "=SUM(A1:A2)"]})
    matrix = pd.DataFrame([[1, 0], [2, 5]], index=pd.Index(["Westerbroek", "Ede"], name="gemeente"),
                          columns=["Capaciteit", "Financiering"])
    return [("Frequenties", frequencies), ("Gemeente × code: matrix [n]", matrix)]


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_one_sheet_per_table_with_valid_names() -> None:
    workbook = _open(tables_to_xlsx(_tables()))
    assert workbook.sheetnames == ["Frequenties", "Gemeente × code matrix n"]
    assert sheet_names(["a/b", "A/B", "x" * 40, "History", ""]) == ["a-b", "A-B (2)", "x" * 31, "History 4", "Tabel 5"]


def test_header_is_bold_and_frozen_and_filters_are_on() -> None:
    workbook = _open(tables_to_xlsx(_tables()))
    frequencies, matrix = workbook["Frequenties"], workbook["Gemeente × code matrix n"]
    assert [cell.value for cell in frequencies[1]] == ["code", "aantal", "aandeel", "citaat"]
    assert all(cell.font.bold for cell in frequencies[1])
    assert frequencies.freeze_panes == "B2"  # the leading text column is a label column
    assert matrix.freeze_panes == "B2" and matrix["A1"].value == "gemeente" and matrix["A3"].value == "Ede"
    assert frequencies.auto_filter.ref == "A1:D3"


def test_numbers_stay_numbers_and_text_stays_text() -> None:
    sheet = _open(tables_to_xlsx(_tables()))["Frequenties"]
    assert sheet["B2"].value == 58400 and sheet["B2"].data_type == "n"
    assert sheet["C3"].value == 0.5
    assert sheet["D3"].value == "=SUM(A1:A2)" and sheet["D3"].data_type == "s"


def test_columns_are_sized_and_long_text_wraps() -> None:
    sheet = _open(tables_to_xlsx(_tables()))["Frequenties"]
    assert sheet.column_dimensions["A"].width > 8.43
    assert sheet.column_dimensions["D"].width == 60
    assert sheet["D2"].alignment.wrap_text


def test_same_tables_give_the_same_bytes() -> None:
    first, second = tables_to_xlsx(_tables()), tables_to_xlsx(_tables())
    assert first == second
    properties = _open(first).properties
    assert properties.created == properties.modified == dt.datetime(2000, 1, 1)
    assert tables_to_xlsx(_tables(), timestamp=dt.datetime(2025, 4, 11)) != first
