"""Transcript headers: YAML front matter or ``Key: value`` lines, Dutch and English keys."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from qualcode.domain.dates import find_date, parse_date
from qualcode.domain.errors import TranscriptError
from qualcode.domain.model import Header, Participant
from qualcode.domain.names import clean_case_name, person_key
from qualcode.domain.safe_yaml import load_bounded

FIELD_ALIASES: dict[str, str] = {
    "gemeente": "case", "municipality": "case", "case": "case", "casus": "case", "gemeentenaam": "case",
    "gesprekspartner": "respondents", "gesprekspartners": "respondents", "gesprekspartner(s)": "respondents",
    "respondent": "respondents", "respondenten": "respondents", "respondents": "respondents",
    "respondent(en)": "respondents", "interviewee": "respondents", "interviewees": "respondents",
    "geïnterviewde": "respondents", "geinterviewde": "respondents", "geïnterviewden": "respondents",
    "geinterviewden": "respondents", "deelnemers": "respondents", "deelnemer": "respondents",
    "gesprekspartner(s) gemeente": "respondents", "namens de gemeente": "respondents",
    "functie": "role", "rol": "role", "role": "role", "function": "role", "functies": "role",
    "datum": "date", "date": "date", "datum interview": "date", "gespreksdatum": "date", "datum gesprek": "date",
    "interviewdatum": "date", "datum/tijd": "date", "datum en tijd": "date", "datum & tijd": "date",
    "datum/tijdstip": "date", "datum en tijdstip": "date",
    "aanwezig": "respondents", "aanwezigen": "respondents", "aanwezig namens de gemeente": "respondents",
    "interviewer": "interviewer", "interviewers": "interviewer", "interviewer(s)": "interviewer",
    "interviewster": "interviewer", "gespreksleider": "interviewer", "afgenomen door": "interviewer",
    "geïnterviewd door": "interviewer", "geinterviewd door": "interviewer", "interview door": "interviewer",
    "interview afgenomen door": "interviewer", "onderzoeker": "interviewer", "onderzoekers": "interviewer",
    "organisatie": "organisation", "organisation": "organisation", "organization": "organisation",
    "locatie": "location", "location": "location", "plaats": "location",
    "titel": "title", "title": "title",
}
# Keys people put in a header that qualcode keeps as document attributes; never speakers.
ATTRIBUTE_KEYS = frozenset({
    "gesprekstype", "type gesprek", "soort gesprek", "vorm", "gespreksvorm", "duur", "tijd", "tijdstip", "aanvang",
    "onderwerp", "thema", "project", "projectcode", "opdrachtgever", "afdeling", "team", "provincie", "regio",
    "afwezig", "notulist", "notulen", "verslag", "verslaglegging", "verslag door",
    "uitgewerkt door", "opname", "kenmerk", "referentie", "versie", "status", "transcriptie", "contactpersoon",
    "e-mail", "email", "telefoon", "duration", "time", "type", "mode", "topic", "recording", "kanaal", "medium",
    "interviewnummer", "nummer", "code", "setting", "inwoners", "taal",
})
# Header keys that are also turn labels: below the header, or with a sentence as value, they start a turn.
TURN_LABEL_KEYS = frozenset({"interviewer", "interviewers", "interviewster", "respondent", "respondenten",
                             "interviewee", "gesprekspartner", "geïnterviewde", "geinterviewde", "onderzoeker",
                             "deelnemer"})
_STARTS_WITH_TIME = re.compile(r"^[\[(]?\d{1,2}:\d{2}")
_FIELD_LINE = re.compile(r"^\s*(?:\*\*)?([A-Za-zÀ-ÿ][\wÀ-ÿ ()./'’-]{0,38}?)(?:\*\*)?\s*:(?:\*\*)?\s*(.*?)\s*$")
_TITLE_HINT = re.compile(r"\b(interview|interviewverslag|verslag|gesprek|transcript|transcriptie|gespreksverslag|"
                         r"notulen|gespreksnotitie|gespreksnotities)\b", re.IGNORECASE)
# "… Gemeente Vlietmeer – 17 juni 2025" or "… gemeente Oost-Lindeveld (3 juni 2025)": the name ends before a dash
# with spaces, a bracket, a comma or a date.
_TITLE_CASE = re.compile(r"\bgemeente\s+(.+?)\s*(?:\s[-–—]\s.*|\(.*|,.*|\s\d{1,2}[\s-].*)?$", re.IGNORECASE)
_SECTION_LINE = re.compile(r"^(?:#{1,6}\s*)?(?:\*\*)?(?:(?:thema|onderwerp|deel|topic|blok)\s+)?\d{1,2}\s*[.):]\s*"
                           r"(?P<rest>[^\W\d_].*)$", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-–•*▪◦·o]|\d{1,2}[.)])\s+")
# A list entry of the header: a name (capitalised, or with an honorific), optionally with a function.
_PERSON_ENTRY = re.compile(r"^(?:(?:[Dd]hr|[Mm]evr|[Mm]w|[Dd]e heer|[Mm]evrouw|[Dd]rs|[Ii]r|[Dd]r)\.?\s+)*"
                           r"[A-ZÀ-Ý][\w'’.-]*")
_INTERVIEWER_ROLE = re.compile(r"\b(?:interviewer|interviewster|gespreksleider|onderzoeker)\b", re.IGNORECASE)
# Forms of address and academic titles in front of a name ('dhr. J. de Vries', 'mevr. drs. A. Bos').
_TITLES = frozenset({"dhr", "mevr", "mw", "mr", "mevrouw", "meneer", "heer", "de heer", "drs", "dr", "ir", "ing",
                     "prof", "bc", "ds", "mgr"})
_INITIALS_NICKNAME = re.compile(r"^(?:(?:dhr|mevr|mw|de heer|mevrouw)\.?\s+)?(?:[A-Z]\.\s*)+"
                                r"\((?P<nick>[A-ZÀ-Ý][a-zà-ÿ]+)\)\s*")
# Where the name ends in 'Naam, Functie', 'Naam (Functie)' or 'Naam - Functie'.
_NAME_PART = re.compile(r"\s*(?:,|\(|\s[-–—]\s|;)")
# A word of a person's name: capitalised, an initial, a particle or a title ('J.', 'de', 'dhr.', "'t").
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-Ý][\w'’.-]*|(?:van|de|der|den|het|ten|ter|te|in|op|la|le|el|al|'t|dhr|mevr|mw|"
                        r"drs|ir|dr|mr|ing|prof)\.?)$")
_ENDS_WITH_ABBREVIATION = re.compile(r"\b(?:[a-z]\.){1,3}$|\b(?:mr|dr|ir|drs|ing|jr|sr|bc)\.$", re.IGNORECASE)


def header_key_meaning(key: str) -> str | None:
    """Return what a header key means (case, respondents, role, date, …, attribute), or None when unknown."""
    folded = " ".join(key.lower().replace("*", " ").split())
    return FIELD_ALIASES.get(folded) or ("attribute" if folded in ATTRIBUTE_KEYS else None)


def is_header_key(label: str) -> bool:
    """Return whether a label is a header key that never names a speaker (Datum, Functie, Gemeente, Locatie …)."""
    folded = " ".join(label.lower().split())
    return header_key_meaning(folded) is not None and folded not in TURN_LABEL_KEYS


_PERSON_WITH_ROLE = (
    re.compile(r"^(?P<name>[^(]+?)\s*\((?P<role>[^)]*)\)\s*$"),
    re.compile(r"^(?P<name>[^,]+?)\s*,\s*(?P<role>.+)$"),
    re.compile(r"^(?P<name>.+?)\s+[-–—]\s+(?P<role>.+)$"),
    re.compile(r"^(?P<name>[^:]+?)\s*:\s*(?P<role>.+)$"),
)


@dataclass
class _Collected:
    fields: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    respondent_lines: list[str] = field(default_factory=list)
    title: str | None = None


def split_person(text: str) -> Participant:
    """Parse 'Naam, Functie', 'Naam (Functie)' or 'Naam - Functie' into a participant; 'dhr.', 'drs.' and such are
    left out of the name, and 'J. (Jan) de Vries' is Jan de Vries."""
    cleaned = _nickname(_BULLET.sub("", text.strip()).strip("-•*").strip())
    for pattern in _PERSON_WITH_ROLE:
        match = pattern.match(cleaned)
        if match:
            role = match["role"].strip() or None
            return Participant(name=_without_titles(match["name"].strip()), role=role)
    return Participant(name=_without_titles(cleaned))


def _nickname(entry: str) -> str:
    """'J. (Jan) de Vries' → 'Jan de Vries': the name someone goes by instead of their initials."""
    return _INITIALS_NICKNAME.sub(lambda m: m["nick"] + " ", entry.strip(), count=1)


def _without_titles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words.pop(0)
    return " ".join(words)


def _split_list(value: str) -> list[str]:
    parts = re.split(r"\s*;\s*|\s+&\s+", value)
    return [p for p in (part.strip() for part in parts) if p]


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (line number, start offset, line) for every line of text."""
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, offset, line
        offset += len(line) + 1


