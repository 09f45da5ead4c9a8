"""SQL for cases (municipalities) and their typed attributes."""

from __future__ import annotations

import json
from typing import Any

from qualcode.domain.model import CaseAttribute, CaseRecord
from qualcode.storage.store import Store, new_guid


def case_id(store: Store, key: str, name: str) -> int:
    """Return the id of the case with this key, adding it if new (inside the caller's transaction)."""
    row = store.conn.execute("SELECT id FROM cases WHERE key = ?", (key,)).fetchone()
    if row:
        return int(row[0])
    cursor = store.conn.execute("INSERT INTO cases (guid, name, key) VALUES (?, ?, ?)", (new_guid(), name, key))
    return int(cursor.lastrowid or 0)


def case_names(store: Store) -> dict[str, str]:
    """Return every case's key with its display name."""
    return {str(r[0]): str(r[1]) for r in store.conn.execute("SELECT key, name FROM cases")}


def upsert_cases(store: Store, records: list[CaseRecord]) -> tuple[int, int]:
    """Insert or update cases and replace their attributes; returns (added, updated)."""
    added = updated = 0
    conn = store.conn
    for record in records:
        row = conn.execute("SELECT id FROM cases WHERE key = ?", (record.key,)).fetchone()
        if row:
            identifier = int(row[0])
            conn.execute("UPDATE cases SET name = ? WHERE id = ?", (record.name, identifier))
            updated += 1
        else:
            identifier = case_id(store, record.key, record.name)
            added += 1
        conn.execute("DELETE FROM case_attributes WHERE case_id = ?", (identifier,))
        conn.executemany(
            "INSERT INTO case_attributes (case_id, name, type, value) VALUES (?, ?, ?, ?)",
            [(identifier, a.name, a.type, json.dumps(a.value, ensure_ascii=False)) for a in record.attributes])
    return added, updated


def cases(store: Store) -> list[dict[str, Any]]:
    """Return every case with its attributes and number of documents."""
    conn = store.conn
    out: list[dict[str, Any]] = []
    for identifier, guid, name, key, documents in conn.execute(
            "SELECT c.id, c.guid, c.name, c.key, (SELECT count(*) FROM documents d WHERE d.case_id = c.id) "
            "FROM cases c ORDER BY c.name COLLATE NOCASE"):
        attributes = [CaseAttribute(r[0], r[1], json.loads(r[2])) for r in conn.execute(
            "SELECT name, type, value FROM case_attributes WHERE case_id = ? ORDER BY rowid", (identifier,))]
        out.append({"guid": guid, "name": name, "key": key, "documents": documents, "attributes": attributes})
    return out
