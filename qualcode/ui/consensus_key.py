"""The workbench's C: choose the two coders (when the project has more than two), name the consensus coder, and open
the consensus review (qualcode.ui.consensus_screen) on their disagreements."""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from qualcode.ui.app_support import report_error

if TYPE_CHECKING:
    from qualcode.ui.workbench import WorkbenchScreen


def open_consensus(screen: WorkbenchScreen) -> None:
    """Ask which two coders (pairs with a consensus coder come last) and the consensus coder's name, then review."""
    from qualcode.ui.modals import Chooser

    try:
        app = screen.qualcode
        consensus_names = set(app.project.consensus_coders())
        pairs = sorted(combinations(sorted(app.project.coders()), 2),
                       key=lambda pair: (bool(consensus_names & set(pair)), pair))
        if not pairs:
            screen.notify("A review needs two coders who coded the same documents; this project has "
                          f"{len(app.project.coders())}.", severity="warning", timeout=5)
            return
        if len(pairs) == 1:
            _name(screen, pairs[0])
            return
        options = [(f"{first}\t{second}", f"{first} (A) and {second} (B)") for first, second in pairs]
        app.push_screen(Chooser("Settle the differences of which two coders?", options),
                        lambda value: _name(screen, tuple(value.split("\t"))) if value else None)
    except Exception as error:  # an error is a notification, never the end of the workbench
        report_error(screen, error)


def _name(screen: WorkbenchScreen, coders: tuple[str, ...]) -> None:
    from qualcode.ui.consensus_screen import ConsensusNamePrompt

    first, second = coders
    screen.qualcode.push_screen(ConsensusNamePrompt((first, second)),
                                lambda name: _review(screen, (first, second), name.strip()) if name else None)


def _review(screen: WorkbenchScreen, coders: tuple[str, str], consensus: str) -> None:
    from qualcode.ui.consensus_screen import ConsensusScreen

    app = screen.qualcode
    name = consensus or "consensus"
    try:  # refused here, with its reason, before the screen opens; the screen starts from what was read
        review = ConsensusScreen(app.project, app.coder, coders, name, pickable=app.pickable,
                                 review=app.project.consensus_review(coders, name))
    except Exception as error:
        report_error(screen, error)
        return

    def back(target: tuple[str, int] | None) -> None:
        if target is not None:
            app.open_passage(target)
        elif screen.data is not None:  # the consensus coder's codings changed: show them as they are now
            app.open_document(screen.data.shown.guid)

    app.push_screen(review, back)
