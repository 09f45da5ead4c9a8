"""What an anonymised report shows instead of details that together point at one person: a date as month and year,
a function as the general role it names ("projectleider vastgoed" → "projectleider")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from qualcode.domain.dates import MONTHS
from qualcode.domain.names import strip_accents
from qualcode.reporting.formatting import MISSING, nl_date

# Functions in this field, as a respondent's function usually names them; [report] anonymous_roles replaces the list.
DEFAULT_ROLES = (
    "wethouder", "burgemeester", "gemeentesecretaris", "raadslid", "directeur", "afdelingshoofd", "teamleider",
    "manager", "programmamanager", "projectmanager", "projectleider", "kwartiermaker", "procesbegeleider", "regisseur",
    "coördinator", "strategisch adviseur", "beleidsadviseur", "beleidsmedewerker", "adviseur", "energiecoach",
    "netbeheerder", "bewoner", "initiatiefnemer", "voorzitter", "secretaris", "penningmeester", "vrijwilliger",
    "ondernemer", "medewerker",
)
OTHER_ROLE = {"nl": "andere functie", "en": "other position"}
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})")
_WORD = re.compile(r"[^\W\d_]+")


def month_only(value: str | None, lang: str = "nl") -> str:
    """A date as month and year at most: '2025-04-11' and '11 april 2025' → 'april 2025', '2025' → '2025';
    a date without a year, or nothing, → '–' (a day and month alone still say when someone was interviewed)."""
    if not value or not value.strip():
        return MISSING
    iso = _ISO_MONTH.match(value)
    if iso:
        return nl_date(f"{iso[1]}-{iso[2]}", lang)
    year = _YEAR.search(value)
    if year is None:
        return MISSING
    month = next((MONTHS[word] for word in _WORD.findall(value.lower()) if word in MONTHS), None)
    return nl_date(f"{year[1]}-{month:02d}", lang) if month else year[1]


class RoleGeneraliser:
    """Turns a function into the general role it names: the listed role that comes first in it (the longer of two
    at one place), found as a word or as the start or end of a compound ("energieadviseur" → "adviseur"); a function
    naming none of them becomes 'andere functie'. Case and accents do not matter."""

    def __init__(self, roles: Sequence[str] | None = None, lang: str = "nl") -> None:
        self.roles = tuple(role.strip() for role in (DEFAULT_ROLES if roles is None else roles) if role.strip())
        self.other = OTHER_ROLE.get(lang, OTHER_ROLE["nl"])
        keys = sorted({_key(role): role for role in self.roles}.items(), key=lambda item: -len(item[0]))
        self._display = dict(keys)
        self._regex = re.compile("|".join(rf"(?<!\w){re.escape(key)}|{re.escape(key)}(?!\w)" for key, _ in keys)) \
            if keys else None

    def __call__(self, function: str | None) -> str:
        if not function or not function.strip():
            return function or ""
        found = self._regex.search(_key(function)) if self._regex else None
        return self._display[found[0]] if found else self.other


def _key(text: str) -> str:
    return " ".join(strip_accents(text).casefold().split())
