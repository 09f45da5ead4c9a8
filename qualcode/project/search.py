"""Project-wide search by lemma: every form of a word, phrases, wildcards and (asked for) compounds, as KWIC hits.

How a query is answered:

1. The query is parsed (qualcode.domain.search_query) into alternatives of words.
2. Each word becomes a group of index terms: its lemma and the word as typed; a wildcard word the index terms it
   matches (a trailing ``*`` is a prefix query of the index itself); with compounds, also every index term that
   has the word as a compound part (qualcode.nlp.compounds).
3. The FTS5 index (storage.search) gives the sentences that hold a term of every group.
4. In each such sentence the words are found again, one lemma per word (the stored lemmas; simplemma's when a
   stored sentence has a different number of lemmas than words), so that a hit is the matching words' span and
   a phrase is words next to each other. A hyphenated word matches by any of its pieces (DUMAVA-subsidie).
5. Filters (code, case, role, speaker) apply to the hits; context is taken within the speaker's turn.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from qualcode.domain.errors import ProjectError
from qualcode.domain.kwic import Kwic, align, context
from qualcode.domain.names import case_key as make_case_key
from qualcode.domain.search_query import QueryWord, SearchQuery, SearchQueryError, fold, parse_query
from qualcode.storage import codes as code_sql
from qualcode.storage import search as search_sql
from qualcode.storage.records import CodeRow
from qualcode.storage.store import Store

SPEAKERS = ("interviewer", "respondent")
NO_CASE_LABEL = "(no case)"
DEFAULT_CONTEXT_WORDS = 6
MAX_CONTEXT_WORDS = 50
MAX_PATTERN_TERMS = 2000  # index terms one wildcard word may stand for
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")  # the words lemmas are made of (qualcode.nlp.pipeline)


class SearchHit(NamedTuple):
    """One place the query stands: the matching words' span in the document's text, with context (a tuple:
    a search may make thousands)."""

    document_guid: str
    document: str
    case: str | None
    speaker: str | None
    role: str | None
    is_interviewer: bool
    start: int
    end: int
    left: str
    keyword: str
    right: str
    sentence_start: int  # the sentence the hit stands in (what the workbench codes for a hit)
    sentence_end: int


@dataclass(frozen=True)
class SearchResult:
    """Every hit of a query, in order of case, document and place, and the number of hits per case."""

    query: str
    hits: tuple[SearchHit, ...]
    per_case: tuple[tuple[str, int], ...]  # case name (or "(no case)") and its hits, most first

    def kwic_cells(self, *, side: int = 40, keyword: int = 30) -> list[tuple[str, str, str]]:
        """Per hit (left, keyword, right), padded so that every column starts at the same terminal cell."""
        return align([Kwic(hit.left, hit.keyword, hit.right) for hit in self.hits], side=side, keyword=keyword)

    def kwic_lines(self, *, side: int = 40, keyword: int = 30) -> list[str]:
        """Aligned plain-text KWIC lines: left context, keyword, right context, then document · case · speaker."""
        cells = self.kwic_cells(side=side, keyword=keyword)
        return [f"{left}  {middle}  {right}  {where(hit)}".rstrip()
                for (left, middle, right), hit in zip(cells, self.hits, strict=True)]


def where(hit: SearchHit) -> str:
    """Where a hit stands: document · case · speaker (role)."""
    speaker = hit.speaker or "?"
    if hit.is_interviewer:
        speaker += " (interviewer)"
    elif hit.role:
        speaker += f" ({hit.role})"
    return " · ".join((hit.document, hit.case or NO_CASE_LABEL, speaker))


class SearchUseCases:
    """The search use case of Project (a base class of it, so that core.py stays small)."""

    store: Store

    def search(self, query: str, *, code: str | None = None, case: str | None = None, role: str | None = None,
               speaker: str | None = None, compounds: bool = False, context_words: int = DEFAULT_CONTEXT_WORDS,
               document_guid: str | None = None) -> SearchResult:
        """Find every form of the query's words in the project (or one document); see qualcode.project.search."""
        return search(self.store, query, code=code, case=case, role=role, speaker=speaker, compounds=compounds,
                      context_words=context_words, document_guid=document_guid)


