"""The modal screens, driven with Textual's Pilot: what each one dismisses with."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, OptionList, Static, TextArea
from waiting import wait_until

from qualcode.domain.model import Code, Codebook, CodeType
from qualcode.ui.modals import (
    Chooser,
    CodePicker,
    FindPrompt,
    HelpRow,
    HelpScreen,
    MemoEditor,
    PickableCode,
    pickable_codes,
)

NOT_DISMISSED = object()


class ModalHost(App[None]):
    """Pushes one modal on mount and keeps what it dismissed with."""

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.result: object = NOT_DISMISSED

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self.store)

    def store(self, result: object) -> None:
        self.result = result


def run_modal(
    make_screen: Callable[[], Screen[Any]],
    *keys: str,
    before: Callable[[Pilot[None], Screen[Any]], Awaitable[None]] | None = None,
) -> object:
    """Push the screen, optionally prepare it, press the keys, and return what it dismissed with."""

    async def scenario() -> object:
        app = ModalHost(make_screen)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            if before is not None:
                await before(pilot, app.screen)
            await pilot.press(*keys)
            await pilot.pause()
        return app.result

    return asyncio.run(scenario())


CODEBOOK = Codebook(
    name="test",
    codes=(
        Code(key="ambitie", name="Ambitie en beleid"),
        Code(key="ambitie.draagvlak", name="Gebrek aan bestuurlijk draagvlak", parent_key="ambitie", type="barrier",
             keywords=("wethouder",), colour="#f25e30", include="Passages over een terughoudende raad."),
        Code(key="ambitie.routekaart", name="Vastgestelde routekaart geeft richting", parent_key="ambitie",
             type="opportunity", keywords=("klimaatplan",), colour="#30f230",
             exclude="Niet voor de [b]wijkaanpak[/b]."),
        Code(key="geld", name="Financiering"),
        Code(key="geld.subsidie", name="Subsidie als vliegwiel", parent_key="geld", type="tactic",
             keywords=("route naar geld",)),
    ),
    types=(CodeType(key="tactic", label="tactiek", label_en="tactic", badge="T"),),
)
CODES = pickable_codes(CODEBOOK)


def picker() -> CodePicker:
    return CodePicker(CODES)


def test_pickable_codes_carry_type_path_and_selectability() -> None:
    by_key = {code.key: code for code in CODES}
    assert by_key["ambitie"].selectable is False
    assert by_key["ambitie.routekaart"].path == "Ambitie en beleid › Vastgestelde routekaart geeft richting"
    assert (by_key["ambitie.routekaart"].badge, by_key["ambitie.routekaart"].type_label) == ("K", "kans")
    assert (by_key["geld.subsidie"].badge, by_key["geld.subsidie"].type_label) == ("T", "tactiek")
    assert pickable_codes(CODEBOOK, english=True)[1].type_label == "barrier"


def test_picker_typing_then_enter_applies_the_best_match() -> None:
    # "route" is in one name and in another code's keyword: the name hit must win.
    assert run_modal(picker, "r", "o", "u", "t", "e", "enter") == "ambitie.routekaart"


def test_picker_ranks_names_above_keywords_and_matches_keys() -> None:
    async def check(pilot: Pilot[None], screen: Screen[Any]) -> None:
        assert isinstance(screen, CodePicker)
        assert [code.key for code in screen.matches("route")] == ["ambitie.routekaart", "geld.subsidie"]
        assert [code.key for code in screen.matches("wethouder")] == ["ambitie.draagvlak"]
        assert [code.key for code in screen.matches("geld.sub")] == ["geld.subsidie"]
        # Themes are not offered; an empty query lists the codes in codebook order.
        assert [code.key for code in screen.matches("")] == ["ambitie.draagvlak", "ambitie.routekaart", "geld.subsidie"]

    assert run_modal(picker, "escape", before=check) is None


def test_picker_arrow_moves_highlight_while_typing_and_shows_the_definition() -> None:
    async def check(pilot: Pilot[None], screen: Screen[Any]) -> None:
        detail = screen.query_one("#picker-detail-text", Static)
        assert "terughoudende raad" in str(detail.render())
        await pilot.press("down")
        assert screen.focused is screen.query_one(Input)
        # Exclude text is shown as typed: no markup is interpreted.
        assert "[b]wijkaanpak[/b]" in str(detail.render())

    assert run_modal(picker, "enter", before=check) == "ambitie.routekaart"


def test_picker_without_matches_ignores_enter() -> None:
    async def no_match(pilot: Pilot[None], screen: Screen[Any]) -> None:
        screen.query_one(Input).value = "xqz"
        option_list = screen.query_one(OptionList)
        await wait_until(pilot, lambda: option_list.option_count == 1, "the list narrowed to one line")
        assert str(option_list.get_option_at_index(0).prompt) == "no code matches 'xqz'"

    assert run_modal(picker, "enter", before=no_match) is NOT_DISMISSED


def test_picker_escape_gives_none() -> None:
    assert run_modal(picker, "escape") is None


def test_picker_lists_and_filters_300_codes() -> None:
    many = [PickableCode(key=f"code.{n}", name=f"Code nummer {n} over energie en gemeente",
                         keywords=("warmtenet", f"trefwoord {n}")) for n in range(300)]

    async def check(pilot: Pilot[None], screen: Screen[Any]) -> None:
        assert isinstance(screen, CodePicker)
        assert screen.query_one(OptionList).option_count == 300
        await pilot.press("pagedown")
        assert (screen.query_one(OptionList).highlighted or 0) > 5
        # How fast it filters is measured in bench/, not here: a test must pass on a busy machine.
        screen.query_one(Input).value = "enrg"
        await pilot.pause()
        assert screen.query_one(OptionList).option_count == 300
        screen.query_one(Input).value = "nummer 299"
        await wait_until(pilot, lambda: screen.query_one(OptionList).option_count < 300, "the list filtered")
        assert screen.matches("nummer 299")[0].key == "code.299"

    assert run_modal(lambda: CodePicker(many, title="Pick"), "enter", before=check) == "code.299"


def test_memo_editor_ctrl_s_saves_typed_text() -> None:
    assert run_modal(lambda: MemoEditor("Memo", None, subtitle="Gemeente A"), "j", "a", "ctrl+s") == "ja"


def test_memo_editor_appends_to_existing_memo_and_empty_means_delete() -> None:
    assert run_modal(lambda: MemoEditor("Memo", "Goed punt"), "!", "ctrl+s") == "Goed punt!"

    async def clear(pilot: Pilot[None], screen: Screen[Any]) -> None:
        screen.query_one(TextArea).text = "  \n"

    assert run_modal(lambda: MemoEditor("Memo", "Goed punt"), "ctrl+s", before=clear) == ""


def test_memo_editor_escape_cancels() -> None:
    assert run_modal(lambda: MemoEditor("Memo", "Goed punt"), "x", "escape") is None


def chooser() -> Chooser:
    return Chooser("Sort by", [("name", "Name [a-z]"), ("count", "Count"), ("case", "Case")])


def test_chooser_down_enter_picks_the_second_value() -> None:
    async def check(pilot: Pilot[None], screen: Screen[Any]) -> None:
        assert str(screen.query_one(OptionList).get_option_at_index(0).prompt) == "Name [a-z]"

    assert run_modal(chooser, "down", "enter", before=check) == "count"


def test_chooser_escape_cancels() -> None:
    assert run_modal(chooser, "escape") is None


def test_find_prompt_returns_the_text() -> None:
    assert run_modal(lambda: FindPrompt(), "w", "a", "enter") == "wa"


def test_find_prompt_offers_the_previous_search_selected() -> None:
    assert run_modal(lambda: FindPrompt("warmte"), "enter") == "warmte"
    # The previous search starts selected, so typing replaces it.
    assert run_modal(lambda: FindPrompt("warmte"), "g", "enter") == "g"


def test_find_prompt_escape_cancels() -> None:
    assert run_modal(lambda: FindPrompt("warm"), "escape") is None


HELP_ROWS = [
    HelpRow("Move", "j / down", "Next sentence", "cursor.next"),
    HelpRow("Code", "c / enter", "Apply a code", "code.pick"),
    HelpRow("Move", "k / up", "Previous sentence", "cursor.previous"),
]


def test_help_screen_groups_rows_and_closes_with_question_mark() -> None:
    async def check(pilot: Pilot[None], screen: Screen[Any]) -> None:
        table = screen.query_one(DataTable)
        ids = [str(table.get_row_at(index)[1]) for index in range(table.row_count)]
        assert ids == ["", "cursor.next", "cursor.previous", "", "", "code.pick"]
        assert "[keys]" in str(screen.query_one("#help-remap", Static).render())

    assert run_modal(lambda: HelpScreen(HELP_ROWS), "question_mark", before=check) is None


def test_help_screen_closes_with_q_and_escape() -> None:
    assert run_modal(lambda: HelpScreen(HELP_ROWS), "q") is None
    assert run_modal(lambda: HelpScreen(HELP_ROWS), "escape") is None
