"""The synthesis reads as a researcher writes: 'zoals' only before a partial list, one gemeente named in
parentheses, nouns that agree with their counts, type lines that say what they mean, the project's name as title,
and one language per report and table, in Dutch and in English, on studies of 1, 2, 4 and 9 gemeenten."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from qualcode.project import Project
from qualcode.reporting.wording import count_of, count_phrase, example_list, number_word, plural_of, type_summary
from tests.functional.synthesis_project import CODEBOOK, build

COUNTS = (1, 2, 4, 9)


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    base = tmp_path_factory.mktemp("studies")
    return {count: build(base / f"studie-{count}", count) for count in COUNTS}


@pytest.fixture
def study(studies: dict[int, Path], tmp_path: Path) -> Iterator[Callable[[int], Project]]:
    opened: list[Project] = []

    def _open(count: int) -> Project:
        target = tmp_path / f"studie-{count}"
        shutil.copytree(studies[count], target)
        opened.append(Project.open(target))
        return opened[-1]

    yield _open
    for project in opened:
        project.close()


def synthesis(project: Project, lang: str = "nl", fmt: str = "md") -> str:
    return project.report("synthesis", fmt, lang=lang).content.decode()


EXPECTED_NL = {
    1: ["# Synthese: Vastgoedstudie Noord",
        "Deze synthese is gebaseerd op 1 interview in 1 gemeente.",
        "De gemeente noemde ten minste één belemmering; hieronder de twee belemmeringen.",
        "Genoemd in de enige gemeente (Zuidhaven).",
        "*Figuur 1. Belemmeringen: genoemd in de enige gemeente*"],
    2: ["Deze synthese is gebaseerd op 2 interviews in 2 gemeenten.",
        "Beide gemeenten noemden ten minste één belemmering; hieronder de twee belemmeringen.",
        "Genoemd in beide gemeenten.",
        "Genoemd in één gemeente (Zuidhaven).",
        "Eén gemeente (1 van 2) noemde de kans hieronder.",
        "Genoemd in één gemeente (Kleidorp).",
        "*Figuur 1. Belemmeringen: in hoeveel van de 2 gemeenten genoemd*"],
    4: ["Alle 4 gemeenten noemden ten minste één belemmering; hieronder de drie belemmeringen.",
        "Genoemd in alle gemeenten (4 van 4).",
        "Genoemd in ongeveer de helft van de gemeenten (2 van 4): Dijkwaard en Veenmeer.",
        "Ongeveer de helft van de gemeenten (2 van 4) noemden de kans hieronder.",
        "Genoemd in ongeveer de helft van de gemeenten (2 van 4): Kleidorp en Veenmeer.",
        "Eén gemeente (1 van 4) noemde de randvoorwaarde hieronder.",
        "Genoemd in één gemeente (Dijkwaard)."],
    9: ["Deze synthese is gebaseerd op 9 interviews in 9 gemeenten.",
        "Alle 9 gemeenten noemden ten minste één belemmering; hieronder de drie belemmeringen.",
        "Genoemd in alle gemeenten (9 van 9).",
        "Genoemd in de meeste gemeenten (7 van 9), zoals Brugmond, Dijkwaard en Haarzijl.",
        "Genoemd in één gemeente (Zuidhaven).",
        "Enkele gemeenten (2 van 9) noemden de kans hieronder.",
        "Genoemd in enkele gemeenten (2 van 9): Kleidorp en Veenmeer.",
        "Meerdere gemeenten (3 van 9) noemden de randvoorwaarde hieronder.",
        "Genoemd in meerdere gemeenten (3 van 9): Dijkwaard, Oudeberg en Rietvelde."],
}
EXPECTED_EN = {
    1: ["# Synthesis: Vastgoedstudie Noord",
        "This synthesis draws on 1 interview in 1 municipality.",
        "The municipality mentioned at least one barrier; the two barriers follow below.",
        "Mentioned in the only municipality (Zuidhaven).",
        "*Figure 1. Barriers: mentioned in the only municipality*"],
    2: ["This synthesis draws on 2 interviews in 2 municipalities.",
        "Both municipalities mentioned at least one barrier; the two barriers follow below.",
        "Mentioned in both municipalities.",
        "Mentioned in one municipality (Zuidhaven).",
        "One municipality (1 of 2) mentioned the opportunity below."],
    4: ["All 4 municipalities mentioned at least one barrier; the three barriers follow below.",
        "Mentioned in about half of the municipalities (2 of 4): Dijkwaard and Veenmeer.",
        "One municipality (1 of 4) mentioned the condition below.",
        "Mentioned in one municipality (Dijkwaard)."],
    9: ["All 9 municipalities mentioned at least one barrier; the three barriers follow below.",
        "Mentioned in all municipalities (9 of 9).",
        "Mentioned in most municipalities (7 of 9), such as Brugmond, Dijkwaard and Haarzijl.",
        "Mentioned in a few municipalities (2 of 9): Kleidorp and Veenmeer.",
        "Several municipalities (3 of 9) mentioned the condition below.",
        "Mentioned in several municipalities (3 of 9): Dijkwaard, Oudeberg and Rietvelde."],
}


@pytest.mark.parametrize("count", COUNTS)
def test_every_line_of_the_synthesis_reads_right_in_dutch(study: Callable[[int], Project], count: int) -> None:
    lines = synthesis(study(count)).splitlines()
    for expected in EXPECTED_NL[count]:
        assert expected in lines, expected
    assert_list_rules(lines, "Genoemd in", "zoals", "van")


@pytest.mark.parametrize("count", COUNTS)
def test_every_line_of_the_synthesis_reads_right_in_english(study: Callable[[int], Project], count: int) -> None:
    lines = synthesis(study(count), "en").splitlines()
    for expected in EXPECTED_EN[count]:
        assert expected in lines, expected
    assert_list_rules(lines, "Mentioned in", "such as", "of")
    # One language: no Dutch word qualcode writes itself.
    definitions = {line.split("description: ", 1)[1] for line in CODEBOOK.splitlines() if "description: " in line}
    text = "\n".join(line for line in lines if not line.startswith((">", "#### ", "### ")) and line not in definitions)
    for dutch in ("Genoemd", "gemeenten", "zoals", " van ", "Belemmeringen", "noemden"):
        assert dutch not in text, dutch


def assert_list_rules(lines: list[str], lead: str, such_as: str, of: str) -> None:
    """Every 'mentioned in' line: 'such as' only before fewer names than mentioned it, a complete list after a
    colon, one name in parentheses only for one gemeente, and no list when every gemeente is meant."""
    checked = 0
    for line in lines:
        if not line.startswith(lead):
            continue
        checked += 1
        counted = re.search(rf"\((\d+) {of} (\d+)\)", line)
        names = re.split(r", | en | and ", line.split(f"{such_as} ")[-1].split(": ")[-1].rstrip("."))
        if f" {such_as} " in line:
            assert counted and len(names) < int(counted.group(1)), line
        elif ": " in line:
            assert counted and len(names) == int(counted.group(1)) < int(counted.group(2)), line
        elif counted:
            assert counted.group(1) == counted.group(2), line  # all of them: no names
        else:
            assert re.search(r"(één|one|de enige|the only) \w+ \([^)]+\)\.$", line) or "beide" in line or \
                "both" in line, line
    assert checked


@pytest.mark.parametrize("count", COUNTS)
def test_no_count_disagrees_with_its_noun_anywhere(study: Callable[[int], Project], count: int) -> None:
    project = study(count)
    for kind in ("synthesis", "appendix", "case"):
        for lang in ("nl", "en"):
            for fmt in ("md", "html"):
                text = project.report(kind, fmt, lang=lang).content.decode()  # figures and their captions too
                for wrong in ("(s)", "1 interviews", "1 gemeenten", "1 thema's", "1 codeurs", "1 codes ",
                              "1 municipalities", "1 themes", "1 coders", "1 coderingen", "1 codings",
                              "In alle gemeenten (", "kwamen", "kwam "):
                    assert wrong not in text.replace("Gesprekspartner(s)", "").replace("Interviewee(s)", ""), \
                        (kind, lang, fmt, wrong)


def test_the_method_counts_coders_codes_and_themes(study: Callable[[int], Project]) -> None:
    project = study(9)
    appendix = project.report("appendix", "md").content.decode()
    assert "Het onderzoek is gebaseerd op 9 interviews in 9 gemeenten" in appendix
    assert re.search(r"gecodeerd door 2 codeurs \(sanne en tom\) met een codeboek van 5 codes in 2 thema's; "
                     r"in totaal \d+ coderingen\.", appendix)
    alone = project.report("appendix", "md", coder="sanne").content.decode()
    assert "gecodeerd door 1 codeur (sanne) met" in alone
    english = project.report("appendix", "md", lang="en", coder="tom").content.decode()
    assert "coded by 1 coder (tom) with a codebook of 5 codes in 2 themes" in english
    single = study(1).report("appendix", "html").content.decode()
    assert "1 interview · 1 gemeente</p>" in single and "gebaseerd op 1 interview in 1 gemeente," in single


def test_the_title_is_the_projects_name_never_its_folder(tmp_path: Path) -> None:
    root = build(tmp_path / "p", 1, name="p")  # a name left as 'qualcode init' wrote it: the folder's
    with Project.open(root) as project:
        text = synthesis(project)
        assert text.startswith("# Synthese\n")
        assert "<h1>Synthesis</h1>" in synthesis(project, "en", "html")
        assert project.report("appendix", "md").content.decode().startswith("# Bijlagen\n")
    with Project.open(build(tmp_path / "q", 1)) as named:
        assert synthesis(named).startswith("# Synthese: Vastgoedstudie Noord\n")
        assert "<title>Synthese – Vastgoedstudie Noord</title>" in synthesis(named, fmt="html")


def test_words_only_and_numbers_only(study: Callable[[int], Project]) -> None:
    project = study(9)
    config = project.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('quantifiers = "both"', 'quantifiers = "words"'),
                      encoding="utf-8")
    with Project.open(project.root) as words:
        lines = synthesis(words).splitlines()
    assert "Alle gemeenten noemden ten minste één belemmering; hieronder de drie belemmeringen." in lines
    assert "Genoemd in de meeste gemeenten, zoals Brugmond, Dijkwaard en Haarzijl." in lines
    assert "Genoemd in één gemeente (Zuidhaven)." in lines
    config.write_text(config.read_text(encoding="utf-8").replace('quantifiers = "words"', 'quantifiers = "numbers"'),
                      encoding="utf-8")
    with Project.open(project.root) as numbers:
        lines = synthesis(numbers).splitlines()
    assert "Alle 9 gemeenten noemden ten minste één belemmering; hieronder de drie belemmeringen." in lines
    assert "Genoemd in 2 van de 9 gemeenten: Kleidorp en Veenmeer." in lines


def test_the_wording_rules_themselves() -> None:
    assert [count_of(n, "theme") for n in (1, 2)] == ["1 thema", "2 thema's"]
    assert [count_of(n, "coder") for n in (1, 3)] == ["1 codeur", "3 codeurs"]
    assert [count_of(n, "case", "en") for n in (1, 70)] == ["1 municipality", "70 municipalities"]
    assert count_of(1_250, "coding") == "1.250 coderingen" and count_of(1_250, "coding", "en") == "1,250 codings"
    assert count_phrase(5, "belemmering", "belemmeringen", spelled=True) == "vijf belemmeringen"
    assert (number_word(1, "nl"), number_word(12, "en"), number_word(13, "nl")) == ("één", "twelve", "13")
    names = ["Brugmond", "Dijkwaard", "Haarzijl", "Oudeberg"]
    assert example_list(names[:1], 1, 4) == " (Brugmond)"
    assert example_list(names[:2], 2, 4) == ": Brugmond en Dijkwaard"
    assert example_list(names, 4, 9) == ", zoals Brugmond, Dijkwaard en Haarzijl"
    assert example_list(names, 4, 4) == ""  # every gemeente: no list at all
    assert example_list(names[:2], 4, 4, chosen=True) == ", zoals Brugmond en Dijkwaard"
    assert example_list(names[:2], 2, 4, "en", chosen=True) == ": Brugmond and Dijkwaard"
    assert type_summary(9, 9, 5, "belemmering", "belemmeringen") == (
        "Alle 9 gemeenten noemden ten minste één belemmering; hieronder de vijf belemmeringen.")
    assert type_summary(6, 9, 1, "kans", "kansen", "en") == "Most municipalities (6 of 9) mentioned the kans below."
    assert [plural_of(w) for w in ("dilemma", "knelpunt", "aanbeveling", "succesfactor", "randvoorwaarde")] == [
        "dilemma's", "knelpunten", "aanbevelingen", "succesfactoren", "randvoorwaarden"]
    assert plural_of("strategy", "en") == "strategies"


def test_tables_speak_one_language(study: Callable[[int], Project]) -> None:
    project = study(4)
    quotes = project.table("quotes", "csv").content.decode().splitlines()[0]
    assert quotes == "code,naam,gemeente,document,regel,sectie,toeschrijving,citaat,gekozen"
    english = project.table("quotes", "csv", lang="en").content.decode().splitlines()[0]
    assert english == "code,name,municipality,document,line,section,attribution,quote,chosen"
    frequencies = project.table("frequencies", "csv").content.decode()
    assert frequencies.startswith("code,naam,type,thema,niveau,coderingen,passages,documenten,gemeenten")
    assert ",belemmering," in frequencies and ",barrier," not in frequencies
    assert ",barrier," in project.table("frequencies", "csv", lang="en").content.decode()
    matrix = openpyxl.load_workbook(io.BytesIO(project.table("matrix", "xlsx").content))
    assert matrix.sheetnames == ["matrix"] and matrix.active is not None
    assert matrix.active.cell(1, 1).value == "gemeente"
    english_matrix = openpyxl.load_workbook(io.BytesIO(project.table("matrix", "xlsx", lang="en").content))
    assert english_matrix.active is not None and english_matrix.active.cell(1, 1).value == "municipality"
    cooccurrence = openpyxl.load_workbook(io.BytesIO(project.table("cooccurrence", "xlsx").content))
    assert cooccurrence.sheetnames == ["samen gecodeerd"]
    from qualcode.project.reports import TableRequest

    counted = project.table(TableRequest("matrix", value="n_of_n"), "csv", lang="en").content.decode()
    assert counted.splitlines()[-1].startswith("n of N,") and " van " not in counted
    by_size = project.table(TableRequest("matrix", by="grootteklasse"), "csv", lang="en").content.decode()
    assert by_size.splitlines()[0] == "code,small (n=2),medium-sized (n=1),large (n=1)"
    assert project.table(TableRequest("matrix", by="grootteklasse"), "csv").content.decode().splitlines()[0] == (
        "code,klein (n=2),middelgroot (n=1),groot (n=1)")


def test_qualcodes_own_size_class_is_named_in_the_report_language(study: Callable[[int], Project]) -> None:
    project = study(2)
    dutch = project.report("case", "md").content.decode()
    assert "- *grootteklasse:* klein" in dutch and "- *grootteklasse:* middelgroot" in dutch
    english = project.report("case", "md", lang="en").content.decode()
    assert "- *size class:* small" in english and "- *size class:* medium-sized" in english
    assert "grootteklasse" not in english and "middelgroot" not in english
    appendix = project.report("appendix", "md", lang="en").content.decode()
    assert "## Appendix E. Characteristics of the municipalities" in appendix and "| size class |" in appendix
    # A project's own columns are its data: their names stay as the researcher wrote them.
    assert "- *provincie:* Friesland" in english
