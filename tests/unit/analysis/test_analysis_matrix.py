"""Case x code matrices (count, presence, n van N, roll-up) and crosstabs by attribute and by role."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from qualcode.analysis import NO_CASE, CodedCorpus, case_code_matrix, crosstab, group_sizes

TYPED = ["routekaart", "capaciteit", "geld", "ambitie", "regio", "netbeheer"]


def rows(table: pd.DataFrame) -> dict[str, list[object]]:
    return {str(case): list(values) for case, values in zip(table.index, table.to_numpy().tolist(), strict=True)}


def test_counts_are_distinct_passages_per_case_and_typed_code(corpus: CodedCorpus) -> None:
    table = case_code_matrix(corpus)
    assert list(table.columns) == TYPED
    # Zuiderveen has no documents; d4 has no case, so its regio passage gets the '(geen casus)' row.
    assert rows(table) == {
        "Amstelhoven": [0, 1, 0, 1, 1, 0],
        # routekaart: p1 = p3 (two coders) and p9; geld: p4 lies inside p2, one passage; regio: p5 and p6 overlap
        # (one passage), p7 is another
        "Westerbroek": [2, 1, 1, 1, 2, 0],
        NO_CASE: [0, 0, 0, 0, 1, 0],
    }


def test_no_row_for_codings_outside_cases_when_there_are_none(corpus: CodedCorpus) -> None:
    without = replace(corpus, passages=tuple(p for p in corpus.passages if p.case_name is not None))
    assert list(case_code_matrix(without).index) == ["Amstelhoven", "Westerbroek"]


def test_presence_gives_booleans(corpus: CodedCorpus) -> None:
    table = case_code_matrix(corpus, value="presence")
    assert table.dtypes.unique().tolist() == [bool]
    assert rows(table)["Amstelhoven"] == [False, True, False, True, True, False]


def test_n_of_n_adds_a_row_whose_total_leaves_out_cases_without_documents(corpus: CodedCorpus) -> None:
    table = case_code_matrix(corpus, value="n_of_n")
    assert list(table.index) == ["Amstelhoven", "Westerbroek", NO_CASE, "n van N"]
    # N = 2: Zuiderveen (no documents) and '(geen casus)' are not cases of the study.
    assert rows(table)["n van N"] == ["1 van 2", "2 van 2", "1 van 2", "2 van 2", "2 van 2", "0 van 2"]
    assert rows(table)["Westerbroek"] == [2, 1, 1, 1, 2, 0]


def test_code_type_keeps_one_type(corpus: CodedCorpus) -> None:
    assert list(case_code_matrix(corpus, code_type="barrier").columns) == ["routekaart", "capaciteit", "geld"]
    assert list(case_code_matrix(corpus, code_type="condition").columns) == ["netbeheer"]


def test_rollup_adds_themes_and_counts_descendants_once(corpus: CodedCorpus) -> None:
    table = case_code_matrix(corpus, rollup=True)
    assert list(table.columns) == ["beleid", "routekaart", "capaciteit", "geld", "ambitie", "samen", "regio",
                                   "netbeheer"]
    # Westerbroek routekaart: p1 (= p3), p9, p2 (capaciteit and geld on one span, p4 inside): 3 passages, not 5.
    assert rows(table)["Westerbroek"] == [4, 3, 1, 1, 1, 2, 2, 0]
    assert rows(table)["Amstelhoven"] == [2, 1, 1, 0, 1, 1, 1, 0]
    barriers = case_code_matrix(corpus, rollup=True, code_type="barrier")
    # Only barrier codes roll up; the theme without barriers (samen) is left out.
    assert list(barriers.columns) == ["beleid", "routekaart", "capaciteit", "geld"]
    assert rows(barriers)["Westerbroek"] == [3, 3, 1, 1]


def test_crosstab_by_a_text_attribute_counts_cases_with_documents_only(corpus: CodedCorpus) -> None:
    table = crosstab(corpus, "provincie")
    assert list(table.columns) == ["Groningen", "Noord-Holland"]
    assert list(table.index) == TYPED
    assert rows(table)["capaciteit"] == [1, 1]
    assert rows(table)["routekaart"] == [1, 0]
    # Zuiderveen (Groningen, no documents) is not counted in the group.
    assert table.attrs["group_sizes"] == {"Groningen": 1, "Noord-Holland": 1}
    assert group_sizes(corpus, "provincie") == {"Groningen": 1, "Noord-Holland": 1}


def test_crosstab_by_a_multi_valued_attribute_counts_a_case_in_each_value(corpus: CodedCorpus) -> None:
    table = crosstab(corpus, "speerpunten")
    assert table.attrs["group_sizes"] == {"energie": 2, "wonen": 1}
    assert rows(table)["regio"] == [2, 1]
    assert rows(table)["geld"] == [1, 1]  # Westerbroek is in both groups
    assert rows(table)["ambitie"] == [2, 1]


def test_crosstab_puts_missing_values_under_onbekend_and_orders_known_scales(corpus: CodedCorpus) -> None:
    attitude = crosstab(corpus, "houding")
    assert attitude.attrs["group_sizes"] == {"actief": 1, "onbekend": 1}
    assert rows(attitude)["capaciteit"] == [1, 1]
    size = crosstab(corpus, "Grootteklasse")  # attribute names match case-insensitively
    assert list(size.columns) == ["klein", "groot"]
    assert list(crosstab(corpus, "g40").columns) == ["ja", "nee"]
    assert rows(crosstab(corpus, "g40"))["routekaart"] == [0, 1]


def test_crosstab_by_role_counts_cases_per_respondent_role(corpus: CodedCorpus) -> None:
    table = crosstab(corpus, "rol")
    # 'Wethouder' (Amstelhoven) and 'wethouder' (Westerbroek) are one role; the interviewer's role is no group.
    assert list(table.columns) == ["beleidsadviseur", "wethouder"]
    assert table.attrs["group_sizes"] == {"beleidsadviseur": 2, "wethouder": 2}
    assert rows(table) == {
        "routekaart": [1, 1],  # Bram (beleidsadviseur) and Anna (wethouder), both in Westerbroek
        "capaciteit": [0, 2],
        "geld": [0, 1],
        "ambitie": [2, 0],
        "regio": [0, 2],  # p7 by the interviewer does not count; p13 lies outside any case
        "netbeheer": [0, 0],
    }
