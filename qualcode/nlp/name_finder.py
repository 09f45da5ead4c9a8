"""Candidates for the pseudonym key in a text: people's names, places, organisations, e-mail addresses, phone
numbers and postcodes, each with its offsets (pure: strings in, findings out; wordfreq's Dutch list as data).

How a person is found:
- after a title or function word (Dhr., mw., mevrouw, meneer, de heer, wethouder, burgemeester, collega, dr., …):
  initials ("T.", "A.M."), a first name, particles that may be capitalised there ("Van den Heuvel", "El Idrissi")
  and a surname, hyphenated parts included ("de Laat-Verhoeven", "Smits-de Wit"); the title is not part of the name;
- inside a sentence, without a title: a run of capitalised words with at most one group of particles before the
  last ("Kees van der Meer", "Van Beek"), so that "Jan de Boer van Enexis" is one name and a second word; a single
  capitalised word ending in s before a lower-case word is a possessive ("Ricks idee" names Rick);
- not a person: a run after an article or possessive (de, het, een, onze: "het Rijk", "de Omgevingswet"), an
  acronym (GGD), a word of the stop list (languages, Nederland, …), a single word Dutch uses so often that its
  capital is emphasis (wordfreq's Zipf ≥ 5.3), a compound of frequent words (Klimaatakkoord), a known place or
  organisation;
- at the start of a sentence, where every word has a capital: a run of two or more words whose first is no
  frequent Dutch word (Zipf < 4.9: "Yusuf Öztürk deed", not "Het Klimaatakkoord"), or a name found elsewhere in the
  text ("Johan zei …, en Johan had gelijk").

Places are those of qualcode.domain.places (the gemeenten and provinces, their adjectives and inhabitants), and a
capitalised word after "regio", "provincie", "gemeente", "stad", "dorp" or "wijk"; a place that follows a particle
inside a name is a surname ("Van Beek"). Organisations come from the researcher's list only.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qualcode.domain.places import PlaceFinder

PERSON, PLACE, ORGANISATION, EMAIL, PHONE, POSTCODE = "person", "place", "organisation", "email", "phone", "postcode"
KINDS = (PERSON, PLACE, ORGANISATION, EMAIL, PHONE, POSTCODE)

TITLES = frozenset({
    "dhr", "mw", "mevr", "mvr", "mevrouw", "meneer", "mijnheer", "heer", "juffrouw", "wethouder", "burgemeester",
    "gedeputeerde", "collega", "directeur", "projectleider", "dokter", "dr", "drs", "ir", "ing", "mr", "prof",
    "raadslid", "wijkagent", "buurman", "buurvrouw", "oom", "tante", "zuster", "pastoor", "dominee"})
PARTICLES = frozenset({"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "el", "al", "da", "di",
                       "du", "le", "la", "'t", "’t", "d'", "von", "vd", "v.d."})
ARTICLES = frozenset({"de", "het", "een", "onze", "ons", "deze", "die", "dit", "dat", "zijn", "haar", "hun", "uw",
                      "mijn", "jullie", "elk", "ieder", "welk", "welke"})
NOT_NAMES = frozenset({
    "nederland", "nederlands", "nederlandse", "engels", "engelse", "duits", "duitse", "frans", "franse", "turks",
    "turkse", "arabisch", "marokkaans", "marokkaanse", "europa", "europese", "god", "kerst", "pasen", "rijk",
    "ik", "oké", "ok", "corona", "covid", "internet", "excel", "word", "teams", "zoom", "whatsapp"})
PLACE_NOUNS = frozenset({"regio", "provincie", "gemeente", "stad", "dorp", "wijk", "kern", "buurt"})
PLACE_PREPOSITIONS = frozenset({"in", "uit", "naar", "rond", "richting", "nabij"})
ABBREVIATED_TITLES = frozenset({"dhr", "mw", "mevr", "mvr", "dr", "drs", "ir", "ing", "mr", "prof"})
_FOREIGN = frozenset({"el", "al", "da", "di", "du", "le", "la"})  # capitalised inside a name too: 'Mohamed El Amrani'
_NAME_START_PARTICLES = frozenset({"van", "de", "der", "den", "ter", "ten", "el", "al", "da", "di", "du", "le", "la",
                                   "'t", "’t", "d'", "von", "vd", "v.d."})  # 'in', 'op', 'te', 'het' start no name
_ARTICLE_NAMES = frozenset({"de", "het", "den", "'t", "’t"})  # 'De Hoven', 'Het Groene Hart': a place or a body
ORDINARY_ZIPF = 5.3  # a single word this frequent is an ordinary word written with a capital
START_ZIPF = 4.9  # a run starting a sentence is a name only when its first word is rarer than this
_MAX_FIRST_NAMES = 3

_WORD = re.compile(r"[^\W\d_](?:[\w'’]*[^\W_])?(?:-[^\W\d_](?:[\w'’]*[^\W_])?)*|'t|’t|d'")
_SENTENCE_END = re.compile(r"[.!?…:;]\s*[\"'“”‘’(\[*•–—-]*\s*$|\n\s*$")
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?<!\.)")
PHONE_RE = re.compile(r"(?<![\w+])(?:\+31|0031)[\s-]?(?:\(0\)[\s-]?)?\d(?:[\s-]?\d){8}(?![\w])"
                      r"|(?<![\w+])0\d(?:[\s-]?\d){8}(?![\w])")
POSTCODE_RE = re.compile(r"(?<![\w])[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}(?![\w])")


@dataclass(frozen=True)
class Finding:
    """A candidate for the key: text[start:end] is what was found; real is the form the key holds ('Rick' for
    'Ricks'); kind is one of KINDS."""

    start: int
    end: int
    kind: str
    real: str


class _Token:
    """A word of the text with its offsets, its lower case and whether it is capitalised (computed once: a million
    words are asked again and again)."""

    __slots__ = ("capitalised", "end", "lower", "start", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text, self.lower = start, end, text, text.lower()
        self.capitalised = text[0].isupper() and _capitalised(text)


def _capitalised(text: str) -> bool:
    """A capital and then lower case ('Öztürk', 'Laat-Verhoeven'), no acronym (GGD, VvE) or figure (CO₂)."""
    rest = text[1:]
    if rest[:1].isupper() or any(char.isdigit() for char in rest):
        return False
    return not any(char.isupper() and rest[at - 1] not in "-'’" for at, char in enumerate(rest) if at > 0)


@functools.lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a Dutch word in any case (0 for a word it does not know), through compounds.py,
    which owns wordfreq."""
    from qualcode.nlp.compounds import zipf as dutch_zipf

    return dutch_zipf(word.lower())


