"""A search result as a file: Markdown (aligned KWIC lines and the count per case), CSV or XLSX (one row per hit).

A CSV cell that a spreadsheet would run as a formula gets the "'" prefix (reporting.markdown_tables.csv_safe_text); the
XLSX writer stores such a cell as text.
"""

from __future__ import annotations

import csv
import io

from qualcode.project.search import NO_CASE_LABEL, SearchResult

COLUMNS = ("document", "case", "speaker", "role", "interviewer", "start", "end", "left", "keyword", "right")
FORMATS = ("md", "csv", "xlsx")


def rows(result: SearchResult) -> list[list[object]]:
    """One row per hit, in COLUMNS order."""
    return [[hit.document, hit.case or "", hit.speaker or "", hit.role or "", "ja" if hit.is_interviewer else "nee",
             hit.start, hit.end, hit.left, hit.keyword, hit.right] for hit in result.hits]


def per_case_lines(result: SearchResult) -> list[str]:
    """The count per case as aligned text lines."""
    if not result.per_case:
        return []
    width = max(len(name) for name, _ in result.per_case)
    return [f"{name.ljust(width)}  {count:>5}" for name, count in result.per_case]


def render(result: SearchResult, fmt: str) -> str | bytes:
    """The result as Markdown text, CSV text or XLSX bytes."""
    if fmt == "csv":
        return _csv(result)
    if fmt == "xlsx":  # the XLSX writer stores every text as text, never as a formula: no prefix needed
        from qualcode.reporting.xlsx_writer import rows_to_xlsx

        return rows_to_xlsx("Zoekresultaten", COLUMNS, rows(result))
    if fmt == "md":
        return _markdown(result)
    raise ValueError(f"unknown format {fmt!r}")


def _csv(result: SearchResult) -> str:
    from qualcode.reporting.formatting import csv_safe_text

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([csv_safe_text(cell) for cell in row] for row in rows(result))
    return buffer.getvalue()


def _markdown(result: SearchResult) -> str:
    from qualcode.reporting.markdown_escape import escape_markdown

    hits = len(result.hits)
    lines = [f"# Zoeken: {escape_markdown(result.query)}", "", f"{hits} {'treffer' if hits == 1 else 'treffers'} in "
             f"{len(result.per_case)} {'casus' if len(result.per_case) == 1 else 'casussen'}.", ""]
    if hits:
        fence = "````" if any("```" in line for line in result.kwic_lines()) else "```"
        lines += [fence, *result.kwic_lines(), fence, "", "| casus | treffers |", "|---|---:|"]
        lines += [f"| {escape_markdown(name) if name != NO_CASE_LABEL else name} | {count} |"
                  for name, count in result.per_case]
    return "\n".join(lines) + "\n"
