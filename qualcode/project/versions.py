"""Transcript versions: a corrected text becomes a new version and every coding is re-anchored onto it (or kept for
review, never moved onto other words); undo and redo of a replacement; a coding restored onto another version."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.domain.errors import ProjectError
from qualcode.domain.model import ParsedTranscript
from qualcode.storage import case_edits, document_edits
from qualcode.storage import versions as version_sql
from qualcode.storage.records import DocumentRow, EventRow, SentenceSpan
from qualcode.storage.store import Store, now

REPLACE_ACTION = "replace_document"
STATUSES = ("unchanged", "moved", "text_changed", "vanished")
STATUS_WORDS = {"unchanged": "unchanged", "moved": "moved", "text_changed": "text changed", "vanished": "vanished"}
_SAME_WORDS = ("unchanged", "moved")


@dataclass(frozen=True)
class Flagged:
    """A coding re-anchoring could not put on the same words: its old text and, unless vanished, its new one."""

    coding_guid: str
    status: str  # text_changed or vanished
    old_text: str
    new_text: str | None


@dataclass(frozen=True)
class Reanchoring:
    """What replacing a document's text did (or, in a dry run, would do) to its codings."""

    document_guid: str
    version_before: int
    version_after: int
    counts: dict[str, int]  # status → codings, every status present
    flagged: tuple[Flagged, ...] = ()
    snapshot: Path | None = None
    stored: bool = True

    @property
    def awaiting_review(self) -> int:
        return self.counts["text_changed"] + self.counts["vanished"]

    @property
    def summary(self) -> str:
        """'12 unchanged, 30 moved, 2 text changed, 1 vanished'."""
        return ", ".join(f"{self.counts[status]} {STATUS_WORDS[status]}" for status in STATUSES)


@dataclass
class _Plan:
    """The re-anchoring of a document's codings onto a new text, before anything is written."""

    records: list[dict[str, Any]] = field(default_factory=list)  # per coding: guid, old, new, status
    flagged: list[Flagged] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for record in self.records:
            counts[record["status"]] += 1
        return counts


def _plan(old_text: str, new_text: str, spans: list[tuple[str, int, int]]) -> _Plan:
    plan = _Plan()
    from qualcode.domain.anchoring import TextMap  # alignment (rapidfuzz) only when re-anchoring

    text_map = TextMap(old_text, new_text)
    for coding_guid, start, end in spans:
        anchored = text_map.locate(start, end)
        new = None if anchored.start is None or anchored.end is None else [anchored.start, anchored.end]
        plan.records.append({"guid": coding_guid, "old": [start, end], "new": new, "status": anchored.status})
        if anchored.status not in _SAME_WORDS:
            plan.flagged.append(Flagged(coding_guid, anchored.status, old_text[start:end],
                                        new_text[new[0]:new[1]] if new else None))
    return plan


def preview(store: Store, document_guid: str, new_text: str) -> Reanchoring:
    """What replacing the document's text with new_text would do to its codings; nothing is written."""
    version = version_sql.current_version(store, document_guid) or 1
    old_text = _current_text(store, document_guid)
    plan = _plan(old_text, new_text, version_sql.coding_spans(store, document_guid))
    return Reanchoring(document_guid, version, version_sql.next_version(store, document_guid), plan.counts(),
                       tuple(plan.flagged), stored=False)


def _current_text(store: Store, document_guid: str) -> str:
    return str(version_sql.current_fields(store, document_guid)[2]["text"])


def _touches_coded_work(store: Store, document_guid: str) -> bool:
    """Whether replacing this document touches coded work (codings, or codings awaiting review)."""
    return bool(version_sql.coding_spans(store, document_guid) or version_sql.review_rows(store, document_guid))


def snapshot_before(store: Store, document_guid: str) -> Path | None:
    """Copy the database before a replacement that touches coded work (outside any transaction); else None."""
    if store.snapshot_dir is None or not _touches_coded_work(store, document_guid):
        return None
    return document_edits.snapshot(store, store.snapshot_dir, "documents-replace")


