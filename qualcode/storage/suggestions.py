"""SQL for code suggestions (m007): storing a source's suggestions again without duplicates, listing and deciding.

Suggestions point at documents and codes by GUID and at the version of the text they were made on; only those on a
document's current version, for a code still in the codebook, are listed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from qualcode.domain.suggestions import Suggestion
from qualcode.storage.store import Store

# store.new_guid's form (upper-case 8-4-4-4-12 hex), made by SQLite: tens of thousands of rows at once.
_SQL_GUID = ("(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || "
             "hex(randomblob(2)) || '-' || hex(randomblob(6)))")

_COLUMNS = ('s.guid, s.document_guid, d.title, c.name, s.start, s."end", k.key, s.source, s.score, s.evidence, '
            "s.status, s.created_at, s.decided_by, s.decided_at, s.coding_guid")
_FROM = ("FROM suggestions s JOIN documents d ON d.guid = s.document_guid AND d.version = s.version "
         "LEFT JOIN cases c ON c.id = d.case_id JOIN codes k ON k.guid = s.code_guid")
_ORDER = " ORDER BY c.name COLLATE NOCASE, d.title COLLATE NOCASE, d.id, s.start, k.position, k.id"


@dataclass(frozen=True)
class NewSuggestion:
    """A suggestion a source made, before it is stored."""

    document_guid: str
    start: int
    end: int
    code_key: str
    score: float
    evidence: str


@dataclass(frozen=True)
class StoreCount:
    """What storing a source's suggestions did."""

    added: int
    kept: int  # made again and still pending (score and evidence renewed)
    removed: int  # pending ones the source no longer makes (keywords were changed)
    decided: int  # made again but accepted or dismissed before (or dismissed on an earlier version): left so


class RespondentSentence(NamedTuple):  # a tuple: a million words have some 60,000 of them
    """A sentence spoken by a respondent, with the turn it stands in (the units suggestions are measured on)."""

    sentence_id: int  # the index's rowid, only to meet the index's answers again
    document_guid: str
    start: int
    end: int
    turn_start: int
    turn_end: int


def _json(values: Iterable[str]) -> str:
    return json.dumps(sorted(set(values)))


def store_suggestions(store: Store, source: str, made: Sequence[NewSuggestion], document_guids: Sequence[str],
                      code_keys: Sequence[str], created_at: str) -> StoreCount:
    """Make the source's pending suggestions on these documents and codes exactly `made` (inside a transaction).

    A suggestion made again keeps its identity (and its decision, when it has one); a pending one not made again is
    removed; a decided one is never touched.
    """
    conn = store.conn
    versions = {str(r[0]): int(r[1]) for r in conn.execute(
        "SELECT guid, version FROM documents WHERE guid IN (SELECT value FROM json_each(?))", (_json(document_guids),))}
    code_guids = {str(r[0]): str(r[1]) for r in conn.execute(
        "SELECT key, guid FROM codes WHERE key IN (SELECT value FROM json_each(?))", (_json(code_keys),))}
    existing: dict[tuple[str, int, int, str], tuple[int, str, float, str]] = {}
    for row in conn.execute(
            'SELECT s.id, s.document_guid, s.start, s."end", s.code_guid, s.status, s.score, s.evidence '
            "FROM suggestions s "
            "JOIN documents d ON d.guid = s.document_guid AND d.version = s.version "
            "WHERE s.source = ? AND s.document_guid IN (SELECT value FROM json_each(?)) "
            "AND s.code_guid IN (SELECT value FROM json_each(?))",
            (source, _json(versions), _json(code_guids.values()))):
        existing[(str(row[1]), int(row[2]), int(row[3]), str(row[4]))] = (int(row[0]), str(row[5]), float(row[6]),
                                                                          str(row[7]))
    added: list[tuple[object, ...]] = []
    updated: list[tuple[object, ...]] = []
    seen: set[tuple[str, int, int, str]] = set()
    decided = kept = 0
    earlier, texts = _dismissed_on_earlier_versions(store, source, versions)
    for suggestion in made:
        key = (suggestion.document_guid, suggestion.start, suggestion.end, code_guids[suggestion.code_key])
        if key in seen or suggestion.document_guid not in versions:
            continue
        seen.add(key)
        found = existing.get(key)
        if found is None:
            words = " ".join(texts[suggestion.document_guid][suggestion.start:suggestion.end].split()) \
                if suggestion.document_guid in texts else ""
            by, at = earlier.get((suggestion.document_guid, key[3], words), (None, None))
            decided += by is not None
            added.append((suggestion.document_guid, versions[suggestion.document_guid], suggestion.start,
                          suggestion.end, key[3], source, suggestion.score, suggestion.evidence, created_at,
                          "pending" if by is None else "dismissed", by, at))
        elif found[1] == "pending":
            kept += 1
            if (found[2], found[3]) != (suggestion.score, suggestion.evidence):
                updated.append((suggestion.score, suggestion.evidence, found[0]))
        else:
            decided += 1
    stale = [(row_id,) for key, (row_id, status, _, _) in existing.items() if status == "pending" and key not in seen]
    conn.executemany('INSERT INTO suggestions (guid, document_guid, version, start, "end", code_guid, source, score, '
                     f"evidence, created_at, status, decided_by, decided_at) "
                     f"VALUES ({_SQL_GUID}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", added)
    conn.executemany("UPDATE suggestions SET score = ?, evidence = ? WHERE id = ?", updated)
    conn.executemany("DELETE FROM suggestions WHERE id = ?", stale)
    return StoreCount(len(added), kept, len(stale), decided)


