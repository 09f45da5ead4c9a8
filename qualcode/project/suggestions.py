"""Code suggestions (issue 15): made by a source, never applied silently, accepted or dismissed by a coder, measured.

- `suggest` stores the keyword source's suggestions (qualcode.project.suggest_keywords) for the codes and documents
  asked for, in one transaction with an event. Running it again adds what is new, renews what is still pending,
  removes pending ones the keywords no longer make, and leaves every decision as it was (dismissed stay dismissed).
  Suggestions belong to a version of a text: a corrected transcript gets its own on the next run, and one dismissed
  on an earlier version stays dismissed where the new version has the same words.
- Accepting makes each suggestion a coding by the coder who accepts it (unless that coder already has the code on
  the span) and records the suggestions' sources in the event; dismissing marks them. Both are one undoable event:
  undo removes the codings made and puts the suggestions back to pending.
- `evaluate_suggestions` compares what the source suggests with a human coder's codings, per code and
  micro-averaged, at sentence and at turn level (domain.suggestions), on the documents that coder coded.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qualcode.domain.errors import ProjectError, shorten
from qualcode.domain.suggestions import ACTIONS, STATUSES, Scores, Suggestion, compare, micro_average
from qualcode.project import document_ops
from qualcode.project import versions as version_ops
from qualcode.project.base import ProjectBase
from qualcode.project.suggest_keywords import SOURCE, keyword_suggestions, suggestable
from qualcode.storage import codes as code_sql
from qualcode.storage import coding_edits
from qualcode.storage import codings as coding_sql
from qualcode.storage import documents as document_sql
from qualcode.storage import suggestions as suggestion_sql
from qualcode.storage.documents import document_text
from qualcode.storage.records import CodeRow, EventRow
from qualcode.storage.store import Store, now

__all__ = ["ACTIONS", "SuggestionUseCases", "replay", "reverse"]
MIN_PREFIX = document_ops.MIN_PREFIX  # the shortest beginning of an id that names it, as for documents


@dataclass(frozen=True)
class SuggestRun:
    """What `suggest` did for one source."""

    source: str
    documents: int
    codes: int
    made: int  # suggestions the source makes now
    added: int
    kept: int  # made again, still pending
    removed: int
    decided: int  # made again, but accepted or dismissed before (left so)


@dataclass(frozen=True)
class Decision:
    """What accepting or dismissing did."""

    status: str  # accepted or dismissed
    decided: tuple[Suggestion, ...]
    codings_made: int
    skipped: tuple[Suggestion, ...]  # already accepted or dismissed: left as they were


@dataclass(frozen=True)
class Unit:
    """A sentence in a miss or false hit of an evaluation: where it stands and what it says."""

    code_key: str
    document_title: str
    case_name: str | None
    start: int
    text: str
    evidence: str  # for a false hit: what the source matched


@dataclass(frozen=True)
class CodeEvaluation:
    code_key: str
    code_name: str
    sentences: Scores
    turns: Scores


@dataclass(frozen=True)
class Evaluation:
    """A source's suggestions measured against a coder's codings."""

    source: str
    coder: str
    documents: int
    sentences: int  # respondent sentences in those documents (the units)
    turns: int
    codes: tuple[CodeEvaluation, ...]  # in codebook order
    sentence_micro: Scores
    turn_micro: Scores
    misses: tuple[Unit, ...]  # sentences the coder coded and the source did not suggest, by code
    false_hits: tuple[Unit, ...]  # sentences the source suggested and the coder did not code


class SuggestionUseCases(ProjectBase):
    """Suggestions as use cases of Project (a base class of it)."""

    def suggest(self, *, codes: Sequence[str] = (), documents: Sequence[str] = (),
                coder: str | None = None) -> SuggestRun:
        """Compute and store the keyword source's suggestions (all codes and documents, or those named)."""
        rows = _scope_codes(self.store, codes)
        guids = self._documents(documents)
        made = keyword_suggestions(self.store, rows, guids)
        keys = [row.key for row in rows]
        with self.store.transaction():
            count = suggestion_sql.store_suggestions(self.store, SOURCE, made, guids, keys, now())
            self.store.record_event(
                "suggest", f"{len(made)} suggestions from {SOURCE}: {count.added} new, {count.removed} dropped",
                {"source": SOURCE, "codes": list(codes), "documents": list(documents), "made": len(made),
                 "added": count.added, "kept": count.kept, "removed": count.removed}, self.coder(coder))
        return SuggestRun(SOURCE, len(guids), len(rows), len(made), count.added, count.kept, count.removed,
                          count.decided)

    def suggestions(self, *, document: str | None = None, statuses: Sequence[str] = ("pending",),
                    codes: Sequence[str] = ()) -> list[Suggestion]:
        """Stored suggestions on current texts (pending by default), of one document or code (with children)."""
        unknown = sorted(set(statuses) - set(STATUSES))
        if unknown:
            raise ProjectError(f"no suggestion status {unknown[0]!r}", hint=f"use one of {', '.join(STATUSES)}")
        guid = None
        if document is not None:  # the workbench names a document by its GUID: no need to look further
            known = document_sql.document_by_guid(self.store, document) is not None
            guid = document if known else document_ops.resolve_document(self.store, document)
        keys = [row.key for row in _scope_codes(self.store, codes, applicable_only=False)] if codes else []
        return suggestion_sql.suggestions(self.store, document_guid=guid, statuses=statuses, code_keys=keys)

    def resolve_suggestion(self, reference: str) -> str:
        """The GUID of the one suggestion a reference names: its GUID or a unique beginning of it (4+)."""
        wanted = reference.strip().strip("{}")
        if len(wanted) < MIN_PREFIX:
            raise ProjectError(f"'{shorten(wanted)}' is too short to name a suggestion",
                               hint=f"give at least {MIN_PREFIX} characters of its id ('qualcode suggestions list')")
        found = suggestion_sql.guids_with_prefix(self.store, wanted)
        if len(found) == 1:
            return found[0]
        if not found:
            raise ProjectError(f"no suggestion with id '{shorten(wanted)}'",
                               hint="'qualcode suggestions list --status all' shows the ids")
        raise ProjectError(f"'{shorten(wanted)}' is the beginning of several suggestions' ids",
                           hint="give more of the id")

    def accept_suggestions(self, guids: Sequence[str], coder: str | None = None) -> Decision:
        """Make pending suggestions codings by this coder: one undoable event naming each suggestion's source."""
        return _decide(self.store, guids, "accepted", self.coder(coder))

    def dismiss_suggestions(self, guids: Sequence[str], coder: str | None = None) -> Decision:
        """Dismiss pending suggestions (they are not made again): one undoable event."""
        return _decide(self.store, guids, "dismissed", self.coder(coder))

    def evaluate_suggestions(self, against: str, *, codes: Sequence[str] = (),
                             documents: Sequence[str] = ()) -> Evaluation:
        """Precision, recall and F1 of the keyword source against a coder (see the module docstring)."""
        return _evaluate(self.store, against, _scope_codes(self.store, codes), self._documents(documents))

    def _documents(self, references: Sequence[str]) -> list[str]:
        if references:
            return list(dict.fromkeys(document_ops.resolve_document(self.store, ref) for ref in references))
        from qualcode.storage.documents import documents

        return [row.guid for row in documents(self.store)]