# -- the search ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Word:
    """A query word ready to compare with a sentence's words."""

    terms: frozenset[str]  # folded lemmas and forms that match (without wildcards)
    pattern: re.Pattern[str] | None

    @functools.cached_property
    def as_typed(self) -> re.Pattern[str]:
        """Any of the terms as a whole word of a folded text (a form whose lemma is another word)."""
        alternatives = "|".join(re.escape(term) for term in sorted(self.terms, key=len, reverse=True))
        return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])")

    def matches(self, lemma: str, form: str) -> bool:
        if self.pattern is not None:
            return any(self.pattern.fullmatch(candidate) is not None for candidate in _candidates(lemma, form))
        if lemma in self.terms or form in self.terms:
            return True
        return ("-" in lemma or "-" in form) and any(candidate in self.terms for candidate in _candidates(lemma, form))


def _candidates(lemma: str, form: str) -> tuple[str, ...]:
    if "-" in lemma or "-" in form:
        return (lemma, form, *lemma.split("-"), *form.split("-"))
    return (lemma, form)


def search(store: Store, query: str, *, code: str | None = None, case: str | None = None, role: str | None = None,
           speaker: str | None = None, compounds: bool = False, context_words: int = DEFAULT_CONTEXT_WORDS,
           document_guid: str | None = None) -> SearchResult:
    """Find the query in every respondent's and interviewer's sentences; see the module docstring."""
    parsed = parse_query(query)
    if speaker is not None and speaker not in SPEAKERS:
        raise ProjectError(f"--speaker must be one of {', '.join(SPEAKERS)}, not {speaker!r}")
    if not 0 <= context_words <= MAX_CONTEXT_WORDS:
        raise ProjectError(f"context must be 0 to {MAX_CONTEXT_WORDS} words, not {context_words}")
    wanted_case = _case_key(store, case) if case is not None else None
    spans = search_sql.coded_spans(store, _code_keys(store, code)) if code is not None else None
    wanted_role = fold(role).strip() if role else None
    search_sql.bring_up_to_date(store)
    hits: dict[tuple[str, int, int], SearchHit] = {}
    for words, groups in query_alternatives(store, parsed, compounds):
        if any(not group for group in groups):
            continue  # a wildcard that matches no indexed word
        found = search_sql.matching_sentences(store, groups, case_key=wanted_case, document_guid=document_guid)
        texts = _texts(store, {row.document_id for row in found})
        for row in found:
            if speaker is not None and bool(row.is_interviewer) != (speaker == "interviewer"):
                continue
            if wanted_role is not None and wanted_role not in fold(row.role or ""):
                continue
            text = texts[row.document_id]
            for start, end in query_spans(text, row, words):
                if spans is not None and not _overlaps(spans.get(row.document_id, ()), start, end):
                    continue
                low = row.turn_start if row.turn_start is not None else row.start
                high = row.turn_end if row.turn_end is not None else row.end
                kwic = context(text, start, end, context_words, low=low, high=high)
                hits[(row.document_guid, start, end)] = SearchHit(
                    row.document_guid, row.document_title, row.case_name, row.speaker, row.role,
                    bool(row.is_interviewer),
                    start, end, kwic.left, kwic.keyword, kwic.right, row.start, row.end)
    ordered = sorted(hits.values(), key=lambda h: ((h.case or "").casefold(), h.document.casefold(),
                                                   h.document_guid, h.start))
    counts = Counter(hit.case or NO_CASE_LABEL for hit in ordered)
    per_case = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))
    return SearchResult(parsed.text, tuple(ordered), per_case)


