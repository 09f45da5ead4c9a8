"""One language per table: the analysis tables' column headers, index names and type values in the report's language
(reporting.wording.COLUMNS), so that no table mixes 'code/name/type=barrier' with 'naam/citaat'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.analysis import N_OF_N
from qualcode.reporting.wording import column, lang_of

if TYPE_CHECKING:
    import pandas as pd

N_OF_N_EN = "n of N"  # the matrix's N_OF_N row ('n van N') in English


def in_language(frame: pd.DataFrame, lang: str, type_labels: dict[str, str]) -> pd.DataFrame:
    """The frame with its headers (and index name) in lang; a 'type' column shows the type's label, not its key.

    type_labels maps a type key to its label in lang ('barrier' → 'belemmering'); the matrix's 'n van N' row is
    named in lang too. Columns the wording does not know (code names, gemeenten) stay as they are.
    """
    frame = frame.copy(deep=False)
    if "type" in frame.columns:
        frame["type"] = frame["type"].map(lambda key: type_labels.get(str(key), key) if key is not None else "")
    frame = frame.rename(columns=lambda name: column(str(name), lang) if _internal(str(name)) else name)
    if frame.index.name is not None:
        frame.index = frame.index.rename(column(str(frame.index.name), lang))
    if N_OF_N in frame.index and lang_of(lang) == "en":
        frame = frame.astype(object)
        frame.loc[N_OF_N] = [str(cell).replace(" van ", " of ") for cell in frame.loc[N_OF_N]]
        frame = frame.rename(index={N_OF_N: N_OF_N_EN})
    return frame


def _internal(name: str) -> bool:
    """A column named by qualcode itself (english key), as opposed to a code's or gemeente's name."""
    from qualcode.reporting.wording import COLUMNS

    return name in COLUMNS["en"] or (name.endswith("_total") and name[:-6] in COLUMNS["en"])
