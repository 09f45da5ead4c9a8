"""Markdown escaping, number and date filters, DataFrames as Markdown and CSV, and the Markdown block parser."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualcode.domain.errors import ProjectError
from qualcode.reporting.formatting import nl_date, nl_int, nl_num, pct
from qualcode.reporting.markdown_blocks import (
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Quote,
    Span,
    Table,
    parse_blocks,
    parse_inline,
    split_cells,
)
from qualcode.reporting.markdown_escape import escape_markdown, markdown_row, quote_markdown, unescape_markdown
from qualcode.reporting.markdown_tables import dataframe_to_csv, dataframe_to_markdown


def test_md_filter_makes_html_and_markup_inert() -> None:
    escaped = escape_markdown("<script>alert('x')</script> a|b *ster* _x_ `c` [l](u) ~s~ $m$ &lt;")
    assert "<script" not in escaped.replace(r"\<script", "")
    assert r"\<script\>" in escaped
    assert r"a\|b" in escaped and r"\*ster\*" in escaped and r"\_x\_" in escaped and r"\`c\`" in escaped
    assert r"\[l\](u)" in escaped and r"\~s\~" in escaped and r"\$m\$" in escaped and r"\&lt;" in escaped


def test_md_filter_escapes_block_markers_at_line_start_only() -> None:
    escaped = escape_markdown("# kop\n- punt\n+ plus\n2025. jaar\n---\n===\n    ingesprongen\nC# en 3.5\n"
                              "36.900 inwoners\n#tag\n-3 graden")
    assert escaped.split("\n") == [r"\# kop", r"\- punt", r"\+ plus", r"2025\. jaar", r"\---", r"\===", "ingesprongen",
                                   "C# en 3.5", "36.900 inwoners", "#tag", "-3 graden"]


def test_md_quote_keeps_every_paragraph_inside_the_quote() -> None:
    quoted = quote_markdown("Eerste *alinea*.\n\n- tweede")
    assert quoted == "> Eerste \\*alinea\\*.\n>\n> \\- tweede"
    assert parse_blocks(quoted + "\n>\n> — R3\n") == [Quote(("Eerste \\*alinea\\*.", "\\- tweede"), "R3")]


def test_md_inline_collapses_newlines_and_unescape_restores_the_text() -> None:
    text = "regel *een*\n\nregel | twee\\"
    assert escape_markdown(text, inline=True) == r"regel \*een\* regel \| twee\\"
    assert unescape_markdown(escape_markdown("a *b* | <c> \\ [d] #e")) == "a *b* | <c> \\ [d] #e"
    assert escape_markdown(None) == ""


def test_numbers_and_percentages_in_dutch_and_english() -> None:
    assert nl_int(58400) == "58.400" and nl_int(58400, "en") == "58,400" and nl_int(-1234567) == "-1.234.567"
    assert nl_int(2.5) == "3" and nl_int(None) == "–" and nl_int(float("nan")) == "–"
    assert nl_num(3.25) == "3,3" and nl_num(1234.5, 2) == "1.234,50" and nl_num(3.25, 1, "en") == "3.3"
    assert pct(0.423) == "42%" and pct(0.4235, 1) == "42,4%" and pct(0.4235, 1, "en") == "42.4%"
    with pytest.raises(ProjectError):
        nl_int("veel")


def test_dates_written_out() -> None:
    assert nl_date("2025-04-11") == "11 april 2025"
    assert nl_date("2025-04-01", "en") == "1 April 2025"
    assert nl_date("2025-03") == "maart 2025"
    assert nl_date("14 mei") == "14 mei" and nl_date("2025-02-30") == "2025-02-30"  # kept as written
    assert nl_date(None) == "–"
    with pytest.raises(ProjectError):
        nl_date(20250411)
    with pytest.raises(ProjectError):
        nl_date("2025-04-11", "de")


def test_dataframe_to_markdown_escapes_cells_and_right_aligns_numbers() -> None:
    frame = pd.DataFrame({"aantal": [58400, 3], "aandeel": [0.25, 0.5]},
                         index=pd.Index(["Den | Bosch", "<b>Ede</b>"], name="gemeente"))
    assert dataframe_to_markdown(frame, decimals=2).split("\n") == [
        "| gemeente | aantal | aandeel |",
        "|---|---:|---:|",
        r"| Den \| Bosch | 58.400 | 0,25 |",
        r"| \<b\>Ede\</b\> | 3 | 0,50 |",
        "",
    ]
    plain = pd.DataFrame({"code": ["a"], "n": [1]})
    assert dataframe_to_markdown(plain).startswith("| code | n |\n")  # an unnamed 0..n-1 index is left out


def test_dataframe_to_csv_is_deterministic_text() -> None:
    frame = pd.DataFrame({"naam": ['zei "ja", toen', "b"], "n": [1.5, 2.0]})
    assert dataframe_to_csv(frame) == 'naam,n\n"zei ""ja"", toen",1.5\nb,2.0\n'
    indexed = frame.set_index("naam")
    assert dataframe_to_csv(indexed).startswith("naam,n\n")


def test_block_parser_reads_the_template_subset() -> None:
    blocks = parse_blocks(
        "# Titel\n\nTekst *schuin*\ndoorlopend.\n\n| a | b |\n|---|--:|\n| 1 | x \\| y |\n\n"
        "> Citaat\n> gaat door\n>\n> — R3, Westerbroek\n\n- een\n- twee\n\n1. eerste\n\n---\n\n## Daarna\n")
    assert blocks[0] == Heading(1, "Titel")
    assert blocks[1] == Paragraph("Tekst *schuin* doorlopend.")
    assert blocks[2] == Table(("a", "b"), ("left", "right"), (("1", r"x \| y"),))
    assert blocks[3] == Quote(("Citaat gaat door",), "R3, Westerbroek")
    assert isinstance(blocks[4], ListBlock) and [item.text for item in blocks[4].items] == ["een", "twee"]
    assert isinstance(blocks[5], ListBlock) and blocks[5].items[0].ordered
    assert blocks[6] == PageBreak() and blocks[7] == Heading(2, "Daarna")


def test_a_quote_starting_with_a_dash_is_not_an_attribution() -> None:
    assert parse_blocks("> — nou ja, zo gaat dat\n") == [Quote(("— nou ja, zo gaat dat",), None)]


def test_inline_spans_undo_escapes() -> None:
    assert parse_inline(r"**vet** en *schuin* en `code` en \*niet\* en [link](http://x)") == [
        Span("vet", bold=True), Span(" en "), Span("schuin", italic=True), Span(" en "), Span("code", code=True),
        Span(" en *niet* en link")]
    assert parse_inline("3 * 4 = 12") == [Span("3 * 4 = 12")]


@given(st.text(alphabet=st.sampled_from("aZé9٣ _-#|*.)\\<&;\n\t1"), max_size=12))
def test_plain_cells_take_a_shortcut_that_gives_the_same_text(text: str) -> None:
    # A trailing newline keeps text off the shortcut for plain words, and inline escaping drops it again.
    assert escape_markdown(text, inline=True) == escape_markdown(text + "\n", inline=True)


@given(st.lists(st.text(alphabet="ab |\\*_#-\n1.", max_size=8), min_size=1, max_size=5))
def test_a_table_row_splits_back_into_its_cells(cells: list[str]) -> None:
    # md_row writes a row as the Markdown templates do; the Word writer's split_cells must find the same cells.
    row = markdown_row(cells)
    assert row == "| " + " ".join(f"{escape_markdown(cell, inline=True)} |" for cell in cells)
    assert [unescape_markdown(cell) for cell in split_cells(row)] == [" ".join(cell.split()) for cell in cells]


def test_a_row_keeps_escaped_pipes_inside_their_cell() -> None:
    assert markdown_row(["Noord | Zuid", "3 van 8", ""]) == "| Noord \\| Zuid | 3 van 8 |  |"
    assert split_cells("| Noord \\| Zuid | 3 van 8 |  |") == ["Noord \\| Zuid", "3 van 8", ""]
