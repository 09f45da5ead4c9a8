"""Codings in and out of the project as tables, and the change history (use cases of Project, a base class of it)."""

from __future__ import annotations

from pathlib import Path

from qualcode.project import coding_exchange, coding_import
from qualcode.project.base import ProjectBase
from qualcode.storage.records import EventRow


class CodingTablesUseCases(ProjectBase):
    """Codings listed, exported and imported as CSV or XLSX; the event log read back."""

    def coding_entries(self, document_guid: str | None = None, code: str | None = None,
                       coder: str | None = None) -> list[coding_exchange.CodingEntry]:
        return coding_exchange.coding_entries(self.store, document_guid=document_guid, code_key=code, coder=coder)

    def export_codings(self, fmt: str) -> bytes:
        return coding_exchange.export_codings(self.store, fmt)

    def import_codings(self, path: Path, coder: str | None = None, dry_run: bool = False) -> coding_import.CodingImport:
        return coding_import.import_codings(self.store, path, self.coder(coder), dry_run, self.snapshot_dir)

    def history(self, limit: int = 50) -> list[EventRow]:
        """The newest changes first, as the event log holds them (who, when, what, and whether undone)."""
        return self.store.events(limit=limit)
