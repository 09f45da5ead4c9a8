"""The Store: one connection, one writer, the event log, coders, snapshots and the guard on the file's identity."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qualcode.domain.errors import ProjectError
from qualcode.storage import backups, file_mark
from qualcode.storage.connection import Writer, can_write, connect
from qualcode.storage.records import EventRow

PROJECT_GUID_KEY = "project_guid"


class ProjectFileGoneError(ProjectError):
    """qualcode.db was deleted, moved or replaced while this process had the project open."""


def now() -> str:
    """Return the current UTC time as an ISO string (seconds)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def new_guid() -> str:
    """Return a new GUID in the upper-case form REFI-QDA uses."""
    return str(uuid.uuid4()).upper()


class Store:
    """The project database; every write goes through ``write`` and records an event."""

    def __init__(self, path: Path, *, create: bool = False, read_only: bool | None = None,
                 snapshot_dir: Path | None = None, rescue_dir: Path | None = None) -> None:
        """Open the database at path (create=True only for a new project); read-only when it may not be written.

        snapshot_dir receives the daily snapshot; rescue_dir a copy of what this connection still holds when
        qualcode.db is found deleted or replaced.
        """
        self.path = path
        self.read_only = (not create and not can_write(path)) if read_only is None else read_only
        self.conn: sqlite3.Connection = connect(path, create=create, read_only=self.read_only)
        self.snapshot_dir = snapshot_dir
        self.rescue_dir = rescue_dir
        status = os.stat(path)
        self.identity = (status.st_dev, status.st_ino)
        self.project_guid = self.meta(PROJECT_GUID_KEY)
        self.mark = file_mark.mark_of(self.project_guid)
        if not self.read_only:
            file_mark.ensure_mark(self.conn, self.mark)
        self._daily_checked: dt.date | None = None
        self._gone: ProjectFileGoneError | None = None
        self.writer = Writer(self.conn, path, verify=self.check_identity, read_only=self.read_only)

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run one IMMEDIATE transaction on the file this Store opened (checked first); a day's first write
        snapshots the database."""
        with self.writer.lock:
            if not self.conn.in_transaction and not self.read_only:
                self._daily_snapshot()
            with self.writer.transaction() as connection:
                yield connection

    def check_identity(self) -> None:
        """Refuse to go on when qualcode.db is no longer the file (device, inode, project GUID) this Store opened.

        One os.stat, one primary-key read and a look at the file's header by a second connection (this one reads
        its cache): cheap enough for every write and the workbench's poll.
        """
        if self._gone is not None:
            raise self._gone
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            self._lost("qualcode.db was deleted or moved away while the project was open", rescue=True)
        else:
            if (status.st_dev, status.st_ino) != self.identity:
                self._lost("qualcode.db was replaced by another file while the project was open", rescue=True)
            elif self.meta(PROJECT_GUID_KEY) != self.project_guid or \
                    file_mark.mark_in_file(self.path) not in (None, 0, self.mark):
                # Overwritten in place: what this connection reads is its cache mixed with the other project's pages,
                # so there is nothing sound to rescue.
                self._lost("qualcode.db now holds another project than the one that was opened", rescue=False)

    def _lost(self, what: str, *, rescue: bool) -> None:
        rescued = self._rescue() if rescue else None
        if rescue:
            # SQLite leaves the log of a moved file where it was: emptied into the file this connection holds,
            # it cannot be replayed onto whatever now lies (or is later put) at qualcode.db.
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        latest = backups.snapshots(self.snapshot_dir)[:1] if self.snapshot_dir is not None else []
        where = (f"everything this window saw until now was copied to {rescued}; "
                 f"put it back with 'qualcode snapshots restore {rescued}'") if rescued else \
            (f"put qualcode.db back, or restore the latest snapshot with 'qualcode snapshots restore {latest[0].id}'"
             if latest else "put qualcode.db back")
        self._gone = ProjectFileGoneError(f"{what}: this change was NOT saved, and no further change will be",
                                          file=str(self.path), hint=f"close qualcode; {where}; then open the "
                                                                    "project again")
        raise self._gone

    def _rescue(self) -> Path | None:
        """Copy what this connection still reads (the opened file lives on while it is open) to rescue_dir."""
        if self.rescue_dir is None:
            return None
        target = self.rescue_dir / f"qualcode-rescued-{backups.stamp()}.db"
        try:
            return backups.copy_database(self.conn, target)
        except (OSError, sqlite3.Error):
            return None

    def daily_snapshot(self) -> None:
        """Take the day's snapshot now if it is due, rather than at the day's first write (which would wait for it)."""
        with self.writer.lock:
            if not self.conn.in_transaction and not self.read_only:
                self._daily_snapshot()

    def _daily_snapshot(self) -> None:
        """Snapshot once a day, before the first write, when the database holds work from an earlier day."""
        today = dt.date.today()
        if self.snapshot_dir is None or self._daily_checked == today:
            return
        self._daily_checked = today
        newest = self.conn.execute("SELECT max(at) FROM events").fetchone()[0]
        if newest is None or dt.datetime.fromisoformat(newest).astimezone().date() >= today:
            return
        if backups.has_snapshot_on(self.snapshot_dir, today):
            return
        with contextlib.suppress(OSError, sqlite3.Error):
            # A safety net that cannot be cast must not stop the work; a full disk shows at the write itself.
            self.snapshot(self.snapshot_dir, "daily")

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
        """Copy the whole database to folder (SQLite backup API) before a bulk change; prune older snapshots."""
        target = backups.copy_database(self.conn, folder / backups.snapshot_name(reason))
        backups.prune(folder)
        return target

    def backup(self, target: Path) -> Path:
        """Write a consistent copy of the database to target, also while another process writes."""
        return backups.copy_database(self.conn, target)
