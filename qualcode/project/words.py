"""Words that stand out (issue 15): lemma frequencies per case, code, attribute group or speaker role, and keyness
against the rest of the project or general Dutch (use cases of Project, a base class of it).

What is counted: the lemmas of sentences (`sentences.lemmas`, the model's or simplemma's), by default only what
respondents said (not the interviewer's questions, not headers or notes outside turns, never speaker labels, which
are not part of a sentence). Dropped from the counts and from the group sizes: names (see `NameTest`). Stop words
(qualcode.domain.stopwords) count in the group sizes, as every running word does, but are never listed.

Names: `name_tokens` lists the words of every participant's name and label, speaker label, case name and key,
interviewer and `[report] anonymise_names` in qualcode.toml, and every Dutch gemeente and province with their
adjective and inhabitant forms (qualcode.domain.places; places that are also ordinary words, such as Best or Kampen,
are left to count). A name particle (de, van, el) is not a name by itself; it is a stop word where it is frequent. A
surname that is also an ordinary word (De Wit, Bos) is lost as a word: a name topping a list is worse. The pseudonym
key (`qualcode pseudonyms`) adds its people, places and organisations, except those the researcher let stay.

Formulas and thresholds: qualcode.domain.keyness.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from qualcode.domain.attribute_filter import fold
from qualcode.domain.errors import ProjectError
from qualcode.domain.keyness import DEFAULT_FLOOR, DEFAULT_MIN_COUNT, P_0001, key_words
from qualcode.domain.places import dutch_places
from qualcode.domain.stopwords import dutch_stop_words
from qualcode.project.base import ProjectBase
from qualcode.project.choices import ROLE, unknown
from qualcode.storage import cases as case_sql
from qualcode.storage import pseudonyms as key_sql
from qualcode.storage import words as word_sql
from qualcode.storage.store import Store

KEY_KINDS = ("person", "place", "organisation")  # the pseudonym key's kinds that are words of a text
NameTest = Callable[[str], bool]  # True for a lower-case lemma that is (part of) a name and must not be counted
SPEAKERS = ("respondent", "interviewer", "all")
AGAINST = ("rest", "general")
UNKNOWN_GROUP = "onbekend"
NO_CASE_GROUP = "(geen casus)"
INTERVIEWER_GROUP = "interviewer"
DEFAULT_TOP = 20
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")  # words as the lemmatiser cuts them (qualcode.nlp.pipeline)


@dataclass(frozen=True)
class WordRow:
    """A word of a group: its count, its count per 1,000 words of the group, and its keyness when asked for."""

    word: str
    count: int
    per_thousand: float
    reference_count: float | None = None  # in the rest, or per billion words of general Dutch
    g2: float | None = None
    log_ratio: float | None = None


@dataclass(frozen=True)
class WordGroup:
    """One case, code, attribute group or role: its size in counted words and its top words."""

    name: str
    words: int
    rows: tuple[WordRow, ...]


@dataclass(frozen=True)
class WordTable:
    """What `qualcode words` shows: per group its frequent or key words, and how they were chosen."""

    by: str | None  # "case", "code", a case attribute, "rol" or None (the whole project as one group)
    against: str | None  # "rest" or "general" for keyness; None for plain frequencies
    speaker: str
    min_count: int
    threshold: float | None  # the G² a key word reaches (None: every positive word)
    floor: float  # what replaces a reference count of zero in log-ratio
    bonferroni: bool  # the threshold is p < 0.05 over the words each group tests (threshold then ignored)
    groups: tuple[WordGroup, ...]


def name_tokens(names: Iterable[str], *, places: bool = True) -> frozenset[str]:
    """The lower-case words of names, and of places; stop words and particles left out. (A lemmatiser's lemma of a
    name, 'Zwolle' → 'zwellen', goes with its word: counted_lemmas.)"""
    stop = dutch_stop_words()
    forms = list(names)
    common = common_place_words() if places else frozenset()
    if places:
        forms += [form for place in dutch_places() if not place.common_word for form in place.forms]
    tokens: set[str] = set()
    for form in forms:
        for match in _WORD.finditer(form.lower()):
            word = match.group()
            if len(word) < 2 or word in stop or word in common or word.isdigit():
                continue
            tokens.add(word)
    return frozenset(tokens)


def project_name_test(store: Store, names: Sequence[str], extra_names: Iterable[str] = ()) -> NameTest:
    """The project's names (stored, qualcode.toml's), the pseudonym key's people, places and organisations (found
    or confirmed; not those the researcher let stay) and Dutch places as a test; extra_names: any others."""
    tokens = name_tokens([*word_sql.known_names(store), *names, *key_names(store), *extra_names])

    def is_name(lemma: str) -> bool:  # a hyphenated word holding a name is one too (Zeewolde-Noord, Jansen-achtig)
        return lemma in tokens or ("-" in lemma and any(piece in tokens for piece in lemma.split("-")))
    return is_name


def key_names(store: Store) -> list[str]:
    """The real forms of the pseudonym key's people, places and organisations, except those let stay (ignored)."""
    return [record.state.real for record in key_sql.entries(store)
            if record.state.kind in KEY_KINDS and record.state.status != "ignored"]


