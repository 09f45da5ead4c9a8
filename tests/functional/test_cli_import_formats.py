"""`qualcode import` of every format qualcode reads, of folders, and how documents get their case."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

ZANDHOVEN = """\
Interview Zandhoven

Gemeente: Zandhoven
Gesprekspartner: Piet Kuiper
Functie: wethouder duurzaamheid
Datum: 11-04-2025
Interviewer: Sanne Bakker

Sanne: Wat vindt u van de aanpak van de gemeentelijke gebouwen?
Piet: De aanpak is prima, maar de financiën zijn lastig. Eén sporthal kost al € 2 miljoen.
"""

HOOGVEEN_MD = """\
---
gemeente: Hoogveen
gesprekspartner: Els Verhoef
functie: beleidsadviseur energie
datum: 3 maart 2025
interviewer: Tom de Wit
projectcode: WT-07
---

## 1. Verkenning context en ambities

Tom: Wat is de ambitie van Hoogveen?

Els: We willen in 2040 van het gas af. Dat kost veel tijd.

## 2. Ervaringen met samenwerking

Els: Met de woningcorporatie gaat het goed.
"""

AMSTELHAVEN_VTT = """\
WEBVTT

NOTE
Gemeente: Amstelhaven
Gesprekspartner: Fatima El Amrani
Interviewer: Sanne Bakker

1
00:00:05.120 --> 00:00:11.400
<v Sanne Bakker>Oké, de opname loopt. Wat is je rol?</v>

2
00:00:12.181 --> 00:00:19.795
<v Fatima El Amrani>Ik ben programmamanager warmtetransitie.</v>

3
00:00:20.000 --> 00:00:25.500
<v Fatima El Amrani>Het team is voor de helft ingehuurd.</v>
"""

BERGAKKER_SRT = """\
1
00:00:01,000 --> 00:00:04,000
Interviewer: Welkom. Hoe gaat het met de scholen?

2
00:00:05,000 --> 00:00:09,500
Wim Hendriks: De scholen zijn oud. Verduurzamen is duur.

