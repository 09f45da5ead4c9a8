"""What a matrix cell counts: passages. The one definition, for the workbench matrix, `table matrix`, the synthesis,
the appendix and case profiles.

A passage is a stretch of one document coded with a code: codings of that code in one document that overlap (share
at least one character) are one passage, whoever coded them, so two coders' codings of one answer count once, and so
do a fragment and the whole sentence around it. Codings that only touch (one ends where the next begins) are two
passages; a zero-length coding marks the one character at its start. A cell is a case x code (or any other group of
codings: a type, a theme with its codes): its passages are counted per document and added up.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

Cell = TypeVar("Cell", bound=Hashable)


def passage_counts(codings: Iterable[tuple[Cell, str | int, int, int]]) -> dict[Cell, int]:
    """Passages per cell, from (cell, document, start, end) of every coding that counts in the cell.

    Cells without codings are absent. A coding given twice for one cell (the same coding reached through two
    paths) changes nothing: it overlaps itself.
    """
    # Cells and documents become numbers in order of first appearance; then one sort of integer tuples and one pass.
    cells: dict[Cell, int] = {}
    documents: dict[str | int, int] = {}
    rows = [(cells.setdefault(cell, len(cells)), documents.setdefault(document, len(documents)), start, end)
            for cell, document, start, end in codings]
    return dict(zip(cells, counted_passages(rows, len(cells)), strict=True))


def counted_passages(rows: list[tuple[int, int, int, int]], cells: int) -> list[int]:
    """Passages per cell number 0..cells-1, from (cell, document, start, end) rows of numbers (sorted in place).

    The one count behind passage_counts, for callers that number their cells and documents themselves (an analysis
    counts 20,000 codings several times over: a dictionary lookup per coding would double its cost).
    """
    rows.sort()
    found = [0] * cells
    current_cell, current_document, reach = -1, -1, -1
    for cell, document, start, end in rows:
        if cell != current_cell or document != current_document:
            current_cell, current_document, reach = cell, document, -1
        if start >= reach:  # begins at or after the end of everything before it: a new passage
            found[cell] += 1
            reach = end if end > start else start + 1  # a zero-length coding marks one character
        elif end > reach:
            reach = end
    return found
