"""clean_layout: running headers and footers without page numbers dropped, wrapped titles and header keys kept."""

from __future__ import annotations

from qualcode.domain.layout import clean_layout

FOOTER = "Eindrapport Warmte in Kleidorp – Bijlage 2"
ANSWER = [
    "{speaker}: In {year} hebben we de eerste stappen gezet met een routekaart voor de",
    "gebouwen van de gemeente, en daar staat per gebouw in wanneer het aan de beurt is.",
    "Dat geeft rust in de organisatie, want de raad hoeft niet elke keer opnieuw te",
    "besluiten over de aanpak en het budget van een school of een sporthal.",
]


def _page(number: int, edge: list[str], *, top: bool = False) -> str:
    question = f"Joost: Wat is er in {2015 + number} met de sporthal gebeurd?"
    body = [line.format(speaker="Anna", year=2015 + number) for line in ANSWER]
    return "\n".join([*edge, *body, question] if top else [*body, question, *edge])


def test_a_footer_without_a_page_number_on_every_page_is_dropped_between_a_question_and_its_answer() -> None:
    text = "\f".join(_page(number, [FOOTER]) for number in range(1, 8)) + "\n"
    cleaned = clean_layout(text)
    assert FOOTER not in cleaned.text
    assert "gebeurd?\n\nAnna: In 2017" in cleaned.text
    assert f"7 running header/footer lines dropped ('{FOOTER}')" in cleaned.warnings


def test_a_page_header_of_two_printed_lines_on_both_pages_of_two_is_dropped() -> None:
    header = ["Bureau Zuidwind | Onderzoek warmte in de regio |", "VERTROUWELIJK"]
    text = "\f".join(_page(number, header, top=True) for number in (1, 2)) + "\n"
    cleaned = clean_layout(text)
    assert "Zuidwind" not in cleaned.text and "VERTROUWELIJK" not in cleaned.text
    assert cleaned.text.count("Anna: In ") == 2
    assert "4 running header/footer lines dropped ('Bureau Zuidwind | Onderzoek warmte in de regio |', " \
           "'VERTROUWELIJK')" in cleaned.warnings


def test_a_line_at_the_edge_of_fewer_than_two_thirds_of_the_pages_is_kept() -> None:
    remark = "Zie ook de tabel in de bijlage"
    text = "\f".join(_page(number, [remark] if number <= 3 else []) for number in range(1, 7)) + "\n"
    cleaned = clean_layout(text)
    assert cleaned.text.count(remark) == 3
    assert not any("dropped" in warning for warning in cleaned.warnings)


def test_a_header_field_or_a_turn_at_the_edge_of_every_page_is_never_dropped() -> None:
    edges = ["Gemeente: Kleidorp", "gemeente: Kleidorp", "Interviewer: Joost Bakker", "Pieter: Precies"]
    text = "\f".join(_page(number, edges, top=True) for number in range(1, 5)) + "\n"
    cleaned = clean_layout(text)
    for edge in edges:
        assert cleaned.text.count(edge) == 4
    assert not any("dropped" in warning for warning in cleaned.warnings)


TITLED = [
    "Interviewverslag gemeente",
    "Elsenburg",
    "Onderzoek warmte in het maatschappelijk vastgoed – fase 2",
    "Gemeente: Elsenburg",
    "Datum: 24 juni 2025",
    "Inhoud",
    "Context en ambities",
    *(line.format(speaker="Anna", year=2022) for line in ANSWER),
    "Joost: Kunt u iets vertellen over de ambities van Elsenburg voor het eigen",
    "vastgoed en de rol die de raad daarbij heeft gespeeld in de afgelopen jaren?",
]


def test_a_title_wrapped_over_two_printed_lines_is_one_line_again() -> None:
    second_page = [line.format(speaker="Pieter", year=2023) for line in ANSWER]
    blocks = clean_layout("\n".join(TITLED) + "\f" + "\n".join(second_page) + "\n").text.split("\n\n")
    assert blocks[:5] == ["Interviewverslag gemeente Elsenburg",
                          "Onderzoek warmte in het maatschappelijk vastgoed – fase 2",
                          "Gemeente: Elsenburg\nDatum: 24 juni 2025", "Inhoud", "Context en ambities"]


def test_a_whole_title_keeps_the_heading_below_it_apart() -> None:
    lines = ["Interviewverslag gemeente Elsenburg", "Context en ambities", *TITLED[7:]]
    blocks = clean_layout("\n".join(lines) + "\n").text.split("\n\n")
    assert blocks[:2] == ["Interviewverslag gemeente Elsenburg", "Context en ambities"]


def test_the_header_keys_are_those_the_header_parser_knows() -> None:
    lines = ["Gemeente: Elsenburg", "Datum gesprek: 24 juni 2025", "Deelnemers:", "Anna de Graaf, wethouder",
             "Pieter Smit, projectleider", "Projectcode: WT-07",
             *(line.format(speaker="Anna", year=2022) for line in ANSWER), *TITLED[-2:]]
    blocks = clean_layout("\n".join(lines) + "\n").text.split("\n\n")
    assert blocks[0] == "\n".join(lines[:6])
