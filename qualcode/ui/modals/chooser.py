"""A modal list of labelled values: enter picks one, escape cancels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class Chooser(ModalScreen[str | None]):
    """Choose one of (value, label) options; dismisses with the value, or None on escape."""

    DEFAULT_CSS = """
    Chooser { align: center middle; }
    Chooser > #chooser-frame {
        width: 70%; height: auto; max-height: 85%; border: thick $primary; background: $surface; padding: 0 1;
    }
    Chooser #chooser-title { text-style: bold; }
    Chooser #chooser-list { height: auto; max-height: 70vh; border: none; }
    Chooser #chooser-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="chooser.cancel"),
        Binding("enter", "pick", "Choose", id="chooser.pick", show=False),
    ]

    def __init__(self, title: str, options: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._values = [value for value, _ in options]
        self._labels = [label for _, label in options]

    def compose(self) -> ComposeResult:
        with Vertical(id="chooser-frame"):
            yield Label(Text(self._title), id="chooser-title")
            # Labels are plain text: Text, not markup, so "[x]" in a label stays as typed.
            yield OptionList(*(Option(Text(label)) for label in self._labels), id="chooser-list")
            yield Label("↑↓ move · enter choose · esc cancel", id="chooser-hint")

    def on_mount(self) -> None:
        option_list = self.query_one("#chooser-list", OptionList)
        option_list.focus()
        if self._values:
            option_list.highlighted = 0

    @on(OptionList.OptionSelected, "#chooser-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._values[event.option_index])

    def action_pick(self) -> None:
        highlighted = self.query_one("#chooser-list", OptionList).highlighted
        if highlighted is not None:
            self.dismiss(self._values[highlighted])

    def action_cancel(self) -> None:
        self.dismiss(None)
