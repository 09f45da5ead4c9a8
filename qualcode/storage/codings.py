"""SQL for codings: spans of a document's text with a code, by a coder."""

from __future__ import annotations

from qualcode.storage.records import CodingRow
from qualcode.storage.store import Store, new_guid, now

_CODING_COLUMNS = ('g.id, g.guid, d.guid, g.start, g."end", c.key, k.name, g.created_at, g.memo, g.selection_guid')


def add_coding(store: Store, *, document_guid: str, start: int, end: int, code_key: str, coder: str,
               memo: str | None = None) -> CodingRow:
    """Insert a coding (inside the caller's transaction) and return it."""
    conn = store.conn
    coder_id = store.coder_id(coder)
    guid = new_guid()
    created = now()
    conn.execute(
        'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, created_at, memo) '
        "VALUES (?, (SELECT id FROM documents WHERE guid = ?), ?, ?, (SELECT id FROM codes WHERE key = ?), ?, ?, ?)",
        (guid, document_guid, start, end, code_key, coder_id, created, memo))
    row = coding_by_guid(store, guid)
    assert row is not None
    return row


def coding_by_guid(store: Store, guid: str) -> CodingRow | None:
    row = store.conn.execute(
        f"SELECT {_CODING_COLUMNS} FROM codings g JOIN documents d ON d.id = g.document_id "
        "JOIN codes c ON c.id = g.code_id JOIN coders k ON k.id = g.coder_id WHERE g.guid = ?", (guid,)).fetchone()
    return CodingRow(*row) if row else None


def codings(store: Store, document_guid: str | None = None) -> list[CodingRow]:
    query = (f"SELECT {_CODING_COLUMNS} FROM codings g JOIN documents d ON d.id = g.document_id "
             "JOIN codes c ON c.id = g.code_id JOIN coders k ON k.id = g.coder_id")
    parameters: tuple[str, ...] = ()
    if document_guid is not None:
        query += " WHERE d.guid = ?"
        parameters = (document_guid,)
    return [CodingRow(*r) for r in store.conn.execute(query + " ORDER BY d.id, g.start, g.id", parameters)]


def codings_per_coder(store: Store) -> dict[str, int]:
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT k.name, count(g.id) FROM coders k LEFT JOIN codings g ON g.coder_id = k.id GROUP BY k.id "
        "ORDER BY k.name")}


def codings_per_type(store: Store) -> dict[str, int]:
    return {r[0] or "": r[1] for r in store.conn.execute(
        "SELECT c.type, count(g.id) FROM codings g JOIN codes c ON c.id = g.code_id GROUP BY c.type")}
