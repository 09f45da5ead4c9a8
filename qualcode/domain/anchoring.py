"""Re-anchoring of coded spans when a transcript's text is corrected: each span on the old text found in the new.

The texts are aligned word by word (`qualcode.domain.alignment`: tokens are words and single punctuation marks,
whitespace is no token) and inside edited words character by character. A span `[start, end)` (code points,
end-exclusive, on the old text) comes back as one of:

- ``unchanged``: the same offsets and the same text, and a boundary that lay inside a word still does, one that
  did not still does not (a coded `warm` that became part of `warmer` is text_changed).
- ``moved``: the same tokens (the span's words and punctuation, cut where the span cuts a word) in the same order,
  at other offsets or with other whitespace between them, with its boundaries inside or between words as before.
  Text before the span changed, its lines were re-wrapped (whitespace, line breaks and blank lines are no change),
  or its paragraph was moved.
- ``text_changed``: some coded words survive, but words of the span were edited, deleted, or inserted between its
  first and last surviving character. The new span runs from the first to the last surviving character: words
  inserted at its edges stay out, words inserted inside are in it. A punctuation mark at the edge of that range
  counts only when the word it is attached to (the word before it; for an opening quote or bracket the word after
  it) survives too. Whitespace the old span had at its edges is kept when the same whitespace is there in the new
  text.
- ``vanished``: no coded word survives (start and end are None); punctuation alone keeps a span only when the span
  holds no word. A span of whitespace alone is kept only where the same whitespace still lies between the same two
  tokens.

What survives: a token the word alignment keeps as equal, or a word that was edited but is still alike (Indel
similarity >= 0.6: a typo fixed, two words joined or one split, when together they are more alike than any one of
them; see `alignment.edited_words`). Edited words are
looked for inside each changed region, and only kept when at least half of the region's words pair up so;
otherwise the region is text replaced by other text. An edited word's characters are mapped one by one, so a span
that starts or ends inside a word keeps that boundary, and a boundary at the edge of an edited word goes to the
edge of the new word. Words that two different sentences share by chance (`de`, `van`) do not survive (see
`alignment.align`).

Moved text shows in the alignment as a deletion and an insertion, slid along equal tokens to start a line where it
can (a moved paragraph does not take the full stop of the one it lands behind). A span of which more than half of
the tokens were deleted is looked for as an exact token sequence among the inserted tokens: first the whole run of
deleted tokens around it, then the span with 64 and with 16 of those tokens on either side, then its line
(paragraph), then the span alone; the first that occurs exactly once in the whole new text, on tokens that are no
image of old ones, places it (``moved``, or ``text_changed`` if a cut word now lies differently). Otherwise the span
keeps what the alignment gave it.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Levenshtein

from qualcode.domain.alignment import Tokens, align, edited_words, token_texts, tokenize

__all__ = ["AnchorStatus", "Anchored", "TextMap", "reanchor"]

AnchorStatus = Literal["unchanged", "moved", "text_changed", "vanished"]

_DELETED = -1  # in TextMap._target: the old token has no counterpart in the new text


@dataclass(frozen=True)
class Anchored:
    """Where a coded span lies in the new text (end-exclusive code points), and what happened to its text."""

    start: int | None  # None when vanished
    end: int | None
    status: AnchorStatus


_VANISHED = Anchored(None, None, "vanished")


@dataclass(frozen=True)
class _Edit:
    """Old characters [old_start, old_end) that were edited into new characters [new_start, new_end)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


