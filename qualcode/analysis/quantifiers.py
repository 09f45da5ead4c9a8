"""Verbal quantifiers for 'n of N cases' (alle, vrijwel alle, de meeste, …) with documented thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, TypeVar

Style = Literal["words", "numbers", "both"]
T = TypeVar("T")

QUANTIFIERS: dict[str, dict[str, str]] = {
    "nl": {"none": "geen", "one": "één", "only": "de enige", "all": "alle", "nearly_all": "vrijwel alle",
           "most": "de meeste", "half": "ongeveer de helft", "few": "enkele", "several": "meerdere"},
    "en": {"none": "none", "one": "one", "only": "the only", "all": "all", "nearly_all": "nearly all",
           "most": "most", "half": "about half", "few": "a few", "several": "several"},
}
# How each quantifier joins a noun: 'ongeveer de helft van de gemeenten', not 'ongeveer de helft gemeenten'.
PHRASES: dict[str, dict[str, str]] = {
    "nl": {"none": "geen {plural}", "one": "één {singular}", "only": "de enige {singular}", "all": "alle {plural}",
           "nearly_all": "vrijwel alle {plural}", "most": "de meeste {plural}",
           "half": "ongeveer de helft van de {plural}", "few": "enkele {plural}", "several": "meerdere {plural}"},
    "en": {"none": "no {plural}", "one": "one {singular}", "only": "the only {singular}", "all": "all {plural}",
           "nearly_all": "nearly all {plural}", "most": "most {plural}", "half": "about half of the {plural}",
           "few": "a few {plural}", "several": "several {plural}"},
}
NOUNS: dict[str, tuple[str, str]] = {"nl": ("gemeente", "gemeenten"), "en": ("municipality", "municipalities")}


@dataclass(frozen=True)
class QuantifierThresholds:
    """When each quantifier applies to n of total cases; the rules are tried from top to bottom.

    =================  ===========  ==================================================  ===================
    nl                 en           applies when                                        e.g. (of 10)
    =================  ===========  ==================================================  ===================
    geen               none         n == 0                                              0
    één                one          n == 1 and total > 1                                1
    de enige           the only     n == 1 and total == 1                               (1 of 1)
    alle               all          n == total (total >= 2)                             10
    vrijwel alle       nearly all   share >= nearly_all (0.9)                           9
    de meeste          most         share > most (0.6)                                  7, 8
    ongeveer de helft  about half   half_low (0.4) <= share <= half_high (0.6)          4, 5, 6
    enkele             a few        n <= few_max (2)                                    2 (of 6 or more)
    meerdere           several      otherwise: 3 or more, below half_low                3
    =================  ===========  ==================================================  ===================

    Shares are compared exactly (as fractions), so 9 of 10 is 'vrijwel alle' and 6 of 10 'ongeveer de helft'.
    Keep half_low <= half_high <= most < nearly_all, or shares between two bands fall to enkele/meerdere.
    """

    nearly_all: float = 0.9
    most: float = 0.6
    half_low: float = 0.4
    half_high: float = 0.6
    few_max: int = 2

    def __post_init__(self) -> None:
        if not 0 < self.half_low <= self.half_high <= self.most < self.nearly_all <= 1:
            raise ValueError("thresholds must satisfy 0 < half_low <= half_high <= most < nearly_all <= 1")
        if self.few_max < 1:
            raise ValueError("few_max must be at least 1")


DEFAULT_THRESHOLDS = QuantifierThresholds()


def quantifier_key(n: int, total: int, thresholds: QuantifierThresholds = DEFAULT_THRESHOLDS) -> str:
    """Which quantifier fits n of total: none, one, only, all, nearly_all, most, half, few or several."""
    if n < 0 or total < 0 or n > total:
        raise ValueError(f"cannot quantify {n} of {total}")
    if n == 0:
        return "none"
    if n == 1:
        return "one" if total > 1 else "only"
    if n == total:
        return "all"
    share = Fraction(n, total)
    if share >= _exact(thresholds.nearly_all):
        return "nearly_all"
    if share > _exact(thresholds.most):
        return "most"
    if _exact(thresholds.half_low) <= share <= _exact(thresholds.half_high):
        return "half"
    return "few" if n <= thresholds.few_max else "several"


def quantify(n: int, total: int, *, lang: str = "nl", thresholds: QuantifierThresholds = DEFAULT_THRESHOLDS) -> str:
    """The quantifier word for n of total: 'de meeste' for 6 of 8 in Dutch, 'most' in English."""
    return _table(QUANTIFIERS, lang)[quantifier_key(n, total, thresholds)]


def describe_count(n: int, total: int, lang: str = "nl", style: Style = "both", *,
                   noun: tuple[str, str] | None = None,
                   thresholds: QuantifierThresholds = DEFAULT_THRESHOLDS) -> str:
    """'de meeste gemeenten (6 van 8)' (both), '6 van de 8 gemeenten' (numbers) or 'de meeste gemeenten' (words).

    noun is (singular, plural); by default gemeente/gemeenten, or municipality/municipalities in English.
    """
    singular, plural = noun or _table(NOUNS, lang)
    words = _table(PHRASES, lang)[quantifier_key(n, total, thresholds)].format(singular=singular, plural=plural)
    of = "of" if lang == "en" else "van"
    if style == "words" or (total == 0 and style == "both"):
        return words
    if style == "numbers":
        if total == 0:
            return f"0 {plural}"
        if total == 1:
            return f"{n} {of} 1 {singular}"
        return f"{n} {of} {'the' if lang == 'en' else 'de'} {total} {plural}"
    if style == "both":
        return f"{words} ({n} {of} {total})"
    raise ValueError(f"unknown style '{style}': use words, numbers or both")


def _exact(share: float) -> Fraction:
    # From the decimal text, so that 0.9 means 9/10 and not the binary float just below it.
    return Fraction(str(share))


def _table(tables: dict[str, T], lang: str) -> T:
    try:
        return tables[lang]
    except KeyError:
        raise ValueError(f"unknown language '{lang}': use nl or en") from None
