"""Codebook YAML: a tree of themes and typed codes, validated with line numbers (safe loading only)."""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import yaml

from qualcode.domain.cases import invisible_characters
from qualcode.domain.errors import CodebookError, QualcodeError, shorten
from qualcode.domain.model import BUILTIN_TYPES, TYPE_ALIASES, Code, Codebook, CodeType
from qualcode.domain.safe_yaml import compose_bounded

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_ID = re.compile(r"^[\w.\-:/]+$")
_CODEBOOK_NAMESPACE = uuid.UUID("6F0C8C3E-2B9A-4D1E-9F57-3C2A1B0D4E5F")
MAX_ID = 200
MAX_PROBLEMS_SHOWN = 20  # a broken file of 2,000 codes gets the first problems and a count, not a wall of text
CODE_FIELDS = frozenset({"id", "guid", "name", "type", "description", "include", "exclude", "example", "colour",
                         "color", "keywords", "children", "codes", "parent", "definitie", "naam", "name_en",
                         "description_en"})
# The English name and description of a code or theme: what an English report shows instead of the Dutch ones.
ENGLISH_FIELDS = ("name_en", "description_en")


@dataclass
class _Node:
    """A YAML value with the line it starts on."""

    value: Any
    line: int


def _plain(node: yaml.Node) -> _Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, _Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in mapping:
                raise CodebookError(f"the key '{shorten(key)}' appears twice in one entry",
                                    line=key_node.start_mark.line + 1, hint="remove one of them")
            mapping[key] = _plain(value_node)
        return _Node(mapping, line)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_plain(item) for item in node.value], line)
    constructed = yaml.SafeLoader(node.value if isinstance(node.value, str) else "").construct_scalar(node) \
        if isinstance(node, yaml.ScalarNode) else node.value
    return _Node(_scalar(node, constructed), line)


def _scalar(node: yaml.Node, raw: Any) -> Any:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and node.value in ("", "~", "null"):
        return None
    return raw


def parse_codebook(text: str) -> Codebook:
    """Return the codebook a YAML text describes, or raise CodebookError listing every problem."""
    try:
        root_node = compose_bounded(text, error=CodebookError, what="the codebook")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise CodebookError(f"not valid YAML: {exc.problem}", line=None if mark is None else mark.line + 1,
                            hint="check the indentation and quote values that contain ': '") from None
    except yaml.YAMLError as exc:
        raise CodebookError(f"not valid YAML: {exc}", hint="check the file is a YAML codebook") from None
    if root_node is None:
        raise CodebookError("the codebook is empty", line=1, hint="add a 'codes:' list")
    root = _plain(root_node)
    return _Builder(root).build()


