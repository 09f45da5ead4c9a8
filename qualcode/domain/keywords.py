"""Keyword matching of lemmatised sentences against codebook keywords (for suggestions and the demo)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class KeywordMatcher:
    """Finds the codes whose keyword lemmas (single lemmas or phrases) occur in a lemmatised sentence."""

    def __init__(self, keywords_by_code: Iterable[tuple[str, Sequence[str]]]) -> None:
        self._single: dict[str, list[str]] = {}
        self._phrases: list[tuple[tuple[str, ...], str]] = []
        for code_key, keywords in keywords_by_code:
            for keyword in keywords:
                words = tuple(keyword.lower().split())
                if len(words) == 1:
                    self._single.setdefault(words[0], []).append(code_key)
                elif words:
                    self._phrases.append((words, code_key))

    def match(self, lemmas: str) -> list[str]:
        """Return the matching code keys in codebook order of first appearance, without repeats."""
        words = lemmas.split()
        found: dict[str, None] = {}
        for word in words:
            for code_key in self._single.get(word, ()):
                found.setdefault(code_key, None)
        for phrase, code_key in self._phrases:
            length = len(phrase)
            if any(tuple(words[i:i + length]) == phrase for i in range(len(words) - length + 1)):
                found.setdefault(code_key, None)
        return list(found)
