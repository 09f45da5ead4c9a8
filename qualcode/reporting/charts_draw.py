"""Chart layouts as plain shapes (rectangles, lines, text): one geometry that charts_svg and charts_png both draw.

Units are CSS pixels (1/96 inch); a chart is WIDTH wide, which a Word page shows at its text width. Text is
measured with the bundled DejaVu Sans widths (charts_metrics), so labels that would not fit are shortened with "…"
rather than run into the bars; the full names are in the report's text and tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from qualcode.reporting.charts_metrics import text_width

WIDTH = 640.0
FONT = 11.0
SMALL = 9.0
INK = "#1d2330"
MUTED = "#5b6475"
GRID = "#d7dbe3"
EMPTY = "#ffffff"
# Okabe & Ito's palette, distinguishable with every common colour-vision deficiency (yellow left out: too light).
CATEGORY_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
# A sequential single-hue ramp (ColorBrewer Blues): it reads as "more" in grey print and for colour-blind readers.
SEQUENTIAL = ("#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")
_MARGIN = 8.0
_ROW = 18.0
_BAR = 12.0
_MAX_LABEL_SHARE = 0.46


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str | None = None


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID
    width: float = 1.0


@dataclass(frozen=True)
class Text:
    """Text on a baseline at (x, y); anchor start, middle or end; upright reads bottom to top (turned 90°)."""

    x: float
    y: float
    text: str
    size: float = FONT
    anchor: str = "start"
    bold: bool = False
    fill: str = INK
    upright: bool = False


Shape = Rect | Line | Text


@dataclass(frozen=True)
class Drawing:
    """A finished chart: its size, its shapes, and the title and description that screen readers get."""

    width: float
    height: float
    title: str
    description: str
    shapes: tuple[Shape, ...] = field(default=())


def fit(text: str, room: float, size: float = FONT, *, bold: bool = False) -> str:
    """Return text shortened with '…' at a word or character so that it fits room."""
    if text_width(text, size, bold=bold) <= room:
        return text
    words = text.split()
    while len(words) > 1:
        words.pop()
        shorter = " ".join(words).rstrip(",;:") + "…"
        if text_width(shorter, size, bold=bold) <= room and len(words) > 1:
            return shorter
    shortened = text
    while shortened and text_width(shortened + "…", size, bold=bold) > room:
        shortened = shortened[:-1]
    return shortened.rstrip() + "…" if shortened else ""


def _label_room(labels: Sequence[str], size: float = FONT) -> float:
    longest = max((text_width(label, size) for label in labels), default=0.0)
    return min(longest, WIDTH * _MAX_LABEL_SHARE) + 6


def label_lines(text: str, room: float, size: float = FONT) -> list[str]:
    """A label on one line, or on two split between words (the second shortened with '…' if need be)."""
    if text_width(text, size) <= room:
        return [text]
    words, first = text.split(), ""
    while words and text_width(f"{first} {words[0]}".strip(), size) <= room:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one word longer than the room
        return [fit(text, room, size)]
    return [first, fit(" ".join(words), room, size)]


def _label(shapes: list[Shape], lines: list[str], x: float, y: float, height: float) -> None:
    """Right-aligned label lines, centred on a row of the given height that starts at y."""
    first = y + height / 2 + 4 - (len(lines) - 1) * 6.5
    for number, line in enumerate(lines):
        shapes.append(Text(x, first + number * 13, line, anchor="end"))


def _ticks(maximum: int) -> list[int]:
    """Whole-number ticks from 0 to maximum, at most about eight of them."""
    step = max(1, math.ceil(maximum / 8))
    return list(range(0, maximum + 1, step)) if maximum else [0]


def _top(shapes: list[Shape]) -> float:
    """Where a chart starts: its title is the report's caption (and the SVG's <title>), not drawn in the chart."""
    return _MARGIN + 4


@dataclass(frozen=True)
class BarGroup:
    """A heading (a code type) and its bars: (label, value, the value as text)."""

    heading: str
    colour: str
    bars: tuple[tuple[str, int, str], ...]


def bar_chart(title: str, description: str, groups: Sequence[BarGroup], maximum: int, axis_label: str) -> Drawing:
    """Horizontal bars grouped under headings, an axis of whole numbers from 0 to maximum, values at the bar ends."""
    shapes: list[Shape] = []
    top = _top(shapes)
    labels = [label for group in groups for label, _, _ in group.bars]
    values = [text for group in groups for _, _, text in group.bars]
    left = _MARGIN + _label_room(labels)
    value_room = max((text_width(text, SMALL) for text in values), default=0.0) + 6
    plot = WIDTH - left - _MARGIN - value_room
    headed = len(groups) > 1 or bool(groups and groups[0].heading)
    room = left - _MARGIN - 6
    lines = {label: label_lines(label, room) for label in labels}
    height = sum(_ROW + 12 * (len(lines[label]) - 1) for label in labels) + (len(groups) * _ROW if headed else 0)
    bottom = top + height
    scale = plot / max(maximum, 1)
    for tick in _ticks(maximum):
        x = left + tick * scale
        shapes.append(Line(x, top, x, bottom))
        shapes.append(Text(x, bottom + 13, str(tick), SMALL, "middle", fill=MUTED))
    y = top
    for group in groups:
        if headed:
            shapes.append(Text(_MARGIN, y + 13, fit(group.heading, WIDTH - 2 * _MARGIN, bold=True), bold=True))
            y += _ROW
        for label, value, text in group.bars:
            row = _ROW + 12 * (len(lines[label]) - 1)
            _label(shapes, lines[label], left - 6, y, row)
            if value:
                shapes.append(Rect(left, y + (row - _BAR) / 2, value * scale, _BAR, group.colour))
            shapes.append(Text(left + value * scale + 4, y + row / 2 + 3.5, text, SMALL, fill=INK))
            y += row
    shapes.append(Line(left, top, left, bottom, INK))
    shapes.append(Text(left + plot / 2, bottom + 30, axis_label, SMALL, "middle", fill=MUTED))
    return Drawing(WIDTH, bottom + 38, title, description, tuple(shapes))


@dataclass(frozen=True)
class HeatRow:
    label: str
    values: tuple[int, ...]


def colour_classes(maximum: int) -> list[tuple[int, int]]:
    """Up to five ranges of counts from 1 to maximum (1, 2–3, 4–6, …), each with a colour of SEQUENTIAL."""
    if maximum <= 0:
        return []
    count = min(5, maximum)
    bounds = [math.ceil(maximum * (k + 1) / count) for k in range(count)]
    classes, low = [], 1
    for high in bounds:
        if high >= low:
            classes.append((low, high))
            low = high + 1
    return classes


def class_colour(value: int, classes: Sequence[tuple[int, int]]) -> str:
    """The fill of a count: EMPTY for none, else the class's step of the ramp (light to dark)."""
    if value <= 0 or not classes:
        return EMPTY
    steps = [SEQUENTIAL[round(k * (len(SEQUENTIAL) - 1) / max(len(classes) - 1, 1))] for k in range(len(classes))]
    for (low, high), colour in zip(classes, steps, strict=True):
        if low <= value <= high:
            return colour
    return steps[-1]


