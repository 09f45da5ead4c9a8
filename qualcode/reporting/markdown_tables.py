"""DataFrames as GitHub-flavoured Markdown pipe tables and as deterministic CSV text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

# csv_safe_text and FORMULA_STARTS live in formatting (no pandas) and are re-exported for the callers that
# import them from here.
from qualcode.reporting.formatting import FORMULA_STARTS as FORMULA_STARTS
from qualcode.reporting.formatting import csv_safe_text as csv_safe_text
from qualcode.reporting.formatting import nl_int, nl_num, report_language
from qualcode.reporting.frames import has_default_index, labelled_frame, plain_value
from qualcode.reporting.markdown_escape import escape_markdown


def _integral_floats(values: list[Any]) -> bool:
    floats = [value for value in values if isinstance(value, float)]
    return bool(floats) and all(value.is_integer() for value in floats)


def _cell(value: Any, *, whole: bool, decimals: int, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        yes, no = ("ja", "nee") if report_language(lang) == "nl" else ("yes", "no")
        return yes if value else no
    if isinstance(value, int) or (isinstance(value, float) and whole):
        return nl_int(value, lang)
    if isinstance(value, float):
        return nl_num(value, decimals, lang)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return escape_markdown(value, inline=True)


def dataframe_to_markdown(frame: pd.DataFrame, *, index: bool = True, decimals: int = 1, lang: str = "nl") -> str:
    """Return a GFM pipe table: header row, alignment row (numbers right-aligned), one row per frame row.

    The index becomes the first column(s) unless index=False or it is an unnamed 0..n-1 range. Text is escaped
    like the md filter (so `|` and markup show literally); whole numbers get thousands separators
    (58.400), other numbers `decimals` decimals with a decimal comma for lang "nl"; missing values are empty.
    """
    flat, _ = labelled_frame(frame, index=index)
    columns: list[list[str]] = []
    numeric: list[bool] = []
    for position in range(len(flat.columns)):
        series = flat.iloc[:, position]
        values = [plain_value(value) for value in series.tolist()]
        whole = _integral_floats(values)
        columns.append([_cell(value, whole=whole, decimals=decimals, lang=lang) for value in values])
        numeric.append(pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series))
    header = [escape_markdown(name, inline=True) for name in flat.columns]
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if is_number else "---" for is_number in numeric) + "|"]
    lines.extend("| " + " | ".join(column[row] for column in columns) + " |" for row in range(len(flat)))
    return "\n".join(lines) + "\n"


def _csv_safe_labels(labels: pd.Index) -> pd.Index:
    names = [csv_safe_text(name) for name in labels.names]
    if isinstance(labels, pd.MultiIndex):
        multi: pd.Index = pd.MultiIndex.from_tuples(
            [tuple(csv_safe_text(part) for part in label) for label in labels], names=names)
        return multi
    flat: pd.Index = pd.Index([csv_safe_text(label) for label in labels], name=names[0], dtype=labels.dtype)
    return flat


def _csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.map(csv_safe_text)
    safe.columns = _csv_safe_labels(frame.columns)
    safe.index = _csv_safe_labels(frame.index)
    return safe


def dataframe_to_csv(frame: pd.DataFrame, *, index: bool | None = None) -> str:
    """Return the frame as CSV text: comma-separated, minimal quoting, "\\n" line ends, numbers with a '.' decimal.

    index=None writes the index only when it is meaningful (not an unnamed 0..n-1 range). Text cells, labels and
    headers that begin with =, +, -, @, a tab or a carriage return are prefixed with "'" so that a spreadsheet
    shows them rather than running them (CSV formula injection).
    """
    write_index = not has_default_index(frame) if index is None else index
    return _csv_safe_frame(frame).to_csv(index=write_index, lineterminator="\n")
