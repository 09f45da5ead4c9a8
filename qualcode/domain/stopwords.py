"""Dutch stop words for word counts (package data `qualcode/domain/data/stopwords_nl.txt`; source in its header).

Reading the package's own data is the only I/O here, as in qualcode.domain.places.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

DATA_FILE = "stopwords_nl.txt"


def parse_stop_words(text: str) -> frozenset[str]:
    """The words of a list: one per line, lower case; '#' starts a comment."""
    words = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(word for word in words if word)


@lru_cache(maxsize=1)
def dutch_stop_words() -> frozenset[str]:
    """The Dutch stop words, read once; apostrophe variants (zo’n, ’t) included both ways."""
    text = resources.files("qualcode.domain").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    words = parse_stop_words(text)
    return words | {word.replace("’", "'") for word in words} | {word.replace("'", "’") for word in words}
