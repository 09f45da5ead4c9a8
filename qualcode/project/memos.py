"""Memos as a list: every memo with what it is on and who wrote it last; the targets commands name; memo files."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from qualcode.domain.errors import ProjectError, shorten
from qualcode.project import choices, document_ops
from qualcode.project.base import ProjectBase
from qualcode.project.coding import MEMO_KINDS, excerpt
from qualcode.project.document_ops import DocumentEntry
from qualcode.storage import codes as code_sql
from qualcode.storage import documents as document_sql
from qualcode.storage import memos as memo_sql
from qualcode.storage.records import CodeRow
from qualcode.storage.store import Store

MAX_MEMO_BYTES = 1_000_000  # a memo is notes, not a transcript: a larger file is the wrong file
# C0 and C1 controls but tab, line feed and carriage return (escapes that act on a terminal when a memo is printed).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_KIND_ORDER = {kind: number for number, kind in enumerate(("project", "code", "document", "coding"))}


@dataclass(frozen=True)
class MemoTarget:
    """What a memo is on: a coding, document or code (by GUID), or the project (guid None)."""

    kind: str
    guid: str | None
    label: str  # e.g. "code capaciteit.tekort (Tekort aan capaciteit)", for messages


@dataclass(frozen=True)
class Memo:
    """One memo, what it is on, and who wrote it last and when (None when neither log nor table says)."""

    target: MemoTarget
    text: str
    coder: str | None
    written_at: str | None
    document: str | None = None  # the document's title (a coding's or a document's memo)
    document_guid: str | None = None
    case: str | None = None
    code: str | None = None  # the code's id (a coding's or a code's memo); None: no longer in the codebook
    code_name: str | None = None
    coded_text: str | None = None  # a coding's words in the document's current text
    start: int | None = None
    end: int | None = None


class MemoUseCases(ProjectBase):
    """The memo listing of Project (a base class of it; memo and set_memo live in core.py)."""

    def memos(self, kind: str | None = None, coder: str | None = None) -> list[Memo]:
        """Every memo (of one kind, last written by one coder): project, codes, then each document and its codings."""
        return list_memos(self.store, kind, coder)

    def memo_target(self, kind: str, reference: str | None = None) -> MemoTarget:
        """The coding (id or 4+ first characters), document, code (id) or project a command names."""
        return memo_target(self.store, kind, reference)


def _check_kind(kind: str) -> None:
    if kind not in MEMO_KINDS:
        raise ProjectError(f"memos belong to a coding, document, code or the project, not to '{shorten(kind)}'"
                           f"{choices.did_you_mean(kind, MEMO_KINDS)}", hint=f"use one of: {', '.join(MEMO_KINDS)}")


def list_memos(store: Store, kind: str | None = None, coder: str | None = None) -> list[Memo]:
    """Every memo in reading order: the project's, the codes' (codebook order), each document's and its codings'."""
    if kind is not None:
        _check_kind(kind)
    writers = memo_sql.memo_writers(store)
    codes = code_sql.codes(store)
    documents = {entry.guid: entry for entry in document_ops.list_documents(store)}
    memos = _table_memos(store, writers, codes, documents) if kind != "coding" else []
    if kind in (None, "coding"):
        memos += _coding_memos(store, writers, codes, documents)
    if coder is not None:
        # Who may have written one: every coder, and whoever only wrote memos (a coding's memo names no coder row).
        known = sorted({*store.coders(), *(memo.coder for memo in memos if memo.coder)})
        if coder not in known:
            choices.unknown("coder", coder, known, "--coder")
    document_order = {guid: number for number, guid in enumerate(documents)}
    code_order = {row.key: number for number, row in enumerate(codes)}

    def reading_order(memo: Memo) -> tuple[int, int, int, int]:
        kind_rank = _KIND_ORDER[memo.target.kind]
        if kind_rank < _KIND_ORDER["document"]:
            return kind_rank, code_order.get(memo.code or "", len(code_order)), 0, 0
        return _KIND_ORDER["document"], document_order[memo.document_guid or ""], kind_rank, memo.start or 0

    return sorted((memo for memo in memos if (kind is None or memo.target.kind == kind)
                   and (coder is None or memo.coder == coder)), key=reading_order)


_Writers = dict[tuple[str, str | None, str], tuple[str | None, str]]


def _table_memos(store: Store, writers: _Writers, codes: list[CodeRow],
                 documents: dict[str, DocumentEntry]) -> list[Memo]:
    """The memos on the project, codes and documents."""
    code_by_guid = {row.guid: row for row in codes}
    memos: list[Memo] = []
    for target_kind, guid, text, stored_by, updated_at in memo_sql.stored_memos(store):
        # The event log knows who wrote the text; the table row names who touched it last (an undo, a merge).
        who, when = writers.get((target_kind, guid, text), (stored_by, updated_at))
        if target_kind == "code":
            code = code_by_guid.get(guid or "")
            label = _code_label(code.key, code.name) if code else f"a code no longer in the codebook ({guid})"
            memos.append(Memo(MemoTarget("code", guid, label), text, who, when, code=code.key if code else None,
                              code_name=code.name if code else None))
        elif target_kind == "document" and guid in documents:  # a removed document takes its memos with it
            entry = documents[guid]
            memos.append(Memo(MemoTarget("document", guid, _document_label(entry.title)), text, who, when,
                              document=entry.title, document_guid=guid, case=entry.case))
        elif target_kind == "project":
            memos.append(Memo(MemoTarget("project", None, PROJECT_LABEL), text, who, when))
    return memos


def _coding_memos(store: Store, writers: _Writers, codes: list[CodeRow],
                  documents: dict[str, DocumentEntry]) -> list[Memo]:
    """The memos on codings, with the words each coding covers in its document's current text."""
    code_names = {row.key: row.name for row in codes}
    texts: dict[str, str] = {}
    memos: list[Memo] = []
    for guid, document_guid, start, end, code_key, coding_coder, created_at, text in memo_sql.coding_memos(store):
        if document_guid not in texts:
            texts[document_guid] = document_sql.document_text(store, document_guid)
        words = texts[document_guid][start:end]
        # A memo no event wrote came with the coding (codings add --memo, an import): its coder wrote it then.
        who, when = writers.get(("coding", guid, text), (coding_coder, created_at))
        entry = documents[document_guid]
        memos.append(Memo(MemoTarget("coding", guid, _coding_label(guid, code_key, words, entry.title)), text, who,
                          when, document=entry.title, document_guid=document_guid, case=entry.case, code=code_key,
                          code_name=code_names.get(code_key), coded_text=words, start=start, end=end))
    return memos