def _scope_codes(store: Store, references: Sequence[str], *, applicable_only: bool = True) -> list[CodeRow]:
    """The codes named (each with its children), or all; in codebook order."""
    rows = code_sql.codes(store)
    if references:
        known = {row.key for row in rows}
        for reference in references:
            if reference not in known:
                raise ProjectError(f"no code '{reference}' in the codebook",
                                   hint="'qualcode codebook show' lists the codes")
        wanted = list(references)
        for key in wanted:  # grows while iterating: children, grandchildren
            wanted.extend(row.key for row in rows if row.parent_key == key and row.key not in wanted)
        rows = [row for row in rows if row.key in set(wanted)]
    return suggestable(rows) if applicable_only else rows


# -- deciding ------------------------------------------------------------------------------------------------
def _decide(store: Store, guids: Sequence[str], status: str, coder: str) -> Decision:
    if not guids:
        raise ProjectError("no suggestions named", hint="give suggestion ids, or --document to take a document's")
    with store.transaction():
        found = suggestion_sql.suggestions_by_guid(store, guids)
        missing = [guid for guid in guids if guid not in found]
        if missing:
            raise ProjectError(f"no suggestion '{missing[0]}' on a document's current text",
                               hint="'qualcode suggestions list' shows the pending ones; nothing was changed")
        chosen = [found[guid] for guid in dict.fromkeys(guids)]
        pending = [s for s in chosen if s.status == "pending"]
        skipped = tuple(s for s in chosen if s.status != "pending")
        if not pending:
            return Decision(status, (), 0, skipped)
        at = now()
        entries: list[dict[str, Any]] = []
        decisions: dict[str, tuple[str, str | None, str | None, str | None]] = {}
        for suggestion in pending:
            entry: dict[str, Any] = {"guid": suggestion.guid, "source": suggestion.source}
            coding_guid = None
            if status == "accepted":
                entry.update(_accept(store, suggestion, coder))
                coding_guid = entry["coding_guid"]
            decisions[suggestion.guid] = (status, coder, at, coding_guid)
            entries.append(entry)
        suggestion_sql.set_decision(store, decisions)
        first = pending[0]
        made = sum(1 for entry in entries if entry.get("created"))
        sources = ", ".join(sorted({s.source for s in pending}))
        verb = "accepted" if status == "accepted" else "dismissed"
        if len(pending) == 1:
            text = shorten(" ".join(document_text(store, first.document_guid)[first.start:first.end].split()), 40)
            summary = f"{verb} the suggestion '{text}' as {first.code_key} ({sources})"
        else:
            titles = sorted({s.document_title for s in pending})
            where = titles[0] if len(titles) == 1 else f"{len(titles)} documents"
            summary = f"{verb} {len(pending)} suggestions in {where} ({sources})"
        store.record_event(f"{'accept' if status == 'accepted' else 'dismiss'}_suggestions", summary,
                           {"suggestions": entries, "sources": sorted({s.source for s in pending}),
                            "document_guid": first.document_guid, "start": first.start}, coder)
    decided = tuple(suggestion_sql.suggestions_by_guid(store, [s.guid for s in pending])[s.guid] for s in pending)
    return Decision(status, decided, made, skipped)


