"""REFI-QDA writer: a qde_model Project as project.qde XML and a .qdpx archive, a Codebook as .qdc XML; same model,
same bytes.

Deterministic by construction: elements and attributes in schema order and model order, no clock (the archive's
entry times come from the project's modification date, else 1980-01-01), fixed compression and file attributes.
Sources are written as `sources/<GUID>.txt`, UTF-8 without a byte-order mark, exactly the text the offsets count
in (qualcode stores text with `\\n` line ends). Characters XML 1.0 cannot carry (control characters other than tab
and line ends, unpaired surrogates) are replaced by U+FFFD in names, descriptions and notes; never in the sources.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from typing import BinaryIO

from qualcode.domain.errors import QualcodeError
from qualcode.exchange import qde_model as qde

PROJECT_FILE = "project.qde"
SOURCES_FOLDER = "sources"
MAX_INTERNAL_BYTES = 2**31 - 1  # REFI-QDA 8.5: an internal file may not be larger
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class ExportError(QualcodeError):
    """An export that cannot be written as the standard asks."""


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


class _Builder:
    """Elements in one default namespace (declared on the root), attributes in the order given, None left out."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def element(self, parent: ET.Element | None, tag: str, **attributes: str | None) -> ET.Element:
        attrib = {name: _text(value) for name, value in attributes.items() if value is not None}
        if parent is None:  # ElementTree's default_namespace refuses unqualified attributes: declare it by hand
            return ET.Element(tag, {"xmlns": self.namespace, **attrib})
        return ET.SubElement(parent, tag, attrib)

    def text(self, parent: ET.Element, tag: str, value: str | None) -> None:
        if value is not None:  # a parser reads a bare CR in element text as LF: write the LF
            self.element(parent, tag).text = _text(value.replace("\r\n", "\n").replace("\r", "\n"))

    def refs(self, parent: ET.Element, tag: str, guids: Iterable[str], attribute: str = "targetGUID") -> None:
        for guid in guids:
            self.element(parent, tag, **{attribute: guid})


def _boolean(value: bool) -> str:
    return "true" if value else "false"


# -- Project.xsd -----------------------------------------------------------------------------------------------
def project_xml(project: qde.Project) -> bytes:
    """project.qde: the Project element in Project.xsd's order, UTF-8 with an XML declaration."""
    b = _Builder(qde.PROJECT_NAMESPACE)
    root = b.element(None, "Project", name=project.name, origin=project.origin,
                     creatingUserGUID=project.creating_user, creationDateTime=project.creation_date_time,
                     modifyingUserGUID=project.modifying_user, modifiedDateTime=project.modified_date_time,
                     basePath=project.base_path)
    if project.users:
        users = b.element(root, "Users")
        for user in project.users:
            b.element(users, "User", guid=user.guid, name=user.name, id=user.id)
    if project.codes:
        codes = b.element(b.element(root, "CodeBook"), "Codes")
        for code in project.codes:
            _code(b, codes, code, with_notes=True)
    if project.variables:
        variables = b.element(root, "Variables")
        for variable in project.variables:
            element = b.element(variables, "Variable", guid=variable.guid, name=variable.name,
                                typeOfVariable=variable.type_of_variable)
            b.text(element, "Description", variable.description)
    if project.cases:
        cases = b.element(root, "Cases")
        for case in project.cases:
            element = b.element(cases, "Case", guid=case.guid, name=case.name)
            b.text(element, "Description", case.description)
            b.refs(element, "CodeRef", case.code_refs)
            _variable_values(b, element, case.variable_values)
            b.refs(element, "SourceRef", case.source_refs)
            b.refs(element, "SelectionRef", case.selection_refs)
    if project.sources:
        sources = b.element(root, "Sources")
        for source in project.sources:
            _text_source(b, sources, source)
    if project.notes:
        notes = b.element(root, "Notes")
        for note in project.notes:
            element = b.element(notes, "Note", guid=note.guid, name=note.name, creatingUser=note.creating_user,
                                creationDateTime=note.creation_date_time, modifyingUser=note.modifying_user,
                                modifiedDateTime=note.modified_date_time)
            b.text(element, "Description", note.description)
            b.text(element, "PlainTextContent", note.text)
    if project.sets:
        sets = b.element(root, "Sets")
        for set_ in project.sets:
            element = b.element(sets, "Set", guid=set_.guid, name=set_.name)
            b.text(element, "Description", set_.description)
            b.refs(element, "MemberCode", set_.member_codes)
            b.refs(element, "MemberSource", set_.member_sources)
            b.refs(element, "MemberNote", set_.member_notes)
    b.text(root, "Description", project.description)
    b.refs(root, "NoteRef", project.note_refs)
    return _serialise(root)


def _code(b: _Builder, parent: ET.Element, code: qde.Code, *, with_notes: bool) -> None:
    element = b.element(parent, "Code", guid=code.guid, name=code.name, isCodable=_boolean(code.is_codable),
                        color=code.color)
    b.text(element, "Description", code.description)
    if with_notes:  # Codebook.xsd has no NoteRef in a Code
        b.refs(element, "NoteRef", code.note_refs)
    for child in code.children:
        _code(b, element, child, with_notes=with_notes)


