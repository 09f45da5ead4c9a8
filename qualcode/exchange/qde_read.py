"""REFI-QDA files read into the model (qde_model): a .qdpx project or a .qdc codebook, leniently and safely.

Lenient where other programs differ: any single .qde name, `sources/` or `Sources/`, `internal://`, bare,
`relative://` and `absolute://` paths, GUIDs with braces or in any case, namespaces or none, `MemberCode` with
`guid` or `targetGUID`. What qualcode does not take (pictures, PDF, audio and video sources, links, graphs, …)
is listed in `Read.notices`, item by item, as the standard asks. The text of the sources is not decoded here:
`Read.files` gives each text source's bytes (plain text, or the Word file), the project layer makes it text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.etree.ElementTree import Element

from qualcode.domain.errors import shorten
from qualcode.exchange import qde_model as qde
from qualcode.exchange.qde_archive import (
    MAX_QDE_BYTES,
    Archive,
    ExchangeError,
    SourceFile,
    fetch,
    internal_member,
    open_archive,
    parse_xml,
)

_GUID = re.compile(r"^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$")
_COLOR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_OTHER_SOURCES = {"PictureSource": "picture", "PDFSource": "PDF", "AudioSource": "audio", "VideoSource": "video"}
_UNREAD = {"Links": "links between items", "Graphs": "graphs"}


def guid(value: str | None) -> str | None:
    """A GUID as qualcode stores it: upper case, no braces; another identifier is kept as written (trimmed)."""
    if value is None:
        return None
    return _normal_guid(value)


@lru_cache(maxsize=65536)  # a file names its users and codes thousands of times
def _normal_guid(value: str) -> str | None:
    if not value.strip():
        return None
    match = _GUID.match(value.strip())
    return match.group(1).upper() if match else value.strip()


@dataclass
class Read:
    """What a REFI-QDA file holds, as the model; sources' `text` is empty until the project layer fills it."""

    project: qde.Project
    files: dict[str, SourceFile] = field(default_factory=dict)  # source GUID → its bytes
    notices: list[str] = field(default_factory=list)  # dropped or changed while reading, one line each
    origin: str | None = None


# --- files -------------------------------------------------------------------------------------------------------
def read_qdpx(path: Path) -> Read:
    """Read a .qdpx (or a bare .qde) into the model with the bytes of its text sources."""
    if path.suffix.lower() == ".qde":
        raw = _read_plain_file(path, MAX_QDE_BYTES)
        return _project(parse_xml(raw, str(path)), str(path), None, path.parent)
    archive = open_archive(path)
    try:
        root = parse_xml(archive.read(archive.qde_name), f"{path}:{archive.qde_name}")
        return _project(root, f"{path}:{archive.qde_name}", archive, path.parent)
    finally:
        archive.close()


def read_qdc(path: Path) -> Read:
    """Read a .qdc codebook (a CodeBook root; a .qde's CodeBook is taken too) into a project holding its codes."""
    raw = _read_plain_file(path, MAX_QDE_BYTES)
    if raw.startswith(b"PK\x03\x04"):
        raise ExchangeError("this is a ZIP archive (a .qdpx project), not a .qdc codebook", file=str(path),
                            hint=f"import it with 'qualcode import qdpx {path.name}'")
    root = parse_xml(raw, str(path))
    notices: list[str] = []
    if root.tag == "Project":
        book = _child(root, "CodeBook")
        sets = _child(root, "Sets")
        codes = _codes(_child(book, "Codes") if book is not None else None, notices, set())
        read_sets = _sets(sets, notices)
        notices.append("this is a project (.qde), not a codebook: only its codes and sets are read")
    elif root.tag == "CodeBook":
        codes = _codes(_child(root, "Codes"), notices, set())
        read_sets = _sets(_child(root, "Sets"), notices)
    else:
        raise ExchangeError(f"this is no REFI-QDA codebook: its root element is <{shorten(root.tag, 40)}>, "
                            "not <CodeBook>", file=str(path), hint="export the codebook again as .qdc")
    origin = root.get("origin")
    return Read(qde.Project(name=path.stem, origin=origin, codes=codes, sets=read_sets), notices=notices,
                origin=origin)


