"""What a consensus coder's codings are, given two coders' codings, the units and the decisions taken on them.
Pure: spans and code keys in, spans out; no I/O (project/consensus.py stores what this computes).

The consensus is decided per unit and code (a unit carries a code for a coder when one of that coder's codings of
the code overlaps it, as in agreement): a code both coders gave a unit is in the consensus there unless a decision
takes it out; a code only one gave is out until a decision puts it in (keep A, keep B, both, or edit).

The codings that realise it are the coders' own codings, never widened onto words nobody coded:
- A source coding (of A or B) whose code is in the consensus on every unit it touches is copied as it is.
- One whose code is in on some of its units only is cut at the unit boundaries: each run of consecutive units where
  it is in keeps the coding's own words there (its own start when the run begins at its first unit, its own end when
  the run ends at its last).
- The pieces of one code that overlap are joined into one coding (A's and B's codings of an agreed passage become
  one, never two); a code chosen by edit that neither coder gave a unit covers the unit's span.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

CHOICES = ("a", "b", "both", "neither", "edit")
ACTIONS = ("consensus_start", "consensus_decide")  # the undoable events of a review
CHOICE_LABELS = {"a": "kept A", "b": "kept B", "both": "kept both", "neither": "kept neither", "edit": "edited"}
Span = tuple[int, int]


@dataclass(frozen=True)
class SourceCoding:
    """A coding of one of the two coders: side 'a' or 'b', its code and its span."""

    side: str
    code: str
    start: int
    end: int


@dataclass(frozen=True)
class UnitCodes:
    """The codes each coder gave one unit."""

    span: Span
    a: frozenset[str]
    b: frozenset[str]

    @property
    def differing(self) -> frozenset[str]:
        return self.a ^ self.b


def touched_units(units: Sequence[Span], start: int, end: int, starts: Sequence[int] | None = None) -> range:
    """The indices of the units (in text order, not overlapping) that the span start..end shares a character with;
    starts (the units' starts) saves building them again for every span."""
    starts = starts if starts is not None else [unit_start for unit_start, _ in units]
    first = max(bisect_left(starts, start + 1) - 1, 0)
    while first < len(units) and units[first][1] <= start:
        first += 1
    last = first
    while last < len(units) and units[last][0] < end:
        last += 1
    return range(first, last)


def unit_codes(units: Sequence[Span], sources: Sequence[SourceCoding]) -> list[UnitCodes]:
    """Per unit, the codes A and B gave it."""
    given: list[tuple[set[str], set[str]]] = [(set(), set()) for _ in units]
    starts = [start for start, _ in units]
    for source in sources:
        for index in touched_units(units, source.start, source.end, starts):
            given[index][0 if source.side == "a" else 1].add(source.code)
    return [UnitCodes(span, frozenset(a), frozenset(b)) for span, (a, b) in zip(units, given, strict=True)]


def chosen_codes(a: frozenset[str], b: frozenset[str], choice: str, edited: frozenset[str] = frozenset()) -> \
        frozenset[str]:
    """The consensus codes of a unit after a choice: keep A's, B's, both (union), neither (only what both gave),
    or the edited set."""
    if choice == "a":
        return a
    if choice == "b":
        return b
    if choice == "both":
        return a | b
    if choice == "neither":
        return a & b
    if choice == "edit":
        return edited
    raise ValueError(f"unknown choice {choice!r}")


def consensus_of(unit: UnitCodes, decided: Mapping[str, bool]) -> frozenset[str]:
    """A unit's consensus codes: what both gave, with the decided codes put in or taken out."""
    codes = set(unit.a & unit.b)
    for code, chosen in decided.items():
        (codes.add if chosen else codes.discard)(code)
    return frozenset(codes)


def consensus_codings(units: Sequence[Span], sources: Sequence[SourceCoding],
                      decided: Mapping[Span, Mapping[str, bool]]) -> list[tuple[str, int, int]]:
    """The consensus coder's codings (code, start, end), sorted, per the module docstring; decided maps a unit's
    span to its decided codes (True: in, False: out)."""
    per_unit = unit_codes(units, sources)
    consensus = [consensus_of(unit, decided.get(unit.span, {})) for unit in per_unit]
    pieces: dict[str, list[Span]] = {}
    starts = [start for start, _ in units]
    for source in sources:
        touched = touched_units(units, source.start, source.end, starts)
        run: list[int] = []
        for index in [*touched, None]:
            if index is not None and source.code in consensus[index]:
                run.append(index)
                continue
            if run:
                start = source.start if run[0] == touched.start else units[run[0]][0]
                end = source.end if run[-1] == touched.stop - 1 else units[run[-1]][1]
                pieces.setdefault(source.code, []).append((max(start, source.start), min(end, source.end)))
                run = []
    for unit, codes in zip(per_unit, consensus, strict=True):
        for code in codes - unit.a - unit.b:
            pieces.setdefault(code, []).append(unit.span)
    planned: list[tuple[str, int, int]] = []
    for code, spans in pieces.items():
        planned.extend((code, start, end) for start, end in _joined(spans))
    return sorted(planned, key=lambda coding: (coding[1], coding[2], coding[0]))


def _joined(spans: list[Span]) -> list[Span]:
    """Spans that overlap (share a character) joined; spans that only touch stay apart."""
    joined: list[list[int]] = []
    for start, end in sorted(spans):
        if joined and start < joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    return [(start, end) for start, end in joined]
