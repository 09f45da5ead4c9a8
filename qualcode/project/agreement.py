"""Intercoder agreement of two coders (`qualcode agreement`): per code and overall, percent agreement, Cohen's kappa
and Krippendorff's alpha (nominal) over sentences, turns or documents, with and without the units neither coder
coded; with unit 'character' also Krippendorff's unitized alpha family (project/character_agreement.py). A use case
of Project (a base class of it); the formulas are in domain/agreement.py and domain/unitized_agreement.py.

What is compared:
- Documents: those both coders coded (a document only one of them touched says nothing about agreement), narrowed
  by `documents` when given.
- Codes: the ones named, else every code either coder applied in those documents. A code stands for itself, not
  its children.
- A unit carries a code for a coder when one of that coder's codings of that code overlaps the unit (shares at
  least one character with it).
- Variant 'all units': every unit of those documents. Variant 'coded units': the units that at least one of the two
  coders coded with at least one of the codes compared; the others (text neither coder coded) are left out, because
  their agreement on absence inflates every measure.
- Overall: the code × unit decisions of all compared codes pooled into one 2 × 2 table (`domain.agreement.pooled`),
  in each variant.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualcode.domain.agreement import BinaryTable, Measures, measures, pooled
from qualcode.domain.errors import ProjectError
from qualcode.project.base import ProjectBase
from qualcode.project.choices import unknown

if TYPE_CHECKING:
    from qualcode.project.character_agreement import UnitizedSummary
    from qualcode.reporting.agreement_section import AppendixAgreement, UnitDisagreement
    from qualcode.storage.agreement import AgreementCoding, AgreementDocument
    from qualcode.storage.store import Store

UNITS = ("sentence", "turn", "document", "character")


@dataclass(frozen=True)
class CodeAgreement:
    """One code's (or the pooled) figures in both variants."""

    code: str  # the code's id; '(all codes)' for the pooled row
    name: str
    all_units: Measures
    coded_units: Measures


@dataclass(frozen=True)
class AgreementResult:
    coders: tuple[str, str]
    unit: str
    documents: tuple[str, ...]  # titles of the documents compared
    only_one_coder: tuple[str, ...]  # titles of documents only one of the two coded (left out)
    codes: tuple[CodeAgreement, ...]
    overall: CodeAgreement
    unitized: UnitizedSummary | None = None  # unit 'character' only: Krippendorff's unitized alpha family


class AgreementUseCases(ProjectBase):
    """Agreement of two coders."""

    def agreement(self, coders: Sequence[str], unit: str = "sentence", codes: Sequence[str] = (),
                  documents: Sequence[str] = ()) -> AgreementResult:
        """Percent agreement, Cohen's kappa and Krippendorff's alpha per code and pooled, in both variants (with unit
        'character' also the unitized alpha family)."""
        return agreement_of(self.store, coders, unit, codes, documents)

    def disagreements(self, coders: Sequence[str], unit: str = "sentence", codes: Sequence[str] = (),
                      documents: Sequence[str] = ()) -> DisagreementResult:
        """Every unit on which the two coders' sets of compared codes differ, in document and text order (with unit
        'character': every stretch of text on which they differ)."""
        return disagreements_of(self.store, coders, unit, codes, documents)


def disagreements_of(store: Store, coders: Sequence[str], unit: str = "sentence", codes: Sequence[str] = (),
                     documents: Sequence[str] = ()) -> DisagreementResult:
    """See AgreementUseCases.disagreements (also what Bijlage F lists with [report] disagreements)."""
    if unit == "character":
        from qualcode.project.character_agreement import character_disagreements

        return character_disagreements(store, compared_scope(store, coders, unit, codes, documents))
    return _disagreements_from(store, _compared(store, coders, unit, codes, documents), unit)


def _disagreements_from(store: Store, compared: _Compared, unit: str) -> DisagreementResult:
    from qualcode.storage import agreement as agreement_sql

    empty: frozenset[str] = frozenset()
    first, second = compared.coders
    texts = agreement_sql.document_texts(store, [d.id for d in compared.documents])
    rows = []
    for document in compared.documents:
        for index, (start, end) in enumerate(compared.spans[document.id]):
            a = frozenset(compared.given[first].get((document.id, index), empty))
            b = frozenset(compared.given[second].get((document.id, index), empty))
            if a != b:
                rows.append(Disagreement(document.title, document.case_name, index + 1, start, end,
                                         texts[document.id][start:end], tuple(sorted(a)), tuple(sorted(b))))
    return DisagreementResult(compared.coders, unit, tuple(d.title for d in compared.documents),
                              tuple(compared.codes), tuple(rows))


@dataclass(frozen=True)
class Disagreement:
    """A unit whose compared codes differ between the two coders; codes are ids, sorted."""

    document: str  # title
    case: str | None
    number: int  # the unit's place in its document, from 1
    start: int
    end: int
    text: str
    first_codes: tuple[str, ...]
    second_codes: tuple[str, ...]

    @property
    def only_first(self) -> tuple[str, ...]:
        return tuple(code for code in self.first_codes if code not in self.second_codes)

    @property
    def only_second(self) -> tuple[str, ...]:
        return tuple(code for code in self.second_codes if code not in self.first_codes)


