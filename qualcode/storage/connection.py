"""Opening the project database: WAL, foreign keys, busy timeout, one writer lock, retried transactions.

sqlite-utils (and, through it, numpy and pandas) costs about 0.4 s to import, so it is loaded only when a
migration is pending; an up-to-date project opens with the standard sqlite3 module alone.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from qualcode.domain.errors import ProjectError

BUSY_TIMEOUT_MS = 5000
_LOCK_RETRIES = 5


class StoreBusyError(ProjectError):
    """The database stayed locked by another process for longer than we wait."""


# The newest migration's name; a test keeps it equal to the last one in qualcode.storage.migrations.
LATEST_MIGRATION = "m001_initial"


def connect(path: Path) -> sqlite3.Connection:
    """Open (and migrate) the database at path."""
    try:
        connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA synchronous = NORMAL")
        if not _is_current(connection):
            from sqlite_utils import Database

            from qualcode.storage import migrations

            migrations.apply(Database(connection))
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"cannot open the project database: {exc}", file=str(path),
                           hint="is this a qualcode.db file? restore it from .qualcode/snapshots/ if it was damaged"
                           ) from None
    return connection


def _is_current(connection: sqlite3.Connection) -> bool:
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone()
    if not exists:
        return False
    row = connection.execute("SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'qualcode' AND name = ?",
                             (LATEST_MIGRATION,)).fetchone()
    return row is not None


class Writer:
    """Serialises writes of this process and runs each unit of work in one IMMEDIATE transaction."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.lock = threading.RLock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one transaction; 'database is locked' on BEGIN is retried, never raised raw."""
        connection = self.connection
        with self.lock:
            if connection.in_transaction:
                yield connection
                return
            self._begin(connection)
            try:
                yield connection
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            else:
                connection.execute("COMMIT")

    def _begin(self, connection: sqlite3.Connection) -> None:
        for attempt in range(_LOCK_RETRIES):
            try:
                connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise StoreBusyError("the project database is busy (another qualcode is writing); try again",
                             hint="close other programs that hold qualcode.db open")