PROJECT_LABEL = "the project"


def _code_label(key: str, name: str) -> str:
    return f"code {key} ({name})"


def _document_label(title: str) -> str:
    return f"document '{excerpt(title, 60)}'"


def _coding_label(guid: str, code_key: str, words: str, title: str) -> str:
    return f"coding {guid[:8]}: {code_key} on '{excerpt(words)}' in '{excerpt(title, 40)}'"


def memo_target(store: Store, kind: str, reference: str | None) -> MemoTarget:
    """The one target a reference names: a coding's id (or its 4+ first characters), a document as resolve_document
    reads it, a code's id; the project takes none."""
    _check_kind(kind)
    if kind == "project":
        if reference is not None:
            raise ProjectError(f"a memo on the project names nothing after 'project' (got '{shorten(reference)}')",
                               hint="leave it out: e.g. 'qualcode memos show project'")
        return MemoTarget("project", None, PROJECT_LABEL)
    if reference is None or not reference.strip():
        example = {"coding": "3f2a9c1e", "document": "interview-kleidorp", "code": "capaciteit.tekort"}[kind]
        raise ProjectError(f"say which {kind} the memo is on", hint=f"e.g. 'qualcode memos show {kind} {example}'" + (
            "; 'qualcode codings list' shows the ids" if kind == "coding" else
            "; 'qualcode documents list' shows them" if kind == "document" else
            "; 'qualcode codebook show' lists the codes"))
    if kind == "document":
        guid = document_ops.resolve_document(store, reference)
        document = document_sql.document_by_guid(store, guid)
        return MemoTarget("document", guid, _document_label(document.title if document else guid))
    if kind == "code":
        code = next((row for row in code_sql.codes(store) if row.key == reference), None)
        if code is None:
            choices.unknown("code", reference, [row.key for row in code_sql.codes(store)], "TARGET",
                            see="'qualcode codebook show' lists them")
        return MemoTarget("code", code.guid, _code_label(code.key, code.name))
    from qualcode.project.coding_exchange import coding_entries, resolve_coding

    entry = resolve_coding(coding_entries(store), reference)
    return MemoTarget("coding", entry.coding_guid, _coding_label(entry.coding_guid, entry.code, entry.text,
                                                                 entry.document))


def read_memo_file(path: Path) -> str:
    """The text of a Markdown (or plain text) file for a memo: UTF-8, at most MAX_MEMO_BYTES, line breaks as \\n."""
    from qualcode.project.files import check_input_file

    size = check_input_file(path, limit=2**62, error=ProjectError)  # the memo's own limit says more, below
    if size > MAX_MEMO_BYTES:
        raise ProjectError(f"the file is too large for a memo ({size:,} bytes; a memo holds up to "
                           f"{MAX_MEMO_BYTES:,} bytes)".replace(",", "."), file=str(path),
                           hint="check that this is the right file; a long text belongs in a document "
                                "('qualcode import')")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ProjectError(f"cannot read the file ({error.strerror})", file=str(path),
                           hint="check that you may read it") from None
    return memo_from_bytes(raw, str(path))


def memo_from_bytes(raw: bytes, name: str) -> str:
    """Memo text from a file's or standard input's bytes: UTF-8 only (a BOM is dropped), no binary, no final newline."""
    if len(raw) > MAX_MEMO_BYTES:
        raise ProjectError(f"more than {MAX_MEMO_BYTES:,} bytes: too large for a memo".replace(",", "."), file=name,
                           hint="check that this is the right input")
    body = raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body[:error.start].count(b"\n") + 1
        raise ProjectError(f"not UTF-8 text (byte {error.start + len(raw) - len(body)} is not)", file=name, line=line,
                           hint="save the file as UTF-8 (in Word: Save as → Plain text → Unicode (UTF-8))") from None
    if "\x00" in text:
        raise ProjectError("this looks like a binary file, not text", file=name,
                           hint="write the memo in a Markdown or text file saved as UTF-8")
    return checked_memo_text(text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n"), name)


def checked_memo_text(text: str, name: str | None = None) -> str:
    """The text, refused when it holds a control character (name: the file or input it came from, if any)."""
    control = CONTROL_CHARACTERS.search(text)
    if control is not None:  # terminal escapes and the like: printed, they would act on the reader's terminal
        raise ProjectError(f"a control character (U+{ord(control[0]):04X}) is no part of a memo", file=name,
                           line=text.count("\n", 0, control.start()) + 1,
                           hint="remove it (it is invisible in most editors)" + (" and save the file again"
                                                                                  if name else ""))
    return text

