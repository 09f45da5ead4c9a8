"""'Use as quote' (Q) in the workbench: the coding under the cursor becomes a chosen quote, stored by the writer as
one undoable event; Q again takes it back; with several codings the chooser asks which; no coding is a warning."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from waiting import SpiedApp, run_app, wait_until

from qualcode.project import Project
from qualcode.ui.modals import Chooser
from qualcode.ui.transcript_view import TranscriptView
from qualcode.ui.workbench import WorkbenchScreen

CODER = "lies"
SIZE = (140, 40)


def run(project: Project, steps: Callable[[SpiedApp, Pilot[None]], Awaitable[None]]) -> SpiedApp:
    return run_app(project, CODER, steps, SIZE)


def view(app: SpiedApp) -> TranscriptView:
    screen = app.workbench()
    assert isinstance(screen, WorkbenchScreen)
    return screen.query_one(TranscriptView)


def chosen(project: Project) -> list[str]:
    return [quote.coding_guid for quote in project.chosen_quotes()]


def test_q_chooses_the_coding_under_the_cursor_and_q_again_unchooses_it(demo: Project) -> None:
    guid = demo.document_progress(None)[0].guid
    first = demo.sentences(guid)[0]
    # One coding of the first sentence, so that Q needs no chooser; the demo's own codings there are removed.
    for coding in demo.codings(guid):
        if coding.start < first[1] and coding.end > first[0]:
            demo.remove_coding(coding.guid, coding.coder)
    coding = demo.apply_coding(guid, first[0], first[1], "ambitie.routekaart", "sanne")

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        assert [c.guid for c in view(app).codings_under_cursor()] == [coding.guid]
        await pilot.press("Q")
        await wait_until(pilot, lambda: any("Quoted first" in m for m in app.notified), "the choice stored")
        assert chosen(demo) == [coding.guid]
        await pilot.press("Q")
        await wait_until(pilot, lambda: any("No longer a chosen quote" in m for m in app.notified), "unchosen")

    app = run(demo, steps)
    assert chosen(demo) == []
    assert "Vastgestelde routekaart geeft richting" in " | ".join(app.notified)
    events = demo.store.events(2)
    assert [e.action for e in events] == ["choose_quote", "choose_quote"] and events[0].coder == CODER
    undone = demo.undo(CODER)  # the last choice (unchoosing) undone: chosen again
    assert undone is not None and chosen(demo) == [coding.guid]


def test_q_asks_which_coding_when_there_are_several_and_warns_without_one(demo: Project) -> None:
    guid = demo.document_progress(None)[0].guid
    first = demo.sentences(guid)[0]
    under = [c for c in demo.codings(guid) if c.start < first[1] and c.end > first[0]]
    extra = demo.apply_coding(guid, first[0], first[1], "ambitie.draagvlak", CODER)

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        assert len(view(app).codings_under_cursor()) == len(under) + 1 >= 2
        await pilot.press("Q")
        assert isinstance(app.screen, Chooser)
        await pilot.press("enter")  # the first by code name: Gebrek aan bestuurlijk draagvlak (ours)
        await wait_until(pilot, lambda: bool(chosen(demo)), "a choice stored")

    run(demo, steps)
    assert chosen(demo) == [extra.guid]



def test_q_without_a_coding_under_the_cursor_is_a_warning(demo: Project) -> None:
    guid = demo.document_progress(None)[0].guid
    first = demo.sentences(guid)[0]
    for coding in demo.codings(guid):
        if coding.start < first[1] and coding.end > first[0]:
            demo.remove_coding(coding.guid, coding.coder)
    before = demo.store.events(1)[0].id

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        assert view(app).codings_under_cursor() == []
        await pilot.press("Q")
        await wait_until(pilot, lambda: any("No coding under the cursor" in m for m in app.notified), "a warning")

    run(demo, steps)
    assert chosen(demo) == [] and demo.store.events(1)[0].id == before
