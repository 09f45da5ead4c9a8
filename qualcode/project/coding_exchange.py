"""Codings in and out without REFI-QDA: list them, find a quoted phrase, export CSV or XLSX, import a table.

Exported tables have English column names (EXPORT_COLUMNS) whatever the report language: one header language
that `codings import` reads back (it also reads the Dutch names a researcher may type, see exchange/coding_table).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from qualcode.domain.errors import ProjectError, shorten
from qualcode.domain.phrases import closest_passage, occurrences
from qualcode.project import choices, document_ops
from qualcode.project.versions import forget_pending
from qualcode.storage import codes as code_sql
from qualcode.storage import coding_edits
from qualcode.storage import codings as coding_sql
from qualcode.storage import documents as document_sql
from qualcode.storage.store import Store

EXPORT_COLUMNS = ("document", "document_guid", "case", "start", "end", "text", "code", "code_name", "coder",
                  "created_at", "memo", "coding_guid")
LIST_COLUMNS = ("coding_guid", "document", "case", "start", "end", "code", "coder", "created_at", "memo", "text")
EXPORT_FORMATS = ("csv", "xlsx")
MAX_SHOWN = 8  # occurrences listed when a phrase is ambiguous
MIN_PREFIX = document_ops.MIN_PREFIX  # the shortest beginning of an id that names it, as for documents
EXCEL_CELL = 32_767  # characters Excel keeps in one cell
CUT = "…"  # ends a coded text cut to fit a cell
CLOSE_ENOUGH = 60  # rapidfuzz ratio from which a passage is worth showing as the closest


class CodingEntry(NamedTuple):
    """One coding as `codings list` and `codings export` show it (a named tuple: an export makes 20,000)."""

    document: str  # the document's title, as `documents list` shows it
    document_guid: str
    case: str | None
    start: int
    end: int
    text: str  # exactly the document's text[start:end]
    code: str
    code_name: str
    coder: str
    created_at: str
    memo: str | None
    coding_guid: str

    def as_dict(self) -> dict[str, Any]:
        return dict(zip(EXPORT_COLUMNS, self, strict=True))


def coding_entries(store: Store, *, document_guid: str | None = None, code_key: str | None = None,
                   coder: str | None = None) -> list[CodingEntry]:
    """Every coding (of one document, code or coder when asked), by document and start."""
    code_names = {row.key: row.name for row in code_sql.codes(store)}
    if code_key is not None and code_key not in code_names:
        choices.unknown("code", code_key, list(code_names), "--code", see="'qualcode codebook show' lists them")
    if coder is not None and coder not in store.coders():
        choices.unknown("coder", coder, store.coders(), "--coder")
    documents = {row.guid: row for row in document_ops.list_documents(store)}
    texts: dict[str, str] = {}
    entries = []
    for row in coding_sql.codings(store, document_guid):
        if (code_key is not None and row.code_key != code_key) or (coder is not None and row.coder != coder):
            continue
        if row.document_guid not in texts:
            texts[row.document_guid] = document_sql.document_text(store, row.document_guid)
        document = documents[row.document_guid]
        entries.append(CodingEntry(document.title, row.document_guid, document.case, row.start, row.end,
                                   texts[row.document_guid][row.start:row.end], row.code_key,
                                   code_names.get(row.code_key, ""), row.coder, row.created_at, row.memo, row.guid))
    return entries


# -- finding a phrase -----------------------------------------------------------------------------------------
def context(text: str, start: int, end: int, width: int = 60) -> str:
    """The coded words with a little text around them, on one line: '…voor de [sporthal] hebben…'."""
    before = re.sub(r"\s+", " ", text[max(0, start - width // 2):start]).split(" ", 1)[-1] if start else ""
    after = re.sub(r"\s+", " ", text[end:end + width // 2]).rsplit(" ", 1)[0]
    inside = shorten(" ".join(text[start:end].split()), width)
    return f"…{before}[{inside}]{after}…"


def spans_listing(text: str, spans: Sequence[tuple[int, int]]) -> str:
    shown = [f"    {number}) {start}-{end}  {context(text, start, end)}"
             for number, (start, end) in enumerate(spans[:MAX_SHOWN], 1)]
    more = [f"    … and {len(spans) - MAX_SHOWN} more"] if len(spans) > MAX_SHOWN else []
    return "\n".join(shown + more)


def not_found(text: str, phrase: str) -> str:
    """Why a phrase is not found, with the closest passage."""
    closest = closest_passage(text, phrase)
    if closest is None or closest[2] < CLOSE_ENOUGH:
        return f"'{shorten(' '.join(phrase.split()), 60)}' is not in the document, nor anything like it"
    start, end, _ = closest
    return (f"'{shorten(' '.join(phrase.split()), 60)}' is not in the document; the closest passage is "
            f"{start}-{end}: '{shorten(' '.join(text[start:end].split()), 80)}'")


def find_phrase(text: str, title: str, phrase: str, occurrence: int | None = None) -> tuple[int, int]:
    """The (start, end) of a phrase in a document's text (titled title), whitespace-insensitively; several
    occurrences need `occurrence` (1 = the first), an unknown phrase is an error that shows the closest passage."""
    if not phrase.split():
        raise ProjectError("the text to find is empty", hint="pass the quoted words with --text, or --start/--end")
    found = occurrences(text, phrase)
    if not found:
        raise ProjectError(f"in '{shorten(title, 60)}': {not_found(text, phrase)}",
                           hint="copy the words from the transcript ('qualcode documents show DOC --sentences'), "
                                "or pass --start and --end")
    if occurrence is not None:
        if not 1 <= occurrence <= len(found):
            raise ProjectError(f"--occurrence {occurrence}: the text occurs {len(found)} time"
                               f"{'s' if len(found) != 1 else ''} in '{shorten(title, 60)}'",
                               hint=f"pass a number from 1 to {len(found)}")
        return found[occurrence - 1]
    if len(found) > 1:
        raise ProjectError(f"the text occurs {len(found)} times in '{shorten(title, 60)}':\n"
                           f"{spans_listing(text, found)}",
                           hint="pass --occurrence N (1 = the first), or --start and --end, or quote more words")
    return found[0]


# -- removing by id -------------------------------------------------------------------------------------------
def resolve_coding(entries: Sequence[CodingEntry], reference: str) -> CodingEntry:
    """The one coding a reference names: its GUID or a unique beginning of it (4+ characters)."""
    wanted = reference.strip().strip("{}").casefold()
    if len(wanted) < MIN_PREFIX:
        raise ProjectError(f"'{shorten(reference)}' is too short to name a coding",
                           hint=f"give at least {MIN_PREFIX} characters of its id ('qualcode codings list')")
    matches = [entry for entry in entries if entry.coding_guid.casefold().startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ProjectError(f"no coding with id '{shorten(reference)}'",
                           hint="'qualcode codings list' shows the ids; it may have been removed already")
    listing = ", ".join(entry.coding_guid for entry in matches[:MAX_SHOWN])
    raise ProjectError(f"'{shorten(reference)}' is the beginning of {len(matches)} codings' ids: {listing}",
                       hint="give more of the id")


# -- export ---------------------------------------------------------------------------------------------------
def spreadsheet_safe(value: Any) -> Any:
    """A cell as CSV writes it: text a spreadsheet would run as a formula gets "'" (reporting's csv_safe_text); a
    text that already starts with "'" before such a character gets one more, so that import reads it back whole."""
    from qualcode.reporting.formatting import FORMULA_STARTS, csv_safe_text

    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return csv_safe_text(value)


def spreadsheet_value(value: str) -> str:
    """A CSV cell as it was before spreadsheet_safe (the "'" before a formula character taken off)."""
    from qualcode.reporting.formatting import FORMULA_STARTS

    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


def entries_csv(entries: Sequence[CodingEntry], columns: Sequence[str] = EXPORT_COLUMNS) -> str:
    """CSV text (comma-separated, '\\n' line ends, formula-looking text prefixed) of the given columns."""
    from qualcode.reporting.formatting import FORMULA_STARTS

    positions = [EXPORT_COLUMNS.index(column) for column in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for entry in entries:
        cells = ["" if entry[position] is None else entry[position] for position in positions]
        # Most cells start with a letter or digit: only the others go through spreadsheet_safe.
        writer.writerow([spreadsheet_safe(cell) if isinstance(cell, str) and cell.lstrip("'").startswith(
            FORMULA_STARTS) else cell for cell in cells])
    return out.getvalue()


def entries_json(entries: Sequence[CodingEntry], columns: Sequence[str] = LIST_COLUMNS) -> str:
    rows = [entry.as_dict() for entry in entries]
    return json.dumps([{column: row[column] for column in columns} for row in rows], ensure_ascii=False,
                      indent=2) + "\n"


def export_codings(store: Store, fmt: str) -> bytes:
    """Every coding as CSV (UTF-8 with a byte-order mark, so that Excel reads ë as ë) or as an Excel workbook."""
    if fmt not in EXPORT_FORMATS:
        raise ProjectError(f"codings are exported as csv or xlsx, not '{shorten(fmt)}'", hint="--format csv|xlsx")
    entries = coding_entries(store)
    if fmt == "csv":
        return "\ufeff".encode() + entries_csv(entries).encode("utf-8")
    from qualcode.reporting.xlsx_writer import rows_to_xlsx

    # Excel holds at most 32,767 characters in a cell: a longer coded text is cut (import then trusts start/end).
    return rows_to_xlsx("Codings", EXPORT_COLUMNS, [
        entry._replace(text=entry.text[:EXCEL_CELL - 1] + CUT) if len(entry.text) > EXCEL_CELL else entry
        for entry in entries])


# -- undoing and redoing an import ---------------------------------------------------------------------------
def undo_import(store: Store, payload: dict[str, Any]) -> str | None:
    """Remove exactly the codings an import stored; say how many were gone already."""
    codings = payload["codings"]
    # One whose words a new version deleted waits for review, not among the codings: it is taken back from there.
    gone = sum(not coding_edits.delete_coding(store, coding["coding_guid"])
               and not forget_pending(store, coding["coding_guid"]) for coding in codings)
    return f"{gone} of the {len(codings)} codings had already been removed" if gone else None


def words_digest(words: str) -> str:
    """A short fingerprint of coded words: a redo puts a coding back only onto the same words."""
    import hashlib

    return hashlib.blake2b(words.encode("utf-8"), digest_size=8).hexdigest()


def redo_import(store: Store, payload: dict[str, Any], event_id: int) -> str | None:
    """Put an undone import's codings back with their own identity, each only onto the words it coded (a document
    replaced in between may have other words there; a code renamed since by its GUID keeps them); say how many
    could not be."""
    skipped = 0
    texts: dict[str, str] = {}
    for coding in payload["codings"]:
        guid = coding["document_guid"]
        code_key = code_sql.key_after_renames(store, coding["code"], event_id)
        if coding_edits.restore_problem(store, guid=coding["coding_guid"], document_guid=guid, code_key=code_key):
            skipped += 1
            continue
        if guid not in texts:
            texts[guid] = document_sql.document_text(store, guid)
        if words_digest(texts[guid][coding["start"]:coding["end"]]) != coding["words"]:
            skipped += 1
            continue
        coding_edits.insert_coding(store, guid=coding["coding_guid"], document_guid=coding["document_guid"],
                                   start=coding["start"], end=coding["end"], code_key=code_key,
                                   coder=coding["coder"], created_at=coding["created_at"], memo=coding["memo"],
                                   selection_guid=coding.get("selection_guid"))
    return (f"{skipped} codings not restored (their document, code or words are gone, or they are there)"
            if skipped else None)
