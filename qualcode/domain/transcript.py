"""Transcript bodies: numbered topic sections, speaker turns (labels, timestamps, quotes) and paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from qualcode.domain.errors import TranscriptError
from qualcode.domain.header import parse_header
from qualcode.domain.model import Header, ParsedTranscript, Participant, Section, Turn
from qualcode.domain.names import TUSSENVOEGSELS, person_key
from qualcode.domain.speakers import SpeakerMatcher, is_generic_label

_TS = r"(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)"
_LABEL_LINE = re.compile(
    rf"^[ \t]*(?:[\[(]?{_TS}[\])]?[ \t]+)?(?:\*\*)?(?P<label>[^\W\d_][\w.'’ -]{{0,40}}?)(?:\*\*)?"
    rf"(?:[ \t]*[\[(]{_TS}[\])])?[ \t]*(?:\*\*)?:(?:\*\*)?(?:[ \t]+|$)"
)
_LEADING_TS = re.compile(rf"^[ \t]*[\[(]{_TS}[\])][ \t]*")
_SECTION = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(?:(?:thema|onderwerp|deel|topic|blok)[ \t]+)?(?P<number>\d{1,2})"
    r"[ \t]*[.):][ \t]*(?P<title>[^\W\d_][^\n]{1,100}?)[ \t]*(?:\*\*)?[ \t]*$",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?P<title>\S[^\n]{0,100}?)[ \t]*$")
_NOT_SPEAKERS = frozenset({
    "noot", "opmerking", "let op", "conclusie", "samenvatting", "toelichting", "actiepunt", "actiepunten",
    "kortom", "bijvoorbeeld", "bron", "zie", "nb", "n b", "ps", "tip", "voorbeeld", "vervolg", "afspraken",
    "aanwezig", "afwezig", "note", "summary", "conclusion",
})
OPEN_QUOTES = "“„\"«‘‚"
CLOSE_QUOTES = "”\"»’"
_SENTENCE_FINAL = tuple(".!?…:\"”’)")


@dataclass
class _OpenTurn:
    label: str | None
    participant: int | None
    time_start: str | None
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    quote_open: bool = False
    quoted: bool = False


def parse_transcript(text: str, fmt: str = "txt", *, known_interviewers: Iterable[str] = (),
                     cue_end_times: Iterable[str | None] = ()) -> ParsedTranscript:
    """Understand a transcript text: header, participants, sections and turns with exact offsets."""
    if not text.strip():
        raise TranscriptError("the transcript is empty", hint="check that the file holds the interview text")
    header, warnings = parse_header(text)
    known = tuple(known_interviewers)
    matcher = SpeakerMatcher(header.participants, header.interviewers, known)
    # A second pass with the names now known keeps a short first turn from being read as a header field.
    header, warnings = parse_header(text, known_labels=matcher.label_keys())
    matcher = SpeakerMatcher(header.participants, header.interviewers, known)
    parser = _BodyParser(text, fmt, header, matcher)
    sections, turns = parser.parse()
    if not turns:
        raise TranscriptError("no interview text found after the header",
                              hint="put the conversation below the header fields, one turn per speaker")
    participants = matcher.with_labels(parser.first_labels)
    participants = _mark_interviewer(text, participants, turns)
    ends = list(cue_end_times)
    if ends and len(ends) == len(turns):
        turns = [replace(turn, time_end=end) for turn, end in zip(turns, ends, strict=True)]
    return ParsedTranscript(text=text, format=fmt, header=header, participants=participants,
                            sections=tuple(sections), turns=tuple(turns), warnings=tuple(warnings))


class _BodyParser:
    def __init__(self, text: str, fmt: str, header: Header, matcher: SpeakerMatcher) -> None:
        self.text = text
        self.fmt = fmt
        self.header = header
        self.matcher = matcher
        self.label_keys = matcher.label_keys()
        self.has_people = bool(header.participants)
        self.first_labels: dict[int, str] = {}
        self.sections: list[tuple[str, int]] = []
        self.turns: list[Turn] = []
        self.current: _OpenTurn | None = None
        self.last_section_number = 0

    def parse(self) -> tuple[list[Section], list[Turn]]:
        text = self.text
        offset = self.header.end
        previous_final = True
        for line in text[self.header.end:].split("\n"):
            start, end = offset, offset + len(line)
            offset = end + 1
            stripped = line.strip()
            if not stripped:
                previous_final = True
                continue
            if self._section(line, start):
                previous_final = True
                continue
            if self._label(line, start, end):
                previous_final = stripped.endswith(_SENTENCE_FINAL)
                continue
            timestamp = _LEADING_TS.match(line)
            words_start = start + (timestamp.end() if timestamp else len(line) - len(line.lstrip()))
            if timestamp and self.current is not None and self.current.label is None and previous_final:
                # A new timestamp without a speaker is a new utterance, not more of the last one.
                self._close_turn()
            self._words(words_start, end, new_paragraph=previous_final,
                        time_start=timestamp[1] if timestamp else None)
            previous_final = stripped.endswith(_SENTENCE_FINAL)
        self._close_turn()
        sections = [Section(title, start, self.sections[i + 1][1] if i + 1 < len(self.sections) else len(text))
                    for i, (title, start) in enumerate(self.sections)]
        return sections, self.turns

    def _section(self, line: str, start: int) -> bool:
        match = _SECTION.match(line)
        if match:
            number = int(match["number"])
            title = match["title"].strip().strip("*").strip()
            first_ok = not self.sections and number <= 2
            next_ok = bool(self.sections) and self.last_section_number < number <= self.last_section_number + 3
            looks_like_title = not title.endswith((".", "?", "!", ",", ";")) and len(title.split()) <= 14
            if (first_ok or next_ok) and looks_like_title and not _LABEL_LINE.match(title):
                self._close_turn()
                self.sections.append((f"{number}. {title}", start))
                self.last_section_number = number
                return True
        if self.fmt == "md":
            heading = _MD_HEADING.match(line)
            if heading:
                self._close_turn()
                self.sections.append((heading["title"].strip(), start))
                return True
        return False

    def _label(self, line: str, start: int, end: int) -> bool:
        match = _LABEL_LINE.match(line)
        if match is None:
            return False
        label = match["label"].strip().rstrip(".").strip()
        if not label or not self._accept(label):
            return False
        self._close_turn()
        participant = self.matcher.match(label)
        self.first_labels.setdefault(participant, label)
        timestamp = match[1] or match[3]
        self.current = _OpenTurn(label=label, participant=participant, time_start=timestamp)
        words_start = start + match.end()
        if words_start < end:
            self._words(words_start, end, new_paragraph=True)
        return True

    def _accept(self, label: str) -> bool:
        key = person_key(label)
        if key in _NOT_SPEAKERS:
            return False
        if key in self.label_keys or is_generic_label(label):
            return True
        words = label.split()
        if len(words) > 4 or not label[0].isupper():
            return False
        if self.matcher.role_holders(key):
            return True
        name_like = all(w[0].isupper() or w.lower() in TUSSENVOEGSELS for w in words)
        if self.has_people:
            return name_like and len(words) >= 2
        return name_like

    def _words(self, start: int, end: int, *, new_paragraph: bool, time_start: str | None = None) -> None:
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return
        current = self.current
        starts_quoted = text[start] in OPEN_QUOTES
        if current is not None and current.quoted and not current.quote_open and new_paragraph \
                and not starts_quoted:
            # A paragraph after a closed quotation is the writer's narrative, not the speaker's words.
            self._close_turn()
            current = None
        if current is None:
            current = self.current = _OpenTurn(label=None, participant=None, time_start=time_start)
        if starts_quoted and (new_paragraph or not current.paragraphs):
            start += 1
            current.quote_open = True
            current.quoted = True
        if current.quote_open and text[end - 1] in CLOSE_QUOTES:
            end -= 1
            current.quote_open = False
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if start >= end:
            return
        if current.paragraphs and not new_paragraph:
            last_start, _ = current.paragraphs[-1]
            current.paragraphs[-1] = (last_start, end)
        else:
            current.paragraphs.append((start, end))

    def _close_turn(self) -> None:
        current = self.current
        self.current = None
        if current is None or not current.paragraphs:
            return
        self.turns.append(Turn(
            start=current.paragraphs[0][0], end=current.paragraphs[-1][1], speaker=current.label,
            participant_index=current.participant, time_start=current.time_start,
            paragraphs=tuple(current.paragraphs),
        ))


def _mark_interviewer(text: str, participants: tuple[Participant, ...], turns: list[Turn]
                      ) -> tuple[Participant, ...]:
    """Without a named interviewer, the one speaker who mostly asks questions is the interviewer."""
    if any(p.is_interviewer for p in participants) or len(participants) < 2:
        return participants
    asked: dict[int, list[int]] = {}
    for turn in turns:
        if turn.participant_index is not None:
            counts = asked.setdefault(turn.participant_index, [0, 0])
            counts[0] += 1
            counts[1] += 1 if text[turn.start:turn.end].endswith("?") else 0
    shares = {i: q / n for i, (n, q) in asked.items() if n}
    if not shares:
        return participants
    best = max(shares, key=lambda i: shares[i])
    others = [share for i, share in shares.items() if i != best]
    if shares[best] >= 0.4 and all(share < shares[best] / 2 for share in others):
        marked = list(participants)
        person = marked[best]
        marked[best] = Participant(person.name, person.role or "interviewer", person.label, True)
        return tuple(marked)
    return participants
