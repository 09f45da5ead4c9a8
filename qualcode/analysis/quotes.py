"""Quotes for a code: all of them in report order, or a few illustrative ones from different cases."""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.analysis.corpus import UNKNOWN, CodedCorpus
from qualcode.storage.records import Passage

IDEAL_CHARS = 160  # a quote of about two lines reads well in a report


@dataclass(frozen=True)
class Quote:
    """A coded passage as a report quotes it, with what an attribution needs."""

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
    keys = index.descendants(code_key) if include_children else [code_key]
    chosen = [p for key in keys for p in index.by_code.get(key, ())]
    if attributes:
        roles = {value.strip().casefold() for name, value in attributes.items() if name.casefold() == "rol"}
        cases = _cases_matching(corpus, {k: v for k, v in attributes.items() if k.casefold() != "rol"})
        chosen = [p for p in chosen if (cases is None or (p.case_name or "").casefold() in cases)
                  and all(((p.role or "").strip().casefold() or UNKNOWN) == role for role in roles)]
    last = len(index.order)
    chosen.sort(key=lambda p: (*_place(p), index.order.get(p.code_key, last), p.code_key, p.coder))
    quotes: list[Quote] = []
    seen: set[tuple[str, int, int]] = set()
    for p in chosen:
        span = (p.document_guid, p.start, p.end)
        if span not in seen:
            seen.add(span)
            quotes.append(_quote(p))
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

    def tier(quote: Quote) -> tuple[bool, bool]:
        return (not min_chars <= len(quote.text.strip()) <= max_chars, quote.speaker is None)

    ranked = sorted(candidates, key=lambda q: (tier(q), abs(len(q.text.strip()) - ideal_chars), *_place(q)))
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
    """Casefolded names of the cases whose attributes have all the wanted values; None when nothing is asked."""
    if not attributes:
        return None
    matching = set()
    for case in corpus.cases:
        for name, wanted in attributes.items():
            labels = {label.casefold() for label in case.labels(name)} or {UNKNOWN}
            if wanted.strip().casefold() not in labels:
                break
        else:
            matching.add(case.name.casefold())
    return matching


def _place(p: Passage | Quote) -> tuple[bool, str, str, str, int, int]:
    """Where a passage or quote stands: by case (none last), document title, document and position."""
    case = p.case_name or ""
    return (p.case_name is None, case.casefold(), p.document_title.casefold(), p.document_guid, p.start, p.end)


def _quote(p: Passage) -> Quote:
    return Quote(text=p.text, code_key=p.code_key, document_guid=p.document_guid, document_title=p.document_title,
                 case_name=p.case_name, speaker=p.speaker, role=p.role, section=p.section, line=p.line,
                 coder=p.coder, is_interviewer=p.is_interviewer, start=p.start, end=p.end)
