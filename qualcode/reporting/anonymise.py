"""Person names replaced in report text (full, first and surnames, with or without particles), and leak checks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from qualcode.domain.errors import ProjectError
from qualcode.domain.names import TUSSENVOEGSELS, first_name, fold_same_length, surname

MIN_FIRST_NAME = 2
MIN_SURNAME = 3
_CONTEXT = 30


_fold = fold_same_length  # matches are found in the folded text and cut from the original at the same offsets
_ASCII = bytes(range(128))
# fold_same_length leaves a text of only ASCII as it is, but in any other text it folds these ASCII characters too
# (the backtick is an apostrophe).
_ASCII_FOLDS = {char: same for char in map(chr, range(128)) if (same := _fold(char + "\u00e9")[0]) != char}
_MANY_REPLACEMENTS = 32  # beyond this, one pass over a text with a table is faster than one per character
_ASCII_SEPARATORS = "-\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"  # what [-\s] matches in ASCII besides the space
_WORD_CHAR = re.compile(r"\w")

# Letters that re's IGNORECASE takes as one although lower() keeps them apart (CPython's re._casefix: 'ı' is 'i',
# 'ſ' is 's', a final sigma is a sigma, ...), each group led by the letter it is read as.
_SAME_LETTERS = ("i\u0131", "s\u017f", "\u03bc\u00b5", "\u03b9\u0345\u1fbe", "\u0390\u1fd3", "\u03b0\u1fe3",
                 "\u03b2\u03d0", "\u03b5\u03f5", "\u03b8\u03d1", "\u03ba\u03f0", "\u03c0\u03d6", "\u03c1\u03f1",
                 "\u03c3\u03c2", "\u03c6\u03d5", "\u0432\u1c80", "\u0434\u1c81", "\u043e\u1c82", "\u0441\u1c83",
                 "\u0442\u1c84\u1c85", "\u044a\u1c86", "\u0463\u1c87", "\ua64b\u1c88", "\u1e61\u1e9b", "\ufb05\ufb06")
_AS_LETTER = {ord(variant): group[0] for group in _SAME_LETTERS for variant in group[1:]}
# The one variant that is no word character while its letter is: in a text it would move word boundaries, so such a
# text is searched with the single regex of all forms instead.
_NON_WORD_VARIANT = "\u0345"


@lru_cache(maxsize=4096)  # a report names the same people, in the same words, again and again
def _key(text: str) -> str:
    return " ".join(_fold(text).lower().replace("-", " ").split())


def _letters(word: str) -> int:
    return sum(char.isalpha() for char in word)


def _is_particle(word: str) -> bool:
    return _fold(word).lower() in TUSSENVOEGSELS


def name_forms(name: str) -> list[str]:
    """Return the forms a full name may take in a text, e.g. 'Joost van Dam' → full, 'van Dam', 'Dam', 'Joost'.

    A surname stands alone only with at least three letters; a particle never stands alone.
    """
    words = name.split()
    if not words or all(_is_particle(word) for word in words):
        return []
    forms = [" ".join(words)] if len(words) > 1 else []
    if len(words) > 2 and not _is_particle(words[1]):
        forms.append(" ".join(words[1:]))  # a double surname or a middle name with the surname
    given = first_name(name)
    if _letters(given) >= MIN_FIRST_NAME and not _is_particle(given):
        forms.append(given)
    family = surname(name)
    if _letters(family) >= MIN_SURNAME:
        forms.append(family)
    for position in range(1, len(words)):
        word = words[position]
        if _is_particle(word):
            continue
        start = position
        while start > 1 and _is_particle(words[start - 1]):
            start -= 1
        if start < position:
            forms.append(" ".join(words[start:position + 1]))  # 'van der Meer', 'El Amrani'
        # Middle names and the parts of double surnames ('Jansen-Smit') stand alone too.
        parts = [part for part in word.split("-") if not _is_particle(part)]
        forms.extend(part for part in [word, *parts] if _letters(part) >= MIN_SURNAME)
    unique: dict[str, str] = {}
    for form in forms:
        unique.setdefault(_key(form), form)
    return list(unique.values())


def _pattern(key: str) -> str:
    return r"[-\s]+".join(re.escape(word) for word in key.split())


def _non_ascii(text: str) -> set[str]:
    """Return the characters of text that are not ASCII, at C speed: those left of its UTF-8 without ASCII bytes."""
    return set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "surrogatepass"))


def _replaced(text: str, replacements: dict[str, str]) -> str:
    """Return text with each character replaced by its replacement, at C speed."""
    # One replacement must not change what another made: Greek oxia folds to '´', which folds to an apostrophe.
    if len(replacements) > _MANY_REPLACEMENTS or not replacements.keys().isdisjoint(replacements.values()):
        return text.translate({ord(char): same for char, same in replacements.items()})
    for char, same in replacements.items():
        text = text.replace(char, same)
    return text


def _folded(text: str) -> tuple[str, str]:
    """Return text folded (as fold_same_length does) and its reading (see _reading); both keep every offset.

    A report is long but has few characters to fold (quotes, dashes, accented letters), so each is replaced
    throughout, rather than each character of the text folded.
    """
    chars = set() if text.isascii() else _non_ascii(text)
    folds = {char: same for char in chars if (same := _fold(char)) != char}
    if chars:
        folds.update((char, same) for char, same in _ASCII_FOLDS.items() if char in text)
    folded = _replaced(text, folds)
    return folded, _reading(folded, {folds.get(char, char) for char in chars})


def _reading(folded: str, non_ascii: set[str]) -> str:
    """Return folded text as the forms' regex reads it: in lower case, with the letters re's IGNORECASE takes as one
    made one and hyphens and white space as spaces, given its characters that are not ASCII.

    It keeps every offset and word boundary, and a form's reading is in a text's reading just where the single
    regex of all forms matched the form (with hyphens and white space between its words).
    """
    lowered = {char.lower() for char in non_ascii if not char.isascii()}
    if "\u03a3" in non_ascii:
        lowered.add("\u03c2")  # a capital sigma lowers to a final sigma at the end of a word
    reading = {char: " " for char in _ASCII_SEPARATORS if char in folded}
    for char in lowered:
        same = " " if char.isspace() else char.translate(_AS_LETTER)
        if same != char:
            reading[char] = same
    return _replaced(folded.lower(), reading)


_Trie = dict[str, "_Trie"]


def _trie(keys: Iterable[str]) -> _Trie:
    """Return the keys as a tree of their characters, "" marking where a key ends."""
    root: _Trie = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return root


def _trie_pattern(node: _Trie) -> str:
    """Return a regex for the keys below node that, with what follows it, matches the longest key it can.

    At each character re tries the ways on before the end of a key, so the first key it gets through is the longest.
    A space between words is a run of spaces in the reading (of hyphens and white space in the text).
    """
    chars: list[str] = []
    while len(node) == 1 and "" not in node:  # one way on: no group needed
        char, node = next(iter(node.items()))
        chars.append(" +" if char == " " else re.escape(char))
    branches = [(" +" if char == " " else re.escape(char)) + _trie_pattern(child)
                for char, child in sorted(node.items()) if char]
    if "" in node:
        branches.append("")
    return "".join(chars) + (branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")")


def _suffix_pattern(suffixes: Sequence[str]) -> str:
    """'s?' for the possessive s, or the longest of several endings first ('(?:ers|er|se|s)?')."""
    ordered = sorted({re.escape(suffix.lower()) for suffix in suffixes}, key=lambda suffix: (-len(suffix), suffix))
    if ordered == ["s"]:
        return "s?"
    return f"(?:{'|'.join(ordered)})?" if ordered else ""


def _forms_regex(keys: Iterable[str], suffixes: Sequence[str] = ("s",)) -> re.Pattern[str]:
    """Return the regex that finds the forms in the reading of a text after a space, each with the character before.

    At each position the single regex of all forms tried them longest pattern first, so it took the form that reaches
    furthest (one that reaches further has the longer pattern): the tree of forms finds that one directly, where the
    alternatives cost time at every position. The character before stands in for a lookbehind, which re tries at every
    position, whereas it skips fast to a plain character set; the set takes in letters that are not ASCII, so a form
    found behind one of those is passed over.
    """
    return re.compile(r"[^0-9A-Za-z_](?:" + _trie_pattern(_trie(_folded(key)[1] for key in keys)) + r")"
                      + _suffix_pattern(suffixes) + r"(?!\w)")


@dataclass(frozen=True)
class Leak:
    """A known name still present in a text."""

    names: tuple[str, ...]  # the full names this form belongs to
    found: str  # the text as it occurs
    line: int
    context: str


class Anonymiser:
    """Replaces the known person names in a text and finds any that remain.

    Multi-word forms ('Joost van Dam', 'van Dam') match in any case; single words ('Joost', 'Dam') match only when
    capitalised, because many Dutch surnames are also words ('de Groot', 'Bos', 'de Boer'); pass
    match_lowercase=True to match them in any case too. Accents and apostrophe variants are ignored, matches
    stop at word boundaries ('Bos' never changes 'Bosweg'), and a possessive s goes with the name ('Joosts').
    suffixes replaces the possessive s by other endings that go with a name: places take ("s", "se", "er", "ers")
    for 'Westerbroekse' and 'Westerbroekers'. whole_names searches each name only as a whole, never its parts as a
    person's first name and surname: a place ('Bergen op Zoom' is no 'Bergen' and 'Zoom', 'Gemeente Westerbroek' no
    'Gemeente'). replacements gives a name its own replacement (the pseudonym key: 'R3', 'Gemeente B'), used where
    every name a form belongs to has the same one; the placeholder otherwise.
    """

    def __init__(self, names: Sequence[str], *, placeholder: str = "[naam]", match_lowercase: bool = False,
                 suffixes: Sequence[str] = ("s",), whole_names: bool = False,
                 replacements: Mapping[str, str] | None = None) -> None:
        self.placeholder = placeholder
        self._replacements = {" ".join(name.split()): shown for name, shown in (replacements or {}).items()}
        self.match_lowercase = match_lowercase
        self._suffixes = sorted({suffix.lower() for suffix in suffixes}, key=len, reverse=True)
        self._owners: dict[str, list[str]] = {}
        for name in names:
            full = " ".join(name.split())
            for form in ([full] if whole_names and full else name_forms(full)):
                owners = self._owners.setdefault(_key(form), [])
                if full not in owners:
                    owners.append(full)
        self._regex = _forms_regex(self._owners, self._suffixes) if self._owners else None

    @property
    def forms(self) -> list[str]:
        """Return every form searched for (folded, lower case), longest first."""
        return sorted(self._owners, key=lambda form: (-len(form), form))

    @cached_property
    def _single_regex(self) -> re.Pattern[str]:
        """The former way: every form an alternative, longest pattern first, tried at every position."""
        patterns = sorted({_pattern(key) for key in self._owners}, key=lambda pattern: (-len(pattern), pattern))
        return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")" + _suffix_pattern(self._suffixes) + r"(?!\w)",
                          re.IGNORECASE)

    def _spans(self, text: str) -> Iterator[tuple[int, int]]:
        if self._regex is None:
            return
        folded, reading = _folded(text)
        if _NON_WORD_VARIANT in folded:  # rare enough for the slow way
            yield from (match.span() for match in self._single_regex.finditer(folded))
            return
        spaced = " " + reading
        position = 0
        while match := self._regex.search(spaced, position):
            start = match.start()  # of the character before the form in spaced, of the form in the text
            if not spaced[start].isascii() and _WORD_CHAR.match(spaced, start):
                position = start + 1  # behind a letter: inside a word, where this match may hide one further on
                continue
            position = match.end() - 1  # the form's last character may be the one before the next ('Jun.Jansen')
            yield start, position

    def _matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        for start, end in self._spans(text):
            found = text[start:end]
            key = _key(found)
            if key not in self._owners:  # the possessive s, or another ending the name took
                key = next((key[:-len(suffix)] for suffix in self._suffixes
                            if key.endswith(suffix) and key[:-len(suffix)] in self._owners), key[:-1])
            single_word = " " not in key
            if single_word and not self.match_lowercase and not found[0].isupper():
                continue
            yield start, end, tuple(self._owners.get(key, ()))

    def anonymise(self, text: str) -> str:
        """Return text with every known name form replaced by the placeholder."""
        pieces: list[str] = []
        position = 0
        for start, end, owners in self._matches(text):
            pieces.append(text[position:start])
            shown = {self._replacements.get(owner, self.placeholder) for owner in owners} if self._replacements else ()
            pieces.append(next(iter(shown)) if len(shown) == 1 else self.placeholder)
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def find_leaks(self, text: str) -> list[Leak]:
        """Return every occurrence of a known name form, with its line and surrounding text."""
        leaks: list[Leak] = []
        line, counted = 1, 0
        for start, end, owners in self._matches(text):
            line += text.count("\n", counted, start)  # from the previous leak on: a long text has many
            counted = start
            before = text[max(0, start - _CONTEXT):start].rsplit("\n", 1)[-1]
            after = text[end:end + _CONTEXT].split("\n", 1)[0]
            leaks.append(Leak(owners, text[start:end], line, f"…{before}{text[start:end]}{after}…"))
        return leaks

    def leaks(self, text: str) -> list[str]:
        """Return the known full names that text still mentions in any form, in order of first mention."""
        names: dict[str, None] = {}
        for leak in self.find_leaks(text):
            # A form found through letters re takes as one ('Yildiz' for Yıldız) has no owner by its own key.
            names.update(dict.fromkeys(leak.names or (leak.found,)))
        return list(names)

    def check(self, text: str, what: str) -> None:
        """Raise ProjectError when text still names a known person; `what` says which output (e.g. a file name)."""
        found = self.find_leaks(text)
        if not found:
            return
        listed = [f"{' / '.join(leak.names) or leak.found} as '{leak.found}' (line {leak.line}: {leak.context})"
                  for leak in found[:5]]
        more = f"; and {len(found) - 5} more" if len(found) > 5 else ""
        raise ProjectError(
            "the anonymised report would still name " + "; ".join(listed) + more, file=what,
            hint="nothing was written; remove the name from the template or text, or check the name list, "
                 "then export again")
