"""Quotes for a code: report order, one quote per passage, filters, and the choice of illustrative quotes."""

from __future__ import annotations

from dataclasses import replace

from qualcode.analysis import CodedCorpus, Quote, illustrative_quotes, quotes_for


def spans(quotes: list[Quote]) -> list[tuple[str | None, str, str]]:
    return [(q.case_name, q.document_guid, q.text[:20]) for q in quotes]


def test_quotes_are_ordered_by_case_then_document_title_then_position(corpus: CodedCorpus) -> None:
    quotes = quotes_for(corpus, "regio")
    assert spans(quotes) == [
        ("Amstelhoven", "d3", "de regio helpt ons d"),
        ("Westerbroek", "d1", "Werkt u samen in de "),  # the interviewer's words come first in d1
        ("Westerbroek", "d1", "in de regio werken w"),  # p5 and p6 overlap: one quote (the longer words here)
        (None, "d4", "Zonder goede regiona"),  # outside any case: last
    ]
    assert quotes_for(corpus, "regio")[2].coding_guids == ("p5", "p6")


def test_children_are_included_and_a_passage_gives_one_quote(corpus: CodedCorpus) -> None:
    quotes = quotes_for(corpus, "routekaart")
    # d2 ('Interview beleidsadviseur …') sorts before d1 ('Interview wethouder …') within Westerbroek.
    assert spans(quotes) == [
        ("Amstelhoven", "d3", "Wij hebben echt te w"),
        ("Westerbroek", "d2", "Tegelijk ontbreekt e"),
        ("Westerbroek", "d1", "Er is nog geen route"),  # p1 and p3: two coders, one quote
        ("Westerbroek", "d1", "We hebben te weinig "),  # p2: capaciteit and geld, and p4 inside it: one quote
    ]
    assert quotes[3].coding_guids == ("p2c", "p2g", "p4")
    # The duplicate keeps the code first in tree order and then the coder first by name.
    assert quotes[2].coder == "joost"
    assert quotes[3].code_key == "capaciteit"
    assert [q.start for q in quotes[2:]] == sorted(q.start for q in quotes[2:])


def test_without_children_only_the_code_itself(corpus: CodedCorpus) -> None:
    assert spans(quotes_for(corpus, "routekaart", include_children=False)) == [
        ("Westerbroek", "d2", "Tegelijk ontbreekt e"),
        ("Westerbroek", "d1", "Er is nog geen route"),
    ]


def test_quotes_carry_what_an_attribution_needs(corpus: CodedCorpus) -> None:
    quote = quotes_for(corpus, "ambitie")[0]
    assert quote == Quote(text="De ambitie is er wel.", code_key="ambitie", document_guid="d3",
                          document_title="Interview Amstelhoven", case_name="Amstelhoven", speaker="Dirk Bos",
                          role="beleidsadviseur", section=None, line=3, coder="joost", is_interviewer=False,
                          start=quote.start, end=quote.start + 21, coding_guids=("p12",))


def test_attribute_filters(corpus: CodedCorpus) -> None:
    assert spans(quotes_for(corpus, "routekaart", attributes={"grootteklasse": "groot"})) == [
        ("Amstelhoven", "d3", "Wij hebben echt te w")]
    assert spans(quotes_for(corpus, "beleid", attributes={"houding": "onbekend"})) == [
        ("Amstelhoven", "d3", "Wij hebben echt te w"), ("Amstelhoven", "d3", "De ambitie is er wel")]
    assert [q.speaker for q in quotes_for(corpus, "beleid", attributes={"rol": "WETHOUDER"})] == [
        "Carla Smit", "Anna de Vries", "Anna de Vries"]  # p2 and p4 overlap: one quote
    # Multi-valued: Westerbroek has wonen among its speerpunten; passages outside any case never match.
    assert {q.case_name for q in quotes_for(corpus, "regio", attributes={"speerpunten": "wonen"})} == {"Westerbroek"}


def test_illustrative_quotes_prefer_different_cases(corpus: CodedCorpus) -> None:
    # Within bounds (40..400): p2 and p9 (76 chars, Westerbroek), p10 (58, Amstelhoven), p8 (46, Westerbroek).
    two = illustrative_quotes(corpus, "beleid", n=2)
    assert spans(two) == [("Westerbroek", "d2", "Tegelijk ontbreekt e"), ("Amstelhoven", "d3", "Wij hebben echt te w")]
    # One quote per case unless asked: two cases give two quotes, however many are wanted.
    assert illustrative_quotes(corpus, "beleid", n=3) == two
    three = illustrative_quotes(corpus, "beleid", n=3, per_case=None)
    assert spans(three)[2] == ("Westerbroek", "d1", "We hebben te weinig ")
    assert spans(illustrative_quotes(corpus, "beleid", n=3, per_case=2))[2] == spans(three)[2]


def test_illustrative_quotes_keep_length_bounds_when_possible(corpus: CodedCorpus) -> None:
    everything = illustrative_quotes(corpus, "beleid", n=10, per_case=None)
    lengths = [len(q.text) for q in everything]
    # Four quotes within the bounds (closest to 160 first after the case rule), then the short ones.
    assert lengths == [76, 58, 76, 46, 26, 21]
    # With tighter bounds p8 (46) is out and the choice changes.
    assert [len(q.text) for q in illustrative_quotes(corpus, "beleid", n=3, min_chars=50,
                                                     per_case=None)] == [76, 58, 76]
    assert [len(q.text) for q in illustrative_quotes(corpus, "beleid", n=4, min_chars=50,
                                                     per_case=None)] == [76, 58, 76, 46]
    assert [len(q.text) for q in illustrative_quotes(corpus, "beleid", n=2, max_chars=60, per_case=None)] == [58, 46]


def test_illustrative_quotes_leave_out_the_interviewer(corpus: CodedCorpus) -> None:
    quotes = illustrative_quotes(corpus, "regio", n=5, per_case=None)
    assert len(quotes) == 3
    assert not any(q.is_interviewer for q in quotes)
    assert "Werkt u samen in de regio?" not in [q.text for q in quotes]
    assert quotes[0].text == "Zonder goede regionale afspraken lukt het niet."  # the only one within bounds


def test_illustrative_quotes_are_deterministic(corpus: CodedCorpus) -> None:
    shuffled = replace(corpus, passages=tuple(reversed(corpus.passages)))
    assert illustrative_quotes(shuffled, "beleid", n=3) == illustrative_quotes(corpus, "beleid", n=3)
    assert quotes_for(shuffled, "routekaart") == quotes_for(corpus, "routekaart")
