"""The writes of a consensus review: starting it, settling an item, and undoing or redoing either (one event each).

Each write brings a document's consensus codings to what domain.consensus computes from the two coders' codings and
the review's decisions: codings the review made that are no longer wanted are removed, wanted ones that are missing
are made (through project.coding.checked_coding), the rest are left alone. The event records the codings made and
removed in full and the unit's decisions before and after, so that undo and redo put back exactly those.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.consensus import ACTIONS, CHOICE_LABELS, SourceCoding, chosen_codes, consensus_codings
from qualcode.domain.errors import ProjectError
from qualcode.project import versions as version_ops
from qualcode.project.coding import checked_coding, excerpt
from qualcode.storage import agreement as agreement_sql
from qualcode.storage import codes as code_sql
from qualcode.storage import coding_edits
from qualcode.storage import codings as coding_sql
from qualcode.storage import consensus as consensus_sql
from qualcode.storage import documents as document_sql
from qualcode.storage.records import CodingRow, EventRow
from qualcode.storage.store import Store, now

if TYPE_CHECKING:
    from qualcode.project.consensus import ConsensusItem

__all__ = ["ACTIONS", "Settled", "Started", "current_decisions", "replay", "reverse", "settle", "start"]


@dataclass(frozen=True)
class Started:
    """What starting (or renewing) a review wrote."""

    made: int
    removed: int
    snapshot: Path | None


@dataclass(frozen=True)
class Settled:
    """What deciding an item did: the unit's consensus codes now and the codings made and removed."""

    summary: str
    consensus_codes: tuple[str, ...]
    made: int
    removed: int


def start(store: Store, coders: tuple[str, str], consensus: str, unit: str, guids: Sequence[str], coder: str,
          snapshot_dir: Path) -> Started:
    """Bring the consensus codings of every document both coders coded up to the decisions (none at first: what
    both agree on); a snapshot first when anything will be written."""
    review = consensus_sql.review_id(store, *coders, consensus, unit)
    # Without a review yet (id 0 matches nothing) the review has made nothing: everything agreed is wanted.
    plan = _Plan(store, review or 0, coders, consensus, unit, guids)
    if not plan.changes():
        if review is None:
            with store.transaction():
                consensus_sql.ensure_review(store, *coders, consensus, unit)
        return Started(0, 0, None)
    seen = store.version()
    snapshot = store.snapshot(snapshot_dir, "consensus-start")
    with store.transaction():
        if store.version() != seen:  # written meanwhile (another window or process): plan on what is there now
            plan = _Plan(store, review or 0, coders, consensus, unit, guids)
        review = plan.review = consensus_sql.ensure_review(store, *coders, consensus, unit)
        made: list[dict[str, Any]] = []
        removed: list[dict[str, Any]] = []
        for guid in guids:
            done = plan.apply(guid)
            made += done[0]
            removed += done[1]
        if made or removed:
            store.record_event("consensus_start", f"gave {consensus} the {len(made)} codings {coders[0]} and "
                               f"{coders[1]} agree on ({unit}s)" if not removed else
                               f"brought {consensus}'s codings up to date ({len(made)} made, {len(removed)} removed)",
                               {"review": review, "consensus": consensus, "made": made, "removed": removed,
                                "snapshot": str(snapshot)}, coder)
    return Started(len(made), len(removed), snapshot)


def settle(store: Store, coders: tuple[str, str], consensus: str, unit: str, item: ConsensusItem, choice: str,
           edited: frozenset[str], coder: str) -> Settled:
    """Decide one item and bring its document's consensus codings up to date, as one undoable event."""
    with store.transaction():
        document = document_sql.document_by_guid(store, item.document_guid)
        if document is None or document.sha256 != item.sha256:
            raise ProjectError(f"'{excerpt(item.document_title)}' has another text than the one this disagreement "
                               "was shown on (a new version was stored meanwhile); nothing was decided",
                               hint="open the review again: it lists the disagreements on the text as it is now")
        review = consensus_sql.ensure_review(store, *coders, consensus, unit)
        guid_of = {row.key: row.guid for row in code_sql.codes(store)}
        a, b = frozenset(item.a_codes), frozenset(item.b_codes)
        result = chosen_codes(a, b, choice, edited)
        affected = set(item.compared) | set(edited) | set(item.consensus_codes)
        span_key = (item.document_guid, item.version, item.start, item.end)
        unit_key = (item.document_guid, item.start, item.end)
        before = list(current_decisions(store, review, item.document_guid).get(unit_key, {}).values())
        at = now()
        for row in before:  # those on the affected codes give way (also one re-anchored from an earlier version)
            if row.code_guid in {guid_of[code] for code in affected}:
                consensus_sql.remove_decision(store, review, row.document_guid, row.version, row.start, row.end,
                                              row.code_guid)
        for code in affected:
            if code in a ^ b or (code in result) != (code in a & b):
                consensus_sql.put_decision(store, review, consensus_sql.DecisionRow(
                    *span_key, guid_of[code], code in result, choice, coder, at))
        after = list(current_decisions(store, review, item.document_guid).get(unit_key, {}).values())
        made, removed = _Plan(store, review, coders, consensus, unit, [item.document_guid]).apply(
            item.document_guid, item.sha256)
        shown = ", ".join(sorted(result & affected)) or "no code"
        summary = f"consensus on '{excerpt(item.text)}': {CHOICE_LABELS[choice]} ({shown})"
        store.record_event("consensus_decide", summary,
                           {"review": review, "consensus": consensus, "made": made, "removed": removed,
                            "before": [row._asdict() for row in before], "after": [row._asdict() for row in after],
                            "unit": list(span_key), "document_guid": item.document_guid, "start": item.start}, coder)
    return Settled(summary, tuple(sorted(result & affected)), len(made), len(removed))


