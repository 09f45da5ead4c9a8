"""Numbered schema migrations (sqlite_utils.Migrations); the schema changes only here."""

from __future__ import annotations

import uuid

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("qualcode")

_M001 = [
    """CREATE TABLE coders (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)""",
    """CREATE TABLE cases (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, name TEXT NOT NULL, key TEXT NOT NULL UNIQUE)""",
    """CREATE TABLE case_attributes (
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE, name TEXT NOT NULL,
        type TEXT NOT NULL, value TEXT, PRIMARY KEY (case_id, name))""",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, title TEXT NOT NULL, source_name TEXT NOT NULL UNIQUE,
        sha256 TEXT NOT NULL, text TEXT NOT NULL, format TEXT NOT NULL, metadata TEXT NOT NULL DEFAULT '{}',
        case_id INTEGER REFERENCES cases(id), word_count INTEGER NOT NULL DEFAULT 0, imported_at TEXT NOT NULL)""",
    """CREATE TABLE participants (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        name TEXT NOT NULL, role TEXT, label TEXT, is_interviewer INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL)""",
    """CREATE TABLE sections (
        id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        title TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, position INTEGER NOT NULL)""",
    """CREATE TABLE turns (
        id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL, speaker TEXT,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, time_start TEXT, time_end TEXT, position INTEGER NOT NULL)""",
    """CREATE TABLE sentences (
        id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        turn_id INTEGER REFERENCES turns(id) ON DELETE CASCADE, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        lemmas TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE code_types (
        key TEXT PRIMARY KEY, label TEXT NOT NULL, label_en TEXT NOT NULL, badge TEXT NOT NULL,
        builtin INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE codes (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, key TEXT NOT NULL UNIQUE,
        parent_id INTEGER REFERENCES codes(id), name TEXT NOT NULL, type TEXT REFERENCES code_types(key),
        description TEXT NOT NULL DEFAULT '', include TEXT NOT NULL DEFAULT '', exclude TEXT NOT NULL DEFAULT '',
        example TEXT NOT NULL DEFAULT '', colour TEXT, keywords TEXT NOT NULL DEFAULT '[]',
        position INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE codings (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE RESTRICT,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, code_id INTEGER NOT NULL REFERENCES codes(id)
        ON DELETE RESTRICT, coder_id INTEGER NOT NULL REFERENCES coders(id), created_at TEXT NOT NULL, memo TEXT,
        CHECK (start >= 0 AND "end" > start))""",
    """CREATE TABLE memos (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, target_kind TEXT NOT NULL, target_guid TEXT,
        coder_id INTEGER REFERENCES coders(id), text TEXT NOT NULL, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, coder TEXT, action TEXT NOT NULL, summary TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}', undone INTEGER NOT NULL DEFAULT 0)""",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE INDEX idx_sentences_document ON sentences(document_id, start)",
    "CREATE INDEX idx_turns_document ON turns(document_id, start)",
    "CREATE INDEX idx_sections_document ON sections(document_id, start)",
    "CREATE INDEX idx_participants_document ON participants(document_id)",
    "CREATE INDEX idx_codings_document ON codings(document_id, start)",
    "CREATE INDEX idx_codings_code ON codings(code_id)",
    "CREATE INDEX idx_documents_case ON documents(case_id)",
    "CREATE INDEX idx_memos_target ON memos(target_kind, target_guid)",
    "INSERT INTO code_types (key, label, label_en, badge, builtin) VALUES "
    "('barrier', 'belemmering', 'barrier', 'B', 1), ('opportunity', 'kans', 'opportunity', 'K', 1), "
    "('condition', 'randvoorwaarde', 'condition', 'R', 1)",
]


@migrations()
def m001_initial(db: Database) -> None:
    """Create the project tables."""
    for statement in _M001:
        db.execute(statement)


@migrations()
def m002_project_guid(db: Database) -> None:
    """Give the project a GUID, so that an open qualcode notices when qualcode.db is swapped for another file."""
    db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('project_guid', ?)", [str(uuid.uuid4()).upper()])


def apply(db: Database) -> None:
    """Bring a database up to the newest schema."""
    migrations.apply(db)
