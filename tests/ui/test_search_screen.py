"""Search in the workbench (issue 15): / counts n of N and steps word by word; ctrl+f searches every transcript,
lists KWIC lines, opens a hit in its transcript and codes marked hits, each coding its own undoable change."""

from __future__ import annotations

import re

from textual.pilot import Pilot
from textual.widgets import DataTable
from waiting import SpiedApp, run_app, wait_until

from qualcode.project import Project
from qualcode.ui.modals import CodePicker
from qualcode.ui.search_screen import SearchScreen
from qualcode.ui.transcript_view import TranscriptView
from qualcode.ui.workbench import WorkbenchScreen

CODER = "zoeker"
SIZE = (140, 40)


def _run(project: Project, steps) -> SpiedApp:  # type: ignore[no-untyped-def]
    return run_app(project, CODER, steps, SIZE)


def _bench(app: SpiedApp) -> WorkbenchScreen:
    screen = app.workbench()
    assert screen is not None
    return screen


async def _search(app: SpiedApp, pilot: Pilot[None], query: str, hits: int) -> SearchScreen:
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
    await pilot.press(*query, "enter")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await wait_until(pilot, lambda: screen.query_one("#search-table", DataTable).row_count == hits, "every hit listed")
    return screen


def _mine(project: Project) -> set[tuple[str, int, int, str]]:
    return {(c.document_guid, c.start, c.end, c.code_key) for c in project.codings() if c.coder == CODER}


def test_slash_finds_words_and_counts_n_of_n(demo: Project) -> None:
    seen: list[tuple[int, int]] = []

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"gemeenten", "enter")
        bench = _bench(app)
        assert bench.data is not None and len(bench.found) >= 2
        text = bench.data.shown.text
        # every match is a word (gemeente or gemeenten), never the whole sentence it stands in
        assert {text[s:e].lower() for s, e in bench.found} == {"gemeente", "gemeenten"}
        seen.append((bench.found_index, len(bench.found)))
        await pilot.press("f3")
        seen.append((bench.found_index, len(bench.found)))
        view = bench.query_one(TranscriptView)
        assert view.selection.cursor == view.selection.sentence_at(bench.found[bench.found_index][0])

    app = _run(demo, steps)
    (first, total), (second, _) = seen
    assert second == (first + 1) % total
    notes = " | ".join(app.notified)
    assert f"{first + 1} of {total} matches for 'gemeenten'" in notes
    assert f"{second + 1} of {total} matches for 'gemeenten'" in notes


def test_ctrl_f_lists_kwic_lines_and_opens_a_hit(demo: Project) -> None:
    expected = demo.search("gemeenten")
    hit = expected.hits[2]

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        screen = await _search(app, pilot, "gemeenten", len(expected.hits))
        assert screen.result is not None and screen.result.per_case == expected.per_case
        table = screen.query_one("#search-table", DataTable)
        row = table.get_row_at(2)
        assert row[4].plain == hit.keyword and re.fullmatch("…?" + re.escape(row[3].plain.lstrip("…")), hit.left)
        await pilot.press("down", "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkbenchScreen), "back in the workbench")
        bench = _bench(app)
        assert bench.data is not None and bench.data.shown.guid == hit.document_guid
        selection = bench.query_one(TranscriptView).selection
        assert selection.cursor == selection.sentence_at(hit.start)

    _run(demo, steps)


def test_marked_hits_are_coded_each_as_an_undoable_change(demo: Project) -> None:
    expected = demo.search("netcongestie").hits
    assert len(expected) >= 3
    before = _mine(demo)
    marked = {(hit.document_guid, hit.sentence_start, hit.sentence_end) for hit in (expected[0], expected[2])}

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        screen = await _search(app, pilot, "netcongestie", len(expected))
        await pilot.press("space", "down", "space")  # mark the first and the third hit
        assert screen.marked == {0, 2}
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CodePicker), "the code picker")
        await pilot.press(*"helder mandaat", "enter")
        await wait_until(pilot, lambda: len(_mine(demo)) == len(before) + len(marked), "the codings stored")

    app = _run(demo, steps)
    assert _mine(demo) - before == {(guid, start, end, "ambitie.mandaat") for guid, start, end in marked}
    assert any(f"Coded {len(marked)} passage" in note for note in app.notified)
    demo.undo(CODER)  # one undo takes back one of them
    assert len(_mine(demo) - before) == len(marked) - 1
