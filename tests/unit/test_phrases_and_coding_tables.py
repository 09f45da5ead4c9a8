"""Finding a quoted phrase in a transcript, and reading a codings table's header and rows (pure, no project)."""

from __future__ import annotations

import csv

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.domain.phrases import closest_passage, occurrences
from qualcode.exchange.coding_table import coding_table, csv_records

TEXT = ("Marloes: Er is geen structureel budget voor. We hebben te weinig mensen.\n\n"
        "Sanne: En de gemeenten om jullie heen?\n\n"
        "Marloes: Daar is ook geen structureel budget. Het is ’s avonds vergaderen, zegt de gemeente.")


def test_a_phrase_matches_across_line_breaks_and_other_quote_marks() -> None:
    start = TEXT.index("te weinig mensen.")
    assert occurrences(TEXT, "te weinig\r\n  mensen.") == [(start, start + len("te weinig mensen."))]
    evening = TEXT.index("’s avonds")
    assert occurrences(TEXT, "'s avonds") == [(evening, evening + len("’s avonds"))]
    assert occurrences(TEXT, "te wei\u00adnig\u200b mensen.") == [(start, start + len("te weinig mensen."))]


def test_whole_words_and_own_capitals_come_first() -> None:
    # 'de gemeente' stands whole once; inside 'de gemeenten' it counts only when it stands nowhere whole.
    whole = TEXT.index("de gemeente.")
    assert occurrences(TEXT, "de gemeente") == [(whole, whole + len("de gemeente"))]
    assert occurrences(TEXT, "de gemeent") == [(TEXT.index("de gemeenten"), TEXT.index("de gemeenten") + 10),
                                               (whole, whole + 10)]
    assert len(occurrences(TEXT, "geen structureel budget")) == 2
    assert occurrences(TEXT, "ER IS GEEN") == [(9, 19)]  # no occurrence in these capitals: any case
    assert occurrences(TEXT, "   ") == []


def test_the_closest_passage_is_a_run_of_whole_words() -> None:
    found = closest_passage(TEXT, "te weinig mensn")
    assert found is not None
    start, end, score = found
    assert TEXT[start:end] == "te weinig mensen." and score > 80
    assert closest_passage("", "iets") is None
    assert closest_passage(TEXT, "  ") is None


def test_a_table_is_read_with_the_delimiter_its_header_uses_and_each_row_keeps_its_line() -> None:
    text = 'Document;Begin;Eind;Citaat;Code;Codeur;Opmerking\n' \
           'kleidorp;1;5;"twee\nregels; met puntkomma";geld;bram;x\n\n' \
           'kleidorp;;;los;geld;;\n'
    table = coding_table(csv_records(text, "c.csv"), "c.csv")
    assert [row.line for row in table.rows] == [2, 5]
    assert table.rows[0].cells == {"document": "kleidorp", "start": "1", "end": "5",
                                   "text": "twee\nregels; met puntkomma", "code": "geld", "coder": "bram",
                                   "memo": "x"}
    assert table.ignored_columns == []
    # More semicolons than commas in the header, but Excel's 'sep=' line says: commas.
    excel = coding_table(csv_records("sep=,\n\ndocument,code,tekst,opm;a;b;c\nk,c,t,x\n", "e.csv"), "e.csv")
    assert [(row.line, row.cells["document"]) for row in excel.rows] == [(4, "k")]
    assert excel.ignored_columns == ["opm;a;b;c"]
    commas = coding_table(csv_records("document,tekst,code,Extra kolom\nk,t,c,z\n", "d.csv"), "d.csv")
    assert commas.ignored_columns == ["Extra kolom"] and commas.rows[0].cells["text"] == "t"


@pytest.mark.parametrize(("text", "expected"), [
    ("document,text\nk,t\n", "d.csv:1: the header has no column for code"),
    ("code,text\nc,t\n", "no column for document"),
    ("document,code,start\nk,c,1\n", "no column for start and end, or text"),
    ("document,code,tekst,citaat\nk,c,t,t\n", "two columns mean 'text': 'tekst' and 'citaat'"),
    ("\n\n", "the file is empty"),
])
def test_a_header_without_what_is_needed_is_refused(text: str, expected: str) -> None:
    with pytest.raises(ProjectError) as raised:
        coding_table(csv_records(text, "d.csv"), "d.csv")
    assert expected in str(raised.value) and "→" in str(raised.value)


def test_a_cell_with_a_whole_long_interview_is_read() -> None:
    interview = "R: " + "We hebben te weinig mensen en geen structureel budget. " * 4000  # 220,000 characters
    table = coding_table(csv_records(f'document,text,code\nk,"{interview}",c\n', "lang.csv"), "lang.csv")
    assert table.rows[0].cells["text"] == interview
    assert csv.field_size_limit() == 131_072  # other readers (cases files) keep csv's own limit
