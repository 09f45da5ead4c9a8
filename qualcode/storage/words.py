"""SQL for word counts: every sentence's lemmas with who said it and where, codings by code, and the names a
project holds (participants, speaker labels, cases) that must not be counted as words."""

from __future__ import annotations

from typing import NamedTuple

from qualcode.storage.store import Store


class LemmaSentence(NamedTuple):
    """A sentence's lemmas with its document, case and speaker (a tuple: a million words make ~70,000)."""

    document_id: int
    start: int
    end: int
    lemmas: str
    case_name: str | None
    in_turn: int  # 0 for text outside any turn (a header, a note)
    is_interviewer: int
    role: str | None


def lemma_sentences(store: Store) -> list[LemmaSentence]:
    """Every sentence of every document's current text, in document order."""
    return list(map(LemmaSentence._make, store.conn.execute("""
        SELECT s.document_id, s.start, s."end", s.lemmas, c.name, t.id IS NOT NULL, coalesce(p.is_interviewer, 0),
               p.role
        FROM sentences s
        JOIN documents d ON d.id = s.document_id
        LEFT JOIN cases c ON c.id = d.case_id
        LEFT JOIN turns t ON t.id = s.turn_id
        LEFT JOIN participants p ON p.id = t.participant_id
        ORDER BY s.document_id, s.start""")))


def document_texts(store: Store) -> dict[int, str]:
    """The current text of every document, by its row id."""
    return {int(row[0]): str(row[1]) for row in store.conn.execute("SELECT id, text FROM documents")}


def coded_spans_by_code(store: Store) -> dict[str, dict[int, list[tuple[int, int]]]]:
    """Per code key, per document row id, the spans coded with it (by anyone), in order of start."""
    spans: dict[str, dict[int, list[tuple[int, int]]]] = {}
    for key, document_id, start, end in store.conn.execute(
            'SELECT k.key, g.document_id, g.start, g."end" FROM codings g JOIN codes k ON k.id = g.code_id '
            "ORDER BY k.key, g.document_id, g.start"):
        spans.setdefault(str(key), {}).setdefault(int(document_id), []).append((int(start), int(end)))
    return spans


def known_names(store: Store) -> list[str]:
    """Names of people and cases as the project stores them: participants and their labels, the speaker labels
    of turns, case names and keys."""
    rows = store.conn.execute("""
        SELECT name FROM participants UNION SELECT label FROM participants WHERE label IS NOT NULL
        UNION SELECT speaker FROM turns WHERE speaker IS NOT NULL
        UNION SELECT name FROM cases UNION SELECT key FROM cases""")
    return [str(row[0]) for row in rows if row[0]]