def query_alternatives(store: Store, parsed: SearchQuery,
                       compounds: bool) -> list[tuple[list[_Word], list[list[str]]]]:
    """Per alternative: its words ready for comparison, and the groups of index terms to ask the index for."""
    out: list[tuple[list[_Word], list[list[str]]]] = []
    vocabulary: list[str] | None = None
    for alternative in parsed.alternatives:
        words: list[_Word] = []
        groups: list[list[str]] = []
        for word in alternative:
            if word.is_pattern:
                pattern = word.pattern()
                if _is_prefix(word):
                    groups.append([word.text])
                else:
                    if vocabulary is None:
                        vocabulary = _vocabulary(store)
                    matching = [term for term in vocabulary if pattern.fullmatch(term)]
                    if len(matching) > MAX_PATTERN_TERMS:
                        raise SearchQueryError(f"the wildcard word {word.text!r} stands for {len(matching):,} "
                                               "different words", hint="give more letters")
                    groups.append(matching)
                words.append(_Word(frozenset(), pattern))
                continue
            terms = {word.text, *_query_lemmas(word.text)}
            if compounds:
                if vocabulary is None:
                    vocabulary = _vocabulary(store)
                terms |= _compounds_with(vocabulary, frozenset(terms))
            words.append(_Word(frozenset(terms), None))
            groups.append(sorted(terms))
        out.append((words, groups))
    return out


# Per database (its project GUID and path) and index version: the workbench's two Projects of one file share them.
_VOCABULARIES: dict[tuple[str, str, bytes], list[str]] = {}
_TEXTS: dict[tuple[str, str, bytes], dict[int, str]] = {}


def _cache_key(store: Store) -> tuple[str, str, bytes]:
    return str(store.project_guid), str(store.path), search_sql.index_version(store)


def _forget(cache: dict[tuple[str, str, bytes], Any], key: tuple[str, str, bytes]) -> None:
    """Drop what a cache holds for an older version of this database's index."""
    for stale in [known for known in cache if known[:2] == key[:2]]:
        cache.pop(stale, None)


def _texts(store: Store, document_ids: set[int]) -> dict[int, str]:
    """Documents' texts by row id, kept per process until the index changes (a new text always changes it)."""
    key = _cache_key(store)
    known = _TEXTS.get(key)
    if known is None:
        _forget(_TEXTS, key)
        known = _TEXTS[key] = {}
    missing = document_ids - known.keys()
    if missing:
        known.update(search_sql.document_texts(store, missing))
    return known


def _vocabulary(store: Store) -> list[str]:
    """The index's terms, kept per process until the index changes (reading them walks the whole index)."""
    key = _cache_key(store)
    found = _VOCABULARIES.get(key)
    if found is None:
        _forget(_VOCABULARIES, key)
        found = _VOCABULARIES[key] = search_sql.terms(store)
    return found


def _is_prefix(word: QueryWord) -> bool:
    return word.text.endswith("*") and "*" not in word.text[:-1] and "?" not in word.text and "-" not in word.text


@functools.lru_cache(maxsize=1024)
def _query_lemmas(word: str) -> tuple[str, ...]:
    """The word's lemma from the pipeline in use and from simplemma: a model sees a lone word without context."""
    from qualcode.nlp.pipeline import Lemmatiser, simple_lemma

    lemmas = {fold(simple_lemma(word).replace(" ", ""))}
    lemmatiser = Lemmatiser()
    if lemmatiser.uses_model:
        lemmas.add(fold(lemmatiser.lemmas([word])[0].replace("_", "").replace(" ", "")))
    return tuple(sorted(lemma for lemma in lemmas if lemma))


def _compounds_with(vocabulary: Sequence[str], words: frozenset[str]) -> set[str]:
    """Index terms that have one of words as a compound part (subsidie: subsidieregeling, rijkssubsidie)."""
    from qualcode.nlp.compounds import contains

    stems = {word for word in words if len(word) >= 3}
    # A cheap filter first: a part's plural may change the word's last letter (bedrijf → bedrijventerrein).
    beginnings = {stem[:-1] if len(stem) >= 4 else stem for stem in stems}
    trigrams = _trigram_index(vocabulary)
    candidates = {term for part in beginnings for term in trigrams.get(part[:3], ()) if part in term}
    return {term for term in candidates if term not in words and any(contains(term, stem) for stem in stems)}


