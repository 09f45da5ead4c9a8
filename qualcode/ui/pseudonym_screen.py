"""PseudonymScreen: walk the pseudonym key's findings in context; confirm, ignore or give a replacement (each one
undoable change, as `qualcode pseudonyms set|ignore` makes them); enter opens a passage in its transcript."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from qualcode.project import Project
from qualcode.project.pseudonym_key import KeyChange, PseudonymEntry
from qualcode.project.pseudonym_scan import Mention
from qualcode.ui.app_support import Saving, guarded
from qualcode.ui.modals.line_prompt import LinePrompt

SHOWN_MENTIONS = 8
STATUS_STYLES = {"found": "yellow", "confirmed": "green", "ignored": "dim"}


class ReplacementPrompt(LinePrompt):
    """Ask what a real form becomes; dismisses with the text, or None on escape."""

    DEFAULT_CSS = """
    ReplacementPrompt { align: center middle; }
    ReplacementPrompt > #replacement-frame { width: 70%; height: auto; border: thick $primary; background: $surface;
                                             padding: 0 1; }
    ReplacementPrompt #replacement-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="pseudonyms.prompt_cancel")]

    def __init__(self, real: str, current: str) -> None:
        super().__init__(current, prefix="replacement", title=f"What an anonymised report shows instead of '{real}'",
                         placeholder="R3, [naam], Gemeente B, [plaats]", hint="enter keep it · esc cancel")


class PseudonymScreen(Screen[tuple[str, int] | None]):
    """The key's entries (those awaiting review first) with the passages that name the highlighted one."""

    DEFAULT_CSS = """
    PseudonymScreen #pseudonyms-header { height: auto; padding: 0 1; background: $boost; text-style: bold; }
    PseudonymScreen #pseudonyms-table { height: 1fr; }
    PseudonymScreen #pseudonyms-context-frame { height: auto; max-height: 14; border-top: solid $primary-background;
                                                padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "confirm", "Confirm", id="pseudonyms.confirm"),
        Binding("i", "ignore", "Let stay", id="pseudonyms.ignore"),
        Binding("e", "edit", "Replacement", id="pseudonyms.edit"),
        Binding("enter", "open", "Open passage", id="pseudonyms.open", priority=True),
        Binding("escape,q", "close", "Close", id="pseudonyms.close"),
    ]

    def __init__(self, project: Project, coder: str) -> None:
        super().__init__()
        self.project = project
        self.coder = coder
        self.entries: list[PseudonymEntry] = []
        self.mentions: list[Mention] = []
        # Each real form's passages, read once per load: finding them reads every transcript, and a cursor move
        # (and the load's own move) would read them again.
        self._mentions: dict[str, list[Mention]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="pseudonyms-header")
        yield DataTable[Text](id="pseudonyms-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="pseudonyms-context-frame"):
            yield Static(id="pseudonyms-context")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#pseudonyms-table", DataTable)
        table.add_columns("real", "replacement", "kind", "status", "found")
        self.load()
        table.focus()

    def load(self, keep: str | None = None) -> None:
        """Read the key again: entries awaiting review first; the cursor stays on keep (a real form) or its row."""
        table = self.query_one("#pseudonyms-table", DataTable)
        row = table.cursor_row
        self._mentions.clear()
        order = {"found": 0, "confirmed": 1, "ignored": 2}
        self.entries = sorted(self.project.pseudonyms(), key=lambda entry: (order[entry.status], entry.kind,
                                                                              entry.real.casefold()))
        table.clear()
        for entry in self.entries:
            table.add_row(Text(entry.real), Text(entry.replacement), Text(entry.kind),
                          Text(entry.status, style=STATUS_STYLES[entry.status]), Text(str(entry.count)),
                          key=entry.real)
        header = self.query_one("#pseudonyms-header", Static)
        if not self.entries:
            header.update("The pseudonym key is empty: 'qualcode pseudonyms scan' finds candidates")
            self.query_one("#pseudonyms-context", Static).update("")
            return
        waiting = sum(entry.status == "found" for entry in self.entries)
        header.update(f"{len(self.entries)} in the key, {waiting} awaiting review — c confirm · i let stay · "
                      "e replacement · enter open the passage")
        if keep is not None:
            row = next((at for at, entry in enumerate(self.entries) if entry.real == keep), row)
        row = max(0, min(row, len(self.entries) - 1))
        table.move_cursor(row=row)
        self._show(row)

    @on(DataTable.RowHighlighted, "#pseudonyms-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.cursor_row)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        if entry.real not in self._mentions:
            self._mentions[entry.real] = self.project.pseudonym_mentions(entry.real, limit=SHOWN_MENTIONS)
        self.mentions = self._mentions[entry.real]
        detail = Text()
        detail.append(f"{entry.real} → {entry.replacement}", style="bold")
        detail.append(f"  ({entry.kind}, {entry.status}; {entry.source})\n")
        if not self.mentions:
            detail.append("not in any transcript now", style="italic")
        for mention in self.mentions:
            detail.append(f"{mention.document_title}: ", style="dim")
            detail.append(f"…{mention.before} ")
            detail.append(mention.found, style="reverse")
            detail.append(f" {mention.after}…\n")
        self.query_one("#pseudonyms-context", Static).update(detail)

    def current(self) -> PseudonymEntry | None:
        row = self.query_one("#pseudonyms-table", DataTable).cursor_row
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _change(self, entry: PseudonymEntry, work: Callable[[Project], KeyChange]) -> None:
        app = cast("Saving", self.app)
        app.save(work, lambda change: self._changed(entry, change), lambda: self.load(entry.real))

    def _changed(self, entry: PseudonymEntry, change: KeyChange) -> None:
        self.app.notify(f"{change.summary}; u in the workbench undoes it", title="Pseudonyms")
        self.load(entry.real)

    @guarded
    def action_confirm(self) -> None:
        entry = self.current()
        if entry is not None:
            coder = self.coder
            self._change(entry, lambda project: project.set_pseudonym(entry.real, coder=coder))

    @guarded
    def action_ignore(self) -> None:
        entry = self.current()
        if entry is not None:
            coder = self.coder
            self._change(entry, lambda project: project.ignore_pseudonym(entry.real, coder=coder))

    @guarded
    def action_edit(self) -> None:
        entry = self.current()
        if entry is None:
            return
        coder = self.coder

        def chosen(replacement: str | None) -> None:
            if replacement is not None:
                self._change(entry, lambda project: project.set_pseudonym(entry.real, replacement, coder=coder))

        self.app.push_screen(ReplacementPrompt(entry.real, entry.replacement), chosen)

    def action_open(self) -> None:
        if self.mentions:
            self.dismiss((self.mentions[0].document_guid, self.mentions[0].start))

    def action_close(self) -> None:
        self.dismiss(None)
