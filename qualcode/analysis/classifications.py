"""Counts of a single-choice case classification (such as houding: actief / afwachtend) and whether they add up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qualcode.analysis.corpus import CodedCorpus


@dataclass(frozen=True)
class ClassificationCount:
    """How many cases (with documents) have each value; missing names the cases without one."""

    name: str
    counts: dict[str, int]  # value -> cases, in the given order, then in order of first appearance
    total_cases: int  # N: cases with at least one document
    missing: list[str]
    adds_up: bool  # every case has exactly one value


def classification_counts(corpus: CodedCorpus, name: str, *, order: Sequence[str] = ()) -> ClassificationCount:
    """Count the values of classification `name` over the cases with documents (sorted case-insensitively).

    Values listed in `order` come first (even with 0 cases, so a graded scale shows every grade); others follow
    in order of first appearance. A case with several values counts for each and makes adds_up False.
    """
    counts: dict[str, int] = dict.fromkeys(order, 0)
    missing: list[str] = []
    several = False
    names = corpus.case_names()
    for case_name in names:
        case = corpus.case(case_name)
        labels = tuple(dict.fromkeys(case.labels(name))) if case is not None else ()
        if not labels:
            missing.append(case_name)
        several = several or len(labels) > 1
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
    adds_up = not missing and not several and sum(counts.values()) == len(names)
    return ClassificationCount(name, counts, len(names), missing, adds_up)
