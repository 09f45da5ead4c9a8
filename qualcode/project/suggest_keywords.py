"""The `keywords` suggestion source: a code's keywords and its name found in respondents' sentences, by lemma.

It asks what `qualcode search --compounds` asks (qualcode.project.search: the FTS5 lemma index of m006 and the
compound splitter of qualcode.nlp.compounds), once per keyword, so a keyword matches exactly what a search for it
finds:

- a word matches every form of its lemma (``vaststellen``: vastgesteld, stelt … vast when the lemmatiser joins it)
  and every compound that holds it as a part (``subsidie``: rijkssubsidie, subsidieregeling);
- several words are a phrase: those lemmas next to each other (``stip op de horizon``);
- ``*`` and ``?`` are wildcards within a word (``subsidie*``, ``*subsidie``);
- ``/…/`` is a regular expression, searched case-insensitively in the sentence's text as written.

The code's name counts as one more phrase (short names such as "Netcongestie" match; long ones rarely do). Only
sentences of respondents' turns are looked at: not the interviewer's questions, not headers or speaker labels.
Codes that can be applied are suggested (those with a type, and themes without children), as in the code picker.
A sentence gets a code once, scored by how many of the code's keywords it holds (domain.suggestions.keyword_score).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from qualcode.domain.errors import ProjectError
from qualcode.domain.search_query import SearchQueryError, parse_query
from qualcode.domain.suggestions import keyword_score
from qualcode.project.search import query_alternatives, query_spans  # the one lemma matcher, shared with search
from qualcode.storage import search as search_sql
from qualcode.storage import suggestions as suggestion_sql
from qualcode.storage.documents import document_text
from qualcode.storage.records import CodeRow
from qualcode.storage.store import Store
from qualcode.storage.suggestions import NewSuggestion, RespondentSentence

SOURCE = "keywords"
MAX_EVIDENCE = 5  # matching keywords kept with a suggestion, to show why it was made


def suggestable(codes: Sequence[CodeRow]) -> list[CodeRow]:
    """The codes a coder can apply: with a type, or without children (a theme with children is a folder)."""
    parents = {code.parent_key for code in codes if code.parent_key}
    return [code for code in codes if code.type is not None or code.key not in parents]


def keyword_suggestions(store: Store, codes: Sequence[CodeRow], document_guids: Sequence[str]) -> list[NewSuggestion]:
    """The source's suggestions for these codes in these documents' respondent sentences, sentence by sentence.

    The evidence kept with a suggestion is the code's keywords that the sentence holds."""
    sentences = {s.sentence_id: s for s in suggestion_sql.respondent_sentences(store, sorted(set(document_guids)))}
    texts: dict[str, str] = {}
    found: dict[tuple[int, str], list[str]] = {}  # sentence id and code → the terms that matched
    for code in codes:
        for term, is_name in _terms(code):
            if _is_regex(term) and not is_name:
                matched = _regex_matches(store, _compile(term, code.key), sentences.values(), texts)
            else:
                matched = _lemma_matches(store, term, code.key, sentences, texts, is_name=is_name)
            for sentence_id in matched:
                found.setdefault((sentence_id, code.key), []).append(term)
    made = []
    for (sentence_id, key), terms in sorted(found.items()):  # sentence ids grow through each document
        sentence = sentences[sentence_id]
        made.append(NewSuggestion(sentence.document_guid, sentence.start, sentence.end, key,
                                  keyword_score(len(terms)), "; ".join(terms[:MAX_EVIDENCE])))
    return made


def _terms(code: CodeRow) -> list[tuple[str, bool]]:
    """The code's keywords, then its name (True: the name, which need not be a valid query)."""
    terms = [(keyword.strip(), False) for keyword in code.keywords if keyword.strip()]
    name = code.name.strip()
    if name and name.casefold() not in {term.casefold() for term, _ in terms}:
        terms.append((name, True))
    return terms


def _is_regex(term: str) -> bool:
    return len(term) > 2 and term.startswith("/") and term.endswith("/")


def _compile(term: str, code_key: str) -> re.Pattern[str]:
    try:
        return re.compile(term[1:-1], re.IGNORECASE)
    except re.error as error:
        raise ProjectError(f"the keyword {term} of code '{code_key}' is not a valid regular expression ({error})",
                           hint="fix it in the codebook and load it again; /…/ holds a Python regular "
                                "expression") from None


def _lemma_matches(store: Store, term: str, code_key: str, sentences: Mapping[int, RespondentSentence],
                   texts: dict[str, str], *, is_name: bool) -> set[int]:
    """The respondent sentences holding the term: the index answers for a word; a phrase is checked word by word."""
    try:
        parsed = parse_query(term)
    except SearchQueryError as error:
        if is_name:
            return set()  # a name of many words or of signs only is not a phrase anyone says
        raise ProjectError(f"the keyword {term!r} of code '{code_key}' cannot be searched for: {error.message}",
                           hint="fix it in the codebook and load it again") from None
    matched: set[int] = set()
    for words, groups in query_alternatives(store, parsed, True):
        if any(not group for group in groups):
            continue  # a wildcard that matches no indexed word
        if len(words) == 1:
            found = suggestion_sql.indexed_sentence_ids(store, search_sql.match_expression(groups))
            matched |= found & sentences.keys()
            continue
        rows = [row for row in search_sql.matching_sentences(store, groups) if row.sentence_id in sentences]
        missing = {row.document_id: row.document_guid for row in rows if row.document_guid not in texts}
        if missing:
            for document_id, text in search_sql.document_texts(store, missing).items():
                texts[missing[document_id]] = text
        matched.update(row.sentence_id for row in rows if query_spans(texts[row.document_guid], row, words))
    return matched


def _regex_matches(store: Store, pattern: re.Pattern[str], sentences: Iterable[RespondentSentence],
                   texts: dict[str, str]) -> set[int]:
    matched: set[int] = set()
    for sentence in sentences:
        text = texts.get(sentence.document_guid)
        if text is None:
            text = texts[sentence.document_guid] = document_text(store, sentence.document_guid)
        found = pattern.search(text, sentence.start, sentence.end)
        if found is not None and found.end() > found.start():
            matched.add(sentence.sentence_id)
    return matched
