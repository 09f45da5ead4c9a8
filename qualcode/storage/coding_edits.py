"""SQL that removes codings, restores them with their own identity, and edits their memos."""

from __future__ import annotations

from qualcode.storage.store import Store


def delete_coding(store: Store, guid: str) -> bool:
    """Delete a coding by guid (inside the caller's transaction); return whether it existed."""
    cursor = store.conn.execute("DELETE FROM codings WHERE guid = ?", (guid,))
    return cursor.rowcount > 0


def coding_exists(store: Store, guid: str) -> bool:
    return store.conn.execute("SELECT 1 FROM codings WHERE guid = ?", (guid,)).fetchone() is not None


def code_exists(store: Store, key: str) -> bool:
    return store.conn.execute("SELECT 1 FROM codes WHERE key = ?", (key,)).fetchone() is not None


def restore_problem(store: Store, *, guid: str, document_guid: str, code_key: str) -> str | None:
    """Return why a coding cannot be put back (its guid taken, its document or code gone), or None."""
    conn = store.conn
    if conn.execute("SELECT 1 FROM codings WHERE guid = ?", (guid,)).fetchone():
        return "the coding is already there"
    if not conn.execute("SELECT 1 FROM documents WHERE guid = ?", (document_guid,)).fetchone():
        return "its document is no longer in the project"
    if not code_exists(store, code_key):
        return f"the code {code_key} is no longer in the codebook"
    return None


def insert_coding(store: Store, *, guid: str, document_guid: str, start: int, end: int, code_key: str,
                  coder: str, created_at: str, memo: str | None, selection_guid: str | None = None) -> None:
    """Insert a coding with a given identity: same guid, selection, coder, offsets, created_at and memo (undo/redo).

    Without a selection_guid the coding joins the selection of an equal span, or gets one of its own (a trigger).
    """
    coder_id = store.coder_id(coder)
    store.conn.execute(
        'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, created_at, memo, selection_guid) '
        "VALUES (?, (SELECT id FROM documents WHERE guid = ?), ?, ?, (SELECT id FROM codes WHERE key = ?), ?, ?, ?, ?)",
        (guid, document_guid, start, end, code_key, coder_id, created_at, memo, selection_guid))


def set_coding_memo(store: Store, guid: str, memo: str | None) -> None:
    """Set (or clear, with None) the memo of a coding, inside the caller's transaction."""
    store.conn.execute("UPDATE codings SET memo = ? WHERE guid = ?", (memo, guid))
