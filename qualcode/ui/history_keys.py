"""Undo and redo (u, U): this coder's newest change taken back or made again, on the writer thread like every
change (so after the changes made before it); once stored, the screen follows what it touched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.ui.suggestion_keys import refresh_suggestions
from qualcode.ui.transcript_view import TranscriptView

if TYPE_CHECKING:
    from qualcode.project import UndoResult
    from qualcode.ui.workbench import WorkbenchScreen


def undo_or_redo(screen: WorkbenchScreen, *, undo: bool) -> None:
    coder = screen.qualcode.coder
    screen.qualcode.save(lambda project: project.undo(coder) if undo else project.redo(coder),
                         lambda result: _done(screen, result, undo=undo), screen.show_stored)


def _done(screen: WorkbenchScreen, result: UndoResult | None, *, undo: bool) -> None:
    app = screen.qualcode
    if result is None:
        screen.notify("Nothing to undo." if undo else "Nothing to redo.", timeout=2)
        return
    app.recent_changed()
    screen.notify(result.summary, timeout=4)
    data = screen.data
    if data is not None and not app.project.document_progress(None, data.shown.guid):
        screen.open_first_remaining()  # the undo or redo removed the document on screen
        return
    if result.document_guid and not app.project.document_progress(None, result.document_guid):
        screen.refresh_counts()  # e.g. redoing a removal of another document
    elif result.document_guid and (data is None or result.document_guid != data.shown.guid):
        screen.refresh_counts()  # the document may be back from an undone removal
        screen.open_document(result.document_guid, result.start)
    elif data is not None and app.project.document(data.shown.guid).sha256 != data.sha256:
        screen.open_document(data.shown.guid, result.start)  # a version undone or redone: another text
    else:
        refresh_suggestions(screen)  # an undone decision on suggestions shows them pending again
        screen.reload_codings()
        if result.start is not None:
            screen.query_one(TranscriptView).go_to_offset(result.start)
