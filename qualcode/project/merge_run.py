"""Merging another copy of the project (its folder, its qualcode.db or a .qdpx) into this one: read both, plan every
add, match and conflict, then a snapshot and one transaction with one event; a dry run plans and writes nothing.

A .qdpx is first made into a temporary project by the REFI-QDA importer, so that a merge always compares two
projects. A merge is not undone with `undo` (it touches every coder's work at once): its snapshot puts the project
back as it was ('qualcode snapshots restore ID').
"""

from __future__ import annotations

from pathlib import Path

from qualcode.domain.errors import ProjectError
from qualcode.project import merge_documents, merge_plan
from qualcode.project import versions as version_ops
from qualcode.project.base import ProjectBase
from qualcode.project.exchange_plan import counted, summarise
from qualcode.project.merge_plan import PREFER, MergePlan, MergeReport
from qualcode.storage import case_edits, coding_edits, document_edits, merge_read, merge_write
from qualcode.storage import codes as code_sql
from qualcode.storage import exchange_import as import_sql
from qualcode.storage import versions as version_sql
from qualcode.storage.exchange_import import ImportVariable
from qualcode.storage.merge_read import Side
from qualcode.storage.store import Store

MERGE_ACTION = "merge"
_DB_NAME = "qualcode.db"
_ARCHIVES = (".qdpx", ".qde")
_FROM_ARCHIVE = "from-archive"  # the temporary project a .qdpx is imported into


def merge(project: ProjectBase, other: Path, *, prefer: str, dry_run: bool, coder: str | None) -> MergeReport:
    """Merge another copy (folder, database or .qdpx) into the project; see Project.merge."""
    if prefer not in PREFER:
        raise ProjectError(f"--prefer must be one of {', '.join(PREFER)}, not '{prefer}'")
    store = project.store
    with merge_read.work_folder() as work:
        other_store = _open_other(store, other, Path(work))
        try:
            report = MergeReport(str(other), prefer, dry_run)
            before = store.version()
            plan = _plan(store, other_store, report)
            if dry_run or not report.writes:
                return report
            report.snapshot = str(store.snapshot(project.snapshot_dir, "merge"))
            with store.transaction():
                if store.version() != before:  # another coder wrote meanwhile: plan on what is there now
                    report = MergeReport(str(other), prefer, dry_run, snapshot=report.snapshot)
                    plan = _plan(store, other_store, report)
                _apply(store, other_store, plan)
                report.event_id = store.record_event(MERGE_ACTION, _summary(report),
                                                     {**_payload(report), "removed_codings": plan.coding_deletes},
                                                     project.coder(coder))
            return report
        finally:
            other_store.close()


def _open_other(store: Store, other: Path, work: Path) -> Store:
    """The other copy as a read-only Store: its database, or a .qdpx imported into a temporary project."""
    if not other.exists():
        raise ProjectError("not found", file=str(other), hint=merge_read.OTHER_HINT)
    if other.is_dir():
        database = other / _DB_NAME
        if not database.is_file():
            raise ProjectError("this folder is not a qualcode project (no qualcode.db in it)", file=str(other),
                               hint=merge_read.OTHER_HINT)
    elif other.suffix.lower() in _ARCHIVES:
        from qualcode.project.exchange_import import import_new_project

        import_new_project(other, work / _FROM_ARCHIVE, kind="qdpx", coder="merge")
        return Store(work / _FROM_ARCHIVE / _DB_NAME, read_only=True)
    elif other.suffix.lower() == ".qdc":
        raise ProjectError("a .qdc file holds a codebook only, not another copy's work", file=str(other),
                           hint="load it with 'qualcode import qdc FILE --into DIR'")
    else:
        database = other
    if merge_read.same_file(store, database):
        raise ProjectError("this is this project's own database, not another copy", file=str(other),
                           hint=merge_read.OTHER_HINT)
    return merge_read.open_other(database, work)


