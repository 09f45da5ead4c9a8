"""'Use as quote' (key Q): the coding under the cursor becomes a chosen quote of its code for the synthesis, or,
pressed again, no longer one. The choice is stored on the writer thread like every change (Project.choose_quote, one
undoable event); what it did is a notification once stored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.ui.app_support import report_error
from qualcode.ui.transcript_view import TranscriptView

if TYPE_CHECKING:
    from qualcode.project import Project
    from qualcode.project.quote_choice import QuoteChoice
    from qualcode.ui.workbench import WorkbenchScreen


def use_as_quote(screen: WorkbenchScreen) -> None:
    """Choose (or unchoose) the coding under the cursor as a quote; ask which when several codings are there."""
    try:
        codings = screen.query_one(TranscriptView).codings_under_cursor()
        if not codings:
            screen.notify("No coding under the cursor: code the passage first, then press Q to quote it.",
                          severity="warning", timeout=4)
            return
        screen._choose_coding(codings, "Use which coding as a quote?", lambda guid: _toggle(screen, guid))
    except Exception as error:  # an error is a notification, never the end of the workbench
        report_error(screen, error)


def _toggle(screen: WorkbenchScreen, coding_guid: str | None) -> None:
    if not coding_guid:
        return
    app, coder = screen.qualcode, screen.qualcode.coder

    def work(project: Project) -> QuoteChoice:
        chosen = {quote.coding_guid for quote in project.chosen_quotes()}
        return project.choose_quote(coding_guid, coding_guid not in chosen, coder=coder)

    app.save(work, lambda result: _done(screen, result))


def _done(screen: WorkbenchScreen, result: QuoteChoice) -> None:
    name = screen.qualcode.code_name(result.code_key)
    if result.chosen:
        screen.notify(f"Quoted first for “{name}” in the synthesis (Q again: no longer; u undoes).", timeout=4)
    else:
        screen.notify(f"No longer a chosen quote for “{name}”.", timeout=4)
