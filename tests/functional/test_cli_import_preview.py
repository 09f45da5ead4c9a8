"""See before you store: import --dry-run, documents show, --split, cases from file names, duplicate files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qualcode.project import Project

WORD_LAYOUT = """\
Interviewverslag gemeente Kleidorp

Gemeente: Kleidorp

Interviewer: Pieter Smit

Gesprekspartners:

Anna de Graaf, beleidsadviseur energie

Joost Hendriks (projectleider vastgoed)

Datum: 3 juni 2025

1. Ambities en beleid

Pieter: Fijn dat jullie tijd hebben. Wat is de ambitie van Kleidorp?

Anna: We willen in 2035 een energieneutraal vastgoed. Dat is best ambitieus.

Pieter: En hoe staat het ervoor?

Joost: Eerlijk gezegd loopt het achter. We hebben te weinig mensen.
"""

NO_HEADER = """\
Pieter: Hoe gaat het met het vastgoed in uw gemeente?

Eva: Het gaat langzaam. We hebben geen capaciteit.

Pieter: Wat zou helpen?

Eva: Meer mensen en een structureel budget.
"""

APPENDIX = """\
Bijlage 3 Interviewverslagen

Hieronder staan de verslagen van de gesprekken met twee gemeenten, in de volgorde waarin ze zijn gevoerd.

Bijlage 3.1 Interviewverslag - Gemeente Vlasmeer

Gemeente: Vlasmeer
Interviewer: Jolien Jansen
Gesprekspartner: Sevda Aydın, beleidsadviseur duurzaamheid
Datum: 10 april 2025

Jolien: Wat is de ambitie van Vlasmeer?

Sevda: In 2040 moet ons vastgoed aardgasvrij zijn.

Bijlage 3.2 Interviewverslag - Gemeente Hooghaven

Gemeente: Hooghaven
Interviewer: Jolien Jansen
Gesprekspartner: Erik Vermeulen
Functie: wethouder
Datum: dinsdag 6-5-2025

Jolien: Hoe kijkt u naar netcongestie?

