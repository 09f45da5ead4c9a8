"""The workbench's writer: one thread with a connection of its own stores the changes, one at a time, in order.

The screen reads on the UI thread through the app's Project; every write goes through a second Project on the
same qualcode.db that only this thread uses. While a write waits for another process's write lock (SQLite's busy
timeout), only this thread waits: in WAL the UI thread's connection goes on reading what is committed, and no
sqlite3 connection is ever used by two threads at once (a connection waiting in its busy handler holds its own
mutex, so sharing one, even behind a lock, would freeze every read for as long as the write waits).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.message import Message

from qualcode.project import Project


@dataclass(eq=False)
class Job:
    """Work for the writer thread, and what the UI thread does with its outcome."""

    work: Callable[[Project], object]  # runs on the writer thread; must not touch widgets
    then: Callable[[Any], None]  # on the UI thread, with what work returned
    failed: Callable[[Exception], None]  # on the UI thread, with what work raised
    change: bool  # a change the user made: 'saving…' shows while it waits (a poll or the daily snapshot is none)


class JobDone(Message):
    """The writer thread ran a job: result is what it returned, or error what it raised."""

    def __init__(self, job: Job, result: object, error: Exception | None) -> None:
        super().__init__()
        self.job = job
        self.result = result
        self.error = error


class WriteQueue:
    """One thread that owns the writing Project and runs the jobs it is given in the order they came."""

    def __init__(self, project: Project, deliver: Callable[[JobDone], object]) -> None:
        """deliver posts the outcome to the UI thread (the app's post_message, which is thread-safe)."""
        self._project = project
        self._deliver = deliver
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        # A daemon: when the user closes without waiting for a stuck write, the process may end under it; SQLite
        # then rolls the unfinished transaction back (nothing half-saved).
        self._thread = threading.Thread(target=self._run, name="qualcode-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        self._jobs.put(job)

    def stop(self, *, wait: bool) -> None:
        """Run what was submitted, then close the writing Project; wait=True blocks until that is done."""
        self._jobs.put(None)
        if wait:
            self._thread.join()

    def _run(self) -> None:
        try:
            while (job := self._jobs.get()) is not None:
                try:
                    result = job.work(self._project)
                except Exception as error:  # shown to the user by the UI thread (guard's notification)
                    self._deliver(JobDone(job, None, error))
                else:
                    self._deliver(JobDone(job, result, None))
        finally:
            self._project.close()
