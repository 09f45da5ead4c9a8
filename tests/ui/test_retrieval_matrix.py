"""The retrieval and matrix screens on a small coded project: rows, cells, filters, type cycling and jumps."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static
from waiting import wait_until

from qualcode.project import Project
from qualcode.ui import retrieval as retrieval_module
from qualcode.ui.matrix import MatrixScreen
from qualcode.ui.retrieval import RetrievalScreen

CODEBOOK = """\
name: Retrieval
codes:
  - id: ambitie
    name: Ambitie en beleid
    children:
      - id: ambitie.routekaart
        name: Vastgestelde routekaart geeft richting
        type: opportunity
        children:
          - id: ambitie.routekaart.raad
            name: De raad stelt vast
            type: opportunity
      - id: ambitie.draagvlak
        name: Gebrek aan bestuurlijk draagvlak
        type: barrier
  - id: geld
    name: Financiën
    children:
      - id: geld.budget
        name: Geen budget
        type: barrier
"""

TRANSCRIPTS = {
    "westerbroek.txt": """\
Gemeente: Westerbroek
Gesprekspartner: Marieke de Vries
Functie: beleidsadviseur duurzaamheid
Interviewer: Sanne Bakker

1. Ambities

Sanne: Hoe zou je de ambitie omschrijven?

Marieke: De raad heeft een routekaart vastgesteld.   Dat geeft ons richting.

Marieke: Voor de sporthal hebben wij geen budget [nog].
""",
    "hoogveen.txt": """\
Gemeente: Hoogveen
Gesprekspartner: Els Verhoef
Functie: beleidsmedewerker energie

Els: Onze gemeente heeft geen routekaart. Er is geen geld.
""",
    "lindewaard.txt": """\
Gemeente: Lindewaard
Gesprekspartner: Piet Bos
Functie: wethouder

