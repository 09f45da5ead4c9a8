"""The one delimiter reading for every CSV a researcher hands in (cases, codings tables, the pseudonym key)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.cases import parse_cases
from qualcode.domain.errors import CasesError, ProjectError
from qualcode.domain.spreadsheet_csv import spreadsheet_csv
from qualcode.exchange.coding_table import csv_records
from qualcode.project.pseudonym_key import _read_key_file


@pytest.mark.parametrize(("text", "delimiter", "first_line"), [
    ("gemeente;provincie;inwoners\nDelfgauw;Zuid-Holland;12,5\n", ";", 1),  # Dutch Excel, decimal comma
    ("gemeente,provincie\nDelfgauw,Zuid-Holland\n", ",", 1),
    ("gemeente\tprovincie\nDelfgauw\tZuid-Holland\n", "\t", 1),  # pasted from a spreadsheet
    ("sep=,\r\ngemeente;opmerking,provincie\n", ",", 2),  # Excel's own line wins over the count
    ("\n\n  \ngemeente;provincie\n", ";", 1),  # blank lines above the header (Word export)
    ("gemeente\nDelfgauw\n", ",", 1),  # one column
])
def test_the_delimiter_is_read_once_for_every_table(text: str, delimiter: str, first_line: int) -> None:
    read = spreadsheet_csv(text)
    assert (read.delimiter, read.first_line) == (delimiter, first_line)
    assert not read.text.lower().startswith("sep=")


def test_cases_codings_and_key_agree_on_an_excel_sep_line(tmp_path: Path) -> None:
    cases = parse_cases("sep=;\ngemeente;provincie\nDelfgauw;Zuid-Holland\nMolenbroek;Utrecht\n")
    assert [c.name for c in cases] == ["Delfgauw", "Molenbroek"]
    assert csv_records("sep=;\ndocument;code\ndelfgauw.docx;kans.visie\n", "c.csv") == [
        (2, ["document", "code"]), (3, ["delfgauw.docx", "kans.visie"])]
    key = tmp_path / "sleutel.csv"
    key.write_text("sep=;\nreal;replacement;kind\nJos de Wit;Respondent 1;person\n", encoding="utf-8")
    assert _read_key_file(key)[0][0] == 3
    assert _read_key_file(key)[0][1]["replacement"] == "Respondent 1"


def test_lines_in_messages_count_the_sep_line(tmp_path: Path) -> None:
    with pytest.raises(CasesError) as error:
        parse_cases("sep=;\ngemeente;provincie\nDelfgauw;Zuid-Holland;extra\n")
    assert error.value.line == 3
    key = tmp_path / "sleutel.csv"
    key.write_text("sep=,\nechte naam,vervanging\n", encoding="utf-8")
    with pytest.raises(ProjectError) as missing:
        _read_key_file(key)
    assert missing.value.line == 2


def test_a_tab_separated_key_is_read(tmp_path: Path) -> None:
    key = tmp_path / "sleutel.tsv"
    key.write_text("real\treplacement\tkind\nFenna Mulder\tRespondent 2\tperson\n", encoding="utf-8")
    assert _read_key_file(key)[0][1]["real"] == "Fenna Mulder"
