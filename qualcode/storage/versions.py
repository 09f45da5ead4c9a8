"""SQL for document versions (every text a document had, with its structure) and codings awaiting review."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from qualcode.domain.model import ParsedTranscript
from qualcode.storage import document_edits
from qualcode.storage.records import SentenceSpan
from qualcode.storage.store import Store, new_guid, now

# The fields of a version besides its text's structure: what the documents row holds for the current one.
VERSION_FIELDS = ("title", "source_file", "sha256", "text", "format", "metadata", "case_guid", "word_count",
                  "imported_at")
_REVIEW_COLUMNS = ("coding_guid", "document_guid", "status", "version", "old_start", "old_end", "old_text",
                   "new_version", "new_start", "new_end", "code_guid", "coder", "created_at", "memo",
                   "selection_guid", "flagged_at")


@dataclass(frozen=True)
class VersionInfo:
    """One version of a document, as `documents review` lists them."""

    version: int
    current: bool
    title: str
    source_file: str | None
    words: int
    imported_at: str
    replaced_at: str | None


def current_version(store: Store, document_guid: str) -> int | None:
    """The version number the documents row holds, or None when there is no such document."""
    row = store.conn.execute("SELECT version FROM documents WHERE guid = ?", (document_guid,)).fetchone()
    return int(row[0]) if row else None


def next_version(store: Store, document_guid: str) -> int:
    """A number no version of this document had (an undone version keeps its number for its redo)."""
    row = store.conn.execute(
        "SELECT max(v) FROM (SELECT version AS v FROM documents WHERE guid = ? "
        "UNION ALL SELECT version FROM document_versions WHERE document_guid = ?)",
        (document_guid, document_guid)).fetchone()
    return int(row[0] or 0) + 1


def version_text(store: Store, document_guid: str, version: int) -> str | None:
    """The text of one version of a document (current or kept), or None when it is not known."""
    row = store.conn.execute("SELECT text FROM documents WHERE guid = ? AND version = ?",
                             (document_guid, version)).fetchone() or store.conn.execute(
        "SELECT text FROM document_versions WHERE document_guid = ? AND version = ?",
        (document_guid, version)).fetchone()
    return str(row[0]) if row else None


def version_with_sha256(store: Store, document_guid: str, sha256: str) -> int | None:
    """The kept (not current) version of a document whose source had this digest, or None."""
    row = store.conn.execute("SELECT max(version) FROM document_versions WHERE document_guid = ? AND sha256 = ?",
                             (document_guid, sha256)).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def versions(store: Store, document_guid: str) -> list[VersionInfo]:
    """Every version of a document, oldest first; the current one is marked."""
    kept = [VersionInfo(r[0], False, r[1], r[2], r[3], r[4], r[5]) for r in store.conn.execute(
        "SELECT version, title, source_file, word_count, imported_at, replaced_at FROM document_versions "
        "WHERE document_guid = ?", (document_guid,))]
    current = [VersionInfo(r[0], True, r[1], r[2], r[3], r[4], None) for r in store.conn.execute(
        "SELECT version, title, json_extract(metadata, '$.version_source_file'), word_count, imported_at "
        "FROM documents WHERE guid = ?", (document_guid,))]
    return sorted(kept + current, key=lambda info: info.version)


def current_fields(store: Store, document_guid: str) -> tuple[int, int, dict[str, Any]]:
    """(row id, version, fields) of the documents row, the fields as VERSION_FIELDS names them."""
    row = store.conn.execute(
        "SELECT d.id, d.version, d.title, json_extract(d.metadata, '$.version_source_file'), d.sha256, d.text, "
        "d.format, d.metadata, c.guid, d.word_count, d.imported_at FROM documents d "
        "LEFT JOIN cases c ON c.id = d.case_id WHERE d.guid = ?", (document_guid,)).fetchone()
    if row is None:
        raise KeyError(document_guid)
    fields = dict(zip(VERSION_FIELDS, row[2:], strict=True))
    fields["metadata"] = json.loads(fields["metadata"])
    return int(row[0]), int(row[1]), fields


def keep_current(store: Store, document_guid: str) -> int:
    """Copy the current version (text, fields, structure) into document_versions; return its number."""
    identifier, version, fields = current_fields(store, document_guid)
    structure = document_edits.structure_dump(store, identifier)
    store.conn.execute(
        "INSERT OR REPLACE INTO document_versions (document_guid, version, title, source_file, sha256, text, format, "
        "metadata, case_guid, word_count, imported_at, replaced_at, structure) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (document_guid, version, fields["title"], fields["source_file"], fields["sha256"], fields["text"],
         fields["format"], _json(fields["metadata"]), fields["case_guid"], fields["word_count"],
         fields["imported_at"], now(), _json(structure)))
    return version


def kept_version(store: Store, document_guid: str, version: int) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(fields, structure) of a kept version, or None when it is not kept."""
    row = store.conn.execute(
        f"SELECT {', '.join(VERSION_FIELDS)}, structure FROM document_versions WHERE document_guid = ? "
        "AND version = ?", (document_guid, version)).fetchone()
    if row is None:
        return None
    fields = dict(zip(VERSION_FIELDS, row[:-1], strict=True))
    fields["metadata"] = json.loads(fields["metadata"])
    return fields, dict(json.loads(row[-1]))


