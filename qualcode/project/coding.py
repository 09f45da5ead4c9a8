"""Coding use cases: remove codings, memos, and per-coder undo and redo from the event log."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualcode.domain.consensus import ACTIONS as CONSENSUS_ACTIONS
from qualcode.domain.errors import ProjectError
from qualcode.domain.suggestions import ACTIONS as SUGGESTION_ACTIONS
from qualcode.project import document_ops, quote_choice
from qualcode.project import review as version_review
from qualcode.project import versions as version_ops
from qualcode.storage import codes as code_sql
from qualcode.storage import coding_edits, document_edits
from qualcode.storage import codings as coding_sql
from qualcode.storage import documents as document_sql
from qualcode.storage import events as event_sql
from qualcode.storage import memos as memo_sql
from qualcode.storage.pseudonyms import ACTIONS as PSEUDONYM_ACTIONS
from qualcode.storage.records import CodingRow, EventRow
from qualcode.storage.store import Store

MEMO_KINDS = ("coding", "document", "code", "project")
UNDOABLE_ACTIONS = ("apply_coding", "remove_coding", "edit_memo", "remove_document", "import_codings",
                    *version_review.ACTIONS, *quote_choice.ACTIONS, *SUGGESTION_ACTIONS, *PSEUDONYM_ACTIONS,
                    *CONSENSUS_ACTIONS)


@dataclass(frozen=True)
class UndoResult:
    """What an undo or redo did, and where the UI should put the cursor."""

    summary: str
    document_guid: str | None
    start: int | None
    event_id: int  # the event that was undone or redone


def login_name() -> str:
    """The coder when none is given and qualcode.toml names no default_coder: the user's login name."""
    import getpass  # only a change without a coder needs it

    try:
        return getpass.getuser() or "coder"
    except (KeyError, OSError):  # no passwd entry (some containers): any name will do, and it can be switched
        return "coder"


