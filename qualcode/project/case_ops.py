"""Fixing cases after import: find one by name, rename, merge into another, add an alias that relinks documents."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.domain.errors import ProjectError
from qualcode.domain.names import case_key, clean_case_name
from qualcode.project.config import toml_string
from qualcode.storage import case_edits
from qualcode.storage import cases as case_sql
from qualcode.storage import document_edits as edit_sql
from qualcode.storage import documents as document_sql
from qualcode.storage.document_edits import CaseLink, database_errors
from qualcode.storage.store import Store

MAX_CANDIDATES = 10


@dataclass(frozen=True)
class AttributeConflict:
    """An attribute both merged cases have with different values: the kept one is the target's."""

    name: str
    kept: Any
    dropped: Any


@dataclass(frozen=True)
class CaseMerge:
    """What merging one case into another did."""

    case: str
    into: str
    documents: list[str]  # titles of the documents moved
    copied: list[str]  # attributes the target lacked, taken over
    conflicts: list[AttributeConflict]
    snapshot: Path | None = None


@dataclass(frozen=True)
class CaseAlias:
    """What adding an alias did: the line written to qualcode.toml and the cases merged because of it."""

    alias: str
    case: str
    written: bool  # False when qualcode.toml already held this alias
    merged: list[CaseMerge] = field(default_factory=list)
    snapshot: Path | None = None


# -- finding a case --------------------------------------------------------------------------------------------
def resolve_case(store: Store, reference: str, aliases: Mapping[str, str]) -> CaseLink:
    """Return the case a name means (matched as imports match it), or fail listing the closest known cases."""
    wanted = reference.strip()
    found = case_edits.case_by_key(store, case_key(wanted, aliases)) or case_edits.case_by_guid(store, wanted.upper())
    if found:
        return found
    known = case_sql.cases(store)
    by_name = [c for c in known if c["name"].casefold() == wanted.casefold()]
    if len(by_name) == 1:
        return CaseLink(by_name[0]["guid"], by_name[0]["name"], by_name[0]["key"])
    if not known:
        raise ProjectError(f"no case '{reference}': this project has no cases yet",
                           hint="load them with 'qualcode cases load cases.csv' or import transcripts")
    from rapidfuzz import fuzz  # only an unknown name needs it

    closest = sorted(known, key=lambda c: fuzz.WRatio(wanted, c["name"]), reverse=True)[:MAX_CANDIDATES]
    listing = ", ".join(f"{c['name']} ({c['documents']} documents)" for c in closest)
    raise ProjectError(f"no case '{reference}'; known cases, closest first: {listing}",
                       hint="use a name from 'qualcode cases show'")


# -- renaming --------------------------------------------------------------------------------------------------
def rename_case(store: Store, reference: str, new_name: str, aliases: Mapping[str, str],
                coder: str | None) -> tuple[str, str]:
    """Give a case a new name and key; refuse a key another case has. Return (old name, new name)."""
    name = clean_case_name(new_name)
    if not name:
        raise ProjectError("a case name cannot be empty", hint="give the new name in quotes")
    key = case_key(name, aliases)
    with database_errors(store), store.transaction():
        case = resolve_case(store, reference, aliases)
        other = case_edits.case_by_key(store, key)
        if other is not None and other.guid != case.guid:
            raise ProjectError(f"'{name}' is the case {other.name} already; a rename would make two of one",
                               hint=f"merge them instead: qualcode cases merge \"{case.name}\" \"{other.name}\"")
        if (case.name, case.key) != (name, key):
            case_edits.rename_case(store, case.guid, name, key)
            store.record_event("rename_case", f"renamed case {case.name} to {name}",
                               {"case_guid": case.guid, "before": {"name": case.name, "key": case.key},
                                "after": {"name": name, "key": key}}, coder)
    return case.name, name


# -- merging ---------------------------------------------------------------------------------------------------
def _merge(store: Store, source: CaseLink, into: CaseLink) -> tuple[CaseMerge, dict[str, Any]]:
    """Move source's documents to into, copy the attributes into lacks, delete source (inside a transaction)."""
    source_attributes = case_edits.attributes(store, source.guid)
    held = {a["name"]: a["value"] for a in case_edits.attributes(store, into.guid)}
    copied: list[str] = []
    conflicts: list[AttributeConflict] = []
    for attribute in source_attributes:
        kept = held.get(attribute["name"])
        if kept is None:
            case_edits.set_attribute(store, into.guid, attribute["name"], attribute["type"], attribute["value"])
            copied.append(attribute["name"])
        elif kept != attribute["value"] and attribute["value"] is not None:
            conflicts.append(AttributeConflict(attribute["name"], kept, attribute["value"]))
    moved = case_edits.move_documents(store, source.guid, into.guid)
    case_edits.delete_case(store, source.guid)
    titles = [document.title for guid in moved if (document := document_sql.document_by_guid(store, guid))]
    payload = {"case": {**source._asdict(), "attributes": source_attributes}, "into": into._asdict(),
               "documents": moved, "copied": copied,
               "conflicts": [{"name": c.name, "kept": c.kept, "dropped": c.dropped} for c in conflicts]}
    return CaseMerge(source.name, into.name, titles, copied, conflicts), payload


