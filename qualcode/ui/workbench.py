"""The main screen: documents, the transcript, the codebook and the codings under the cursor."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, Tree

from qualcode.ui.app_support import guarded
from qualcode.ui.documents import DocumentData, load_document
from qualcode.ui.find_keys import FindKeys
from qualcode.ui.history_keys import undo_or_redo
from qualcode.ui.memo_key import edit_memo
from qualcode.ui.modals import Chooser, CodePicker
from qualcode.ui.panels import CodebookPanel, CodingsBar, DocumentTree, code_details
from qualcode.ui.suggestion_keys import SUGGESTION_BINDINGS, SuggestionKeys, refresh_suggestions
from qualcode.ui.transcript_layout import CodedSpan
from qualcode.ui.transcript_view import TranscriptView

if TYPE_CHECKING:
    from qualcode.ui.app import QualcodeApp

RECENT_KEYS = 9


class WorkbenchScreen(SuggestionKeys, FindKeys, Screen[None]):
    """Where coding happens; every change is stored at once by the app's writer, and shown once it is stored."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c,enter", "pick_code", "Code", id="code.pick"),
        *[Binding(str(n), f"apply_recent({n})", f"Recent code {n}", show=False, id=f"code.recent_{n}")
          for n in range(1, RECENT_KEYS + 1)],
        Binding("x", "remove_coding", "Remove", id="code.remove"),
        Binding("m", "memo", "Memo", id="memo.edit"),
        Binding("ctrl+z,u", "undo", "Undo", id="history.undo"),
        Binding("ctrl+y,U", "redo", "Redo", show=False, id="history.redo"),
        Binding("n", "next_uncoded(1)", "Next to code", id="cursor.next_uncoded"),
        Binding("N", "next_uncoded(-1)", "Prev to code", show=False, id="cursor.previous_uncoded"),
        Binding("right_square_bracket", "next_document(1)", "Next doc", show=False, id="document.next"),
        Binding("left_square_bracket", "next_document(-1)", "Prev doc", show=False, id="document.previous"),
        Binding("slash", "find", "Find", id="find.open"),
        Binding("f3", "find_next", "Next match", show=False, id="find.next"),
        Binding("ctrl+f", "search_project", "Search all", id="screen.search"),
        Binding("r", "retrieval", "Retrieve", id="screen.retrieval"),
        Binding("M", "matrix", "Matrix", id="screen.matrix"),
        Binding("R", "review", "Review", show=False, id="screen.review"),
        Binding("p", "pseudonyms", "Pseudonyms", show=False, id="screen.pseudonyms"),
        Binding("C", "consensus", "Consensus", show=False, id="screen.consensus"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "app.quit", "Quit", id="app.quit"),
        Binding("Q", "use_as_quote", "Quote", show=False, id="code.quote"),
        *SUGGESTION_BINDINGS,
    ]

    def action_use_as_quote(self) -> None:
        """'Use as quote' on the coding under the cursor, or no longer (qualcode.ui.quote_key)."""
        from qualcode.ui.quote_key import use_as_quote

        use_as_quote(self)

    def action_consensus(self) -> None:
        """Settle two coders' disagreements as a consensus coder's codings (qualcode.ui.consensus_key)."""
        from qualcode.ui.consensus_key import open_consensus

        open_consensus(self)

    def __init__(self) -> None:
        super().__init__()
        self.data: DocumentData | None = None
        self.found: list[tuple[int, int]] = []
        self.last_query = ""
        self.project_counts: dict[str, int] = {}
        self.stale = False
        self.found_index = -1

    @property
    def qualcode(self) -> QualcodeApp:
        from qualcode.ui.app import QualcodeApp

        assert isinstance(self.app, QualcodeApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield DocumentTree(id="documents")
            with Vertical(id="centre"):
                yield Static(id="doc-header")
                yield TranscriptView(id="transcript")
            with Vertical(id="right"):
                yield CodebookPanel(id="codebook")
                yield Static(id="code-details")
        yield CodingsBar(id="codings-bar")
        yield Footer()

    def on_mount(self) -> None:
        app = self.qualcode
        progress = app.project.document_progress(app.coder)
        self.project_counts = app.project.codings_per_code()
        self.query_one(DocumentTree).fill(progress, None)
        self.query_one(CodebookPanel).fill(list(app.codes.values()), {}, self.project_counts)
        if progress:
            self.open_document(progress[0].guid)
        else:
            self.query_one("#doc-header", Static).update(
                Text("This project has no transcripts yet: run 'qualcode import transcripts/' first.", style="bold"))
        self.query_one(TranscriptView).focus()

    # -- documents -----------------------------------------------------------------------------------------
    def open_document(self, guid: str, cursor_offset: int | None = None) -> None:
        app = self.qualcode
        self.data = load_document(app.project, guid, app.colour_of)
        self.found = []
        self.found_index = -1
        view = self.query_one(TranscriptView)
        view.show(self.data.shown, self.data.codings, cursor_offset)
        self.query_one("#doc-header", Static).update(self.data.header)
        self.query_one(DocumentTree).select_document(guid)
        # Opening changes no counts but this document's column; the project's counts are kept in memory.
        self.query_one(CodebookPanel).update_counts(self.data.code_counts(), self.project_counts)

    def reload_codings(self, *, only_this_document: bool = False) -> None:
        """Read this document's codings again: after a change here (only_this_document) or anywhere else."""
        if self.data is None:
            return
        before = self.data.code_counts()
        self.data = self.data.with_codings(self.qualcode.coded_spans(self.data.shown.guid))
        self.query_one(TranscriptView).set_codings(self.data.codings)
        if only_this_document:
            # Only this document changed: adjust the project counts in memory instead of asking the store,
            # which keeps a keypress-to-repaint well under the 30 ms budget on large projects.
            after = self.data.code_counts()
            for key in set(before) | set(after):
                self.project_counts[key] = self.project_counts.get(key, 0) - before.get(key, 0) + after.get(key, 0)
            self.query_one(CodebookPanel).update_counts(after, self.project_counts)
            app = self.qualcode
            self.query_one(DocumentTree).update_progress(app.project.document_progress(app.coder, self.data.shown.guid))
        else:
            self.refresh_counts()
        self._show_cursor_codings()

    def external_change(self) -> None:
        """Another coder (or process) wrote: reload what is shown now, or as soon as this screen is back on top."""
        if self.app.screen is not self:
            self.stale = True
            return
        self.stale = False
        app = self.qualcode
        if app.reload_codebook_if_changed():
            self.query_one(CodebookPanel).fill(list(app.codes.values()), {}, app.project.codings_per_code())
        if self.data is not None:
            stored = app.project.document_progress(None, self.data.shown.guid)
            if not stored:
                self.notify("This document was removed by another process.", severity="warning")
                self.open_first_remaining()
                return
            if app.project.document(self.data.shown.guid).sha256 != self.data.sha256:
                # Re-imported with new text: offsets of the old text mean nothing in the new one.
                self.open_document(self.data.shown.guid, self.query_one(TranscriptView).span[0])
                self.notify("This document was re-imported; showing the new text.", severity="warning")
                return
        refresh_suggestions(self)  # e.g. 'qualcode suggest' run in another terminal
        self.reload_codings()

    def on_screen_resume(self) -> None:
        if self.stale:
            self.external_change()

    def refresh_counts(self) -> None:
        app = self.qualcode
        self.project_counts = app.project.codings_per_code()
        in_document = self.data.code_counts() if self.data else {}
        self.query_one(CodebookPanel).update_counts(in_document, self.project_counts)
        # Documents come and go (an import, a removal or its undo, a new case): the list follows.
        self.query_one(DocumentTree).sync(app.project.document_progress(app.coder),
                                          self.data.shown.guid if self.data else None)

    def open_first_remaining(self) -> None:
        """The shown document is gone: show the list without it and open the first one left."""
        app = self.qualcode
        remaining = app.project.document_progress(app.coder)
        self.query_one(DocumentTree).fill(remaining, None)
        if remaining:
            self.open_document(remaining[0].guid)

    @on(Tree.NodeSelected, "#documents")
    @guarded
    def _document_chosen(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data:
            self.open_document(event.node.data)
            self.query_one(TranscriptView).focus()

    @guarded
    def action_next_document(self, step: int) -> None:
        guids = self.query_one(DocumentTree).document_order()
        if not guids:
            return
        current = guids.index(self.data.shown.guid) if self.data and self.data.shown.guid in guids else -1
        self.open_document(guids[(current + step) % len(guids)])

    # -- the cursor ----------------------------------------------------------------------------------------
    @on(TranscriptView.SelectionChanged)
    @guarded
    def _selection_changed(self, event: TranscriptView.SelectionChanged) -> None:
        self._show_cursor_codings()

    def _show_cursor_codings(self) -> None:
        view = self.query_one(TranscriptView)
        codings = view.codings_under_cursor()
        if codings:
            self.query_one(CodebookPanel).highlight_code(codings[0].code_key)
        where = self.data.describe(view.span, view.selection) if self.data else ""
        self.query_one(CodingsBar).show_codings(codings, self.qualcode.codes, where, self.qualcode.recent)

    @on(Tree.NodeHighlighted, "#codebook")
    def _code_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        info = self.qualcode.codes.get(event.node.data or "")
        self.query_one("#code-details", Static).update(code_details(info))

    @on(Tree.NodeSelected, "#codebook")
    @guarded
    def _code_chosen(self, event: Tree.NodeSelected[str]) -> None:
        key = event.node.data
        if key and self.qualcode.codes[key].row.type is not None:
            self.apply(key)

    @guarded
    def action_next_uncoded(self, step: int) -> None:
        if self.data is None:
            return
        view = self.query_one(TranscriptView)
        target = self.data.next_uncoded_turn(view.span[0], step, self.qualcode.coder)
        if target is None:
            where = "after" if step > 0 else "before"
            self.notify(f"No respondent turn {where} this one that you have not coded.", timeout=3)
            return
        view.go_to_offset(target)

    # -- coding --------------------------------------------------------------------------------------------
    @guarded
    def action_pick_code(self) -> None:
        self.app.push_screen(CodePicker(self.qualcode.pickable), self._picked)

    @guarded
    def _picked(self, key: str | None) -> None:
        if key:
            self.apply(key)

    @guarded
    def action_apply_recent(self, number: int) -> None:
        recent = self.qualcode.recent
        if number > len(recent):
            self.notify(f"No recent code on {number} yet: apply codes with c first.", timeout=3)
            return
        self.apply(recent[number - 1])

    def apply(self, code_key: str) -> None:
        if self.data is None:
            return
        start, end = self.query_one(TranscriptView).span
        if end <= start:
            self.notify("Select some text first.", severity="warning")
            return
        app, guid, coder, shown = self.qualcode, self.data.shown.guid, self.qualcode.coder, self.data.sha256
        app.save(lambda project: project.apply_coding(guid, start, end, code_key, coder, shown_sha256=shown),
                 lambda _: self._applied(guid, code_key), self.show_stored)

    def _applied(self, guid: str, code_key: str) -> None:
        self.qualcode.note_applied(code_key)
        self.stored_in(guid)

    def stored_in(self, guid: str | None) -> None:
        """A change to document guid was stored: show it, or only the counts when that document is not shown."""
        if self.data is not None and self.data.shown.guid == guid:
            self.reload_codings(only_this_document=True)
        else:
            self.refresh_counts()

    def show_stored(self) -> None:
        """After a change failed: show this document's codings as the database holds them."""
        self.reload_codings(only_this_document=True)

    @guarded
    def action_remove_coding(self) -> None:
        codings = self.query_one(TranscriptView).codings_under_cursor()
        mine = [c for c in codings if c.coder == self.qualcode.coder]
        if not mine:
            others = sorted({c.coder for c in codings})
            message = (f"The codings here are by {', '.join(others)}; switch coder (ctrl+p) to remove them."
                       if others else "No coding under the cursor.")
            self.notify(message, severity="warning", timeout=4)
            return
        self._choose_coding(mine, "Remove which coding?", self._remove)

    @guarded
    def _remove(self, coding_guid: str | None) -> None:
        if coding_guid and self.data is not None:
            app, guid, coder = self.qualcode, self.data.shown.guid, self.qualcode.coder
            app.save(lambda project: project.remove_coding(coding_guid, coder), lambda _: self._removed(guid),
                     self.show_stored)

    def _removed(self, guid: str) -> None:
        self.qualcode.recent_changed()
        self.stored_in(guid)

    def _choose_coding(self, codings: list[CodedSpan], title: str, then: Callable[[str | None], None]) -> None:
        if len(codings) == 1:
            then(codings[0].guid)
            return
        codings = sorted(codings, key=lambda c: (self.qualcode.code_name(c.code_key), c.coder, c.start))
        options = [(c.guid, f"{self.qualcode.code_name(c.code_key)} · {c.coder} · "
                            f"{' '.join(self.data.shown.text[c.start:c.end].split())[:60] if self.data else ''}")
                   for c in codings]
        self.app.push_screen(Chooser(title, options), then)

    @guarded
    def action_memo(self) -> None:
        edit_memo(self)

    # -- history -------------------------------------------------------------------------------------------
    @guarded
    def action_undo(self) -> None:
        undo_or_redo(self, undo=True)

    @guarded
    def action_redo(self) -> None:
        undo_or_redo(self, undo=False)

    # -- other screens -------------------------------------------------------------------------------------
    @guarded
    def action_retrieval(self) -> None:
        key = self.query_one(CodebookPanel).highlighted_code
        if key is None:
            self.notify("Highlight a code in the codebook first.", severity="warning")
            return
        self.qualcode.open_retrieval(key)

    @guarded
    def action_matrix(self) -> None:
        self.qualcode.open_matrix()

    @guarded
    def action_review(self) -> None:
        """The codings a new version of their document left for review; enter opens one in its transcript."""
        from qualcode.ui.review import ReviewScreen

        app = self.qualcode

        def back(target: tuple[str, int] | None) -> None:
            if target is not None:
                app.open_passage(target)
            elif self.data is not None:  # decisions move and remove codings: show them as they are now
                app.open_document(self.data.shown.guid, self.query_one(TranscriptView).selection.span[0])

        app.push_screen(ReviewScreen(app.project, app.coder), back)

    @guarded
    def action_pseudonyms(self) -> None:
        """The pseudonym key's findings in context (qualcode.ui.pseudonym_screen); enter opens a passage."""
        from qualcode.ui.pseudonym_screen import PseudonymScreen

        app = self.qualcode
        app.push_screen(PseudonymScreen(app.project, app.coder), app.open_passage)

    @guarded
    def action_help(self) -> None:
        self.qualcode.open_help()
