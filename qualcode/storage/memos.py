"""SQL for memos on documents, codes and the project: one memo per target, in the memos table."""

from __future__ import annotations

from qualcode.storage.store import Store, new_guid, now


def code_guid(store: Store, key_or_guid: str) -> str | None:
    """Return the guid of a code named by its key or its guid (the UI knows codes by key)."""
    row = store.conn.execute("SELECT guid FROM codes WHERE key = ? OR guid = ? ORDER BY key = ? DESC LIMIT 1",
                             (key_or_guid, key_or_guid, key_or_guid)).fetchone()
    return str(row[0]) if row else None


def memo_text(store: Store, target_kind: str, target_guid: str | None) -> str | None:
    """Return the memo of a target (target_guid None for the project), or None when it has none."""
    row = store.conn.execute(
        "SELECT text FROM memos WHERE target_kind = ? AND target_guid IS ? ORDER BY id DESC LIMIT 1",
        (target_kind, target_guid)).fetchone()
    return str(row[0]) if row else None


def write_memo(store: Store, target_kind: str, target_guid: str | None, text: str | None, coder: str) -> None:
    """Replace the memo of a target, or delete it when text is None (inside the caller's transaction)."""
    conn = store.conn
    if text is None:
        conn.execute("DELETE FROM memos WHERE target_kind = ? AND target_guid IS ?", (target_kind, target_guid))
        return
    coder_id = store.coder_id(coder)
    stamp = now()
    updated = conn.execute(
        "UPDATE memos SET text = ?, coder_id = ?, updated_at = ? WHERE target_kind = ? AND target_guid IS ?",
        (text, coder_id, stamp, target_kind, target_guid))
    if updated.rowcount == 0:
        conn.execute(
            "INSERT INTO memos (guid, target_kind, target_guid, coder_id, text, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (new_guid(), target_kind, target_guid, coder_id, text, stamp, stamp))


def memos_of_kind(store: Store, target_kind: str) -> dict[str, str]:
    """Target guid → memo text, for one kind of target (code memos for reports)."""
    return {guid: text for guid, text in store.conn.execute(
        "SELECT target_guid, text FROM memos WHERE target_kind = ?", (target_kind,))}
