"""Dutch and English dates as written in transcript headers, turned into ISO dates where complete."""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "february": 2,
    "maart": 3, "mrt": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "augustus": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_WEEKDAY = (r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|"
            r"thursday|friday|saturday|sunday|ma|di|wo|do|vr|za|zo)\.?,?\s+)?")
_YEAR = r"(?:\s+(\d{4}|['’‘]\d{2}))?"
_WRITTEN = re.compile(_WEEKDAY + r"(\d{1,2})\s*(?:e\s+)?([a-z]+)\.?" + _YEAR + "$", re.IGNORECASE)
_NUMERIC_DMY = re.compile(_WEEKDAY + r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$", re.IGNORECASE)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})$")
# What people write after a date: a time ("14:00", "om 14.00 uur", "10.00-11.30 uur"), or a note in brackets.
_TRAILER = re.compile(r"(?:,?\s*(?:om|van|vanaf|at)?\s*\d{1,2}[:.]\d{2}(?:\s*[-–]\s*\d{1,2}[:.]\d{2})?\s*(?:uur|u)?\.?"
                      r"|\s*\([^)]*\)|\s*,\s*(?:online|via teams|teams|zoom|op locatie)\b.*)\s*$", re.IGNORECASE)
_DATE_IN_TEXT = re.compile(
    r"\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,2}\s+(?:" + "|".join(
        sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True)) + r")\s+\d{4})\b", re.IGNORECASE)


def parse_date(written: str) -> tuple[str | None, str | None]:
    """Return (ISO date or None, warning or None) for a date as written in a header."""
    text = written.strip()
    if not text:
        return None, None
    for _ in range(2):
        trimmed = _TRAILER.sub("", text).strip().rstrip(",").strip()
        if trimmed == text or not trimmed:
            break
        text = trimmed
    match = _ISO.match(text)
    if match:
        return _iso(int(match[1]), int(match[2]), int(match[3]), written.strip())
    match = _NUMERIC_DMY.match(text)
    if match:
        return _iso(_full_year(match[3]), int(match[2]), int(match[1]), written.strip())
    match = _WRITTEN.match(text)
    if match and match[2].lower() in MONTHS:
        day, month = int(match[1]), MONTHS[match[2].lower()]
        if match[3] is None:
            return None, (f"date '{written.strip()}' has no year; kept as written, not guessed "
                          "(add the year to the header to get an ISO date)")
        return _iso(_full_year(match[3]), month, day, written.strip())
    return None, f"date '{written.strip()}' was not understood; kept as written (write it as '11 april 2025')"


def find_date(text: str) -> str | None:
    """Return the first complete date written inside a longer text (a title line), as written; None if none."""
    match = _DATE_IN_TEXT.search(text)
    return match[0] if match else None


def _full_year(year: str) -> int:
    digits = year.lstrip("'’‘")
    # A two-digit year ('25) in an interview header is this century's.
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _iso(year: int, month: int, day: int, text: str) -> tuple[str | None, str | None]:
    try:
        return dt.date(year, month, day).isoformat(), None
    except ValueError:
        return None, f"date '{text}' does not exist; kept as written"
