"""Transcript bodies: numbered topic sections, speaker turns (labels, timestamps, quotes) and paragraphs."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

from qualcode.domain.errors import TranscriptError
from qualcode.domain.header import TURN_LABEL_KEYS, header_key_meaning, is_header_key, names_value, parse_header
from qualcode.domain.model import Header, ParsedTranscript, Participant, Section, Turn
from qualcode.domain.names import TUSSENVOEGSELS, person_key
from qualcode.domain.speakers import SpeakerMatcher, is_generic_label

_TS = r"(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)"
_LABEL_PATTERN = (
    rf"^[ \t]*(?:[\[(]?{_TS}[\])]?[ \t]+)?(?:\*\*)?(?P<label>[^\W\d_][\w.'’ -]{{0,40}}?)(?:\*\*)?"
    rf"(?:[ \t]*[\[(]{_TS}[\])])?[ \t]*(?:\*\*)?:(?:\*\*)?(?:[ \t]+|$)"
)
_LABEL_LINE = re.compile(_LABEL_PATTERN)
_LABEL_AT_LINE_START = re.compile(_LABEL_PATTERN, re.MULTILINE)
# A bullet of a list or of meeting notes: the mark is layout, not words ("o" only as a sub-bullet before a capital
# or after another bullet).
_BULLET_MARK = re.compile(r"^[ \t]*(?:[•▪◦·●■\-–—*]|o(?=[ \t]+[A-ZÀ-Ý(“\"]))[ \t]+(?=\S)")
_SUB_BULLET = re.compile(r"^[ \t]*o[ \t]+(?=\S)")
_LEADING_TS = re.compile(rf"^[ \t]*[\[(]{_TS}[\])][ \t]*")
_SECTION = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(?:(?:thema|onderwerp|deel|topic|blok)[ \t]+)?(?P<number>\d{1,2})"
    r"[ \t]*[.):][ \t]*(?P<title>[^\W\d_][^\n]{1,100}?)[ \t]*(?:\*\*)?[ \t]*$",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?P<title>\S[^\n]{0,100}?)[ \t]*$")
# Words that start a line with a colon without naming a speaker ("Kortom: …", "Actie: …").
_NOT_SPEAKERS = frozenset({
    "noot", "opmerking", "opmerkingen", "let op", "conclusie", "conclusies", "samenvatting", "toelichting",
    "actiepunt", "actiepunten", "actie", "acties", "kortom", "bijvoorbeeld", "bron", "zie", "nb", "n b", "ps", "tip",
    "tips", "voorbeeld", "voorbeelden", "vervolg", "vervolgstappen", "afspraak", "afspraken", "aanwezig",
    "afwezig", "note", "summary", "conclusion", "besluit", "besluiten", "advies", "aandachtspunt",
    "aandachtspunten", "knelpunt", "knelpunten", "kans", "kansen", "risico", "risico's", "doel", "doelen",
    "resultaat", "resultaten", "planning", "stand van zaken", "agenda", "belangrijk", "let wel", "nota bene",
    "reactie", "context", "achtergrond", "aanleiding", "kern", "citaat", "quote", "oplossing", "probleem",
    "uitdaging", "succesfactor", "succesfactoren", "waarschuwing", "overig", "overige", "rondvraag", "notitie",
    "update", "stelling", "daarnaast", "verder", "bovendien", "echter", "maar", "dus", "want", "tot slot",
    "ten slotte", "ten eerste", "ten tweede", "ten derde", "eerst", "vervolgens", "met andere woorden", "oftewel",
    "en", "of", "ook", "wel", "niet", "ja", "nee", "oke", "ok", "goed", "zo", "nou", "nu", "toen", "dan", "dat",
    "dit", "het", "de", "een", "wat", "hoe", "waarom", "wie", "waar", "wanneer", "welke", "vraag vooraf", "thema",
    "onderwerp", "definitie", "stap", "fase", "optie", "variant", "scenario", "lessen", "les", "geleerde les",
    "tijdlijn", "vooraf", "achteraf", "bijlage", "tabel", "figuur", "kader", "box", "p s",
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
                     cue_end_times: Iterable[str | None] = (), headings: Collection[int] = (),
                     soft_breaks: Collection[int] = ()) -> ParsedTranscript:
    """Understand a transcript text: header, participants, sections and turns with exact offsets.

    headings are the 0-based numbers of the lines a Word document set in a heading style (title or section);
    in a Word document every other line starts a paragraph, except the soft_breaks lines, which continue one.
    """
    if not text.strip():
        raise TranscriptError("the transcript is empty", hint="check that the file holds the interview text")
    recurring = recurring_labels(text)
    header, warnings = parse_header(text, known_labels=recurring, headings=headings)
    known = tuple(known_interviewers)
    matcher = SpeakerMatcher(header.participants, header.interviewers, known)
    # A second pass with the names now known keeps a short first turn from being read as a header field.
    header, warnings = parse_header(text, known_labels=recurring | matcher.label_keys(), headings=headings)
    matcher = SpeakerMatcher(header.participants, header.interviewers, known)
    parser = _BodyParser(text, fmt, header, matcher, recurring, frozenset(headings), frozenset(soft_breaks))
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
                            sections=tuple(sections), turns=tuple(turns),
                            warnings=(*warnings, *parser.warnings))


def _header_line_below_header(label: str, value: str) -> bool:
    """'Datum: 3 juni 2025' or 'Interviewer: Jolien Jansen' below the header: a header field out of place, while
    'Project: daar zijn we trots op …' is words and 'Interviewer: Hoe …' a turn."""
    meaning = header_key_meaning(label)
    if meaning in (None, "attribute", "title"):
        return False
    value = value.strip()
    if not value or len(value.split()) > 8 or value.endswith((".", "?", "!", "…")):
        return meaning == "respondents" and not value  # 'Gesprekspartners:' opens a list of people
    if label.lower() in TURN_LABEL_KEYS:
        # A full name ('Jolien Jansen'), not a one-word answer such as 'Goedemorgen'.
        return len(value.split("(")[0].split(",")[0].split()) >= 2 and names_value(value)
    return True


def recurring_labels(text: str) -> frozenset[str]:
    """Return the folded labels that start two or more lines ('Pieter:', 'PS:'): those are speakers."""
    counts: dict[str, int] = {}
    for match in _LABEL_AT_LINE_START.finditer(text):
        label = match["label"].strip().rstrip(".").strip()
        if label and not is_header_key(label):
            key = person_key(label)
            counts[key] = counts.get(key, 0) + 1
    return frozenset(key for key, count in counts.items() if count >= 2 and key not in _NOT_SPEAKERS)


class _BodyParser:
    def __init__(self, text: str, fmt: str, header: Header, matcher: SpeakerMatcher, recurring: frozenset[str],
                 headings: frozenset[int], soft_breaks: frozenset[int]) -> None:
        self.text = text
        self.fmt = fmt
        self.header = header
        self.matcher = matcher
        self.recurring = recurring
        self.headings = headings
        self.soft_breaks = soft_breaks
        self.label_keys = matcher.label_keys()
        self.has_people = bool(header.participants or header.interviewers)
        self.first_labels: dict[int, str] = {}
        self.sections: list[tuple[str, int]] = []
        self.turns: list[Turn] = []
        self.current: _OpenTurn | None = None
        self.last_section_number = 0
        self.warnings: list[str] = []
        self.line_number = 0
        self.in_bullets = False

    def parse(self) -> tuple[list[Section], list[Turn]]:
        text = self.text
        offset = self.header.end
        first_line = text.count("\n", 0, offset)
        previous_final = True
        for index, line in enumerate(text[self.header.end:].split("\n"), start=first_line):
            self.line_number = index + 1
            start, end = offset, offset + len(line)
            offset = end + 1
            stripped = line.strip()
            if not stripped:
                previous_final = True
                continue
            if self._section(line, start, is_heading=index in self.headings):
                previous_final = True
                continue
            bullet = _BULLET_MARK.match(line) or (_SUB_BULLET.match(line) if self.in_bullets else None)
            self.in_bullets = bullet is not None
            if bullet is None and self._label(line, start, end):
                previous_final = stripped.endswith(_SENTENCE_FINAL)
                continue
            timestamp = _LEADING_TS.match(line)
            words_start = start + (bullet.end() if bullet else timestamp.end() if timestamp
                                   else len(line) - len(line.lstrip()))
            if timestamp and self.current is not None and self.current.label is None and previous_final:
                # A new timestamp without a speaker is a new utterance, not more of the last one.
                self._close_turn()
            word_paragraph = self.fmt == "docx" and index not in self.soft_breaks
            self._words(words_start, end, new_paragraph=previous_final or bullet is not None or word_paragraph,
                        time_start=timestamp[1] if timestamp else None)
            previous_final = stripped.endswith(_SENTENCE_FINAL)
        self._close_turn()
        sections = [Section(title, start, self.sections[i + 1][1] if i + 1 < len(self.sections) else len(text))
                    for i, (title, start) in enumerate(self.sections)]
        return sections, self.turns

    def _section(self, line: str, start: int, *, is_heading: bool) -> bool:
        match = _SECTION.match(line)
        if match:
            number = int(match["number"])
            title = match["title"].strip().strip("*").strip()
            first_ok = not self.sections and number <= 2
            next_ok = bool(self.sections) and self.last_section_number < number <= self.last_section_number + 3
            looks_like_title = not title.endswith((".", "?", "!", ",", ";")) and len(title.split()) <= 14
            if (first_ok or next_ok or is_heading) and looks_like_title and not _LABEL_LINE.match(title):
                self._close_turn()
                self.sections.append((f"{number}. {title}", start))
                self.last_section_number = number
                return True
        heading = _MD_HEADING.match(line) if self.fmt == "md" else None
        if heading or (is_heading and len(line.split()) <= 20):
            self._close_turn()
            title = heading["title"] if heading else line
            self.sections.append((title.strip().strip("*").strip(), start))
            return True
        return False

    def _label(self, line: str, start: int, end: int) -> bool:
        match = _LABEL_LINE.match(line)
        if match is None:
            return False
        label = match["label"].strip().rstrip(".").strip()
        if label and _header_line_below_header(label, line[match.end():]):
            # "Datum: 3 juni 2025" below the header: metadata, never a speaker and never a codable sentence.
            self.warnings.append(f"line {self.line_number}: header field '{line.strip()[:60]}' below the header; "
                                 "it is not part of any turn (move it into the header at the top)")
            self._close_turn()
            return True
        if not label or not self._accept(label):
            return False
        self._close_turn()
        named = self._named_in_header(label)
        participant = self.matcher.match(label)
        # A subtitle file's voices are its speakers; in a write-up, a label nobody in the header carries is news.
        if participant not in self.first_labels and self.has_people and not named and self.fmt not in ("vtt", "srt"):
            self.warnings.append(f"line {self.line_number}: '{label}:' is none of the people in the header; "
                                 f"read as a turn of an unknown speaker '{label}'")
        self.first_labels.setdefault(participant, label)
        timestamp = match[1] or match[3]
        self.current = _OpenTurn(label=label, participant=participant, time_start=timestamp)
        words_start = start + match.end()
        if words_start < end:
            self._words(words_start, end, new_paragraph=True)
        return True

    def _named_in_header(self, label: str) -> bool:
        return is_generic_label(label) or self.matcher.find(label) is not None \
            or person_key(label) in self.matcher.known_interviewer_keys()

    def _accept(self, label: str) -> bool:
        key = person_key(label)
        if self.matcher.find(label) is not None or is_generic_label(label) or key in self.label_keys:
            return True
        if key in _NOT_SPEAKERS:
            return False
        words = label.split()
        if len(words) > 4 or not label[0].isupper():
            return False
        if key in self.recurring:
            return True
        return all(w[0].isupper() or w.lower() in TUSSENVOEGSELS for w in words)

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
