"""Word-level alignment of two texts: tokens, opcodes anchored on unique lines and word runs, edited words paired."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate, pairwise
from typing import Literal

from rapidfuzz.distance import Indel, Levenshtein

__all__ = ["Method", "Opcode", "Tokens", "align", "base_opcodes", "edited_words", "token_texts", "tokenize"]

Method = Literal["levenshtein", "difflib"]
Opcode = tuple[str, int, int, int, int]  # (tag, old_lo, old_hi, new_lo, new_hi) over token indices, as difflib's

# A token is a run of word characters or one other non-space character: words and punctuation are compared,
# whitespace never is, so a re-wrapped line or a doubled space is no change.
_TOKEN = re.compile(r"(\w+)|[^\w\s]")  # group 1 is set for a word
_LINE_END = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# Gaps up to this many tokens on their longer side go straight to the base alignment: rapidfuzz aligns them in
# microseconds, and anchors would only cost time.
_DIRECT_TOKENS = 2_000
_SIMILAR = 0.6  # Indel similarity from which an edited word (or two words joined/split) counts as the same word
_PAIRING_CELLS = 2_500  # a changed region larger than this (old words x new words) is not searched for edits
# Tokens that may be one edited word: one for one (a typo), two for one and one for two (words joined or split),
# three for one and one for three when the middle one is a hyphen (a line-end hyphen removed or added).
_GROUPS = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1))
_HYPHENS = frozenset("-\u00ad\u2010\u2011")  # hyphen-minus, soft hyphen, hyphen, non-breaking hyphen
_GRAM = 4  # inside a large gap without unique lines, runs of this many tokens that occur once on each side anchor


@dataclass(frozen=True)
class Tokens:
    """A text cut into tokens: their interned ids, code point offsets and the token ranges of its lines."""

    ids: list[int]
    is_word: bytearray  # 1 where the token is a word, 0 where it is a punctuation mark or symbol
    starts: list[int]
    ends: list[int]
    lines: list[tuple[int, int]]  # [first, last) token index of every line that holds a token


def tokenize(text: str, vocabulary: dict[str, int]) -> Tokens:
    """Cut text into word and punctuation tokens; equal tokens of both texts share an id through vocabulary."""
    matches = list(_TOKEN.finditer(text))
    # One comprehension per column: a third faster than one loop appending to all of them.
    ids = [vocabulary.setdefault(match.group(), len(vocabulary)) for match in matches]
    is_word = bytearray(match.lastindex is not None for match in matches)
    starts = [match.start() for match in matches]
    ends = [match.end() for match in matches]
    bounds = [0, *(bisect_left(starts, m.start(), 0, len(starts)) for m in _LINE_END.finditer(text)), len(ids)]
    lines = [(lo, hi) for lo, hi in pairwise(bounds) if hi > lo]
    return Tokens(ids, is_word, starts, ends, lines)


def token_texts(text: str) -> list[str]:
    """The words and punctuation marks of text, in order, without its whitespace."""
    return [match.group() for match in _TOKEN.finditer(text)]


def base_opcodes(old_ids: Sequence[int], new_ids: Sequence[int], method: Method) -> list[Opcode]:
    """Opcodes of one alignment method over whole token sequences, with nothing in front of it (for comparison)."""
    if method == "difflib":
        matcher = SequenceMatcher(None, old_ids, new_ids, autojunk=False)
        return [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    return [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
            for op in Levenshtein.opcodes(old_ids, new_ids)]


def align(old: Tokens, new: Tokens, method: Method = "levenshtein") -> list[Opcode]:
    """Opcodes from old's tokens to new's, anchored on unique lines, with short chance equalities merged away.

    Lines that occur once in each text and keep their order (patience diff) are fixed first; each gap between
    them is aligned by `method`, a large gap first anchored on token runs that occur once on each side.
    Every token is covered by exactly one opcode; the opcodes alternate between equal and changed runs.
    """
    raw: list[Opcode] = []
    aligner = _Aligner(old.ids, new.ids, method, raw)
    old_keys = [tuple(old.ids[lo:hi]) for lo, hi in old.lines]
    new_keys = [tuple(new.ids[lo:hi]) for lo, hi in new.lines]
    old_at = new_at = 0
    for old_line, new_line in _unique_in_order(old_keys, new_keys):
        (old_lo, old_hi), (new_lo, new_hi) = old.lines[old_line], new.lines[new_line]
        aligner.gap(old_at, old_lo, new_at, new_lo, anchor=True)
        raw.append(("equal", old_lo, old_hi, new_lo, new_hi))
        old_at, new_at = old_hi, new_hi
    aligner.gap(old_at, len(old.ids), new_at, len(new.ids), anchor=True)
    return _slide_to_lines(_merge_chance_equalities(_alternating(raw), old, new), old, new)


class _Aligner:
    """Aligns gaps between anchors of two token sequences, appending opcodes to `out`."""

    def __init__(self, old_ids: list[int], new_ids: list[int], method: Method, out: list[Opcode]) -> None:
        self.old_ids, self.new_ids, self.method, self.out = old_ids, new_ids, method, out

    def gap(self, old_lo: int, old_hi: int, new_lo: int, new_hi: int, anchor: bool) -> None:
        """Align old[old_lo:old_hi] with new[new_lo:new_hi]; anchor on unique token runs first when large."""
        old_ids, new_ids = self.old_ids, self.new_ids
        old_from, new_from, old_to, new_to = old_lo, new_lo, old_hi, new_hi
        while old_lo < old_hi and new_lo < new_hi and old_ids[old_lo] == new_ids[new_lo]:
            old_lo, new_lo = old_lo + 1, new_lo + 1
        while old_hi > old_lo and new_hi > new_lo and old_ids[old_hi - 1] == new_ids[new_hi - 1]:
            old_hi, new_hi = old_hi - 1, new_hi - 1
        self._emit("equal", old_from, old_lo, new_from, new_lo)
        if old_lo == old_hi or new_lo == new_hi:
            self._emit("delete" if old_lo < old_hi else "insert", old_lo, old_hi, new_lo, new_hi)
        elif anchor and max(old_hi - old_lo, new_hi - new_lo) > _DIRECT_TOKENS:
            self._anchored(old_lo, old_hi, new_lo, new_hi)
        else:
            old_part, new_part = old_ids[old_lo:old_hi], new_ids[new_lo:new_hi]
            for tag, i1, i2, j1, j2 in base_opcodes(old_part, new_part, self.method):
                self._emit(tag, old_lo + i1, old_lo + i2, new_lo + j1, new_lo + j2)
        self._emit("equal", old_hi, old_to, new_hi, new_to)

    def _anchored(self, old_lo: int, old_hi: int, new_lo: int, new_hi: int) -> None:
        grams_old = _grams(self.old_ids, old_lo, old_hi)
        grams_new = _grams(self.new_ids, new_lo, new_hi)
        old_at, new_at = old_lo, new_lo
        for old_index, new_index in _unique_in_order(grams_old, grams_new):
            old_pos, new_pos = old_lo + old_index, new_lo + new_index
            self.gap(old_at, old_pos, new_at, new_pos, anchor=False)
            self._emit("equal", old_pos, old_pos + 1, new_pos, new_pos + 1)
            old_at, new_at = old_pos + 1, new_pos + 1
        self.gap(old_at, old_hi, new_at, new_hi, anchor=False)

    def _emit(self, tag: str, old_lo: int, old_hi: int, new_lo: int, new_hi: int) -> None:
        if old_lo < old_hi or new_lo < new_hi:
            self.out.append((tag, old_lo, old_hi, new_lo, new_hi))


def _grams(ids: list[int], lo: int, hi: int) -> list[tuple[int, ...]]:
    """The run of _GRAM tokens that starts at each position of ids[lo:hi], but the last _GRAM - 1."""
    return list(zip(*(ids[lo + shift:hi] for shift in range(_GRAM)), strict=False))  # the shortest slice ends it


def _unique_in_order(old_keys: Sequence[Hashable], new_keys: Sequence[Hashable]) -> list[tuple[int, int]]:
    """Index pairs of keys that occur once on each side, the longest subsequence whose order both sides share."""
    old_counts, new_counts = Counter(old_keys), Counter(new_keys)
    new_index = {key: j for j, key in enumerate(new_keys) if new_counts[key] == 1 and old_counts[key] == 1}
    pairs = [(i, new_index[key]) for i, key in enumerate(old_keys) if key in new_index and old_counts[key] == 1]
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs (already in increasing first element) whose second elements increase too."""
    tails: list[int] = []  # tails[k]: second element ending the best run of length k + 1
    tail_at: list[int] = []  # index in pairs of that element
    previous = [-1] * len(pairs)
    for index, (_, second) in enumerate(pairs):
        length = bisect_left(tails, second)
        if length == len(tails):
            tails.append(second)
            tail_at.append(index)
        else:
            tails[length] = second
            tail_at[length] = index
        previous[index] = tail_at[length - 1] if length else -1
    chain: list[tuple[int, int]] = []
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        chain.append(pairs[at])
        at = previous[at]
    chain.reverse()
    return chain