class TextMap:
    """The alignment of an old and a new text, built once, asked for many spans."""

    def __init__(self, old: str, new: str) -> None:
        self._old, self._new = old, new
        self._same = old == new
        vocabulary: dict[str, int] = {}
        self._old_tokens = tokenize(old if not self._same else "", vocabulary)
        self._new_tokens = tokenize(new if not self._same else "", vocabulary)
        # Per old token: the index of the identical new token, _DELETED, or -2 - k for edit k.
        self._target = [_DELETED] * len(self._old_tokens.ids)
        self._taken = bytearray(len(self._new_tokens.ids))  # 1 where a new token is the image of an old one
        self._edits: list[_Edit] = []
        self._char_maps: dict[int, list[int]] = {}
        self._new_positions: dict[int, list[int]] | None = None
        self._deleted_runs: tuple[list[int], list[int]] | None = None  # per old token: its run of deleted tokens
        self._insertions: dict[tuple[int, int], int | None] = {}  # _unique_insertion's answers, asked once each
        if not self._same:
            for tag, i1, i2, j1, j2 in align(self._old_tokens, self._new_tokens):
                if tag == "equal":
                    self._target[i1:i2] = range(j1, j2)
                    self._taken[j1:j2] = b"\x01" * (j2 - j1)
                elif tag == "replace":
                    self._pair_edited(i1, i2, j1, j2)

    def locate(self, start: int, end: int) -> Anchored:
        """Where the old text's span [start, end) lies in the new text, and its status (see the module).

        Raises ValueError unless 0 <= start < end <= len(old).
        """
        if not 0 <= start < end <= len(self._old):
            raise ValueError(f"[{start}, {end}) is no span of a text of {len(self._old)} code points")
        if self._same:
            return Anchored(start, end, "unchanged")
        tokens = self._old_tokens
        first = bisect_right(tokens.ends, start)  # the first token that ends after start
        last = bisect_left(tokens.starts, end) - 1  # the last token that starts before end
        if first > last:
            return self._whitespace(start, end, first)
        is_word = tokens.is_word
        has_words = any(is_word[first:last + 1])

        def image(index: int) -> tuple[int, int] | None:
            return self._image(index, max(start, tokens.starts[index]), min(end, tokens.ends[index]))

        def kept(index: int) -> tuple[int, int] | None:
            found = image(index)
            if found is None or is_word[index] or not has_words:
                return found
            # A punctuation mark goes with the word it is attached to: a full stop whose coded word was replaced
            # matches the full stop of the replacing sentence only by chance, and must not pull it into the span.
            neighbour = index + 1 if _opens(self._old[tokens.starts[index]]) else index - 1
            if first <= neighbour <= last and image(neighbour) is None:
                return None
            return found

        result = _VANISHED
        # Punctuation alone keeps a span only when the span holds no word.
        if any(image(i) is not None for i in range(first, last + 1) if is_word[i] or not has_words):
            head = next(found for found in map(kept, range(first, last + 1)) if found is not None)
            tail = next(found for found in map(kept, range(last, first - 1, -1)) if found is not None)
            result = self._judge(start, end, head[0], tail[1])
        if result.status in ("text_changed", "vanished") and self._mostly_deleted(first, last):
            return self._moved_elsewhere(start, end, first, last) or result
        return result

    # -- the alignment of edited words ------------------------------------------------------------------------
    def _pair_edited(self, old_lo: int, old_hi: int, new_lo: int, new_hi: int) -> None:
        """Find the words of a replaced region that were edited rather than replaced, and record them."""
        old_t, new_t = self._old_tokens, self._new_tokens
        old_words = [self._old[old_t.starts[i]:old_t.ends[i]] for i in range(old_lo, old_hi)]
        new_words = [self._new[new_t.starts[j]:new_t.ends[j]] for j in range(new_lo, new_hi)]
        for i1, i2, j1, j2 in edited_words(old_words, new_words):
            i1, i2, j1, j2 = old_lo + i1, old_lo + i2, new_lo + j1, new_lo + j2
            self._taken[j1:j2] = b"\x01" * (j2 - j1)
            if i2 - i1 == 1 and j2 - j1 == 1 and old_words[i1 - old_lo] == new_words[j1 - new_lo]:
                self._target[i1] = j1
                continue
            edit = _Edit(old_t.starts[i1], old_t.ends[i2 - 1], new_t.starts[j1], new_t.ends[j2 - 1])
            self._target[i1:i2] = [-2 - len(self._edits)] * (i2 - i1)
            self._edits.append(edit)

    def _char_map(self, edit_index: int) -> list[int]:
        """For each old character of an edit, the offset of its new character within the edit, or -1."""
        char_map = self._char_maps.get(edit_index)
        if char_map is None:
            edit = self._edits[edit_index]
            old_text = self._old[edit.old_start:edit.old_end]
            char_map = [-1] * len(old_text)
            for op in Levenshtein.opcodes(old_text, self._new[edit.new_start:edit.new_end]):
                if op.tag == "equal":
                    char_map[op.src_start:op.src_end] = range(op.dest_start, op.dest_end)
            self._char_maps[edit_index] = char_map
        return char_map

    # -- one span -------------------------------------------------------------------------------------------
    def _image(self, index: int, lo: int, hi: int) -> tuple[int, int] | None:
        """The new [start, end) of the coded characters [lo, hi) of old token `index`, None if none survive."""
        target = self._target[index]
        if target >= 0:
            shift = self._new_tokens.starts[target] - self._old_tokens.starts[index]
            return lo + shift, hi + shift
        if target == _DELETED:
            return None
        edit = self._edits[-2 - target]
        char_map = self._char_map(-2 - target)
        kept = [edit.new_start + char_map[k - edit.old_start] for k in range(lo, hi)
                if char_map[k - edit.old_start] >= 0]
        # A boundary at the edge of an edited word goes to the edge of the new word: a typo fixed in its last
        # letter must not leave the span ending inside the word.
        new_lo = edit.new_start if lo == edit.old_start else (kept[0] if kept else None)
        new_hi = edit.new_end if hi == edit.old_end else (kept[-1] + 1 if kept else None)
        if new_lo is None or new_hi is None:
            return None
        return new_lo, new_hi

    def _judge(self, start: int, end: int, new_start: int, new_end: int) -> Anchored:
        """Widen the new span by the whitespace the old one had at its edges, then name its status."""
        old_text = self._old[start:end]
        lead = len(old_text) - len(old_text.lstrip())
        trail = len(old_text) - len(old_text.rstrip())
        if lead and new_start >= lead and self._new[new_start - lead:new_start] == old_text[:lead]:
            new_start -= lead
        if trail and self._new[new_end:new_end + trail] == old_text[len(old_text) - trail:]:
            new_end += trail
        new_text = self._new[new_start:new_end]
        old_t, new_t = self._old_tokens, self._new_tokens
        # A coded word that grew ("warm" into "warmer") changed, though the coded characters did not.
        same_edges = (_inside_word(old_t, start) == _inside_word(new_t, new_start)
                      and _inside_word(old_t, end) == _inside_word(new_t, new_end))
        if same_edges and (new_start, new_end) == (start, end) and new_text == old_text:
            return Anchored(new_start, new_end, "unchanged")
        if same_edges and token_texts(old_text) == token_texts(new_text):
            return Anchored(new_start, new_end, "moved")
        return Anchored(new_start, new_end, "text_changed")

    def _whitespace(self, start: int, end: int, after: int) -> Anchored:
        """A span of whitespace alone, before old token `after`: kept where the same gap is between the same tokens."""
        old_t, new_t = self._old_tokens, self._new_tokens
        before = after - 1
        old_lo = old_t.ends[before] if before >= 0 else 0
        old_hi = old_t.starts[after] if after < len(old_t.ids) else len(self._old)
        new_before = self._target[before] if before >= 0 else -1  # -1: the gap starts the text
        if before >= 0 and new_before < 0:
            return _VANISHED
        new_after = new_before + 1
        new_lo = new_t.ends[new_before] if before >= 0 else 0
        if after < len(old_t.ids):
            if self._target[after] != new_after:
                return _VANISHED
            new_hi = new_t.starts[new_after]
        elif new_after == len(new_t.ids):
            new_hi = len(self._new)
        else:
            return _VANISHED
        if self._new[new_lo:new_hi] != self._old[old_lo:old_hi]:
            return _VANISHED
        shift = new_lo - old_lo
        return Anchored(start + shift, end + shift, "unchanged" if shift == 0 else "moved")

    def _mostly_deleted(self, first: int, last: int) -> bool:
        deleted = sum(1 for i in range(first, last + 1) if self._target[i] == _DELETED)
        return 2 * deleted > last - first + 1

    def _moved_elsewhere(self, start: int, end: int, first: int, last: int) -> Anchored | None:
        """The span where its words were inserted elsewhere in the new text, if that place is unique.

        Tried in turn, widest first: the run of deleted tokens around the span, the span with up to 64 and then 16
        of those tokens on either side, the span's line, the span alone. A short coding inside a moved paragraph
        is found through the text moved with it even when its own words recur.
        """
        old_t, new_t = self._old_tokens, self._new_tokens
        run_starts, run_ends = self._runs()
        run_lo, run_hi = run_starts[first], run_ends[last]
        line_index = bisect_right(old_t.lines, (first, len(old_t.ids))) - 1
        line_lo, line_hi = old_t.lines[line_index]
        candidates = [(run_lo, run_hi)]
        # The span with some of the text deleted with it: found even when the run's ends were edited too.
        candidates += [(max(run_lo, first - margin), min(run_hi, last + 1 + margin)) for margin in (64, 16)]
        candidates += [(min(line_lo, first), max(line_hi, last + 1)), (first, last + 1)]
        for lo, hi in dict.fromkeys(candidates):
            place = self._unique_insertion(lo, hi)
            if place is not None:
                new_start = new_t.starts[place + first - lo] + max(0, start - old_t.starts[first])
                new_end = new_t.ends[place + last - lo] - max(0, old_t.ends[last] - end)
                return self._judge(start, end, new_start, new_end)
        return None

    def _runs(self) -> tuple[list[int], list[int]]:
        """Per old token, where the run of deleted tokens it ends (starts) begins (ends); itself when not deleted."""
        if self._deleted_runs is None:
            count = len(self._target)
            starts, ends = list(range(count)), list(range(1, count + 1))
            for index in range(1, count):
                if self._target[index - 1] == _DELETED:
                    starts[index] = starts[index - 1]
            for index in range(count - 2, -1, -1):
                if self._target[index + 1] == _DELETED:
                    ends[index] = ends[index + 1]
            self._deleted_runs = starts, ends
        return self._deleted_runs

    def _unique_insertion(self, lo: int, hi: int) -> int | None:
        """The new token index where old tokens [lo, hi) occur once in the new text, among inserted tokens only."""
        if (lo, hi) not in self._insertions:
            self._insertions[lo, hi] = self._search_insertion(lo, hi)
        return self._insertions[lo, hi]

    def _search_insertion(self, lo: int, hi: int) -> int | None:
        words = self._old_tokens.ids[lo:hi]
        new_ids = self._new_tokens.ids
        positions = self._new_positions
        if positions is None:
            positions = self._new_positions = {}
            for position, token_id in enumerate(new_ids):
                positions.setdefault(token_id, []).append(position)
        # Try the places of the word that is rarest in the new text (of the first 64): the fewest to compare.
        rarest = min(range(min(len(words), 64)), key=lambda k: len(positions.get(words[k], ())))
        starts = (p - rarest for p in positions.get(words[rarest], ()))
        places = [q for q in starts if 0 <= q <= len(new_ids) - len(words) and new_ids[q:q + len(words)] == words]
        if len(places) != 1 or any(self._taken[places[0]:places[0] + len(words)]):
            return None
        return places[0]


def _opens(mark: str) -> bool:
    """Whether a punctuation mark is attached to the word after it (an opening bracket or quote), not before."""
    return unicodedata.category(mark) in ("Ps", "Pi")


def _inside_word(tokens: Tokens, position: int) -> bool:
    """Whether position falls strictly inside a token (a span boundary that cuts a word)."""
    index = bisect_left(tokens.starts, position) - 1
    return index >= 0 and position < tokens.ends[index]


def reanchor(old: str, new: str, spans: Sequence[tuple[int, int]]) -> list[Anchored]:
    """Where each (start, end) span of the old text lies in the new text; see TextMap and the module docstring."""
    text_map = TextMap(old, new)
    return [text_map.locate(start, end) for start, end in spans]
