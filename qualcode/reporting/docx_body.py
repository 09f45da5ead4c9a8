"""Report Markdown blocks as the WordprocessingML text of a document body: paragraphs, lists, tables and quotes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from docx.shared import Cm

from qualcode.reporting.charts_metrics import text_width
from qualcode.reporting.docx_runs import drawing_run, escape_attribute, inline_xml, run_xml
from qualcode.reporting.markdown_blocks import (
    Block,
    CodeBlock,
    Heading,
    Image,
    ListBlock,
    PageBreak,
    Paragraph,
    Quote,
    Table,
)
from qualcode.reporting.table_shape import NARROW_FONT_FROM, turned_columns

W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
QUOTE_STYLE = "Citaat"
SMALL_TABLE_STYLE = "Tabel klein"
ATTRIBUTION_STYLE = "Citaat bron"
CAPTION_STYLE = "Caption"
# The text width of the A4 page docx_writer sets up (21 cm less two margins of 2.5 cm), and from how many columns
# tables shrink to 8 pt.
TEXT_WIDTH_CM = 16
_TEXT_WIDTH = Cm(TEXT_WIDTH_CM).emu
_EMU_PER_TWIP = 635
# python-docx's new-table defaults, then borders of the table's own, then the fixed layout: columns keep the widths
# given below. The borders are set on the table itself because the style's banded rows dropped the inner lines of
# every other row (in LibreOffice); banding is off for the same reason.
_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="8EAADB"'
_TABLE_BORDERS = ("<w:tblBorders>" + "".join(f"<w:{side} {_BORDER}/>" for side in
                                             ("top", "left", "bottom", "right", "insideH", "insideV"))
                  + "</w:tblBorders>")
_TABLE_WIDTH_AND_LAYOUT = ('<w:tblW w:type="auto" w:w="0"/>' + _TABLE_BORDERS + '<w:tblLayout w:type="fixed"/>'
                           '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0"'
                           ' w:noHBand="1" w:noVBand="1" w:val="0420"/>')
_HEADER_ROW = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"  # the header row repeats on every page
_BODY_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
_EMPTY_PARAGRAPH = "<w:p/>"


# Average character widths (cm) of the body font (Cambria) at 11 pt and of "Tabel klein" at 8 pt, bold a little
# wider, and a cell's left and right padding: enough to keep a word on one line in Word, and in LibreOffice where
# Cambria falls back to the wider DejaVu Serif.
_CHAR_CM = {False: 0.22, True: 0.17}
_BOLD = 1.1
# What may not break is measured instead: DejaVu Sans's widths (charts_metrics) are within a few per cent of DejaVu
# Serif's, LibreOffice's stand-in for Cambria, and wider than Cambria itself; an average width per character let
# 'g40' (bold digits) and 'samenwerking' (m, w) break in their cells.
_POINTS = {False: 11.0, True: 8.0}
_CM_PER_POINT = 2.54 / 72
_MEASURE_MARGIN = 1.02
_CELL_PADDING_CM = 0.4
# A table too wide even so gets narrow cell margins of its own (0.1 cm a side instead of Word's 0.19).
_TIGHT_PADDING_CM = 0.2
_TIGHT_MARGINS = ('<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
                  "</w:tblCellMar>")
_CAP_CHARS = {False: 40, True: 24}  # a column wider than this many characters wraps rather than widens
_MAX_ROTATED_HEADER_CM = 5.0
_TURNED_LINE_CM = 0.35
_SHORT_CELL = 20  # cells up to this long (a date, a name, '5 van 8') stay on one line when the table has room
_COUNT_CELL = re.compile(r"[\d.,%–-]*|\d+ (?:van|of) \d+|n (?:van|of) N")


@dataclass(frozen=True)
class TableLayout:
    """How a table is set: in small type or not, which headers are turned upwards, and its column widths (EMU)."""

    small: bool
    rotated: frozenset[int]
    widths: list[int]
    tight: bool = False  # narrow cell margins


def table_layout(rows: list[list[str]], text_width_cm: float = TEXT_WIDTH_CM) -> TableLayout:
    """The first way of setting the table in which no word (and no short cell) has to break, else the last.

    Tried in order: body type (tables of up to NARROW_FONT_FROM columns), small type, small type with the headers of
    count columns turned upwards; first keeping short cells such as '5 van 8' or '24 augustus 2024' whole, then
    only words. Shrinking every column alike, which broke 'Noordwaard' into 'Noordwaar d' and 'n van N' into one
    word a line, is left for a table that fits in none of these.
    """
    wide = len(rows[0]) > NARROW_FONT_FROM
    turned = frozenset(turned_columns(rows, any_width=True))
    # Then any header wider than everything under it ('grootteklasse' over 'groot', 'g40' over 'ja').
    headed = turned | frozenset(column for column in range(1, len(rows[0])) if _longest_word(rows[0][column])
                                > max((_longest_word(row[column]) for row in rows[1:] if column < len(row)), default=0))
    tries = [(small, rotated, whole, False) for whole in (True, False) for small, rotated in
             [*([] if wide else [(False, frozenset[int]())]), (True, frozenset[int]()), (True, turned),
              (True, headed)]] + [(True, headed, whole, True) for whole in (True, False)]
    measured: dict[tuple[bool, bool], list[_ColumnText]] = {}  # the tries share four measurements of the cells

    def texts(small: bool, whole: bool) -> list[_ColumnText]:
        if (small, whole) not in measured:
            measured[small, whole] = _column_texts(rows, small=small, whole_short_cells=whole)
        return measured[small, whole]

    for small, rotated, whole, tight in tries:
        least, wanted = _column_needs(texts(small, whole), rotated, small=small, tight=tight)
        if sum(least) <= text_width_cm:
            return TableLayout(small, rotated, _emu(_share(least, wanted, text_width_cm)), tight)
    least, wanted = _column_needs(texts(True, False), headed, small=True, tight=True)
    return TableLayout(True, headed, _emu(_share(least, wanted, text_width_cm)), True)


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def column_widths(rows: list[list[str]], rotated: set[int] | frozenset[int] = frozenset(), *,
                  small: bool | None = None, text_width_cm: float = TEXT_WIDTH_CM) -> list[int]:
    """Share the text width (in EMU) by content: a column of names gets room, a column of counts stays narrow.

    Every column first gets room for its longest word (a rotated column: for its counts), so that no word
    breaks while the table fits; what is left goes to the columns whose typical text is longer, up to that; what
    is still left is shared by size. Equal widths (python-docx's default) broke a matrix into one syllable per
    line. LibreOffice and Word lay out by the table grid, so the grid columns get these widths as well as the cells.
    """
    small = len(rows[0]) > NARROW_FONT_FROM if small is None else small
    least, wanted = _column_needs(_column_texts(rows, small=small, whole_short_cells=False), frozenset(rotated),
                                  small=small)
    return _emu(_share(least, wanted, text_width_cm))


def _emu(widths_cm: list[float]) -> list[int]:
    return [int(Cm(width).emu) for width in widths_cm]


def _unbroken(text: str, whole_short_cells: bool) -> list[str]:
    """The pieces of a cell that must not break: the whole cell when it is a count or (when asked) short."""
    if _COUNT_CELL.fullmatch(text.strip()) or (whole_short_cells and len(text) <= _SHORT_CELL):
        return [text]
    return text.split()


@dataclass(frozen=True)
class _ColumnText:
    """A column's cells measured in one type: the widest piece that may not break in its header and in its body
    (cm), and the median length of its cells (characters) with and without the header."""

    header_cm: float
    body_cm: float
    median_with_header: int
    median_without_header: int


def _column_texts(rows: list[list[str]], *, small: bool, whole_short_cells: bool) -> list[_ColumnText]:
    char = _CHAR_CM[small]
    columns = []
    for column in range(len(rows[0])):
        body = [row[column] for row in rows[1:] if column < len(row)]
        bold = column == 0  # the table style sets the first column in bold, like the header
        header_cm = max([_width_cm(piece, small, True) for piece in _unbroken(rows[0][column], whole_short_cells)]
                        + [char])
        body_cm = max([_width_cm(piece, small, bold) for text in body for piece in _unbroken(text, whole_short_cells)]
                      + [char])
        lengths = sorted(len(text) for text in body)
        with_header = sorted([*lengths, len(rows[0][column])])
        columns.append(_ColumnText(header_cm, body_cm, with_header[len(with_header) // 2],
                                   lengths[len(lengths) // 2] if lengths else 0))
    return columns


def _column_needs(columns: list[_ColumnText], rotated: frozenset[int], *, small: bool,
                  tight: bool = False) -> tuple[list[float], list[float]]:
    """Per column the least width (cm) that breaks no word, and the width its typical text wants."""
    char = _CHAR_CM[small]
    least, wanted = [], []
    for column, measured in enumerate(columns):
        turned = column in rotated
        longest_word = measured.body_cm if turned else max(measured.header_cm, measured.body_cm)
        median = measured.median_without_header if turned else measured.median_with_header
        typical = min(max(median * char, longest_word), _CAP_CHARS[small] * char)
        padding = _TIGHT_PADDING_CM if tight else _CELL_PADDING_CM
        # A turned header needs the height of a line of small type across: 'interviews' over a column of ones.
        least.append(max(longest_word, _TURNED_LINE_CM if column in rotated else 0.0) + padding)
        wanted.append(max(typical + padding, least[-1]))
    return least, wanted


@lru_cache(maxsize=4096)  # a matrix repeats the same few counts in thousands of cells
def _width_cm(text: str, small: bool, bold: bool) -> float:
    """The width (cm) text takes on one line in the table's type, a little more than measured."""
    return text_width(text, _POINTS[small], bold=bold) * _CM_PER_POINT * _MEASURE_MARGIN


def _share(least: list[float], wanted: list[float], total: float) -> list[float]:
    if sum(least) >= total:  # even single words do not fit: shrink every column alike
        return [total * width / sum(least) for width in least]
    room = total - sum(least)
    growth = [want - low for want, low in zip(wanted, least, strict=True)]
    if sum(growth) >= room:
        return [low + room * grow / sum(growth) for low, grow in zip(least, growth, strict=True)]
    left = total - sum(wanted)  # every column has what it wants; the table still fills the text width
    return [want + left * want / sum(wanted) for want in wanted]


def _is_emphasised(text: str) -> bool:
    return len(text) > 2 and text.startswith("*") and text.endswith("*") and not text.startswith("**")


def _paragraph_properties(style_element: str = "", *, keep_next: bool = False, number_id: int | None = None,
                          alignment: str = "left", page_break_before: bool = False) -> str:
    """Return a w:pPr (or nothing) with its children in schema order: pStyle, keepNext, pageBreakBefore, numPr, jc."""
    properties = style_element + ("<w:keepNext/>" if keep_next else "")
    properties += "<w:pageBreakBefore/>" if page_break_before else ""
    if number_id is not None:
        properties += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{number_id}"/></w:numPr>'
    if alignment != "left":  # left is Word's default, so it is left out
        properties += f'<w:jc w:val="{alignment}"/>'
    return f"<w:pPr>{properties}</w:pPr>" if properties else ""


class BodyXml:
    """The WordprocessingML of the blocks added, to go before the body's section properties."""

    def __init__(self, style_id: Callable[[str], str], table_style_id: str,
                 restart_numbering: Callable[[str], int | None], *, text_width_cm: float = TEXT_WIDTH_CM,
                 embed_image: Callable[[str], tuple[str, int, int] | None] = lambda source: None) -> None:
        """style_id maps a paragraph style name to its id; restart_numbering returns a new numbering instance of a
        list style that starts at 1 (or None when the style is not numbered); embed_image adds an image file named
        in the Markdown to the package and returns its relationship id and size in EMU (None: no such image)."""
        self._style_id = style_id
        self._text_width_cm = text_width_cm
        self._embed_image = embed_image
        self._break_pending = False  # a '---' waits for the next paragraph to start a new page
        self._image_count = 0
        self._caption_due = False  # the paragraph right after a chart is its caption
        self._last_paragraph: tuple[int, str, str | None, int | None, bool] | None = None
        self._table_style = f'<w:tblStyle w:val="{escape_attribute(table_style_id)}"/>'
        self._restart_numbering = restart_numbering
        self._style_elements: dict[str, str] = {}
        self._parts: list[str] = []

    def xml(self) -> str:
        """Return the body content: w:p and w:tbl elements with the w: prefix, undeclared."""
        return "".join(self._parts)

    def _style_element(self, name: str) -> str:
        """Return the w:pStyle of a style name, looking its id up once."""
        if name not in self._style_elements:
            self._style_elements[name] = f'<w:pStyle w:val="{escape_attribute(self._style_id(name))}"/>'
        return self._style_elements[name]

    def _add_paragraph(self, runs: str, style: str | None = None, *, keep_next: bool = False,
                       number_id: int | None = None) -> None:
        properties = _paragraph_properties(self._style_element(style) if style else "", keep_next=keep_next,
                                           number_id=number_id, page_break_before=self._break_pending)
        self._last_paragraph = (len(self._parts), runs, style, number_id, self._break_pending)
        self._break_pending = False
        self._parts.append(f"<w:p>{properties}{runs}</w:p>")

    def _keep_last_paragraph_with_next(self) -> None:
        """A caption right before a table ('Gemeenten 11–20 van 40') stays on the page of the table's first row, the
        text before a chart on the chart's page."""
        if self._last_paragraph is None or self._last_paragraph[0] != len(self._parts) - 1:
            return
        _, runs, style, number_id, page_break_before = self._last_paragraph
        properties = _paragraph_properties(self._style_element(style) if style else "", keep_next=True,
                                           number_id=number_id, page_break_before=page_break_before)
        self._parts[-1] = f"<w:p>{properties}{runs}</w:p>"

    def add_title(self, title: str) -> None:
        """Add the document title (inline Markdown) in Word's Title style."""
        self._add_paragraph(inline_xml(title), "Title")

    def add(self, block: Block) -> None:
        """Add the paragraphs or table of one Markdown block."""
        caption_due, self._caption_due = self._caption_due, False  # an image sets it again for the next block
        if isinstance(block, Heading):
            self._add_paragraph(inline_xml(block.text), f"Heading {block.level}")
        elif isinstance(block, Paragraph) and caption_due and _is_emphasised(block.text):
            # '*Figuur 1. …*' under a chart: Word's Caption style, from which a list of figures can be made.
            self._add_paragraph(inline_xml(block.text[1:-1]), CAPTION_STYLE)
        elif isinstance(block, Paragraph):
            self._add_paragraph(inline_xml(block.text))
        elif isinstance(block, ListBlock):
            self._add_list(block)
        elif isinstance(block, Table):
            self._add_table(block)
        elif isinstance(block, Quote):
            self._add_quote(block)
        elif isinstance(block, PageBreak):
            # The next paragraph starts the page ('page break before'): a paragraph holding only a break left an
            # empty line at the top of the new page, and a break before anything else left page 1 empty.
            self._break_pending = bool(self._parts)
        elif isinstance(block, Image):
            self._add_image(block)
        elif isinstance(block, CodeBlock):
            for line in block.lines:
                self._add_paragraph(run_xml(line, code=True), "No Spacing")

    def _add_list(self, block: ListBlock) -> None:
        numbering: dict[int, int | None] = {}
        for item in block.items:
            kind = "List Number" if item.ordered else "List Bullet"
            style = kind if item.depth == 0 else f"{kind} {item.depth + 1}"
            number_id = None
            if item.ordered:
                if item.depth not in numbering:
                    numbering[item.depth] = self._restart_numbering(style)
                for deeper in [depth for depth in numbering if depth > item.depth]:
                    del numbering[deeper]  # a nested list after this item starts again at 1
                number_id = numbering[item.depth]
            self._add_paragraph(inline_xml(item.text), style, number_id=number_id)

    def _add_quote(self, block: Quote) -> None:
        for number, text in enumerate(block.paragraphs, start=1):
            # The quote's last paragraph stays on the page of its attribution.
            keep_next = number == len(block.paragraphs) and block.attribution is not None
            self._add_paragraph(inline_xml(text), QUOTE_STYLE, keep_next=keep_next)
        if block.attribution is not None:
            self._add_paragraph(run_xml("— ") + inline_xml(block.attribution), ATTRIBUTION_STYLE)

    def _add_image(self, block: Image) -> None:
        embedded = self._embed_image(block.source)
        if embedded is None:  # an image the report does not have: its description rather than nothing
            self._add_paragraph(inline_xml(block.alt))
            return
        relationship, width, height = embedded
        self._keep_last_paragraph_with_next()  # a type's heading and summary line go to the page of its chart
        self._image_count += 1
        self._add_paragraph(drawing_run(relationship, width, height, self._image_count, block.alt), keep_next=True)
        self._caption_due = True

    def _add_table(self, block: Table) -> None:
        texts = [list(block.header), *[list(row) for row in block.rows]]
        if self._break_pending:  # a table cannot start a page itself: an empty paragraph does it
            self._add_paragraph("")
        self._keep_last_paragraph_with_next()
        layout = table_layout(texts, self._text_width_cm)
        rotated, widths = layout.rotated, layout.widths
        small = self._style_element(SMALL_TABLE_STYLE) if layout.small else ""
        grid = "".join(f'<w:gridCol w:w="{width // _EMU_PER_TWIP}"/>' for width in widths)
        # Each column's cells open alike; the cell width rounds to twips as python-docx's cell.width does.
        cell_starts = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{round(width / _EMU_PER_TWIP)}"/></w:tcPr>'
                       f"<w:p>{_paragraph_properties(small, alignment=alignment)}"
                       for width, alignment in zip(widths, block.alignments, strict=False)]
        header_starts = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{round(width / _EMU_PER_TWIP)}"/>'
                         f'<w:textDirection w:val="btLr"/></w:tcPr><w:p>{_paragraph_properties(small)}'
                         if column in rotated else start
                         for column, (width, start) in enumerate(zip(widths, cell_starts, strict=True))]
        header_row = _HEADER_ROW
        if rotated:  # the header row is as tall as the longest name it turns upwards
            # (a fifth more than the estimate: LibreOffice's stand-in for Cambria Bold is wider)
            longest = max(len(texts[0][column]) for column in rotated) * _CHAR_CM[True] * _BOLD * 1.2 + _CELL_PADDING_CM
            height = round(Cm(min(longest, _MAX_ROTATED_HEADER_CM)).emu / _EMU_PER_TWIP)
            header_row = (f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}" w:hRule="atLeast"/>'
                          "<w:tblHeader/></w:trPr>")
        # A matrix repeats the same few counts in thousands of cells: their runs are made once.
        runs: dict[tuple[str, bool], str] = {}
        properties = _TABLE_WIDTH_AND_LAYOUT
        if layout.tight:  # tblCellMar comes between tblLayout and tblLook
            properties = properties.replace("<w:tblLook", _TIGHT_MARGINS + "<w:tblLook")
        parts = [f"<w:tbl><w:tblPr>{self._table_style}{properties}</w:tblPr><w:tblGrid>{grid}"
                 "</w:tblGrid>"]
        for row_number, row in enumerate(texts):
            header = row_number == 0
            parts.append(header_row if header else _BODY_ROW)
            for start, text in zip(header_starts if header else cell_starts, row, strict=False):
                if (text, header) not in runs:
                    runs[text, header] = inline_xml(text, bold=header)
                parts.append(f"{start}{runs[text, header]}</w:p></w:tc>")
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self._parts.append("".join(parts))
        self._parts.append(_EMPTY_PARAGRAPH)  # Word joins adjacent tables; a paragraph also gives room after one
