"""The real program in a real terminal: 'qualcode code' in tmux, driven by keys, checked in its database.

The demo project is built with the command line; the workbench runs in a detached tmux session on a private
tmux server; the test types j, c, "routekaart", Enter (code the second sentence), u (undo) and q (quit).
"""

from __future__ import annotations

import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from qualcode.project import Project

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it with apt-get)")

CODER = "tmuxtester"
CODE_KEY = "ambitie.routekaart"
QUERY = "routekaart"  # typed into the code picker: part of the name of CODE_KEY in the demo codebook
WIDTH, HEIGHT = 120, 34
T = TypeVar("T")

# 'python -m qualcode' runs qualcode/__main__.py; 'python -m qualcode.cli.main' works too, but warns that the
# module was already imported by its package (a RuntimeWarning from runpy) before the UI takes the screen.
QUALCODE = [sys.executable, "-m", "qualcode"]


class Tmux:
    """A private tmux server (its own socket, no user configuration) holding one session."""

    def __init__(self, folder: Path) -> None:
        assert TMUX is not None
        self.socket = f"qualcode-test-{uuid.uuid4().hex[:10]}"
        self.session = self.socket
        config = folder / "tmux.conf"
        # Keep the pane of an ended program, so that what it printed last is still there when a check fails.
        config.write_text("set -g remain-on-exit on\n", encoding="utf-8")
        self.base = [TMUX, "-L", self.socket, "-f", str(config)]
        self.socket_path: Path | None = None

    def run(self, *args: str) -> str:
        done = subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=10, check=False)
        if done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: list[str], exit_status: Path) -> None:
        """Run command in the session; a shell around it writes its exit status to the file exit_status.

        The test reads the status from that file rather than from tmux: now and then the tmux server leaves its
        ended child a zombie for many seconds, and only reports the status (#{pane_dead_status}) once it is reaped.
        """
        script = f"{shlex.join(command)}; echo $? > {shlex.quote(str(exit_status))}"
        self.run("new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT), "-s", self.session,
                 shlex.join(["sh", "-c", script]))
        self.socket_path = Path(self.run("display-message", "-p", "#{socket_path}").strip())

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def pane_dead(self) -> bool | None:
        """True once the program in the pane has ended (tmux saw its terminal close), else None."""
        dead = self.run("display-message", "-p", "-t", self.session, "#{pane_dead}").strip()
        return True if dead == "1" else None

    def stop(self) -> None:
        for args in (("kill-session", "-t", self.session), ("kill-server",)):
            subprocess.run([*self.base, *args], capture_output=True, timeout=10, check=False)
        if self.socket_path is not None and self.socket_path.name == self.socket:
            self.socket_path.unlink(missing_ok=True)  # tmux leaves the socket of a killed server behind


def wait_for(what: str, probe: Callable[[], T | None], tmux: Tmux, timeout: float = 60.0) -> T:
    """Poll probe until it returns something other than None; fail with the screen after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; the screen:\n{tmux.screen()}")
        time.sleep(0.1)


def on_screen(tmux: Tmux, *texts: str) -> Callable[[], str | None]:
    def probe() -> str | None:
        screen = tmux.screen()
        return screen if all(text in screen for text in texts) else None

    return probe


def query(database: Path, sql: str, *parameters: object) -> list[tuple[object, ...]]:
    """Read the project database read-only, in a fresh connection (so that every poll sees the latest commit)."""
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


MY_CODINGS = """
    SELECT d.guid, g.guid, g.start, g."end", c.key FROM codings g JOIN coders k ON k.id = g.coder_id
    JOIN documents d ON d.id = g.document_id JOIN codes c ON c.id = g.code_id WHERE k.name = ?