class WordsUseCases(ProjectBase):
    """`qualcode words` and the words section of a report."""

    def word_names(self) -> NameTest:
        """The test of which lemmas are names (the pseudonym key's real forms join here when it exists)."""
        return project_name_test(self.store, [*self.config.interviewers, *self.config.anonymise_names])

    def words(self, *, by: str | None = None, against: str | None = None, speaker: str = "respondent",
              top: int = DEFAULT_TOP, min_count: int = DEFAULT_MIN_COUNT, threshold: float | None = P_0001,
              bonferroni: bool = False) -> WordTable:
        """Frequent words per group, or with against ('rest', 'general') the key words; see qualcode.project.words."""
        return word_table(self.store, self.word_names(), by=by, against=against, speaker=speaker, top=top,
                          min_count=min_count, threshold=threshold, bonferroni=bonferroni)


def word_table(store: Store, is_name: NameTest, *, by: str | None, against: str | None, speaker: str, top: int,
               min_count: int, threshold: float | None, bonferroni: bool, drop_proper_nouns: bool = False) -> WordTable:
    """Count, group and (with against) compare; the arguments are checked here, with the valid choices.

    drop_proper_nouns (an anonymised report): also leave out every word written only with a capital inside a sentence
    (a neighbourhood, a project's name, an acronym), which may point at a gemeente though no key names it."""
    if speaker not in SPEAKERS:
        unknown("speaker", speaker, SPEAKERS, "--speaker")
    if against is not None and against not in AGAINST:
        unknown("reference", against, AGAINST, "--against")
    if top < 1 or min_count < 1:
        raise ProjectError("--top and --min-count must be at least 1", hint="e.g. --top 20 --min-count 3")
    if against == "rest" and by is None:
        raise ProjectError("keyness against the rest needs groups", hint="add --by case (or code, rol, an attribute),"
                                                                          " or use --against general")
    sentences = [s for s in word_sql.lemma_sentences(store) if _spoken_by(s, speaker)]
    groups = _groups(store, sentences, by, speaker)
    texts = word_sql.document_texts(store)
    counted = counted_lemmas(sentences, texts, is_name)
    if drop_proper_nouns:
        proper = proper_nouns(sentences, texts)
        counted = [lemmas if proper.isdisjoint(lemmas) else [lemma for lemma in lemmas if lemma not in proper]
                   for lemmas in counted]
    stop = dutch_stop_words()
    counts: dict[str, Counter[str]] = {}
    for name, members in groups.items():  # one update per group: Counter counts an iterable in C
        counts[name] = Counter(itertools.chain.from_iterable(counted[index] for index in members))
    sizes = {name: sum(counter.values()) for name, counter in counts.items()}
    # the rest of a group: everything else the speakers said
    total = Counter(itertools.chain.from_iterable(counted)) if against == "rest" else Counter()
    all_words = sum(total.values())
    vocabulary: set[str] = set().union(*counts.values())
    allowed = {word for word in vocabulary if word not in stop and _is_word(word)}
    floor = DEFAULT_FLOOR
    out = []
    for name, counter in counts.items():
        listed = {word: n for word, n in counter.items() if n >= min_count and word in allowed}
        size = sizes[name]
        if against is None:
            rows = tuple(WordRow(word, n, 1000 * n / size) for word, n in
                         sorted(listed.items(), key=lambda item: (-item[1], item[0]))[:top] if n >= min_count)
        else:
            if against == "rest":
                rest_size = all_words - size
                rest: Callable[[str], float] = _rest_of(total, counter)
                reference_size: float = rest_size
            else:
                from qualcode.nlp import general_dutch

                rest, reference_size, floor = general_dutch.reference_count, general_dutch.REFERENCE_SIZE, \
                    general_dutch.floor()
            if size == 0 or reference_size <= 0:
                rows = ()
            else:
                found = key_words(listed, size, rest, reference_size, min_count=min_count, threshold=threshold,
                                  floor=floor, bonferroni=bonferroni)
                rows = tuple(WordRow(k.word, k.count, 1000 * k.count / size, k.reference_count, k.g2, k.log_ratio)
                             for k in found[:top])
        out.append(WordGroup(name, size, rows))
    return WordTable(by, against, speaker, min_count, threshold, floor, bonferroni, tuple(out))


