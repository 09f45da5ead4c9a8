"""Word documents read as plain text: python-docx is owned by the reporting layer, so reading lives here too."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


def docx_paragraph_text(path: Path) -> str:
    """Return the text of a .docx: one line per paragraph, table rows as 'cell: cell'; layout ignored."""
    document = docx.Document(str(path))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                unique = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]
                lines.append(": ".join(unique))
            lines.append("")
    return "\n".join(lines).replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n") + "\n"
