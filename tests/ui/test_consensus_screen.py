"""The consensus review in the workbench (C): anouk's and bram's five disagreements settled with a, b, 2, n and e,
one undone with u, and the review reopened after a restart at the first one not settled — the database checked
after every step (the double-coded project of tests/functional/agreement_project.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static
from waiting import SpiedApp, run_app, wait_until

from qualcode.project import Project
from qualcode.ui.consensus_screen import ConsensusNamePrompt, ConsensusScreen
from qualcode.ui.modals import Chooser, CodePicker
from tests.functional.agreement_project import build

CODER = "lies"
SIZE = (140, 40)
CODERS = ("anouk", "bram")


def run(project: Project, steps: Callable[[SpiedApp, Pilot[None]], Awaitable[None]]) -> SpiedApp:
    return run_app(project, CODER, steps, SIZE)


def choices(project: Project) -> list[str | None]:
    return [item.choice for item in project.consensus_review(CODERS).items]


def consensus(project: Project) -> set[tuple[str, str]]:
    texts = {d.guid: project.document_text(d.guid) for d in project.documents()}
    return {(c.code_key, texts[c.document_guid][c.start:c.end]) for c in project.codings() if c.coder == "consensus"}


async def open_review(app: SpiedApp, pilot: Pilot[None], *, pairs: int = 1) -> ConsensusScreen:
    await pilot.press("C")
    if pairs > 1:  # the consensus coder is a coder too: the pairs with it come last
        await wait_until(pilot, lambda: isinstance(app.screen, Chooser), "the choice of two coders")
        assert next(str(o.prompt) for o in app.screen.query_one(OptionList).options) == "anouk (A) and bram (B)"
        assert len(app.screen.query_one(OptionList).options) == pairs
        await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ConsensusNamePrompt), "the consensus coder's name")
    assert app.screen.query_one(Input).value == "consensus"
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ConsensusScreen), "the consensus review")
    screen = app.screen
    assert isinstance(screen, ConsensusScreen)
    return screen


def progress(screen: ConsensusScreen) -> str:
    return str(screen.query_one("#consensus-progress", Static).render())


def test_settle_every_choice_undo_and_resume_after_a_restart(tmp_path: Path) -> None:
    root = build(tmp_path / "warmte")
    project = Project.open(root)

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        screen = await open_review(app, pilot)
        # A new review starts by giving the consensus coder what both agree on.
        await wait_until(pilot, lambda: len(consensus(project)) == 4, "the agreed codings given")
        assert ("beleid.visie", "De warmtevisie is vorig jaar vastgesteld.") in consensus(project)
        await wait_until(pilot, lambda: "0 of 5 settled" in progress(screen), "the progress shown")
        codes = str(screen.query_one("#consensus-codes", Static).render())
        assert "A anouk" in codes and "(no code)" in codes and "Vastgestelde warmtevisie (beleid.visie)" in codes
        assert "De raad steunt het plan." in str(screen.query_one("#consensus-text", Static).render())

        await pilot.press("a")  # 'De raad steunt het plan.': anouk gave it nothing
        await wait_until(pilot, lambda: choices(project)[0] == "a", "keep A stored")
        assert len(consensus(project)) == 4
        await wait_until(pilot, lambda: screen.index == 1, "on to the next one")
        await pilot.press("b")  # 'Inwoners zijn wantrouwig …': only anouk's wantrouwen; bram's nothing
        await wait_until(pilot, lambda: choices(project)[1] == "b", "keep B stored")
        assert not any(words == "Inwoners zijn wantrouwig" for _, words in consensus(project))
        await wait_until(pilot, lambda: screen.index == 2, "on to the third")
        await pilot.press("2")  # 'Er komt een wijkbus …': bram's participatie joins
        await wait_until(pilot, lambda: choices(project)[2] == "both", "both stored")
        assert ("inwoners.participatie", "Er komt een wijkbus") in consensus(project)
        await wait_until(pilot, lambda: screen.index == 3, "on to the fourth")
        await pilot.press("n")  # 'Er is geen structureel geld.': anouk's budget stays out
        await wait_until(pilot, lambda: choices(project)[3] == "neither", "neither stored")
        assert not any(words == "geen structureel geld" for _, words in consensus(project))
        await wait_until(pilot, lambda: screen.index == 4, "on to the fifth")
        await pilot.press("e")  # 'Het Rijk …': the picker puts wantrouwen in
        await wait_until(pilot, lambda: isinstance(app.screen, CodePicker), "the code picker")
        app.screen.query_one(Input).value = "inwoners.wantrouwen"
        await pilot.press("enter")
        await wait_until(pilot, lambda: choices(project)[4] == "edit", "the edit stored")
        assert ("inwoners.wantrouwen", "Het Rijk geeft alleen eenmalige subsidies.") in consensus(project)
        await wait_until(pilot, lambda: "5 of 5 settled" in progress(screen), "all settled")

        await pilot.press("u")
        await wait_until(pilot, lambda: choices(project)[4] is None, "the edit undone")
        assert ("inwoners.wantrouwen", "Het Rijk geeft alleen eenmalige subsidies.") not in consensus(project)
        await wait_until(pilot, lambda: "4 of 5 settled" in progress(screen), "the progress after the undo")

    app = run(project, steps)
    assert any("kept both" in message for message in app.notified)
    project.close()

    with Project.open(root) as reopened:
        async def resume(app: SpiedApp, pilot: Pilot[None]) -> None:
            screen = await open_review(app, pilot, pairs=3)
            await wait_until(pilot, lambda: screen.review is not None, "the review read")
            assert screen.index == 4 and "4 of 5 settled" in progress(screen)
            assert "Het Rijk geeft alleen eenmalige subsidies." in str(
                screen.query_one("#consensus-text", Static).render())

        events = len(reopened.history(limit=1000))
        run(reopened, resume)
        assert len(reopened.history(limit=1000)) == events  # reopening a started review writes nothing
        assert choices(reopened) == ["a", "b", "both", "neither", None]


def test_narrow_to_a_document_and_a_code_redo_and_open_the_unit_in_its_transcript(tmp_path: Path) -> None:
    from qualcode.ui.workbench import WorkbenchScreen

    root = build(tmp_path / "warmte")
    project = Project.open(root)
    lindewaard = next(d.guid for d in project.documents() if d.source_name == "lindewaard.txt")

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        screen = await open_review(app, pilot)
        await wait_until(pilot, lambda: len(consensus(project)) == 4, "the agreed codings given")
        await pilot.press("f")
        await wait_until(pilot, lambda: "this document · 0 of 3 settled" in progress(screen), "one document's")
        await pilot.press("f")
        await wait_until(pilot, lambda: "code beleid.visie · 0 of 1 settled" in progress(screen), "one code's")
        await pilot.press("a")
        await wait_until(pilot, lambda: choices(project)[0] == "a", "keep A stored")
        await pilot.press("u")
        await wait_until(pilot, lambda: choices(project)[0] is None, "keep A undone")
        await pilot.press("U")
        await wait_until(pilot, lambda: choices(project)[0] == "a", "keep A redone")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WorkbenchScreen), "back in the workbench")
        workbench = app.screen
        assert isinstance(workbench, WorkbenchScreen)
        await wait_until(pilot, lambda: workbench.data is not None and workbench.data.shown.guid == lindewaard,
                         "the unit's document open")

    run(project, steps)
    project.close()
