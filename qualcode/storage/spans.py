"""SQL for whole-project structure in one pass: sentence and turn spans and participants of every document."""

from __future__ import annotations

from qualcode.storage.store import Store


def sentence_spans(store: Store) -> dict[str, tuple[tuple[int, int], ...]]:
    """Document guid → its sentences' (start, end), in text order."""
    return _spans(store, "sentences")


def turn_spans(store: Store) -> dict[str, tuple[tuple[int, int], ...]]:
    """Document guid → its turns' (start, end), in text order."""
    return _spans(store, "turns")


def _spans(store: Store, table: str) -> dict[str, tuple[tuple[int, int], ...]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for guid, start, end in store.conn.execute(
            f'SELECT d.guid, s.start, s."end" FROM {table} s JOIN documents d ON d.id = s.document_id '
            "ORDER BY s.document_id, s.start"):
        spans.setdefault(guid, []).append((start, end))
    return {guid: tuple(rows) for guid, rows in spans.items()}


def participants_by_document(store: Store) -> dict[str, tuple[tuple[str, str | None, bool], ...]]:
    """Document guid → its participants as (name, role, is_interviewer), in header order."""
    people: dict[str, list[tuple[str, str | None, bool]]] = {}
    for guid, name, role, interviewer in store.conn.execute(
            "SELECT d.guid, p.name, p.role, p.is_interviewer FROM participants p "
            "JOIN documents d ON d.id = p.document_id ORDER BY p.document_id, p.position"):
        people.setdefault(guid, []).append((name, role, bool(interviewer)))
    return {guid: tuple(rows) for guid, rows in people.items()}

