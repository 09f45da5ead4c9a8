"""Memos as a file: Markdown (one section per memo, its text as written), CSV or XLSX (one row per memo).

A memo is user text: a CSV cell a spreadsheet would run as a formula ("=SOM(A1)") gets the "'" prefix
(reporting.formatting.csv_safe_text); the XLSX writer stores every text as text, never as a formula.
"""

from __future__ import annotations

import csv
import io

from qualcode.project.memos import Memo

COLUMNS = ("kind", "id", "document", "case", "code", "code_name", "start", "end", "coded_text", "written_by",
           "written_at", "memo")
FORMATS = ("md", "csv", "xlsx")
_HEADINGS = {"project": "Project", "code": "Code", "document": "Document", "coding": "Codering"}


def rows(memos: list[Memo]) -> list[list[object]]:
    """One row per memo, in COLUMNS order (the whole GUID as id; the project has none)."""
    return [[memo.target.kind, memo.target.guid or "", memo.document or "", memo.case or "", memo.code or "",
             memo.code_name or "", "" if memo.start is None else memo.start, "" if memo.end is None else memo.end,
             memo.coded_text or "", memo.coder or "", memo.written_at or "", memo.text] for memo in memos]


def render(memos: list[Memo], fmt: str) -> str | bytes:
    """The memos as Markdown text, CSV bytes (with a BOM, so that Excel reads the UTF-8) or XLSX bytes."""
    if fmt == "csv":
        return "\ufeff".encode() + csv_text(memos).encode("utf-8")
    if fmt == "xlsx":
        from qualcode.reporting.xlsx_writer import rows_to_xlsx

        return rows_to_xlsx("Memo's", COLUMNS, rows(memos))
    if fmt == "md":
        return markdown(memos)
    raise ValueError(f"unknown format {fmt!r}")


def csv_text(memos: list[Memo]) -> str:
    """The CSV text without a byte-order mark (for standard output), formula-like cells prefixed with "'"."""
    from qualcode.reporting.formatting import csv_safe_text

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([csv_safe_text(cell) for cell in row] for row in rows(memos))
    return buffer.getvalue()


def when(stamp: str | None) -> str:
    """An ISO time as minutes ('2026-12-07 10:15'), or '' when unknown."""
    return (stamp or "")[:16].replace("T", " ")


def markdown(memos: list[Memo]) -> str:
    """Every memo under a heading naming what it is on; a coding's words quoted; the memo's own Markdown as is."""
    from qualcode.reporting.markdown_escape import escape_markdown, quote_markdown

    count = len(memos)
    lines = [f"# Memo's ({count})", ""]
    for memo in memos:
        lines += [f"## {_heading(memo)}", ""]
        facts = [escape_markdown(fact, inline=True) for fact in _facts(memo) if fact]
        if facts:
            lines += [" · ".join(facts), ""]
        if memo.coded_text is not None:
            lines += [quote_markdown(memo.coded_text), ""]
        writer = ", ".join(part for part in (memo.coder or "", when(memo.written_at)) if part)
        if writer:
            lines += [f"*{escape_markdown(writer, inline=True)}*", ""]
        lines += [memo.text, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _heading(memo: Memo) -> str:
    from qualcode.reporting.markdown_escape import escape_markdown

    kind = memo.target.kind
    if kind == "project":
        return "Project"
    if kind == "document":
        return f"Document: {escape_markdown(memo.document, inline=True)}"
    if kind == "code":
        if memo.code is None:
            return f"Code (niet meer in het codeboek, {memo.target.guid})"
        return f"Code {escape_markdown(memo.code, inline=True)} — {escape_markdown(memo.code_name, inline=True)}"
    return f"Codering {(memo.target.guid or '')[:8]} — {escape_markdown(memo.code, inline=True)}"


def _facts(memo: Memo) -> list[str | None]:
    if memo.target.kind == "document":
        return [f"casus {memo.case}" if memo.case else None]
    if memo.target.kind == "coding":
        return [memo.document, f"casus {memo.case}" if memo.case else None, f"tekens {memo.start}–{memo.end}"]
    return []