def older_version(store: Store, existing: DocumentRow, sha256: str, file_name: str) -> str | None:
    """A warning when a file holds another kept version of the document (a stale copy): it is not imported."""
    version = version_sql.version_with_sha256(store, existing.guid, sha256)
    if version is None:
        return None
    current = version_sql.current_version(store, existing.guid)
    return (f"{file_name} holds version {version} of '{existing.title}', which is at version {current} now; "
            "kept the current version (to go back to this text on purpose: 'qualcode documents replace "
            f"{existing.source_name} {file_name}')")


def _switch(store: Store, document_guid: str, new_version: int, fields: dict[str, Any],
            structure: dict[str, Any]) -> tuple[_Plan, dict[str, Any]]:
    """Make (fields, structure) the current version, the old one kept; move every coding by the alignment.

    Text-changed codings stay on their surviving words and get a review row; vanished ones leave the codings
    table for a review row holding all that puts them back. A coding already awaiting review keeps the text and
    place it had when it was first flagged. Returns the plan and what undo needs (inside the caller's transaction).
    """
    _, _, old_fields = version_sql.current_fields(store, document_guid)
    plan = _plan(old_fields["text"], fields["text"], version_sql.coding_spans(store, document_guid))
    before = {row["coding_guid"]: row for row in version_sql.review_rows(store, document_guid)}
    old_version = version_sql.keep_current(store, document_guid)
    version_sql.put_version(store, document_guid, new_version, fields, structure)
    moves: list[tuple[str, int, int]] = []
    written: list[dict[str, Any]] = []
    flagged_at = now()
    for record in plan.records:
        coding_guid, (start, end), status = record["guid"], record["old"], record["status"]
        earlier = before.get(coding_guid)
        row = dict(earlier) if earlier else {
            "coding_guid": coding_guid, "document_guid": document_guid, "version": old_version, "old_start": start,
            "old_end": end, "old_text": old_fields["text"][start:end]}
        row.update(new_version=new_version, flagged_at=flagged_at)
        if status == "vanished":
            coding = version_sql.coding_record(store, coding_guid)
            assert coding is not None  # it was among the document's codings a moment ago, in this transaction
            version_sql.delete_coding(store, coding_guid)
            row.update(status="vanished", new_start=None, new_end=None,
                       **{key: coding[key] for key in ("code_guid", "coder", "created_at", "memo", "selection_guid")})
            written.append(row)
            continue
        moves.append((coding_guid, *record["new"]))
        if status == "text_changed" or earlier is not None:
            row.update(status="text_changed", new_start=record["new"][0], new_end=record["new"][1])
            written.append(row)
    version_sql.move_codings(store, moves)
    version_sql.put_reviews(store, written)
    undo = {"codings": plan.records, "flagged": [row["coding_guid"] for row in written],
            "reviews_before": [before[row["coding_guid"]] for row in written if row["coding_guid"] in before]}
    return plan, undo


def switch_to_text(store: Store, document_guid: str, fields: dict[str, Any],
                   structure: dict[str, Any]) -> dict[str, int]:
    """Make another copy's text (fields and structure as versions keep them) the document's newest version, its
    codings re-anchored as a replacement does; inside the caller's transaction, which records the event (merge)."""
    plan, _ = _switch(store, document_guid, version_sql.next_version(store, document_guid), fields, structure)
    return plan.counts()


