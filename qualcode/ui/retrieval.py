"""RetrievalScreen: every passage coded with a code across the project, filterable by case attribute and coder."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Select, Static

from qualcode.domain.errors import QualcodeError
from qualcode.domain.passages import passage_counts
from qualcode.project import Passage, Project, excerpt

# Fixed parts of a row: cell padding (1 either side of 5 columns) and the vertical scrollbar.
TABLE_CHROME = 5 * 2 + 2
MIN_PASSAGE_WIDTH = 20
# DataTable measures every new cell before it paints, about 0.15 ms a row: the first rows go in at once so the screen
# shows quickly, the rest follow in batches between refreshes (20,000 passages would otherwise freeze it for seconds).
FIRST_ROWS = 1000
BATCH_ROWS = 1000


def speaker_label(passage: Passage) -> str:
    """'Marieke de Vries (beleidsadviseur)'; '(verslag)' for the write-up's own text (a summary or a note)."""
    role = passage.role or ("interviewer" if passage.is_interviewer else None)
    if passage.speaker is None:
        return f"({role})" if role else "(verslag)"
    return f"{passage.speaker} ({role})" if role else passage.speaker


class RetrievalScreen(Screen[tuple[str, int] | None]):
    """The passages of one code (children included); dismisses with (document guid, start) to open one."""

    DEFAULT_CSS = """
    RetrievalScreen #retrieval-header {
        height: auto; max-height: 2; padding: 0 1; background: $boost; text-style: bold;
    }
    RetrievalScreen #retrieval-filters { height: 3; }
    RetrievalScreen #retrieval-filters Select { width: 24; }
    RetrievalScreen #retrieval-hint { width: 1fr; height: 3; padding: 1 1 0 1; color: $text-muted; }
    RetrievalScreen #retrieval-table { height: 1fr; }
    RetrievalScreen #retrieval-detail-frame {
        height: auto; max-height: 9; border-top: solid $primary-background; padding: 0 1;
    }
    RetrievalScreen #retrieval-detail { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so the footer shows it over the table's own enter; it skips itself when a filter has focus.
        Binding("enter", "open", "Open in transcript", id="retrieval.open", priority=True),
        Binding("escape,q", "close", "Close", id="retrieval.close"),
        Binding("f", "focus_filter", "Filter", id="retrieval.filter"),
        Binding("a", "clear_filter", "Clear filter", id="retrieval.clear_filter"),
    ]

    def __init__(self, project: Project, code_key: str | None, *, case: str | None = None, coder: str | None = None,
                 title: str | None = None, include_children: bool = True) -> None:
        super().__init__()
        self.project = project
        self.code_key = code_key
        self.case = case
        self.coder = coder
        self.include_children = include_children
        self.heading = title or (project.codebook().path(code_key) if code_key else "All codes")
        self.passages: list[Passage] = []
        self._attribute_values = project.case_attribute_values()
        # Cases with a document, as the matrix counts them (a case row in cases.csv without an interview is left out).
        self._case_total = len({d.case_name for d in project.documents() if d.case_name is not None})
        self._loaded: tuple[object, ...] | None = None
        self._column_widths = (0, 0, 0, 0)
        self._generation = 0  # bumped by every load, so batches of an older load stop

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="retrieval-header")
        with Horizontal(id="retrieval-filters"):
            yield Select[str](((name, name) for name in self._attribute_values), prompt="attribute",
                              id="retrieval-attribute")
            yield Select[str]((), prompt="value", id="retrieval-value", disabled=True)
            coders = sorted({*self.project.coders(), *([self.coder] if self.coder else [])})
            yield Select[str](((name, name) for name in coders), prompt="all coders", id="retrieval-coder",
                              value=self.coder if self.coder else Select.NULL)
            yield Static("f filter · a clear", id="retrieval-hint")
        yield DataTable[Text](id="retrieval-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="retrieval-detail-frame"):
            yield Static(id="retrieval-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#retrieval-table", DataTable).focus()

    # -- filters -------------------------------------------------------------------------------------------
    def _selected(self, widget_id: str) -> str | None:
        value = self.query_one(widget_id, Select).value
        return value if isinstance(value, str) else None

    def attributes(self) -> dict[str, str] | None:
        name, value = self._selected("#retrieval-attribute"), self._selected("#retrieval-value")
        return {name: value} if name is not None and value is not None else None

    @on(Select.Changed, "#retrieval-attribute")
    def _attribute_changed(self, event: Select.Changed) -> None:
        event.stop()
        values = self.query_one("#retrieval-value", Select)
        name = event.value if isinstance(event.value, str) else None
        values.set_options((value, value) for value in self._attribute_values.get(name or "", []))
        values.disabled = name is None
        self.load()

    @on(Select.Changed, "#retrieval-value")
    @on(Select.Changed, "#retrieval-coder")
    def _filter_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.load()
        if isinstance(event.value, str):
            self.query_one("#retrieval-table", DataTable).focus()

    # -- the table -----------------------------------------------------------------------------------------
    def _widths(self) -> tuple[int, int, int, int]:
        width = self.app.size.width
        case_width = max(10, min(18, width // 9))
        speaker_width = max(14, min(30, width // 6))
        section_width = max(10, min(24, width // 9))
        passage_width = max(MIN_PASSAGE_WIDTH, width - case_width - speaker_width - section_width - 5 - TABLE_CHROME)
        return case_width, speaker_width, passage_width, section_width

    def load(self, *, force: bool = False) -> None:
        """Ask the project for the passages under the current filters and fill the table (the first rows at once)."""
        coder = self._selected("#retrieval-coder")
        attributes = self.attributes()
        query = (coder, tuple(sorted((attributes or {}).items())), self._widths())
        if query == self._loaded and not force:
            return  # a Select posts Changed for values set in code too; do not refill 20,000 rows for nothing
        self._loaded = query
        try:
            self.passages = self.project.passages(self.code_key, include_children=self.include_children,
                                                  case=self.case, attributes=attributes, coder=coder)
        except QualcodeError as error:  # e.g. the code was removed by another coder meanwhile
            self.notify(str(error), title="Cannot retrieve", severity="error", timeout=8)
            self.passages = []
        self._column_widths = case_width, speaker_width, passage_width, section_width = self._widths()
        self._generation += 1
        table = self.query_one("#retrieval-table", DataTable)
        table.clear(columns=True)
        table.add_column("Case", width=case_width, key="case")
        table.add_column("Speaker (role)", width=speaker_width, key="speaker")
        table.add_column("Passage", width=passage_width, key="passage")
        table.add_column("Section", width=section_width, key="section")
        table.add_column("Line", width=5, key="line")
        self._fill(self._generation, 0)
        self._show_header()
        self._show_detail(0 if self.passages else None)

    def _fill(self, generation: int, first: int) -> None:
        """Add the next batch of rows (one add_rows call), unless a newer load has replaced them."""
        if generation != self._generation:
            return
        case_width, speaker_width, passage_width, section_width = self._column_widths
        last = first + (FIRST_ROWS if first == 0 else BATCH_ROWS)
        self.query_one("#retrieval-table", DataTable).add_rows([
            Text(excerpt(p.case_name or "", case_width)),
            Text(excerpt(speaker_label(p), speaker_width)),
            Text(excerpt(p.text, passage_width)),
            Text(excerpt(p.section or "", section_width)),
            Text(str(p.line), justify="right"),
        ] for p in self.passages[first:last])
        if last < len(self.passages):
            self.call_after_refresh(self._fill, generation, last)

    def _show_header(self) -> None:
        cases = len({p.case_name for p in self.passages if p.case_name is not None})
        # The list has a row per coding; passages are counted as the matrix counts them (overlapping codings of a
        # code are one passage), so a cell's count and its list agree, and the header says when the rows are more.
        passages = sum(passage_counts((p.code_key, p.document_guid, p.start, p.end) for p in self.passages).values())
        heading = self.heading if self.case is None else f"{self.heading} · {self.case}"
        parts = [f"{heading} — {passages} {'passage' if passages == 1 else 'passages'} in {cases} of "
                 f"{self._case_total} cases"]
        if passages != len(self.passages):
            parts.append(f"{len(self.passages)} codings")
        for name, value in (self.attributes() or {}).items():
            parts.append(f"{name} = {value}")
        coder = self._selected("#retrieval-coder")
        if coder is not None:
            parts.append(f"coder {coder}")
        self.query_one("#retrieval-header", Static).update(Text(" · ".join(parts)))

    def _show_detail(self, row: int | None) -> None:
        detail = self.query_one("#retrieval-detail", Static)
        if row is None or not 0 <= row < len(self.passages):
            detail.update(Text("No coded passages match." if not self.passages else ""))
            return
        passage = self.passages[row]
        text = Text()
        text.append(passage.document_title, style="bold")
        speaker = speaker_label(passage) or "no speaker"
        text.append(f" · {speaker} · line {passage.line} · {passage.code_name} · coded by {passage.coder}\n",
                    style="dim")
        text.append(passage.text)
        if passage.memo:
            text.append("\nMemo: ", style="bold italic")
            text.append(passage.memo, style="italic")
        detail.update(text)

    @on(DataTable.RowHighlighted, "#retrieval-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def on_resize(self) -> None:
        if self.passages and self._widths() != self._column_widths:
            row = self.query_one("#retrieval-table", DataTable).cursor_row
            self.load()
            self.query_one("#retrieval-table", DataTable).move_cursor(row=row)

    # -- actions -------------------------------------------------------------------------------------------
    def highlighted(self) -> Passage | None:
        row = self.query_one("#retrieval-table", DataTable).cursor_row
        return self.passages[row] if 0 <= row < len(self.passages) else None

    def action_open(self) -> None:
        table = self.query_one("#retrieval-table", DataTable)
        if self.focused is not table:
            raise SkipAction()  # let a focused Select open or pick with enter
        passage = self.highlighted()
        if passage is not None:
            self.dismiss((passage.document_guid, passage.start))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_focus_filter(self) -> None:
        self.query_one("#retrieval-attribute", Select).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#retrieval-value", Select).clear()
        self.query_one("#retrieval-attribute", Select).clear()
        self.load()
        self.query_one("#retrieval-table", DataTable).focus()
