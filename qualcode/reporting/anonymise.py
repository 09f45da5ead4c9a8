"""Person names replaced in report text (full, first and surnames, with or without particles), and leak checks."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from qualcode.domain.errors import ProjectError
from qualcode.domain.names import TUSSENVOEGSELS, first_name, fold_same_length, surname

MIN_FIRST_NAME = 2
MIN_SURNAME = 3
_CONTEXT = 30


_fold = fold_same_length  # matches are found in the folded text and cut from the original at the same offsets


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
    """

    def __init__(self, names: Sequence[str], *, placeholder: str = "[naam]", match_lowercase: bool = False) -> None:
        self.placeholder = placeholder
        self.match_lowercase = match_lowercase
        self._owners: dict[str, list[str]] = {}
        for name in names:
            full = " ".join(name.split())
            for form in name_forms(full):
                owners = self._owners.setdefault(_key(form), [])
                if full not in owners:
                    owners.append(full)
        patterns = sorted({_pattern(key) for key in self._owners}, key=lambda pattern: (-len(pattern), pattern))
        self._regex = (re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")s?(?!\w)", re.IGNORECASE)
                       if patterns else None)

    @property
    def forms(self) -> list[str]:
        """Return every form searched for (folded, lower case), longest first."""
        return sorted(self._owners, key=lambda form: (-len(form), form))

    def _matches(self, text: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        if self._regex is None:
            return
        for match in self._regex.finditer(_fold(text)):
            found = text[match.start():match.end()]
            key = _key(found)
            if key not in self._owners:
                key = key[:-1]  # the possessive s
            single_word = " " not in key
            if single_word and not self.match_lowercase and not found[0].isupper():
                continue
            yield match.start(), match.end(), tuple(self._owners.get(key, ()))

    def anonymise(self, text: str) -> str:
        """Return text with every known name form replaced by the placeholder."""
        pieces: list[str] = []
        position = 0
        for start, end, _ in self._matches(text):
            pieces.append(text[position:start])
            pieces.append(self.placeholder)
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def find_leaks(self, text: str) -> list[Leak]:
        """Return every occurrence of a known name form, with its line and surrounding text."""
        leaks: list[Leak] = []
        for start, end, owners in self._matches(text):
            line = text.count("\n", 0, start) + 1
            before = text[max(0, start - _CONTEXT):start].rsplit("\n", 1)[-1]
            after = text[end:end + _CONTEXT].split("\n", 1)[0]
            leaks.append(Leak(owners, text[start:end], line, f"…{before}{text[start:end]}{after}…"))
        return leaks

    def leaks(self, text: str) -> list[str]:
        """Return the known full names that text still mentions in any form, in order of first mention."""
        names: dict[str, None] = {}
        for leak in self.find_leaks(text):
            names.update(dict.fromkeys(leak.names))
        return list(names)

    def check(self, text: str, what: str) -> None:
        """Raise ProjectError when text still names a known person; `what` says which output (e.g. a file name)."""
        found = self.find_leaks(text)
        if not found:
            return
        listed = [f"{' / '.join(leak.names)} as '{leak.found}' (line {leak.line}: {leak.context})"
                  for leak in found[:5]]
        more = f"; and {len(found) - 5} more" if len(found) > 5 else ""
        raise ProjectError(
            "the anonymised report would still name " + "; ".join(listed) + more, file=what,
            hint="nothing was written; remove the name from the template or text, or check the name list, "
                 "then export again")
