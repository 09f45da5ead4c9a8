"""SQL for the pseudonym key (m008): one row per real form, read whole, written one state at a time.

A state is what undo and redo need to put an entry back exactly: kind, replacement, status, source and where it was
found. Writing None deletes the entry.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from qualcode.domain.names import fold_same_length
from qualcode.storage.store import Store, new_guid, now

# The events that change the key; each is undoable (its payload: every entry's state before and after).
ACTIONS = ("pseudonym_set", "pseudonym_ignore", "pseudonyms_import", "pseudonyms_scan")
KINDS = ("person", "place", "organisation", "email", "phone", "postcode")
STATUSES = ("found", "confirmed", "ignored")

_COLUMNS = "guid, real, kind, replacement, status, source, found_in, updated_at"


def folded(real: str) -> str:
    """The form a key entry is matched by: accents, case, hyphens and spacing ignored ('Van  Dijk' = 'van-dijk')."""
    return " ".join(fold_same_length(real).casefold().replace("-", " ").split())


@dataclass(frozen=True)
class PseudonymState:
    """An entry's content, as undo and redo record it."""

    real: str
    kind: str
    replacement: str
    status: str
    source: str
    found_in: dict[str, int]

    def as_payload(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> PseudonymState:
        return cls(str(payload["real"]), str(payload["kind"]), str(payload["replacement"]), str(payload["status"]),
                   str(payload["source"]), {str(k): int(v) for k, v in dict(payload["found_in"]).items()})


@dataclass(frozen=True)
class PseudonymRecord:
    """A stored entry of the key."""

    guid: str
    state: PseudonymState
    updated_at: str


def _record(row: tuple[Any, ...]) -> PseudonymRecord:
    guid, real, kind, replacement, status, source, found_in, updated_at = row
    return PseudonymRecord(guid, PseudonymState(real, kind, replacement, status, source, json.loads(found_in)),
                           updated_at)


def entries(store: Store) -> list[PseudonymRecord]:
    """Every entry, by kind and then by real form."""
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM pseudonyms ORDER BY kind, folded").fetchall()
    return [_record(row) for row in rows]


def entry(store: Store, real: str) -> PseudonymRecord | None:
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM pseudonyms WHERE folded = ?", (folded(real),)).fetchone()
    return _record(row) if row else None


def write(store: Store, real: str, state: PseudonymState | None) -> None:
    """Put an entry in the state given (None: remove it); inside the caller's transaction."""
    key = folded(real)
    if state is None:
        store.conn.execute("DELETE FROM pseudonyms WHERE folded = ?", (key,))
        return
    found_in = json.dumps(state.found_in, ensure_ascii=False, sort_keys=True)
    updated = store.conn.execute(
        "UPDATE pseudonyms SET real = ?, kind = ?, replacement = ?, status = ?, source = ?, found_in = ?, "
        "updated_at = ? WHERE folded = ?",
        (state.real, state.kind, state.replacement, state.status, state.source, found_in, now(), key)).rowcount
    if not updated:
        store.conn.execute(
            "INSERT INTO pseudonyms (guid, real, folded, kind, replacement, status, source, found_in, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (new_guid(), state.real, key, state.kind, state.replacement, state.status, state.source, found_in,
             now()))
