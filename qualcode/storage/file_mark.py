"""The project's mark in qualcode.db's own header (SQLite's application_id), read past this connection's cache, so
that a file overwritten in place by another project's database is noticed before anything is written into it."""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from pathlib import Path

from qualcode.storage.connection import BUSY_TIMEOUT_MS


def mark_of(project_guid: str | None) -> int:
    """The 32-bit application_id of a project (never 0, which is SQLite's 'no mark')."""
    if not project_guid:
        return 0
    try:
        value = int.from_bytes(uuid.UUID(project_guid).bytes[:4], "big", signed=True)
    except ValueError:
        return 0
    return value or 1


def ensure_mark(connection: sqlite3.Connection, mark: int) -> None:
    """Write the project's mark into the database header when it is not there yet (older projects, new ones)."""
    if mark == 0 or int(connection.execute("PRAGMA application_id").fetchone()[0]) == mark:
        return
    with contextlib.suppress(sqlite3.Error):  # a lock held elsewhere: the mark is written at the next open
        connection.execute(f"PRAGMA application_id = {int(mark)}")
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)")


def mark_in_file(path: Path) -> int | None:
    """The mark the file at path holds now, read by a connection of its own (the open one reads its cache, which
    still shows the project it opened); None when it cannot be read.

    A second SQLite connection, not a plain file read: SQLite keeps the locks of every connection of this process
    to one file together, and closing a plain descriptor of that file would drop them all.
    """
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        return None
    try:
        return int(probe.execute("PRAGMA application_id").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        probe.close()
