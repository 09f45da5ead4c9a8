"""Cross-case analysis: frequencies, case x code matrices, co-occurrence, quotes and quantifiers.

The names load their module when first used: the counts, quotes and quantifiers a report needs are plain Python,
and `from qualcode.analysis import describe_count` must not import pandas (a third of a second from the shell) for
the tables that use it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qualcode.analysis.classifications import ClassificationCount, classification_counts
    from qualcode.analysis.cooccurrence import cooccurrence, cooccurrence_matrix
    from qualcode.analysis.corpus import NO_CASE, UNKNOWN, CaseInfo, CodedCorpus, DocumentInfo, value_labels
    from qualcode.analysis.counts import (
        CodeCount,
        cell_counts,
        code_counts,
        crosstab_counts,
        group_sizes,
        matrix_columns,
    )
    from qualcode.analysis.frequencies import code_frequencies, theme_frequencies, type_frequencies
    from qualcode.analysis.matrix import N_OF_N, case_code_matrix, crosstab
    from qualcode.analysis.quantifiers import (
        DEFAULT_THRESHOLDS,
        QuantifierThresholds,
        describe_count,
        quantifier_key,
        quantify,
    )
    from qualcode.analysis.quotes import Quote, illustrative_quotes, quotes_for

# Which module owns each public name (pandas: frequencies, matrix, cooccurrence; the others are plain Python).
_OWNERS = {
    "qualcode.analysis.classifications": ("ClassificationCount", "classification_counts"),
    "qualcode.analysis.cooccurrence": ("cooccurrence", "cooccurrence_matrix"),
    "qualcode.analysis.corpus": ("NO_CASE", "UNKNOWN", "CaseInfo", "CodedCorpus", "DocumentInfo", "value_labels"),
    "qualcode.analysis.counts": ("CodeCount", "cell_counts", "code_counts", "crosstab_counts", "group_sizes",
                                 "matrix_columns"),
    "qualcode.analysis.frequencies": ("code_frequencies", "theme_frequencies", "type_frequencies"),
    "qualcode.analysis.matrix": ("N_OF_N", "case_code_matrix", "crosstab"),
    "qualcode.analysis.quantifiers": ("DEFAULT_THRESHOLDS", "QuantifierThresholds", "describe_count",
                                      "quantifier_key", "quantify"),
    "qualcode.analysis.quotes": ("Quote", "illustrative_quotes", "quotes_for"),
}
_MODULE_OF = {name: module for module, names in _OWNERS.items() for name in names}

__all__ = [
    "DEFAULT_THRESHOLDS",
    "NO_CASE",
    "N_OF_N",
    "UNKNOWN",
    "CaseInfo",
    "ClassificationCount",
    "CodeCount",
    "CodedCorpus",
    "DocumentInfo",
    "QuantifierThresholds",
    "Quote",
    "case_code_matrix",
    "cell_counts",
    "classification_counts",
    "code_counts",
    "code_frequencies",
    "cooccurrence",
    "cooccurrence_matrix",
    "crosstab",
    "crosstab_counts",
    "describe_count",
    "group_sizes",
    "illustrative_quotes",
    "matrix_columns",
    "quantifier_key",
    "quantify",
    "quotes_for",
    "theme_frequencies",
    "type_frequencies",
    "value_labels",
]


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'qualcode.analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
