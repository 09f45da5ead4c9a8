"""Counts in plain Python: passages per case and code, cases per attribute group, and each code's counts.

The synthesis, the appendix and their charts count with these, so that a report does not load pandas (a third of a
second from the shell); the pandas tables of analysis.matrix wrap the same functions. Every passage is counted by
domain.passages, the one definition of what a matrix cell counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qualcode.analysis.corpus import NO_CASE, UNKNOWN, CodedCorpus
from qualcode.domain.passages import counted_passages, passage_counts

ROLE = "rol"
# Groups whose labels have a natural order; other labels sort numerically or alphabetically.
ORDERED_LABELS = (("klein", "middelgroot", "groot"), ("ja", "nee"))


def cell_counts(corpus: CodedCorpus, code_type: str | None = None,
                rollup: bool = False) -> tuple[bool, dict[tuple[str, str], int]]:
    """Passages per (case, column) and whether any coding lies outside every case (its case is '(geen casus)').

    A column is a code key; with code_type only that type's codings count; with rollup a coding counts for its
    code and every ancestor (codes missing from the codebook then count nowhere). Counted once per corpus: a
    synthesis, its charts and an appendix ask for the same counts.
    """
    memo_key = f"cell_counts:{code_type}:{rollup}"
    memo = corpus._memo.get(memo_key)
    if isinstance(memo, tuple):
        return memo
    wanted = {code.key for code in corpus.codes if code.type == code_type} if code_type is not None else None
    paths = corpus.tree.paths
    outside = False
    rows = []
    for p in corpus.passages:
        if wanted is not None and p.code_key not in wanted:
            continue
        columns = paths.get(p.code_key, ()) if rollup else (p.code_key,)
        if not columns:
            continue
        case = p.case_name if p.case_name is not None else NO_CASE
        outside = outside or case == NO_CASE
        rows += [((case, column), p.document_guid, p.start, p.end) for column in columns]
    found = corpus._memo[memo_key] = (outside, passage_counts(rows))
    return found


def matrix_columns(corpus: CodedCorpus, code_type: str | None = None, rollup: bool = False) -> list[str]:
    """The columns of a cases × codes matrix: typed codes (of code_type) in tree order; with rollup also the themes
    that hold such codes (an empty column would say nothing)."""
    typed = [code.key for code in corpus.codes if code.type is not None and code_type in (None, code.type)]
    if not rollup:
        return typed
    tree = corpus.tree
    wanted = set(typed)
    return [code.key for code in corpus.codes if code.key in wanted
            or (code.type is None and any(key in wanted for key in tree.descendants(code.key)))]


def crosstab_counts(corpus: CodedCorpus, by: str, *, code_type: str | None = None,
                    rollup: bool = False) -> dict[str, dict[str, int]]:
    """Per matrix column and group of cases (group_sizes' order): how many cases of the group have the code.

    Groups are the labels of the case attribute `by`; a case with a list value counts in each of its groups and one
    without a value under 'onbekend'. by="rol" groups by the role of the respondent who said the passage
    (interviewer passages left out; a case counts once per role). Every column and group is present.
    """
    groups = list(group_sizes(corpus, by))
    wanted = {code.key for code in corpus.codes if code.type == code_type} if code_type is not None else None
    paths = corpus.tree.paths
    by_role = by.casefold() == ROLE
    membership = {} if by_role else _membership(corpus, by)
    present: set[tuple[str, str, str]] = set()  # (column, case, group)
    for p in corpus.passages:
        case = p.case_name if p.case_name is not None else NO_CASE
        if case == NO_CASE or (wanted is not None and p.code_key not in wanted) or (by_role and p.is_interviewer):
            continue
        columns = paths.get(p.code_key, ()) if rollup else (p.code_key,)
        for group in (_role(p.role),) if by_role else membership.get(case, ()):
            present.update((column, case, group) for column in columns)
    counted = Counter((column, group) for column, _, group in present)
    return {column: {group: counted[(column, group)] for group in groups}
            for column in matrix_columns(corpus, code_type, rollup)}


def group_sizes(corpus: CodedCorpus, by: str) -> dict[str, int]:
    """Cases (with documents) per group of attribute `by`, or per respondent role for 'rol'; in display order."""
    if by.casefold() == ROLE:
        pairs = _role_membership(corpus)
    else:
        pairs = {(case, group) for case, groups in _membership(corpus, by).items() for group in groups}
    sizes = Counter(group for _, group in pairs)
    return {group: sizes[group] for group in sorted(sorted(sizes), key=group_order)}


def _role_membership(corpus: CodedCorpus) -> set[tuple[str, str]]:
    """(case, role) for every respondent in a case's documents and every respondent passage in a case."""
    pairs = {(d.case_name, _role(role)) for d in corpus.documents if d.case_name
             for _, role, interviewer in d.participants if not interviewer}
    # A passage may carry a role that no participant list names (a speaker label in the text): count it too.
    pairs.update((p.case_name, _role(p.role)) for p in corpus.passages
                 if not p.is_interviewer and p.case_name is not None)
    return pairs


def _membership(corpus: CodedCorpus, by: str) -> dict[str, tuple[str, ...]]:
    """Each case with documents and its group labels for attribute `by` ('onbekend' without a value)."""
    found = {}
    for name in corpus.case_names():
        case = corpus.case(name)
        labels = case.labels(by) if case is not None else ()
        found[name] = tuple(dict.fromkeys(labels or (UNKNOWN,)))
    return found


def _role(role: object) -> str:
    text = str(role).strip().lower() if isinstance(role, str) else ""
    return text or UNKNOWN


def group_order(label: str) -> tuple[int, int, float, str]:
    """Sort key of group labels: known scales in their order, then numbers, then text, 'onbekend' last."""
    lowered = label.casefold()
    if lowered == UNKNOWN:
        return (2, 0, 0.0, lowered)
    for sequence in ORDERED_LABELS:
        if lowered in sequence:
            return (0, sequence.index(lowered), 0.0, lowered)
    try:
        return (0, 0, float(lowered.replace(",", ".")), lowered)
    except ValueError:
        return (1, 0, 0.0, lowered)


@dataclass(frozen=True)
class CodeCount:
    """The codings, passages (domain.passages), documents and cases of a code (or of a type, or a code with all its
    descendants)."""

    codings: int
    passages: int
    documents: int
    cases: int


def group_counts(corpus: CodedCorpus, groups_of: Mapping[str, Sequence[int]], n: int) -> list[CodeCount]:
    """Counts per group 0..n-1: each passage counts in the groups its code key has in groups_of (none: nowhere).

    A passage in two groups counts in each; within a group, overlapping codings of one document are one passage.
    """
    passages = corpus.passages
    document_ids = {guid: i for i, guid in enumerate(dict.fromkeys(p.document_guid for p in passages))}
    no_groups: tuple[int, ...] = ()
    # Comprehensions over 20,000 passages: a loop with appends took twice as long.
    rows = [(group, document_ids[p.document_guid], p.start, p.end)
            for p in passages for group in groups_of.get(p.code_key, no_groups)]
    cases = {(group, p.case_name) for p in passages if p.case_name is not None
             for group in groups_of.get(p.code_key, no_groups)}
    codings = Counter(row[0] for row in rows)
    in_documents = Counter(group for group, _ in {(row[0], row[1]) for row in rows})
    in_cases = Counter(group for group, _ in cases)
    passages_per_group = counted_passages(rows, n)  # sorts rows: counted after the others
    return [CodeCount(codings[i], passages_per_group[i], in_documents[i], in_cases[i]) for i in range(n)]


def code_counts(corpus: CodedCorpus) -> dict[str, tuple[CodeCount, CodeCount]]:
    """Per code in tree order: its own counts, and those with all its descendants (a passage coded with two child
    codes once). Codings of codes missing from the codebook count nowhere."""
    memo = corpus._memo.get("code_counts")
    if isinstance(memo, dict):
        return memo
    tree = corpus.tree
    order = tree.order
    n = len(tree.keys)
    own = group_counts(corpus, {key: (position,) for key, position in order.items()}, n)
    rolled = group_counts(corpus, {key: tuple(order[code] for code in path) for key, path in tree.paths.items()}, n)
    found: dict[str, tuple[CodeCount, CodeCount]] = {}
    for i, key in enumerate(tree.keys):
        found.setdefault(key, (own[i], rolled[i]))
    corpus._memo["code_counts"] = found
    return found


def code_types(corpus: CodedCorpus) -> list[str]:
    """The code types in display order: the declared ones, then those only codes name, sorted."""
    kinds = [t.key for t in corpus.types]
    return kinds + sorted({code.type for code in corpus.codes if code.type is not None and code.type not in kinds})


def type_counts(corpus: CodedCorpus) -> dict[str, CodeCount]:
    """Per code type (code_types' order): the counts of its codes together (a passage coded with two codes of the
    type once)."""
    kinds = code_types(corpus)
    position = {kind: i for i, kind in enumerate(kinds)}
    first_type: dict[str, str | None] = {}
    for code in corpus.codes:  # a key given twice in a damaged codebook counts as its first code
        first_type.setdefault(code.key, code.type)
    type_of = {key: (position[kind],) for key, kind in first_type.items() if kind}
    return dict(zip(kinds, group_counts(corpus, type_of, len(kinds)), strict=True))
