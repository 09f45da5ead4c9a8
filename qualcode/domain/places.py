"""Dutch places in text: the 342 gemeenten (2025) and 12 provinces with their other names, adjectives and
inhabitants, and a finder that spots them in a text as a reader would.

The list is package data (`qualcode/domain/data/places_nl.txt`, its format described at its top); `dutch_places()`
reads it once. Reading the package's own data is the only I/O here: the module stays pure for every caller (an
anonymised report replaces places by "[plaats]"; a language layer may tag them).

How a place is found (PlaceFinder):
- whole words only, never inside a word or a compound ("Bestuur", "Zwolleweg"), accents and apostrophe variants
  ignored ("Sudwest-Fryslan", "’s-Hertogenbosch");
- only when capitalised: lower case is an ordinary word ("het is best lastig", "de buren", "wij kampen met");
- a name that is also a common word (marked in the list: Best, Buren, Huizen, Houten, Kampen, Goes, …) is not taken
  at the start of a sentence, where any word is capitalised ("Best lastig, eigenlijk."), only inside one
  ("de gemeente Best", "in Huizen en Laren");
- the longest form wins ("Bergen op Zoom" over "Bergen", "Noord-Brabant" over "Brabant").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from qualcode.domain.names import fold_same_length

DATA_FILE = "places_nl.txt"
PLACEHOLDER = "[plaats]"
# Endings every gemeente takes besides its listed forms: "Zwolles", "Zwollese", "Emmer", "Emmers" (the possessive,
# the adjective and the inhabitant); a form that never occurs costs nothing.
_ENDINGS = ("s", "se", "er", "ers")
# Where a sentence begins: the start of the text or a line, or after . ! ? … or : with spaces and opening quotes.
_SENTENCE_START = re.compile(r"(?:^|[.!?…:|>]|\n)[\s\"'“‘„(\[*•–—-]*$")
_LOOK_BACK = 12
_ARTICLE = re.compile(r"^(?:de|den|het)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """A gemeente or province as the list spells it, with every form a text may name it by."""

    name: str  # "Súdwest-Fryslân", "'s-Gravenhage", "Bergen (NH)"
    kind: str  # "gemeente" or "provincie"
    province: str | None  # the gemeente's province; None for a province
    forms: tuple[str, ...]  # the name (without a "(NH)"), other names, adjectives, inhabitants
    common_word: bool = False  # also an ordinary word that may begin a sentence (Best, Buren, Huizen)


@dataclass(frozen=True)
class PlaceMention:
    """A place found in a text: text[start:end] is the form as written."""

    start: int
    end: int
    found: str
    place: Place


def parse_places(text: str, source: str = DATA_FILE) -> tuple[Place, ...]:
    """The places of a list in the format of places_nl.txt; a malformed line is a ValueError naming it."""
    places = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split("|")]
        if len(fields) != 4 or fields[0].rstrip("*") not in ("gemeente", "provincie") or not fields[1]:
            raise ValueError(f"{source}, line {number}: expected 'kind | name | province | forms', got {line!r}")
        kind, name, province, listed = fields
        plain = re.sub(r"\s*\([^)]*\)$", "", name)  # "Bergen (NH)" is written "Bergen"
        forms = [plain, *(form.strip() for form in listed.split(",") if form.strip())]
        if kind.startswith("gemeente"):
            forms += [plain + ending for ending in _ENDINGS]
        places.append(Place(name, kind.rstrip("*"), province or None, tuple(dict.fromkeys(forms)),
                            common_word=kind.endswith("*")))
    return tuple(places)


@lru_cache(maxsize=1)
def dutch_places() -> tuple[Place, ...]:
    """The gemeenten of 2025 and the provinces, read once from the package's data."""
    text = resources.files("qualcode.domain").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return parse_places(text)


def _key(form: str) -> str:
    return " ".join(fold_same_length(form).lower().replace("-", " ").split())


class PlaceFinder:
    """Finds the places of a list in texts (see the module docstring for the rules).

    leave names forms not to find, in any spelling (a study's own cases, which an anonymised report names by
    pseudonym instead; a value the report shows): a place keeps its other forms.
    """

    def __init__(self, places: Iterable[Place] | None = None, *, leave: Iterable[str] = ()) -> None:
        left = {_key(name) for name in leave}
        self._places: dict[str, Place] = {}
        for place in dutch_places() if places is None else places:
            for form in place.forms:
                key = _key(form)
                if key not in left:
                    self._places.setdefault(key, place)  # the first place of a shared form (Groningen) names it
        self._regex = _forms_regex(self._places) if self._places else None

    def mentions(self, text: str) -> list[PlaceMention]:
        """Every place named in text, in order."""
        return list(self._mentions(text))

    def replace(self, text: str, placeholder: str = PLACEHOLDER) -> str:
        """Text with every place replaced by the placeholder."""
        pieces, position = [], 0
        for mention in self._mentions(text):
            pieces += [text[position:mention.start], placeholder]
            position = mention.end
        pieces.append(text[position:])
        return "".join(pieces)

    def _mentions(self, text: str) -> Iterator[PlaceMention]:
        if self._regex is None:
            return
        folded = _folded(text)  # offsets stay those of text
        for match in self._regex.finditer(folded):
            start, end = match.span()
            if start and (folded[start - 1].isalnum() or folded[start - 1] == "_"):
                continue  # inside a word
            found = text[start:end]
            place = self._places.get(_key(found))
            if place is None or not _capitalised(found):
                continue
            if place.common_word and _SENTENCE_START.search(text[max(0, start - _LOOK_BACK):start]):
                continue
            yield PlaceMention(start, end, found, place)


def _folded(text: str) -> str:
    """fold_same_length(text), one translation of the few distinct characters that are not ASCII (a report is long
    and fold_same_length goes character by character)."""
    if text.isascii():
        return text
    others = {char for char in set(text) if not char.isascii()}
    return text.translate({ord(char): fold_same_length(char) for char in others} | {ord("`"): "'"})


def _capitalised(found: str) -> bool:
    """Whether a form as written begins with a capital ('s-Hertogenbosch and 't Zandt by the letter after)."""
    body = re.sub(r"^['’‘`]?[st][-\s]+", "", found) if found[:1] in "'’‘`" else found
    body = _ARTICLE.sub("", body)  # 'in de Bilt', 'den Haag': the name after the article counts
    return body[:1].isupper()


_Tree = dict[str, "_Tree"]


def _forms_regex(keys: Iterable[str]) -> re.Pattern[str]:
    """One regex for all forms as a tree of their characters (far faster than an alternation of a thousand
    names, which re would try one by one at every position); longer forms first at every branch.

    The first character is matched in upper case and the rest in any case: re then skips every position that
    holds no capital at C speed. A name with an article (De Bilt, Den Haag, Het Hogeland) may also be written with
    the article in lower case. Whether the character before is part of a word is checked by the caller.
    """
    keys = list(keys)
    tree = _tree(keys)
    with_article = _tree(key for key in keys if _ARTICLE.match(key))

    def pattern(node: _Tree) -> str:
        branches = [(r"[-\s]+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    firsts = [re.escape(char.upper()) + "(?i:" + pattern(child) + ")" for char, child in sorted(tree.items())]
    if with_article:
        firsts.append("(?i:" + pattern(with_article) + ")")
    return re.compile("(?:" + "|".join(firsts) + r")(?!\w)")


def _tree(keys: Iterable[str]) -> _Tree:
    """The keys as a tree of their characters, "" marking where a key ends."""
    tree: _Tree = {}
    for key in keys:
        node = tree
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return tree