def counted_lemmas(sentences: Sequence[word_sql.LemmaSentence], texts: dict[int, str],
                   is_name: NameTest) -> list[list[str]]:
    """Per sentence, its lemmas without names: a lemma goes when it or the word it stands for is a name, so that a
    name the lemmatiser changed (a model's 'Dijkhaven' → 'dijkhav', simplemma's 'Zwolle' → 'zwellen') still goes.
    Words and lemmas are paired by position when the sentence has as many words as lemmas, else lemmas alone."""
    verdicts: dict[str, bool] = {}
    names: set[str] = set()
    common = common_place_words()
    out: list[list[str]] = []
    for sentence in sentences:
        lemmas = sentence.lemmas.replace("_", "").split()
        text = texts.get(sentence.document_id, "")[sentence.start:sentence.end]
        words = _WORD.findall(text.lower())
        tokens = {*lemmas, *words}
        for token in tokens.difference(verdicts):
            verdicts[token] = flagged = is_name(token)
            if flagged:
                names.add(token)
        placed = set() if common.isdisjoint(words) else _capitalised_places(text, common)
        if tokens.isdisjoint(names) and not placed:
            out.append(lemmas)
        elif len(words) == len(lemmas):
            out.append([lemma for position, (word, lemma) in enumerate(zip(words, lemmas, strict=True))
                        if word not in names and lemma not in names and position not in placed])
        else:
            out.append([lemma for lemma in lemmas if lemma not in names])
    return out


def proper_nouns(sentences: Sequence[word_sql.LemmaSentence], texts: dict[int, str]) -> frozenset[str]:
    """Lemmas whose words are written with a capital wherever they stand inside a sentence (never as its first word,
    where every word has one), and at least once there."""
    capitalised: set[str] = set()
    lower: set[str] = set()
    for sentence in sentences:
        lemmas = sentence.lemmas.replace("_", "").split()
        words = _WORD.findall(texts.get(sentence.document_id, "")[sentence.start:sentence.end])
        if len(words) != len(lemmas):
            continue
        for word, lemma in zip(words[1:], lemmas[1:], strict=True):
            (capitalised if word[:1].isupper() else lower).add(lemma)
    return frozenset(capitalised - lower)


@functools.cache
def common_place_words() -> frozenset[str]:
    """Single-word places that are also ordinary words (Assen, Kampen, Best): names only when capitalised inside a
    sentence, as qualcode.domain.places finds them."""
    return frozenset(form.lower() for place in dutch_places() if place.common_word for form in place.forms
                     if _WORD.fullmatch(form))


def _capitalised_places(text: str, common: frozenset[str]) -> set[int]:
    """Positions of words that are common-word places written with a capital, not as a sentence's first word."""
    return {position for position, word in enumerate(_WORD.findall(text))
            if position > 0 and word[:1].isupper() and word.lower() in common}


