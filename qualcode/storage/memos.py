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


def stored_memos(store: Store) -> list[tuple[str, str | None, str, str | None, str]]:
    """Every memo of the memos table: (kind, target guid or None, text, coder who stored it, updated_at)."""
    return [(str(kind), target, str(text), coder, str(updated)) for kind, target, text, coder, updated in
            store.conn.execute("SELECT m.target_kind, m.target_guid, m.text, k.name, m.updated_at FROM memos m "
                               "LEFT JOIN coders k ON k.id = m.coder_id ORDER BY m.id")]


def coding_memos(store: Store) -> list[tuple[str, str, int, int, str, str, str, str]]:
    """Every coding with a memo: (guid, document guid, start, end, code key, coder, created_at, memo)."""
    return [(str(r[0]), str(r[1]), int(r[2]), int(r[3]), str(r[4]), str(r[5]), str(r[6]), str(r[7]))
            for r in store.conn.execute(
                'SELECT g.guid, d.guid, g.start, g."end", c.key, k.name, g.created_at, g.memo FROM codings g '
                "JOIN documents d ON d.id = g.document_id JOIN codes c ON c.id = g.code_id "
                "JOIN coders k ON k.id = g.coder_id WHERE g.memo IS NOT NULL ORDER BY d.id, g.start, g.id")]


def memo_writers(store: Store) -> dict[tuple[str, str | None, str], tuple[str | None, str]]:
    """(kind, target guid, text) → (coder, at) of the newest live 'edit_memo' event that wrote that text there.

    Keyed by the text too: an undone edit leaves the text an older event wrote, and that event's coder wrote it.
    """
    writers: dict[tuple[str, str | None, str], tuple[str | None, str]] = {}
    for kind, target, text, coder, at in store.conn.execute(
            "SELECT json_extract(payload, '$.target_kind'), json_extract(payload, '$.target_guid'), "
            "json_extract(payload, '$.after'), coder, at FROM events WHERE action = 'edit_memo' AND undone = 0 "
            "AND json_extract(payload, '$.after') IS NOT NULL ORDER BY id"):
        writers[(str(kind), target, str(text))] = (coder, str(at))
    return writers
