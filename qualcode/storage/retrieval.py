"""SQL for reading coded work back: coded passages with their context, progress per document, case x code counts."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from qualcode.storage.records import DocumentProgress, Passage
from qualcode.storage.store import Store


def document_progress(store: Store, coder: str | None, document_guid: str | None = None) -> list[DocumentProgress]:
    """Per document (or one): respondent turns, those overlapping a coding by anyone, and those coded by coder."""
    # A coding overlapping a turn starts less than the document's longest coding before the turn's start, so
    # each EXISTS scans a short stretch of idx_codings_document instead of every coding before the turn.
    rows = store.conn.execute(
        """
        WITH longest AS (SELECT document_id, max("end" - start) AS span FROM codings GROUP BY document_id)
        SELECT d.guid, d.title, c.name,
               count(t.id),
               coalesce(sum(EXISTS (SELECT 1 FROM codings g WHERE g.document_id = d.id
                                    AND g.start > t.start - l.span AND g.start < t."end" AND g."end" > t.start)), 0),
               coalesce(sum(EXISTS (SELECT 1 FROM codings g WHERE g.document_id = d.id AND g.coder_id = me.id
                                    AND g.start > t.start - l.span AND g.start < t."end" AND g."end" > t.start)), 0),
               (SELECT count(*) FROM codings g WHERE g.document_id = d.id), d.word_count, d.source_name
        FROM documents d
        LEFT JOIN cases c ON c.id = d.case_id
        LEFT JOIN longest l ON l.document_id = d.id
        LEFT JOIN (SELECT id FROM coders WHERE name = ?) me
        LEFT JOIN turns t ON t.document_id = d.id AND (t.participant_id IS NULL OR t.participant_id NOT IN
             (SELECT id FROM participants WHERE is_interviewer = 1))
        WHERE ? IS NULL OR d.guid = ?
        GROUP BY d.id ORDER BY c.name COLLATE NOCASE, d.title COLLATE NOCASE
        """, (coder, document_guid, document_guid)).fetchall()
    return [DocumentProgress(*r) for r in rows]


_Turn = tuple[int, int, str | None, str | None, bool]  # start, end, speaker, role, is_interviewer
_NO_SPEAKER: tuple[str | None, str | None, bool] = (None, None, False)
# SQLite's NOCASE folds ASCII letters only; Python sorts with the same key so the order matches SQL's.
_NOCASE = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class _DocumentContext:
    """One document's text, turns and sections, for placing its passages (visited in order of start)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.turns: list[_Turn] = []
        self.turn_starts: list[int] = []
        self.sections: list[tuple[int, int, str]] = []
        self.section_starts: list[int] = []
        self._counted_to = 0  # line numbers are counted on from the previous passage, not from the top
        self._lines_before = 1

    def line(self, offset: int) -> int:
        if offset < self._counted_to:
            self._counted_to, self._lines_before = 0, 1
        self._lines_before += self.text.count("\n", self._counted_to, offset)
        self._counted_to = offset
        return self._lines_before

    def speaker(self, start: int, end: int) -> tuple[str | None, str | None, bool]:
        """Speaker, role and is_interviewer of the turn holding start or, when start lies on a speaker label, of
        the first turn in the span; (None, None, False) outside any turn."""
        index = bisect_right(self.turn_starts, start) - 1
        turns = self.turns
        if index >= 0 and start < turns[index][1]:
            return turns[index][2:]
        if index + 1 < len(turns) and turns[index + 1][0] < end:
            return turns[index + 1][2:]
        return _NO_SPEAKER

    def section(self, offset: int) -> str | None:
        index = bisect_right(self.section_starts, offset) - 1
        if index >= 0 and offset < self.sections[index][1]:
            return self.sections[index][2]
        return None


