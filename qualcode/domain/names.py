"""The one name normaliser: case keys (’s-Hertogenbosch = 's-Hertogenbosch = Den Bosch) and person names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache

from qualcode.domain.dates import MONTHS

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
    return _case_key(name, tuple(aliases.items()) if aliases else ())


@lru_cache(maxsize=65536)
def _case_key(name: str, alias_items: tuple[tuple[str, str], ...]) -> str:
    aliases = dict(alias_items)
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


@lru_cache(maxsize=65536)
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


# Words people put around a gemeente's name in a file name ('Interview gemeente Kleidorp def').
_FILENAME_NOISE = frozenset({
    "interview", "interviews", "verslag", "verslagen", "gespreksverslag", "interviewverslag", "transcript",
    "transcripten", "transcriptie", "gesprek", "notulen", "gemeente", "gem", "met", "def", "definitief", "concept",
    "versie", "final", "bijlage", "wethouder", "beleidsadviseur", "beleidsmedewerker", "projectleider",
    "ambtenaar", "respondent", "respondenten", "interviewer", "burgemeester", "medewerker", "adviseur", "opname",
    "uitwerking", "uitgewerkt", "samenvatting", "gecondenseerd", "deel", "ronde",
})
_MONTHS = "|".join(sorted(MONTHS, key=len, reverse=True))
# Dates with a month name ('3 juni', 'juni 2025', '3-jun-25'); all-digit dates fall apart into number tokens.
_FILENAME_DATE = re.compile(rf"(?<![^\W\d_])(?:\d{{1,2}}[\s_.-]*(?:{_MONTHS})(?:[\s_.-]*\d{{2,4}})?"
                            rf"|(?:{_MONTHS})[\s_.-]*\d{{4}})(?![^\W\d_])", re.IGNORECASE)
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_FILENAME_SEPARATORS = re.compile(r"([\s_.,+\-–—]+)")
# Numbers and codes: '01', 'v2', '3e', 'IV04', 'R2'.
_NUMBER_TOKEN = re.compile(r"^(?:[a-z]{0,3}\d+[a-z]?)$", re.IGNORECASE)
# Initials of the interviewer or typist: 'PS', 'JJ', 'AdG', 'PvdB'.
_INITIALS = re.compile(r"^(?:[A-Z]{2,3}|[A-Z][a-z]{1,2}[A-Z])$")
# Words written in lower case on a place-name sign ('Veenhuizen-aan-Zee', 'Bergen op Zoom').
_PLACE_PARTICLES = frozenset({"aan", "bij", "de", "den", "der", "en", "het", "in", "op", "onder", "over", "te",
                              "ten", "ter", "van", "'t"})
# Words that link a name to the words around it ('verslag van Kleidorp'); no gemeente starts with them,
# unlike De Bilt, Den Helder or Het Hogeland.
_LEADING_LINK_WORDS = frozenset({"aan", "bij", "en", "in", "op", "over", "te", "van", "voor"})
_APOSTROPHE_S = frozenset({"s", "'s", "’s", "‘s"})



def case_name_from_filename(stem: str, ignore: Collection[str] = ()) -> str | None:
    """Return the case name in a file name without its extension: 'Interview gemeente Kleidorp' → 'Kleidorp',
    '2025-06-03_interview_Kleidorp_PS' → 'Kleidorp', 's-heerenbeek' → "'s-Heerenbeek"; None when only
    interview words, dates, numbers and initials are left ('Interview 3'). Words in ignore (lower case: the
    names of the people in the interview) are no part of a gemeente's name either."""
    text = _FILENAME_DATE.sub(" # ", _BRACKETED.sub(" # ", unicodedata.normalize("NFC", stem)))
    pieces = _FILENAME_SEPARATORS.split(text)
    all_capitals = text.upper() == text
    groups: list[list[tuple[str, str]]] = [[]]  # runs of kept words, each word with the separator before it
    separator = ""
    for index, piece in enumerate(pieces):
        if index % 2:
            separator = piece
            continue
        if not piece:
            continue
        noise = (piece == "#" or piece.lower() in _FILENAME_NOISE or _NUMBER_TOKEN.match(piece) is not None
                 or (not all_capitals and _INITIALS.match(piece) is not None))
        # 'Kleidorp_Anna_de_Graaf': an underscore after a name word starts another part (a person), while
        # 'Bergen_op_Zoom' stays one name because the word before the underscore is a particle.
        noise = noise or piece.lower() in ignore
        if noise:
            groups.append([])
        else:
            groups[-1].append((separator, piece))
    for group in groups:
        while group and group[0][1].lower() in _LEADING_LINK_WORDS:
            group.pop(0)
        if any(word.lower() not in _PLACE_PARTICLES | _APOSTROPHE_S for _separator, word in group):
            return _as_on_the_sign(group)
    return None