def put_version(store: Store, document_guid: str, version: int, fields: dict[str, Any],
                structure: dict[str, Any]) -> None:
    """Make version (fields, structure) the current one: the documents row in place, its structure rebuilt.

    The document keeps its row, GUID and source name; a kept copy of this version leaves document_versions.
    """
    identifier = current_fields(store, document_guid)[0]
    metadata = {key: value for key, value in fields["metadata"].items() if key != "version_source_file"}
    if fields["source_file"] is not None:  # the first version's file is the document's source_name
        metadata["version_source_file"] = fields["source_file"]
    conn = store.conn
    conn.execute(
        "UPDATE documents SET title = ?, sha256 = ?, text = ?, format = ?, metadata = ?, word_count = ?, "
        "imported_at = ?, version = ?, case_id = coalesce((SELECT id FROM cases WHERE guid = ?), case_id) "
        "WHERE id = ?", (fields["title"], fields["sha256"], fields["text"], fields["format"], _json(metadata),
                         fields["word_count"], fields["imported_at"], version, fields["case_guid"], identifier))
    # Sentences go with their turns; turns lose their participant before the participants go.
    for table in ("sentences", "turns", "sections", "participants"):
        conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (identifier,))
    document_edits.insert_structure(store, identifier, structure)
    conn.execute("DELETE FROM document_versions WHERE document_guid = ? AND version = ?", (document_guid, version))


def structure_of(parsed: ParsedTranscript, sentences: Sequence[SentenceSpan],
                 participant_guids: dict[str, str]) -> dict[str, Any]:
    """A parsed transcript's structure in the form structure_dump gives; a participant named as before keeps
    the GUID participant_guids gives for that name (casefolded)."""
    free: dict[str, str | None] = dict(participant_guids)  # each old GUID goes to one new participant at most
    guids = [free.pop(person.name.casefold(), None) or new_guid() for person in parsed.participants]
    return {
        "participants": [{"guid": guid, "name": p.name, "role": p.role, "label": p.label,
                          "is_interviewer": int(p.is_interviewer), "position": i}
                         for i, (guid, p) in enumerate(zip(guids, parsed.participants, strict=True))],
        "sections": [{"title": s.title, "start": s.start, "end": s.end, "position": i}
                     for i, s in enumerate(parsed.sections)],
        "turns": [{"participant_guid": guids[t.participant_index] if t.participant_index is not None else None,
                   "speaker": t.speaker, "start": t.start, "end": t.end, "time_start": t.time_start,
                   "time_end": t.time_end, "position": i} for i, t in enumerate(parsed.turns)],
        "sentences": [{"turn": s.turn_position, "start": s.start, "end": s.end, "lemmas": s.lemmas}
                      for s in sentences],
    }


def participant_guids(store: Store, document_guid: str) -> dict[str, str]:
    """Casefolded participant name → GUID, for the document's current participants."""
    return {str(name).casefold(): guid for name, guid in store.conn.execute(
        "SELECT p.name, p.guid FROM participants p JOIN documents d ON d.id = p.document_id WHERE d.guid = ?",
        (document_guid,))}


# -- codings of a document ------------------------------------------------------------------------------------
def coding_spans(store: Store, document_guid: str) -> list[tuple[str, int, int]]:
    """(guid, start, end) of every coding of a document, in text order."""
    return [(r[0], r[1], r[2]) for r in store.conn.execute(
        'SELECT g.guid, g.start, g."end" FROM codings g JOIN documents d ON d.id = g.document_id '
        "WHERE d.guid = ? ORDER BY g.start, g.id", (document_guid,))]


def move_codings(store: Store, spans: Iterable[tuple[str, int, int]]) -> None:
    """Give codings (guid, start, end) new offsets (inside the caller's transaction)."""
    store.conn.executemany('UPDATE codings SET start = ?, "end" = ? WHERE guid = ?',
                           [(start, end, guid) for guid, start, end in spans])


def coding_record(store: Store, coding_guid: str) -> dict[str, Any] | None:
    """What puts a coding back: its code's GUID, coder, created_at, memo, selection and offsets."""
    row = store.conn.execute(
        'SELECT c.guid, k.name, g.created_at, g.memo, g.selection_guid, g.start, g."end" FROM codings g '
        "JOIN codes c ON c.id = g.code_id JOIN coders k ON k.id = g.coder_id WHERE g.guid = ?",
        (coding_guid,)).fetchone()
    if row is None:
        return None
    return dict(zip(("code_guid", "coder", "created_at", "memo", "selection_guid", "start", "end"), row, strict=True))