def _read_plain_file(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise ExchangeError(f"the file is too large ({size / 1e6:,.0f} MB)", file=str(path),
                                hint="check that this is the right file")
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise ExchangeError(f"cannot read the file ({exc.strerror})", file=str(path), hint="check the path") from None


# --- the project -------------------------------------------------------------------------------------------------
def _project(root: Element, shown: str, archive: Archive | None, folder: Path) -> Read:
    if root.tag != "Project":
        raise ExchangeError(f"this is no REFI-QDA project: its root element is <{shorten(root.tag, 40)}>, "
                            "not <Project>", file=shown, hint="export the project again as .qdpx")
    notices: list[str] = []
    code_guids: set[str] = set()
    users = tuple(qde.User(g, user.get("name"), user.get("id"))
                  for user in _children(_child(root, "Users"), "User") if (g := _required(user, notices)))
    book = _child(root, "CodeBook")
    codes = _codes(_child(book, "Codes") if book is not None else None, notices, code_guids)
    variables = tuple(_variables(_child(root, "Variables"), notices))
    cases = tuple(_cases(_child(root, "Cases"), notices))
    sources: list[qde.TextSource] = []
    files: dict[str, SourceFile] = {}
    base_path = root.get("basePath")
    for element in _all(_child(root, "Sources")):
        representation = _child(element, "Representation") if element.tag == "PDFSource" else None
        if element.tag == "TextSource" or representation is not None:
            # A PDF's plain-text representation is a text source of its own (REFI-QDA 10.3): taken under the
            # PDF's GUID and name, its area selections left out.
            text_element = element if representation is None else _as_pdf(element, representation, notices)
            source = _text_source(text_element, notices)
            if source is not None:
                sources.append(source)
                files[source.guid] = _source_file(text_element, source, archive, folder, base_path)
        else:
            kind = _OTHER_SOURCES.get(element.tag, f"<{element.tag}>")
            notices.append(f"dropped: {kind} source '{_label(element)}' (qualcode codes text sources only)")
    notes = tuple(_notes(_child(root, "Notes"), archive, notices))
    for tag, what in _UNREAD.items():
        count = len(_all(_child(root, tag)))
        if count:
            notices.append(f"dropped: {count} {what} (<{tag}>; qualcode has no place for them)")
    description = _text(_child(root, "Description"))
    project = qde.Project(
        name=root.get("name") or Path(shown.split(":")[0]).stem, origin=root.get("origin"),
        creating_user=guid(root.get("creatingUserGUID")), creation_date_time=root.get("creationDateTime"),
        modifying_user=guid(root.get("modifyingUserGUID")), modified_date_time=root.get("modifiedDateTime"),
        base_path=base_path, users=users, codes=codes, variables=variables, cases=cases, sources=tuple(sources),
        notes=notes, sets=_sets(_child(root, "Sets"), notices), description=description,
        note_refs=_refs(root, "NoteRef"))
    return Read(project, files, notices, root.get("origin"))


def _codes(element: Element | None, notices: list[str], seen: set[str]) -> tuple[qde.Code, ...]:
    codes: list[qde.Code] = []
    for code in _children(element, "Code"):
        code_guid = _required(code, notices)
        if code_guid is None:
            continue
        if code_guid in seen:
            notices.append(f"dropped: a second code with GUID {code_guid} ('{_label(code)}')")
            continue
        seen.add(code_guid)
        color = code.get("color")
        if color is not None and not _COLOR.match(color.strip()):
            notices.append(f"changed: code '{_label(code)}' colour '{shorten(color, 20)}' is no #RRGGBB; left out")
            color = None
        codable = (code.get("isCodable") or "true").strip().lower() not in ("false", "0")
        codes.append(qde.Code(code_guid, code.get("name") or "", codable, color.strip() if color else None,
                              _text(_child(code, "Description")), _refs(code, "NoteRef"),
                              _codes(code, notices, seen)))
    return tuple(codes)


def _sets(element: Element | None, notices: list[str]) -> tuple[qde.Set, ...]:
    sets = []
    for item in _children(element, "Set"):
        set_guid = _required(item, notices)
        if set_guid is None:
            continue
        members = tuple(g for member in _children(item, "MemberCode")
                        if (g := guid(member.get("targetGUID") or member.get("guid"))))
        sets.append(qde.Set(set_guid, item.get("name") or "", _text(_child(item, "Description")), members,
                            _refs(item, "MemberSource"), _refs(item, "MemberNote")))
    return tuple(sets)


def _variables(element: Element | None, notices: list[str]) -> Iterator[qde.Variable]:
    for variable in _children(element, "Variable"):
        variable_guid = _required(variable, notices)
        if variable_guid is None:
            continue
        kind = variable.get("typeOfVariable") or "Text"
        if kind not in qde.VARIABLE_TYPES:
            notices.append(f"changed: variable '{_label(variable)}' has type '{shorten(kind, 20)}'; read as Text")
            kind = "Text"
        yield qde.Variable(variable_guid, variable.get("name") or "", kind, _text(_child(variable, "Description")))


def _values(element: Element) -> tuple[qde.VariableValue, ...]:
    values = []
    for value in _children(element, "VariableValue"):
        variable_ref = _child(value, "VariableRef")
        ref = guid(variable_ref.get("targetGUID")) if variable_ref is not None else None
        if ref is None:
            continue
        kind, text = "Text", None
        for child in value:
            if child.tag.endswith("Value") and child.tag[:-5] in qde.VARIABLE_TYPES:
                kind, text = child.tag[:-5], (child.text or "").strip() or None
        values.append(qde.VariableValue(ref, kind, text))
    return tuple(values)


def _cases(element: Element | None, notices: list[str]) -> Iterator[qde.Case]:
    for case in _children(element, "Case"):
        case_guid = _required(case, notices)
        if case_guid is not None:
            yield qde.Case(case_guid, case.get("name"), _text(_child(case, "Description")), _refs(case, "CodeRef"),
                           _values(case), _refs(case, "SourceRef"), _refs(case, "SelectionRef"))


def _codings(element: Element, notices: list[str], where: str) -> tuple[qde.Coding, ...]:
    codings = []
    for coding in _children(element, "Coding"):
        coding_guid = _required(coding, notices)
        ref = _child(coding, "CodeRef")
        code_guid = guid(ref.get("targetGUID")) if ref is not None else None
        if coding_guid is None:
            continue
        if code_guid is None:
            notices.append(f"dropped: coding {coding_guid} in {where} names no code (no <CodeRef>)")
            continue
        codings.append(qde.Coding(coding_guid, code_guid, guid(coding.get("creatingUser")),
                                  coding.get("creationDateTime"), _refs(coding, "NoteRef")))
    return tuple(codings)


def _as_pdf(pdf: Element, representation: Element, notices: list[str]) -> Element:
    areas = len(list(_children(pdf, "PDFSelection")))
    notices.append(f"changed: PDF source '{_label(pdf)}' is read as its plain-text representation"
                   + (f"; its {areas} area selections are left out" if areas else ""))
    copy = Element("TextSource", {**representation.attrib, "guid": pdf.get("guid") or "",
                                  "name": pdf.get("name") or representation.get("name") or ""})
    copy.extend([*representation, *_children(pdf, "Coding"), *_children(pdf, "NoteRef")])
    return copy


def _text_source(element: Element, notices: list[str]) -> qde.TextSource | None:
    source_guid = _required(element, notices)
    if source_guid is None:
        return None
    where = f"source '{_label(element)}'"
    selections = []
    for selection in _children(element, "PlainTextSelection"):
        selection_guid = _required(selection, notices)
        start, end = _integer(selection.get("startPosition")), _integer(selection.get("endPosition"))
        if selection_guid is None:
            continue
        if start is None or end is None:
            notices.append(f"dropped: selection {selection_guid} in {where} has no valid start and end position")
            continue
        selections.append(qde.TextSelection(
            selection_guid, start, end, selection.get("name"), _text(_child(selection, "Description")),
            _codings(selection, notices, where), _refs(selection, "NoteRef"), guid(selection.get("creatingUser")),
            selection.get("creationDateTime"), guid(selection.get("modifyingUser")),
            selection.get("modifiedDateTime")))
    return qde.TextSource(
        source_guid, element.get("name"), "", element.get("plainTextPath"), element.get("richTextPath"),
        _text(_child(element, "Description")), tuple(selections), _codings(element, notices, where),
        _refs(element, "NoteRef"), _values(element), guid(element.get("creatingUser")),
        element.get("creationDateTime"), guid(element.get("modifyingUser")), element.get("modifiedDateTime"))


def _notes(element: Element | None, archive: Archive | None, notices: list[str]) -> Iterator[qde.Note]:
    for note in _children(element, "Note"):
        note_guid = _required(note, notices)
        if note_guid is None:
            continue
        content = _child(note, "PlainTextContent")
        text = content.text or "" if content is not None else None
        if text is None and note.get("plainTextPath") and archive is not None:
            member = internal_member(note.get("plainTextPath") or "", archive)
            if member is not None:
                raw = archive.read(member)
                text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
        if text is None:
            notices.append(f"dropped: note '{_label(note)}' has no text qualcode can read")
            continue
        yield qde.Note(note_guid, note.get("name"), text.replace("\r\n", "\n").replace("\r", "\n"),
                       _text(_child(note, "Description")), guid(note.get("creatingUser")),
                       note.get("creationDateTime"), guid(note.get("modifyingUser")), note.get("modifiedDateTime"))


# --- where a source's bytes are ------------------------------------------------------------------------------------
def _source_file(element: Element, source: qde.TextSource, archive: Archive | None, folder: Path,
                 base_path: str | None) -> SourceFile:
    problems: list[str] = []
    plain = plain_where = rich = rich_where = None
    content = _child(element, "PlainTextContent")
    if content is not None and content.text:
        plain, plain_where = content.text.encode("utf-8"), "PlainTextContent"
    elif source.plain_text_path:
        plain, plain_where = fetch(source.plain_text_path, archive, folder, base_path, problems)
    if source.rich_text_path:
        rich, rich_where = fetch(source.rich_text_path, archive, folder, base_path, problems)
    return SourceFile(plain, plain_where, rich, rich_where, tuple(problems))


# --- small helpers ---------------------------------------------------------------------------------------------
def _child(element: Element | None, tag: str) -> Element | None:
    if element is None:
        return None
    for child in element:
        if child.tag == tag:
            return child
    return None


def _children(element: Element | None, tag: str) -> Iterator[Element]:
    if element is None:
        return
    for child in element:
        if child.tag == tag:
            yield child


def _all(element: Element | None) -> list[Element]:
    return list(element) if element is not None else []


def _refs(element: Element, tag: str) -> tuple[str, ...]:
    return tuple(g for ref in _children(element, tag) if (g := guid(ref.get("targetGUID"))))


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.replace("\r\n", "\n").replace("\r", "\n")


def _integer(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def _label(element: Element) -> str:
    return shorten(element.get("name") or guid(element.get("guid")) or "(no name)", 60)


def _required(element: Element, notices: list[str]) -> str | None:
    value = guid(element.get("guid"))
    if value is None:
        notices.append(f"dropped: a <{element.tag}> without a GUID ('{_label(element)}')")
    return value