class _Builder:
    def __init__(self, root: _Node) -> None:
        self.root = root
        self.problems: list[QualcodeError] = []
        self.codes: list[Code] = []
        self.types: dict[str, CodeType] = {
            key: CodeType(key, nl, en, badge, builtin=True) for key, (nl, en, badge) in BUILTIN_TYPES.items()
        }
        self.seen_ids: dict[str, int] = {}
        self.seen_guids: dict[str, str] = {}

    def problem(self, message: str, line: int, hint: str | None = None) -> None:
        self.problems.append(QualcodeError(message, line=line, hint=hint))

    def build(self) -> Codebook:
        root = self.root
        if isinstance(root.value, list):
            raise CodebookError("the codebook is a list; qualcode reads a mapping with 'name:' and 'codes:'",
                                line=root.line, hint="put the codes under 'codes:' (indent the list below it)")
        if isinstance(root.value, dict):
            name_node = root.value.get("name")
            name = str(name_node.value) if name_node and name_node.value else "Codebook"
            self._types(root.value.get("types"))
            entries_node = root.value.get("codes")
            if entries_node is None:
                raise CodebookError("the codebook has no 'codes:' list", line=root.line,
                                    hint="list the themes and codes under 'codes:'")
            entries = entries_node
        else:
            raise CodebookError("the codebook must be a mapping with 'name:' and 'codes:'", line=root.line,
                                hint="write 'name: …' and list the codes under 'codes:'")
        if not isinstance(entries.value, list):
            raise CodebookError("'codes' must be a list", line=entries.line, hint="start each code with '- id: …'")
        for position, entry in enumerate(entries.value):
            self._code(entry, None, position)
        self._check_parents()
        if self.problems:
            count = len(self.problems)
            shown = self.problems[:MAX_PROBLEMS_SHOWN]
            if count > MAX_PROBLEMS_SHOWN:
                shown.append(QualcodeError(f"and {count - MAX_PROBLEMS_SHOWN:,} more problems",
                                           hint="fix the ones above and check the file again"))
            raise CodebookError(f"the codebook has {count:,} problem{'s' if count > 1 else ''}", problems=shown)
        return Codebook(name=name, codes=tuple(self.codes), types=tuple(self.types.values()))

    def _types(self, node: _Node | None) -> None:
        if node is None:
            return
        if not isinstance(node.value, list):
            self.problem("'types' must be a list of types with id, label and badge", node.line)
            return
        for entry in node.value:
            if not isinstance(entry.value, dict) or "id" not in entry.value:
                self.problem("a type needs an 'id'", entry.line, "write '- id: tactic' with label and badge")
                continue
            fields = {k: str(v.value) for k, v in entry.value.items() if v.value is not None}
            key = fields.get("id", "").strip()
            if key in self.types:
                self.problem(f"type '{shorten(key)}' is declared twice (or is built in)", entry.line)
                continue
            label = fields.get("label", key)
            self.types[key] = CodeType(key, label, fields.get("label_en", label),
                                       fields.get("badge", label[:1].upper()))

    def _code(self, entry: _Node, parent: str | None, position: int) -> None:
        if not isinstance(entry.value, dict):
            self.problem("each code must be a mapping with at least 'id' and 'name'", entry.line,
                         "write '- id: …' and 'name: …' on separate lines")
            return
        fields = entry.value
        for unknown in sorted(set(fields) - CODE_FIELDS):
            self.problem(f"unknown field '{shorten(unknown)}'", fields[unknown].line,
                         "allowed: " + ", ".join(sorted(CODE_FIELDS - {"naam", "definitie", "color", "codes"})))
        key = self._text(fields, "id")
        name = self._text(fields, "name") or self._text(fields, "naam")
        if not key:
            self.problem("a code without an 'id'", entry.line, "give every code a unique id, e.g. 'vastgoed.budget'")
            key = f"<line {entry.line}>"
        elif len(key) > MAX_ID:
            self.problem(f"id '{shorten(key)}' is too long ({len(key):,} characters)", entry.line,
                         f"an id is a short key of at most {MAX_ID} characters, e.g. 'vastgoed.budget'")
        elif not _ID.match(key):
            self.problem(f"id '{shorten(key)}' contains spaces or odd characters", entry.line,
                         "use letters, digits, '.', '-' or '_'")
        elif key in self.seen_ids:
            self.problem(f"duplicate id '{shorten(key)}' (first on line {self.seen_ids[key]})", entry.line,
                         "give each code its own id")
        else:
            self.seen_ids[key] = entry.line
        if not name:
            self.problem(f"code '{shorten(key)}' has no name", entry.line, "add 'name: …'")
        code_type = self._type(fields.get("type"), key)
        colour = self._text(fields, "colour") or self._text(fields, "color") or None
        if colour and not _COLOUR.match(colour):
            line = (fields.get("colour") or fields["color"]).line
            self.problem(f"colour '{shorten(colour)}' of '{shorten(key)}' is not a colour like '#c0392b'", line,
                         "write a hex colour in quotes: colour: \"#c0392b\"")
        explicit_parent = self._text(fields, "parent") or None
        if explicit_parent and parent is not None:
            self.problem(f"code '{key}' is nested under '{parent}' and also names parent '{explicit_parent}'",
                         entry.line, "nest it or name a parent, not both")
        self.codes.append(Code(
            key=key, name=name, parent_key=explicit_parent or parent, type=code_type,
            description=self._text(fields, "description") or self._text(fields, "definitie"),
            include=self._text(fields, "include"), exclude=self._text(fields, "exclude"),
            example=self._text(fields, "example"), colour=colour.lower() if colour else None,
            keywords=self._keywords(fields.get("keywords"), key), position=position, line=entry.line,
            guid=self._guid(fields, key), **self._english(fields, key),
        ))
        children = fields.get("children") or fields.get("codes")
        if children is not None:
            if not isinstance(children.value, list):
                self.problem(f"'children' of '{key}' must be a list", children.line)
                return
            for child_position, child in enumerate(children.value):
                self._code(child, key, child_position)

    def _english(self, fields: dict[str, _Node], key: str) -> dict[str, str]:
        """name_en and description_en: text when given; a line that is there but empty is a mistake, not 'none'."""
        english = {}
        for name in ENGLISH_FIELDS:
            node = fields.get(name)
            if node is None:
                continue
            what = name.removesuffix("_en")
            if isinstance(node.value, list | dict):
                self.problem(f"'{name}' of '{shorten(key)}' must be text", node.line,
                             f"write the English {what} as text after '{name}:' (quote it if it holds ': ')")
                continue
            text = self._text(fields, name)
            if not text:
                self.problem(f"'{name}' of '{shorten(key)}' is empty", node.line,
                             f"write the English {what} after '{name}:', or remove the line "
                             "(an English report then uses the Dutch one)")
            english[name] = text
        return english

    def _guid(self, fields: dict[str, _Node], key: str) -> str | None:
        text = self._text(fields, "guid")
        if not text:
            return None
        guid = normal_guid(text)
        if guid is None:
            self.problem(f"guid '{shorten(text)}' of '{shorten(key)}' is not a GUID like "
                         "'0B6A2F4C-1D3E-4F5A-8B7C-9D0E1F2A3B4C'", fields["guid"].line,
                         "copy the guid from 'qualcode codebook export', or remove the line (qualcode then makes one)")
            return None
        if guid in self.seen_guids:
            self.problem(f"guid {guid} of '{shorten(key)}' is also the guid of '{self.seen_guids[guid]}'",
                         fields["guid"].line, "every code has its own guid; remove one of the two lines")
            return None
        self.seen_guids[guid] = key
        return guid

    def _text(self, fields: dict[str, _Node], name: str) -> str:
        node = fields.get(name)
        if node is None or node.value is None:
            return ""
        if isinstance(node.value, list | dict):
            self.problem(f"'{name}' must be text", node.line)
            return ""
        text = str(node.value).strip()
        hidden = invisible_characters(text)
        if hidden:
            # A right-to-left override shows 'Capaciteit' reversed in the workbench and reports.
            self.problem(f"'{name}' '{shorten(text)}' holds invisible formatting characters ({', '.join(hidden)})",
                         node.line, "retype the value, or remove the characters in an editor that shows them")
            return "".join(ch for ch in text if not invisible_characters(ch))
        return text

    def _type(self, node: _Node | None, key: str) -> str | None:
        if node is None or node.value in (None, ""):
            return None
        raw = str(node.value).strip()
        folded = TYPE_ALIASES.get(raw.lower(), raw.lower().replace(" ", "_"))
        if folded in self.types:
            return folded
        for code_type in self.types.values():
            if raw.lower() in (code_type.label.lower(), code_type.label_en.lower()):
                return code_type.key
        self.problem(f"unknown type '{shorten(raw)}' for code '{shorten(key)}'", node.line,
                     "use barrier, opportunity or condition (belemmering, kans, randvoorwaarde), "
                     "or declare the type under 'types:'")
        return None

    def _keywords(self, node: _Node | None, key: str) -> tuple[str, ...]:
        if node is None or node.value is None:
            return ()
        if isinstance(node.value, str):
            return tuple(k.strip() for k in node.value.split(",") if k.strip())
        if not isinstance(node.value, list):
            self.problem(f"'keywords' of '{key}' must be a list", node.line)
            return ()
        return tuple(str(item.value).strip() for item in node.value if item.value is not None)

    def _check_parents(self) -> None:
        parents = {code.key: code.parent_key for code in self.codes}
        for code in self.codes:
            if code.parent_key is not None and code.parent_key not in parents:
                self.problem(f"code '{code.key}' names parent '{code.parent_key}', which does not exist",
                             code.line or 1, "fix the parent id or nest the code under its theme")
        reported: set[str] = set()
        for code in self.codes:
            seen = [code.key]
            parent = parents.get(code.key)
            while parent is not None and parent in parents:
                if parent in seen:
                    cycle = [*seen[seen.index(parent):], parent]
                    if not reported & set(cycle):
                        self.problem("parents form a cycle: " + " → ".join(cycle), code.line or 1,
                                     "a code cannot be its own ancestor")
                        reported.update(cycle)
                    break
                seen.append(parent)
                parent = parents.get(parent)


