"""Agreement of two coders character by character (`qualcode agreement --unit character`): per code the 2 × 2 table
of characters NVivo's coding comparison uses (percent, Cohen's kappa, Krippendorff's alpha; with and without the
characters neither coder coded), and Krippendorff's unitized alpha family over the coders' own spans. The formulas
are in domain/agreement.py and domain/unitized_agreement.py; this module only gathers the spans.

- A character carries a code for a coder when one of that coder's codings of that code covers it. A coder's
  overlapping or touching codings of one code are merged into one unit first, so double coding counts once.
- Documents: those both coders coded; several documents are concatenated continua.
- uα, |uα and cuα: each coder's text is split where the set of compared codes changes; a stretch that one coder gave
  several codes is one combined value ('beleid+geld'), so codes applied together count as their combination.
- Per code: uα of that code alone (its units against the rest of the text; boundaries of that code) and (k)uα, the
  reliability of the code where the two coders' units overlap. (k)uα assumes one value per stretch: for a code a
  coder also gave together with others, every stretch carrying it counts as that code (`focused`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from qualcode.domain.agreement import BinaryTable, Figure, measures, pooled
from qualcode.domain.span_sets import Span, character_table, covered, merged
from qualcode.domain.unitized_agreement import Continuum, focused_k_u_alphas, partition, unitized_alphas

if TYPE_CHECKING:
    from qualcode.project.agreement import AgreementResult, DisagreementResult, Scope
    from qualcode.storage.store import Store

NEVER_ALONE = "no coder gave this code alone to any text"


@dataclass(frozen=True)
class CodeUnitized:
    """A code's unitized figures."""

    u_alpha: Figure  # uα of this code alone: its units against the rest of the text
    k_u_alpha: Figure  # (k)uα of the value 'this code alone' among the compared codes, where units overlap


@dataclass(frozen=True)
class UnitizedSummary:
    """Krippendorff's unitized alpha family over all compared codes, and per code."""

    u_alpha: Figure  # boundaries and codes
    binary_u_alpha: Figure  # |uα: coded vs. not coded, whatever the code
    cu_alpha: Figure  # codes where the two coders' units overlap
    cu_coverage: float | None  # share of the text (both coders' characters) that cuα is about, 0..1
    combined_characters: int  # characters one coder gave several compared codes (counted once per coder)
    per_code: dict[str, CodeUnitized]


@dataclass(frozen=True)
class _Spans:
    """Per document: its length and, per coder, the merged spans of each compared code."""

    lengths: dict[int, int]
    by_coder: dict[str, dict[int, dict[str, list[Span]]]]  # coder → document id → code → merged spans
    offsets: dict[int, int]  # where each document starts when the documents are concatenated, in scope order
    total: int  # the length of all documents together

    def joined(self, coder: str) -> dict[str, list[Span]]:
        """Code → the coder's merged spans of it over the concatenated documents."""
        found: dict[str, list[Span]] = defaultdict(list)
        for document_id, codes in self.by_coder[coder].items():
            shift = self.offsets[document_id]
            for code, spans in codes.items():
                found[code].extend((start + shift, end + shift) for start, end in spans)
        return found


def _spans(store: Store, scope: Scope) -> _Spans:
    from qualcode.storage import agreement as agreement_sql

    document_ids = [d.id for d in scope.documents]
    lengths = {document_id: spans[0][1] if spans else 0
               for document_id, spans in agreement_sql.unit_spans(store, "document", document_ids).items()}
    in_scope = set(scope.codes)
    raw: dict[str, dict[int, dict[str, list[Span]]]] = {
        coder: {document_id: defaultdict(list) for document_id in document_ids} for coder in scope.coders}
    for coding in scope.codings:
        if coding.code_key in in_scope:
            raw[coding.coder][coding.document_id][coding.code_key].append(
                (max(coding.start, 0), min(coding.end, lengths[coding.document_id])))
    by_coder = {coder: {document_id: {code: merged(spans) for code, spans in codes.items()}
                        for document_id, codes in documents.items()} for coder, documents in raw.items()}
    offsets, total = {}, 0
    for document_id in document_ids:
        offsets[document_id] = total
        total += lengths[document_id]
    return _Spans(lengths, by_coder, offsets, total)


def character_agreement(store: Store, scope: Scope) -> AgreementResult:
    """Character-level tables and the unitized alpha family of the two coders (see the module docstring)."""
    from qualcode.project.agreement import AgreementResult, CodeAgreement

    spans = _spans(store, scope)
    first, second = scope.coders
    # The documents as one continuum: the same tables as summing per document, with far fewer calls.
    a, b = spans.joined(first), spans.joined(second)
    coded = covered(merged([span for coder in (a, b) for code_spans in coder.values() for span in code_spans]))
    rows = []
    for code in scope.codes:
        table = character_table(a.get(code, []), b.get(code, []), spans.total)
        within_coded = BinaryTable(table.both, table.only_a, table.only_b,
                                   coded - table.both - table.disagreements)
        rows.append(CodeAgreement(code, scope.names.get(code, code), measures(table), measures(within_coded)))
    overall = CodeAgreement("(all codes)", "pooled code × character decisions",
                            measures(pooled(r.all_units.table for r in rows)),
                            measures(pooled(r.coded_units.table for r in rows)))
    return AgreementResult(scope.coders, "character", tuple(d.title for d in scope.documents),
                           tuple(scope.only_one), tuple(rows), overall, _unitized(spans, scope, {first: a, second: b}))


