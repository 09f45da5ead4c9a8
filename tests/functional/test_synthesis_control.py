"""reports/synthesis.toml (or [report.synthesis] in qualcode.toml): the researcher orders types, themes and codes,
names the example gemeenten, picks quotes by coding id, writes an introduction and closing text (or takes a theme's
memo), leaves codes out; every mistake is a message with the file, the line and what to do."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from tests.functional.synthesis_project import build, codings


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("control") / "studie", 9)


@pytest.fixture
def study(template: Path, tmp_path: Path) -> Iterator[Project]:
    target = tmp_path / "studie"
    shutil.copytree(template, target)
    with Project.open(target) as project:
        yield project


def control(project: Project, text: str) -> Path:
    path = project.root / "reports" / "synthesis.toml"
    path.write_text(text, encoding="utf-8")
    return path


def synthesis(project: Project, fmt: str = "md", lang: str = "nl") -> str:
    return project.report("synthesis", fmt, lang=lang).content.decode()


TYPES = ("Belemmeringen", "Kansen", "Randvoorwaarden", "Barriers", "Opportunities", "Conditions")


def headings(text: str, level: int) -> list[str]:
    """The headings of a level; at level 2 only the types' (charts add sections of their own)."""
    found = re.findall(rf"(?m)^{'#' * level} (.+)$", text)
    return [heading for heading in found if level != 2 or heading in TYPES]


def test_without_a_file_the_default_order_stays(study: Project) -> None:
    text = synthesis(study)
    assert headings(text, 2) == ["Belemmeringen", "Kansen", "Randvoorwaarden"]
    assert headings(text, 4)[:3] == ["Netcongestie remt elektrificatie", "Geen structureel budget",
                                     "Te weinig capaciteit"]  # by how many gemeenten mentioned them


def test_order_of_types_themes_and_codes(study: Project) -> None:
    control(study, 'types = ["randvoorwaarde", "barrier"]\nthemes = ["organisatie"]\n'
                   'codes = ["vastgoed.budget"]\n')
    text = synthesis(study)
    assert headings(text, 2) == ["Randvoorwaarden", "Belemmeringen", "Kansen"]  # kans not listed: after them
    barriers = text.split("## Belemmeringen")[1].split("## Kansen")[0]
    assert headings(barriers, 3) == ["Eigen organisatie", "Maatschappelijk vastgoed"]
    assert headings(barriers, 4) == ["Te weinig capaciteit", "Geen structureel budget",
                                     "Netcongestie remt elektrificatie"]


def test_examples_chosen_by_the_researcher(study: Project) -> None:
    control(study, '[code."vastgoed.budget"]\nexamples = ["Wolderhoven", "oudeberg"]\n\n'
                   '[code."vastgoed.dumava"]\nexamples = ["Veenmeer", "Kleidorp"]\n\n'
                   '[code."vastgoed.netcongestie"]\nexamples = ["Haarzijl"]\n')
    lines = synthesis(study).splitlines()
    assert "Genoemd in de meeste gemeenten (7 van 9), zoals Wolderhoven en Oudeberg." in lines
    assert "Genoemd in enkele gemeenten (2 van 9): Veenmeer en Kleidorp." in lines  # all of them: no 'zoals'
    assert "Genoemd in alle gemeenten (9 van 9), zoals Haarzijl." in lines
    # The quotes come from the named gemeenten first.
    section = "\n".join(lines).split("#### Netcongestie remt elektrificatie")[1].split("####")[0]
    assert re.findall(r"(?m)^> — .*gemeente (\w+)$", section)[0] == "Haarzijl"
    budget = "\n".join(lines).split("#### Geen structureel budget")[1].split("####")[0]
    assert sorted(re.findall(r"(?m)^> — .*gemeente (\w+)$", budget)[:2]) == ["Oudeberg", "Wolderhoven"]
    english = synthesis(study, lang="en").splitlines()
    assert "Mentioned in most municipalities (7 of 9), such as Wolderhoven and Oudeberg." in english