def _alternating(opcodes: list[Opcode]) -> list[Opcode]:
    """Join neighbouring opcodes so that equal runs and changed runs (replace/delete/insert) alternate."""
    joined: list[Opcode] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if joined and (joined[-1][0] == "equal") == (tag == "equal"):
            _, k1, _, l1, _ = joined[-1]
            joined[-1] = (_change_tag(k1, i2, l1, j2) if tag != "equal" else "equal", k1, i2, l1, j2)
        else:
            joined.append((tag if tag == "equal" else _change_tag(i1, i2, j1, j2), i1, i2, j1, j2))
    return joined


def _change_tag(old_lo: int, old_hi: int, new_lo: int, new_hi: int) -> str:
    if old_lo == old_hi:
        return "insert"
    return "delete" if new_lo == new_hi else "replace"


def _merge_chance_equalities(opcodes: list[Opcode], old: Tokens, new: Tokens) -> list[Opcode]:
    """Fold an equal run into the changes around it when it has no more characters than the change on either side.

    Two different sentences in one place share words like `de` and `van` by chance, and both methods align
    such words; a coding must not follow them onto the other sentence. Lengths count the characters of tokens
    (diff-match-patch's semantic cleanup): `netcongestie` kept between two one-word edits is no chance.
    """
    old_chars = [0, *accumulate(end - start for start, end in zip(old.starts, old.ends, strict=True))]
    new_chars = [0, *accumulate(end - start for start, end in zip(new.starts, new.ends, strict=True))]

    def size(opcode: Opcode) -> int:
        return max(old_chars[opcode[2]] - old_chars[opcode[1]], new_chars[opcode[4]] - new_chars[opcode[3]])

    merged = list(opcodes)
    index = 1
    while index < len(merged) - 1:
        before, equal, after = merged[index - 1], merged[index], merged[index + 1]
        if equal[0] == "equal" and size(equal) <= size(before) and size(equal) <= size(after):
            old_lo, new_lo, old_hi, new_hi = before[1], before[3], after[2], after[4]
            tag = _change_tag(old_lo, old_hi, new_lo, new_hi)
            merged[index - 1:index + 2] = [(tag, old_lo, old_hi, new_lo, new_hi)]
            index = max(1, index - 2)
        else:
            index += 1
    return merged


