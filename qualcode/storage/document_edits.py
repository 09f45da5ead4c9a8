"""SQL that lists, removes, restores, renames and relinks documents, keeping every GUID for undo and redo."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from qualcode.domain.errors import ProjectError
from qualcode.storage.store import Store


class DocumentListing(NamedTuple):
    """One document as `documents list` shows it, with counts of its turns and codings."""

    guid: str
    title: str
    case_name: str | None
    source_name: str
    words: int
    turns: int
    codings: int


class CaseLink(NamedTuple):
    """The case a document belongs to, by identity."""

    guid: str
    name: str
    key: str


@contextlib.contextmanager
def database_errors(store: Store) -> Iterator[None]:
    """Turn SQLite's own write errors (a read-only file, a full disk, a lock) into a message with a hint."""
    try:
        yield
    except sqlite3.OperationalError as error:
        raise ProjectError(f"the project database cannot be changed: {error}", file=str(store.path),
                           hint="check that qualcode.db is writable and that no other program holds it; "
                                "nothing was changed") from None


def snapshot(store: Store, folder: Path, reason: str) -> Path:
    """Copy the database to folder before a change that deletes; a folder that cannot be written is an error."""
    try:
        return store.snapshot(folder, reason)
    except (OSError, sqlite3.Error) as error:
        raise ProjectError(f"cannot write a snapshot of the database before the change ({error})", file=str(folder),
                           hint="make the folder writable (or free disk space); nothing was changed") from None


def document_listing(store: Store) -> list[DocumentListing]:
    """Every document, by case and title, with its words, turns and codings."""
    rows = store.conn.execute(
        "SELECT d.guid, d.title, c.name, d.source_name, d.word_count, "
        "(SELECT count(*) FROM turns t WHERE t.document_id = d.id), "
        "(SELECT count(*) FROM codings g WHERE g.document_id = d.id) "
        "FROM documents d LEFT JOIN cases c ON c.id = d.case_id "
        "ORDER BY c.name COLLATE NOCASE, d.title COLLATE NOCASE, d.source_name").fetchall()
    return [DocumentListing(*row) for row in rows]


def codings_by_coder(store: Store, document_guid: str) -> dict[str, int]:
    """Coder name → number of their codings in a document."""
    return {name: count for name, count in store.conn.execute(
        "SELECT k.name, count(*) FROM codings g JOIN coders k ON k.id = g.coder_id "
        "JOIN documents d ON d.id = g.document_id WHERE d.guid = ? GROUP BY k.name ORDER BY k.name",
        (document_guid,))}


def document_exists(store: Store, document_guid: str) -> bool:
    """Whether a document with this GUID is in the project (the one such test, for memos and removals alike)."""
    return store.conn.execute("SELECT 1 FROM documents WHERE guid = ?", (document_guid,)).fetchone() is not None


def newest_redo_payload(store: Store, event_id: int) -> dict[str, Any] | None:
    """The payload of the newest 'redo' event of an event, or None when it was never redone."""
    row = store.conn.execute(
        "SELECT payload FROM events WHERE action = 'redo' AND CAST(json_extract(payload, '$.event_id') AS INTEGER) = ? "
        "ORDER BY id DESC LIMIT 1", (event_id,)).fetchone()
    return dict(json.loads(row[0])) if row else None


def case_of(store: Store, document_guid: str) -> CaseLink | None:
    """The case a document belongs to, or None."""
    row = store.conn.execute("SELECT c.guid, c.name, c.key FROM documents d JOIN cases c ON c.id = d.case_id "
                             "WHERE d.guid = ?", (document_guid,)).fetchone()
    return CaseLink(*row) if row else None


def rename_document(store: Store, document_guid: str, title: str) -> None:
    """Give a document a new title (inside the caller's transaction)."""
    store.conn.execute("UPDATE documents SET title = ? WHERE guid = ?", (title, document_guid))


def link_case(store: Store, document_guid: str, case_guid: str | None) -> None:
    """Point a document at a case (or at none), inside the caller's transaction."""
    store.conn.execute("UPDATE documents SET case_id = (SELECT id FROM cases WHERE guid = ?) WHERE guid = ?",
                       (case_guid, document_guid))


