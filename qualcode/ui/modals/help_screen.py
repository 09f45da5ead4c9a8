"""A modal help screen listing every key binding by group, with the id to remap it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

REMAP_HINT = 'Remap any key in qualcode.toml under [keys], e.g.  cursor.next = "j,down"'


@dataclass(frozen=True)
class HelpRow:
    """One binding as shown in the help screen."""

    group: str
    keys: str
    description: str
    binding_id: str


class HelpScreen(ModalScreen[None]):
    """The key bindings, grouped in order of first appearance; escape, ? or q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > #help-frame {
        width: 85%; height: 90%; border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; }
    HelpScreen #help-table { height: 1fr; }
    HelpScreen #help-remap { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "close", "Close help", id="help.close")]

    def __init__(self, rows: Sequence[HelpRow]) -> None:
        super().__init__()
        self._rows = list(rows)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-frame"):
            yield Label("Key bindings", id="help-title")
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=False)
            yield Static(Text(REMAP_HINT), id="help-remap")

    def on_mount(self) -> None:
        table = self.query_one("#help-table", DataTable)
        table.add_columns("Keys", "Id (for [keys])", "Action")
        groups: dict[str, list[HelpRow]] = {}
        for row in self._rows:
            groups.setdefault(row.group, []).append(row)
        for group_index, (group, rows) in enumerate(groups.items()):
            if group_index:
                table.add_row("", "", "")
            table.add_row(Text(group, style="bold reverse"), "", "")
            for row in rows:
                table.add_row(Text(row.keys, style="bold"), Text(row.binding_id, style="dim"), Text(row.description))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
