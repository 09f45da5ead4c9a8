"""What a REFI-QDA file becomes in a qualcode project: users as coders, codes with their types, variables, cases and
notes as memos, each matched by GUID against what the project holds (by name where qualcode needs unique names).

Pure planning: nothing here writes. Every item left out or changed is said in `Report`, one line each.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from qualcode.domain.errors import shorten
from qualcode.domain.model import BUILTIN_TYPES, TYPE_ALIASES
from qualcode.domain.names import case_key, strip_accents
from qualcode.exchange import qde_model as qde
from qualcode.storage.exchange_import import (
    ImportCase,
    ImportCode,
    ImportCoder,
    ImportCodeType,
    ImportVariable,
    Known,
)

# A Set named after a qualcode code type (as other tools have no types) gives its codes that type.
_TYPE_NAMES = {**TYPE_ALIASES, "barrier": "barrier", "barriers": "barrier", "opportunity": "opportunity",
               "opportunities": "opportunity", "condition": "condition", "conditions": "condition"}
# REFI-QDA typeOfVariable → the case attribute type qualcode stores (DateTime has no type of its own: text).
_ATTRIBUTE_TYPES = {"Text": "text", "Boolean": "boolean", "Integer": "integer", "Float": "decimal", "Date": "date",
                    "DateTime": "text"}
_KEY_CHARACTERS = re.compile(r"[^\w.\-:/]+")
MAX_KEY = 200


@dataclass
class Report:
    """What was dropped and what was changed on the way in, item by item."""

    dropped: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # inconsistencies: refused unless the user drops them


@dataclass
class Codebook:
    """The file's codebook as rows to add, and every code GUID of the file mapped to the project's."""

    coders: list[ImportCoder] = field(default_factory=list)
    user_map: dict[str, str] = field(default_factory=dict)  # file user GUID → coder GUID in the project
    types: list[ImportCodeType] = field(default_factory=list)
    codes: list[ImportCode] = field(default_factory=list)
    code_guids: set[str] = field(default_factory=set)  # every code the file defines (new or matched)
    matched_codes: int = 0


def plan_coders(users: tuple[qde.User, ...], known: Known, report: Report) -> tuple[list[ImportCoder], dict[str, str]]:
    """Users as coders: by GUID, else by name (a coder's name is unique in qualcode)."""
    coders: list[ImportCoder] = []
    user_map: dict[str, str] = {}
    names = dict(known.coder_names)
    for user in users:
        if user.guid in user_map:
            report.dropped.append(f"a second user with GUID {user.guid}")
            continue
        if user.guid in known.coders:
            user_map[user.guid] = user.guid
            continue
        name = (user.name or user.id or "").strip() or f"user-{user.guid[:8].lower()}"
        if not (user.name or "").strip():
            report.changed.append(f"user {user.guid} has no name: coder '{name}'")
        if name in names:
            user_map[user.guid] = names[name]
            report.changed.append(f"user '{shorten(name, 60)}' ({user.guid}) is the project's coder of that name")
            continue
        names[name] = user.guid
        user_map[user.guid] = user.guid
        coders.append(ImportCoder(user.guid, name))
    return coders, user_map


def unknown_user(guid: str, plan: Codebook, known: Known) -> str:
    """A coding's creatingUser that no <User> names: a coder of its own, named after the GUID."""
    if guid not in plan.user_map and guid in known.coders:
        plan.user_map[guid] = guid
    if guid not in plan.user_map:
        name = f"user-{guid[:8].lower()}"
        names = {c.name for c in plan.coders} | set(known.coder_names)
        while name in names:
            name += "x"
        plan.coders.append(ImportCoder(guid, name))
        plan.user_map[guid] = guid
    return plan.user_map[guid]


def plan_codebook(project: qde.Project, known: Known, report: Report) -> Codebook:
    """Codes (keys made from names, parents by GUID) and code types from Sets."""
    plan = Codebook()
    plan.coders, plan.user_map = plan_coders(project.users, known, report)
    code_type = _types_from_sets(project.sets, known, plan, report)
    keys = set(known.code_keys)
    categories = 0
    for position, (code, parent) in enumerate(qde.walk_codes(project.codes)):
        plan.code_guids.add(code.guid)
        if code.guid in known.codes:
            plan.matched_codes += 1
            continue
        categories += not code.is_codable
        fields = qde.split_code_description(code.description)
        parent_key = _key_of(parent.guid, known, plan) if parent is not None else None
        key = _unique_key(_slug(code.name) or code.guid.lower(), parent_key, keys)
        name = code.name.strip() or key
        if not code.name.strip():
            report.changed.append(f"code {code.guid} has no name: named '{key}'")
        plan.codes.append(ImportCode(code.guid, key, parent.guid if parent is not None else None, name,
                                     code_type.get(code.guid), fields["description"], fields["include"],
                                     fields["exclude"], fields["example"], code.color, position))
    if categories:
        report.changed.append(f"{counted(categories, 'category', 'categories')} (isCodable=\"false\") became "
                              "themes: qualcode codes a "
                              "passage with any code, so take care not to apply them")
    untyped = sum(1 for code in plan.codes if code.type is None and not _has_children(code.guid, plan))
    if untyped and not plan.types and not any(g in code_type for g in plan.code_guids):
        report.changed.append(f"{untyped} codes have no qualcode type (barrier, opportunity, condition): no Set is "
                              "named after one; set types in a codebook YAML ('qualcode codebook export', edit, "
                              "load) if the synthesis should group them")
    return plan


def _has_children(guid: str, plan: Codebook) -> bool:
    return any(code.parent_guid == guid for code in plan.codes)


def _key_of(guid: str, known: Known, plan: Codebook) -> str | None:
    if guid in known.codes:
        return known.codes[guid]
    return next((code.key for code in plan.codes if code.guid == guid), None)


def _slug(name: str) -> str:
    return _KEY_CHARACTERS.sub("-", strip_accents(name).strip().lower()).strip("-.")[:60]


def _unique_key(slug: str, parent_key: str | None, keys: set[str]) -> str:
    base = f"{parent_key}.{slug}" if parent_key and len(parent_key) + len(slug) < MAX_KEY - 8 else slug
    key, number = base, 2
    while key in keys:
        key, number = f"{base}-{number}", number + 1
    keys.add(key)
    return key


def _types_from_sets(sets: tuple[qde.Set, ...], known: Known, plan: Codebook, report: Report) -> dict[str, str]:
    """Code GUID → type key: a qualcode type Set by its description, another tool's by its name (belemmeringen,
    kansen, randvoorwaarden, barriers, …); other sets are not kept (qualcode has none)."""
    code_type: dict[str, str] = {}
    for item in sets:
        fields = qde.parse_code_type_description(item.description)
        if fields is not None:
            key = known.type_guids.get(item.guid, fields["id"])  # the project's type of that GUID, by its own key
            if key not in known.type_keys and key not in BUILTIN_TYPES and all(t.key != key for t in plan.types):
                plan.types.append(ImportCodeType(item.guid, key, item.name, fields["label_en"], fields["badge"]))
        else:
            key = _TYPE_NAMES.get(strip_accents(item.name).strip().lower(), "")
            if not key:
                report.dropped.append(f"set '{shorten(item.name, 60)}' ({len(item.member_codes)} codes, "
                                      f"{len(item.member_sources)} sources): qualcode has no sets; its members stay")
                continue
            report.changed.append(f"set '{shorten(item.name, 60)}': the type {key} ({BUILTIN_TYPES[key][0]}) for its "
                                  f"{counted(len(item.member_codes), 'code')}")
        for member in item.member_codes:
            if code_type.setdefault(member, key) != key:
                report.changed.append(f"code {member} is in sets of two types; kept {code_type[member]}")
        if item.member_sources or item.member_notes:
            report.dropped.append(f"set '{shorten(item.name, 60)}': its sources and notes (a type groups codes)")
    return code_type


def plan_variables(variables: tuple[qde.Variable, ...], known: Known,
                   report: Report) -> tuple[list[ImportVariable], dict[str, tuple[str, str]]]:
    """Variables (case attributes): by GUID, else by name. Returns the new ones and GUID → (name, type)."""
    new: list[ImportVariable] = []
    by_guid: dict[str, tuple[str, str]] = {}
    names = dict(known.variable_names)
    for variable in variables:
        kind = _ATTRIBUTE_TYPES.get(variable.type_of_variable, "text")
        name = variable.name.strip() or f"variable-{variable.guid[:8].lower()}"
        if variable.guid in known.variables:
            by_guid[variable.guid] = (known.variables[variable.guid], kind)
        elif name in names:
            by_guid[variable.guid] = (name, kind)
            report.changed.append(f"variable '{shorten(name, 60)}' ({variable.guid}) is the project's variable of "
                                  "that name")
        else:
            names[name] = variable.guid
            by_guid[variable.guid] = (name, kind)
            new.append(ImportVariable(variable.guid, name, kind, variable.description or ""))
        if variable.type_of_variable == "DateTime":
            report.changed.append(f"variable '{shorten(name, 60)}' is a DateTime: stored as text")
    return new, by_guid


def value_of(value: qde.VariableValue, kind: str) -> Any:
    """A variable value as a case attribute stores it (JSON): numbers and booleans typed, the rest text."""
    text = value.value
    if text is None:
        return None
    try:
        if kind == "integer":
            return int(text)
        if kind == "decimal":  # a whole number stays one (an export writes 12 as "12", not "12.0")
            return int(text) if text.strip().lstrip("+-").isdigit() else float(text)
    except ValueError:
        return text
    if kind == "boolean":
        return text.strip().lower() in ("true", "1")
    return text


def plan_cases(project: qde.Project, known: Known, variables: dict[str, tuple[str, str]], aliases: dict[str, str],
               report: Report, headers: dict[str, str]) -> tuple[list[ImportCase], dict[str, str]]:
    """Cases by GUID, else by name; returns the new ones and source GUID → case GUID (a document has one case).
    A case without a name takes the gemeente its first source's header names (headers: source GUID → name)."""
    new: list[ImportCase] = []
    source_case: dict[str, str] = {}
    keys = dict(known.case_keys)
    source_names = {s.guid: s.name for s in project.sources}
    for case in project.cases:
        name = (case.name or "").strip()
        if not name:
            header = next((headers[g] for g in case.source_refs if g in headers), None)
            first = next((source_names[g] for g in case.source_refs if source_names.get(g)), None)
            name = header or (f"{first} (case)" if first else f"case-{case.guid[:8].lower()}")
            report.changed.append(f"case {case.guid} has no name: named '{shorten(name, 60)}'"
                                  + (" (the gemeente its source's header names)" if header else ""))
        target = case.guid
        if case.guid not in known.cases:
            key = case_key(name, aliases) or case.guid.lower()
            if key in keys:
                target = keys[key]
                report.changed.append(f"case '{shorten(name, 60)}' ({case.guid}) is the project's case of that name")
            else:
                keys[key] = case.guid
                attributes = tuple((variables[v.variable_guid][0], variables[v.variable_guid][1],
                                    value_of(v, variables[v.variable_guid][1]))
                                   for v in case.variable_values if v.variable_guid in variables)
                missing = sum(1 for v in case.variable_values if v.variable_guid not in variables)
                if missing:
                    report.invalid.append(f"case '{shorten(name, 60)}': {missing} values of variables the file "
                                          "does not define")
                new.append(ImportCase(case.guid, name, key, _one_per_name(attributes)))
        for source in case.source_refs:
            if source_case.setdefault(source, target) != target:
                report.changed.append(f"source {source} belongs to several cases; kept the first (a qualcode "
                                      "document has one case)")
        if case.code_refs or case.selection_refs:
            report.dropped.append(f"case '{shorten(name, 60)}': {len(case.code_refs)} codes and "
                                  f"{len(case.selection_refs)} selections linked to it (qualcode links documents)")
    return new, source_case


def _one_per_name(attributes: tuple[tuple[str, str, Any], ...]) -> tuple[tuple[str, str, Any], ...]:
    seen: dict[str, tuple[str, str, Any]] = {}
    for attribute in attributes:
        seen.setdefault(attribute[0], attribute)
    return tuple(seen.values())


def notes_by_guid(notes: tuple[qde.Note, ...]) -> dict[str, qde.Note]:
    return {note.guid: note for note in notes}


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """'1 code', '2 codes', '1 category', '3 categories'."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


def summarise(lines: list[str], limit: int = 200) -> list[str]:
    """Repeated lines once with a count, at most `limit` lines and a count of the rest."""
    counts = Counter(lines)
    unique = [f"{line} (×{counts[line]})" if counts[line] > 1 else line for line in dict.fromkeys(lines)]
    return unique[:limit] + ([f"… and {len(unique) - limit:,} more"] if len(unique) > limit else [])
