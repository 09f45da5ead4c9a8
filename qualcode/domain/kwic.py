"""Keyword-in-context lines: context words around a match, aligned by display width (emoji and CJK take two cells).

Pure functions on strings; the width of a character comes from wcwidth, as a terminal draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ELLIPSIS = "…"
_REACH = 40  # characters per context word looked at first


@dataclass(frozen=True)
class Kwic:
    """A match with the words before and after it (whitespace made single spaces)."""

    left: str
    keyword: str
    right: str


def cell_width(text: str) -> int:
    """Terminal cells text takes: wide characters two, combining marks and zero-width characters none."""
    from wcwidth import wcwidth  # imported on first use: Project imports search, which imports this module

    return sum(max(wcwidth(char), 0) for char in text)


def context(text: str, start: int, end: int, words: int, *, low: int = 0, high: int | None = None) -> Kwic:
    """The match text[start:end] with up to `words` words either side, not reaching outside text[low:high].

    Punctuation stays where it stands (", maar dat"), whitespace becomes single spaces.
    """
    top = len(text) if high is None else high
    left = right = ""
    if words:
        reach = _REACH * (words + 1)
        window = max(low, start - reach)
        before = text[window:start].split()
        if len(before) <= words and window > low:  # long words: take the whole stretch before
            before = text[low:start].split()
        left = " ".join(before[-words:])
        stop = min(top, end + reach)
        after = text[end:stop].split()
        if len(after) <= words and stop < top:
            after = text[end:top].split()
        right = " ".join(after[:words])
    return Kwic(left, " ".join(text[start:end].split()), right)


def cut_left(text: str, width: int) -> str:
    """The end of text that fits in width cells, with an ellipsis in front when something was cut."""
    if cell_width(text) <= width:
        return text
    kept: list[str] = []
    used = cell_width(ELLIPSIS)
    from wcwidth import wcwidth

    for char in reversed(text):
        cells = max(wcwidth(char), 0)
        if used + cells > width:
            break
        kept.append(char)
        used += cells
    return ELLIPSIS + "".join(reversed(kept))


def cut_right(text: str, width: int) -> str:
    """The start of text that fits in width cells, with an ellipsis after it when something was cut."""
    if cell_width(text) <= width:
        return text
    kept: list[str] = []
    used = cell_width(ELLIPSIS)
    from wcwidth import wcwidth

    for char in text:
        cells = max(wcwidth(char), 0)
        if used + cells > width:
            break
        kept.append(char)
        used += cells
    return "".join(kept) + ELLIPSIS


def pad_left(text: str, width: int) -> str:
    return " " * max(width - cell_width(text), 0) + text


def pad_right(text: str, width: int) -> str:
    return text + " " * max(width - cell_width(text), 0)


def align(lines: Sequence[Kwic], *, side: int = 40, keyword: int | None = None) -> list[tuple[str, str, str]]:
    """Each line as (left, keyword, right) cells: left right-aligned in `side` cells, the keyword padded to the
    widest keyword (at most `keyword` cells), right cut to `side` cells; every column starts at the same cell."""
    widest = max((cell_width(line.keyword) for line in lines), default=0)
    middle = widest if keyword is None else min(widest, keyword)
    return [(pad_left(cut_left(line.left, side), side), pad_right(cut_right(line.keyword, middle), middle),
             pad_right(cut_right(line.right, side), side)) for line in lines]
