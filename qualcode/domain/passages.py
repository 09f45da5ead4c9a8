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
    spans: dict[tuple[Cell, str | int], list[tuple[int, int]]] = {}
    for cell, document, start, end in codings:
        spans.setdefault((cell, document), []).append((start, end if end > start else start + 1))
    counts: dict[Cell, int] = {}
    for (cell, _), found in spans.items():
        found.sort()
        passages, reach = 0, -1
        for start, end in found:
            if start >= reach:  # begins at or after the end of everything before it: a new passage
                passages += 1
                reach = end
            elif end > reach:
                reach = end
        counts[cell] = counts.get(cell, 0) + passages
    return counts
