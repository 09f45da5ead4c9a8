"""Benchmark: keypress to screen for one coding in the workbench, with no other process writing.

Drives the app with Textual's Pilot (headless, the terminal's escape codes rendered but not written): move to the
next sentence (j), wait until the screen is still, press 1 (apply the most recent code), and take the time from
just before the key to the end of the first paint whose screen holds the new coding. Only public pieces of
QualcodeApp and WorkbenchScreen are used, so the same script measures any version of qualcode on the import path:

    .venv/bin/python bench/bench_workbench_write.py --samples 30
    PYTHONPATH=/tmp/qualcode-before .venv/bin/python bench/bench_workbench_write.py --samples 30

(the second with an older tree, e.g. from 'git archive <commit> | tar -x -C /tmp/qualcode-before').

When the app stores changes on a writer thread (qualcode/ui/writes.py), the hand-offs are timed as well: from
submitting a change to the writer starting it, the write itself, and from its end to the UI thread handling the
result. The two hand-offs are what the thread costs; the write costs the same on either thread.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from qualcode.project import Project
    from qualcode.ui.app import QualcodeApp

CODER = "bench"
CODE = "ambitie.routekaart"
QUIET_SECONDS = 0.05  # no paint for this long: the screen is still
LIMIT_SECONDS = 30.0  # a coding not on screen by then is a failure, not a slow sample
WARMUP = 2  # first codings not counted (first use of the writer, caches)


class Paints:
    """End times of the paints, and when the first paint holding the awaited number of codings ended."""

    def __init__(self) -> None:
        self.ends: list[float] = []
        self.awaited: int | None = None
        self.shown_at: float | None = None


PAINTS = Paints()
HANDOFFS: dict[str, list[float]] = {"submitted": [], "started": [], "written": [], "handled": []}


def _time_the_writer() -> bool:
    """Record when each change is submitted, started, written and handled; False for a qualcode without a writer."""
    try:
        from qualcode.ui import writes
    except ImportError:
        return False
    from qualcode.ui.app import QualcodeApp

    submit, handle = writes.WriteQueue.submit, QualcodeApp.on_job_done

    def timed_submit(queue: writes.WriteQueue, job: writes.Job) -> None:
        if job.change:
            HANDOFFS["submitted"].append(time.perf_counter())
            work = job.work

            def timed_work(project: Project) -> object:
                HANDOFFS["started"].append(time.perf_counter())
                try:
                    return work(project)
                finally:
                    HANDOFFS["written"].append(time.perf_counter())

            job.work = timed_work
        submit(queue, job)

    def timed_handle(app: QualcodeApp, message: writes.JobDone) -> None:
        if message.job.change:
            HANDOFFS["handled"].append(time.perf_counter())
        handle(app, message)

    writes.WriteQueue.submit = timed_submit  # type: ignore[method-assign,assignment]
    QualcodeApp.on_job_done = timed_handle  # type: ignore[method-assign,assignment]
    return True


def _handoff_ms(since: str, until: str) -> float:
    pairs = list(zip(HANDOFFS[since], HANDOFFS[until], strict=True))[WARMUP:]
    return statistics.median((end - begin) * 1000 for begin, end in pairs)


def _my_codings_shown(app: QualcodeApp) -> int:
    screen = app.workbench()
    data = screen.data if screen is not None else None
    return sum(1 for coding in data.codings if coding.coder == CODER) if data is not None else 0


def _measured_app() -> type[QualcodeApp]:
    from rich.console import RenderableType
    from textual._compositor import CompositorUpdate
    from textual.screen import Screen

    import qualcode.ui.app
    from qualcode.ui.app import QualcodeApp

    class MeasuredApp(QualcodeApp):
        CSS_PATH = str(Path(qualcode.ui.app.__file__).with_name("qualcode.tcss"))

        def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
            super()._display(screen, renderable)
            if renderable is None or self._batch_count:
                return
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(self.console)  # what a terminal driver does, short of writing
            now = time.perf_counter()
            PAINTS.ends.append(now)
            if PAINTS.awaited is not None and PAINTS.shown_at is None and _my_codings_shown(self) >= PAINTS.awaited:
                PAINTS.shown_at = now

    return MeasuredApp


async def _still(pilot: Pilot[None]) -> None:
    await pilot.pause()
    deadline = time.perf_counter() + LIMIT_SECONDS
    while time.perf_counter() < deadline:
        painted = len(PAINTS.ends)
        await asyncio.sleep(QUIET_SECONDS)
        if len(PAINTS.ends) == painted:
            return


async def _measure(project: Project, samples: int) -> list[float]:
    app = _measured_app()(project, CODER)
    latencies: list[float] = []
    async with app.run_test(size=(160, 45)) as pilot:
        await _still(pilot)
        if not app.recent or app.recent[0] != CODE:
            raise SystemExit(f"key 1 does not apply {CODE} for coder {CODER}")
        for _ in range(samples + WARMUP):
            await pilot.press("j")
            await _still(pilot)
            PAINTS.awaited, PAINTS.shown_at = _my_codings_shown(app) + 1, None
            pressed = time.perf_counter()
            await pilot.press("1")
            deadline = pressed + LIMIT_SECONDS
            while PAINTS.shown_at is None and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            if PAINTS.shown_at is None:
                raise SystemExit("a coding never showed on the screen")
            latencies.append((PAINTS.shown_at - pressed) * 1000)
            await _still(pilot)
    return latencies[WARMUP:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--samples", type=int, default=30, help="codings measured (default 30, at least 20)")
    args = parser.parse_args()
    if args.samples < 20:
        parser.error("--samples must be at least 20")

    import qualcode
    from qualcode.project.demo import build_demo

    with_writer = _time_the_writer()

    with tempfile.TemporaryDirectory(prefix="qualcode-bench-write-") as temporary:
        project = build_demo(Path(temporary) / "demo")
        try:
            guid = project.document_progress(None)[0].guid
            start, end, _ = project.sentences(guid)[0]
            project.apply_coding(guid, start, end, CODE, CODER)  # key 1 applies CODE from now on
            latencies = asyncio.run(_measure(project, args.samples))
            stored = sum(1 for coding in project.codings(guid) if coding.coder == CODER)
        finally:
            project.close()
        shutil.rmtree(Path(temporary) / "demo", ignore_errors=True)
    if stored != args.samples + WARMUP + 1:
        raise SystemExit(f"expected {args.samples + WARMUP + 1} codings stored, found {stored}")
    ordered = sorted(latencies)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    print(f"qualcode from {Path(qualcode.__file__).parent.parent}, Python {sys.version.split()[0]}")
    print(f"key '1' -> first paint with the coding, {len(latencies)} codings (after {WARMUP} not counted): "
          f"median {statistics.median(latencies):.1f} ms, p90 {p90:.1f} ms, min {ordered[0]:.1f} ms, "
          f"max {ordered[-1]:.1f} ms")
    if with_writer:
        print(f"writer thread, medians: submitted -> started {_handoff_ms('submitted', 'started'):.2f} ms, "
              f"the write {_handoff_ms('started', 'written'):.2f} ms, "
              f"written -> result handled on the UI thread {_handoff_ms('written', 'handled'):.2f} ms")


if __name__ == "__main__":
    main()
