"""Lookups every analysis shares, built once per corpus: the coding frame, the code tree and word runs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from qualcode.analysis.ordering import CodeTree
from qualcode.storage.records import Passage

if TYPE_CHECKING:
    from qualcode.analysis.corpus import CodedCorpus

WORD = re.compile(r"\w+")
Positions = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)  # holds frames: identity is the only sensible equality
class CorpusIndex:
    """Derived, read-only data; analyses must copy before they change a frame."""

    # One row per coding: coding, code, code_id (position in tree order, -1 if not in the codebook), coder,
    # doc, doc_id, case (None outside any case), case_id (-1 then), start, end, role, interviewer, pid (one per
    # distinct document/start/end), gs/ge (offsets in one global coordinate space over all documents, ge at
    # least gs + 1 so that a zero-length coding still marks a point) and gw (the true global end).
    frame: pd.DataFrame
    tree: CodeTree  # code_id i is tree.keys[i]
    lineage: pd.DataFrame  # columns ancestor, code: every code with itself and each ancestor
    ancestor_ptr: Positions  # code_id i has ancestors (itself first) ancestor_ids[ptr[i]:ptr[i + 1]]
    ancestor_ids: Positions
    bases: dict[str, int]  # document guid -> where its offset 0 lies in the global coordinates
    extent: int  # every global offset is below this
    passages: tuple[Passage, ...]  # the corpus's passages, in the order of the frame's rows
    units: dict[str, tuple[Positions, Positions]]  # 'sentence'/'turn' -> sorted global starts and ends
    memo: dict[str, pd.DataFrame] = field(default_factory=dict)  # results shared by several analyses

    @property
    def keys(self) -> tuple[str, ...]:
        return self.tree.keys

    @property
    def order(self) -> dict[str, int]:
        return self.tree.order

    @property
    def depth(self) -> dict[str, int]:
        return self.tree.depth

    @property
    def root(self) -> dict[str, str]:
        return self.tree.root

    @cached_property
    def word_runs(self) -> tuple[Positions, Positions]:
        """Global starts and ends of the \\w+ runs in all coded text, sorted; built when words are first counted."""
        return _word_runs(self.passages, self.frame)

    def descendants(self, key: str) -> list[str]:
        """The code and everything below it, in tree order."""
        return self.tree.descendants(key)

    def column(self, name: str) -> Positions:
        return self.frame[name].to_numpy(dtype=np.int64)

    def with_ancestors(self) -> tuple[Positions, Positions]:
        """(row, ancestor code_id) for every coding of a known code, once for the code and once per ancestor."""
        code_ids = self.column("code_id")
        rows = np.flatnonzero(code_ids >= 0)
        firsts = self.ancestor_ptr[code_ids[rows]]
        counts = self.ancestor_ptr[code_ids[rows] + 1] - firsts
        return np.repeat(rows, counts), self.ancestor_ids[np.repeat(firsts, counts) + _ranks(counts)]

    def union_words(self, rows: Positions, groups: Positions, n_groups: int) -> Positions:
        """Words in the union of each group's spans, a word counted once however many spans hold it."""
        gs, gw = self.column("gs")[rows], self.column("gw")[rows]
        keep = gw > gs
        groups, gs, gw = groups[keep], gs[keep], gw[keep]
        if not len(groups):
            return np.zeros(n_groups, dtype=np.int64)
        ordered = np.lexsort((gw, gs, groups))
        groups, gs, gw = groups[ordered], gs[ordered], gw[ordered]
        # A running maximum of the ends per group in one pass: lifting each group above the previous ones
        # keeps an earlier group's ends from leaking into the next.
        lift = groups * (self.extent + 1)
        reach = np.maximum.accumulate(gw + lift) - lift
        # Spans that overlap or touch merge: the merged text is then contiguous, so its words are true words.
        new_block = np.ones(len(groups), dtype=bool)
        new_block[1:] = (groups[1:] != groups[:-1]) | (gs[1:] > reach[:-1])
        firsts = np.flatnonzero(new_block)
        block_ends = np.maximum.reduceat(gw, firsts)
        run_starts, run_ends = self.word_runs
        words = _sorted_search(run_starts, block_ends, "left") - _sorted_search(run_ends, gs[firsts], "right")
        return np.bincount(groups[firsts], weights=words, minlength=n_groups).astype(np.int64)