def _closest_part(old_words: Sequence[str], new_words: Sequence[str]) -> float:
    """How alike the one word of a group is to the most alike single token on the other side.

    A group is one word joined, split or re-hyphenated only when the tokens together are more alike than any one of
    them: 'veel' is not 'en veel' edited (it is 'veel', with 'en' put before it), 'warmtepomp' is 'warmte pomp'.
    """
    [word], parts = (old_words, new_words) if len(old_words) == 1 else (new_words, old_words)
    return max(Indel.normalized_similarity(word, part) for part in parts)


def edited_words(old_words: Sequence[str], new_words: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """Groups (old [i1, i2), new [j1, j2)) of tokens that are one edited word, in order (see _GROUPS).

    A dynamic programme over the replaced region keeps, in order, the groups that are most alike. When the groups
    cover less than half of the region's words, the region is text replaced by other text, and words that match
    by chance (`de`, `van`) are no edits: no group is returned.
    """
    rows, cols = len(old_words), len(new_words)
    if rows * cols > _PAIRING_CELLS:
        return []
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    step = [[(0, 0)] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            best, how = score[i - 1][j], (1, 0)
            if score[i][j - 1] > best:
                best, how = score[i][j - 1], (0, 1)
            for di, dj in _GROUPS:
                if di > i or dj > j or (di == 3 and old_words[i - 2] not in _HYPHENS) or (
                        dj == 3 and new_words[j - 2] not in _HYPHENS):
                    continue
                similarity = Indel.normalized_similarity("".join(old_words[i - di:i]), "".join(new_words[j - dj:j]))
                value = score[i - di][j - dj] + similarity * (di + dj)
                if similarity >= _SIMILAR and value > best and (
                        di + dj == 2 or similarity > _closest_part(old_words[i - di:i], new_words[j - dj:j])):
                    best, how = value, (-di, -dj)
            score[i][j], step[i][j] = best, how
    groups: list[tuple[int, int, int, int]] = []
    i, j = rows, cols
    while i > 0 and j > 0:
        di, dj = step[i][j]
        if di < 0:
            groups.append((i + di, i, j + dj, j))
            i, j = i + di, j + dj
        else:
            i, j = i - di, j - dj
    covered = sum(i2 - i1 + j2 - j1 for i1, i2, j1, j2 in groups)
    if 2 * covered < rows + cols:
        return []
    groups.reverse()
    return groups


def _slide_to_lines(opcodes: list[Opcode], old: Tokens, new: Tokens) -> list[Opcode]:
    """Slide each pure insertion or deletion along the equal tokens around it so that it begins at a line start.

    An inserted paragraph that ends with the same token as the one before it ('… zonde.' then '… mailen.') can be
    aligned with the first full stop or the second; the common suffix is stripped greedily, which makes the inserted
    run '. Piet: … mailen' and gives the coded '… zonde.' the full stop after 'mailen'. Among the equally good places
    the one where the run starts a line (the nearest to where it was) is taken.
    """
    slid = list(opcodes)
    old_line_starts, new_line_starts = {lo for lo, _ in old.lines}, {lo for lo, _ in new.lines}
    for index in range(1, len(slid) - 1):
        tag, i1, i2, j1, j2 = slid[index]
        before, after = slid[index - 1], slid[index + 1]
        if before[0] != "equal" or after[0] != "equal":
            continue
        if tag == "insert":
            ids, lo, hi, line_starts = new.ids, j1, j2, new_line_starts
            room_left, room_right = before[4] - before[3], after[4] - after[3]
        elif tag == "delete":
            ids, lo, hi, line_starts = old.ids, i1, i2, old_line_starts
            room_left, room_right = before[2] - before[1], after[2] - after[1]
        else:
            continue
        if lo in line_starts:
            continue
        shifts = [0]
        for step in range(1, room_left + 1):  # left: the token before the run equals the run's last one
            if ids[lo - step] != ids[hi - step]:
                break
            shifts.append(-step)
        for step in range(1, room_right + 1):  # right: the run's first token equals the token after it
            if ids[lo + step - 1] != ids[hi + step - 1]:
                break
            shifts.append(step)
        fitting = [shift for shift in shifts if lo + shift in line_starts]
        if not fitting:
            continue
        k = min(fitting, key=abs)
        # The equal runs around the run grow on one side and shrink on the other by |shift| tokens.
        slid[index - 1] = (before[0], before[1], before[2] + k, before[3], before[4] + k)
        slid[index] = (tag, i1 + k, i2 + k, j1 + k, j2 + k)
        slid[index + 1] = (after[0], after[1] + k, after[2], after[3] + k, after[4])
    return _alternating([opcode for opcode in slid if opcode[1] < opcode[2] or opcode[3] < opcode[4]])
