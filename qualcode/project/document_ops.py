"""Fixing documents after import: find one by a loose reference, list, remove (undoably), rename, relink its case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from qualcode.domain.errors import ProjectError
from qualcode.domain.names import case_key, clean_case_name
from qualcode.storage import case_edits
from qualcode.storage import document_edits as edit_sql
from qualcode.storage import documents as document_sql
from qualcode.storage.document_edits import database_errors
from qualcode.storage.store import Store

SHORT_ID = 8  # characters of a GUID shown in lists; enough to tell a project's documents apart
MIN_PREFIX = 4
MAX_CANDIDATES = 10


@dataclass(frozen=True)
class DocumentEntry:
    """One document as `documents list` shows it."""

    guid: str
    title: str
    case: str | None
    source_name: str
    words: int
    turns: int
    codings: int

    @property
    def short_id(self) -> str:
        return self.guid[:SHORT_ID]


@dataclass(frozen=True)
class DocumentRemoval:
    """What removing a document took away, and where the database was copied first."""

    guid: str
    title: str
    source_name: str
    codings_by_coder: dict[str, int]
    snapshot: Path
    dropped_case: str | None  # the case that went with it, having nothing else


@dataclass(frozen=True)
class CaseChange:
    """What linking a document to a case did."""

    title: str
    case: str
    created: bool  # the case is new, no existing one matched
    dropped_case: str | None = None  # the previous case, deleted because nothing else used it
    changed: bool = True


@dataclass(frozen=True)
class RemovedAgain:
    """What a redo of a removal did: a note when it removed nothing, else the dump of what it removed."""

    note: str | None
    dump: dict[str, Any] | None


# -- finding a document ----------------------------------------------------------------------------------------
def _label(row: edit_sql.DocumentListing) -> str:
    return f"{row.guid[:SHORT_ID]}  {row.title} ({row.source_name})"


def resolve_document(store: Store, reference: str) -> str:
    """Return the GUID of the one document a reference names: GUID, GUID prefix, file name, stem or title."""
    wanted = reference.strip()
    folded = wanted.casefold()
    rows = edit_sql.document_listing(store)
    exact = [r for r in rows if r.guid.casefold() == folded]
    if exact:
        return exact[0].guid
    matches = [r for r in rows if (len(wanted) >= MIN_PREFIX and r.guid.casefold().startswith(folded))
               or r.source_name.casefold() == folded or PurePath(r.source_name).stem.casefold() == folded
               or r.title == wanted]
    if len(matches) == 1:
        return matches[0].guid
    if matches:
        listing = "\n".join(f"    {_label(r)}" for r in matches[:MAX_CANDIDATES])
        raise ProjectError(f"'{reference}' names {len(matches)} documents:\n{listing}",
                           hint="give more of the id (as 'qualcode documents list' shows it) or the file name")
    if not rows:
        raise ProjectError(f"no document '{reference}': this project has no documents yet",
                           hint="import transcripts first: 'qualcode import transcripts/'")

    from rapidfuzz import fuzz  # only an unknown reference needs it

    def closeness(row: edit_sql.DocumentListing) -> float:
        return max(fuzz.WRatio(wanted, text) for text in (row.title, row.source_name, row.guid[:SHORT_ID]))

    closest = sorted(rows, key=closeness, reverse=True)[:MAX_CANDIDATES]
    listing = "\n".join(f"    {_label(r)}" for r in closest)
    raise ProjectError(f"no document '{reference}'; the closest are:\n{listing}",
                       hint="name it by id (at least 4 characters), file name, file name without extension or title")


def list_documents(store: Store) -> list[DocumentEntry]:
    """Every document with its case and counts, by case and title."""
    return [DocumentEntry(r.guid, r.title, r.case_name, r.source_name, r.words, r.turns, r.codings)
            for r in edit_sql.document_listing(store)]


# -- removing, and undoing that -------------------------------------------------------------------------------
def _coding_summary(counts: Mapping[str, int]) -> str:
    total = sum(counts.values())
    by_whom = ", ".join(f"{n} by {coder}" for coder, n in counts.items())
    return f"{total} coding{'s' if total != 1 else ''} ({by_whom})"


def remove_document(store: Store, reference: str, *, force: bool, coder: str | None,
                    snapshot_dir: Path) -> DocumentRemoval:
    """Snapshot the database, then delete a document with everything on it in one transaction with its event."""
    guid = resolve_document(store, reference)
    counts = edit_sql.codings_by_coder(store, guid)
    title = _title(store, guid)
    if counts and not force:
        raise ProjectError(f"'{title}' has {_coding_summary(counts)}; nothing was removed",
                           hint="add --force to remove it with its codings (a snapshot of the database is made first; "
                                "undo in the workbench puts it back)")
    snapshot = edit_sql.snapshot(store, snapshot_dir, "documents-remove")
    with database_errors(store), store.transaction():
        dump = edit_sql.document_dump(store, guid)
        dropped = _delete(store, dump)
        what = f" with {_coding_summary(counts)}" if counts else ""
        store.record_event("remove_document", f"removed document '{title}'{what}",
                           {"document_guid": guid, "dump": dump, "dropped_case": dropped is not None,
                            "snapshot": str(snapshot)}, coder)
    return DocumentRemoval(guid, title, dump["document"]["source_name"], counts, snapshot,
                           dropped.name if dropped else None)


def _title(store: Store, guid: str) -> str:
    document = document_sql.document_by_guid(store, guid)
    if document is None:
        raise ProjectError(f"no document with id {guid}", hint="it may have been removed by another coder; try again")
    return document.title


def _delete(store: Store, dump: dict[str, Any]) -> edit_sql.CaseLink | None:
    """Delete the dumped document; drop its case too when nothing else uses it. Return the dropped case."""
    edit_sql.delete_document(store, dump["document"]["guid"])
    case = dump["case"]
    if case and case_edits.is_unused(store, case["guid"]):
        case_edits.delete_case(store, case["guid"])
        return edit_sql.CaseLink(case["guid"], case["name"], case["key"])
    return None


def removed_dump(store: Store, event_id: int, payload: dict[str, Any]) -> dict[str, Any] | None:
    """What the removal event_id took away last: the newest redo's own dump, else the first removal's (None: nothing).

    A redo records the dump it took in its own event rather than rewriting the removal's payload: the event log is
    the audit trail, so what the first removal took stays as it was written, and each redo says what it took.
    """
    redone = edit_sql.newest_redo_payload(store, event_id)
    if redone is not None and "dump" in redone:  # redo events of older versions carry no dump
        dump: dict[str, Any] | None = redone["dump"]
        return dump
    first: dict[str, Any] = payload["dump"]
    return first


def restore_removed(store: Store, dump: dict[str, Any] | None) -> str | None:
    """Put a removed document back exactly as dumped (undo); return a note when it cannot be done."""
    if dump is None:
        return "not restored: the redo before it had removed nothing"
    problem = edit_sql.restore_problem(store, dump)
    if problem:
        return f"not restored: {problem}"
    case_guid = None
    if dump["case"]:
        case = dump["case"]
        # The case may have been dropped with the document, or merged away since: find it by key, else make it again.
        found = case_edits.case_by_guid(store, case["guid"]) or case_edits.case_by_key(store, case["key"])
        case_guid = (found or case_edits.create_case(store, case["name"], case["key"], case["guid"])).guid
    edit_sql.restore_document(store, dump, case_guid)
    return None


def snapshot_before_redo(store: Store, payload: dict[str, Any], snapshot_dir: Path | None) -> Path:
    """Copy the database before a removal is redone (outside the redo's transaction: a backup cannot run inside it)."""
    # Without a folder from the caller, the redo's copy goes beside the one the removal itself made.
    folder = snapshot_dir if snapshot_dir is not None else Path(payload["snapshot"]).parent
    return edit_sql.snapshot(store, folder, "documents-remove-redo")


def remove_again(store: Store, payload: dict[str, Any], last_removed: dict[str, Any] | None) -> RemovedAgain:
    """Delete a restored document again as it is now (redo); the dump it returns is what the next undo restores.

    The document may have changed since the undo (another coder's memo, a coding taken away): the dump of the first
    removal would bring back the old state, so the redo dumps the document afresh.
    """
    guid = payload["document_guid"]
    try:
        dump = edit_sql.document_dump(store, guid)
    except KeyError:
        return RemovedAgain("the document had already been removed", None)
    # Codings added since the undo (by another coder) were never part of this removal: they need a --force of their own.
    taken = last_removed if last_removed is not None else payload["dump"]
    added = {c["guid"] for c in dump["codings"]} - {c["guid"] for c in taken["codings"]}
    if added:
        return RemovedAgain(f"not removed again: {len(added)} codings were added to it since", None)
    _delete(store, dump)
    return RemovedAgain(None, dump)


def place(store: Store, payload: dict[str, Any]) -> str | None:
    """The document an undone or redone removal points at, if it is in the project now."""
    guid: str = payload["document_guid"]
    return guid if edit_sql.document_exists(store, guid) else None


# -- renaming and relinking -----------------------------------------------------------------------------------
def rename_document(store: Store, reference: str, title: str, coder: str | None) -> tuple[str, str]:
    """Give a document a new title; return (old title, new title)."""
    new_title = " ".join(title.split())
    if not new_title:
        raise ProjectError("a document's title cannot be empty", hint="give the new title in quotes")
    with database_errors(store), store.transaction():
        guid = resolve_document(store, reference)
        old_title = _title(store, guid)
        if old_title != new_title:
            edit_sql.rename_document(store, guid, new_title)
            store.record_event("rename_document", f"renamed document '{old_title}' to '{new_title}'",
                               {"document_guid": guid, "before": old_title, "after": new_title}, coder)
    return old_title, new_title


def set_document_case(store: Store, reference: str, case_name: str, aliases: Mapping[str, str],
                      coder: str | None) -> CaseChange:
    """Link a document to the case its name matches (made when none does); drop the old case if left unused."""
    name = clean_case_name(case_name)
    if not name:
        raise ProjectError("a case name cannot be empty", hint="give the case (gemeente) name in quotes")
    key = case_key(name, aliases)
    with database_errors(store), store.transaction():
        guid = resolve_document(store, reference)
        title = _title(store, guid)
        before = edit_sql.case_of(store, guid)
        existing = case_edits.case_by_key(store, key)
        if before is not None and existing is not None and before.guid == existing.guid:
            return CaseChange(title, existing.name, created=False, changed=False)
        target = existing or case_edits.create_case(store, name, key)
        edit_sql.link_case(store, guid, target.guid)
        dropped = before if before is not None and case_edits.is_unused(store, before.guid) else None
        if dropped is not None:
            case_edits.delete_case(store, dropped.guid)
        was = f" (was {before.name})" if before else ""
        store.record_event(
            "set_document_case", f"linked '{title}' to case {target.name}{was}",
            {"document_guid": guid, "before": before._asdict() if before else None, "after": target._asdict(),
             "created": existing is None, "dropped_case": dropped._asdict() if dropped else None}, coder)
    return CaseChange(title, target.name, created=existing is None, dropped_case=dropped.name if dropped else None)
