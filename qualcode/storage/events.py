"""SQL over the event log: each coder's undo and redo candidates, recently applied codes, change polling."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from qualcode.storage.records import EventRow
from qualcode.storage.store import Store

_EVENT_COLUMNS = "id, at, coder, action, summary, payload, undone"


def _event(row: Sequence[Any]) -> EventRow:
    return EventRow(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), bool(row[6]))


def _in(actions: Sequence[str]) -> str:
    return ", ".join("?" for _ in actions)


def undo_candidate(store: Store, coder: str, actions: Sequence[str]) -> EventRow | None:
    """Return this coder's newest event among actions that is not undone."""
    row = store.conn.execute(
        f"SELECT {_EVENT_COLUMNS} FROM events WHERE coder = ? AND action IN ({_in(actions)}) AND undone = 0 "
        "ORDER BY id DESC LIMIT 1", (coder, *actions)).fetchone()
    return _event(row) if row else None


def redo_candidate(store: Store, coder: str, actions: Sequence[str]) -> EventRow | None:
    """Return the event this coder undid most recently, unless a fresh action came after that undo.

    A fresh action clears the redo stack (as in every editor): an event is redoable only while its latest
    'undo' row is newer than the coder's newest action event.
    """
    placeholders = _in(actions)
    row = store.conn.execute(
        f"SELECT {', '.join('e.' + c.strip() for c in _EVENT_COLUMNS.split(','))} FROM events e "
        "JOIN (SELECT CAST(json_extract(payload, '$.event_id') AS INTEGER) AS target, max(id) AS undo_id "
        "      FROM events WHERE coder = ? AND action = 'undo' GROUP BY target) u ON u.target = e.id "
        f"WHERE e.coder = ? AND e.action IN ({placeholders}) AND e.undone = 1 "
        "AND u.undo_id > coalesce((SELECT max(id) FROM events WHERE coder = ? "
        f"AND action IN ({placeholders})), 0) ORDER BY u.undo_id DESC LIMIT 1",
        (coder, coder, *actions, coder, *actions)).fetchone()
    return _event(row) if row else None


def set_undone(store: Store, event_id: int, undone: bool) -> None:
    """Mark an event undone or live again (inside the caller's transaction)."""
    store.conn.execute("UPDATE events SET undone = ? WHERE id = ?", (int(undone), event_id))


def recent_codes(store: Store, coder: str, limit: int) -> list[str]:
    """Return the codes this coder applied most recently (distinct, newest first, still in the codebook)."""
    return [r[0] for r in store.conn.execute(
        "SELECT json_extract(e.payload, '$.code') AS code, max(e.id) AS newest FROM events e "
        "WHERE e.coder = ? AND e.action = 'apply_coding' AND e.undone = 0 "
        "AND json_extract(e.payload, '$.code') IN (SELECT key FROM codes) "
        "GROUP BY code ORDER BY newest DESC LIMIT ?", (coder, limit))]


def data_version(store: Store) -> int:
    """Return SQLite's data_version: it changes whenever another connection commits to the database."""
    return int(store.conn.execute("PRAGMA data_version").fetchone()[0])


def fixed_by_hand(store: Store, document_guid: str) -> frozenset[str]:
    """Return which of a document's facts a user set by hand ('rename_document', 'set_document_case')."""
    return frozenset(r[0] for r in store.conn.execute(
        "SELECT DISTINCT action FROM events WHERE action IN ('rename_document', 'set_document_case') "
        "AND undone = 0 AND json_extract(payload, '$.document_guid') = ?", (document_guid,)))
