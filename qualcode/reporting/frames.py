"""DataFrames prepared for export: a meaningful index becomes leading label columns, headers become text."""

from __future__ import annotations

import datetime as dt
import math
import numbers
from typing import Any

import pandas as pd


def has_default_index(frame: pd.DataFrame) -> bool:
    """Return True when the index is an unnamed 0..n-1 range that carries no information."""
    index = frame.index
    return (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
            and index.name is None)


def column_label(column: object) -> str:
    """Return a column or index name as header text; MultiIndex tuples are joined with ' / '."""
    if column is None:
        return ""
    if isinstance(column, tuple):
        return " / ".join(str(part) for part in column if part is not None and str(part) != "")
    return str(column)


def labelled_frame(frame: pd.DataFrame, *, index: bool = True) -> tuple[pd.DataFrame, int]:
    """Return the frame with its index as leading columns (when asked and meaningful) and the label column count.

    Label columns are the index levels; without an index, a leading text column followed by others is one.
    """
    if index and not has_default_index(frame):
        levels = frame.index.nlevels
        names = [column_label(name) for name in frame.index.names]
        flat = frame.copy()
        flat.columns = pd.Index([column_label(column) for column in frame.columns])
        flat.index = pd.RangeIndex(len(flat))
        for position, name in reversed(list(enumerate(names))):
            flat.insert(0, name, frame.index.get_level_values(position), allow_duplicates=True)
        return flat, levels
    flat = frame.reset_index(drop=True)
    flat.columns = pd.Index([column_label(column) for column in frame.columns])
    leading_text = (len(flat.columns) > 1 and not pd.api.types.is_numeric_dtype(flat.iloc[:, 0])
                    and not pd.api.types.is_datetime64_any_dtype(flat.iloc[:, 0]))
    return flat, 1 if leading_text else 0


def plain_value(value: Any) -> Any:
    """Return a cell as a plain Python value: None for missing, int/float/bool/str/datetime otherwise."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return None if math.isnan(number) else number
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date | str):
        return value
    return str(value)