def store_version(store: Store, existing: DocumentRow, parsed: ParsedTranscript, sentences: list[SentenceSpan], *,
                  title: str, sha256: str, source_file: str, case_id: int | None, word_count: int,
                  metadata: dict[str, Any], coder: str | None, snapshot: Path | None) -> Reanchoring:
    """Store parsed as a new version of an existing document, inside the caller's transaction, with its event."""
    guid = existing.guid
    version_before = version_sql.current_version(store, guid) or 1
    version_after = version_sql.next_version(store, guid)
    fields = {"title": title, "source_file": source_file, "sha256": sha256, "text": parsed.text,
              "format": parsed.format, "metadata": metadata, "case_guid": version_sql.case_guid(store, case_id),
              "word_count": word_count, "imported_at": now()}
    structure = version_sql.structure_of(parsed, sentences, version_sql.participant_guids(store, guid))
    # A case this version is the first to use (made by the import for a gemeente the new header names): its undo
    # drops it again, its redo puts it back.
    case_made = None
    new_case = version_sql.case_guid(store, case_id)
    if new_case is not None and new_case != version_sql.current_fields(store, guid)[2]["case_guid"] and \
            case_edits.is_unused(store, new_case):
        made = case_edits.case_by_guid(store, new_case)
        case_made = made._asdict() if made else None
    plan, undo = _switch(store, guid, version_after, fields, structure)
    result = Reanchoring(guid, version_before, version_after, plan.counts(), tuple(plan.flagged), snapshot)
    codings = f"; codings: {result.summary}" if plan.records else ""
    what = f"re-imported {existing.source_name}" if source_file == existing.source_name.split("#")[0] \
        else f"replaced the text of {existing.source_name} with {source_file}"
    store.record_event(REPLACE_ACTION, f"{what} as version {version_after} ({word_count:,} words){codings}",
                       {"document_guid": guid, "source_name": existing.source_name, "source_file": source_file,
                        "version_before": version_before, "version_after": version_after, "counts": result.counts,
                        "snapshot": str(snapshot) if snapshot else None, "case_made": case_made, **undo}, coder)
    return result


# -- undo and redo of a replacement ---------------------------------------------------------------------------
def undo_replacement(store: Store, event: EventRow) -> str | None:
    """Put back the version before a replacement: its text, structure and every coding's old offsets exactly.

    Returns a note when the replacement is moot (nothing is changed then). Raises ProjectError when it is still in
    effect but cannot be taken back now, so that it stays on the undo stack (undone later, once the way is clear).
    """
    payload = event.payload
    if "version_after" not in payload:
        return "this re-import was made before qualcode kept versions of a text; nothing was changed"
    newest = document_edits.newest_redo_payload(store, event.id)
    undo = newest if newest is not None and "codings" in newest else payload
    guid, before, after = payload["document_guid"], payload["version_before"], payload["version_after"]
    current = version_sql.current_version(store, guid)
    if current is None:
        return "the document is no longer in the project"
    if current != after:
        raise ProjectError(f"the document is at version {current} now, not {after}; nothing was changed",
                           hint=f"this needs version {after}: first undo or redo the replacement that changed it since "
                                "('qualcode log' says who made it)")
    kept = version_sql.kept_version(store, guid, before)
    if kept is None:
        return f"version {before} of the document is no longer kept; nothing was changed"
    old_fields, old_structure = kept
    recorded = {record["guid"] for record in undo["codings"]}
    spans = version_sql.coding_spans(store, guid)
    back: list[tuple[str, int, int]] = []
    added = [span for span in spans if span[0] not in recorded]
    if added:
        # Codings made on this version since: taken back only when their words are all in the old text.
        from qualcode.domain.anchoring import TextMap

        text_map = TextMap(_current_text(store, guid), old_fields["text"])
        for coding_guid, start, end in added:
            anchored = text_map.locate(start, end)
            if anchored.status not in _SAME_WORDS or anchored.start is None or anchored.end is None:
                raise ProjectError(f"{len(added)} codings were made on version {after} since, and not all of their "
                                   f"words are in version {before}; nothing was changed",
                                   hint="remove those codings first (or undo them), then undo this again")
            back.append((coding_guid, anchored.start, anchored.end))
    version_sql.keep_current(store, guid)
    version_sql.put_version(store, guid, before, old_fields, old_structure)
    made = payload.get("case_made")
    if made and case_edits.is_unused(store, made["guid"]):
        case_edits.delete_case(store, made["guid"])
    present = {span[0] for span in spans}
    lost = 0
    for record in undo["codings"]:
        start, end = record["old"]
        if record["guid"] in present:
            back.append((record["guid"], start, end))
            continue
        row = version_sql.review(store, record["guid"])
        if row is not None and row["status"] == "vanished" and version_sql.code_known(store, row["code_guid"]):
            version_sql.insert_coding(store, record["guid"], guid, start, end, row)
        else:
            lost += 1
    version_sql.move_codings(store, back)
    version_sql.delete_reviews(store, undo["flagged"])
    version_sql.put_reviews(store, undo["reviews_before"])
    return f"{lost} codings removed since were not put back" if lost else None


