"""Importing a REFI-QDA project (.qdpx) or codebook (.qdc): into a new project or an existing one (matched by GUID),
in one transaction with one event, or as a dry run that stores nothing; what was dropped or changed, item by item.

Every GUID of the file is kept (documents, codes, selections, codings, cases, variables, users, notes). Documents
are understood with qualcode's own transcript parser, so the workbench and reports work on them; their text is
stored with `\\n` line ends and every selection moved onto it (exchange/qde_text.py says how offsets are read).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.cases import MAX_NAME
from qualcode.domain.errors import shorten
from qualcode.domain.names import case_key
from qualcode.exchange import qde_model as qde
from qualcode.exchange.qde_archive import ExchangeError
from qualcode.exchange.qde_read import Read, read_qdc, read_qdpx
from qualcode.nlp.pipeline import Lemmatiser
from qualcode.project import exchange_plan as plan_ops
from qualcode.project.config import ProjectConfig
from qualcode.project.exchange_plan import Codebook, Report
from qualcode.project.exchange_sources import SourceDocument, source_document, source_name
from qualcode.project.importer import sentence_positions, sentence_spans
from qualcode.storage import documents as document_sql
from qualcode.storage import exchange_import as sql
from qualcode.storage.exchange_import import ImportCoding, ImportMemo, Known
from qualcode.storage.records import SentenceSpan
from qualcode.storage.store import Store, new_guid, now

if TYPE_CHECKING:
    from qualcode.project.base import ProjectBase

KINDS = ("qdpx", "qdc")


@dataclass
class RefiImport:
    """What importing a REFI-QDA file did (or, in a dry run, would do)."""

    file: Path
    kind: str  # qdpx or qdc
    origin: str | None
    project_root: Path | None
    dry_run: bool
    added: dict[str, int] = field(default_factory=dict)  # documents, codes, codings, … added
    matched: dict[str, int] = field(default_factory=dict)  # already in the project, by GUID
    dropped: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    snapshot: Path | None = None


@dataclass
class _Plan:
    read: Read
    report: Report
    codebook: Codebook
    variables: list[sql.ImportVariable] = field(default_factory=list)
    cases: list[sql.ImportCase] = field(default_factory=list)
    documents: list[SourceDocument] = field(default_factory=list)
    codings: list[ImportCoding] = field(default_factory=list)
    memos: list[ImportMemo] = field(default_factory=list)
    matched: dict[str, int] = field(default_factory=dict)


def kind_of(path: Path, kind: str | None) -> str:
    """qdpx or qdc: as asked, else from the file's extension (.qde is read as a project)."""
    if kind is not None:
        return kind
    suffix = path.suffix.lower()
    return "qdc" if suffix == ".qdc" else "qdpx"


def read_file(path: Path, kind: str) -> Read:
    if not path.exists():
        raise ExchangeError("file not found", file=str(path), hint="check the path")
    if path.is_dir():
        raise ExchangeError("is a folder, not a file", file=str(path), hint=f"name a .{kind} file")
    return read_qdc(path) if kind == "qdc" else read_qdpx(path)


def import_qdpx(project: ProjectBase, path: Path, *, kind: str | None = None, coder: str | None = None,
                dry_run: bool = False, drop_invalid: bool = False) -> RefiImport:
    """Import a .qdpx or .qdc into this project: what it holds is matched by GUID and added, never duplicated;
    a snapshot first; one transaction, one event."""
    kind = kind_of(path, kind)
    read = read_file(path, kind)
    plan = _plan(read, sql.known(project.store), project.config, project.coder(coder), drop_invalid, path)
    result = _result(path, kind, plan, project.root, dry_run)
    if not dry_run and any(result.added.values()):  # nothing new: no snapshot, no event
        result.snapshot = project.store.snapshot(project.snapshot_dir, "import-refi")
        _store(project.store, plan, path, project.coder(coder), result, new_project=False)
    return result


