"""The Markdown subset report templates use, parsed into blocks and inline spans (for the Word writer)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.reporting.markdown_escape import unescape_markdown


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str  # inline Markdown; "\n" is a hard line break


@dataclass(frozen=True)
class ListItem:
    ordered: bool
    depth: int  # 0 for top-level items, 1 and 2 for nested ones
    text: str


@dataclass(frozen=True)
class ListBlock:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Quote:
    paragraphs: tuple[str, ...]
    attribution: str | None  # the text after "— " on the quote's last line


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    alignments: tuple[str, ...]  # "left", "center" or "right" per column
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class CodeBlock:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Image:
    alt: str  # the description, escapes undone
    source: str  # the file named in ![alt](source), alone on its line


Block = Heading | Paragraph | ListBlock | Quote | Table | PageBreak | CodeBlock | Image


@dataclass(frozen=True)
class Span:
    text: str  # literal text, escapes undone
    bold: bool = False
    italic: bool = False
    code: bool = False


_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_PAGE_BREAK = re.compile(r"^ {0,3}-{3,}[ \t]*$")
_BULLET = re.compile(r"^( *)[-*+][ \t]+(.*)$")
_ORDERED = re.compile(r"^( *)\d{1,9}[.)][ \t]+(.*)$")
_QUOTE = re.compile(r"^ {0,3}> ?(.*)$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_ALIGNMENT_ROW = re.compile(r"^ *\|?(?: *:?-+:? *\|)* *:?-+:? *\|? *$")
_ATTRIBUTION = re.compile(r"^(?:—|–|--)[ \t]*(.*)$")
_COMMENT = re.compile(r"(?<!\\)<!--.*?-->", re.DOTALL)
_IMAGE = re.compile(r"^ {0,3}!\[((?:\\.|[^\]\\])*)\]\(([^()\s]+)\)[ \t]*$")
_CELL_BREAK = re.compile(r"\\.|\|", re.DOTALL)  # an escaped character (kept whole) or a cell border
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:\\.|[^)\\])*\)")


def _starts_block(lines: list[str], position: int) -> bool:
    line = lines[position]
    return bool(not line.strip() or _HEADING.match(line) or _PAGE_BREAK.match(line) or _QUOTE.match(line)
                or _BULLET.match(line) or _ORDERED.match(line) or _FENCE.match(line) or _is_table(lines, position))


def _is_table(lines: list[str], position: int) -> bool:
    return (lines[position].lstrip().startswith("|") and position + 1 < len(lines)
            and "-" in lines[position + 1] and bool(_ALIGNMENT_ROW.match(lines[position + 1])))


def _joined(lines: list[str]) -> str:
    """Join a paragraph's lines: soft breaks become spaces, a trailing backslash or two spaces a hard break."""
    text = ""
    for number, line in enumerate(lines):
        hard = line.endswith("  ") or (len(line) - len(line.rstrip("\\"))) % 2 == 1
        content = line.strip()
        if hard and content.endswith("\\"):
            content = content[:-1].rstrip()
        text += content
        if number < len(lines) - 1:
            text += "\n" if hard else " "
    return text