@dataclass(frozen=True)
class DisagreementResult:
    coders: tuple[str, str]
    unit: str
    documents: tuple[str, ...]
    codes: tuple[str, ...]  # the codes compared
    rows: tuple[Disagreement, ...]


@dataclass(frozen=True)
class _Compared:
    """What agreement and disagreements share: the documents, their units, and the codes each coder gave each unit
    (the one place where 'a unit carries a code' is decided)."""

    coders: tuple[str, str]
    documents: list[AgreementDocument]
    only_one: list[str]
    spans: dict[int, list[tuple[int, int]]]
    codes: list[str]
    names: dict[str, str]
    given: dict[str, dict[tuple[int, int], set[str]]]  # coder → (document id, unit index) → codes


def agreement_of(store: Store, coders: Sequence[str], unit: str = "sentence", codes: Sequence[str] = (),
                 documents: Sequence[str] = ()) -> AgreementResult:
    """Agreement of two coders over the documents both coded (see the module docstring)."""
    if unit == "character":
        from qualcode.project.character_agreement import character_agreement

        return character_agreement(store, compared_scope(store, coders, unit, codes, documents))
    return _agreement_from(_compared(store, coders, unit, codes, documents), unit)


def _agreement_from(compared: _Compared, unit: str) -> AgreementResult:
    first, second = compared.coders
    all_units = sum(len(compared.spans[d.id]) for d in compared.documents)
    coded_units = len(set(compared.given[first]) | set(compared.given[second]))
    rows = []
    for code in compared.codes:
        both, only_a, only_b = _counts(code, compared.given[first], compared.given[second])
        rows.append(CodeAgreement(code, compared.names.get(code, code),
                                  measures(BinaryTable(both, only_a, only_b, all_units - both - only_a - only_b)),
                                  measures(BinaryTable(both, only_a, only_b, coded_units - both - only_a - only_b))))
    overall = CodeAgreement("(all codes)", "pooled code × unit decisions",
                            measures(pooled(r.all_units.table for r in rows)),
                            measures(pooled(r.coded_units.table for r in rows)))
    return AgreementResult((first, second), unit, tuple(d.title for d in compared.documents),
                           tuple(compared.only_one), tuple(rows), overall)


def report_agreement(store: Store, coders: Sequence[str], names: Mapping[str, str] | None = None, *,
                     list_units: bool = False) -> AppendixAgreement:
    """Bijlage F's agreement: the first two of the report's coders by name, over sentences, on the documents both
    coded; the reason instead when there are fewer than two coders or no document in common. Codes are named by
    `names` (id → name in the report's language) where given; list_units adds every unit they differ on."""
    from qualcode.reporting.agreement_section import (
        FEWER_THAN_TWO,
        NOTHING_SHARED,
        AppendixAgreement,
        CodeDisagreements,
    )
    from qualcode.storage.consensus import consensus_coders

    # A consensus coder's codings are the settled result, not a third judgement: its agreement with A or B measures
    # nothing about the codebook.
    settled = set(consensus_coders(store))
    ordered = tuple(sorted(coder for coder in coders if coder not in settled))
    consensus = tuple(sorted(coder for coder in coders if coder in settled))
    if len(ordered) < 2:
        return AppendixAgreement(ordered, len(ordered), reason=FEWER_THAN_TWO, consensus=consensus)
    try:
        compared = _compared(store, ordered[:2], "sentence", (), ())  # once, for the figures and the units listed
    except ProjectError:  # the only one left once both coders are known: no document in common
        return AppendixAgreement(ordered[:2], len(ordered), reason=NOTHING_SHARED, consensus=consensus)
    result = _agreement_from(compared, "sentence")
    # Every compared code is judged on the same units: a pooled table counts units × codes.
    return AppendixAgreement(
        result.coders, len(ordered), result.unit, len(result.documents), result.overall.all_units.table.units
        // max(len(result.codes), 1), result.overall.coded_units.table.units // max(len(result.codes), 1),
        result.overall.all_units, result.overall.coded_units,
        tuple(CodeDisagreements((names or {}).get(row.code, row.name), row.all_units.table.only_a,
                                row.all_units.table.only_b) for row in result.codes), consensus=consensus,
        units_listed=_units_listed(_disagreements_from(store, compared, "sentence"), names or {}) if list_units else ())


