"""`qualcode agreement --unit character` on the double-coded project (tests/functional/agreement_project.py): the
character tables counted from the coded phrases, the unitized alphas in Markdown (with their legend), CSV and XLSX,
the Python API, merged double codings, several codes on one stretch, and `--disagreements` per stretch of text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from qualcode.domain.agreement import BinaryTable
from qualcode.project import Project
from tests.functional.agreement_project import CODINGS, build

# Lindewaard and Oosterveld together (the documents both coders coded) are 891 characters long.
CHARACTERS = 891


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("agreement-character") / "warmte")


def _text_length(study: Path) -> int:
    with Project.open(study) as project:
        return sum(len(project.document_text(d.guid)) for d in project.documents()
                   if d.source_name in ("lindewaard.txt", "oosterveld.txt"))


def test_character_tables_are_counted_from_the_coded_phrases(study: Path) -> None:
    assert _text_length(study) == CHARACTERS
    with Project.open(study) as project:
        result = project.agreement(["anouk", "bram"], unit="character")
    rows = {row.code: row for row in result.codes}
    # anouk 'De warmtevisie is vorig jaar vastgesteld.' (41), bram 'warmtevisie is vorig jaar vastgesteld. De raad
    # steunt' (53): both 38 characters, only anouk 'De ' (3), only bram ' De raad steunt' (15).
    assert rows["beleid.visie"].all_units.table == BinaryTable(38, 3, 15, CHARACTERS - 56)
    # Participatie: anouk 'Een bewonersgroep denkt mee' (27) lies inside bram's 48 characters; 'Er komt een wijkbus'
    # (19) only bram: both 27, only bram 21 + 19.
    assert rows["inwoners.participatie"].all_units.table == BinaryTable(27, 0, 40, CHARACTERS - 67)
    # Without the characters neither coder coded with any of the four codes: 297 characters are coded by someone.
    assert rows["beleid.visie"].coded_units.table == BinaryTable(38, 3, 15, 297 - 56)
    # κ over all characters (NVivo's formula): p_o = 873/891; p_e·n² = 41·53 + 850·838; κ = 0.798
    assert rows["beleid.visie"].all_units.kappa.value == pytest.approx(
        (873 * 891 - (41 * 53 + 850 * 838)) / (891 ** 2 - (41 * 53 + 850 * 838)))
    assert result.overall.all_units.table.units == 4 * CHARACTERS
    unitized = result.unitized
    assert unitized is not None
    # Where the coders' spans overlap they never give different codes: cuα and every (k)uα are 1.
    assert unitized.cu_alpha.value == pytest.approx(1.0)
    assert all(code.k_u_alpha.value == pytest.approx(1.0) for code in unitized.per_code.values())
    assert unitized.u_alpha.value is not None and 0 < unitized.u_alpha.value < 1
    assert unitized.per_code["geld.budget"].u_alpha.value is not None
    assert unitized.per_code["geld.budget"].u_alpha.value < unitized.per_code["beleid.visie"].u_alpha.value  # type: ignore[operator]


def test_markdown_names_every_measure(study: Path, cli: Callable) -> None:
    result = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--unit", "character")
    assert result.code == 0, result.err
    assert "# Agreement: anouk and bram, unit: character" in result.out
    assert "## All characters" in result.out
    assert "## Coded characters (without characters neither coder coded)" in result.out
    assert "| beleid.visie | 891 | 38 | 3 | 15 | 835 | 98.0% | 0.798 |" in result.out
    assert "## Unitized alpha (Krippendorff)" in result.out
    for legend in ("- uα: boundaries and codes", "- |uα: only coded vs. not coded", "- cuα: the codes, only where",
                   "- (k)uα: per code"):
        assert legend in result.out
    assert "All codes: uα 0.475, |uα 0.416, cuα 1.000 (covering 12.6% of the text)." in result.out
    assert "| beleid.visie | 0.798 | 1.000 |" in result.out


def test_csv_and_xlsx_one_row_per_code_one_column_per_measure(study: Path, cli: Callable) -> None:
    written = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--unit", "character", "--format",
                  "csv", "--out", study / "tekens.csv")
    assert written.code == 0, written.err
    table = list(csv.DictReader(io.StringIO((study / "tekens.csv").read_text(encoding="utf-8"))))
    assert [row["code"] for row in table] == ["beleid.visie", "geld.budget", "inwoners.participatie",
                                              "inwoners.wantrouwen", "(all codes)"]
    visie, pooled = table[0], table[-1]
    assert (visie["both"], visie["only_anouk"], visie["only_bram"]) == ("38", "3", "15")
    assert visie["u_alpha"] == visie["binary_u_alpha"] == "0.7982"
    assert (visie["cu_alpha"], visie["k_u_alpha"]) == ("", "1.0")
    assert (pooled["u_alpha"], pooled["binary_u_alpha"], pooled["cu_alpha"]) == ("0.4747", "0.4161", "1.0")
    assert pooled["k_u_alpha"] == ""
    target = study / "tekens.xlsx"
    assert cli("--project", study, "agreement", "--coders", "anouk", "bram", "--unit", "character", "--format",
               "xlsx", "--out", target).code == 0
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header[-6:] == ["u_alpha", "binary_u_alpha", "cu_alpha", "cu_coverage", "k_u_alpha", "n/a reasons"]
    assert sheet.cell(row=2, column=header.index("u_alpha") + 1).value == pytest.approx(0.7982)


def test_double_codings_merge_and_codes_given_together_combine(tmp_path: Path) -> None:
    extra = (("lindewaard.txt", "anouk", "warmtevisie is vorig", "beleid.visie"),  # inside her own coding
             ("lindewaard.txt", "anouk", "geen budget voor de uitvoering", "beleid.visie"))  # with geld.budget
    root = build(tmp_path / "warmte", (*CODINGS, *extra))
    with Project.open(root) as project:
        result = project.agreement(["anouk", "bram"], unit="character", codes=["beleid.visie", "geld.budget"])
        differences = project.disagreements(["anouk", "bram"], unit="character", codes=["beleid.visie"])
    visie = next(row for row in result.codes if row.code == "beleid.visie")
    # The double coding adds nothing; the second coding adds 30 characters only anouk coded.
    assert visie.all_units.table == BinaryTable(38, 3 + 30, 15, CHARACTERS - 56 - 30)
    assert result.unitized is not None
    assert result.unitized.combined_characters == len("geen budget")
    assert [(row.text, row.first_codes, row.second_codes) for row in differences.rows][:3] == [
        ("De ", ("beleid.visie",), ()), (" De raad steunt", (), ("beleid.visie",)),
        ("geen budget voor de uitvoering", ("beleid.visie",), ())]


def test_disagreements_per_stretch(study: Path, cli: Callable) -> None:
    result = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--unit", "character",
                 "--disagreements")
    assert result.code == 0, result.err
    assert "11 stretches where their codes differ, in 2 documents coded by both, 4 codes compared" in result.out
    assert "| Interviewverslag - Gemeente Oosterveld | Oosterveld | 2 | 241–283 | Het Rijk geeft alleen eenmalige " \
           "subsidies. | – | geld.budget | – | geld.budget |" in result.out
    written = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--unit", "character",
                  "--disagreements", "--format", "csv", "--out", study / "verschillen.csv")
    assert written.code == 0, written.err
    rows = list(csv.DictReader(io.StringIO((study / "verschillen.csv").read_text(encoding="utf-8"))))
    assert rows[0]["unit"] == "character"
    assert (rows[0]["start"], rows[0]["end"], rows[0]["text"], rows[0]["codes_anouk"], rows[0]["codes_bram"]) == (
        "221", "224", "De ", "beleid.visie", "")


def test_a_code_neither_coder_used_is_na_with_its_reason(study: Path, cli: Callable) -> None:
    result = cli("--project", study, "agreement", "--coders", "anouk", "bram", "--unit", "character", "--codes",
                 "geld", "--documents", "lindewaard.txt")
    assert result.code == 0, result.err
    assert "| geld | 452 | 0 | 0 | 0 | 452 | 100.0% | n/a (both coders put every unit in one category) |" in result.out
    assert "All codes: uα n/a (all the text is of one kind (uncoded, or one code throughout), so nothing can " \
           "disagree)" in result.out
    assert "cuα n/a (no unit of one coder overlaps a unit of the other)." in result.out  # no coverage of nothing
    assert "| geld | n/a (all the text is of one kind" in result.out
    assert "n/a (no coder gave this code alone to any text) |" in result.out


def test_a_code_one_coder_also_combined_with_another_keeps_its_k_u_alpha(tmp_path: Path) -> None:
    """anouk also codes 'vorig jaar vastgesteld' as Geen budget, inside her and bram's Vastgestelde warmtevisie: on
    the combinations that stretch would be 'visie+budget' against bram's 'visie' and (k)uα of the visie would drop;
    taken as the visie (both coders gave it there), it stays 1."""
    root = build(tmp_path / "warmte")
    with Project.open(root) as project:
        document = next(d for d in project.documents() if d.source_name == "lindewaard.txt")
        text = project.document_text(document.guid)
        start = text.index("vorig jaar vastgesteld")
        project.apply_coding(document.guid, start, start + len("vorig jaar vastgesteld"), "geld.budget", "anouk")
        unitized = project.agreement(["anouk", "bram"], unit="character").unitized
    assert unitized is not None and unitized.combined_characters > 0
    assert unitized.per_code["beleid.visie"].k_u_alpha.value == pytest.approx(1.0)


def test_k_u_alpha_never_joins_a_coding_that_ends_one_document_with_one_that_begins_the_next(tmp_path: Path) -> None:
    """Both coders give 'beleid.visie' to the end of Lindewaard; in Oosterveld anouk gives it from the start together
    with 'geld.budget', bram gives only 'geld.budget' there. Documents are compared apart: the figure equals the one
    computed with one continuum per document (a second reader found them joined across the documents' ends)."""
    from qualcode.domain.unitized_agreement import Continuum, focused_k_u_alphas, partition

    root = build(tmp_path / "warmte")
    with Project.open(root) as project:
        for coding in project.codings():
            project.remove_coding(coding.guid, coder=coding.coder)
        guids = {d.source_name: d.guid for d in project.documents()}
        first, second = guids["lindewaard.txt"], guids["oosterveld.txt"]
        end = len(project.document_text(first))
        for coder in ("anouk", "bram"):
            project.apply_coding(first, end - 40, end, "beleid.visie", coder)
        project.apply_coding(second, 0, 25, "beleid.visie", "anouk")
        project.apply_coding(second, 0, 10, "geld.budget", "anouk")
        project.apply_coding(second, 0, 25, "geld.budget", "bram")
        length = len(project.document_text(second))
        unitized = project.agreement(["anouk", "bram"], unit="character").unitized
    assert unitized is not None
    apart = focused_k_u_alphas([
        Continuum(end, (partition({"beleid.visie": [(end - 40, end)]}, end),) * 2),
        Continuum(length, (partition({"beleid.visie": [(0, 25)], "geld.budget": [(0, 10)]}, length),
                           partition({"geld.budget": [(0, 25)]}, length)))], ["beleid.visie"])
    assert apart["beleid.visie"].value is not None
    assert unitized.per_code["beleid.visie"].k_u_alpha.value == pytest.approx(apart["beleid.visie"].value)