def excerpt(text: str, width: int = 40) -> str:
    """Return text on one line, cut to width characters with an ellipsis (for event summaries)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _clean(text: str | None) -> str | None:
    # A memo of only whitespace is no memo: store NULL so "has a memo" stays a simple test.
    return text if text is not None and text.strip() else None


def _coding(store: Store, coding_guid: str) -> CodingRow:
    row = coding_sql.coding_by_guid(store, coding_guid)
    if row is None:
        raise ProjectError(f"no coding with id {coding_guid}",
                           hint="it may have been removed (perhaps by another coder); reload the document")
    return row


def _coding_text(store: Store, row: CodingRow) -> str:
    return document_sql.document_text(store, row.document_guid)[row.start:row.end]


# -- applying codings ----------------------------------------------------------------------------------------
def apply_coding(store: Store, document_guid: str, start: int, end: int, code_key: str, coder: str,
                 memo: str | None = None, *, shown_sha256: str | None = None) -> CodingRow:
    """Code text[start:end]; the text is read and checked inside the transaction, so that a new version stored by
    another process between a look at the text and this write never puts the coding on other words."""
    with store.transaction():
        coding, text = checked_coding(store, document_guid, start, end, code_key, coder, memo,
                                      shown_sha256=shown_sha256)
        # coder, created_at and memo let redo put the coding back with the same identity after an undo.
        store.record_event("apply_coding", f"coded '{excerpt(text[start:end])}' as {code_key}",
                           {"coding_guid": coding.guid, "document_guid": document_guid, "start": start, "end": end,
                            "code": code_key, "coder": coder, "created_at": coding.created_at, "memo": coding.memo,
                            "selection_guid": coding.selection_guid,
                            "version": version_ops.current_version(store, document_guid)}, coder)
    return coding


def checked_coding(store: Store, document_guid: str, start: int, end: int, code_key: str, coder: str,
                   memo: str | None = None, *, shown_sha256: str | None = None) -> tuple[CodingRow, str]:
    """Store a coding after the checks every coding passes (document, shown text, code, span), inside the caller's
    transaction, without an event (the caller records the one event of its change); returns it and the text."""
    row = document_sql.document_by_guid(store, document_guid)
    if row is None:
        raise ProjectError(f"no document with id {document_guid}",
                           hint="it may have been removed (perhaps by another coder); reload the document")
    if shown_sha256 is not None and row.sha256 != shown_sha256:
        raise ProjectError(f"'{excerpt(row.title)}' has another text than the one these words were chosen in "
                           "(a new version was stored meanwhile); nothing was coded",
                           hint="look at the text as it is now and code the words again")
    text = document_sql.document_text(store, document_guid)
    if not coding_edits.code_exists(store, code_key):
        raise ProjectError(f"no code '{code_key}' in the codebook", hint="load a codebook that defines it")
    if not 0 <= start < end <= len(text):
        raise ProjectError(f"span {start}-{end} lies outside the document (length {len(text)})")
    coding = coding_sql.add_coding(store, document_guid=document_guid, start=start, end=end, code_key=code_key,
                                   coder=coder, memo=memo)
    return coding, text


# -- removing codings ----------------------------------------------------------------------------------------
def remove_coding(store: Store, coding_guid: str, coder: str) -> CodingRow:
    """Delete a coding; its event keeps everything needed to put it back with the same identity."""
    with store.transaction():
        row = _coding(store, coding_guid)
        coding_edits.delete_coding(store, coding_guid)
        store.record_event(
            "remove_coding", f"removed {row.code_key} from '{excerpt(_coding_text(store, row))}'",
            {"coding_guid": row.guid, "document_guid": row.document_guid, "start": row.start, "end": row.end,
             "code": row.code_key, "coder": row.coder, "created_at": row.created_at, "memo": row.memo,
             "selection_guid": row.selection_guid,
             "version": version_ops.current_version(store, row.document_guid)}, coder)
    return row


# -- memos ---------------------------------------------------------------------------------------------------
def _memo_target(store: Store, target_kind: str, target_guid: str) -> tuple[str | None, str]:
    """Return the stored target guid (codes by guid, the project as None) and a description for summaries."""
    if target_kind == "document":
        document = document_sql.document_by_guid(store, target_guid)
        if document is None:
            raise ProjectError(f"no document with id {target_guid}")
        return document.guid, f"document '{excerpt(document.title)}'"
    if target_kind == "code":
        guid = memo_sql.code_guid(store, target_guid)
        if guid is None:
            raise ProjectError(f"no code '{target_guid}' in the codebook")
        key = next(r.key for r in code_sql.codes(store) if r.guid == guid)
        return guid, f"code {key}"
    if target_kind == "project":
        return None, "the project"
    raise ProjectError(f"memos belong to a coding, document, code or the project, not to '{target_kind}'",
                       hint=f"use one of: {', '.join(MEMO_KINDS)}")


def memo(store: Store, target_kind: str, target_guid: str) -> str | None:
    """Return the memo of a coding, document, code (key or guid) or the project (target_guid ignored)."""
    if target_kind == "coding":
        return _coding(store, target_guid).memo
    stored_guid, _ = _memo_target(store, target_kind, target_guid)
    return memo_sql.memo_text(store, target_kind, stored_guid)


def set_memo(store: Store, target_kind: str, target_guid: str, text: str | None, coder: str) -> None:
    """Write, replace or (with empty text) remove a memo; an unchanged memo writes no event."""
    after = _clean(text)
    with store.transaction():
        if target_kind == "coding":
            row = _coding(store, target_guid)
            stored_guid: str | None = row.guid
            what = f"coding {row.code_key} '{excerpt(_coding_text(store, row))}'"
            before = row.memo
        else:
            stored_guid, what = _memo_target(store, target_kind, target_guid)
            before = memo_sql.memo_text(store, target_kind, stored_guid)
        if before == after:
            return
        _write_memo(store, target_kind, stored_guid, after, coder)
        verb = "wrote" if before is None else "removed" if after is None else "edited"
        store.record_event("edit_memo", f"{verb} memo on {what}",
                           {"target_kind": target_kind, "target_guid": stored_guid, "before": before,
                            "after": after}, coder)


def _write_memo(store: Store, target_kind: str, target_guid: str | None, text: str | None, coder: str) -> None:
    if target_kind == "coding":
        coding_edits.set_coding_memo(store, target_guid or "", text)
    else:
        memo_sql.write_memo(store, target_kind, target_guid, text, coder)


# -- undo and redo -------------------------------------------------------------------------------------------
def undo(store: Store, coder: str) -> UndoResult | None:
    """Undo this coder's newest live change (apply, remove, memo edit); None when there is none."""
    return _step(store, coder, undoing=True)


