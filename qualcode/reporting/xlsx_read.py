"""Reading an Excel workbook's first sheet as rows of text (openpyxl lives in reporting), hostile files refused."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qualcode.domain.errors import ProjectError, shorten

MAX_PARTS = 10_000
MAX_XML_BYTES = 300_000_000  # unpacked XML; a sheet of 100,000 codings with their text is well under 100 MB
MAX_ROWS = 1_000_000
SEARCH_ROWS = 10  # rows of each sheet that `wanted` sees


def _check_package(path: Path, name: str) -> None:
    """Refuse a zip bomb or an XML entity bomb before openpyxl unpacks and parses anything (declared sizes bound
    what zipfile unpacks)."""
    hint = "open it in Excel and save it again as .xlsx (or save it as CSV)"
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
            if len(entries) > MAX_PARTS:
                raise ProjectError(f"this workbook has {len(entries):,} parts (Excel writes a few dozen)", file=name,
                                   hint=hint)
            xml_parts = [entry for entry in entries if entry.filename.endswith((".xml", ".rels"))]
            unpacked = sum(entry.file_size for entry in xml_parts)
            if unpacked > MAX_XML_BYTES:
                raise ProjectError(f"this workbook unpacks to {unpacked / 1e6:,.0f} MB of XML (qualcode reads up to "
                                   f"{MAX_XML_BYTES // 1_000_000} MB)", file=name, hint=hint)
            if not any(entry.filename.casefold() == "xl/workbook.xml" for entry in entries):
                raise ProjectError("this zip file is no Excel workbook (it has no xl/workbook.xml)", file=name,
                                   hint=hint)
            for entry in xml_parts:
                with package.open(entry) as part:
                    start = part.read(4096)
                if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                    raise ProjectError(f"this workbook declares entities in {shorten(entry.filename)} (<!DOCTYPE>), "
                                       "which Excel never writes", file=name, hint=hint)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as error:
        raise ProjectError(f"this .xlsx cannot be opened as an Excel workbook ({type(error).__name__})", file=name,
                           hint=hint) from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def xlsx_records(path: Path, name: str, *,
                 wanted: Callable[[list[list[str]]], bool] | None = None) -> list[tuple[int, list[str]]]:
    """The rows of a worksheet as text, each with its row number (cached values of formulas): of the first sheet
    whose first rows `wanted` accepts, else of the first sheet."""
    _check_package(path, name)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or fake workbook
        raise ProjectError(f"this .xlsx cannot be opened as an Excel workbook ({type(error).__name__})", file=name,
                           hint="open it in Excel and save it again as .xlsx (or save it as CSV)") from None
    try:
        sheet = workbook.worksheets[0]
        if wanted is not None:
            sheet = next((candidate for candidate in workbook.worksheets
                          if wanted([[_text(value) for value in row]
                                     for row in candidate.iter_rows(max_row=SEARCH_ROWS, values_only=True)])), sheet)
        records: list[tuple[int, list[str]]] = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise ProjectError(f"more than {MAX_ROWS:,} rows", file=name, hint="split the workbook")
            records.append((number, [_text(value) for value in row]))
        return records
    except ProjectError:
        raise
    except Exception as error:
        raise ProjectError(f"this .xlsx cannot be read ({type(error).__name__})", file=name,
                           hint="open it in Excel and save it again as .xlsx (or save it as CSV)") from None
    finally:
        workbook.close()
