"""Cases x codes: counts, presence and 'n van N', and codes by groups of cases (crosstab by attribute or role), as
DataFrames for the tables; the counts themselves are analysis.counts' (plain Python, shared with the reports)."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from qualcode.analysis.corpus import NO_CASE, CodedCorpus
from qualcode.analysis.counts import cell_counts, crosstab_counts, group_sizes, matrix_columns

N_OF_N = "n van N"

__all__ = ["N_OF_N", "case_code_matrix", "crosstab", "group_sizes"]


def case_code_matrix(corpus: CodedCorpus, *, value: Literal["count", "presence", "n_of_n"] = "count",
                     code_type: str | None = None, rollup: bool = False) -> pd.DataFrame:
    """Rows: cases with documents (and '(geen casus)' if codings lie outside any case); columns: code keys.

    A cell holds the passages of the code in the case as domain.passages defines them (the one definition every
    matrix and report shares): overlapping codings of the code in one document are one passage, whoever coded them.
    Columns are the typed codes (or only those of code_type) in tree order;
    with rollup themes join them and every column counts its code with all descendants of the chosen type(s).
    value="presence" gives booleans; "n_of_n" keeps the counts and adds a last row 'n van N' ('5 van 8').
    """
    columns = matrix_columns(corpus, code_type, rollup)
    cases = corpus.case_names()
    outside, counts = cell_counts(corpus, code_type, rollup)
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


def crosstab(corpus: CodedCorpus, by: str, *, code_type: str | None = None, rollup: bool = False) -> pd.DataFrame:
    """Per code (rows) and group of cases (columns): how many cases in the group have the code.

    Groups are the labels of the case attribute `by` among cases with documents; a case with a list value
    counts in each of its groups and one without a value under 'onbekend'. by="rol" groups by the role of the
    respondent who said the passage (interviewer passages left out; a case counts once per role). The number
    of cases per group is in df.attrs["group_sizes"] (also group_sizes()).
    """
    counts = crosstab_counts(corpus, by, code_type=code_type, rollup=rollup)
    sizes = group_sizes(corpus, by)
    groups = list(sizes)
    table = pd.DataFrame([[row[group] for group in groups] for row in counts.values()],
                         index=pd.Index(list(counts), dtype=object), columns=pd.Index(groups, dtype=object),
                         dtype="int64")
    table.index.name, table.columns.name = "code", by
    table.attrs["group_sizes"] = sizes
    return table
