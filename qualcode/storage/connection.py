"""Opening the project database: WAL, foreign keys, busy timeout, one writer lock, retried transactions.

sqlite-utils (and, through it, numpy and pandas) costs about 0.4 s to import, so it is loaded only when a
migration is pending; an up-to-date project opens with the standard sqlite3 module alone.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from qualcode.domain.errors import ProjectError
from qualcode.storage import search_index

BUSY_TIMEOUT_MS = 5000
_LOCK_RETRIES = 5
# FULL: a commit is on disk before it is acknowledged (NORMAL in WAL may lose the last commits on power loss);
# bench/bench_durability.py measures what it costs per coding.
SYNCHRONOUS = "FULL"
_READ_ONLY_HINT = ("make qualcode.db and its folder writable (or copy the project folder to a place you may write); "
                   "reading commands (status, report and table with --out) still work; nothing was changed")


class StoreBusyError(ProjectError):
    """The database stayed locked by another process for longer than we wait."""


class UnusableDatabaseError(ProjectError):
    """qualcode.db is missing, empty, not an SQLite database, or not a qualcode project's database."""


# Every migration's name, in order; a test keeps it equal to those registered in qualcode.storage.migrations (which
# loads sqlite-utils: opening an up-to-date project does not need it).
MIGRATIONS = ("m001_initial", "m002_project_guid", "m003_identities", "m004_document_versions", "m005_chosen_quotes",
              "m006_search_index", "m007_suggestions", "m008_pseudonyms", "m009_consensus",
              "m010_replace_indexes", "m011_english_code_names")
LATEST_MIGRATION = MIGRATIONS[-1]