def insert_coding(store: Store, coding_guid: str, document_guid: str, start: int, end: int,
                  record: dict[str, Any]) -> None:
    """Put a coding back with its own identity (code by GUID), inside the caller's transaction."""
    store.conn.execute(
        'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, created_at, memo, selection_guid) '
        "VALUES (?, (SELECT id FROM documents WHERE guid = ?), ?, ?, (SELECT id FROM codes WHERE guid = ?), "
        "?, ?, ?, ?)",
        (coding_guid, document_guid, start, end, record["code_guid"], store.coder_id(record["coder"]),
         record["created_at"], record["memo"], record["selection_guid"]))


def delete_coding(store: Store, coding_guid: str) -> None:
    store.conn.execute("DELETE FROM codings WHERE guid = ?", (coding_guid,))


def code_known(store: Store, code_guid: str) -> str | None:
    """The key of the code with this GUID, or None when it is no longer in the codebook."""
    row = store.conn.execute("SELECT key FROM codes WHERE guid = ?", (code_guid,)).fetchone()
    return str(row[0]) if row else None


# -- codings awaiting review ----------------------------------------------------------------------------------
def reviews(store: Store, document_guid: str | None = None) -> list[dict[str, Any]]:
    """The codings awaiting review of one document (or of all), in text order of their old place.

    Only documents in the project count, and a text-changed one only while its coding exists (a coding removed
    since needs no decision; its undo brings it back, and its review with it).
    """
    columns = ", ".join(f"r.{c}" for c in _REVIEW_COLUMNS)
    rows = store.conn.execute(
        f"SELECT {columns} FROM coding_reviews r JOIN documents d ON d.guid = r.document_guid "
        "WHERE (? IS NULL OR r.document_guid = ?) AND (r.status = 'vanished' OR EXISTS "
        "(SELECT 1 FROM codings g WHERE g.guid = r.coding_guid)) ORDER BY d.title, r.version, r.old_start, r.id",
        (document_guid, document_guid)).fetchall()
    return [dict(zip(_REVIEW_COLUMNS, row, strict=True)) for row in rows]


def review_rows(store: Store, document_guid: str | None) -> list[dict[str, Any]]:
    """Every review row of a document (None: of all) as stored (also moot ones), to put them back exactly on undo."""
    rows = store.conn.execute(f"SELECT {', '.join(_REVIEW_COLUMNS)} FROM coding_reviews WHERE ? IS NULL OR "
                              "document_guid = ? ORDER BY id", (document_guid, document_guid)).fetchall()
    return [dict(zip(_REVIEW_COLUMNS, row, strict=True)) for row in rows]


def review(store: Store, coding_guid: str) -> dict[str, Any] | None:
    row = store.conn.execute(f"SELECT {', '.join(_REVIEW_COLUMNS)} FROM coding_reviews WHERE coding_guid = ?",
                             (coding_guid,)).fetchone()
    return dict(zip(_REVIEW_COLUMNS, row, strict=True)) if row else None


def review_coding_guids(store: Store) -> list[str]:
    """The GUIDs of every coding with a review row: a vanished one lives only there, and keeps its GUID for life."""
    return [str(row[0]) for row in store.conn.execute("SELECT coding_guid FROM coding_reviews")]


def put_reviews(store: Store, rows: Iterable[dict[str, Any]]) -> None:
    """Insert (or replace, by coding GUID) review rows, inside the caller's transaction."""
    store.conn.executemany(
        f"INSERT OR REPLACE INTO coding_reviews ({', '.join(_REVIEW_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in _REVIEW_COLUMNS)})",
        [tuple(row.get(c) for c in _REVIEW_COLUMNS) for row in rows])


def delete_reviews(store: Store, coding_guids: Iterable[str]) -> int:
    """Delete the review rows of these codings; return how many there were."""
    return sum(store.conn.execute("DELETE FROM coding_reviews WHERE coding_guid = ?", (guid,)).rowcount
               for guid in coding_guids)


def awaiting_review(store: Store) -> dict[str, int]:
    """Document source name → number of its codings awaiting review (documents with none left out)."""
    return {name: count for name, count in store.conn.execute(
            "SELECT d.source_name, count(*) FROM coding_reviews r JOIN documents d ON d.guid = r.document_guid "
            "WHERE r.status = 'vanished' OR EXISTS (SELECT 1 FROM codings g WHERE g.guid = r.coding_guid) "
            "GROUP BY d.id ORDER BY d.source_name")}


def case_guid(store: Store, case_id: int | None) -> str | None:
    row = store.conn.execute("SELECT guid FROM cases WHERE id = ?", (case_id,)).fetchone() if case_id else None
    return str(row[0]) if row else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