def _unitized(spans: _Spans, scope: Scope, joined: dict[str, dict[str, list[Span]]]) -> UnitizedSummary:
    # Units never cross a document's end and gaps count linearly: the concatenated documents are one continuum.
    partitions = {coder: [(start + spans.offsets[document_id], end + spans.offsets[document_id], value)
                          for document_id, length in spans.lengths.items()
                          for start, end, value in partition(spans.by_coder[coder][document_id], length)]
                  for coder in scope.coders}
    continuum = [Continuum(spans.total, tuple(partitions[coder] for coder in scope.coders))]
    family = unitized_alphas(continuum)
    combined = sum(end - start for coder in scope.coders for start, end, value in partitions[coder] if len(value) > 1)
    # (k)uα assumes exclusive values. Judged on the combinations, a code a coder also combined with another would count
    # only where it stands alone, and two coders who agree on it fully could score 0: for such a code every stretch
    # that carries it is taken as the code (domain.unitized_agreement.focused, focused_k_u_alphas).
    combined_codes = {code for coder in scope.coders for _, _, value in partitions[coder] if len(value) > 1
                      for code in value}
    # One continuum per document here: focusing joins touching stretches of a code, and a coding that ends a document
    # is not one unit with a coding that begins the next (concatenated, they would touch).
    per_document = [Continuum(length, tuple(partition(spans.by_coder[coder][document_id], length)
                                            for coder in scope.coders))
                    for document_id, length in spans.lengths.items()]
    focused_alphas = focused_k_u_alphas(per_document, sorted(combined_codes & set(scope.codes)))
    per_code = {}
    for code in scope.codes:
        alone = unitized_alphas([Continuum(spans.total, tuple(
            [(start, end, code) for start, end in joined[coder].get(code, [])] for coder in scope.coders))])
        value: Hashable = frozenset({code})
        k_alpha = focused_alphas[code] if code in focused_alphas else \
            family.k_u_alpha.get(value, Figure(None, NEVER_ALONE))
        per_code[code] = CodeUnitized(alone.u_alpha, k_alpha)
    return UnitizedSummary(family.u_alpha, family.binary_u_alpha, family.cu_alpha, family.cu_coverage, combined,
                           per_code)


def character_disagreements(store: Store, scope: Scope) -> DisagreementResult:
    """The stretches of text where the two coders' sets of compared codes differ, in document and text order."""
    from qualcode.project.agreement import Disagreement, DisagreementResult
    from qualcode.storage import agreement as agreement_sql

    spans = _spans(store, scope)
    first, second = scope.coders
    texts = agreement_sql.document_texts(store, [d.id for d in scope.documents])
    rows = []
    for document in scope.documents:
        length = spans.lengths[document.id]
        for number, (start, end, a, b) in enumerate(_differences(
                partition(spans.by_coder[first][document.id], length),
                partition(spans.by_coder[second][document.id], length)), start=1):
            rows.append(Disagreement(document.title, document.case_name, number, start, end,
                                     texts[document.id][start:end], tuple(sorted(a)), tuple(sorted(b))))
    return DisagreementResult(scope.coders, "character", tuple(d.title for d in scope.documents),
                              tuple(scope.codes), tuple(rows))


Segments = Sequence[tuple[int, int, frozenset[str]]]


def _differences(first: Segments, second: Segments) -> list[tuple[int, int, frozenset[str], frozenset[str]]]:
    """The maximal stretches on which both coders' code sets stay the same and differ from each other."""
    boundaries = sorted({offset for segments in (first, second) for start, end, _ in segments
                         for offset in (start, end)})
    found: list[tuple[int, int, frozenset[str], frozenset[str]]] = []
    empty: frozenset[str] = frozenset()
    i = j = 0
    for start, end in pairwise(boundaries):
        while i < len(first) and first[i][1] <= start:
            i += 1
        while j < len(second) and second[j][1] <= start:
            j += 1
        a = first[i][2] if i < len(first) and first[i][0] <= start else empty
        b = second[j][2] if j < len(second) and second[j][0] <= start else empty
        if a == b:
            continue
        if found and found[-1][1] == start and found[-1][2:] == (a, b):
            found[-1] = (found[-1][0], end, a, b)
        else:
            found.append((start, end, a, b))
    return found

