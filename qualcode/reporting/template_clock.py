"""A time bound on rendering a report template: a project template that loops for hours is stopped with a message."""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Generator, Iterator, Sequence
from typing import overload

import jinja2.sandbox

# The packaged templates render a 1M-word project in about a second; a template still busy after this is looping
# over nothing useful (nested ranges, a loop inside a loop over every sentence).
MAX_TEMPLATE_SECONDS = 120.0

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("template_deadline", default=None)


class TemplateTooSlowError(Exception):
    """A template was still rendering when its time was up."""


def _time_is_up() -> bool:
    deadline = _deadline.get()
    return deadline is not None and time.monotonic() > deadline


def _too_slow() -> TemplateTooSlowError:
    return TemplateTooSlowError(f"it was still running after {MAX_TEMPLATE_SECONDS:g} seconds")


def tick() -> None:
    """Stop the render when its time is up (called from the sandbox's hooks and every loop over a range)."""
    if _time_is_up():
        raise _too_slow()


@contextlib.contextmanager
def time_bound(seconds: float | None = None) -> Iterator[None]:
    """Give the renders inside the block a deadline (per thread and task: a context variable)."""
    token = _deadline.set(time.monotonic() + (MAX_TEMPLATE_SECONDS if seconds is None else seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def ticking(chunks: Iterator[str]) -> Iterator[str]:
    """Pass a template's output through, checking the clock at every chunk.

    The error is thrown into the template's own generator, so that it rises from the template line that was
    running (and the message can name it), not from here.
    """
    for chunk in chunks:
        yield chunk
        if _time_is_up():
            if isinstance(chunks, Generator):  # Template.generate is one
                chunks.throw(_too_slow())
            raise _too_slow()


class TimedRange(Sequence[int]):
    """range() for templates: the sandbox's size limit, and a look at the clock at every step of a loop."""

    def __init__(self, *args: int) -> None:
        self._range = jinja2.sandbox.safe_range(*args)

    @classmethod
    def _of(cls, inner: range) -> TimedRange:
        made = cls.__new__(cls)
        made._range = inner
        return made

    def __iter__(self) -> Iterator[int]:
        for number in self._range:
            tick()
            yield number

    def __reversed__(self) -> Iterator[int]:
        return iter(TimedRange._of(self._range[::-1]))

    def __len__(self) -> int:
        return len(self._range)

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> TimedRange: ...

    def __getitem__(self, index: int | slice) -> int | TimedRange:
        return TimedRange._of(self._range[index]) if isinstance(index, slice) else self._range[index]

    def __contains__(self, value: object) -> bool:
        return value in self._range

    def __repr__(self) -> str:
        return repr(self._range)
