"""Spans of a text as sets of characters: their union, size and overlap, and the 2 × 2 table of characters NVivo's
coding comparison uses (each character one unit). Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from qualcode.domain.agreement import BinaryTable

Span = tuple[int, int]  # start, end: codepoint offsets, end-exclusive


def merged(spans: Iterable[Span]) -> list[Span]:
    """The union of the spans as sorted, disjoint spans; overlapping and touching spans become one."""
    result: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if result and start <= result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


def covered(spans: Sequence[Span]) -> int:
    """Characters covered by sorted, disjoint spans."""
    return sum(end - start for start, end in spans)


def intersection(first: Sequence[Span], second: Sequence[Span]) -> int:
    """Characters covered by both lists of sorted, disjoint spans."""
    total, i, j = 0, 0, 0
    while i < len(first) and j < len(second):
        (a_start, a_end), (b_start, b_end) = first[i], second[j]
        common = (a_end if a_end < b_end else b_end) - (a_start if a_start > b_start else b_start)
        if common > 0:
            total += common
        if a_end <= b_end:
            i += 1
        else:
            j += 1
    return total


def character_table(first: Sequence[Span], second: Sequence[Span], characters: int) -> BinaryTable:
    """The 2 × 2 table of characters (NVivo's coding comparison): each character is one unit, coded by a coder
    when one of the coder's merged spans covers it; `characters` is how many characters are judged."""
    both = intersection(first, second)
    only_a, only_b = covered(first) - both, covered(second) - both
    return BinaryTable(both, only_a, only_b, characters - both - only_a - only_b)