def ink_on(fill: str) -> str:
    """Black or white, whichever reads better on the fill (WCAG relative luminance)."""
    channels = [int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#ffffff" if luminance < 0.22 else INK


# The narrowest heat-map cell that still holds a two-digit count in SMALL type; more gemeenten than fit at this
# width go into parts (heat_columns_per_part), so that no figure shows unreadable slivers.
MIN_HEAT_CELL = 18.0


def _heat_left(rows: Sequence[HeatRow]) -> float:
    return _MARGIN + _label_room([row.label for row in rows], SMALL)


def heat_columns_per_part(rows: Sequence[HeatRow]) -> int:
    """How many gemeenten one heat map shows side by side with cells of at least MIN_HEAT_CELL."""
    return max(1, int((WIDTH - _heat_left(rows) - _MARGIN) // MIN_HEAT_CELL))


def heat_map(title: str, description: str, columns: Sequence[str], rows: Sequence[HeatRow], *,
             columns_label: str, legend_label: str, range_word: str, maximum: int | None = None) -> Drawing:
    """Rows (codes) × columns (gemeenten) as shaded cells, the count in each cell where it fits, and a legend.

    maximum sets the colour classes: the parts of one heat map pass the largest count of all parts, so that a
    shade means the same count in each of them and their legends are the same.
    """
    shapes: list[Shape] = []
    top = _top(shapes)
    left = _heat_left(rows)
    cell = min(36.0, (WIDTH - left - _MARGIN) / max(len(columns), 1))
    longest = min(max((text_width(name, SMALL) for name in columns), default=0.0), 130.0)
    header = longest + 8
    shapes.append(Text(left, top + 2, columns_label, SMALL, fill=MUTED))
    top += 8
    for number, name in enumerate(columns):
        x = left + number * cell + cell / 2 + SMALL / 3
        shapes.append(Text(x, top + header - 4, fit(name, longest, SMALL), SMALL, upright=True))
    grid_top = top + header
    row_height = 16.0
    if maximum is None:
        maximum = max((value for row in rows for value in row.values), default=0)
    classes = colour_classes(maximum)
    show_numbers = cell >= 13
    for index, row in enumerate(rows):
        y = grid_top + index * row_height
        shapes.append(Text(left - 6, y + 12, fit(row.label, left - _MARGIN - 6, SMALL), SMALL, "end"))
        for number, value in enumerate(row.values):
            fill = class_colour(value, classes)
            x = left + number * cell
            shapes.append(Rect(x, y, cell, row_height, fill, GRID if fill == EMPTY else "#ffffff"))
            if value and show_numbers:
                shapes.append(Text(x + cell / 2, y + 12, str(value), SMALL if cell >= 18 else 7.0, "middle",
                                   fill=ink_on(fill)))
    y = grid_top + len(rows) * row_height + 16
    shapes.append(Text(_MARGIN, y + 10, legend_label, SMALL, fill=MUTED))
    x = _MARGIN + text_width(legend_label, SMALL) + 10
    for low, high in [(0, 0), *classes]:
        label = str(low) if low == high else f"{low}{range_word}{high}"
        shapes.append(Rect(x, y, 14, 12, class_colour(low, classes), GRID))
        shapes.append(Text(x + 18, y + 10, label, SMALL))
        x += 26 + text_width(label, SMALL)
    return Drawing(WIDTH, y + 22, title, description, tuple(shapes))


@dataclass(frozen=True)
class GroupBars:
    """One code: for each group, how many of its cases name the code (and the group's size)."""

    label: str
    counts: tuple[tuple[int, int], ...]


MAX_GROUPS = 6  # panels side by side; more groups (twelve provinces) leave no room for a bar


def group_chart(title: str, description: str, groups: Sequence[str], codes: Sequence[GroupBars], *,
                axis_label: str, of_word: str) -> Drawing:
    """Small multiples: one panel per group, in it per code a bar of the share of the group's cases naming it.

    Panels side by side keep a row per code (a bar per group under each code made a chart a metre long) and the
    group is named above its panel, so colour carries no meaning of its own.
    """
    shapes: list[Shape] = []
    top = _top(shapes)
    left = _MARGIN + _label_room([code.label for code in codes])
    gap = 10.0
    panel = (WIDTH - left - _MARGIN - gap * (len(groups) - 1)) / max(len(groups), 1)
    value_room = text_width(f"99 {of_word} 99", 7.5) + 4
    plot = max(panel - value_room, 10.0)
    header = 16.0
    lines = [label_lines(code.label, left - _MARGIN - 6) for code in codes]
    heights = [_ROW + 12 * (len(label) - 1) for label in lines]
    bottom = top + header + sum(heights)
    for index, group in enumerate(groups):
        x0 = left + index * (panel + gap)
        shapes.append(Text(x0, top + 11, fit(group, panel, SMALL, bold=True), SMALL, bold=True))
        for percent in (0, 50, 100):
            gx = x0 + plot * percent / 100
            shapes.append(Line(gx, top + header, gx, bottom, INK if percent == 0 else GRID))
            shapes.append(Text(gx, bottom + 13, f"{percent}%", 7.5, "middle", fill=MUTED))
    y = top + header
    for code, label, row in zip(codes, lines, heights, strict=True):
        _label(shapes, label, left - 6, y, row)
        for index, (count, size) in enumerate(code.counts):
            x0 = left + index * (panel + gap)
            share = count / size if size else 0.0
            if count:
                shapes.append(Rect(x0, y + (row - _BAR) / 2, plot * share, _BAR, CATEGORY_COLOURS[0]))
            shapes.append(Text(x0 + plot * share + 3, y + row / 2 + 3, f"{count} {of_word} {size}", 7.5))
        y += row
    shapes.append(Text(left + (WIDTH - _MARGIN - left) / 2, bottom + 30, axis_label, SMALL, "middle", fill=MUTED))
    return Drawing(WIDTH, bottom + 38, title, description, tuple(shapes))
