"""A table of codings as a spreadsheet holds it: CSV text read with its delimiter, columns known by name.

Column names are English (the names `codings export` writes); Dutch names and a few others are read as well.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from qualcode.domain.errors import ProjectError, shorten
from qualcode.domain.spreadsheet_csv import spreadsheet_csv

# field → the header names that mean it (compared case-insensitively, spaces and hyphens as underscores).
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "document": ("document", "doc", "documentnaam", "document_name", "title", "titel", "file", "bestand"),
    "document_guid": ("document_guid", "document_id", "documentid"),
    "case": ("case", "casus", "gemeente"),
    "start": ("start", "begin", "van", "from"),
    "end": ("end", "eind", "einde", "tot", "to"),
    "text": ("text", "tekst", "citaat", "quote", "fragment", "coded_text"),
    "code": ("code", "code_id", "code_key", "codesleutel"),
    "code_name": ("code_name", "codenaam", "naam_code"),
    "coder": ("coder", "codeur", "codeerder"),
    "created_at": ("created_at", "created", "aangemaakt", "datum"),
    "memo": ("memo", "notitie", "opmerking", "note"),
    "coding_guid": ("coding_guid", "coding_id", "coding", "id"),
}
_FIELD_OF = {name: field for field, names in COLUMN_NAMES.items() for name in names}
MAX_COLUMNS = 200
HEADER_SEARCH = 10  # rows above the table (a title, a note) passed over in search of its header
MAX_ROWS = 1_000_000
MAX_FIELD = 50_000_000  # characters of one cell: the size of the largest file read


@dataclass(frozen=True)
class TableRow:
    """One row of a codings table: its line (CSV) or row (XLSX) number and its cells by field."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class CodingTable:
    """The rows of a codings table, with the columns it had that qualcode does not read."""

    rows: list[TableRow]
    ignored_columns: list[str]
    fields: frozenset[str]


def header_key(name: str) -> str:
    """A header as compared: case-folded, spaces and hyphens as underscores, an Excel text prefix dropped."""
    return "_".join(name.strip().lstrip("'").casefold().replace("-", " ").split())


def csv_records(text: str, name: str) -> list[tuple[int, list[str]]]:
    """The records of CSV text with the line each starts on; the delimiter (';' from Dutch Excel, ',', or a tab)
    is the one the header line uses most, or the one a first line 'sep=;' (written by Excel) names."""
    read = spreadsheet_csv(text)
    text, delimiter, line = read.text, read.delimiter, read.first_line
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    skipped = line - 1
    # A coding of a whole long interview is one cell of more than csv's default 128 kB: allow a file's worth while
    # this table is read (the limit is the process's: other CSV readers keep theirs).
    previous_limit = csv.field_size_limit(MAX_FIELD)
    try:
        for record in reader:
            records.append((line, record))
            if len(records) > MAX_ROWS:
                raise ProjectError(f"more than {MAX_ROWS:,} rows", file=name, line=line,
                                   hint="split the file into smaller ones")
            line = skipped + reader.line_num + 1
    except csv.Error as error:
        raise ProjectError(f"this is not readable CSV ({error})", file=name, line=skipped + (reader.line_num or 1),
                           hint=f"separate fields with '{delimiter}' and put quotes around a value that holds "
                                f"'{delimiter}', a quote or a line break (a quote inside one is written twice)") \
            from None
    finally:
        csv.field_size_limit(previous_limit)
    return records


def names_codes(rows: list[list[str]]) -> bool:
    """Whether one of these rows is a header with a code column (which sheet of a workbook holds the codings)."""
    return any(_FIELD_OF.get(header_key(cell)) == "code" for cells in rows for cell in cells)


def coding_table(records: list[tuple[int, list[str]]], name: str) -> CodingTable:
    """Read the header (the first non-empty record that names a code column) and the rows under it, by field."""
    body = [(line, cells) for line, cells in records if any(cell.strip() for cell in cells)]
    if not body:
        raise ProjectError("the file is empty", file=name,
                           hint="write a header (document, start, end, text, code, coder, memo) and one row per "
                                "coding")
    # A title or a note above the table (as people make them) is passed over: the header is the first of the
    # first rows that names a code column, else the first row.
    start = next((index for index, (_, cells) in enumerate(body[:HEADER_SEARCH]) if names_codes([cells])), 0)
    body = body[start:]
    header_line, header = body[0]
    if len(header) > MAX_COLUMNS:
        raise ProjectError(f"the header has {len(header):,} columns (a codings table has about a dozen)", file=name,
                           line=header_line, hint="check that this is a table of codings")
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for position, column in enumerate(header):
        field = _FIELD_OF.get(header_key(column))
        if field is None:
            if column.strip():
                ignored.append(shorten(column.strip(), 40))
            continue
        if field in positions:
            raise ProjectError(f"two columns mean '{field}': '{shorten(header[positions[field]].strip(), 40)}' and "
                               f"'{shorten(column.strip(), 40)}'", file=name, line=header_line,
                               hint="remove or rename one of them")
        positions[field] = position
    _check_columns(set(positions), header, name, header_line)
    rows = [TableRow(line, {field: cells[position] if position < len(cells) else ""
                            for field, position in positions.items()}) for line, cells in body[1:]]
    if not rows:
        raise ProjectError("the file has a header but no rows", file=name, line=header_line + 1,
                           hint="add one row per coding")
    return CodingTable(rows, ignored, frozenset(positions))


def _check_columns(fields: set[str], header: list[str], name: str, line: int) -> None:
    missing = []
    if "code" not in fields:
        missing.append("code")
    if not fields & {"document", "document_guid"}:
        missing.append("document")
    if not ({"start", "end"} <= fields or "text" in fields):
        missing.append("start and end, or text")
    if missing:
        found = ", ".join(f"'{shorten(column.strip(), 30)}'" for column in header[:12] if column.strip())
        raise ProjectError(f"the header has no column for {'; '.join(missing)} (it has: {found or 'nothing'})",
                           file=name, line=line,
                           hint="name the columns document, start, end, text, code, coder, memo (Dutch: document, "
                                "begin, eind, tekst or citaat, code, codeur, memo); one row per coding")