def _accept(store: Store, suggestion: Suggestion, coder: str) -> dict[str, Any]:
    """A coding for an accepted suggestion, or this coder's coding of the code that already covers its span."""
    for coding in coding_sql.codings(store, suggestion.document_guid):
        if (coding.coder == coder and coding.code_key == suggestion.code_key and coding.start <= suggestion.start
                and suggestion.end <= coding.end):
            return {"coding_guid": coding.guid, "created": False}
    coding = coding_sql.add_coding(store, document_guid=suggestion.document_guid, start=suggestion.start,
                                   end=suggestion.end, code_key=suggestion.code_key, coder=coder)
    return {"coding_guid": coding.guid, "created": True, "document_guid": coding.document_guid,
            "start": coding.start, "end": coding.end, "code": coding.code_key, "coder": coder,
            "created_at": coding.created_at, "selection_guid": coding.selection_guid,
            "version": version_ops.current_version(store, suggestion.document_guid)}


def reverse(store: Store, event: EventRow) -> str | None:
    """Undo an accept or dismiss: codings made are removed, the suggestions are pending again."""
    notes: list[str] = []
    for entry in event.payload["suggestions"]:
        if entry.get("created"):
            guid = entry["coding_guid"]
            if not coding_edits.delete_coding(store, guid) and not version_ops.forget_pending(store, guid):
                notes.append("a coding had already been removed")
    suggestion_sql.set_decision(store, {entry["guid"]: ("pending", None, None, None)
                                        for entry in event.payload["suggestions"]})
    return "; ".join(dict.fromkeys(notes)) or None