def parse_header(text: str, *, known_labels: frozenset[str] = frozenset(),
                 headings: Collection[int] = ()) -> tuple[Header, list[str]]:
    """Return the header at the top of a transcript text and any warnings about it.

    known_labels are folded speaker labels found in the text: a line starting with one ends the header.
    headings are the 0-based line numbers that a Word document set in a heading style.
    """
    if text.startswith("---\n") or text.startswith("---\r\n"):
        return _front_matter(text)
    return _field_lines(text, known_labels, headings)


def _front_matter(text: str) -> tuple[Header, list[str]]:
    match = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if match is None:
        raise TranscriptError("YAML front matter starts with '---' but never ends", line=1,
                              hint="close the header with a line '---'")
    block = text[4:4 + match.start()]
    end = 4 + match.end()
    end = end + 1 if text[end:end + 1] == "\n" else end
    try:
        data = load_bounded(block, error=TranscriptError, what="the YAML front matter", line_offset=1)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise TranscriptError(f"the YAML front matter is not valid YAML ({getattr(exc, 'problem', exc)})",
                              line=None if line is None else line + 2,
                              hint="write one 'key: value' per line; quote values with a colon") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise TranscriptError("the YAML front matter is not a set of 'key: value' fields", line=2,
                              hint="write one 'key: value' per line")
    collected = _Collected()
    for raw_key, value in data.items():
        key = str(raw_key).strip().lower()
        _collect(collected, key, value, str(raw_key))
    return _build(collected, end)