# -- removing and restoring a whole document -------------------------------------------------------------------
def _rows(store: Store, sql: str, parameters: tuple[Any, ...]) -> list[dict[str, Any]]:
    cursor = store.conn.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def document_dump(store: Store, document_guid: str) -> dict[str, Any]:
    """Everything that hangs on a document, by GUID and position (no row ids), to put it back exactly."""
    documents = _rows(store, "SELECT id, guid, title, source_name, sha256, text, format, metadata, word_count, "
                      "imported_at, version FROM documents WHERE guid = ?", (document_guid,))
    if not documents:
        raise KeyError(document_guid)
    document = documents[0]
    identifier = document.pop("id")
    document["metadata"] = json.loads(document["metadata"])
    case = case_of(store, document_guid)
    structure = structure_dump(store, identifier)
    codings = _rows(store, 'SELECT g.guid, g.start, g."end", c.key AS code, k.name AS coder, g.created_at, g.memo, '
                    "g.selection_guid "
                    "FROM codings g JOIN codes c ON c.id = g.code_id JOIN coders k ON k.id = g.coder_id "
                    "WHERE g.document_id = ? ORDER BY g.start, g.id", (identifier,))
    memos = _rows(store, "SELECT m.guid, m.target_kind, m.target_guid, k.name AS coder, m.text, m.created_at, "
                  "m.updated_at FROM memos m LEFT JOIN coders k ON k.id = m.coder_id WHERE "
                  "(m.target_kind = 'document' AND m.target_guid = ?) OR (m.target_kind = 'coding' AND m.target_guid "
                  "IN (SELECT guid FROM codings WHERE document_id = ?)) ORDER BY m.id", (document_guid, identifier))
    return {"document": document, "case": case._asdict() if case else None, **structure, "codings": codings,
            "memos": memos}


def structure_dump(store: Store, identifier: int) -> dict[str, Any]:
    """A document's participants, sections, turns and sentences, by GUID and position, to put them back exactly."""
    participants = _rows(store, "SELECT guid, name, role, label, is_interviewer, position FROM participants "
                         "WHERE document_id = ? ORDER BY position, id", (identifier,))
    sections = _rows(store, 'SELECT title, start, "end", position FROM sections WHERE document_id = ? '
                     "ORDER BY position, id", (identifier,))
    # Turns and sentences have no GUIDs: they are restored in order and point at participants and turns by place.
    turns = _rows(store, 'SELECT t.id AS turn_id, p.guid AS participant_guid, t.speaker, t.start, t."end", '
                  "t.time_start, t.time_end, t.position FROM turns t LEFT JOIN participants p "
                  "ON p.id = t.participant_id WHERE t.document_id = ? ORDER BY t.position, t.id", (identifier,))
    turn_index = {turn.pop("turn_id"): index for index, turn in enumerate(turns)}
    sentences = [{"turn": turn_index.get(row.pop("turn_id")), **row} for row in _rows(
        store, 'SELECT turn_id, start, "end", lemmas FROM sentences WHERE document_id = ? ORDER BY start, id',
        (identifier,))]
    return {"participants": participants, "sections": sections, "turns": turns, "sentences": sentences}


def delete_document(store: Store, document_guid: str) -> bool:
    """Delete a document with its codings and memos (participants, sections, turns, sentences cascade)."""
    conn = store.conn
    row = conn.execute("SELECT id FROM documents WHERE guid = ?", (document_guid,)).fetchone()
    if row is None:
        return False
    identifier = int(row[0])
    conn.execute("DELETE FROM memos WHERE (target_kind = 'document' AND target_guid = ?) OR (target_kind = 'coding' "
                 "AND target_guid IN (SELECT guid FROM codings WHERE document_id = ?))", (document_guid, identifier))
    conn.execute("DELETE FROM codings WHERE document_id = ?", (identifier,))
    conn.execute("DELETE FROM documents WHERE id = ?", (identifier,))
    return True


