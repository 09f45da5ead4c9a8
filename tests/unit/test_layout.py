"""clean_layout: hard-wrapped text from PDFs rejoined, line-end hyphens resolved, running footers dropped."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.domain.layout import CleanedText, clean_layout

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "transcripts"

# A write-up as it comes out of a PDF report: a title, a header with a list of people, numbered sections,
# turns wrapped at about 80 characters, words hyphenated at line ends, a running footer on each page.
PRINTED = """\
Bijlage 3.2 Interviewverslag - Gemeente Kleidorp
Gemeente: Kleidorp
Gesprekspartners:
Anna de Graaf, beleidsadviseur duurzaamheid
Pieter Smit, projectleider maatschappelijk vastgoed
Datum: 3 juni 2025
Interviewer: Joost Bakker
1. Verkenning context en ambities
Joost: Kunnen jullie iets vertellen over de ambities van Kleidorp op het gebied
van de verduurzaming van het maatschappelijk vastgoed?
Anna: Ja, de raad heeft vorig jaar besloten dat alle gemeentelijke gebouwen in
2030 minimaal energie-
label A moeten hebben. Dat is voor ons een forse verduurzamings-
opgave, zeker voor een kleine gemeente als de onze met zo'n veertig gebouwen.
Pieter: Klopt. De CO₂-
uitstoot van het zwembad is het grootste probleem, en we kijken naar de G40-
gemeenten en naar Noord-
Brabant voor goede voorbeelden van een aanpak die ook bij ons zou passen.
\fJ. Jansen  Warmte in de regio  Pagina 1
2. Samenwerking in de regio
Joost: Hoe gaat de samenwerking met de buurgemeente Veenhuizen-aan-Zee?
Anna: Goed, we delen sinds vorig jaar een adviseur. Belangrijkste afspraken:
• samen inkopen voor de aardgas-
vrije scholen in beide gemeenten, met een gezamenlijke aanbesteding
• een gedeelde kennisbank
Pieter: En we hebben wekelijks overleg over de netcongestie, want die raakt ons
allebei, en zonder de netbeheerder komen we er eerlijk gezegd niet uit.
\fJ. Jansen  Warmte in de regio  Pagina 2
Joost: Dank jullie wel voor het gesprek.
\fJ. Jansen  Warmte in de regio  Pagina 3
"""

PRINTED_CLEANED = """\
Bijlage 3.2 Interviewverslag - Gemeente Kleidorp

Gemeente: Kleidorp
Gesprekspartners:
Anna de Graaf, beleidsadviseur duurzaamheid
Pieter Smit, projectleider maatschappelijk vastgoed
Datum: 3 juni 2025
Interviewer: Joost Bakker

1. Verkenning context en ambities

Joost: Kunnen jullie iets vertellen over de ambities van Kleidorp op het gebied van de verduurzaming van \
het maatschappelijk vastgoed?

Anna: Ja, de raad heeft vorig jaar besloten dat alle gemeentelijke gebouwen in 2030 minimaal energielabel A \
moeten hebben. Dat is voor ons een forse verduurzamingsopgave, zeker voor een kleine gemeente als de onze met \
zo'n veertig gebouwen.

Pieter: Klopt. De CO₂-uitstoot van het zwembad is het grootste probleem, en we kijken naar de G40-gemeenten en \
naar Noord-Brabant voor goede voorbeelden van een aanpak die ook bij ons zou passen.

2. Samenwerking in de regio

Joost: Hoe gaat de samenwerking met de buurgemeente Veenhuizen-aan-Zee?

Anna: Goed, we delen sinds vorig jaar een adviseur. Belangrijkste afspraken:

• samen inkopen voor de aardgasvrije scholen in beide gemeenten, met een gezamenlijke aanbesteding

• een gedeelde kennisbank

Pieter: En we hebben wekelijks overleg over de netcongestie, want die raakt ons allebei, en zonder de \
netbeheerder komen we er eerlijk gezegd niet uit.

