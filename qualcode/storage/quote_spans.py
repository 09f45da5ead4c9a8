"""SQL for what a quote needs beyond the coded words: the sentences each coding touches, the texts they stand in,
and the codings a researcher chose as quotes (m005)."""

from __future__ import annotations

from qualcode.storage.store import Store


def coding_sentences(store: Store) -> dict[str, tuple[tuple[int, int], ...]]:
    """Coding guid → the (start, end) of every sentence it overlaps, in text order (none: it lies between them).

    The first sentence that can overlap a coding is the last one starting at or before it (one seek in
    idx_sentences_document); from there the index is read only up to the coding's end. 20,000 codings of a
    1M-word project: about 0.13 s.
    """
    found: dict[str, list[tuple[int, int]]] = {}
    for guid, start, end in store.conn.execute(
            """
            SELECT c.guid, s.start, s."end" FROM codings c
            JOIN sentences s ON s.document_id = c.document_id
                 AND s.start >= coalesce((SELECT max(x.start) FROM sentences x
                                          WHERE x.document_id = c.document_id AND x.start <= c.start), c.start)
                 AND s.start < c."end" AND s."end" > c.start
            ORDER BY c.id, s.start"""):
        found.setdefault(guid, []).append((start, end))
    return {guid: tuple(spans) for guid, spans in found.items()}


def coded_texts(store: Store) -> dict[str, str]:
    """Document guid → its text, for the documents that have codings."""
    return dict(store.conn.execute(
        "SELECT d.guid, d.text FROM documents d WHERE EXISTS (SELECT 1 FROM codings c WHERE c.document_id = d.id)"))


def coded_text(store: Store, document_guid: str, start: int, end: int) -> str:
    """The current text of a document from start to end (codepoints)."""
    found = store.conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE guid = ?",
                               (start + 1, end - start, document_guid)).fetchone()
    return str(found[0]) if found else ""


def codings_with_prefix(store: Store, prefix: str) -> list[tuple[str, str]]:
    """(guid, code key) of the codings whose guid starts with prefix (any case), at most two."""
    pattern = prefix.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return [(row[0], row[1]) for row in store.conn.execute(
        "SELECT g.guid, c.key FROM codings g JOIN codes c ON c.id = g.code_id "
        "WHERE upper(g.guid) LIKE ? ESCAPE '\\' LIMIT 2", (pattern,))]


def coding_count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM codings").fetchone()[0])


def chosen_quotes(store: Store) -> dict[str, tuple[str, str]]:
    """Coding guid → (who chose it, when) for every coding chosen as a quote, oldest choice first."""
    return {row[0]: (row[1], row[2]) for row in store.conn.execute(
        "SELECT coding_guid, coder, chosen_at FROM chosen_quotes ORDER BY chosen_at, rowid")}


def is_chosen(store: Store, coding_guid: str) -> bool:
    found = store.conn.execute("SELECT 1 FROM chosen_quotes WHERE coding_guid = ?", (coding_guid,)).fetchone()
    return found is not None


def set_chosen(store: Store, coding_guid: str, coder: str, at: str | None) -> None:
    """Mark (at = a time) or unmark (at = None) a coding as a chosen quote; call inside a transaction."""
    if at is None:
        store.conn.execute("DELETE FROM chosen_quotes WHERE coding_guid = ?", (coding_guid,))
    else:
        store.conn.execute("INSERT OR REPLACE INTO chosen_quotes (coding_guid, coder, chosen_at) VALUES (?, ?, ?)",
                           (coding_guid, coder, at))
