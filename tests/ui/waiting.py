"""Pilot helpers that wait for the event itself: a spy on notifications, a bounded wait for a condition, and the one
way the UI tests run the app."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

import qualcode.ui.app
from qualcode.project import Project
from qualcode.ui.app import QualcodeApp

# Pauses, not seconds: on a loaded machine a wait is longer, never a failure, unless the event never comes.
PAUSES = 2000
PAUSE_SECONDS = 0.01


class SpiedApp(QualcodeApp):
    """The workbench app, keeping every notification's message: toasts expire, a list does not."""

    # Textual resolves a relative CSS_PATH next to the subclass's module: point at the app's own file.
    CSS_PATH = str(Path(qualcode.ui.app.__file__).with_name(QualcodeApp.CSS_PATH))

    def __init__(self, project: Project, coder: str) -> None:
        super().__init__(project, coder)
        self.notified: list[str] = []

    def notify(self, message: str, *args: Any, **options: Any) -> None:
        self.notified.append(str(message))
        super().notify(message, *args, **options)


def run_app(project: Project, coder: str, steps: Callable[[SpiedApp, Pilot[None]], Awaitable[None]],
            size: tuple[int, int] = (140, 40)) -> SpiedApp:
    """Run the app on project as coder, let steps drive it, wait until every change is stored (or refused: what a
    store shows, a notification, comes after), and return the app for assertions on its notifications."""
    app = SpiedApp(project, coder)

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(app, pilot)
            await wait_until(pilot, lambda: not app.unsaved_changes, "every change stored")
            await pilot.pause()

    asyncio.run(main())
    return app


async def wait_until(pilot: Pilot[Any], condition: Callable[[], object], what: str) -> None:
    """Let the app run until condition() is true; fail naming `what` if it never is."""
    for _ in range(PAUSES):
        if condition():
            return
        await pilot.pause(PAUSE_SECONDS)
    raise AssertionError(f"the app never reached: {what}")


def palette_offers(app: QualcodeApp, wanted: str) -> Callable[[], bool]:
    """True once the command palette has finished its search and highlights an entry containing `wanted`."""

    def offers() -> bool:
        palette = app.screen
        if not isinstance(palette, CommandPalette):
            return False
        if any(worker.node is palette and not worker.is_finished for worker in app.workers):
            return False
        options = palette.query_one(CommandList)
        if options.highlighted is None:
            return False
        return wanted.casefold() in str(options.get_option_at_index(options.highlighted).prompt).casefold()

    return offers