"""


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def test_code_and_undo_a_sentence_in_the_real_program(tmux: Tmux, tmp_path: Path) -> None:
    root = tmp_path / "demo"
    built = subprocess.run([*QUALCODE, "demo", str(root), "--no-ui"], capture_output=True, text=True, timeout=120,
                           check=False)
    assert built.returncode == 0, built.stderr
    with Project.open(root) as project:
        first = project.document_progress(None)[0]  # the document the workbench opens
        sentences = [(start, end) for start, end, _ in project.sentences(first.guid)]
    assert len(sentences) >= 2
    database = root / "qualcode.db"
    assert not query(database, MY_CODINGS, CODER)

    exit_status = tmp_path / "exit-status"
    tmux.start([*QUALCODE, "--project", str(root), "code", "--coder", CODER], exit_status)
    wait_for("the workbench with its first document", on_screen(tmux, "sentence 1/", "c Code"), tmux, timeout=90)

    tmux.keys("j")
    wait_for("the cursor on the second sentence", on_screen(tmux, "sentence 2/"), tmux)
    tmux.keys("c")
    wait_for("the code picker", on_screen(tmux, "Apply code", "esc cancel"), tmux)
    tmux.keys(QUERY, literal=True)
    wait_for(f"the picker showing {CODE_KEY}", on_screen(tmux, QUERY, CODE_KEY), tmux)
    tmux.keys("Enter")

    codings = wait_for("the coding in the database", lambda: query(database, MY_CODINGS, CODER) or None, tmux)
    assert len(codings) == 1
    document_guid, coding_guid, start, end, code_key = codings[0]
    assert (document_guid, code_key) == (first.guid, CODE_KEY)
    assert (start, end) == sentences[1]
    wait_for("the coding in the codings bar", on_screen(tmux, f"richting  {CODER}"), tmux)

    tmux.keys("u")

    def undone() -> bool | None:
        gone = not query(database, "SELECT 1 FROM codings WHERE guid = ?", coding_guid)
        undo_events = query(database, "SELECT 1 FROM events WHERE action = 'undo' AND coder = ?", CODER)
        return True if gone and undo_events else None

    wait_for("the undo in the database (coding gone, an 'undo' event)", undone, tmux)

    tmux.keys("q")

    def exit_code() -> str | None:
        text = exit_status.read_text(encoding="utf-8").strip() if exit_status.exists() else ""
        return text or None

    assert wait_for("qualcode to quit", exit_code, tmux) == "0", tmux.screen()
    wait_for("the session's program to end", tmux.pane_dead, tmux)


def test_two_coders_in_two_terminals_on_one_project(tmp_path: Path) -> None:
    """Two real processes on one database: both codings land, and each sees the other's within the poll."""
    root = tmp_path / "demo"
    built = subprocess.run([*QUALCODE, "demo", str(root), "--no-ui"], capture_output=True, text=True, timeout=120,
                           check=False)
    assert built.returncode == 0, built.stderr
    with Project.open(root) as project:
        first = project.document_progress(None)[0]
        third_sentence = [(start, end) for start, end, _ in project.sentences(first.guid)][2]
    database = root / "qualcode.db"
    (tmp_path / "anna").mkdir()
    (tmp_path / "bert").mkdir()
    anna, bert = Tmux(tmp_path / "anna"), Tmux(tmp_path / "bert")
    try:
        for name, terminal in (("anna", anna), ("bert", bert)):
            terminal.start([*QUALCODE, "--project", str(root), "code", "--coder", name], tmp_path / f"{name}-exit")
        for terminal in (anna, bert):
            wait_for("the workbench", on_screen(terminal, "sentence 1/", "c Code"), terminal, timeout=90)
            terminal.keys("j", "j")
            wait_for("the cursor on the third sentence", on_screen(terminal, "sentence 3/"), terminal)
        for terminal in (anna, bert):  # both code the same sentence, one right after the other
            terminal.keys("c")
            wait_for("the code picker", on_screen(terminal, "Apply code"), terminal)
            terminal.keys(QUERY, literal=True)
            wait_for("the match", on_screen(terminal, CODE_KEY), terminal)
            terminal.keys("Enter")

        def both_saved() -> list[tuple[object, ...]] | None:
            rows = [row for coder in ("anna", "bert") for row in query(database, MY_CODINGS, coder)]
            return rows if len(rows) == 2 else None

        rows = wait_for("both codings in the database", both_saved, anna)
        assert {(row[2], row[3], row[4]) for row in rows} == {(*third_sentence, CODE_KEY)}
        wait_for("bert's coding on anna's screen", on_screen(anna, "richting  bert"), anna)
        wait_for("anna's coding on bert's screen", on_screen(bert, "richting  anna"), bert)
        for terminal in (anna, bert):
            terminal.keys("q")
            wait_for("the program to end", terminal.pane_dead, terminal)
    finally:
        anna.stop()
        bert.stop()
