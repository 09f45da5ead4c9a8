"""The anonymiser finds exactly what the single regex of all name forms (its former implementation) found."""

from __future__ import annotations

import importlib
import random
import re
import unicodedata
from collections.abc import Iterator, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.domain.names import fold_same_length
from qualcode.reporting import anonymise
from qualcode.reporting.anonymise import Anonymiser, Leak, name_forms

_CONTEXT = 30


class ReferenceAnonymiser:
    """The former implementation: one regex, every form as an alternative, longest pattern first."""

    def __init__(self, names: Sequence[str], *, placeholder: str = "[naam]", match_lowercase: bool = False) -> None:
        self.placeholder = placeholder
        self.match_lowercase = match_lowercase
        self.owners: dict[str, list[str]] = {}
        for name in names:
            full = " ".join(name.split())
            for form in name_forms(full):
                owners = self.owners.setdefault(_key(form), [])
                if full not in owners:
                    owners.append(full)
        patterns = sorted({_pattern(key) for key in self.owners}, key=lambda pattern: (-len(pattern), pattern))
        self.regex = (re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")s?(?!\w)", re.IGNORECASE)
                      if patterns else None)

    def matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        if self.regex is None:
            return
        for match in self.regex.finditer(fold_same_length(text)):
            found = text[match.start():match.end()]
            key = _key(found)
            if key not in self.owners:
                key = key[:-1]
            if " " not in key and not self.match_lowercase and not found[0].isupper():
                continue
            yield match.start(), match.end(), tuple(self.owners.get(key, ()))

    def anonymise(self, text: str) -> str:
        pieces: list[str] = []
        position = 0
        for start, end, _ in self.matches(text):
            pieces.append(text[position:start])
            pieces.append(self.placeholder)
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def find_leaks(self, text: str) -> list[Leak]:
        leaks: list[Leak] = []
        for start, end, owners in self.matches(text):
            line = text.count("\n", 0, start) + 1
            before = text[max(0, start - _CONTEXT):start].rsplit("\n", 1)[-1]
            after = text[end:end + _CONTEXT].split("\n", 1)[0]
            leaks.append(Leak(owners, text[start:end], line, f"…{before}{text[start:end]}{after}…"))
        return leaks


def _key(text: str) -> str:
    return " ".join(fold_same_length(text).lower().replace("-", " ").split())


def _pattern(key: str) -> str:
    return r"[-\s]+".join(re.escape(word) for word in key.split())


def assert_same(names: Sequence[str], text: str, match_lowercase: bool = False) -> None:
    """Assert that the anonymiser and the reference find the same spans, owners, leaks and replacements."""
    fast = Anonymiser(names, placeholder="[x]", match_lowercase=match_lowercase)
    reference = ReferenceAnonymiser(names, placeholder="[x]", match_lowercase=match_lowercase)
    assert list(fast._matches(text)) == list(reference.matches(text))
    assert fast.find_leaks(text) == reference.find_leaks(text)
    assert fast.anonymise(text) == reference.anonymise(text)


FIRST_NAMES = ["Joost", "Fatima", "Hanneke", "José", "Ad", "Sean", "Emre", "Jürgen", "Anna-Lena", "Ayşe", "Kees",
               "Jan", "Ali", "Işık", "J.", "(Jan)", "Ævar", "Jo", "Σίσυφος", "Bo", "Marieke", "Ioannis"]
PARTICLES = ["van", "de", "der", "van der", "van den", "'t", "’t", "El", "al", "ter", "Ter", "te", "in 't", "la",
             "op de", "van 't", "Van", "De"]
SURNAMES = ["Dam", "Amrani", "Bos", "Meer", "Özdemir", "Os", "O'Brien", "O’Brien", "Çelik", "Müller", "Jansen-Smit",
            "Hart", "Groot", "Yıldız", "Παπαδόπουλος", "Jans", "Berg", "Hof", "Ali", "Smit", "s-Gravesande", "Strauß",
            "Ioannidis", "Jansen", "Dijk", "IJzer", "D'Hondt"]
ODD_NAMES = ["- Jansen", "Hanneke", "Jan Jans", "Jun. Smith Jun.", "Jan_2 Bos", "İsmail Işık", "'t Hart",
             "Pieter van der", "Ιωάννης Ιωαννίδης", "Ahmed  de   Boer", "Ad van Os-Dam", "Jans Jan", "Ås Åsa"]
