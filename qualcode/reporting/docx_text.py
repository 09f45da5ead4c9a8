"""Word documents read as plain text: python-docx is owned by the reporting layer, so reading lives here too."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from qualcode.domain.header import header_key_meaning

_HEADING_STYLES = ("title", "titel", "heading", "kop", "subtitle", "ondertitel")


@dataclass(frozen=True)
class DocxText:
    """A Word document's text, one line per paragraph, and the lines Word set in a title or heading style."""

    text: str
    headings: frozenset[int]  # 0-based line numbers


def docx_paragraph_text(path: Path) -> DocxText:
    """Return the text of a .docx: one line per paragraph (soft line breaks kept as line breaks), header table
    rows as 'Key: value', and which lines are headings; layout ignored."""
    document = docx.Document(str(path))
    lines: list[str] = []
    headings: set[int] = set()
    line_number = 0  # of the text's lines: a paragraph with soft line breaks is several
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = _one_line_breaks(block.text)
            if text.strip() and _is_heading(block):
                headings.add(line_number)
            added = [text]
        elif isinstance(block, Table):
            added = [*_table_lines(block), ""]
        else:
            continue
        lines.extend(added)
        line_number += sum(line.count("\n") + 1 for line in added)
    return DocxText("\n".join(lines) + "\n", frozenset(headings))


def _one_line_breaks(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")


def _is_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style
    name = (style.name or "").lower() if style is not None else ""
    return name.startswith(_HEADING_STYLES)


def _table_lines(table: Table) -> list[str]:
    """A header laid out as a two-column table: 'Key: value'; a list of people in one cell, one per line."""
    lines: list[str] = []
    for row in table.rows:
        cells = [_one_line_breaks(cell.text).strip() for cell in row.cells]
        unique = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
        if len(unique) == 2 and "\n" in unique[1]:
            values = [v.strip() for v in unique[1].split("\n") if v.strip()]
            key = unique[0].rstrip(":").strip()
            if header_key_meaning(key) == "respondents":
                lines.append(f"{key}:")
                lines.extend(values)
            else:
                lines.append(f"{key}: {'; '.join(values)}")
            continue
        lines.append(": ".join(cell.rstrip(":").strip() if i == 0 and len(unique) > 1 else cell
                               for i, cell in enumerate(unique)))
    return lines
