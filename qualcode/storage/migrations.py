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


# A GUID in the form REFI-QDA writes (upper-case hex, 8-4-4-4-12), made inside SQLite for triggers and backfills.
SQL_GUID = ("(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || "
            "hex(randomblob(2)) || '-' || hex(randomblob(6)))")

_M003 = [
    "ALTER TABLE coders ADD COLUMN guid TEXT",
    f"UPDATE coders SET guid = {SQL_GUID}",
    "CREATE UNIQUE INDEX idx_coders_guid ON coders(guid)",
    f"CREATE TRIGGER coders_guid AFTER INSERT ON coders WHEN NEW.guid IS NULL "
    f"BEGIN UPDATE coders SET guid = {SQL_GUID} WHERE id = NEW.id; END",
    # Code types travel as REFI-QDA Sets; the built-in ones get the same GUID in every project.
    "ALTER TABLE code_types ADD COLUMN guid TEXT",
    "UPDATE code_types SET guid = CASE key WHEN 'barrier' THEN '5B1C3A0E-6D2F-4E8A-9C71-0F3B2A6D4E11' "
    "WHEN 'opportunity' THEN '5B1C3A0E-6D2F-4E8A-9C71-0F3B2A6D4E12' "
    f"WHEN 'condition' THEN '5B1C3A0E-6D2F-4E8A-9C71-0F3B2A6D4E13' ELSE {SQL_GUID} END",
    "CREATE UNIQUE INDEX idx_code_types_guid ON code_types(guid)",
    f"CREATE TRIGGER code_types_guid AFTER INSERT ON code_types WHEN NEW.guid IS NULL "
    f"BEGIN UPDATE code_types SET guid = {SQL_GUID} WHERE key = NEW.key; END",
    # A case attribute is a REFI-QDA Variable: one per name across the project, with a GUID of its own.
    """CREATE TABLE variables (
        name TEXT PRIMARY KEY, guid TEXT NOT NULL UNIQUE, type TEXT NOT NULL, description TEXT NOT NULL DEFAULT '')""",
    f"INSERT OR IGNORE INTO variables (name, guid, type) SELECT name, {SQL_GUID}, type FROM case_attributes "
    "ORDER BY rowid",
    f"CREATE TRIGGER case_attributes_variable AFTER INSERT ON case_attributes "
    f"BEGIN INSERT OR IGNORE INTO variables (name, guid, type) VALUES (NEW.name, {SQL_GUID}, NEW.type); END",
    # A selection (a span of a document) may carry several codes, as in REFI-QDA; each coding row names its
    # selection. A new coding of exactly the span of an existing one joins that selection.
    "ALTER TABLE codings ADD COLUMN selection_guid TEXT",
    f"UPDATE codings SET selection_guid = {SQL_GUID}",
    "CREATE INDEX idx_codings_selection ON codings(selection_guid)",
    f"""CREATE TRIGGER codings_selection AFTER INSERT ON codings WHEN NEW.selection_guid IS NULL
        BEGIN UPDATE codings SET selection_guid = coalesce(
            (SELECT s.selection_guid FROM codings s WHERE s.document_id = NEW.document_id AND s.start = NEW.start
             AND s."end" = NEW."end" AND s.id != NEW.id AND s.selection_guid IS NOT NULL ORDER BY s.id LIMIT 1),
            {SQL_GUID}) WHERE id = NEW.id; END""",
]


@migrations()
def m003_identities(db: Database) -> None:
    """Give coders, code types, case attributes (variables) and selections GUIDs that travel in REFI-QDA files."""
    for statement in _M003:
        db.execute(statement)


