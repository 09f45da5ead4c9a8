"""SQL for importing a REFI-QDA project: rows inserted with the GUIDs they came with, and what a project already
holds, by GUID (and by name where names must be unique), so that an import into it adds and never duplicates.

Every function runs inside the caller's transaction; documents are stored with documents.save_document.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from qualcode.storage.store import Store, now


@dataclass(frozen=True)
class ImportCoder:
    guid: str
    name: str


@dataclass(frozen=True)
class ImportCodeType:
    guid: str
    key: str
    label: str
    label_en: str
    badge: str


@dataclass(frozen=True)
class ImportCode:
    guid: str
    key: str
    parent_guid: str | None
    name: str
    type: str | None
    description: str
    include: str
    exclude: str
    example: str
    colour: str | None
    position: int


@dataclass(frozen=True)
class ImportVariable:
    guid: str
    name: str
    type: str  # a case attribute type: integer, decimal, boolean, date, text
    description: str


@dataclass(frozen=True)
class ImportCase:
    guid: str
    name: str
    key: str
    attributes: tuple[tuple[str, str, Any], ...]  # (variable name, attribute type, value)


@dataclass(frozen=True)
class ImportCoding:
    guid: str
    selection_guid: str
    document_guid: str
    start: int
    end: int
    code_guid: str
    coder_guid: str
    created_at: str
    memo: str | None


@dataclass(frozen=True)
class ImportMemo:
    guid: str
    target_kind: str  # project, document or code
    target_guid: str | None
    coder_guid: str | None
    text: str
    created_at: str
    updated_at: str


@dataclass
class Known:
    """What the project holds already: GUIDs (and the names that must stay unique) of everything an import adds."""

    coders: dict[str, str] = field(default_factory=dict)  # guid → name
    coder_names: dict[str, str] = field(default_factory=dict)  # name → guid
    type_guids: dict[str, str] = field(default_factory=dict)  # guid → key
    type_keys: set[str] = field(default_factory=set)
    codes: dict[str, str] = field(default_factory=dict)  # guid → key
    code_keys: set[str] = field(default_factory=set)
    variables: dict[str, str] = field(default_factory=dict)  # guid → name
    variable_names: dict[str, str] = field(default_factory=dict)  # name → guid
    cases: dict[str, str] = field(default_factory=dict)  # guid → key
    case_keys: dict[str, str] = field(default_factory=dict)  # key → guid
    documents: dict[str, str] = field(default_factory=dict)  # guid → text
    source_names: set[str] = field(default_factory=set)
    codings: set[str] = field(default_factory=set)
    memos: set[str] = field(default_factory=set)
    memo_targets: set[tuple[str, str | None]] = field(default_factory=set)


def known(store: Store, *, with_texts: bool = True) -> Known:
    """Read what the project holds (texts of documents only when asked: a fresh project has none)."""
    conn = store.conn
    found = Known()
    for guid, name in conn.execute("SELECT guid, name FROM coders"):
        found.coders[guid] = name
        found.coder_names[name] = guid
    for guid, key in conn.execute("SELECT guid, key FROM code_types"):
        found.type_guids[guid] = key
        found.type_keys.add(key)
    for guid, key in conn.execute("SELECT guid, key FROM codes"):
        found.codes[guid] = key
        found.code_keys.add(key)
    for guid, name in conn.execute("SELECT guid, name FROM variables"):
        found.variables[guid] = name
        found.variable_names[name] = guid
    for guid, key in conn.execute("SELECT guid, key FROM cases"):
        found.cases[guid] = key
        found.case_keys[key] = guid
    query = "SELECT guid, source_name, text FROM documents" if with_texts else \
        "SELECT guid, source_name, '' FROM documents"
    for guid, source_name, text in conn.execute(query):
        found.documents[guid] = text
        found.source_names.add(source_name)
    found.codings = {r[0] for r in conn.execute("SELECT guid FROM codings")}
    for guid, kind, target in conn.execute("SELECT guid, target_kind, target_guid FROM memos"):
        found.memos.add(guid)
        found.memo_targets.add((kind, target))
    return found


def insert_coders(store: Store, coders: Sequence[ImportCoder]) -> None:
    store.conn.executemany("INSERT INTO coders (guid, name, created_at) VALUES (?, ?, ?)",
                           [(c.guid, c.name, now()) for c in coders])


def insert_code_types(store: Store, types: Sequence[ImportCodeType]) -> None:
    store.conn.executemany(
        "INSERT INTO code_types (key, label, label_en, badge, builtin, guid) VALUES (?, ?, ?, ?, 0, ?)",
        [(t.key, t.label, t.label_en, t.badge, t.guid) for t in types])


def insert_codes(store: Store, codes: Sequence[ImportCode]) -> None:
    """Insert codes, then link each to its parent by GUID (a parent may come from the project or the file)."""
    conn = store.conn
    conn.executemany(
        "INSERT INTO codes (guid, key, name, type, description, include, exclude, example, colour, keywords, "
        "position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?)",
        [(c.guid, c.key, c.name, c.type, c.description, c.include, c.exclude, c.example, c.colour, c.position)
         for c in codes])
    conn.executemany("UPDATE codes SET parent_id = (SELECT id FROM codes WHERE guid = ?) WHERE guid = ?",
                     [(c.parent_guid, c.guid) for c in codes if c.parent_guid is not None])


def insert_variables(store: Store, variables: Sequence[ImportVariable]) -> None:
    store.conn.executemany("INSERT INTO variables (name, guid, type, description) VALUES (?, ?, ?, ?)",
                           [(v.name, v.guid, v.type, v.description) for v in variables])


def insert_cases(store: Store, cases: Sequence[ImportCase]) -> None:
    conn = store.conn
    for case in cases:
        cursor = conn.execute("INSERT INTO cases (guid, name, key) VALUES (?, ?, ?)", (case.guid, case.name, case.key))
        conn.executemany("INSERT INTO case_attributes (case_id, name, type, value) VALUES (?, ?, ?, ?)",
                         [(cursor.lastrowid, name, kind, json.dumps(value, ensure_ascii=False))
                          for name, kind, value in case.attributes])


def case_id(store: Store, guid: str) -> int | None:
    row = store.conn.execute("SELECT id FROM cases WHERE guid = ?", (guid,)).fetchone()
    return int(row[0]) if row else None


def set_imported_at(store: Store, document_guid: str, at: str) -> None:
    """Keep the date a document was first brought into a project (REFI-QDA creationDateTime)."""
    store.conn.execute("UPDATE documents SET imported_at = ? WHERE guid = ?", (at, document_guid))


def _ids(store: Store, table: str) -> dict[str, int]:
    """GUID → row id of every row of a table (documents, codes or coders)."""
    return {guid: identifier for identifier, guid in store.conn.execute(f"SELECT id, guid FROM {table}")}


def insert_codings(store: Store, codings: Sequence[ImportCoding]) -> None:
    documents, codes, coders = _ids(store, "documents"), _ids(store, "codes"), _ids(store, "coders")
    store.conn.executemany(
        'INSERT INTO codings (guid, document_id, start, "end", code_id, coder_id, created_at, memo, selection_guid) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(c.guid, documents[c.document_guid], c.start, c.end, codes[c.code_guid], coders[c.coder_guid], c.created_at,
          c.memo, c.selection_guid) for c in codings])


def insert_memos(store: Store, memos: Sequence[ImportMemo]) -> None:
    coders = _ids(store, "coders")
    store.conn.executemany(
        "INSERT INTO memos (guid, target_kind, target_guid, coder_id, text, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(m.guid, m.target_kind, m.target_guid, coders.get(m.coder_guid or ""), m.text, m.created_at, m.updated_at)
         for m in memos])


ORIGIN_KEY = "refi_origin"


def record_origin(store: Store, *, created: tuple[str | None, str | None], modified: tuple[str | None, str | None],
                  event_id: int) -> None:
    """Remember, for a project made from a REFI-QDA file, when and by whom the work began and last changed
    (time, user GUID) before the import that made it (event_id): an export tells that, not the import's time."""
    store.set_meta(ORIGIN_KEY, json.dumps({"created_at": created[0], "created_by": created[1],
                                           "modified_at": modified[0], "modified_by": modified[1],
                                           "event_id": event_id}, sort_keys=True))


def imported_origin(store: Store) -> dict[str, Any] | None:
    """What record_origin kept, or None for a project not made from a REFI-QDA file."""
    value = store.meta(ORIGIN_KEY)
    try:
        origin = json.loads(value) if value else None
    except ValueError:
        return None
    return origin if isinstance(origin, dict) else None
