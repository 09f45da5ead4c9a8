"""Quotes for a code: all of them in report order, or a few illustrative ones from different cases.

The one place quotes are chosen and shaped, for the synthesis, the appendix, case profiles and `table quotes`:
- a quote is the coded passage widened to the whole sentences it touches (never a fragment of a sentence);
- quotes of one code that overlap in a document are one quote (two coders' codings of one passage, a fragment
  and the whole sentence, a passage coded with two child codes);
- a quote longer than max_chars keeps whole sentences from its start and ends in ' …' at a sentence boundary;
- illustrative quotes: the researcher's chosen ones first, then at most quotes_per_case from each case.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from qualcode.analysis.corpus import UNKNOWN, CodedCorpus
from qualcode.domain.attribute_filter import matching_cases
from qualcode.storage.records import Passage

IDEAL_CHARS = 160  # a quote of about two lines reads well in a report
MAX_QUOTE_CHARS = 400  # longer quotes are cut after a whole sentence, with an ellipsis
ELLIPSIS = " …"


class Quote(NamedTuple):
    """A coded passage as a report quotes it, with what an attribution needs.

    start and end are the quoted span (the passage widened to whole sentences); coding_guids the codings it quotes.
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
    coding_guids: tuple[str, ...] = ()
    shortened: bool = False  # cut to max_chars at a sentence boundary


def widen(text: str, start: int, end: int, sentences: Sequence[tuple[int, int]],
          max_chars: int = MAX_QUOTE_CHARS) -> tuple[int, int, str, bool]:
    """The span start..end of text widened to the sentences it overlaps, and its quoted text.

    sentences are the overlapping sentences in order; words outside every sentence (a speaker label before the
    first) are left out. A quote longer than max_chars keeps its first sentences as far as they fit (at least
    one, whole) and ends in ' …'. Returns (start, end, text, shortened).
    """
    if not sentences:
        return start, end, text[start:end].strip(), False
    first, last = sentences[0][0], sentences[-1][1]
    if last - first <= max_chars or len(sentences) == 1:
        return first, last, text[first:last].strip(), False
    cut = sentences[0][1]
    for _, sentence_end in sentences[1:]:
        if sentence_end - first > max_chars:
            break
        cut = sentence_end
    return first, last, text[first:cut].rstrip() + ELLIPSIS, True


def quotes_for(corpus: CodedCorpus, code_key: str, *, include_children: bool = True,
               attributes: dict[str, str] | None = None, max_chars: int = MAX_QUOTE_CHARS) -> list[Quote]:
    """The code's quotes (and its descendants'), ordered by case, document title and position.

    Overlapping passages give one quote (the code first in tree order, then the coder first by name name it).
    attributes keeps cases whose attribute has that value (case-insensitive; 'onbekend' matches a missing value);
    the key 'rol' filters on the speaker's role instead.
    """
    keys = tuple(corpus.tree.descendants(code_key) if include_children else [code_key])
    if attributes:
        return _quotes(corpus, keys, attributes, max_chars)
    # A synthesis, an appendix and case profiles of one corpus ask for the same codes' quotes.
    memo_key = f"quotes:{include_children}:{max_chars}:{code_key}"
    cached = corpus._memo.get(memo_key)
    if not isinstance(cached, tuple):
        cached = corpus._memo[memo_key] = tuple(_quotes(corpus, keys, None, max_chars))
    return list(cached)


def _quotes(corpus: CodedCorpus, keys: tuple[str, ...], attributes: dict[str, str] | None,
            max_chars: int) -> list[Quote]:
    index = corpus._order
    passages = index.passages
    chosen = [i for key in keys for i in index.by_code.get(key, ())]
    if len(keys) > 1:
        chosen.sort(key=index.report_rank.__getitem__)
    if attributes:
        roles = {value.strip().casefold() for name, value in attributes.items() if name.casefold() == "rol"}
        cases = _cases_matching(corpus, {k: v for k, v in attributes.items() if k.casefold() != "rol"})
        chosen = [i for i in chosen if (cases is None or (passages[i].case_name or "").casefold() in cases)
                  and all(((passages[i].role or "").strip().casefold() or UNKNOWN) == role for role in roles)]
    # In report order the passages of one document follow each other: merge those whose sentences overlap.
    quotes: list[Quote] = []
    group: list[Passage] = []
    group_sentences: list[tuple[int, int]] = []
    group_end = -1
    for i in chosen:
        p = passages[i]
        sentences = corpus.quote_sentences.get(p.coding_guid, ())
        first = sentences[0][0] if sentences else p.start
        last = sentences[-1][1] if sentences else p.end
        if group and p.document_guid == group[0].document_guid and first < group_end:
            group.append(p)
            group_sentences.extend(sentences)
            group_end = max(group_end, last)
            continue
        if group:
            quotes.append(_quote(corpus, group, group_sentences, max_chars))
        group, group_sentences, group_end = [p], list(sentences), last
    if group:
        quotes.append(_quote(corpus, group, group_sentences, max_chars))
    return quotes


