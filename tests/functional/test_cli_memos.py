"""`qualcode memos list|show|set|remove`: the workbench's memos (key m) from the shell, through Project.memos and
Project.set_memo; each change one undoable event.

Everything is fictional: interviews in the municipalities Ommerveld and Zuiderwolde, coded by Anna and Bram.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from tests.functional.conftest import Cli, Result

CODEBOOK = """\
name: Energietransitie
codes:
  - id: geld
    name: Financiën
    children:
      - id: geld.budget
        name: Geen structureel budget
        type: barrier
  - id: mensen
    name: Capaciteit
    children:
      - id: mensen.tekort
        name: Te weinig mensen
        type: barrier
"""

OMMERVELD = """\
Gemeente: Ommerveld
Gesprekspartner: Gerda Wolters, beleidsmedewerker energie
Datum: 14 mei 2025
Interviewer: Sanne Bakker

Sanne: Hoe loopt de wijkaanpak?

Gerda: Eerlijk gezegd stroef. We hebben te weinig mensen en de ene projectleider zit ook nog op de sporthal.

Sanne: En het geld?

Gerda: Er is geen structureel budget, alleen die SPUK-regeling.
"""

ZUIDERWOLDE = """\
Gemeente: Zuiderwolde
Gesprekspartner: Jan-Willem Kuipers, wethouder
Interviewer: Sanne Bakker

Sanne: Wat heeft u nodig?

