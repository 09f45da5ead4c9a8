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
_WRITTEN = re.compile(_WEEKDAY + r"(\d{1,2})\s*(?:e\s+)?([a-z]+)\.?(?:\s+(\d{4}))?$", re.IGNORECASE)
_NUMERIC_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(written: str) -> tuple[str | None, str | None]:
    """Return (ISO date or None, warning or None) for a date as written in a header."""
    text = written.strip()
    if not text:
        return None, None
    match = _ISO.match(text)
    if match:
        return _iso(int(match[1]), int(match[2]), int(match[3]), text)
    match = _NUMERIC_DMY.match(text)
    if match:
        return _iso(int(match[3]), int(match[2]), int(match[1]), text)
    match = _WRITTEN.match(text)
    if match and match[2].lower() in MONTHS:
        day, month = int(match[1]), MONTHS[match[2].lower()]
        if match[3] is None:
            return None, (f"date '{text}' has no year; kept as written, not guessed "
                          "(add the year to the header to get an ISO date)")
        return _iso(int(match[3]), month, day, text)
    return None, f"date '{text}' was not understood; kept as written (write it as '11 april 2025')"


def _iso(year: int, month: int, day: int, text: str) -> tuple[str | None, str | None]:
    try:
        return dt.date(year, month, day).isoformat(), None
    except ValueError:
        return None, f"date '{text}' does not exist; kept as written"
