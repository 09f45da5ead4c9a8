"""A one-line modal prompt for finding words in the open document."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from qualcode.ui.modals.line_prompt import LinePrompt


class FindPrompt(LinePrompt):
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
        super().__init__(initial, prefix="find", title="Find in this document (lemma-aware)",
                         placeholder="a word or phrase; inflections match too", hint="enter find · esc cancel")
