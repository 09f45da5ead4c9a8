"""The review screen: codings a corrected transcript left on changed words or without words, decided with a, e, x;
every decision checked in the database, and undone there."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from waiting import SpiedApp, wait_until

from qualcode.project import Project
from qualcode.ui.review import AdjustPrompt, ReviewScreen

CODEBOOK = """\
name: Review
codes:
  - id: ambitie
    name: Ambitie
    type: opportunity
  - id: draagvlak
    name: Draagvlak bij inwoners
    type: barrier
"""

OLD = """\
Gemeente: Kleidorp
Gesprekspartners:
Anna Jansen, beleidsadviseur duurzaamheid
Joris de Boer, wethouder
Interviewer: Sanne Bakker

Sanne: Wat is de ambitie van de gemeente?

Anna: De raad heeft een routekaart vastgesteldt. De CO₂-uitstoot daalt te langzaam.

Joris: Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂.

Anna: De inwoners zijn septisch. Ze zeggen: ‘eerst zien, dan geloven’.
"""
NEW = (OLD.replace("vastgesteldt", "vastgesteld").replace("septisch", "sceptisch")
       .replace("Joris: Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂.\n\n", ""))
CODED = [("De raad heeft een routekaart vastgesteldt.", "ambitie"),
         ("Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂.", "ambitie"),
         ("De inwoners zijn septisch.", "draagvlak")]
SIZE = (140, 36)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    transcript = tmp_path / "kleidorp.txt"
    transcript.write_text(OLD, encoding="utf-8")
    (tmp_path / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    with Project.init(tmp_path / "studie") as opened:
        assert not opened.import_transcripts([transcript]).failed
        opened.load_codebook(tmp_path / "codeboek.yaml")
        [document] = opened.documents()
        for words, code in CODED:
            start = OLD.index(words)
            opened.apply_coding(document.guid, start, start + len(words), code, "anna")
        corrected = tmp_path / "kleidorp-v2.txt"
        corrected.write_text(NEW, encoding="utf-8")
        opened.replace_document("kleidorp", corrected, coder="tom")
        yield opened


class Host(App[None]):
    """Pushes one screen and keeps what it dismisses with, and every notification."""

    def __init__(self, screen: Screen[tuple[str, int] | None]) -> None:
        super().__init__()
        self.first = screen
        self.results: list[tuple[str, int] | None] = []
        self.notified: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self.first, self.results.append)

    def notify(self, message: str, *args: object, **options: object) -> None:  # type: ignore[override]
        self.notified.append(str(message))

    def save(self, work: Callable[[Project], Any], then: Callable[[Any], None],
             failed: Callable[[], None] | None = None) -> None:
        """QualcodeApp stores a change on its writer thread; this host (one screen, no workbench) stores it at once."""
        assert isinstance(self.first, ReviewScreen)
        then(work(self.first.project))


def waiting(project: Project) -> list[tuple[str, str]]:
    return [(item.status, item.old_text) for item in project.codings_to_review()]


def coded(project: Project) -> dict[str, str]:
    [document] = project.documents()
    text = project.document_text(document.guid)
    return {c.guid: text[c.start:c.end] for c in project.codings()}


def test_review_screen_accepts_adjusts_and_removes(project: Project) -> None:
    vanished = next(i for i in project.codings_to_review() if i.status == "vanished")

    async def scenario() -> None:
        app = Host(ReviewScreen(project, "anna"))
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            table = screen.query_one("#review-table", DataTable)
            assert table.row_count == 3
            assert str(screen.query_one("#review-header", Static).render()).startswith(
                "3 codings await review in 1 document")
            detail = str(screen.query_one("#review-detail", Static).render())
            assert "De raad heeft een routekaart vastgesteldt." in detail  # the old text, whole
            assert "now (version 2" in detail and "De raad heeft een routekaart vastgesteld." in detail
            # The vanished one has no new place: accept is refused, nothing changes.
            await pilot.press("down")
            assert "its words are not in the new text" in str(screen.query_one("#review-detail", Static).render())
            await pilot.press("a")
            await wait_until(pilot, lambda: any("no new place to accept" in n for n in app.notified),
                             "the refusal to accept a vanished coding")
            assert len(waiting(project)) == 3
            # Adjust: the prompt offers the old words; the researcher puts it on the words it belongs to now.
            await pilot.press("e")
            await wait_until(pilot, lambda: isinstance(app.screen, AdjustPrompt), "the adjust prompt")
            field = app.screen.query_one("#adjust-input", Input)
            assert field.value == vanished.old_text
            field.value = "De CO₂-uitstoot daalt te langzaam."
            await pilot.press("enter")
            await wait_until(pilot, lambda: len(waiting(project)) == 2, "the adjusted coding leaving the review")
            assert coded(project)[vanished.coding_guid] == "De CO₂-uitstoot daalt te langzaam."
            await wait_until(pilot, lambda: table.row_count == 2, "the table without the adjusted coding")
            # Accept the text-changed routekaart coding (the first row), remove the other.
            table.move_cursor(row=0)
            await pilot.press("a")
            await wait_until(pilot, lambda: waiting(project) == [("text_changed", "De inwoners zijn septisch.")],
                             "the accepted coding leaving the review")
            await pilot.press("x")
            await wait_until(pilot, lambda: waiting(project) == [], "the removed coding leaving the review")
            await wait_until(pilot, lambda: table.row_count == 0, "an empty table")
            assert str(screen.query_one("#review-header", Static).render()).startswith("Nothing awaits review")
            assert "De inwoners zijn sceptisch." not in coded(project).values()
            await pilot.press("escape")
            assert app.results == [None]

    asyncio.run(scenario())
    # Each decision was one event of the coder: undo brings them back one by one.
    project.undo("anna")
    assert waiting(project) == [("text_changed", "De inwoners zijn septisch.")]
    project.undo("anna")
    project.undo("anna")
    assert len(waiting(project)) == 3 and vanished.coding_guid not in coded(project)


def test_review_screen_opens_a_coding_in_the_transcript(project: Project) -> None:
    septisch = next(i for i in project.codings_to_review() if i.old_text == "De inwoners zijn septisch.")

    async def scenario() -> None:
        app = Host(ReviewScreen(project, "anna"))
        async with app.run_test(size=SIZE) as pilot:
            app.screen.query_one("#review-table", DataTable).move_cursor(row=2)
            await pilot.press("enter")
            assert app.results == [(septisch.document_guid, NEW.index("De inwoners zijn sceptisch."))]

    asyncio.run(scenario())


def test_the_workbench_opens_the_review_screen_with_R(project: Project) -> None:
    async def scenario() -> None:
        app = SpiedApp(project, "anna")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("R")
            await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review screen")
            assert app.screen.query_one("#review-table", DataTable).row_count == 3
            await pilot.press("x")
            await wait_until(pilot, lambda: len(waiting(project)) == 2, "the removal stored")
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, ReviewScreen), "back in the workbench")

    asyncio.run(scenario())


def test_undoing_a_new_version_in_the_workbench_shows_the_old_text_again(project: Project) -> None:
    [document] = project.documents()

    async def scenario() -> None:
        app = SpiedApp(project, "tom")  # tom replaced the text: his undo takes the new version back
        async with app.run_test(size=SIZE) as pilot:
            bench = app.screen
            assert bench.data is not None and bench.data.shown.text == NEW  # type: ignore[attr-defined]
            await pilot.press("u")
            await wait_until(pilot, lambda: project.document_text(document.guid) == OLD, "the old version stored")
            await wait_until(pilot, lambda: bench.data.shown.text == OLD,  # type: ignore[attr-defined]
                             "the old text on screen, codings drawn on it")
            shown = {(span.start, span.end) for span in bench.data.codings}  # type: ignore[attr-defined]
            assert shown == {(c.start, c.end) for c in project.codings(document.guid)}
            assert {OLD[start:end] for start, end in shown} == {words for words, _ in CODED}

    asyncio.run(scenario())