_M004 = [
    # The documents row holds the current version; every other version of its text (and structure) is kept here.
    "ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    """CREATE TABLE document_versions (
        id INTEGER PRIMARY KEY, document_guid TEXT NOT NULL, version INTEGER NOT NULL, title TEXT NOT NULL,
        source_file TEXT, sha256 TEXT NOT NULL, text TEXT NOT NULL, format TEXT NOT NULL,
        metadata TEXT NOT NULL DEFAULT '{}', case_guid TEXT, word_count INTEGER NOT NULL DEFAULT 0,
        imported_at TEXT NOT NULL, replaced_at TEXT NOT NULL, structure TEXT NOT NULL DEFAULT '{}',
        UNIQUE (document_guid, version))""",
    # A coding re-anchoring could not place on the same words: text_changed ones stay in codings (new_start/new_end
    # follow them), vanished ones leave codings and keep here all that puts them back.
    """CREATE TABLE coding_reviews (
        id INTEGER PRIMARY KEY, coding_guid TEXT NOT NULL UNIQUE, document_guid TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('text_changed', 'vanished')),
        version INTEGER NOT NULL, old_start INTEGER NOT NULL, old_end INTEGER NOT NULL, old_text TEXT NOT NULL,
        new_version INTEGER NOT NULL, new_start INTEGER, new_end INTEGER,
        code_guid TEXT, coder TEXT, created_at TEXT, memo TEXT, selection_guid TEXT, flagged_at TEXT NOT NULL,
        CHECK ((status = 'vanished') = (new_start IS NULL)),
        CHECK (status = 'text_changed' OR (code_guid IS NOT NULL AND coder IS NOT NULL AND created_at IS NOT NULL)))""",
    "CREATE INDEX idx_coding_reviews_document ON coding_reviews(document_guid)",
]


@migrations()
def m004_document_versions(db: Database) -> None:
    """Keep every version of a document's text, and the codings re-anchoring flagged for review."""
    for statement in _M004:
        db.execute(statement)


@migrations()
def m005_chosen_quotes(db: Database) -> None:
    """Remember which codings a researcher chose as quotes for the synthesis ('use as quote' in the workbench)."""
    db.execute("""CREATE TABLE chosen_quotes (
        coding_guid TEXT PRIMARY KEY, coder TEXT NOT NULL, chosen_at TEXT NOT NULL)""")


# The lemma index of every sentence: FTS5 over sentences.lemmas (simplemma's '_' in separable verbs dropped) through
# the view it reads from. Triggers on sentences note every sentence whose index entry is stale, for every writer
# (import, re-import, versions, undo); each write transaction brings the index up to date before it commits
# (storage.search_index.flush), in two statements: FTS5 written row by row from a trigger flushes its buffer at
# every row and costs ten times as much. `indexed` is what the index holds for the sentence id (NULL: nothing).
# CONTRIBUTING.md has the measurements that chose FTS5 over a table of lemmas.
_M006 = [
    "CREATE VIEW sentence_lemmas AS SELECT id, replace(lemmas, '_', '') AS lemmas FROM sentences",
    "CREATE VIRTUAL TABLE sentence_index USING fts5(lemmas, content='sentence_lemmas', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE sentence_index_terms USING fts5vocab(sentence_index, 'row')",
    "CREATE TABLE sentence_index_pending (id INTEGER PRIMARY KEY, indexed TEXT)",
    "CREATE TRIGGER sentences_index_insert AFTER INSERT ON sentences BEGIN "
    "INSERT OR IGNORE INTO sentence_index_pending (id, indexed) VALUES (NEW.id, NULL); END",
    "CREATE TRIGGER sentences_index_delete AFTER DELETE ON sentences BEGIN "
    "INSERT OR IGNORE INTO sentence_index_pending (id, indexed) VALUES (OLD.id, replace(OLD.lemmas, '_', '')); END",
    "CREATE TRIGGER sentences_index_update AFTER UPDATE OF id, lemmas ON sentences BEGIN "
    "INSERT OR IGNORE INTO sentence_index_pending (id, indexed) VALUES (OLD.id, replace(OLD.lemmas, '_', '')); "
    "INSERT OR IGNORE INTO sentence_index_pending (id, indexed) VALUES (NEW.id, NULL); END",
    "INSERT INTO sentence_index (sentence_index) VALUES ('rebuild')",
]


@migrations()
def m006_search_index(db: Database) -> None:
    """Index every sentence's lemmas for project-wide search (built here for the sentences a project has)."""
    for statement in _M006:
        db.execute(statement)


# Code suggestions (issue 15): rows of their own, never codings. A suggestion names its source (keywords today, an
# assistant or a model later) and keeps it after a decision, so that an accepted one (coding_guid: the coding it
# became) keeps its provenance. Document and code by GUID and version, as coding_reviews does: a suggestion survives a
# document's removal and its undo, and one on an earlier version of the text is not shown on the current one.
_M007 = [
    """CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, document_guid TEXT NOT NULL, version INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, code_guid TEXT NOT NULL, source TEXT NOT NULL,
        score REAL NOT NULL, evidence TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'dismissed')),
        created_at TEXT NOT NULL, decided_by TEXT, decided_at TEXT, coding_guid TEXT,
        CHECK (start >= 0 AND "end" > start), CHECK ((status = 'pending') = (decided_at IS NULL)),
        UNIQUE (document_guid, version, start, "end", code_guid, source))""",  # also the index by document
]


