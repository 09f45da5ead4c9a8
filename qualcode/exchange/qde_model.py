"""A REFI-QDA project (Project.xsd) and codebook (Codebook.xsd) as frozen dataclasses, shared by writer and reader.

Use it as `from qualcode.exchange import qde_model as qde` (`qde.Project`, `qde.Code`: the names are the
elements'). The model is the XML in Python, one class per element qualcode reads or writes, so that the writer
(`qde_write`) and the reader (`qde_read`) do no translation of their own:

- GUIDs are strings. qualcode writes them upper-case, 8-4-4-4-12, without braces; a reader normalises what
  other tools write (braces, lower case) before it builds the model.
- Dates are `xsd:dateTime` strings as they stand in the file (qualcode writes UTC with `Z`,
  e.g. `2026-03-04T10:15:00Z`); None when absent.
- Text offsets are Unicode codepoints, start inclusive, end exclusive, into `TextSource.text`.
- A variable value is its lexical XML form (`"true"`, `"42"`, `"3.5"`, `"2026-03-04"`) with the element it
  came in (`kind`, one of VARIABLE_TYPES); None for an empty value.
- Element order follows the schema's sequences; tuples keep document order, which the writer keeps.
- What REFI-QDA has no element for travels by the conventions at the end of this module, which writer and reader
  share: a code's include/exclude/example in its Description, code types as Sets with a Description naming the
  type, and a coding memo as a Note whose GUID is derived from the coding's.

Not modelled (qualcode has no use for them): picture, PDF, audio and video sources, Links, Graphs, and
selections inside notes. A reader that meets them reports them as dropped.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

# typeOfVariable in Project.xsd, and the element a VariableValue of that type is written as.
VARIABLE_TYPES: tuple[str, ...] = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")
VALUE_ELEMENTS: dict[str, str] = {kind: f"{kind}Value" for kind in VARIABLE_TYPES}

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
INTERNAL_SCHEME = "internal://"


@dataclass(frozen=True)
class User:
    """<User>: a person who made codings, selections, notes or sources (a qualcode coder)."""

    guid: str
    name: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class Code:
    """<Code>: a code in the codebook tree; a theme or folder is a code with children, often not codable."""

    guid: str
    name: str
    is_codable: bool = True
    color: str | None = None  # "#RRGGBB" (the schema also allows "#RGB")
    description: str | None = None
    note_refs: tuple[str, ...] = ()  # GUIDs of Notes about this code (Project.xsd only, not Codebook.xsd)
    children: tuple[Code, ...] = ()


@dataclass(frozen=True)
class Set:
    """<Set>: a named group of codes, sources and notes (qualcode writes its code types as sets of codes)."""

    guid: str
    name: str
    description: str | None = None
    member_codes: tuple[str, ...] = ()
    member_sources: tuple[str, ...] = ()
    member_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Variable:
    """<Variable>: a case attribute, one per name across the project."""

    guid: str
    name: str
    type_of_variable: str = "Text"  # one of VARIABLE_TYPES
    description: str | None = None


@dataclass(frozen=True)
class VariableValue:
    """<VariableValue>: a variable's value for one case (or source), in its lexical XML form."""

    variable_guid: str
    kind: str  # one of VARIABLE_TYPES: the value is written as <{kind}Value>
    value: str | None = None


@dataclass(frozen=True)
class Case:
    """<Case>: a subject (an interviewee, a municipality) with variable values and the sources about it."""

    guid: str
    name: str | None = None
    description: str | None = None
    code_refs: tuple[str, ...] = ()
    variable_values: tuple[VariableValue, ...] = ()
    source_refs: tuple[str, ...] = ()
    selection_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coding:
    """<Coding>: one code applied to a selection (or a whole source), by one user."""

    guid: str
    code_guid: str
    creating_user: str | None = None
    creation_date_time: str | None = None
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextSelection:
    """<PlainTextSelection>: a span of a text source, [start, end) in codepoints, carrying codings."""

    guid: str
    start: int
    end: int
    name: str | None = None
    description: str | None = None
    codings: tuple[Coding, ...] = ()
    note_refs: tuple[str, ...] = ()
    creating_user: str | None = None
    creation_date_time: str | None = None
    modifying_user: str | None = None
    modified_date_time: str | None = None


@dataclass(frozen=True)
class TextSource:
    """<TextSource>: a plain-text document. `text` is its content (from `sources/<file>` or PlainTextContent).

    `plain_text_path` is the path as written (`internal://<GUID>.txt` when qualcode writes it); when it is
    None the writer puts `text` in PlainTextContent instead, as the schema allows exactly one of the two.
    """

    guid: str
    name: str | None
    text: str
    plain_text_path: str | None = None
    rich_text_path: str | None = None
    description: str | None = None
    selections: tuple[TextSelection, ...] = ()
    codings: tuple[Coding, ...] = ()  # codings of the whole source
    note_refs: tuple[str, ...] = ()
    variable_values: tuple[VariableValue, ...] = ()
    creating_user: str | None = None
    creation_date_time: str | None = None
    modifying_user: str | None = None
    modified_date_time: str | None = None


