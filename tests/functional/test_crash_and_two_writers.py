"""Durability in the suite: a coder SIGKILLed at random moments loses no acknowledged coding, and two coders
writing at once lose no update."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from coding_project import build_project

from qualcode.project import Project

pytestmark = pytest.mark.slow

KILLS = 50
CODES = ("ambitie.routekaart", "ambitie.draagvlak", "geld.budget")
CRASH_CODER = "crash"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return build_project(tmp_path / "studie")


def _spans(project: Project) -> list[tuple[str, int, int]]:
    return [(document.guid, start, end) for document in project.documents()
            for start, end, _ in project.sentences(document.guid)]


def _code_until_killed(root: Path, seed: int, acknowledge: int) -> None:
    """The child: code sentences through Project.apply_coding forever, acknowledging each GUID once it returned."""
    try:
        rng = random.Random(seed)
        with Project.open(root) as project:
            spans = _spans(project)
            os.write(acknowledge, b"ready\n")
            while True:
                guid, start, end = rng.choice(spans)
                coding = project.apply_coding(guid, start, end, rng.choice(CODES), CRASH_CODER)
                os.write(acknowledge, coding.guid.encode() + b"\n")  # unbuffered: what is written is acknowledged
    except BaseException as error:  # a forked child must never return into pytest
        os.write(acknowledge, f"error {error!r}\n".encode())
    finally:
        os._exit(1)


def _read_all(descriptor: int) -> Iterator[str]:
    chunks = []
    while chunk := os.read(descriptor, 65536):
        chunks.append(chunk)
    yield from b"".join(chunks).decode().splitlines()


def _read_line(descriptor: int) -> str:
    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(descriptor, 1)
        if not byte:
            break
        line += byte
    return line.decode().strip()


def test_acknowledged_codings_survive_sigkill_at_random_moments(root: Path) -> None:
    rng = random.Random(11)
    acknowledged: set[str] = set()
    for round_number in range(KILLS):
        # A forked child starts in milliseconds (no interpreter start-up); no connection is open across the fork.
        reader, writer = os.pipe()
        child = os.fork()
        if child == 0:
            os.close(reader)
            _code_until_killed(root, round_number, writer)
        os.close(writer)
        try:
            assert _read_line(reader) == "ready", f"round {round_number}: the coder did not start"
            time.sleep(rng.uniform(0, 0.03))  # a random moment: not an assertion on time
            os.kill(child, signal.SIGKILL)
            _, status = os.waitpid(child, 0)
            lines = list(_read_all(reader))
        finally:
            os.close(reader)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, lines[-1:]
        assert not any(line.startswith("error") for line in lines), lines
        acknowledged.update(lines)
        with Project.open(root) as project:
            assert project.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {coding.guid for coding in project.codings() if coding.coder == CRASH_CODER}
        assert acknowledged <= stored, f"round {round_number}: lost {sorted(acknowledged - stored)[:5]}"
        # At most the one coding in flight at each kill was stored without its acknowledgement.
        assert len(stored) - len(acknowledged) <= round_number + 1
    assert len(acknowledged) >= KILLS, "the coder acknowledged something in most rounds"


WRITER = """\
import random, sys
from pathlib import Path
from qualcode.project import Project

root, coder, operations = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
rng = random.Random(coder)
codes = ("ambitie.routekaart", "ambitie.draagvlak", "geld.budget")
with Project.open(root) as project:
    spans = [(d.guid, s, e) for d in project.documents() for s, e, _ in project.sentences(d.guid)]
    mine = []
    print("ready", flush=True)
    sys.stdin.readline()  # both writers start together
    for number in range(operations):
        roll = rng.random()
        if mine and roll < 0.25:
            guid = mine.pop(rng.randrange(len(mine)))
            project.remove_coding(guid, coder)
            print("R", guid, flush=True)
        elif mine and roll < 0.5:
            guid, text = rng.choice(mine), f"memo {coder} {number}"
            project.set_memo("coding", guid, text, coder)
            print("M", guid, text, flush=True)
        else:
            document, start, end = rng.choice(spans)
            mine.append(project.apply_coding(document, start, end, rng.choice(codes), coder).guid)
            print("A", mine[-1], flush=True)
"""

OPERATIONS_EACH = 3000


def test_two_writers_lose_no_update(root: Path) -> None:
    with Project.open(root) as project:
        events_before = project.store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        codings_before = len(project.codings())
    coders = ("anna", "bert")
    writers = {coder: subprocess.Popen([sys.executable, "-c", WRITER, str(root), coder, str(OPERATIONS_EACH)],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True) for coder in coders}
    for coder, writer in writers.items():
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n", coder
    for writer in writers.values():
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    outputs = {coder: writer.communicate(timeout=600) for coder, writer in writers.items()}
    for coder, writer in writers.items():
        assert writer.returncode == 0, outputs[coder][1][-2000:]

    with Project.open(root) as project:
        assert project.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        codings = project.codings()
        events = project.store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        total_lines = 0
        for coder in coders:
            present: set[str] = set()
            memos: dict[str, str] = {}
            lines = outputs[coder][0].splitlines()
            total_lines += len(lines)
            assert len(lines) == OPERATIONS_EACH
            for line in lines:
                action, guid, *text = line.split(" ", 2)
                if action == "A":
                    present.add(guid)
                elif action == "R":
                    present.remove(guid)
                    memos.pop(guid, None)
                else:
                    memos[guid] = text[0]
            assert {c.guid for c in codings if c.coder == coder} == present, coder
            for guid, text in memos.items():
                assert project.memo("coding", guid) == text, (coder, guid)
        assert total_lines >= 5000
        assert len(codings) == codings_before + sum(
            sum(1 if line.startswith("A") else -1 if line.startswith("R") else 0
                for line in outputs[coder][0].splitlines()) for coder in coders)
        assert events - events_before == total_lines, "one event per acknowledged change"