def test_quotes_by_coding_id_come_first(study: Project) -> None:
    budget = {c.gemeente: c for c in codings(study, "vastgoed.budget") if c.coder == "sanne"}
    control(study, f'[code."vastgoed.budget"]\nquotes = ["{budget["Rietvelde"].guid}", '
                   f'"{budget["Veenmeer"].guid[:8]}"]\n')
    text = synthesis(study)
    section = text.split("#### Geen structureel budget")[1].split("####")[0]
    attributions = re.findall(r"(?m)^> — (.+)$", section)
    assert attributions[:2] == ["wethouder duurzaamheid, gemeente Rietvelde", "adviseur energie, gemeente Veenmeer"]
    assert len(attributions) == 3
    third = attributions[2].rsplit(" ", 1)[1]
    # The examples name the quoted gemeenten first, so a reader finds them below.
    assert f"Genoemd in de meeste gemeenten (7 van 9), zoals Rietvelde, Veenmeer en {third}." in text.splitlines()
    # Anonymised, the examples stay in pseudonym order: their order must not tie a pseudonym to a quote.
    anonymous = study.report("synthesis", "md", anonymise=True).content.decode().splitlines()
    line = next(line for line in anonymous if line.startswith("Genoemd in de meeste gemeenten (7 van 9), zoals"))
    pseudonyms = re.split(r", | en ", line.split("zoals ")[1].rstrip("."))
    assert len(pseudonyms) == 3 and pseudonyms == sorted(pseudonyms, key=lambda name: (len(name), name))
    # A quote chosen in the workbench follows those of the file.
    study.choose_quote(budget["Brugmond"].guid, coder="lies")
    attributions = re.findall(r"(?m)^> — (.+)$", synthesis(study).split("#### Geen structureel budget")[1]
                              .split("####")[0])
    assert [a.rsplit(" ", 1)[1] for a in attributions] == ["Rietvelde", "Veenmeer", "Brugmond"]


def test_introduction_and_closing_texts_in_markdown_and_html(study: Project) -> None:
    study.set_memo("code", "organisatie", "De eigen organisatie bleek in *kleine* gemeenten de zwakke plek.", "lies")
    control(study, '[type.barrier]\nintro = """\nDe vijf grootste knelpunten op een rij.\n\n'
                   '- eerst het net\n- dan het geld\n"""\nclosing = "Samen vormen zij de kern."\n\n'
                   '[theme.organisatie]\nintro_from_memo = true\nclosing = "Zie ook hoofdstuk 4."\n')
    text = synthesis(study)
    barriers = text.split("## Belemmeringen")[1].split("## Kansen")[0]
    assert barriers.index("Alle 9 gemeenten noemden") < barriers.index("De vijf grootste knelpunten op een rij.") \
        < barriers.index("### Maatschappelijk vastgoed")
    assert "- eerst het net\n- dan het geld" in barriers  # the researcher's Markdown as written
    organisatie = barriers.split("### Eigen organisatie")[1]
    assert organisatie.lstrip().startswith("De eigen organisatie bleek in *kleine* gemeenten de zwakke plek.")
    assert organisatie.index("Zie ook hoofdstuk 4.") < organisatie.index("Samen vormen zij de kern.")
    assert barriers.rstrip().endswith("Samen vormen zij de kern.")
    html = synthesis(study, "html")
    assert "<ul>\n<li>eerst het net</li>" in html and "<em>kleine</em>" in html
    assert "<p>Samen vormen zij de kern.</p>" in html
    word = docx.Document(io.BytesIO(study.report("synthesis", "docx").content))  # Word takes the same Markdown
    paragraphs = [p.text for p in word.paragraphs]
    assert "De vijf grootste knelpunten op een rij." in paragraphs
    assert "eerst het net" in paragraphs and "Samen vormen zij de kern." in paragraphs
    assert not any("**" in text or text.startswith("- ") for text in paragraphs)


def test_a_script_in_an_introduction_stays_text(study: Project) -> None:
    control(study, '[type.barrier]\nintro = "Zie <script>alert(1)</script> en <img src=\'http://x/y.png\'>"\n')
    html = synthesis(study, "html")
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_codes_and_themes_left_out(study: Project) -> None:
    control(study, 'leave_out = ["organisatie.capaciteit", "vastgoed.dumava"]\n')
    text = synthesis(study)
    assert "Te weinig capaciteit" not in text and "DUMAVA" not in text
    assert headings(text, 2) == ["Belemmeringen", "Randvoorwaarden"]  # no opportunity is left
    assert "hieronder de twee belemmeringen" in text
    appendix = study.report("appendix", "md").content.decode()
    assert "## Bijlage D" in appendix and "### Te weinig capaciteit\n\n>" not in appendix.split("## Bijlage D")[1]
    control(study, 'leave_out = ["organisatie"]\n')  # a theme leaves out its codes
    assert "Eigen organisatie" not in synthesis(study) and "Helder mandaat" not in synthesis(study)


def test_the_same_in_qualcode_toml(study: Project) -> None:
    config = study.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[report.synthesis]\ntypes = ["condition"]\n\n'
                      '[report.synthesis.type.condition]\nintro = "Eerst de randvoorwaarden."\n', encoding="utf-8")
    with Project.open(study.root) as project:
        text = synthesis(project)
        assert headings(text, 2)[0] == "Randvoorwaarden" and "Eerst de randvoorwaarden." in text
        control(project, "")
        with pytest.raises(ProjectError, match="set in two places"):
            synthesis(project)


def error(project: Project, text: str) -> str:
    path = control(project, text)
    with pytest.raises(ProjectError) as raised:
        synthesis(project)
    message = str(raised.value)
    assert message.startswith(f"{path}:") or message.startswith(str(path)), message
    return message


