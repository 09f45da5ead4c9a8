"""Loading, checking and exporting codebooks: an upsert by id that never drops codings silently."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from qualcode.domain.codebook import derived_code_guid, dump_codebook, parse_codebook
from qualcode.domain.errors import CodebookError, ProjectError, QualcodeError
from qualcode.domain.model import Code, Codebook
from qualcode.project.files import read_input_file
from qualcode.storage import codes as code_sql
from qualcode.storage.records import CodeRow
from qualcode.storage.store import Store, new_guid

MAX_CODEBOOK_BYTES = 10_000_000  # a codebook of a thousand codes with definitions is well under 1 MB


@dataclass
class CodebookLoad:
    """What loading a codebook changed."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    rekeyed: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id) of a code matched by GUID
    removed: list[str] = field(default_factory=list)
    blocked: dict[str, int] = field(default_factory=dict)
    snapshot: Path | None = None


def read_codebook(path: Path) -> Codebook:
    """Parse a codebook file; errors name the file and line."""
    if not path.exists() and not path.is_symlink():
        raise ProjectError("codebook file not found", file=str(path), hint="check the path")
    raw = read_input_file(path, limit=MAX_CODEBOOK_BYTES, error=CodebookError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CodebookError("the codebook is not UTF-8 text", file=str(path), hint="save it as UTF-8") from None
    try:
        return parse_codebook(text)
    except QualcodeError as error:
        raise error.located(str(path)) from None


def stored_codebook(store: Store) -> Codebook:
    """Return the codebook as stored in the project."""
    rows = code_sql.codes(store)
    codes = tuple(Code(key=r.key, name=r.name, parent_key=r.parent_key, type=r.type, description=r.description,
                       include=r.include, exclude=r.exclude, example=r.example, colour=r.colour,
                       keywords=r.keywords, position=r.position, guid=r.guid, name_en=r.name_en,
                       description_en=r.description_en) for r in rows)
    name = store.meta("codebook_name") or "Codebook"
    return Codebook(name=name, codes=codes, types=tuple(code_sql.code_types(store)))


def load_codebook(store: Store, codebook: Codebook, *, force: bool, snapshot_dir: Path,
                  coder: str | None, source: str) -> CodebookLoad:
    """Upsert the codebook by id; codes missing from it are removed only if uncoded, or with force."""
    stored = {row.key: row for row in code_sql.codes(store)}
    result = CodebookLoad()
    identified, result.rekeyed = _identities(stored, codebook, source)
    incoming = {code.key: code for code in identified}
    counts = code_sql.codings_per_code(store)
    previous_key = {new: old for old, new in result.rekeyed}
    for key, code in incoming.items():
        old = stored.get(previous_key.get(key, key))
        if old is None:
            result.added.append(key)
        else:
            if old.name != code.name:
                result.renamed.append((key, old.name, code.name))
            if _changed(old, code):
                result.updated.append(key)
    result.removed = [key for key in stored if key not in incoming and key not in previous_key.values()]
    result.blocked = {key: counts[key] for key in result.removed if counts.get(key)}
    if result.blocked and not force:
        listing = ", ".join(f"{key} ({n} codings)" for key, n in sorted(result.blocked.items()))
        raise CodebookError(f"codes with codings are missing from the codebook: {listing}", file=source,
                            hint="add them back to keep their codings, or run again with --force to delete them "
                                 "(a snapshot of the database is made first)")
    if result.blocked:
        result.snapshot = store.snapshot(snapshot_dir, "codebook-load")
    removed_rows = code_sql.code_row_dicts(store, result.removed)
    with store.transaction():
        code_sql.upsert_types(store, codebook.types)
        code_sql.rekey_codes(store, result.rekeyed)
        code_sql.upsert_codes(store, identified)
        code_sql.delete_codes(store, result.removed)
        store.set_meta("codebook_name", codebook.name)
        store.record_event(
            "load_codebook",
            f"loaded codebook {Path(source).name}: {len(result.added)} added, {len(result.updated)} updated, "
            f"{len(result.removed)} removed",
            {"source": source, "added": result.added, "updated": result.updated, "removed": removed_rows,
             "rekeyed": result.rekeyed,
             "snapshot": str(result.snapshot) if result.snapshot else None},
            coder)
    return result


def _identities(stored: dict[str, CodeRow], codebook: Codebook,
                source: str) -> tuple[list[Code], list[tuple[str, str]]]:
    """Give every incoming code its GUID for life: a stored code's by id, else the file's, else one derived from the
    codebook's name and the id. A file GUID that belongs to a stored code under another id renames that id."""
    by_guid = {row.guid: row for row in stored.values()}
    keys = {code.key for code in codebook.codes}
    identified: list[Code] = []
    rekeyed: list[tuple[str, str]] = []
    for code in codebook.codes:
        old = stored.get(code.key)
        if old is not None:
            if code.guid and code.guid != old.guid:
                raise CodebookError(
                    f"code '{code.key}' has guid {code.guid} in the file but {old.guid} in the project",
                    file=source, line=code.line,
                    hint="a code keeps one guid for life: remove the guid line, or give this other code another id")
            identified.append(replace(code, guid=old.guid))
        elif code.guid and code.guid in by_guid:
            previous = by_guid[code.guid].key
            if previous in keys:
                raise CodebookError(
                    f"code '{code.key}' has the guid of the project's code '{previous}', which the file also lists",
                    file=source, line=code.line, hint="remove the guid line of one of the two")
            rekeyed.append((previous, code.key))
            identified.append(code)
        else:
            guid = code.guid or derived_code_guid(codebook.name, code.key)
            identified.append(replace(code, guid=new_guid() if guid in by_guid else guid))
    return identified, rekeyed


def _changed(old: object, new: Code) -> bool:
    fields = ("name", "type", "description", "include", "exclude", "example", "colour", "keywords",
              "parent_key", "position", "name_en", "description_en")
    return any(getattr(old, f) != getattr(new, f) for f in fields)


def export_codebook(codebook: Codebook) -> str:
    """Return the YAML text of a codebook."""
    return dump_codebook(codebook)
