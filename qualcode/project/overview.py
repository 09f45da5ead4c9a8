"""What qualcode understood of one write-up: the view `import --dry-run` and `documents show` print."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from qualcode.domain.errors import ProjectError
from qualcode.domain.model import ParsedTranscript
from qualcode.storage import documents as document_sql
from qualcode.storage.store import Store


@dataclass(frozen=True)
class SpeakerSummary:
    """One participant of a write-up and how many turns they have."""

    name: str
    role: str | None
    label: str | None
    is_interviewer: bool
    turns: int


@dataclass(frozen=True)
class DocumentOverview:
    """A write-up as understood: header facts, speakers, sections, turns, sentences and warnings."""

    source: str                      # the file name; "appendix.pdf, deel 2" for a part of a split file
    part: int | None                 # the write-up's number within a split file
    title: str
    case: str | None
    case_note: str | None            # how the case was found ("from the header", "matched existing case …")
    date: str | None                 # ISO date when complete
    date_as_written: str | None
    interviewers: tuple[str, ...]    # names of the participants flagged as interviewer
    speakers: tuple[SpeakerSummary, ...]
    narrative_turns: int             # turns without a speaker (a write-up's own narrative)
    sections: tuple[str, ...]
    turns: int
    sentences: tuple[str, ...]       # every codable sentence's text, in order
    words: int
    warnings: tuple[str, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)


def overview_of_parse(parsed: ParsedTranscript, *, source: str, part: int | None, title: str, case: str | None,
                      case_note: str | None, sentences: Sequence[tuple[int, int, int]], words: int,
                      warnings: Sequence[str]) -> DocumentOverview:
    """The overview of a write-up as the importer understood it (before or while it is stored)."""
    turns_of = Counter(t.participant_index for t in parsed.turns)
    speakers = tuple(SpeakerSummary(p.name, p.role, p.label, p.is_interviewer, turns_of.get(i, 0))
                     for i, p in enumerate(parsed.participants))
    header = parsed.header
    return DocumentOverview(
        source=source, part=part, title=title, case=case, case_note=case_note, date=header.date,
        date_as_written=header.date_as_written,
        interviewers=tuple(p.name for p in parsed.participants if p.is_interviewer), speakers=speakers,
        narrative_turns=turns_of.get(None, 0), sections=tuple(s.title for s in parsed.sections),
        turns=len(parsed.turns), sentences=tuple(parsed.text[s:e] for s, e, _ in sentences), words=words,
        warnings=tuple(warnings), attributes=dict(header.attributes))


def overview_of_document(store: Store, guid: str) -> DocumentOverview:
    """The same overview of a stored document, read back from the project."""
    row = document_sql.document_by_guid(store, guid)
    if row is None:
        raise ProjectError(f"no document with id {guid}")
    people = document_sql.participants(store, guid)
    turns = document_sql.turns(store, guid)
    turns_of = Counter(t["participant"] for t in turns)
    text = document_sql.document_text(store, guid)
    metadata = row.metadata
    return DocumentOverview(
        source=row.source_name, part=metadata.get("part"), title=row.title, case=row.case_name,
        case_note="stored", date=metadata.get("date"), date_as_written=metadata.get("date_as_written"),
        interviewers=tuple(p["name"] for p in people if p["is_interviewer"]),
        speakers=tuple(SpeakerSummary(p["name"], p["role"], p["label"], p["is_interviewer"],
                                      turns_of.get(p["name"], 0)) for p in people),
        narrative_turns=turns_of.get(None, 0), sections=tuple(s[0] for s in document_sql.sections(store, guid)),
        turns=len(turns), sentences=tuple(text[s:e] for s, e, _ in document_sql.sentences(store, guid)),
        words=row.word_count, warnings=tuple(metadata.get("warnings", ())),
        attributes=dict(metadata.get("attributes", {})))