def normal_guid(text: str) -> str | None:
    """Return a GUID in REFI-QDA's form (upper case, no braces) from any common spelling, or None if it is none."""
    try:
        return str(uuid.UUID(text.strip().strip("{}"))).upper()
    except ValueError:
        return None


def derived_code_guid(codebook_name: str, key: str) -> str:
    """The GUID a code without one gets: the same for every project built from one codebook, so that their
    codings can later be merged and exchanged by GUID."""
    return str(uuid.uuid5(_CODEBOOK_NAMESPACE, f"{codebook_name}\n{key}")).upper()


def dump_codebook(codebook: Codebook) -> str:
    """Write a codebook as YAML that parse_codebook reads back to the same codebook."""
    children: dict[str | None, list[Code]] = {}
    for code in codebook.codes:
        children.setdefault(code.parent_key, []).append(code)

    def entry(code: Code) -> dict[str, Any]:
        data: dict[str, Any] = {"id": code.key, "name": code.name}
        if code.name_en:
            data["name_en"] = code.name_en
        if code.type:
            data["type"] = code.type
        for attribute in ("description", "description_en", "include", "exclude", "example", "colour"):
            value = getattr(code, attribute)
            if value:
                data[attribute] = value
        if code.keywords:
            data["keywords"] = list(code.keywords)
        if code.guid:
            data["guid"] = code.guid
        kids = sorted(children.get(code.key, []), key=lambda c: c.position)
        if kids:
            data["children"] = [entry(kid) for kid in kids]
        return data

    document: dict[str, Any] = {"name": codebook.name}
    declared = [t for t in codebook.types if not t.builtin]
    if declared:
        document["types"] = [{"id": t.key, "label": t.label, "label_en": t.label_en, "badge": t.badge}
                             for t in declared]
    document["codes"] = [entry(code) for code in sorted(children.get(None, []), key=lambda c: c.position)]
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


