"""A one-line modal prompt: a title, an input and a hint; the find, adjust and replacement prompts are its kinds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class LinePrompt(ModalScreen[str | None]):
    """Dismisses with the typed text (possibly ""), or None on escape. A kind gives its own DEFAULT_CSS and BINDINGS
    (an escape binding to `cancel` with its keymap id); its widgets' ids are `{prefix}-frame`, `-title`, `-input`
    and `-hint`."""

    def __init__(self, initial: str, *, prefix: str, title: str, placeholder: str, hint: str) -> None:
        super().__init__()
        self._initial = initial
        self._prefix = prefix
        self._title = title
        self._placeholder = placeholder
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self._prefix}-frame"):
            yield Label(self._title, id=f"{self._prefix}-title")
            yield Input(self._initial, placeholder=self._placeholder, id=f"{self._prefix}-input")
            yield Label(self._hint, id=f"{self._prefix}-hint")

    def on_mount(self) -> None:
        self.query_one(f"#{self._prefix}-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
