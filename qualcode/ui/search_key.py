"""Project-wide search from the workbench (ctrl+f): open the search screen, jump to a hit, code hits.

A hit is coded as the sentence it stands in; each sentence is one coding and one undoable change, stored in order
on the writer thread like every change (two hits in one sentence are one passage).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from qualcode.ui.app_support import guarded
from qualcode.ui.modals import CodePicker
from qualcode.ui.writes import Job

if TYPE_CHECKING:
    from qualcode.project import CodingRow, Project
    from qualcode.project.search import SearchHit, SearchResult
    from qualcode.ui.workbench import WorkbenchScreen


def open_search(screen: WorkbenchScreen) -> None:
    """Push the search screen with the last query; enter on a hit opens it in the transcript."""
    from qualcode.ui.search_screen import SearchScreen

    app = screen.qualcode

    def code(hits: list[SearchHit]) -> None:
        app.push_screen(CodePicker(app.pickable), lambda key: _code_hits(screen, hits, key))

    def search(query: str, compounds: bool, then: Callable[[SearchResult], None],
               failed: Callable[[Exception], None]) -> None:
        # On the writer thread's own Project, in order after the changes made before it: a search of a million
        # words with tens of thousands of hits takes a second or two, and the workbench stays responsive.
        if app.writes is None:
            then(app.project.search(query, compounds=compounds))
            return
        app.writes.submit(Job(lambda project: project.search(query, compounds=compounds), then, failed,
                              change=False))

    app.push_screen(SearchScreen(app.project, code, screen.last_query, search), app.open_passage)


@guarded
def _code_hits(screen: WorkbenchScreen, hits: list[SearchHit], key: str | None) -> None:
    if not key:
        return
    app, coder = screen.qualcode, screen.qualcode.coder
    sentences = sorted({(hit.document_guid, hit.sentence_start, hit.sentence_end) for hit in hits})
    done: list[str] = []

    def stored(guid: str) -> None:
        done.append(guid)
        if len(done) == len(sentences):
            app.note_applied(key)
            app.notify(f"Coded {len(sentences)} {'passage' if len(sentences) == 1 else 'passages'} with "
                       f"{app.code_name(key)} (u undoes them one by one).", timeout=4)
        screen.stored_in(guid)

    def apply(guid: str, start: int, end: int) -> Callable[[Project], CodingRow]:
        return lambda project: project.apply_coding(guid, start, end, key, coder)

    def then(guid: str) -> Callable[[CodingRow], None]:
        return lambda _: stored(guid)

    for guid, start, end in sentences:
        app.save(apply(guid, start, end), then(guid), screen.show_stored)
