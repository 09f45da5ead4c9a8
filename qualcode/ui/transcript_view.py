"""The transcript widget: a ScrollView on the Line API that draws only the visible rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from qualcode.ui.selection import Selection
from qualcode.ui.transcript_layout import GUTTER_WIDTH, CodedSpan, DocumentLayout, SuggestedSpan, TurnSpan


@dataclass(frozen=True)
class ShownDocument:
    """Everything the view needs to draw one document (plain data, read from the Project by the screen)."""

    guid: str
    text: str
    sentences: Sequence[tuple[int, int]]
    turns: Sequence[TurnSpan]
    sections: Sequence[tuple[str, int, int]]
    body_start: int
    suggestions: Sequence[SuggestedSpan] = ()  # pending code suggestions, drawn muted beside their sentences


class TranscriptView(ScrollView, can_focus=True):
    """Shows a transcript exactly as stored, with codings, the selection and find results drawn over it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Next", id="cursor.next"),
        Binding("up,k", "move(-1)", "Previous", show=False, id="cursor.previous"),
        Binding("shift+down,J", "extend(1)", "Grow", id="select.grow"),
        Binding("shift+up,K", "extend(-1)", "Shrink", show=False, id="select.shrink"),
        Binding("t", "select_turn", "Turn", id="select.turn"),
        Binding("v", "free", "Free select", show=False, id="select.free"),
        Binding("shift+right", "end(1, False)", "End +char", show=False, id="select.end_right"),
        Binding("shift+left", "end(-1, False)", "End -char", show=False, id="select.end_left"),
        Binding("ctrl+shift+right", "end(1, True)", "End +word", show=False, id="select.end_word_right"),
        Binding("ctrl+shift+left", "end(-1, True)", "End -word", show=False, id="select.end_word_left"),
        Binding("greater_than_sign", "start(1)", "Start +word", show=False, id="select.start_word_right"),
        Binding("less_than_sign", "start(-1)", "Start -word", show=False, id="select.start_word_left"),
        Binding("escape", "collapse", "Sentence", show=False, id="select.collapse"),
        Binding("g,home", "top", "Top", show=False, id="cursor.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="cursor.bottom"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="cursor.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="cursor.page_up"),
    ]

    DEFAULT_CSS = """
    TranscriptView { background: $surface; }
    TranscriptView:focus { background-tint: $foreground 3%; }
    """

    class SelectionChanged(Message):
        """The cursor or the selection moved."""

        def __init__(self, start: int, end: int) -> None:
            super().__init__()
            self.start = start
            self.end = end

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: ShownDocument | None = None
        self.layout_: DocumentLayout | None = None
        self.selection = Selection("", (), ())

    # -- data ----------------------------------------------------------------------------------------------
    def show(self, document: ShownDocument, codings: Sequence[CodedSpan], cursor_offset: int | None = None) -> None:
        """Show a document; the cursor goes to cursor_offset or to the first sentence."""
        self.document = document
        turns = [(turn.start, turn.end) for turn in document.turns]
        self.selection = Selection(document.text, document.sentences, turns)
        # Before the first layout the view has no size yet: guess from the screen rather than wrap twice.
        width = self.scrollable_content_region.width or self.app.size.width // 2
        self.layout_ = DocumentLayout(document.text, document.turns, document.sections, document.body_start,
                                      width=max(width, 40))
        self.layout_.set_codings(codings)
        self.layout_.set_suggestions(document.suggestions)
        self.virtual_size = Size(self.layout_.width, len(self.layout_.rows))
        self.scroll_to(0, 0, animate=False, immediate=True)
        if cursor_offset is not None:
            self.selection.go_to_offset(cursor_offset)
            # The first layout pass may not have happened yet: scroll once the view has its real size.
            self.call_after_refresh(self._scroll_to_selection, center=True)
        self._selection_moved(scroll=False)
        self.refresh()

    def set_codings(self, codings: Sequence[CodedSpan]) -> None:
        """Show new codings, repainting only the rows of codings that came, went or changed."""
        if self.layout_ is None:
            return
        before = {coding.guid: coding for coding in self.layout_.codings}
        after = {coding.guid: coding for coding in codings}
        changed = [c for guid, c in before.items() if after.get(guid) != c]
        changed += [c for guid, c in after.items() if before.get(guid) != c]
        self.layout_.set_codings(codings)
        self._refresh_spans([(c.start, c.end) for c in changed])

    def set_found(self, spans: Sequence[tuple[int, int]]) -> None:
        if self.layout_ is not None:
            self.layout_.found = sorted(spans)
            self.refresh()

    @property
    def span(self) -> tuple[int, int]:
        return self.selection.span

    def codings_under_cursor(self) -> list[CodedSpan]:
        """Codings overlapping the selection (or the cursor sentence)."""
        if self.layout_ is None:
            return []
        start, end = self.selection.span
        return self.layout_.codings_at(start, end)

    def go_to_offset(self, offset: int) -> None:
        self.selection.go_to_offset(offset)
        self._selection_moved(center=True)

    # -- drawing -------------------------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        if self.layout_ is not None and self.layout_.width != max(self.scrollable_content_region.width, 40):
            self.layout_.wrap(max(self.scrollable_content_region.width, 40))
            self.virtual_size = Size(self.layout_.width, len(self.layout_.rows))
            self._scroll_to_selection()
            self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        width = self.scrollable_content_region.width
        layout = self.layout_
        if layout is None or row >= len(layout.rows):
            return Strip.blank(width, self.rich_style)
        strip = Strip(layout.segments(row), layout.width)
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style).apply_style(self.rich_style)

    # -- actions -------------------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self.selection.move(step)
        self._selection_moved()

    def action_extend(self, step: int) -> None:
        self.selection.extend(step)
        self._selection_moved()

    def action_select_turn(self) -> None:
        self.selection.select_turn()
        self._selection_moved()

    def action_free(self) -> None:
        self.selection.start_free()
        self._selection_moved()

    def action_end(self, step: int, by_word: bool) -> None:
        self.selection.move_end(step, by_word=by_word)
        self._selection_moved(follow_end=True)

    def action_start(self, step: int) -> None:
        self.selection.move_start(step, by_word=True)
        self._selection_moved()

    def action_collapse(self) -> None:
        self.selection.collapse()
        self._selection_moved()

    def action_top(self) -> None:
        self.selection.go_to(0)
        self._selection_moved()

    def action_bottom(self) -> None:
        self.selection.go_to(len(self.selection.sentences) - 1)
        self._selection_moved()

    def action_page(self, direction: int) -> None:
        if self.layout_ is None:
            return
        row = self.layout_.row_of(self.selection.span[0]) + direction * max(self.size.height - 2, 1)
        row = min(max(row, 0), len(self.layout_.rows) - 1)
        self.selection.go_to_offset(self.layout_.rows[row].start)
        self._selection_moved()

    def on_click(self, event: events.Click) -> None:
        if self.layout_ is None:
            return
        offset = self.layout_.offset_at(int(self.scroll_offset.y) + event.y, event.x - GUTTER_WIDTH)
        self.selection.go_to_offset(offset)
        self._selection_moved()

    # -- helpers -------------------------------------------------------------------------------------------
    def _selection_moved(self, *, center: bool = False, follow_end: bool = False, scroll: bool = True) -> None:
        start, end = self.selection.span
        if self.layout_ is not None:
            previous = self.layout_.selection
            self.layout_.selection = (start, end)
            # Repaint the rows the old and the new selection cover; a scroll repaints what it needs itself.
            self._refresh_spans([previous, (start, end)])
            if scroll:
                self._scroll_to_selection(center=center, follow_end=follow_end)
        self.post_message(self.SelectionChanged(start, end))

    def _refresh_spans(self, spans: Sequence[tuple[int, int]]) -> None:
        """Repaint only the rows that show these spans of text (a full repaint costs a whole frame)."""
        layout = self.layout_
        if layout is None:
            return
        rows: set[int] = set()
        for start, end in spans:
            first, last = layout.row_of(start), layout.row_of(max(start, end - 1))
            rows.update(range(first, last + 1))
            if len(rows) > self.size.height:
                self.refresh()
                return
        for row in sorted(rows):
            self.refresh_line(row)

    def _scroll_to_selection(self, *, center: bool = False, follow_end: bool = False) -> None:
        """Keep the part of the selection that just moved on screen."""
        layout = self.layout_
        if layout is None or not layout.rows:
            return
        start, end = self.selection.focus
        first = layout.row_of(start)
        last = layout.row_of(max(start, end - 1))
        if follow_end:
            first = last
        region = Region(0, first, 1, min(last - first + 1, max(self.size.height, 1)))
        self.scroll_to_region(region, animate=False, immediate=True, center=center, force=True)
