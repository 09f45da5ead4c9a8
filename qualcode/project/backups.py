"""Backups and snapshots of a project: make a backup, list and restore snapshots, and name the latest one.

Listing and restoring work from the project folder alone, without opening the database: they are what a user
needs precisely when qualcode.db is missing, empty or damaged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from qualcode.domain.errors import ProjectError
from qualcode.storage import backups as copies
from qualcode.storage.connection import UnusableDatabaseError
from qualcode.storage.store import ProjectFileGoneError, Store

__all__ = ["ProjectFileGoneError", "Restored", "Snapshot"]

DB_NAME = "qualcode.db"


def open_store(root: Path, *, create: bool) -> Store:
    """Open (or, for init, create) the project's database; an unusable one names the latest snapshot."""
    try:
        return Store(root / DB_NAME, create=create, snapshot_dir=snapshot_dir(root), rescue_dir=backup_dir(root))
    except UnusableDatabaseError as error:
        raise ProjectError(error.message, file=error.file, hint=recovery_hint(root)) from None


def snapshot_dir(root: Path) -> Path:
    """Where snapshots before bulk changes, daily snapshots and pre-restore snapshots go."""
    return root / ".qualcode" / "snapshots"


def backup_dir(root: Path) -> Path:
    """Where `qualcode backup` writes by default (and where a rescued copy of a vanished database goes)."""
    return root / ".qualcode" / "backups"


@dataclass(frozen=True)
class Snapshot:
    """One copy of the database: its id (to restore it), when and why it was taken, where it is, its size."""

    id: str
    taken_at: dt.datetime
    reason: str
    path: Path
    size: int


@dataclass(frozen=True)
class Restored:
    """What a restore did: the copy now in place, and the snapshot of the state before (restore it to undo)."""

    restored: Path
    before: Snapshot | None
    damaged_copy: Path | None = None  # the damaged database the restore replaced, kept as it was


def _snapshot(copy: copies.Copy) -> Snapshot:
    return Snapshot(copy.id, copy.taken_at, copy.reason, copy.path, copy.size)


def list_snapshots(root: Path) -> list[Snapshot]:
    """The project's snapshots, newest first."""
    return [_snapshot(copy) for copy in copies.snapshots(snapshot_dir(root))]


def list_backups(root: Path) -> list[Snapshot]:
    """The backups in the project's default backup folder, newest first."""
    return [_snapshot(copy) for copy in copies.backups(backup_dir(root))]


def backup(store: Store, root: Path, to: Path | None) -> Snapshot:
    """Copy the database with the online backup API into `to` (a folder) or .qualcode/backups/."""
    folder = to if to is not None else backup_dir(root)
    if folder.exists() and not folder.is_dir():
        raise ProjectError("--to must be a folder, and this is a file", file=str(folder), hint="name a folder")
    moment = dt.datetime.now()
    target = folder / f"qualcode-backup-{copies.stamp(moment)}.db"
    try:
        store.backup(target)
    except OSError as error:
        raise ProjectError(f"cannot write the backup ({error.strerror})", file=str(folder),
                           hint="choose a folder you may write with --to, or free disk space") from None
    return Snapshot(copies.stamp(moment), moment, "backup", target, target.stat().st_size)


def recovery_hint(root: Path) -> str:
    """What to tell a user whose qualcode.db is gone or damaged: the real latest snapshot or backup, if any."""
    found = list_snapshots(root)
    saved = list_backups(root)
    if saved and (not found or saved[0].taken_at > found[0].taken_at):
        return (f"restore the latest copy ({_when(saved[0])}, {saved[0].reason}) with "
                f"'qualcode snapshots restore {saved[0].path}'")
    if found:
        latest = found[0]
        return (f"restore the latest snapshot ({_when(latest)}, {latest.reason}) with "
                f"'qualcode snapshots restore {latest.id}'; 'qualcode snapshots list' shows them all")
    return ("there is no snapshot or backup in .qualcode/; put back a copy of qualcode.db if you have one "
            "(nothing was created or changed)")


def _when(copy: Snapshot) -> str:
    return copy.taken_at.strftime("%Y-%m-%d %H:%M")


def find_copy(root: Path, ref: str) -> Path:
    """The copy a reference names: a snapshot id (or its unique beginning) or the path of a copy."""
    if not ref.strip():
        raise ProjectError("no snapshot named: the id is empty", hint="'qualcode snapshots list' shows the ids")
    found = list_snapshots(root)
    matches = [s for s in found if s.id.startswith(ref) or s.path.name == ref]
    if len(matches) == 1:
        return matches[0].path
    if len(matches) > 1:
        raise ProjectError(f"'{ref}' names {len(matches)} snapshots", hint="give more of the id "
                           f"(e.g. {matches[0].id}); 'qualcode snapshots list' shows them")
    path = Path(ref).expanduser()
    if (path if path.is_absolute() else Path.cwd() / path).resolve() == (root / "qualcode.db").resolve():
        raise ProjectError("that is the project database itself, not a copy of it",
                           hint="'qualcode snapshots list' shows the copies")
    if path.is_file():
        return path
    if not (root / path).is_file():
        latest = f" (the latest is {found[0].id})" if found else ""
        raise ProjectError(f"no snapshot with id '{ref}'{latest}",
                           hint="'qualcode snapshots list' shows the ids; a backup file is named by its path")
    return root / path


def restore(root: Path, ref: str) -> Restored:
    """Snapshot the current database (when readable), then put the chosen copy in its place and check it."""
    chosen = find_copy(root, ref)
    live = root / DB_NAME
    copies.check_copy(chosen)
    try:
        before_path = copies.snapshot_file(live, snapshot_dir(root), "before-restore")
    except OSError as error:
        raise ProjectError(f"cannot snapshot the current database before the restore ({error.strerror})",
                           file=str(snapshot_dir(root)), hint="free disk space or make the folder writable; "
                           "nothing was changed") from None
    damaged_copy = copies.restore_into(chosen, live)
    copies.prune(snapshot_dir(root))
    before = next((s for s in list_snapshots(root) if s.path == before_path), None)
    return Restored(chosen, before, damaged_copy)
