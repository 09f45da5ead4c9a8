"""Dutch compound splitting on wordfreq's Dutch frequency list (Apache-2.0): subsidieregeling = subsidie + regeling.

The rules, in order:

1. A hyphen always separates parts (verduurzamings-opgave, CO₂-reductie); each piece is split further, and a
   piece before a hyphen loses a linking element that makes it no word (verduurzamings- → verduurzaming).
2. A piece is split into at least two parts that wordfreq knows often enough: a part of three letters with a Zipf
   frequency of at least 4.5 (net, dak, wet), of four letters at least 3.5 (buur, laad), longer ones at least 2.0
   (congestie); prefixes and suffixes that look like words are never parts (ver-, ont-, -ing, -tie). Between
   two parts may stand one linking element: ``s`` (verduurzaming-s-opgave, rijk-s-subsidie), ``e`` or ``en``
   (pann-e-koek; bedrijventerrein is bedrijven + terrein, a plural modifier); a part ending in ``e`` needs none
   (gemeente-huis).
3. Of all splits, the one with the fewest parts wins, then the one whose parts are most frequent (mean Zipf).
4. A split is kept unless the whole word is more frequent than every one of its parts (a variant of Koehn and
   Knight's test): such a word is used as a word of its own, not as a compound.
5. A rare part (Zipf below 3) is split again (meerjarenonderhoudsplan: meer, jaren, onderhoud, plan).
6. Each part also counts by its lemma (simplemma), so ``bedrijf`` is a part of bedrijventerrein.

Everything computed is cached per process; loading wordfreq's Dutch list takes about half a second, once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

MIN_PART_LETTERS = 3
MIN_PART_ZIPF = {3: 4.5, 4: 3.5}  # by length; longer parts need LONG_PART_ZIPF
LONG_PART_ZIPF = 2.0
COMMON_WORD_ZIPF = 3.0  # a part at least this frequent is not split again
NOT_PARTS = frozenset({"ver", "ont", "her", "ing", "ling", "ning", "tie", "sie", "heid", "lijk", "baar", "schap",
                       "aar", "ster", "erij", "isch", "ende", "atie", "eren", "ere", "der", "den", "ten"})
LINKS = ("", "s", "e", "en")
MAX_WORD_LETTERS = 60  # longer "words" (a URL, a run of letters) are not split


@dataclass(frozen=True)
class Split:
    """A word split into its parts (linking elements left out), and each part's lemma."""

    word: str
    parts: tuple[str, ...]
    lemmas: tuple[str, ...]

    @property
    def is_compound(self) -> bool:
        return len(self.parts) > 1


@functools.cache
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    frequencies: dict[str, float] = get_frequency_dict("nl", wordlist="best")
    return frequencies


def zipf(word: str) -> float:
    """Return the Zipf frequency of a lower-case Dutch word (0 for a word wordfreq does not know)."""
    import math

    frequency = _frequencies().get(word, 0.0)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


@functools.lru_cache(maxsize=131072)
def _known(part: str) -> float:
    if len(part) < MIN_PART_LETTERS or part in NOT_PARTS:
        return 0.0
    value = zipf(part)
    return value if value >= MIN_PART_ZIPF.get(len(part), LONG_PART_ZIPF) else 0.0


@functools.lru_cache(maxsize=65536)
def _split_piece(piece: str) -> tuple[str, ...]:
    """The best split of a piece without hyphens (rules 2-4); the piece itself when no split is better."""
    length = len(piece)
    if length < 2 * MIN_PART_LETTERS or length > MAX_WORD_LETTERS or not piece.isalpha():
        return (piece,)
    # best[i]: (number of parts, -sum of Zipf values, parts) of the best split of piece[:i] ending a part at i
    best: list[tuple[int, float, tuple[str, ...]] | None] = [None] * (length + 1)
    best[0] = (0, 0.0, ())
    for end in range(MIN_PART_LETTERS, length + 1):
        for begin in range(0, end - MIN_PART_LETTERS + 1):
            if begin == 0 and end == length:
                continue  # the word itself is not a split
            value = _known(piece[begin:end])
            if not value:
                continue
            for link in LINKS:
                cut = begin - len(link)
                if cut < 0 or (link and piece[cut:begin] != link) or best[cut] is None:
                    continue
                if link and cut == 0:
                    continue
                previous = best[cut]
                assert previous is not None
                candidate = (previous[0] + 1, previous[1] - value, (*previous[2], piece[begin:end]))
                current = best[end]
                if current is None or candidate[:2] < current[:2]:
                    best[end] = candidate
    found = best[length]
    if found is None or found[0] < 2 or max(zipf(part) for part in found[2]) <= zipf(piece):
        return (piece,)
    # A rare part may be a compound itself (meerjaren-onderhoudsplan); a common one is a word (onderhoud).
    return tuple(inner for part in found[2]
                 for inner in (_split_piece(part) if zipf(part) < COMMON_WORD_ZIPF else (part,)))


@functools.lru_cache(maxsize=65536)
def split(word: str) -> Split:
    """Split a word (any case) into its compound parts; a simple word is one part."""
    lower = word.lower()
    parts: list[str] = []
    pieces = [piece for piece in lower.split("-") if piece]
    for index, piece in enumerate(pieces):
        if index < len(pieces) - 1:
            piece = _without_link(piece)
        parts.extend(_split_piece(piece))
    if not parts:
        parts = [lower]
    return Split(lower, tuple(parts), tuple(_lemma(part) for part in parts))


def _without_link(piece: str) -> str:
    """A modifier before a hyphen without its linking element when that makes it a word (verduurzamings-)."""
    if zipf(piece) >= LONG_PART_ZIPF:
        return piece
    for link in ("s", "en", "e"):
        if piece.endswith(link) and zipf(piece[:-len(link)]) >= LONG_PART_ZIPF:
            return piece[:-len(link)]
    return piece


def _lemma(part: str) -> str:
    from qualcode.nlp.pipeline import simple_lemma

    return simple_lemma(part)


def contains(compound: str, word: str) -> bool:
    """Whether word (a lemma or form) is one of compound's parts, or several adjacent parts together.

    ``contains("rijkssubsidie", "subsidie")`` and ``contains("wijkuitvoeringsplan", "uitvoeringsplan")`` are true;
    ``contains("planning", "plan")`` is false. A word is not a part of itself.
    """
    target = word.lower()
    found = split(compound)
    if not found.is_compound or target == found.word:
        return False
    for sequence in (found.parts, found.lemmas):
        for first in range(len(sequence)):
            joined = ""
            for last in range(first, len(sequence)):
                joined += sequence[last]
                if joined == target or (last > first and _joined_with_links(sequence[first:last + 1], target)):
                    return True
    return False


def _joined_with_links(parts: tuple[str, ...], target: str) -> bool:
    """Whether target is these parts with linking elements between them (uitvoering + s + plan)."""
    if not target.startswith(parts[0]):
        return False
    position = len(parts[0])
    for part in parts[1:]:
        for link in LINKS:
            if target.startswith(link + part, position):
                position += len(link) + len(part)
                break
        else:
            return False
    return position == len(target)