def replay(store: Store, event: EventRow) -> str | None:
    """Redo an accept or dismiss: the same codings (same GUIDs) back, the suggestions decided again."""
    accepted = event.action == "accept_suggestions"
    notes: list[str] = []
    at = now()
    decisions: dict[str, tuple[str, str | None, str | None, str | None]] = {}
    for entry in event.payload["suggestions"]:
        if accepted and entry.get("created"):
            problem = coding_edits.restore_problem(store, guid=entry["coding_guid"],
                                                   document_guid=entry["document_guid"], code_key=entry["code"])
            place = problem or version_ops.place_on_current(store, entry)
            if isinstance(place, str):
                notes.append(place)
                continue
            coding_edits.insert_coding(store, guid=entry["coding_guid"], document_guid=entry["document_guid"],
                                       start=place[0], end=place[1], code_key=entry["code"], coder=entry["coder"],
                                       created_at=entry["created_at"], memo=None,
                                       selection_guid=entry.get("selection_guid"))
        decisions[entry["guid"]] = ("accepted" if accepted else "dismissed", event.coder, at,
                                    entry.get("coding_guid") if accepted else None)
    suggestion_sql.set_decision(store, decisions)
    return "; ".join(dict.fromkeys(notes)) or None


# -- measuring -----------------------------------------------------------------------------------------------
def _evaluate(store: Store, coder: str, codes: Sequence[CodeRow], documents: Sequence[str]) -> Evaluation:
    if coder not in store.coders():
        known = ", ".join(store.coders()) or "none yet"
        raise ProjectError(f"no coder '{coder}' in this project", hint=f"coders: {known}")
    coded = set(suggestion_sql.coded_documents(store, coder))
    scope = [guid for guid in documents if guid in coded]
    if not scope:
        raise ProjectError(f"{coder} has no codings in {'these documents' if len(documents) == 1 else 'the documents'}"
                           " to measure suggestions against", hint="name a coder who coded them (--against)")
    keys = {row.key for row in codes}
    sentences = suggestion_sql.respondent_sentences(store, scope)
    by_document: dict[str, list[suggestion_sql.RespondentSentence]] = {}
    for sentence in sentences:
        by_document.setdefault(sentence.document_guid, []).append(sentence)
    gold: set[tuple[str, tuple[str, int]]] = set()
    for guid in scope:
        units = by_document.get(guid, [])
        starts = [sentence.start for sentence in units]
        for coding in coding_sql.codings(store, guid):
            if coding.coder != coder or coding.code_key not in keys:
                continue
            index = max(bisect.bisect_right(starts, coding.start) - 1, 0)
            while index < len(units) and units[index].start < coding.end:
                if units[index].end > coding.start:
                    gold.add((coding.code_key, (guid, units[index].start)))
                index += 1
    made = keyword_suggestions(store, codes, scope)
    evidence = {(s.code_key, (s.document_guid, s.start)): s.evidence for s in made}
    found = set(evidence)
    turn_of = {(s.document_guid, s.start): (s.document_guid, s.turn_start) for s in sentences}
    by_sentence = compare(gold, found)
    by_turn = compare({(code, turn_of[unit]) for code, unit in gold},
                      {(code, turn_of[unit]) for code, unit in found if unit in turn_of})
    names = {row.key: row.name for row in codes}
    order = [row.key for row in codes if row.key in by_sentence]
    rows = tuple(CodeEvaluation(key, names[key], by_sentence[key], by_turn.get(key, Scores())) for key in order)
    texts = {guid: document_text(store, guid) for guid in scope}
    from qualcode.storage.documents import documents as all_documents

    titles = {row.guid: (row.title, row.case_name) for row in all_documents(store) if row.guid in texts}
    ends = {(s.document_guid, s.start): s.end for s in sentences}
    position = {key: index for index, key in enumerate(order)}

    def listed(pairs: set[tuple[str, tuple[str, int]]]) -> tuple[Unit, ...]:
        ordered = sorted(pairs, key=lambda pair: (position.get(pair[0], 0), titles[pair[1][0]][1] or "",
                                                  titles[pair[1][0]][0], pair[1][1]))
        return tuple(Unit(code, titles[guid][0], titles[guid][1], start,
                          " ".join(texts[guid][start:ends[(guid, start)]].split()),
                          evidence.get((code, (guid, start)), "")) for code, (guid, start) in ordered)

    return Evaluation(SOURCE, coder, len(scope), len(sentences), len(set(turn_of.values())), rows,
                      micro_average(by_sentence), micro_average(by_turn), listed(gold - found), listed(found - gold))