3
00:00:10,000 --> 00:00:12,000
Wim Hendriks: Maar we beginnen toch.
"""

SHORT = "I: Hoe gaat het met de verduurzaming?\nR: Het gaat {how}, dank u.\n"


def test_import_plain_utf8_text(root: Path, cli: Callable, open_project: Callable,
                                write_file: Callable) -> None:
    write_file(root / "transcripts" / "zandhoven.txt", ZANDHOVEN)

    result = cli("import", "transcripts/zandhoven.txt")

    assert result.code == 0, result.err
    assert "imported  zandhoven.txt  (Zandhoven, " in result.out
    assert "1 imported, 0 replaced, 0 unchanged, 0 failed" in result.out
    assert result.err == ""
    project = open_project(root)
    [document] = project.documents()
    assert document.format == "txt"
    assert document.case_name == "Zandhoven"
    assert document.title == "Interview Zandhoven"
    assert document.metadata["date"] == "2025-04-11"
    assert document.metadata["interviewers"] == ["Sanne Bakker"]
    assert project.document_text(document.guid) == ZANDHOVEN
    assert project.participants(document.guid) == [
        {"name": "Sanne Bakker", "role": "interviewer", "label": "Sanne", "is_interviewer": True},
        {"name": "Piet Kuiper", "role": "wethouder duurzaamheid", "label": "Piet", "is_interviewer": False},
    ]
    speakers = [(t["participant"], t["is_interviewer"]) for t in project.turns(document.guid)]
    assert speakers == [("Sanne Bakker", True), ("Piet Kuiper", False)]
    assert [c["name"] for c in project.cases()] == ["Zandhoven"]


@pytest.mark.parametrize("encode", [
    pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), id="utf-8-bom"),
    pytest.param(lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), id="utf-16-le-bom"),
    pytest.param(lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), id="utf-16-be-bom"),
    pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="utf-8-crlf"),
])
def test_import_text_with_a_bom_or_windows_newlines(root: Path, cli: Callable, open_project: Callable,
                                                    encode: Callable[[str], bytes]) -> None:
    (root / "zandhoven.txt").write_bytes(encode(ZANDHOVEN))

    result = cli("import", "zandhoven.txt")

    assert result.code == 0, result.err
    assert "warning" not in result.err
    project = open_project(root)
    [document] = project.documents()
    assert project.document_text(document.guid) == ZANDHOVEN
    assert document.case_name == "Zandhoven"
    assert [p["name"] for p in project.participants(document.guid)] == ["Sanne Bakker", "Piet Kuiper"]


def test_import_cp1252_is_converted_with_a_warning_naming_the_encoding(root: Path, cli: Callable,
                                                                       open_project: Callable) -> None:
    text = ZANDHOVEN.replace("Gemeente: Zandhoven", "Gemeente: ’s-Hertogenbosch")
    (root / "bosch.txt").write_bytes(text.encode("cp1252"))

    result = cli("import", "bosch.txt")

    assert result.code == 0, result.err
    assert "imported  bosch.txt  (’s-Hertogenbosch, " in result.out
    assert "warning   bosch.txt: not UTF-8: read as Windows-1252 (cp1252)" in result.err
    assert "save the file as UTF-8" in result.err
    project = open_project(root)
    [document] = project.documents()
    stored = project.document_text(document.guid)
    assert stored == text
    assert "financiën" in stored and "€ 2 miljoen" in stored
    assert any("Windows-1252" in warning for warning in document.metadata["warnings"])


def test_import_markdown_with_yaml_front_matter(root: Path, cli: Callable, open_project: Callable,
                                                write_file: Callable) -> None:
    write_file(root / "transcripts" / "hoogveen.md", HOOGVEEN_MD)

    result = cli("import", "transcripts/hoogveen.md")

    assert result.code == 0, result.err
    project = open_project(root)
    [document] = project.documents()
    assert document.format == "md"
    assert document.case_name == "Hoogveen"
    assert document.metadata["date"] == "2025-03-03"
    assert document.metadata["date_as_written"] == "3 maart 2025"
    assert document.metadata["attributes"] == {"projectcode": "WT-07"}
    participants = project.participants(document.guid)
    assert [(p["name"], p["role"], p["is_interviewer"]) for p in participants] == [
        ("Tom de Wit", "interviewer", True), ("Els Verhoef", "beleidsadviseur energie", False)]
    sections = project.sections(document.guid)
    assert [title for title, _, _ in sections] == ["1. Verkenning context en ambities",
                                                   "2. Ervaringen met samenwerking"]
    text = project.document_text(document.guid)
    assert text[sections[0][1]:].startswith("## 1. Verkenning")
    turns = [text[t["start"]:t["end"]] for t in project.turns(document.guid)]
    assert turns == ["Wat is de ambitie van Hoogveen?",
                     "We willen in 2040 van het gas af. Dat kost veel tijd.",
                     "Met de woningcorporatie gaat het goed."]


def test_import_word_document(root: Path, cli: Callable, open_project: Callable) -> None:
    document_file = docx.Document()
    for paragraph in ("Verslag interview gemeente Lindewaard", "", "Gesprekspartner: Joost van Dam",
                      "Functie: wethouder duurzaamheid", "Datum: 14 mei", "Interviewer: Tom de Wit", "",
                      "1. Verkenning", "Tom: Hoe kijkt u naar de warmtetransitie?",
                      "Joost: “Met zorg. De kosten zijn hoog.”"):
        document_file.add_paragraph(paragraph)
    document_file.save(str(root / "transcripts" / "lindewaard.docx"))

    result = cli("import", "transcripts/lindewaard.docx")

    assert result.code == 0, result.err
    assert "imported  lindewaard.docx  (Lindewaard, " in result.out
    assert "warning   lindewaard.docx: date '14 mei' has no year" in result.err
    project = open_project(root)
    [document] = project.documents()
    assert document.format == "docx"
    assert document.title == "Verslag interview gemeente Lindewaard"
    assert document.metadata["date"] is None
    assert document.metadata["date_as_written"] == "14 mei"
    text = project.document_text(document.guid)
    assert text.startswith("Verslag interview gemeente Lindewaard\n")
    assert [title for title, _, _ in project.sections(document.guid)] == ["1. Verkenning"]
    turns = project.turns(document.guid)
    assert [(t["participant"], text[t["start"]:t["end"]]) for t in turns] == [
        ("Tom de Wit", "Hoe kijkt u naar de warmtetransitie?"),
        ("Joost van Dam", "Met zorg. De kosten zijn hoog."),
    ]


def test_import_webvtt_with_note_header_and_voice_tags(root: Path, cli: Callable, open_project: Callable,
                                                       write_file: Callable) -> None:
    write_file(root / "amstelhaven.vtt", AMSTELHAVEN_VTT)

    result = cli("import", "amstelhaven.vtt")

    assert result.code == 0, result.err
    project = open_project(root)
    [document] = project.documents()
    assert document.format == "vtt"
    assert document.case_name == "Amstelhaven"
    text = project.document_text(document.guid)
    turns = project.turns(document.guid)
    assert [(t["participant"], t["time_start"], t["time_end"], text[t["start"]:t["end"]]) for t in turns] == [
        ("Sanne Bakker", "00:00:05", "00:00:11", "Oké, de opname loopt. Wat is je rol?"),
        ("Fatima El Amrani", "00:00:12", "00:00:25",
         "Ik ben programmamanager warmtetransitie. Het team is voor de helft ingehuurd."),
    ]
    assert [t["is_interviewer"] for t in turns] == [True, False]


def test_import_srt_with_name_prefixes(root: Path, cli: Callable, open_project: Callable,
                                       write_file: Callable) -> None:
    write_file(root / "transcripts" / "bergakker.srt", BERGAKKER_SRT)

    result = cli("import", "transcripts")

    assert result.code == 0, result.err
    project = open_project(root)
    [document] = project.documents()
    assert document.format == "srt"
    assert document.case_name == "Bergakker"
    text = project.document_text(document.guid)
    turns = project.turns(document.guid)
    assert [(t["speaker"], t["time_start"], t["time_end"], text[t["start"]:t["end"]]) for t in turns] == [
        ("Interviewer", "00:00:01", "00:00:04", "Welkom. Hoe gaat het met de scholen?"),
        ("Wim Hendriks", "00:00:05", "00:00:12",
         "De scholen zijn oud. Verduurzamen is duur. Maar we beginnen toch."),
    ]


def test_import_folder_recurses_and_skips_hidden_and_unknown_files(root: Path, cli: Callable,
                                                                   open_project: Callable,
                                                                   write_file: Callable) -> None:
    folder = root / "transcripts"
    write_file(folder / "hoogveen.md", HOOGVEEN_MD)
    write_file(folder / "ronde-2" / "bergakker.srt", BERGAKKER_SRT)
    write_file(folder / "ronde-2" / "diep" / "vliedorp.txt", SHORT.format(how="goed"))
    write_file(folder / ".verborgen.txt", SHORT.format(how="stil"))
    write_file(folder / ".concepten" / "westerbroek.txt", SHORT.format(how="geheim"))
    write_file(folder / "ronde-2" / "notities.odt", "PK geen transcript")
    write_file(folder / "LEESMIJ", "geen transcript")
    write_file(folder / "opname.mp3", "geen transcript")

    result = cli("import", "transcripts")

    assert result.code == 0, result.err
    assert "3 imported, 0 replaced, 0 unchanged, 0 failed" in result.out
    for skipped in (".verborgen", "westerbroek", "notities", "LEESMIJ", "opname"):
        assert skipped not in result.text
    names = sorted(d.source_name for d in open_project(root).documents())
    assert names == ["bergakker.srt", "hoogveen.md", "vliedorp.txt"]


def test_an_empty_folder_is_a_clear_error(root: Path, cli: Callable, counts: Callable) -> None:
    (root / "transcripts" / "leeg").mkdir()
    (root / "transcripts" / "leeg" / "notities.odt").write_text("geen transcript", encoding="utf-8")

    result = cli("import", "transcripts/leeg")

    assert result.code == 1
    assert "no transcript files found in transcripts/leeg" in result.err
    assert "qualcode reads .txt, .md, .docx, .pdf, .vtt and .srt" in result.err
    assert counts(root)["documents"] == 0


def test_the_same_file_named_twice_is_imported_once(root: Path, cli: Callable, open_project: Callable,
                                                   write_file: Callable) -> None:
    write_file(root / "transcripts" / "vliedorp.txt", SHORT.format(how="goed"))

    result = cli("import", "transcripts", "transcripts/vliedorp.txt")

    assert result.code == 0, result.text
    assert "1 imported, 0 replaced, 0 unchanged, 0 failed" in result.text
    assert [d.source_name for d in open_project(root).documents()] == ["vliedorp.txt"]


def test_two_different_files_with_one_name_are_refused(root: Path, cli: Callable, open_project: Callable,
                                                       write_file: Callable) -> None:
    write_file(root / "ronde-1" / "vliedorp.txt", SHORT.format(how="goed"))
    write_file(root / "ronde-2" / "vliedorp.txt", SHORT.format(how="slecht"))

    result = cli("import", "ronde-1", "ronde-2")

    assert result.code == 3
    assert "ronde-2/vliedorp.txt: another file with this name was imported from ronde-1" in result.err
    assert "give each transcript its own file name" in result.err
    project = open_project(root)
    [document] = project.documents()
    assert "goed" in project.document_text(document.guid)


@pytest.mark.parametrize(("file_name", "case"), [
    ("bergakker-interview.txt", "Bergakker"),
    ("s-heerenbeek.txt", "'s-Heerenbeek"),
    ("zandhoven_2025-04-11.txt", "Zandhoven"),
    ("vliedorp-verslag.md", "Vliedorp"),
])
def test_case_from_the_file_name_without_a_header(root: Path, cli: Callable, open_project: Callable,
                                                  write_file: Callable, file_name: str, case: str) -> None:
    write_file(root / file_name, SHORT.format(how="redelijk"))

    result = cli("import", file_name)

    assert result.code == 0, result.err
    assert f"imported  {file_name}  ({case}, " in result.out
    project = open_project(root)
    assert [d.case_name for d in project.documents()] == [case]
    assert [c["name"] for c in project.cases()] == [case]


def test_the_header_case_wins_over_the_file_name(root: Path, cli: Callable, open_project: Callable,
                                                 write_file: Callable) -> None:
    write_file(root / "bergakker-interview.txt", ZANDHOVEN)

    assert cli("import", "bergakker-interview.txt").code == 0

    assert [c["name"] for c in open_project(root).cases()] == ["Zandhoven"]


@pytest.mark.parametrize("csv_name", ["'s-Hertogenbosch", "Den Bosch", "Gemeente ’s-Hertogenbosch"])
@pytest.mark.parametrize("order", ["transcript-first", "cases-first"])
def test_hertogenbosch_in_a_header_and_in_cases_csv_is_one_case(root: Path, cli: Callable,
                                                                open_project: Callable, write_file: Callable,
                                                                csv_name: str, order: str) -> None:
    write_file(root / "transcripts" / "bosch.txt", ZANDHOVEN.replace("Gemeente: Zandhoven",
                                                                      "Gemeente: ’s-Hertogenbosch"))
    write_file(root / "cases.csv", f'gemeente,provincie,inwoners\n"{csv_name}",Noord-Brabant,160.000\n')
    steps = [("import", "transcripts"), ("cases", "load", "cases.csv")]
    if order == "cases-first":
        steps.reverse()

    for step in steps:
        result = cli(*step)
        assert result.code == 0, result.err

    project = open_project(root)
    [case] = project.cases()
    assert case["documents"] == 1
    assert {a.name: a.value for a in case["attributes"]} == {
        "provincie": "Noord-Brabant", "inwoners": 160000, "grootteklasse": "groot"}
    [document] = project.documents()
    assert document.case_name == case["name"]