def _plan(store: Store, other: Store, report: MergeReport) -> MergePlan:
    mine, theirs = merge_read.read_side(store), merge_read.read_side(other)
    theirs.from_archive = other.path.parent.name == _FROM_ARCHIVE
    # When the copies were last one project: a change made since in one copy only is taken whatever --prefer says.
    report.split = max((mark[0] for mark in mine.event_marks & theirs.event_marks), default=None)
    if theirs.from_archive:
        report.left_out.append("the other copy is a .qdpx, which keeps no history: what it removed cannot be seen, and "
                               "under --prefer newest its differences keep this project's (--prefer theirs takes the "
                               "archive's)")
    plan = MergePlan(report)
    used_here = _uses(mine)
    used_there = _uses(theirs)
    merge_plan.plan_coders(mine, theirs, plan)
    merge_plan.plan_codebook(mine, theirs, plan, used_here, used_there)
    merge_plan.plan_cases(mine, theirs, plan)
    documents = merge_documents.plan_documents(mine, theirs, plan)
    merge_documents.plan_codings(mine, theirs, plan)
    coding_map = {c.guid: c.guid for c in documents.codings} | {g: g for g in mine.codings}
    merge_plan.plan_memos(mine, theirs, plan, {"document": documents.doc_map, "code": plan.code_map,
                                               "coding": coding_map})
    return plan


def _uses(side: Side) -> dict[str, int]:
    counts: dict[str, int] = {}
    for coding in side.codings.values():
        counts[coding.code_guid] = counts.get(coding.code_guid, 0) + 1
    return counts


def _apply(store: Store, other: Store, plan: MergePlan) -> None:
    """Write the plan, inside the caller's transaction: codebook and cases first, then documents (a newer text
    re-anchors this project's codings), then the other copy's codings and memos."""
    documents = plan.documents
    import_sql.insert_coders(store, plan.coders)
    import_sql.insert_code_types(store, plan.types)
    import_sql.insert_codes(store, plan.codes)
    merge_write.set_code_extras(store, plan.code_extras)
    merge_write.update_codes(store, plan.code_updates)
    code_sql.delete_codes(store, plan.code_deletes)
    import_sql.insert_variables(store, [ImportVariable(*row) for row in plan.variables])
    import_sql.insert_cases(store, plan.cases)
    for guid, name, key in plan.case_renames:
        case_edits.rename_case(store, guid, name, key)
    merge_write.set_attributes(store, plan.attributes)
    for their_guid, source_name, case_guid in documents.new:
        merge_write.copy_document(store, other, their_guid, source_name, case_guid)
    for my_guid, their_guid in documents.adopt:
        fields, structure = merge_write.other_version(other, their_guid)
        fields["case_guid"] = version_sql.current_fields(store, my_guid)[2]["case_guid"]
        version_ops.switch_to_text(store, my_guid, fields, structure)
    for document_guid, case_guid in documents.relink:
        document_edits.link_case(store, document_guid, case_guid)
    for document_guid, title in documents.retitle:
        document_edits.rename_document(store, document_guid, title)
    import_sql.insert_codings(store, documents.codings)
    for guid in plan.coding_deletes:
        coding_edits.delete_coding(store, guid)
    version_sql.put_reviews(store, documents.reviews)
    merge_write.set_coding_memos(store, documents.coding_memos)
    import_sql.insert_memos(store, plan.memos)
    merge_write.update_memos(store, plan.memo_updates)


def _summary(report: MergeReport) -> str:
    added = ", ".join(counted(count, what.removesuffix("s")) for what, count in report.added.items() if count) \
        or "nothing new"
    return f"merged {Path(report.other).name} ({added}; {len(report.conflicts):,} conflicts, --prefer {report.prefer})"


def _payload(report: MergeReport) -> dict[str, object]:
    return {"other": report.other, "prefer": report.prefer, "added": report.added, "matched": report.matched,
            "changed": summarise(report.changed), "conflicts": summarise(report.conflicts),
            "left_out": summarise(report.left_out), "snapshot": report.snapshot}
