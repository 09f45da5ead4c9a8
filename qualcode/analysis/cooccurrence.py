"""Which codes come up together in the same sentence, turn or document: counts and Jaccard similarity."""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from qualcode.analysis._index import sorted_unique
from qualcode.analysis.corpus import CodedCorpus

Unit = Literal["sentence", "turn", "document"]


def cooccurrence(corpus: CodedCorpus, unit: Unit = "sentence", *, code_type: str | None = None) -> pd.DataFrame:
    """Pairs of codes that share a unit: columns code_a, code_b (code_a < code_b), both, either, jaccard.

    A passage belongs to every unit it overlaps. both: units where both codes have a passage; either: units
    with at least one of the two; jaccard = both / either. Only pairs with both > 0, sorted by both (descending)
    then by keys. Documents without spans of the unit (no sentences stored, say) take part in no unit.
    """
    keys, both, per_code = _counts(corpus, unit, code_type)
    first, second = np.nonzero(np.triu(both, k=1))
    shared = both[first, second]
    either = per_code[first] + per_code[second] - shared
    ordered = np.lexsort((second, first, -shared))  # keys are sorted, so ids compare as the keys do
    names = np.asarray(keys, dtype=object)
    return pd.DataFrame({
        "code_a": pd.Series(names[first[ordered]], dtype="object"),
        "code_b": pd.Series(names[second[ordered]], dtype="object"),
        "both": shared[ordered].astype("int64"),
        "either": either[ordered].astype("int64"),
        "jaccard": (shared[ordered] / np.maximum(either[ordered], 1)).astype("float64"),
    })


def cooccurrence_matrix(corpus: CodedCorpus, unit: Unit = "sentence", *, code_type: str | None = None
                        ) -> pd.DataFrame:
    """Square table of 'both' counts between the codes that occur, in tree order; the diagonal counts the
    units that hold the code at all."""
    keys, both, per_code = _counts(corpus, unit, code_type)
    order = corpus._index.order
    shown = sorted(range(len(keys)), key=lambda i: (order.get(keys[i], len(order)), keys[i]))
    square = both + both.T
    np.fill_diagonal(square, per_code)
    labels = [keys[i] for i in shown]
    return pd.DataFrame(square[np.ix_(shown, shown)], index=pd.Index(labels, name="code"),
                        columns=pd.Index(labels, name="code"))


def _counts(corpus: CodedCorpus, unit: Unit, code_type: str | None
            ) -> tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Codes that occur (sorted keys), units shared per pair (upper triangle) and units per code."""
    units, codes = _incidence(corpus, unit, code_type)
    found, uniques = pd.factorize(codes, sort=True)
    keys = [str(key) for key in uniques]
    size = len(keys)
    code_ids = np.asarray(found, dtype=np.int64)
    # One row per (unit, code), sorted so that within a unit codes ascend: each pair is then generated once
    # with the smaller id first, all in numpy (a merge of the table with itself is far slower on documents).
    pairs = sorted_unique(units * max(size, 1) + code_ids)
    units, code_ids = pairs // max(size, 1), pairs % max(size, 1)
    per_code = np.bincount(code_ids, minlength=size).astype(np.int64)
    starts = np.flatnonzero(np.concatenate(([True], units[1:] != units[:-1]))) if len(units) else units
    lengths = np.diff(np.append(starts, len(units)))
    position = np.arange(len(units), dtype=np.int64) - np.repeat(starts, lengths)
    partners = np.repeat(lengths, lengths) - position - 1  # later codes in the same unit
    left = np.repeat(np.arange(len(units), dtype=np.int64), partners)
    right = left + 1 + (np.arange(len(left), dtype=np.int64) - np.repeat(np.cumsum(partners) - partners, partners))
    both = np.bincount(code_ids[left] * size + code_ids[right], minlength=size * size).astype(np.int64)
    return keys, both.reshape(size, size), per_code


def _incidence(corpus: CodedCorpus, unit: Unit, code_type: str | None
               ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.object_]]:
    """(unit id, code key) for every unit a passage overlaps (repeats allowed)."""
    index = corpus._index
    frame = index.frame
    if code_type is not None:
        frame = frame[frame["code"].isin({c.key for c in corpus.codes if c.type == code_type})]
    codes = frame["code"].to_numpy(dtype=object)
    if unit == "document":
        return frame["doc_id"].to_numpy(dtype=np.int64), codes
    if unit not in ("sentence", "turn"):
        raise ValueError(f"unknown unit '{unit}': use sentence, turn or document")
    starts, ends = index.units[unit]
    gs, ge = frame["gs"].to_numpy(dtype=np.int64), frame["ge"].to_numpy(dtype=np.int64)
    # Units are sorted and do not overlap, so a passage overlaps the contiguous run first..last-1; the running
    # maximum keeps the search valid should a segmenter ever hand over nested spans.
    first = np.searchsorted(np.maximum.accumulate(ends), gs, side="right") if len(ends) else np.zeros_like(gs)
    last = np.searchsorted(starts, ge, side="left")
    spread = np.maximum(last - first, 0)
    offsets = np.arange(int(spread.sum()), dtype=np.int64) - np.repeat(np.cumsum(spread) - spread, spread)
    return np.repeat(first, spread) + offsets, np.repeat(codes, spread)