# Names with forms that have no word character, or none in their first word.
WORDLESS_NAMES = ["?? !!", ". Jansen", "& Co"]
WORDS = ["de", "het", "een", "van", "en", "zei", "dat", "bos", "dam", "meer", "Bosweg", "Amsterdam", "gemeente",
         "’s-Hertogenbosch", "s", "t", "'s", "Os", "os", "DE", "Van", "jansen", "Smits", "straat", "<p>", "</p>"]
PUNCTUATION = [*".,;:!?()[]\"'’‘`´-–—‐/<>&_", "…", "«", "»"]
# Characters re's IGNORECASE or the folding treats specially: dotless and dotted i, long s, final and capital sigma,
# sharp s, Kelvin sign, micro sign, a combining accent and the combining ypogegrammeni on their own, Greek oxia
# and varia (which fold to accents that fold on).
SPECIAL = ["ı", "İ", "ſ", "ς", "Σ", "σ", "ß", "ẞ", "\u212a", "µ", "é", "É", "\u0301", "\u0345", "ι", "Ι", "\u1fbe",
           "ǅ", "ﬅ", "ﬆ", "Ç", "ç", "Ö", "ü", "ǆ", "\u1ffd", "\u1fef"]
SPACES = [" ", "  ", "\n", "\t", "\u00a0", " - ", "-", "--", "\n\n", "   "]


def _strip_accents(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))


_VARIANTS = [str.upper, str.lower, str.title, str.swapcase, _strip_accents,
             lambda text: text.replace("'", "’"), lambda text: text.replace("'", "`"),
             lambda text: text.replace(" ", "  "), lambda text: text.replace(" ", "\n"),
             lambda text: text.replace(" ", "-"), lambda text: text.replace("-", " "),
             lambda text: text.replace(" ", "\u00a0"), lambda text: text.replace(" ", " \u2009-"),
             lambda text: text.replace("ı", "i"), lambda text: text + "s", lambda text: text + "S",
             lambda text: text + "’s", lambda text: text + "ſ"]

_full_names = st.builds(lambda first, particle, last: " ".join(filter(None, [first, particle, last])),
                        st.sampled_from(FIRST_NAMES), st.sampled_from(["", *PARTICLES]), st.sampled_from(SURNAMES))
names_strategy = st.lists(st.one_of(_full_names, _full_names, st.sampled_from(ODD_NAMES)), min_size=1, max_size=5)


def text_strategy(names: Sequence[str]) -> st.SearchStrategy[str]:
    """Texts of name fragments (forms, words, in any case or spelling, possessive), words, punctuation and spaces."""
    pieces = sorted({piece for name in names for piece in [name, *name.split(), *name_forms(name)]})
    others = st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCTUATION), st.sampled_from(SPECIAL),
                       st.sampled_from(SPACES), st.integers(0, 99).map(str), st.sampled_from(FIRST_NAMES + SURNAMES))
    named = st.one_of(st.sampled_from(pieces), st.tuples(st.sampled_from(pieces), st.sampled_from(_VARIANTS))
                      .map(lambda piece: piece[1](piece[0])))
    # Mostly apart, as in a text; sometimes glued to what comes next, to test the word boundaries.
    apart = st.sampled_from(["", " ", " ", ", ", ". ", "\n", "-", "’", "(", ")"])
    fragment = st.tuples(st.one_of(named, named, others), apart).map("".join)
    return st.lists(fragment, max_size=30).map("".join)


@settings(max_examples=500, deadline=None, database=None)
@given(data=st.data(), names=names_strategy, match_lowercase=st.booleans())
def test_finds_what_the_single_regex_found(data: st.DataObject, names: list[str], match_lowercase: bool) -> None:
    assert_same(names, data.draw(text_strategy(names)), match_lowercase)


@settings(max_examples=100, deadline=None, database=None)
@given(data=st.data(), names=names_strategy, wordless=st.sampled_from(WORDLESS_NAMES))
def test_finds_what_the_single_regex_found_with_wordless_forms(data: st.DataObject, names: list[str],
                                                               wordless: str) -> None:
    assert_same([*names, wordless], data.draw(text_strategy([*names, wordless])))


def test_forms_at_a_distance_from_their_first_word() -> None:
    names = ["Kees 't Hart", "Sean O'Brien", "Jan (Piet) Jansen", "Jun. Smith Jun.", "Rob van 't Hof"]
    text = ("Kees en 't Hart, ’T HART, x't Hart, `t Hart; O'Brien’s, O’Briens, O`Brien. (Piet) Jansen, (Piet "
            "Smith Jun., Jun.s, van 't Hof en 't Hofs.")
    assert_same(names, text)
    assert_same(names, text, match_lowercase=True)


