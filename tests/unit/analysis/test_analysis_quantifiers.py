"""Dutch and English verbal quantifiers at every threshold boundary, and the phrases built from them."""

from __future__ import annotations

import pytest

from qualcode.analysis import QuantifierThresholds, describe_count, quantifier_key, quantify

BOUNDARIES = [
    # n, total, nl, en
    (0, 8, "geen", "none"),
    (1, 8, "één", "one"),
    (1, 2, "één", "one"),
    (1, 1, "de enige", "the only"),
    (2, 2, "alle", "all"),
    (8, 8, "alle", "all"),
    (9, 10, "vrijwel alle", "nearly all"),  # share 0.9: the lower edge of vrijwel alle
    (17, 20, "de meeste", "most"),  # 0.85: just below
    (7, 10, "de meeste", "most"),
    (61, 100, "de meeste", "most"),  # just above 0.6
    (6, 10, "ongeveer de helft", "about half"),  # 0.6 itself is about half
    (5, 10, "ongeveer de helft", "about half"),
    (4, 10, "ongeveer de helft", "about half"),  # 0.4: the lower edge
    (2, 5, "ongeveer de helft", "about half"),
    (39, 100, "meerdere", "several"),  # just below 0.4
    (3, 10, "meerdere", "several"),
    (3, 70, "meerdere", "several"),
    (2, 10, "enkele", "a few"),
    (2, 70, "enkele", "a few"),
    (2, 3, "de meeste", "most"),
]


@pytest.mark.parametrize(("n", "total", "dutch", "english"), BOUNDARIES)
def test_quantifier_boundaries(n: int, total: int, dutch: str, english: str) -> None:
    assert quantify(n, total) == dutch
    assert quantify(n, total, lang="nl") == dutch
    assert quantify(n, total, lang="en") == english


def test_thresholds_are_configurable() -> None:
    strict = QuantifierThresholds(nearly_all=0.95, most=0.7, half_low=0.45, half_high=0.55, few_max=3)
    assert quantify(9, 10, thresholds=strict) == "de meeste"
    assert quantify(19, 20, thresholds=strict) == "vrijwel alle"
    assert quantify(7, 10, thresholds=strict) == "meerdere"  # 0.7 is no longer most, nor about half
    assert quantify(4, 10, thresholds=strict) == "meerdere"
    assert quantify(3, 10, thresholds=strict) == "enkele"
    assert quantifier_key(3, 10, strict) == "few"


def test_inconsistent_thresholds_and_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="half_low"):
        QuantifierThresholds(half_low=0.7)
    with pytest.raises(ValueError, match="few_max"):
        QuantifierThresholds(few_max=0)
    with pytest.raises(ValueError, match="cannot quantify"):
        quantify(9, 8)
    with pytest.raises(ValueError, match="unknown language"):
        quantify(1, 8, lang="de")


def test_describe_count_styles_in_dutch() -> None:
    assert describe_count(6, 8) == "de meeste gemeenten (6 van 8)"
    assert describe_count(6, 8, "nl", "both") == "de meeste gemeenten (6 van 8)"
    assert describe_count(6, 8, "nl", "numbers") == "6 van de 8 gemeenten"
    assert describe_count(6, 8, "nl", "words") == "de meeste gemeenten"
    assert describe_count(1, 8, "nl", "words") == "één gemeente"
    assert describe_count(4, 8, "nl", "both") == "ongeveer de helft van de gemeenten (4 van 8)"
    assert describe_count(0, 8, "nl", "words") == "geen gemeenten"
    assert describe_count(8, 8, "nl", "both") == "alle gemeenten (8 van 8)"
    assert describe_count(1, 1, "nl", "numbers") == "1 van 1 gemeente"
    assert describe_count(2, 9, "nl", "words", noun=("initiatief", "initiatieven")) == "enkele initiatieven"


def test_describe_count_styles_in_english() -> None:
    assert describe_count(6, 8, "en", "both") == "most municipalities (6 of 8)"
    assert describe_count(6, 8, "en", "numbers") == "6 of the 8 municipalities"
    assert describe_count(9, 10, lang="en", style="words") == "nearly all municipalities"
    assert describe_count(0, 8, "en", "words") == "no municipalities"
    assert describe_count(1, 8, "en", "words") == "one municipality"
    assert describe_count(5, 10, "en", "words") == "about half of the municipalities"
    assert describe_count(2, 10, "en", "words") == "a few municipalities"
    with pytest.raises(ValueError, match="unknown style"):
        describe_count(2, 10, "en", "percent")  # type: ignore[arg-type]
