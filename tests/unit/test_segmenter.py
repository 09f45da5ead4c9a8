"""The sentence segmenter: exact spans, Dutch abbreviations, ellipses, quotes, initials, a property test."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.nlp.segmenter import segment


def sentences(text: str, start: int = 0, end: int | None = None) -> list[str]:
    return [text[a:b] for a, b in segment(text, start, end)]


def test_exact_spans() -> None:
    text = "Wij willen van het gas af. Wanneer? In 2035! Dat is de ambitie."
    assert segment(text) == [(0, 26), (27, 35), (36, 44), (45, 63)]
    assert sentences(text) == ["Wij willen van het gas af.", "Wanneer?", "In 2035!", "Dat is de ambitie."]


def test_spans_are_trimmed_and_absolute() -> None:
    text = "Rick:   Eerste zin.  Tweede zin!  \nMarieke: Iets anders."
    start, end = text.index("Eerste"), text.index("\n")
    assert segment(text, start - 2, end) == [(8, 19), (21, 32)]
    assert sentences(text, start, end) == ["Eerste zin.", "Tweede zin!"]


@pytest.mark.parametrize("abbreviation", [
    "o.a.", "bijv.", "d.w.z.", "m.b.t.", "t.o.v.", "i.p.v.", "z.s.m.", "ca.", "dhr.", "mevr.", "nr.",
])
def test_abbreviation_before_a_capital_does_not_end_a_sentence(abbreviation: str) -> None:
    first = f"Wij overleggen {abbreviation} Breda over de scholen."
    text = f"{first} Daarna volgt de rest."
    assert sentences(text) == [first, "Daarna volgt de rest."]


@pytest.mark.parametrize("abbreviation", ["Dhr.", "Mevr.", "Bijv."])
def test_capitalised_abbreviation_at_sentence_start(abbreviation: str) -> None:
    text = f"Dat klopt. {abbreviation} Jansen was het eens."
    assert sentences(text) == ["Dat klopt.", f"{abbreviation} Jansen was het eens."]


def test_enz_does_end_a_sentence_before_a_capital() -> None:
    text = "Wij doen scholen, sporthallen enz. Daarna komen de zwembaden."
    assert sentences(text) == ["Wij doen scholen, sporthallen enz.", "Daarna komen de zwembaden."]


def test_ellipsis_splits_before_a_capital_only() -> None:
    assert sentences("Het bleef stil... Daarna begon hij.") == ["Het bleef stil...", "Daarna begon hij."]
    assert sentences("Het bleef stil... en daarna begon hij.") == ["Het bleef stil... en daarna begon hij."]
    assert sentences("Het bleef stil… Daarna begon hij.") == ["Het bleef stil…", "Daarna begon hij."]
    assert sentences("Het bleef stil… en daarna begon hij.") == ["Het bleef stil… en daarna begon hij."]


def test_question_mark_inside_closing_quote_ends_the_sentence_with_the_quote() -> None:
    text = "Hij vroeg: “Doen we mee?” Daarna bleef het stil."
    assert segment(text) == [(0, 25), (26, 48)]
    assert sentences(text) == ["Hij vroeg: “Doen we mee?”", "Daarna bleef het stil."]


def test_initials_do_not_split() -> None:
    text = "Ik sprak met J. Jansen over de plannen. Hij was positief."
    assert sentences(text) == ["Ik sprak met J. Jansen over de plannen.", "Hij was positief."]


def test_lower_case_after_full_stop_and_decimal_numbers_do_not_split() -> None:
    assert sentences("Het kost 3.5 miljoen. Dat is veel.") == ["Het kost 3.5 miljoen.", "Dat is veel."]
    assert sentences("Zie de nota. daarin staat het.") == ["Zie de nota. daarin staat het."]


def test_empty_and_punctuation_only_give_no_spans() -> None:
    assert segment("") == []
    assert segment("   \n ") == []
    assert segment(". . .") == []


_PIECES = st.sampled_from([
    "Wij", "gaan", "door", "o.a.", "dhr.", "J.", "enz.", "...", "…", " ", "  ", "\n", "\t", "\u00a0", ".",
    "?", "!", "“", "”", "\"", "'", "(", ")", "Daarna", "é", "1.", "3,5", "Breda", "?”",
])
_TEXTS = st.one_of(st.lists(_PIECES, max_size=40).map("".join), st.text(max_size=60))


@settings(max_examples=400, database=None, deadline=None)
@given(text=_TEXTS, data=st.data())
def test_spans_are_sorted_disjoint_inside_the_range_and_stripped(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)), label="start")
    end = data.draw(st.integers(start, len(text)), label="end")
    spans = segment(text, start, end)
    previous_end = start
    for span_start, span_end in spans:
        assert previous_end <= span_start < span_end <= end
        piece = text[span_start:span_end]
        assert piece == piece.strip()
        assert not piece[0].isspace()
        assert not piece[-1].isspace()
        previous_end = span_end
    assert spans == sorted(spans)


def test_a_numbered_question_is_one_sentence_and_a_number_at_a_sentence_end_still_ends_it() -> None:
    text = "1. Wat is uw rol? Er waren er 12. Daarna kwamen er meer."
    assert [text[s:e] for s, e in segment(text)] == ["1. Wat is uw rol?", "Er waren er 12.",
                                                     "Daarna kwamen er meer."]
