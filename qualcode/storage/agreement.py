"""SQL for intercoder agreement: the units of a document (sentences, turns or the whole text) with their spans, and
two coders' codings with their codes and spans."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

# A document's current text by row id: the one reader, in chunks under SQLite's limit of host parameters.
from qualcode.storage.search import document_texts as document_texts
from qualcode.storage.store import Store

UNITS = ("sentence", "turn", "document")


class AgreementDocument(NamedTuple):
    """A document that a coder coded: its id in this database (for the queries below), GUID, title, file name and
    case (None when it has none)."""

    id: int
    guid: str
    title: str
    source_name: str
    case_name: str | None = None


class AgreementCoding(NamedTuple):
    document_id: int
    coder: str
    code_key: str
    start: int
    end: int


def documents_coded_by(store: Store, coder: str) -> list[AgreementDocument]:
    """The documents in which this coder has at least one coding, by title."""
    return [AgreementDocument(*row) for row in store.conn.execute(
        """SELECT d.id, d.guid, d.title, d.source_name, s.name FROM documents d
           LEFT JOIN cases s ON s.id = d.case_id
           WHERE EXISTS (SELECT 1 FROM codings c JOIN coders k ON k.id = c.coder_id
                         WHERE c.document_id = d.id AND k.name = ?)
           ORDER BY d.title, d.id""", (coder,))]


def unit_spans(store: Store, unit: str, document_ids: Sequence[int]) -> dict[int, list[tuple[int, int]]]:
    """Document id → the (start, end) of each unit in text order: its sentences, its turns, or its whole text."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    spans: dict[int, list[tuple[int, int]]] = {document_id: [] for document_id in document_ids}
    if not document_ids:
        return spans
    marks = ",".join("?" * len(document_ids))
    if unit == "document":
        query = f"SELECT id, 0, length(text) FROM documents WHERE id IN ({marks})"
    else:
        table = "sentences" if unit == "sentence" else "turns"
        query = (f'SELECT document_id, start, "end" FROM {table} WHERE document_id IN ({marks}) '
                 'ORDER BY document_id, start, "end"')
    for document_id, start, end in store.conn.execute(query, list(document_ids)):
        spans[document_id].append((start, end))
    return spans


def codings_of(store: Store, coders: Sequence[str], document_ids: Sequence[int]) -> list[AgreementCoding]:
    """The codings of these coders in these documents, with their code's key."""
    if not coders or not document_ids:
        return []
    coder_marks, document_marks = ",".join("?" * len(coders)), ",".join("?" * len(document_ids))
    return list(map(AgreementCoding._make, store.conn.execute(
        f"""SELECT c.document_id, k.name, o.key, c.start, c."end" FROM codings c
            JOIN coders k ON k.id = c.coder_id JOIN codes o ON o.id = c.code_id
            WHERE k.name IN ({coder_marks}) AND c.document_id IN ({document_marks})
            ORDER BY c.document_id, c.start""", [*coders, *document_ids])))
