"""Fixing what an import got wrong or what changed since: documents and cases renamed, relinked, merged or removed,
and corrected transcripts with their codings re-anchored (use cases of Project, a base class of it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.project import case_ops, document_ops
from qualcode.project import review as review_ops
from qualcode.project.base import ProjectBase
from qualcode.project.case_ops import CaseAlias, CaseMerge
from qualcode.project.config import CONFIG_NAME, load_config
from qualcode.project.document_ops import CaseChange, DocumentEntry, DocumentRemoval

if TYPE_CHECKING:
    from qualcode.project.importer import FileResult


class FixingUseCases(ProjectBase):
    """Documents and cases put right after an import, and corrected transcripts."""

    def resolve_document(self, ref: str) -> str:
        """Return the GUID a document reference names: GUID or prefix (4+), file name, its stem, or exact title."""
        return document_ops.resolve_document(self.store, ref)

    def list_documents(self) -> list[DocumentEntry]:
        """Every document with its case, source file, words, turns and codings."""
        return document_ops.list_documents(self.store)

    def remove_document(self, ref: str, *, force: bool = False, coder: str | None = None) -> DocumentRemoval:
        """Snapshot, then delete a document with all on it (codings only with force); undo puts it back."""
        return document_ops.remove_document(self.store, ref, force=force, coder=self.coder(coder),
                                            snapshot_dir=self.snapshot_dir)

    def rename_document(self, ref: str, title: str, *, coder: str | None = None) -> tuple[str, str]:
        """Give a document a new title; return (old title, new title)."""
        return document_ops.rename_document(self.store, ref, title, self.coder(coder))

    def set_document_case(self, ref: str, case: str, *, coder: str | None = None) -> CaseChange:
        """Link a document to the case its name matches (or a new one); an old case left unused is deleted."""
        return document_ops.set_document_case(self.store, ref, case, self.config.case_aliases, self.coder(coder))

    def rename_case(self, ref: str, new_name: str, *, coder: str | None = None) -> tuple[str, str]:
        """Give a case a new name and key; refused when another case has that key (merge instead)."""
        return case_ops.rename_case(self.store, ref, new_name, self.config.case_aliases, self.coder(coder))

    def merge_cases(self, ref: str, into: str, *, coder: str | None = None) -> CaseMerge:
        """Snapshot, then move a case's documents and missing attributes into another case and delete it."""
        return case_ops.merge_cases(self.store, ref, into, self.config.case_aliases, self.coder(coder),
                                    self.snapshot_dir)

    def add_case_alias(self, alias: str, case: str, *, coder: str | None = None) -> CaseAlias:
        """Add an alias to qualcode.toml and merge every case it now names into that case."""
        result = case_ops.add_case_alias(self.store, alias, case, self.root / CONFIG_NAME, self.config.case_aliases,
                                         self.coder(coder), self.snapshot_dir)
        self.config = load_config(self.root / CONFIG_NAME)
        return result

    def replace_document(self, ref: str, path: Path, *, coder: str | None = None, dry_run: bool = False) -> FileResult:
        """Make a corrected file a new version of a document, codings re-anchored (snapshot first; undoable)."""
        from qualcode.project import replacing as replace_ops

        return replace_ops.replace_document(self.store, self.config, ref, path, coder=self.coder(coder),
                                            dry_run=dry_run)

    def codings_to_review(self, ref: str | None = None) -> list[review_ops.ReviewItem]:
        return review_ops.codings_to_review(self.store, ref)

    def review_coding(self, ref: str, coding: str, decision: str, *, span: tuple[int, int] | None = None,
                      text: str | None = None, coder: str | None = None) -> review_ops.ReviewDecision:
        """Accept, adjust (to span or text) or remove a coding awaiting review (id, or 'all'); one undoable event."""
        return review_ops.decide(self.store, ref, coding, decision, span=span, phrase=text, coder=self.coder(coder),
                                snapshot_dir=self.snapshot_dir)
