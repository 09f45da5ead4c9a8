"""Keeping the lemma index (m006) current: the sentences the triggers noted are indexed in bulk before a commit.

Imported by storage.connection, so it imports nothing of qualcode's: one function on a bare connection.
"""

from __future__ import annotations

import sqlite3


def pending(connection: sqlite3.Connection) -> bool:
    """Whether sentences changed since the index was last brought up to date."""
    try:
        return connection.execute("SELECT 1 FROM sentence_index_pending LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:  # the database of a project before m006: it has no index yet
        return False


def flush(connection: sqlite3.Connection) -> None:
    """Bring the index up to date inside the caller's write transaction: old entries out, current sentences in."""
    if not pending(connection):
        return
    connection.execute("INSERT INTO sentence_index (sentence_index, rowid, lemmas) "
                       "SELECT 'delete', id, indexed FROM sentence_index_pending WHERE indexed IS NOT NULL")
    connection.execute("INSERT INTO sentence_index (rowid, lemmas) SELECT s.id, replace(s.lemmas, '_', '') "
                       "FROM sentence_index_pending p JOIN sentences s ON s.id = p.id")
    connection.execute("DELETE FROM sentence_index_pending")
