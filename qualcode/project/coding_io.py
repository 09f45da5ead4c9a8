"""Codings and the whole project in and out as files (codings tables, REFI-QDA) and the change history: use cases of
Project (base classes of it). The modules that do the work are imported on first call, so that opening a project for
`status` or `code` does not load the REFI-QDA reader and writer or the codings tables."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.project.base import ProjectBase
from qualcode.storage.records import EventRow

if TYPE_CHECKING:
    from qualcode.project.coding_exchange import CodingEntry
    from qualcode.project.coding_import import CodingImport
    from qualcode.project.exchange_export import ExportSummary
    from qualcode.project.exchange_import import RefiImport


class CodingTablesUseCases(ProjectBase):
    """Codings listed, exported and imported as CSV or XLSX; the event log read back."""

    def coding_entries(self, document_guid: str | None = None, code: str | None = None,
                       coder: str | None = None) -> list[CodingEntry]:
        from qualcode.project import coding_exchange

        return coding_exchange.coding_entries(self.store, document_guid=document_guid, code_key=code, coder=coder)

    def export_codings(self, fmt: str) -> bytes:
        from qualcode.project import coding_exchange

        return coding_exchange.export_codings(self.store, fmt)

    def import_codings(self, path: Path, coder: str | None = None, dry_run: bool = False) -> CodingImport:
        from qualcode.project import coding_import

        return coding_import.import_codings(self.store, path, self.coder(coder), dry_run, self.snapshot_dir)

    def history(self, limit: int = 50) -> list[EventRow]:
        """The newest changes first, as the event log holds them (who, when, what, and whether undone)."""
        return self.store.events(limit=limit)


class RefiExchange(ProjectBase):
    """REFI-QDA: the project exported as .qdpx, its codebook as .qdc, and either imported into this project."""

    def export_qdpx(self, path: Path) -> ExportSummary:
        """Write the whole project as a REFI-QDA project archive (.qdpx); the same project gives the same bytes."""
        from qualcode.project.exchange_export import export_qdpx

        return export_qdpx(self.store, self.config, path)

    def export_qdc(self, path: Path) -> ExportSummary:
        """Write the codebook as a REFI-QDA codebook (.qdc)."""
        from qualcode.project.exchange_export import export_qdc

        return export_qdc(self.store, path)

    def import_qdpx(self, path: Path, *, kind: str | None = None, coder: str | None = None, dry_run: bool = False,
                    drop_invalid: bool = False) -> RefiImport:
        """A .qdpx or .qdc into this project, matched by GUID (a snapshot first; one transaction, one event)."""
        from qualcode.project.exchange_import import import_qdpx

        return import_qdpx(self, path, kind=kind, coder=coder, dry_run=dry_run, drop_invalid=drop_invalid)
