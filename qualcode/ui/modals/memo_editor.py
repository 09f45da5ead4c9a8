"""A modal memo editor: a soft-wrapping text area; ctrl+s saves, escape cancels."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class MemoEditor(ModalScreen[str | None]):
    """Edit a memo; dismisses with the new text ("" means delete the memo), or None on escape."""

    DEFAULT_CSS = """
    MemoEditor { align: center middle; }
    MemoEditor > #memo-frame {
        width: 80%; height: 70%; border: thick $primary; background: $surface; padding: 0 1;
    }
    MemoEditor #memo-title { text-style: bold; }
    MemoEditor #memo-subtitle { color: $text-muted; }
    MemoEditor #memo-text { height: 1fr; }
    MemoEditor #memo-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save memo", id="memo.save"),
        Binding("escape", "cancel", "Cancel", id="memo.cancel"),
    ]

    def __init__(self, title: str, text: str | None, subtitle: str = "") -> None:
        super().__init__()
        self._title = title
        self._subtitle = subtitle
        self._initial_text = text or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="memo-frame"):
            yield Label(Text(self._title), id="memo-title")
            if self._subtitle:
                yield Label(Text(self._subtitle), id="memo-subtitle")
            yield TextArea(
                self._initial_text, soft_wrap=True, tab_behavior="focus", show_line_numbers=False, id="memo-text"
            )
            yield Label("ctrl+s save · esc cancel", id="memo-hint")

    def on_mount(self) -> None:
        text_area = self.query_one("#memo-text", TextArea)
        text_area.focus()
        text_area.move_cursor(text_area.document.end)

    @property
    def text(self) -> str:
        """The memo as it would be saved: trailing whitespace dropped, whitespace only becomes ""."""
        return self.query_one("#memo-text", TextArea).text.rstrip()

    def action_save(self) -> None:
        self.dismiss(self.text.strip() and self.text)

    def action_cancel(self) -> None:
        self.dismiss(None)
