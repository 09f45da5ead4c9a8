"""`qualcode agreement --disagreements` on the double-coded project (tests/functional/agreement_project.py): one row
per unit where anouk's and bram's codes differ, both codes columns, the text shortened in the terminal and whole in
CSV and XLSX, and the errors. Counted by hand from CODINGS: in sentences, Lindewaard's 'De raad steunt het plan.'
(bram's visie span runs into it), 'Inwoners zijn wantrouwig …' (anouk only), 'Er komt een wijkbus …' (bram only),
and in Oosterveld 'Er is geen structureel geld.' (anouk) and 'Het Rijk geeft …' (bram): 5 rows, the pooled table's
2 + 3 disagreements."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.functional.agreement_project import CODINGS, LINDEWAARD, OOSTERVELD, build

WHO = ("--coders", "anouk", "bram", "--disagreements")


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("disagreements") / "warmte")


def _table(out: str) -> list[list[str]]:
    cells = [[c.strip() for c in line.strip().strip("|").split("|")] for line in out.splitlines()
             if line.startswith("| ")]
    return cells[1:]


def test_one_row_per_sentence_where_the_codes_differ(study: Path, cli: Callable) -> None:
    result = cli("--project", study, "agreement", *WHO)
    assert result.code == 0, result.err
    assert "5 sentences where their codes differ, in 2 documents coded by both, 4 codes compared" in result.out
    rows = _table(result.out)
    lindewaard, oosterveld = "Interviewverslag - Gemeente Lindewaard", "Interviewverslag - Gemeente Oosterveld"
    # document, case, number, start–end, text, anouk, bram, only anouk, only bram
    assert [(r[0], r[4], r[5], r[6], r[7], r[8]) for r in rows] == [
        (lindewaard, "De raad steunt het plan.", "–", "beleid.visie", "–", "beleid.visie"),
        (lindewaard, "Inwoners zijn wantrouwig na de discussie over aardgas.", "inwoners.wantrouwen", "–",
         "inwoners.wantrouwen", "–"),
        (lindewaard, "Er komt een wijkbus in elke kern.", "–", "inwoners.participatie", "–",
         "inwoners.participatie"),
        (oosterveld, "Er is geen structureel geld.", "geld.budget", "–", "geld.budget", "–"),
        (oosterveld, "Het Rijk geeft alleen eenmalige subsidies.", "–", "geld.budget", "–", "geld.budget"),
    ]
    assert {r[1] for r in rows} == {"Lindewaard", "Oosterveld"}
    start, end = (int(x) for x in rows[0][3].split("–"))
    assert LINDEWAARD[start:end] == "De raad steunt het plan."


def test_both_codes_columns_when_a_unit_has_codes_of_both(study: Path, cli: Callable) -> None:
    # Turns: Lindewaard's last answer has anouk's wantrouwen and bram's participatie; the others agree.
    result = cli("--project", study, "agreement", *WHO, "--unit", "turn")
    assert result.code == 0, result.err
    rows = _table(result.out)
    assert [(r[2], r[5], r[6], r[7], r[8]) for r in rows] == [
        ("4", "inwoners.wantrouwen", "inwoners.participatie", "inwoners.wantrouwen", "inwoners.participatie")]
    assert rows[0][4].startswith("Inwoners zijn wantrouwig na de discussie over aardgas. Er komt een wijkbus")
    # Narrowed to one code, the other's differences are gone.
    narrowed = cli("--project", study, "agreement", *WHO, "--codes", "geld.budget")
    assert [(r[4], r[7], r[8]) for r in _table(narrowed.out)] == [
        ("Er is geen structureel geld.", "geld.budget", "–"), ("Het Rijk geeft alleen eenmalige subsidies.", "–",
                                                                 "geld.budget")]
    same = cli("--project", study, "agreement", *WHO, "--unit", "turn", "--codes", "geld.budget")
    assert same.code == 0 and "0 turns where their codes differ" in same.out and _table(same.out) == []


def test_csv_and_xlsx_hold_the_whole_text(study: Path, cli: Callable) -> None:
    shown = cli("--project", study, "agreement", *WHO, "--unit", "document", "--documents", "lindewaard")
    assert shown.code == 0, shown.err
    (row,) = _table(shown.out)
    assert row[4].endswith("…") and len(row[4]) == 80  # shortened in the terminal
    written = cli("--project", study, "agreement", *WHO, "--unit", "document", "--format", "csv")
    assert written.code == 0, written.err
    table = list(csv.DictReader(io.StringIO((study / "reports" / "disagreements.csv").read_text(encoding="utf-8"))))
    assert [r["document"] for r in table] == ["Interviewverslag - Gemeente Lindewaard"]
    lindewaard = table[0]
    assert lindewaard["text"] == LINDEWAARD[int(lindewaard["start"]):int(lindewaard["end"])]  # whole, as stored
    assert "Er komt een wijkbus in elke kern." in lindewaard["text"]
    assert (lindewaard["unit"], lindewaard["case"], lindewaard["codes_anouk"], lindewaard["codes_bram"],
            lindewaard["only_anouk"], lindewaard["only_bram"]) == (
        "document", "Lindewaard", "beleid.visie; geld.budget; inwoners.wantrouwen",
        "beleid.visie; geld.budget; inwoners.participatie", "inwoners.wantrouwen", "inwoners.participatie")

    target = study / "verschillen.xlsx"
    written = cli("--project", study, "agreement", *WHO, "--format", "xlsx", "--out", target)
    assert written.code == 0, written.err
    sheet = openpyxl.load_workbook(target).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, [cell.value for cell in r], strict=True)) for r in sheet.iter_rows(min_row=2)]
    assert len(rows) == 5
    assert rows[-1]["text"] == "Het Rijk geeft alleen eenmalige subsidies." and rows[-1]["codes_bram"] == "geld.budget"
    assert rows[-1]["codes_anouk"] in ("", None) and OOSTERVELD[rows[-1]["start"]:rows[-1]["end"]] == rows[-1]["text"]


def test_csv_is_formula_safe(tmp_path: Path, cli: Callable) -> None:
    sneaky = ("lindewaard.txt", "bram", "De raad steunt het plan.", "beleid.visie")
    root = build(tmp_path / "p", (*CODINGS[:2], sneaky))
    from qualcode.project import Project

    with Project.open(root) as project, project.store.transaction():
        project.store.conn.execute("UPDATE documents SET title = '=HYPERLINK(\"x\")' WHERE source_name = ?",
                                   ("lindewaard.txt",))
    written = cli("--project", root, "agreement", *WHO, "--format", "csv")
    assert written.code == 0, written.err
    table = list(csv.DictReader(io.StringIO((root / "reports" / "disagreements.csv").read_text(encoding="utf-8"))))
    assert table and all(row["document"] == "'=HYPERLINK(\"x\")" for row in table)


def test_errors(study: Path, tmp_path: Path, cli: Callable) -> None:
    typo = cli("--project", study, "agreement", "--coders", "anouk", "bran", "--disagreements")
    assert typo.code == 1 and "no coder 'bran'; did you mean 'bram'?" in typo.err
    document = cli("--project", study, "agreement", *WHO, "--documents", "zuidhoek")
    assert document.code == 1 and "not coded by both anouk and bram" in document.err
    outside = tmp_path / "al-daar.csv"
    outside.write_text("bewaren", encoding="utf-8")
    kept = cli("--project", study, "agreement", *WHO, "--format", "csv", "--out", outside)
    assert kept.code == 1 and "was not replaced" in kept.err and outside.read_text(encoding="utf-8") == "bewaren"
    apart = build(tmp_path / "apart", tuple(c for c in CODINGS if (c[1] == "anouk") == (c[0] == "zuidhoek.txt")))
    none = cli("--project", apart, "agreement", *WHO)
    assert none.code == 1 and "anouk and bram have not coded any document in common" in none.err
