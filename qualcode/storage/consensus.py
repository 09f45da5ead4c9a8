"""SQL for consensus reviews (m009): the review of two coders, its decisions per unit and code, the codings it made."""

from __future__ import annotations

from typing import NamedTuple

from qualcode.storage.records import CodingRow
from qualcode.storage.store import Store, new_guid, now


class DecisionRow(NamedTuple):
    """A decision on one code of one unit: in the consensus (chosen) or out, and the choice that made it."""

    document_guid: str
    version: int
    start: int
    end: int
    code_guid: str
    chosen: bool
    choice: str
    decided_by: str
    decided_at: str


def review_id(store: Store, coder_a: str, coder_b: str, consensus: str, unit: str) -> int | None:
    row = store.conn.execute("SELECT id FROM consensus_reviews WHERE coder_a = ? AND coder_b = ? AND consensus = ? "
                             "AND unit = ?", (coder_a, coder_b, consensus, unit)).fetchone()
    return int(row[0]) if row else None


def reviews_as(store: Store, consensus: str) -> list[tuple[str, str, str]]:
    """(coder A, coder B, unit) of every review whose codings `consensus` holds."""
    return [(r[0], r[1], r[2]) for r in store.conn.execute(
        "SELECT coder_a, coder_b, unit FROM consensus_reviews WHERE consensus = ? ORDER BY id", (consensus,))]


def ensure_review(store: Store, coder_a: str, coder_b: str, consensus: str, unit: str) -> int:
    """The review's id, made when new (inside the caller's transaction)."""
    existing = review_id(store, coder_a, coder_b, consensus, unit)
    if existing is not None:
        return existing
    cursor = store.conn.execute(
        "INSERT INTO consensus_reviews (guid, coder_a, coder_b, consensus, unit, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (new_guid(), coder_a, coder_b, consensus, unit, now()))
    return int(cursor.lastrowid or 0)


def decisions(store: Store, review: int, document_guid: str | None = None) -> list[DecisionRow]:
    """The review's decisions (of one document when given)."""
    query = ('SELECT document_guid, version, start, "end", code_guid, chosen, choice, decided_by, decided_at '
             "FROM consensus_decisions WHERE review_id = ?")
    parameters: tuple[object, ...] = (review,)
    if document_guid is not None:
        query += " AND document_guid = ?"
        parameters = (review, document_guid)
    return [DecisionRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8])
            for r in store.conn.execute(query + " ORDER BY document_guid, start, code_guid", parameters)]


def remove_decision(store: Store, review: int, document_guid: str, version: int, start: int, end: int,
                    code_guid: str) -> None:
    store.conn.execute('DELETE FROM consensus_decisions WHERE review_id = ? AND document_guid = ? AND version = ? '
                       'AND start = ? AND "end" = ? AND code_guid = ?',
                       (review, document_guid, version, start, end, code_guid))


def put_decision(store: Store, review: int, row: DecisionRow) -> None:
    """Store a decision, replacing the one on the same unit and code."""
    store.conn.execute(
        'INSERT OR REPLACE INTO consensus_decisions (review_id, document_guid, version, start, "end", code_guid, '
        "chosen, choice, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (review, row.document_guid, row.version, row.start, row.end, row.code_guid, int(row.chosen), row.choice,
         row.decided_by, row.decided_at))


def made_codings(store: Store, review: int, document_guid: str | None = None) -> list[CodingRow]:
    """The codings this review made (that are still there; of one document when given), by document and start."""
    query = ('SELECT g.id, g.guid, d.guid, g.start, g."end", c.key, k.name, g.created_at, g.memo, g.selection_guid '
             "FROM consensus_codings m JOIN codings g ON g.guid = m.coding_guid "
             "JOIN documents d ON d.id = g.document_id JOIN codes c ON c.id = g.code_id "
             "JOIN coders k ON k.id = g.coder_id WHERE m.review_id = ?")
    parameters: tuple[object, ...] = (review,)
    if document_guid is not None:
        query += " AND d.guid = ?"
        parameters = (review, document_guid)
    return [CodingRow(*r) for r in store.conn.execute(query + " ORDER BY d.id, g.start, g.id", parameters)]


def own(store: Store, review: int, coding_guid: str) -> None:
    """Note a coding as made by this review."""
    store.conn.execute("INSERT OR REPLACE INTO consensus_codings (coding_guid, review_id) VALUES (?, ?)",
                       (coding_guid, review))


def disown(store: Store, coding_guid: str) -> None:
    store.conn.execute("DELETE FROM consensus_codings WHERE coding_guid = ?", (coding_guid,))


def consensus_coders(store: Store) -> list[str]:
    """The names the stored reviews code as."""
    return [r[0] for r in store.conn.execute("SELECT DISTINCT consensus FROM consensus_reviews ORDER BY consensus")]
