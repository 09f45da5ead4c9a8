"""Shared pieces of the UI: the 'not saved' marker and the guard that turns errors into notifications."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Protocol, TypeVar

from textual.dom import DOMNode

from qualcode.domain.errors import QualcodeError

if TYPE_CHECKING:
    from qualcode.project import Project

log = logging.getLogger("qualcode.ui")
Node = TypeVar("Node", bound=DOMNode)
Params = ParamSpec("Params")
Result = TypeVar("Result")


class Failed:
    """What QualcodeApp.guard() returns when the work raised; the error was already shown to the user."""


FAILED = Failed()


def report_error(node: DOMNode, error: Exception) -> None:
    """Show an error as a notification: a store or input error as it is, anything else with its type."""
    if isinstance(error, QualcodeError):
        node.app.notify(str(error), title="Not done", severity="error", timeout=8)
        return
    # The UI must outlive any bug; the log keeps the traceback for the report.
    log.exception("unexpected error in the workbench", exc_info=error)
    node.app.notify(f"{type(error).__name__}: {error}", title="Unexpected error (nothing was half-saved)",
                    severity="error", timeout=10)


def guarded(handler: Callable[Concatenate[Node, Params], None]) -> Callable[Concatenate[Node, Params], None]:
    """Wrap an action or message handler so that an error becomes a notification instead of ending the app."""

    def run(node: Node, /, *args: Params.args, **kwargs: Params.kwargs) -> None:
        try:
            handler(node, *args, **kwargs)
        except Exception as error:
            report_error(node, error)

    functools.update_wrapper(run, handler)  # keeps the name Textual dispatches on, and @on's markers
    return run


class Saving(Protocol):
    """What a screen needs of its app to store a change: QualcodeApp.save, which stores it on the writer thread
    (a screen shown on its own in a test gets an app that stores at once)."""

    def save(self, work: Callable[[Project], Any], then: Callable[[Any], None],
             failed: Callable[[], None] | None = None) -> None: ...
