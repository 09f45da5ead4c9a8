"""`qualcode codings list|add|remove|export|import`: scriptable coding, and codings in and out of spreadsheets.

Everything is fictional: interviews in the municipalities Dijkhuizen and Veenmolen, coded by Anna and Bram.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from tests.functional.conftest import Cli

CODEBOOK = """\
name: Verduurzaming
codes:
  - id: geld
    name: Financiën
    children:
      - id: geld.budget
        name: Geen structureel budget
        type: barrier
      - id: geld.rijk
        name: Vraag aan het Rijk
        type: opportunity
  - id: mensen
    name: Capaciteit
    children:
      - id: mensen.tekort
        name: Te weinig mensen
        type: barrier
"""

DIJKHUIZEN = """\
Gemeente: Dijkhuizen
Gesprekspartner: Marloes Tiemersma, beleidsadviseur duurzaamheid
Datum: 3 maart 2025
Interviewer: Sanne Bakker

1. Geld en mensen

Sanne: Hoe staat het met de verduurzaming van het gemeentehuis?

Marloes: Er is geen structureel budget voor. We hebben te weinig mensen, en de mensen die we hebben zijn ingehuurd.

Sanne: En de sporthal?

Marloes: Daar is ook geen structureel budget voor. De raad wil eerst een routekaart.
"""

VEENMOLEN = """\
Gemeente: Veenmolen
Gesprekspartner: Henk Zijlstra, wethouder
Interviewer: Sanne Bakker

Sanne: Wat vraagt u van het Rijk?

