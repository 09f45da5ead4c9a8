"""`qualcode status` of a large project: progress as plain aligned columns, every document on its own line."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from qualcode.cli.output import PLAIN_PROGRESS_FROM, print_status
from qualcode.project.status import Status


def status_of(documents: int) -> Status:
    progress = [{"guid": f"g{i}", "title": f"Interview {i}", "case": "Súdwest-Fryslân" if i % 2 else "Urk",
                 "words": 2000 + i, "respondent_turns": 20, "coded_turns": i % 21, "codings": i,
                 "source_name": f"{i:04d}-[interview].txt"} for i in range(documents)]
    return Status(name="Groot onderzoek", root=Path("/tmp/groot"), totals={"documents": documents, "words": 1,
                  "turns": 1, "sentences": 1}, cases=2, codes_by_type={}, codings_by_type={},
                  codings_per_coder={}, progress=progress, pipeline="simplemma", type_labels={})


def test_many_documents_print_as_plain_columns_with_every_document() -> None:
    out = io.StringIO()
    print_status(Console(file=out, width=100, highlight=False), status_of(PLAIN_PROGRESS_FROM + 60))
    lines = out.getvalue().splitlines()
    header = next(i for i, line in enumerate(lines) if line.split() == ["case", "file", "words", "turns", "coded",
                                                                         "codings"])
    rows = lines[header + 1:]
    assert len(rows) == PLAIN_PROGRESS_FROM + 60 and "│" not in out.getvalue()
    assert rows[7].split() == ["Súdwest-Fryslân", "0007-[interview].txt", "2.007", "20", "7", "(35%)", "7"]
    assert len({len(row) for row in rows}) == 1  # right-aligned numbers end in one column


def test_few_documents_keep_the_table() -> None:
    out = io.StringIO()
    print_status(Console(file=out, width=120, highlight=False), status_of(3))
    assert "│ Urk" in out.getvalue() and "0002-[interview].txt" in out.getvalue()
