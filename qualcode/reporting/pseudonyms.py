"""Pseudonyms for gemeenten in anonymised reports: 'Gemeente A', 'Gemeente B', … in an order no reader can redo."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from qualcode.reporting.labels import word


def case_pseudonyms(case_guids: Mapping[str, str], lang: str) -> dict[str, str]:
    """Map each case name to 'Gemeente A', 'Gemeente B', … ('Municipality A' in English).

    The letters follow the order of a hash of each case's GUID: random identifiers that no report shows, so the
    same project always gives the same pseudonyms, while a reader who knows which gemeenten took part cannot
    work out which letter is which (as alphabetical order, or a hash of the names, would allow).
    """
    ordered = sorted(case_guids, key=lambda name: (hashlib.sha256(case_guids[name].encode()).hexdigest(), name))
    noun = word("case", lang)
    return {name: f"{noun} {_letters(position)}" for position, name in enumerate(ordered)}


def _letters(position: int) -> str:
    """0 → A, 25 → Z, 26 → AA, 27 → AB, … (as spreadsheet columns are named)."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
