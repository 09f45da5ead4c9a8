"""A one-line modal prompt for finding words in the open document."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class FindPrompt(ModalScreen[str | None]):
    """Ask what to find; dismisses with the typed text (possibly ""), or None on escape."""

    DEFAULT_CSS = """
    FindPrompt { align: center middle; }
    FindPrompt > #find-frame {
        width: 70%; height: auto; border: thick $primary; background: $surface; padding: 0 1;
    }
    FindPrompt #find-title { text-style: bold; }
    FindPrompt #find-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="find.cancel")]

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self._initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="find-frame"):
            yield Label("Find in this document (lemma-aware)", id="find-title")
            yield Input(self._initial, placeholder="a word or phrase; inflections match too", id="find-input")
            yield Label("enter find · esc cancel", id="find-hint")

    def on_mount(self) -> None:
        self.query_one("#find-input", Input).focus()

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