def split_cells(line: str) -> list[str]:
    """Split a table row at unescaped pipes, dropping the outer pipes; escapes stay for the inline parser."""
    row = line.strip()
    cells, start = [], 0
    for found in _CELL_BREAK.finditer(row):  # an escaped character is skipped whole, so "\\|" splits and "\|" not
        if found[0] == "|":
            cells.append(row[start:found.start()])
            start = found.end()
    cells.append(row[start:])
    if row.startswith("|"):
        cells = cells[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        cells = cells[:-1]
    return [cell.strip() for cell in cells]


def _alignment(cell: str) -> str:
    if cell.startswith(":") and cell.endswith(":"):
        return "center"
    return "right" if cell.endswith(":") else "left"


def _quote_blocks(inner: list[str]) -> list[Quote]:
    """Split a quote's lines into quotes; "— source" closes one when text precedes it and a blank line follows."""
    quotes: list[Quote] = []
    paragraphs: list[str] = []
    pending: list[str] = []
    for number, line in enumerate(inner):
        attribution = _ATTRIBUTION.match(line.strip())
        ends_block = number + 1 == len(inner) or not inner[number + 1].strip()
        if attribution and ends_block and (paragraphs or pending):
            if pending:
                paragraphs.append(_joined(pending))
                pending = []
            quotes.append(Quote(tuple(paragraphs), attribution[1].strip()))
            paragraphs = []
        elif not line.strip():
            if pending:
                paragraphs.append(_joined(pending))
                pending = []
        else:
            pending.append(line)
    if pending:
        paragraphs.append(_joined(pending))
    if paragraphs:
        quotes.append(Quote(tuple(paragraphs), None))
    return quotes


def _list_block(lines: list[str], position: int) -> tuple[ListBlock, int]:
    items: list[ListItem] = []
    while position < len(lines):
        line = lines[position]
        marker = _BULLET.match(line) or _ORDERED.match(line)
        if marker and not _PAGE_BREAK.match(line):
            depth, ordered = min(len(marker[1]) // 2, 2), bool(_ORDERED.match(line))
            top_level = [item for item in items if item.depth == 0]
            if depth == 0 and top_level and top_level[-1].ordered != ordered:
                break  # a bullet list after a numbered one (or the reverse) is a new list
            items.append(ListItem(ordered=ordered, depth=depth, text=marker[2].strip()))
        elif line.strip() and line.startswith("  ") and items:
            last = items[-1]
            items[-1] = ListItem(last.ordered, last.depth, _joined([last.text, line]))
        elif not line.strip() and position + 1 < len(lines) and (_BULLET.match(lines[position + 1])
                                                                    or _ORDERED.match(lines[position + 1])):
            pass  # a loose list: a blank line between items
        else:
            break
        position += 1
    return ListBlock(tuple(items)), position


def parse_blocks(markdown: str) -> list[Block]:
    """Return the blocks of a Markdown text (the subset the report templates use)."""
    lines = _COMMENT.sub("", markdown.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    blocks: list[Block] = []
    position = 0
    while position < len(lines):
        line = lines[position]
        if not line.strip():
            position += 1
        elif fence := _FENCE.match(line):
            end = position + 1
            while end < len(lines) and not lines[end].strip().startswith(fence[1]):
                end += 1
            blocks.append(CodeBlock(tuple(lines[position + 1:end])))
            position = end + 1
        elif _PAGE_BREAK.match(line):
            blocks.append(PageBreak())
            position += 1
        elif image := _IMAGE.match(line):
            blocks.append(Image(unescape_markdown(image[1]), image[2]))
            position += 1
        elif heading := _HEADING.match(line):
            blocks.append(Heading(len(heading[1]), (heading[2] or "").strip()))
            position += 1
        elif _QUOTE.match(line):
            inner: list[str] = []
            while position < len(lines):
                if quoted := _QUOTE.match(lines[position]):
                    inner.append(quoted[1])
                elif inner[-1].strip() and not _starts_block(lines, position):
                    inner.append(lines[position])  # a lazy continuation line of the quoted paragraph
                else:
                    break
                position += 1
            blocks.extend(_quote_blocks(inner))
        elif _BULLET.match(line) or _ORDERED.match(line):
            block, position = _list_block(lines, position)
            blocks.append(block)
        elif _is_table(lines, position):
            header = split_cells(line)
            alignments = [_alignment(cell) for cell in split_cells(lines[position + 1])]
            alignments = (alignments + ["left"] * len(header))[:len(header)]
            rows: list[tuple[str, ...]] = []
            position += 2
            while position < len(lines) and lines[position].lstrip().startswith("|"):
                cells = split_cells(lines[position])
                rows.append(tuple((cells + [""] * len(header))[:len(header)]))
                position += 1
            blocks.append(Table(tuple(header), tuple(alignments), tuple(rows)))
        else:
            paragraph = [line]
            position += 1
            while position < len(lines) and not _starts_block(lines, position):
                paragraph.append(lines[position])
                position += 1
            blocks.append(Paragraph(_joined(paragraph)))
    return blocks


def _closes(text: str, delimiter: str, start: int) -> bool:
    """Return True when an unescaped delimiter occurs in text from start on."""
    position = start
    while position < len(text):
        if text[position] == "\\":
            position += 2
            continue
        if text.startswith(delimiter, position) and (delimiter != "*" or not text.startswith("**", position)):
            return True
        position += 1
    return False


def parse_inline(text: str) -> list[Span]:
    """Return the spans of inline Markdown: **bold**, *italic*, `code`, [links](…) as their text, escapes undone."""
    spans: list[Span] = []
    buffer, bold, italic, position = "", False, False, 0

    def flush() -> None:
        nonlocal buffer
        if buffer:
            spans.append(Span(buffer, bold, italic))
            buffer = ""

    while position < len(text):
        char = text[position]
        if char == "\\" and position + 1 < len(text) and unescape_markdown(text[position:position + 2]) != text[
                position:position + 2]:
            buffer += text[position + 1]
            position += 2
        elif char == "`" and (end := text.find("`", position + 1)) > position:
            flush()
            spans.append(Span(text[position + 1:end], bold, italic, code=True))
            position = end + 1
        elif text.startswith("**", position) and (bold or _closes(text, "**", position + 2)):
            flush()
            bold = not bold
            position += 2
        elif char == "*" and (italic or _closes(text, "*", position + 1)):
            flush()
            italic = not italic
            position += 1
        elif char == "[" and (link := _LINK.match(text, position)):
            buffer += unescape_markdown(link[1])
            position = link.end()
        else:
            buffer += char
            position += 1
    flush()
    return spans
