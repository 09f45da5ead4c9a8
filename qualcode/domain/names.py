"""The one name normaliser: case keys (’s-Hertogenbosch = 's-Hertogenbosch = Den Bosch) and person names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

# Well-known alternative names of Dutch municipalities; a project adds its own in qualcode.toml.
KNOWN_ALIASES: dict[str, str] = {
    "den bosch": "'s hertogenbosch",
    "s hertogenbosch": "'s hertogenbosch",
    "den haag": "'s gravenhage",
    "s gravenhage": "'s gravenhage",
    "the hague": "'s gravenhage",
    "s gravenzande": "'s gravenzande",
}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_PREFIX = re.compile(r"^(?:de\s+)?(?:gemeente|municipality of|municipality|gem\.)\s+", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-_]+")


_HYPHENS = str.maketrans({"‐": "-", "‑": "-", "‒": "-"})


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return unicodedata.normalize("NFD", char.translate(_APOSTROPHES).translate(_HYPHENS))[0]


def fold_same_length(text: str) -> str:
    """Text without accents, with plain apostrophes and hyphens, one character for one (offsets stay valid)."""
    return text if text.isascii() else "".join(map(_fold_char, text))


def strip_accents(text: str) -> str:
    """Return text without diacritics (Súdwest-Fryslân → Sudwest-Fryslan)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def case_key(name: str, aliases: Mapping[str, str] | None = None) -> str:
    """Return the normalised key under which a case name is stored and matched."""
    text = name.translate(_APOSTROPHES).strip()
    text = _PREFIX.sub("", text)
    text = strip_accents(text).lower()
    text = _SEPARATORS.sub(" ", text).strip(" .,;")
    if text.startswith("'s "):
        text = text[1:]
    table = {**KNOWN_ALIASES, **{_plain(k): _plain(v) for k, v in (aliases or {}).items()}}
    text = table.get(text, text)
    if text.startswith("s ") and not text.startswith("'s "):
        text = "'" + text
    return text


def _plain(name: str) -> str:
    text = strip_accents(name.translate(_APOSTROPHES)).lower()
    text = _SEPARATORS.sub(" ", text).strip(" .,;")
    return text[1:] if text.startswith("'s ") else text


def place_variants(name: str, aliases: Mapping[str, str] | None = None) -> list[str]:
    """A gemeente's name as a text may write it: as is, without its 's- ('Heerenbeek Zon' for 's-Heerenbeek),
    and each alias that stands for it ('Den Bosch'); for keeping places out of anonymised reports."""
    variants = [name]
    bare = re.sub(r"^['’‘]s[-\s]+", "", name.strip())
    if bare != name.strip() and sum(char.isalpha() for char in bare) >= 4:
        variants.append(bare)
    key = case_key(name, aliases)
    table = {**KNOWN_ALIASES, **{_plain(k): _plain(v) for k, v in (aliases or {}).items()}}
    # Keys such as "s hertogenbosch" only normalise the name itself; real aliases ("den bosch") are words.
    variants += [alias for alias, target in table.items()
                 if key in (target, case_key(target)) and not alias.startswith(("'", "s "))]
    return list(dict.fromkeys(variants))


def clean_case_name(name: str) -> str:
    """Return a case name as it should be displayed: without a 'Gemeente' prefix, apostrophes kept."""
    return _PREFIX.sub("", name.strip()).strip()


def person_key(name: str) -> str:
    """Return a person name folded for matching (case, accents and spacing ignored)."""
    return " ".join(strip_accents(name).lower().replace(".", " ").split())


# Dutch (and common foreign) name particles that are not the surname itself.
TUSSENVOEGSELS = frozenset({"van", "de", "der", "den", "het", "ten", "ter", "te", "in", "'t", "op", "la", "le", "el",
                            "al"})


def first_name(name: str) -> str:
    """Return the first name of a full name ('Marieke de Vries' → 'Marieke')."""
    parts = name.split()
    return parts[0] if parts else name


def surname(name: str) -> str:
    """Return the surname without tussenvoegsels ('Marieke de Vries' → 'Vries')."""
    parts = [p for p in name.split()[1:] if p.lower() not in TUSSENVOEGSELS]
    return parts[-1] if parts else ""
