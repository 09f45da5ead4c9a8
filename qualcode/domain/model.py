"""Frozen dataclasses for what a transcript, a codebook and a case are."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Participant:
    """A person in an interview: a respondent or the interviewer."""

    name: str
    role: str | None = None
    label: str | None = None
    is_interviewer: bool = False


@dataclass(frozen=True)
class Section:
    """A numbered topic section; start..end spans the title and everything up to the next one."""

    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Turn:
    """The words of one speaker; start..end spans the words only (no label, timestamp or quotes)."""

    start: int
    end: int
    speaker: str | None
    participant_index: int | None = None
    time_start: str | None = None
    time_end: str | None = None
    # Spans within start..end that hold words (a turn may run over several paragraphs).
    paragraphs: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Header:
    """The fields at the top of a transcript."""

    case_name: str | None = None
    title: str | None = None
    date: str | None = None
    date_as_written: str | None = None
    participants: tuple[Participant, ...] = ()
    interviewers: tuple[str, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)
    end: int = 0


@dataclass(frozen=True)
class ParsedTranscript:
    """A transcript understood: its text (stored as is), header, sections, turns and participants."""

    text: str
    format: str
    header: Header
    participants: tuple[Participant, ...]
    sections: tuple[Section, ...]
    turns: tuple[Turn, ...]
    warnings: tuple[str, ...] = ()


BUILTIN_TYPES: dict[str, tuple[str, str, str]] = {
    # id: (Dutch label, English label, badge)
    "barrier": ("belemmering", "barrier", "B"),
    "opportunity": ("kans", "opportunity", "K"),
    "condition": ("randvoorwaarde", "condition", "R"),
}

TYPE_ALIASES: dict[str, str] = {
    "belemmering": "barrier",
    "belemmeringen": "barrier",
    "knelpunt": "barrier",
    "barrière": "barrier",
    "barriere": "barrier",
    "kans": "opportunity",
    "kansen": "opportunity",
    "randvoorwaarde": "condition",
    "randvoorwaarden": "condition",
}


@dataclass(frozen=True)
class CodeType:
    """A facet of codes, such as barrier (belemmering); independent of the theme tree."""

    key: str
    label: str
    label_en: str
    badge: str
    builtin: bool = False


@dataclass(frozen=True)
class Code:
    """A node of the codebook tree; a node without a type is a theme."""

    key: str
    name: str
    parent_key: str | None = None
    type: str | None = None
    description: str = ""
    include: str = ""
    exclude: str = ""
    example: str = ""
    colour: str | None = None
    keywords: tuple[str, ...] = ()
    position: int = 0
    # Where the code stands in its YAML file: for messages only, so not part of equality.
    line: int | None = field(default=None, compare=False)
    # The code's identity for life (REFI-QDA GUID, upper case); None until the project gives it one.
    guid: str | None = field(default=None, compare=False)
    # The name and description an English report uses ('' when the codebook gives none: the Dutch ones then).
    name_en: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class Codebook:
    """A named tree of codes with the types it uses."""

    name: str
    codes: tuple[Code, ...]
    types: tuple[CodeType, ...]

    def code(self, key: str) -> Code:
        for code in self.codes:
            if code.key == key:
                return code
        raise KeyError(key)

    def path(self, key: str, separator: str = " › ") -> str:
        """'Ambitie en beleid › Vastgestelde routekaart geeft richting': the names from the root theme down."""
        by_key = {code.key: code for code in self.codes}
        names: list[str] = []
        current: str | None = key
        while current is not None and current in by_key and len(names) < len(by_key):
            names.append(by_key[current].name)
            current = by_key[current].parent_key
        return separator.join(reversed(names)) or key


@dataclass(frozen=True)
class CaseAttribute:
    """A typed attribute value of a case."""

    name: str
    type: str  # integer, decimal, boolean, date, text, category, categories
    value: Any


@dataclass(frozen=True)
class CaseRecord:
    """A case (usually a municipality) with its attributes, as read from a CSV."""

    name: str
    key: str
    attributes: tuple[CaseAttribute, ...]
    line: int | None = None
