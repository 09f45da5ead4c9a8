"""Page furniture of a printed text: running headers, footers and page numbers found and named."""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict

from qualcode.domain.header import header_key_meaning
from qualcode.domain.line_kinds import ends_sentence, label_of

__all__ = ["furniture_key", "running_lines"]

_EDGE_LINES = 3  # running headers and footers sit among the first or last lines of a page
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
# A line of at most 100 characters with a digit that is only a number ("14", "- 14 -", "3/12") or names a page
# ("Pagina 3 van 12", "Rapport | 27"); one search over a page finds them all.
_FOOTER_LINE = re.compile(r"^(?=[^\n]{1,100}$)(?=[^\n]*\d)(?:(?:[^\w\n]|\d)+|[^\n]*?(?:pagina|page|blz|\|)[^\n]*)$",
                          re.IGNORECASE | re.MULTILINE)


def furniture_key(line: str) -> str:
    """What a running line has in common from page to page: case, spacing and numbers aside."""
    return _DIGITS.sub("#", _SPACES.sub(" ", line.strip().lower()))


def _candidate(line: str) -> bool:
    # Page furniture is short and never a turn, a header field or the end of a sentence ("Einde 10." at a page foot).
    if not 0 < len(line) <= 100 or label_of(line) is not None or ends_sentence(line):
        return False
    return ":" not in line or header_key_meaning(line.split(":", 1)[0]) is None


def running_lines(page_texts: list[str], pages: list[list[str]]) -> set[tuple[int, int]]:
    """The (page, line) positions of running headers, footers and page numbers."""
    at_edges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if len(pages) > 1:
        for page_number, page in enumerate(pages):
            filled = [index for index, line in enumerate(page) if line.strip()]
            for index in sorted({*filled[:_EDGE_LINES], *filled[-_EDGE_LINES:]}):
                line = page[index].strip()
                if _candidate(line):
                    at_edges[furniture_key(line)].append((page_number, index))
    # Without a rising number a line is furniture when it stands at an edge of most pages: two of three, at least
    # three pages (both of two), so that a remark repeated now and then is kept.
    most_pages = 2 if len(pages) == 2 else max(3, math.ceil(2 * len(pages) / 3))
    dropped: set[tuple[int, int]] = set()
    repeated: set[str] = set()
    for key, places in at_edges.items():
        pages_with_it = len({page for page, _ in places})
        if "#" in key and pages_with_it >= max(2, len(pages) // 3) and _page_numbers_rise(pages, places):
            dropped.update(places)
        first_page, first_index = places[0]
        # A line that reads as the rest of a sentence is text that happens to repeat, not furniture.
        if pages_with_it >= most_pages and not pages[first_page][first_index].strip()[0].islower():
            repeated.add(key)
    if repeated:
        dropped |= _edge_bands(pages, repeated, dropped, most_pages)
    # Without page breaks (text copied out of a PDF) a footer is a short line with a page number that recurs
    # every so many lines with that number going up.
    anywhere: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for page_number, page_text in enumerate(page_texts):
        index = position = 0
        for match in _FOOTER_LINE.finditer(page_text):
            index += page_text.count("\n", position, match.start())
            position = match.start()
            stripped = match.group().strip()
            if _candidate(stripped):
                anywhere[furniture_key(stripped)].append((page_number, index))
    for places in anywhere.values():
        if len(places) >= 3 and _page_numbers_rise(pages, places):
            dropped.update(places)
    return dropped


def _edge_bands(pages: list[list[str]], repeated: set[str], numbered: set[tuple[int, int]],
                most_pages: int) -> set[tuple[int, int]]:
    """The places of repeated lines that, with other furniture, reach the top or bottom edge of their page."""
    # A repeated line with text between it and the edge is a repeated sentence of the text (an appendix that
    # quotes one paragraph in every write-up), not a header or a footer.
    banded: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for page_number, page in enumerate(pages):
        filled = [index for index, line in enumerate(page) if line.strip()]
        for edge in (filled[:_EDGE_LINES], filled[::-1][:_EDGE_LINES]):
            for index in edge:
                key = furniture_key(page[index])
                if key in repeated and _candidate(page[index].strip()):
                    banded[key].append((page_number, index))
                elif (page_number, index) not in numbered:
                    break
    return {place for places in banded.values() if len({page for page, _ in places}) >= most_pages
            for place in places}


def _page_numbers_rise(pages: list[list[str]], places: list[tuple[int, int]]) -> bool:
    """Whether one of the numbers in these lines goes up from each to the next (a page number), nearly always."""
    numbers = [[int(found) for found in _DIGITS.findall(pages[page][index])] for page, index in places]
    steps = len(numbers) - 1
    if steps < 1:
        return False
    # Nearly: a text pasted together from two reports starts counting again once.
    return any(sum(1 for earlier, later in itertools.pairwise(numbers) if earlier[position] < later[position])
               >= 0.8 * steps for position in range(len(numbers[0])))
