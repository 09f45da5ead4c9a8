"""find_writeups: the write-ups of an appendix file, split at their repeating title lines."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.domain.writeups import WriteUpPart, find_writeups

INTRODUCTION = """Bijlage 3 Interviewverslagen

In deze bijlage staan de verslagen van de gesprekken met vier gemeenten. De verslagen zijn door de
geïnterviewden gecontroleerd. Waar een interviewverslag citaten bevat, zijn die letterlijk overgenomen.
"""

# Four write-ups, each with a header laid out differently.
KLEIDORP = """Bijlage 3.1 Interviewverslag - Gemeente Kleidorp

Gemeente: Kleidorp
Gesprekspartner: Anna de Graaf, beleidsadviseur duurzaamheid
Datum: 3 juni 2025
Interviewer: Pieter Smit

Pieter: Hoe staat het met de verduurzaming van het gemeentehuis?
Anna: We hebben een routekaart, maar de netcongestie houdt ons op.
"""
VEENHUIZEN = """Bijlage 3.2 Gespreksverslag - Gemeente Veenhuizen

Gesprekspartners:

Jan Jansen, wethouder

Els Bakker (projectleider vastgoed)

Datum: 5 juni 2025

Belangrijkste besproken punten
• De DUMAVA-aanvraag is ingediend voor twee scholen.
   o De gymzaal volgt later.
• Capaciteit is het grootste knelpunt.
"""
ZUIDERMEER = """Bijlage 3.3: Interview met de gemeente Zuidermeer

I: Wat zijn de belangrijkste ambities?
R: Paris Proof in 2040, en eerder waar het kan.
I: En de financiering?
R: Daar is structurele financiering voor nodig, anders lukt het niet.
"""
OOST_LINDEVELD = """Bijlage 3.4 Verslag interview Gemeente Oost-Lindeveld (12 juni 2025)

Het gesprek vond plaats in het gemeentehuis van Oost-Lindeveld. De gemeente heeft een transitievisie warmte
vastgesteld en werkt aan een wijkuitvoeringsplan voor twee wijken. De gesprekspartner benadrukte dat
bestuurlijk draagvlak er is, maar dat de ambtelijke capaciteit te klein is om alles tegelijk op te pakken.
Samenwerking met buurgemeenten helpt bij kennisdeling.
"""
APPENDIX = "\n".join([INTRODUCTION, KLEIDORP, VEENHUIZEN, ZUIDERMEER, OOST_LINDEVELD])


def titles(parts: list[WriteUpPart]) -> list[str]:
    return [part.title for part in parts]


def test_four_write_ups_with_different_header_layouts_are_four_parts() -> None:
    parts = find_writeups(APPENDIX)

    assert titles(parts) == [
        "Bijlage 3.1 Interviewverslag - Gemeente Kleidorp",
        "Bijlage 3.2 Gespreksverslag - Gemeente Veenhuizen",
        "Bijlage 3.3: Interview met de gemeente Zuidermeer",
        "Bijlage 3.4 Verslag interview Gemeente Oost-Lindeveld (12 juni 2025)",
    ]
    assert [part.number for part in parts] == [1, 2, 3, 4]
    assert [APPENDIX[part.start:part.end] for part in parts] == [
        KLEIDORP + "\n", VEENHUIZEN + "\n", ZUIDERMEER + "\n", OOST_LINDEVELD]


def test_the_introduction_before_the_first_title_is_no_part() -> None:
    parts = find_writeups(APPENDIX)

    assert parts[0].start == len(INTRODUCTION) + 1
    assert parts[0].line == INTRODUCTION.count("\n") + 2
    assert APPENDIX.splitlines()[parts[0].line - 1] == parts[0].title
    assert "In deze bijlage" not in APPENDIX[parts[0].start:]


TABLE_OF_CONTENTS = """Inhoudsopgave