class _Plan:
    """The consensus codings of some documents: what the decisions want, and what the review has made (read in a
    handful of queries for all of them: a review of a 500-document project starts and renews in one pass)."""

    def __init__(self, store: Store, review: int, coders: tuple[str, str], consensus: str, unit: str,
                 document_guids: Sequence[str]) -> None:
        self.store, self.review, self.consensus = store, review, consensus
        wanted_guids = set(document_guids)
        one = next(iter(wanted_guids)) if len(wanted_guids) == 1 else None  # a decision: that document's rows only
        rows = [document_sql.document_by_guid(store, one)] if one else document_sql.documents(store)
        documents = {row.guid: row for row in rows if row is not None and row.guid in wanted_guids}
        self.sha256 = {guid: row.sha256 for guid, row in documents.items()}
        by_id = {row.id: guid for guid, row in documents.items()}
        spans = agreement_sql.unit_spans(store, unit, list(by_id))
        sources: dict[str, list[SourceCoding]] = {guid: [] for guid in documents}
        for coding in agreement_sql.codings_of(store, coders, list(by_id)):
            sources[by_id[coding.document_id]].append(SourceCoding(
                "a" if coding.coder == coders[0] else "b", coding.code_key, coding.start, coding.end))
        decided: dict[str, dict[tuple[int, int], dict[str, bool]]] = {guid: {} for guid in documents}
        for (guid, start, end), codes in current_decisions(store, review, one).items():
            if guid in documents:
                decided[guid][(start, end)] = {code: row.chosen for code, row in codes.items()}
        self.wanted = {guid: Counter(consensus_codings(spans[row.id], sources[guid], decided[guid]))
                       for guid, row in documents.items()}
        self.made: dict[str, list[CodingRow]] = {guid: [] for guid in documents}
        for made in consensus_sql.made_codings(store, review, one):
            if made.document_guid in self.made:
                self.made[made.document_guid].append(made)

    def changes(self) -> bool:
        return any(Counter((c.code_key, c.start, c.end) for c in self.made[guid]) != wanted
                   for guid, wanted in self.wanted.items())

    def apply(self, document_guid: str, shown_sha256: str | None = None) -> tuple[list[dict[str, Any]],
                                                                                  list[dict[str, Any]]]:
        """Remove the made codings no longer wanted, make the wanted ones missing; return both, as events keep them."""
        wanted = Counter(self.wanted[document_guid])
        removed = []
        kept: list[CodingRow] = []
        for coding in self.made[document_guid]:
            key = (coding.code_key, coding.start, coding.end)
            if wanted[key] > 0:
                wanted[key] -= 1
                kept.append(coding)
                continue
            coding_edits.delete_coding(self.store, coding.guid)
            consensus_sql.disown(self.store, coding.guid)
            removed.append(_dump(self.store, coding))
        missing = +wanted
        if not missing:
            return [], removed
        # A coding the consensus coder made by hand on the same words with the same code is not made twice.
        by_hand = Counter((c.code_key, c.start, c.end) for c in coding_sql.codings(self.store, document_guid)
                          if c.coder == self.consensus) - Counter((c.code_key, c.start, c.end) for c in kept)
        made = []
        for (code, start, end), count in sorted(missing.items(), key=lambda pair: (pair[0][1], pair[0][2])):
            for _ in range(max(count - by_hand[(code, start, end)], 0)):
                coding, _text = checked_coding(self.store, document_guid, start, end, code, self.consensus,
                                               shown_sha256=shown_sha256 or self.sha256[document_guid])
                consensus_sql.own(self.store, self.review, coding.guid)
                made.append(_dump(self.store, coding))
        return made, removed


