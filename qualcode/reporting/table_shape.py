"""Which columns of a report table hold counts under long headers, whose headers are best turned upwards."""

from __future__ import annotations

import re
from collections.abc import Sequence

# From this many columns on, tables are set in small type and count columns may have their headers turned.
NARROW_FONT_FROM = 6
_COUNT = re.compile(r"[\d.,%–-]*")


def turned_columns(rows: Sequence[Sequence[str]], *, any_width: bool = False) -> set[int]:
    """Columns of counts under long headers in a wide table (a matrix of gemeenten): their headers read upwards.

    Ten gemeenten side by side leave each about a centimetre on a page; their names would break inside the word,
    while the counts under them need three characters. rows[0] is the header row. With any_width, also in a table
    of few columns (the Word writer turns them only when the names do not fit side by side).
    """
    if not rows or (len(rows[0]) <= NARROW_FONT_FROM and not any_width) or len(rows) < 2:
        return set()
    turned = set()
    for column, header in enumerate(rows[0]):
        body = [row[column] for row in rows[1:] if column < len(row)]
        if all(_COUNT.fullmatch(text.strip()) for text in body) and len(header) > max(map(len, body), default=0) + 2:
            turned.add(column)
    return turned
