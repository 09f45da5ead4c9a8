"""Cases x codes: counts, presence and 'n van N', and codes by groups of cases (crosstab by attribute or role)."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from qualcode.analysis.corpus import NO_CASE, UNKNOWN, CodedCorpus
from qualcode.domain.passages import passage_counts

ROLE = "rol"
N_OF_N = "n van N"
# Groups whose labels have a natural order; other labels sort numerically or alphabetically.
ORDERED_LABELS = (("klein", "middelgroot", "groot"), ("ja", "nee"))


def case_code_matrix(corpus: CodedCorpus, *, value: Literal["count", "presence", "n_of_n"] = "count",
                     code_type: str | None = None, rollup: bool = False) -> pd.DataFrame:
    """Rows: cases with documents (and '(geen casus)' if codings lie outside any case); columns: code keys.

    A cell holds the passages of the code in the case as domain.passages defines them (the one definition every
    matrix and report shares): overlapping codings of the code in one document are one passage, whoever coded them.
    Columns are the typed codes (or only those of code_type) in tree order;
    with rollup themes join them and every column counts its code with all descendants of the chosen type(s).
    value="presence" gives booleans; "n_of_n" keeps the counts and adds a last row 'n van N' ('5 van 8').
    """
    columns = _columns(corpus, code_type, rollup)
    cases = corpus.case_names()
    # A synthesis, its charts and an appendix ask for the same counts: counted once per corpus.
    memo_key = f"cell_counts:{code_type}:{rollup}"
    memo = corpus._memo.get(memo_key)
    if not isinstance(memo, tuple):
        rows = _coded_rows(corpus, code_type, rollup)
        memo = corpus._memo[memo_key] = (bool((rows["case"] == NO_CASE).any()), cell_counts(rows))
    outside, counts = memo
    row_labels = cases + ([NO_CASE] if outside else [])
    matrix = pd.DataFrame([[counts.get((case, key), 0) for key in columns] for case in row_labels],
                          index=row_labels, columns=columns, dtype="int64")
    matrix.index.name, matrix.columns.name = "case", "code"
    if value == "presence":
        return matrix > 0
    if value == "n_of_n":
        present = (matrix.loc[cases] > 0).sum()
        out = matrix.astype(object)
        out.loc[N_OF_N] = [f"{int(present[key])} van {len(cases)}" for key in columns]
        return out
    return matrix


def cell_counts(rows: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Passages per (case, column) of the coded rows (see _coded_rows), counted by domain.passages."""
    return passage_counts(zip(zip(rows["case"].tolist(), rows["column"].tolist(), strict=True),
                              rows["doc"].tolist(), rows["start"].tolist(), rows["end"].tolist(), strict=True))


def crosstab(corpus: CodedCorpus, by: str, *, code_type: str | None = None, rollup: bool = False) -> pd.DataFrame:
    """Per code (rows) and group of cases (columns): how many cases in the group have the code.

    Groups are the labels of the case attribute `by` among cases with documents; a case with a list value
    counts in each of its groups and one without a value under 'onbekend'. by="rol" groups by the role of the
    respondent who said the passage (interviewer passages left out; a case counts once per role). The number
    of cases per group is in df.attrs["group_sizes"] (also group_sizes()).
    """
    rows = _coded_rows(corpus, code_type, rollup)
    rows = rows[rows["case"] != NO_CASE]
    if by.casefold() == ROLE:
        rows = rows[~rows["interviewer"]]
        members = rows.assign(group=_roles(rows["role"]))[["column", "case", "group"]]
        present = members.drop_duplicates()
    else:
        membership = _membership(corpus, by)
        present = rows[["column", "case"]].drop_duplicates().merge(membership, on="case")
    sizes = group_sizes(corpus, by)
    groups = list(sizes)
    columns = _columns(corpus, code_type, rollup)
    counts = present.groupby(["column", "group"])["case"].nunique().unstack(fill_value=0) if not present.empty \
        else pd.DataFrame()
    table = counts.reindex(index=columns, columns=groups, fill_value=0).fillna(0).astype("int64")
    table.index.name, table.columns.name = "code", by
    table.attrs["group_sizes"] = sizes
    return table


def group_sizes(corpus: CodedCorpus, by: str) -> dict[str, int]:
    """Cases (with documents) per group of attribute `by`, or per respondent role for 'rol'; in display order."""
    membership = _role_membership(corpus) if by.casefold() == ROLE else _membership(corpus, by)
    sizes = membership.groupby("group")["case"].nunique()
    return {str(group): int(sizes[group]) for group in sorted(sizes.index, key=_group_order)}


def _role_membership(corpus: CodedCorpus) -> pd.DataFrame:
    """(case, role) for every respondent in a case's documents and every respondent passage in a case."""
    pairs = {(d.case_name, _role(role)) for d in corpus.documents if d.case_name
             for _, role, interviewer in d.participants if not interviewer}
    frame = corpus._index.frame
    # A passage may carry a role that no participant list names (a speaker label in the text): count it too.
    spoken = frame.loc[~frame["interviewer"] & frame["case"].notna(), ["case", "role"]].drop_duplicates()
    listed = pd.DataFrame(sorted(pairs), columns=["case", "group"])
    said = pd.DataFrame({"case": spoken["case"], "group": _roles(spoken["role"])})
    return pd.concat([listed, said], ignore_index=True).drop_duplicates()


def _membership(corpus: CodedCorpus, by: str) -> pd.DataFrame:
    pairs = []
    for name in corpus.case_names():
        case = corpus.case(name)
        labels = case.labels(by) if case is not None else ()
        pairs += [(name, label) for label in dict.fromkeys(labels or (UNKNOWN,))]
    return pd.DataFrame(pairs, columns=["case", "group"])


def _coded_rows(corpus: CodedCorpus, code_type: str | None, rollup: bool) -> pd.DataFrame:
    """Codings with the matrix column they count in ('column') and '(geen casus)' for no case."""
    index = corpus._index
    frame = index.frame
    if code_type is not None:
        wanted = {code.key for code in corpus.codes if code.type == code_type}
        frame = frame[frame["code"].isin(wanted)]
    if rollup:
        frame = frame.merge(index.lineage, on="code").rename(columns={"ancestor": "column"})
    else:
        frame = frame.assign(column=frame["code"])
    return frame.assign(case=frame["case"].fillna(NO_CASE))


def _columns(corpus: CodedCorpus, code_type: str | None, rollup: bool) -> list[str]:
    typed = [code.key for code in corpus.codes if code.type is not None and code_type in (None, code.type)]
    if not rollup:
        return typed
    index = corpus._index
    wanted = set(typed)
    # Themes only when they hold codes of the chosen type(s): an empty column would say nothing.
    return [code.key for code in corpus.codes if code.key in wanted
            or (code.type is None and any(key in wanted for key in index.descendants(code.key)))]


def _roles(roles: pd.Series) -> pd.Series:
    """Roles as group labels, each distinct role normalised once (thousands of passages share a few roles)."""
    filled = roles.fillna("")
    return filled.map({role: _role(role) for role in filled.unique()})


def _role(role: object) -> str:
    text = str(role).strip().lower() if isinstance(role, str) else ""
    return text or UNKNOWN


def _group_order(label: str) -> tuple[int, int, float, str]:
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
