"""SQL that renames, creates, merges and deletes cases and moves documents between them, by GUID."""

from __future__ import annotations

import json
from typing import Any

from qualcode.storage.document_edits import CaseLink
from qualcode.storage.store import Store, new_guid


def case_by_key(store: Store, key: str) -> CaseLink | None:
    """The case with this normalised key, if any."""
    row = store.conn.execute("SELECT guid, name, key FROM cases WHERE key = ?", (key,)).fetchone()
    return CaseLink(*row) if row else None


def case_by_guid(store: Store, guid: str) -> CaseLink | None:
    """The case with this GUID, if any."""
    row = store.conn.execute("SELECT guid, name, key FROM cases WHERE guid = ?", (guid,)).fetchone()
    return CaseLink(*row) if row else None


def create_case(store: Store, name: str, key: str, guid: str | None = None) -> CaseLink:
    """Add a case (with a given GUID when putting one back), inside the caller's transaction."""
    link = CaseLink(guid or new_guid(), name, key)
    store.conn.execute("INSERT INTO cases (guid, name, key) VALUES (?, ?, ?)", link)
    return link


def rename_case(store: Store, guid: str, name: str, key: str) -> None:
    """Give a case a new name and key (inside the caller's transaction)."""
    store.conn.execute("UPDATE cases SET name = ?, key = ? WHERE guid = ?", (name, key, guid))


def document_guids(store: Store, case_guid: str) -> list[str]:
    """The GUIDs of a case's documents, by title."""
    return [row[0] for row in store.conn.execute(
        "SELECT d.guid FROM documents d JOIN cases c ON c.id = d.case_id WHERE c.guid = ? ORDER BY d.title",
        (case_guid,))]


def attributes(store: Store, case_guid: str) -> list[dict[str, Any]]:
    """A case's attributes in their stored order: name, type and (decoded) value."""
    return [{"name": name, "type": kind, "value": json.loads(value)} for name, kind, value in store.conn.execute(
        "SELECT a.name, a.type, a.value FROM case_attributes a JOIN cases c ON c.id = a.case_id WHERE c.guid = ? "
        "ORDER BY a.rowid", (case_guid,))]


def set_attribute(store: Store, case_guid: str, name: str, kind: str, value: Any) -> None:
    """Add or replace one attribute of a case (inside the caller's transaction)."""
    store.conn.execute(
        "INSERT INTO case_attributes (case_id, name, type, value) VALUES ((SELECT id FROM cases WHERE guid = ?), "
        "?, ?, ?) ON CONFLICT(case_id, name) DO UPDATE SET type = excluded.type, value = excluded.value",
        (case_guid, name, kind, json.dumps(value, ensure_ascii=False)))


def move_documents(store: Store, from_guid: str, into_guid: str) -> list[str]:
    """Relink every document of one case to another; return the moved documents' GUIDs."""
    moved = document_guids(store, from_guid)
    store.conn.execute("UPDATE documents SET case_id = (SELECT id FROM cases WHERE guid = ?) "
                       "WHERE case_id = (SELECT id FROM cases WHERE guid = ?)", (into_guid, from_guid))
    return moved


def delete_case(store: Store, guid: str) -> None:
    """Delete a case and its attributes; its documents must have been moved first."""
    store.conn.execute("DELETE FROM cases WHERE guid = ?", (guid,))


def is_unused(store: Store, guid: str) -> bool:
    """A case with no documents and no attributes: only a guess from a file name, safe to drop."""
    row = store.conn.execute(
        "SELECT (SELECT count(*) FROM documents d WHERE d.case_id = c.id) + "
        "(SELECT count(*) FROM case_attributes a WHERE a.case_id = c.id) FROM cases c WHERE c.guid = ?",
        (guid,)).fetchone()
    return row is not None and int(row[0]) == 0
