"""Percent agreement, Cohen's kappa and Krippendorff's alpha (nominal) of two coders' binary judgements: hand-computed
tables, the edge cases, and the `krippendorff` package (GPL-3.0, a test dependency only) as an oracle."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualcode.domain.agreement import (
    ONE_CATEGORY_ALPHA,
    ONE_CATEGORY_KAPPA,
    BinaryTable,
    cohen_kappa,
    krippendorff_alpha,
    measures,
    percent_agreement,
    pooled,
    table_of,
)

# both=3, only A=1, only B=2, neither=4; n=10.
TABLE = BinaryTable(both=3, only_a=1, only_b=2, neither=4)


def _pairs(table: BinaryTable) -> list[tuple[bool, bool]]:
    return ([(True, True)] * table.both + [(True, False)] * table.only_a + [(False, True)] * table.only_b
            + [(False, False)] * table.neither)


def _package_alpha(pairs: list[tuple[bool, bool]]) -> float:
    data = np.array([[int(a) for a, _ in pairs], [int(b) for _, b in pairs]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def test_hand_computed_table() -> None:
    # p_o = (3 + 4) / 10 = 0.7
    assert percent_agreement(TABLE).value == pytest.approx(0.7)
    # p_A1 = (3 + 1) / 10 = 0.4, p_B1 = (3 + 2) / 10 = 0.5; p_e = 0.4·0.5 + 0.6·0.5 = 0.5; κ = (0.7 − 0.5) / 0.5 = 0.4
    assert cohen_kappa(TABLE).value == pytest.approx(0.4)
    # D = 1 + 2 = 3, n_1 = 2·3 + 3 = 9, n_0 = 2·4 + 3 = 11, N = 20; α = 1 − 19·3 / (9·11) = 1 − 57/99 = 42/99
    assert krippendorff_alpha(TABLE).value == pytest.approx(42 / 99)
    assert krippendorff_alpha(TABLE).value == pytest.approx(_package_alpha(_pairs(TABLE)))


def test_hand_computed_table_without_the_units_neither_coded() -> None:
    table = TABLE.without_neither()  # both=3, only A=1, only B=2; n=6
    # p_o = 3/6 = 0.5
    assert percent_agreement(table).value == pytest.approx(0.5)
    # p_A1 = 4/6, p_B1 = 5/6; p_e = 20/36 + (2/6)(1/6) = 22/36; κ = (18/36 − 22/36) / (14/36) = −4/14
    assert cohen_kappa(table).value == pytest.approx(-4 / 14)
    # D = 3, n_1 = 9, n_0 = 0 + 3 = 3, N = 12; α = 1 − 11·3 / (9·3) = 1 − 33/27 = −6/27
    assert krippendorff_alpha(table).value == pytest.approx(-6 / 27)
    assert krippendorff_alpha(table).value == pytest.approx(_package_alpha(_pairs(table)))


def test_one_coder_codes_every_unit() -> None:
    table = BinaryTable(both=2, only_a=2)  # A: 1 1 1 1, B: 1 1 0 0
    # p_o = 2/4; p_A1 = 1, p_B1 = 0.5; p_e = 1·0.5 + 0·0.5 = 0.5; κ = (0.5 − 0.5) / 0.5 = 0
    assert cohen_kappa(table).value == pytest.approx(0.0)
    # D = 2, n_1 = 4 + 2 = 6, n_0 = 0 + 2 = 2, N = 8; α = 1 − 7·2 / (6·2) = −1/6
    assert krippendorff_alpha(table).value == pytest.approx(-1 / 6)
    assert krippendorff_alpha(table).value == pytest.approx(_package_alpha(_pairs(table)))


def test_identical_coders_agree_perfectly() -> None:
    table = BinaryTable(both=4, neither=6)
    assert (percent_agreement(table).value, cohen_kappa(table).value, krippendorff_alpha(table).value) == (1, 1, 1)


@pytest.mark.parametrize("table", [BinaryTable(neither=7), BinaryTable(both=7), BinaryTable(both=1),
                                   BinaryTable(neither=1)])
def test_every_unit_in_one_category_is_not_a_number(table: BinaryTable) -> None:
    """A code neither coder used (all 'neither'), or used everywhere by both: kappa and alpha are 0/0."""
    found = measures(table)
    assert found.percent.value == 1
    assert found.kappa.value is None and found.kappa.reason == ONE_CATEGORY_KAPPA
    assert found.alpha.value is None and found.alpha.reason == ONE_CATEGORY_ALPHA
    assert found.kappa.text() == f"n/a ({ONE_CATEGORY_KAPPA})"


def test_one_unit_on_which_the_coders_differ() -> None:
    table = BinaryTable(only_b=1)
    # p_o = 0; p_A1 = 0, p_B1 = 1; p_e = 0·1 + 1·0 = 0; κ = (0 − 0) / 1 = 0
    assert cohen_kappa(table).value == 0
    # D = 1, n_1 = 1, n_0 = 1, N = 2; α = 1 − 1·1 / (1·1) = 0
    assert krippendorff_alpha(table).value == 0
    assert _package_alpha(_pairs(table)) == pytest.approx(0)


def test_no_units_is_not_a_number() -> None:
    found = measures(BinaryTable())
    assert [f.value for f in (found.percent, found.kappa, found.alpha)] == [None, None, None]
    assert found.percent.text() == "n/a (no units)"


def test_tables_are_counted_and_pooled() -> None:
    assert table_of(_pairs(TABLE)) == TABLE
    assert pooled([TABLE, BinaryTable(both=1, neither=2)]) == BinaryTable(4, 1, 2, 6)
    assert pooled([]) == BinaryTable()


def _reference_kappa(pairs: list[tuple[bool, bool]]) -> float:
    """Cohen's kappa written out from the labels' confusion matrix (as sklearn's cohen_kappa_score computes it)."""
    n = len(pairs)
    labels = (False, True)
    confusion = [[sum(1 for a, b in pairs if a == i and b == j) for j in labels] for i in labels]
    observed = sum(confusion[k][k] for k in range(2)) / n
    expected = sum(sum(confusion[k]) * sum(row[k] for row in confusion) for k in range(2)) / n / n
    return (observed - expected) / (1 - expected)


mixed_pairs = st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=80).filter(
    lambda pairs: len({v for pair in pairs for v in pair}) == 2)


@given(mixed_pairs)
def test_alpha_equals_the_krippendorff_package(pairs: list[tuple[bool, bool]]) -> None:
    ours = krippendorff_alpha(table_of(pairs)).value
    assert ours is not None
    assert ours == pytest.approx(_package_alpha(pairs), abs=1e-9)


@given(mixed_pairs)
def test_kappa_equals_the_confusion_matrix_formula(pairs: list[tuple[bool, bool]]) -> None:
    # With both values present somewhere, p_e < 1: kappa is always defined.
    kappa = cohen_kappa(table_of(pairs)).value
    assert kappa is not None
    assert kappa == pytest.approx(_reference_kappa(pairs), abs=1e-9)
