"""One open document as the workbench holds it: text, structure, codings, and questions about positions."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rich.text import Text

from qualcode.project import Project
from qualcode.ui.selection import Selection
from qualcode.ui.transcript_layout import CodedSpan, SuggestedSpan, TurnSpan
from qualcode.ui.transcript_view import ShownDocument


@dataclass(frozen=True)
class DocumentData:
    """A document with what the workbench asks about it."""

    shown: ShownDocument
    title: str
    header: Text
    codings: Sequence[CodedSpan]
    speakers: Sequence[str]  # per turn: "Name (role)" or the label
    sha256: str  # of the stored text, to notice a re-import by another process

    def with_codings(self, codings: Sequence[CodedSpan]) -> DocumentData:
        return replace(self, codings=codings)

    def code_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for coding in self.codings:
            counts[coding.code_key] = counts.get(coding.code_key, 0) + 1
        return counts

    def describe(self, span: tuple[int, int], selection: Selection) -> str:
        """Where the selection is, in words: sentence number, section, speaker, length."""
        start, end = span
        shown = self.shown
        parts = []
        if selection.mode == "sentence":
            low, high = sorted((selection.anchor, selection.cursor))
            parts.append(f"sentence {low + 1}" + (f"–{high + 1}" if high != low else "") + f"/{len(shown.sentences)}")
        else:
            parts.append("whole turn" if selection.mode == "turn" else "free selection")
        parts.append(f"{end - start} chars")
        section = self.section_at(start)
        if section:
            parts.append(section)
        turn_index = self.turn_index(start)
        if turn_index is not None and self.speakers[turn_index]:
            parts.append(self.speakers[turn_index])
        return " · ".join(parts)

    def section_at(self, offset: int) -> str | None:
        for title, start, end in self.shown.sections:
            if start <= offset < end:
                return title
        return None

    def turn_index(self, offset: int) -> int | None:
        turns = self.shown.turns
        index = bisect.bisect_right(turns, offset, key=lambda turn: turn.start) - 1
        if index >= 0 and turns[index].start <= offset < turns[index].end:
            return index
        return None

    def next_uncoded_turn(self, offset: int, step: int, coder: str) -> int | None:
        """The start of the next (step 1) or previous (step -1) respondent turn with no coding by this coder.

        By this coder, not by anyone: when two coders code the same document independently, the second must not
        skip what the first has coded.
        """
        mine = sorted((c.start, c.end) for c in self.codings if c.coder == coder)
        turns = [t for t in self.shown.turns if not t.is_interviewer]
        ordered = turns if step > 0 else list(reversed(turns))
        for turn in ordered:
            ahead = turn.start > offset if step > 0 else turn.end <= offset
            if ahead and not any(start < turn.end and end > turn.start for start, end in mine):
                return turn.start
        return None


def load_document(project: Project, guid: str, colour_of: Callable[[str], str]) -> DocumentData:
    """Read a document and everything shown with it from the project."""
    row = project.document(guid)
    text = project.document_text(guid)
    people = {p["name"]: p for p in project.participants(guid)}
    turns: list[TurnSpan] = []
    speakers: list[str] = []
    for turn in project.turns(guid):
        turns.append(TurnSpan(turn["start"], turn["end"], turn["speaker"], turn["is_interviewer"]))
        name = turn["participant"] or turn["speaker"] or ""
        role = turn["role"] or (people.get(name, {}).get("role") if name else None)
        speakers.append(f"{name} ({role})" if name and role else name)
    sentences = [(start, end) for start, end, _ in project.sentences(guid)]
    sections = project.sections(guid)
    firsts = [s[1] for s in sections[:1]] + [t.start for t in turns[:1]] + [s[0] for s in sentences[:1]]
    body_start = min(firsts) if firsts else 0
    body_start = text.rfind("\n", 0, body_start) + 1 if body_start else 0
    shown = ShownDocument(guid, text, sentences, turns, sections, body_start,
                          suggested_spans(project, guid, colour_of))
    return DocumentData(shown, row.title, _header(row.title, row.case_name, row.metadata, people),
                        coded_spans(project, guid, colour_of), speakers, row.sha256)


def coded_spans(project: Project, guid: str, colour_of: Callable[[str], str]) -> list[CodedSpan]:
    return [CodedSpan(c.guid, c.start, c.end, c.code_key, c.coder, c.memo, colour_of(c.code_key))
            for c in project.codings(guid)]


def suggested_spans(project: Project, guid: str, colour_of: Callable[[str], str]) -> list[SuggestedSpan]:
    """The document's pending code suggestions, as the transcript draws them."""
    names = {row.key: row.name for row in project.code_rows()}
    return [SuggestedSpan(s.guid, s.start, s.end, s.code_key, names.get(s.code_key, s.code_key), colour_of(s.code_key))
            for s in project.suggestions(document=guid)]


def _header(title: str, case: str | None, metadata: dict[str, object], people: dict[str, dict[str, object]]) -> Text:
    header = Text(overflow="ellipsis", no_wrap=True)
    header.append(title, style="bold")
    if case and case.replace("’", "'").lower() not in title.replace("’", "'").lower():
        header.append(f"  · gemeente {case}", style="cyan")
    date = metadata.get("date_as_written") or metadata.get("date")
    if date:
        header.append(f"  · {date}", style="dim")
    respondents = [f"{name} ({person['role']})" if person.get("role") else name
                   for name, person in people.items() if not person.get("is_interviewer")]
    if respondents:
        header.append("\n" + "; ".join(respondents), style="italic")
    return header