def _as_on_the_sign(group: list[tuple[str, str]]) -> str:
    """Join the words of a name and capitalise a name typed all in lower (or upper) case like its sign."""
    words = [word for _separator, word in group]
    joiners = ["-" if "-" in separator else " " for separator, _word in group[1:]]
    name_start = 0
    if words[0].lower() in _APOSTROPHE_S and len(words) > 1:
        # 's-Heerenbeek: the apostrophe as typed, "'s" when the file name could not hold one
        words[0], joiners[0], name_start = (words[0].lower() if len(words[0]) == 2 else "'s"), "-", 1
    letters = "".join(words[name_start:])
    if letters.lower() == letters or letters.upper() == letters:
        words[name_start:] = [_capitalised(word.lower(), first=position == 0)
                              for position, word in enumerate(words[name_start:])]
    return words[0] + "".join(joiner + word for joiner, word in zip(joiners, words[1:], strict=True))


def _capitalised(word: str, *, first: bool) -> str:
    if not first and word in _PLACE_PARTICLES:
        return word
    if word.startswith("ij"):  # the Dutch digraph is capitalised whole: IJsselstein
        return "IJ" + word[2:]
    return word[:1].upper() + word[1:]


@dataclass(frozen=True)
class CaseMatch:
    """An existing case that a new case name matches, exactly or nearly."""

    key: str  # the existing case's key
    name: str  # its display name
    score: float  # 0–100
    exact: bool  # same case_key (after aliases): the same case, no warning needed


# A near name is only worth a warning from this score of rapidfuzz's fuzz.ratio on the compact keys:
# 'Kleidrop'/'Kleidorp' scores 87.5, 'Lindewaard'/'Lindenwaard' 95, 'Bergakker'/'Bergakkers' 94.7, while
# 'Westerbroek'/'Oosterbroek' (82) and 'Ede'/'Epe' (67) are different places that should not be suggested.
# Hoogeveen/Hoogveen (94) are two real gemeenten one letter apart: a fuzzy match is a suggestion, never a link.
CLOSE_CASE_SCORE = 85.0
_FROM_BRACKET = re.compile(r"\s*[(\[].*$")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def closest_case(name: str, cases: Mapping[str, str], aliases: Mapping[str, str] | None = None) -> CaseMatch | None:
    """Return the existing case (cases: key → display name) that name is, or nearly is; None when none is close.

    Only an exact match (the same case_key) is the same case; a near one ('Kleidrop', 'Klei-dorp',
    'Kleidorp (gem.)') is for a warning that names both."""
    key = case_key(name, aliases)
    if key in cases:
        return CaseMatch(key=key, name=cases[key], score=100.0, exact=True)
    for existing_key, display in cases.items():
        if key == case_key(display, aliases):  # a key stored before an alias was added
            return CaseMatch(key=existing_key, name=display, score=100.0, exact=True)
    # Compared without spaces, hyphens and a bracketed remark, so that 'Klei-dorp' and 'Kleidorp (gem.)' come
    # close to 'Kleidorp'; a comparison form of case_key, never stored.
    query = _NOT_ALPHANUMERIC.sub("", _FROM_BRACKET.sub("", key))
    if not query or not cases:
        return None
    from rapidfuzz import fuzz, process  # imported here: the command line starts without it

    choices = {existing_key: _NOT_ALPHANUMERIC.sub("", _FROM_BRACKET.sub("", existing_key)) for existing_key in cases}
    best = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=CLOSE_CASE_SCORE)
    if best is None:
        return None
    _form, score, existing_key = best
    return CaseMatch(key=existing_key, name=cases[existing_key], score=float(score), exact=False)