def passages(store: Store, *, code_keys: Sequence[str] | None = None, case_name: str | None = None,
             without_case: bool = False, case_guids: Sequence[str] | None = None, coder: str | None = None,
             document_guid: str | None = None) -> list[Passage]:
    """Return the coded passages matching every filter given, by case name, document title and start."""
    # Codings are read without joining documents: a document row holds the whole text before its case_id, and
    # reaching the case of every coding walked the text's overflow pages (0.15 s for 20,000 codings). Code and
    # coder names are looked up here too: those joins cost SQLite more than two dict lookups cost Python.
    document_conditions: list[str] = []
    parameters: list[Any] = []
    if without_case:
        document_conditions.append("d.case_id IS NULL")
    elif case_name is not None:
        document_conditions.append("cs.name = ? COLLATE NOCASE")
        parameters.append(case_name)
    if case_guids is not None:
        document_conditions.append("cs.guid IN (SELECT value FROM json_each(?))")
        parameters.append(json.dumps(list(case_guids)))
    if document_guid is not None:
        document_conditions.append("d.guid = ?")
        parameters.append(document_guid)
    where = f"WHERE {' AND '.join(document_conditions)}" if document_conditions else ""
    documents = {r[0]: r[1:] for r in store.conn.execute(
        f"SELECT d.id, d.guid, d.title, cs.name FROM documents d LEFT JOIN cases cs ON cs.id = d.case_id {where}",
        parameters)}
    codes = {r[0]: (r[1], r[2]) for r in store.conn.execute("SELECT id, key, name FROM codes")}
    coders = {r[0]: r[1] for r in store.conn.execute("SELECT id, name FROM coders")}
    coding_conditions: list[str] = []
    coding_parameters: list[Any] = []
    if document_conditions:  # without a filter on documents, asking for all of them would only cost time
        coding_conditions.append("document_id IN (SELECT value FROM json_each(?))")
        coding_parameters.append(json.dumps(list(documents)))
    if code_keys is not None:
        wanted = set(code_keys)
        coding_conditions.append("code_id IN (SELECT value FROM json_each(?))")
        coding_parameters.append(json.dumps([id_ for id_, (key, _) in codes.items() if key in wanted]))
    if coder is not None:
        coding_conditions.append("coder_id IN (SELECT value FROM json_each(?))")
        coding_parameters.append(json.dumps([id_ for id_, name in coders.items() if name == coder]))
    coding_where = f"WHERE {' AND '.join(coding_conditions)}" if coding_conditions else ""
    rows = store.conn.execute(
        f'SELECT guid, code_id, coder_id, document_id, start, "end", memo FROM codings {coding_where} '
        'ORDER BY document_id, start, "end", id', coding_parameters).fetchall()
    by_document = {document_id: list(group) for document_id, group in groupby(rows, key=itemgetter(3))}
    contexts = _contexts(store, sorted(by_document))
    out: list[Passage] = []
    append = out.append
    for document_id in sorted(by_document, key=lambda d: _document_order(d, *documents[d][1:])):
        context = contexts[document_id]
        doc_guid, title, case = documents[document_id]
        for guid, code_id, coder_id, _, start, end, memo in by_document[document_id]:
            key, name = codes[code_id]
            speaker, role, interviewer = context.speaker(start, end)
            append(Passage(guid, key, name, coders[coder_id], doc_guid, title, case, start, end,
                           context.text[start:end], speaker, role, interviewer, context.section(start),
                           context.line(start), memo))
    return out


def _document_order(document_id: int, title: str, case: str | None) -> tuple[bool, str, str, int]:
    """ORDER BY case name COLLATE NOCASE (no case first, as SQL puts NULL first), title COLLATE NOCASE, id."""
    return (case is not None, (case or "").translate(_NOCASE), title.translate(_NOCASE), document_id)


def _contexts(store: Store, document_ids: list[int]) -> dict[int, _DocumentContext]:
    """Fetch the text, turns and sections of each document once, with three queries in all."""
    conn = store.conn
    ids = json.dumps(document_ids)
    contexts = {r[0]: _DocumentContext(r[1]) for r in conn.execute(
        "SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?))", (ids,))}
    people = {r[0]: r[1:] for r in conn.execute(
        "SELECT id, name, role, is_interviewer FROM participants WHERE document_id IN (SELECT value FROM json_each(?))",
        (ids,))}
    nobody = (None, None, 0)
    for document_id, start, end, label, participant in conn.execute(
            'SELECT document_id, start, "end", speaker, participant_id FROM turns '
            "WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, start", (ids,)):
        context = contexts[document_id]
        person, role, interviewer = people.get(participant, nobody)
        context.turns.append((start, end, person or label, role, bool(interviewer)))
        context.turn_starts.append(start)
    for document_id, start, end, title in conn.execute(
            'SELECT document_id, start, "end", title FROM sections '
            "WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, start", (ids,)):
        context = contexts[document_id]
        context.sections.append((start, end, title))
        context.section_starts.append(start)
    return contexts


def documents_per_case(store: Store) -> dict[str | None, int]:
    """Return case name (None for documents without a case) → number of documents."""
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT c.name, count(*) FROM documents d LEFT JOIN cases c ON c.id = d.case_id GROUP BY c.name")}


def coding_spans(store: Store, coder: str | None = None) -> list[tuple[str | None, str, int, int, int]]:
    """Every coding (optionally of one coder) as (case name or None, code key, document id, start, end).

    What a matrix cell is counted from (domain.passages); no document text is read.
    """
    # The case of each document is looked up apart: joining documents per coding walks each text's overflow pages.
    case_of = {r[0]: r[1] for r in store.conn.execute(
        "SELECT d.id, c.name FROM documents d LEFT JOIN cases c ON c.id = d.case_id")}
    key_of = {r[0]: r[1] for r in store.conn.execute("SELECT id, key FROM codes")}
    query = 'SELECT document_id, code_id, start, "end" FROM codings'
    parameters: tuple[str, ...] = ()
    if coder is not None:
        query += " WHERE coder_id = (SELECT id FROM coders WHERE name = ?)"
        parameters = (coder,)
    return [(case_of.get(document), key_of[code], document, start, end)
            for document, code, start, end in store.conn.execute(query, parameters)]