def build_index(corpus: CodedCorpus) -> CorpusIndex:
    tree = corpus.tree
    order = tree.order
    pairs, pointers, ancestors = [], [0], []
    for key in tree.keys:
        path = tree.paths[key]
        pairs += [(ancestor, key) for ancestor in path]
        ancestors += [order[ancestor] for ancestor in path]
        pointers.append(len(ancestors))
    lineage = pd.DataFrame(pairs, columns=["ancestor", "code"])
    spans = _span_arrays(corpus)
    bases, extent = _bases(corpus, spans)
    frame = _frame(corpus, bases, order)
    return CorpusIndex(frame, tree, lineage, np.asarray(pointers, dtype=np.int64),
                       np.asarray(ancestors, dtype=np.int64), bases, extent, corpus.passages,
                       {kind: _units(arrays, bases) for kind, arrays in spans.items()})


def _sorted_search(haystack: Positions, needles: Positions, side: Literal["left", "right"]) -> Positions:
    """np.searchsorted with the needles sorted first: several times faster on a large haystack."""
    order = np.argsort(needles, kind="stable")
    found = np.empty(len(needles), dtype=np.int64)
    found[order] = np.searchsorted(haystack, needles[order], side=side)
    return found


def _ranks(counts: Positions) -> Positions:
    """0, 1, …, count - 1 for each count in turn: the position of each repeated item within its repeats."""
    return np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)


def sorted_unique(values: Positions) -> Positions:
    """np.unique by sorting: for int64 several times faster than the hash table np.unique uses."""
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _bases(corpus: CodedCorpus, spans: dict[str, dict[str, Positions]]) -> tuple[dict[str, int], int]:
    """Lay the coded documents end to end with a gap, so that spans of different documents never touch."""
    extent: dict[str, int] = {}
    for p in corpus.passages:
        extent[p.document_guid] = max(extent.get(p.document_guid, 0), p.end, p.start + 1)
    for arrays in spans.values():
        for doc, array in arrays.items():
            if len(array):
                extent[doc] = max(extent[doc], int(array.max()))
    bases, offset = {}, 0
    for doc in sorted(extent):
        bases[doc] = offset
        offset += extent[doc] + 2
    return bases, offset


def _span_arrays(corpus: CodedCorpus) -> dict[str, dict[str, Positions]]:
    """Sentence and turn spans of the coded documents as (n, 2) arrays sorted by start."""
    coded = {p.document_guid for p in corpus.passages}
    out: dict[str, dict[str, Positions]] = {}
    for kind, spans in (("sentence", corpus.sentences), ("turn", corpus.turns)):
        out[kind] = {}
        for doc in coded & spans.keys():
            flat = np.fromiter(chain.from_iterable(spans[doc]), dtype=np.int64, count=2 * len(spans[doc]))
            array = flat.reshape(-1, 2)
            out[kind][doc] = array[np.argsort(array[:, 0], kind="stable")]
    return out


def _units(arrays: dict[str, Positions], bases: dict[str, int]) -> tuple[Positions, Positions]:
    """All units in global coordinates, sorted (documents follow each other in the order of their bases)."""
    docs = sorted(arrays, key=bases.__getitem__)
    if not docs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    starts = np.concatenate([arrays[doc][:, 0] + bases[doc] for doc in docs])
    ends = np.concatenate([np.maximum(arrays[doc][:, 1], arrays[doc][:, 0] + 1) + bases[doc] for doc in docs])
    return starts, ends


