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


def test_a_rule_alone_on_a_line_is_a_page_break() -> None:
    document = _open(markdown_to_docx(REPORT))
    texts = [p.text for p in document.paragraphs]
    breaks = [number for number, p in enumerate(document.paragraphs)
              if any(br.get(qn("w:type")) == "page" for br in p._p.iter(qn("w:br")))]
    assert len(breaks) == 1
    assert texts.index("tweede") < breaks[0] < texts.index("Bijlage")


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