1 Inleiding 3
2 Aanpak 5
Bijlage 3.1 Interviewverslag - Gemeente Kleidorp ........ 14
Bijlage 3.2 Gespreksverslag - Gemeente Veenhuizen ........ 17
Bijlage 3.3: Interview met de gemeente Zuidermeer ........ 19
Bijlage 3.4 Verslag interview Gemeente Oost-Lindeveld (12 juni 2025) ........ 22
"""


def test_a_table_of_contents_is_not_split_into_parts() -> None:
    text = TABLE_OF_CONTENTS + "\n" + APPENDIX
    parts = find_writeups(text)

    assert len(parts) == 4
    assert parts[0].start == text.index("Bijlage 3.1 Interviewverslag - Gemeente Kleidorp\n")
    assert all(" 14" not in part.title and "...." not in part.title for part in parts)


def test_a_table_of_contents_without_dot_leaders_is_not_split_either() -> None:
    contents = ("Inhoud\n\nBijlage 3.1 Interviewverslag - Gemeente Kleidorp 14\n\n"
                "Bijlage 3.2 Gespreksverslag - Gemeente Veenhuizen 17\n\n"
                "Bijlage 3.3: Interview met de gemeente Zuidermeer 19\n\n")
    # The introduction after it has a 'Key: value' line, so only the page numbers tell the last entry apart.
    introduction = "Let op: de namen van inwoners zijn weggelaten.\n\n"
    text = contents + introduction + "\n".join([KLEIDORP, VEENHUIZEN, ZUIDERMEER])

    parts = find_writeups(text)

    assert titles(parts) == ["Bijlage 3.1 Interviewverslag - Gemeente Kleidorp",
                             "Bijlage 3.2 Gespreksverslag - Gemeente Veenhuizen",
                             "Bijlage 3.3: Interview met de gemeente Zuidermeer"]
    assert parts[0].start == text.index(KLEIDORP)


def test_a_single_contents_entry_with_dot_leaders_is_no_part() -> None:
    contents = "Inhoud\nBijlage 3 Interview met de gemeenten ........ 14\n\n"
    introduction = "Leeswijzer: elk verslag begint met de gegevens van het gesprek.\n\n"
    text = contents + introduction + "\n".join([KLEIDORP, VEENHUIZEN])

    parts = find_writeups(text)

    assert titles(parts) == ["Bijlage 3.1 Interviewverslag - Gemeente Kleidorp",
                             "Bijlage 3.2 Gespreksverslag - Gemeente Veenhuizen"]


def test_a_table_of_contents_with_one_write_up_after_it_is_no_appendix() -> None:
    text = TABLE_OF_CONTENTS + "\nInleiding\n\nDit rapport gaat over de verduurzaming van vastgoed.\n\n" + KLEIDORP

    assert find_writeups(text) == []


def test_titles_listed_without_a_write_up_under_them_are_no_parts() -> None:
    text = ("Gesproken is met:\n\nInterviewverslag - Gemeente Kleidorp\nInterviewverslag - Gemeente Veenhuizen\n"
            "Interviewverslag - Gemeente Zuidermeer\n")

    assert find_writeups(text) == []


def test_a_write_up_mentioned_in_a_sentence_is_no_title() -> None:
    text = """Interviewverslag - Gemeente Kleidorp

Datum: 3 juni 2025
Interviewer: Pieter Smit

