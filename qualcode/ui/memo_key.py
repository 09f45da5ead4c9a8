"""Memos (key m): on the coding under the cursor (asking which when there are several), else on the document; in the
codebook, on the highlighted code or theme; the project's from the command palette. The text is written in a dialog
and stored on the writer thread like every change, then shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.ui.app_support import guarded
from qualcode.ui.modals import MemoEditor
from qualcode.ui.panels import CodebookPanel
from qualcode.ui.transcript_view import TranscriptView

if TYPE_CHECKING:
    from qualcode.ui.workbench import WorkbenchScreen


def edit_memo(screen: WorkbenchScreen) -> None:
    """Open the memo of the coding under the cursor (this coder's first), or of the document when none is there; of
    the highlighted code when the codebook has the focus."""
    codebook = screen.query_one(CodebookPanel)
    if screen.focused is codebook and codebook.highlighted_code is not None:
        edit_code_memo(screen, codebook.highlighted_code)
        return
    codings = screen.query_one(TranscriptView).codings_under_cursor()
    mine = [c for c in codings if c.coder == screen.qualcode.coder] or codings
    if mine:
        screen._choose_coding(mine, "Memo on which coding?", lambda guid: _edit_coding_memo(screen, guid))
    elif screen.data is not None:
        guid = screen.data.shown.guid
        current = screen.qualcode.project.memo("document", guid)
        screen.app.push_screen(MemoEditor("Memo on this document", current, subtitle=screen.data.title),
                               lambda text: _save_memo(screen, "document", guid, text))


@guarded
def edit_code_memo(screen: WorkbenchScreen, key: str) -> None:
    """Open the memo of a code or theme (the synthesis uses it as the code's summary and a theme's introduction)."""
    info = screen.qualcode.codes.get(key)
    current = screen.qualcode.project.memo("code", key)
    screen.app.push_screen(MemoEditor("Memo on this code", current, subtitle=info.row.name if info else key),
                           lambda text: _save_memo(screen, "code", key, text))


@guarded
def edit_project_memo(screen: WorkbenchScreen) -> None:
    """Open the project's memo."""
    current = screen.qualcode.project.memo("project", "")
    screen.app.push_screen(MemoEditor("Memo on the project", current),
                           lambda text: _save_memo(screen, "project", "", text))


@guarded
def _edit_coding_memo(screen: WorkbenchScreen, guid: str | None) -> None:
    if not guid:
        return
    current = screen.qualcode.project.memo("coding", guid)
    screen.app.push_screen(MemoEditor("Memo on this coding", current),
                           lambda text: _save_memo(screen, "coding", guid, text))


@guarded
def _save_memo(screen: WorkbenchScreen, kind: str, guid: str, text: str | None) -> None:
    if text is None:
        return
    app, coder, shown = screen.qualcode, screen.qualcode.coder, screen.data.shown.guid if screen.data else None
    app.save(lambda project: project.set_memo(kind, guid, text, coder), lambda _: _memo_saved(screen, text, shown),
             screen.show_stored)


def _memo_saved(screen: WorkbenchScreen, text: str, guid: str | None) -> None:
    screen.notify("Memo saved." if text.strip() else "Memo removed.", timeout=2)
    screen.stored_in(guid)
