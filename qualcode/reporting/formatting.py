"""Dutch (and English) numbers, percentages and dates for reports: the filters nl_int, nl_num, pct, nl_date; and
csv_safe_text, a spreadsheet cell kept from running as a formula (here, not in markdown_tables, to need no pandas)."""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from qualcode.domain.errors import ProjectError

MISSING = "–"
MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
             "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
_DUTCH_SEPARATORS = str.maketrans(",.", ".,")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?$")


def report_language(lang: str) -> str:
    """Return 'nl' or 'en' for a language tag such as 'nl', 'nl-NL' or 'en-GB'."""
    base = lang.strip().lower().replace("_", "-").split("-")[0]
    if base not in ("nl", "en"):
        raise ProjectError(f"report language '{lang}' is not supported", hint="use 'nl' or 'en'")
    return base


def attribute_text(value: object, lang: str = "nl", *, missing: str = MISSING) -> str:
    """A case attribute's value as report text, the one rule for tables, profiles and attributions.

    Lists are joined with commas, booleans read ja/nee (yes/no), numbers get Dutch (or English) separators
    (58400 → '58.400', 2.5 → '2,5'), dates are ISO; no value gives `missing`.
    """
    if value is None or value == "":
        return missing
    if isinstance(value, list | tuple):
        return ", ".join(attribute_text(item, lang, missing="") for item in value)
    if isinstance(value, bool):
        yes, no = ("ja", "nee") if report_language(lang) == "nl" else ("yes", "no")
        return yes if value else no
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return nl_int(value, lang)
    if isinstance(value, float):
        if not math.isfinite(value):
            return missing
        # As many decimals as the value has, never an exponent: 1234567.89 → '1.234.567,89', 2.5 → '2,5'.
        exponent = Decimal(repr(value)).as_tuple().exponent
        return nl_num(value, -exponent if isinstance(exponent, int) and exponent < 0 else 0, lang)
    return str(value)


def _decimal(value: object, filter_name: str) -> Decimal | None:
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ProjectError(f"the {filter_name} filter expects a number, got {value!r}")
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return None
        if math.isinf(number):
            raise ProjectError(f"the {filter_name} filter cannot show an infinite number")
        return Decimal(int(value)) if isinstance(value, numbers.Integral) else Decimal(repr(number))
    if isinstance(value, Decimal):
        return None if value.is_nan() else value
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise ProjectError(f"the {filter_name} filter expects a number, got {value!r}") from None


def _grouped(number: Decimal, digits: int, lang: str) -> str:
    rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    text = f"{rounded:,.{digits}f}"
    if report_language(lang) == "nl":
        text = text.translate(_DUTCH_SEPARATORS)
    return text


def nl_int(value: object, lang: str = "nl") -> str:
    """Return a whole number with thousands separators: 58400 → '58.400' (en: '58,400'); None/NaN → '–'."""
    number = _decimal(value, "nl_int")
    return MISSING if number is None else _grouped(number, 0, lang)


def nl_num(value: object, digits: int = 1, lang: str = "nl") -> str:
    """Return a number with a fixed number of decimals: 3.25 → '3,3' (digits=1; en: '3.3'); None/NaN → '–'."""
    number = _decimal(value, "nl_num")
    return MISSING if number is None else _grouped(number, digits, lang)


def pct(value: object, digits: int = 0, lang: str = "nl") -> str:
    """Return a fraction as a percentage: 0.423 → '42%', with digits=1 → '42,3%' (en: '42.3%'); None/NaN → '–'."""
    number = _decimal(value, "pct")
    return MISSING if number is None else _grouped(number * 100, digits, lang) + "%"


def nl_date(value: object, lang: str = "nl") -> str:
    """Return a date written out: '2025-04-11' → '11 april 2025' (en: '11 April 2025'); '2025-04' → 'april 2025'.

    Text that is not an ISO date ('14 mei', a date kept as written in a transcript header) comes back as written;
    None gives '–'.
    """
    months = MONTHS_NL if report_language(lang) == "nl" else MONTHS_EN
    if value is None:
        return MISSING
    if isinstance(value, dt.date):  # datetime is a date too
        return f"{value.day} {months[value.month - 1]} {value.year}"
    if not isinstance(value, str):
        raise ProjectError(f"the nl_date filter expects a date such as '2025-04-11', got {value!r}",
                           hint="pass an ISO date (YYYY-MM-DD or YYYY-MM), a date object or the date as written")
    match = _ISO_DATE.match(value.strip())
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
        try:
            dt.date(year, month, day)
        except ValueError:
            return value.strip()
        return f"{day} {months[month - 1]} {year}" if match[3] else f"{months[month - 1]} {year}"
    return value.strip()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_text(value: Any) -> Any:
    """Return a text that a spreadsheet would run as a formula prefixed with "'" (OWASP); anything else as given.

    Numbers stay numbers (-2 is a count, not a formula); only text is prefixed.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
