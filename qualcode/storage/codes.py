"""SQL for the codebook: code types and the code tree, upserted by codebook id."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from qualcode.domain.model import Code, CodeType
from qualcode.storage.records import CodeRow
from qualcode.storage.store import Store, new_guid

_CODE_COLUMNS = ("c.id, c.guid, c.key, p.key, c.name, c.type, c.description, c.include, c.exclude, c.example, "
                 "c.colour, c.keywords, c.position, c.name_en, c.description_en")


def _code(row: Sequence[Any]) -> CodeRow:
    return CodeRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10],
                   tuple(json.loads(row[11])), row[12], row[13], row[14])


def codes(store: Store) -> list[CodeRow]:
    """Return all codes in tree order (parents before children, siblings by position)."""
    rows = [_code(r) for r in store.conn.execute(
        f"SELECT {_CODE_COLUMNS} FROM codes c LEFT JOIN codes p ON p.id = c.parent_id ORDER BY c.position, c.id")]
    children: dict[str | None, list[CodeRow]] = {}
    for row in rows:
        children.setdefault(row.parent_key, []).append(row)
    ordered: list[CodeRow] = []

    def walk(parent: str | None) -> None:
        for row in children.get(parent, []):
            ordered.append(row)
            walk(row.key)

    walk(None)
    return ordered


def code_types(store: Store) -> list[CodeType]:
    return [CodeType(r[0], r[1], r[2], r[3], bool(r[4])) for r in store.conn.execute(
        "SELECT key, label, label_en, badge, builtin FROM code_types ORDER BY builtin DESC, rowid")]


def codings_per_code(store: Store) -> dict[str, int]:
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT c.key, count(g.id) FROM codes c JOIN codings g ON g.code_id = c.id GROUP BY c.key")}


def upsert_types(store: Store, types: Sequence[CodeType]) -> None:
    for code_type in types:
        store.conn.execute(
            "INSERT INTO code_types (key, label, label_en, badge, builtin) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET label = excluded.label, label_en = excluded.label_en, "
            "badge = excluded.badge",
            (code_type.key, code_type.label, code_type.label_en, code_type.badge, int(code_type.builtin)))


def upsert_codes(store: Store, new_codes: Sequence[Code]) -> None:
    """Insert or update codes by key, then link parents; call inside a transaction."""
    conn = store.conn
    for code in new_codes:
        conn.execute(
            "INSERT INTO codes (guid, key, name, type, description, include, exclude, example, colour, keywords, "
            "position, name_en, description_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET name = excluded.name, "
            "type = excluded.type, description = excluded.description, include = excluded.include, "
            "exclude = excluded.exclude, example = excluded.example, colour = excluded.colour, "
            "keywords = excluded.keywords, position = excluded.position, name_en = excluded.name_en, "
            "description_en = excluded.description_en",
            (code.guid or new_guid(), code.key, code.name, code.type, code.description, code.include, code.exclude,
             code.example, code.colour, json.dumps(list(code.keywords), ensure_ascii=False), code.position,
             code.name_en, code.description_en))
    for code in new_codes:
        conn.execute("UPDATE codes SET parent_id = (SELECT id FROM codes WHERE key = ?) WHERE key = ?",
                     (code.parent_key, code.key))


def key_after_renames(store: Store, code_key: str, after_event_id: int) -> str:
    """The id a code has now that had code_key at event after_event_id: codebook loads since then may have given it
    another id (matched by its GUID); code_key itself when none did."""
    for (payload,) in store.conn.execute("SELECT payload FROM events WHERE action = 'load_codebook' AND id > ? "
                                         "ORDER BY id", (after_event_id,)):
        code_key = next((new for old, new in json.loads(payload).get("rekeyed", []) if old == code_key), code_key)
    return code_key


def rekey_codes(store: Store, renames: Sequence[tuple[str, str]]) -> None:
    """Give codes new ids (old, new), in two steps so that ids may trade places; inside a transaction."""
    conn = store.conn
    guids = [(conn.execute("SELECT guid FROM codes WHERE key = ?", (old,)).fetchone()[0], new) for old, new in renames]
    conn.executemany("UPDATE codes SET key = char(0) || guid WHERE guid = ?", [(guid,) for guid, _ in guids])
    conn.executemany("UPDATE codes SET key = ? WHERE guid = ?", [(new, guid) for guid, new in guids])


def delete_codes(store: Store, keys: Sequence[str]) -> None:
    """Delete codes (children first is the caller's job: it passes every key of a removed subtree)."""
    conn = store.conn
    conn.executemany("UPDATE codes SET parent_id = NULL WHERE key = ?", [(k,) for k in keys])
    conn.executemany("DELETE FROM codings WHERE code_id = (SELECT id FROM codes WHERE key = ?)", [(k,) for k in keys])
    conn.executemany("DELETE FROM codes WHERE key = ?", [(k,) for k in keys])


def code_row_dicts(store: Store, keys: Sequence[str]) -> list[dict[str, Any]]:
    """Return full rows of codes, each with its codings, for an event's undo payload."""
    out: list[dict[str, Any]] = []
    for key in keys:
        cursor = store.conn.execute("SELECT * FROM codes WHERE key = ?", (key,))
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        if row:
            code = dict(zip(names, row, strict=True))
            cursor = store.conn.execute("SELECT * FROM codings WHERE code_id = ?", (code["id"],))
            coding_names = [d[0] for d in cursor.description]
            code["codings"] = [dict(zip(coding_names, r, strict=True)) for r in cursor.fetchall()]
            out.append(code)
    return out