def can_write(path: Path) -> bool:
    """Whether this process may change the database: the file and its folder (WAL keeps -wal/-shm beside it)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def check_database_file(path: Path) -> None:
    """Refuse a qualcode.db that is missing or empty, before SQLite would make a new one of it.

    Only os.stat: opening and closing the file here would release the POSIX locks SQLite holds on it when this
    process has the project open already (SQLite's "how to corrupt" §2.2); a file that is not SQLite is found by
    SQLite itself when it opens it (see connect)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UnusableDatabaseError("the project database qualcode.db is missing", file=str(path)) from None
    except IsADirectoryError:
        raise UnusableDatabaseError("qualcode.db is a folder, not the project database", file=str(path)) from None
    except OSError as error:
        raise ProjectError(f"cannot read the project database ({error.strerror})", file=str(path),
                           hint="check that you may read qualcode.db") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnusableDatabaseError("qualcode.db is a folder, not the project database", file=str(path))
    if info.st_size == 0:
        raise UnusableDatabaseError("the project database qualcode.db is empty (0 bytes)", file=str(path))


def as_project_error(error: sqlite3.Error, path: Path) -> ProjectError:
    """Say what SQLite's write errors mean for the user: a full disk, a read-only file or folder, a lock."""
    text = str(error)
    if "disk is full" in text or "database or disk is full" in text:
        return ProjectError("the project database cannot be changed: the disk is full", file=str(path),
                            hint="free some disk space, then do it again; nothing was changed")
    if "readonly" in text or "read-only" in text:
        return ProjectError("the project database cannot be changed: it is read-only here", file=str(path),
                            hint=_READ_ONLY_HINT)
    if "unable to open" in text:
        return ProjectError("the project database cannot be changed: SQLite cannot open its files", file=str(path),
                            hint="check that the project folder still exists and that you may write in it; "
                                 "nothing was changed")
    if "locked" in text or "busy" in text:
        return StoreBusyError("the project database is busy (another qualcode is writing); try again",
                              file=str(path), hint="close other programs that hold qualcode.db open")
    return ProjectError(f"the project database cannot be changed: {text}", file=str(path),
                        hint="check that qualcode.db is writable and that no other program holds it; "
                             "nothing was changed")


def connect(path: Path, *, create: bool = False, read_only: bool = False) -> sqlite3.Connection:
    """Open (and migrate) the database at path; only create=True may make a new one (init and demo do)."""
    if not create:
        check_database_file(path)
    mode = "ro" if read_only else "rwc" if create else "rw"
    connection: sqlite3.Connection | None = None
    try:
        connection = _open(path, mode)
        if not create and not _has_qualcode_tables(connection):
            raise UnusableDatabaseError("qualcode.db is an SQLite database, but not a qualcode project's",
                                        file=str(path))
        if not _is_current(connection):
            if read_only:
                raise ProjectError("this project was made by an older qualcode and must be upgraded once, "
                                   "which cannot be done while it is read-only", file=str(path), hint=_READ_ONLY_HINT)
            from sqlite_utils import Database

            from qualcode.storage import migrations

            migrations.apply(Database(connection))
    except (sqlite3.Error, ProjectError) as exc:
        if connection is not None:
            connection.close()
        if isinstance(exc, ProjectError):
            raise
        if "not a database" in str(exc):
            raise UnusableDatabaseError("qualcode.db is not an SQLite database (it was overwritten or damaged)",
                                        file=str(path)) from None
        if isinstance(exc, sqlite3.OperationalError):
            raise as_project_error(exc, path) from None
        raise UnusableDatabaseError(f"cannot open the project database: {exc}", file=str(path)) from None
    return connection


def _open(path: Path, mode: str) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    connection = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    if mode != "ro":
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        return connection
    connection.execute("PRAGMA query_only = ON")
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL database in a folder we may not write has no -shm to share; when nobody can have written a -wal
        # there either, reading it as immutable is the documented way to open it read-only. With a -wal that
        # holds changes, immutable would read the project without them: refuse rather than show old data.
        connection.close()
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise ProjectError("this read-only project has changes that were never folded into qualcode.db "
                               "(its -wal file), and they cannot be read without writing", file=str(path),
                               hint="copy the project folder to a place you may write and open the copy") from None
        connection = sqlite3.connect(f"{uri}&immutable=1", uri=True, check_same_thread=False, isolation_level=None)
        connection.execute("PRAGMA query_only = ON")
    return connection


def _has_qualcode_tables(connection: sqlite3.Connection) -> bool:
    names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {"_sqlite_migrations", "meta", "events"} <= names


def _is_current(connection: sqlite3.Connection) -> bool:
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone()
    if not exists:
        return False
    # Every one, not only the newest: migrations made on parallel branches can land in another order than numbered.
    marks = ", ".join("?" * len(MIGRATIONS))
    row = connection.execute("SELECT COUNT(DISTINCT name) FROM _sqlite_migrations WHERE migration_set = 'qualcode' "
                             f"AND name IN ({marks})", MIGRATIONS).fetchone()
    return row is not None and row[0] == len(MIGRATIONS)


class Writer:
    """Serialises writes of this process and runs each unit of work in one IMMEDIATE transaction.

    verify runs just before the transaction begins (the Store checks there that qualcode.db is still the file it
    opened, and may copy what it still reads, which it could not do inside its own write transaction); SQLite's
    write errors leave as a ProjectError that says what to do.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path | None = None,
                 verify: Callable[[], None] | None = None, read_only: bool = False) -> None:
        self.connection = connection
        self.path = path or Path("qualcode.db")
        self.verify = verify
        self.read_only = read_only
        self.lock = threading.RLock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one transaction; 'database is locked' on BEGIN is retried, never raised raw."""
        connection = self.connection
        with self.lock:
            if connection.in_transaction:
                yield connection
                return
            if self.read_only:
                raise ProjectError("the project database cannot be changed: it is read-only here",
                                   file=str(self.path), hint=_READ_ONLY_HINT)
            if self.verify is not None:
                self.verify()
            self._begin(connection)
            try:
                yield connection
            except BaseException as exc:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError):
                    raise as_project_error(exc, self.path) from None
                raise
            try:
                search_index.flush(connection)  # the lemma index follows every change to sentences (m006)
                connection.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise as_project_error(exc, self.path) from None

    def _begin(self, connection: sqlite3.Connection) -> None:
        for attempt in range(_LOCK_RETRIES):
            try:
                connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise as_project_error(exc, self.path) from None
                time.sleep(0.05 * (attempt + 1))
        raise StoreBusyError("the project database is busy (another qualcode is writing); try again",
                             file=str(self.path), hint="close other programs that hold qualcode.db open")