def _units_listed(found: DisagreementResult, names: Mapping[str, str]) -> tuple[UnitDisagreement, ...]:
    from qualcode.reporting.agreement_section import UnitDisagreement

    def named(codes: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(names.get(code, code) for code in codes)

    return tuple(UnitDisagreement(row.document, row.case, row.number, row.text, named(row.first_codes),
                                  named(row.second_codes)) for row in found.rows)


def _compared(store: Store, coders: Sequence[str], unit: str, codes: Sequence[str],
              documents: Sequence[str]) -> _Compared:
    from qualcode.storage import agreement as agreement_sql

    scope = compared_scope(store, coders, unit, codes, documents)
    first, second = scope.coders
    document_ids = [d.id for d in scope.documents]
    spans = agreement_sql.unit_spans(store, unit, document_ids)
    in_scope = set(scope.codes)
    given: dict[str, dict[tuple[int, int], set[str]]] = {first: {}, second: {}}
    starts = {document_id: [start for start, _ in units] for document_id, units in spans.items()}
    for coding in scope.codings:
        if coding.code_key not in in_scope:
            continue
        units = spans[coding.document_id]
        # Units are in text order and do not overlap: from the last one starting before the coding's start.
        index = max(bisect_left(starts[coding.document_id], coding.start + 1) - 1, 0)
        while index < len(units) and units[index][0] < coding.end:
            if units[index][1] > coding.start:
                given[coding.coder].setdefault((coding.document_id, index), set()).add(coding.code_key)
            index += 1
    return _Compared(scope.coders, scope.documents, scope.only_one, spans, scope.codes, scope.names, given)


@dataclass(frozen=True)
class Scope:
    """What is compared, whatever the unit: the two coders, the documents both coded (and those only one coded),
    the codes compared with their names, and the two coders' codings in those documents (every code)."""

    coders: tuple[str, str]
    documents: list[AgreementDocument]
    only_one: list[str]
    codes: list[str]
    names: dict[str, str]
    codings: list[AgreementCoding]


def compared_scope(store: Store, coders: Sequence[str], unit: str, codes: Sequence[str],
                   documents: Sequence[str]) -> Scope:
    """The coders, documents and codes compared (see the module docstring); a clear error for every bad name."""
    from qualcode.project.codebook_ops import stored_codebook
    from qualcode.project.document_ops import resolve_document
    from qualcode.storage import agreement as agreement_sql

    first, second = _two_coders(store.coders(), coders)
    if unit not in UNITS:
        unknown("unit", unit, UNITS, "--unit")
    codebook_codes = {code.key: code.name for code in stored_codebook(store).codes}
    codes = list(dict.fromkeys(codes))  # a code named twice is compared once (the pooled row counted it twice)
    for code in codes:
        if code not in codebook_codes:
            unknown("code", code, sorted(codebook_codes), "--codes", see="'qualcode codebook show' lists them")
    by_first = {d.guid: d for d in agreement_sql.documents_coded_by(store, first)}
    by_second = {d.guid: d for d in agreement_sql.documents_coded_by(store, second)}
    shared = [d for guid, d in by_first.items() if guid in by_second]
    only_one = sorted({d.title for guid, d in {**by_first, **by_second}.items()
                       if (guid in by_first) != (guid in by_second)})
    if documents:
        wanted = {reference: resolve_document(store, reference) for reference in documents}
        untouched = [ref for ref, guid in wanted.items() if guid not in by_first or guid not in by_second]
        if untouched:
            raise ProjectError(f"{', '.join(repr(r) for r in untouched)}: not coded by both {first} and {second}",
                               hint="agreement is measured on documents both coders coded; leave it out of "
                                    "--documents, or let the other coder code it first")
        shared = [d for d in shared if d.guid in wanted.values()]
    if not shared:
        raise ProjectError(f"{first} and {second} have not coded any document in common",
                           hint="both coders must code the same documents (double-coding) before agreement "
                                "can be measured; 'qualcode codings list --coder NAME' shows who coded what")
    codings = agreement_sql.codings_of(store, (first, second), [d.id for d in shared])
    compared = list(codes) or sorted({c.code_key for c in codings})
    return Scope((first, second), shared, only_one, compared, codebook_codes, codings)


def _counts(code: str, first: dict[tuple[int, int], set[str]],
            second: dict[tuple[int, int], set[str]]) -> tuple[int, int, int]:
    """Units both coders gave the code, only the first, only the second; the units neither gave it are the rest
    (of all units, or of the coded units: a unit either coder gave the code is a coded unit)."""
    in_first = {key for key, given in first.items() if code in given}
    in_second = {key for key, given in second.items() if code in given}
    both = len(in_first & in_second)
    return both, len(in_first) - both, len(in_second) - both


def _two_coders(known: Sequence[str], named: Sequence[str]) -> tuple[str, str]:
    if len(known) < 2:
        raise ProjectError(f"agreement needs two coders; this project has {len(known)}"
                           + (f" ({known[0]})" if known else ""),
                           hint="let a second coder code the same documents: 'qualcode code --coder NAME'")
    if len(named) != 2:
        raise ProjectError(f"--coders takes two coders, not {len(named)}",
                           hint=f"e.g. --coders {known[0]} {known[1]}")
    for name in named:
        if name not in known:
            unknown("coder", name, list(known), "--coders")
    if named[0] == named[1]:
        raise ProjectError(f"--coders names {named[0]} twice", hint="name two different coders")
    return named[0], named[1]