def _collect(collected: _Collected, key: str, value: Any, raw_key: str) -> None:
    meaning = header_key_meaning(key)
    if meaning == "attribute":
        meaning = None
    if meaning == "respondents" and isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                lowered = {str(k).lower(): v for k, v in item.items()}
                name = lowered.get("naam") or lowered.get("name") or ""
                role = lowered.get("functie") or lowered.get("rol") or lowered.get("role")
                collected.respondent_lines.append(f"{name} ({role})" if role else str(name))
            else:
                collected.respondent_lines.append(str(item))
        return
    text = _scalar(value)
    if meaning is None:
        collected.attributes[raw_key.strip()] = text
    elif meaning == "respondents":
        collected.respondent_lines.extend(_split_list(text))
    elif meaning == "interviewer" and isinstance(value, list):
        collected.fields["interviewer"] = "; ".join(_scalar(v) for v in value)
    else:
        collected.fields[meaning] = text


def _scalar(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, list):
        return "; ".join(_scalar(v) for v in value)
    return "" if value is None else str(value).strip()


class _Stop(Exception):
    """The header ends at this line."""


class _HeaderReader:
    """Takes header lines one by one (empty lines skipped) and says where the header ends."""

    def __init__(self, collected: _Collected, known_labels: frozenset[str]) -> None:
        self.collected = collected
        self.known_labels = known_labels
        self.seen_field = False
        self.in_list = False
        self.titles: list[str] = []

    def take(self, line: str, *, is_heading: bool) -> None:
        """Add one non-empty line to the header, or raise _Stop when the body starts at it."""
        if _STARTS_WITH_TIME.match(line):
            raise _Stop
        if self.in_list and self._list_entry(line):
            return
        if is_heading:
            if self.seen_field:
                raise _Stop  # a Word heading below the fields is the first section
            self._title(line)
            return
        section = _SECTION_LINE.match(line)
        if section and not (self.in_list and _PERSON_ENTRY.match(section["rest"])):
            raise _Stop
        match = _FIELD_LINE.match(line)
        if match:
            self._field(match[1].strip(), match[2])
            return
        if not self.seen_field and len(self.titles) < 2 and _title_like(line):
            self._title(line)
            return
        raise _Stop

    def _field(self, raw_key: str, value: str) -> None:
        key = raw_key.lower()
        meaning = header_key_meaning(key)
        if meaning is None:
            self._unknown_field(raw_key, value)
            return
        opens_list = meaning == "respondents" and not value
        if key in TURN_LABEL_KEYS and not opens_list and (
                not names_value(value) or (meaning == "interviewer" and "interviewer" in self.collected.fields)):
            # "Interviewer: Kunt u zich even voorstellen", "Respondent: Ja", or a second "Interviewer:" after
            # the header named one: the first turn.
            raise _Stop
        if meaning == "respondents":
            if value:
                self.collected.respondent_lines.extend(_split_list(value))
            self.in_list = not value
        elif meaning == "attribute":
            self.collected.attributes[raw_key] = value
            self.in_list = False
        else:
            previous = self.collected.fields.get(meaning)
            # A second "Functie:" belongs to a second respondent: keep both, in order.
            self.collected.fields[meaning] = f"{previous}; {value}" if previous and meaning == "role" else value
            self.in_list = False
        self.seen_field = True

    def _unknown_field(self, raw_key: str, value: str) -> None:
        key = person_key(raw_key)
        if key in self.known_labels or not self.seen_field:
            raise _Stop
        if len(value.split()) > 10 or value.rstrip().endswith((".", "?", "!", "…", ":")) or not value:
            raise _Stop
        self.collected.attributes[raw_key] = value
        self.in_list = False

    def _list_entry(self, line: str) -> bool:
        entry = _BULLET.sub("", line).strip()
        match = _FIELD_LINE.match(entry)
        if match and (header_key_meaning(match[1].strip().lower()) or person_key(match[1]) in self.known_labels):
            return False
        if not _PERSON_ENTRY.match(entry) or entry.rstrip().endswith(("?", "!")) or len(entry.split()) > 14:
            return False
        if len(_NAME_PART.split(_nickname(entry), maxsplit=1)[0].split()) < 2 and not _NAME_PART.search(entry):
            return False  # one word alone ('Inleiding') is the body's first heading, not a person
        if entry.endswith(".") and not _ENDS_WITH_ABBREVIATION.search(entry):
            return False
        self.collected.respondent_lines.append(entry)
        return True

    def _title(self, line: str) -> None:
        self.titles.append(line.lstrip("#").strip().strip("*").strip())


