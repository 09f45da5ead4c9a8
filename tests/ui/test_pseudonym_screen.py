"""The pseudonym screen (p in the workbench): the key's findings with their passages; i lets one stay, e gives a
replacement, c confirms, each stored by the workbench's writer and checked in the database, undone by u; enter opens
the passage in its transcript."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static
from waiting import SpiedApp, run_app, wait_until

from qualcode.nlp import pipeline
from qualcode.project import Project
from qualcode.ui.pseudonym_screen import PseudonymScreen, ReplacementPrompt
from qualcode.ui.transcript_view import TranscriptView
from qualcode.ui.workbench import WorkbenchScreen

CODER = "anna"
SIZE = (140, 40)
TRANSCRIPT = """\
Gemeente: Kleidorp
Gesprekspartner: Anna Jansen
Interviewer: Sanne Bakker

Sanne: Wie besliste daarover?

Anna: Toen zei wethouder Pietersen dat er geen geld meer was. Dat moeten we in Den Haag neerleggen.

Sanne: En de netbeheerder?

Anna: Daar sprak ik mevrouw Van den Heuvel over, en later opnieuw met Pietersen.
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    monkeypatch.delenv(pipeline.MODEL_ENV, raising=False)
    monkeypatch.setattr(pipeline, "model_installed", lambda model=None: False)
    transcript = tmp_path / "kleidorp.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    with Project.init(tmp_path / "studie") as opened:
        assert not opened.import_transcripts([transcript]).failed
        opened.scan_pseudonyms(coder=CODER)
        yield opened


def run(project: Project, steps: Callable[[SpiedApp, Pilot[None]], Awaitable[None]]) -> SpiedApp:
    return run_app(project, CODER, steps, SIZE)


def state(project: Project, real: str) -> tuple[str, str]:
    entry = project.pseudonym(real)
    return entry.replacement, entry.status


def to_row(screen: PseudonymScreen, real: str) -> None:
    table = screen.query_one("#pseudonyms-table", DataTable)
    table.move_cursor(row=next(at for at, entry in enumerate(screen.entries) if entry.real == real))


def test_walk_the_findings_let_one_stay_give_a_replacement_confirm_and_undo(project: Project) -> None:
    assert state(project, "Pietersen") == ("[naam]", "found")
    assert state(project, "Den Haag") == ("[plaats]", "found")

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PseudonymScreen), "the pseudonym screen")
        screen = app.screen
        assert isinstance(screen, PseudonymScreen)
        header = str(screen.query_one("#pseudonyms-header", Static).render())
        assert "awaiting review" in header and screen.entries[0].status == "found"  # those to review first

        to_row(screen, "Den Haag")
        await pilot.pause()
        context = str(screen.query_one("#pseudonyms-context", Static).render())
        assert "Den Haag → [plaats]" in context and "we in Den Haag neerleggen" in context
        await pilot.press("i")
        await wait_until(pilot, lambda: state(project, "Den Haag") == ("[plaats]", "ignored"), "Den Haag stays")

        to_row(screen, "Pietersen")
        await pilot.pause()
        context = str(screen.query_one("#pseudonyms-context", Static).render())
        assert "zei wethouder Pietersen dat" in context and "opnieuw met Pietersen" in context  # both passages
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ReplacementPrompt), "the replacement prompt")
        app.screen.query_one(Input).value = "R5"
        await pilot.press("enter")
        await wait_until(pilot, lambda: state(project, "Pietersen") == ("R5", "confirmed"), "Pietersen is R5")

        to_row(screen, "Van den Heuvel")
        await pilot.press("c")
        await wait_until(pilot, lambda: state(project, "Van den Heuvel") == ("[naam]", "confirmed"), "confirmed")

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkbenchScreen), "back in the workbench")
        await pilot.press("u")
        await wait_until(pilot, lambda: state(project, "Van den Heuvel") == ("[naam]", "found"), "undone")

    app = run(project, steps)
    assert state(project, "Pietersen") == ("R5", "confirmed")
    assert state(project, "Den Haag") == ("[plaats]", "ignored")
    assert any("'Den Haag' stays in anonymised reports" in message for message in app.notified)


def test_enter_opens_the_passage_in_its_transcript(project: Project) -> None:
    [document] = project.documents()
    at = project.document_text(document.guid).index("Den Haag")

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PseudonymScreen), "the pseudonym screen")
        screen = app.screen
        assert isinstance(screen, PseudonymScreen)
        to_row(screen, "Den Haag")
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkbenchScreen), "back in the workbench")
        view = app.screen.query_one(TranscriptView)
        await wait_until(pilot, lambda: view.selection.span[0] <= at < view.selection.span[1],
                         "the sentence with Den Haag selected")

    run(project, steps)
