"""ReviewScreen: the codings a new version of their document left on changed words or without words; accept, adjust
or remove each (every decision one undoable event, as `qualcode documents review` makes them)."""

from __future__ import annotations

from typing import ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from qualcode.project import Project
from qualcode.project.review import ReviewDecision, ReviewItem
from qualcode.ui.app_support import Saving, guarded
from qualcode.ui.modals.line_prompt import LinePrompt

STATUS_LABELS = {"text_changed": "text changed", "vanished": "vanished"}
CELL = 48  # characters of old and new text shown in a row; the detail below shows them whole


def _flat(text: str, width: int = CELL) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class AdjustPrompt(LinePrompt):
    """Ask for the words of the current text a coding should go on; dismisses with them, or None on escape."""

    DEFAULT_CSS = """
    AdjustPrompt { align: center middle; }
    AdjustPrompt > #adjust-frame {
        width: 80%; height: auto; border: thick $primary; background: $surface; padding: 0 1;
    }
    AdjustPrompt #adjust-title { text-style: bold; }
    AdjustPrompt #adjust-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="review.adjust_cancel")]

    def __init__(self, initial: str) -> None:
        super().__init__(initial, prefix="adjust", title="Put the coding on these words of the current text",
                         placeholder="the words as the corrected transcript has them",
                         hint="enter put it there (the place nearest the coding's is taken) · esc cancel")


class ReviewScreen(Screen[tuple[str, int] | None]):
    """Codings awaiting review, of every document; dismisses with (document guid, offset) to open one there."""

    DEFAULT_CSS = """
    ReviewScreen #review-header { height: auto; padding: 0 1; background: $boost; text-style: bold; }
    ReviewScreen #review-table { height: 1fr; }
    ReviewScreen #review-detail-frame {
        height: auto; max-height: 12; border-top: solid $primary-background; padding: 0 1;
    }
    ReviewScreen #review-detail { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept new place", id="review.accept"),
        Binding("e", "adjust", "Adjust", id="review.adjust"),
        Binding("x", "remove", "Remove", id="review.remove"),
        Binding("enter", "open", "Open in transcript", id="review.open", priority=True),
        Binding("escape,q", "close", "Close", id="review.close"),
    ]

    def __init__(self, project: Project, coder: str) -> None:
        super().__init__()
        self.project = project
        self.coder = coder
        self.items: list[ReviewItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-header")
        yield DataTable[Text](id="review-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="review-detail-frame"):
            yield Static(id="review-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#review-table", DataTable)
        table.add_columns("status", "code", "coder", "document", "old text", "now")
        self.load()
        table.focus()

    def load(self) -> None:
        """Read the codings awaiting review again and show them, keeping the cursor's row where it can."""
        table = self.query_one("#review-table", DataTable)
        row = table.cursor_row
        self.items = self.project.codings_to_review()
        table.clear()
        for item in self.items:
            now = Text(_flat(item.new_text)) if item.new_text is not None else Text("(no words left)", style="italic")
            table.add_row(Text(STATUS_LABELS[item.status], style="yellow" if item.status == "text_changed" else "red"),
                          Text(item.code_key or "(not in codebook)"), Text(item.coder), Text(_flat(item.document_title,
                                                                                                     24)),
                          Text(_flat(item.old_text)), now, key=item.coding_guid)
        header = self.query_one("#review-header", Static)
        if not self.items:
            header.update("Nothing awaits review: every coding of a new version is on its words")
            self.query_one("#review-detail", Static).update("")
            return
        documents = len({item.document_guid for item in self.items})
        header.update(f"{len(self.items)} codings await review in {documents} document"
                      f"{'' if documents == 1 else 's'} — a accept the new place · e adjust · x remove")
        table.move_cursor(row=min(row, len(self.items) - 1))
        self._show(min(row, len(self.items) - 1))

    @on(DataTable.RowHighlighted, "#review-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.cursor_row)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        detail = Text()
        detail.append(f"{item.code_key or '(code no longer in the codebook)'}", style="bold")
        detail.append(f" by {item.coder} · {item.document_title}\n")
        detail.append(f"was (version {item.old_version}, {item.old_start}–{item.old_end}): ", style="dim")
        detail.append(item.old_text + "\n")
        if item.new_text is None:
            detail.append(f"now (version {item.new_version}): ", style="dim")
            detail.append("its words are not in the new text; adjust (e) puts it on other words, remove (x) takes "
                          "it away", style="italic")
        else:
            detail.append(f"now (version {item.new_version}, {item.new_start}–{item.new_end}): ", style="dim")
            detail.append(item.new_text)
        if item.memo:
            detail.append(f"\nmemo: {item.memo}", style="dim")
        self.query_one("#review-detail", Static).update(detail)

    def current(self) -> ReviewItem | None:
        row = self.query_one("#review-table", DataTable).cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def _decide(self, item: ReviewItem, decision: str, *, text: str | None = None) -> None:
        """Store the decision on the workbench's writer thread (never freezing the screen while another process
        writes), then say what was done and list what is left."""
        coder = self.coder
        app = cast("Saving", self.app)  # QualcodeApp in the workbench
        app.save(lambda project: project.review_coding(item.document_guid, item.coding_guid, decision, text=text,
                                                       coder=coder),
                 lambda done: self._decided(item, decision, done), self.load)

    def _decided(self, item: ReviewItem, decision: str, done: ReviewDecision) -> None:
        verb = {"accept": "Accepted the new place of", "adjust": "Adjusted", "remove": "Removed"}[decision]
        where = ""
        if done.placed is not None:
            placed = self.project.document_text(item.document_guid)[done.placed[0]:done.placed[1]]
            where = f" onto '{_flat(placed, 60)}'"
        note = f" ({done.note})" if done.note else ""
        self.app.notify(f"{verb} {item.code_key or 'the coding'} '{_flat(item.old_text, 40)}'{where}{note}; "
                        "u in the workbench undoes it", title="Review")
        self.load()

    @guarded
    def action_accept(self) -> None:
        item = self.current()
        if item is None:
            return
        if item.status == "vanished":
            self.app.notify("Its words are not in the new text, so there is no new place to accept: adjust (e) or "
                            "remove (x) it.", severity="warning")
            return
        self._decide(item, "accept")

    @guarded
    def action_remove(self) -> None:
        item = self.current()
        if item is not None:
            self._decide(item, "remove")

    @guarded
    def action_adjust(self) -> None:
        item = self.current()
        if item is None:
            return

        @guarded
        def adjusted(screen: ReviewScreen, words: str | None) -> None:
            if words is not None and words.strip():
                screen._decide(item, "adjust", text=words)

        self.app.push_screen(AdjustPrompt(item.new_text or item.old_text), lambda words: adjusted(self, words))

    def action_open(self) -> None:
        item = self.current()
        if item is not None:
            self.dismiss((item.document_guid, item.new_start if item.new_start is not None else 0))

    def action_close(self) -> None:
        self.dismiss(None)
