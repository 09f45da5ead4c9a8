"""Transcript headers: YAML front matter or ``Key: value`` lines, Dutch and English keys."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from qualcode.domain.dates import parse_date
from qualcode.domain.errors import TranscriptError
from qualcode.domain.model import Header, Participant
from qualcode.domain.names import clean_case_name

FIELD_ALIASES: dict[str, str] = {
    "gemeente": "case", "municipality": "case", "case": "case", "casus": "case", "gemeentenaam": "case",
    "gesprekspartner": "respondents", "gesprekspartners": "respondents", "gesprekspartner(s)": "respondents",
    "respondent": "respondents", "respondenten": "respondents", "respondents": "respondents",
    "respondent(en)": "respondents", "interviewee": "respondents", "interviewees": "respondents",
    "geïnterviewde": "respondents", "geinterviewde": "respondents", "geïnterviewden": "respondents",
    "functie": "role", "rol": "role", "role": "role", "function": "role", "functies": "role",
    "datum": "date", "date": "date", "datum interview": "date", "gespreksdatum": "date",
    "interviewer": "interviewer", "interviewers": "interviewer", "interviewer(s)": "interviewer",
    "interviewster": "interviewer", "gespreksleider": "interviewer",
    "organisatie": "organisation", "organisation": "organisation", "organization": "organisation",
    "locatie": "location", "location": "location", "plaats": "location",
    "titel": "title", "title": "title",
}

# Header keys that are also turn labels: below the header, or with a sentence as value, they start a turn.
_TURN_LABEL_KEYS = frozenset({"interviewer", "interviewers", "interviewster", "respondent", "respondenten",
                              "interviewee", "gesprekspartner", "geïnterviewde", "geinterviewde"})
_STARTS_WITH_TIME = re.compile(r"^[\[(]?\d{1,2}:\d{2}")
_FIELD_LINE = re.compile(r"^\s*(?:\*\*)?([A-Za-zÀ-ÿ][\wÀ-ÿ ()./'’-]{0,38}?)(?:\*\*)?\s*:(?:\*\*)?\s*(.*?)\s*$")
_TITLE_HINT = re.compile(r"\b(interview|verslag|gesprek|transcript|transcriptie|gespreksverslag|notulen)\b",
                         re.IGNORECASE)
_TITLE_CASE = re.compile(r"\bgemeente\s+(.+?)\s*$", re.IGNORECASE)
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
    """Parse 'Naam, Functie', 'Naam (Functie)' or 'Naam - Functie' into a participant."""
    cleaned = text.strip().strip("-•*").strip()
    for pattern in _PERSON_WITH_ROLE:
        match = pattern.match(cleaned)
        if match:
            role = match["role"].strip() or None
            return Participant(name=match["name"].strip(), role=role)
    return Participant(name=cleaned)


def _split_list(value: str) -> list[str]:
    parts = re.split(r"\s*;\s*|\s+&\s+", value)
    return [p for p in (part.strip() for part in parts) if p]


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (line number, start offset, line) for every line of text."""
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, offset, line
        offset += len(line) + 1


def parse_header(text: str, *, known_labels: frozenset[str] = frozenset()) -> tuple[Header, list[str]]:
    """Return the header at the top of a transcript text and any warnings about it."""
    if text.startswith("---\n") or text.startswith("---\r\n"):
        return _front_matter(text)
    return _field_lines(text, known_labels)


def _front_matter(text: str) -> tuple[Header, list[str]]:
    match = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if match is None:
        raise TranscriptError("YAML front matter starts with '---' but never ends", line=1,
                              hint="close the header with a line '---'")
    block = text[4:4 + match.start()]
    end = 4 + match.end()
    end = end + 1 if text[end:end + 1] == "\n" else end
    try:
        data = yaml.safe_load(block)
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
    meaning = FIELD_ALIASES.get(key)
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


def _field_lines(text: str, known_labels: frozenset[str]) -> tuple[Header, list[str]]:
    collected = _Collected()
    end = 0
    in_respondent_list = False
    seen_field = False
    blank_since_field = False
    last_field_number = -1
    pending_title: tuple[str, int] | None = None
    for number, offset, line in _lines(text):
        stripped = line.strip().lstrip("\ufeff")
        if not stripped:
            in_respondent_list = False
            if seen_field:
                end = offset + len(line) + 1
                blank_since_field = True
            continue
        match = _FIELD_LINE.match(stripped)
        key = match[1].strip().lower() if match else ""
        meaning = FIELD_ALIASES.get(key)
        if in_respondent_list and (match is None or meaning is None):
            collected.respondent_lines.append(stripped)
            end = offset + len(line) + 1
            last_field_number = number
            continue
        if match and meaning and key in _TURN_LABEL_KEYS and (blank_since_field or not _names_value(match[2])):
            # "Interviewer: Goedemorgen, …" or "Respondent: Ik ben …" below the header is a turn.
            break
        if match and meaning:
            seen_field = True
            blank_since_field = False
            value = match[2]
            if meaning == "respondents":
                if value:
                    collected.respondent_lines.extend(_split_list(value))
                else:
                    in_respondent_list = True
            else:
                collected.fields[meaning] = value
            end = offset + len(line) + 1
            last_field_number = number
            continue
        if (match and seen_field and not in_respondent_list and key not in known_labels
                and len(match[2]) < 160 and number == last_field_number + 1):
            collected.attributes[match[1].strip()] = match[2]
            end = offset + len(line) + 1
            last_field_number = number
            continue
        title_like = (match is None or bool(_TITLE_HINT.search(match[1]))) and not _STARTS_WITH_TIME.match(stripped)
        if (not seen_field and pending_title is None and collected.title is None and len(stripped) <= 120
                and title_like and key not in known_labels):
            pending_title = (stripped.lstrip("#").strip(), offset + len(line) + 1)
            continue
        break
    if pending_title is not None and seen_field:
        collected.title = pending_title[0]
    elif pending_title is not None and _TITLE_HINT.search(pending_title[0]):
        collected.title = pending_title[0]
        end = pending_title[1]
    return _build(collected, end)


def _names_value(value: str) -> bool:
    """Return whether a field value reads as names (not as a spoken sentence)."""
    return len(value.split()) <= 12 and not value.rstrip().endswith((".", "?", "!", "…", ",", ":"))


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
    interviewers = tuple(split_person(name).name
                         for name in re.split(r"\s*;\s*|\s+&\s+|\s+en\s+", fields.get("interviewer", ""))
                         if name.strip())
    date_iso, warning = parse_date(fields.get("date", ""))
    if warning:
        warnings.append(warning)
    case_name = fields.get("case") or None
    title = collected.title or fields.get("title") or None
    if case_name is None and title:
        match = _TITLE_CASE.search(title)
        if match:
            case_name = match[1]
    header = Header(
        case_name=clean_case_name(case_name) if case_name else None,
        title=title,
        date=date_iso,
        date_as_written=fields.get("date") or None,
        participants=tuple(participants),
        interviewers=interviewers,
        attributes={**collected.attributes,
                    **{k: v for k, v in fields.items() if k in ("organisation", "location") and v}},
        end=end,
    )
    return header, warnings
