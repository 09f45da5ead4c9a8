"""REFI-QDA export: a project as a qde_model Project (then .qdpx) or its codebook as a .qdc file.

What goes where (REFI-QDA 1.5, Project.xsd):
- coders → Users (their GUIDs); the project → name, origin "qualcode VERSION", creation and modification time and
  user from the first and last event of the event log (never the clock), the project memo as a NoteRef.
- codes → CodeBook, nested as in the codebook. Every code is isCodable="true": qualcode lets a coder apply a theme
  directly, and a code marked not codable would lose those codings elsewhere. A code's definition, include,
  exclude and example make its Description (qde_model.join_code_description); its colour its `color`.
- code types → Sets whose MemberCodes are the codes of that type (custom types always, built-in types when used).
- case attributes → Variables (integer → Integer, decimal → Float, boolean → Boolean, date → Date; text, category
  and categories → Text, several categories joined with "; "); cases → Cases with VariableValues and SourceRefs.
- documents → TextSources with plainTextPath internal://<GUID>.txt and the current text in sources/<GUID>.txt;
  Description: the document's own description when it has one (metadata "description"), else the file it came
  from, its date, interviewers and participants. Codings sharing a span (a selection GUID) are one
  PlainTextSelection with one Coding per code; offsets are codepoints, end-exclusive, as stored.
- memos → Notes (PlainTextContent), referred to by NoteRefs from the project, the document, the code or the coding
  they belong to; a coding memo's Note has a GUID derived from the coding's (qde_model.coding_note_guid).

Not exported (REFI-QDA has no place for them, or no other tool would read them): code ids and keywords, the
structure qualcode derives from a transcript (participants, turns, sections, sentences), earlier document versions,
the event log and undo history, project settings (qualcode.toml). `ExportSummary.not_exported` lists them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from qualcode import __version__
from qualcode.domain.errors import ProjectError
from qualcode.exchange import qde_model as qde
from qualcode.exchange import qde_write
from qualcode.project.config import ProjectConfig
from qualcode.storage import codes as code_sql
from qualcode.storage import exchange as exchange_sql
from qualcode.storage.records import CodeRow
from qualcode.storage.store import Store

ORIGIN = f"qualcode {__version__}"
VARIABLE_TYPES = {"integer": "Integer", "decimal": "Float", "boolean": "Boolean", "date": "Date", "text": "Text",
                  "category": "Text", "categories": "Text"}


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote, and what it could not carry."""

    path: Path
    bytes: int
    sources: int = 0
    codes: int = 0
    selections: int = 0
    codings: int = 0
    notes: int = 0
    cases: int = 0
    not_exported: list[str] = field(default_factory=list)


