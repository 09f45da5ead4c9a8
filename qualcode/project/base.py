"""What every group of Project's use cases stands on: the folder, its settings, the store and who is at work."""

from __future__ import annotations

from pathlib import Path

from qualcode.project import backups as backup_ops
from qualcode.project.coding import login_name
from qualcode.project.config import ProjectConfig
from qualcode.storage.store import Store


class ProjectBase:
    """The state of an open project; Project and its groups of use cases (base classes of it) share it."""

    root: Path
    config: ProjectConfig
    store: Store

    @property
    def snapshot_dir(self) -> Path:
        return backup_ops.snapshot_dir(self.root)

    def coder(self, explicit: str | None = None) -> str:
        """Who is at work: the coder named, else qualcode.toml's default_coder, else the user's login name."""
        return explicit or self.config.default_coder or login_name()
