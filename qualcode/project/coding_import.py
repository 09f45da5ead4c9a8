"""`codings import`: a CSV or XLSX table of codings checked row by row, then stored in one undoable transaction.

Every row is checked before anything is stored; one bad row stores nothing and the message lists the bad rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.domain.errors import ProjectError, QualcodeError, shorten
from qualcode.domain.phrases import normalised, occurrences
from qualcode.exchange.coding_table import CodingTable, TableRow, coding_table, csv_records, names_codes
from qualcode.project import choices, document_ops
from qualcode.project.coding_exchange import CUT, EXCEL_CELL, not_found, spans_listing, spreadsheet_value, words_digest
from qualcode.project.files import MAX_TEXT_BYTES, check_input_file, decode, read_input_file
from qualcode.storage import codes as code_sql
from qualcode.storage import coding_edits
from qualcode.storage import codings as coding_sql
from qualcode.storage import documents as document_sql
from qualcode.storage import versions as version_sql
from qualcode.storage.store import Store, new_guid, now

MAX_ERRORS_SHOWN = 20
_GUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class PlannedCoding:
    """A row that passed every check: what will be stored."""

    line: int
    document_guid: str
    document: str
    start: int
    end: int
    code: str
    coder: str
    memo: str | None
    created_at: str
    coding_guid: str


@dataclass
class CodingImport:
    """What `codings import` found, and stored (nothing on a dry run)."""

    source: str
    rows: int
    planned: list[PlannedCoding]
    duplicates: int  # rows skipped: the same document, span, code and coder is there already (or earlier)
    moved: list[str]  # rows whose text was found at other offsets than the row's start and end
    ignored_columns: list[str]
    warnings: list[str]
    dry_run: bool
    coder: str  # who imports: the undo of the import is theirs
    stored: int = 0
    snapshot: Path | None = None
    per_code: Counter[str] = field(default_factory=Counter)


class _Rows:
    """The project's documents and codes, looked up once per distinct value in the table."""

    def __init__(self, store: Store, default_coder: str, escaped: bool) -> None:
        self.store = store
        self.default_coder = default_coder
        self.escaped = escaped  # CSV: a "'" before a formula character was written by an export
        self.where = "line" if escaped else "row"  # what a CSV's and a worksheet's numbers count
        self.documents = {row.guid: row for row in document_ops.list_documents(store)}
        self.codes = code_sql.codes(store)
        self.code_keys = {row.key for row in self.codes}
        self.texts: dict[str, str] = {}
        self.found_documents: dict[str, str | QualcodeError] = {}
        # A vanished coding awaiting review is no row of codings, but its GUID is taken: review puts it back.
        self.used_guids = {guid.casefold() for guid in (*(row.guid for row in coding_sql.codings(store)),
                                                        *version_sql.review_coding_guids(store))}

    def cell(self, row: TableRow, name: str) -> str:
        value = row.cells.get(name, "")
        return spreadsheet_value(value) if self.escaped else value

    def text(self, guid: str) -> str:
        if guid not in self.texts:
            self.texts[guid] = document_sql.document_text(self.store, guid)
        return self.texts[guid]

    def document(self, row: TableRow) -> str:
        guid = self.cell(row, "document_guid").strip().strip("{}").upper()
        if guid in self.documents:
            return guid
        reference = self.cell(row, "document").strip()
        if not reference:
            raise ProjectError("no document (the document column is empty"
                               + (f" and no document has the id {shorten(guid, 40)})" if guid else ")"))
        if reference not in self.found_documents:
            try:
                self.found_documents[reference] = document_ops.resolve_document(self.store, reference)
            except QualcodeError as error:
                self.found_documents[reference] = error
        found = self.found_documents[reference]
        if isinstance(found, QualcodeError):
            raise ProjectError(_one_line(found.message))
        return found

    def code(self, row: TableRow) -> str:
        value = self.cell(row, "code").strip()
        if not value:
            raise ProjectError("no code (the code column is empty)")
        if value in self.code_keys:
            return value
        by_key = [r.key for r in self.codes if r.key.casefold() == value.casefold()]
        by_name = [r.key for r in self.codes if r.name.casefold() == value.casefold()]
        if len(by_key) == 1 or (not by_key and len(by_name) == 1):
            return (by_key or by_name)[0]
        try:
            choices.unknown("code", value, sorted(self.code_keys), "code")
        except ProjectError as error:
            raise ProjectError(error.message) from None

    def span(self, row: TableRow, guid: str, moved: list[str]) -> tuple[int, int]:
        text = self.text(guid)
        quoted = self.cell(row, "text")
        start_cell, end_cell = self.cell(row, "start").strip(), self.cell(row, "end").strip()
        if start_cell or end_cell:
            start, end = _offset(start_cell, "start"), _offset(end_cell, "end")
            if end <= start:
                raise ProjectError(f"end ({end}) is not after start ({start})")
            if end > len(text):
                raise ProjectError(f"end ({end}) lies beyond the document's end ({len(text)} characters)")
            stored, given = normalised(text[start:end]), normalised(quoted)
            # A text as long as an Excel cell holds was cut (by export, with "…", or by Excel): start/end decide.
            if not given or stored == given or (len(quoted) >= EXCEL_CELL - 1
                                                and stored.startswith(given.removesuffix(CUT))):
                return start, end
            found = occurrences(text, quoted)
            if not found:
                raise ProjectError(f"the text at {start}-{end} is '{shorten(normalised(text[start:end]), 50)}', not "
                                   f"the row's text, and {not_found(text, quoted)}")
            new_start, new_end = min(found, key=lambda span: abs(span[0] - start))
            moved.append(f"{self.where} {row.line}: {start}-{end} → {new_start}-{new_end} (where the row's text is)")
            return new_start, new_end
        if not quoted.strip():
            raise ProjectError("no place: give start and end, or the coded text")
        found = occurrences(text, quoted)
        if not found:
            raise ProjectError(not_found(text, quoted))
        if len(found) > 1:
            raise ProjectError(f"the text occurs {len(found)} times in the document (give start and end for this "
                               f"row):\n{spans_listing(text, found)}")
        return found[0]

    def plan(self, row: TableRow, moved: list[str]) -> PlannedCoding:
        guid = self.document(row)
        code = self.code(row)
        start, end = self.span(row, guid, moved)
        coder = self.cell(row, "coder").strip() or self.default_coder
        memo = self.cell(row, "memo")
        coding_guid = self.cell(row, "coding_guid").strip().strip("{}")
        if not _GUID.match(coding_guid) or coding_guid.casefold() in self.used_guids:
            coding_guid = new_guid()  # a row's own id is kept when it is free (a round trip keeps identities)
        self.used_guids.add(coding_guid.casefold())
        return PlannedCoding(row.line, guid, self.documents[guid].title, start, end, code, coder,
                             memo if memo.strip() else None, _timestamp(self.cell(row, "created_at")),
                             coding_guid.upper())


