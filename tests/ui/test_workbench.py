"""The coding workbench driven by Textual's Pilot on the example project; assertions on the database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from waiting import SpiedApp, palette_offers, run_app, wait_until

from qualcode.project import Project
from qualcode.ui.app import QualcodeApp
from qualcode.ui.modals import Chooser, CodePicker, HelpScreen, MemoEditor
from qualcode.ui.panels import CodebookPanel
from qualcode.ui.transcript_view import TranscriptView
from qualcode.ui.workbench import WorkbenchScreen

CODER = "tester"
SIZE = (140, 40)


def run(project: Project, steps: Callable[[SpiedApp, Pilot[None]], Awaitable[None]],
        coder: str = CODER) -> SpiedApp:
    """Run the app on project, let steps drive it, and return the app for assertions on its notifications."""
    return run_app(project, coder, steps, SIZE)


def bench(app: QualcodeApp) -> WorkbenchScreen:
    screen = app.workbench()
    assert screen is not None
    return screen


def view(app: QualcodeApp) -> TranscriptView:
    return bench(app).query_one(TranscriptView)


def my_codings(project: Project, coder: str = CODER) -> list[tuple[str, int, int, str]]:
    return [(c.document_guid, c.start, c.end, c.code_key) for c in project.codings() if c.coder == coder]


def messages(app: SpiedApp) -> str:
    """Every notification the app showed, also those whose toast has expired."""
    return " | ".join(app.notified)


def first_document(project: Project) -> str:
    return project.document_progress(None)[0].guid


def test_picker_applies_a_code_to_the_sentence_under_the_cursor(demo: Project) -> None:
    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        await pilot.press("j", "c")
        assert isinstance(app.screen, CodePicker)
        await pilot.press(*"routekaart")
        await pilot.press("enter")

    run(demo, steps)
    guid = first_document(demo)
    second_sentence = demo.sentences(guid)[1]
    assert my_codings(demo) == [(guid, second_sentence[0], second_sentence[1], "ambitie.routekaart")]
    event = demo.store.events(1)[0]
    assert (event.action, event.coder, event.payload["code"]) == ("apply_coding", CODER, "ambitie.routekaart")


def test_number_keys_apply_recent_codes_and_grow_selects_two_sentences(demo: Project) -> None:
    guid = first_document(demo)
    sentences = demo.sentences(guid)
    demo.apply_coding(guid, sentences[0][0], sentences[0][1], "ambitie.draagvlak", CODER)
    demo.apply_coding(guid, sentences[0][0], sentences[0][1], "ambitie.routekaart", CODER)

    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        assert app.recent[:2] == ["ambitie.routekaart", "ambitie.draagvlak"]
        await pilot.press("j", "j", "J", "2")
        from qualcode.ui.panels import CodingsBar

        bar = bench(app).query_one(CodingsBar)
        await wait_until(pilot, lambda: "Gebrek aan bestuurlijk draagvlak  tester" in str(bar.render()),
                         "the stored coding in the codings bar")

    run(demo, steps)
    applied = my_codings(demo)[-1]
    assert applied == (guid, sentences[2][0], sentences[3][1], "ambitie.draagvlak")


def test_whole_turn_and_free_selection_by_character(demo: Project) -> None:
    guid = first_document(demo)
    turns = [t for t in demo.turns(guid) if t["speaker"]]
    sentences = demo.sentences(guid)

    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        view(app).go_to_offset(turns[0]["start"])
        await pilot.press("t")
        assert view(app).span == (turns[0]["start"], turns[0]["end"])
        await pilot.press("escape", "v", "shift+left", "shift+left")
        start, end = view(app).span
        cursor_sentence = next(s for s in sentences if s[0] <= turns[0]["start"] < s[1])
        assert (start, end) == (cursor_sentence[0], cursor_sentence[1] - 2)
        bench(app).apply("ambitie.routekaart")

    run(demo, steps)
    start, end = my_codings(demo)[-1][1:3]
    assert end - start == len(demo.document_text(guid)[start:end])
    cursor_sentence = next(s for s in sentences if s[0] <= turns[0]["start"] < s[1])
    assert (start, end) == (cursor_sentence[0], cursor_sentence[1] - 2)


def test_remove_asks_which_coding_when_there_are_several(demo: Project) -> None:
    guid = first_document(demo)
    first = demo.sentences(guid)[0]
    demo.apply_coding(guid, first[0], first[1], "ambitie.routekaart", CODER)
    demo.apply_coding(guid, first[0], first[1], "ambitie.draagvlak", CODER)

    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        await pilot.press("x")
        assert isinstance(app.screen, Chooser)
        await pilot.press("down", "enter")

    run(demo, steps)
    # The chooser lists by code name: Gebrek aan bestuurlijk draagvlak, then Vastgestelde routekaart.
    assert [c[3] for c in my_codings(demo)] == ["ambitie.draagvlak"]
    assert demo.store.events(1)[0].action == "remove_coding"


def test_remove_refuses_another_coders_coding(demo: Project) -> None:
    guid = first_document(demo)
    before = len(demo.codings(guid))

    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        assert view(app).codings_under_cursor(), "the demo codes the first sentence"
        await pilot.press("x")

    app = run(demo, steps)
    assert len(demo.codings(guid)) == before
    assert "switch coder" in messages(app)


def test_memo_on_the_coding_under_the_cursor_then_on_the_document(demo: Project) -> None:
    guid = first_document(demo)
    sentences = demo.sentences(guid)
    coding = demo.apply_coding(guid, sentences[0][0], sentences[0][1], "ambitie.routekaart", CODER)
    uncoded = next(s for s in sentences if not any(c.start < s[1] and c.end > s[0] for c in demo.codings(guid)))

    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        await pilot.press("m")
        assert isinstance(app.screen, MemoEditor)
        await pilot.press(*"sterk", "ctrl+s")
        view(app).go_to_offset(uncoded[0])
        await pilot.press("m")
        assert isinstance(app.screen, MemoEditor)
        await pilot.press(*"doc", "ctrl+s")

    app = run(demo, steps)
    assert demo.memo("coding", coding.guid) == "sterk"
    assert demo.memo("document", guid) == "doc"
    assert "Memo saved." in messages(app)


def test_memo_on_the_highlighted_code_and_on_the_project(demo: Project) -> None:
    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        codebook = bench(app).query_one(CodebookPanel)
        codebook.focus()
        codebook.highlight_code("ambitie.draagvlak")
        await wait_until(pilot, lambda: codebook.highlighted_code == "ambitie.draagvlak", "the code highlighted")
        await pilot.press("m")
        assert isinstance(app.screen, MemoEditor)
        await pilot.press(*"raad", "ctrl+s")
        await wait_until(pilot, lambda: not app.unsaved_changes, "the code memo stored")
        await pilot.press("ctrl+p")
        await pilot.press(*"memo on the project")
        await wait_until(pilot, palette_offers(app, "Memo on the project"), "the palette offers the project memo")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MemoEditor), "the project memo open")
        await pilot.press(*"opzet", "ctrl+s")

    run(demo, steps)
    assert demo.memo("code", "ambitie.draagvlak") == "raad"
    assert demo.memo("project", "") == "opzet"


def test_undo_and_redo_work_after_a_restart(demo_root: Path) -> None:
    with Project.open(demo_root) as project:
        async def code_it(app: QualcodeApp, pilot: Pilot[None]) -> None:
            await pilot.press("j", "1") if app.recent else None
            bench(app).apply("ambitie.routekaart")

        run(project, code_it)
        assert len(my_codings(project)) == 1

    with Project.open(demo_root) as reopened:
        async def undo_it(app: QualcodeApp, pilot: Pilot[None]) -> None:
            await pilot.press("u")
            await wait_until(pilot, lambda: my_codings(reopened) == [], "the coding undone")
            await pilot.press("U")

        app = run(reopened, undo_it)
        assert len(my_codings(reopened)) == 1
        assert "Undid: coded" in messages(app) and "Redid: coded" in messages(app)
        assert [e.action for e in reopened.store.events(2)] == ["redo", "undo"]


def test_next_uncoded_turn_and_next_document(demo: Project) -> None:
    guids = [row.guid for row in demo.document_progress(None)]

    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        screen = bench(app)
        assert screen.data is not None
        expected = screen.data.next_uncoded_turn(view(app).span[0], 1, CODER)
        assert expected is not None
        # The demo's coders have coded that turn already; n still stops there, as this coder has not.
        assert any(c.start <= expected < c.end and c.coder != CODER for c in screen.data.codings)
        await pilot.press("n")
        assert view(app).span[0] <= expected < view(app).span[1]
        await pilot.press("right_square_bracket")
        assert screen.data.shown.guid == guids[1]

    run(demo, steps)


def test_find_is_lemma_aware_and_f3_steps_through_every_match(demo: Project) -> None:
    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"gemeenten", "enter")
        layout = view(app).layout_
        assert layout is not None and len(layout.found) >= 2
        text = bench(app).data.shown.text if bench(app).data else ""
        assert any("gemeente" in text[s:e].lower() and "gemeenten" not in text[s:e].lower() for s, e in layout.found)
        visited = set()
        for _ in layout.found:
            index = bench(app).found_index
            visited.add(index)
            selection = view(app).selection
            assert selection.cursor == selection.sentence_at(layout.found[index][0])
            await pilot.press("f3")
        assert visited == set(range(len(layout.found)))

    app = run(demo, steps)
    assert "matches for 'gemeenten'" in messages(app)


def test_retrieval_opens_the_passage_in_its_transcript(demo: Project) -> None:
    passages = demo.passages("ambitie.routekaart")
    assert passages

    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        from qualcode.ui.panels import CodebookPanel
        from qualcode.ui.retrieval import RetrievalScreen

        bench(app).query_one(CodebookPanel).highlight_code("ambitie.routekaart")
        await pilot.press("r")
        assert isinstance(app.screen, RetrievalScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, WorkbenchScreen)
        data = bench(app).data
        assert data is not None and data.shown.guid == passages[0].document_guid
        start, end = view(app).span
        assert start <= passages[0].start < end

    run(demo, steps)


def test_matrix_and_help_screens_open_and_close(demo: Project) -> None:
    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        from qualcode.ui.matrix import MatrixScreen

        await pilot.press("M")
        assert isinstance(app.screen, MatrixScreen)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, WorkbenchScreen)

    run(demo, steps)


def test_keys_can_be_remapped_in_qualcode_toml(demo_root: Path) -> None:
    config = demo_root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[keys]\n"code.pick" = "p"\n"picker.down" = "ctrl+j"\n'
                      '"search.code" = "k"\n"pseudonyms.confirm" = "y"\n"no.such" = "z"\n',
                      encoding="utf-8")
    with Project.open(demo_root) as project:
        async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
            await pilot.press("p")
            assert isinstance(app.screen, CodePicker)

        app = run(project, steps)
    # picker.down, search.code and pseudonyms.confirm are known: the bindings of the picker and of two screens
    assert "unknown binding id(s) no.such;" in messages(app)


def test_a_second_coder_writing_shows_up(demo_root: Path) -> None:
    # A write that waits for another's lock, or fails on it, is tested with a real second process in
    # test_saving_state.py.
    with Project.open(demo_root) as project, Project.open(demo_root) as other:
        guid = first_document(project)
        sentences = project.sentences(guid)

        async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
            other.apply_coding(guid, sentences[5][0], sentences[5][1], "ambitie.draagvlak", "tweede")
            app._look_for_other_writers()
            await wait_until(pilot, lambda: bench(app).data is not None
                             and any(c.coder == "tweede" for c in bench(app).data.codings),
                             "the other coder's coding shown")

        run(project, steps)


def test_command_palette_switches_coder_and_opens_documents(demo: Project) -> None:
    titles = {row.guid: row.title for row in demo.documents()}
    last = demo.document_progress(None)[-1].guid

    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p", *"coder tom")
        await wait_until(pilot, palette_offers(app, "tom"), "the palette offering coder tom")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.coder == "tom", "coder tom")
        assert app.sub_title == "coder: tom"
        await pilot.press("ctrl+p", *titles[last][-12:])
        await wait_until(pilot, palette_offers(app, titles[last][-12:]), "the palette offering the last document")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bench(app).data is not None and bench(app).data.shown.guid == last,
                         "the last document open")

    app = run(demo, steps)
    assert "You now code as tom." in messages(app)



def test_counts_follow_a_coding_in_the_codebook_panel_and_document_list(demo: Project) -> None:
    from qualcode.ui.panels import CodebookPanel, DocumentTree, percent

    before = demo.codings_per_code().get("ambitie.mandaat", 0)

    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        bench(app).apply("ambitie.mandaat")
        panel = bench(app).query_one(CodebookPanel)
        await wait_until(pilot, lambda: f"/{before + 1} " in str(panel._node_by_key["ambitie.mandaat"].label),
                         "the new count in the codebook panel")
        assert bench(app).project_counts["ambitie.mandaat"] == before + 1
        tree = bench(app).query_one(DocumentTree)
        progress = app.project.document_progress(CODER, first_document(demo))[0]
        mine = percent(progress.mine, progress.respondent_turns)
        label = str(tree._node_by_key[first_document(demo)].label)
        # The label keeps the short title (the case name stripped) and shows my share, no longer 0%.
        assert mine != "0%" and f" {mine} " in label and label.endswith("Jeroen Smit")

    run(demo, steps)
    assert demo.codings_per_code()["ambitie.mandaat"] == before + 1


def test_memo_on_a_coding_another_process_removed_is_a_message_not_a_crash(demo_root: Path) -> None:
    with Project.open(demo_root) as project, Project.open(demo_root) as other:
        guid = first_document(project)
        first = project.sentences(guid)[0]
        coding = project.apply_coding(guid, first[0], first[1], "ambitie.routekaart", CODER)

        async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
            # Keep the poll away (as if one were under way), so that the view still shows the removed coding
            # however late this test gets to run on a loaded machine.
            await wait_until(pilot, lambda: not app._poll_pending, "no poll under way")
            app._poll_pending = True
            other.remove_coding(coding.guid, CODER)
            await pilot.press("m")
            await pilot.pause()
            assert app.is_running

        app = run(project, steps)
    assert "no coding" in messages(app).lower()


def test_a_change_made_while_a_dialog_is_open_shows_once_the_dialog_closes(demo_root: Path) -> None:
    with Project.open(demo_root) as project, Project.open(demo_root) as other:
        guid = first_document(project)
        sentence = project.sentences(guid)[3]

        async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
            await pilot.press("c")
            other.apply_coding(guid, sentence[0], sentence[1], "ambitie.mandaat", "tweede")
            app._look_for_other_writers()
            await pilot.press("escape")
            await wait_until(pilot, lambda: bench(app).data is not None
                             and any(c.coder == "tweede" for c in bench(app).data.codings),
                             "the other coder's coding shown once the dialog closed")

        run(project, steps)


def test_next_uncoded_says_when_there_is_none_left(demo: Project) -> None:
    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        await pilot.press("G", "n")

    app = run(demo, steps)
    assert "No respondent turn after this one that you have not coded" in messages(app)


def test_undoing_and_redoing_a_document_removal_updates_the_document_list(demo: Project) -> None:
    from qualcode.ui.panels import DocumentTree

    guid = first_document(demo)
    demo.remove_document(guid, force=True, coder=CODER)
    listed: list[list[str]] = []

    async def steps(app: QualcodeApp, pilot: Pilot[None]) -> None:
        tree = bench(app).query_one(DocumentTree)
        listed.append(tree.document_order())
        await pilot.press("u")
        await wait_until(pilot, lambda: guid in tree.document_order(), "the restored document listed")
        listed.append(tree.document_order())
        assert bench(app).data is not None and bench(app).data.shown.guid == guid
        await pilot.press("U")
        await wait_until(pilot, lambda: guid not in tree.document_order(), "the removed document gone again")
        listed.append(tree.document_order())
        assert bench(app).data is not None and bench(app).data.shown.guid != guid

    run(demo, steps)
    assert guid not in listed[0]
    assert guid in listed[1] and len(listed[1]) == len(listed[0]) + 1
    assert listed[2] == listed[0]
