"""`qualcode table matrix` as CSV straight from the codings' spans: cells counted by domain.passages (as everywhere),
without reading the corpus or importing pandas, so that the table of a million-word project takes a fraction of a
second. It gives the same bytes as the general table path (render_table with analysis.case_code_matrix), which
remains the way for Markdown, XLSX, --by, --anonymise and everything else."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from qualcode.domain.codebook import name_in
from qualcode.domain.errors import ProjectError
from qualcode.domain.passages import passage_counts
from qualcode.project.choices import checked_table_request
from qualcode.project.codebook_ops import stored_codebook
from qualcode.reporting.formatting import csv_safe_text
from qualcode.storage import cases as case_sql
from qualcode.storage import retrieval
from qualcode.storage.codes import codes

if TYPE_CHECKING:
    from qualcode.project.reports import TableRequest
    from qualcode.storage.store import Store

NO_CASE = "(geen casus)"  # as analysis.corpus.NO_CASE names the row of codings outside any case
N_OF_N = {"nl": ("n van N", "van"), "en": ("n of N", "of")}
# The first column's header, as reporting.wording.COLUMNS names it (wording imports the analyses, and so pandas).
CASE_HEADER = {"nl": "gemeente", "en": "municipality"}


def wants_fast_matrix(request: TableRequest, fmt: str, *, anonymise: bool) -> bool:
    """Whether this table is the plain matrix that matrix_csv writes."""
    return (request.kind == "matrix" and request.by is None and fmt == "csv" and not anonymise
            and request.value in ("count", "presence", "n_of_n"))


def matrix_csv(store: Store, request: TableRequest, *, lang: str, coder: str | None) -> bytes:
    """Cases x typed codes (count, presence or 'n van N') as CSV, named in lang."""
    if lang not in ("nl", "en"):
        raise ProjectError(f"language '{lang}' is not supported", hint="use --lang nl or --lang en")
    spans = retrieval.coding_spans(store, coder)
    if coder is not None and not spans:
        raise ProjectError(f"coder '{coder}' has no codings in this project",
                           hint="see 'qualcode status' for the coders")
    case_rows = case_sql.cases(store)
    request = checked_table_request(request, stored_codebook(store),
                                    list({a.name: None for row in case_rows for a in row["attributes"]}))
    columns = [code for code in codes(store) if code.type is not None and request.code_type in (None, code.type)]
    with_documents = [name for name in retrieval.documents_per_case(store) if name is not None]
    cases = sorted(with_documents, key=lambda name: (name.casefold(), name))
    counts = passage_counts(((case if case is not None else NO_CASE, key), document, start, end)
                            for case, key, document, start, end in spans)
    rows = cases + ([NO_CASE] if any(case is None for case, *_ in spans) else [])
    cells = [[counts.get((case, code.key), 0) for code in columns] for case in rows]
    body: list[list[object]]
    if request.value == "presence":
        body = [[count > 0 for count in row] for row in cells]
    else:
        body = [list(row) for row in cells]
    labels: list[str] = list(rows)
    if request.value == "n_of_n":
        label, of = N_OF_N["en" if lang == "en" else "nl"]
        present = [sum(1 for row in cells[:len(cases)] if row[position]) for position in range(len(columns))]
        body.append([f"{n} {of} {len(cases)}" for n in present])
        labels.append(label)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_safe_text(CASE_HEADER[lang]), *(csv_safe_text(name_in(code, lang)) for code in columns)])
    for label, values in zip(labels, body, strict=True):
        writer.writerow([csv_safe_text(label), *values])
    return out.getvalue().encode("utf-8")
