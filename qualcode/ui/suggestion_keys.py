"""Code suggestions in the workbench (a, d; A, D): the pending suggestions of the sentence under the cursor, or of the
whole document after a confirmation, accepted or dismissed.

Suggestions sit muted beside their sentence (◇ and the code's name; qualcode.ui.transcript_layout) and are never
applied by themselves. A decision is stored on the writer thread like every change, as one undoable event: an
accepted suggestion becomes a coding by the coder at work, whose event names the suggestion's source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.geometry import Size

from qualcode.ui.app_support import report_error
from qualcode.ui.documents import suggested_spans
from qualcode.ui.modals import Chooser
from qualcode.ui.transcript_layout import SUGGESTION_MARK, SuggestedSpan
from qualcode.ui.transcript_view import TranscriptView

if TYPE_CHECKING:
    from qualcode.project import Project
    from qualcode.project.suggestions import Decision
    from qualcode.ui.workbench import WorkbenchScreen

ACCEPTED, DISMISSED = "accepted", "dismissed"
ALL_HERE = "*all*"
SUGGESTION_BINDINGS = [
    Binding("a", f"suggestion('{ACCEPTED}', False)", "Accept", show=False, id="suggestion.accept"),
    Binding("d", f"suggestion('{DISMISSED}', False)", "Dismiss", show=False, id="suggestion.dismiss"),
    Binding("A", f"suggestion('{ACCEPTED}', True)", "Accept all", show=False, id="suggestion.accept_all"),
    Binding("D", f"suggestion('{DISMISSED}', True)", "Dismiss all", show=False, id="suggestion.dismiss_all"),
]


class SuggestionKeys:
    """The suggestion actions of WorkbenchScreen (a base class of it, so that workbench.py stays small)."""

    def action_suggestion(self, decision: str, whole_document: bool) -> None:
        decide(cast("WorkbenchScreen", self), decision, whole_document)


def decide(screen: WorkbenchScreen, decision: str, whole_document: bool) -> None:
    """Accept or dismiss the suggestions here (asking which when there are several), or all in the document."""
    try:
        layout = screen.query_one(TranscriptView).layout_
        if screen.data is None or layout is None:
            return
        verb = "Accept" if decision == ACCEPTED else "Dismiss"
        if whole_document:
            targets = layout.suggestions_at(0, len(screen.data.shown.text))
            if not targets:
                screen.notify("No pending suggestions in this document: 'qualcode suggest' makes them from the "
                              "codebook's keywords.", timeout=4)
                return
            names = ", ".join(dict.fromkeys(s.name for s in targets))
            question = f"{verb} all {len(targets)} suggestions in this document?"
            options = [("yes", f"{verb} all {len(targets)}: {names}"), ("no", "Cancel")]
            screen.app.push_screen(Chooser(question, options),
                                   lambda choice: _store(screen, decision, targets) if choice == "yes" else None)
            return
        start, end = screen.query_one(TranscriptView).span
        here = layout.suggestions_at(start, end)
        if not here:
            screen.notify(f"No suggestion here: {SUGGESTION_MARK} marks the sentences with one "
                          "(A or D: all in this document).", timeout=4)
        elif len(here) == 1:
            _store(screen, decision, here)
        else:
            options = [(s.guid, s.name) for s in here] + [(ALL_HERE, f"All {len(here)} here")]
            screen.app.push_screen(Chooser(f"{verb} which suggestion?", options),
                                   lambda choice: _chosen(screen, decision, here, choice))
    except Exception as error:  # an error is a notification, never the end of the workbench
        report_error(screen, error)


def refresh_suggestions(screen: WorkbenchScreen) -> None:
    """Read the shown document's pending suggestions again (after a decision, its undo or redo, another process)."""
    view = screen.query_one(TranscriptView)
    layout = view.layout_
    if screen.data is not None and layout is not None:
        layout.set_suggestions(suggested_spans(screen.qualcode.project, screen.data.shown.guid,
                                               screen.qualcode.colour_of))
        view.virtual_size = Size(layout.width, len(layout.rows))  # the first suggestions narrow the text
        view.refresh()


def _chosen(screen: WorkbenchScreen, decision: str, here: Sequence[SuggestedSpan], choice: str | None) -> None:
    if choice:
        _store(screen, decision, here if choice == ALL_HERE else [s for s in here if s.guid == choice])


def _store(screen: WorkbenchScreen, decision: str, targets: Sequence[SuggestedSpan]) -> None:
    if screen.data is None:
        return
    app, coder, document = screen.qualcode, screen.qualcode.coder, screen.data.shown.guid
    guids = [s.guid for s in targets]

    def work(project: Project) -> Decision:
        if decision == ACCEPTED:
            return project.accept_suggestions(guids, coder=coder)
        return project.dismiss_suggestions(guids, coder=coder)

    app.save(work, lambda result: _done(screen, document, result), screen.show_stored)


def _done(screen: WorkbenchScreen, document: str, result: Decision) -> None:
    app = screen.qualcode
    if result.status == ACCEPTED:
        for suggestion in result.decided:
            app.note_applied(suggestion.code_key)
    refresh_suggestions(screen)
    screen.stored_in(document)
    names = ", ".join(dict.fromkeys(app.code_name(s.code_key) for s in result.decided)) or "nothing"
    if result.status == ACCEPTED:
        made = result.codings_made
        screen.notify(f"Accepted {names}: {made} coding{'s' if made != 1 else ''} by you (u undoes).", timeout=4)
    else:
        count = len(result.decided)
        screen.notify(f"Dismissed {count} suggestion{'s' if count != 1 else ''} ({names}); u undoes.", timeout=4)
