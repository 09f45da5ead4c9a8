"""Cross-case analysis with pandas: frequencies, case x code matrices, co-occurrence, agreement."""

from __future__ import annotations

from qualcode.analysis.classifications import ClassificationCount, classification_counts
from qualcode.analysis.cooccurrence import cooccurrence, cooccurrence_matrix
from qualcode.analysis.corpus import NO_CASE, UNKNOWN, CaseInfo, CodedCorpus, DocumentInfo, value_labels
from qualcode.analysis.frequencies import code_frequencies, theme_frequencies, type_frequencies
from qualcode.analysis.matrix import N_OF_N, case_code_matrix, crosstab, group_sizes
from qualcode.analysis.quantifiers import (
    DEFAULT_THRESHOLDS,
    QuantifierThresholds,
    describe_count,
    quantifier_key,
    quantify,
)
from qualcode.analysis.quotes import Quote, illustrative_quotes, quotes_for

__all__ = [
    "DEFAULT_THRESHOLDS",
    "NO_CASE",
    "N_OF_N",
    "UNKNOWN",
    "CaseInfo",
    "ClassificationCount",
    "CodedCorpus",
    "DocumentInfo",
    "QuantifierThresholds",
    "Quote",
    "case_code_matrix",
    "classification_counts",
    "code_frequencies",
    "cooccurrence",
    "cooccurrence_matrix",
    "crosstab",
    "describe_count",
    "group_sizes",
    "illustrative_quotes",
    "quantifier_key",
    "quantify",
    "quotes_for",
    "theme_frequencies",
    "type_frequencies",
    "value_labels",
]
