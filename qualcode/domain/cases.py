"""Cases CSV: one row per case (municipality) with typed attributes and a derived size class."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from qualcode.domain.dates import parse_date
from qualcode.domain.errors import CasesError, shorten
from qualcode.domain.model import CaseAttribute, CaseRecord
from qualcode.domain.names import case_key, clean_case_name
from qualcode.domain.spreadsheet_csv import spreadsheet_csv

NAME_COLUMNS = ("gemeente", "case", "casus", "naam", "name", "municipality", "initiatief")
POPULATION_COLUMNS = ("inwoners", "inwonertal", "aantal inwoners", "population")
SIZE_CLASS = "grootteklasse"
DEFAULT_SIZE_THRESHOLDS = (30_000, 100_000)

MAX_COLUMNS = 1_000  # a cases file has a few dozen attributes; more is a file that is not a cases table
MAX_INHABITANTS = 100_000_000  # more than any municipality (or province, or country of the study) has
MAX_NAME = 200  # characters of a case name
# Bidi controls, zero-width characters and other invisible format characters: a name that holds them looks like
# another name (or is shown reversed) while it compares as different.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
                        "\ufff9-\ufffb]")
_RUNNING_TEXT_KEEPS = "\u00ad\u200c\u200d"
_INTEGER = re.compile(r"^[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)$")
_DECIMAL = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")
_BOOLEANS = {"ja": True, "nee": False, "yes": True, "no": False, "true": True, "false": False,
             "waar": True, "onwaar": False, "j": True, "n": False}


def invisible_characters(text: str) -> list[str]:
    """The invisible formatting characters in a text, as U+ codes (bidi controls, zero-width spaces, …)."""
    return sorted({f"U+{ord(ch):04X}" for ch in _INVISIBLE.findall(text)})


def without_invisible_characters(text: str, *, keep_soft_hyphens: bool = False) -> str:
    """The text with every invisible formatting character removed. In running text (keep_soft_hyphens) soft
    hyphens stay, as they mark where a word may break, which the layout cleaner uses, and so do the zero-width
    joiners that hold an emoji sequence (👩‍💻) or a word of another script together."""
    if keep_soft_hyphens:
        return _INVISIBLE.sub(lambda match: match[0] if match[0] in _RUNNING_TEXT_KEEPS else "", text)
    return _INVISIBLE.sub("", text)


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
                aliases: Mapping[str, str] | None = None, warnings: list[str] | None = None) -> list[CaseRecord]:
    """Return the cases in a CSV text, with attribute types inferred per column; warnings (a column that looks
    numeric but holds other values) are appended to `warnings` when given."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise CasesError("the cases file is empty", line=1, hint="write a header row such as 'gemeente,provincie'")
    read = spreadsheet_csv(text)
    text, delimiter = read.text, read.delimiter
    skipped = read.first_line - 1  # a 'sep=' line above the header
    # strict: a stray quote ('"ja"x') or a quote that is never closed is an error, not a silently merged field.
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    rows = []
    row_start = header_line = read.first_line
    try:
        header = next(reader)
        if len(header) > MAX_COLUMNS:
            raise CasesError(f"the header has more than {MAX_COLUMNS:,} columns ({len(header):,})", line=header_line,
                             hint="a cases file has one row per case and one column per attribute; check the "
                                  "separator and that this is the right file")
        row_start = skipped + reader.line_num + 1
        for row in reader:
            rows.append((skipped + reader.line_num, row))
            row_start = skipped + reader.line_num + 1
    except csv.Error as exc:
        problem = str(exc)
        if "field limit" in problem:
            problem = "a field is too long (more than 131,072 characters)"
        raise CasesError(f"the CSV cannot be read: {problem}", line=row_start,
                         hint="check the quotes on that line: a quoted value starts and ends with '\"', and a "
                              "'\"' inside it is written twice") from None
    columns = [column.strip() for column in header]
    lowered = [column.lower() for column in columns]
    named = [c for c in lowered if c]
    if len(set(named)) != len(named):
        duplicate = next(c for c in named if named.count(c) > 1)
        raise CasesError(f"the column '{shorten(duplicate)}' appears twice", line=header_line,
                         hint="give each column its own name")
    name_index = next((lowered.index(n) for n in NAME_COLUMNS if n in lowered), None)
    if name_index is None:
        raise CasesError("no name column: the header needs 'gemeente', 'case', 'casus' or 'naam'", line=header_line,
                         hint=f"the header has: {', '.join(columns)}")
    rows = [(number, row) for number, row in rows if any(cell.strip() for cell in row)]
    for number, row in rows:
        if len(row) != len(columns):
            raise CasesError(f"this row has {len(row)} fields but the header has {len(columns)}", line=number,
                             hint=f"separate fields with '{delimiter}' and quote values that contain it")
    classification_names = {c.lower() for c in classifications}
    types = {i: _column_type(lowered[i], [row[i].strip() for _, row in rows], classification_names)
             for i in range(len(columns)) if i != name_index}
    if warnings is not None:
        warnings.extend(_not_quite_numeric(columns, rows, types))
    population = next((i for i in types if lowered[i] in POPULATION_COLUMNS and types[i] == "integer"), None)
    records: list[CaseRecord] = []
    keys: dict[str, int] = {}
    for number, row in rows:
        name = clean_case_name(row[name_index])
        if not name:
            raise CasesError("a row without a case name", line=number,
                             hint=f"fill in the '{shorten(columns[name_index])}' column")
        if len(name) > MAX_NAME:
            raise CasesError(f"the case name '{shorten(name)}' is too long ({len(name):,} characters)", line=number,
                             hint=f"a case name is at most {MAX_NAME} characters; check the separator")
        if hidden := invisible_characters(name):
            raise CasesError(f"the case name '{shorten(without_invisible_characters(name))}' holds invisible "
                             f"formatting characters ({', '.join(hidden)})", line=number,
                             hint="retype the name, or remove the characters in an editor that shows them")
        key = case_key(name, aliases)
        if key in keys:
            raise CasesError(f"case '{name}' appears twice (also on line {keys[key]})", line=number,
                             hint="give each case one row")
        keys[key] = number
        attributes = [CaseAttribute(columns[i], kind, _convert(row[i].strip(), kind, number, columns[i]))
                      for i, kind in types.items()]
        inhabitants = None if population is None else \
            _convert(row[population].strip(), "integer", number, columns[population])
        if inhabitants == 0:
            # 0 is how spreadsheets often say "not known": no size class, and a warning rather than a refusal.
            inhabitants = None
            if warnings is not None:
                warnings.append(f"line {number}: 0 inhabitants for '{shorten(name)}' read as not known (no size "
                                "class); write the number, or leave the cell empty")
        if inhabitants is not None and not 0 < inhabitants <= MAX_INHABITANTS:
            shown = f"{inhabitants:,}".replace(",", ".")
            raise CasesError(f"{shown} inhabitants in '{shorten(columns[population or 0])}' cannot be right",
                             line=number, hint=f"write a number of inhabitants between 1 and {MAX_INHABITANTS:,}"
                             .replace(",", ".") + ", or leave the cell empty")
        if inhabitants is not None and SIZE_CLASS not in lowered:
            attributes.append(CaseAttribute(SIZE_CLASS, "category", size_class(inhabitants, size_thresholds)))
        records.append(CaseRecord(name=name, key=key, attributes=tuple(attributes), line=number))
    return records


def _not_quite_numeric(columns: list[str], rows: list[tuple[int, list[str]]], types: dict[int, str]) -> list[str]:
    """A column whose values are mostly numbers is read as text when one is not: say which rows, never silently."""
    warnings = []
    for index, kind in types.items():
        if kind != "text":
            continue
        present = [(number, row[index].strip()) for number, row in rows if row[index].strip()]
        odd = [(number, value) for number, value in present if not _DECIMAL.match(value) and not _INTEGER.match(value)]
        if len(present) >= 2 and len(odd) <= len(present) // 2:
            listing = ", ".join(f"line {number} ('{shorten(value, 30)}')" for number, value in odd[:5])
            more = f" and {len(odd) - 5} more" if len(odd) > 5 else ""
            warnings.append(f"column '{shorten(columns[index])}' holds numbers except on {listing}{more}: the whole "
                            "column is read as text (correct those values to make it a number column)")
    return warnings


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
        raise CasesError(f"'{shorten(value)}' in column '{shorten(column)}' is not a number", line=line) from None
    if kind == "boolean":
        return _BOOLEANS[value.lower()]
    if kind == "date":
        return parse_date(value)[0]
    if kind == "categories":
        return [part.strip() for part in value.split(";") if part.strip()]
    return value
