"""Anonymisation that holds: other Dutch places in quotes and texts become "[plaats]" (ambiguous names only where
they are names), anonymised Bijlage A shows month and year and general functions, the leak check matches names
and not our own column headers, says which name, where and how to fix it, and an alias no longer blocks an export."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.domain.places import PLACEHOLDER, PlaceFinder, dutch_places, parse_places
from qualcode.project import Project
from qualcode.project.demo import build_demo
from qualcode.project.reports import TableRequest, coded_corpus
from qualcode.reporting.generalise import RoleGeneraliser, month_only

RIJNSTEDE = """Gemeente: Rijnstede
Gesprekspartner: Joris Hekman
Functie: projectleider vastgoed en warmte
Datum: 14 mei 2025
Interviewer: Lotte Visser

Lotte: Met wie werken jullie samen aan het warmtenet?

Joris: We trekken veel op met buurgemeenten zoals Zwolle en Kampen, en we kijken naar de Friese gemeenten. \
Best lastig, eigenlijk. De gemeente Best heeft al een warmtenet en in Huizen loopt een pilot. \
In Westerbroek doen ze het anders. Wij kampen met een tekort aan capaciteit, net als Den Haag.
"""
PASSAGE_START = "We trekken veel op"
PASSAGE_END = "net als Den Haag."


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("anonymise") / "demo"
    with build_demo(root) as project:
        source = root / "transcripts" / "rijnstede.txt"
        source.write_text(RIJNSTEDE, encoding="utf-8")
        project.import_transcripts([source])
        document = next(d for d in project.documents() if d.case_name == "Rijnstede")
        text = project.document_text(document.guid)
        start, end = text.index(PASSAGE_START), text.index(PASSAGE_END) + len(PASSAGE_END)
        project.apply_coding(document.guid, start, end, typed_code(project), "sanne")
    return root


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Project]:
    shutil.copytree(demo_template, tmp_path / "demo")
    with Project.open(tmp_path / "demo") as project:
        yield project


def typed_code(project: Project) -> str:
    return next(code.key for code in coded_corpus(project.store).codes if code.type == "opportunity")


def quote_of_rijnstede(project: Project, *, anonymise: bool) -> str:
    content = project.table(TableRequest("quotes", code=typed_code(project)), "csv", anonymise=anonymise).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    quotes = [cell for row in rows[1:] for cell in row if "trekken veel op" in cell]
    assert len(quotes) == 1
    return quotes[0]


def unescaped(markdown: str) -> str:
    """Markdown as a reader sees it: "\\[plaats\\]" is "[plaats]"."""
    return markdown.replace("\\[", "[").replace("\\]", "]")


def set_report_option(project: Project, line: str) -> None:
    config = project.root / "qualcode.toml"
    text = config.read_text(encoding="utf-8")
    key = line.split("=", 1)[0].strip()
    text = re.sub(rf"(?m)^{re.escape(key)}\s*=.*\n", "", text)  # the setting as the project had it
    config.write_text(text.replace("[report]\n", f"[report]\n{line}\n", 1), encoding="utf-8")


def reopen(project: Project) -> Project:
    root = project.root
    project.close()
    return Project.open(root)


# -- places in quotes and texts --------------------------------------------------------------------------------------
def test_other_places_in_a_quote_become_plaats_and_the_case_itself_gemeente(demo: Project) -> None:
    plain = quote_of_rijnstede(demo, anonymise=False)
    assert "zoals Zwolle en Kampen" in plain and "de Friese gemeenten" in plain

    quote = quote_of_rijnstede(demo, anonymise=True)
    assert "buurgemeenten zoals [plaats] en [plaats]" in quote
    assert "de [plaats] gemeenten" in quote
    assert "Best lastig, eigenlijk." in quote  # a sentence that begins with the word 'best'
    assert "De gemeente [plaats] heeft" in quote and "in [plaats] loopt een pilot" in quote
    assert "In [gemeente] doen ze het anders" in quote  # Westerbroek is a case of the study
    assert "Wij kampen met een tekort" in quote and "net als [plaats]." in quote
    for name in ("Zwolle", "Kampen", "Friese", "Huizen", "Westerbroek", "Den Haag"):
        assert name not in quote


def test_places_in_a_memo_shown_by_the_synthesis_become_plaats(demo: Project) -> None:
    code = typed_code(demo)
    demo.set_memo("code", code, "Vooral genoemd door Drentse en Groningse gemeenten, en door Amersfoort.", "sanne")
    text = unescaped(demo.report("synthesis", "md", anonymise=True).content.decode("utf-8"))
    assert "Vooral genoemd door [plaats] en [plaats] gemeenten, en door [plaats]." in text
    assert "Amersfoort" not in text and "Drentse" not in text


def test_the_place_list_is_complete_and_well_formed() -> None:
    places = dutch_places()
    gemeenten = [p for p in places if p.kind == "gemeente"]
    provinces = [p for p in places if p.kind == "provincie"]
    assert len(gemeenten) == 342 and len({p.name for p in gemeenten}) == 342
    assert {p.name for p in provinces} == {"Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland",
                                          "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant",
                                          "Limburg"}
    assert all(p.province in {q.name for q in provinces} for p in gemeenten)
    per_province = {q.name: sum(1 for p in gemeenten if p.province == q.name) for q in provinces}
    assert per_province["Noord-Brabant"] == 56 and per_province["Fryslân"] == 18 and per_province["Flevoland"] == 6
    assert {"Amsterdammer", "Amsterdamse", "Friese", "Groninger", "Den Haag", "Den Bosch"} <= {
        form for p in places for form in p.forms}
    with pytest.raises(ValueError, match="line 2"):
        parse_places("# a comment\nstad | Zwolle | Overijssel |\n")


def test_the_package_ships_the_list() -> None:
    data = Path(__file__).parents[2] / "qualcode" / "domain" / "data" / "places_nl.txt"
    assert data.is_file()
    ignored = (Path(__file__).parents[2] / ".gitignore")
    patterns = ignored.read_text(encoding="utf-8").split() if ignored.exists() else []
    assert not any(pattern in ("*.txt", "data/", "qualcode/domain/data/") for pattern in patterns)


@pytest.mark.parametrize(("text", "expected"), [
    ("Het is best lastig.", "Het is best lastig."),
    ("Best lastig. In Best niet.", "Best lastig. In [plaats] niet."),
    ("“Buren helpen elkaar,” zegt ze. De gemeente Buren ook.",
     "“Buren helpen elkaar,” zegt ze. De gemeente [plaats] ook."),
    ("Houten kozijnen in Houten en Huizen.", "Houten kozijnen in [plaats] en [plaats]."),
    ("Het Bestuur aan de Zwolleweg.", "Het Bestuur aan de Zwolleweg."),
    ("Zwolle-Zuid en Bergen op Zoom.", "[plaats]-Zuid en [plaats]."),
    ("In ’s-Hertogenbosch en Sudwest-Fryslan.", "In [plaats] en [plaats]."),
    ("Over berg en dal, maar in Berg en Dal.", "Over berg en dal, maar in [plaats]."),
    ("- Goes: een pilot.\n- Utrechtse aanpak.", "- Goes: een pilot.\n- [plaats] aanpak."),
    ("Naar de Bilt, den Haag en Het Hogeland.", "Naar [plaats], [plaats] en [plaats]."),
    ("Op de bilt van het hogeland.", "Op de bilt van het hogeland."),
])
def test_ambiguous_names_are_places_only_where_they_are_names(text: str, expected: str) -> None:
    assert PlaceFinder().replace(text) == expected


def test_a_case_of_the_study_is_left_to_the_case_anonymiser() -> None:
    # The case anonymiser replaces 'Zwolle' (and Zwolles, Zwoller…) by its pseudonym; other forms are still places.
    finder = PlaceFinder(leave=["Zwolle"])
    assert finder.replace("Zwolle en Kampen, Zwolse en Kamper plannen") == f"Zwolle en {PLACEHOLDER}, " \
        f"{PLACEHOLDER} en {PLACEHOLDER} plannen"


# -- Bijlage A: dates and functions ----------------------------------------------------------------------------------
def bijlage_a(text: str) -> str:
    return text.split("Bijlage A", 1)[1].split("Bijlage B", 1)[0]


def test_anonymised_bijlage_a_shows_month_and_year_and_general_functions(demo: Project) -> None:
    plain = bijlage_a(demo.report("appendix", "md").content.decode("utf-8"))
    assert "14 mei 2025" in plain and "projectleider vastgoed en warmte" in plain

    set_report_option(demo, 'anonymous_roles = ["wethouder", "projectleider", "beleidsadviseur"]')
    demo = reopen(demo)
    try:
        appendix = demo.report("appendix", "md", anonymise=True).content.decode("utf-8")
    finally:
        demo.close()
    anonymous = bijlage_a(appendix)
    assert "mei 2025" in anonymous and "14 mei" not in anonymous
    day_and_month = r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november)\b"
    assert not re.search(day_and_month, appendix)  # nor in the methods' period of the interviews
    assert "projectleider vastgoed" not in anonymous and "| projectleider |" in anonymous
    assert "programmamanager" not in anonymous and "andere functie" in anonymous  # not in the project's list


def test_generalising_dates_and_roles() -> None:
    assert month_only("2025-04-11") == "april 2025" and month_only("2025-04-11", "en") == "April 2025"
    assert month_only("11 april 2025") == "april 2025" and month_only("2025") == "2025"
    assert month_only("14 mei") == "–" and month_only(None) == "–"
    roles = RoleGeneraliser()
    assert roles("projectleider vastgoed") == "projectleider"
    assert roles("Senior Beleidsadviseur duurzaamheid") == "beleidsadviseur"
    assert roles("energieadviseur") == "adviseur" and roles("beleidsmedewerker energie") == "beleidsmedewerker"
    assert roles("Coördinator bewonersinitiatief") == "coördinator"
    assert roles("kapitein") == "andere functie" and RoleGeneraliser(lang="en")("kapitein") == "other position"


# -- the leak check --------------------------------------------------------------------------------------------------
def test_a_leak_message_says_which_name_where_it_comes_from_and_how_to_fix_it(demo: Project) -> None:
    # Quotes, memos and definitions are scrubbed; the check catches what is not, such as the project's own name.
    config = demo.root / "qualcode.toml"
    config.write_text(re.sub(r'(?m)^name = .*$', 'name = "Gesprekken met Joris Hekman en anderen"',
                             config.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    demo = reopen(demo)
    try:
        with pytest.raises(ProjectError) as raised:
            demo.report("synthesis", "md", anonymise=True)
    finally:
        demo.close()
    message = f"{raised.value}"
    hint = raised.value.hint or ""
    assert "'Joris Hekman'" in message and "a participant in" in message and "Rijnstede" in message
    assert "as 'Joris Hekman' on line 1" in message and "Gesprekken met" in message
    assert "nothing was written" in hint and "template" in hint and "transcript's header" in hint


def test_a_name_under_anonymise_names_points_at_that_setting(demo: Project) -> None:
    set_report_option(demo, 'anonymise_names = ["Wietske Dijkhuis"]')
    demo = reopen(demo)
    try:
        demo.set_memo("code", typed_code(demo), "Zie ook het advies van Dijkhuis.", "sanne")
        synthesis = unescaped(demo.report("synthesis", "md", anonymise=True).content.decode("utf-8"))
        assert "Zie ook het advies van [naam]." in synthesis  # scrubbed from the memo
        config = demo.root / "qualcode.toml"
        config.write_text(re.sub(r'(?m)^name = .*$', 'name = "Advies Dijkhuis"', config.read_text(encoding="utf-8"),
                                 count=1), encoding="utf-8")
        demo.close()
        demo = Project.open(demo.root)
        with pytest.raises(ProjectError) as raised:
            demo.report("synthesis", "md", anonymise=True)
    finally:
        demo.close()
    assert "'Wietske Dijkhuis' (listed under [report] anonymise_names" in str(raised.value)
    assert "as 'Dijkhuis'" in str(raised.value) and "anonymise_names" in (raised.value.hint or "")


def test_an_alias_with_gemeente_in_front_no_longer_blocks_an_export(demo: Project) -> None:
    config = demo.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[cases.aliases]\n",
        '[cases.aliases]\n"Gemeente Westerbroek" = "Westerbroek"\n"Westerbroek-Oost" = "Westerbroek"\n'),
        encoding="utf-8")
    demo = reopen(demo)
    try:
        for kind in ("synthesis", "appendix", "case"):
            demo.report(kind, "md", anonymise=True)  # the column header 'Gemeente' and 'Gemeente A' are no leak
        demo.set_memo("code", typed_code(demo), "Zo pakt Westerbroek-Oost het aan.", "sanne")
        synthesis = unescaped(demo.report("synthesis", "md", anonymise=True).content.decode("utf-8"))
        assert "Zo pakt [gemeente] het aan." in synthesis
    finally:
        demo.close()


def test_a_word_of_our_own_column_headers_is_no_leak_there_but_is_one_in_a_text(demo: Project) -> None:
    set_report_option(demo, 'anonymise_names = ["Datum"]')  # a one-word name, as a column of Bijlage A is headed
    demo = reopen(demo)
    try:
        text = demo.report("appendix", "md", anonymise=True).content.decode("utf-8")
        assert "| Datum |" in text
        config = demo.root / "qualcode.toml"
        config.write_text(re.sub(r'(?m)^name = .*$', 'name = "Onderzoek Datum"', config.read_text(encoding="utf-8"),
                                 count=1), encoding="utf-8")
        demo.close()
        demo = Project.open(demo.root)
        with pytest.raises(ProjectError, match="'Datum'"):
            demo.report("synthesis", "md", anonymise=True)
    finally:
        demo.close()
