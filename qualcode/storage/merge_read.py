"""SQL for merge: another copy's database opened without writing to it, and one project (this one or the other)
read into a `Side`: every item by GUID, texts with their hashes and kept versions, and from the event log what was
deleted there and when each code and case was last edited.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.domain.errors import ProjectError
from qualcode.storage import versions as version_sql
from qualcode.storage.connection import LATEST_MIGRATION, MIGRATIONS
from qualcode.storage.store import Store

OTHER_HINT = "name another copy's project folder, its qualcode.db or a .qdpx file exported from it"


@dataclass(frozen=True)
class SideCode:
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
    keywords: str  # JSON, as stored
    position: int
    name_en: str
    description_en: str

    def content(self) -> tuple[Any, ...]:
        """What a user edits in a code: two codes with one GUID and another content are a conflict."""
        return (self.key, self.parent_guid, self.name, self.type, self.description, self.include, self.exclude,
                self.example, self.colour, self.keywords, self.position, self.name_en, self.description_en)


@dataclass(frozen=True)
class SideCase:
    guid: str
    name: str
    key: str
    attributes: dict[str, tuple[str, str]]  # name → (type, value as stored JSON)


@dataclass(frozen=True)
class SideDocument:
    guid: str
    version: int
    title: str
    source_name: str
    text_hash: str
    case_guid: str | None
    imported_at: str
    kept: dict[str, int]  # text hash of every kept (earlier or undone) version → its version number


@dataclass(frozen=True)
class SideCoding:
    guid: str
    selection_guid: str | None
    document_guid: str
    start: int
    end: int
    code_guid: str
    coder_guid: str
    created_at: str
    memo: str | None


@dataclass(frozen=True)
class SideMemo:
    guid: str
    target_kind: str
    target_guid: str | None
    coder_guid: str | None
    text: str
    created_at: str
    updated_at: str


@dataclass
class Side:
    """One project as merge sees it; texts are fetched from `store` when needed (text_of)."""

    store: Store
    project_guid: str | None
    coders: dict[str, str] = field(default_factory=dict)  # guid → name
    code_types: dict[str, tuple[str, str, str, str, str]] = field(default_factory=dict)  # key → (guid, …)
    codes: dict[str, SideCode] = field(default_factory=dict)
    code_edited: dict[str, str] = field(default_factory=dict)  # code guid → time of its last codebook edit
    deleted_codes: dict[str, str] = field(default_factory=dict)  # code guid → when the codebook dropped it
    variables: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # name → (guid, type, description)
    cases: dict[str, SideCase] = field(default_factory=dict)
    case_edited: dict[str, str] = field(default_factory=dict)  # case key → time of its last load or edit
    documents: dict[str, SideDocument] = field(default_factory=dict)
    document_edited: dict[str, str] = field(default_factory=dict)  # document guid → last rename or relink
    codings: dict[str, SideCoding] = field(default_factory=dict)
    reviews: dict[str, dict[str, Any]] = field(default_factory=dict)  # coding GUID → its coding_reviews row
    removed_codings: dict[str, str] = field(default_factory=dict)  # coding GUID → when it was removed
    removed_documents: set[str] = field(default_factory=set)
    memos: dict[str, SideMemo] = field(default_factory=dict)
    coding_memo_edited: dict[str, str] = field(default_factory=dict)  # coding GUID → its memo's last edit
    removed_memos: dict[tuple[str, str | None], str] = field(default_factory=dict)  # (kind, target) → when
    from_archive: bool = False  # read from a .qdpx: no code ids or order, no kept versions, no event log
    # (at, action, summary) of every event: the events two copies share are their history before they parted
    event_marks: set[tuple[str, str, str]] = field(default_factory=set)
    consensus_coders: set[str] = field(default_factory=set)  # names consensus reviews code as (their decisions stay)

    def text_of(self, document_guid: str) -> str:
        row = self.store.conn.execute("SELECT text FROM documents WHERE guid = ?", (document_guid,)).fetchone()
        return str(row[0])

    def kept_text(self, document_guid: str, version: int) -> str | None:
        row = self.store.conn.execute("SELECT text FROM document_versions WHERE document_guid = ? AND version = ?",
                                      (document_guid, version)).fetchone()
        return str(row[0]) if row else None


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- opening the other copy ------------------------------------------------------------------------------------
def open_other(path: Path, work_dir: Path) -> Store:
    """Open another copy's database without ever writing to it: read-only when it is at this schema, else a copy
    in work_dir brought up to it. A database of a newer qualcode, or not a qualcode one, is refused."""
    if not path.is_file():
        raise ProjectError("not a file", file=str(path), hint=OTHER_HINT)
    if path.stat().st_size == 0:
        raise ProjectError("this file is empty (0 bytes)", file=str(path), hint=OTHER_HINT)
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise ProjectError(f"cannot open this database: {error}", file=str(path),
                           hint=OTHER_HINT) from None
    try:
        applied = _applied_migrations(probe, path)
    finally:
        probe.close()
    # Migrations are numbered (m001_…): one numbered above this qualcode's newest was made by a newer qualcode.
    newer = [name for name in applied if _number(name) > _number(LATEST_MIGRATION)]
    if newer:
        raise ProjectError(f"this project was saved by a newer qualcode (it has {', '.join(newer)})",
                           file=str(path), hint="update qualcode on this computer, then merge again; "
                                                "nothing was changed")
    if set(MIGRATIONS) <= set(applied):
        return Store(path, read_only=True)
    # An older copy (or one missing a migration): its upgrade is made on a copy of it, so that the other project
    # stays exactly as it was.
    copy = work_dir / "other.db"
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        with contextlib.closing(sqlite3.connect(copy)) as target:
            source.backup(target)
    finally:
        source.close()
    return Store(copy)


def _number(migration: str) -> int:
    digits = migration[1:].split("_", 1)[0]
    return int(digits) if migration.startswith("m") and digits.isdigit() else 0


def _applied_migrations(connection: sqlite3.Connection, path: Path) -> list[str]:
    try:
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"_sqlite_migrations", "meta", "events"} <= names:
            raise ProjectError("this is an SQLite database, but not a qualcode project's", file=str(path),
                               hint=OTHER_HINT)
        integrity = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
        if integrity != "ok":
            raise ProjectError(f"this database is damaged ({integrity})", file=str(path),
                               hint="ask for a fresh copy of the other project (or restore one of its snapshots)")
        return [r[0] for r in connection.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'qualcode' ORDER BY applied_at, name")]
    except sqlite3.DatabaseError as error:
        raise ProjectError(f"this file is not a readable qualcode database ({error})", file=str(path),
                           hint=OTHER_HINT) from None


def work_folder() -> tempfile.TemporaryDirectory[str]:
    """A private folder for what merge reads (an upgraded copy, a .qdpx made into a project); removed after."""
    return tempfile.TemporaryDirectory(prefix="qualcode-merge-")


def same_file(store: Store, path: Path) -> bool:
    """Whether path is this store's database file (or a copy that is the same project: same project GUID)."""
    try:
        return path.resolve().samefile(store.path.resolve())
    except OSError:
        return False


