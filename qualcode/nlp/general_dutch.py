"""General Dutch as a reference corpus for keyness: wordfreq's Dutch list (Apache-2.0, offline, ~310,000 words).

wordfreq gives each word's share of running Dutch text. As a reference "corpus" it has the size of the Zipf scale,
a billion words, so that a word's reference count is its frequency per billion. A word wordfreq does not list is
rarer than the rarest word it lists (about 10 per billion): it gets that floor, in log-likelihood and log-ratio
alike, so that a project's own jargon or a typing error stands out no more than a word wordfreq barely knows.

wordfreq counts word forms and qualcode counts lemmas: a lemma is looked up as written (gemeente, werken), so a
verb's reference frequency is its infinitive's, lower than all its forms together; this favours verbs somewhat.
"""

from __future__ import annotations

import functools

REFERENCE_SIZE = 1e9  # the Zipf scale: frequency per billion words


@functools.cache
def _frequencies() -> tuple[dict[str, float], float]:
    from wordfreq import get_frequency_dict

    frequencies: dict[str, float] = get_frequency_dict("nl", wordlist="best")
    return frequencies, min(frequencies.values())


def reference_count(word: str) -> float:
    """The word's count per billion words of general Dutch, at least the floor of the rarest listed word."""
    frequencies, rarest = _frequencies()
    return max(frequencies.get(word, 0.0), rarest) * REFERENCE_SIZE


def floor() -> float:
    """The count per billion that a word wordfreq does not list gets."""
    return _frequencies()[1] * REFERENCE_SIZE
