"""The search query language: words, "phrases", wildcards (* and ?) and alternatives (|); pure, no I/O.

- ``gemeenten`` finds every form of the word's lemma (gemeente, gemeenten).
- ``structureel budget`` or ``"structureel budget"``: words in this order, next to each other (the shell takes the
  quotes away, so a query of several words is always a phrase).
- ``subsidie*`` any word beginning with subsidie; ``*subsidie`` any word ending in it; ``?`` one letter. A
  wildcard word needs at least two letters besides the wildcards.
- ``subsidie* | budget`` either one; each alternative is a phrase of its own.

Letters are compared without case and accents (coöperatie = cooperatie).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.domain.errors import QualcodeError
from qualcode.domain.names import fold_same_length

MAX_QUERY_CHARACTERS = 300
MAX_WORDS = 12
MIN_PATTERN_LETTERS = 2
_WORD = re.compile(r"[\w*?]+(?:[-'’][\w*?]+)*")
_QUOTES = "\"“”„"


class SearchQueryError(QualcodeError):
    """A search query that cannot be searched for: empty, too long, only wildcards, unbalanced quotes."""


@dataclass(frozen=True)
class QueryWord:
    """One word of a query as typed, folded (lower case, no accents)."""

    text: str

    @property
    def is_pattern(self) -> bool:
        return "*" in self.text or "?" in self.text

    def pattern(self) -> re.Pattern[str]:
        """The word as a regular expression over one folded word (only for wildcard words)."""
        parts = (".*" if char == "*" else "." if char == "?" else re.escape(char) for char in self.text)
        return re.compile("".join(parts))


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: one or more alternatives, each a phrase of one or more words."""

    text: str
    alternatives: tuple[tuple[QueryWord, ...], ...]


def fold(text: str) -> str:
    """A word as search compares it: lower case, without accents, apostrophes and hyphens plain."""
    return fold_same_length(text).lower()


def parse_query(text: str) -> SearchQuery:
    """Parse a query; raise SearchQueryError with a hint when nothing sensible can be searched for."""
    query = text.strip()
    if not query:
        raise SearchQueryError("the search query is empty", hint="give a word, e.g. qualcode search gemeente")
    if len(query) > MAX_QUERY_CHARACTERS:
        raise SearchQueryError(f"the search query is too long ({len(query):,} characters; at most "
                               f"{MAX_QUERY_CHARACTERS})", hint="search for a word or a short phrase")
    if sum(query.count(quote) for quote in _QUOTES) % 2:
        raise SearchQueryError("the search query has an opening quote without a closing one",
                               hint='close the phrase: "structureel budget"')
    alternatives: list[tuple[QueryWord, ...]] = []
    for alternative in query.split("|"):
        words = tuple(QueryWord(fold(match.group())) for match in _WORD.finditer(alternative))
        if not words:
            raise SearchQueryError(f"the search query {query!r} has no word to search for" if len(query) < 60
                                   else "the search query has no word to search for",
                                   hint="give a word, e.g. gemeente, or a phrase: structureel budget")
        if len(words) > MAX_WORDS:
            raise SearchQueryError(f"a phrase of {len(words)} words is too long to search for (at most {MAX_WORDS})",
                                   hint="search for a shorter phrase")
        for word in words:
            letters = sum(char not in "*?" for char in word.text)
            if word.is_pattern and letters < MIN_PATTERN_LETTERS:
                raise SearchQueryError(f"the wildcard word {word.text!r} needs at least {MIN_PATTERN_LETTERS} letters",
                                       hint="e.g. subsidie* or *subsidie")
        alternatives.append(words)
    return SearchQuery(query, tuple(alternatives))
