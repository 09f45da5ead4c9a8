"""Keeping the project safe: backups, snapshots and their restore, and the check that qualcode.db is still the
file this process opened (use cases of Project, a base class of it)."""

from __future__ import annotations

from pathlib import Path

from qualcode.project import backups as backup_ops
from qualcode.project.backups import Restored, Snapshot
from qualcode.project.base import ProjectBase


class SafekeepingUseCases(ProjectBase):
    """Backups, snapshots and the identity of the database file."""

    def backup(self, to: Path | None = None) -> Snapshot:
        """Copy the database (online backup API, consistent while others write) into `to` or .qualcode/backups/."""
        return backup_ops.backup(self.store, self.root, to)

    @staticmethod
    def snapshots(root: Path) -> list[Snapshot]:
        """The snapshots of the project at root, newest first; works when qualcode.db cannot be opened."""
        return backup_ops.list_snapshots(root)

    @staticmethod
    def restore_snapshot(root: Path, ref: str) -> Restored:
        """Snapshot the current state, then put snapshot ref (id, its beginning or a path) in place of qualcode.db."""
        return backup_ops.restore(root, ref)

    def take_daily_snapshot(self) -> None:
        """Take the day's snapshot now when one is due (the workbench does as it opens, off its UI thread), so that
        the day's first change does not wait for the copy."""
        self.store.daily_snapshot()

    def check_identity(self) -> None:
        """Raise a ProjectError when qualcode.db was deleted, moved or replaced since this Project opened it."""
        self.store.check_identity()