@pytest.mark.parametrize(("text", "line", "expected"), [
    ('types = ["barrier"]\nthemse = ["vastgoed"]\n', 2,
     "unknown key 'themse' in synthesis.toml; did you mean 'themes'?"),
    ('types = "barrier"\n', 1, "types in synthesis.toml must be a list of texts"),
    ('types = ["barier"]\n', 1, "no code type 'barier'; did you mean 'barrier'?"),
    ('themes = ["vastgoed", "organisatei"]\n', 1, "no theme 'organisatei'; did you mean 'organisatie'?"),
    ('themes = ["vastgoed.budget"]\n', 1, "'vastgoed.budget' is a code, not a theme"),
    ('# ordering\ncodes = [\n  "vastgoed.budget",\n  "vastgoed.netcongestei",\n]\n', 4,
     "no code 'vastgoed.netcongestei'; did you mean 'vastgoed.netcongestie'?"),
    ('leave_out = ["vastgoed.dumav"]\n', 1, "no code 'vastgoed.dumav'; did you mean 'vastgoed.dumava'?"),
    ('quotes_per_case = 0\n', 1, "quotes_per_case = 0 is not a whole number from 1 to 50"),
    ('max_quote_chars = "kort"\n', 1, "max_quote_chars = 'kort' is not a whole number"),
    ('[type.barrier]\nintor = "x"\n', 2, "unknown key 'intor' in [type.barrier]; did you mean 'intro'?"),
    ('[type.barrier]\nintro = ["x"]\n', 2, "intro in [type.barrier] must be a text"),
    ('\n[type.kansen]\nintro = "x"\n', 2, "no code type 'kansen'"),
    ('[theme.vastgoed]\nintro_from_memo = true\n', 2, "theme 'vastgoed' has no memo to use as its introduction"),
    ('[theme.vastgoed]\nintro_from_memo = "ja"\n', 2, "intro_from_memo in [theme.vastgoed] must be true or false"),
    ('[theme.vastgoed.netcongestie]\nintro = "x"\n', None, "unknown key 'netcongestie' in [theme.vastgoed]"),
    ('[code."vastgoed.budget"]\nexample = ["Veenmeer"]\n', 2,
     "unknown key 'example' in [code.\"vastgoed.budget\"]; did you mean 'examples'?"),
    ('[code."vastgoed.budget"]\nexamples = ["Veenmeer", "Brugmund"]\n', 2, "no gemeente 'Brugmund'; did you mean "
                                                                           "'Brugmond'?"),
    ('[code."vastgoed.budget"]\nexamples = ["Zuidhaven"]\n', 2,
     "Zuidhaven did not mention code 'vastgoed.budget'"),
    ('[code."vastgoed.budget"]\nquotes = ["ABCDEF12-0000"]\n', 2, "no coding 'ABCDEF12-0000'"),
    ('[code."vastgoed.budget"]\nquotes = ["AB"]\n', 2, "'AB' is too short to name a coding"),
    ('[code."vastgoed.budgt"]\nquotes = []\n', 1, "no code 'vastgoed.budgt'; did you mean 'vastgoed.budget'?"),
    ('types = ["barrier"\n', 1, "synthesis.toml is not valid TOML"),
])
def test_every_mistake_names_the_file_the_line_and_what_to_do(study: Project, text: str, line: int | None,
                                                              expected: str) -> None:
    message = error(study, text)
    assert expected in message, message
    if line is not None:
        assert f"synthesis.toml:{line}:" in message, message
    assert "\n  → " in message  # what to do


def test_a_quote_of_another_code_is_refused_with_where_it_belongs(study: Project) -> None:
    netcongestie = codings(study, "vastgoed.netcongestie")[0]
    message = error(study, f'[code."vastgoed.budget"]\nquotes = [\n  "{netcongestie.guid}",\n]\n')
    assert f"coding '{netcongestie.guid}' is coded 'vastgoed.netcongestie', not 'vastgoed.budget'" in message
    assert "synthesis.toml:3:" in message and "[code.\"vastgoed.netcongestie\"]" in message
    # The gemeenten that did mention a code are listed when another is named.
    message = error(study, '[code."organisatie.mandaat"]\nexamples = ["Kleidorp"]\n')
    assert "the gemeenten that did: Dijkwaard, Oudeberg, Rietvelde" in message


def test_a_report_of_one_coder_passes_over_another_coders_chosen_quote(study: Project) -> None:
    toms = next(c for c in codings(study, "vastgoed.budget") if c.coder == "tom" and c.gemeente == "Rietvelde")
    control(study, f'[code."vastgoed.budget"]\nquotes = ["{toms.guid}"]\n')
    assert "gemeente Rietvelde" in synthesis(study).split("#### Geen structureel budget")[1].split("####")[0]
    sannes = study.report("synthesis", "md", coder="sanne").content.decode()
    assert "#### Geen structureel budget" in sannes  # no error: the coding exists, only not among sanne's
