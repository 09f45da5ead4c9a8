"""SQL for documents and their structure: participants, sections, turns and sentences."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from qualcode.domain.model import ParsedTranscript
from qualcode.storage.records import DocumentRow, SentenceSpan
from qualcode.storage.store import Store, new_guid, now

_DOCUMENT_COLUMNS = ("d.id, d.guid, d.title, d.source_name, d.sha256, d.format, c.name, d.word_count, "
                     "d.imported_at, d.metadata")


def _document(row: Sequence[Any]) -> DocumentRow:
    return DocumentRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], json.loads(row[9]))


def document_by_source(store: Store, source_name: str) -> DocumentRow | None:
    row = store.conn.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents d LEFT JOIN cases c ON c.id = d.case_id "
        "WHERE d.source_name = ?", (source_name,)).fetchone()
    return _document(row) if row else None


def documents_from_file(store: Store, file_name: str) -> list[DocumentRow]:
    """Return the documents made from one file: itself, or its write-ups when it was imported with --split."""
    rows = store.conn.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents d LEFT JOIN cases c ON c.id = d.case_id "
        "WHERE d.source_name = ? OR substr(d.source_name, 1, ?) = ? ORDER BY d.id",
        (file_name, len(file_name) + 1, file_name + "#")).fetchall()
    return [_document(r) for r in rows]


def documents_with_sha256(store: Store, sha256: str) -> list[DocumentRow]:
    """Return the documents whose source file had exactly these bytes."""
    rows = store.conn.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents d LEFT JOIN cases c ON c.id = d.case_id "
        "WHERE d.sha256 = ? ORDER BY d.id", (sha256,)).fetchall()
    return [_document(r) for r in rows]


def document_by_guid(store: Store, guid: str) -> DocumentRow | None:
    row = store.conn.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents d LEFT JOIN cases c ON c.id = d.case_id "
        "WHERE d.guid = ?", (guid,)).fetchone()
    return _document(row) if row else None


def documents(store: Store) -> list[DocumentRow]:
    rows = store.conn.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents d LEFT JOIN cases c ON c.id = d.case_id "
        "ORDER BY c.name COLLATE NOCASE, d.title COLLATE NOCASE").fetchall()
    return [_document(r) for r in rows]


def document_text(store: Store, guid: str) -> str:
    row = store.conn.execute("SELECT text FROM documents WHERE guid = ?", (guid,)).fetchone()
    if row is None:
        raise KeyError(guid)
    return str(row[0])


def coding_count(store: Store, document_id: int) -> int:
    return int(store.conn.execute("SELECT count(*) FROM codings WHERE document_id = ?", (document_id,)).fetchone()[0])


def save_document(store: Store, *, source_name: str, title: str, sha256: str, parsed: ParsedTranscript,
                  case_id: int | None, word_count: int, metadata: dict[str, Any],
                  sentences: Sequence[SentenceSpan], replace_id: int | None = None,
                  keep_guid: str | None = None) -> tuple[int, str]:
    """Insert a document with its structure; call inside a transaction. Returns (id, guid)."""
    conn = store.conn
    if replace_id is not None:
        conn.execute("DELETE FROM documents WHERE id = ?", (replace_id,))
    guid = keep_guid or new_guid()
    cursor = conn.execute(
        "INSERT INTO documents (guid, title, source_name, sha256, text, format, metadata, case_id, word_count, "
        "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (guid, title, source_name, sha256, parsed.text, parsed.format,
         json.dumps(metadata, ensure_ascii=False, sort_keys=True), case_id, word_count, now()),
    )
    document_id = int(cursor.lastrowid or 0)
    participant_ids: list[int] = []
    for position, person in enumerate(parsed.participants):
        cursor = conn.execute(
            "INSERT INTO participants (guid, document_id, name, role, label, is_interviewer, position) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (new_guid(), document_id, person.name, person.role, person.label, int(person.is_interviewer), position),
        )
        participant_ids.append(int(cursor.lastrowid or 0))
    conn.executemany(
        'INSERT INTO sections (document_id, title, start, "end", position) VALUES (?, ?, ?, ?, ?)',
        [(document_id, s.title, s.start, s.end, i) for i, s in enumerate(parsed.sections)],
    )
    turn_ids: list[int] = []
    for position, turn in enumerate(parsed.turns):
        participant = participant_ids[turn.participant_index] if turn.participant_index is not None else None
        cursor = conn.execute(
            'INSERT INTO turns (document_id, participant_id, speaker, start, "end", time_start, time_end, position) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (document_id, participant, turn.speaker, turn.start, turn.end, turn.time_start, turn.time_end, position),
        )
        turn_ids.append(int(cursor.lastrowid or 0))
    conn.executemany(
        'INSERT INTO sentences (document_id, turn_id, start, "end", lemmas) VALUES (?, ?, ?, ?, ?)',
        [(document_id, turn_ids[s.turn_position], s.start, s.end, s.lemmas) for s in sentences],
    )
    return document_id, guid


def participants(store: Store, document_guid: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT p.name, p.role, p.label, p.is_interviewer FROM participants p JOIN documents d "
        "ON d.id = p.document_id WHERE d.guid = ? ORDER BY p.position", (document_guid,)).fetchall()
    return [{"name": r[0], "role": r[1], "label": r[2], "is_interviewer": bool(r[3])} for r in rows]


def sections(store: Store, document_guid: str) -> list[tuple[str, int, int]]:
    return [(r[0], r[1], r[2]) for r in store.conn.execute(
        'SELECT s.title, s.start, s."end" FROM sections s JOIN documents d ON d.id = s.document_id '
        "WHERE d.guid = ? ORDER BY s.position", (document_guid,))]


def turns(store: Store, document_guid: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        'SELECT t.start, t."end", t.speaker, p.name, p.role, p.is_interviewer, t.time_start, t.time_end '
        "FROM turns t JOIN documents d ON d.id = t.document_id LEFT JOIN participants p ON p.id = t.participant_id "
        "WHERE d.guid = ? ORDER BY t.position", (document_guid,)).fetchall()
    return [{"start": r[0], "end": r[1], "speaker": r[2], "participant": r[3], "role": r[4],
             "is_interviewer": bool(r[5]), "time_start": r[6], "time_end": r[7]} for r in rows]


def sentences(store: Store, document_guid: str) -> list[tuple[int, int, str]]:
    return [(r[0], r[1], r[2]) for r in store.conn.execute(
        'SELECT s.start, s."end", s.lemmas FROM sentences s JOIN documents d ON d.id = s.document_id '
        "WHERE d.guid = ? ORDER BY s.start", (document_guid,))]


def totals(store: Store) -> dict[str, int]:
    conn = store.conn
    return {
        "documents": conn.execute("SELECT count(*) FROM documents").fetchone()[0],
        "words": conn.execute("SELECT coalesce(sum(word_count), 0) FROM documents").fetchone()[0],
        "sentences": conn.execute("SELECT count(*) FROM sentences").fetchone()[0],
        "turns": conn.execute("SELECT count(*) FROM turns").fetchone()[0],
    }