Pieter: Heeft u het interviewverslag van Veenhuizen gelezen?
Anna: Ja. Interviewverslag gemeente Veenhuizen lag op mijn bureau.
Interviewverslag gemeente Veenhuizen is door de wethouder gecontroleerd.
Pieter: Dank u wel.
"""
    assert find_writeups(text) == []


def test_one_write_up_with_a_title_is_no_appendix() -> None:
    assert find_writeups(KLEIDORP) == []
    assert find_writeups("") == []


@pytest.mark.parametrize(("first", "second"), [
    ("Interviewverslag - Gemeente Kleidorp", "Interviewverslag - Gemeente Veenhuizen-aan-Zee"),
    ("Interviewverslag gemeente Kleidorp", "Interviewverslag gemeente Veenhuizen-aan-Zee"),
    ("Bijlage 3.1 Gespreksverslag - Gemeente Kleidorp", "Bijlage 3.2 Gespreksverslag - Gemeente Veenhuizen"),
    ("Bijlage B.3: Interview met de gemeente Kleidorp", "Bijlage B.4: Interview met de gemeente Zuidermeer"),
    ("Verslag interview Gemeente Kleidorp (3 juni 2025)", "Verslag interview Gemeente Oost-Lindeveld (12 juni 2025)"),
    ("3.3 Gespreksverslag Kleidorp", "3.4 Gespreksverslag Westerhaven"),
    ("## Interviewverslag - Kleidorp", "## Interviewverslag - Westerhaven"),
    ("**Interviewverslag - Kleidorp**", "**Interviewverslag - Westerhaven**"),
    ("Transcriptie interview ’s-Heerenbeek", "Transcriptie interview Westerhaven"),
])
def test_each_title_layout_splits_when_it_repeats(first: str, second: str) -> None:
    body = "\nDatum: 3 juni 2025\n\nPieter: Wat is uw rol?\nAnna: Ik ben beleidsadviseur.\n\n"
    text = first + "\n" + body + second + "\n" + body

    parts = find_writeups(text)

    assert titles(parts) == [first.strip("#* "), second.strip("#* ")]
    assert [(part.start, part.line) for part in parts] == [(0, 1), (len(first) + 1 + len(body), 8)]
    assert parts[1].end == len(text)


def test_parts_follow_the_title_pattern_that_repeats_not_a_sub_heading_of_another_shape() -> None:
    part = ("{number} Gespreksverslag {place}\n\nInterview met de wethouder\n\nDatum: 3 juni 2025\n\n"
            "Pieter: Wat is de ambitie?\nAnna: Paris Proof.\n\n")
    text = part.format(number="3.3", place="Kleidorp") + part.format(number="3.4", place="Westerhaven")

    parts = find_writeups(text)

    assert titles(parts) == ["3.3 Gespreksverslag Kleidorp", "3.4 Gespreksverslag Westerhaven"]


def test_a_longer_word_than_the_write_up_word_is_no_title() -> None:
    body = "\nDatum: 3 juni 2025\nInterviewer: Pieter Smit\nPieter: Vraag?\nAnna: Antwoord.\n\n"
    text = "Interviewverslagen Kleidorp\n" + body + "Interviewverslagen Westerhaven\n" + body

    assert find_writeups(text) == []


def test_interview_guide_sections_inside_one_transcript_are_no_write_ups() -> None:
    text = """Gemeente: Kleidorp
Interviewer: Pieter Smit

1. Verkenning context en ambities
Pieter: Wat zijn de ambities?
Anna: Een energieneutraal gemeentehuis.

2. Ervaringen met samenwerking
Pieter: Hoe verloopt de samenwerking?
Anna: Goed, via de regio.
"""
    assert find_writeups(text) == []


def test_a_title_with_a_year_after_a_write_up_is_still_a_title() -> None:
    body = "\nDatum: 3 juni 2025\n\nPieter: Wat is uw rol?\nAnna: Ik ben wethouder.\n\n"
    text = "Interviewverslag Kleidorp 2024\n" + body + "Interviewverslag Kleidorp 2025\n" + body

    assert titles(find_writeups(text)) == ["Interviewverslag Kleidorp 2024", "Interviewverslag Kleidorp 2025"]


_TITLES = [
    "Bijlage 3.{n} Interviewverslag - Gemeente Kleidorp", "Interviewverslag gemeente Veenhuizen",
    "## Interviewverslag - Westerhaven", "3.{n} Gespreksverslag Zuidermeer",
    "Bijlage 3.{n} Interviewverslag - Gemeente Kleidorp ........ 1{n}",
]
_BLOCKS = [
    "Datum: 3 juni 2025", "Gesprekspartners:", "Anna de Graaf, beleidsadviseur", "Pieter: Wat is de ambitie?",
    "Anna: Een energieneutraal gemeentehuis in 2030.", "• Capaciteit is een knelpunt.", "",
    "De gemeente werkt aan een routekaart voor het maatschappelijk vastgoed en zoekt koppelkansen.",
    "In het interviewverslag van Kleidorp staat meer.", "2 Aanpak 5",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.builds(lambda template, n: template.format(n=n), st.sampled_from(_TITLES), st.integers(1, 9)),
    st.sampled_from(_BLOCKS),
    st.text(alphabet="ab :.-#\n•3", max_size=30),
), max_size=40))
def test_parts_are_in_order_do_not_overlap_and_cover_the_text_from_the_first_title(lines: list[str]) -> None:
    text = "\n".join(lines)

    parts = find_writeups(text)

    if not parts:
        return
    assert len(parts) >= 2
    assert [part.number for part in parts] == list(range(1, len(parts) + 1))
    assert parts[-1].end == len(text)
    for part, following in pairwise(parts):
        assert part.end == following.start
    for part in parts:
        assert part.start < part.end
        assert part.start == 0 or text[part.start - 1] == "\n"
        assert part.line == text.count("\n", 0, part.start) + 1
        assert part.title in text[part.start:part.end].split("\n", 1)[0]