def _same_text(store: Store, document_guid: str, text: str) -> bool:
    """Whether the document still holds this text (False when it was removed)."""
    try:
        return document_sql.document_text(store, document_guid) == text
    except KeyError:
        return False


def _one_line(message: str) -> str:
    """A message that lists documents on lines of their own (resolve_document's), on one line with three of them."""
    first, *listed = message.split("\n")
    return first + (" " + ", ".join(" ".join(line.split()) for line in listed[:3]) if listed else "")


def _offset(value: str, name: str) -> int:
    if not value:
        raise ProjectError(f"{name} is empty; give both start and end, or leave both empty and give the text")
    try:
        number = float(value.replace(",", ".")) if not value.lstrip("-").isdigit() else int(value)
    except ValueError:
        raise ProjectError(f"{name} '{shorten(value, 30)}' is not a number") from None
    if number != int(number) or number < 0:
        raise ProjectError(f"{name} '{shorten(value, 30)}' is not a character position (a whole number from 0)")
    return int(number)


def _timestamp(value: str) -> str:
    """A coding's created_at: the row's, when it is a date and time, else now."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return now()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def read_table(path: Path) -> tuple[CodingTable, bool, list[str]]:
    """The table in a CSV or XLSX file, whether its cells carry export's "'" prefix (CSV), and warnings."""
    name = str(path)
    suffix = path.suffix.casefold()
    if suffix in XLSX_SUFFIXES:
        from qualcode.reporting.xlsx_read import xlsx_records

        check_input_file(path, limit=MAX_TEXT_BYTES * 4, error=ProjectError)  # a regular file within bounds
        return coding_table(xlsx_records(path, name, wanted=names_codes), name), False, []
    if suffix not in CSV_SUFFIXES:
        raise ProjectError(f"'{suffix or path.name}' is not a table qualcode reads", file=name,
                           hint="save it as .csv (UTF-8, ';' or ',') or .xlsx")
    raw = read_input_file(path, limit=MAX_TEXT_BYTES, error=ProjectError)
    try:
        text, warnings = decode(raw, name)
    except QualcodeError as error:
        raise ProjectError(error.message, file=name, line=error.line,
                           hint="save the table from Excel as 'CSV UTF-8' or as .xlsx") from None
    return coding_table(csv_records(text, name), name), True, warnings


