"""domain.consensus: which words the consensus coder's codings cover, given two coders' codings, the units and the
decisions — checked on plain strings, and on random data against the unit-level definition."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.domain.consensus import (
    SourceCoding,
    chosen_codes,
    consensus_codings,
    consensus_of,
    touched_units,
    unit_codes,
)

TEXT = "Wij willen van het gas af. De raad twijfelt nog. Inwoners zijn boos. Er komt een wijkbus."
SENTENCES = ["Wij willen van het gas af.", "De raad twijfelt nog.", "Inwoners zijn boos.", "Er komt een wijkbus."]
UNITS = [(TEXT.index(s), TEXT.index(s) + len(s)) for s in SENTENCES]


def span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def coding(side: str, code: str, words: str) -> SourceCoding:
    return SourceCoding(side, code, *span(words))


def words(planned: list[tuple[str, int, int]]) -> list[tuple[str, str]]:
    return [(code, TEXT[start:end]) for code, start, end in planned]


# A's coding of 'ambitie' runs over the first three sentences; B gave 'ambitie' to the middle one only.
LONG_A = coding("a", "ambitie", "willen van het gas af. De raad twijfelt nog. Inwoners zijn")
SHORT_B = coding("b", "ambitie", "De raad twijfelt nog.")


def test_what_both_gave_is_in_and_a_long_coding_is_cut_at_the_units_it_is_not_in_yet() -> None:
    assert words(consensus_codings(UNITS, [LONG_A, SHORT_B], {})) == [("ambitie", "De raad twijfelt nog.")]


def test_keep_a_on_every_unit_copies_a_long_coding_once_as_it_is() -> None:
    decided = {UNITS[0]: {"ambitie": True}, UNITS[2]: {"ambitie": True}}
    assert words(consensus_codings(UNITS, [LONG_A, SHORT_B], decided)) == [
        ("ambitie", "willen van het gas af. De raad twijfelt nog. Inwoners zijn")]


def test_keep_a_on_one_end_and_b_on_the_other_keeps_the_coders_own_words_up_to_the_unit_boundary() -> None:
    decided = {UNITS[0]: {"ambitie": True}, UNITS[2]: {"ambitie": False}}
    assert words(consensus_codings(UNITS, [LONG_A, SHORT_B], decided)) == [
        ("ambitie", "willen van het gas af. De raad twijfelt nog.")]


def test_a_coding_in_on_its_first_and_last_units_only_becomes_two_pieces_of_its_own_words() -> None:
    decided = {UNITS[0]: {"ambitie": True}, UNITS[1]: {"ambitie": False}, UNITS[2]: {"ambitie": True}}
    assert words(consensus_codings(UNITS, [LONG_A, SHORT_B], decided)) == [
        ("ambitie", "willen van het gas af."), ("ambitie", "Inwoners zijn")]


def test_equal_codings_of_both_coders_make_one_coding_and_touching_ones_stay_apart() -> None:
    same = [coding("a", "boos", "Inwoners zijn boos."), coding("b", "boos", "Inwoners zijn boos.")]
    assert words(consensus_codings(UNITS, same, {})) == [("boos", "Inwoners zijn boos.")]
    overlapping = [coding("a", "boos", "Inwoners zijn"), coding("b", "boos", "zijn boos.")]
    assert words(consensus_codings(UNITS, overlapping, {})) == [("boos", "Inwoners zijn boos.")]


def test_an_edited_code_neither_coder_gave_covers_the_unit_and_an_agreed_one_can_be_taken_out() -> None:
    sources = [coding("a", "boos", "Inwoners zijn boos."), coding("b", "boos", "boos")]
    decided = {UNITS[2]: {"boos": False, "wantrouwen": True}}
    assert words(consensus_codings(UNITS, sources, decided)) == [("wantrouwen", "Inwoners zijn boos.")]


def test_the_choices() -> None:
    a, b = frozenset({"x", "y"}), frozenset({"y", "z"})
    assert chosen_codes(a, b, "a") == a and chosen_codes(a, b, "b") == b
    assert chosen_codes(a, b, "both") == {"x", "y", "z"} and chosen_codes(a, b, "neither") == {"y"}
    assert chosen_codes(a, b, "edit", frozenset({"q"})) == {"q"}


def test_touched_units_share_a_character() -> None:
    assert list(touched_units(UNITS, *span("af. De"))) == [0, 1]
    assert list(touched_units(UNITS, UNITS[0][1], UNITS[1][0])) == []  # only the space between two sentences


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[tuple[int, int]], list[SourceCoding], dict[tuple[int, int], dict[str,
                                                                                                           bool]]]:
    cuts = sorted(draw(st.sets(st.integers(1, 60), min_size=2, max_size=10)))
    units = [(start, end - draw(st.integers(0, 1))) for start, end in itertools.pairwise(cuts)]
    units = [(start, end) for start, end in units if end > start]
    sources = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, 60))
        sources.append(SourceCoding(draw(st.sampled_from("ab")), draw(st.sampled_from("xyz")), start,
                                    start + draw(st.integers(1, 20))))
    decided = {unit: draw(st.dictionaries(st.sampled_from("xyzq"), st.booleans(), max_size=3))
               for unit in units if draw(st.booleans())}
    return units, sources, decided


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_codings_carry_exactly_the_decided_codes_on_every_unit_and_only_coded_words(
        case: tuple[list[tuple[int, int]], list[SourceCoding], dict[tuple[int, int], dict[str, bool]]]) -> None:
    units, sources, decided = case
    planned = consensus_codings(units, sources, decided)
    # Unit by unit the consensus carries (by the agreement rule: a coding overlaps the unit) what was decided.
    carried = unit_codes(units, [SourceCoding("a", code, start, end) for code, start, end in planned])
    for unit, result in zip(unit_codes(units, sources), carried, strict=True):
        assert result.a == consensus_of(unit, decided.get(unit.span, {}))
    # Every word coded with a code was coded with it by A or B, or lies in a unit that an edit gave it.
    for code, start, end in planned:
        for position in range(start, end):
            assert any(s.code == code and s.start <= position < s.end for s in sources) or any(
                u_start <= position < u_end and decided.get((u_start, u_end), {}).get(code) for u_start, u_end in
                units)
    # No two codings of one code overlap (never twice on the same words).
    for code in {code for code, _, _ in planned}:
        spans = sorted((start, end) for c, start, end in planned if c == code)
        assert all(first[1] <= second[0] for first, second in itertools.pairwise(spans))
