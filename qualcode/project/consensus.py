"""Settling two coders' differences (`qualcode consensus`, the workbench's C): the disagreements of coders A and B,
stepped through per document or code, each decided as keep A, keep B, both, neither or edit; the result is the
codings of a consensus coder (default 'consensus').

- What a disagreement is comes from one place: `Project.disagreements` (project/agreement.py). An item here is one
  of its rows, with the document's GUID and version, the unit's context, and the review's state.
- A review is (A, B, consensus coder, unit). Its decisions are stored per unit (document, version, span) and code
  (m009), so that a restart goes on where it stopped: an item is settled when every code the two coders differ on
  there has a decision. --document and --code choose which items are stepped through, not another review.
- The consensus coder's codings are a function of the decisions (domain/consensus.py says which words they cover):
  starting a review gives the consensus coder what both coders agree on (a snapshot first, one event), and each
  decision brings that document's consensus codings to what the decisions now make them (one event). Only codings
  the review made are changed (consensus_codings); every new one passes the one coding check
  (project.coding.checked_coding) against the text the item was shown on.
- Every start and decision is one undoable event of the coder at work (`u` in the workbench, `qualcode undo`):
  undo takes back the codings it made, puts back the ones it removed and the unit's decisions as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from qualcode.domain.consensus import CHOICES
from qualcode.domain.errors import ProjectError, shorten
from qualcode.project.agreement import UNITS, AgreementUseCases, Disagreement
from qualcode.project.choices import unknown
from qualcode.project.consensus_writes import Settled, Started, current_decisions, settle, start
from qualcode.storage import agreement as agreement_sql
from qualcode.storage import codes as code_sql
from qualcode.storage import consensus as consensus_sql
from qualcode.storage import documents as document_sql
from qualcode.storage.store import Store

DEFAULT_CONSENSUS = "consensus"
CONTEXT = 240  # characters of text shown before and after a unit

__all__ = ["CHOICES", "ConsensusItem", "ConsensusReview", "ConsensusUseCases", "Settled", "Started"]


@dataclass(frozen=True)
class ConsensusItem:
    """A unit the two coders coded differently, with what the review decided on it (choice None: not settled)."""

    number: int  # its place in the review's list, from 1
    document_guid: str
    document_title: str
    case: str | None
    unit_number: int  # the unit's place in its document, from 1
    start: int
    end: int
    text: str
    before: str  # the text before the unit, for context
    after: str
    a_codes: tuple[str, ...]  # of the codes compared
    b_codes: tuple[str, ...]
    consensus_codes: tuple[str, ...]  # the consensus coder's codes here, as decided (what both gave, if undecided)
    compared: tuple[str, ...]  # the codes the review compares (a --code review: that one)
    choice: str | None
    sha256: str  # the text the item was shown on: a decision on another text is refused
    version: int

    @property
    def settled(self) -> bool:
        return self.choice is not None


@dataclass(frozen=True)
class ConsensusReview:
    """The items of a review in document and text order, and the names of the codes they mention."""

    coders: tuple[str, str]
    consensus: str
    unit: str
    items: tuple[ConsensusItem, ...]
    code_names: dict[str, str]
    started: bool  # the agreed codings were given to the consensus coder

    @property
    def settled(self) -> int:
        return sum(item.settled for item in self.items)

    @property
    def progress(self) -> str:
        return f"{self.settled} of {len(self.items)} settled"

    def first_unsettled(self) -> int | None:
        """The index of the first item not settled yet (where a reopened review goes), or None."""
        return next((index for index, item in enumerate(self.items) if not item.settled), None)

    def item(self, reference: str) -> ConsensusItem:
        """The item a number names ('next': the first not settled)."""
        if not self.items:
            raise ProjectError(f"nothing to settle: {self.coders[0]} and {self.coders[1]} code every {self.unit} "
                               "here alike", hint="'qualcode consensus ... list' shows the disagreements")
        if reference == "next":
            index = self.first_unsettled()
            if index is None:
                raise ProjectError(f"all {len(self.items)} disagreements are settled",
                                   hint="name one by its number to decide it again")
            return self.items[index]
        if not reference.isdigit() or not 1 <= int(reference) <= len(self.items):
            raise ProjectError(f"no disagreement '{shorten(reference)}'",
                               hint=f"give a number from 1 to {len(self.items)} as 'list' shows them, or 'next'")
        return self.items[int(reference) - 1]


class ConsensusUseCases(AgreementUseCases):
    """Consensus reviews as use cases of Project (a base class of it)."""

    def consensus_review(self, coders: Sequence[str], consensus: str = DEFAULT_CONSENSUS, unit: str = "sentence",
                         document: str | None = None, code: str | None = None) -> ConsensusReview:
        """The disagreements of two coders (of one document or code) with the decisions taken on them."""
        from qualcode.project.document_ops import resolve_document

        first, second = _names(self.store, coders, consensus)
        _one_review_per_coder(self.store, first, second, consensus, unit)
        codes = [code] if code else []
        documents = [document] if document is not None else []
        result = self.disagreements((first, second), unit, codes, documents)
        shared = self._shared(first, second)
        if document is not None:
            named = resolve_document(self.store, document)
            shared = [d for d in shared if d.guid == named]
        found = _with_guids(self.store, result.rows, shared)
        rows: list[Disagreement] = list(result.rows)
        guids = found or []
        if found is None:  # two documents with one title and the same words where they differ: ask one by one
            rows = []
            for shared_document in shared:
                own = self.disagreements((first, second), unit, codes, [shared_document.guid]).rows
                rows.extend(own)
                guids.extend([shared_document.guid] * len(own))
        items = _items(self.store, rows, guids, result.codes)
        return _with_decisions(self.store, ConsensusReview(result.coders, consensus, unit, items, {}, False))

    def refresh_consensus(self, review: ConsensusReview) -> ConsensusReview:
        """The same items with the decisions as they are now (cheap: the disagreements are not looked up again)."""
        return _with_decisions(self.store, review)

    def start_consensus(self, coders: Sequence[str], consensus: str = DEFAULT_CONSENSUS, unit: str = "sentence",
                        coder: str | None = None) -> Started:
        """Give the consensus coder the codings both coders agree on (a snapshot first when anything is written;
        one undoable event); again later, it brings the consensus up to the coders' codings as they are now."""
        first, second = _names(self.store, coders, consensus)
        _one_review_per_coder(self.store, first, second, consensus, unit)
        for name in (first, second):
            if name not in self.store.coders():
                unknown("coder", name, self.store.coders(), "--coders")
        if unit not in UNITS:
            unknown("unit", unit, UNITS, "--unit")
        shared = [d.guid for d in self._shared(first, second)]
        if not shared:
            self.disagreements((first, second), unit)  # refuses as agreement does: nothing coded in common
        return start(self.store, (first, second), consensus, unit, shared, self.coder(coder), self.snapshot_dir)

    def settle_consensus(self, item: ConsensusItem, review: ConsensusReview, choice: str,
                         codes: Sequence[str] = (), coder: str | None = None) -> Settled:
        """Decide one disagreement: keep A ('a'), B ('b'), 'both', 'neither', or 'edit' (the consensus codes of
        the unit are then exactly `codes`); one undoable event."""
        if choice not in CHOICES:
            unknown("choice", choice, list(CHOICES), "keep ITEM a|b|both|neither")
        known = {row.key for row in code_sql.codes(self.store)}
        for key in codes:
            if key not in known:
                unknown("code", key, sorted(known), "edit ITEM CODE...", see="'qualcode codebook show' lists them")
        if choice != "edit" and codes:
            raise ProjectError("codes are given only with edit", hint="keep ITEM a|b|both|neither takes no codes")
        return settle(self.store, review.coders, review.consensus, review.unit, item, choice, frozenset(codes),
                      self.coder(coder))

    def consensus_coders(self) -> list[str]:
        """The names consensus reviews code as (the workbench lists pairs with them last)."""
        return consensus_sql.consensus_coders(self.store)

    def _shared(self, first: str, second: str) -> list[agreement_sql.AgreementDocument]:
        """The documents both coders coded, in agreement's order (by title)."""
        by_second = {d.guid for d in agreement_sql.documents_coded_by(self.store, second)}
        return [d for d in agreement_sql.documents_coded_by(self.store, first) if d.guid in by_second]


