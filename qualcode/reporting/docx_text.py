"""Word documents read as plain text: python-docx is owned by the reporting layer, so reading lives here too.

The text is what Word shows: runs inside content controls and tracked insertions count, tracked deletions and
moved-away text do not, and neither do text boxes and drawings (they sit beside the text, not in it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx

from qualcode.domain.header import header_key_meaning

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLES = ("title", "titel", "heading", "kop", "subtitle", "ondertitel")
# Subtrees whose text Word does not show in the paragraph: deleted or moved-away text, properties, drawings.
_SKIPPED = frozenset(f"{_W}{tag}" for tag in ("del", "moveFrom", "pPr", "rPr", "drawing", "pict", "instrText",
                                              "delText", "fldData", "footnoteReference", "endnoteReference"))
_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"


@dataclass(frozen=True)
class DocxText:
    """A Word document's text, one line per paragraph, and what Word said about its lines (0-based numbers)."""

    text: str
    headings: frozenset[int]  # lines set in a title or heading style
    soft_breaks: frozenset[int]  # lines that continue the paragraph above them (a soft line break)


def docx_paragraph_text(path: Path) -> DocxText:
    """Return the text of a .docx: one line per paragraph (soft line breaks kept as line breaks), header table
    rows as 'Key: value', which lines are headings and which continue a paragraph; layout ignored."""
    document = docx.Document(str(path))
    style_names = {style.style_id: (style.name or "").lower() for style in document.styles}
    lines: list[str] = []
    headings: set[int] = set()
    soft_breaks: set[int] = set()
    for block in _children(document.element.body, f"{_W}p", f"{_W}tbl"):
        if block.tag == f"{_W}p":
            text = _paragraph_text(block)
            if text.strip() and _style_name(block, style_names).startswith(_HEADING_STYLES):
                headings.add(len(lines))
            parts = text.split("\n")
            soft_breaks.update(range(len(lines) + 1, len(lines) + len(parts)))
            lines.extend(parts)
        else:
            lines.extend([*_table_lines(block), ""])
    return DocxText("\n".join(lines) + "\n", frozenset(headings), frozenset(soft_breaks))


def _children(container: Any, *tags: str) -> Iterator[Any]:
    """The container's children with one of these tags in order, also inside content controls (w:sdt)."""
    for child in container:
        if child.tag in tags:
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _children(content, *tags)


def _style_name(paragraph: Any, style_names: dict[str, str]) -> str:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return style_names.get(style.get(f"{_W}val"), "") if style is not None else ""


def _paragraph_text(paragraph: Any) -> str:
    pieces: list[str] = []
    _collect(paragraph, pieces)
    return "".join(pieces).replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")


def _collect(element: Any, pieces: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIPPED or tag == _ALTERNATE:
            continue
        if tag == f"{_W}t":
            pieces.append(child.text or "")
        elif tag == f"{_W}tab":
            pieces.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            pieces.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            pieces.append("-")
        else:
            _collect(child, pieces)


def _table_lines(table: Any) -> list[str]:
    """A header laid out as a table: 'Key: value'; a list of people in one cell, one per line; a third column
    (a remark) as a field of its own; a column that only holds ':' is layout."""
    lines: list[str] = []
    for row in _children(table, f"{_W}tr"):
        cells = ["\n".join(_paragraph_text(p) for p in cell.iter(f"{_W}p")).strip()
                 for cell in _children(row, f"{_W}tc")]
        # Merged cells repeat their text in every grid column they span; a ':' column is a typed separator.
        unique = [c for i, c in enumerate(cells) if c and c != ":" and (i == 0 or c != cells[i - 1])]
        if not unique:
            continue
        key = unique[0].rstrip(":").strip()
        meaning = header_key_meaning(key) if len(unique) > 1 else None
        if meaning is None:
            lines.append(": ".join(cell if i else cell.rstrip(":").strip() if len(unique) > 1 else cell
                                   for i, cell in enumerate(unique)))
            continue
        values = [v.strip() for v in unique[1].split("\n") if v.strip()]
        if meaning == "respondents" and len(values) > 1:
            lines.extend([f"{key}:", *values])
        else:
            lines.append(f"{key}: {'; '.join(values)}")
        lines.extend(f"{key} (opmerking): {' '.join(remark.split())}" for remark in unique[2:])
    return lines