def test_words_apart_by_any_white_space_or_hyphens() -> None:
    assert_same(["Joost van Dam", "Anna-Lena Jansen-Smit"],
                "Joost\u00a0van\u2009Dam, Joost\tvan\u3000-\u2028Dam, Anna\u00a0Lena\x1fJansen -\r\nSmit, Joost van")


def test_a_name_inside_a_word_hides_none_after_it() -> None:
    assert_same(["Jan Bos", "Sven Ødegård"], "Xøjan Bos, xΩjan bos Bos; Ødegårdjan Bos; Sven Ødegård")


def test_letters_re_treats_as_one() -> None:
    names = ["Ayşe Yıldız", "Σίσυφος Παπαδόπουλος", "Jan Strauß", "Sjef Kok"]
    assert_same(names, "Yildiz, YILDIZ, Yıldız, yıldızs; ΠΑΠΑΔΟΠΟΥΛΟΣ ΣΙΣΥΦΟΣ, Σισυφος; STRAUẞ, Strauß, Strauss; "
                       "Kok, KOK, Koſ, Kokſ")
    assert_same(names, "ΣΊΣΥΦΟΣ ΠΑΠΑΔΌΠΟΥΛΟΣ")  # capital sigmas only, one of them lowering to a final sigma


def test_wordless_forms_and_texts_searched_with_the_single_regex() -> None:
    assert_same(["Ιωάννης Ιωαννίδης", "Jan Bos"], "\u0345ωαννης Ιωαννιδης en \u0345Bos, Bos\u0345 en Ιωάννης.")
    assert_same(["?? !!", ". Jansen", "Jan Bos"], "Jan ?? !!s, ?? - !! en . Jansen, .\n\nJansen en Bos.")
    assert_same([], "\u0345 Jan")


def test_characters_folded_one_by_one_as_by_fold_same_length() -> None:
    for text in ["O`Brien", "O`Brien é", "O\u1fefBrien ` ´ \u1ffd é", "\u1ffd´", "Çelik ÇELİK çelik"]:
        assert anonymise._folded(text)[0] == fold_same_length(text)
    assert_same(["Sean O'Brien", "Emre Çelik"], "O\u1fefBrien, O´Brien, O`Brien, O\u1ffdBrien; ÇELİK, Celik")


def test_the_letters_keep_every_offset_and_word_boundary() -> None:
    everything = "".join(map(chr, range(0x30000)))  # the planes with letters, lone surrogates included
    folded, letters = anonymise._folded(everything)
    assert folded == fold_same_length(everything) and len(letters) == len(folded)
    assert _word_characters(folded.replace("\u0345", "w")) == _word_characters(letters), "only U+0345 changes"


def _word_characters(text: str) -> str:
    return re.sub(r"\W", ".", re.sub(r"\w", "w", text))


def test_the_letters_re_treats_as_one_are_those_of_this_python() -> None:
    casefix = importlib.import_module("re._casefix")  # CPython's table behind IGNORECASE
    groups = {frozenset(group) for group in anonymise._SAME_LETTERS}
    assert groups == {frozenset(map(chr, [code, *others])) for code, others in casefix._EXTRA_CASES.items()}


def _generated_report(names: Sequence[str], size: int, seed: int) -> str:
    """Return a long text of Dutch words, markup and the given names in the ways a report mentions them."""
    chance = random.Random(seed)
    pieces: list[str] = []
    length = 0
    while length < size:
        name = chance.choice(names)
        pieces.append(chance.choice([
            " ".join(chance.choices(WORDS, k=6)), chance.choice(name_forms(name) or [name]), name,
            name.upper(), _strip_accents(name), chance.choice(name.split()) + "s", "<li>", "\n", ", ", " — "]))
        pieces.append(chance.choice(SPACES + PUNCTUATION[:6]))
        length += len(pieces[-2]) + len(pieces[-1])
    return "".join(pieces)


def test_finds_what_the_single_regex_found_in_a_long_report() -> None:
    chance = random.Random(7)
    names = sorted({f"{chance.choice(FIRST_NAMES)} {chance.choice(['', *PARTICLES])} {chance.choice(SURNAMES)}"
                    for _ in range(150)})
    assert_same(names, _generated_report(names, 60_000, seed=11))
    assert_same(names, _generated_report(names, 20_000, seed=12), match_lowercase=True)
