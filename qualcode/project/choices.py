"""The one check of what a command names (a code type, a code, a case attribute): a typo is an error with the
valid choices and the closest one, never an empty table."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from qualcode.domain.attribute_filter import fold
from qualcode.domain.errors import ProjectError, shorten
from qualcode.domain.model import TYPE_ALIASES, Codebook

if TYPE_CHECKING:
    from qualcode.project.reports import TableRequest

# Grouping by role is not a case attribute but a column of the respondents: `--by rol` is always valid.
ROLE = "rol"


def unknown(what: str, value: str, valid: Sequence[str], option: str, see: str | None = None) -> NoReturn:
    """Refuse an unknown value of an option, naming the valid choices and the closest one."""
    suggestion = did_you_mean(value, valid)
    listing = ", ".join(shorten(v, 40) for v in valid[:30]) + (f", … ({len(valid)} in all)" if len(valid) > 30 else "")
    raise ProjectError(f"no {what} '{shorten(value)}'{suggestion}" if what != "code type"
                       else f"unknown code type '{shorten(value)}'{suggestion}",
                       hint=f"use one of: {listing or '(none yet)'}" + (f"; {see}" if see else "") + f" ({option})")


def did_you_mean(value: str, valid: Sequence[str]) -> str:
    """The "; did you mean 'x'?" naming the closest valid value, or "" (a value of 200+ characters is not compared)."""
    close = difflib.get_close_matches(value, list(valid), n=1, cutoff=0.6) if len(value) < 200 else []
    return f"; did you mean '{close[0]}'?" if close else ""


def code_type_key(codebook: Codebook, code_type: str) -> str:
    """The key of a code type named by its key, its Dutch or English label, or a known alias (belemmering)."""
    names = {known.key: known.key for known in codebook.types}
    for known in codebook.types:
        names.setdefault(known.label.casefold(), known.key)
        names.setdefault(known.label_en.casefold(), known.key)
    names.update({alias: key for alias, key in TYPE_ALIASES.items() if key in names})
    if code_type.casefold() not in names and code_type not in names:
        unknown("code type", code_type, [t.key for t in codebook.types], "--type")
    return names.get(code_type, names.get(code_type.casefold(), code_type))


def code_key(codebook: Codebook, code: str, option: str = "--code") -> str:
    """A code id the codebook has, or an error with the closest one."""
    keys = [c.key for c in codebook.codes]
    if code not in keys:
        unknown("code", code, keys, option, see="'qualcode codebook show' lists them")
    return code


def attribute_name(attributes: Sequence[str], name: str, option: str, *, allow_role: bool = False) -> str:
    """A case attribute's name as the cases spell it (matched as the attribute filter matches it), or an error."""
    for known in attributes:
        if fold(known) == fold(name):
            return known
    if allow_role and name == ROLE:
        return name
    unknown("case attribute", name, [*attributes, *([ROLE] if allow_role else [])], option,
            see="'qualcode cases show' lists them")


def checked_table_request(request: TableRequest, codebook: Codebook, attributes: Sequence[str]) -> TableRequest:
    """The request with its code type as a key and every code and attribute it names checked."""
    attributes = sorted(attributes, key=str.casefold)
    code_type = code_type_key(codebook, request.code_type) if request.code_type is not None else None
    if request.code is not None:
        code_key(codebook, request.code)
    by = attribute_name(attributes, request.by, "--by", allow_role=True) if request.by is not None else None
    where = tuple((attribute_name(attributes, name, "--where"), value) for name, value in request.where)
    return dataclasses.replace(request, code_type=code_type, by=by, where=where)
