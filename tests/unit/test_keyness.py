"""Keyness by hand: G² and log-ratio of a small table worked out on paper, the floor for a missing word, the minimum
frequency, the significance threshold (fixed and Bonferroni), and the Dutch stop-word list."""

from __future__ import annotations

import math

import pytest

from qualcode.domain.keyness import (
    P_0001,
    bonferroni_threshold,
    key_words,
    log_likelihood,
    log_ratio,
)
from qualcode.domain.stopwords import dutch_stop_words, parse_stop_words

# The table: target 1,000 words, reference 2,000 words.
#   warmtenet: 10 in the target, 5 in the reference
#     E1 = 1000·15/3000 = 5, E2 = 2000·15/3000 = 10
#     G² = 2·(10·ln(10/5) + 5·ln(5/10)) = 2·5·ln 2 = 6.931472
#     log-ratio = log2((10/1000) / (5/2000)) = log2(4) = 2
#   dijkversterking: 6 in the target, none in the reference
#     E1 = 1000·6/3000 = 2; G² = 2·6·ln(6/2) = 12·ln 3 = 13.183347
#     log-ratio with the floor 0.5 for the zero: log2((6/1000) / (0.5/2000)) = log2(24) = 4.584963
#   gemeente: 5 in the target, 40 in the reference: relatively rarer in the target (log-ratio −2), never key
#   zeldzaam: 2 in the target, none in the reference: below the minimum frequency of 3
TARGET = {"warmtenet": 10, "dijkversterking": 6, "gemeente": 5, "zeldzaam": 2}
REFERENCE = {"warmtenet": 5, "gemeente": 40}


def _reference(word: str) -> float:
    return REFERENCE.get(word, 0)


def test_log_likelihood_matches_the_hand_computation() -> None:
    assert log_likelihood(10, 5, 1000, 2000) == pytest.approx(10 * math.log(2), abs=1e-9)
    assert log_likelihood(10, 5, 1000, 2000) == pytest.approx(6.931472, abs=1e-6)
    assert log_likelihood(6, 0, 1000, 2000) == pytest.approx(13.183347, abs=1e-6)
    # equally frequent on both sides: no evidence at all
    assert log_likelihood(10, 20, 1000, 2000) == pytest.approx(0.0, abs=1e-12)
    assert log_likelihood(0, 0, 1000, 2000) == 0.0


def test_log_ratio_matches_the_hand_computation_and_floors_a_zero() -> None:
    assert log_ratio(10, 5, 1000, 2000) == pytest.approx(2.0)
    assert log_ratio(6, 0, 1000, 2000) == pytest.approx(math.log2(24))
    assert log_ratio(6, 0, 1000, 2000) == pytest.approx(4.584963, abs=1e-6)
    assert log_ratio(5, 40, 1000, 2000) == pytest.approx(-2.0)
    # the floor only replaces a zero: a count of 1 stays 1, and another floor gives another (finite) ratio
    assert log_ratio(6, 1, 1000, 2000) == pytest.approx(math.log2(12))
    assert log_ratio(6, 0, 1000, 2000, floor=1.0) == pytest.approx(math.log2(12))
    assert math.isfinite(log_ratio(6, 0, 1000, 2000, floor=1e-9))


def test_key_words_threshold_minimum_and_order() -> None:
    # at p < 0.0001 (15.13) nothing in this small table is key
    assert key_words(TARGET, 1000, _reference, 2000) == []
    # at p < 0.01 (6.63): both positive words, strongest first; gemeente (negative) and zeldzaam (2×) are not
    found = key_words(TARGET, 1000, _reference, 2000, threshold=6.63)
    assert [k.word for k in found] == ["dijkversterking", "warmtenet"]
    first = found[0]
    assert (first.count, first.reference_count) == (6, 0)
    assert first.g2 == pytest.approx(13.183347, abs=1e-6)
    assert first.log_ratio == pytest.approx(math.log2(24))
    # lowering the minimum frequency lets zeldzaam in (G² = 2·2·ln 3 = 4.394449 ≥ 3.84)
    lowered = key_words(TARGET, 1000, _reference, 2000, threshold=3.84, min_count=2)
    assert "zeldzaam" in [k.word for k in lowered]
    assert next(k for k in lowered if k.word == "zeldzaam").g2 == pytest.approx(4 * math.log(3))
    assert "zeldzaam" not in [k.word for k in key_words(TARGET, 1000, _reference, 2000, threshold=3.84)]
    # no threshold: every positive word at or above the minimum
    assert {k.word for k in key_words(TARGET, 1000, _reference, 2000, threshold=None)} == \
        {"warmtenet", "dijkversterking"}


def test_bonferroni_threshold() -> None:
    assert bonferroni_threshold(1) == pytest.approx(3.841459, abs=1e-5)  # χ²(1), p < 0.05
    assert bonferroni_threshold(500) == pytest.approx(P_0001, abs=0.01)  # 0.05/500 = 0.0001
    # three words tested (min 3): p < 0.0167, critical value 5.73: warmtenet (6.93) and dijkversterking pass
    found = key_words(TARGET, 1000, _reference, 2000, bonferroni=True)
    assert [k.word for k in found] == ["dijkversterking", "warmtenet"]


def test_the_dutch_stop_words() -> None:
    words = dutch_stop_words()
    for word in ("de", "het", "een", "en", "ik", "zijn", "hebben", "eigenlijk", "gewoon", "eh", "ehm", "oké", "nou",
                 "zo'n", "zo’n"):
        assert word in words, word
    for word in ("gemeente", "warmtenet", "subsidie", "wethouder", "dijkversterking", "bewoner"):
        assert word not in words, word
    assert parse_stop_words("# kop\nDe  # lidwoord\n\nhet\n") == frozenset({"de", "het"})


def test_general_dutch_gives_counts_per_billion_with_a_floor() -> None:
    from qualcode.nlp import general_dutch

    assert general_dutch.floor() == pytest.approx(10.0)  # Zipf 1.0: once per hundred million words
    assert general_dutch.reference_count("qqxyzzyvv") == pytest.approx(10.0)  # not listed: the floor
    assert general_dutch.reference_count("gemeente") > 100_000  # Zipf ≈ 5.3
    assert general_dutch.reference_count("de") > general_dutch.reference_count("gemeente")