Erik: Het is het grootste probleem dat we hebben.
"""


def test_dry_run_prints_what_would_be_stored_and_stores_nothing(root: Path, cli: Callable, write_file: Callable,
                                                                 counts: Callable) -> None:
    write_file(root / "transcripts" / "kleidorp.txt", WORD_LAYOUT)

    result = cli("import", "--dry-run", "transcripts")

    assert result.code == 0, result.text
    out = result.out
    for expected in ("kleidorp.txt", "Interviewverslag gemeente Kleidorp", "Kleidorp  (from the header; new case)",
                     "2025-06-03  (written '3 juni 2025')", "Pieter Smit — interviewer, label 'Pieter:' — 2 turns",
                     "Anna de Graaf — beleidsadviseur energie, label 'Anna:' — 1 turn",
                     "Joost Hendriks — projectleider vastgoed, label 'Joost:' — 1 turn", "1. Ambities en beleid",
                     "Fijn dat jullie tijd hebben.", "nothing was stored"):
        assert expected in out, expected
    assert counts(root)["documents"] == 0
    assert counts(root)["events"] == 0


def test_documents_show_prints_the_stored_document_as_the_dry_run_did(root: Path, cli: Callable,
                                                                      write_file: Callable,
                                                                      open_project: Callable) -> None:
    write_file(root / "transcripts" / "kleidorp.txt", WORD_LAYOUT)
    preview = cli("import", "--dry-run", "transcripts").out
    assert cli("import", "transcripts").code == 0

    shown = cli("documents", "show", "kleidorp.txt")

    assert shown.code == 0, shown.text
    # The same view, except how the case was found (the dry run says whether it is new).
    assert [line for line in shown.out.splitlines() if not line.startswith(("case", "  … "))] == \
        [line for line in preview.splitlines() if not line.startswith(("case", "dry run", "  … "))]
    project = open_project(root)
    guid = project.documents()[0].guid
    stored = project.document_overview(guid)
    previewed = project.preview_import([root / "transcripts" / "kleidorp.txt"]).results[0].overview
    assert previewed is not None
    assert stored == previewed.__class__(**{**previewed.__dict__, "case_note": "stored"})


def test_case_from_the_file_name_matches_an_existing_case_and_warns_about_a_near_one(
        root: Path, cli: Callable, write_file: Callable, open_project: Callable) -> None:
    write_file(root / "cases.csv", "gemeente,inwoners\nKleidorp,12000\n")
    assert cli("cases", "load", "cases.csv").code == 0
    write_file(root / "transcripts" / "Interview gemeente Kleidorp 3 juni 2025.txt", NO_HEADER)
    write_file(root / "transcripts" / "2025-06-04_interview_Kleidrop_PS.txt", NO_HEADER.replace("Eva", "Ruud"))

    result = cli("import", "transcripts")

    assert result.code == 0, result.text
    assert "new case 'Kleidrop' (from the file name) is close to existing case 'Kleidorp'" in result.err
    project = open_project(root)
    assert sorted((d.source_name, d.case_name) for d in project.documents()) == [
        ("2025-06-04_interview_Kleidrop_PS.txt", "Kleidrop"),
        ("Interview gemeente Kleidorp 3 juni 2025.txt", "Kleidorp")]
    assert {c["name"] for c in project.cases()} == {"Kleidorp", "Kleidrop"}


def test_the_same_content_under_another_name_is_not_a_second_copy(root: Path, cli: Callable,
                                                                  write_file: Callable, counts: Callable) -> None:
    write_file(root / "transcripts" / "kleidorp.txt", WORD_LAYOUT)
    write_file(root / "transcripts" / "kopie van kleidorp.txt", WORD_LAYOUT)

    result = cli("import", "transcripts")

    assert result.code == 0, result.text
    assert "kopie van kleidorp.txt: the same content as 'kleidorp.txt' (earlier in this import)" in result.err
    assert "1 imported, 0 replaced, 0 unchanged, 1 skipped as duplicates, 0 failed" in result.out
    assert counts(root)["documents"] == 1


def test_an_appendix_is_split_into_one_document_per_write_up(root: Path, cli: Callable, write_file: Callable,
                                                             open_project: Callable) -> None:
    write_file(root / "transcripts" / "bijlagen.txt", APPENDIX)

    whole = cli("import", "--dry-run", "transcripts/bijlagen.txt")
    assert "this file seems to hold 2 write-ups" in whole.out and "--split" in whole.out

    result = cli("import", "--split", "transcripts/bijlagen.txt")

    assert result.code == 0, result.text
    project = open_project(root)
    documents = sorted(project.documents(), key=lambda d: d.source_name)
    assert [(d.source_name, d.case_name, d.metadata["part"], d.metadata["date"]) for d in documents] == [
        ("bijlagen.txt#1", "Vlasmeer", 1, "2025-04-10"), ("bijlagen.txt#2", "Hooghaven", 2, "2025-05-06")]
    second = project.document_text(documents[1].guid)
    assert second.startswith("Bijlage 3.2 Interviewverslag - Gemeente Hooghaven")
    assert "Vlasmeer" not in second
    people = project.participants(documents[1].guid)
    assert [(p["name"], p["role"], p["is_interviewer"]) for p in people] == [
        ("Jolien Jansen", "interviewer", True), ("Erik Vermeulen", "wethouder", False)]

    again = cli("import", "--split", "transcripts/bijlagen.txt")
    assert "0 imported, 0 replaced, 2 unchanged" in again.out


def test_dry_run_of_a_bad_file_fails_it_and_goes_on(root: Path, cli: Callable, write_file: Callable) -> None:
    write_file(root / "transcripts" / "kleidorp.txt", WORD_LAYOUT)
    write_file(root / "transcripts" / "leeg.txt", "   \n")

    result = cli("import", "--dry-run", "transcripts")

    assert result.code == 3
    assert "leeg.txt: the transcript is empty" in result.err
    assert "dry run: 1 documents would be stored, 1 failed" in result.out


def test_preview_uses_the_interviewers_from_the_settings(tmp_path: Path, write_file: Callable) -> None:
    project = Project.init(tmp_path / "p", interviewers=("Pieter Smit",))
    path = write_file(tmp_path / "eva.txt", NO_HEADER)
    try:
        overview = project.preview_import([path]).results[0].overview
    finally:
        project.close()
    assert overview is not None
    assert overview.interviewers == ("Pieter",)
    assert [(s.name, s.is_interviewer, s.turns) for s in overview.speakers] == [("Pieter", True, 2), ("Eva", False, 2)]


def test_a_copy_imported_later_or_in_a_dry_run_is_named_as_a_duplicate(root: Path, cli: Callable,
                                                                       write_file: Callable) -> None:
    write_file(root / "transcripts" / "kleidorp.txt", WORD_LAYOUT)
    assert cli("import", "transcripts/kleidorp.txt").code == 0
    write_file(root / "elders" / "Kleidorp definitief.txt", WORD_LAYOUT)

    dry = cli("import", "--dry-run", "elders")
    real = cli("import", "elders")

    assert "the same content is already in the project as 'kleidorp.txt'" in dry.out
    assert "an import would not store it again" in dry.out
    assert "the same content is already in the project as 'kleidorp.txt'" in real.err
    assert "0 imported, 0 replaced, 0 unchanged, 1 skipped as duplicates, 0 failed" in real.out


def test_correcting_one_write_up_of_a_split_file_leaves_the_others_and_their_codings(
        root: Path, cli: Callable, write_file: Callable, open_project: Callable) -> None:
    path = write_file(root / "transcripts" / "bijlagen.txt", APPENDIX)
    assert cli("import", "--split", "transcripts/bijlagen.txt").code == 0
    project = open_project(root)
    first, second = sorted(project.documents(), key=lambda d: d.source_name)
    (project.root / "codebooks" / "c.yaml").write_text(
        "name: Test\ncodes:\n  - {id: geld, name: Geld, type: barrier}\n", encoding="utf-8")
    project.load_codebook(project.root / "codebooks" / "c.yaml")
    start, end, _ = project.sentences(second.guid)[0]
    project.apply_coding(second.guid, start, end, "geld", "eva")
    path.write_text(APPENDIX.replace("In 2040 moet ons vastgoed", "In 2045 moet ons vastgoed"), encoding="utf-8")

    result = cli("import", "--split", "transcripts/bijlagen.txt")

    assert result.code == 0, result.text
    assert "1 imported" not in result.out and "1 replaced, 1 unchanged, 0 failed" in result.out
    assert "2045" in project.document_text(first.guid)
    assert [(c.document_guid, c.start, c.end) for c in project.codings()] == [(second.guid, start, end)]

    whole = cli("import", "transcripts/bijlagen.txt")
    assert whole.code == 3
    assert "this file was imported as 2 write-ups (--split) before" in whole.err
    assert len(project.documents()) == 2


def test_a_title_and_case_set_by_hand_outlive_a_re_import(root: Path, cli: Callable, write_file: Callable,
                                                          open_project: Callable) -> None:
    path = write_file(root / "transcripts" / "kleidorp.txt", WORD_LAYOUT)
    assert cli("import", "transcripts").code == 0
    assert cli("documents", "rename", "kleidorp.txt", "Gesprek Kleidorp (juni)", "--coder", "eva").code == 0
    assert cli("documents", "set-case", "kleidorp.txt", "Kleidorp-Oost", "--coder", "eva").code == 0
    path.write_text(WORD_LAYOUT.replace("te weinig mensen", "te weinig collega's"), encoding="utf-8")

    result = cli("import", "transcripts")

    assert "1 replaced" in result.out, result.text
    document = open_project(root).documents()[0]
    assert (document.title, document.case_name) == ("Gesprek Kleidorp (juni)", "Kleidorp-Oost")


def test_a_file_with_hundreds_of_odd_lines_gets_twenty_warnings_and_a_count(root: Path, cli: Callable,
                                                                             write_file: Callable) -> None:
    lines = ["Gemeente: Kleidorp", "Interviewer: Pieter Smit", "", "Pieter: Welkom bij dit gesprek."]
    for number in range(150):  # a transcription export that numbers its speakers, and a header field repeated
        lines += [f"Deelnemer{number}: Ik zeg iets over de warmtevisie, punt {number}.", "Datum: 3 juni 2025"]
    write_file(root / "transcripts" / "veel.txt", "\n\n".join(lines))
    result = cli("import", "transcripts")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("warning")]
    assert len(warnings) == 21 and warnings[-1].endswith("and 280 more warnings like these"), warnings[-3:]
    with Project.open(root) as project:
        stored = project.documents()[0].metadata["warnings"]
    assert len(stored) == 21 and stored[-1] == "and 280 more warnings like these"
