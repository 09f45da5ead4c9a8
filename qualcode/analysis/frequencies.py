"""How often each code, type and theme came up: codings, passages, documents, cases and words.

The first four are analysis.counts' (the reports count with them too); the words need the coded text's word runs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qualcode.analysis._index import CorpusIndex, Positions
from qualcode.analysis.corpus import CodedCorpus
from qualcode.analysis.counts import CodeCount, code_counts, code_types, type_counts

COUNTS = ("codings", "passages", "documents", "cases", "words")


def code_frequencies(corpus: CodedCorpus) -> pd.DataFrame:
    """Per code in tree order: name, type, theme (root key), depth, the code's own counts and roll-ups.

    codings: codings with the code; passages: as domain.passages counts them (overlapping codings of the code in one
    document are one passage, as in every matrix cell); documents; cases; words: \\w+ runs
    in the union of the code's spans per document (overlapping codings count their words once). The *_total
    columns count the code with all its descendants, a passage coded with two child codes once.
    """
    cached = corpus._memo.get("code_frequencies")
    if not isinstance(cached, pd.DataFrame):
        cached = corpus._memo["code_frequencies"] = _code_frequencies(corpus)
    return cached.copy()  # a caller's change never reaches the next caller


def _code_frequencies(corpus: CodedCorpus) -> pd.DataFrame:
    index = corpus._index
    keys = list(index.keys)
    counted = code_counts(corpus)
    code_ids = index.column("code_id")
    rows = np.flatnonzero(code_ids >= 0)
    own_words = index.union_words(rows, code_ids[rows], len(keys))
    out = pd.DataFrame({
        "name": [code.name for code in corpus.codes],
        "type": pd.Series([code.type for code in corpus.codes], dtype="object"),
        "theme": [index.root[key] for key in keys],
        "depth": [index.depth[key] for key in keys],
        **_columns([counted[key][0] for key in keys], own_words),
        **{f"{name}_total": values
           for name, values in _columns([counted[key][1] for key in keys], _rolled_words(index)).items()},
    })
    out.index = pd.Index(keys, name="code")
    return out


def type_frequencies(corpus: CodedCorpus) -> pd.DataFrame:
    """Per code type in display order: label, codes (in the codebook), codes_used, and counts over its codes.

    A passage coded with two codes of the same type counts once in passages and words.
    """
    index = corpus._index
    kinds = code_types(corpus)
    position = {kind: i for i, kind in enumerate(kinds)}
    type_of_code = np.asarray([position.get(code.type, -1) if code.type else -1 for code in corpus.codes] + [-1],
                              dtype=np.int64)
    type_ids = type_of_code[index.column("code_id")]  # code_id -1 picks the trailing -1
    rows = np.flatnonzero(type_ids >= 0)
    counted = type_counts(corpus)
    labels = {t.key: t.label for t in corpus.types}
    used = set(index.frame["code"])
    out = pd.DataFrame({
        "label": [labels.get(kind, kind) for kind in kinds],
        "codes": [sum(1 for code in corpus.codes if code.type == kind) for kind in kinds],
        "codes_used": [sum(1 for code in corpus.codes if code.type == kind and code.key in used) for kind in kinds],
        **_columns([counted[kind] for kind in kinds], index.union_words(rows, type_ids[rows], len(kinds))),
    })
    out.index = pd.Index(kinds, name="type")
    return out


def theme_frequencies(corpus: CodedCorpus) -> pd.DataFrame:
    """Per root theme in tree order: name, codes (typed codes beneath it) and its counts rolled up."""
    index = corpus._index
    roots = [i for i, key in enumerate(index.keys) if index.depth[key] == 0]
    typed = {code.key for code in corpus.codes if code.type is not None}
    counted = code_counts(corpus)
    words = _rolled_words(index)
    out = pd.DataFrame({
        "name": [corpus.codes[i].name for i in roots],
        "codes": [sum(1 for key in index.descendants(index.keys[i]) if key in typed) for i in roots],
        **_columns([counted[index.keys[i]][1] for i in roots], words[roots]),
    })
    out.index = pd.Index([index.keys[i] for i in roots], name="theme")
    return out


def _columns(counts: list[CodeCount], words: Positions) -> dict[str, Positions]:
    """The COUNTS columns, as int64 arrays."""
    columns = {name: np.asarray([getattr(count, name) for count in counts], dtype=np.int64) for name in COUNTS[:-1]}
    return {**columns, "words": np.asarray(words, dtype=np.int64)}


def _rolled_words(index: CorpusIndex) -> Positions:
    """Words per code id with all its descendants: each coding counted for its code and every ancestor."""
    if "rolled_words" not in index.memo:  # code_frequencies and theme_frequencies both need it
        rows, ancestors = index.with_ancestors()
        index.memo["rolled_words"] = pd.DataFrame({"words": index.union_words(rows, ancestors, len(index.keys))})
    return index.memo["rolled_words"]["words"].to_numpy(dtype=np.int64)
