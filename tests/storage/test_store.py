"""The store: migrations, pragmas, one transaction per change, retries when another process writes."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from qualcode.storage import connection, migrations
from qualcode.storage.store import Store


def test_latest_migration_constant_matches_the_registered_migrations(tmp_path: Path) -> None:
    names = [m.name for m in migrations.migrations._migrations]
    assert names[-1] == connection.LATEST_MIGRATION
    assert tuple(names) == connection.MIGRATIONS
    assert names == sorted(names)
    store = Store(tmp_path / "qualcode.db", create=True)
    applied = [r[0] for r in store.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == names


def test_pragmas(tmp_path: Path) -> None:
    store = Store(tmp_path / "qualcode.db", create=True)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == connection.BUSY_TIMEOUT_MS


def test_reopening_an_up_to_date_database_does_not_migrate_again(tmp_path: Path) -> None:
    Store(tmp_path / "qualcode.db", create=True).close()
    store = Store(tmp_path / "qualcode.db")
    count = store.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert count == len(migrations.migrations._migrations)


def test_a_failed_change_leaves_nothing_behind(tmp_path: Path) -> None:
    store = Store(tmp_path / "qualcode.db", create=True)
    with pytest.raises(RuntimeError), store.transaction():
        store.record_event("test", "half a change", {})
        store.coder_id("anna")
        raise RuntimeError("boom")
    assert store.events() == []
    assert store.coders() == []


def test_a_writer_waits_for_another_process_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "qualcode.db"
    store = Store(path, create=True)
    other = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO coders (name, created_at) VALUES ('tom', 'now')")
    release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    with store.transaction():
        store.record_event("test", "waited", {}, "sanne")
    assert time.monotonic() - started >= 0.4
    release.join()
    assert [e.summary for e in store.events()] == ["waited"]
    assert store.coders() == ["tom"]


def test_snapshot_is_a_complete_copy(tmp_path: Path) -> None:
    store = Store(tmp_path / "qualcode.db", create=True)
    with store.transaction():
        store.record_event("test", "before snapshot", {})
    copy = store.snapshot(tmp_path / "snapshots", "test")
    assert copy.exists()
    copied = sqlite3.connect(str(copy))
    assert copied.execute("SELECT summary FROM events").fetchall() == [("before snapshot",)]


def test_a_project_missing_an_earlier_migration_gets_it(tmp_path: Path) -> None:
    """A database that has the newest migration but not one numbered before it (made while two branches each added
    one) is brought up to date when it is opened, not taken for current."""
    path = tmp_path / "qualcode.db"
    Store(path, create=True).close()
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_replace_indexes'")
        raw.execute("DROP INDEX IF EXISTS idx_sentences_turn")
        raw.execute("DROP INDEX IF EXISTS sentences_turn_id")
    raw.close()
    store = Store(path)
    applied = {r[0] for r in store.conn.execute("SELECT name FROM _sqlite_migrations")}
    store.close()
    assert "m010_replace_indexes" in applied