def _one_review_per_coder(store: Store, first: str, second: str, consensus: str, unit: str) -> None:
    """A consensus coder holds the result of one review: a second one (another unit or pair) would write overlapping
    codings of the same codes under that one name."""
    for coder_a, coder_b, other_unit in consensus_sql.reviews_as(store, consensus):
        if (coder_a, coder_b, other_unit) != (first, second, unit):
            raise ProjectError(f"{consensus} already holds the review of {coder_a} and {coder_b} per {other_unit}",
                               hint=f"give this review its own consensus coder, e.g. --as {consensus}-{unit}")


def _names(store: Store, coders: Sequence[str], consensus: str) -> tuple[str, str]:
    if len(coders) != 2:
        raise ProjectError(f"--coders takes two coders, not {len(coders)}", hint="e.g. --coders sanne tom")
    if not consensus.strip():
        raise ProjectError("the consensus coder needs a name", hint="e.g. --as consensus")
    if consensus in coders:
        raise ProjectError(f"--as {consensus}: the consensus coder must be another coder than {coders[0]} and "
                           f"{coders[1]} (their own codings stay as they are)", hint="e.g. --as consensus")
    return coders[0], coders[1]


def _with_guids(store: Store, rows: Sequence[Disagreement],
                shared: Sequence[agreement_sql.AgreementDocument]) -> list[str] | None:
    """Each row's document GUID. Rows name their document by title and come document by document in `shared`'s
    order, each document's in text order: a title two documents share is told apart by the rows' words and
    numbers; None when that cannot be told."""
    by_title: dict[str, list[str]] = {}
    for document in shared:
        by_title.setdefault(document.title, []).append(document.guid)
    texts: dict[str, str] = {}
    at: dict[str, tuple[int, int]] = {}  # title → (index of the document its rows are at, the last unit number)
    guids = []
    for row in rows:
        candidates = by_title[row.document]
        if len(candidates) == 1:
            guids.append(candidates[0])
            continue
        index, last = at.get(row.document, (0, 0))
        fitting = [i for i in range(index, len(candidates))
                   if (i > index or row.number > last) and _words(store, texts, candidates[i], row) == row.text]
        if len(fitting) != 1:
            return None
        at[row.document] = (fitting[0], row.number)
        guids.append(candidates[fitting[0]])
    return guids


