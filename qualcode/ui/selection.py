"""The cursor and the selection over a transcript: by sentence, by turn, or free by character and word."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
_WORD_START = re.compile(r"\b\w", re.UNICODE)


@dataclass
class Selection:
    """Where the coder is: a cursor sentence, and the span a code would be applied to."""

    text: str
    sentences: Sequence[tuple[int, int]]
    turns: Sequence[tuple[int, int]]
    cursor: int = 0
    anchor: int = 0
    mode: str = "sentence"  # sentence, turn, free
    free_start: int = 0
    free_end: int = 0

    @property
    def span(self) -> tuple[int, int]:
        """The span a code would be applied to now."""
        if not self.sentences:
            return (0, 0)
        if self.mode == "free":
            return (self.free_start, self.free_end)
        if self.mode == "turn":
            turn = self.turn_at(self.sentences[self.cursor][0])
            if turn is not None:
                return turn
        low, high = sorted((self.anchor, self.cursor))
        return (self.sentences[low][0], self.sentences[high][1])

    @property
    def focus(self) -> tuple[int, int]:
        """The part the coder is moving: the cursor sentence, the turn, or the free selection's end."""
        if not self.sentences:
            return (0, 0)
        if self.mode == "free":
            return (max(self.free_start, self.free_end - 1), self.free_end)
        if self.mode == "turn":
            return self.span
        return self.sentences[self.cursor]

    @property
    def extended(self) -> bool:
        """Whether the selection is more than the cursor sentence."""
        return self.mode != "sentence" or self.anchor != self.cursor

    def turn_at(self, offset: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(self.turns, offset, key=lambda turn: turn[0]) - 1
        if index >= 0 and self.turns[index][0] <= offset < self.turns[index][1]:
            return self.turns[index]
        return None

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence holding offset, or the nearest one before it."""
        index = bisect.bisect_right(self.sentences, offset, key=lambda sentence: sentence[0]) - 1
        return min(max(index, 0), max(len(self.sentences) - 1, 0))

    # -- moves ----------------------------------------------------------------------------------------------
    def move(self, step: int) -> None:
        """Go to the next or previous sentence and collapse the selection onto it."""
        self.go_to(self.cursor + step)

    def go_to(self, index: int) -> None:
        if not self.sentences:
            return
        self.cursor = self.anchor = min(max(index, 0), len(self.sentences) - 1)
        self.mode = "sentence"

    def go_to_offset(self, offset: int) -> None:
        self.go_to(self.sentence_at(offset))

    def extend(self, step: int) -> None:
        """Move the far end of a sentence selection by one sentence (grows or shrinks it)."""
        if not self.sentences:
            return
        if self.mode != "sentence":
            start, end = self.span
            self.anchor = self.sentence_at(start)
            self.cursor = self.sentence_at(max(start, end - 1))
            self.mode = "sentence"
        self.cursor = min(max(self.cursor + step, 0), len(self.sentences) - 1)

    def select_turn(self) -> None:
        if self.sentences and self.turn_at(self.sentences[self.cursor][0]) is not None:
            self.mode = "turn"

    def start_free(self) -> None:
        """Free selection starts as the current selection and is then moved by character or word."""
        self.free_start, self.free_end = self.span
        self.mode = "free"

    def collapse(self) -> None:
        """Back to the sentence under the cursor."""
        self.go_to(self.cursor)

    def move_end(self, step: int, *, by_word: bool = False) -> None:
        if self.mode != "free":
            self.start_free()
        target = self._word_boundary(self.free_end, step) if by_word else self.free_end + step
        self.free_end = min(max(target, self.free_start + 1), len(self.text))

    def move_start(self, step: int, *, by_word: bool = False) -> None:
        if self.mode != "free":
            self.start_free()
        target = self._word_start(self.free_start, step) if by_word else self.free_start + step
        self.free_start = min(max(target, 0), self.free_end - 1)

    def _word_start(self, offset: int, step: int) -> int:
        """The next (step > 0) or previous word start, for moving the start of a free selection."""
        if step > 0:
            match = _WORD_START.search(self.text, offset + 1)
            return match.start() if match else offset
        return self._word_boundary(offset, -1)

    def _word_boundary(self, offset: int, step: int) -> int:
        """The next word end (step > 0) or previous word start (step < 0), as editors move by word."""
        if step > 0:
            match = _WORD.search(self.text, offset)
            while match and match.end() <= offset:
                match = _WORD.search(self.text, match.end())
            return match.end() if match else len(self.text)
        starts = [m.start() for m in _WORD.finditer(self.text, max(0, offset - 200), offset)]
        earlier = [start for start in starts if start < offset]
        return earlier[-1] if earlier else max(0, offset - 1)
