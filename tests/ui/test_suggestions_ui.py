"""Code suggestions in the workbench: muted beside their sentence; a accepts (a coding by the coder at work, undone by
u), d dismisses, A and D do the whole document after a confirmation; the database is checked after each step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from waiting import SpiedApp, run_app, wait_until

from qualcode.nlp import pipeline
from qualcode.project import Project
from qualcode.ui.modals import Chooser
from qualcode.ui.transcript_layout import SUGGESTION_MARK
from qualcode.ui.transcript_view import TranscriptView
from qualcode.ui.workbench import WorkbenchScreen
from tests.functional.suggestion_project import SENTENCES, build

CODER = "lies"
SIZE = (140, 40)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    monkeypatch.delenv(pipeline.MODEL_ENV, raising=False)
    monkeypatch.setattr(pipeline, "model_installed", lambda model=None: False)
    made = build(tmp_path / "studie")
    made.suggest()
    yield made
    made.close()


def run(project: Project, steps: Callable[[SpiedApp, Pilot[None]], Awaitable[None]]) -> SpiedApp:
    return run_app(project, CODER, steps, SIZE)


def view(app: SpiedApp) -> TranscriptView:
    screen = app.workbench()
    assert isinstance(screen, WorkbenchScreen)
    return screen.query_one(TranscriptView)


def hoogveen(project: Project) -> str:
    return next(d.guid for d in project.documents() if "Hoogveen" in d.title)


def row_text(app: SpiedApp, offset: int) -> str:
    """The drawn rows from the end of the sentence starting at offset to the end of its paragraph (gutter and
    padding included): the code's name stands after the sentence, or where the paragraph's row has room."""
    layout = view(app).layout_
    assert layout is not None
    sentence_end = next(end for start, end in view(app).selection.sentences if start == offset)
    first = layout.row_of(sentence_end - 1)
    line = layout.rows[first].line_start
    rows = [row for row in range(first, len(layout.rows)) if layout.rows[row].line_start == line]
    return "\n".join("".join(segment.text for segment in layout.segments(row)) for row in rows)


def test_a_accepts_the_sentences_suggestion_as_my_coding_and_u_puts_it_back(project: Project) -> None:
    guid = hoogveen(project)
    text = project.document_text(guid)
    first = text.index(SENTENCES[0])
    suggestion = next(s for s in project.suggestions() if s.start == first)

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        assert app.workbench() is not None and app.workbench().data.shown.guid == guid  # type: ignore[union-attr]
        # muted, beside its sentence: S1 and S2 both suggest it
        assert row_text(app, first).count(f"{SUGGESTION_MARK} Subsidie helpt") == 2
        view(app).go_to_offset(first)
        await pilot.press("a")
        await wait_until(pilot, lambda: any("Accepted Subsidie helpt" in m for m in app.notified), "told")
        [coding] = project.codings(guid)
        assert (coding.coder, coding.code_key, coding.start, coding.end) == (
            CODER, "financiering.subsidie", suggestion.start, suggestion.end)
        assert row_text(app, first).count(f"{SUGGESTION_MARK} Subsidie helpt") == 1  # S1 a coding now
        assert view(app).codings_under_cursor()[0].guid == coding.guid
        await pilot.press("u")
        await wait_until(pilot, lambda: any(m.startswith("Undid: accepted") for m in app.notified), "undone")
        assert project.codings(guid) == []
        await wait_until(pilot, lambda: row_text(app, first).count(f"{SUGGESTION_MARK} Subsidie helpt") == 2,
                         "the suggestion shown again")

    run(project, steps)
    accept, undo = project.store.events(2)[::-1]
    assert (accept.action, accept.coder, accept.payload["sources"]) == ("accept_suggestions", CODER, ["keywords"])
    assert undo.action == "undo"
    assert {s.guid: s.status for s in project.suggestions()}[suggestion.guid] == "pending"


def test_d_dismisses_and_shift_d_dismisses_the_whole_document_after_asking(project: Project) -> None:
    guid = hoogveen(project)
    text = project.document_text(guid)
    netcongestie = text.index(SENTENCES[3])
    lindedam_before = [s.guid for s in project.suggestions() if s.document_guid != guid]

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        view(app).go_to_offset(netcongestie)
        assert row_text(app, netcongestie).count(f"{SUGGESTION_MARK} Netcongestie") == 2  # S4 (name), S5 (regex)
        await pilot.press("d")
        await wait_until(pilot, lambda: row_text(app, netcongestie).count(f"{SUGGESTION_MARK} Netcongestie") == 1,
                         "S4's suggestion gone from the screen")
        assert len(project.suggestions(statuses=("dismissed",))) == 1
        await pilot.press("d")  # nothing left on this sentence
        await wait_until(pilot, lambda: any("No suggestion here" in m for m in app.notified), "nothing here")
        await pilot.press("D")
        await wait_until(pilot, lambda: isinstance(app.screen, Chooser), "the confirmation")
        await pilot.press("enter")  # the first option: dismiss all
        await wait_until(pilot, lambda: not [s for s in project.suggestions() if s.document_guid == guid],
                         "every suggestion of the document dismissed")

    run(project, steps)
    dismissed = project.suggestions(statuses=("dismissed",))
    assert len(dismissed) == 6 and {s.decided_by for s in dismissed} == {CODER}
    assert project.codings() == []
    assert [s.guid for s in project.suggestions()] == lindedam_before  # the other document untouched
    assert [e.action for e in project.store.events(2)] == ["dismiss_suggestions", "dismiss_suggestions"]


def test_shift_a_asks_and_escape_changes_nothing(project: Project) -> None:
    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, Chooser), "the confirmation")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, Chooser), "the confirmation closed")

    run(project, steps)
    assert project.codings() == [] and len(project.suggestions()) == 8


def test_suggestions_made_by_another_process_appear_on_the_next_poll(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pipeline.MODEL_ENV, raising=False)
    monkeypatch.setattr(pipeline, "model_installed", lambda model=None: False)
    with build(tmp_path / "studie") as project:
        first = project.document_text(hoogveen(project)).index(SENTENCES[0])

        async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
            layout = view(app).layout_
            assert layout is not None and layout.suggestions == [] and layout.margin == 0
            with Project.open(project.root) as other:  # 'qualcode suggest' in another terminal
                other.suggest()
            await wait_until(pilot, lambda: row_text(app, first).count(f"{SUGGESTION_MARK} Subsidie helpt") == 2,
                             "the suggestions shown after the poll")
            assert view(app).virtual_size.height == len(layout.rows)  # wrapped again for the margin

        run(project, steps)