def _title_like(line: str) -> bool:
    match = _FIELD_LINE.match(line)
    if match and not _TITLE_HINT.search(match[1]):
        return False
    return len(line) <= 120 and not line.rstrip().endswith(("?", ",", ";"))


def _field_lines(text: str, known_labels: frozenset[str], headings: Collection[int]) -> tuple[Header, list[str]]:
    """Read `Key: value` lines (Word users put empty lines between them) up to the first section, turn or paragraph."""
    collected = _Collected()
    reader = _HeaderReader(collected, known_labels)
    end = 0
    for index, (_number, offset, line) in enumerate(_lines(text)):
        stripped = line.strip().lstrip("\ufeff").strip()
        if not stripped:
            if reader.seen_field or reader.titles:
                end = offset + len(line) + 1
            continue
        try:
            reader.take(stripped, is_heading=index in headings)
        except _Stop:
            break
        end = offset + len(line) + 1
    titles = reader.titles
    if titles and not reader.seen_field and not any(_TITLE_HINT.search(t) for t in titles) \
            and not any(i in headings for i in range(len(titles))):
        # Lines without fields after them are the body's first paragraphs, unless they read as a title.
        return _build(_Collected(), 0)
    if titles:
        collected.title = " – ".join(titles)
    return _build(collected, min(end, len(text)))


def names_value(value: str) -> bool:
    """Return whether a field value reads as names, each maybe with a function (not as a spoken sentence)."""
    if not value.strip() or value.rstrip().endswith(("?", "!", "…", ",", ":")):
        return False
    for entry in _split_list(value):
        for name in re.split(r"\s+en\s+", _NAME_PART.split(_nickname(entry), maxsplit=1)[0]):
            words = name.split()
            if not words or len(words) > 6 or not all(_NAME_WORD.match(word) for word in words):
                return False
    return True


def _build(collected: _Collected, end: int) -> tuple[Header, list[str]]:
    warnings: list[str] = []
    fields = collected.fields
    participants = [split_person(line) for line in collected.respondent_lines]
    roles = _split_list(fields.get("role", ""))
    if roles:
        if len(roles) == len(participants):
            participants = [p if p.role else Participant(p.name, roles[i]) for i, p in enumerate(participants)]
        elif len(participants) == 1 and not participants[0].role:
            participants = [Participant(participants[0].name, fields["role"])]
        elif not participants:
            participants = [Participant(name="Respondent", role=fields["role"])]
    named_interviewers = [split_person(name).name
                          for name in re.split(r"\s*;\s*|\s+&\s+|\s+en\s+", fields.get("interviewer", ""))
                          if name.strip()]
    # An 'Aanwezig:' list names the interviewer too: 'Koen van Rijn (interviewer, Bureau Noordlicht)'.
    listed_interviewers = [p.name for p in participants if p.role and _INTERVIEWER_ROLE.search(p.role)]
    participants = [p for p in participants if p.name not in listed_interviewers]
    interviewers = tuple(dict.fromkeys([*named_interviewers, *listed_interviewers]))
    title = collected.title or fields.get("title") or None
    date_written = fields.get("date") or (find_date(title) if title else None) or ""
    date_iso, warning = parse_date(date_written)
    if warning:
        warnings.append(warning)
    case_name = fields.get("case") or None
    if case_name is None and title:
        match = _TITLE_CASE.search(title)
        if match:
            case_name = match[1]
    header = Header(
        case_name=clean_case_name(case_name) if case_name else None,
        title=title,
        date=date_iso,
        date_as_written=date_written or None,
        participants=tuple(participants),
        interviewers=interviewers,
        attributes={**collected.attributes,
                    **{k: v for k, v in fields.items() if k in ("organisation", "location") and v}},
        end=end,
    )
    return header, warnings
