"""SearchScreen (ctrl+f): project-wide lemma search as KWIC lines; enter opens a hit in its transcript, space marks
hits, c codes the marked hits (or the highlighted one) — each coding its own undoable change.

The screen knows only Project and a callback that codes hits (the workbench's, qualcode.ui.search_key), so it
does not import the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Footer, Header, Input, Static

from qualcode.domain.errors import QualcodeError
from qualcode.domain.kwic import cut_left, cut_right
from qualcode.project import Project
from qualcode.project.search import SearchHit, SearchResult

MARK = "✓"
# Rows go into the table in batches between refreshes, as on the retrieval screen: thousands of hits stay responsive.
FIRST_ROWS = 500
BATCH_ROWS = 1000
# (query, compounds, then with the result, failed with the error): a search run elsewhere, answered on the UI thread
Searcher = Callable[[str, bool, Callable[[SearchResult], None], Callable[[Exception], None]], None]


class SearchScreen(Screen[tuple[str, int] | None]):
    """Search every transcript; dismisses with (document guid, start of the hit) to open one in the workbench."""

    DEFAULT_CSS = """
    SearchScreen #search-bar { height: 3; }
    SearchScreen #search-query { width: 1fr; }
    SearchScreen #search-compounds { width: auto; }
    SearchScreen #search-summary { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    SearchScreen #search-table { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open in transcript", id="search.open", priority=True),
        Binding("space", "mark", "Mark", id="search.mark"),
        Binding("A", "mark_all", "Mark all", id="search.mark_all"),
        Binding("c", "code", "Code marked", id="search.code"),
        Binding("slash", "focus_query", "New search", id="search.query"),
        Binding("escape", "close", "Close", id="search.close"),
    ]

    def __init__(self, project: Project, code_hits: Callable[[list[SearchHit]], None], query: str = "",
                 searcher: Searcher | None = None) -> None:
        """code_hits codes hits (the workbench's); searcher, when given, searches off the UI thread (the app's
        writer) and calls back with the result or the error; without it the search runs here."""
        super().__init__()
        self.project = project
        self.code_hits = code_hits
        self.searcher = searcher
        self.query_text = query
        self.result: SearchResult | None = None
        self.marked: set[int] = set()
        self._generation = 0
        self._side = 12  # cells of each context column

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="search-bar"):
            yield Input(self.query_text, placeholder='a word, "a phrase", subsidie*, a | b — enter searches',
                        id="search-query")
            yield Checkbox("compounds", id="search-compounds")
        yield Static(id="search-summary")
        yield DataTable[Text](id="search-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search-summary", Static).update(Text(
            "Type a word: every form of it is found in every transcript (gemeenten finds gemeente).", style="dim"))
        self.query_one("#search-query", Input).focus()
        if self.query_text:
            self.run_search()

    # -- searching -----------------------------------------------------------------------------------------
    @on(Input.Submitted, "#search-query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_text = event.value
        self.run_search()

    @on(Checkbox.Changed, "#search-compounds")
    def _compounds_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if self.query_text.strip():
            self.run_search()

    def run_search(self) -> None:
        """Search for the query, then show the hits (the first rows at once, the rest in batches)."""
        compounds = self.query_one("#search-compounds", Checkbox).value
        self._generation += 1
        generation = self._generation
        if self.searcher is None:
            try:
                result = self.project.search(self.query_text, compounds=compounds)
            except QualcodeError as error:
                self._failed(generation, error)
                return
            self._show(generation, result)
            return
        self.query_one("#search-summary", Static).update(Text(f"Searching for {self.query_text} …", style="dim"))
        self.searcher(self.query_text, compounds, lambda result: self._show(generation, result),
                      lambda error: self._failed(generation, error))

    def _failed(self, generation: int, error: Exception) -> None:
        if generation == self._generation:
            self.notify(str(error), title="Cannot search", severity="error", timeout=8)
            self._show_summary()

    def _show(self, generation: int, result: SearchResult) -> None:
        if generation != self._generation or not self.is_attached:
            return  # a newer search was asked for, or the screen was closed meanwhile
        self.result = result
        self.marked = set()
        table = self.query_one("#search-table", DataTable)
        table.clear(columns=True)
        side = max(12, (self.app.size.width - 44) // 2)
        table.add_column(" ", width=1, key="mark")
        table.add_column("Case", width=14, key="case")
        table.add_column("Speaker", width=14, key="speaker")
        table.add_column("", width=side, key="left")
        table.add_column("Hit", width=max(8, min(24, max((len(h.keyword) for h in self.result.hits), default=8))),
                         key="keyword")
        table.add_column("", width=side, key="right")
        self._side = side
        self._fill(self._generation, 0)
        self._show_summary()
        if self.result.hits:
            table.focus()

    def _fill(self, generation: int, first: int) -> None:
        if generation != self._generation or self.result is None:
            return
        last = first + (FIRST_ROWS if first == 0 else BATCH_ROWS)
        side = self._side
        self.query_one("#search-table", DataTable).add_rows([
            Text(""), Text(cut_right(hit.case or "–", 14)), Text(cut_right(hit.speaker or "?", 14)),
            Text(cut_left(hit.left, side), justify="right"), Text(hit.keyword, style="bold"),
            Text(cut_right(hit.right, side)),
        ] for hit in self.result.hits[first:last])
        if last < len(self.result.hits):
            self.call_after_refresh(self._fill, generation, last)

    def _show_summary(self) -> None:
        result = self.result
        if result is None:
            return
        if not result.hits:
            text = Text(f"No hits for {result.query}.")
            if not self.query_one("#search-compounds", Checkbox).value:
                text.append(" Tick 'compounds' to find the word inside compounds too.", style="dim")
        else:
            cases = ", ".join(f"{name} {count}" for name, count in result.per_case[:12])
            more = " …" if len(result.per_case) > 12 else ""
            text = Text(f"{len(result.hits)} hits in {len(result.per_case)} cases: ", style="bold")
            text.append(cases + more)
            if self.marked:
                text.append(f" · {len(self.marked)} marked", style="bold")
        self.query_one("#search-summary", Static).update(text)

    # -- actions -------------------------------------------------------------------------------------------
    def _table_focused(self) -> DataTable[Text]:
        table: DataTable[Text] = self.query_one("#search-table", DataTable)
        if self.focused is not table:
            raise SkipAction()  # keys typed into the query stay there
        return table

    def highlighted(self) -> SearchHit | None:
        table = self.query_one("#search-table", DataTable)
        if self.result is None or not 0 <= table.cursor_row < len(self.result.hits):
            return None
        return self.result.hits[table.cursor_row]

    def action_open(self) -> None:
        self._table_focused()
        hit = self.highlighted()
        if hit is not None:
            self.dismiss((hit.document_guid, hit.start))

    def action_mark(self) -> None:
        table = self._table_focused()
        if self.highlighted() is None:
            return
        row = table.cursor_row
        self.marked.symmetric_difference_update({row})
        table.update_cell_at(Coordinate(row, 0), Text(MARK if row in self.marked else "", style="bold"))
        if row + 1 < table.row_count:
            table.move_cursor(row=row + 1)
        self._show_summary()

    def action_mark_all(self) -> None:
        table = self._table_focused()
        if self.result is None:
            return
        every = set(range(len(self.result.hits)))
        self.marked = set() if self.marked == every else every
        for row in range(table.row_count):
            table.update_cell_at(Coordinate(row, 0), Text(MARK if row in self.marked else "", style="bold"))
        self._show_summary()

    def action_code(self) -> None:
        self._table_focused()
        if self.result is None:
            return
        hits = [self.result.hits[row] for row in sorted(self.marked)]
        if not hits:
            hit = self.highlighted()
            hits = [hit] if hit is not None else []
        if hits:
            self.code_hits(hits)

    def action_focus_query(self) -> None:
        self._table_focused()
        self.query_one("#search-query", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)
