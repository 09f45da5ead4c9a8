"""Code, type and theme frequencies on the hand-built corpus: roll-ups count a passage once, words their union."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from qualcode.analysis import CodedCorpus, code_frequencies, theme_frequencies, type_frequencies

ORDER = ["beleid", "routekaart", "capaciteit", "geld", "ambitie", "samen", "regio", "netbeheer"]


def row(table: pd.DataFrame, key: str) -> list[object]:
    return list(table.to_dict("index")[key].values())


def column(table: pd.DataFrame, name: str) -> dict[str, int]:
    return {str(key): int(value) for key, value in table[name].items()}


def test_codes_come_in_tree_order_with_their_place_in_the_tree(corpus: CodedCorpus) -> None:
    table = code_frequencies(corpus)
    assert list(table.index) == ORDER
    assert table.loc["capaciteit", "theme"] == "beleid"
    assert table.loc["capaciteit", "depth"] == 2
    assert table.loc["regio", "theme"] == "samen"
    assert table.loc["beleid", "type"] is None
    assert table.loc["geld", "type"] == "barrier"
    assert table.loc["ambitie", "name"] == "Ambitie van de raad"


def test_own_counts_treat_two_coders_on_one_passage_as_one_passage(corpus: CodedCorpus) -> None:
    table = code_frequencies(corpus)
    # routekaart: p1 and p3 (the same span by mira and joost) and p9.
    assert column(table, "codings")["routekaart"] == 3
    assert column(table, "passages")["routekaart"] == 2
    assert column(table, "documents") == {"beleid": 0, "routekaart": 2, "capaciteit": 2, "geld": 1, "ambitie": 2,
                                          "samen": 0, "regio": 3, "netbeheer": 0}
    # The document without a case (d4) adds a document to regio but no case.
    assert column(table, "cases") == {"beleid": 0, "routekaart": 1, "capaciteit": 2, "geld": 1, "ambitie": 2,
                                      "samen": 0, "regio": 2, "netbeheer": 0}


def test_roll_up_counts_a_passage_with_two_child_codes_once(corpus: CodedCorpus) -> None:
    table = code_frequencies(corpus)
    # p2 is coded with capaciteit and geld, and p4 lies inside p2: 3 + 2 + 2 codings but 4 passages (p1=p3, p9,
    # p2 with p4, p10), not 6.
    assert column(table, "codings_total")["routekaart"] == 7
    assert column(table, "passages_total")["routekaart"] == 4
    assert column(table, "passages_total")["beleid"] == 6  # and ambitie's p8 and p12
    assert column(table, "codings_total")["beleid"] == 9
    assert column(table, "documents_total")["routekaart"] == 3
    assert column(table, "cases_total") == {"beleid": 2, "routekaart": 2, "capaciteit": 2, "geld": 1, "ambitie": 2,
                                            "samen": 2, "regio": 2, "netbeheer": 0}
    # A leaf rolls up to itself; an unused code is there with zeros.
    assert column(table, "passages_total")["geld"] == column(table, "passages")["geld"] == 1  # p4 inside p2
    assert [column(table, name)["netbeheer"] for name in ("codings", "codings_total", "words_total")] == [0, 0, 0]


def test_words_count_the_union_of_overlapping_spans(corpus: CodedCorpus) -> None:
    words = column(code_frequencies(corpus), "words")
    # geld: p4 (7 words) lies inside p2 (16 words): 16, not 23.
    assert words["geld"] == 16
    # regio: p5 (6) and p6 (7) share 'in de regio': 10 together; p7 6, p11 6, p13 7.
    assert words["regio"] == 10 + 6 + 6 + 7
    # routekaart: p1 and p3 are the same 5 words; p9 has 12.
    assert words["routekaart"] == 17
    assert words["capaciteit"] == 16 + 11


def test_words_total_unites_the_spans_of_a_code_and_its_descendants(corpus: CodedCorpus) -> None:
    totals = column(code_frequencies(corpus), "words_total")
    # routekaart: d1 p1 (5) + p2 (16, p4 inside it), d2 p9 (12), d3 p10 (11).
    assert totals["routekaart"] == 44
    assert totals["beleid"] == 44 + 9 + 5
    assert totals["samen"] == 29


def test_type_frequencies_count_passages_once_per_type(corpus: CodedCorpus) -> None:
    table = type_frequencies(corpus)
    assert list(table.index) == ["barrier", "opportunity", "condition"]
    assert table.loc["barrier", "label"] == "belemmering"
    assert row(table, "barrier") == ["belemmering", 3, 3, 7, 4, 3, 2, 44]
    assert row(table, "opportunity") == ["kans", 2, 2, 7, 6, 4, 2, 43]  # regio's p5 and p6 overlap: one passage
    assert row(table, "condition") == ["randvoorwaarde", 1, 0, 0, 0, 0, 0, 0]
    assert list(table.columns) == ["label", "codes", "codes_used", "codings", "passages", "documents", "cases",
                                   "words"]


def test_theme_frequencies_roll_up_each_root(corpus: CodedCorpus) -> None:
    table = theme_frequencies(corpus)
    assert list(table.index) == ["beleid", "samen"]
    assert row(table, "beleid") == ["Ambitie en beleid", 4, 9, 6, 3, 2, 58]
    assert row(table, "samen") == ["Samenwerking", 2, 5, 4, 3, 2, 29]


def test_for_coder_keeps_one_coder_and_the_cases(corpus: CodedCorpus) -> None:
    joost = corpus.for_coder("joost")
    assert sorted(p.coding_guid for p in joost.passages) == ["p12", "p3", "p4", "p6"]
    assert corpus.for_coder(None) is corpus
    table = code_frequencies(joost)
    assert column(table, "codings")["routekaart"] == 1
    assert column(table, "codings_total")["beleid"] == 3
    assert joost.case_names() == ["Amstelhoven", "Westerbroek"]


def test_case_names_are_the_cases_with_documents_sorted_case_insensitively(corpus: CodedCorpus) -> None:
    assert corpus.case_names() == ["Amstelhoven", "Westerbroek"]  # Zuiderveen has no documents
    renamed = replace(corpus, documents=tuple(replace(d, case_name="aalten") if d.guid == "d2" else d
                                              for d in corpus.documents))
    assert renamed.case_names() == ["aalten", "Amstelhoven", "Westerbroek"]