# -- the model -------------------------------------------------------------------------------------------------
def xml_date_time(stored: str | None) -> str | None:
    """A stored ISO time as xsd:dateTime in UTC with 'Z' (a time without zone is UTC, as qualcode writes it)."""
    if not stored:
        return None
    try:
        moment = dt.datetime.fromisoformat(stored.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def _codes(rows: Sequence[CodeRow], notes: dict[str, tuple[str, ...]]) -> tuple[qde.Code, ...]:
    children: dict[str | None, list[CodeRow]] = {}
    for row in rows:  # tree order: parents first, siblings by position
        children.setdefault(row.parent_key, []).append(row)

    def build(row: CodeRow) -> qde.Code:
        return qde.Code(guid=row.guid, name=row.name, is_codable=True, color=row.colour,
                        description=qde.join_code_description(row.description, row.include, row.exclude, row.example),
                        note_refs=notes.get(row.guid, ()),
                        children=tuple(build(child) for child in children.get(row.key, [])))

    return tuple(build(row) for row in children.get(None, []))


def _sets(store: Store, rows: Sequence[CodeRow]) -> tuple[qde.Set, ...]:
    members: dict[str, list[str]] = {}
    for row in rows:
        if row.type is not None:
            members.setdefault(row.type, []).append(row.guid)
    return tuple(qde.Set(guid=code_type.guid, name=code_type.label,
                         description=qde.code_type_description(code_type.key, code_type.label_en, code_type.badge),
                         member_codes=tuple(members.get(code_type.key, ())))
                 for code_type in exchange_sql.code_types(store) if members.get(code_type.key) or not code_type.builtin)


def _value(kind: str, value: Any) -> tuple[str, str | None]:
    """(REFI-QDA type, lexical value) of a case attribute value; a value its type cannot hold travels as text."""
    target = VARIABLE_TYPES.get(kind, "Text")
    if value is None:
        return target, None
    if isinstance(value, list):
        return target, "; ".join(str(part) for part in value)
    if target == "Boolean" and isinstance(value, bool):
        return target, "true" if value else "false"
    if target == "Integer" and isinstance(value, int) and not isinstance(value, bool):
        return target, str(value)
    if target == "Float" and isinstance(value, int | float) and not isinstance(value, bool):
        try:  # xsd:decimal has no exponent
            return target, format(Decimal(repr(value)), "f")
        except InvalidOperation:
            return "Text", str(value)
    if target == "Date" and isinstance(value, str) and _is_date(value):
        return target, value
    if target == "Text":
        return target, str(value)
    return "Text", str(value)


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


_LABELS = {"nl": ("Bron", "deel", "Datum", "Interviewer", "Gesprekspartners"),
           "en": ("Source", "part", "Date", "Interviewer", "Participants")}


def _source_description(document: exchange_sql.ExchangeDocument, people: Sequence[tuple[str, str | None]],
                        language: str) -> str:
    """The document's own description (metadata 'description', as an import keeps it), else where it came from."""
    metadata = document.metadata
    own = metadata.get("description")
    if isinstance(own, str) and own.strip():
        return own
    source, part, date, interviewer, participants = _LABELS.get(language, _LABELS["en"])
    lines = [f"{source}: {metadata.get('source_file') or document.source_name} ({document.format})"]
    if metadata.get("part") is not None:
        lines[0] += f", {part} {metadata['part']}"
    if metadata.get("date"):
        lines.append(f"{date}: {metadata['date']}")
    interviewers = [str(name) for name in metadata.get("interviewers") or []]
    if interviewers:
        lines.append(f"{interviewer}: " + ", ".join(interviewers))
    names = [name + (f" ({role})" if role else "") for name, role in people]
    if names:
        lines.append(f"{participants}: " + "; ".join(names))
    return "\n".join(lines)


def _selections(codings: Sequence[exchange_sql.ExchangeCoding],
                coding_notes: dict[str, str]) -> tuple[qde.TextSelection, ...]:
    """One PlainTextSelection per span a selection GUID names, with a Coding per code applied to it."""
    groups: dict[tuple[str, int, int], list[exchange_sql.ExchangeCoding]] = {}
    guids_used: dict[str, tuple[int, int]] = {}
    for coding in codings:
        guid = coding.selection_guid or qde.coding_note_guid("selection:" + coding.guid)
        span = guids_used.setdefault(guid, (coding.start, coding.end))
        if span != (coding.start, coding.end):  # a selection whose codings no longer share a span: split it
            guid = qde.coding_note_guid(f"selection:{guid}:{coding.start}:{coding.end}")
        groups.setdefault((guid, coding.start, coding.end), []).append(coding)
    selections = []
    for (guid, start, end), members in groups.items():
        first = min(members, key=lambda c: (c.created_at, c.guid))
        selections.append(qde.TextSelection(
            guid=guid, start=start, end=end, creating_user=first.coder_guid,
            creation_date_time=xml_date_time(first.created_at),
            codings=tuple(qde.Coding(guid=c.guid, code_guid=c.code_guid, creating_user=c.coder_guid,
                                     creation_date_time=xml_date_time(c.created_at),
                                     note_refs=(coding_notes[c.guid],) if c.guid in coding_notes else ())
                          for c in members)))
    return tuple(sorted(selections, key=lambda s: (s.start, s.end, s.guid)))


def project_model(store: Store, config: ProjectConfig) -> qde.Project:
    """The whole project as REFI-QDA sees it (see the module docstring for what goes where)."""
    coders = exchange_sql.coders(store)
    code_rows = code_sql.codes(store)
    documents = exchange_sql.documents(store)
    codings = exchange_sql.codings(store)
    memos = exchange_sql.memos(store)
    document_guids = {document.guid for document in documents}
    code_guids = {row.guid for row in code_rows}

    notes: list[qde.Note] = []
    refs: dict[tuple[str, str | None], list[str]] = {}
    titles = {document.guid: document.title for document in documents}
    names = {row.guid: row.name for row in code_rows}
    for memo in memos:
        target = memo.target_guid
        if memo.target_kind == "project":
            name = f"Memo: {config.name}"
        elif memo.target_kind == "document" and target in document_guids:
            name = f"Memo: {titles[target or '']}"
        elif memo.target_kind == "code" and target in code_guids:
            name = f"Memo: {names[target or '']}"
        else:  # a memo whose document or code is gone is kept, unattached
            name, target = "Memo", None
        notes.append(qde.Note(guid=memo.guid, name=name, text=memo.text, creating_user=memo.coder_guid,
                              creation_date_time=xml_date_time(memo.created_at), modifying_user=memo.coder_guid,
                              modified_date_time=xml_date_time(memo.updated_at)))
        if memo.target_kind == "project" or target is not None:
            refs.setdefault((memo.target_kind, target), []).append(memo.guid)
    coding_notes: dict[str, str] = {}
    code_names = {row.guid: row.name for row in code_rows}
    for coding in codings:
        if coding.memo:
            guid = qde.coding_note_guid(coding.guid)
            coding_notes[coding.guid] = guid
            notes.append(qde.Note(guid=guid, name=f"Memo: {code_names.get(coding.code_guid, '')} in "
                                  f"{titles.get(coding.document_guid, '')}",
                                  text=coding.memo, creating_user=coding.coder_guid,
                                  creation_date_time=xml_date_time(coding.created_at)))

    people = exchange_sql.respondents(store)
    by_document: dict[str, list[exchange_sql.ExchangeCoding]] = {}
    for coding in codings:
        by_document.setdefault(coding.document_guid, []).append(coding)
    sources = tuple(qde.TextSource(
        guid=document.guid, name=document.title, text=document.text,
        plain_text_path=qde.internal_path(f"{document.guid}.txt"),
        description=_source_description(document, people.get(document.guid, []), config.language),
        selections=_selections(by_document.get(document.guid, []), coding_notes),
        note_refs=tuple(refs.get(("document", document.guid), ())),
        creation_date_time=xml_date_time(document.imported_at)) for document in documents)

    variables = exchange_sql.variables(store)
    variable_guids = {variable.name: variable.guid for variable in variables}
    case_rows = exchange_sql.cases(store)
    # A variable's type is that of the values the cases have now (its first value's type was recorded, and a
    # cases file loaded since may hold text where there were numbers); values of several types make it Text.
    values = {(case.guid, name): _value(kind, value) for case in case_rows for name, kind, value in case.attributes
              if name in variable_guids and value is not None}
    kinds: dict[str, set[str]] = {}
    for (_, name), (kind, _) in values.items():
        kinds.setdefault(name, set()).add(kind)
    variable_types = {name: next(iter(found)) if len(found) == 1 else "Text" for name, found in kinds.items()}
    cases = tuple(qde.Case(
        guid=case.guid, name=case.name,
        variable_values=tuple(qde.VariableValue(variable_guids[name], variable_types[name], lexical)
                              for name, _kind, value in case.attributes if (case.guid, name) in values
                              for lexical in (values[case.guid, name][1],)),
        source_refs=case.document_guids) for case in case_rows)
    first, last = exchange_sql.first_and_last_change(store)
    return qde.Project(
        name=config.name, origin=ORIGIN,
        creating_user=first.coder_guid if first else None,
        creation_date_time=xml_date_time(first.at) if first else None,
        modifying_user=last.coder_guid if last else None,
        modified_date_time=xml_date_time(last.at) if last else None,
        users=tuple(qde.User(guid=coder.guid, name=coder.name) for coder in coders),
        codes=_codes(code_rows, {guid: tuple(ids) for (kind, guid), ids in refs.items()
                                 if kind == "code" and guid is not None}),
        variables=tuple(qde.Variable(guid=v.guid, name=v.name,
                                     type_of_variable=variable_types.get(v.name) or VARIABLE_TYPES.get(v.type, "Text"),
                                     description=v.description or None) for v in variables),
        cases=cases, sources=sources, notes=tuple(notes), sets=_sets(store, code_rows),
        note_refs=tuple(refs.get(("project", None), ())))


def codebook_model(store: Store) -> qde.Codebook:
    """The codebook alone: codes and code types as sets (no memos: Codebook.xsd has no notes)."""
    rows = code_sql.codes(store)
    return qde.Codebook(codes=_codes(rows, {}), sets=_sets(store, rows), origin=ORIGIN)


# -- writing ---------------------------------------------------------------------------------------------------
def not_exported(store: Store) -> list[str]:
    """What the project holds that a REFI-QDA file does not carry, for the user to know (REFI-QDA 7)."""
    rows = code_sql.codes(store)
    lost = ["code ids (codes travel by GUID and name)"] if rows else []
    with_keywords = sum(1 for row in rows if row.keywords)
    if with_keywords:
        lost.append(f"keywords of {with_keywords} code{'s' if with_keywords != 1 else ''}")
    if store.conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone():
        lost.append("speakers, turns and sections (another tool sees the plain text)")
    versions, vanished = exchange_sql.left_behind(store)
    if versions:
        lost.append(f"{versions} earlier version{'s' if versions != 1 else ''} of documents (the current text is "
                    "exported)")
    if vanished:
        lost.append(f"{vanished} coding{'s' if vanished != 1 else ''} awaiting review after a correction "
                    "('qualcode documents review')")
    lost.append("the event log and undo history")
    return lost


def export_qdpx(store: Store, config: ProjectConfig, path: Path) -> ExportSummary:
    """Write the project as a .qdpx archive at path (via a temporary file: never half-written)."""
    model = project_model(store, config)
    size = _write_atomically(path, lambda out: qde_write.write_qdpx(model, out))
    selections = [selection for source in model.sources for selection in source.selections]
    return ExportSummary(path=path, bytes=size, sources=len(model.sources),
                         codes=sum(1 for _ in qde.walk_codes(model.codes)), selections=len(selections),
                         codings=sum(len(selection.codings) for selection in selections), notes=len(model.notes),
                         cases=len(model.cases), not_exported=not_exported(store))


def export_qdc(store: Store, path: Path) -> ExportSummary:
    """Write the codebook as a .qdc file at path (via a temporary file)."""
    model = codebook_model(store)
    if not model.codes:
        raise ProjectError("this project has no codebook to export",
                           hint="load one first: 'qualcode codebook load codebooks/FILE.yaml'")
    content = qde_write.codebook_xml(model)
    size = _write_atomically(path, lambda out: out.write(content))
    return ExportSummary(path=path, bytes=size, codes=sum(1 for _ in qde.walk_codes(model.codes)),
                         not_exported=["code ids and keywords", "memos on codes (a .qdc file has no notes)"])


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> int:
    if path.is_dir():
        raise ProjectError("is a folder", file=str(path), hint="name a file to write, e.g. project.qdpx")
    if not path.parent.is_dir():
        raise ProjectError("the folder to write in does not exist", file=str(path),
                           hint="create the folder first, or name a file in an existing folder")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as out:
            write(out)
        size = temporary.stat().st_size
        temporary.replace(path)
    except OSError as error:
        raise ProjectError(f"cannot write the file ({error.strerror})", file=str(path),
                           hint="check that the folder exists and is writable") from None
    finally:
        temporary.unlink(missing_ok=True)
    return size