_TRIGRAMS: dict[int, tuple[Sequence[str], dict[str, list[str]]]] = {}


def _trigram_index(vocabulary: Sequence[str]) -> dict[str, list[str]]:
    """Every three letters of the index's terms → the terms holding them, kept with the vocabulary it was made of:
    a 40,000-term vocabulary is then filtered per word in well under a millisecond instead of 15 ms (suggestions
    look up hundreds of keyword words at once)."""
    found = _TRIGRAMS.get(id(vocabulary))
    if found is None or found[0] is not vocabulary:
        index: dict[str, list[str]] = {}
        for term in vocabulary:
            for trigram in {term[i:i + 3] for i in range(len(term) - 2)}:
                index.setdefault(trigram, []).append(term)
        _TRIGRAMS.clear()
        found = _TRIGRAMS[id(vocabulary)] = (vocabulary, index)
    return found[1]


def _sentence_words(text: str, row: search_sql.IndexedSentence) -> tuple[list[re.Match[str]], list[str]]:
    """The sentence's words (matches in the text) and their folded lemmas, one lemma per word."""
    words = list(_WORD.finditer(text, row.start, row.end))
    lemmas = fold(row.lemmas.replace("_", "")).split()
    if len(lemmas) != len(words):
        from qualcode.nlp.pipeline import simple_lemma

        lemmas = [fold(simple_lemma(word.group())) for word in words]
    return words, lemmas


def query_spans(text: str, row: search_sql.IndexedSentence, query: Sequence[_Word]) -> list[tuple[int, int]]:
    """The spans in the sentence where the query's words stand next to each other."""
    words, lemmas = _sentence_words(text, row)
    first_word, size = query[0], len(query)
    if first_word.pattern is None and "-" not in row.lemmas:  # the common case: whole words, in one pass
        terms = first_word.terms
        starts = [i for i, lemma in enumerate(lemmas) if lemma in terms]
        sentence = fold(text[row.start:row.end])
        typed = [row.start + match.start() for match in first_word.as_typed.finditer(sentence)]
        known = {words[i].start() for i in starts}
        if any(offset not in known for offset in typed):  # a form as typed whose lemma is another word
            index = {word.start(): i for i, word in enumerate(words)}
            starts = sorted({*starts, *(index[offset] for offset in typed if offset in index)})
    else:
        starts = [i for i, word in enumerate(words) if first_word.matches(lemmas[i], fold(word.group()))]
    places: list[tuple[int, int]] = []
    for first in starts:
        if first + size <= len(words) and all(query[k].matches(lemmas[first + k], fold(words[first + k].group()))
                                              for k in range(1, size)):
            places.append((words[first].start(), words[first + size - 1].end()))
    return places


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and e > start for s, e in spans)


def _case_key(store: Store, case: str) -> str:
    from qualcode.storage import cases as case_sql

    names = case_sql.case_names(store)
    key = make_case_key(case)
    if key in names:
        return key
    for known, name in names.items():
        if fold(name) == fold(case):
            return known
    shown = ", ".join(sorted(names.values(), key=str.casefold)[:8]) or "none yet"
    raise ProjectError(f"no case {case!r} in this project", hint=f"cases: {shown}")


def _code_keys(store: Store, code: str) -> list[str]:
    rows: list[CodeRow] = code_sql.codes(store)
    if not any(row.key == code for row in rows):
        raise ProjectError(f"no code '{code}' in the codebook", hint="'qualcode codebook show' lists the codes")
    children: dict[str | None, list[str]] = {}
    for row in rows:
        children.setdefault(row.parent_key, []).append(row.key)
    keys = [code]
    for key in keys:  # grows while iterating: the code with its children, as --code does elsewhere
        keys.extend(children.get(key, []))
    return keys
