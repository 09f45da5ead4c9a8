"""The overview `qualcode status` prints: what a project holds and how far coding has come."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.storage import cases as case_sql
from qualcode.storage import codings as coding_sql
from qualcode.storage import documents as document_sql
from qualcode.storage import retrieval
from qualcode.storage import versions as version_sql
from qualcode.storage.store import Store


@dataclass(frozen=True)
class Status:
    """What a project holds and how far coding has come."""

    name: str
    root: Path
    totals: dict[str, int]
    cases: int
    codes_by_type: dict[str, int]
    codings_by_type: dict[str, int]
    codings_per_coder: dict[str, int]
    progress: list[dict[str, Any]]
    pipeline: str
    type_labels: dict[str, str]
    awaiting_review: dict[str, int] = field(default_factory=dict)  # source name → codings awaiting review


def project_status(store: Store, name: str, root: Path) -> Status:
    """Count documents, words, cases, codes and codings, and each document's coding progress."""
    from qualcode.nlp.pipeline import pipeline_description
    from qualcode.storage.codes import code_types, codes

    codes_by_type: dict[str, int] = {}
    for row in codes(store):
        if row.type:
            codes_by_type[row.type] = codes_by_type.get(row.type, 0) + 1
    return Status(
        name=name, root=root, totals=document_sql.totals(store),
        cases=len(case_sql.cases(store)), codes_by_type=codes_by_type,
        codings_by_type=coding_sql.codings_per_type(store),
        codings_per_coder=coding_sql.codings_per_coder(store),
        progress=[{"guid": row.guid, "title": row.title, "case": row.case_name, "words": row.words,
                   "respondent_turns": row.respondent_turns, "coded_turns": row.coded_turns,
                   "codings": row.codings, "source_name": row.source_name}
                  for row in retrieval.document_progress(store, None)],
        pipeline=pipeline_description(),
        type_labels={t.key: t.label for t in code_types(store)},
        awaiting_review=version_sql.awaiting_review(store),
    )
