"""MatrixScreen: coded passages counted per case (rows) and code (columns), filtered by code type; enter retrieves.

A cell counts passages as every report does (domain.passages: overlapping codings of one code are one passage). Counts
are shaded as the synthesis's heat map shades them (reporting.charts_draw owns the classes and colours, so screen and
report agree): the darker the cell, the more passages.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from qualcode.domain.errors import QualcodeError
from qualcode.domain.model import CodeType
from qualcode.project import NO_CASE, CaseCodeMatrix, CodeRow, Project, excerpt
from qualcode.reporting.charts_draw import class_colour, colour_classes, ink_on
from qualcode.ui.retrieval import RetrievalScreen

CASE_WIDTH = 22
CODE_WIDTH = 10  # fits "12 van 40" in the last row and a badge with a shortened name in the header
TOTAL_LABEL = "cases with code"


def heat_cell(count: int, classes: list[tuple[int, int]]) -> Text:
    """A count right-aligned on its heat-map shade across the cell (none for an empty cell), black or white ink."""
    if not count:
        return Text("", justify="right")
    fill = class_colour(count, classes)
    return Text(str(count).rjust(CODE_WIDTH), justify="right", style=f"{ink_on(fill)} on {fill}")


class MatrixScreen(Screen[tuple[str, int] | None]):
    """Cases × codes; dismisses with (document guid, start) when a passage opened from a cell is to be shown."""

    DEFAULT_CSS = """
    MatrixScreen #matrix-header { height: 1; padding: 0 1; background: $boost; text-style: bold; }
    MatrixScreen #matrix-table { height: 1fr; }
    MatrixScreen #matrix-cell { height: 2; padding: 0 1; border-top: solid $primary-background; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so the footer shows it over the table's own (hidden) enter binding.
        Binding("enter", "open", "Passages", id="matrix.open", priority=True),
        Binding("t", "next_type", "Type", id="matrix.type"),
        Binding("escape,q", "close", "Close", id="matrix.close"),
    ]

    def __init__(self, project: Project, *, coder: str | None = None) -> None:
        super().__init__()
        self.project = project
        self.coder = coder
        self.types: list[CodeType] = list(project.codebook().types)
        self.type_index = 0  # 0 is every type, then one per CodeType in the codebook
        self.matrix = CaseCodeMatrix(cases=[], codes=[], counts={}, documents_per_case={})

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="matrix-header")
        yield DataTable[Text](id="matrix-table", cursor_type="cell", fixed_columns=1, zebra_stripes=True)
        yield Static(id="matrix-cell")
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        table = self.query_one("#matrix-table", DataTable)
        table.focus()
        if self.matrix.codes:
            table.move_cursor(row=0, column=1)  # start on a count, not on a case name

    @property
    def code_type(self) -> CodeType | None:
        return self.types[self.type_index - 1] if self.type_index else None

    @property
    def real_cases(self) -> list[str]:
        return [case for case in self.matrix.cases if case != NO_CASE]

    def badge(self, row: CodeRow) -> str:
        return next((t.badge for t in self.types if t.key == row.type), "")

    def load(self) -> None:
        code_type = self.code_type
        try:
            self.matrix = self.project.case_code_matrix(code_type=code_type.key if code_type else None,
                                                        coder=self.coder)
        except QualcodeError as error:
            self.notify(str(error), title="Cannot count passages", severity="error", timeout=8)
        matrix = self.matrix
        table = self.query_one("#matrix-table", DataTable)
        table.clear(columns=True)
        table.add_column("Case", width=CASE_WIDTH, key="case")
        for code in matrix.codes:
            label = f"{self.badge(code)} {code.name}".strip()
            table.add_column(Text(excerpt(label, CODE_WIDTH)), width=CODE_WIDTH, key=code.key)
        rows: list[list[Text]] = []
        classes = colour_classes(max(matrix.counts.values(), default=0))
        for case in matrix.cases:
            documents = matrix.documents_per_case.get(case, 0)
            cells = [Text(excerpt(f"{case} ({documents} {'doc' if documents == 1 else 'docs'})", CASE_WIDTH))]
            for code in matrix.codes:
                count = matrix.counts.get((case, code.key), 0)
                cells.append(heat_cell(count, classes))
            rows.append(cells)
        real_cases = self.real_cases
        totals = [Text(TOTAL_LABEL, style="bold")]
        for code in matrix.codes:
            with_code = sum(1 for case in real_cases if matrix.counts.get((case, code.key), 0))
            totals.append(Text(f"{with_code} van {len(real_cases)}", justify="right", style="bold"))
        rows.append(totals)
        table.add_rows(rows)
        self._show_header()
        self._show_cell(table.cursor_row, table.cursor_column)

    def _show_header(self) -> None:
        code_type = self.code_type
        kind = f"{code_type.badge} {code_type.label} ({code_type.label_en})" if code_type else "all types"
        following = self.types[self.type_index] if self.type_index < len(self.types) else None
        coded = sum(self.matrix.counts.values())
        parts = [f"Cases × codes — {kind}", f"{len(self.matrix.codes)} codes",
                 f"{coded} {'passage' if coded == 1 else 'passages'}", "darker: more passages",
                 f"t: {following.label if following else 'all types'}"]
        if self.coder:
            parts.insert(1, f"coder {self.coder}")
        self.query_one("#matrix-header", Static).update(Text(" · ".join(parts), no_wrap=True, overflow="ellipsis"))

    def target(self, row: int, column: int) -> tuple[str | None, str | None]:
        """Return (case, code key) under a cell; None for 'every case' (last row) or 'every code' (first column)."""
        case = self.matrix.cases[row] if 0 <= row < len(self.matrix.cases) else None
        code = self.matrix.codes[column - 1] if 1 <= column <= len(self.matrix.codes) else None
        return case, code.key if code else None

    def count(self, case: str | None, code_key: str | None) -> int:
        """Passages under a cell, a case (first column) or a code (last row) as the matrix shows them."""
        return sum(n for (row_case, key), n in self.matrix.counts.items()
                   if case in (None, row_case) and code_key in (None, key))

    def _show_cell(self, row: int, column: int) -> None:
        case, code_key = self.target(row, column)
        code = next((code for code in self.matrix.codes if code.key == code_key), None)
        if not self.matrix.codes:
            text = "No codes of this type have codings yet."
        elif code is None and case is None:
            text = "Cases with at least one coded passage of the code in each column."
        elif code is None:
            text = f"{case}: enter shows every passage coded in this case."
        else:
            kind = next((t.label for t in self.types if t.key == code.type), "theme")
            where = case if case is not None else "all cases"
            count = self.count(case, code.key)
            text = f"{where} × {code.name} ({kind}): {count} passage{'' if count == 1 else 's'}"
        self.query_one("#matrix-cell", Static).update(Text(text))

    @on(DataTable.CellHighlighted, "#matrix-table")
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._show_cell(event.coordinate.row, event.coordinate.column)

    # -- actions -------------------------------------------------------------------------------------------
    def action_next_type(self) -> None:
        self.type_index = (self.type_index + 1) % (len(self.types) + 1)
        self.load()

    def action_open(self) -> None:
        table = self.query_one("#matrix-table", DataTable)
        if self.focused is not table:
            raise SkipAction()
        case, code_key = self.target(table.cursor_row, table.cursor_column)
        if case is None and code_key is None:
            return
        if not self.count(case, code_key):
            self.notify("No coded passages here.", timeout=2)
            return
        # A cell counts passages of its own code, so the passages shown leave out the code's children.
        screen = RetrievalScreen(self.project, code_key, case=case, coder=self.coder, include_children=False)
        self.app.push_screen(screen, self._opened)

    def _opened(self, jump: tuple[str, int] | None) -> None:
        if jump is not None:
            self.dismiss(jump)

    def action_close(self) -> None:
        self.dismiss(None)
