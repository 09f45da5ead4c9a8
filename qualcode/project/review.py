"""Codings awaiting review after a new version of their document: list them; accept, adjust or remove them, each
decision one undoable event (undo and redo of decisions and of replacements are dispatched from here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualcode.domain.errors import ProjectError
from qualcode.domain.phrases import occurrences
from qualcode.project import versions
from qualcode.project.document_ops import MIN_PREFIX, resolve_document
from qualcode.storage import codings as coding_sql
from qualcode.storage import document_edits
from qualcode.storage import documents as document_sql
from qualcode.storage import versions as version_sql
from qualcode.storage.records import EventRow
from qualcode.storage.store import Store

REVIEW_ACTION = "review_coding"
ACTIONS = (versions.REPLACE_ACTION, REVIEW_ACTION)
DECISIONS = ("accept", "adjust", "remove")
SHORT_ID = 8
_CONTEXT = 200  # code points before a vanished coding whose new place tells where to look for its phrase


@dataclass(frozen=True)
class ReviewItem:
    """A coding awaiting review: where it was and what it covered, and (unless vanished) where it is now."""

    coding_guid: str
    document_guid: str
    document_title: str
    status: str  # text_changed or vanished
    code_key: str | None  # None: its code is no longer in the codebook
    coder: str
    old_version: int
    old_start: int
    old_end: int
    old_text: str
    new_version: int
    new_start: int | None
    new_end: int | None
    new_text: str | None
    memo: str | None

    @property
    def short_id(self) -> str:
        return self.coding_guid[:SHORT_ID]


@dataclass(frozen=True)
class ReviewDecision:
    """What one decision did: the codings it decided, where an adjusted one went, and what is left to review."""

    decision: str
    items: tuple[ReviewItem, ...]
    placed: tuple[int, int] | None  # an adjusted coding's new offsets
    note: str | None  # e.g. other places holding the phrase, or vanished codings that 'accept all' left
    left: int


def codings_to_review(store: Store, reference: str | None = None) -> list[ReviewItem]:
    """The codings awaiting review, of one document (a reference as resolve_document reads it) or of all."""
    return _awaiting(store, None if reference is None else resolve_document(store, reference))


def _awaiting(store: Store, document_guid: str | None) -> list[ReviewItem]:
    texts: dict[str, tuple[str, str]] = {}
    items = []
    for row in version_sql.reviews(store, document_guid):
        guid = row["document_guid"]
        if guid not in texts:
            document = document_sql.document_by_guid(store, guid)
            texts[guid] = (document.title if document else guid, document_sql.document_text(store, guid))
        title, text = texts[guid]
        coding = coding_sql.coding_by_guid(store, row["coding_guid"]) if row["status"] != "vanished" else None
        if coding is not None:
            code_key: str | None = coding.code_key
            coder, memo, start, end = coding.coder, coding.memo, coding.start, coding.end
            new_text: str | None = text[coding.start:coding.end]
        else:
            code_key = version_sql.code_known(store, row["code_guid"])
            coder, memo, start, end, new_text = row["coder"], row["memo"], None, None, None
        items.append(ReviewItem(row["coding_guid"], guid, title, row["status"], code_key, coder, row["version"],
                                row["old_start"], row["old_end"], row["old_text"], row["new_version"], start, end,
                                new_text, memo))
    return items


def _chosen(items: list[ReviewItem], reference: str, title: str) -> list[ReviewItem]:
    wanted = reference.strip().casefold()
    if wanted == "all":
        return items
    found = [item for item in items
             if item.coding_guid.casefold().startswith(wanted)] if len(wanted) >= MIN_PREFIX else []
    if len(found) == 1:
        return found
    listing = ", ".join(item.short_id for item in items[:10]) or "none"
    if found:
        raise ProjectError(f"'{reference}' names {len(found)} codings awaiting review in '{title}'",
                           hint=f"give more of the id; awaiting review: {listing}")
    raise ProjectError(f"no coding '{reference}' awaits review in '{title}'",
                       hint=f"use an id that 'qualcode documents review DOC' lists (4+ characters) or 'all'; "
                            f"awaiting review: {listing}")


def decide(store: Store, document: str, reference: str, decision: str, *, span: tuple[int, int] | None = None,
           phrase: str | None = None, coder: str | None = None,
           snapshot_dir: Path | None = None) -> ReviewDecision:
    """Accept (keep where re-anchoring put it), adjust (to offsets or a phrase of the current text) or remove
    codings awaiting review; reference is a coding id (4+ characters) or 'all' (not for adjust).

    Removing them all is a bulk delete: the database is copied to snapshot_dir first (SQLite cannot copy inside
    the write transaction, so before it).
    """
    if decision not in DECISIONS:
        raise ProjectError(f"no review decision '{decision}'", hint=f"use one of: {', '.join(DECISIONS)}")
    if decision == "remove" and reference.strip().casefold() == "all" and snapshot_dir is not None:
        document_edits.snapshot(store, snapshot_dir, "review-remove-all")
    with store.transaction():
        document_guid = resolve_document(store, document)
        title = _title(store, document_guid)
        items = _awaiting(store, document_guid)
        if not items:
            raise ProjectError(f"no codings of '{title}' await review")
        chosen = _chosen(items, reference, title)
        note, placed = None, None
        if decision == "accept":
            vanished = [item for item in chosen if item.status == "vanished"]
            if vanished and len(chosen) == 1:
                raise ProjectError(f"coding {chosen[0].short_id} has no new place to accept: its words "
                                   f"'{_flat(chosen[0].old_text)}' are not in the current text",
                                   hint="put it on other words with --adjust ID --text \"…\" (or --at START:END), "
                                        "or take it away with --remove ID")
            chosen = [item for item in chosen if item.status != "vanished"]
            if vanished:
                note = f"{len(vanished)} vanished codings have no new place: adjust or remove them"
            if not chosen:
                raise ProjectError("no coding awaiting review has a new place to accept", hint=note)
        elif decision == "adjust":
            if len(chosen) != 1:
                raise ProjectError("adjust one coding at a time", hint="name it by its id, not 'all'")
            text = document_sql.document_text(store, document_guid)
            placed, note = _place(store, chosen[0], text, span, phrase)
            if chosen[0].code_key is None:
                raise ProjectError(f"the code of coding {chosen[0].short_id} is no longer in the codebook",
                                   hint="remove it with --remove ID, or load a codebook that has its code again")
        version = version_sql.current_version(store, document_guid)
        records = [_record(store, item) for item in chosen]
        _apply(store, decision, records, placed)
        what = f"coding {chosen[0].short_id} ('{_flat(chosen[0].old_text)}')" if len(chosen) == 1 \
            else f"{len(chosen)} codings"
        verb = {"accept": "accepted the new place of", "adjust": "adjusted", "remove": "removed"}[decision]
        store.record_event(REVIEW_ACTION, f"review of '{title}': {verb} {what}",
                           {"document_guid": document_guid, "version": version, "decision": decision,
                            "items": records, "to": list(placed) if placed else None,
                            "start": placed[0] if placed else chosen[0].new_start}, coder)
        left = len(_awaiting(store, document_guid))
    return ReviewDecision(decision, tuple(chosen), placed, note, left)


def _title(store: Store, document_guid: str) -> str:
    document = document_sql.document_by_guid(store, document_guid)
    if document is None:
        raise ProjectError(f"no document with id {document_guid}", hint="it may have been removed by another coder")
    return document.title


def _flat(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _record(store: Store, item: ReviewItem) -> dict[str, Any]:
    """The review row and (when it exists) the coding as they are, to put both back on undo."""
    return {"review": version_sql.review(store, item.coding_guid),
            "coding": version_sql.coding_record(store, item.coding_guid)}


def _apply(store: Store, decision: str, records: list[dict[str, Any]], placed: tuple[int, int] | None) -> None:
    for record in records:
        row, coding = record["review"], record["coding"]
        guid = row["coding_guid"]
        if decision == "remove" and coding is not None:
            version_sql.delete_coding(store, guid)
        elif decision == "adjust" and placed is not None:
            if coding is not None:
                version_sql.move_codings(store, [(guid, *placed)])
            else:
                version_sql.insert_coding(store, guid, row["document_guid"], *placed, row)
        version_sql.delete_reviews(store, [guid])


def _unapply(store: Store, decision: str, records: list[dict[str, Any]]) -> None:
    for record in records:
        row, coding = record["review"], record["coding"]
        guid = row["coding_guid"]
        if decision == "remove" and coding is not None and not version_sql.coding_record(store, guid):
            version_sql.insert_coding(store, guid, row["document_guid"], coding["start"], coding["end"], coding)
        elif decision == "adjust":
            if coding is not None:
                version_sql.move_codings(store, [(guid, coding["start"], coding["end"])])
            else:
                version_sql.delete_coding(store, guid)
        version_sql.put_reviews(store, [row])


def _place(store: Store, item: ReviewItem, text: str, span: tuple[int, int] | None,
           phrase: str | None) -> tuple[tuple[int, int], str | None]:
    """The offsets an adjusted coding goes to: the span given, or the occurrence of the phrase nearest its place."""
    if (span is None) == (phrase is None):
        raise ProjectError("adjust needs a place: the words (--text \"…\") or the offsets (--at START:END)")
    if span is not None:
        start, end = span
        if not 0 <= start < end <= len(text):
            raise ProjectError(f"offsets {start}:{end} lie outside the text (0:{len(text)})",
                               hint="give START:END with START < END, code points of the current text")
        if not text[start:end].strip():
            raise ProjectError(f"offsets {start}:{end} hold only whitespace", hint="give offsets that hold words")
        return (start, end), None
    assert phrase is not None
    if not phrase.split():
        raise ProjectError("the phrase to adjust to is empty", hint="give the words in quotes: --text \"…\"")
    # As `codings add --text` finds words: any whitespace, ' for ’, whole words first ('raad' is not the end of
    # 'gemeenteraad'), with its own capitals first.
    found = occurrences(text, phrase)
    if not found:
        raise ProjectError(f"'{_flat(phrase, 60)}' is not in the current text of '{item.document_title}'",
                           hint="copy the words as they stand in the corrected transcript "
                                "('qualcode documents show DOC --sentences'), or give offsets with --at START:END")
    near = _near(store, item, text)
    best = min(found, key=lambda span: abs(span[0] - near))
    note = (f"{len(found)} places hold these words; took the one at offset {best[0]}, nearest the coding's "
            "place (use --at START:END for another)") if len(found) > 1 else None
    return best, note


def _near(store: Store, item: ReviewItem, text: str) -> int:
    """Where in the current text a coding was: its new place, else where the words just before it went."""
    if item.new_start is not None:
        return item.new_start
    old = version_sql.version_text(store, item.document_guid, item.old_version)
    if old is None or item.old_start == 0:
        return item.old_start
    from qualcode.domain.anchoring import TextMap  # alignment (rapidfuzz) only when re-anchoring

    before = TextMap(old, text).locate(max(0, item.old_start - _CONTEXT), item.old_start)
    return before.end if before.end is not None else item.old_start


# -- undo and redo --------------------------------------------------------------------------------------------
def reverse(store: Store, event: EventRow) -> str | None:
    """Undo a replacement or a review decision; a note when it cannot be done."""
    if event.action == versions.REPLACE_ACTION:
        return versions.undo_replacement(store, event)
    problem = _version_problem(store, event.payload)
    if problem:
        return problem
    _unapply(store, event.payload["decision"], event.payload["items"])
    return None


def replay(store: Store, event: EventRow) -> tuple[str | None, dict[str, Any]]:
    """Redo a replacement or a review decision; a note when it cannot be done, and what the redo event records."""
    if event.action == versions.REPLACE_ACTION:
        return versions.redo_replacement(store, event)
    payload = event.payload
    problem = _version_problem(store, payload)
    if problem:
        return problem, {}
    waiting = {row["coding_guid"] for row in version_sql.review_rows(store, payload["document_guid"])}
    records = [record for record in payload["items"] if record["review"]["coding_guid"] in waiting]
    _apply(store, payload["decision"], records, tuple(payload["to"]) if payload.get("to") else None)
    skipped = len(payload["items"]) - len(records)
    return (f"{skipped} of them no longer awaited review" if skipped else None), {}


def _version_problem(store: Store, payload: dict[str, Any]) -> str | None:
    current = version_sql.current_version(store, payload["document_guid"])
    if current is None:
        return "the document is no longer in the project"
    if current != payload["version"]:  # still in effect: raised, so that it stays where it is on the stack
        raise ProjectError(f"it was decided on version {payload['version']} of the document, which is at version "
                           f"{current} now; nothing was changed",
                           hint=f"this needs version {payload['version']}: first undo or redo the replacement that "
                                "changed it since ('qualcode log' says who made it)")
    return None


def versions_of(store: Store, reference: str) -> list[version_sql.VersionInfo]:
    """Every version of a document, oldest first (the current one marked)."""
    return version_sql.versions(store, resolve_document(store, reference))
