"""Report Markdown as a Word document: real heading, list, table and quote styles, byte-identical output."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from qualcode.reporting.formatting import report_language
from qualcode.reporting.markdown_blocks import (
    CodeBlock,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Quote,
    Table,
    parse_blocks,
    parse_inline,
)
from qualcode.reporting.ooxml import document_time, normalise_zip

QUOTE_STYLE = "Citaat"
SMALL_TABLE_STYLE = "Tabel klein"
ATTRIBUTION_STYLE = "Citaat bron"
CODE_FONT = "Consolas"
_LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
_TABLE_STYLES = ("Light List Accent 1", "Table Grid")
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
_GREY = RGBColor(0x59, 0x59, 0x59)
# The text width of an A4 page with python-docx's default margins, and from how many columns tables shrink to 8 pt.
_TEXT_WIDTH = Cm(16).emu
_NARROW_FONT_FROM = 6


def _set_language(document: Document, tag: str) -> None:
    """Set the proofing language of all text (the default run properties) and of the package."""
    styles: Any = document.styles.element
    for lang in styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        lang.set(qn("w:val"), tag)
    document.core_properties.language = tag


def _paragraph(document: Document, style: str | None = None) -> DocxParagraph:
    """A new paragraph with a style set by its id: python-docx's style= looks the name up through every style to
    rule out the default one, which cost more than a second for a 1,000-paragraph appendix."""
    paragraph = document.add_paragraph()
    if style is not None:
        paragraph._p.style = document.styles[style].style_id
    return paragraph


def _add_quote_styles(document: Document) -> None:
    quote = document.styles.add_style(QUOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    quote.base_style = document.styles["Normal"]
    quote.quick_style = True
    # The border goes in first: python-docx inserts spacing and indentation after it, in schema order.
    paragraph_properties: Any = quote.element.get_or_add_pPr()
    borders, left = OxmlElement("w:pBdr"), OxmlElement("w:left")
    for attribute, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "8"), ("w:color", "A6A6A6")):
        left.set(qn(attribute), value)
    borders.append(left)
    paragraph_properties.append(borders)
    quote.font.italic = True
    quote.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    quote.paragraph_format.left_indent = Cm(1)
    quote.paragraph_format.space_before = Pt(6)
    quote.paragraph_format.space_after = Pt(6)

    small = document.styles.add_style(SMALL_TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = document.styles["Normal"]
    small.font.size = Pt(8)  # wide tables (a matrix of many gemeenten) fit the page in 8 pt
    small.paragraph_format.space_after = Pt(0)
    attribution = document.styles.add_style(ATTRIBUTION_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    attribution.base_style = document.styles["Normal"]
    attribution.quick_style = True
    attribution.font.size = Pt(9)
    attribution.font.color.rgb = _GREY
    attribution.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    attribution.paragraph_format.space_before = Pt(0)
    attribution.paragraph_format.space_after = Pt(12)


def _add_inline(paragraph: DocxParagraph, text: str, *, bold: bool = False) -> None:
    for span in parse_inline(text):
        run = paragraph.add_run(span.text)
        if span.bold or bold:
            run.bold = True
        if span.italic:
            run.italic = True
        if span.code:
            run.font.name = CODE_FONT


def _restarted_numbering(document: Document, style_name: str) -> int | None:
    """Return a new numbering instance of a list style that starts again at 1 (each Markdown list restarts)."""
    style: Any = document.styles[style_name].element
    number_properties = style.pPr.numPr if style.pPr is not None else None
    if number_properties is None or number_properties.numId is None:
        return None
    numbering: Any = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(number_properties.numId.val).abstractNumId.val
    instance = numbering.add_num(abstract_id)
    instance.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(instance.numId)


def _add_list(document: Document, block: ListBlock) -> None:
    numbering: dict[int, int | None] = {}
    for item in block.items:
        kind = "List Number" if item.ordered else "List Bullet"
        style_name = kind if item.depth == 0 else f"{kind} {item.depth + 1}"
        paragraph = _paragraph(document, style_name)
        _add_inline(paragraph, item.text)
        if not item.ordered:
            continue
        if item.depth not in numbering:
            numbering[item.depth] = _restarted_numbering(document, style_name)
        for deeper in [depth for depth in numbering if depth > item.depth]:
            del numbering[deeper]  # a nested list after this item starts again at 1
        if (number_id := numbering[item.depth]) is not None:
            number_properties: Any = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            number_properties.get_or_add_ilvl().val = 0
            number_properties.get_or_add_numId().val = number_id


def _add_table(document: Document, block: Table) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = next(name for name in _TABLE_STYLES if name in document.styles)
    texts = [list(block.header), *[list(row) for row in block.rows]]
    widths = _column_widths(texts)
    for grid_column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=False):
        grid_column.set(qn("w:w"), str(width // 635))  # EMU to twentieths of a point
    table.autofit = False
    small_text = document.styles[SMALL_TABLE_STYLE].style_id if len(block.header) > _NARROW_FONT_FROM else None
    # Cells straight from each row's XML: python-docx's row.cells and column.cells rebuild the whole table's cell
    # list on every call, which made a 500-row appendix table take minutes.
    for row_number, (row, cells) in enumerate(zip(table.rows, texts, strict=True)):
        row_properties: Any = row._tr.get_or_add_trPr()
        row_properties.append(OxmlElement("w:cantSplit"))
        if row_number == 0:
            row_properties.append(OxmlElement("w:tblHeader"))  # repeat the header row on every page
        for column, (tc, text) in enumerate(zip(row._tr.tc_lst, cells, strict=False)):
            cell = _Cell(tc, table)
            cell.width = Emu(widths[column])
            paragraph = cell.paragraphs[0]
            if block.alignments[column] != "left":  # left is Word's default: setting it costs time for nothing
                paragraph.alignment = _ALIGN[block.alignments[column]]
            if small_text is not None:
                paragraph._p.style = small_text
            _add_inline(paragraph, text, bold=row_number == 0)
    document.add_paragraph()  # Word joins adjacent tables; a paragraph also gives room after the table


def _column_widths(rows: list[list[str]]) -> list[int]:
    """Share the text width by content: a column of names gets room, a column of counts stays narrow.

    Equal widths (python-docx's default) break a 10-column matrix into one word per line. LibreOffice and Word
    lay out by the table grid, so the grid columns get these widths as well as the cells.
    """
    columns = len(rows[0])
    wanted = []
    for column in range(columns):
        texts = [row[column] for row in rows if column < len(row)]
        longest_word = max((len(word) for text in texts for word in text.split()), default=1)
        typical = sorted(len(text) for text in texts)[len(texts) // 2] if texts else 1
        wanted.append(max(longest_word + 1, min(typical, 24 if columns > _NARROW_FONT_FROM else 40), 3))
    total = sum(wanted)
    return [int(_TEXT_WIDTH * share / total) for share in wanted]


def _add_page_break(document: Document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _add_quote(document: Document, block: Quote) -> None:
    paragraph = None
    for text in block.paragraphs:
        paragraph = _paragraph(document, QUOTE_STYLE)
        _add_inline(paragraph, text)
    if block.attribution is not None:
        if paragraph is not None:
            paragraph.paragraph_format.keep_with_next = True
        attribution = _paragraph(document, ATTRIBUTION_STYLE)
        attribution.add_run("— ")
        _add_inline(attribution, block.attribution)


def markdown_to_docx(markdown: str, *, title: str | None = None, lang: str = "nl",
                     timestamp: dt.datetime | None = None) -> bytes:
    """Return a .docx of report Markdown; the same input (and timestamp) gives the same bytes.

    Supported: `#`..`######` headings, paragraphs with **bold**, *italic* and `code`, `- ` and `1. ` lists
    (two spaces of indentation per nesting level), GFM pipe tables, `> ` quotes with a closing `> — source`
    line, `---` alone on a line as a page break, ``` code fences; backslash escapes show the literal character.
    """
    tag = _LANGUAGE_TAGS[report_language(lang)]
    document = docx.Document()
    _set_language(document, tag)
    _add_quote_styles(document)
    properties = document.core_properties
    moment = document_time(timestamp)
    properties.created = properties.modified = properties.last_printed = moment
    properties.author = properties.last_modified_by = "qualcode"
    properties.comments = ""
    properties.revision = 1
    properties.title = title or ""
    if title:
        _add_inline(_paragraph(document, "Title"), title)
    for block in parse_blocks(markdown):
        if isinstance(block, Heading):
            _add_inline(_paragraph(document, f"Heading {block.level}"), block.text)
        elif isinstance(block, Paragraph):
            _add_inline(document.add_paragraph(), block.text)
        elif isinstance(block, ListBlock):
            _add_list(document, block)
        elif isinstance(block, Table):
            _add_table(document, block)
        elif isinstance(block, Quote):
            _add_quote(document, block)
        elif isinstance(block, PageBreak):
            _add_page_break(document)
        elif isinstance(block, CodeBlock):
            for line in block.lines:
                paragraph = _paragraph(document, "No Spacing")
                paragraph.add_run(line).font.name = CODE_FONT
    output = BytesIO()
    document.save(output)
    return normalise_zip(output.getvalue())
