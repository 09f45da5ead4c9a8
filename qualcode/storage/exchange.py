"""SQL for exchange exports: a whole project read in a few ordered queries (coders, types, variables, cases,
documents, codings, memos, the event log's first and last change)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from qualcode.storage.exchange_import import imported_origin
from qualcode.storage.store import Store


@dataclass(frozen=True)
class ExchangeCoder:
    guid: str
    name: str


@dataclass(frozen=True)
class ExchangeCodeType:
    guid: str
    key: str
    label: str
    label_en: str
    badge: str
    builtin: bool


@dataclass(frozen=True)
class ExchangeVariable:
    guid: str
    name: str
    type: str  # the case attribute type: integer, decimal, boolean, date, text, category, categories
    description: str


@dataclass(frozen=True)
class ExchangeCase:
    guid: str
    name: str
    attributes: tuple[tuple[str, str, Any], ...]  # (variable name, attribute type, value decoded from JSON)
    document_guids: tuple[str, ...]


@dataclass(frozen=True)
class ExchangeDocument:
    guid: str
    title: str
    source_name: str
    format: str
    metadata: dict[str, Any]
    imported_at: str
    text: str


@dataclass(frozen=True)
class ExchangeCoding:
    guid: str
    document_guid: str
    start: int
    end: int
    code_guid: str
    coder_guid: str
    created_at: str
    memo: str | None
    selection_guid: str | None


@dataclass(frozen=True)
class ExchangeMemo:
    guid: str
    target_kind: str  # document, code or project
    target_guid: str | None
    coder_guid: str | None
    text: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class ExchangeChange:
    """The first or last change in the event log: when, and by whom (a coder's GUID when the coder is known)."""

    at: str
    coder_guid: str | None


def coders(store: Store) -> list[ExchangeCoder]:
    return [ExchangeCoder(r[0], r[1]) for r in store.conn.execute("SELECT guid, name FROM coders ORDER BY id")]


def code_types(store: Store) -> list[ExchangeCodeType]:
    return [ExchangeCodeType(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in store.conn.execute(
        "SELECT guid, key, label, label_en, badge, builtin FROM code_types ORDER BY builtin DESC, rowid")]


def variables(store: Store) -> list[ExchangeVariable]:
    return [ExchangeVariable(r[0], r[1], r[2], r[3]) for r in store.conn.execute(
        "SELECT guid, name, type, description FROM variables ORDER BY rowid")]


def cases(store: Store) -> list[ExchangeCase]:
    """Every case with its attributes (in the order they were loaded) and its documents (by import order)."""
    conn = store.conn
    attributes: dict[int, list[tuple[str, str, Any]]] = {}
    for case_id, name, kind, value in conn.execute(
            "SELECT case_id, name, type, value FROM case_attributes ORDER BY case_id, rowid"):
        attributes.setdefault(case_id, []).append((name, kind, json.loads(value) if value is not None else None))
    documents: dict[int, list[str]] = {}
    for case_id, guid in conn.execute(
            "SELECT case_id, guid FROM documents WHERE case_id IS NOT NULL ORDER BY id"):
        documents.setdefault(case_id, []).append(guid)
    return [ExchangeCase(guid, name, tuple(attributes.get(case_id, ())), tuple(documents.get(case_id, ())))
            for case_id, guid, name in conn.execute(
                "SELECT id, guid, name FROM cases ORDER BY name COLLATE NOCASE, name, guid")]


def documents(store: Store) -> list[ExchangeDocument]:
    """Every document with the text its codings point into, in import order."""
    return [ExchangeDocument(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6]) for r in store.conn.execute(
        "SELECT guid, title, source_name, format, metadata, imported_at, text FROM documents ORDER BY id")]


def codings(store: Store) -> list[ExchangeCoding]:
    """Every coding, by document, span and age; a span's codes share a selection GUID."""
    return [ExchangeCoding(*r) for r in store.conn.execute(
        'SELECT g.guid, d.guid, g.start, g."end", c.guid, k.guid, g.created_at, g.memo, g.selection_guid '
        "FROM codings g JOIN documents d ON d.id = g.document_id JOIN codes c ON c.id = g.code_id "
        'JOIN coders k ON k.id = g.coder_id ORDER BY d.id, g.start, g."end", g.id')]


def memos(store: Store) -> list[ExchangeMemo]:
    """The memos on documents, codes and the project (coding memos are a column of codings)."""
    return [ExchangeMemo(*r) for r in store.conn.execute(
        "SELECT m.guid, m.target_kind, m.target_guid, k.guid, m.text, m.created_at, m.updated_at "
        "FROM memos m LEFT JOIN coders k ON k.id = m.coder_id ORDER BY m.id")]


def first_and_last_change(store: Store) -> tuple[ExchangeChange | None, ExchangeChange | None]:
    """The oldest and newest event: when the project's work began and when it last changed."""
    query = "SELECT e.at, k.guid, e.id FROM events e LEFT JOIN coders k ON k.name = e.coder ORDER BY e.id {} LIMIT 1"
    first = store.conn.execute(query.format("ASC")).fetchone()
    last = store.conn.execute(query.format("DESC")).fetchone()
    # A project made from a REFI-QDA file began where the file says, and changed last there until the next event.
    origin = imported_origin(store)
    if origin is not None and origin.get("created_at"):
        first = (origin["created_at"], origin.get("created_by"), None)
    if origin is not None and origin.get("modified_at") and (last is None or last[2] == origin.get("event_id")):
        last = (origin["modified_at"], origin.get("modified_by"), None)
    return (ExchangeChange(first[0], first[1]) if first else None,
            ExchangeChange(last[0], last[1]) if last else None)


def respondents(store: Store) -> dict[str, list[tuple[str, str | None]]]:
    """Document GUID → its participants other than the interviewers: (name, role), in the transcript's order."""
    out: dict[str, list[tuple[str, str | None]]] = {}
    for guid, name, role in store.conn.execute(
            "SELECT d.guid, p.name, p.role FROM participants p JOIN documents d ON d.id = p.document_id "
            "WHERE p.is_interviewer = 0 ORDER BY p.document_id, p.position"):
        out.setdefault(guid, []).append((name, role))
    return out


def left_behind(store: Store) -> tuple[int, int]:
    """(earlier document versions kept, codings that vanished in a re-anchoring and await review): what an
    export of the current versions leaves behind."""
    # Of documents in the project: a removed one keeps its versions and reviews only for the undo of its removal.
    versions = int(store.conn.execute("SELECT count(*) FROM document_versions v JOIN documents d "
                                      "ON d.guid = v.document_guid").fetchone()[0])
    vanished = int(store.conn.execute("SELECT count(*) FROM coding_reviews r JOIN documents d ON d.guid = "
                                      "r.document_guid WHERE r.status = 'vanished'").fetchone()[0])
    return versions, vanished