Jan-Willem: Mensen. Gewoon mensen die het werk kunnen doen.
"""

CODING_MEMO = "Zelfde klacht als in Zuiderwolde.\nNavragen: gaat het om fte of om expertise? 🤔"
FORMULA_MEMO = "=SOM(A1)"
DOCUMENT_MEMO = "Opname viel halverwege weg; **tweede deel** uit aantekeningen."
CODE_MEMO = "Alleen tekort aan *mensen*, niet aan geld.\n\n- fte\n- inhuur"
PROJECT_MEMO = "Eerste ronde: 2 van 12 gemeenten. Let op =SOM(A1)-achtige cellen bij export!"
OMMERVELD_TITLE = "Ommerveld – Gerda Wolters"


@pytest.fixture
def study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two interviews, a codebook, three codings by two coders; Anna's coding already has a memo ('=SOM(A1)')."""
    root = tmp_path / "studie"
    sources = tmp_path / "bron"
    sources.mkdir()
    (sources / "ommerveld.txt").write_text(OMMERVELD, encoding="utf-8")
    (sources / "zuiderwolde.txt").write_text(ZUIDERWOLDE, encoding="utf-8")
    (tmp_path / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    with Project.init(root, name="Energietransitie", default_coder="anna") as project:
        assert not project.import_transcripts([sources], coder="anna").failed
        project.load_codebook(tmp_path / "codeboek.yaml")
        _code(project, "ommerveld.txt", "We hebben te weinig mensen", "mensen.tekort", "bram")
        _code(project, "ommerveld.txt", "Er is geen structureel budget", "geld.budget", "anna", memo=FORMULA_MEMO)
        _code(project, "zuiderwolde.txt", "Gewoon mensen die het werk kunnen doen.", "mensen.tekort", "anna")
    monkeypatch.chdir(root)
    return root


def _code(project: Project, source_name: str, words: str, code: str, coder: str, memo: str | None = None) -> str:
    guid = next(d.guid for d in project.documents() if d.source_name == source_name)
    start = project.document_text(guid).index(words)
    return project.apply_coding(guid, start, start + len(words), code, coder, memo).guid


def _coding_id(root: Path, code: str, source_name: str = "ommerveld.txt") -> str:
    with Project.open(root) as project:
        document = next(d.guid for d in project.documents() if d.source_name == source_name)
        return next(c.guid for c in project.codings(document) if c.code_key == code)


def _memos(root: Path) -> dict[tuple[str, str | None], tuple[str, str | None]]:
    """(kind, target guid) → (text, who wrote it last), through the Project API."""
    with Project.open(root) as project:
        return {(m.target.kind, m.target.guid): (m.text, m.coder) for m in project.memos()}


def _events(root: Path) -> int:
    with closing(sqlite3.connect(root / "qualcode.db")) as connection:
        return int(connection.execute("SELECT count(*) FROM events").fetchone()[0])


def _failed(result: Result, *fragments: str, code: int = 1) -> None:
    assert result.code == code, result.text
    for fragment in fragments:
        assert fragment in result.err, f"{fragment!r} not in:\n{result.err}"
    assert "→" in result.err
    assert "Traceback" not in result.text and "internal problem" not in result.text


# -- set, show, remove for each kind -------------------------------------------------------------------------
def test_set_show_and_remove_a_memo_on_each_kind(study: Path, cli: Cli) -> None:
    coding = _coding_id(study, "mensen.tekort")
    targets = {"coding": (coding[:8].lower(), CODING_MEMO), "document": ("ommerveld", DOCUMENT_MEMO),
               "code": ("mensen.tekort", CODE_MEMO), "project": (None, PROJECT_MEMO)}
    for kind, (target, text) in targets.items():
        named = [target] if target else []
        result = cli("memos", "set", kind, *named, text, "--coder", "bram")
        assert result.code == 0, result.text
        assert "wrote a memo on" in result.out and "qualcode undo --coder bram" in result.out
        shown = cli("memos", "show", kind, *named)
        assert shown.code == 0, shown.text
        assert shown.out == text + "\n"  # only the text on standard output: show > memo.md round-trips
        assert "written by bram" in shown.err
    memos = _memos(study)
    with Project.open(study) as project:
        document = project.resolve_document("ommerveld.txt")
        code_guid = next(row.guid for row in project.code_rows() if row.key == "mensen.tekort")
        assert project.memo("coding", coding) == CODING_MEMO  # the memo the workbench's m key opens
        assert project.memo("code", "mensen.tekort") == CODE_MEMO
    assert memos[("coding", coding)] == (CODING_MEMO, "bram")
    assert memos[("document", document)] == (DOCUMENT_MEMO, "bram")
    assert memos[("code", code_guid)] == (CODE_MEMO, "bram")
    assert memos[("project", None)] == (PROJECT_MEMO, "bram")

    for kind, (target, _) in targets.items():
        named = [target] if target else []
        result = cli("memos", "remove", kind, *named, "--coder", "bram")
        assert result.code == 0 and "removed the memo on" in result.out, result.text
        gone = cli("memos", "show", kind, *named)
        assert gone.code == 0 and gone.out == "" and "no memo on" in gone.err
    assert set(_memos(study)) == {("coding", _coding_id(study, "geld.budget"))}  # Anna's memo from the fixture


def test_replacing_a_memo_and_setting_the_same_text_again(study: Path, cli: Cli) -> None:
    assert cli("memos", "set", "document", "Zuiderwolde – Jan-Willem Kuipers", "Kort gesprek.").code == 0
    events = _events(study)
    again = cli("memos", "set", "document", "zuiderwolde.txt", "Kort gesprek.")
    assert again.code == 0 and "already has this memo; nothing changed" in again.out
    assert _events(study) == events  # no event for a memo that did not change
    replaced = cli("memos", "set", "document", "zuiderwolde", "Kort gesprek, wethouder had haast.", "--coder", "bram")
    assert "replaced the memo on document 'Zuiderwolde – Jan-Willem Kuipers'" in replaced.out
    assert _events(study) == events + 1
    nothing = cli("memos", "remove", "project")
    assert nothing.code == 0 and "the project has no memo; nothing changed" in nothing.out


# -- undo ----------------------------------------------------------------------------------------------------
def test_each_change_is_one_event_that_undo_takes_back(study: Path, cli: Cli) -> None:
    coding = _coding_id(study, "geld.budget")  # Anna's memo '=SOM(A1)' came with the coding
    events = _events(study)
    assert cli("memos", "set", "coding", coding, "Bedoelt: geen structureel budget, wel incidenteel.",
               "--coder", "bram").code == 0
    assert _events(study) == events + 1
    assert _memos(study)[("coding", coding)] == ("Bedoelt: geen structureel budget, wel incidenteel.", "bram")

    undone = cli("undo", "--coder", "bram")
    assert undone.code == 0 and "Undid: edited memo on coding geld.budget" in undone.out, undone.text
    # The text is Anna's again, and so is the name beside it: the undo by Bram wrote none of it.
    assert _memos(study)[("coding", coding)] == (FORMULA_MEMO, "anna")

    assert cli("memos", "remove", "coding", coding).code == 0
    assert ("coding", coding) not in _memos(study)
    assert cli("undo").code == 0  # the default coder, anna
    assert _memos(study)[("coding", coding)] == (FORMULA_MEMO, "anna")

    # A document's memo: the table row names Bram after his undo, the event log that Anna wrote the text.
    assert cli("memos", "set", "document", "zuiderwolde", DOCUMENT_MEMO).code == 0
    assert cli("memos", "set", "document", "zuiderwolde", "Bram was hier.", "--coder", "bram").code == 0
    assert cli("undo", "--coder", "bram").code == 0
    with Project.open(study) as project:
        [memo] = project.memos(kind="document")
    assert (memo.text, memo.coder, memo.document) == (DOCUMENT_MEMO, "anna", "Zuiderwolde – Jan-Willem Kuipers")

    assert cli("memos", "set", "project", PROJECT_MEMO, "--coder", "bram").code == 0
    assert cli("undo", "--coder", "bram").code == 0
    assert ("project", None) not in _memos(study)
    assert cli("redo", "--coder", "bram").code == 0
    assert _memos(study)[("project", None)] == (PROJECT_MEMO, "bram")


# -- list ----------------------------------------------------------------------------------------------------
def _set_all(root: Path, cli: Cli) -> str:
    coding = _coding_id(root, "mensen.tekort")
    for argv in (("coding", coding, CODING_MEMO, "--coder", "bram"), ("document", "ommerveld", DOCUMENT_MEMO),
                 ("code", "mensen.tekort", CODE_MEMO, "--coder", "bram"), ("project", PROJECT_MEMO)):
        assert cli("memos", "set", *argv).code == 0
    return coding


def test_list_prints_every_memo_with_what_it_is_on_in_reading_order(study: Path, cli: Cli) -> None:
    _set_all(study, cli)
    result = cli("memos", "list")
    assert result.code == 0, result.text
    text = result.out
    assert text.startswith("# Memo's (5)\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Project", "## Code mensen.tekort — Te weinig mensen", f"## Document: {OMMERVELD_TITLE}",
                        f"## Codering {_coding_id(study, 'mensen.tekort')[:8]} — mensen.tekort",
                        f"## Codering {_coding_id(study, 'geld.budget')[:8]} — geld.budget"]
    assert f"{OMMERVELD_TITLE} · casus Ommerveld · tekens" in text
    assert "> We hebben te weinig mensen\n" in text  # the coded words
    assert CODING_MEMO in text and CODE_MEMO in text and DOCUMENT_MEMO in text  # memos as written, line breaks kept
    assert "*bram, " in text and "*anna, " in text


def test_list_filters_by_kind_and_by_who_wrote_last(study: Path, cli: Cli) -> None:
    _set_all(study, cli)
    codes = cli("memos", "list", "--kind", "code")
    assert codes.code == 0 and codes.out.startswith("# Memo's (1)\n") and CODE_MEMO in codes.out
    by_bram = cli("memos", "list", "--coder", "bram").out
    assert by_bram.startswith("# Memo's (2)\n") and CODING_MEMO in by_bram and CODE_MEMO in by_bram
    assert DOCUMENT_MEMO not in by_bram and FORMULA_MEMO not in by_bram
    with Project.open(study) as project:
        assert [m.target.kind for m in project.memos(kind="coding", coder="anna")] == ["coding"]
        assert [m.code for m in project.memos(kind="coding")] == ["mensen.tekort", "geld.budget"]
        with pytest.raises(ProjectError, match="not to 'codes'; did you mean 'code'"):
            project.memos(kind="codes")
    # Carla only writes memos, never codes: she has no row among the coders, yet the filter knows her.
    coding = _coding_id(study, "mensen.tekort")
    assert cli("memos", "set", "coding", coding, "Carla: eens.", "--coder", "carla").code == 0
    by_carla = cli("memos", "list", "--coder", "carla")
    assert by_carla.code == 0 and by_carla.out.startswith("# Memo's (1)\n") and "Carla: eens." in by_carla.out
    none = cli("memos", "list", "--kind", "document", "--coder", "bram")
    assert none.code == 0 and none.out == "" and "no memos match" in none.err


def test_an_empty_project_says_how_to_write_a_memo(root: Path, cli: Cli) -> None:
    result = cli("memos", "list")
    assert result.code == 0 and result.out == ""
    assert "no memos yet" in result.err and "qualcode memos set" in result.err


def test_csv_keeps_formulas_as_text_and_xlsx_stores_them_as_text(study: Path, cli: Cli) -> None:
    coding = _set_all(study, cli)
    written = cli("memos", "list", "--format", "csv")
    assert written.code == 0 and "reports/memos.csv (5 memos)" in written.out.replace("\\", "/"), written.text
    raw = (study / "reports" / "memos.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the UTF-8 (ë, emoji) only with the mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row["kind"] for row in rows] == ["project", "code", "document", "coding", "coding"]
    by_kind = {(row["kind"], row["id"]): row for row in rows}
    assert by_kind[("coding", coding)]["memo"] == CODING_MEMO
    assert by_kind[("coding", coding)]["coded_text"] == "We hebben te weinig mensen"
    assert by_kind[("coding", coding)]["case"] == "Ommerveld"
    assert by_kind[("coding", coding)]["written_by"] == "bram"
    formula = next(row for row in rows if row["code"] == "geld.budget")
    assert formula["memo"] == "'" + FORMULA_MEMO  # the one formula guard: a spreadsheet shows it, never runs it

    piped = cli("memos", "list", "--format", "csv", "--out", "-")
    assert piped.code == 0 and piped.out == raw.decode("utf-8-sig"), piped.text
    assert not (study / "-").exists()

    assert cli("memos", "list", "--out", "reports/memo's.xlsx").code == 0  # the name chooses the format
    sheet = openpyxl.load_workbook(study / "reports" / "memo's.xlsx").active
    assert sheet is not None
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row}
    assert FORMULA_MEMO in cells and cells[FORMULA_MEMO].data_type == "s"
    assert CODING_MEMO in cells


def test_a_memo_on_a_coding_of_a_corrected_transcript_quotes_the_words_where_they_are_now(
        study: Path, cli: Cli, tmp_path: Path) -> None:
    coding = _set_all(study, cli)
    corrected = tmp_path / "ommerveld.txt"
    corrected.write_text(OMMERVELD.replace("Sanne: Hoe loopt de wijkaanpak?",
                                           "Sanne: Dank dat u tijd heeft.\n\nGerda: Graag.\n\n"
                                           "Sanne: Hoe loopt de wijkaanpak?"), encoding="utf-8")
    assert cli("documents", "replace", "ommerveld", corrected, "--coder", "bram").code == 0
    with Project.open(study) as project:
        [memo] = [m for m in project.memos(kind="coding") if m.target.guid == coding]
        text = project.document_text(project.resolve_document("ommerveld"))
    assert memo.coded_text == "We hebben te weinig mensen" and memo.text == CODING_MEMO
    assert memo.start is not None and text[memo.start:memo.end] == memo.coded_text
    assert memo.start == OMMERVELD.index("We hebben") + len("Sanne: Dank dat u tijd heeft.\n\nGerda: Graag.\n\n")
    shown = cli("memos", "show", "coding", coding)
    assert shown.out == CODING_MEMO + "\n" and "'We hebben te weinig mensen'" in shown.err


# -- --file and standard input ----------------------------------------------------------------------------------
def test_a_markdown_file_and_standard_input_give_the_memo(study: Path, cli: Cli,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    note = study / "notities.md"
    note.write_bytes(("\ufeff# Ommerveld\r\n\r\nDe projectleider zit ook op de sporthal 🏀.\r\n").encode())
    assert cli("memos", "set", "document", "ommerveld", "--file", note).code == 0
    assert cli("memos", "show", "document", "ommerveld").out == "# Ommerveld\n\nDe projectleider zit ook op de " \
                                                                "sporthal 🏀.\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("Uit de pijp: café ☕\nregel twee\n".encode())))
    assert cli("memos", "set", "project", "-").code == 0
    assert _memos(study)[("project", None)][0] == "Uit de pijp: café ☕\nregel twee"


# -- errors: a message naming what and how to fix, nothing written --------------------------------------------
@pytest.mark.parametrize(("argv", "code", "fragments"), [
    (("memos", "set", "kode", "mensen.tekort", "x"), 2, ("invalid choice: 'kode'", "choose from")),
    (("memos", "list", "--kind", "codes"), 2, ("invalid choice: 'codes'",)),
    (("memos", "set", "code", "mensen.tekrot", "x"), 1, ("no code 'mensen.tekrot'", "did you mean 'mensen.tekort'")),
    (("memos", "show", "document", "Oostermoer"), 1, ("no document 'Oostermoer'; the closest are",)),
    (("memos", "set", "coding", "ffffffff", "x"), 1, ("no coding with id 'ffffffff'", "qualcode codings list")),
    (("memos", "show", "coding", "ab"), 1, ("too short to name a coding",)),
    (("memos", "set", "document", "ommerveld", ""), 1, ("the memo is empty", "qualcode memos remove document "
                                                                              "ommerveld")),
    (("memos", "set", "project", " \n "), 1, ("the memo is empty", "qualcode memos remove project")),
    (("memos", "set", "code"), 1, ("say which code the memo is on",)),
    (("memos", "set", "project", "één", "twee"), 1, ("names nothing after 'project'",)),
    (("memos", "remove", "project", "extra"), 1, ("names nothing after 'project' (got 'extra')",)),
    (("memos", "set", "project", "x", "--file", "notities.md"), 1, ("not both",)),
    (("memos", "set", "project"), 1, ("say what the memo on the project says",)),
    (("memos", "set", "code", "Alleen tekort aan mensen"), 1, ("say what the memo on code 'Alleen tekort aan mensen' "
                                                              "says",)),
    (("memos", "set", "project", "--file", "weg.md"), 1, ("weg.md: file not found",)),
    (("memos", "set", "project", "Scherm \x1b[2J leeg"), 1, ("line 1: a control character (U+001B)",)),
    (("memos", "list", "--coder", "brm"), 1, ("no coder 'brm'", "did you mean 'bram'")),
    (("memos", "list", "--format", "csv", "--out", "memos.xlsx"), 1, ("--format csv does not fit",)),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
        study: Path, cli: Cli, argv: tuple[str, ...], code: int, fragments: tuple[str, ...],
        counts: Callable[[Path], dict[str, int]]) -> None:
    (study / "notities.md").write_text("Notitie\n", encoding="utf-8")
    before, events, memos = counts(study), _events(study), _memos(study)
    _failed(cli(*argv), *fragments, code=code)
    assert counts(study) == before and _events(study) == events and _memos(study) == memos
    assert not (study / "memos.xlsx").exists()


@pytest.mark.parametrize(("content", "fragments"), [
    ("Financiën in Ommerveld\n".encode("cp1252"), ("memo.md:1: not UTF-8 text", "save the file as UTF-8")),
    (b"Gemeente\x00Ommerveld", ("memo.md: this looks like a binary file",)),
    (b"x" * 1_000_001, ("memo.md: the file is too large for a memo (1.000.001 bytes", "up to 1.000.000")),
    (b"\n\n   \n", ("memo.md: the memo is empty", "qualcode memos remove code mensen.tekort")),
    (b"Ommerveld\nZie \x1b]0;weg\x07 notulen\n", ("memo.md:2: a control character (U+001B)",)),
])
def test_a_bad_memo_file_is_refused(study: Path, cli: Cli, content: bytes, fragments: tuple[str, ...]) -> None:
    (study / "memo.md").write_bytes(content)
    memos, events = _memos(study), _events(study)
    _failed(cli("memos", "set", "code", "mensen.tekort", "--file", "memo.md"), *fragments)
    assert _memos(study) == memos and _events(study) == events


def test_the_parser_knows_the_projects_memo_kinds() -> None:
    from qualcode.cli.memo_commands import KINDS
    from qualcode.project.coding import MEMO_KINDS

    assert KINDS == MEMO_KINDS


def test_a_code_memo_set_from_the_shell_is_the_synthesis_summary_of_the_code(study: Path, cli: Cli) -> None:
    # The workbench's m writes memos on codings and documents only: the shell is where a code's memo is written.
    summary = "Vrijwel overal genoemd: geen fte voor de wijkaanpak."
    assert cli("memos", "set", "code", "mensen.tekort", summary).code == 0
    with Project.open(study) as project:
        rendered = project.report("synthesis", "md")
    assert summary in str(rendered.content)