@dataclass(frozen=True)
class Note:
    """<Note> (a TextSourceType): a memo, its text as PlainTextContent; NoteRefs elsewhere point to it."""

    guid: str
    name: str | None
    text: str
    description: str | None = None
    creating_user: str | None = None
    creation_date_time: str | None = None
    modifying_user: str | None = None
    modified_date_time: str | None = None


@dataclass(frozen=True)
class Codebook:
    """<CodeBook> of a .qdc file (Codebook.xsd): codes and sets only."""

    codes: tuple[Code, ...]
    sets: tuple[Set, ...] = ()
    origin: str | None = None


@dataclass(frozen=True)
class Project:
    """<Project> of a .qde file (Project.xsd), with the text of its internal plain-text sources."""

    name: str
    origin: str | None = None
    creating_user: str | None = None  # creatingUserGUID
    creation_date_time: str | None = None
    modifying_user: str | None = None  # modifyingUserGUID
    modified_date_time: str | None = None
    base_path: str | None = None
    users: tuple[User, ...] = ()
    codes: tuple[Code, ...] = ()
    variables: tuple[Variable, ...] = ()
    cases: tuple[Case, ...] = ()
    sources: tuple[TextSource, ...] = ()
    notes: tuple[Note, ...] = ()
    sets: tuple[Set, ...] = ()
    description: str | None = None
    note_refs: tuple[str, ...] = ()  # notes about the project as a whole

    def codebook(self) -> Codebook:
        """The project's codes and sets as a codebook of their own (what a .qdc file holds)."""
        return Codebook(codes=self.codes, sets=self.sets, origin=self.origin)


def walk_codes(codes: tuple[Code, ...], parent: Code | None = None) -> Iterator[tuple[Code, Code | None]]:
    """Every code in the tree, depth first in document order, with its parent (None at the top)."""
    for code in codes:
        yield code, parent
        yield from walk_codes(code.children, code)


def internal_path(file_name: str) -> str:
    """The plainTextPath of a source stored in the archive's `sources/` folder."""
    return f"{INTERNAL_SCHEME}{file_name}"


# -- conventions for what REFI-QDA has no element for (the reader undoes them) ----------------------------------
# A code's include, exclude and example go into its Description after the definition, each as a paragraph that
# starts with its label, so that other tools show the whole definition and a qualcode reader can split it again.
DESCRIPTION_LABELS: tuple[tuple[str, str], ...] = (("include", "Include: "), ("exclude", "Exclude: "),
                                                   ("example", "Example: "))


def join_code_description(definition: str, include: str = "", exclude: str = "", example: str = "") -> str | None:
    """A code's Description: the definition, then 'Include: …', 'Exclude: …', 'Example: …' paragraphs."""
    values = {"include": include, "exclude": exclude, "example": example}
    parts = [definition.strip()] if definition.strip() else []
    parts += [label + values[field].strip() for field, label in DESCRIPTION_LABELS if values[field].strip()]
    return "\n\n".join(parts) or None


def split_code_description(description: str | None) -> dict[str, str]:
    """The fields join_code_description wrote (description, include, exclude, example); other text is the
    definition."""
    fields = {"description": "", "include": "", "exclude": "", "example": ""}
    text = (description or "").strip()
    for field, label in reversed(DESCRIPTION_LABELS):
        head, separator, tail = text.rpartition("\n\n" + label)
        if not separator and text.startswith(label):
            head, separator, tail = "", label, text[len(label):]
        if separator:
            fields[field] = tail.strip()
            text = head.strip()
    fields["description"] = text
    return fields


# A code type travels as a Set of codes named after its label; the Description names it for a qualcode reader.
def code_type_description(key: str, label_en: str, badge: str) -> str:
    """The Description of the Set that carries a qualcode code type."""
    return f"qualcode code type\nid: {key}\nlabel_en: {label_en}\nbadge: {badge}"


def parse_code_type_description(description: str | None) -> dict[str, str] | None:
    """id, label_en and badge from a Set's Description written by code_type_description; None for other sets."""
    lines = (description or "").split("\n")
    if not lines or lines[0] != "qualcode code type":
        return None
    fields = dict(line.partition(": ")[::2] for line in lines[1:])
    return fields if {"id", "label_en", "badge"} <= fields.keys() else None


# A coding memo is a column of its coding, without a GUID of its own: its Note's GUID is derived from the coding's.
CODING_NOTE_NAMESPACE = uuid.UUID("0E6B1F52-3C0D-5A47-9B8E-7D2C4A1F9E30")


def coding_note_guid(coding_guid: str) -> str:
    """The stable GUID of the Note that carries a coding's memo."""
    return str(uuid.uuid5(CODING_NOTE_NAMESPACE, coding_guid.strip("{}").upper())).upper()
