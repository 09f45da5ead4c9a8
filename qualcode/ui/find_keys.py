"""Find in the workbench: / finds every form of a word in the open transcript (n of N, word by word), F3 goes to
the next match, ctrl+f searches every transcript (qualcode.ui.search_key)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from qualcode.ui.app_support import guarded
from qualcode.ui.modals import FindPrompt
from qualcode.ui.transcript_view import TranscriptView

if TYPE_CHECKING:
    from qualcode.ui.workbench import WorkbenchScreen


def _screen(keys: FindKeys) -> WorkbenchScreen:
    return cast("WorkbenchScreen", keys)


class FindKeys:
    """The find actions of WorkbenchScreen (a base class of it, so that workbench.py stays small)."""

    def action_find(self) -> None:
        find(_screen(self))

    def action_find_next(self) -> None:
        find_next(_screen(self))

    def action_search_project(self) -> None:
        """Search every transcript (qualcode.ui.search_key): KWIC lines, open a hit, code hits."""
        search_project(_screen(self))


@guarded
def find(screen: WorkbenchScreen) -> None:
    """Ask what to find (the last query offered again)."""
    screen.app.push_screen(FindPrompt(screen.last_query), lambda query: found(screen, query))


@guarded
def found(screen: WorkbenchScreen, query: str | None) -> None:
    """Mark every match of query in the open transcript and go to the first at or after the cursor."""
    if query is None or screen.data is None:
        return
    screen.last_query = query
    spans = screen.qualcode.project.find_in_document(screen.data.shown.guid, query)
    screen.found = spans
    view = screen.query_one(TranscriptView)
    view.set_found(spans)
    if not spans:
        screen.notify(f"'{query}' does not occur in this document (nor any of its forms).", timeout=3)
        return
    cursor = view.span[0]
    # Start at the first match at or after the cursor; F3 then steps through the matches in order.
    screen.found_index = next((i for i, (start, _) in enumerate(spans) if start >= cursor), 0) - 1
    find_next(screen)


@guarded
def find_next(screen: WorkbenchScreen) -> None:
    """Go to the next match (F3), saying which of how many."""
    if not screen.found:
        screen.notify("Nothing to go to: find something first with /.", timeout=2)
        return
    screen.found_index = (screen.found_index + 1) % len(screen.found)
    screen.query_one(TranscriptView).go_to_offset(screen.found[screen.found_index][0])
    screen.notify(f"{screen.found_index + 1} of {len(screen.found)} matches for '{screen.last_query}' — F3 for "
                  "the next.", timeout=3)


@guarded
def search_project(screen: WorkbenchScreen) -> None:
    from qualcode.ui.search_key import open_search

    open_search(screen)