# -- reading one side ------------------------------------------------------------------------------------------
def read_side(store: Store) -> Side:
    """Everything merge compares, by GUID (texts stay in the database until needed)."""
    conn = store.conn
    side = Side(store, store.meta("project_guid"))
    side.coders = {guid: name for guid, name in conn.execute("SELECT guid, name FROM coders")}
    side.code_types = {r[0]: (r[1], r[2], r[3], r[4], "") for r in conn.execute(
        "SELECT key, guid, label, label_en, badge FROM code_types WHERE builtin = 0")}
    side.codes = {r[0]: SideCode(*r) for r in conn.execute(
        "SELECT c.guid, c.key, p.guid, c.name, c.type, c.description, c.include, c.exclude, c.example, c.colour, "
        "c.keywords, c.position, c.name_en, c.description_en FROM codes c LEFT JOIN codes p ON p.id = c.parent_id")}
    side.variables = {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
        "SELECT name, guid, type, description FROM variables")}
    for case_id, guid, name, key in conn.execute("SELECT id, guid, name, key FROM cases"):
        attributes = {r[0]: (r[1], r[2]) for r in conn.execute(
            "SELECT name, type, value FROM case_attributes WHERE case_id = ? ORDER BY rowid", (case_id,))}
        side.cases[guid] = SideCase(guid, name, key, attributes)
    kept: dict[str, dict[str, int]] = {}
    for guid, version, text in conn.execute("SELECT document_guid, version, text FROM document_versions"):
        kept.setdefault(guid, {})[text_hash(text)] = version
    for guid, version, title, source_name, text, case_guid, imported_at in conn.execute(
            "SELECT d.guid, d.version, d.title, d.source_name, d.text, c.guid, d.imported_at FROM documents d "
            "LEFT JOIN cases c ON c.id = d.case_id"):
        side.documents[guid] = SideDocument(guid, version, title, source_name, text_hash(text), case_guid,
                                            imported_at, kept.get(guid, {}))
    side.codings = {r[0]: SideCoding(*r) for r in conn.execute(
        'SELECT g.guid, g.selection_guid, d.guid, g.start, g."end", c.guid, k.guid, g.created_at, g.memo '
        "FROM codings g JOIN documents d ON d.id = g.document_id JOIN codes c ON c.id = g.code_id "
        "JOIN coders k ON k.id = g.coder_id")}
    side.reviews = {row["coding_guid"]: row for row in version_sql.review_rows(store, None)}
    side.memos = {r[0]: SideMemo(*r) for r in conn.execute(
        "SELECT m.guid, m.target_kind, m.target_guid, k.guid, m.text, m.created_at, m.updated_at FROM memos m "
        "LEFT JOIN coders k ON k.id = m.coder_id")}
    side.event_marks = set(conn.execute("SELECT at, action, summary FROM events"))
    side.consensus_coders = {r[0] for r in conn.execute("SELECT DISTINCT consensus FROM consensus_reviews")}
    _read_history(side)
    return side


