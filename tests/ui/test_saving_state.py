"""A write that waits for another process's lock: the workbench keeps responding, says 'saving…', and shows a
change only once it is stored; the day's snapshot is taken off the UI thread as the workbench opens.

Another process holds qualcode.db's write lock (BEGIN IMMEDIATE) until the test tells it to let go; the waits are
for the events themselves (waiting.wait_until), never for a stretch of time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from waiting import SpiedApp, wait_until

import qualcode.storage.backups
import qualcode.storage.connection
from qualcode.project import Project
from qualcode.ui.panels import SAVING
from qualcode.ui.transcript_view import TranscriptView
from qualcode.ui.workbench import WorkbenchScreen

CODER = "tester"
CODE = "ambitie.routekaart"
SIZE = (140, 40)
IN_BAR = "Vastgestelde routekaart geeft richting  tester"  # CODE by CODER, as the codings bar lists it

# Holds the write lock until a line arrives on stdin, then lets go without writing anything.
HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


@contextmanager
def lock_held(database: Path) -> Iterator[Callable[[], None]]:
    """Another process holds the database's write lock; call the yielded function to make it let go."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(database)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdin is not None and holder.stdout is not None
    stdin = holder.stdin

    def release() -> None:
        if holder.poll() is None and not stdin.closed:
            stdin.write("go\n")
            stdin.close()
            assert holder.wait(timeout=60) == 0

    try:
        assert holder.stdout.readline().strip() == "locked", "the other process did not get the write lock"
        yield release
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def screen_text(app: SpiedApp) -> str:
    """The screen as the next paint draws it, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def bench(app: SpiedApp) -> WorkbenchScreen:
    screen = app.workbench()
    assert screen is not None
    return screen


def shown_codings(app: SpiedApp) -> list[tuple[int, int, str, str]]:
    data = bench(app).data
    assert data is not None
    return [(c.start, c.end, c.code_key, c.coder) for c in data.codings]


def stored_codings(project: Project) -> list[tuple[int, int, str, str]]:
    return [(c.start, c.end, c.code_key, c.coder) for c in project.codings() if c.coder == CODER]


def cursor_at(app: SpiedApp, sentence: int) -> Callable[[], bool]:
    """True once the codings bar, as painted, places the cursor on this sentence (1-based)."""
    return lambda: f"sentence {sentence}/" in screen_text(app)


def run(project: Project, steps: Callable[[SpiedApp, Pilot[None]], Awaitable[None]]) -> SpiedApp:
    app = SpiedApp(project, CODER)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: bench(app).data is not None, "the first document open")
            await steps(app, pilot)
            await wait_until(pilot, lambda: not app.unsaved_changes, "every change stored or refused")

    asyncio.run(main())
    return app


@pytest.fixture
def coded_once(demo: Project) -> tuple[Project, list[tuple[int, int, str]]]:
    """The demo with one coding by CODER on the first sentence, so that key 1 applies CODE."""
    guid = demo.document_progress(None)[0].guid
    sentences = demo.sentences(guid)
    demo.apply_coding(guid, sentences[0][0], sentences[0][1], CODE, CODER)
    return demo, sentences


def test_a_coding_that_waits_for_another_process_shows_saving_and_the_screen_keeps_responding(
        coded_once: tuple[Project, list[tuple[int, int, str]]]) -> None:
    demo, sentences = coded_once
    second = (sentences[1][0], sentences[1][1], CODE, CODER)

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        await pilot.press("j")
        await wait_until(pilot, cursor_at(app, 2), "the cursor on the second sentence")
        with lock_held(demo.root / "qualcode.db") as release:
            await pilot.press("1")
            await wait_until(pilot, lambda: SAVING.strip() in screen_text(app), "'saving…' on the screen")
            # The screen answers while the write waits: the cursor moves, and the move is painted.
            await pilot.press("j")
            await wait_until(pilot, cursor_at(app, 3), "the cursor move painted while the write waits")
            await pilot.press("k")
            await wait_until(pilot, cursor_at(app, 2), "the cursor back on the second sentence")
            # Nothing that is not stored is shown as coded, and the other process still holds the lock.
            assert second not in stored_codings(demo)
            assert second not in shown_codings(app)
            assert SAVING.strip() in screen_text(app) and app.unsaved_changes == 1
            release()
            await wait_until(pilot, lambda: second in shown_codings(app), "the stored coding shown")
            await wait_until(pilot, lambda: SAVING.strip() not in screen_text(app), "'saving…' gone")
        assert IN_BAR in screen_text(app)  # the codings bar shows the stored coding under the cursor

    app = run(demo, steps)
    assert second in stored_codings(demo)
    assert not any("busy" in message for message in app.notified)


def test_changes_made_while_one_waits_are_stored_in_the_order_they_were_made(
        coded_once: tuple[Project, list[tuple[int, int, str]]]) -> None:
    demo, sentences = coded_once
    first = (sentences[0][0], sentences[0][1], CODE, CODER)

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        await pilot.press("j")
        await wait_until(pilot, cursor_at(app, 2), "the cursor on the second sentence")
        with lock_held(demo.root / "qualcode.db") as release:
            # Code the second sentence, then undo: the undo must undo that coding, not the earlier one.
            await pilot.press("1", "u")
            await wait_until(pilot, lambda: app.unsaved_changes == 2, "both changes waiting")
            release()
            await wait_until(pilot, lambda: not app.unsaved_changes, "both changes stored")

    app = run(demo, steps)
    assert stored_codings(demo) == [first]
    assert [event.action for event in demo.store.events(2)] == ["undo", "apply_coding"]
    assert any(message.startswith("Undid: coded") for message in app.notified)


def test_a_write_that_gives_up_on_the_lock_is_a_notification_and_nothing_is_shown_as_stored(
        coded_once: tuple[Project, list[tuple[int, int, str]]], monkeypatch: pytest.MonkeyPatch) -> None:
    demo, sentences = coded_once
    second = (sentences[1][0], sentences[1][1], CODE, CODER)
    # The writer's connection is opened as the app starts: each attempt at the lock gives up after 50 ms, and the
    # pause between attempts lasts until the test lets the writer go on (and so give up for good).
    monkeypatch.setattr(qualcode.storage.connection, "BUSY_TIMEOUT_MS", 50)
    retrying, may_give_up = threading.Event(), threading.Event()

    class GatedTime:
        @staticmethod
        def sleep(_seconds: float) -> None:
            retrying.set()
            assert may_give_up.wait(timeout=120), "the test never let the writer give up"

    monkeypatch.setattr(qualcode.storage.connection, "time", GatedTime)

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        await pilot.press("j")
        await wait_until(pilot, cursor_at(app, 2), "the cursor on the second sentence")
        with lock_held(demo.root / "qualcode.db"):
            try:
                await pilot.press("1")
                await wait_until(pilot, retrying.is_set, "the writer waiting to try the lock again")
                await wait_until(pilot, lambda: SAVING.strip() in screen_text(app), "'saving…' on the screen")
                await pilot.press("j")
                await wait_until(pilot, cursor_at(app, 3), "the cursor move painted while the write waits")
            finally:
                may_give_up.set()
            await wait_until(pilot, lambda: not app.unsaved_changes, "the write given up")
            await pilot.press("k")
            await wait_until(pilot, cursor_at(app, 2), "the cursor back on the sentence the coding was for")
            assert app.is_running
            assert second not in shown_codings(app)
            assert SAVING.strip() not in screen_text(app)
            assert IN_BAR not in screen_text(app)

    app = run(demo, steps)
    assert any("busy" in message for message in app.notified)
    assert second not in stored_codings(demo)


def test_the_daily_snapshot_is_taken_as_the_workbench_opens_and_no_keypress_waits_for_it(
        coded_once: tuple[Project, list[tuple[int, int, str]]], monkeypatch: pytest.MonkeyPatch) -> None:
    demo, sentences = coded_once
    second = (sentences[1][0], sentences[1][1], CODE, CODER)
    # Yesterday's work, and no snapshot taken today: the first write of today would take one.
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).replace(microsecond=0).isoformat()
    with sqlite3.connect(demo.root / "qualcode.db") as connection:
        connection.execute("UPDATE events SET at = ?", (yesterday,))
    for old in demo.snapshot_dir.glob("qualcode-*.db"):
        old.unlink()
    copying, may_finish = threading.Event(), threading.Event()
    copied_on: list[threading.Thread] = []
    copy_database = qualcode.storage.backups.copy_database

    def slow_copy(source: Any, target: Path) -> Path:
        copied_on.append(threading.current_thread())
        copying.set()
        assert may_finish.wait(timeout=120), "the test never let the snapshot finish"
        return copy_database(source, target)

    monkeypatch.setattr(qualcode.storage.backups, "copy_database", slow_copy)

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        await wait_until(pilot, copying.is_set, "the daily snapshot begun, before any key")
        try:
            await pilot.press("j")
            await wait_until(pilot, cursor_at(app, 2), "the cursor move painted while the snapshot is copied")
            await pilot.press("1")
            await wait_until(pilot, lambda: SAVING.strip() in screen_text(app), "'saving…' on the screen")
            assert second not in shown_codings(app)
        finally:
            may_finish.set()
        await wait_until(pilot, lambda: second in shown_codings(app), "the coding stored after the snapshot")

    run(demo, steps)
    assert copied_on and copied_on[0] is not threading.main_thread()
    daily = [path for path in demo.snapshot_dir.glob("qualcode-*-daily.db")]
    assert len(daily) == 1 and len(copied_on) == 1, "one daily snapshot, taken once"
    assert second in stored_codings(demo)
    with sqlite3.connect(f"{daily[0].as_uri()}?mode=ro", uri=True) as snapshot:
        in_snapshot = snapshot.execute("SELECT count(*) FROM codings WHERE start = ? AND end = ?",
                                       (second[0], second[1])).fetchone()[0]
    assert in_snapshot == 0, "the snapshot holds the project as it was before today's first change"


def test_quitting_while_a_change_waits_closes_once_it_is_stored(
        coded_once: tuple[Project, list[tuple[int, int, str]]]) -> None:
    demo, sentences = coded_once
    second = (sentences[1][0], sentences[1][1], CODE, CODER)
    app = SpiedApp(demo, CODER)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: bench(app).data is not None, "the first document open")
            await pilot.press("j")
            await wait_until(pilot, lambda: bench(app).query_one(TranscriptView).span[0] == second[0],
                             "the cursor on the second sentence")
            with lock_held(demo.root / "qualcode.db") as release:
                await pilot.press("1", "q")
                await wait_until(pilot, lambda: any("closes once your change is stored" in message
                                                    for message in app.notified), "the promise to close")
                assert app.is_running and SAVING.strip() in screen_text(app)
                release()
                await wait_until(pilot, lambda: not app.is_running, "the app closed once the change was stored")

    asyncio.run(main())
    assert second in stored_codings(demo)


def test_a_project_file_deleted_while_open_is_said_once_and_no_coding_is_acknowledged(demo: Project) -> None:
    root = demo.root
    guid = demo.document_progress(None)[0].guid
    start, end = demo.sentences(guid)[1][:2]
    before = {c.guid for c in demo.codings()}
    stored: list[object] = []

    def gone(app: SpiedApp) -> list[str]:
        return [message for message in app.notified if "deleted or moved" in message]

    async def steps(app: SpiedApp, pilot: Pilot[None]) -> None:
        (root / "qualcode.db").unlink()
        app._look_for_other_writers()  # what the 2-second poll runs
        await wait_until(pilot, lambda: len(gone(app)) == 1, "the poll saying the file is gone")
        app._look_for_other_writers()  # said once: the next poll stays quiet
        app.save(lambda project: project.apply_coding(guid, start, end, CODE, CODER), stored.append)
        await wait_until(pilot, lambda: len(gone(app)) == 2, "the coding refused")
        assert (start, end, CODE, CODER) not in shown_codings(app)

    app = run(demo, steps)
    found = gone(app)
    assert len(found) == 2 and "NOT saved" in found[0] and stored == []
    rescued = sorted((root / ".qualcode" / "backups").glob("qualcode-rescued-*.db"))
    assert rescued, "what the open project still held was copied"
    connection = sqlite3.connect(f"{rescued[0].as_uri()}?mode=ro", uri=True)
    try:
        assert {r[0] for r in connection.execute("SELECT guid FROM codings")} == before
    finally:
        connection.close()