def _frame(corpus: CodedCorpus, bases: dict[str, int], order: dict[str, int]) -> pd.DataFrame:
    passages = corpus.passages
    frame = pd.DataFrame({
        "coding": [p.coding_guid for p in passages],
        "code": [p.code_key for p in passages],
        "coder": [p.coder for p in passages],
        "doc": [p.document_guid for p in passages],
        "case": pd.Series([p.case_name for p in passages], dtype="object"),
        "start": np.asarray([p.start for p in passages], dtype=np.int64),
        "end": np.asarray([p.end for p in passages], dtype=np.int64),
        "role": pd.Series([p.role for p in passages], dtype="object"),
        "interviewer": np.asarray([p.is_interviewer for p in passages], dtype=bool),
    })
    frame["code_id"] = frame["code"].map(order).fillna(-1).astype("int64")
    frame["doc_id"] = frame["doc"].map(bases).fillna(0).astype("int64")  # distinct per document, like its base
    frame["case_id"] = pd.factorize(frame["case"], use_na_sentinel=True)[0].astype("int64")
    base = frame["doc_id"]
    frame["gs"] = base + frame["start"]
    # A zero-length coding still marks a point: give it one character so that it falls in a unit.
    frame["ge"] = base + np.maximum(frame["end"], frame["start"] + 1)
    frame["gw"] = base + frame["end"]  # the true end, for counting words
    # Documents lie apart in the global coordinates, so (gs, length) identifies (document, start, end).
    spans = frame["gs"].to_numpy(dtype=np.int64) * (int(frame["end"].max() if len(frame) else 0) + 1) \
        + (frame["end"] - frame["start"]).clip(lower=0).to_numpy(dtype=np.int64)
    frame["pid"] = pd.factorize(spans)[0].astype("int64")
    return frame


def _word_runs(texts: tuple[Passage, ...], frame: pd.DataFrame) -> tuple[Positions, Positions]:
    """The \\w+ runs of all coded text, rebuilt from passage texts (the corpus holds no full documents)."""
    if frame.empty:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    gs, gw = frame["gs"].to_numpy(dtype=np.int64), frame["gw"].to_numpy(dtype=np.int64)
    ordered = np.lexsort((-gw, gs))
    gs, gw = gs[ordered], gw[ordered]
    # How far the text is known before each passage: a passage adds only what lies beyond that.
    reach = np.concatenate(([-1], np.maximum.accumulate(gw)[:-1]))
    adds = gw > reach
    new_region = gs > reach
    chosen = np.flatnonzero(adds)
    skip = np.maximum(reach[chosen] - gs[chosen], 0)
    starts_new = new_region[chosen]
    pieces = []
    for i, length, cut, new in zip(ordered[chosen].tolist(), (gw[chosen] - gs[chosen]).tolist(), skip.tolist(),
                                   starts_new.tolist(), strict=True):
        text = texts[i].text
        # Trust the offsets over the text should a damaged row disagree, so that positions stay aligned.
        piece = text[cut:length] if len(text) >= length else text[:length].ljust(length)[cut:]
        # A non-word separator before each region keeps words of different regions apart.
        pieces.append("\0" + piece if new else piece)
    codepoints = np.frombuffer("".join(pieces).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    is_word = _word_characters(codepoints)
    before = np.concatenate(([False], is_word[:-1]))
    after = np.concatenate((is_word[1:], [False]))
    local_starts = np.flatnonzero(is_word & ~before).astype(np.int64)
    local_ends = np.flatnonzero(is_word & ~after).astype(np.int64) + 1
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    firsts = np.flatnonzero(starts_new)
    region_locals = (np.cumsum(lengths) - lengths)[firsts] + 1  # just after the separator
    # Within a region, local and global offsets differ by one constant: that of its first piece.
    shift = gs[chosen][firsts] - region_locals
    region = np.searchsorted(region_locals, local_starts, side="right") - 1
    return local_starts + shift[region], local_ends + shift[region]


def _word_characters(codepoints: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """Which characters \\w matches: a table for ASCII, re itself for the few other characters present."""
    ascii_table = np.array([bool(WORD.match(chr(c))) for c in range(128)])
    is_word = ascii_table[np.minimum(codepoints, 127)]
    high = np.flatnonzero(codepoints >= 128)
    if len(high):
        others, inverse = np.unique(codepoints[high], return_inverse=True)
        is_word[high] = np.array([bool(WORD.match(chr(int(c)))) for c in others])[inverse]
    return is_word
