"""Report Markdown as a Word document: real heading, list, table and quote styles, byte-identical output."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import BytesIO
from typing import Any

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Cm, Emu, Pt, RGBColor

from qualcode.reporting.docx_body import (
    ATTRIBUTION_STYLE,
    QUOTE_STYLE,
    SMALL_TABLE_STYLE,
    TEXT_WIDTH_CM,
    W_NAMESPACE,
    BodyXml,
)
from qualcode.reporting.docx_runs import CODE_FONT, xml_safe
from qualcode.reporting.docx_template import numbering_part, open_template
from qualcode.reporting.formatting import report_language
from qualcode.reporting.markdown_blocks import parse_blocks
from qualcode.reporting.ooxml import document_time, normalise_zip

__all__ = ["ATTRIBUTION_STYLE", "CODE_FONT", "QUOTE_STYLE", "SMALL_TABLE_STYLE", "markdown_to_docx"]

_LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
_TABLE_STYLES = ("Light List Accent 1", "Table Grid")
_GREY = RGBColor(0x59, 0x59, 0x59)


def _set_language(document: Document, tag: str) -> None:
    """Set the proofing language of all text (the default run properties) and of the package."""
    styles: Any = document.styles.element
    for lang in styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        lang.set(qn("w:val"), tag)
    document.core_properties.language = tag


def _add_quote_styles(document: Document) -> None:
    """Add qualcode's quote, attribution and small-table styles; a house style's own styles of these names stay."""
    if QUOTE_STYLE not in document.styles:
        _add_quote_style(document)
    if SMALL_TABLE_STYLE not in document.styles:
        small = document.styles.add_style(SMALL_TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        small.base_style = document.styles["Normal"]
        small.font.size = Pt(8)  # wide tables (a matrix of many gemeenten) fit the page in 8 pt
        small.paragraph_format.space_after = Pt(0)
    if ATTRIBUTION_STYLE not in document.styles:
        attribution = document.styles.add_style(ATTRIBUTION_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        attribution.base_style = document.styles["Normal"]
        attribution.quick_style = True
        attribution.font.size = Pt(9)
        attribution.font.color.rgb = _GREY
        attribution.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        attribution.paragraph_format.space_before = Pt(0)
        attribution.paragraph_format.space_after = Pt(12)


def _add_quote_style(document: Document) -> None:
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


def _set_a4_page(document: Document) -> None:
    """A4 with margins of 2.5 cm, as Dutch reports are printed; python-docx's template is US Letter."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    margin = Cm((21 - TEXT_WIDTH_CM) / 2)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin


def _set_core_properties(document: Document, title: str | None, timestamp: dt.datetime | None) -> None:
    properties = document.core_properties
    moment = document_time(timestamp)
    properties.created = properties.modified = properties.last_printed = moment
    properties.author = properties.last_modified_by = "qualcode"
    properties.comments = ""
    properties.revision = 1
    properties.title = xml_safe(title or "")


def _restarted_numbering(document: Document, style_name: str) -> int | None:
    """Return a new numbering instance of a list style that starts again at 1 (each Markdown list restarts)."""
    style: Any = document.styles[style_name].element
    number_properties = style.pPr.numPr if style.pPr is not None else None
    if number_properties is None or number_properties.numId is None:
        return None
    numbering: Any = numbering_part(document).element
    abstract_id = numbering.num_having_numId(number_properties.numId.val).abstractNumId.val
    instance = numbering.add_num(abstract_id)
    instance.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(instance.numId)


def _text_area_cm(document: Document) -> tuple[float, float]:
    """The width and height (cm) between the margins of the last section: what tables and figures may fill."""
    section = document.sections[-1]
    width = (section.page_width or Cm(21)) - (section.left_margin or 0) - (section.right_margin or 0)
    height = (section.page_height or Cm(29.7)) - (section.top_margin or 0) - (section.bottom_margin or 0)
    return max(Emu(width).cm, 4.0), max(Emu(height).cm, 4.0)


def _image_embedder(document: Document, images: dict[str, bytes]) -> Callable[[str], tuple[str, int, int] | None]:
    """Add a named PNG to the package once; its size fills the text width, kept to 80% of the text height."""
    width_cm, height_cm = _text_area_cm(document)

    def embed(source: str) -> tuple[str, int, int] | None:
        if source not in images:
            return None
        relationship, image = document.part.get_or_add_image(BytesIO(images[source]))
        width = Cm(width_cm).emu
        height = round(width * image.px_height / max(image.px_width, 1))
        if height > Cm(height_cm * 0.8).emu:  # a tall chart (many codes) is shrunk to stay on one page
            width = round(width * Cm(height_cm * 0.8).emu / height)
            height = Cm(height_cm * 0.8).emu
        return relationship, int(width), int(height)
    return embed


def _body_writer(document: Document, images: dict[str, bytes], *, house_style: bool) -> BodyXml:
    # A house style's plain grid before qualcode's own blue list style, which a template rarely has.
    order = tuple(reversed(_TABLE_STYLES)) if house_style else _TABLE_STYLES
    table_style = next(name for name in order if name in document.styles)
    return BodyXml(style_id=lambda name: str(document.styles[name].style_id),
                   table_style_id=str(document.styles[table_style].style_id),
                   restart_numbering=lambda name: _restarted_numbering(document, name),
                   text_width_cm=_text_area_cm(document)[0], embed_image=_image_embedder(document, images))


def _replace_body(document: Document, content: str) -> None:
    """Parse the body content once into a new body, the section properties last, and swap it for the old body.

    Building each paragraph, run and cell through python-docx's objects took seconds for an appendix. The new body
    goes in whole: lxml then drops its w: declaration (the document's own applies) in one pass, whereas moving a
    table that relies on a declaration of the parsed wrapper took lxml time quadratic in its size (3 s).
    """
    body: Any = parse_xml(f'<w:body xmlns:w="{W_NAMESPACE}">{content}</w:body>'.encode())
    old: Any = document.element.body
    section = old.find(qn("w:sectPr"))  # the page setup, headers and footers (of a house style, too)
    if section is not None:
        body.append(section)
    document.element.replace(old, body)


def markdown_to_docx(markdown: str, *, title: str | None = None, lang: str = "nl",
                     timestamp: dt.datetime | None = None, images: dict[str, bytes] | None = None,
                     template: tuple[str, bytes] | None = None) -> bytes:
    """Return a .docx of report Markdown; the same input (and timestamp) gives the same bytes.

    Supported: `#`..`######` headings, paragraphs with **bold**, *italic* and `code`, `- ` and `1. ` lists
    (two spaces of indentation per nesting level), GFM pipe tables, `> ` quotes with a closing `> — source`
    line, `---` alone on a line as a page break, ``` code fences; backslash escapes show the literal character.
    Characters XML cannot hold are left out; vertical tabs and form feeds (from Word transcripts) become line breaks.
    `![description](name)` alone on a line is the PNG images[name], as wide as the text. template is (file name,
    bytes) of a house-style .docx or .dotx: its styles, page setup, headers and footers (see docx_template).
    """
    if template is not None:
        document = open_template(template[1], template[0])
    else:
        document = docx.Document()
        _set_a4_page(document)
    _set_language(document, _LANGUAGE_TAGS[report_language(lang)])
    _add_quote_styles(document)
    _set_core_properties(document, title, timestamp)
    body = _body_writer(document, images or {}, house_style=template is not None)
    if title:
        body.add_title(title)
    for block in parse_blocks(markdown):
        body.add(block)
    _replace_body(document, body.xml())
    output = BytesIO()
    document.save(output)
    return normalise_zip(output.getvalue())
