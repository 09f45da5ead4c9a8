"""Finding a quoted phrase in a document's text: whitespace-insensitive occurrences, and the closest passage."""

from __future__ import annotations

import re

# A phrase copied from a report or a spreadsheet may have other quote marks than the transcript.
_QUOTE_CLASSES = {"'": "['‘’]", "‘": "['‘’]", "’": "['‘’]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}
# Zero-width characters and soft hyphens ride along when words are copied from a report or a web page.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
MAX_PHRASE = 10_000  # characters; a longer "phrase" is a whole document pasted into a cell


def normalised(text: str) -> str:
    """The text with every run of whitespace as one space, without leading or trailing space."""
    return " ".join(text.split())


def phrase_pattern(phrase: str, *, ignore_case: bool = False, whole_words: bool = False) -> re.Pattern[str] | None:
    """A pattern that matches the phrase's words with any whitespace between them (None for an empty phrase);
    whole_words: not inside a longer word ('de gemeente' not in 'de gemeenten')."""
    words = phrase.translate(_INVISIBLE).split()
    if not words:
        return None
    parts = ["".join(_QUOTE_CLASSES.get(character) or re.escape(character) for character in word) for word in words]
    pattern = r"\s+".join(parts)
    if whole_words:
        pattern = (r"(?<!\w)" if re.match(r"\w", words[0]) else "") + pattern + \
            (r"(?!\w)" if re.search(r"\w$", words[-1]) else "")
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every (start, end) where the phrase stands in text, whitespace-insensitively: as whole words when it stands
    so anywhere, else also inside words; with its own capitals when it stands so anywhere, else in any case."""
    if len(phrase) > MAX_PHRASE:
        return []
    for whole_words, ignore_case in ((True, False), (True, True), (False, False), (False, True)):
        pattern = phrase_pattern(phrase, ignore_case=ignore_case, whole_words=whole_words)
        if pattern is None:
            return []
        found = [(match.start(), match.end()) for match in pattern.finditer(text)]
        if found:
            return found
    return []


def closest_passage(text: str, phrase: str) -> tuple[int, int, float] | None:
    """The passage of text most like the phrase (start, end and a rapidfuzz score 0-100), in whole words; None when
    text or phrase is empty."""
    wanted = normalised(phrase)[:MAX_PHRASE]
    words = [(match.start(), match.end()) for match in re.finditer(r"\S+", text)]
    if not wanted or not words:
        return None
    # The text with its whitespace collapsed, and the word each of its characters belongs to.
    compact = " ".join(text[start:end] for start, end in words)
    word_at: list[int] = []
    for number, (start, end) in enumerate(words):
        word_at.extend([number] * (end - start + 1))
    from rapidfuzz import fuzz  # only a phrase that is not found needs it

    found = fuzz.partial_ratio_alignment(wanted, compact) if len(wanted) < len(compact) else None
    if found is None:
        return words[0][0], words[-1][1], fuzz.ratio(wanted, compact)
    # The alignment is a window of characters: the best run of whole words around it, about as many as the phrase.
    first, last = word_at[found.dest_start], word_at[max(found.dest_start, found.dest_end - 1)]
    count = len(wanted.split())
    best = (-1.0, first, last)
    for begin in range(max(0, first - 1), min(len(words), last + 2)):
        for size in range(max(1, count - 1), count + 2):
            end = begin + size - 1
            if end >= len(words):
                break
            score = fuzz.ratio(wanted, " ".join(text[s:e] for s, e in words[begin:end + 1]))
            if score > best[0]:
                best = (score, begin, end)
    score, begin, end = best
    return words[begin][0], words[end][1], float(score)
