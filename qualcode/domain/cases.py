"""Cases CSV: one row per case (municipality) with typed attributes and a derived size class."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from qualcode.domain.dates import parse_date
from qualcode.domain.errors import CasesError
from qualcode.domain.model import CaseAttribute, CaseRecord
from qualcode.domain.names import case_key, clean_case_name

NAME_COLUMNS = ("gemeente", "case", "casus", "naam", "name", "municipality", "initiatief")
POPULATION_COLUMNS = ("inwoners", "inwonertal", "aantal inwoners", "population")
SIZE_CLASS = "grootteklasse"
DEFAULT_SIZE_THRESHOLDS = (30_000, 100_000)

_INTEGER = re.compile(r"^[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)$")
_DECIMAL = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")
_BOOLEANS = {"ja": True, "nee": False, "yes": True, "no": False, "true": True, "false": False,
             "waar": True, "onwaar": False, "j": True, "n": False}


def size_class(inhabitants: int, thresholds: tuple[int, int] = DEFAULT_SIZE_THRESHOLDS) -> str:
    """Return klein, middelgroot or groot for a number of inhabitants."""
    small_below, large_above = thresholds
    if inhabitants < small_below:
        return "klein"
    if inhabitants > large_above:
        return "groot"
    return "middelgroot"


def parse_cases(text: str, *, classifications: Iterable[str] = (),
                size_thresholds: tuple[int, int] = DEFAULT_SIZE_THRESHOLDS,
                aliases: Mapping[str, str] | None = None) -> list[CaseRecord]:
    """Return the cases in a CSV text, with attribute types inferred per column."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise CasesError("the cases file is empty", line=1, hint="write a header row such as 'gemeente,provincie'")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise CasesError(f"the CSV cannot be read: {exc}", line=reader.line_num,
                         hint="check the quotes on that line") from None
    columns = [column.strip() for column in header]
    lowered = [column.lower() for column in columns]
    if len(set(lowered)) != len(lowered):
        duplicate = next(c for c in lowered if lowered.count(c) > 1)
        raise CasesError(f"the column '{duplicate}' appears twice", line=1, hint="give each column its own name")
    name_index = next((lowered.index(n) for n in NAME_COLUMNS if n in lowered), None)
    if name_index is None:
        raise CasesError("no name column: the header needs 'gemeente', 'case', 'casus' or 'naam'", line=1,
                         hint=f"the header has: {', '.join(columns)}")
    rows = [(number, row) for number, row in rows if any(cell.strip() for cell in row)]
    for number, row in rows:
        if len(row) != len(columns):
            raise CasesError(f"this row has {len(row)} fields but the header has {len(columns)}", line=number,
                             hint=f"separate fields with '{delimiter}' and quote values that contain it")
    classification_names = {c.lower() for c in classifications}
    types = {i: _column_type(lowered[i], [row[i].strip() for _, row in rows], classification_names)
             for i in range(len(columns)) if i != name_index}
    population = next((i for i in types if lowered[i] in POPULATION_COLUMNS and types[i] == "integer"), None)
    records: list[CaseRecord] = []
    keys: dict[str, int] = {}
    for number, row in rows:
        name = clean_case_name(row[name_index])
        if not name:
            raise CasesError("a row without a case name", line=number,
                             hint=f"fill in the '{columns[name_index]}' column")
        key = case_key(name, aliases)
        if key in keys:
            raise CasesError(f"case '{name}' appears twice (also on line {keys[key]})", line=number,
                             hint="give each case one row")
        keys[key] = number
        attributes = [CaseAttribute(columns[i], kind, _convert(row[i].strip(), kind, number, columns[i]))
                      for i, kind in types.items()]
        if population is not None and SIZE_CLASS not in lowered:
            inhabitants = _convert(row[population].strip(), "integer", number, columns[population])
            if inhabitants is not None:
                attributes.append(CaseAttribute(SIZE_CLASS, "category", size_class(inhabitants, size_thresholds)))
        records.append(CaseRecord(name=name, key=key, attributes=tuple(attributes), line=number))
    return records


def _column_type(name: str, values: list[str], classifications: set[str]) -> str:
    present = [v for v in values if v]
    if name in classifications:
        return "categories" if any(";" in v for v in present) else "category"
    if not present:
        return "text"
    if any(";" in v for v in present):
        return "categories"
    if all(_INTEGER.match(v) for v in present) and not all(v.lower() in _BOOLEANS for v in present):
        return "integer"
    if all(_DECIMAL.match(v) for v in present):
        return "decimal"
    if all(v.lower() in _BOOLEANS for v in present):
        return "boolean"
    if all(parse_date(v)[0] for v in present):
        return "date"
    return "text"


def _convert(value: str, kind: str, line: int, column: str) -> Any:
    if not value:
        return None
    try:
        if kind == "integer":
            return int(value.replace(".", ""))
        if kind == "decimal":
            return float(value.replace(",", "."))
    except ValueError:
        raise CasesError(f"'{value}' in column '{column}' is not a number", line=line) from None
    if kind == "boolean":
        return _BOOLEANS[value.lower()]
    if kind == "date":
        return parse_date(value)[0]
    if kind == "categories":
        return [part.strip() for part in value.split(";") if part.strip()]
    return value