class Named(Protocol):
    """A code or theme as the codebook, the store or a report holds it (a frozen dataclass: read-only fields)."""

    @property
    def name(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def description_en(self) -> str: ...


def name_in(code: Named, lang: str) -> str:
    """The name a report in lang shows: the English one in an English report when the codebook has it, else Dutch."""
    return (code.name_en or code.name) if lang == "en" else code.name


def description_in(code: Named, lang: str) -> str:
    """The description a report in lang shows, chosen as name_in chooses the name."""
    return (code.description_en or code.description) if lang == "en" else code.description


N = TypeVar("N", bound=Named)


def codes_in_language(codes: tuple[N, ...], lang: str) -> tuple[N, ...]:
    """The codes with name and description in lang (frozen dataclasses, replaced); the same tuple when nothing
    changes, so that a Dutch report costs nothing."""
    if lang != "en" or not any(code.name_en or code.description_en for code in codes):
        return codes
    return tuple(dataclasses.replace(code, name=name_in(code, lang), description=description_in(code, lang))  # type: ignore[type-var]
                 for code in codes)


def english_names_warning(codes: Sequence[Named], lang: str) -> str | None:
    """One line for a report in lang that shows some codes by their Dutch name (None when none or not English)."""
    if lang != "en":
        return None
    missing = sum(1 for code in codes if not code.name_en)
    if not missing:
        return None
    return (f"{missing} of {len(codes)} codes and themes have no English name and appear in Dutch "
            "(add 'name_en:' in the codebook)")
