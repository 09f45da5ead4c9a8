"""Keyness: the words that distinguish a target text from a reference, by log-likelihood (G²) and log-ratio.

For a word with frequency a in the target (of c words in all) and b in the reference (of d words):

- Log-likelihood (Dunning 1993, in the two-cell form of Rayson & Garside 2000):
  E1 = c·(a+b)/(c+d), E2 = d·(a+b)/(c+d), G² = 2·(a·ln(a/E1) + b·ln(b/E2)), a term with a zero count being 0.
  G² follows χ² with one degree of freedom: 3.84 is p < 0.05, 6.63 p < 0.01, 10.83 p < 0.001, 15.13 p < 0.0001.
  The default threshold is 15.13 because a list tests thousands of words at once; `bonferroni_threshold` gives the
  critical value for p < 0.05 divided by the number of words tested instead.
- Log-ratio (Hardie 2014): log2((a/c) / (b/d)), the binary log of the ratio of relative frequencies; +1 means
  twice as frequent in the target. A zero count is replaced by the floor (0.5 by default, Hardie's own choice:
  smaller than any count that occurs, so that a word absent from the reference gets a large but finite ratio that
  still grows with its target count, instead of infinity). Against general Dutch (wordfreq) the floor is the
  frequency of the rarest word wordfreq lists: a word it does not list is at most that frequent (see
  qualcode.nlp.general_dutch).

A word is key when its target count is at least the minimum, it is relatively more frequent in the target than in the
reference (positive log-ratio) and its G² reaches the threshold. Key words are ordered by G², then log-ratio.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from statistics import NormalDist

P_0001 = 15.13  # χ²(1) critical value for p < 0.0001
DEFAULT_FLOOR = 0.5  # Hardie's zero-frequency adjustment for log-ratio
DEFAULT_MIN_COUNT = 3


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """G² of a word seen a times in c target words and b times in d reference words."""
    total = a + b
    if total <= 0 or c <= 0 or d <= 0:
        return 0.0
    expected_target = c * total / (c + d)
    expected_reference = d * total / (c + d)
    g2 = 0.0
    if a > 0:
        g2 += a * math.log(a / expected_target)
    if b > 0:
        g2 += b * math.log(b / expected_reference)
    return 2.0 * g2


def log_ratio(a: float, b: float, c: float, d: float, *, floor: float = DEFAULT_FLOOR) -> float:
    """log2 of the ratio of relative frequencies, a zero count replaced by the floor."""
    return math.log2(((a if a > 0 else floor) / c) / ((b if b > 0 else floor) / d))


def bonferroni_threshold(tests: int, alpha: float = 0.05) -> float:
    """The G² critical value (χ², one degree of freedom) for p < alpha / tests."""
    p = alpha / max(tests, 1)
    return NormalDist().inv_cdf(1.0 - p / 2.0) ** 2


@dataclass(frozen=True)
class KeyWord:
    """A word of the target with its counts and keyness against the reference."""

    word: str
    count: int  # in the target
    reference_count: float  # in the reference (for general Dutch: expected per reference size, from its frequency)
    g2: float
    log_ratio: float


def key_words(target: Mapping[str, int], target_size: int, reference: Callable[[str], float], reference_size: float,
              *, min_count: int = DEFAULT_MIN_COUNT, threshold: float | None = P_0001, floor: float = DEFAULT_FLOOR,
              bonferroni: bool = False) -> list[KeyWord]:
    """The target's key words against a reference (a count per word and its size), strongest first.

    reference(word) gives the word's count in the reference; floor replaces a zero count in log-ratio (on both
    sides). With bonferroni, the threshold is the critical value for p < 0.05 over the words tested (those with at
    least min_count in the target); threshold None keeps every positive word.
    """
    candidates = [(word, count) for word, count in target.items() if count >= min_count]
    if bonferroni:
        threshold = bonferroni_threshold(len(candidates))
    found = []
    for word, count in candidates:
        other = reference(word)
        ratio = log_ratio(count, other, target_size, reference_size, floor=floor)
        if ratio <= 0:
            continue
        g2 = log_likelihood(count, other, target_size, reference_size)
        if threshold is not None and g2 < threshold:
            continue
        found.append(KeyWord(word, count, other, g2, ratio))
    found.sort(key=lambda key: (-key.g2, -key.log_ratio, key.word))
    return found
