"""Snapshot tests at a fixed terminal size: the main screen, the code picker, help, retrieval and matrix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable
from waiting import wait_until

from qualcode.project import Project
from qualcode.ui.app import QualcodeApp
from qualcode.ui.panels import CodebookPanel
from qualcode.ui.retrieval import RetrievalScreen

SIZE = (120, 34)
SnapCompare = Callable[..., bool]


def _app(root: Path) -> QualcodeApp:
    # The project stays open for the app's lifetime; the test's tmp folder is removed afterwards.
    return QualcodeApp(Project.open(root), "sanne")


def test_main_screen(snap_compare: SnapCompare, demo_root: Path) -> None:
    assert snap_compare(_app(demo_root), terminal_size=SIZE, press=["j", "j", "J"])


def test_code_picker(snap_compare: SnapCompare, demo_root: Path) -> None:
    assert snap_compare(_app(demo_root), terminal_size=SIZE, press=["j", "c", *"netcong"])


def test_help_screen(snap_compare: SnapCompare, demo_root: Path) -> None:
    assert snap_compare(_app(demo_root), terminal_size=SIZE, press=["question_mark"])


def test_retrieval_screen(snap_compare: SnapCompare, demo_root: Path) -> None:
    async def highlight(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        pilot.app.screen.query_one(CodebookPanel).highlight_code("ambitie.routekaart")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, RetrievalScreen)
                         and pilot.app.screen.query_one("#retrieval-table", DataTable).row_count > 0,
                         "the retrieval screen with its passages")

    assert snap_compare(_app(demo_root), terminal_size=SIZE, run_before=highlight)


def test_matrix_screen(snap_compare: SnapCompare, demo_root: Path) -> None:
    assert snap_compare(_app(demo_root), terminal_size=SIZE, press=["M"])