def merge_cases(store: Store, reference: str, into_reference: str, aliases: Mapping[str, str], coder: str | None,
                snapshot_dir: Path) -> CaseMerge:
    """Snapshot, then merge one case into another in one transaction with its event."""
    source = resolve_case(store, reference, aliases)
    into = resolve_case(store, into_reference, aliases)
    if source.guid == into.guid:
        raise ProjectError(f"'{reference}' and '{into_reference}' are the same case ({into.name})",
                           hint="name two different cases")
    snapshot = edit_sql.snapshot(store, snapshot_dir, "cases-merge")
    with database_errors(store), store.transaction():
        merge, payload = _merge(store, source, into)
        store.record_event("merge_cases", f"merged case {source.name} into {into.name}",
                           {**payload, "snapshot": str(snapshot)}, coder)
    return CaseMerge(merge.case, merge.into, merge.documents, merge.copied, merge.conflicts, snapshot)


# -- aliases ---------------------------------------------------------------------------------------------------
_TABLE = re.compile(r"^\s*\[\s*(?P<name>[^\[\]]+?)\s*\]\s*(#.*)?$")


def add_alias_line(text: str, alias: str, value: str) -> str:
    """Return qualcode.toml's text with `"alias" = "value"` under [cases.aliases]; every other line kept as is."""
    line = f"{toml_string(alias)} = {toml_string(value)}"
    lines = text.splitlines(keepends=True)
    header = next((i for i, raw in enumerate(lines)
                   if (m := _TABLE.match(raw)) and re.sub(r"\s", "", m["name"]) == "cases.aliases"), None)
    if header is None:
        ending = "" if not text or text.endswith("\n") else "\n"
        return f"{text}{ending}\n[cases.aliases]\n{line}\n"
    end = next((i for i in range(header + 1, len(lines)) if _TABLE.match(lines[i]) or lines[i].lstrip().startswith(
        "[[")), len(lines))
    last = max((i for i in range(header + 1, end) if lines[i].strip()), default=header)
    newline = "" if lines[last].endswith("\n") else "\n"
    return "".join([*lines[:last + 1], newline, line, "\n", *lines[last + 1:]])


def _alias_value(alias: str, target: CaseLink, aliases: Mapping[str, str]) -> str:
    """The right-hand side that makes the alias normalise to target's key: its name, else its key."""
    for candidate in (target.name, target.key):
        if case_key(alias, {**aliases, alias: candidate}) == target.key:
            return candidate
    raise ProjectError(f"'{alias}' cannot be made to mean {target.name}",
                       hint="choose another alias, or rename the case")


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ProjectError(f"cannot write the settings file ({error.strerror})", file=str(path),
                           hint="check that it is writable; nothing was changed") from None


def add_case_alias(store: Store, alias: str, reference: str, config_path: Path, aliases: Mapping[str, str],
                   coder: str | None, snapshot_dir: Path) -> CaseAlias:
    """Add an alias to qualcode.toml and merge every case it (now) names into the target, as one change."""
    alias = alias.strip()
    if not alias:
        raise ProjectError("an alias cannot be empty", hint="give the other name in quotes")
    target = resolve_case(store, reference, aliases)
    same = {k: v for k, v in aliases.items() if case_key(k) == case_key(alias)}
    elsewhere = {k: v for k, v in same.items() if case_key(v, aliases) != target.key}
    if elsewhere:
        key, value = next(iter(elsewhere.items()))
        raise ProjectError(f"'{alias}' is already an alias of {value} in qualcode.toml (\"{key}\" = \"{value}\")",
                           file=str(config_path), hint="remove that line first if it was wrong")
    updated = dict(aliases) if same else {**aliases, alias: _alias_value(alias, target, aliases)}
    sources = [CaseLink(c["guid"], c["name"], c["key"]) for c in case_sql.cases(store) if c["guid"] != target.guid
               and target.key in (case_key(c["name"], updated), case_key(c["key"], updated))]
    new_text = None
    if not same:
        try:
            old_text = config_path.read_text(encoding="utf-8") if config_path.exists() else ""
            new_text = add_alias_line(old_text, alias, updated[alias])
            written = tomllib.loads(new_text).get("cases", {}).get("aliases", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ProjectError(f"cannot add the alias to the settings file ({error})", file=str(config_path),
                               hint="fix qualcode.toml (or add the line under [cases.aliases] by hand)") from None
        if written.get(alias) != updated[alias]:
            raise ProjectError("the alias could not be added to [cases.aliases] safely", file=str(config_path),
                               hint=f"add the line {toml_string(alias)} = {toml_string(updated[alias])} by hand")
    if new_text is None and not sources:
        return CaseAlias(alias, target.name, written=False)
    snapshot = edit_sql.snapshot(store, snapshot_dir, "cases-alias") if sources else None
    with database_errors(store), store.transaction():
        merges = [_merge(store, source, target) for source in sources]
        store.record_event("add_case_alias", f"'{alias}' now means case {target.name}"
                           + (f"; merged {', '.join(s.name for s in sources)} into it" if sources else ""),
                           {"alias": alias, "value": updated.get(alias), "case": target._asdict(),
                            "written": new_text is not None, "merged": [payload for _, payload in merges],
                            "snapshot": str(snapshot) if snapshot else None}, coder)
        # Written last, inside the transaction: a failure to write it rolls the merges back.
        if new_text is not None:
            _write_atomically(config_path, new_text)
    return CaseAlias(alias, target.name, new_text is not None, [merge for merge, _ in merges], snapshot)
