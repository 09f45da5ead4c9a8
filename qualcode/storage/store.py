"""The Store: one connection, one writer, the event log, coders and snapshots."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from qualcode.storage.connection import Writer, connect
from qualcode.storage.records import EventRow


def now() -> str:
    """Return the current UTC time as an ISO string (seconds)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def new_guid() -> str:
    """Return a new GUID in the upper-case form REFI-QDA uses."""
    return str(uuid.uuid4()).upper()


class Store:
    """The project database; every write goes through ``write`` and records an event."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn: sqlite3.Connection = connect(path)
        self.writer = Writer(self.conn)

    def close(self) -> None:
        self.conn.close()

    def transaction(self) -> Any:
        """Return a context manager running one IMMEDIATE transaction."""
        return self.writer.transaction()

    def record_event(self, action: str, summary: str, payload: dict[str, Any], coder: str | None = None) -> int:
        """Write one event row; call inside the transaction of the change it describes."""
        cursor = self.conn.execute(
            "INSERT INTO events (at, coder, action, summary, payload) VALUES (?, ?, ?, ?, ?)",
            (now(), coder, action, summary, json.dumps(payload, ensure_ascii=False, sort_keys=True)),
        )
        return int(cursor.lastrowid or 0)

    def events(self, limit: int = 50) -> list[EventRow]:
        """Return the newest events first."""
        rows = self.conn.execute(
            "SELECT id, at, coder, action, summary, payload, undone FROM events ORDER BY id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [EventRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), bool(r[6])) for r in rows]

    def coder_id(self, name: str) -> int:
        """Return the id of a coder, adding the coder if new (inside the caller's transaction)."""
        row = self.conn.execute("SELECT id FROM coders WHERE name = ?", (name,)).fetchone()
        if row:
            return int(row[0])
        cursor = self.conn.execute("INSERT INTO coders (name, created_at) VALUES (?, ?)", (name, now()))
        return int(cursor.lastrowid or 0)

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Set a project fact (inside the caller's transaction)."""
        self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                          "excluded.value", (key, value))

    def version(self) -> tuple[int, int]:
        """Changes if anything was written since: another connection's commits, or this connection's own."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0]), self.conn.total_changes

    def coders(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM coders ORDER BY name")]

    def snapshot(self, folder: Path, reason: str) -> Path:
        """Copy the whole database to folder (SQLite backup API) before a bulk change."""
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"qualcode-{stamp}-{reason}.db"
        destination = sqlite3.connect(str(target))
        try:
            self.conn.backup(destination)
        finally:
            destination.close()
        return target
