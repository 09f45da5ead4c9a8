"""Project's merge use case: `qualcode merge OTHER` brings another copy's work into this project (merge_run.py does
the work, loaded only when a merge is asked for)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.project.base import ProjectBase

if TYPE_CHECKING:
    from qualcode.project.merge_plan import MergeReport


class MergeUseCases(ProjectBase):
    """`qualcode merge OTHER`: bring another copy's work into this project."""

    def merge(self, other: Path, *, prefer: str = "newest", dry_run: bool = False,
              coder: str | None = None) -> MergeReport:
        """Merge another copy (folder, database or .qdpx) into this project; a snapshot first, one transaction,
        one event; nothing is written in a dry run or when the other copy holds nothing new."""
        from qualcode.project.merge_run import merge

        return merge(self, other, prefer=prefer, dry_run=dry_run, coder=coder)
