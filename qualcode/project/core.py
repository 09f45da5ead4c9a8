"""Project: a folder with transcripts, codebooks, cases, settings and the database; every use case."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.cases import parse_cases
from qualcode.domain.errors import CasesError, ProjectError, QualcodeError
from qualcode.domain.model import Codebook
from qualcode.project import backups as backup_ops
from qualcode.project import coding as coding_cases
from qualcode.project import quote_choice
from qualcode.project import retrieval as retrieval_cases
from qualcode.project.agreement import AgreementUseCases
from qualcode.project.codebook_ops import (
    CodebookLoad,
    export_codebook,
    load_codebook,
    read_codebook,
    stored_codebook,
)
from qualcode.project.coding import UndoResult
from qualcode.project.coding_io import CodingTablesUseCases, RefiExchange
from qualcode.project.config import CONFIG_NAME, ProjectConfig, load_config, render_config
from qualcode.project.consensus import ConsensusUseCases
from qualcode.project.files import MAX_CASES_BYTES, decode, read_input_file
from qualcode.project.fixing import FixingUseCases
from qualcode.project.memos import MemoUseCases
from qualcode.project.merge import MergeUseCases
from qualcode.project.overview import DocumentOverview, overview_of_document
from qualcode.project.pseudonym_key import PseudonymUseCases
from qualcode.project.quote_choice import ChosenQuote, QuoteChoice
from qualcode.project.retrieval import CaseCodeMatrix
from qualcode.project.safekeeping import SafekeepingUseCases
from qualcode.project.search import SearchUseCases
from qualcode.project.status import Status, project_status
from qualcode.project.suggestions import SuggestionUseCases
from qualcode.project.words import WordsUseCases
from qualcode.storage import cases as case_sql
from qualcode.storage import codings as coding_sql
from qualcode.storage import documents as document_sql
from qualcode.storage import events as event_sql
from qualcode.storage import retrieval
from qualcode.storage.records import CodeRow, CodingRow, DocumentProgress, DocumentRow, Passage
from qualcode.storage.store import Store

if TYPE_CHECKING:  # the modules that do this work are imported when it is asked for (start-up stays fast)
    from qualcode.project.importer import FileResult, ImportReport
    from qualcode.project.reports import Rendered, TableRequest

DB_NAME = "qualcode.db"
FOLDERS = ("transcripts", "codebooks", "reports")


def find_project_root(start: Path) -> Path | None:
    """Return the nearest folder at or above start holding qualcode.toml or qualcode.db (as git does)."""
    current = start.resolve()
    for folder in (current, *current.parents):
        if (folder / CONFIG_NAME).is_file() or (folder / DB_NAME).is_file():
            return folder
    return None


@dataclass(frozen=True)
class CasesLoad:
    """What loading a cases file did."""

    added: int
    updated: int
    warnings: list[str]


class Project(SafekeepingUseCases, FixingUseCases, CodingTablesUseCases, RefiExchange, SearchUseCases,
              SuggestionUseCases, WordsUseCases, PseudonymUseCases, ConsensusUseCases, AgreementUseCases,
              MergeUseCases, MemoUseCases):
    """One research project on disk; open it with Project.open(root) or Project.find(cwd)."""

    def __init__(self, root: Path, config: ProjectConfig, store: Store) -> None:
        self.root = root
        self.config = config
        self.store = store

    # -- opening -------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path) -> Project:
        root = root.resolve()
        if not root.is_dir():
            raise ProjectError("this project folder does not exist", file=str(root),
                               hint="create one with 'qualcode init DIR'")
        if not (root / CONFIG_NAME).is_file() and not (root / DB_NAME).is_file():
            raise ProjectError("not a qualcode project (no qualcode.toml or qualcode.db here)", file=str(root),
                               hint="run 'qualcode init' here, or pass --project DIR")
        config = load_config(root / CONFIG_NAME)
        return cls(root, config, backup_ops.open_store(root, create=False))

    @classmethod
    def find(cls, start: Path) -> Project:
        root = find_project_root(start)
        if root is None:
            raise ProjectError(f"no qualcode project in {start.resolve()} or any folder above it",
                               hint="run 'qualcode init' to create one, or pass --project DIR")
        return cls.open(root)

    @classmethod
    def init(cls, root: Path, *, name: str | None = None, default_coder: str | None = None,
             interviewers: tuple[str, ...] = (), classifications: tuple[str, ...] = ()) -> Project:
        """Create a project folder (or make an existing folder a project) and open it."""
        root = root.resolve()
        if (root / CONFIG_NAME).exists() or (root / DB_NAME).exists():
            raise ProjectError("there is already a qualcode project here", file=str(root),
                               hint="use it as it is, or choose another folder")
        if root.exists() and not root.is_dir():
            raise ProjectError("this path is a file, not a folder", file=str(root), hint="choose a folder")
        root.mkdir(parents=True, exist_ok=True)
        for folder in FOLDERS:
            (root / folder).mkdir(exist_ok=True)
        (root / CONFIG_NAME).write_text(
            render_config(name or root.name, default_coder=default_coder, interviewers=interviewers,
                          classifications=classifications), encoding="utf-8")
        # The one place (with demo, which calls init) where a new database is made; open() never creates one.
        return cls(root, load_config(root / CONFIG_NAME), backup_ops.open_store(root, create=True))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        """Whether this process may not change the project (qualcode.db or its folder is not writable)."""
        return self.store.read_only

    # -- transcripts ---------------------------------------------------------------------------------------
    def import_transcripts(self, paths: Iterable[Path], *, coder: str | None = None, split: bool = False,
                           on_file: Callable[[FileResult], None] | None = None) -> ImportReport:
        """Import transcript files and folders; each document in its own transaction (split: one per write-up)."""
        from qualcode.project.importer import Importer

        return Importer(self.store, self.config, self.coder(coder), split=split).run(paths, on_file)

    def preview_import(self, paths: Iterable[Path], *, split: bool = False,
                       on_file: Callable[[FileResult], None] | None = None) -> ImportReport:
        """Say what importing would store (an overview and the warnings per document) and store nothing."""
        from qualcode.project.importer import Importer

        return Importer(self.store, self.config, None, split=split, dry_run=True).run(paths, on_file)

    def document_overview(self, guid: str) -> DocumentOverview:
        """The stored document as `import --dry-run` shows a file: header facts, speakers, turns, sentences."""
        return overview_of_document(self.store, guid)

    def documents(self) -> list[DocumentRow]:
        return document_sql.documents(self.store)

    def document(self, guid: str) -> DocumentRow:
        row = document_sql.document_by_guid(self.store, guid)
        if row is None:
            raise ProjectError(f"no document with id {guid}")
        return row

    def document_text(self, guid: str) -> str:
        try:
            return document_sql.document_text(self.store, guid)
        except KeyError:
            raise ProjectError(f"no document with id {guid}") from None

    def participants(self, guid: str) -> list[dict[str, Any]]:
        return document_sql.participants(self.store, guid)

    def sections(self, guid: str) -> list[tuple[str, int, int]]:
        return document_sql.sections(self.store, guid)

    def turns(self, guid: str) -> list[dict[str, Any]]:
        return document_sql.turns(self.store, guid)

    def sentences(self, guid: str) -> list[tuple[int, int, str]]:
        return document_sql.sentences(self.store, guid)

    # -- codebook ------------------------------------------------------------------------------------------
    def check_codebook(self, path: Path) -> Codebook:
        return read_codebook(path)

    def load_codebook(self, path: Path, *, force: bool = False, coder: str | None = None) -> CodebookLoad:
        codebook = read_codebook(path)
        return load_codebook(self.store, codebook, force=force, snapshot_dir=self.snapshot_dir,
                             coder=self.coder(coder), source=str(path))

    def codebook(self) -> Codebook:
        return stored_codebook(self.store)

    def export_codebook(self) -> str:
        return export_codebook(self.codebook())

    def code_rows(self) -> list[CodeRow]:
        """The stored codes and themes in tree order, with their ids, guids and colours."""
        from qualcode.storage.codes import codes

        return codes(self.store)

    def codings_per_code(self) -> dict[str, int]:
        from qualcode.storage.codes import codings_per_code

        return codings_per_code(self.store)

    # -- cases ---------------------------------------------------------------------------------------------
    def load_cases(self, path: Path, *, coder: str | None = None) -> CasesLoad:
        """Load a cases CSV: add new cases, update existing ones (matched by normalised name)."""
        if not path.exists() and not path.is_symlink():
            raise ProjectError("cases file not found", file=str(path), hint="check the path")
        raw = read_input_file(path, limit=MAX_CASES_BYTES, error=CasesError)
        try:
            text, warnings = decode(raw, str(path))
            records = parse_cases(text, classifications=self.config.classifications,
                                  size_thresholds=self.config.size_thresholds, aliases=self.config.case_aliases,
                                  warnings=warnings)
        except QualcodeError as error:
            raise error.located(str(path)) from None
        if not records:
            raise CasesError("the cases file has a header but no rows", file=str(path), line=2,
                             hint="add one row per case")
        with self.store.transaction():
            added, updated = case_sql.upsert_cases(self.store, records)
            self.store.record_event("load_cases", f"loaded {path.name}: {added} added, {updated} updated",
                                    {"source": str(path), "cases": [r.key for r in records]}, self.coder(coder))
        return CasesLoad(added, updated, warnings)

    def cases(self) -> list[dict[str, Any]]:
        return case_sql.cases(self.store)

    # -- codings -------------------------------------------------------------------------------------------
    def apply_coding(self, document_guid: str, start: int, end: int, code_key: str, coder: str,
                     memo: str | None = None, *, shown_sha256: str | None = None) -> CodingRow:
        """Code text[start:end] of a document; one transaction with its event.

        shown_sha256 is the hash of the text the offsets were taken from (the workbench's, a found phrase's): when
        the document has another text by now (a new version stored meanwhile), nothing is coded.
        """
        return coding_cases.apply_coding(self.store, document_guid, start, end, code_key, coder, memo,
                                         shown_sha256=shown_sha256)

    def codings(self, document_guid: str | None = None) -> list[CodingRow]:
        return coding_sql.codings(self.store, document_guid)

    def remove_coding(self, coding_guid: str, coder: str) -> CodingRow:
        """Delete a coding; undo puts it back with the same guid, coder, created_at and memo."""
        return coding_cases.remove_coding(self.store, coding_guid, coder)

    def set_coding_memo(self, coding_guid: str, text: str | None, coder: str) -> None:
        """Set a coding's memo; empty or whitespace text removes it."""
        coding_cases.set_memo(self.store, "coding", coding_guid, text, coder)

    def memo(self, target_kind: str, target_guid: str) -> str | None:
        """Return the memo of a coding, document, code (key or guid) or the project (target_guid ignored)."""
        return coding_cases.memo(self.store, target_kind, target_guid)

    def set_memo(self, target_kind: str, target_guid: str, text: str | None, coder: str) -> None:
        """Write or replace a memo (one per target); empty text removes it."""
        coding_cases.set_memo(self.store, target_kind, target_guid, text, coder)

    def undo(self, coder: str) -> UndoResult | None:
        """Undo this coder's newest coding or memo change (kept in the event log, so it survives restarts)."""
        return coding_cases.undo(self.store, coder)

    def redo(self, coder: str) -> UndoResult | None:
        """Redo this coder's newest undone change (a redone removal snapshots the database first)."""
        return coding_cases.redo(self.store, coder, snapshot_dir=self.snapshot_dir)

    def recent_codes(self, coder: str, limit: int = 9) -> list[str]:
        """Return the codes this coder applied most recently, newest first, each once."""
        return coding_cases.recent_codes(self.store, coder, limit)

    def coders(self) -> list[str]:
        return self.store.coders()

    def choose_quote(self, coding_guid: str, chosen: bool = True, coder: str | None = None) -> QuoteChoice:
        """'Use as quote' (or not): the synthesis quotes this coding first for its code; one undoable event."""
        return quote_choice.choose(self.store, coding_guid, chosen, self.coder(coder))

    def chosen_quotes(self, code: str | None = None) -> list[ChosenQuote]:
        return quote_choice.chosen_list(self.store, code)

    def data_version(self) -> int:
        """Return a number that changes when another connection (a second coder) commits; cheap to poll.

        Raises a ProjectError when qualcode.db was deleted, moved or replaced (the workbench shows it).
        """
        self.store.check_identity()
        return event_sql.data_version(self.store)

    # -- retrieval -----------------------------------------------------------------------------------------
    def document_progress(self, coder: str | None, document_guid: str | None = None) -> list[DocumentProgress]:
        """Per document (or the one given), in documents() order: respondent turns, coded ones, and mine."""
        return retrieval.document_progress(self.store, coder, document_guid)

    def passages(self, code_key: str | None = None, *, include_children: bool = True, case: str | None = None,
                 attributes: dict[str, str] | None = None, coder: str | None = None,
                 document_guid: str | None = None) -> list[Passage]:
        """Return the coded passages matching every filter given; case "(geen casus)" selects caseless documents."""
        return retrieval_cases.passages(self.store, code_key, include_children=include_children, case=case,
                                        attributes=attributes, coder=coder, document_guid=document_guid)

    def case_attribute_values(self) -> dict[str, list[str]]:
        """Return attribute name → its distinct values (as passages() compares them), for filter pickers."""
        return retrieval_cases.case_attribute_values(self.store)

    def case_code_matrix(self, *, code_type: str | None = None, coder: str | None = None) -> CaseCodeMatrix:
        return retrieval_cases.case_code_matrix(self.store, code_type=code_type, coder=coder)

    def find_in_document(self, document_guid: str, query: str) -> list[tuple[int, int]]:
        """Return spans matching query as typed, plus the words that are another form of it (lemma search)."""
        return retrieval_cases.find_in_document(self.store, document_guid, query)

    # -- reports -------------------------------------------------------------------------------------------
    def report(self, kind: str, fmt: str = "md", *, lang: str | None = None, anonymise: bool = False,
               coder: str | None = None, timestamp: bool = False, charts: bool | None = None) -> Rendered:
        """Render a synthesis, appendix or case report (md, html, docx) from the project's codings."""
        from qualcode.project.reports import render_report

        return render_report(self.store, self.config, self.root, kind, fmt, lang=lang, anonymise=anonymise,
                             coder=coder, timestamp=timestamp, charts=charts)

    def table(self, request: TableRequest | str, fmt: str = "csv", *, lang: str | None = None,
              coder: str | None = None, anonymise: bool = False) -> Rendered:
        """One analysis table (matrix, frequencies, cooccurrence, quotes, respondents) as csv, xlsx or md."""
        from qualcode.project.reports import TableRequest, render_table

        request = TableRequest(request) if isinstance(request, str) else request
        return render_table(self.store, self.config, request, fmt, lang=lang, coder=coder, anonymise=anonymise,
                            root=self.root)

    # -- overview ------------------------------------------------------------------------------------------
    def status(self) -> Status:
        """What the project holds and how far coding has come (qualcode status)."""
        return project_status(self.store, self.config.name, self.root)