Piet: De routekaart ligt bij de raad.
""",
}

CASES = "gemeente,provincie\nWesterbroek,Groningen\nHoogveen,Drenthe\nLindewaard,Drenthe\n"
ROUTEKAART = "De raad heeft een routekaart vastgesteld.   Dat geeft ons richting."
SIZE = (120, 36)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    source = tmp_path / "bron"
    source.mkdir()
    for name, text in TRANSCRIPTS.items():
        (source / name).write_text(text, encoding="utf-8")
    (tmp_path / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    (tmp_path / "cases.csv").write_text(CASES, encoding="utf-8")
    with Project.init(tmp_path / "studie") as opened:
        assert not opened.import_transcripts([source]).failed
        opened.load_codebook(tmp_path / "codeboek.yaml")
        opened.load_cases(tmp_path / "cases.csv")
        code(opened, "Westerbroek", ROUTEKAART, "ambitie.routekaart", memo="Raadsbesluit 2023")
        code(opened, "Westerbroek", "raad heeft", "ambitie.routekaart.raad", coder="bob")
        code(opened, "Westerbroek", "geen budget [nog]", "geld.budget")
        code(opened, "Hoogveen", "Er is geen geld.", "geld.budget")
        code(opened, "Lindewaard", "De routekaart ligt bij de raad.", "ambitie.routekaart")
        yield opened


def guid(project: Project, case: str) -> str:
    return next(d.guid for d in project.documents() if d.case_name == case)


def offset(project: Project, case: str, phrase: str) -> int:
    return project.document_text(guid(project, case)).index(phrase)


def code(project: Project, case: str, phrase: str, key: str, *, coder: str = "anna", memo: str | None = None) -> None:
    start = offset(project, case, phrase)
    project.apply_coding(guid(project, case), start, start + len(phrase), key, coder, memo=memo)


class Host(App[None]):
    """Pushes one screen and keeps what it dismisses with."""

    def __init__(self, screen: Screen[tuple[str, int] | None]) -> None:
        super().__init__()
        self.first = screen
        self.results: list[tuple[str, int] | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.results.append)


def rows(table: DataTable[object]) -> list[list[str]]:
    return [[str(getattr(cell, "plain", cell)).strip() for cell in table.get_row_at(index)]
            for index in range(table.row_count)]


def is_clipped(cell: str, full: str) -> bool:
    return cell.endswith("…") and len(cell) > 8 and full.startswith(cell[:-1])


def static_text(screen: Screen[object], selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def test_retrieval_lists_every_passage_of_a_code_and_its_children(project: Project) -> None:
    async def scenario() -> None:
        app = Host(RetrievalScreen(project, "ambitie.routekaart"))
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            table = screen.query_one("#retrieval-table", DataTable)
            shown = rows(table)
            assert shown[0] == ["Lindewaard", "Piet Bos (wethouder)", "De routekaart ligt bij de raad.", "", "5"]
            assert [row[:1] + row[2:] for row in shown[1:]] == [
                ["Westerbroek", shown[1][2], "1. Ambities", "10"], ["Westerbroek", "raad heeft", "1. Ambities", "10"]]
            # Long cells are cut with an ellipsis; the passage is shown with its whitespace collapsed.
            assert is_clipped(shown[1][1], "Marieke de Vries (beleidsadviseur duurzaamheid)")
            assert is_clipped(shown[1][2], "De raad heeft een routekaart vastgesteld. Dat geeft ons richting.")
            assert static_text(screen, "#retrieval-header").startswith(
                "Ambitie en beleid › Vastgestelde routekaart geeft richting — 3 passages in 2 of 3 cases")
            await pilot.press("down")
            detail = static_text(screen, "#retrieval-detail")
            assert ROUTEKAART in detail  # the exact text, spaces kept, below the table
            assert "Westerbroek – Marieke de Vries" in detail and "anna" in detail and "Raadsbesluit 2023" in detail
            await pilot.press("enter")
            assert app.results == [(guid(project, "Westerbroek"), offset(project, "Westerbroek", ROUTEKAART))]

    asyncio.run(scenario())


def test_retrieval_attribute_filter_narrows_and_a_clears(project: Project) -> None:
    async def scenario() -> None:
        app = Host(RetrievalScreen(project, "ambitie"))
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            table = screen.query_one("#retrieval-table", DataTable)
            assert table.row_count == 3
            screen.query_one("#retrieval-attribute", Select).value = "provincie"
            values = screen.query_one("#retrieval-value", Select)
            await wait_until(pilot, lambda: not values.disabled, "the values of provincie offered")
            values.value = "Drenthe"
            await wait_until(pilot, lambda: table.row_count == 1, "the passages narrowed to Drenthe")
            assert [row[0] for row in rows(table)] == ["Lindewaard"]
            assert "provincie = Drenthe" in static_text(screen, "#retrieval-header")
            await pilot.press("a")
            assert table.row_count == 3
            await pilot.press("escape")
            assert app.results == [None]

    asyncio.run(scenario())


def test_retrieval_shows_brackets_literally_and_filters_by_coder_and_case(project: Project) -> None:
    async def scenario() -> None:
        app = Host(RetrievalScreen(project, "geld.budget", case="Westerbroek"))
        async with app.run_test(size=SIZE):
            table = app.screen.query_one("#retrieval-table", DataTable)
            assert [row[2] for row in rows(table)] == ["geen budget [nog]"]
        app = Host(RetrievalScreen(project, "ambitie.routekaart", coder="bob"))
        async with app.run_test(size=SIZE):
            table = app.screen.query_one("#retrieval-table", DataTable)
            assert [row[2] for row in rows(table)] == ["raad heeft"]

    asyncio.run(scenario())


def test_retrieval_adds_many_rows_in_batches_in_order(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retrieval_module, "FIRST_ROWS", 2)
    monkeypatch.setattr(retrieval_module, "BATCH_ROWS", 1)

    async def scenario() -> None:
        app = Host(RetrievalScreen(project, None))
        async with app.run_test(size=SIZE) as pilot:
            table = app.screen.query_one("#retrieval-table", DataTable)
            # One row per batch, each added after a refresh: wait for the last batch rather than for time.
            await wait_until(pilot, lambda: table.row_count >= 5, "all five rows added")
            assert [row[0] for row in rows(table)] == ["Hoogveen", "Lindewaard", "Westerbroek", "Westerbroek",
                                                       "Westerbroek"]
            assert rows(table)[-1][2] == "geen budget [nog]"
            table.move_cursor(row=4)
            await pilot.press("enter")
            assert app.results == [(guid(project, "Westerbroek"), offset(project, "Westerbroek", "geen budget"))]

    asyncio.run(scenario())


def test_matrix_counts_type_filter_and_cell_retrieval(project: Project) -> None:
    async def scenario() -> None:
        app = Host(MatrixScreen(project))
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            table = screen.query_one("#matrix-table", DataTable)
            assert [column.label.plain for column in table.ordered_columns] == [
                "Case", "K Vastges…", "K De raad…", "B Gebrek …", "B Geen bu…"]
            assert rows(table) == [
                ["Hoogveen (1 doc)", "", "", "", "1"],
                ["Lindewaard (1 doc)", "1", "", "", ""],
                ["Westerbroek (1 doc)", "1", "1", "", "1"],
                ["cases with code", "2 van 3", "1 van 3", "0 van 3", "2 van 3"],
            ]
            # Counts are shaded as the synthesis's heat map shades them; an empty cell is not shaded.
            from qualcode.reporting.charts_draw import EMPTY, class_colour, colour_classes

            cells = table.get_row_at(2)
            assert str(cells[1].style).endswith(f"on {class_colour(1, colour_classes(1))}")
            assert not str(table.get_row_at(0)[1].style) and class_colour(0, colour_classes(1)) == EMPTY
            assert "darker: more passages" in static_text(screen, "#matrix-header")

            # The cell counts the code alone, so its passages leave out the child code's.
            table.move_cursor(row=2, column=1)
            await pilot.press("enter")
            retrieval = app.screen
            assert isinstance(retrieval, RetrievalScreen)
            passages = rows(retrieval.query_one("#retrieval-table", DataTable))
            assert len(passages) == 1
            assert is_clipped(passages[0][2], "De raad heeft een routekaart vastgesteld. Dat geeft ons richting.")
            await pilot.press("escape")
            assert app.screen is screen and app.results == []
            table.move_cursor(row=0, column=1)  # Hoogveen has no codings of the routekaart
            await pilot.press("enter")
            assert app.screen is screen

            await pilot.press("t")
            assert [column.label.plain for column in table.ordered_columns] == ["Case", "B Gebrek …", "B Geen bu…"]
            assert "belemmering" in static_text(screen, "#matrix-header")
            assert rows(table)[0] == ["Hoogveen (1 doc)", "", "1"]
            table.move_cursor(row=2, column=2)
            await pilot.press("enter")
            retrieval = app.screen
            assert isinstance(retrieval, RetrievalScreen)
            assert [row[2] for row in rows(retrieval.query_one("#retrieval-table", DataTable))] == ["geen budget [nog]"]
            await pilot.press("enter")
            assert app.results == [(guid(project, "Westerbroek"), offset(project, "Westerbroek", "geen budget"))]

    asyncio.run(scenario())


def test_a_matrix_cell_and_its_list_count_the_same_passages(project: Project) -> None:
    # A second coder's coding inside anna's routekaart coding in Westerbroek: one passage, two codings.
    code(project, "Westerbroek", "een routekaart vastgesteld", "ambitie.routekaart", coder="bob")

    async def scenario() -> None:
        app = Host(MatrixScreen(project))
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            table = screen.query_one("#matrix-table", DataTable)
            assert rows(table)[2][1] == "1"  # Westerbroek × routekaart: one passage, as table matrix counts it
            assert "codings" not in static_text(screen, "#matrix-header")
            table.move_cursor(row=2, column=1)
            await pilot.pause()
            assert static_text(screen, "#matrix-cell").endswith(": 1 passage")
            await pilot.press("enter")
            retrieval = app.screen
            assert isinstance(retrieval, RetrievalScreen)
            assert len(rows(retrieval.query_one("#retrieval-table", DataTable))) == 2  # a row per coding
            header = static_text(retrieval, "#retrieval-header")
            assert "— 1 passage in 1 of 3 cases · 2 codings" in header

    asyncio.run(scenario())
