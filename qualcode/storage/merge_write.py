"""SQL for applying a merge: codes taking over the other copy's edits, documents copied from the other copy's
database with their structure, and memos and coding memos updated; every function inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from qualcode.storage import document_edits
from qualcode.storage import versions as version_sql
from qualcode.storage.merge_read import SideCode
from qualcode.storage.store import Store


def update_codes(store: Store, codes: Sequence[SideCode]) -> None:
    """Give codes (matched by GUID) the other copy's content; ids change in two steps so that they may trade
    places, parents are linked by GUID once every code is there."""
    conn = store.conn
    conn.executemany("UPDATE codes SET key = char(0) || guid WHERE guid = ?", [(c.guid,) for c in codes])
    conn.executemany(
        "UPDATE codes SET key = ?, name = ?, type = ?, description = ?, include = ?, exclude = ?, example = ?, "
        "colour = ?, keywords = ?, position = ?, name_en = ?, description_en = ?, "
        "parent_id = (SELECT id FROM codes WHERE guid = ?) WHERE guid = ?",
        [(c.key, c.name, c.type, c.description, c.include, c.exclude, c.example, c.colour, c.keywords, c.position,
          c.name_en, c.description_en, c.parent_guid, c.guid) for c in codes])


def set_code_extras(store: Store, codes: Sequence[SideCode]) -> None:
    """What a REFI-QDA import row of a code does not carry (keywords, English name and description), for codes
    merge added from the other copy."""
    store.conn.executemany("UPDATE codes SET keywords = ?, name_en = ?, description_en = ? WHERE guid = ?",
                           [(c.keywords, c.name_en, c.description_en, c.guid) for c in codes])


def other_version(other: Store, document_guid: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(fields, structure) of the other copy's current version of a document, as versions store them."""
    identifier, _, fields = version_sql.current_fields(other, document_guid)
    return fields, document_edits.structure_dump(other, identifier)


def copy_document(store: Store, other: Store, document_guid: str, source_name: str, case_guid: str | None) -> None:
    """Insert the other copy's document (same GUID, version, text and structure) under source_name here."""
    identifier, version, fields = version_sql.current_fields(other, document_guid)
    structure = document_edits.structure_dump(other, identifier)
    cursor = store.conn.execute(
        "INSERT INTO documents (guid, title, source_name, sha256, text, format, metadata, case_id, word_count, "
        "imported_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT id FROM cases WHERE guid = ?), ?, ?, ?)",
        (document_guid, fields["title"], source_name, fields["sha256"], fields["text"], fields["format"],
         json.dumps(fields["metadata"], ensure_ascii=False, sort_keys=True), case_guid, fields["word_count"],
         fields["imported_at"], version))
    document_edits.insert_structure(store, int(cursor.lastrowid or 0), structure)


def set_coding_memos(store: Store, memos: Sequence[tuple[str, str]]) -> None:
    store.conn.executemany("UPDATE codings SET memo = ? WHERE guid = ?", [(text, guid) for guid, text in memos])


def update_memos(store: Store, memos: Sequence[tuple[str, str, str]]) -> None:
    """Replace memo texts (guid, text, updated_at): the time is the one the winning text was written at."""
    store.conn.executemany("UPDATE memos SET text = ?, updated_at = ? WHERE guid = ?",
                           [(text, updated_at, guid) for guid, text, updated_at in memos])


def set_attributes(store: Store, attributes: Sequence[tuple[str, str, str, str]]) -> None:
    """Add or replace case attributes (case GUID, name, type, value as stored JSON)."""
    store.conn.executemany(
        "INSERT INTO case_attributes (case_id, name, type, value) VALUES ((SELECT id FROM cases WHERE guid = ?), "
        "?, ?, ?) ON CONFLICT(case_id, name) DO UPDATE SET type = excluded.type, value = excluded.value",
        list(attributes))
