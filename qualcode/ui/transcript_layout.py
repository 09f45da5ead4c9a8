"""The transcript as screen rows: word wrap, and the styled segments of one row (codings, selection, labels).

Pure Python on Rich styles, no Textual, so that the layout can be tested without an app and the view only
has to ask for the few rows that are visible.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len, get_character_cell_size
from rich.color import Color, ColorParseError
from rich.segment import Segment
from rich.style import Style

GUTTER_MARKS = 3
GUTTER_WIDTH = GUTTER_MARKS + 1
# Used when a code has no colour of its own; spread over hues that stay readable on a dark background.
PALETTE = ("#e06c75", "#61afef", "#98c379", "#e5c07b", "#c678dd", "#56b6c2", "#d19a66", "#be5046", "#7f9fff",
           "#b5e48c", "#f4a261", "#ff79c6")

HEADER_STYLE = Style(dim=True, italic=True)
SECTION_STYLE = Style(bold=True, color="#ffb86c")
LABEL_STYLE = Style(bold=True, color="#8be9fd")
INTERVIEWER_LABEL_STYLE = Style(bold=True, dim=True, color="#8be9fd")
INTERVIEWER_TEXT_STYLE = Style(color="#8a8a8a")
SELECTION_STYLE = Style(bgcolor="#3b4f8f", color="#ffffff", bold=True)
FOUND_STYLE = Style(bgcolor="#e5c07b", color="#000000")
OVERLAP_STYLE = Style(underline=True)
SUGGESTION_MARK = "◇"
SUGGESTION_STYLE = Style(dim=True, italic=True)
SUGGESTION_MARGIN = 22  # cells kept right of the text, once a document shows suggestions, for the codes' names


@dataclass(frozen=True)
class TurnSpan:
    """A turn of the transcript: its text span, and whether an interviewer speaks it."""

    start: int
    end: int
    speaker: str | None
    is_interviewer: bool


@dataclass(frozen=True)
class CodedSpan:
    """A coding as the view shows it."""

    guid: str
    start: int
    end: int
    code_key: str
    coder: str
    memo: str | None
    colour: str


@dataclass(frozen=True)
class SuggestedSpan:
    """A pending code suggestion as the view shows it: muted, beside its sentence, never as a coding."""

    guid: str
    start: int
    end: int
    code_key: str
    name: str
    colour: str


@dataclass(frozen=True)
class Row:
    """One screen row: a slice of the text and what kind of line it comes from."""

    start: int
    end: int
    kind: str  # header, section, text
    line_start: int


@dataclass
class DocumentLayout:
    """A document's text with its structure, wrapped to a width; answers what to draw on each row."""

    text: str
    turns: Sequence[TurnSpan]
    sections: Sequence[tuple[str, int, int]]
    body_start: int
    width: int = 80
    rows: list[Row] = field(default_factory=list)
    row_starts: list[int] = field(default_factory=list)
    codings: list[CodedSpan] = field(default_factory=list)
    row_codings: list[list[int]] = field(default_factory=list)
    found: list[tuple[int, int]] = field(default_factory=list)
    selection: tuple[int, int] = (0, 0)
    suggestions: list[SuggestedSpan] = field(default_factory=list)
    row_suggestions: dict[int, list[int]] = field(default_factory=dict)  # row → suggestions whose text it shows
    suggestion_rows: list[int] = field(default_factory=list)  # per suggestion: the row whose margin names its code
    margin: int = 0  # SUGGESTION_MARGIN from the first suggestion on, so that deciding on them reflows nothing
    _labels: dict[int, tuple[int, bool]] = field(default_factory=dict)
    _interviewer_turns: list[tuple[int, int]] = field(default_factory=list)
    _section_starts: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        for turn in self.turns:
            line_start = self.text.rfind("\n", 0, turn.start) + 1
            if turn.start > line_start and self.text[line_start:turn.start].strip():
                self._labels[line_start] = (turn.start, turn.is_interviewer)
            if turn.is_interviewer:
                self._interviewer_turns.append((turn.start, turn.end))
        self._section_starts = {start for _, start, _ in self.sections}
        self.wrap(self.width)

    # -- layout -------------------------------------------------------------------------------------------
    def wrap(self, width: int) -> None:
        """Break every source line into rows of at most width - gutter cells, at spaces where possible."""
        self.width = max(width, GUTTER_WIDTH + 10)
        room = self.width - GUTTER_WIDTH - self.margin
        text = self.text
        rows: list[Row] = []
        line_start = 0
        length = len(text)
        while line_start <= length:
            line_end = text.find("\n", line_start)
            if line_end == -1:
                line_end = length
            kind = ("header" if line_start < self.body_start
                    else "section" if line_start in self._section_starts else "text")
            if _single_width(text, line_start, line_end):
                self._wrap_line(rows, line_start, line_end, kind, room)
            else:
                self._wrap_wide_line(rows, line_start, line_end, kind, room)
            line_start = line_end + 1
        self.rows = rows
        self.row_starts = [row.start for row in rows]
        self._index_codings()
        self._index_suggestions()

    def _wrap_line(self, rows: list[Row], line_start: int, line_end: int, kind: str, room: int) -> None:
        """Wrap a line whose characters are all one cell wide (nearly every Dutch line): cells = characters."""
        text = self.text
        start = line_start
        while line_end - start > room:
            # The row keeps the space it breaks at, so that space must fit in the room too.
            cut = text.rfind(" ", start, start + room)
            if cut <= start:
                rows.append(Row(start, start + room, kind, line_start))
                start += room
            else:
                rows.append(Row(start, cut + 1, kind, line_start))
                start = cut + 1
        rows.append(Row(start, line_end, kind, line_start))

    def _wrap_wide_line(self, rows: list[Row], line_start: int, line_end: int, kind: str, room: int) -> None:
        """Wrap a line with wide (emoji, CJK) or zero-width (combining) characters by their cells."""
        text = self.text
        start, used, last_space = line_start, 0, -1
        offset = line_start
        while offset < line_end:
            cells = get_character_cell_size(text[offset])
            # A while, not an if: the words carried over from a cut at a space may still leave no room for this
            # character, and then the row breaks again right before it.
            while used + cells > room and offset > start:
                cut = last_space + 1 if last_space >= start else offset
                rows.append(Row(start, cut, kind, line_start))
                start, used, last_space = cut, cell_len(text[cut:offset]), -1
            if text[offset] == " ":
                last_space = offset
            used += cells
            offset += 1
        rows.append(Row(start, line_end, kind, line_start))

    def set_codings(self, codings: Sequence[CodedSpan]) -> None:
        self.codings = sorted(codings, key=lambda c: (c.start, -c.end, c.code_key, c.coder))
        self._index_codings()

    def _index_codings(self) -> None:
        row_codings: list[list[int]] = [[] for _ in self.rows]
        for index, coding in enumerate(self.codings):
            first = self.row_of(coding.start)
            last = self.row_of(max(coding.start, coding.end - 1))
            for row in range(first, last + 1):
                row_codings[row].append(index)
        self.row_codings = row_codings

    def set_suggestions(self, suggestions: Sequence[SuggestedSpan]) -> None:
        """Show these suggestions; the first ones make room for a margin (the text is wrapped again)."""
        self.suggestions = sorted(suggestions, key=lambda s: (s.start, s.end, s.code_key))
        if self.suggestions and not self.margin and self.width - GUTTER_WIDTH - SUGGESTION_MARGIN >= 30:
            self.margin = SUGGESTION_MARGIN
            self.wrap(self.width)
        else:
            self._index_suggestions()

    def _index_suggestions(self) -> None:
        """Which rows each suggestion covers, and where the margin names its code: beside the sentence's last row,
        or the next row of the same line that names nothing yet (two codes for one sentence take two rows)."""
        rows: dict[int, list[int]] = {}
        named: list[int] = []
        taken: set[int] = set()
        for index, suggestion in enumerate(self.suggestions):
            last = self.row_of(max(suggestion.start, suggestion.end - 1))
            for row in range(self.row_of(suggestion.start), last + 1):
                rows.setdefault(row, []).append(index)
            while (last in taken and last + 1 < len(self.rows)
                   and self.rows[last + 1].line_start == self.rows[last].line_start):
                last += 1
            taken.add(last)
            named.append(last)
        self.row_suggestions = rows
        self.suggestion_rows = named

    def suggestions_at(self, start: int, end: int) -> list[SuggestedSpan]:
        """Suggestions shown over text[start:end] (or at offset start when the range is empty)."""
        end = max(end, start + 1)
        return [s for s in self.suggestions if s.start < end and s.end > start and not self._already_coded(s)]

    def _already_coded(self, suggestion: SuggestedSpan) -> bool:
        """A code already on the passage (by anyone) is not suggested there again; undoing that coding shows it."""
        return any(c.code_key == suggestion.code_key and c.start < suggestion.end and c.end > suggestion.start
                   for c in self.codings)

    def _shown_suggestions(self, row_index: int) -> list[SuggestedSpan]:
        found = (self.suggestions[i] for i in self.row_suggestions.get(row_index, ()))
        return [suggestion for suggestion in found if not self._already_coded(suggestion)]

    def row_of(self, offset: int) -> int:
        """The row that shows the character at offset."""
        return max(0, bisect.bisect_right(self.row_starts, offset) - 1)

    def offset_at(self, row: int, column: int) -> int:
        """The text offset under a screen cell (column counted after the gutter)."""
        row = min(max(row, 0), len(self.rows) - 1)
        shown = self.rows[row]
        offset, used = shown.start, 0
        while offset < shown.end - 1 and used + get_character_cell_size(self.text[offset]) <= max(column, 0):
            used += get_character_cell_size(self.text[offset])
            offset += 1
        return offset

    # -- drawing ------------------------------------------------------------------------------------------
    def codings_at(self, start: int, end: int) -> list[CodedSpan]:
        """Codings overlapping text[start:end] (or touching offset start when the range is empty)."""
        end = max(end, start + 1)
        return [c for c in self.codings if c.start < end and c.end > start]

    def segments(self, row_index: int) -> list[Segment]:
        """The styled segments of one row, gutter included, padded to the width."""
        row = self.rows[row_index]
        coded = [self.codings[i] for i in self.row_codings[row_index]]
        segments = self._gutter(coded)
        suggested = self._shown_suggestions(row_index) if self.suggestions else []
        if suggested:  # the mark takes the gutter's first free cell (its last, the separator, when three are used)
            marks = len(segments) - 1
            segments[-1:] = [Segment(SUGGESTION_MARK, Style(color=suggested[0].colour)),
                             Segment(" " * (GUTTER_WIDTH - marks - 1))]
        bounds = {row.start, row.end}
        label = self._labels.get(row.line_start)
        if label:
            bounds.add(min(max(label[0], row.start), row.end))
        for start, end in [(c.start, c.end) for c in coded] + [self.selection] + self._found_in(row):
            for point in (start, end):
                if row.start < point < row.end:
                    bounds.add(point)
        points = sorted(bounds)
        for start, end in itertools.pairwise(points):
            piece = self.text[start:end].replace("\t", " ")
            segments.append(Segment(piece, self._style_at(row, start, coded, label)))
        used = GUTTER_WIDTH + cell_len(self.text[row.start:row.end])
        named = [s for i, s in enumerate(self.suggestions) if self.suggestion_rows[i] == row_index
                 and not self._already_coded(s)] if self.margin else []
        if named and used < self.width - self.margin:
            segments.append(Segment(" " * (self.width - self.margin - used)))
            used = self.width - self.margin
        if named:
            names = _fit(f" {SUGGESTION_MARK} " + " · ".join(dict.fromkeys(s.name for s in named)), self.width - used)
            segments.append(Segment(names, SUGGESTION_STYLE + Style(color=named[0].colour)))
            used += cell_len(names)
        if used < self.width:
            segments.append(Segment(" " * (self.width - used)))
        return segments

    def _gutter(self, coded: Sequence[CodedSpan]) -> list[Segment]:
        colours: list[str] = []
        for coding in coded:
            if coding.colour not in colours:
                colours.append(coding.colour)
        marks = [Segment("▌", Style(color=colour)) for colour in colours[:GUTTER_MARKS]]
        if len(colours) > GUTTER_MARKS:
            marks[-1] = Segment("+", Style(color=colours[GUTTER_MARKS - 1], bold=True))
        marks.append(Segment(" " * (GUTTER_WIDTH - len(marks))))
        return marks

    def _found_in(self, row: Row) -> list[tuple[int, int]]:
        return [span for span in self.found if span[0] < row.end and span[1] > row.start]

    def _style_at(self, row: Row, offset: int, coded: Sequence[CodedSpan], label: tuple[int, bool] | None) -> Style:
        if row.kind == "header":
            style = HEADER_STYLE
        elif row.kind == "section":
            style = SECTION_STYLE
        elif label and offset < label[0]:
            style = INTERVIEWER_LABEL_STYLE if label[1] else LABEL_STYLE
        elif _inside(self._interviewer_turns, offset):
            style = INTERVIEWER_TEXT_STYLE
        else:
            style = Style()
        here = [c for c in coded if c.start <= offset < c.end]
        if here:
            innermost = min(here, key=lambda c: c.end - c.start)
            style += Style(bgcolor=tint(innermost.colour))
            if len({c.code_key for c in here}) > 1:
                style += OVERLAP_STYLE
        if _inside(self.found, offset):
            style += FOUND_STYLE
        if self.selection[0] <= offset < self.selection[1]:
            style += SELECTION_STYLE
        return style