def redo_replacement(store: Store, event: EventRow) -> tuple[str | None, dict[str, Any]]:
    """Make the replaced version current again, re-anchoring the codings as they are now; return a note and what
    the next undo needs. Raises ProjectError when the document is at another version (the redo stays possible)."""
    payload = event.payload
    if "version_after" not in payload:
        return "this re-import was made before qualcode kept versions of a text; nothing was changed", {}
    guid, before, after = payload["document_guid"], payload["version_before"], payload["version_after"]
    current = version_sql.current_version(store, guid)
    if current is None:
        return "the document is no longer in the project", {}
    if current != before:
        raise ProjectError(f"the document is at version {current} now, not {before}; nothing was changed",
                           hint=f"this needs version {before}: first undo or redo the replacement that changed it "
                                "since ('qualcode log' says who made it)")
    kept = version_sql.kept_version(store, guid, after)
    if kept is None:
        return f"version {after} of the document is no longer kept; nothing was changed", {}
    made = payload.get("case_made")
    if made and case_edits.case_by_guid(store, made["guid"]) is None and \
            case_edits.case_by_key(store, made["key"]) is None:
        case_edits.create_case(store, made["name"], made["key"], made["guid"])
    plan, undo = _switch(store, guid, after, *kept)
    return None, {**undo, "counts": plan.counts()}


# -- a coding put back by undo or redo ------------------------------------------------------------------------
def place_on_current(store: Store, payload: dict[str, Any]) -> tuple[int, int] | str:
    """Where a coding recorded on some version of its document lies in the current text, or why it cannot go back.

    The same re-anchoring as a replacement: same words go to their new place; words that changed or vanished
    are refused (the user codes them again), never put on other words.
    """
    guid = payload["document_guid"]
    start, end = payload["start"], payload["end"]
    version = payload.get("version", 1)  # events written before versions existed are on the first text
    current = version_sql.current_version(store, guid)
    if current is None or current == version:
        return start, end
    old_text = version_sql.version_text(store, guid, version)
    if old_text is None:
        return f"not restored: version {version} of its document, which it was on, is no longer kept"
    new_text = _current_text(store, guid)
    from qualcode.domain.anchoring import TextMap

    anchored = TextMap(old_text, new_text).locate(start, end)
    if anchored.status in _SAME_WORDS and anchored.start is not None and anchored.end is not None:
        return anchored.start, anchored.end
    from qualcode.project.coding import excerpt

    if anchored.status == "vanished":
        return (f"not restored: its words '{excerpt(old_text[start:end])}' (version {version}) are no longer in "
                f"version {current} of the document")
    return (f"not restored: its words '{excerpt(old_text[start:end])}' (version {version}) were changed in version "
            f"{current} of the document; code the passage again as it stands now")


def forget_pending(store: Store, coding_guid: str) -> bool:
    """Drop a vanished coding awaiting review (its apply is undone); return whether there was one."""
    row = version_sql.review(store, coding_guid)
    if row is None or row["status"] != "vanished":
        return False
    return version_sql.delete_reviews(store, [coding_guid]) > 0


def current_version(store: Store, document_guid: str) -> int | None:
    """The version of its text a document is at (recorded in coding events), or None when there is no such one."""
    return version_sql.current_version(store, document_guid)