def import_new_project(path: Path, folder: Path, *, kind: str | None = None, coder: str | None = None,
                       dry_run: bool = False, drop_invalid: bool = False) -> RefiImport:
    """Make a new project in folder from a .qdpx or .qdc; the folder appears only when the import succeeded."""
    from qualcode.project.core import Project

    kind = kind_of(path, kind)
    folder = folder.resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ExchangeError("this folder exists and is not empty", file=str(folder),
                            hint="name a new folder with --project DIR, or import into a project with --into DIR")
    read = read_file(path, kind)
    if dry_run:
        plan = _plan(read, Known(), None, coder or "", drop_invalid, path)
        return _result(path, kind, plan, folder, dry_run)
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}.importing-", dir=folder.parent))
    building.chmod(0o777 & ~_umask())  # mkdtemp makes a private folder; a project folder is an ordinary one
    try:
        with Project.init(building, name=read.project.name or folder.name, default_coder=coder) as project:
            plan = _plan(read, sql.known(project.store, with_texts=False), project.config, project.coder(coder),
                         drop_invalid, path)
            result = _result(path, kind, plan, folder, dry_run)
            _store(project.store, plan, path, project.coder(coder), result, new_project=True)
        if folder.exists():
            folder.rmdir()  # empty, checked above
        building.rename(folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return result


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _result(path: Path, kind: str, plan: _Plan, root: Path | None, dry_run: bool) -> RefiImport:
    book = plan.codebook
    added = {"documents": len(plan.documents), "codes": len(book.codes), "code types": len(book.types),
             "codings": len(plan.codings), "cases": len(plan.cases), "variables": len(plan.variables),
             "coders": len(book.coders), "memos": len(plan.memos)}
    read_changed = [n.removeprefix("changed: ") for n in plan.read.notices if n.startswith("changed: ")]
    read_dropped = [n.removeprefix("dropped: ") for n in plan.read.notices if not n.startswith("changed: ")]
    return RefiImport(path, kind, plan.read.origin, root, dry_run, added,
                      {**plan.matched, "codes": book.matched_codes},
                      plan_ops.summarise([*read_dropped, *plan.report.dropped]),
                      plan_ops.summarise([*read_changed, *plan.report.changed]))


# --- planning ----------------------------------------------------------------------------------------------------
def _plan(read: Read, known: Known, config: ProjectConfig | None, coder: str, drop_invalid: bool,
          path: Path) -> _Plan:
    report = Report()
    project = read.project
    book = plan_ops.plan_codebook(project, known, report)
    plan = _Plan(read, report, book, matched={"documents": 0, "codings": 0, "cases": 0})
    aliases = dict(config.case_aliases) if config is not None else {}
    plan.variables, variables = plan_ops.plan_variables(project.variables, known, report)
    interviewers = config.interviewers if config is not None else ()
    documents: dict[str, SourceDocument | None] = {}
    for source in project.sources:
        if source.guid in documents:
            report.dropped.append(f"source '{source_name(source)}': a second source with GUID {source.guid}")
        else:
            documents[source.guid] = source_document(source, read, interviewers, None, report)
    headers = {guid: document.parsed.header.case_name for guid, document in documents.items()
               if document is not None and document.parsed.header.case_name}
    plan.cases, source_case = plan_ops.plan_cases(project, known, variables, aliases, report, headers)
    plan.matched["cases"] = sum(1 for case in project.cases if case.guid in known.cases)
    notes = plan_ops.notes_by_guid(project.notes)
    used_notes: set[str] = set()
    coding_guids = set(known.codings)
    source_names = set(known.source_names)
    fallback_user: list[str] = []  # made when a coding names no user: the project's creator, else who imports
    for document in documents.values():
        if document is None:
            continue
        source = document.source
        document.case_guid = source_case.get(source.guid)
        stored_text = known.documents.get(source.guid)
        if stored_text is not None:
            plan.matched["documents"] += 1
            if stored_text != document.text:
                new = sum(1 for s in source.selections for c in s.codings if c.guid not in coding_guids)
                report.dropped.append(f"source '{source_name(source)}': the project holds another text under its GUID; "
                                      f"kept the project's, and left out its {new} new codings")
                continue
        else:
            plan.documents.append(document)
            title = source_name(source)
            unique, number = title, 2
            while unique in source_names:
                unique, number = f"{title} ({number})", number + 1
            source_names.add(unique)
            document.source_name = unique
            if document.case_guid is None and not (read.origin or "").startswith("qualcode"):
                document.case_guid = _case_from_header(plan, document, known, aliases)
            _memo(plan, "document", source.guid, source.note_refs, notes, used_notes, known)
            if source.variable_values:
                report.dropped.append(f"source '{title}': {len(source.variable_values)} variable values "
                                      "(qualcode keeps variables on cases)")
        _codings(plan, source, document, known, coding_guids, fallback_user, coder, notes, used_notes)
    if plan.read.project.codes or known.codes:
        for code, _ in qde.walk_codes(project.codes):
            _memo(plan, "code", code.guid, code.note_refs, notes, used_notes, known)
    _memo(plan, "project", None, project.note_refs, notes, used_notes, known)
    loose = [notes[g] for g in notes if g not in used_notes]
    if loose:
        target = ("project", None)
        if target in known.memo_targets or any(m.target_kind == "project" for m in plan.memos):
            report.dropped.append(f"{plan_ops.counted(len(loose), 'note')} about nothing qualcode keeps (the project "
                                  "memo is taken)")
        else:
            _add_memo(plan, "project", None, loose, known)
            report.changed.append(f"{plan_ops.counted(len(loose), 'note')} about no code, source or coding: made "
                                  "the project memo")
    if report.invalid and not drop_invalid:
        listed = "\n  ".join(plan_ops.summarise(report.invalid, 10))
        raise ExchangeError(f"the file contradicts itself in {len(report.invalid):,} places; nothing was imported:"
                            f"\n  {listed}", file=str(path),
                            hint="export it again from the program that made it, or add --drop-invalid to import "
                                 "everything else and leave these out")
    report.dropped.extend(f"invalid: {line}" for line in report.invalid)
    return plan


def _case_from_header(plan: _Plan, document: SourceDocument, known: Known, aliases: dict[str, str]) -> str | None:
    """The case a transcript's header names ('Gemeente: Hoogveen') when the file links its source to none, as a
    transcript import does: an existing case of that name, else a new one."""
    name = document.parsed.header.case_name
    if not name or len(name) > MAX_NAME:
        return None
    key = case_key(name, aliases)
    guid = known.case_keys.get(key) or next((c.guid for c in plan.cases if c.key == key), None)
    if guid is None:
        guid = new_guid()
        plan.cases.append(sql.ImportCase(guid, name, key, ()))
    plan.report.changed.append(f"source '{source_name(document.source)}': linked to case '{shorten(name, 60)}' "
                               "named in its header (the file links it to no case)")
    return guid


def _fallback_user(project: qde.Project, book: Codebook, known: Known, coder: str) -> str:
    """Whom a coding without a creatingUser is attributed to: the project's creator, else who imports."""
    if project.creating_user is not None:
        return plan_ops.unknown_user(project.creating_user, book, known)
    if coder in known.coder_names:
        return known.coder_names[coder]
    existing = next((c.guid for c in book.coders if c.name == coder), None)
    if existing is not None:
        return existing
    guid = new_guid()
    book.coders.append(sql.ImportCoder(guid, coder or "import"))
    book.user_map[guid] = guid
    return guid


def _codings(plan: _Plan, source: qde.TextSource, document: SourceDocument, known: Known, coding_guids: set[str],
             fallback_user: list[str], coder: str, notes: dict[str, qde.Note],
             used_notes: set[str]) -> None:
    report, book = plan.report, plan.codebook
    name = source_name(source)
    whole = [(qde.TextSelection(source.guid, 0, len(document.text), codings=source.codings), (0, len(document.text)))]
    if source.codings:
        report.changed.append(f"source '{name}': {len(source.codings)} codings of the whole source became codings "
                              "of its whole text")
    empty = 0
    for selection, span in [*zip(source.selections, document.spans, strict=True), *whole]:
        if not selection.codings:
            empty += selection is not whole[0][0]
            continue
        if selection.start == selection.end:
            left_out = plan_ops.counted(len(selection.codings), "coding")
            report.dropped.append(f"source '{name}': selection {selection.guid} is empty ({selection.start}–"
                                  f"{selection.end}); its {left_out} left out")
            continue
        if span is None:
            report.invalid.append(f"source '{name}': selection {selection.guid} ({selection.start}–{selection.end}) "
                                  f"lies outside its text ({len(document.text):,} characters)")
            continue
        if selection.start > selection.end:
            report.changed.append(f"source '{name}': selection {selection.guid} ends before it starts "
                                  f"({selection.start}–{selection.end}); read from {selection.end} to "
                                  f"{selection.start}")
        for coding in selection.codings:
            if coding.code_guid not in book.code_guids and coding.code_guid not in known.codes:
                report.invalid.append(f"source '{name}': coding {coding.guid} names code {coding.code_guid}, which "
                                      "the file does not define")
                continue
            if coding.guid in coding_guids:
                if coding.guid in known.codings:
                    plan.matched["codings"] += 1
                else:
                    report.dropped.append(f"source '{name}': a second coding with GUID {coding.guid}")
                continue
            coding_guids.add(coding.guid)
            user = coding.creating_user or selection.creating_user or source.creating_user
            if not user and not fallback_user:
                fallback_user.append(_fallback_user(plan.read.project, book, known, coder))
            coder_guid = plan_ops.unknown_user(user, book, known) if user else fallback_user[0]
            refs = (*coding.note_refs, *selection.note_refs)
            memo_notes = [notes[g] for g in refs if g in notes]
            used_notes.update(g for g in refs if g in notes)
            memo = "\n\n".join(n.text for n in memo_notes) or None
            plan.codings.append(ImportCoding(
                coding.guid, selection.guid if selection is not whole[0][0] else coding.guid, source.guid, span[0],
                span[1], coding.code_guid, coder_guid,
                coding.creation_date_time or selection.creation_date_time or now(), memo))
    if empty:
        report.dropped.append(f"source '{name}': {plan_ops.counted(empty, 'selection')} without codings (qualcode "
                              "keeps coded passages)")


def _memo(plan: _Plan, kind: str, target: str | None, refs: tuple[str, ...], notes: dict[str, qde.Note],
          used: set[str], known: Known) -> None:
    found = [notes[g] for g in refs if g in notes]
    used.update(note.guid for note in found)
    if not found:
        return
    if (kind, target) in known.memo_targets:
        plan.report.dropped.append(f"{len(found)} notes on a {kind} that has a memo in the project already")
        return
    _add_memo(plan, kind, target, found, known)
    if len(found) > 1:
        plan.report.changed.append(f"{len(found)} notes on one {kind} joined into one memo")


def _add_memo(plan: _Plan, kind: str, target: str | None, found: list[qde.Note], known: Known) -> None:
    first = found[0]
    user = first.creating_user
    coder = plan_ops.unknown_user(user, plan.codebook, known) if user else None
    created = first.creation_date_time or now()
    # A memo keeps its note's GUID, unless the project has a memo with that GUID already (elsewhere).
    memo_guid = first.guid if first.guid not in known.memos else new_guid()
    plan.memos.append(ImportMemo(memo_guid, kind, target, coder, "\n\n".join(n.text for n in found), created,
                                 first.modified_date_time or created))


# --- storing -----------------------------------------------------------------------------------------------------
def _store(store: Store, plan: _Plan, path: Path, coder: str, result: RefiImport, *, new_project: bool) -> None:
    lemmatiser = Lemmatiser()
    prepared = []
    for document in plan.documents:
        positions = sentence_positions(document.parsed)
        prepared.append((document, sentence_spans(document.parsed, lemmatiser, positions)))
    book = plan.codebook
    with store.transaction():
        sql.insert_coders(store, book.coders)
        sql.insert_code_types(store, book.types)
        sql.insert_codes(store, book.codes)
        sql.insert_variables(store, plan.variables)
        sql.insert_cases(store, plan.cases)
        _store_documents(store, plan, path, prepared)
        sql.insert_codings(store, plan.codings)
        order = {note.guid: index for index, note in enumerate(plan.read.project.notes)}
        sql.insert_memos(store, sorted(plan.memos, key=lambda memo: order.get(memo.guid, len(order))))
        summary = ", ".join(f"{count:,} {what}" for what, count in result.added.items() if count)
        event_id = store.record_event(
            "import_refi", f"imported {path.name} ({summary or 'nothing new'})",
            {"file": str(path), "origin": plan.read.origin, "added": result.added,
             "documents": [d.source.guid for d in plan.documents],
             "snapshot": str(result.snapshot) if result.snapshot else None}, coder)
        if new_project:
            made = plan.read.project
            users = plan.codebook.user_map
            sql.record_origin(store, created=(made.creation_date_time, users.get(made.creating_user or "",
                                                                                 made.creating_user)),
                              modified=(made.modified_date_time, users.get(made.modifying_user or "",
                                                                           made.modifying_user)),
                              event_id=event_id)


def _store_documents(store: Store, plan: _Plan, path: Path,
                     prepared: list[tuple[SourceDocument, list[SentenceSpan]]]) -> None:
    for document, sentences in prepared:
        source = document.source
        case_id = sql.case_id(store, document.case_guid) if document.case_guid else None
        metadata: dict[str, Any] = {"refi": {"origin": plan.read.origin, "file": path.name}}
        if source.description:
            metadata["description"] = source.description
        document_sql.save_document(
            store, source_name=document.source_name, title=source_name(source),
            sha256=hashlib.sha256(document.text.encode("utf-8")).hexdigest(), parsed=document.parsed,
            case_id=case_id, word_count=len(document.text.split()), metadata=metadata, sentences=sentences,
            keep_guid=source.guid)
        if source.creation_date_time:
            sql.set_imported_at(store, source.guid, source.creation_date_time)
