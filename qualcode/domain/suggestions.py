"""Code suggestions as the project hands them up, and how well a source's suggestions match a coder (pure, no I/O).

A suggestion is not a coding: it proposes a code for a span (a respondent's sentence) and waits for a coder to
accept it (it then becomes that coder's coding) or dismiss it. Its source names what proposed it (``keywords``; later
an assistant or a model), and stays with it after the decision.

Scores compare units (a sentence or a turn) that carry a code: for a human coder, when one of their codings overlaps
the unit; for a source, when it suggests the code there. Per code: true positives (both), false hits (the source
only), misses (the coder only); precision, recall and F1 from those, micro-averaged by summing them over the codes.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

STATUSES = ("pending", "accepted", "dismissed")
# The undoable events of deciding on suggestions (qualcode.project.suggestions).
ACTIONS = ("accept_suggestions", "dismiss_suggestions")


@dataclass(frozen=True)
class Suggestion:
    """A suggested code for a span of a document's current text, with its source and the decision on it."""

    guid: str
    document_guid: str
    document_title: str
    case_name: str | None
    start: int
    end: int
    code_key: str
    source: str
    score: float  # 0 to 1; for keywords 1 - 0.5 ** (distinct keywords that matched)
    evidence: str  # what the source saw, e.g. the words that matched a keyword ("routekaart; vastgesteld")
    status: str  # pending, accepted or dismissed
    created_at: str
    decided_by: str | None
    decided_at: str | None
    coding_guid: str | None  # the coding an accepted suggestion became


@dataclass(frozen=True)
class Scores:
    """Agreement of a source with a coder on one code (or all codes summed): counts and the measures from them."""

    true_positives: int = 0
    false_hits: int = 0
    misses: int = 0

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_hits
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        wanted = self.true_positives + self.misses
        return self.true_positives / wanted if wanted else None

    @property
    def f1(self) -> float | None:
        precision, recall = self.precision, self.recall
        if precision is None or recall is None:
            return None
        if precision + recall == 0:
            return 0.0
        return 2 * precision * recall / (precision + recall)

    def __add__(self, other: Scores) -> Scores:
        return Scores(self.true_positives + other.true_positives, self.false_hits + other.false_hits,
                      self.misses + other.misses)


def compare(coded: Iterable[tuple[str, Hashable]], suggested: Iterable[tuple[str, Hashable]]) -> dict[str, Scores]:
    """Per code, compare the (code, unit) pairs a coder coded with those a source suggested."""
    gold, found = set(coded), set(suggested)
    scores: dict[str, Scores] = {}
    for code, unit in gold | found:
        hit, wanted = (code, unit) in found, (code, unit) in gold
        scores[code] = scores.get(code, Scores()) + Scores(int(hit and wanted), int(hit and not wanted),
                                                           int(wanted and not hit))
    return scores


def micro_average(scores: Mapping[str, Scores]) -> Scores:
    """All codes' counts summed: the micro-averaged precision, recall and F1."""
    total = Scores()
    for value in scores.values():
        total += value
    return total


def keyword_score(matched_terms: int) -> float:
    """A keyword suggestion's score: 0.5 for one matching keyword, 0.75 for two, 0.875 for three, …"""
    return round(1 - 0.5 ** max(matched_terms, 0), 4)
