"""Co-occurrence of codes per sentence, turn and document: counts, Jaccard, order and the square matrix."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from qualcode.analysis import CodedCorpus, cooccurrence, cooccurrence_matrix


def table_rows(table: pd.DataFrame) -> list[tuple[str, str, int, int, float]]:
    return [(a, b, int(both), int(either), round(float(j), 4))
            for a, b, both, either, j in table[["code_a", "code_b", "both", "either", "jaccard"]].itertuples(
                index=False)]


def test_sentences(corpus: CodedCorpus) -> None:
    # capaciteit (p2) spans two sentences that geld (p2, p4) shares; p10 and p11 share one sentence of d3.
    # Units per code: capaciteit 3, geld 2, regio 4 (p5 and p6 share one sentence; p7, p11, p13).
    assert table_rows(cooccurrence(corpus, "sentence")) == [
        ("capaciteit", "geld", 2, 3, round(2 / 3, 4)),
        ("capaciteit", "regio", 1, 6, round(1 / 6, 4)),
    ]


def test_sentence_is_the_default_unit(corpus: CodedCorpus) -> None:
    assert table_rows(cooccurrence(corpus)) == table_rows(cooccurrence(corpus, "sentence"))


def test_turns(corpus: CodedCorpus) -> None:
    # Anna's turn holds routekaart, capaciteit and geld; Bram's ambitie and routekaart; Carla's capaciteit, regio.
    assert table_rows(cooccurrence(corpus, "turn")) == [
        ("ambitie", "routekaart", 1, 3, 0.3333),
        ("capaciteit", "geld", 1, 2, 0.5),
        ("capaciteit", "regio", 1, 5, 0.2),
        ("capaciteit", "routekaart", 1, 3, 0.3333),
        ("geld", "routekaart", 1, 2, 0.5),
    ]


def test_documents_sorted_by_both_then_keys(corpus: CodedCorpus) -> None:
    rows = table_rows(cooccurrence(corpus, "document"))
    assert rows[0] == ("capaciteit", "regio", 2, 3, 0.6667)  # d1 and d3
    assert rows[1:] == [
        ("ambitie", "capaciteit", 1, 3, 0.3333),
        ("ambitie", "regio", 1, 4, 0.25),
        ("ambitie", "routekaart", 1, 3, 0.3333),
        ("capaciteit", "geld", 1, 2, 0.5),
        ("capaciteit", "routekaart", 1, 3, 0.3333),
        ("geld", "regio", 1, 3, 0.3333),
        ("geld", "routekaart", 1, 2, 0.5),
        ("regio", "routekaart", 1, 4, 0.25),
    ]


def test_a_passage_counts_in_every_unit_it_overlaps(corpus: CodedCorpus) -> None:
    # Move routekaart p1 to span the end of its sentence and the start of the next (which holds p2).
    first = next(p for p in corpus.passages if p.coding_guid == "p1")
    moved = first._replace(start=first.end - 10, end=first.end + 5)
    widened = replace(corpus, passages=tuple(moved if p is first else p for p in corpus.passages
                                             if p.coding_guid != "p3"))
    pairs = {(a, b): both for a, b, both, _, _ in table_rows(cooccurrence(widened, "sentence"))}
    assert pairs[("capaciteit", "routekaart")] == 1
    assert pairs[("geld", "routekaart")] == 1


def test_code_type_limits_the_codes(corpus: CodedCorpus) -> None:
    assert table_rows(cooccurrence(corpus, "document", code_type="barrier")) == [
        ("capaciteit", "geld", 1, 2, 0.5),
        ("capaciteit", "routekaart", 1, 3, 0.3333),
        ("geld", "routekaart", 1, 2, 0.5),
    ]


def test_square_matrix_in_tree_order_with_units_per_code_on_the_diagonal(corpus: CodedCorpus) -> None:
    square = cooccurrence_matrix(corpus, "sentence")
    keys = ["routekaart", "capaciteit", "geld", "ambitie", "regio"]
    assert list(square.index) == keys
    assert list(square.columns) == keys
    assert square.to_numpy().tolist() == [
        [2, 0, 0, 0, 0],
        [0, 3, 2, 0, 1],
        [0, 2, 2, 0, 0],
        [0, 0, 0, 2, 0],
        [0, 1, 0, 0, 4],
    ]
    assert cooccurrence_matrix(corpus, "document").loc["capaciteit", "regio"] == 2


def test_empty_corpus_and_unknown_unit(corpus: CodedCorpus) -> None:
    nobody = corpus.for_coder("nobody")
    assert cooccurrence(nobody).empty
    assert list(cooccurrence(nobody).columns) == ["code_a", "code_b", "both", "either", "jaccard"]
    assert cooccurrence_matrix(nobody).empty
    with pytest.raises(ValueError, match="unknown unit"):
        cooccurrence(corpus, "paragraph")  # type: ignore[arg-type]
