"""Single-choice classifications: counts over cases with documents, missing cases named, adds_up."""

from __future__ import annotations

from dataclasses import replace

from qualcode.analysis import ClassificationCount, CodedCorpus, classification_counts


def test_a_case_without_a_value_is_named_and_the_counts_do_not_add_up(corpus: CodedCorpus) -> None:
    # Zuiderveen is 'actief' too but has no documents: it is not one of the N = 2 cases.
    assert classification_counts(corpus, "houding") == ClassificationCount(
        name="houding", counts={"actief": 1}, total_cases=2, missing=["Amstelhoven"], adds_up=False)


def test_a_complete_classification_adds_up(corpus: CodedCorpus) -> None:
    counted = classification_counts(corpus, "grootteklasse")
    assert counted.counts == {"groot": 1, "klein": 1}  # first seen over the cases in name order
    assert counted.adds_up
    assert counted.missing == []
    assert classification_counts(corpus, "g40").counts == {"ja": 1, "nee": 1}


def test_a_given_order_shows_every_grade(corpus: CodedCorpus) -> None:
    counted = classification_counts(corpus, "houding", order=["actief", "geïnteresseerd", "afwachtend"])
    assert list(counted.counts.items()) == [("actief", 1), ("geïnteresseerd", 0), ("afwachtend", 0)]


def test_several_values_for_one_case_do_not_add_up(corpus: CodedCorpus) -> None:
    counted = classification_counts(corpus, "speerpunten")
    assert counted.counts == {"energie": 2, "wonen": 1}
    assert counted.missing == []
    assert not counted.adds_up


def test_filling_in_the_missing_value_makes_it_add_up(corpus: CodedCorpus) -> None:
    cases = tuple(replace(c, attributes={**c.attributes, "houding": "afwachtend"}) if c.name == "Amstelhoven" else c
                  for c in corpus.cases)
    counted = classification_counts(replace(corpus, cases=cases), "houding")
    assert counted.counts == {"afwachtend": 1, "actief": 1}
    assert counted.adds_up
