"""`documents replace DOC FILE`: a file chosen by hand becomes the new version of a document (or a dry run says
what that would do to its codings)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from qualcode.domain.errors import ProjectError
from qualcode.project.config import ProjectConfig
from qualcode.project.document_ops import resolve_document
from qualcode.project.importer import FileResult, Importer, understand_file
from qualcode.storage import documents as document_sql
from qualcode.storage.records import DocumentRow
from qualcode.storage.store import Store


class Replacer(Importer):
    """An import of one file into one existing document, whatever the file is called."""

    replacing = True

    def __init__(self, store: Store, config: ProjectConfig, coder: str | None, document: DocumentRow, *,
                 dry_run: bool = False) -> None:
        super().__init__(store, config, coder, dry_run=dry_run)
        self.document = document

    def _import(self, path: Path) -> list[FileResult]:
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        document = self.document
        if digest == document.metadata.get("file_sha256", document.sha256):
            return [FileResult(path, "unchanged", document.guid, document.case_name, document.word_count,
                               [f"'{document.title}' already holds the text of {path.name}; nothing was replaced"])]
        [understood] = understand_file(path, self.config.interviewers, raw)
        # Stored under the document's own source name (and write-up number), so the import finds it.
        understood = dataclasses.replace(understood, source_name=document.source_name,
                                         part=document.metadata.get("part"))
        return [self._store_one(path, digest, understood)]


def replace_document(store: Store, config: ProjectConfig, reference: str, path: Path, *, coder: str | None,
                     dry_run: bool = False) -> FileResult:
    """Make the text of path a new version of the document (codings re-anchored); raise when it cannot be read."""
    if path.is_dir():
        raise ProjectError("give one transcript file, not a folder", file=str(path),
                           hint="name the corrected file: 'qualcode documents replace DOC FILE'")
    document = document_sql.document_by_guid(store, resolve_document(store, reference))
    if document is None:
        raise ProjectError(f"no document '{reference}'")
    [result] = Replacer(store, config, coder, document, dry_run=dry_run).run([path]).results
    if result.status == "failed":
        raise ProjectError(f"{result.error}\n  nothing was replaced: '{document.title}' keeps its text")
    if result.status == "duplicate":
        raise ProjectError(f"{path.name}: {result.warnings[0]}", hint="choose the corrected file of this document")
    return result