def _quote(corpus: CodedCorpus, group: list[Passage], sentences: list[tuple[int, int]], max_chars: int) -> Quote:
    """One quote of overlapping passages: attributed like the first of them, quoting all their sentences."""
    p = group[0]
    text = corpus.texts.get(p.document_guid)
    single = len(group) == 1  # most quotes: one passage, whose sentences are in order and distinct already
    start, end = (p.start, p.end) if single else (min(q.start for q in group), max(q.end for q in group))
    if text is None:  # a corpus read without texts quotes the coded words as they are
        words = p.text if single else max((q.text for q in group), key=len)
        span, quoted, shortened = (start, end), words, False
    else:
        first, last, quoted, shortened = widen(text, start, end, sentences if single else sorted(set(sentences)),
                                               max_chars)
        span = (first, last)
    guids = (p.coding_guid,) if single else tuple(dict.fromkeys(q.coding_guid for q in group))
    return Quote(quoted, p.code_key, p.document_guid, p.document_title, p.case_name, p.speaker, p.role, p.section,
                 p.line, p.coder, p.is_interviewer, span[0], span[1], guids, shortened)


def illustrative_quotes(corpus: CodedCorpus, code_key: str, n: int = 3, *, min_chars: int = 40,
                        max_chars: int = 400, include_children: bool = True,
                        ideal_chars: int = IDEAL_CHARS, chosen: Sequence[str] = (),
                        per_case: int | None = 1, quote_chars: int = MAX_QUOTE_CHARS,
                        prefer_cases: Sequence[str] = ()) -> list[Quote]:
    """Up to n respondent quotes (never the interviewer's), the chosen ones first.

    chosen names codings (by guid) the researcher picked: their quotes come first, in that order, and count
    towards n (there are as many as chosen when that is more). The rest are ranked: words a respondent spoke come
    before a write-up's own summary of them (text without a speaker in a condensed report is the interviewer's
    paraphrase, not a quote), and quotes within min_chars..max_chars before any outside them; at most per_case
    quotes from one case (None: a second pass fills up from cases already quoted); quotes from prefer_cases (the
    gemeenten the researcher names as examples) before others. The length closest to
    ideal_chars, case, document and position break ties, so the choice is the same every time.
    """
    everything = quotes_for(corpus, code_key, include_children=include_children, max_chars=quote_chars)
    picked: list[Quote] = []
    for guid in chosen:
        quote = next((q for q in everything if guid in q.coding_guids), None)
        if quote is not None and quote not in picked:
            picked.append(quote)
    candidates = [q for q in everything if not q.is_interviewer and q not in picked]

    preferred = set(prefer_cases)

    def rank(position: int) -> tuple[bool, bool, bool, int, int]:
        quote = candidates[position]
        length = len(quote.text.strip())
        # quotes_for gives one quote per span in order of case, document and position: the list position is the
        # place, so ties are broken the same way as by sorting on the place itself.
        return (bool(preferred) and quote.case_name not in preferred, not min_chars <= length <= max_chars,
                quote.speaker is None, abs(length - ideal_chars), position)

    ranked = [candidates[position] for position in sorted(range(len(candidates)), key=rank)]
    wanted = max(n, len(picked))
    quoted: dict[str, int] = {}
    for quote in picked:
        case = quote.case_name or f"\0{quote.document_guid}"
        quoted[case] = quoted.get(case, 0) + 1
    for limit in (1, per_case):  # one quote per case first, then up to per_case (None: any number)
        for quote in ranked:
            if len(picked) >= wanted:
                return picked
            case = quote.case_name or f"\0{quote.document_guid}"  # without a case, each document stands alone
            if quote in picked or (limit is not None and quoted.get(case, 0) >= limit):
                continue
            picked.append(quote)
            quoted[case] = quoted.get(case, 0) + 1
    return picked


def _cases_matching(corpus: CodedCorpus, attributes: dict[str, str]) -> set[str] | None:
    """Casefolded names of the cases whose attributes have all the wanted values (the one attribute filter,
    domain.attribute_filter, as the workbench's retrieval screen uses it); None when nothing is asked."""
    if not attributes:
        return None
    return {name.casefold() for name in matching_cases(attributes, (
        (case.name, {name: case.labels(name) for name in case.attributes}) for case in corpus.cases))}
