"""Krippendorff's unitized alpha family (uα, |uα, cuα, (k)uα) and the character tables of NVivo's coding comparison:
hand-computed examples, a brute-force reference computed character by character straight from the definitions on
random continua (hypothesis), and the edge cases.

Published worked examples: the numbers of the worked examples in Krippendorff, Mathet, Bouvry & Widlöcher (2016) and
in Krippendorff (2019) §12.6 could not be found in any source available to us (the paper and the book are not in
reach here), so no test claims to reproduce them. What stands in for them: a hand-computed example below; a
three-coder example from the README of a third-party Python implementation of the 2016 paper on GitHub, whose own
code, when run on that example, gives exactly the figures asserted here (its README prints other figures, 0.474 for
uα, that its current code does not produce, so those are not used); and NVivo's documented example of percentage
agreement (1000 characters: 50 coded by both, 150 by one, 800 by neither → 85 %).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.domain.agreement import BinaryTable, cohen_kappa, krippendorff_alpha, percent_agreement
from qualcode.domain.span_sets import character_table, merged
from qualcode.domain.unitized_agreement import (
    GAP,
    NO_OVERLAP,
    NO_TEXT,
    ONE_VALUE,
    VALUE_NOT_OVERLAPPED,
    Continuum,
    focused,
    focused_k_u_alphas,
    partition,
    unitized_alphas,
)

Segments = list[tuple[int, int, Hashable]]


def test_hand_computed_two_coders_one_value() -> None:
    """L = 10; A marks [0, 4), B marks [2, 6), both with value x.

    Coincidences (both directions, m − 1 = 1): l_xx = 4, l_x∅ = l_∅x = 4, l_∅∅ = 8; l_.. = 20, l_x. = 8, l_∅. = 12.
    S_x = 4² + 4² = 32, S_∅ = 6 + 2 + 4 = 12 (gaps count per character); l_..² − ΣS = 400 − 44 = 356.
    e_xx = 20·(64 − 32)/356 = 640/356, e_∅∅ = 20·(144 − 12)/356 = 2640/356, e_x∅ = 20·96/356 = 1920/356.
    uα = 1 − (20 − 12)/(20 − 3280/356) = 1 − 8·356/3840 = 31/120; |uα = 1 − 4/(1920/356) = 31/120 too (one value).
    cuα and (k)uα need two values where units overlap: undefined.
    """
    family = unitized_alphas([Continuum(10, ([(0, 4, "x")], [(2, 6, "x")]))])
    assert family.u_alpha.value == pytest.approx(31 / 120)
    assert family.binary_u_alpha.value == pytest.approx(31 / 120)
    assert family.cu_alpha.value is None and family.cu_alpha.reason == ONE_VALUE
    assert family.k_u_alpha["x"].reason == ONE_VALUE
    assert family.cu_coverage == pytest.approx(4 / 20)


def test_three_coder_example_of_a_third_party_implementation() -> None:
    """Annotated spans [coder, label, start, end] on a continuum of 60: Alex 1 [2, 5); Paul 1 [2, 5), 2 [10, 20);
    Susan 2 [2, 5), 2 [15, 20). The third-party implementation's code (see the module docstring) gives uα 0.39830,
    |uα 0.52380, cuα 0.35714, (1)uα 0.3125, (2)uα 0.390625 and a coverage of 7.78 % for cuα."""
    family = unitized_alphas([Continuum(60, ([(2, 5, "1")], [(2, 5, "1"), (10, 20, "2")],
                                             [(2, 5, "2"), (15, 20, "2")]))])
    assert family.u_alpha.value == pytest.approx(0.3982981423791392)
    assert family.binary_u_alpha.value == pytest.approx(0.5238010446343779)
    assert family.cu_alpha.value == pytest.approx(0.3571428571428571)
    assert family.k_u_alpha["1"].value == pytest.approx(0.3125)
    assert family.k_u_alpha["2"].value == pytest.approx(0.390625)
    assert family.cu_coverage == pytest.approx(14 / 180)


def test_nvivo_documented_example_and_its_kappa_formula() -> None:
    """NVivo's help ('Run a Coding Comparison query'): a document of 1000 characters, 50 coded by both users, 150 by
    only one, 800 by neither: agreement (800 + 50)/1000 = 85 %. The help gives no kappa for it; with 100 of the 150
    coded by A, its formula gives EF1 = 150·100/1000 = 15, EF2 = 850·900/1000 = 765, ΣEF = 780 and
    κ = (TA − ΣEF)/(TU − ΣEF) = (850 − 780)/(1000 − 780) = 70/220."""
    a = [(0, 50), (100, 200)]  # 150 characters
    b = [(0, 50), (300, 350)]  # 100 characters; both: 50
    table = character_table(merged(a), merged(b), 1000)
    assert table == BinaryTable(both=50, only_a=100, only_b=50, neither=800)
    assert percent_agreement(table).value == pytest.approx(0.85)
    assert cohen_kappa(table).value == pytest.approx(70 / 220)


def test_merged_joins_overlapping_and_touching_spans_of_one_coder() -> None:
    assert merged([(10, 20), (0, 5), (15, 30), (30, 32), (40, 40), (50, 55)]) == [(0, 5), (10, 32), (50, 55)]
    # A double-coded stretch counts once: the same table as a single coding.
    once = character_table(merged([(0, 10)]), merged([(5, 15)]), 20)
    twice = character_table(merged([(0, 10), (2, 8), (0, 10)]), merged([(5, 15)]), 20)
    assert once == twice == BinaryTable(5, 5, 5, 5)


def test_partition_makes_codes_given_together_one_value() -> None:
    segments = partition({"geld": [(0, 10)], "beleid": [(5, 15), (14, 20)], "leeg": []}, 18)
    assert segments == [(0, 5, frozenset({"geld"})), (5, 10, frozenset({"geld", "beleid"})),
                        (10, 18, frozenset({"beleid"}))]


def test_identical_coders_agree_perfectly() -> None:
    segments: Segments = [(0, 4, "a"), (4, 9, "b"), (12, 20, "a")]
    family = unitized_alphas([Continuum(25, (segments, list(segments)))])
    assert family.u_alpha.value == pytest.approx(1.0)
    assert family.binary_u_alpha.value == pytest.approx(1.0)
    assert family.cu_alpha.value == pytest.approx(1.0)
    assert family.k_u_alpha["a"].value == pytest.approx(1.0)
    assert family.k_u_alpha["b"].value == pytest.approx(1.0)


def test_no_overlap_at_all() -> None:
    family = unitized_alphas([Continuum(30, ([(0, 5, "a")], [(10, 15, "a")]))])
    assert family.u_alpha.value is not None and family.u_alpha.value < 0
    assert family.binary_u_alpha.value is not None and family.binary_u_alpha.value < 0
    assert family.cu_alpha.reason == NO_OVERLAP
    assert family.k_u_alpha["a"].reason == NO_OVERLAP
    assert family.cu_coverage == 0.0


def test_one_coder_empty() -> None:
    family = unitized_alphas([Continuum(30, ([(0, 5, "a"), (8, 12, "b")], []))])
    assert family.u_alpha.value is not None and family.u_alpha.value < 0
    assert family.cu_alpha.reason == NO_OVERLAP
    table = character_table(merged([(0, 5), (8, 12)]), [], 30)
    assert table == BinaryTable(0, 9, 0, 21)
    assert krippendorff_alpha(table).value is not None and krippendorff_alpha(table).value < 0  # type: ignore


def test_a_value_only_one_coder_used() -> None:
    # B never uses 'b'; A's 'b' unit overlaps B's 'a' unit, so (b)uα exists and shows the confusion.
    family = unitized_alphas([Continuum(30, ([(0, 5, "a"), (10, 15, "b")], [(0, 5, "a"), (10, 15, "a")]))])
    assert family.k_u_alpha["b"].value is not None and family.k_u_alpha["b"].value < 1
    assert family.cu_alpha.value is not None and family.cu_alpha.value < 1
    # Where A's 'b' unit overlaps nothing of B's, there is nothing to judge it on.
    alone = unitized_alphas([Continuum(30, ([(0, 5, "a"), (10, 15, "b")], [(0, 5, "a")]))])
    assert alone.k_u_alpha["b"].reason == VALUE_NOT_OVERLAPPED


def test_no_text() -> None:
    family = unitized_alphas([])
    assert family.u_alpha.reason == NO_TEXT
    assert unitized_alphas([Continuum(0, ([], []))]).u_alpha.reason == NO_TEXT


def test_several_documents_are_one_concatenated_continuum() -> None:
    first = Continuum(20, ([(0, 5, "a"), (8, 12, "b")], [(1, 6, "a"), (8, 11, "a")]))
    second = Continuum(15, ([(3, 9, "b")], [(2, 9, "b"), (10, 14, "a")]))
    joined = Continuum(35, ([(0, 5, "a"), (8, 12, "b"), (23, 29, "b")],
                            [(1, 6, "a"), (8, 11, "a"), (22, 29, "b"), (30, 34, "a")]))
    apart, together = unitized_alphas([first, second]), unitized_alphas([joined])
    for name in ("u_alpha", "binary_u_alpha", "cu_alpha"):
        assert getattr(apart, name).value == pytest.approx(getattr(together, name).value)
    assert apart.k_u_alpha["a"].value == pytest.approx(together.k_u_alpha["a"].value)


# The brute-force reference: every coincidence counted character by character, every unit's overlap counted over
# its characters, then the definitions of the module docstring of qualcode.domain.unitized_agreement.

def _reference(length: int, coders: Sequence[Segments]) -> dict[str, float | dict[Hashable, float | None] | None]:
    m = len(coders)
    at: list[list[Hashable]] = [[GAP] * length for _ in coders]
    for values, segments in zip(at, coders, strict=True):
        for start, end, value in segments:
            for x in range(start, end):
                values[x] = value
    observed: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for x in range(length):
        for i in range(m):
            for j in range(m):
                if i != j:
                    observed[(at[i][x], at[j][x])] += 1 / (m - 1)
    squares: dict[Hashable, float] = defaultdict(float)
    overlap_squares: dict[Hashable, float] = defaultdict(float)
    for i, segments in enumerate(coders):
        squares[GAP] += sum(1 for value in at[i] if value is GAP)
        for start, end, value in segments:
            squares[value] += (end - start) ** 2
            for j in range(m):
                if j != i:
                    overlap_squares[value] += sum(1 for x in range(start, end) if at[j][x] is not GAP) ** 2
    values = sorted({value for segments in coders for _, _, value in segments}, key=repr)
    every = [GAP, *values]
    total = m * length
    margin = {c: sum(observed[(c, k)] for k in every) for c in every}
    denominator = total ** 2 - sum(squares.values())

    def e(c: Hashable, k: Hashable) -> float:
        return total * (margin[c] * margin[k] - (squares[c] if c == k else 0)) / denominator

    def ratio(observed_d: float, expected_d: float) -> float | None:
        return None if abs(expected_d) < 1e-9 else 1 - observed_d / expected_d

    result: dict[str, float | dict[Hashable, float | None] | None] = {
        "u": ratio(total - sum(observed[(c, c)] for c in every), total - sum(e(c, c) for c in every)),
        "binary": ratio(margin[GAP] - observed[(GAP, GAP)], sum(e(GAP, k) for k in values))}
    inner = {c: sum(observed[(c, k)] for k in values) for c in values}
    pairable = sum(inner.values())
    if pairable == 0:
        return {**result, "cu": None, "k": dict.fromkeys(values)}
    inner_denominator = pairable - sum(overlap_squares[c] for c in values) / (pairable * (m - 1))
    if abs(inner_denominator) < 1e-9:  # every overlap is one unit against one unit of one value: nothing varies
        return {**result, "cu": None, "k": dict.fromkeys(values)}

    def e2(c: Hashable, k: Hashable) -> float:
        return (inner[c] * inner[k] - (overlap_squares[c] / (m - 1) if c == k else 0)) / inner_denominator

    result["cu"] = ratio(pairable - sum(observed[(c, c)] for c in values), pairable - sum(e2(c, c) for c in values))
    per_value: dict[Hashable, float | None] = {}
    for k in values:
        expected_k = sum(e2(k, c) for c in values)
        if inner[k] == 0 or abs(expected_k - e2(k, k)) < 1e-9:
            per_value[k] = None
        else:
            per_value[k] = 1 - (expected_k / inner[k]) * (inner[k] - observed[(k, k)]) / (expected_k - e2(k, k))
    result["k"] = per_value
    return result


@st.composite
def _coders(draw: st.DrawFn, count: int) -> tuple[int, list[Segments]]:
    """A continuum and each coder's units: per character a value (or none) and whether a new unit starts there,
    so that touching units of the same value occur too."""
    length = draw(st.integers(1, 30))
    coders = []
    for _ in range(count):
        marks = draw(st.lists(st.tuples(st.sampled_from([None, "a", "b", "c"]), st.booleans()),
                              min_size=length, max_size=length))
        segments: Segments = []
        for x, (value, starts) in enumerate(marks):
            if value is None:
                continue
            if segments and segments[-1][1] == x and segments[-1][2] == value and not starts:
                segments[-1] = (segments[-1][0], x + 1, value)
            else:
                segments.append((x, x + 1, value))
        coders.append(segments)
    return length, coders


def _same(found: float | None, expected: float | None) -> bool:
    if found is None or expected is None:
        return found is None and expected is None
    return found == pytest.approx(expected, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([2, 2, 3]).flatmap(_coders))
def test_family_matches_the_brute_force_reference(drawn: tuple[int, list[Segments]]) -> None:
    length, coders = drawn
    family = unitized_alphas([Continuum(length, tuple(coders))])
    reference = _reference(length, coders)
    assert _same(family.u_alpha.value, reference["u"])  # type: ignore[arg-type]
    assert _same(family.binary_u_alpha.value, reference["binary"])  # type: ignore[arg-type]
    assert _same(family.cu_alpha.value, reference["cu"])  # type: ignore[arg-type]
    per_value = reference["k"]
    assert isinstance(per_value, dict)
    for value, expected in per_value.items():
        assert _same(family.k_u_alpha[value].value, expected)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 60).flatmap(lambda length: st.tuples(
    st.just(length),
    st.lists(st.tuples(st.integers(0, length), st.integers(0, length)), max_size=6),
    st.lists(st.tuples(st.integers(0, length), st.integers(0, length)), max_size=6))))
def test_character_table_matches_counting_every_character(drawn: tuple[int, list[tuple[int, int]],
                                                                         list[tuple[int, int]]]) -> None:
    length, first, second = drawn
    in_first = {x for start, end in first for x in range(start, end)}
    in_second = {x for start, end in second for x in range(start, end)}
    expected = BinaryTable(len(in_first & in_second), len(in_first - in_second), len(in_second - in_first),
                           length - len(in_first | in_second))
    assert character_table(merged(first), merged(second), length) == expected


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40).flatmap(lambda length: st.tuples(st.just(length), st.dictionaries(
    st.sampled_from(["beleid", "geld", "inwoners"]),
    st.lists(st.tuples(st.integers(0, length), st.integers(0, length)), max_size=4)))))
def test_partition_matches_the_codes_of_every_character(drawn: tuple[int, dict[str, list[tuple[int, int]]]]) -> None:
    length, spans_by_code = drawn
    at = [frozenset(code for code, spans in spans_by_code.items() if any(s <= x < e for s, e in spans))
          for x in range(length)]
    runs: list[tuple[int, int, frozenset[str]]] = []
    for x, codes in enumerate(at):
        if runs and runs[-1][1] == x and runs[-1][2] == codes:
            runs[-1] = (runs[-1][0], x + 1, codes)
        else:
            runs.append((x, x + 1, codes))
    assert partition(spans_by_code, length) == [run for run in runs if run[2]]


def test_focused_takes_every_combination_with_the_code_as_the_code() -> None:
    a = partition({"visie": [(0, 40)], "budget": [(20, 60)]}, 100)
    assert a == [(0, 20, frozenset({"visie"})), (20, 40, frozenset({"visie", "budget"})),
                 (40, 60, frozenset({"budget"}))]
    assert focused(a, "visie") == [(0, 40, frozenset({"visie"})), (40, 60, frozenset({"budget"}))]
    assert focused(a, "budget") == [(0, 20, frozenset({"visie"})), (20, 60, frozenset({"budget"}))]
    plain = partition({"visie": [(0, 10)], "budget": [(30, 50)]}, 100)
    assert focused(plain, "visie") == plain  # without combinations nothing changes


def test_k_u_alpha_of_a_code_both_coders_agree_on_is_one_even_where_one_also_gave_another() -> None:
    """Both coders code 'visie' on [10, 50); A also codes 'budget' on [30, 70), B codes 'budget' on [50, 70). Judged
    on the combinations, A's [30, 50) is 'visie+budget', B's 'visie': 'visie' would seem to disagree there although
    both gave it. Focused on 'visie', both coders' [10, 50) is visie: its (k)uα is 1."""
    a = partition({"visie": [(10, 50)], "budget": [(30, 70)]}, 100)
    b = partition({"visie": [(10, 50)], "budget": [(50, 70)]}, 100)
    combinations = unitized_alphas([Continuum(100, (a, b))])
    assert combinations.k_u_alpha[frozenset({"visie"})].value != pytest.approx(1.0)
    on_visie = unitized_alphas([Continuum(100, (focused(a, "visie"), focused(b, "visie")))])
    assert on_visie.k_u_alpha[frozenset({"visie"})].value == pytest.approx(1.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(0, 59), st.integers(1, 15), st.sampled_from("abc")), max_size=6),
                min_size=2, max_size=3),
       st.lists(st.integers(20, 70), min_size=1, max_size=3))
def test_focused_k_u_alphas_counts_again_only_around_the_value_and_gives_the_same(
        coders: list[list[tuple[int, int, str]]], lengths: list[int]) -> None:
    """focused_k_u_alphas (sums once, then only the stretches around k counted again) equals the whole family computed
    on the focused segmentations, for every value, on random multi-valued codings of one or more documents."""
    continua = []
    for number, length in enumerate(lengths):
        partitions = []
        for units in coders:
            by_value: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for start, size, value in units:
                shifted = (start + 7 * number) % length
                by_value[value].append((shifted, min(shifted + size, length)))
            partitions.append(partition(by_value, length))
        continua.append(Continuum(length, tuple(partitions)))
    fast = focused_k_u_alphas(continua, "abc")
    for k in "abc":
        slow = unitized_alphas([Continuum(c.length, tuple(focused(s, k) for s in c.segments)) for c in continua])
        expected = slow.k_u_alpha.get(frozenset({k}))
        if expected is None or expected.value is None:
            assert fast[k].value is None
        else:
            assert fast[k].value == pytest.approx(expected.value, abs=1e-9)