def redo(store: Store, coder: str, snapshot_dir: Path | None = None) -> UndoResult | None:
    """Redo this coder's oldest undone change since their last live one; None when there is none.

    Redoing a document removal copies the database first, to snapshot_dir (default: beside the removal's own copy).
    """
    return _step(store, coder, undoing=False, snapshot_dir=snapshot_dir)


def _step(store: Store, coder: str, *, undoing: bool, snapshot_dir: Path | None = None) -> UndoResult | None:
    snapshot = None if undoing else _snapshot_before_redo(store, coder, snapshot_dir)
    # Choosing the event inside the write transaction keeps two windows of one coder from taking the same one.
    with store.transaction():
        find = event_sql.undo_candidate if undoing else event_sql.redo_candidate
        event = find(store, coder, UNDOABLE_ACTIONS)
        if event is None:
            return None
        recorded: dict[str, Any] = {"event_id": event.id}
        if undoing:
            note = _reverse(store, event, coder)
        else:
            note, extra = _replay(store, event, coder, snapshot)
            recorded.update(extra)
        event_sql.set_undone(store, event.id, undoing)
        verb = "undid" if undoing else "redid"
        summary = f"{event.summary}{f' ({note})' if note else ''}"
        store.record_event("undo" if undoing else "redo", f"{verb}: {summary}", recorded, coder)
        document_guid, start = _place(store, event)
    return UndoResult(f"{verb.capitalize()}: {summary}", document_guid, start, event.id)


def _reverse(store: Store, event: EventRow, coder: str) -> str | None:
    """Undo the effect of an event; return a note when the project had moved on so it could not be done."""
    payload = event.payload
    if event.action == "apply_coding":
        guid = payload["coding_guid"]  # a coding whose words vanished waits for review, not among the codings
        if not coding_edits.delete_coding(store, guid) and not version_ops.forget_pending(store, guid):
            return "the coding had already been removed"
        return None
    if event.action == "remove_coding":
        return _restore(store, event)
    if event.action in version_review.ACTIONS:
        return version_review.reverse(store, event)
    if event.action == "remove_document":
        return document_ops.restore_removed(store, document_ops.removed_dump(store, event.id, payload))
    if event.action == "import_codings":
        from qualcode.project import coding_exchange  # the codings tables are loaded only when they are undone

        return coding_exchange.undo_import(store, payload)
    if event.action in quote_choice.ACTIONS:
        return quote_choice.reverse(store, event)
    if event.action in SUGGESTION_ACTIONS:
        from qualcode.project import suggestions

        return suggestions.reverse(store, event)
    if event.action in PSEUDONYM_ACTIONS:
        from qualcode.project import pseudonym_key

        return pseudonym_key.reverse(store, event)
    if event.action in CONSENSUS_ACTIONS:
        from qualcode.project import consensus_writes

        return consensus_writes.reverse(store, event)
    return _apply_memo(store, payload, payload["before"], coder)


def _snapshot_before_redo(store: Store, coder: str, snapshot_dir: Path | None) -> Path | None:
    """Copy the database when the redo about to run removes a document; SQLite cannot copy inside the transaction."""
    event = event_sql.redo_candidate(store, coder, UNDOABLE_ACTIONS)
    if event is None or event.action != "remove_document":
        return None
    return document_ops.snapshot_before_redo(store, event.payload, snapshot_dir)