def import_codings(store: Store, path: Path, coder: str, dry_run: bool, snapshot_dir: Path) -> CodingImport:
    """Check every row of the table; refuse all when one is wrong; else store the new ones in one transaction."""
    table, escaped, warnings = read_table(path)
    rows = _Rows(store, coder, escaped)
    moved: list[str] = []
    planned: list[PlannedCoding] = []
    errors: list[str] = []
    for row in table.rows:
        try:
            planned.append(rows.plan(row, moved))
        except QualcodeError as error:
            errors.append(f"{rows.where} {row.line}: {error.message}")
    if errors:
        shown = "\n".join(f"  {error}" for error in errors[:MAX_ERRORS_SHOWN])
        more = f"\n  … and {len(errors) - MAX_ERRORS_SHOWN} more rows" if len(errors) > MAX_ERRORS_SHOWN else ""
        raise ProjectError(f"{len(errors)} of {len(table.rows)} rows cannot be imported; nothing was stored:\n"
                           f"{shown}{more}", file=str(path),
                           hint="correct these rows (or remove them) and import again; --dry-run checks without "
                                "storing")
    existing = {(r.document_guid, r.start, r.end, r.code_key, r.coder) for r in coding_sql.codings(store)}
    new: list[PlannedCoding] = []
    for coding in planned:
        key = (coding.document_guid, coding.start, coding.end, coding.code, coding.coder)
        if key not in existing:
            existing.add(key)
            new.append(coding)
    result = CodingImport(str(path), len(table.rows), new, len(planned) - len(new), moved, table.ignored_columns,
                          warnings, dry_run, coder, per_code=Counter(coding.code for coding in new))
    if dry_run or not new:
        return result
    result.snapshot = store.snapshot(snapshot_dir, "codings-import")
    with store.transaction():
        # The rows were checked against these texts before the snapshot; another process may have corrected one.
        titles = {coding.document_guid: coding.document for coding in new}
        changed = sorted(title for guid, title in titles.items() if not _same_text(store, guid, rows.text(guid)))
        if changed:
            raise ProjectError(f"{', '.join(changed)} changed while the table was read (a new version); nothing was "
                               "stored", file=str(path), hint="import the table again")
        stored = []
        for coding in new:
            coding_edits.insert_coding(store, guid=coding.coding_guid, document_guid=coding.document_guid,
                                       start=coding.start, end=coding.end, code_key=coding.code, coder=coding.coder,
                                       created_at=coding.created_at, memo=coding.memo)
            made = coding_sql.coding_by_guid(store, coding.coding_guid)
            assert made is not None
            stored.append({"coding_guid": made.guid, "document_guid": made.document_guid, "start": made.start,
                           "end": made.end, "code": made.code_key, "coder": made.coder, "created_at": made.created_at,
                           "memo": made.memo, "selection_guid": made.selection_guid,
                           "words": words_digest(rows.text(made.document_guid)[made.start:made.end])})
        store.record_event("import_codings", f"imported {len(stored)} codings from {path.name}",
                           {"source": str(path), "codings": stored}, coder)
    result.stored = len(stored)
    return result
