"""Quotes for a code: all of them in report order, or a few illustrative ones from different cases."""

from __future__ import annotations

from typing import NamedTuple

from qualcode.analysis.corpus import UNKNOWN, CodedCorpus
from qualcode.domain.attribute_filter import matching_cases

IDEAL_CHARS = 160  # a quote of about two lines reads well in a report


class Quote(NamedTuple):
    """A coded passage as a report quotes it, with what an attribution needs.

    A named tuple: a report of a large project makes one per coded passage, and frozen dataclasses cost 2.5 µs each.
    """

    text: str
    code_key: str
    document_guid: str
    document_title: str
    case_name: str | None
    speaker: str | None
    role: str | None
    section: str | None
    line: int
    coder: str
    is_interviewer: bool
    start: int = 0
    end: int = 0


def quotes_for(corpus: CodedCorpus, code_key: str, *, include_children: bool = True,
               attributes: dict[str, str] | None = None) -> list[Quote]:
    """The code's passages (and its descendants'), ordered by case, document title and position.

    A passage coded by two coders, or with two child codes, gives one quote (the code first in tree order,
    then the coder first by name). attributes keeps cases whose attribute has that value (case-insensitive;
    'onbekend' matches a missing value); the key 'rol' filters on the speaker's role instead.
    """
    index = corpus._index
    keys = tuple(index.descendants(code_key) if include_children else [code_key])
    if attributes:
        return _quotes(corpus, keys, attributes)
    # A synthesis, an appendix and case profiles of one corpus ask for the same codes' quotes.
    memo_key = f"quotes:{include_children}:{code_key}"
    cached = corpus._memo.get(memo_key)
    if not isinstance(cached, tuple):
        cached = corpus._memo[memo_key] = tuple(_quotes(corpus, keys, None))
    return list(cached)


def _quotes(corpus: CodedCorpus, keys: tuple[str, ...], attributes: dict[str, str] | None) -> list[Quote]:
    index = corpus._index
    passages = index.passages
    chosen = [i for key in keys for i in index.by_code.get(key, ())]
    if len(keys) > 1:
        chosen.sort(key=index.report_rank.__getitem__)
    if attributes:
        roles = {value.strip().casefold() for name, value in attributes.items() if name.casefold() == "rol"}
        cases = _cases_matching(corpus, {k: v for k, v in attributes.items() if k.casefold() != "rol"})
        chosen = [i for i in chosen if (cases is None or (passages[i].case_name or "").casefold() in cases)
                  and all(((passages[i].role or "").strip().casefold() or UNKNOWN) == role for role in roles)]
    quotes: list[Quote] = []
    previous: tuple[str, int, int] | None = None
    for i in chosen:
        p = passages[i]
        span = (p.document_guid, p.start, p.end)
        if span != previous:  # in report order the codings of one span follow each other
            previous = span
            quotes.append(Quote(p.text, p.code_key, p.document_guid, p.document_title, p.case_name, p.speaker,
                                p.role, p.section, p.line, p.coder, p.is_interviewer, p.start, p.end))
    return quotes


def illustrative_quotes(corpus: CodedCorpus, code_key: str, n: int = 3, *, min_chars: int = 40,
                        max_chars: int = 400, include_children: bool = True,
                        ideal_chars: int = IDEAL_CHARS) -> list[Quote]:
    """Up to n respondent quotes (never the interviewer's), best first.

    Words a respondent spoke come before a write-up's own summary of them (text without a speaker in a condensed
    report is the interviewer's paraphrase, not a quote), and quotes within min_chars..max_chars before any
    outside them. A first pass takes one quote per case in that order; a second pass fills up from cases already
    quoted. The length closest to ideal_chars, case, document and position break ties, so the choice is the
    same every time.
    """
    candidates = [q for q in quotes_for(corpus, code_key, include_children=include_children)
                  if not q.is_interviewer]

    def rank(position: int) -> tuple[bool, bool, int, int]:
        quote = candidates[position]
        length = len(quote.text.strip())
        # quotes_for gives one quote per span in order of case, document and position: the list position is the
        # place, so ties are broken the same way as by sorting on the place itself.
        return (not min_chars <= length <= max_chars, quote.speaker is None, abs(length - ideal_chars), position)

    ranked = [candidates[position] for position in sorted(range(len(candidates)), key=rank)]
    chosen: list[Quote] = []
    quoted_cases: set[str] = set()
    for new_case_only in (True, False):
        for quote in ranked:
            if len(chosen) >= n:
                return chosen
            case = quote.case_name or f"\0{quote.document_guid}"  # without a case, each document stands alone
            if quote in chosen or (new_case_only and case in quoted_cases):
                continue
            chosen.append(quote)
            quoted_cases.add(case)
    return chosen


def _cases_matching(corpus: CodedCorpus, attributes: dict[str, str]) -> set[str] | None:
    """Casefolded names of the cases whose attributes have all the wanted values (the one attribute filter,
    domain.attribute_filter, as the workbench's retrieval screen uses it); None when nothing is asked."""
    if not attributes:
        return None
    return {name.casefold() for name in matching_cases(attributes, (
        (case.name, {name: case.labels(name) for name in case.attributes}) for case in corpus.cases))}
