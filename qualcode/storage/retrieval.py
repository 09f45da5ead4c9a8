"""SQL for reading coded work back: coded passages with their context, progress per document, case x code counts."""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qualcode.storage.records import DocumentProgress, Passage
from qualcode.storage.store import Store

_NEWLINE = re.compile("\n")


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


@dataclass(frozen=True)
class _Turn:
    start: int
    end: int
    speaker: str | None
    role: str | None
    is_interviewer: bool


class _DocumentContext:
    """One document's text, line starts, turns and sections, for placing many passages by bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in _NEWLINE.finditer(text)]
        self.turns: list[_Turn] = []
        self.turn_starts: list[int] = []
        self.sections: list[tuple[int, int, str]] = []
        self.section_starts: list[int] = []

    def line(self, offset: int) -> int:
        return bisect_left(self.newlines, offset) + 1

    def turn(self, start: int, end: int) -> _Turn | None:
        """Return the turn holding start or, when start lies on a speaker label, the first turn in the span."""
        index = bisect_right(self.turn_starts, start) - 1
        if index >= 0 and start < self.turns[index].end:
            return self.turns[index]
        following = index + 1
        if following < len(self.turns) and self.turns[following].start < end:
            return self.turns[following]
        return None

    def section(self, offset: int) -> str | None:
        index = bisect_right(self.section_starts, offset) - 1
        if index >= 0 and offset < self.sections[index][1]:
            return self.sections[index][2]
        return None


def passages(store: Store, *, code_keys: Sequence[str] | None = None, case_name: str | None = None,
             without_case: bool = False, case_guids: Sequence[str] | None = None, coder: str | None = None,
             document_guid: str | None = None) -> list[Passage]:
    """Return the coded passages matching every filter given, by case name, document title and start."""
    conditions: list[str] = []
    parameters: list[Any] = []
    if code_keys is not None:
        conditions.append("c.key IN (SELECT value FROM json_each(?))")
        parameters.append(json.dumps(list(code_keys)))
    if without_case:
        conditions.append("d.case_id IS NULL")
    elif case_name is not None:
        conditions.append("cs.name = ? COLLATE NOCASE")
        parameters.append(case_name)
    if case_guids is not None:
        conditions.append("cs.guid IN (SELECT value FROM json_each(?))")
        parameters.append(json.dumps(list(case_guids)))
    if coder is not None:
        conditions.append("k.name = ?")
        parameters.append(coder)
    if document_guid is not None:
        conditions.append("d.guid = ?")
        parameters.append(document_guid)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    rows = store.conn.execute(
        'SELECT g.guid, c.key, c.name, k.name, d.id, d.guid, d.title, cs.name, g.start, g."end", g.memo '
        "FROM codings g JOIN codes c ON c.id = g.code_id JOIN coders k ON k.id = g.coder_id "
        "JOIN documents d ON d.id = g.document_id LEFT JOIN cases cs ON cs.id = d.case_id "
        f"{where} ORDER BY cs.name COLLATE NOCASE, d.title COLLATE NOCASE, d.id, g.start, g.\"end\", g.id",
        parameters).fetchall()
    contexts = _contexts(store, sorted({r[4] for r in rows}))
    out: list[Passage] = []
    for guid, key, name, coder_name, document_id, doc_guid, title, case, start, end, memo in rows:
        context = contexts[document_id]
        turn = context.turn(start, end)
        out.append(Passage(
            coding_guid=guid, code_key=key, code_name=name, coder=coder_name, document_guid=doc_guid,
            document_title=title, case_name=case, start=start, end=end, text=context.text[start:end],
            speaker=turn.speaker if turn else None, role=turn.role if turn else None,
            is_interviewer=turn.is_interviewer if turn else False, section=context.section(start),
            line=context.line(start), memo=memo))
    return out


def _contexts(store: Store, document_ids: list[int]) -> dict[int, _DocumentContext]:
    """Fetch the text, turns and sections of each document once, with three queries in all."""
    conn = store.conn
    ids = json.dumps(document_ids)
    contexts = {r[0]: _DocumentContext(r[1]) for r in conn.execute(
        "SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?))", (ids,))}
    for document_id, start, end, label, person, role, interviewer in conn.execute(
            'SELECT t.document_id, t.start, t."end", t.speaker, p.name, p.role, p.is_interviewer FROM turns t '
            "LEFT JOIN participants p ON p.id = t.participant_id "
            "WHERE t.document_id IN (SELECT value FROM json_each(?)) ORDER BY t.document_id, t.start", (ids,)):
        context = contexts[document_id]
        context.turns.append(_Turn(start, end, person or label, role, bool(interviewer)))
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


def case_code_counts(store: Store, coder: str | None = None) -> dict[tuple[str | None, str], int]:
    """Return (case name or None, code key) → number of codings, optionally of one coder."""
    query = ("SELECT cs.name, c.key, count(*) FROM codings g JOIN documents d ON d.id = g.document_id "
             "LEFT JOIN cases cs ON cs.id = d.case_id JOIN codes c ON c.id = g.code_id")
    parameters: tuple[str, ...] = ()
    if coder is not None:
        query += " WHERE g.coder_id = (SELECT id FROM coders WHERE name = ?)"
        parameters = (coder,)
    return {(r[0], r[1]): r[2] for r in store.conn.execute(query + " GROUP BY cs.name, c.key", parameters)}
