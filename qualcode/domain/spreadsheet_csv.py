"""The one reading of how a spreadsheet wrote its CSV: the delimiter (';' from Dutch Excel, ',', or a tab) and
Excel's optional first line 'sep=;' that names it. Cases, codings tables and the pseudonym key all read CSV through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DELIMITERS = (";", ",", "\t")
_EXCEL_SEPARATOR = re.compile(r"^sep=([;,\t|])\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SpreadsheetCsv:
    """CSV text as its records start: the delimiter, the text after a 'sep=' line, and the file line it starts on."""

    delimiter: str
    text: str
    first_line: int  # 2 when a 'sep=' line was taken off, else 1


def spreadsheet_csv(text: str) -> SpreadsheetCsv:
    """The delimiter a 'sep=' first line names, else the one the header line (the first non-blank line) uses most;
    a comma when it uses none (a one-column file)."""
    lines = text.split("\n", 1)
    hint = _EXCEL_SEPARATOR.match(lines[0].rstrip("\r"))
    if hint is not None:
        return SpreadsheetCsv(hint.group(1), lines[1] if len(lines) > 1 else "", 2)
    header = next((line for line in text.split("\n") if line.strip()), "")
    # max() keeps the first of equal counts: ';' before ',' (Dutch Excel writes ';' and decimal commas).
    delimiter = max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ","
    return SpreadsheetCsv(delimiter, text, 1)