def _rest_of(total: Counter[str], mine: Counter[str]) -> Callable[[str], float]:
    """A word's count in every other group together."""
    return lambda word: total[word] - mine[word]


def _is_word(lemma: str) -> bool:
    return len(lemma) > 1 and not lemma.isdigit() and any(ch.isalpha() for ch in lemma)


def _spoken_by(sentence: word_sql.LemmaSentence, speaker: str) -> bool:
    if not sentence.in_turn:
        return False
    if speaker == "all":
        return True
    return bool(sentence.is_interviewer) == (speaker == "interviewer")


def _groups(store: Store, sentences: Sequence[word_sql.LemmaSentence], by: str | None,
            speaker: str) -> dict[str, list[int]]:
    """Per group name, the indexes of its sentences, groups in display order."""
    everything = list(range(len(sentences)))
    if by is None:
        return {"project": everything}
    if by == "case":
        groups: dict[str, list[int]] = {}
        for index, sentence in enumerate(sentences):
            groups.setdefault(sentence.case_name or NO_CASE_GROUP, []).append(index)
        return dict(sorted(groups.items(), key=lambda item: (item[0] == NO_CASE_GROUP, item[0].casefold())))
    if by == "code":
        return _code_groups(store, sentences)
    case_rows = case_sql.cases(store)
    attributes = sorted({a.name for row in case_rows for a in row["attributes"]}, key=str.casefold)
    name = grouping(attributes, by)
    groups = {}
    if name == ROLE:
        for index, sentence in enumerate(sentences):
            role = INTERVIEWER_GROUP if sentence.is_interviewer else (sentence.role or "").strip().lower()
            groups.setdefault(role or UNKNOWN_GROUP, []).append(index)
        return dict(sorted(groups.items(), key=lambda item: (item[0] == UNKNOWN_GROUP, item[0])))
    from qualcode.analysis.corpus import value_labels

    labels_of = {row["name"]: next((value_labels(a.value) for a in row["attributes"] if a.name == name), ())
                 for row in case_rows}
    for index, sentence in enumerate(sentences):
        if sentence.case_name is None:
            continue
        for label in labels_of.get(sentence.case_name, ()) or (UNKNOWN_GROUP,):
            groups.setdefault(label, []).append(index)
    return dict(sorted(groups.items(), key=lambda item: (item[0] == UNKNOWN_GROUP, item[0].casefold())))


def grouping(attributes: Sequence[str], by: str) -> str:
    """ROLE for rol/role, else the case attribute by names as the cases spell it; a typo is an error that names the
    closest of case, code, rol and the attributes."""
    if by.casefold() in (ROLE, "role"):
        return ROLE
    for known in attributes:
        if fold(known) == fold(by):
            return known
    unknown("grouping", by, ["case", "code", ROLE, *attributes], "--by",
            see="'qualcode cases show' lists the case attributes")


def _code_groups(store: Store, sentences: Sequence[word_sql.LemmaSentence]) -> dict[str, list[int]]:
    """Per code (in codebook order), the sentences that a coding of it touches."""
    from qualcode.storage.codes import codes

    by_document: dict[int, list[int]] = {}
    for index, sentence in enumerate(sentences):
        by_document.setdefault(sentence.document_id, []).append(index)
    starts = {document: [sentences[i].start for i in indexes] for document, indexes in by_document.items()}
    groups: dict[str, list[int]] = {}
    for key, documents in word_sql.coded_spans_by_code(store).items():
        chosen: set[int] = set()
        for document, spans in documents.items():
            indexes = by_document.get(document, [])
            for start, end in spans:
                first = max(bisect.bisect_right(starts.get(document, []), start) - 1, 0)
                for position in range(first, len(indexes)):
                    sentence = sentences[indexes[position]]
                    if sentence.start >= end:
                        break
                    if sentence.end > start:
                        chosen.add(indexes[position])
        if chosen:
            groups[key] = sorted(chosen)
    order = [code.key for code in codes(store)]
    return {key: groups[key] for key in order if key in groups}