def _read_history(side: Side) -> None:
    """From the event log (undone events left out): deleted codes and codings, last edits of codes and cases."""
    key_guid = {code.key: code.guid for code in side.codes.values()}
    for action, at, raw in side.store.conn.execute(
            "SELECT action, at, payload FROM events WHERE undone = 0 AND action IN ('load_codebook', 'remove_coding', "
            "'remove_document', 'load_cases', 'rename_case', 'rename_document', 'set_document_case', 'edit_memo', "
            "'merge') "
            "ORDER BY id"):
        payload = json.loads(raw)
        if action == "load_codebook":
            for key in [*payload.get("added", []), *payload.get("updated", []),
                        *(new for _, new in payload.get("rekeyed", []))]:
                if key in key_guid:
                    side.code_edited[key_guid[key]] = at
            for row in payload.get("removed", []):
                if isinstance(row, dict) and row.get("guid"):
                    side.deleted_codes[row["guid"]] = at
        elif action == "remove_coding" and payload.get("coding_guid"):
            side.removed_codings[payload["coding_guid"]] = at
        elif action == "merge":  # codings a merge removed because another copy had (a third copy may still have them)
            for guid, removed_at in payload.get("removed_codings", {}).items():
                side.removed_codings[guid] = removed_at
        elif action == "remove_document" and payload.get("document_guid"):
            side.removed_documents.add(payload["document_guid"])
        elif action == "load_cases":
            for key in payload.get("cases", []):
                side.case_edited[key] = at
        elif action == "rename_case":
            side.case_edited[payload.get("after", {}).get("key", "")] = at
        elif action == "edit_memo":
            target = (str(payload.get("target_kind")), payload.get("target_guid"))
            if target[0] == "coding":
                side.coding_memo_edited[str(target[1])] = at
            elif payload.get("after") is None:
                side.removed_memos[target] = at
            else:
                side.removed_memos.pop(target, None)
        elif payload.get("document_guid"):
            side.document_edited[payload["document_guid"]] = at
    for guid in list(side.deleted_codes):
        if guid in side.codes:  # deleted, and later put back (a codebook loaded again)
            del side.deleted_codes[guid]
    side.removed_codings = {guid: at for guid, at in side.removed_codings.items() if guid not in side.codings}
    side.removed_documents -= set(side.documents)
    for memo in side.memos.values():  # removed, and written again since (by a merge, say)
        side.removed_memos.pop((memo.target_kind, memo.target_guid), None)