def restore_problem(store: Store, dump: dict[str, Any]) -> str | None:
    """Why a dumped document cannot be put back (its GUID or file name taken, a code gone), or None."""
    conn = store.conn
    document = dump["document"]
    if conn.execute("SELECT 1 FROM documents WHERE guid = ?", (document["guid"],)).fetchone():
        return "the document is already there"
    if conn.execute("SELECT 1 FROM documents WHERE source_name = ?", (document["source_name"],)).fetchone():
        return f"another document was imported from {document['source_name']} since"
    for coding in dump["codings"]:
        if not conn.execute("SELECT 1 FROM codes WHERE key = ?", (coding["code"],)).fetchone():
            return f"the code {coding['code']} is no longer in the codebook"
        if conn.execute("SELECT 1 FROM codings WHERE guid = ?", (coding["guid"],)).fetchone():
            return f"the coding {coding['guid']} exists elsewhere"
    return None


def restore_document(store: Store, dump: dict[str, Any], case_guid: str | None) -> None:
    """Insert a dumped document with the same GUIDs, text, offsets, coders and times (inside a transaction)."""
    conn = store.conn
    document = dump["document"]
    cursor = conn.execute(
        "INSERT INTO documents (guid, title, source_name, sha256, text, format, metadata, case_id, word_count, "
        "imported_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT id FROM cases WHERE guid = ?), ?, ?, ?)",
        (document["guid"], document["title"], document["source_name"], document["sha256"], document["text"],
         document["format"], json.dumps(document["metadata"], ensure_ascii=False, sort_keys=True), case_guid,
         document["word_count"], document["imported_at"], document.get("version", 1)))
    identifier = int(cursor.lastrowid or 0)
    insert_structure(store, identifier, dump)
    for coding in dump["codings"]:
        conn.execute(
            'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, created_at, memo, '
            "selection_guid) VALUES (?, ?, ?, ?, (SELECT id FROM codes WHERE key = ?), ?, ?, ?, ?)",
            (coding["guid"], identifier, coding["start"], coding["end"], coding["code"],
             store.coder_id(coding["coder"]), coding["created_at"], coding["memo"], coding.get("selection_guid")))
    for memo in dump["memos"]:
        conn.execute(
            "INSERT INTO memos (guid, target_kind, target_guid, coder_id, text, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (memo["guid"], memo["target_kind"], memo["target_guid"],
             store.coder_id(memo["coder"]) if memo["coder"] else None, memo["text"], memo["created_at"],
             memo["updated_at"]))


def insert_structure(store: Store, identifier: int, dump: dict[str, Any]) -> None:
    """Insert dumped participants, sections, turns and sentences into document identifier (inside a transaction)."""
    conn = store.conn
    participant_ids: dict[str, int] = {}
    for person in dump["participants"]:
        cursor = conn.execute(
            "INSERT INTO participants (guid, document_id, name, role, label, is_interviewer, position) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (person["guid"], identifier, person["name"], person["role"],
                                             person["label"], person["is_interviewer"], person["position"]))
        participant_ids[person["guid"]] = int(cursor.lastrowid or 0)
    conn.executemany('INSERT INTO sections (document_id, title, start, "end", position) VALUES (?, ?, ?, ?, ?)',
                     [(identifier, s["title"], s["start"], s["end"], s["position"]) for s in dump["sections"]])
    turn_ids: list[int] = []
    for turn in dump["turns"]:
        cursor = conn.execute(
            'INSERT INTO turns (document_id, participant_id, speaker, start, "end", time_start, time_end, position) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (identifier, participant_ids.get(turn["participant_guid"] or ""), turn["speaker"], turn["start"],
             turn["end"], turn["time_start"], turn["time_end"], turn["position"]))
        turn_ids.append(int(cursor.lastrowid or 0))
    conn.executemany(
        'INSERT INTO sentences (document_id, turn_id, start, "end", lemmas) VALUES (?, ?, ?, ?, ?)',
        [(identifier, turn_ids[s["turn"]] if s["turn"] is not None else None, s["start"], s["end"], s["lemmas"])
         for s in dump["sentences"]])