Joost: Dank jullie wel voor het gesprek.
"""


def test_a_printed_write_up_becomes_whole_turns_with_its_header_kept_line_by_line() -> None:
    cleaned = clean_layout(PRINTED)
    assert cleaned.text == PRINTED_CLEANED
    assert cleaned.changed


def test_an_empty_line_after_every_printed_line_reads_the_same() -> None:
    spaced = "\n\n".join(PRINTED.split("\n"))
    assert clean_layout(spaced).text == PRINTED_CLEANED


def test_the_warnings_say_what_was_rejoined_and_dropped_with_examples() -> None:
    warnings = clean_layout(PRINTED).warnings
    assert warnings[0] == "hard-wrapped text: 20 printed lines rejoined into 11 paragraphs"
    assert "3 words hyphenated at a line end rejoined (energielabel, verduurzamingsopgave, aardgasvrije)" in warnings
    assert "3 words split at a line end rejoined keeping the hyphen (CO₂-uitstoot, G40-gemeenten, Noord-Brabant)" \
        in warnings
    assert "3 running header/footer lines dropped ('J. Jansen Warmte in de regio Pagina 1')" in warnings


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("energie-", "label", "energielabel"),
    ("verduurzamings-", "opgave", "verduurzamingsopgave"),
    ("aardgas-", "vrije", "aardgasvrije"),
    ("CO₂-", "uitstoot", "CO₂-uitstoot"),
    ("Noord-", "Brabant", "Noord-Brabant"),
    ("G40-", "gemeenten", "G40-gemeenten"),
    ("LED-", "verlichting", "LED-verlichting"),
    ("zonne-", "energie", "zonne-energie"),  # klinkerbotsing: ee would read as one sound
    ("oud-", "wethouder", "oud-wethouder"),
    ("e-", "mailadres", "e-mailadres"),
    ("wet-", "en regelgeving", "wet- en regelgeving"),  # a dangling hyphen before a conjunction is spelling
    ("Veenhuizen-aan-", "Zee", "Veenhuizen-aan-Zee"),
])
def test_a_word_hyphenated_at_a_line_end_is_rejoined_by_dutch_spelling(first: str, second: str,
                                                                       expected: str) -> None:
    lines = [
        "Anna: We hebben in de gemeente Kleidorp al een tijd een plan liggen voor",
        "de verduurzaming van de gebouwen, en daar hoort in elk geval ook de " + first,
        second + " bij, want anders komen we er met de raad van Kleidorp niet uit",
        "en dan blijft het allemaal liggen tot na de volgende verkiezingen van de raad.",
        "Pieter: Dat herken ik wel, want bij ons in de buurgemeente speelt precies",
        "hetzelfde en daar wachten ze nu ook al meer dan twee jaar op een besluit.",
    ]
    cleaned = clean_layout("\n".join(lines) + "\n").text
    assert f"de {expected} bij, want" in cleaned


def test_the_document_itself_decides_before_the_spelling_rule() -> None:
    lines = [
        "Anna: Het zwembad krijgt een warmte-opslag in de kelder, dat is besloten, en",
        "het sportpark krijgt er ook een, want de warmte-",
        "opslag is de enige manier om de piek op te vangen zonder een zwaardere netaansluiting.",
        "Pieter: En het auto-",
        "ongeluk bij de ingang van het sportpark, heeft dat nog gevolgen gehad voor de bouw?",
        "Anna: Nee, maar na dat autoongeluk, zoals de aannemer het noemt, is wel de planning",
        "aangepast, want de werkzaamheden lagen toen een paar weken helemaal stil in Kleidorp.",
    ]
    cleaned = clean_layout("\n".join(lines) + "\n").text
    # The rule alone would join warmte|opslag (no vowel clash) and keep auto-ongeluk (oo clash).
    assert "de warmte-opslag is de enige" in cleaned
    assert "het autoongeluk bij de ingang" in cleaned


def test_a_hyphen_and_space_inside_a_line_is_left_alone_in_text_that_is_not_wrapped() -> None:
    text = ("Gemeente: Kleidorp\n\nAnna: Voor het energie- label van het gemeentehuis hebben we de wet- en "
            "regelgeving nagelezen, ook voor Noord- Brabant.\n")
    assert clean_layout(text) == CleanedText(text, (), False)


def test_a_hyphen_and_space_inside_a_printed_line_is_rejoined_in_hard_wrapped_text() -> None:
    lines = [
        "Anna: Voor het energie- label van het gemeentehuis hebben we eerst de wet- en",
        "regelgeving nagelezen, en daarna de afspraken met de provincie Noord- Brabant",
        "over de subsidie voor het zwembad en de sporthal aan de rand van het dorp.",
        "Pieter: Dat hebben wij in de buurgemeente ook gedaan, maar daar duurde het",
        "veel langer omdat de provincie eerst een nieuwe regeling wilde opstellen voor",
        "alle gemeenten in de regio, en dat kostte ons uiteindelijk bijna een jaar.",
    ]
    cleaned = clean_layout("\n".join(lines) + "\n")
    assert "Voor het energielabel van het gemeentehuis hebben we eerst de wet- en regelgeving" in cleaned.text
    assert "de provincie Noord-Brabant over de subsidie" in cleaned.text
    assert "1 word hyphenated at a line end rejoined (energielabel)" in cleaned.warnings
    assert "1 word split at a line end rejoined keeping the hyphen (Noord-Brabant)" in cleaned.warnings


PAGE_BODY = (
    "{speaker}: We zijn in {year} begonnen met een routekaart voor het eigen vastgoed van de",
    "gemeente, en daarin staat per gebouw wanneer het aan de beurt is en met welk budget. Dat",
    "geeft rust, want de raad hoeft niet bij elk gebouw opnieuw te besluiten over de aanpak",
    "en de ambtenaren weten waar ze aan toe zijn als er een nieuwe begroting komt.",
)


@pytest.mark.parametrize("footer", [
    "J. Jansen  Titel van het rapport  Pagina {page}",
    "Pagina {page} van 5",
    "- {page} -",
    "{page}",
])
def test_running_footers_with_a_page_number_are_dropped_at_every_page_break(footer: str) -> None:
    pages = []
    for page in range(1, 6):
        body = [line.format(speaker="Anna" if page % 2 else "Pieter", year=2018 + page) for line in PAGE_BODY]
        header = ["Rapport Warmte in de regio | " + str(page + 26)] if page > 1 else []
        pages.append("\n".join([*header, *body, footer.format(page=page)]))
    cleaned = clean_layout("\f".join(pages) + "\n")
    assert "Pagina" not in cleaned.text and "Rapport Warmte" not in cleaned.text
    assert re.search(r"(^|\n)\W*\d+\W*\n", cleaned.text) is None
    assert cleaned.text.count("\n\n") == 4 and cleaned.text.count("begroting komt.") == 5
    assert any(warning.startswith("9 running header/footer lines dropped") for warning in cleaned.warnings)


def test_a_running_header_without_a_number_is_dropped_when_it_tops_most_pages() -> None:
    pages = []
    for page in range(1, 5):
        body = [line.format(speaker="Anna" if page % 2 else "Pieter", year=2018 + page) for line in PAGE_BODY]
        pages.append("\n".join(["Tussenrapportage Warmte in de regio", *body]))
    cleaned = clean_layout("\f".join(pages) + "\n")
    assert "Tussenrapportage" not in cleaned.text and cleaned.text.count("begroting komt.") == 4
    assert "4 running header/footer lines dropped ('Tussenrapportage Warmte in de regio')" in cleaned.warnings


def test_a_footer_in_the_middle_of_a_sentence_vanishes_and_the_sentence_is_rejoined() -> None:
    pages = []
    for page in range(1, 4):
        pages.append("\n".join([
            f"Anna: Bij de sporthal in wijk {page} hebben we eerst de isolatie aangepakt en pas",
            "daarna de installaties, omdat je anders een warmtepomp koopt die veel te groot is",
            "voor wat het gebouw straks nog nodig heeft. Dat hebben we bij het zwembad helaas",
            f"J. Jansen  Titel van het rapport  Pagina {page}",
            "",
            "moeten leren, want daar staat nu een installatie die twee keer te zwaar is.",
        ]))
    text = "\n\n".join(pages) + "\n"  # copied from a PDF viewer: no form feeds, footers every few lines
    cleaned = clean_layout(text)
    assert "Pagina" not in cleaned.text
    assert cleaned.text.count("Dat hebben we bij het zwembad helaas moeten leren, want daar staat") == 3


def test_a_line_that_occurs_once_or_a_speaker_turn_at_every_page_edge_is_never_dropped() -> None:
    pages = []
    for page in range(1, 5):
        body = [line.format(speaker="Anna", year=2020 + page) for line in PAGE_BODY]
        once = ["Zie ook de tabel op pagina 12"] if page == 2 else []
        pages.append("\n".join(["Pieter: Ja.", *body, *once, "Pieter: Ja."]))
    cleaned = clean_layout("\f".join(pages) + "\n")
    assert cleaned.text.count("Pieter: Ja.") == 8
    assert cleaned.text.count("Zie ook de tabel op pagina 12") == 1
    assert not any("dropped" in warning for warning in cleaned.warnings)


def test_speaker_labels_sections_bullets_and_header_fields_start_paragraphs() -> None:
    lines = [
        "Gemeente: Veenhuizen-aan-Zee",
        "Datum: 12 maart 2025",
        "Thema 3: Financiering en subsidies voor het maatschappelijk vastgoed in de regio",
        "PS: De DUMAVA-subsidie hebben we vorig jaar voor het eerst aangevraagd voor drie",
        "scholen en een sporthal, en dat is allemaal toegekend zonder al te veel gedoe",
        "Anna de G.: Maar de eigen bijdrage is wel een probleem voor een kleine gemeente",
        "zoals de onze, waar elke euro al drie keer is uitgegeven voordat hij binnen is.",
        "[00:12:34] Rick: Dat zeggen alle gemeenten in de regio, daar moet het Rijk iets",
        "aan doen, en ook de provincie zou wat mij betreft veel meer kunnen betekenen",
        "I: Wat zou de provincie dan moeten doen, volgens jullie, als je het mocht zeggen",
        "over de verdeling van het geld voor de verduurzaming van het eigen vastgoed?",
        "R1: Meedenken, en vooral meebetalen aan de voorbereiding van de projecten zelf",
        "in plaats van alleen aan de uitvoering, want daar zit het grootste probleem",
        "2) Samenwerking met de netbeheerder en de energiecoöperatie in de regio",
        "- de netbeheerder zit vol tot 2030 en kan pas daarna weer nieuwe aansluitingen",
        "doen, ook niet voor de scholen waar de subsidie al voor is toegekend door het",
        "- de energiecoöperatie wil graag meedoen met de zonnepanelen op de daken",
        "▪ een warmtenet in de Molenwijk wordt nog onderzocht door de gemeente",
        "◦ met de woningcorporatie als eerste afnemer van de warmte uit het net",
    ]
    paragraphs = clean_layout("\n".join(lines) + "\n").text.rstrip("\n").split("\n\n")
    assert [paragraph.split(" ", 1)[0] for paragraph in paragraphs] == [
        "Gemeente:", "Thema", "PS:", "Anna", "[00:12:34]", "I:", "R1:", "2)", "-", "-", "▪", "◦"]
    assert paragraphs[0] == "Gemeente: Veenhuizen-aan-Zee\nDatum: 12 maart 2025"
    assert paragraphs[2].endswith("zonder al te veel gedoe")
    assert paragraphs[8].endswith("waar de subsidie al voor is toegekend door het")


def test_the_header_of_the_next_write_up_in_an_appendix_keeps_its_lines_together() -> None:
    first = [line.format(speaker="Anna", year=2021) for line in PAGE_BODY]
    second = ["Gemeente: Veenhuizen-aan-Zee", "Gesprekspartners:", "Pieter Smit, wethouder",
              "Anna de Graaf, projectleider warmte", "Datum: 2 mei 2025",
              *(line.format(speaker="Pieter", year=2022) for line in PAGE_BODY)]
    cleaned = clean_layout("\n".join(first) + "\n\f" + "\n".join(second) + "\n")
    assert cleaned.text.split("\n\n")[1] == "\n".join(second[:5])


@pytest.mark.parametrize("path", sorted(p for p in TRANSCRIPTS.iterdir() if p.suffix in {".txt", ".md"}),
                         ids=lambda path: path.name)
def test_the_example_transcripts_come_back_exactly_as_given(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    cleaned = clean_layout(text)
    assert cleaned == clean_layout(text) and not cleaned.changed and cleaned.warnings == ()
    assert cleaned.text is text


# -- properties -------------------------------------------------------------------------------------------------

WORDS = ("de", "gemeente", "Kleidorp", "warmtenet", "netcongestie", "verduurzaming", "van", "het", "CO₂-uitstoot",
         "Veenhuizen-aan-Zee", "raad", "wethouder", "energielabel", "zonne-energie", "en", "met", "G40-gemeenten",
         "aardgasvrije", "buurgemeente", "in", "2030", "maatschappelijk", "vastgoed", "o.a.", "kennisdeling")
SPEAKERS = ("Anna", "Pieter", "I", "R1", "Anna de G.")

sentence = st.lists(st.sampled_from(WORDS), min_size=4, max_size=18).map(
    lambda words: " ".join(words)[0].upper() + " ".join(words)[1:] + ".")
turn = st.tuples(st.sampled_from(SPEAKERS), st.lists(sentence, min_size=1, max_size=6)).map(
    lambda pair: f"{pair[0]}: " + " ".join(pair[1]))


def _word_characters(text: str) -> str:
    return re.sub(r"\W", "", text)


@settings(max_examples=60, deadline=None)
@given(turns=st.lists(turn, min_size=3, max_size=12), width=st.integers(55, 100), spaced=st.booleans(),
       lines_per_page=st.integers(8, 30))
def test_cleaning_a_printed_text_keeps_every_word_and_cleaning_again_changes_nothing(
        turns: list[str], width: int, spaced: bool, lines_per_page: int) -> None:
    printed = [line for paragraph in turns for line in textwrap.wrap(paragraph, width)]
    pages = [printed[start:start + lines_per_page] for start in range(0, len(printed), lines_per_page)]
    footers = len(pages) > 1  # a footer on a single page occurs once: it is text, not a footer
    text = "\f".join("\n".join([*page, *([f"Verslag Kleidorp  Pagina {number}"] if footers else [])])
                     for number, page in enumerate(pages, start=1))
    if spaced:
        text = text.replace("\n", "\n\n")
    cleaned = clean_layout(text + "\n")
    assert _word_characters(cleaned.text) == _word_characters("\n".join(turns))
    assert clean_layout(cleaned.text).text == cleaned.text
    if footers:
        assert cleaned.text.rstrip("\n").split("\n\n") == turns


@settings(max_examples=40, deadline=None)
@given(turns=st.lists(turn, min_size=1, max_size=12))
def test_text_with_one_line_a_paragraph_comes_back_unchanged(turns: list[str]) -> None:
    text = "Gemeente: Kleidorp\nDatum: 3 juni 2025\n\n" + "\n\n".join(turns) + "\n"
    cleaned = clean_layout(text)
    assert cleaned.text == text and not cleaned.changed


def test_yaml_front_matter_is_never_reflowed_only_the_text_below_it() -> None:
    front = "---\ngemeente: Hoogveen\ngesprekspartner: Els Verhoef\nfunctie: beleidsadviseur energie\n" \
            "datum: 3 maart 2025\ninterviewer: Tom de Wit\nprojectcode: WT-07\n---\n"
    short = front + "\nTom: Wat is de ambitie van Hoogveen?\n\nEls: Onze gemeente heeft geen routekaart.\n"
    assert clean_layout(short) == CleanedText(short, (), False)
    cleaned = clean_layout(front + "\n" + PRINTED)
    assert cleaned.changed
    assert cleaned.text.startswith(front)
    assert cleaned.text[len(front):] == clean_layout("\n" + PRINTED).text