@migrations()
def m007_suggestions(db: Database) -> None:
    """Store code suggestions with their source, score and the decision on them."""
    for statement in _M007:
        db.execute(statement)


# The pseudonym key (issue 15): a real form as a text writes it (one row per form, matched case- and accent-
# insensitively by `folded`) → what an anonymised report shows instead. `found_in` is JSON {document title: count}
# from the last scan; `source` says where the form came from (a participant, the finder, deduce, the researcher).
_M008 = [
    """CREATE TABLE pseudonyms (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, real TEXT NOT NULL, folded TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('person', 'place', 'organisation', 'email', 'phone', 'postcode')),
        replacement TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'found' CHECK (status IN ('found', 'confirmed', 'ignored')),
        source TEXT NOT NULL, found_in TEXT NOT NULL DEFAULT '{}', updated_at TEXT NOT NULL,
        CHECK (real <> '' AND replacement <> ''))""",
]


@migrations()
def m008_pseudonyms(db: Database) -> None:
    """Store the pseudonym key a researcher reviews: real forms, their replacements and their status."""
    for statement in _M008:
        db.execute(statement)


# Settling two coders' differences (issue 13): a review is two coders and the consensus coder their decisions make
# codings for, on one kind of unit. A decision is per unit (document GUID, version, span) and code (GUID): in or out,
# with the choice that made it (a, b, both, neither, edit). consensus_codings lists the codings a review made, so
# that a later decision changes only those (a coding the consensus coder made by hand is never touched).
_M009 = [
    """CREATE TABLE consensus_reviews (
        id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, coder_a TEXT NOT NULL, coder_b TEXT NOT NULL,
        consensus TEXT NOT NULL, unit TEXT NOT NULL, created_at TEXT NOT NULL,
        UNIQUE (coder_a, coder_b, consensus, unit))""",
    """CREATE TABLE consensus_decisions (
        review_id INTEGER NOT NULL REFERENCES consensus_reviews(id) ON DELETE CASCADE,
        document_guid TEXT NOT NULL, version INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        code_guid TEXT NOT NULL, chosen INTEGER NOT NULL CHECK (chosen IN (0, 1)),
        choice TEXT NOT NULL CHECK (choice IN ('a', 'b', 'both', 'neither', 'edit')),
        decided_by TEXT NOT NULL, decided_at TEXT NOT NULL,
        PRIMARY KEY (review_id, document_guid, version, start, "end", code_guid))""",
    """CREATE TABLE consensus_codings (
        coding_guid TEXT PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES consensus_reviews(id) ON DELETE CASCADE)""",
    "CREATE INDEX idx_consensus_codings_review ON consensus_codings(review_id)",
]


@migrations()
def m009_consensus(db: Database) -> None:
    """Store the consensus reviews of two coders, their decisions and the codings they made."""
    for statement in _M009:
        db.execute(statement)


# Replacing a document's text (a correction, a merge taking the other copy's) deletes its turns and participants;
# without these indexes each deleted row had SQLite scan every sentence (turn_id) or turn (participant_id) of the
# project for its foreign key, 0.1 s per 2,000-word document at 100k words and ten times that at 1M.
_M010 = [
    "CREATE INDEX IF NOT EXISTS idx_sentences_turn ON sentences(turn_id)",
    "CREATE INDEX IF NOT EXISTS idx_turns_participant ON turns(participant_id)",
]


@migrations()
def m010_replace_indexes(db: Database) -> None:
    """Index the foreign keys that deleting a document's structure checks (sentences → turns → participants)."""
    for statement in _M010:
        db.execute(statement)


@migrations()
def m011_english_code_names(db: Database) -> None:
    """Give codes and themes an English name and description for English reports ('' where the codebook has none)."""
    db.execute("ALTER TABLE codes ADD COLUMN name_en TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE codes ADD COLUMN description_en TEXT NOT NULL DEFAULT ''")


def apply(db: Database) -> None:
    """Bring a database up to the newest schema."""
    migrations.apply(db)