def _fit(text: str, cells: int) -> str:
    """text cut to at most cells terminal cells, ending in '…' when cut."""
    if cell_len(text) <= cells:
        return text
    while text and cell_len(text) > cells - 1:
        text = text[:-1]
    return text + "…"


def _single_width(text: str, start: int, end: int) -> bool:
    """Whether every character of text[start:end] takes exactly one terminal cell."""
    line = text[start:end]
    return line.isascii() or all(get_character_cell_size(character) == 1 for character in line)


def _inside(spans: Sequence[tuple[int, int]], offset: int) -> bool:
    """Whether offset lies in one of spans (sorted by start, not overlapping)."""
    index = bisect.bisect_right(spans, offset, key=lambda span: span[0]) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def tint(colour: str) -> str:
    """A darker shade of a code colour, for text backgrounds that keep white text readable."""
    red, green, blue = Color.parse(colour).get_truecolor()
    return f"#{int(red * 0.38):02x}{int(green * 0.38):02x}{int(blue * 0.38):02x}"


def code_colour(colour: str | None, position: int) -> str:
    """A code's own colour, or one from the palette by its position in the codebook."""
    if colour:
        try:
            Color.parse(colour)
            return colour
        except ColorParseError:  # a colour Rich cannot read falls back to the palette, never breaks drawing
            pass
    return PALETTE[position % len(PALETTE)]
