"""General Dutch as a reference corpus for keyness: wordfreq's Dutch list (Apache-2.0, offline, ~310,000 words), read
through qualcode.nlp.compounds, which owns wordfreq.

wordfreq gives each word's Zipf frequency, log10 of its count per billion words. As a reference "corpus" it has the
size of that scale, a billion words, so that a word's reference count is 10 ** Zipf. A word wordfreq does not list is
rarer than the list's cut-off, Zipf 1.0 (once per hundred million words; its rarest Dutch word has Zipf 1.01): it gets
that floor, in log-likelihood and log-ratio alike, so that a project's own jargon or a typing error stands out no more
than a word wordfreq barely knows.

wordfreq counts word forms and qualcode counts lemmas: a lemma is looked up as written (gemeente, werken), so a
verb's reference frequency is its infinitive's, lower than all its forms together; this favours verbs somewhat.
"""

from __future__ import annotations

REFERENCE_SIZE = 1e9  # the Zipf scale: frequency per billion words
FLOOR_ZIPF = 1.0  # wordfreq's cut-off for its large lists: a word below it is not listed


def reference_count(word: str) -> float:
    """The word's count per billion words of general Dutch, at least the floor."""
    from qualcode.nlp.compounds import zipf

    return 10 ** max(zipf(word), FLOOR_ZIPF)


def floor() -> float:
    """The count per billion that a word wordfreq does not list gets."""
    return float(10 ** FLOOR_ZIPF)