def _variable_values(b: _Builder, parent: ET.Element, values: Iterable[qde.VariableValue]) -> None:
    for value in values:
        if value.kind not in qde.VALUE_ELEMENTS:
            raise ExportError(f"'{value.kind}' is not a REFI-QDA variable type",
                              hint=f"use one of: {', '.join(qde.VARIABLE_TYPES)}")
        element = b.element(parent, "VariableValue")
        b.element(element, "VariableRef", targetGUID=value.variable_guid)
        b.text(element, qde.VALUE_ELEMENTS[value.kind], value.value)


def _text_source(b: _Builder, parent: ET.Element, source: qde.TextSource) -> None:
    element = b.element(parent, "TextSource", guid=source.guid, name=source.name,
                        richTextPath=source.rich_text_path, plainTextPath=source.plain_text_path,
                        creatingUser=source.creating_user, creationDateTime=source.creation_date_time,
                        modifyingUser=source.modifying_user, modifiedDateTime=source.modified_date_time)
    b.text(element, "Description", source.description)
    if source.plain_text_path is None:  # the schema wants exactly one of the two
        b.text(element, "PlainTextContent", source.text)
    for selection in source.selections:
        selected = b.element(element, "PlainTextSelection", guid=selection.guid, name=selection.name,
                             startPosition=str(selection.start), endPosition=str(selection.end),
                             creatingUser=selection.creating_user, creationDateTime=selection.creation_date_time,
                             modifyingUser=selection.modifying_user, modifiedDateTime=selection.modified_date_time)
        b.text(selected, "Description", selection.description)
        _codings(b, selected, selection.codings)
        b.refs(selected, "NoteRef", selection.note_refs)
    _codings(b, element, source.codings)
    b.refs(element, "NoteRef", source.note_refs)
    _variable_values(b, element, source.variable_values)


def _codings(b: _Builder, parent: ET.Element, codings: Iterable[qde.Coding]) -> None:
    for coding in codings:
        element = b.element(parent, "Coding", guid=coding.guid, creatingUser=coding.creating_user,
                            creationDateTime=coding.creation_date_time)
        b.element(element, "CodeRef", targetGUID=coding.code_guid)
        b.refs(element, "NoteRef", coding.note_refs)


# -- Codebook.xsd ----------------------------------------------------------------------------------------------
def codebook_xml(codebook: qde.Codebook) -> bytes:
    """A .qdc file: the CodeBook element of Codebook.xsd (codes and sets; sets name their codes by `guid`)."""
    if not codebook.codes:
        raise ExportError("the codebook has no codes; REFI-QDA needs at least one",
                          hint="load a codebook first: 'qualcode codebook load FILE'")
    b = _Builder(qde.CODEBOOK_NAMESPACE)
    root = b.element(None, "CodeBook", origin=codebook.origin)
    codes = b.element(root, "Codes")
    for code in codebook.codes:
        _code(b, codes, code, with_notes=False)
    if codebook.sets:
        sets = b.element(root, "Sets")
        for set_ in codebook.sets:
            element = b.element(sets, "Set", guid=set_.guid, name=set_.name)
            b.text(element, "Description", set_.description)
            b.refs(element, "MemberCode", set_.member_codes, attribute="guid")
    return _serialise(root)


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


# -- the .qdpx archive -----------------------------------------------------------------------------------------
def source_file_name(source: qde.TextSource) -> str:
    """The file name in `sources/` of a source whose plainTextPath is internal (`internal://<name>`)."""
    path = source.plain_text_path or ""
    if not path.startswith(qde.INTERNAL_SCHEME):
        raise ExportError(f"source '{source.name}' has no internal plain-text path ({path or 'none'})")
    return path.removeprefix(qde.INTERNAL_SCHEME)


def write_qdpx(project: qde.Project, out: BinaryIO) -> None:
    """Write the archive: project.qde first, then every internal source as UTF-8 (no BOM) in model order."""
    stamp = _zip_time(project.modified_date_time)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        _add(archive, PROJECT_FILE, project_xml(project), stamp)
        written: set[str] = set()
        for source in project.sources:
            if source.plain_text_path is None:
                continue
            name = source_file_name(source)
            if "/" in name or "\\" in name or name in written:
                raise ExportError(f"source file name '{name}' is not a unique flat name in {SOURCES_FOLDER}/")
            written.add(name)
            content = source.text.encode("utf-8")
            if len(content) > MAX_INTERNAL_BYTES:
                raise ExportError(f"source '{source.name}' is {len(content):,} bytes; REFI-QDA allows an internal "
                                  f"file of at most {MAX_INTERNAL_BYTES:,}", hint="split the document")
            _add(archive, f"{SOURCES_FOLDER}/{name}", content, stamp)


def _add(archive: zipfile.ZipFile, name: str, content: bytes, stamp: tuple[int, int, int, int, int, int]) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, on every platform: the same bytes everywhere
    info.external_attr = 0o644 << 16
    archive.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)


def _zip_time(date_time: str | None) -> tuple[int, int, int, int, int, int]:
    """The entries' time: the project's modification time (UTC), so the archive says when the work last changed."""
    if date_time is None:
        return _EPOCH
    try:
        moment = dt.datetime.fromisoformat(date_time.replace("Z", "+00:00"))
    except ValueError:
        return _EPOCH
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    if moment.year < 1980 or moment.year > 2107:
        return _EPOCH
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second // 2 * 2)