def _compound_of_words(word: str) -> bool:
    from qualcode.nlp.compounds import split

    return split(word.lower()).is_compound


class NameFinder:
    """Finds the candidates of a text (see the module docstring for the rules)."""

    def __init__(self, *, organisations: Sequence[str] = (), places: PlaceFinder | None = None,
                 not_names: Sequence[str] = ()) -> None:
        """not_names: words and runs never offered (the study's own gemeenten, which have pseudonyms already)."""
        self._places = places if places is not None else PlaceFinder()
        self._not_names = frozenset(" ".join(name.lower().replace("-", " ").split()) for name in not_names)
        organisations = [" ".join(name.split()) for name in organisations if name.strip()]
        self._organisations = (re.compile(r"(?<!\w)(?:" + "|".join(
            re.escape(name) for name in sorted(organisations, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
            if organisations else None)

    def find(self, text: str) -> list[Finding]:
        """Every candidate in text, in order of where it starts; no two overlap."""
        taken: list[Finding] = []
        for regex, kind in ((EMAIL_RE, EMAIL), (PHONE_RE, PHONE), (POSTCODE_RE, POSTCODE)):
            taken += [Finding(m.start(), m.end(), kind, m.group()) for m in regex.finditer(text)]
        if self._organisations is not None:
            taken += [Finding(m.start(), m.end(), ORGANISATION, " ".join(m.group().split()))
                      for m in self._organisations.finditer(text)]
        taken = _without_overlaps(taken)
        tokens = [_Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)
                  if not taken or not _covered(m.start(), m.end(), taken)]
        places = [Finding(m.start, m.end, PLACE, m.found) for m in self._places.mentions(text)]
        people = sorted(self._people(text, tokens, places), key=lambda f: f.start)
        # A place inside a person's name ('Van Beek') is the surname.
        places = [place for place in places if not _covered(place.start, place.end, people)]
        places += self._place_nouns(text, tokens, places, people)
        found = [f for f in taken + people + places if " ".join(f.real.lower().replace("-", " ").split())
                 not in self._not_names]
        return sorted(_without_overlaps(found), key=lambda f: f.start)

    def _people(self, text: str, tokens: list[_Token], places: list[Finding]) -> list[Finding]:
        found: list[Finding] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if not token.capitalised and token.lower not in TITLES and token.lower not in PARTICLES:
                index += 1  # most words: no title, no name, no particle
                continue
            after_title = _title_end(text, tokens, index)
            if after_title is not None:
                end = _name_end(text, tokens, after_title, titled=True)
                if end > after_title:
                    found.append(_person(text, tokens, after_title, end, titled=True))
                    index = end
                    continue
            starts_sentence = _sentence_start(text, tokens, index)
            if token.capitalised or (token.lower in PARTICLES and _capital_follows(tokens, index)):
                end = _name_end(text, tokens, index, titled=False)
                if end > index and self._is_person(text, tokens, index, end, starts_sentence, places):
                    found.append(_person(text, tokens, index, end, titled=False))
                    index = end
                    continue
                # A run that is no name has no name at its tail ('het Nationaal Programma', 'Hoge Akker'), except
                # a name of two words or more after a sentence's first word ('Volgens Sanne Kuijpers').
                if end > index + 1 and token.capitalised and not (starts_sentence and end > index + 2):
                    index = end
                    continue
            index += 1
        return found + _repeated(text, tokens, found)

    def _is_person(self, text: str, tokens: list[_Token], start: int, end: int, starts_sentence: bool,
                   places: list[Finding]) -> bool:
        words = tokens[start:end]
        first = words[0]
        if not first.capitalised:
            return False
        if any(_covered(word.start, word.end, places) and not _after_particle(words, at)
               for at, word in enumerate(words)):
            return False
        if any(word.lower in NOT_NAMES or _place_noun(word.lower) for word in words):
            return False
        if any(word.lower in self._not_names for word in words) or \
                " ".join(word.lower.replace("-", " ") for word in words) in self._not_names:
            return False
        if not any(sum(char.isalpha() for char in word.text) > 1 and word.lower not in PARTICLES for word in words):
            return False  # an initial or a letter ('label C')
        before = tokens[start - 1].lower if start else ""
        if not starts_sentence and (before in ARTICLES or first.lower in _ARTICLE_NAMES
                                    or (before in PLACE_PREPOSITIONS and len(words) == 1)):
            return False
        if starts_sentence:  # 'C. Netcongestie' as a list item is no name
            named = next((word for word in words if not _initial(text, word)), first)
            return (len(words) > 1 and zipf(first.text) < START_ZIPF and first.lower not in PARTICLES
                    and zipf(named.text) < START_ZIPF and not _compound_of_words(named.text))
        if len(words) == 1:
            return zipf(first.text) < ORDINARY_ZIPF and not _compound_of_words(first.text)
        return True

    def _place_nouns(self, text: str, tokens: list[_Token], places: list[Finding],
                     people: list[Finding]) -> list[Finding]:
        """A capitalised word after a place noun or preposition ('buurgemeente Hengeloord', 'in De Hoven')."""
        found = []
        for index in range(1, len(tokens)):
            before, token = tokens[index - 1], tokens[index]
            after_noun = _place_noun(before.lower)
            if not (token.capitalised and (after_noun or before.lower in PLACE_PREPOSITIONS)
                    and token.lower not in NOT_NAMES and not _covered(token.start, token.end, places)):
                continue
            if not after_noun and _covered(token.start, token.end, people):
                continue  # 'naar Kees van der Meer': a person's name after the preposition
            last = token
            if token.lower in _ARTICLE_NAMES:  # 'in De Hoven'
                if index + 1 == len(tokens) or not tokens[index + 1].capitalised \
                        or not _adjacent(text, token, tokens[index + 1]):
                    continue
                last = tokens[index + 1]
            if zipf(last.text) >= ORDINARY_ZIPF or (_sentence_start(text, tokens, index) and last is token):
                continue
            found.append(Finding(token.start, last.end, PLACE, " ".join(text[token.start:last.end].split())))
        found = _without_overlaps(found)
        # Such a word is a place, not a person ('de regio Twente').
        people[:] = [p for p in people if not _covered(p.start, p.end, found)]
        return found


def _place_noun(word: str) -> bool:
    """'gemeente', 'regio', and compounds that end in gemeente ('buurgemeente', 'randgemeente')."""
    return word in PLACE_NOUNS or word.endswith("gemeente")


def _covered(start: int, end: int, findings: Sequence[Finding]) -> bool:
    """Whether start:end overlaps one of the findings, which are sorted by start and do not overlap."""
    at = bisect.bisect_left(findings, end, key=lambda f: f.start)  # the first that starts at or after end
    return at > 0 and findings[at - 1].end > start


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """The findings in order, an overlapping later or shorter one left out."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept


def _title_end(text: str, tokens: list[_Token], index: int) -> int | None:
    """The index of the token after a title at index ('de heer' is two tokens), or None."""
    token = tokens[index]
    if token.lower == "de" and index + 1 < len(tokens) and tokens[index + 1].lower == "heer":
        return index + 2
    if token.lower in TITLES and index + 1 < len(tokens):
        between = text[token.end:tokens[index + 1].start]
        if between.strip() == "" or (token.lower in ABBREVIATED_TITLES and between.strip() == "."):
            return index + 1
    return None


def _initial(text: str, token: _Token) -> bool:
    return len(token.text) == 1 and token.text.isupper() and text[token.end:token.end + 1] == "."


def _capital_follows(tokens: list[_Token], index: int) -> bool:
    """Whether the particles from index on end in a capitalised word."""
    for token in tokens[index + 1:index + 4]:
        if token.capitalised and token.lower not in PARTICLES:
            return True
        if token.lower not in PARTICLES:
            return False
    return False


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    """Whether only spaces (or an initial's dot) stand between two tokens of one name."""
    between = text[left.end:right.start]
    if "\n" in between:
        return False
    return between.strip(" ") == "" or (between.strip(" ") == "." and _initial(text, left))


def _name_end(text: str, tokens: list[_Token], start: int, *, titled: bool) -> int:
    """The end (exclusive token index) of a name starting at start, or start when there is none."""
    index = start
    while index < len(tokens) and _initial(text, tokens[index]):
        index += 1
    firsts = 0
    while (index < len(tokens) and tokens[index].capitalised and tokens[index].lower not in PARTICLES
           and firsts < _MAX_FIRST_NAMES and (index == start or _adjacent(text, tokens[index - 1], tokens[index]))):
        index += 1
        firsts += 1
    # One group of particles before the surname; after a title or at a name's start they may have capitals.
    probe = index
    while (probe < len(tokens) and tokens[probe].lower in PARTICLES
           and (probe == start or _adjacent(text, tokens[probe - 1], tokens[probe]))
           and (titled or probe == start or not tokens[probe].capitalised or tokens[probe].lower in _FOREIGN)
           and (probe > index or index > start or tokens[probe].lower in _NAME_START_PARTICLES)):
        probe += 1
    if probe > index and probe < len(tokens) and tokens[probe].capitalised \
            and tokens[probe].lower not in PARTICLES and _adjacent(text, tokens[probe - 1], tokens[probe]):
        index = probe + 1
    # 'Smits-de Wit': a hyphenated surname whose second part has a particle.
    if index < len(tokens) and index > start and re.search(r"-(?:de|van|der|den|ter|ten)$", tokens[index - 1].lower) \
            and tokens[index].capitalised and _adjacent(text, tokens[index - 1], tokens[index]):
        index += 1
    if not any(tokens[i].capitalised and tokens[i].lower not in PARTICLES and not _initial(text, tokens[i])
               for i in range(start, index)):
        return start  # initials or particles alone are no name
    return index


def _after_particle(words: list[_Token], at: int) -> bool:
    return at > 0 and words[at - 1].lower in PARTICLES


def _sentence_start(text: str, tokens: list[_Token], index: int) -> bool:
    if index == 0:
        return not text[:tokens[0].start].strip(" \t\"'“‘„(*•–—-")
    before = tokens[index - 1]
    if _initial(text, before) or before.lower in TITLES:
        return False
    return bool(_SENTENCE_END.search(text[before.end:tokens[index].start]))


def _person(text: str, tokens: list[_Token], start: int, end: int, *, titled: bool) -> Finding:
    first, last = tokens[start], tokens[end - 1]
    real = text[first.start:last.end]
    following = tokens[end] if end < len(tokens) else None
    if (not titled and end - start == 1 and real.endswith("s") and len(real) > 3 and following is not None
            and not following.capitalised and _adjacent(text, last, following)):
        real = real[:-1]  # 'Ricks idee': Rick's
    return Finding(first.start, last.end, PERSON, " ".join(real.split()))


def _repeated(text: str, tokens: list[_Token], found: list[Finding]) -> list[Finding]:
    """Further mentions of a name found by a rule, where no rule would take them (the start of a sentence)."""
    names = {finding.real for finding in found if " " not in finding.real}
    if not names:
        return []
    more = []
    for token in tokens:
        if not token.capitalised:
            continue
        name = token.text[:-1] if token.text.endswith("s") and token.text[:-1] in names else token.text
        if name in names and not _covered(token.start, token.end, found):
            more.append(Finding(token.start, token.end, PERSON, name))
    return more