Henk: Structurele middelen. Met incidentele subsidies kun je geen organisatie opbouwen. De financiën van de \
gemeente zijn krap.
"""

EXPORT_HEADER = ["document", "document_guid", "case", "start", "end", "text", "code", "code_name", "coder",
                 "created_at", "memo", "coding_guid"]
DIJKHUIZEN_TITLE = "Dijkhuizen – Marloes Tiemersma"


@pytest.fixture
def study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two interviews, a codebook, and three codings by two coders (one with a formula-looking memo)."""
    root = tmp_path / "studie"
    sources = tmp_path / "bron"
    sources.mkdir()
    (sources / "dijkhuizen.txt").write_text(DIJKHUIZEN, encoding="utf-8")
    (sources / "veenmolen.txt").write_text(VEENMOLEN, encoding="utf-8")
    (tmp_path / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    with Project.init(root, name="Verduurzaming", default_coder="anna") as project:
        assert not project.import_transcripts([sources], coder="anna").failed
        project.load_codebook(tmp_path / "codeboek.yaml")
        dijkhuizen, veenmolen = _guid(project, "dijkhuizen.txt"), _guid(project, "veenmolen.txt")
        _code(project, dijkhuizen, "Er is geen structureel budget voor.", "geld.budget", "anna", memo="=SOM(A1)")
        _code(project, dijkhuizen, "We hebben te weinig mensen", "mensen.tekort", "bram",
              memo="Inhuur: zie ook\nde financiën")
        _code(project, veenmolen, "Structurele middelen.", "geld.rijk", "anna")
    monkeypatch.chdir(root)
    return root


def _guid(project: Project, source_name: str) -> str:
    return next(d.guid for d in project.documents() if d.source_name == source_name)


def _code(project: Project, guid: str, words: str, code: str, coder: str, memo: str | None = None) -> str:
    start = project.document_text(guid).index(words)
    return project.apply_coding(guid, start, start + len(words), code, coder, memo).guid


def _codings(root: Path) -> list[tuple[str, int, int, str, str, str | None]]:
    """What a project's codings are, through the Project API: document file, span, code, coder, memo."""
    with Project.open(root) as project:
        names = {d.guid: d.source_name for d in project.documents()}
        return sorted((names[c.document_guid], c.start, c.end, c.code_key, c.coder, c.memo)
                      for c in project.codings())


def _assert_failed(result: Any, *fragments: str) -> None:
    assert result.code == 1, result.text
    for fragment in fragments:
        assert fragment in result.err, f"{fragment!r} not in:\n{result.err}"
    assert "→" in result.err
    assert "Traceback" not in result.text and "internal problem" not in result.text


def _remove_all_codings(root: Path) -> None:
    with Project.open(root) as project:
        for coding in project.codings():
            project.remove_coding(coding.guid, "anna")
        assert project.codings() == []


# -- list -------------------------------------------------------------------------------------------------------
def test_list_shows_one_row_per_coding_in_each_format(study: Path, cli: Cli) -> None:
    with Project.open(study) as project:
        codings = {c.guid: c for c in project.codings()}

    table = cli("codings", "list")
    assert table.code == 0, table.text
    assert "3 codings" in table.out
    for guid in codings:
        assert guid[:8] in table.out
    assert DIJKHUIZEN_TITLE in table.out and "Veenmolen" in table.out
    assert "Er is geen structureel budget voor." in table.out and "=SOM(A1)" in table.out

    as_json = cli("codings", "list", "--format", "json")
    rows = json.loads(as_json.out)
    assert {row["coding_guid"] for row in rows} == set(codings)
    bram = next(row for row in rows if row["coder"] == "bram")
    assert bram == {"coding_guid": bram["coding_guid"], "document": DIJKHUIZEN_TITLE, "case": "Dijkhuizen",
                    "start": codings[bram["coding_guid"]].start, "end": codings[bram["coding_guid"]].end,
                    "code": "mensen.tekort", "coder": "bram", "created_at": codings[bram["coding_guid"]].created_at,
                    "memo": "Inhuur: zie ook\nde financiën", "text": "We hebben te weinig mensen"}

    as_csv = list(csv.DictReader(io.StringIO(cli("codings", "list", "--format", "csv").out)))
    assert [row["coding_guid"] for row in as_csv] == [row["coding_guid"] for row in rows]
    assert next(row for row in as_csv if row["coder"] == "anna" and row["code"] == "geld.budget")["memo"] \
        == "'=SOM(A1)"  # a spreadsheet shows it, never runs it


def test_list_filters_by_document_code_and_coder(study: Path, cli: Cli) -> None:
    by_document = json.loads(cli("codings", "list", "--document", "veenmolen", "--format", "json").out)
    assert [(row["code"], row["text"]) for row in by_document] == [("geld.rijk", "Structurele middelen.")]
    by_code = json.loads(cli("codings", "list", "--code", "mensen.tekort", "--format", "json").out)
    assert [row["coder"] for row in by_code] == ["bram"]
    by_coder = json.loads(cli("codings", "list", "--coder", "anna", "--format", "json").out)
    assert sorted(row["code"] for row in by_coder) == ["geld.budget", "geld.rijk"]
    assert "no codings match" in cli("codings", "list", "--document", "veenmolen", "--coder", "bram").out

    _assert_failed(cli("codings", "list", "--code", "geld.budgt"), "no code 'geld.budgt'",
                   "did you mean 'geld.budget'?")
    _assert_failed(cli("codings", "list", "--coder", "bramm"), "no coder 'bramm'", "did you mean 'bram'?")
    _assert_failed(cli("codings", "list", "--document", "Dijkhuzen"), "no document 'Dijkhuzen'", "dijkhuizen.txt")


# -- add and remove ---------------------------------------------------------------------------------------------
def test_add_by_offsets_prints_the_id_and_undo_takes_it_back(study: Path, cli: Cli) -> None:
    with Project.open(study) as project:
        guid = _guid(project, "veenmolen.txt")
        text = project.document_text(guid)
    start = text.index("De financiën van de gemeente zijn krap.")
    end = start + len("De financiën van de gemeente zijn krap.")

    result = cli("codings", "add", "veenmolen", "geld.budget", "--start", str(start), "--end", str(end),
                 "--coder", "bram", "--memo", "krap = geen geld")
    assert result.code == 0, result.text
    new_guid = result.out.strip()
    assert "coded 'De financiën van de gemeente zijn krap.'" in result.err
    with Project.open(study) as project:
        coding = next(c for c in project.codings() if c.guid == new_guid)
        assert (coding.document_guid, coding.start, coding.end, coding.code_key, coding.coder, coding.memo) == \
            (guid, start, end, "geld.budget", "bram", "krap = geen geld")
        assert project.store.events(limit=1)[0].action == "apply_coding"
        undone = project.undo("bram")
        assert undone is not None and "De financiën van de gemeente" in undone.summary
        assert new_guid not in {c.guid for c in project.codings()}
        assert len(project.codings()) == 3


def test_add_by_text_finds_words_across_a_line_break(study: Path, cli: Cli) -> None:
    before = _codings(study)
    # Copied from a report that wrapped the line: the break and the double space are not in the transcript.
    result = cli("codings", "add", "veenmolen", "geld.rijk", "--text", "Met incidentele subsidies kun je\ngeen  "
                 "organisatie opbouwen.", "--coder", "bram")
    assert result.code == 0, result.text
    with Project.open(study) as project:
        guid = _guid(project, "veenmolen.txt")
        added = next(c for c in project.codings() if c.guid == result.out.strip())
        assert project.document_text(guid)[added.start:added.end] == \
            "Met incidentele subsidies kun je geen organisatie opbouwen."
    assert len(_codings(study)) == len(before) + 1


def test_add_by_text_that_occurs_twice_lists_the_places_then_takes_the_one_asked(study: Path, cli: Cli) -> None:
    before, events = _codings(study), len(_events(study))
    ambiguous = cli("codings", "add", "dijkhuizen", "geld.budget", "--text", "geen structureel budget")
    _assert_failed(ambiguous, f"the text occurs 2 times in '{DIJKHUIZEN_TITLE}'", "→ pass --occurrence N")
    with Project.open(study) as project:
        text = project.document_text(_guid(project, "dijkhuizen.txt"))
    first = text.index("geen structureel budget")
    second = text.index("geen structureel budget", first + 1)
    assert f"1) {first}-{first + 23}" in ambiguous.err and f"2) {second}-{second + 23}" in ambiguous.err
    assert _codings(study) == before and len(_events(study)) == events

    _assert_failed(cli("codings", "add", "dijkhuizen", "geld.budget", "--text", "geen structureel budget",
                       "--occurrence", "3"), "--occurrence 3: the text occurs 2 times", "→ pass a number from 1 to 2")
    chosen = cli("codings", "add", "dijkhuizen", "geld.budget", "--text", "geen structureel budget",
                 "--occurrence", "2")
    assert chosen.code == 0, chosen.text
    assert ("dijkhuizen.txt", second, second + 23, "geld.budget", "anna", None) in _codings(study)


def test_add_refuses_unknown_words_codes_and_documents_with_the_closest(study: Path, cli: Cli) -> None:
    before, events = _codings(study), len(_events(study))
    _assert_failed(cli("codings", "add", "dijkhuizen", "mensen.tekort", "--text", "te weinig mensn"),
                   "'te weinig mensn' is not in the document; the closest passage is",
                   "'te weinig mensen,'", "→ copy the words from the transcript")
    _assert_failed(cli("codings", "add", "dijkhuizen", "mensen.tekrot", "--text", "te weinig mensen"),
                   "no code 'mensen.tekrot'", "did you mean 'mensen.tekort'?")
    _assert_failed(cli("codings", "add", "Dijkhuizen-Noord", "mensen.tekort", "--start", "0", "--end", "5"),
                   "no document 'Dijkhuizen-Noord'", "dijkhuizen.txt")
    _assert_failed(cli("codings", "add", "dijkhuizen", "mensen.tekort", "--start", "50", "--end", "40"),
                   "--end (40) is not after --start (50)")
    _assert_failed(cli("codings", "add", "dijkhuizen", "mensen.tekort", "--start", "50", "--end", "99999"),
                   "lies outside the document")
    _assert_failed(cli("codings", "add", "dijkhuizen", "mensen.tekort"), "say what to code")
    _assert_failed(cli("codings", "add", "dijkhuizen", "mensen.tekort", "--text", "mensen", "--start", "3"),
                   "either --text or --start and --end")
    assert _codings(study) == before and len(_events(study)) == events


def test_remove_by_id_prefix_checks_every_id_first(study: Path, cli: Cli) -> None:
    with Project.open(study) as project:
        bram = next(c for c in project.codings() if c.coder == "bram")
    before = _codings(study)
    _assert_failed(cli("codings", "remove", bram.guid[:8], "FFFFFFFF"), "no coding with id 'FFFFFFFF'",
                   "→ 'qualcode codings list' shows the ids")
    _assert_failed(cli("codings", "remove", bram.guid[:2]), "too short to name a coding")
    assert _codings(study) == before

    result = cli("codings", "remove", bram.guid[:8].lower(), "--coder", "bram")
    assert result.code == 0, result.text
    assert f"removed {bram.guid}: mensen.tekort on 'We hebben te weinig mensen'" in result.out
    assert [c for c in _codings(study) if c[4] == "bram"] == []
    with Project.open(study) as project:
        assert project.undo("bram") is not None
        assert bram.guid in {c.guid for c in project.codings()}


# -- export -----------------------------------------------------------------------------------------------------
def test_export_csv_has_english_columns_a_bom_and_no_formulas(study: Path, cli: Cli) -> None:
    result = cli("codings", "export", "--format", "csv")
    assert result.code == 0, result.text
    target = study / "reports" / "codings.csv"
    assert "wrote" in result.out and "(3 codings)" in result.out
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the UTF-8 of 'financiën' only with a byte-order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == EXPORT_HEADER
    by_coder = {(row[8], row[6]): dict(zip(EXPORT_HEADER, row, strict=True)) for row in rows[1:]}
    budget = by_coder[("anna", "geld.budget")]
    assert budget["memo"] == "'=SOM(A1)"
    assert budget["document"] == DIJKHUIZEN_TITLE and budget["case"] == "Dijkhuizen"
    assert budget["text"] == "Er is geen structureel budget voor." and budget["code_name"] == "Geen structureel budget"
    assert by_coder[("bram", "mensen.tekort")]["memo"] == "Inhuur: zie ook\nde financiën"
    assert list((study / "reports").glob(".*.tmp")) == []


def test_export_never_replaces_a_file_outside_the_project_without_force(study: Path, cli: Cli) -> None:
    outside = study.parent / "codings.csv"
    outside.write_text("mijn eigen spreadsheet\n", encoding="utf-8")
    _assert_failed(cli("codings", "export", "--out", outside), "the file exists and is outside the project folder",
                   "→ add --force")
    assert outside.read_text(encoding="utf-8") == "mijn eigen spreadsheet\n"
    assert cli("codings", "export", "--out", outside, "--force").code == 0
    assert outside.read_text(encoding="utf-8-sig").startswith(",".join(EXPORT_HEADER))
    _assert_failed(cli("codings", "export", "--format", "xlsx", "--out", "-"), "cannot go to standard output")


def test_export_xlsx_keeps_text_as_text(study: Path, cli: Cli) -> None:
    result = cli("codings", "export", "--format", "xlsx", "--out", "reports/coderingen.xlsx")
    assert result.code == 0, result.text
    sheet = openpyxl.load_workbook(study / "reports" / "coderingen.xlsx").worksheets[0]
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == EXPORT_HEADER
    memo = next(row[10] for row in rows[1:] if row[6].value == "geld.budget")
    assert memo.value == "=SOM(A1)" and memo.data_type == "s"  # a string cell, not a formula
    assert sorted(row[3].value for row in rows[1:]) == sorted(c[1] for c in _codings(study))


def test_export_to_a_file_named_xlsx_writes_a_workbook_and_a_contradicting_format_is_refused(
        study: Path, cli: Cli) -> None:
    result = cli("codings", "export", "--out", "reports/voor-excel.xlsx")
    assert result.code == 0, result.text
    assert openpyxl.load_workbook(study / "reports" / "voor-excel.xlsx").worksheets[0]["A1"].value == "document"
    assert cli("codings", "import", "reports/voor-excel.xlsx", "--dry-run").code == 0
    _assert_failed(cli("codings", "export", "--format", "csv", "--out", "reports/tabel.xlsx"),
                   "--format csv does not fit a file ending in .xlsx")
    assert not (study / "reports" / "tabel.xlsx").exists()


# -- round trips ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_a_copy_without_codings_restores_them(study: Path, cli: Cli, fmt: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("codings", "export", "--format", fmt, "--out", study.parent / f"alle.{fmt}").code == 0
    with Project.open(study) as project:
        original = sorted((c.guid, c.document_guid, c.start, c.end, c.code_key, c.coder, c.memo, c.created_at)
                          for c in project.codings())
    copy = study.parent / "kopie"
    shutil.copytree(study, copy)
    _remove_all_codings(copy)
    monkeypatch.chdir(copy)

    result = cli("codings", "import", study.parent / f"alle.{fmt}", "--coder", "anna")
    assert result.code == 0, result.text
    assert "3 codings imported" in result.out
    with Project.open(copy) as project:
        restored = sorted((c.guid, c.document_guid, c.start, c.end, c.code_key, c.coder, c.memo, c.created_at)
                          for c in project.codings())
    assert restored == original  # spans, codes, coders, memos, and even the ids and times

    again = cli("codings", "import", study.parent / f"alle.{fmt}")
    assert again.code == 0 and "0 codings imported; 3 rows skipped as duplicates" in again.out
    assert len(_codings(copy)) == 3


# -- import -----------------------------------------------------------------------------------------------------
DUTCH_EXCEL = (
    "Document;Begin;Eind;Citaat;Code;Codeur;Memo\r\n"
    "dijkhuizen.txt;;;\"te weinig mensen, en de mensen\r\ndie we hebben zijn ingehuurd\";mensen.tekort;bram;"
    "Vooral inhuur; financiën krap\r\n"
    "veenmolen;;;De financiën van de gemeente zijn krap.;geld.budget;;=SOM(A1)\r\n"
    "Veenmolen – Henk Zijlstra;;;Met incidentele subsidies;Vraag aan het Rijk;bram;\r\n"
    ";;;;;;\r\n"
)


def test_import_a_csv_saved_by_dutch_excel(study: Path, cli: Cli) -> None:
    table = study.parent / "coderingen.csv"
    # "CSV (gescheiden door lijstscheidingsteken)": semicolons, Windows-1252, CR LF; the memo with ';' is quoted.
    table.write_bytes(DUTCH_EXCEL.replace("Vooral inhuur; financiën krap", '"Vooral inhuur; financiën krap"')
                      .encode("cp1252"))
    before = _codings(study)
    result = cli("codings", "import", table)
    assert result.code == 0, result.text
    assert "3 codings imported" in result.out
    assert "not UTF-8: read as Windows-1252" in result.err
    added = sorted(set(_codings(study)) - set(before))
    with Project.open(study) as project:
        dijkhuizen = project.document_text(_guid(project, "dijkhuizen.txt"))
        veenmolen = project.document_text(_guid(project, "veenmolen.txt"))
    start = dijkhuizen.index("te weinig mensen, en")
    end = dijkhuizen.index("ingehuurd") + len("ingehuurd")
    krap = veenmolen.index("De financiën")
    subsidies = veenmolen.index("Met incidentele subsidies")
    assert added == sorted([
        ("dijkhuizen.txt", start, end, "mensen.tekort", "bram", "Vooral inhuur; financiën krap"),
        ("veenmolen.txt", krap, krap + len("De financiën van de gemeente zijn krap."), "geld.budget", "anna",
         "=SOM(A1)"),  # the coder from qualcode.toml; a memo typed in Excel is kept as typed
        ("veenmolen.txt", subsidies, subsidies + len("Met incidentele subsidies"), "geld.rijk", "bram", None),
    ])
    with Project.open(study) as project:
        event = project.store.events(limit=1)[0]
        assert event.action == "import_codings" and len(event.payload["codings"]) == 3
        assert list(project.snapshot_dir.glob("*codings-import*"))


def test_import_utf8_with_bom_moves_rows_whose_offsets_do_not_hold_their_text(study: Path, cli: Cli) -> None:
    with Project.open(study) as project:
        text = project.document_text(_guid(project, "dijkhuizen.txt"))
    right = text.index("De raad wil eerst een routekaart.")
    table = study.parent / "verschoven.csv"
    # Offsets from an older version of the transcript: 7 characters off; the quoted text says where it belongs.
    table.write_text(f"document;start;end;text;code;coder\ndijkhuizen;{right - 7};{right + 26};"
                     "De raad wil eerst een routekaart.;geld.budget;bram\n", encoding="utf-8-sig")
    result = cli("codings", "import", table)
    assert result.code == 0, result.text
    assert f"line 2: {right - 7}-{right + 26} → {right}-{right + 33}" in result.out
    assert "1 row found at other offsets" in result.out
    assert ("dijkhuizen.txt", right, right + 33, "geld.budget", "bram", None) in _codings(study)


def test_import_an_xlsx_written_by_openpyxl(study: Path, cli: Cli) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Document", "Begin", "Eind", "Tekst", "Code", "Codeur", "Memo", "Opmerking van Bram"])
    with Project.open(study) as project:
        text = project.document_text(_guid(project, "dijkhuizen.txt"))
    start = text.index("Hoe staat het")
    sheet.append(["dijkhuizen", start, start + 13, "Hoe staat het", "geld", "bram", "=SOM(A1)", "negeren"])
    sheet.append(["veenmolen", None, None, "Wat vraagt u van het Rijk?", "geld.rijk", None, None, None])
    sheet["G2"].data_type = "s"  # typed with a leading ' in Excel: text, not a formula
    path = study.parent / "coderingen.xlsx"
    workbook.save(path)
    before = _codings(study)
    result = cli("codings", "import", path, "--coder", "carla")
    assert result.code == 0, result.text
    assert "columns not read: Opmerking van Bram" in result.err
    rijk = VEENMOLEN.index("Wat vraagt u van het Rijk?")
    assert sorted(set(_codings(study)) - set(before)) == [
        ("dijkhuizen.txt", start, start + 13, "geld", "bram", "=SOM(A1)"),
        ("veenmolen.txt", rijk, rijk + len("Wat vraagt u van het Rijk?"), "geld.rijk", "carla", None)]


BAD_ROWS = (
    "document,start,end,text,code,coder,memo\n"
    "dijkhuizen,,,te weinig mensen,mensen.tekrt,bram,\n"  # line 2: a typo in the code
    "Dijkhuizen-Noord,,,te weinig mensen,mensen.tekort,bram,\n"  # line 3: no such document
    "dijkhuizen,120,80,,mensen.tekort,bram,\n"  # line 4: end before start
    "dijkhuizen,,,geen structureel budget,geld.budget,anna,\n"  # line 5: the text stands there twice
    "veenmolen,,,De gemeente heeft geld genoeg,geld.budget,anna,\n"  # line 6: not in the transcript
    "veenmolen,,,Structurele middelen.,geld.rijk,bram,goed\n"  # line 7: fine
    "veenmolen,abc,12,,geld.rijk,bram,\n"  # line 8: not a number
    '"dijkhuizen",,,"te weinig\nmensen",mensen.tekort,bram,\n'  # lines 9-10: fine (a quoted line break)
    "veenmolen,3,,,geld.rijk,bram,\n"  # line 11: an end is missing
)


def test_import_with_bad_rows_lists_them_by_line_and_stores_nothing(study: Path, cli: Cli,
                                                                    counts: Callable[[Path], dict[str, int]]) -> None:
    table = study.parent / "fouten.csv"
    table.write_text(BAD_ROWS, encoding="utf-8")
    before = counts(study)
    for argv in (("codings", "import", table), ("codings", "import", table, "--dry-run")):
        result = cli(*argv)
        _assert_failed(result, f"{table}: 7 of 9 rows cannot be imported; nothing was stored",
                       "line 2: no code 'mensen.tekrt'; did you mean 'mensen.tekort'?",
                       "line 3: no document 'Dijkhuizen-Noord'",
                       "line 4: end (80) is not after start (120)",
                       "line 5: the text occurs 2 times in the document (give start and end for this row)",
                       "line 6: 'De gemeente heeft geld genoeg' is not in the document, nor anything like it",
                       "line 8: start 'abc' is not a number",
                       "line 11: end is empty; give both start and end",
                       "→ correct these rows (or remove them) and import again")
        assert "line 7" not in result.err and "line 9" not in result.err
    assert counts(study) == before


def test_import_shows_twenty_bad_rows_and_counts_the_rest(study: Path, cli: Cli) -> None:
    table = study.parent / "veel.csv"
    table.write_text("document,text,code\n" + "".join(f"veenmolen,Structurele middelen.,geld.onbekend{i}\n"
                                                       for i in range(35)), encoding="utf-8")
    result = cli("codings", "import", table)
    _assert_failed(result, "35 of 35 rows cannot be imported", "line 21: no code 'geld.onbekend19'",
                   "… and 15 more rows")
    assert "line 22:" not in result.err


def test_import_dry_run_says_what_it_would_store_and_stores_nothing(study: Path, cli: Cli,
                                                                   counts: Callable[[Path], dict[str, int]]) -> None:
    table = study.parent / "proef.csv"
    table.write_text("document,text,code,coder\nveenmolen,Structurele middelen.,geld.rijk,anna\n"
                     "veenmolen,Structurele middelen.,geld.budget,anna\nveenmolen,Structurele middelen.,geld.budget,"
                     "anna\n", encoding="utf-8")
    before = counts(study)
    result = cli("codings", "import", table, "--dry-run")
    assert result.code == 0, result.text
    assert "dry run: 1 of 3 rows would be stored (geld.budget 1); 2 rows skipped as duplicates" in result.out
    assert "nothing was stored" in result.out
    assert counts(study) == before


def test_undo_of_an_import_removes_exactly_the_imported_codings(study: Path, cli: Cli) -> None:
    before = _codings(study)
    table = study.parent / "import.csv"
    table.write_text("document,text,code,coder\nveenmolen,De financiën van de gemeente zijn krap.,geld.budget,bram\n"
                     "dijkhuizen,De raad wil eerst een routekaart.,geld,carla\n", encoding="utf-8")
    assert cli("codings", "import", table, "--coder", "eva").code == 0
    imported = _codings(study)
    assert len(imported) == len(before) + 2
    with Project.open(study) as project:
        undone = project.undo("eva")
        assert undone is not None and "imported 2 codings from import.csv" in undone.summary
    assert _codings(study) == before
    with Project.open(study) as project:
        assert project.redo("eva") is not None
    assert _codings(study) == imported


def test_import_refuses_files_it_cannot_read(study: Path, cli: Cli, counts: Callable[[Path], dict[str, int]]) -> None:
    before = counts(study)
    no_code = study.parent / "zonder-code.csv"
    no_code.write_text("document;begin;eind;citaat\ndijkhuizen;1;5;x\n", encoding="utf-8")
    _assert_failed(cli("codings", "import", no_code), f"{no_code}:1: the header has no column for code",
                   "→ name the columns document, start, end")
    ods = study.parent / "coderingen.ods"
    ods.write_bytes(b"PK\x03\x04")
    _assert_failed(cli("codings", "import", ods), "'.ods' is not a table qualcode reads", "→ save it as .csv")
    _assert_failed(cli("codings", "import", study.parent / "bestaat-niet.csv"), "bestaat-niet.csv: file not found")
    assert counts(study) == before


def _events(root: Path) -> list[Any]:
    with Project.open(root) as project:
        return project.store.events(limit=10_000)



def test_import_refuses_an_xlsx_that_unpacks_to_too_much(study: Path, cli: Cli,
                                                          counts: Callable[[Path], dict[str, int]]) -> None:
    import zipfile

    bomb = study.parent / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b" " * (1 << 20)
            for _ in range(310):  # 310 MiB (325 MB) of spaces: a few hundred kB packed
                sheet.write(block)
    before = counts(study)
    _assert_failed(cli("codings", "import", bomb),
                   "bom.xlsx: this workbook unpacks to 325 MB of XML (qualcode reads up to 300 MB)",
                   "→ open it in Excel and save it again")
    assert counts(study) == before


def test_redo_of_an_import_never_puts_a_coding_onto_other_words(tmp_path: Path, cli: Cli,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "studie"
    transcript = tmp_path / "veenmolen.txt"
    transcript.write_text(VEENMOLEN, encoding="utf-8")
    (tmp_path / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    with Project.init(root, name="Verduurzaming") as project:
        assert not project.import_transcripts([transcript]).failed
        project.load_codebook(tmp_path / "codeboek.yaml")
    monkeypatch.chdir(root)
    table = tmp_path / "import.csv"
    table.write_text("document,text,code\nveenmolen,Structurele middelen.,geld.rijk\n", encoding="utf-8")
    assert cli("codings", "import", table, "--coder", "eva").code == 0
    [imported] = _codings(root)
    with Project.open(root) as project:
        assert project.undo("eva") is not None
        assert project.codings() == []
    # The transcript is corrected: other words now stand where the coding was.
    transcript.write_text(VEENMOLEN.replace("Henk: Structurele middelen.", "Henk: Geld, geld, geld."),
                          encoding="utf-8")
    assert cli("import", transcript).code == 0
    with Project.open(root) as project:
        redone = project.redo("eva")
        assert redone is not None and "1 codings not restored" in redone.summary
        assert project.codings() == []
    assert imported[3] == "geld.rijk"


def test_import_of_an_xlsx_names_bad_rows_by_their_row_number(study: Path, cli: Cli,
                                                             counts: Callable[[Path], dict[str, int]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Toelichting"  # a first sheet that explains the codings on the second
    workbook.active.append(["Coderingen van Bram, zie het tweede blad"])
    sheet = workbook.create_sheet("Coderingen")
    sheet.append(["Titel van het overzicht"])  # a title above the table, as people make them
    sheet.append([])
    sheet.append(["document", "citaat", "code"])
    sheet.append(["veenmolen", "Structurele middelen.", "geld.rijk"])
    sheet.append(["veenmolen", "Structurele middelen.", "geld.rjik"])
    path = study.parent / "overzicht.xlsx"
    workbook.save(path)
    before = counts(study)
    _assert_failed(cli("codings", "import", path), "1 of 2 rows cannot be imported; nothing was stored",
                   "row 5: no code 'geld.rjik'; did you mean 'geld.rijk'?")
    assert "row 4" not in cli("codings", "import", path).err
    sheet.delete_rows(3, 3)
    workbook.save(path)
    _assert_failed(cli("codings", "import", path), f"{path}:1: the header has no column for code; document",
                   "(it has: 'Coderingen van…et tweede blad')", "→ name the columns document, start, end")
    assert counts(study) == before


def test_a_coded_text_longer_than_an_excel_cell_round_trips_through_xlsx(tmp_path: Path, cli: Cli,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "studie"
    answer = "We hebben te weinig mensen en geen structureel budget. " * 800  # 44,000 characters
    transcript = tmp_path / "veenmolen.txt"
    transcript.write_text(f"Gemeente: Veenmolen\nInterviewer: Sanne Bakker\n\nSanne: Hoe gaat het?\n\nHenk: {answer}\n",
                          encoding="utf-8")
    (tmp_path / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    with Project.init(root, name="Verduurzaming") as project:
        assert not project.import_transcripts([transcript]).failed
        project.load_codebook(tmp_path / "codeboek.yaml")
        [document] = project.documents()
        text = project.document_text(document.guid)
        start = text.index("We hebben")
        project.apply_coding(document.guid, start, len(text.rstrip()), "mensen.tekort", "anna")
    monkeypatch.chdir(root)
    assert cli("codings", "export", "--format", "xlsx", "--out", tmp_path / "lang.xlsx").code == 0
    cell = openpyxl.load_workbook(tmp_path / "lang.xlsx").worksheets[0]["F2"].value
    assert len(cell) == 32_767 and cell.endswith("…")
    before = _codings(root)
    _remove_all_codings(root)
    result = cli("codings", "import", tmp_path / "lang.xlsx")
    assert result.code == 0 and "1 coding imported" in result.out and "moved" not in result.out, result.text
    assert _codings(root) == before


def test_the_example_project_round_trips_through_csv(tmp_path: Path, cli: Cli,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from qualcode.project.demo import build_demo

    with build_demo(tmp_path / "demo") as project:
        original = sorted((c.guid, c.document_guid, c.start, c.end, c.code_key, c.coder, c.memo, c.created_at)
                          for c in project.codings())
    assert len(original) > 500
    monkeypatch.chdir(tmp_path / "demo")
    assert cli("codings", "export", "--out", tmp_path / "demo.csv").code == 0
    copy = tmp_path / "kopie"
    shutil.copytree(tmp_path / "demo", copy)
    with Project.open(copy) as project:
        coder = project.coder()
    _remove_all_codings(copy)
    monkeypatch.chdir(copy)
    result = cli("codings", "import", tmp_path / "demo.csv")
    assert result.code == 0 and f"{len(original)} codings imported" in result.out, result.text
    with Project.open(copy) as project:
        assert sorted((c.guid, c.document_guid, c.start, c.end, c.code_key, c.coder, c.memo, c.created_at)
                      for c in project.codings()) == original
        undone = project.undo(coder)
        assert undone is not None and project.codings() == []
    assert cli("codings", "export", "--out", tmp_path / "leeg.csv").code == 0
    assert (tmp_path / "leeg.csv").read_text(encoding="utf-8-sig") == ",".join(EXPORT_HEADER) + "\n"


def test_import_never_gives_a_coding_the_id_of_one_that_awaits_review(study: Path, cli: Cli) -> None:
    with Project.open(study) as project:
        guid = _guid(project, "dijkhuizen.txt")
        [tekort] = [c for c in project.codings(guid) if c.code_key == "mensen.tekort"]
    assert cli("codings", "export", "--out", study.parent / "voor.csv").code == 0
    # The sentence is struck from the transcript: its coding vanishes and waits for review, under its own id.
    corrected = study.parent / "dijkhuizen.txt"
    corrected.write_text(DIJKHUIZEN.replace("We hebben te weinig mensen, en de mensen die we hebben zijn ingehuurd.",
                                            "Meer kan ik er niet over zeggen."), encoding="utf-8")
    assert cli("documents", "replace", "dijkhuizen", corrected, "--coder", "anna").code == 0
    with Project.open(study) as project:
        assert [i.coding_guid for i in project.codings_to_review()] == [tekort.guid]
    # Its row from the earlier export, put on other words by hand, comes in as a coding of its own.
    with (study.parent / "voor.csv").open(encoding="utf-8-sig", newline="") as table:
        [row] = [r for r in csv.DictReader(table) if r["coding_guid"] == tekort.guid]
    row.update(text="Meer kan ik er niet over zeggen.", start="", end="")
    table_path = study.parent / "hand.csv"
    with table_path.open("w", encoding="utf-8", newline="") as table:
        writer = csv.DictWriter(table, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    result = cli("codings", "import", table_path, "--coder", "bram")
    assert result.code == 0 and "1 coding imported" in result.out, result.text
    with Project.open(study) as project:
        [imported] = [c for c in project.codings(guid) if c.code_key == "mensen.tekort"]
        assert imported.guid != tekort.guid
    # Removing the vanished coding in review leaves the imported one alone.
    assert cli("documents", "review", "dijkhuizen", "--remove", tekort.guid[:8], "--coder", "anna").code == 0
    with Project.open(study) as project:
        assert [c.guid for c in project.codings(guid) if c.code_key == "mensen.tekort"] == [imported.guid]


def test_import_stores_nothing_when_a_document_gets_a_new_version_while_the_table_is_read(
        study: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _remove_all_codings(study)
    table = study.parent / "tabel.csv"
    table.write_text("document,text,code,coder\ndijkhuizen,De raad wil eerst een routekaart.,geld.budget,bram\n",
                     encoding="utf-8")
    corrected = study.parent / "dijkhuizen.txt"
    corrected.write_text(DIJKHUIZEN.replace("Sanne: En de sporthal?\n\n", ""), encoding="utf-8")
    with Project.open(study) as project, Project.open(study) as colleague:
        checked_then_copied = project.store.snapshot

        def snapshot_while_a_colleague_corrects(*args: Any, **kwargs: Any) -> Path:
            colleague.replace_document("dijkhuizen", corrected, coder="anna")  # another process, between the two
            return checked_then_copied(*args, **kwargs)

        monkeypatch.setattr(project.store, "snapshot", snapshot_while_a_colleague_corrects)
        with pytest.raises(ProjectError, match="changed while the table was read"):
            project.import_codings(table, coder="bram")
        assert project.codings() == []


def test_undo_of_an_import_also_takes_back_an_imported_coding_whose_words_a_correction_deleted(
        study: Path, cli: Cli) -> None:
    _remove_all_codings(study)
    table = study.parent / "tabel.csv"
    table.write_text("document,text,code,coder\ndijkhuizen,De raad wil eerst een routekaart.,geld.budget,bram\n",
                     encoding="utf-8")
    assert cli("codings", "import", table, "--coder", "bram").code == 0
    corrected = study.parent / "dijkhuizen.txt"
    corrected.write_text(DIJKHUIZEN.replace(" De raad wil eerst een routekaart.", ""), encoding="utf-8")
    assert cli("documents", "replace", "dijkhuizen", corrected, "--coder", "anna").code == 0
    with Project.open(study) as project:
        assert [item.status for item in project.codings_to_review()] == ["vanished"]
        undone = project.undo("bram")
        assert undone is not None and "already been removed" not in undone.summary
        assert project.codings_to_review() == [] and project.codings() == []
