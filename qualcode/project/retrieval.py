"""Retrieval use cases: coded passages by code, case and attribute, the case × code matrix, and find in a
document (what the workbench's retrieval and matrix screens and `/` show)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.domain.attribute_filter import matching_cases
from qualcode.domain.errors import ProjectError
from qualcode.domain.model import CaseAttribute
from qualcode.domain.passages import passage_counts
from qualcode.storage import cases as case_sql
from qualcode.storage import codes as code_sql
from qualcode.storage import documents as document_sql
from qualcode.storage import retrieval
from qualcode.storage.records import CodeRow, Passage
from qualcode.storage.store import Store

# The label under which documents without a case are counted, and the case name that selects them.
NO_CASE = "(geen casus)"


@dataclass(frozen=True)
class CaseCodeMatrix:
    """Passages counted per case and code (domain.passages), with the cases and codes to lay out as rows and columns."""

    cases: list[str]
    codes: list[CodeRow]
    counts: dict[tuple[str, str], int]  # (case name, code key) → passages; absent means none
    documents_per_case: dict[str, int]



# -- retrieval -----------------------------------------------------------------------------------------------
def _subtree(rows: list[CodeRow], code_key: str) -> list[str]:
    children: dict[str | None, list[str]] = {}
    for row in rows:
        children.setdefault(row.parent_key, []).append(row.key)
    keys = [code_key]
    for key in keys:  # grows while iterating: a breadth-first walk of the subtree
        keys.extend(children.get(key, []))
    return keys


def attribute_strings(attribute: CaseAttribute) -> list[str]:
    """Return an attribute's value(s) as the strings filters compare: each listed value of a 'categories' one."""
    value = attribute.value
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return ["ja" if value else "nee"]
    return [str(value)]


def _labels(attributes: list[CaseAttribute]) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    for attribute in attributes:
        labels.setdefault(attribute.name, []).extend(attribute_strings(attribute))
    return labels


def passages(store: Store, code_key: str | None = None, *, include_children: bool = True, case: str | None = None,
             attributes: dict[str, str] | None = None, coder: str | None = None,
             document_guid: str | None = None) -> list[Passage]:
    """Return the coded passages matching every filter given, by case name, document title and start."""
    code_keys: list[str] | None = None
    if code_key is not None:
        rows = code_sql.codes(store)
        if not any(r.key == code_key for r in rows):
            raise ProjectError(f"no code '{code_key}' in the codebook")
        code_keys = _subtree(rows, code_key) if include_children else [code_key]
    case_guids: list[str] | None = None
    if attributes:  # the one attribute filter, as `table quotes --where` uses it
        case_guids = matching_cases(attributes, ((c["guid"], _labels(c["attributes"])) for c in case_sql.cases(store)))
    return retrieval.passages(store, code_keys=code_keys, case_name=None if case == NO_CASE else case,
                              without_case=case == NO_CASE, case_guids=case_guids, coder=coder,
                              document_guid=document_guid)


def _sort_key(value: str) -> tuple[int, float, str]:
    # Numbers sort as numbers (24500 before 312000), everything else alphabetically.
    try:
        return 0, float(value), ""
    except ValueError:
        return 1, 0.0, value.casefold()


def case_attribute_values(store: Store) -> dict[str, list[str]]:
    """Attribute name → every value the cases have, numbers in numeric order (for filters)."""
    values: dict[str, set[str]] = {}
    for case in case_sql.cases(store):
        for attribute in case["attributes"]:
            values.setdefault(attribute.name, set()).update(attribute_strings(attribute))
    return {name: sorted(found, key=_sort_key) for name, found in values.items()}


def case_code_matrix(store: Store, *, code_type: str | None = None, coder: str | None = None) -> CaseCodeMatrix:
    """Count passages per case and code (as every report does); themes appear only when coded directly."""
    type_key = _type_key(store, code_type) if code_type is not None else None
    raw_counts = passage_counts(((case, key), document, start, end)
                                for case, key, document, start, end in retrieval.coding_spans(store, coder))
    coded = {key for _, key in raw_counts}
    codes = [r for r in code_sql.codes(store)
             if (r.type == type_key if type_key is not None else r.type is not None or r.key in coded)]
    shown = {r.key for r in codes}
    per_case = {name if name is not None else NO_CASE: n for name, n in retrieval.documents_per_case(store).items()}
    cases = sorted((name for name in per_case if name != NO_CASE), key=str.casefold)
    if NO_CASE in per_case:
        cases.append(NO_CASE)  # the leftover column goes last, after the real cases
    counts = {(case if case is not None else NO_CASE, key): n for (case, key), n in raw_counts.items() if key in shown}
    return CaseCodeMatrix(cases=cases, codes=codes, counts=counts, documents_per_case=per_case)


def _type_key(store: Store, code_type: str) -> str:
    """Accept a type by its key or its Dutch or English label (barrier, belemmering)."""
    wanted = code_type.casefold()
    for known in code_sql.code_types(store):
        if wanted in (known.key.casefold(), known.label.casefold(), known.label_en.casefold()):
            return known.key
    raise ProjectError(f"no code type '{code_type}'",
                       hint=f"use one of: {', '.join(t.key for t in code_sql.code_types(store))}")


# -- find ----------------------------------------------------------------------------------------------------
def find_in_document(store: Store, document_guid: str, query: str) -> list[tuple[int, int]]:
    """Return spans of the query as typed, plus the words (or phrases) that are another form of it, word by word."""
    from qualcode.domain.search_query import SearchQueryError
    from qualcode.project.search import search

    needle = query.strip()
    if not needle:
        return []
    try:
        text = document_sql.document_text(store, document_guid)
    except KeyError:
        raise ProjectError(f"no document with id {document_guid}") from None
    exact = sorted((m.start(), m.end()) for m in re.finditer(re.escape(needle), text, re.IGNORECASE))
    try:
        hits = search(store, needle, document_guid=document_guid, context_words=0).hits
    except SearchQueryError:  # punctuation only, or a lone wildcard: the text as typed is all there is to find
        return exact
    forms = {(hit.start, hit.end) for hit in hits if not any(s < hit.end and e > hit.start for s, e in exact)}
    return sorted({*exact, *forms})