def _replay(store: Store, event: EventRow, coder: str, snapshot: Path | None) -> tuple[str | None, dict[str, Any]]:
    """Do an undone event again; return a note when the project had moved on, and what the redo event records."""
    payload = event.payload
    if event.action == "apply_coding":
        return _restore(store, event), {}
    if event.action == "remove_coding":
        if not coding_edits.delete_coding(store, payload["coding_guid"]):
            return "the coding had already been removed", {}
        return None, {}
    if event.action in version_review.ACTIONS:
        return version_review.replay(store, event)
    if event.action == "remove_document":
        if snapshot is None:  # another window of this coder changed the redo stack between the copy and now
            raise ProjectError("the redo stack changed while redoing; nothing was changed", hint="redo again")
        removed = document_ops.remove_again(store, payload, document_ops.removed_dump(store, event.id, payload))
        # The next undo restores exactly this dump (None: this redo removed nothing, so that undo restores nothing).
        return removed.note, {"dump": removed.dump, "snapshot": str(snapshot)}
    if event.action == "import_codings":
        from qualcode.project import coding_exchange

        return coding_exchange.redo_import(store, payload, event.id), {}
    if event.action in quote_choice.ACTIONS:
        return quote_choice.replay(store, event), {}
    if event.action in SUGGESTION_ACTIONS:
        from qualcode.project import suggestions

        return suggestions.replay(store, event), {}
    if event.action in PSEUDONYM_ACTIONS:
        from qualcode.project import pseudonym_key

        return pseudonym_key.replay(store, event), {}
    if event.action in CONSENSUS_ACTIONS:
        from qualcode.project import consensus_writes

        return consensus_writes.replay(store, event), {}
    return _apply_memo(store, payload, payload["after"], coder), {}


def _restore(store: Store, event: EventRow) -> str | None:
    """Put a coding back exactly as its event describes: same guid, code, coder, offsets, created_at, memo."""
    payload: dict[str, Any] = event.payload
    code_key = code_sql.key_after_renames(store, payload["code"], event.id)  # a code renamed since keeps its codings
    problem = coding_edits.restore_problem(store, guid=payload["coding_guid"],
                                           document_guid=payload["document_guid"], code_key=code_key)
    if problem:
        return f"not restored: {problem}"
    # Recorded on another version of the text: re-anchored onto the current one, or refused (never other words).
    place = version_ops.place_on_current(store, payload)
    if isinstance(place, str):
        return place
    # Events written before apply_coding recorded coder and created_at: the event's own coder and time are the same.
    coding_edits.insert_coding(
        store, guid=payload["coding_guid"], document_guid=payload["document_guid"], start=place[0],
        end=place[1], code_key=code_key, coder=payload.get("coder") or event.coder or "",
        created_at=payload.get("created_at") or event.at, memo=payload.get("memo"),
        selection_guid=payload.get("selection_guid"))
    return None


def _apply_memo(store: Store, payload: dict[str, Any], text: str | None, coder: str) -> str | None:
    kind, guid = payload["target_kind"], payload["target_guid"]
    if kind == "coding" and not coding_edits.coding_exists(store, guid):
        return "the coding no longer exists"
    if kind == "document" and not document_edits.document_exists(store, guid):
        return "the document no longer exists"
    if kind == "code" and memo_sql.code_guid(store, guid) is None:
        return "the code is no longer in the codebook"
    _write_memo(store, kind, guid, text, coder)
    return None


def _place(store: Store, event: EventRow) -> tuple[str | None, int | None]:
    """Return where the change happened, for the UI's cursor."""
    payload = event.payload
    if event.action in ("apply_coding", "remove_coding", *version_review.ACTIONS, *quote_choice.ACTIONS,
                        *SUGGESTION_ACTIONS, *CONSENSUS_ACTIONS):
        row = coding_sql.coding_by_guid(store, payload.get("coding_guid", ""))  # re-anchored: where it is now
        return payload.get("document_guid"), row.start if row else payload.get("start")
    if event.action == "remove_document":
        return document_ops.place(store, payload), None
    if payload.get("target_kind") == "coding":
        row = coding_sql.coding_by_guid(store, payload["target_guid"])
        return (row.document_guid, row.start) if row else (None, None)
    if payload.get("target_kind") == "document":
        return payload["target_guid"], None
    return None, None


def recent_codes(store: Store, coder: str, limit: int = 9) -> list[str]:
    """The codes this coder applied most recently, newest first (for the quick keys)."""
    return event_sql.recent_codes(store, coder, limit)
