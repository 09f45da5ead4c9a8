"""SQL for project-wide search: the FTS5 lemma index of sentences (m006), its terms, and what a hit needs around it.

A MATCH expression is built here from groups of terms (each group: any one of its terms; all groups in one
sentence), so that no caller writes FTS5 syntax. A term ending in ``*`` is a prefix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from qualcode.storage import search_index
from qualcode.storage.store import Store

_MAX_VARIABLES = 900  # below SQLite's default limit of host parameters per statement


class IndexedSentence(NamedTuple):
    """A sentence the index found, with where it stands: document, case, turn and speaker (a tuple: thousands are
    made per search)."""

    sentence_id: int
    document_id: int
    document_guid: str
    document_title: str
    case_name: str | None
    case_key: str | None
    start: int
    end: int
    lemmas: str
    turn_start: int | None
    turn_end: int | None
    speaker: str | None  # the participant's name, else the turn's label as typed
    role: str | None
    is_interviewer: int  # 1 for the interviewer's words


def _term(term: str) -> str:
    if term.endswith("*"):
        return '"' + term[:-1].replace('"', '""') + '" *'
    return '"' + term.replace('"', '""') + '"'


def match_expression(groups: Sequence[Iterable[str]]) -> str:
    """FTS5 MATCH text: every group must occur in the sentence, any one term of a group."""
    return " AND ".join("(" + " OR ".join(_term(term) for term in group) + ")" for group in groups)


def terms(store: Store, prefix: str = "") -> list[str]:
    """The index's distinct terms (lower case, no accents, hyphenated words in pieces), those with prefix only."""
    if prefix:
        rows = store.conn.execute("SELECT term FROM sentence_index_terms WHERE term >= ? AND term < ?",
                                  (prefix, prefix + "\U0010ffff"))
    else:
        rows = store.conn.execute("SELECT term FROM sentence_index_terms")
    return [str(row[0]) for row in rows]


def bring_up_to_date(store: Store) -> None:
    """Index sentences written since the last commit's flush (every write transaction flushes; this is a guard)."""
    if not store.read_only and search_index.pending(store.conn):
        with store.transaction():
            pass  # the transaction flushes the pending sentences before it commits


def index_version(store: Store) -> bytes:
    """FTS5's structure record of the index, whose cookie changes with every change to the index."""
    row = store.conn.execute("SELECT block FROM sentence_index_data WHERE id = 10").fetchone()
    return bytes(row[0]) if row else b""


def matching_sentences(store: Store, groups: Sequence[Iterable[str]], *, case_key: str | None = None,
                       document_guid: str | None = None) -> list[IndexedSentence]:
    """Sentences holding a term of every group (in no particular order)."""
    sql = """
        SELECT s.id, d.id, d.guid, d.title, c.name, c.key, s.start, s."end", s.lemmas, t.start, t."end",
               coalesce(p.name, t.speaker), p.role, coalesce(p.is_interviewer, 0)
        FROM sentence_index i
        JOIN sentences s ON s.id = i.rowid
        JOIN documents d ON d.id = s.document_id
        LEFT JOIN cases c ON c.id = d.case_id
        LEFT JOIN turns t ON t.id = s.turn_id
        LEFT JOIN participants p ON p.id = t.participant_id
        WHERE sentence_index MATCH ?"""
    parameters: list[object] = [match_expression(groups)]
    if case_key is not None:
        sql += " AND c.key = ?"
        parameters.append(case_key)
    if document_guid is not None:
        sql += " AND d.guid = ?"
        parameters.append(document_guid)
    return list(map(IndexedSentence._make, store.conn.execute(sql, parameters)))


def document_texts(store: Store, document_ids: Iterable[int]) -> dict[int, str]:
    """The current text of each document, by its row id."""
    wanted = sorted(set(document_ids))
    texts: dict[int, str] = {}
    for first in range(0, len(wanted), _MAX_VARIABLES):
        chunk = wanted[first:first + _MAX_VARIABLES]
        marks = ", ".join("?" * len(chunk))
        texts.update((int(r[0]), str(r[1])) for r in store.conn.execute(
            f"SELECT id, text FROM documents WHERE id IN ({marks})", chunk))
    return texts


def coded_spans(store: Store, code_keys: Sequence[str]) -> dict[int, list[tuple[int, int]]]:
    """Per document row id, the spans coded with any of these codes (by anyone), in order of start."""
    marks = ", ".join("?" * len(code_keys))
    spans: dict[int, list[tuple[int, int]]] = {}
    for document_id, start, end in store.conn.execute(
            f'SELECT g.document_id, g.start, g."end" FROM codings g JOIN codes k ON k.id = g.code_id '
            f"WHERE k.key IN ({marks}) ORDER BY g.document_id, g.start", list(code_keys)):
        spans.setdefault(int(document_id), []).append((int(start), int(end)))
    return spans