def _dismissed_on_earlier_versions(store: Store, source: str, versions: Mapping[str, int]) -> tuple[
        dict[tuple[str, str, str], tuple[str, str]], dict[str, str]]:
    """(document, code, the words) → (who, when) of suggestions dismissed on an earlier version of a text, and the
    current texts of those documents: a new version with the same words does not bring a dismissed suggestion back."""
    earlier: dict[tuple[str, str, str], tuple[str, str]] = {}
    for guid, code_guid, start, end, text, by, at in store.conn.execute(
            'SELECT s.document_guid, s.code_guid, s.start, s."end", v.text, s.decided_by, s.decided_at '
            "FROM suggestions s JOIN document_versions v ON v.document_guid = s.document_guid "
            "AND v.version = s.version WHERE s.status = 'dismissed' AND s.source = ? "
            "AND s.document_guid IN (SELECT value FROM json_each(?))", (source, _json(versions))):
        if versions.get(str(guid)) is not None:
            earlier[(str(guid), str(code_guid), " ".join(str(text)[start:end].split()))] = (str(by), str(at))
    texts = {str(r[0]): str(r[1]) for r in store.conn.execute(
        "SELECT guid, text FROM documents WHERE guid IN (SELECT value FROM json_each(?))",
        (_json(guid for guid, _, _ in earlier),))} if earlier else {}
    return earlier, texts


def suggestions(store: Store, *, document_guid: str | None = None, statuses: Sequence[str] = (),
                code_keys: Sequence[str] = (), source: str | None = None) -> list[Suggestion]:
    """Suggestions on current texts, by case, document, place and codebook order; filtered as asked."""
    sql = f"SELECT {_COLUMNS} {_FROM} WHERE 1 = 1"
    parameters: list[object] = []
    if document_guid is not None:
        sql += " AND s.document_guid = ?"
        parameters.append(document_guid)
    if statuses:
        sql += " AND s.status IN (SELECT value FROM json_each(?))"
        parameters.append(_json(statuses))
    if code_keys:
        sql += " AND k.key IN (SELECT value FROM json_each(?))"
        parameters.append(_json(code_keys))
    if source is not None:
        sql += " AND s.source = ?"
        parameters.append(source)
    return [Suggestion(*row) for row in store.conn.execute(sql + _ORDER, parameters)]


def suggestions_by_guid(store: Store, guids: Sequence[str]) -> dict[str, Suggestion]:
    """The suggestions with these GUIDs that stand on their document's current text."""
    rows = store.conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE s.guid IN (SELECT value FROM json_each(?))",
                              (_json(guids),))
    return {str(row[0]): Suggestion(*row) for row in rows}


def guids_with_prefix(store: Store, prefix: str) -> list[str]:
    """GUIDs of suggestions that begin with prefix (upper case, as stored)."""
    return [str(r[0]) for r in store.conn.execute(
        "SELECT guid FROM suggestions WHERE guid >= ? AND guid < ? ORDER BY guid LIMIT 10",
        (prefix.upper(), prefix.upper() + "\U0010ffff"))]


def set_decision(store: Store, decisions: Mapping[str, tuple[str, str | None, str | None, str | None]]) -> None:
    """Per suggestion GUID: (status, decided_by, decided_at, coding_guid); pending clears the rest."""
    store.conn.executemany(
        "UPDATE suggestions SET status = ?, decided_by = ?, decided_at = ?, coding_guid = ? WHERE guid = ?",
        [(status, by, at, coding, guid) for guid, (status, by, at, coding) in decisions.items()])


def respondent_sentences(store: Store, document_guids: Sequence[str]) -> list[RespondentSentence]:
    """Every sentence of a respondent's turn in these documents (not the interviewer's, not outside turns)."""
    return list(map(RespondentSentence._make, store.conn.execute(
        'SELECT s.id, d.guid, s.start, s."end", t.start, t."end" FROM sentences s '
        "JOIN documents d ON d.id = s.document_id JOIN turns t ON t.id = s.turn_id "
        "LEFT JOIN participants p ON p.id = t.participant_id "
        "WHERE d.guid IN (SELECT value FROM json_each(?)) AND coalesce(p.is_interviewer, 0) = 0 "
        "ORDER BY d.id, s.start", (_json(document_guids),))))


def indexed_sentence_ids(store: Store, match: str) -> set[int]:
    """The sentences the lemma index (m006) finds for an FTS5 MATCH expression (storage.search builds it)."""
    return {int(r[0]) for r in store.conn.execute("SELECT rowid FROM sentence_index WHERE sentence_index MATCH ?",
                                                  (match,))}


def coded_documents(store: Store, coder: str) -> list[str]:
    """GUIDs of the documents holding at least one coding by this coder."""
    return [str(r[0]) for r in store.conn.execute(
        "SELECT DISTINCT d.guid FROM codings g JOIN documents d ON d.id = g.document_id "
        "JOIN coders k ON k.id = g.coder_id WHERE k.name = ?", (coder,))]
