"""Plain rows the store hands upward (the project layer never sees SQL or cursors)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True)
class DocumentRow:
    """A stored document without its text."""

    id: int
    guid: str
    title: str
    source_name: str
    sha256: str
    format: str
    case_name: str | None
    word_count: int
    imported_at: str
    metadata: dict[str, Any]


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence to store: its offsets, its turn's position and its lemmas."""

    start: int
    end: int
    turn_position: int
    lemmas: str


@dataclass(frozen=True)
class CodeRow:
    """A stored code (or theme) with its parent's key."""

    id: int
    guid: str
    key: str
    parent_key: str | None
    name: str
    type: str | None
    description: str
    include: str
    exclude: str
    example: str
    colour: str | None
    keywords: tuple[str, ...]
    position: int
    name_en: str = ""  # the English name and description ('' when the codebook gives none)
    description_en: str = ""


@dataclass(frozen=True)
class CodingRow:
    """A stored coding: a span of a document's text with a code, by a coder."""

    id: int
    guid: str
    document_guid: str
    start: int
    end: int
    code_key: str
    coder: str
    created_at: str
    memo: str | None
    selection_guid: str | None = None  # the span's identity (REFI-QDA PlainTextSelection), shared by its codes


@dataclass(frozen=True)
class EventRow:
    """One user change in the audit trail (and the undo stack)."""

    id: int
    at: str
    coder: str | None
    action: str
    summary: str
    payload: dict[str, Any]
    undone: bool


@dataclass(frozen=True)
class DocumentProgress:
    """How far coding of one document has come: respondent turns, and how many of them are coded."""

    guid: str
    title: str
    case_name: str | None
    respondent_turns: int
    coded_turns: int  # respondent turns overlapping a coding by anyone
    mine: int  # respondent turns overlapping a coding by the coder asked about
    codings: int
    words: int = 0
    source_name: str = ""


class Passage(NamedTuple):
    """A coded passage with where it stands: document, case, speaker, section and line.

    A named tuple, not a frozen dataclass: a report reads every coding of a project, and building 20,000 frozen
    dataclasses cost 50 ms of the 1 s a report may take.
    """

    coding_guid: str
    code_key: str
    code_name: str
    coder: str
    document_guid: str
    document_title: str
    case_name: str | None
    start: int
    end: int
    text: str  # exactly the stored text[start:end]
    speaker: str | None  # the participant's name, else the turn's speaker label
    role: str | None
    is_interviewer: bool
    section: str | None
    line: int  # 1-based line of start in the document text
    memo: str | None
