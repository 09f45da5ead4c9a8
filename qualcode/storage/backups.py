"""Copies of the project database: snapshot names, listing, pruning, online backups, checks and restores.

A snapshot is `qualcode-YYYYmmdd-HHMMSS-ffffff-REASON.db` (local time); its id is the time stamp. Copies are made
with SQLite's online backup API, which gives a consistent copy while another connection writes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from qualcode.domain.errors import ProjectError

SNAPSHOT_PATTERN = re.compile(r"^qualcode-(?P<id>\d{8}-\d{6}-\d{6})-(?P<reason>.+)\.db$")
# `qualcode backup` writes qualcode-backup-…; a Store that finds its file gone writes qualcode-rescued-….
BACKUP_PATTERN = re.compile(r"^qualcode-(?P<reason>backup|rescued)-(?P<id>\d{8}-\d{6}-\d{6})\.db$")
_STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
KEEP_RECENT = 10


@dataclass(frozen=True)
class Copy:
    """One snapshot or backup file of the database."""

    id: str
    taken_at: dt.datetime
    reason: str
    path: Path
    size: int


def stamp(moment: dt.datetime | None = None) -> str:
    """Return the time stamp that names a copy (local time, microseconds so that names never collide)."""
    return (moment or dt.datetime.now()).strftime(_STAMP_FORMAT)


def snapshot_name(reason: str, moment: dt.datetime | None = None) -> str:
    """Return the file name of a new snapshot taken for reason."""
    return f"qualcode-{stamp(moment)}-{reason}.db"


def _copies(folder: Path, pattern: re.Pattern[str]) -> list[Copy]:
    found: list[Copy] = []
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or not entry.is_file():
            continue
        found.append(Copy(match["id"], dt.datetime.strptime(match["id"], _STAMP_FORMAT), match["reason"],
                          Path(entry.path), entry.stat().st_size))
    return sorted(found, key=lambda copy: copy.id, reverse=True)


def snapshots(folder: Path) -> list[Copy]:
    """Return the snapshots in folder, newest first."""
    return _copies(folder, SNAPSHOT_PATTERN)


def backups(folder: Path) -> list[Copy]:
    """Return the backups (made by `qualcode backup`, or rescued from a vanished database) in folder, newest first."""
    return _copies(folder, BACKUP_PATTERN)


def has_snapshot_on(folder: Path, day: dt.date) -> bool:
    """Whether folder holds a snapshot taken on day (local time)."""
    prefix = f"qualcode-{day.strftime('%Y%m%d')}-"
    try:
        return any(entry.name.startswith(prefix) for entry in os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return False


def to_prune(copies: list[Copy], keep_recent: int = KEEP_RECENT) -> list[Copy]:
    """The copies the rule drops: keep the newest keep_recent, and of the older ones the newest of each week."""
    ordered = sorted(copies, key=lambda copy: copy.id, reverse=True)
    weeks_kept: set[tuple[int, int]] = set()
    dropped: list[Copy] = []
    for copy in ordered[keep_recent:]:
        week = tuple(copy.taken_at.isocalendar())[:2]
        if week in weeks_kept:
            dropped.append(copy)
        else:
            weeks_kept.add((week[0], week[1]))
    return dropped


def prune(folder: Path, keep_recent: int = KEEP_RECENT) -> list[Path]:
    """Delete the snapshots the rule drops; return their paths."""
    removed = []
    for copy in to_prune(snapshots(folder), keep_recent):
        copy.path.unlink(missing_ok=True)
        removed.append(copy.path)
    return removed


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of source's database to target with the online backup API (temp file, rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    destination = sqlite3.connect(str(partial))
    try:
        source.backup(destination)
        # A copy is a single file: no -wal beside it that a later move could leave behind.
        destination.execute("PRAGMA journal_mode = DELETE")
    finally:
        destination.close()
    os.replace(partial, target)
    return target


def snapshot_file(live: Path, folder: Path, reason: str) -> Path | None:
    """Snapshot the database file at live into folder without opening it as a project; None when unreadable."""
    if not is_sound(live):
        return None
    source = sqlite3.connect(f"{live.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return copy_database(source, folder / snapshot_name(reason))
    finally:
        source.close()


def check_copy(path: Path) -> None:
    """Refuse a copy that is not a sound qualcode database (PRAGMA integrity_check, qualcode's tables)."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        raise ProjectError(f"cannot open this copy: {error}", file=str(path)) from None
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise ProjectError(f"this copy is not a readable database: {error}", file=str(path),
                           hint="choose another snapshot ('qualcode snapshots list')") from None
    finally:
        connection.close()
    if verdict != "ok":
        raise ProjectError(f"this copy is damaged (integrity check: {verdict})", file=str(path),
                           hint="choose another snapshot ('qualcode snapshots list')")
    if not {"_sqlite_migrations", "meta", "events"} <= tables:
        raise ProjectError("this file is not a copy of a qualcode project", file=str(path),
                           hint="choose another snapshot ('qualcode snapshots list')")


def restore_into(copy: Path, live: Path) -> Path | None:
    """Put copy in place of live: through the backup API when live is a sound database, else by a file swap.

    The backup API writes into the live database in one transaction, so another qualcode with the project open
    sees the restored state at its next read; the swap (for a missing, empty or damaged qualcode.db) removes the
    stale -wal and -shm files first, because SQLite would otherwise replay the old log onto the restored file.
    """
    check_copy(copy)
    try:
        kept = _restore_into(copy, live)
    except sqlite3.Error as error:
        raise ProjectError(f"the restore did not happen: {error}", file=str(live),
                           hint="close every other qualcode on this project and try again; nothing was changed"
                           ) from None
    check_copy(live)
    return kept


def _restore_into(copy: Path, live: Path) -> Path | None:
    """Restore; return where a damaged live database was kept (it may hold work that no snapshot has)."""
    kept: Path | None = None
    source = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if is_sound(live):
            destination = sqlite3.connect(str(live), isolation_level=None)
            try:
                destination.execute("PRAGMA busy_timeout = 5000")
                source.backup(destination)
            finally:
                destination.close()
        else:
            incoming = live.with_name(f".{live.name}.restoring")
            incoming.unlink(missing_ok=True)
            destination = sqlite3.connect(str(incoming))
            try:
                source.backup(destination)
            finally:
                destination.close()
            if live.is_file() and live.stat().st_size > 0:
                # A damaged database can still hold the newest codings: keep it, with its log, never delete it.
                kept = live.parent / ".qualcode" / "backups" / snapshot_name("damaged")
                kept.parent.mkdir(parents=True, exist_ok=True)
                os.replace(live, kept)
                wal = live.with_name(live.name + "-wal")
                if wal.exists():
                    os.replace(wal, kept.with_name(kept.name + "-wal"))
            for stale in (live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
                stale.unlink(missing_ok=True)
            os.replace(incoming, live)
    finally:
        source.close()
    return kept


def is_sound(path: Path) -> bool:
    """Whether path is a readable qualcode database that passes the integrity check."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        check_copy(path)
    except ProjectError:
        return False
    return True
