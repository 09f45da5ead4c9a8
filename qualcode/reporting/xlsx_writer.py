"""DataFrames as an Excel workbook: one sheet per table, bold frozen header, sized columns, byte-identical output."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Sequence
from io import BytesIO
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from qualcode.reporting.frames import labelled_frame, plain_value
from qualcode.reporting.ooxml import document_time, normalise_zip

MAX_SHEET_NAME = 31
MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 8
_SLASHES = re.compile(r"[/\\]")
_INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?]")


def sheet_names(titles: Sequence[str]) -> list[str]:
    """Return valid, unique (case-insensitively, as Excel compares) sheet names for the given titles."""
    names: list[str] = []
    taken: set[str] = set()
    for title in titles:
        base = " ".join(_INVALID_SHEET_CHARACTERS.sub(" ", _SLASHES.sub("-", title)).split()).strip("'").strip()
        if not base or base.lower() == "history":  # Excel reserves "History"
            base = f"{base or 'Tabel'} {len(names) + 1}".strip()
        name, number = base[:MAX_SHEET_NAME], 1
        while name.lower() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[:MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def _cell_value(value: Any) -> Any:
    plain = plain_value(value)
    if isinstance(plain, float) and plain in (float("inf"), float("-inf")):
        return str(plain)
    if isinstance(plain, str):
        return ILLEGAL_CHARACTERS_RE.sub("", plain)
    return plain


def _display_length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime | dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.2f}")
    return max((len(line) for line in str(value).split("\n")), default=0)


def _write_sheet(workbook: Any, name: str, frame: pd.DataFrame) -> None:
    flat, label_columns = labelled_frame(frame)
    sheet = workbook.create_sheet(title=name)
    bold = Font(bold=True)
    for column_number, header in enumerate(flat.columns, start=1):
        cell = sheet.cell(row=1, column=column_number, value=_cell_value(header))
        cell.data_type = "s"
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    header_lines = 1
    for column_number in range(1, len(flat.columns) + 1):
        values = [_cell_value(value) for value in flat.iloc[:, column_number - 1].tolist()]
        longest = max([_display_length(value) for value in values], default=0)
        wrap = longest > MAX_COLUMN_WIDTH
        # The header wraps at its spaces (bold, a little wider): a column of one-digit counts under a code's name is
        # as wide as the name's longest word, not the whole name.
        header_text = str(_cell_value(flat.columns[column_number - 1]))
        longest = max(longest, max((len(word) for word in header_text.split()), default=0) * 11 // 10)
        header_lines = max(header_lines, -(-len(header_text) // max(min(max(longest, MIN_COLUMN_WIDTH - 2),
                                                                           MAX_COLUMN_WIDTH - 2), 1)))
        for row_number, value in enumerate(values, start=2):
            cell = sheet.cell(row=row_number, column=column_number, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text starting with "=" is text, never a formula
            elif isinstance(value, dt.datetime | dt.date):
                cell.number_format = "yyyy-mm-dd" if not isinstance(value, dt.datetime) or value.time() == dt.time() \
                    else "yyyy-mm-dd hh:mm"
            if wrap:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        letter = get_column_letter(column_number)
        sheet.column_dimensions[letter].width = min(max(longest + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH)
    if header_lines > 1:  # Excel and LibreOffice do not grow a row for wrapped text written by a program
        sheet.row_dimensions[1].height = 15 * min(header_lines, 8)
    sheet.freeze_panes = sheet.cell(row=2, column=label_columns + 1).coordinate
    if len(flat.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(flat.columns))}{len(flat) + 1}"


def tables_to_xlsx(tables: Sequence[tuple[str, pd.DataFrame]], *, timestamp: dt.datetime | None = None) -> bytes:
    """Return an .xlsx with one sheet per (title, frame); the same tables (and timestamp) give the same bytes.

    A meaningful index becomes the leading label column(s); label columns and the header row stay in view.
    """
    if not tables:
        raise ValueError("an Excel workbook needs at least one table")
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (_, frame) in zip(sheet_names([title for title, _ in tables]), tables, strict=True):
        _write_sheet(workbook, name, frame)
    moment = document_time(timestamp)
    workbook.properties.created = workbook.properties.modified = moment
    workbook.properties.creator = workbook.properties.lastModifiedBy = "qualcode"
    output = BytesIO()
    # ExcelWriter rather than Workbook.save: save stamps the current time as the modification date.
    archive = zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()  # closes the archive
    return normalise_zip(output.getvalue())


def rows_to_xlsx(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """Return an .xlsx with one sheet of plain rows under a header (text cells stay text, never formulas)."""
    return tables_to_xlsx([(title, pd.DataFrame([list(row) for row in rows], columns=list(columns)))])
