"""`qualcode agreement` on a double-coded project (tests/functional/agreement_project.py): every unit, both variants,
CSV and XLSX, and the errors. The expected tables are counted by hand from CODINGS and the sentences and turns the
importer makes of the interviews (Lindewaard and Oosterveld: 7 sentences and 4 turns each, 2 of them Joost's)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from qualcode.project import Project
from tests.functional.agreement_project import CODINGS, build


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("agreement") / "warmte")


def _rows(out: str, section: str) -> dict[str, list[str]]:
    """The Markdown table under a section heading, by code."""
    lines = out.split(f"## {section}", 1)[1].split("\n## ", 1)[0].splitlines()
    cells = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines if line.startswith("| ")]
    return {row[0]: row[1:] for row in cells[1:]}


def test_sentences_both_variants_per_code_and_pooled(study: Path, cli: Callable) -> None:
    result = cli("--project", study, "agreement", "--coders", "anouk", "bram")
    assert result.code == 0, result.err
    assert "Documents coded by both (2): Interviewverslag - Gemeente Lindewaard, Interviewverslag - Gemeente " \
           "Oosterveld." in result.out
    assert "Left out, coded by only one of them (1): Interviewverslag - Gemeente Zuidhoek." in result.out
    everything = _rows(result.out, "All units")
    # beleid.visie over 14 sentences: anouk codes Lindewaard's 2nd sentence, bram's span runs into the 3rd:
    # both 1, only bram 1, neither 12. p_o = 13/14; p_e·n² = 1·2 + 13·12 = 158; κ = (182 − 158)/(196 − 158) = 24/38
    # = 0.632; α = 1 − 27·1/(3·25) = 0.640.
    assert everything["beleid.visie"] == ["14", "1", "0", "1", "12", "92.9%", "0.632", "0.640"]
    # geld.budget: both on 'geen budget'; in Oosterveld anouk codes sentence 2, bram sentence 3: 1, 1, 1, 11.
    # κ = (12·14 − (2·2 + 12·12))/(196 − 148) = 20/48 = 0.417; α = 1 − 27·2/(4·24) = 0.4375
    assert everything["geld.budget"] == ["14", "1", "1", "1", "11", "85.7%", "0.417", "0.438"]
    assert everything["inwoners.wantrouwen"] == ["14", "1", "1", "0", "12", "92.9%", "0.632", "0.640"]
    # Pooled: 4 codes × 14 sentences = 56 decisions: both 4, only anouk 2, only bram 3, neither 47.
    # κ = (51·56 − (6·7 + 50·49))/(56² − 2492) = 364/644 = 0.565; α = 1 − 111·5/(13·99) = 0.569
    assert everything["(all codes)"] == ["56", "4", "2", "3", "47", "91.1%", "0.565", "0.569"]
    coded = _rows(result.out, "Coded units (without units neither coder coded)")
    # 5 of the 14 sentences nobody coded (the 4 questions and 'Dat maakt plannen lastig.'): 9 left.
    # beleid.visie: 1, 0, 1, 7; κ = (8·9 − (2 + 8·7))/(81 − 58) = 14/23 = 0.609; α = 1 − 17·1/(3·15) = 0.622
    assert coded["beleid.visie"] == ["9", "1", "0", "1", "7", "88.9%", "0.609", "0.622"]
    # Pooled over 36: κ = (31·36 − (42 + 30·29))/(1296 − 912) = 204/384 = 0.531; α = 1 − 71·5/(13·59) = 0.537
    assert coded["(all codes)"] == ["36", "4", "2", "3", "27", "86.1%", "0.531", "0.537"]


def test_turns_and_documents(study: Path, cli: Callable) -> None:
    turns = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--unit", "turn")
    assert turns.code == 0, turns.err
    everything = _rows(turns.out, "All units")
    # Turns swallow the sentence-level differences of visie and budget: every respondent's answer agrees.
    assert everything["beleid.visie"] == ["8", "1", "0", "0", "7", "100.0%", "1.000", "1.000"]
    assert everything["geld.budget"] == ["8", "2", "0", "0", "6", "100.0%", "1.000", "1.000"]
    # participatie: bram alone in Lindewaard's last answer, both in Oosterveld's. κ = (7·8 − (1·2 + 7·6))/(64 − 44)
    # = 12/20 = 0.6; α = 1 − 15·1/(3·13) = 0.615
    assert everything["inwoners.participatie"] == ["8", "1", "0", "1", "6", "87.5%", "0.600", "0.615"]
    coded = _rows(turns.out, "Coded units (without units neither coder coded)")
    assert coded["geld.budget"][:5] == ["4", "2", "0", "0", "2"]

    documents = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--unit", "document")
    assert documents.code == 0, documents.err
    everything = _rows(documents.out, "All units")
    # Both coders coded geld.budget in both documents: one category, kappa and alpha undefined, never a crash.
    assert everything["geld.budget"] == ["2", "2", "0", "0", "0", "100.0%",
                                         "n/a (both coders put every unit in one category)",
                                         "n/a (every judgement is the same category)"]
    # Both documents are coded by both: nothing to leave out.
    assert _rows(documents.out, "Coded units (without units neither coder coded)") == everything


def test_one_document_one_unit_and_a_code_neither_used(study: Path, cli: Callable) -> None:
    result = cli("--project", study, "agreement", "--coders", "bram", "anouk", "--unit", "document",
                 "--documents", "lindewaard", "--codes", "inwoners.participatie", "geld")
    assert result.code == 0, result.err
    assert "Documents coded by both (1): Interviewverslag - Gemeente Lindewaard." in result.out
    rows = _rows(result.out, "All units")
    # One unit on which they differ: p_o = 0, p_e = 0·1 + 1·0 = 0, κ = 0; α = 1 − 1·1/(1·1) = 0.
    assert rows["inwoners.participatie"] == ["1", "0", "1", "0", "0", "0.0%", "0.000", "0.000"]
    # 'geld' (the parent) neither coder applied: agreement on absence only, no kappa or alpha.
    assert rows["geld"][:6] == ["1", "0", "0", "0", "1", "100.0%"]
    assert rows["geld"][6].startswith("n/a (") and rows["geld"][7].startswith("n/a (")
    coded = _rows(result.out, "Coded units (without units neither coder coded)")
    assert coded["geld"][:5] == ["1", "0", "0", "0", "1"]


def test_csv_and_xlsx_one_row_per_code(study: Path, cli: Callable) -> None:
    written = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--format", "csv")
    assert written.code == 0, written.err
    table = list(csv.DictReader(io.StringIO((study / "reports" / "agreement.csv").read_text(encoding="utf-8"))))
    assert [row["code"] for row in table] == ["beleid.visie", "geld.budget", "inwoners.participatie",
                                              "inwoners.wantrouwen", "(all codes)"]
    visie = table[0]
    assert (visie["percent_all_units"], visie["kappa_all_units"], visie["alpha_all_units"]) == ("0.9286", "0.6316",
                                                                                                  "0.64")
    assert (visie["kappa_coded_units"], visie["alpha_coded_units"]) == ("0.6087", "0.6222")
    assert (visie["units_all_units"], visie["units_coded_units"], visie["only_bram"]) == ("14", "9", "1")
    # Both tables are in the file: the coded-units table differs only in the units neither coder coded.
    assert (visie["both"], visie["only_anouk"], visie["neither"], visie["neither_coded_units"]) == ("1", "0", "12", "7")

    target = study / "overeenstemming.xlsx"
    written = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--unit", "document", "--format",
                  "xlsx", "--out", target)
    assert written.code == 0, written.err
    sheet = openpyxl.load_workbook(target).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    budget = dict(zip(header, [cell.value for cell in sheet[3]], strict=True))
    assert budget["code"] == "geld.budget" and budget["kappa_all_units"] == "n/a"
    assert "Cohen's kappa, all units: both coders put every unit in one category" in budget["n/a reasons"]
    assert budget["percent_all_units"] == 1


def test_csv_cells_are_formula_safe(tmp_path: Path, cli: Callable) -> None:
    root = build(tmp_path / "p", CODINGS[:2])
    with Project.open(root) as project, project.store.transaction():
        project.store.conn.execute("UPDATE codes SET name = '=HYPERLINK(\"x\")' WHERE key = 'beleid.visie'")
    written = cli("--project", root, "agreement", "--coders", "anouk", "bram", "--format", "csv")
    assert written.code == 0, written.err
    table = list(csv.DictReader(io.StringIO((root / "reports" / "agreement.csv").read_text(encoding="utf-8"))))
    assert table[0]["code"] == "beleid.visie" and table[0]["name"] == "'=HYPERLINK(\"x\")"


def test_errors_say_what_to_do(study: Path, tmp_path: Path, cli: Callable) -> None:
    typo = cli("--project", study, "agreement", "--coders", "anouk", "bran")
    assert typo.code == 1 and "no coder 'bran'; did you mean 'bram'?" in typo.err
    code = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--codes", "geld.budjet")
    assert code.code == 1 and "no code 'geld.budjet'; did you mean 'geld.budget'?" in code.err
    document = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--documents", "zuidhoek")
    assert document.code == 1 and "not coded by both anouk and bram" in document.err
    missing = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--documents", "zuidhoekk")
    assert missing.code == 1 and "no document 'zuidhoekk'" in missing.err and "zuidhoek.txt" in missing.err
    three = cli("--project", study, "agreement", "--coders", "anouk", "bram", "anouk")
    assert three.code == 1 and "--coders takes two coders, not 3" in three.err
    twice = cli("--project", study, "agreement", "--coders", "anouk", "anouk")
    assert twice.code == 1 and "names anouk twice" in twice.err

    alone = build(tmp_path / "alleen", tuple(c for c in CODINGS if c[1] == "anouk"))
    one = cli("--project", alone, "agreement", "--coders", "anouk", "bram")
    assert one.code == 1 and "agreement needs two coders; this project has 1 (anouk)" in one.err
    assert "qualcode code --coder NAME" in one.err

    apart = build(tmp_path / "apart", tuple(c for c in CODINGS if (c[1] == "anouk") == (c[0] == "zuidhoek.txt")))
    none = cli("--project", apart, "agreement", "--coders", "anouk", "bram")
    assert none.code == 1 and "anouk and bram have not coded any document in common" in none.err
    assert "double-coding" in none.err


def test_codes_named_twice_count_once(study: Path, cli: Callable) -> None:
    base = ("--project", study, "agreement", "--coders", "anouk", "bram", "--format", "csv", "--codes")
    assert cli(*base, "geld.budget").code == 0
    csv_once = (study / "reports" / "agreement.csv").read_text(encoding="utf-8")
    twice = cli(*base, "geld.budget", "geld.budget")
    assert twice.code == 0, twice.text
    assert (study / "reports" / "agreement.csv").read_text(encoding="utf-8") == csv_once