def _words(store: Store, texts: dict[str, str], guid: str, row: Disagreement) -> str:
    if guid not in texts:
        texts[guid] = document_sql.document_text(store, guid)
    return texts[guid][row.start:row.end]


def _items(store: Store, rows: Sequence[Disagreement], guids: Sequence[str], compared: Sequence[str]) -> \
        tuple[ConsensusItem, ...]:
    """The items as the disagreements give them, none decided yet."""
    from qualcode.project.versions import current_version

    texts: dict[str, tuple[str, str, int]] = {}  # guid → text, sha256, version
    items = []
    for number, (row, guid) in enumerate(zip(rows, guids, strict=True), 1):
        if guid not in texts:
            document = document_sql.document_by_guid(store, guid)
            assert document is not None
            texts[guid] = (document_sql.document_text(store, guid), document.sha256,
                           current_version(store, guid) or 1)
        text, sha256, version = texts[guid]
        items.append(ConsensusItem(number, guid, row.document, row.case, row.number, row.start, row.end, row.text,
                                   text[max(0, row.start - CONTEXT):row.start], text[row.end:row.end + CONTEXT],
                                   row.first_codes, row.second_codes, (), tuple(compared), None, sha256, version))
    return tuple(items)


def _with_decisions(store: Store, review: ConsensusReview) -> ConsensusReview:
    """The review with each item's consensus codes and choice as the stored decisions make them."""
    review_id = consensus_sql.review_id(store, *review.coders, review.consensus, review.unit)
    decided = current_decisions(store, review_id)
    items = []
    for item in review.items:
        here = decided.get((item.document_guid, item.start, item.end), {})
        a, b = frozenset(item.a_codes), frozenset(item.b_codes)
        consensus_codes = set(a & b)
        for key, decision in here.items():
            (consensus_codes.add if decision.chosen else consensus_codes.discard)(key)
        differing = a ^ b
        settled = differing and all(key in here for key in differing)
        choice = max((here[key] for key in differing), key=lambda row: row.decided_at).choice if settled else None
        items.append(replace(item, consensus_codes=tuple(sorted(consensus_codes)), choice=choice))
    return replace(review, items=tuple(items), code_names={row.key: row.name for row in code_sql.codes(store)},
                   started=review_id is not None)