def _dump(store: Store, coding: CodingRow) -> dict[str, Any]:
    return {"coding_guid": coding.guid, "document_guid": coding.document_guid, "start": coding.start,
            "end": coding.end, "code": coding.code_key, "coder": coding.coder, "created_at": coding.created_at,
            "memo": coding.memo, "selection_guid": coding.selection_guid,
            "version": version_ops.current_version(store, coding.document_guid)}


# -- undo and redo -------------------------------------------------------------------------------------------
def reverse(store: Store, event: EventRow) -> str | None:
    """Undo a start or decision: its codings taken back, the ones it removed put back, the decisions as before."""
    payload = event.payload
    notes = [_take_back(store, coding) for coding in payload["made"]]
    notes += [_put_back(store, payload["review"], coding, event.id) for coding in payload["removed"]]
    if event.action == "consensus_decide":
        _decisions(store, payload, payload["after"], payload["before"])
    return "; ".join(dict.fromkeys(note for note in notes if note)) or None


def replay(store: Store, event: EventRow) -> str | None:
    """Redo a start or decision: the same codings (same GUIDs) back, the removed ones removed, the decisions again."""
    payload = event.payload
    notes = [_put_back(store, payload["review"], coding, event.id) for coding in payload["made"]]
    notes += [_take_back(store, coding) for coding in payload["removed"]]
    if event.action == "consensus_decide":
        _decisions(store, payload, payload["before"], payload["after"])
    return "; ".join(dict.fromkeys(note for note in notes if note)) or None


def _decisions(store: Store, payload: dict[str, Any], gone: Sequence[dict[str, Any]],
               back: Sequence[dict[str, Any]]) -> None:
    """Take out the decision rows `gone`, put back the rows `back` (each by its own unit, version and code)."""
    review = payload["review"]
    for row in gone:
        consensus_sql.remove_decision(store, review, row["document_guid"], row["version"], row["start"], row["end"],
                                      row["code_guid"])
    for row in back:
        consensus_sql.put_decision(store, review, consensus_sql.DecisionRow(**row))


def current_decisions(store: Store, review: int | None, document_guid: str | None = None) -> \
        dict[tuple[str, int, int], dict[str, consensus_sql.DecisionRow]]:
    """The review's decisions on each document's current text, by (document GUID, unit start, unit end) and code
    key. One taken on an earlier version of the text counts where the words of its unit are unchanged in the
    current one (re-anchored as codings are: versions.place_on_current); one taken on the current text wins."""
    if review is None:
        return {}
    key_of = {row.guid: row.key for row in code_sql.codes(store)}
    versions: dict[str, int] = {}
    found: dict[tuple[str, int, int], dict[str, consensus_sql.DecisionRow]] = {}
    earlier = []
    for row in consensus_sql.decisions(store, review, document_guid):
        if row.code_guid not in key_of:
            continue
        if row.document_guid not in versions:
            versions[row.document_guid] = version_ops.current_version(store, row.document_guid) or 0
        if row.version == versions[row.document_guid]:
            found.setdefault((row.document_guid, row.start, row.end), {})[key_of[row.code_guid]] = row
        else:
            earlier.append(row)
    for row in sorted(earlier, key=lambda stale: -stale.version):  # of two earlier versions, the later counts
        place = version_ops.place_on_current(store, row._asdict())
        if not isinstance(place, str):
            found.setdefault((row.document_guid, *place), {}).setdefault(key_of[row.code_guid], row)
    return found


def _take_back(store: Store, coding: dict[str, Any]) -> str | None:
    guid = coding["coding_guid"]
    consensus_sql.disown(store, guid)
    if not coding_edits.delete_coding(store, guid) and not version_ops.forget_pending(store, guid):
        return "a consensus coding had already been removed"
    return None


def _put_back(store: Store, review: int, coding: dict[str, Any], event_id: int) -> str | None:
    code_key = code_sql.key_after_renames(store, coding["code"], event_id)
    problem = coding_edits.restore_problem(store, guid=coding["coding_guid"], document_guid=coding["document_guid"],
                                           code_key=code_key)
    place = problem or version_ops.place_on_current(store, coding)
    if isinstance(place, str):
        return place
    coding_edits.insert_coding(store, guid=coding["coding_guid"], document_guid=coding["document_guid"],
                               start=place[0], end=place[1], code_key=code_key, coder=coding["coder"],
                               created_at=coding["created_at"], memo=coding["memo"],
                               selection_guid=coding.get("selection_guid"))
    consensus_sql.own(store, review, coding["coding_guid"])
    return None
