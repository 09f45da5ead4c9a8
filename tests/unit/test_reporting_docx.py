"""Report Markdown as Word: real styles, tables with a repeating header, quotes, page breaks, identical bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from docx.document import Document
from docx.oxml.ns import qn

from qualcode.reporting.docx_writer import ATTRIBUTION_STYLE, QUOTE_STYLE, markdown_to_docx
from qualcode.reporting.markdown_escape import escape_markdown

REPORT = f"""# Synthese

Inleiding met **vet**, *cursief* en `code`: {escape_markdown("3 * 4 <script> | [x]")}.

## Bevindingen

| Gemeente | Aantal |
|---|---:|
| {escape_markdown("Den | Bosch", inline=True)} | 58.400 |
| Ede | 3 |

> {escape_markdown("We hadden *geen* tijd.")}
>
> — R3, Westerbroek

- een
- twee

1. eerste
2. tweede

---

#### Bijlage
"""


def _open(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def test_headings_use_word_heading_styles() -> None:
    document = _open(markdown_to_docx(REPORT, title="Rapport"))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.style is not None and p.text]
    assert ("Title", "Rapport") in styled
    assert ("Heading 1", "Synthese") in styled and ("Heading 2", "Bevindingen") in styled
    assert ("Heading 4", "Bijlage") in styled
    assert ("List Bullet", "een") in styled and ("List Number", "tweede") in styled


def test_inline_markup_becomes_run_formatting_and_escapes_show_literally() -> None:
    document = _open(markdown_to_docx(REPORT))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Inleiding"))
    assert paragraph.text == "Inleiding met vet, cursief en code: 3 * 4 <script> | [x]."
    runs = {run.text: run for run in paragraph.runs}
    assert runs["vet"].bold and runs["cursief"].italic and runs["code"].font.name == "Consolas"


def test_tables_have_cell_texts_a_bold_header_that_repeats_and_aligned_numbers() -> None:
    table = _open(markdown_to_docx(REPORT)).tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Gemeente", "Aantal"], ["Den | Bosch", "58.400"], ["Ede", "3"]]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    assert table.style is not None and table.style.name == "Light List Accent 1"


def test_quotes_use_the_citaat_style_and_the_attribution_its_own() -> None:
    document = _open(markdown_to_docx(REPORT))
    quote = next(p for p in document.paragraphs if p.style is not None and p.style.name == QUOTE_STYLE)
    assert quote.text == "We hadden *geen* tijd."
    style = document.styles[QUOTE_STYLE]
    assert style.font.italic and style.paragraph_format.left_indent is not None
    assert style.element.pPr.find(qn("w:pBdr")) is not None
    attribution = next(p for p in document.paragraphs if p.style is not None and p.style.name == ATTRIBUTION_STYLE)
    assert attribution.text == "— R3, Westerbroek"
    assert document.styles[ATTRIBUTION_STYLE].paragraph_format.alignment == 2  # right


def test_a_rule_alone_on_a_line_starts_the_next_paragraph_on_a_new_page() -> None:
    document = _open(markdown_to_docx(REPORT))
    starts = [p.text for p in document.paragraphs if p._p.pPr is not None
              and p._p.pPr.find(qn("w:pageBreakBefore")) is not None]
    assert starts == ["Bijlage"]
    # No paragraph of its own holds the break: it left an empty line at the top of the new page.
    assert not [p for p in document.paragraphs if any(br.get(qn("w:type")) == "page" for br in p._p.iter(qn("w:br")))]


def test_a_rule_before_anything_else_leaves_no_empty_first_page() -> None:
    document = _open(markdown_to_docx("---\n\n## Bijlage A\n\nTekst.\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"))
    first = document.paragraphs[0]
    assert first.text == "Bijlage A" and first._p.pPr.find(qn("w:pageBreakBefore")) is None
    # A table cannot start a page itself: an empty paragraph before it does.
    body = list(document.element.body)
    table = next(index for index, element in enumerate(body) if element.tag == qn("w:tbl"))
    assert body[table - 1].pPr.find(qn("w:pageBreakBefore")) is not None


def test_each_numbered_list_starts_at_one() -> None:
    data = markdown_to_docx("1. a\n2. b\n\nTekst.\n\n1. c\n")
    document = _open(data)
    numbered = [p for p in document.paragraphs if p.text in ("a", "c")]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] != ids[1]


def test_document_language_for_spell_check() -> None:
    for lang, tag in (("nl", "nl-NL"), ("en", "en-GB")):
        document = _open(markdown_to_docx("Tekst.", lang=lang))
        langs = document.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang")
        assert langs[0].get(qn("w:val")) == tag
        assert document.core_properties.language == tag


def test_same_markdown_gives_the_same_bytes_with_fixed_times() -> None:
    first, second = markdown_to_docx(REPORT, title="R"), markdown_to_docx(REPORT, title="R")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.namelist()[0] == "[Content_Types].xml"
    properties = _open(first).core_properties
    assert properties.created == properties.modified == dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def test_a_timestamp_is_used_when_asked_for() -> None:
    moment = dt.datetime(2025, 4, 11, 9, 30)
    data = markdown_to_docx("Tekst.", timestamp=moment)
    assert _open(data).core_properties.modified == moment.replace(tzinfo=dt.UTC)
    assert data != markdown_to_docx("Tekst.")


WIDE_TABLE = """| Gemeente | 2019 | 2020 | 2021 | 2022 | 2023 | Toelichting |
|:--|:-:|:-:|:-:|:-:|:-:|--:|
| Westerbroek aan de Maas | 1 | 2 | 3 | 4 | 5 | Een lange toelichting bij de gemeente |
| Ede | 0 | 0 | 1 | 0 | 0 | kort |
"""


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def test_table_rows_do_not_split_and_cells_share_the_width_by_content() -> None:
    table = _open(markdown_to_docx(WIDE_TABLE)).tables[0]
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in table.rows] == [True, False, False]
    grid = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    for row in table.rows:
        cell_widths = [cell.width.twips for cell in row.cells]
        assert all(abs(cell - column) <= 1 for cell, column in zip(cell_widths, grid, strict=True))
    assert grid[0] > 2 * grid[1] and grid[6] > grid[1]  # names and notes get room, counts stay narrow
    assert 9000 <= sum(grid) <= 9072  # 16 cm in twentieths of a point


def test_wide_tables_have_a_bold_header_small_text_and_aligned_columns() -> None:
    table = _open(markdown_to_docx(WIDE_TABLE)).tables[0]
    header, first = table.rows[0], table.rows[1]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert not any(run.bold for cell in first.cells for run in cell.paragraphs[0].runs)
    assert {cell.paragraphs[0].style.name for row in table.rows for cell in row.cells} == {"Tabel klein"}
    assert [cell.paragraphs[0].alignment for cell in first.cells] == [None, 1, 1, 1, 1, 1, 2]  # -, center, right
    assert [cell.text for cell in first.cells][:2] == ["Westerbroek aan de Maas", "1"]


def test_a_quote_keeps_its_last_paragraph_with_the_attribution() -> None:
    document = _open(markdown_to_docx("> Eerste alinea.\n>\n> Tweede alinea.\n>\n> — R7, Ede\n\n> Los citaat.\n"))
    quotes = [p for p in document.paragraphs if p.style is not None and p.style.name == QUOTE_STYLE]
    assert [p.text for p in quotes] == ["Eerste alinea.", "Tweede alinea.", "Los citaat."]
    assert [p.paragraph_format.keep_with_next for p in quotes] == [None, True, None]
    properties = [child.tag for child in quotes[1]._p.pPr]
    assert properties == [qn("w:pStyle"), qn("w:keepNext")]  # schema order
    paragraphs = document.paragraphs
    attribution = paragraphs[next(n for n, p in enumerate(paragraphs) if p._p is quotes[1]._p) + 1]
    assert attribution.style is not None and attribution.style.name == ATTRIBUTION_STYLE
    assert attribution.text == "— R7, Ede"


def test_a_second_numbered_list_and_a_nested_one_restart_at_one() -> None:
    document = _open(markdown_to_docx("1. a\n   1. b\n2. c\n   1. d\n\nTekst.\n\n1. e\n"))
    by_text = {p.text: p for p in document.paragraphs}
    ids = {text: by_text[text]._p.pPr.numPr.numId.val for text in "abcde"}
    assert ids["a"] == ids["c"] and len({ids["a"], ids["b"], ids["d"], ids["e"]}) == 4
    assert by_text["b"].style is not None and by_text["b"].style.name == "List Number 2"
    numbering = document.part.numbering_part.element
    for text in "abde":
        start = numbering.num_having_numId(ids[text]).find(qn("w:lvlOverride")).find(qn("w:startOverride"))
        assert start.get(qn("w:val")) == "1"


def test_inline_markup_nests_and_code_keeps_its_font_in_bold() -> None:
    paragraph = _open(markdown_to_docx("Een **vet met `code`** en *schuin **en vet***.")).paragraphs[0]
    runs = [(run.text, bool(run.bold), bool(run.italic), run.font.name) for run in paragraph.runs]
    assert runs == [("Een ", False, False, None), ("vet met ", True, False, None), ("code", True, False, "Consolas"),
                    (" en ", False, False, None), ("schuin ", False, True, None), ("en vet", True, True, None),
                    (".", False, False, None)]
    code = paragraph.runs[2]._r.rPr
    assert [child.tag for child in code] == [qn("w:rFonts"), qn("w:b")]  # schema order


def test_line_breaks_and_tabs_become_word_breaks_and_tabs() -> None:
    paragraph = _open(markdown_to_docx("Regel een  \nregel\ttwee")).paragraphs[0]
    assert paragraph.text == "Regel een\nregel\ttwee"
    assert len(paragraph._p.findall(f".//{qn('w:br')}")) == 1
    assert len(paragraph._p.findall(f".//{qn('w:tab')}")) == 1


def test_markup_characters_in_text_are_escaped() -> None:
    text = 'Tom & Jerry <b>niet vet</b> a > b, "aanhalingstekens" en \'enkele\''
    markdown = f"# {text}\n\n{text}\n\n| {text} |\n|---|\n| {text} |\n\n> {text}\n>\n> — {text}\n"
    document = _open(markdown_to_docx(markdown, title=text))
    texts = [p.text for p in document.paragraphs]
    assert texts.count(text) == 4  # title, heading, paragraph, quote
    assert f"— {text}" in texts
    assert [cell.text for row in document.tables[0].rows for cell in row.cells] == [text, text]
    assert document.core_properties.title == text


def test_characters_xml_cannot_hold_are_dropped_and_page_breaks_from_word_become_line_breaks() -> None:
    text = "Eerste\x0bTweede\x0cDerde\x00\x01\x08\x0e\x1f\ud800\udfff\ufffe einde"
    markdown = f"{text}\n\n| {text} |\n|---|\n| x\x0by |\n\n- {text}\n\n```\n{text}\n```\n"
    data = markdown_to_docx(markdown, title=f"Titel\x0b{text}")
    document = _open(data)
    paragraph = document.paragraphs[1]
    assert paragraph.text == "Eerste\nTweede\nDerde einde"
    assert len(paragraph._p.findall(f".//{qn('w:br')}")) == 2
    assert document.paragraphs[0].text == "Titel\nEerste\nTweede\nDerde einde"
    assert [cell.text for row in document.tables[0].rows for cell in row.cells] == [
        "Eerste\nTweede\nDerde einde", "x\ny"]
    assert document.core_properties.title == "Titel Eerste Tweede Derde einde"
    assert data == markdown_to_docx(markdown, title=f"Titel\x0b{text}")


def test_a_rich_report_gives_the_same_bytes_each_time() -> None:
    markdown = f"{REPORT}\n{WIDE_TABLE}\n```\nregel <code> & \"zo\"\n```\n\n- a\n  - b\n    - c\n"
    first, second = markdown_to_docx(markdown, title="R & D"), markdown_to_docx(markdown, title="R & D")
    assert first == second
    assert _document_xml(first).count(b"<w:tbl>") == 2


def test_the_page_is_a4_and_tables_fit_between_its_margins() -> None:
    table = "| Gemeente | Aantal |\n| --- | ---: |\n| Westerbroek | 3 |\n"
    document = docx.Document(io.BytesIO(markdown_to_docx(table)))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    text_width = section.page_width - section.left_margin - section.right_margin
    grid = document.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))
    table_width = sum(int(column.get(qn("w:w"))) for column in grid)
    assert table_width * 635 <= text_width  # twentieths of a point to EMU


def test_a_matrix_turns_its_gemeente_headers_upwards_and_keeps_counts_narrow() -> None:
    gemeenten = ["'s-Heerenbeek", "Amstelhaven", "Bergakker", "Hoogveen", "Lindewaard", "Oosterlanden",
                 "Vliedorp", "Westerbroek"]
    rows = [f"| Gebrek aan bestuurlijk draagvlak {i} | {' | '.join(str(i % 4 or '') for _ in gemeenten)} | 5 van 8 |"
            for i in range(3)]
    matrix = "\n".join([f"| Code | {' | '.join(gemeenten)} | n van N |",
                        "|" + " --- |" * (len(gemeenten) + 2), *rows]) + "\n"
    table = _open(markdown_to_docx(matrix)).tables[0]
    header = table.rows[0]
    turned = [cell._tc.tcPr.find(qn("w:textDirection")) is not None for cell in header.cells]
    assert turned == [False, *[True] * len(gemeenten), False]  # not the code names, not "n van N"
    assert header._tr.trPr.find(qn("w:trHeight")) is not None  # tall enough for the longest name
    assert all(row._tr.trPr.find(qn("w:trHeight")) is None for row in table.rows[1:])
    grid = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[0] > 3 * max(grid[1:-1])  # the code names get the room the counts do not need
    assert grid[-1] > max(grid[1:-1])  # "5 van 8" stays on one line


def test_every_word_gets_room_when_the_table_can_give_it() -> None:
    from qualcode.reporting.docx_body import column_widths

    rows = [["Gemeente", "Functie"], ["Súdwest-Fryslân", "beleidsmedewerker energie en warmtetransitie"]]
    widths_cm = [width / 360000 for width in column_widths(rows)]
    assert widths_cm[0] >= len("Súdwest-Fryslân") * 0.22 * 1.1  # the first column is bold in the table style
    assert abs(sum(widths_cm) - 16) < 0.01  # the table fills the text width
