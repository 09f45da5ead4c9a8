"""A .qdpx archive opened safely, a source's bytes found (in the archive or, external, on disk) and a .qde/.qdc
file parsed safely: hostile files are refused before anything is unpacked or expanded.

Nothing is extracted to disk: the members qualcode needs (the one .qde file and the text sources it names) are
read into memory, each within a size limit, after the whole archive has been checked (member count, declared
sizes, compression ratio, names that would leave the folder, symbolic links, encryption). XML is parsed by
ElementTree (expat), which never fetches anything, with a tree builder that stops at a document type declaration
(the carrier of external entities and entity expansion), as REFI-QDA files never need one.
"""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, XMLParser

from qualcode.domain.errors import QualcodeError, shorten

MAX_ARCHIVE_BYTES = 8_000_000_000  # a project with its videos inside; only what qualcode reads is unpacked
MAX_MEMBERS = 20_000
MAX_QDE_BYTES = 150_000_000  # a 1M-word project with 20,000 codings writes ~10 MB of XML (parsed in memory)
MAX_TEXT_BYTES = 50_000_000  # as for a transcript file
MAX_DOCX_BYTES = 200_000_000
MAX_READ_TOTAL = 1_500_000_000  # everything unpacked from one archive together
MAX_RATIO = 200  # uncompressed / compressed; text and XML compress 3–20 times, a zip bomb a thousand times
RATIO_FLOOR = 1_000_000  # small members may compress better than that (an empty file, a run of spaces)
MAX_DEPTH = 256  # nesting of XML elements (a code tree of 256 levels is already absurd)
_DRIVE = re.compile(r"^[A-Za-z]:")
_REDO = "nothing was imported; export the project again from the program that made it"


class ExchangeError(QualcodeError):
    """A REFI-QDA file (.qdpx, .qde, .qdc) that cannot be read, or is refused as hostile."""


@dataclass
class Archive:
    """A checked .qdpx, open: its members by name, the .qde file's name and the folder its sources are in."""

    path: Path
    zip: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo]
    qde_name: str
    sources_folder: str  # e.g. "sources/" or "Sources/" (empty when the archive has no such folder)
    unpacked: int = 0  # bytes read from the archive so far

    def close(self) -> None:
        self.zip.close()

    def read(self, name: str) -> bytes:
        """The bytes of one member, never more than its limit (the declared size is not trusted)."""
        info = self.members[name]
        limit = MAX_DOCX_BYTES if name.lower().endswith(".docx") else \
            MAX_QDE_BYTES if name == self.qde_name else MAX_TEXT_BYTES
        if info.file_size > limit:
            raise ExchangeError(f"'{shorten(name)}' in the archive unpacks to {info.file_size / 1e6:,.0f} MB "
                                f"(qualcode reads up to {limit // 1_000_000} MB)", file=str(self.path),
                                hint="check that this is the right file")
        try:
            with self.zip.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise ExchangeError(f"'{shorten(name)}' in the archive cannot be unpacked ({type(exc).__name__}: "
                                f"{shorten(str(exc))})", file=str(self.path), hint=_REDO) from None
        self.unpacked += len(data)
        if self.unpacked > MAX_READ_TOTAL:
            raise ExchangeError(f"the archive unpacks to more than {MAX_READ_TOTAL // 1_000_000:,} MB of text",
                                file=str(self.path), hint="import a smaller project, or check the file; " + _REDO)
        if len(data) > limit:
            raise ExchangeError(f"'{shorten(name)}' in the archive unpacks to more than it declares",
                                file=str(self.path),
                                hint="this archive is damaged or made to harm; " + _REDO)
        return data

    def source_member(self, file_name: str) -> str | None:
        """The member holding a source named in the .qde (an internal path), in `sources/` or `Sources/`;
        the name matched as written, then ignoring case (GUID file names are written in either case)."""
        file_name = file_name.replace("\\", "/").lstrip("/")
        base = self.qde_name.rpartition("/")[0]
        prefix = f"{base}/" if base else ""
        candidates = [f"{self.sources_folder}{file_name}", f"{prefix}{file_name}", file_name]
        for candidate in candidates:
            if candidate in self.members:
                return candidate
        lowered = {name.lower(): name for name in self.members}
        for candidate in candidates:
            if candidate.lower() in lowered:
                return lowered[candidate.lower()]
        return None


@dataclass(frozen=True)
class SourceFile:
    """The bytes of one text source's file: where they came from, and the Word file when there is one."""

    plain: bytes | None  # the plain text (plainTextPath, PlainTextContent as UTF-8) or None
    plain_where: str | None
    rich: bytes | None  # a .docx (richTextPath) or None
    rich_where: str | None
    problems: tuple[str, ...] = ()  # files named but not found or not read


def fetch(path: str, archive: Archive | None, folder: Path, base_path: str | None,
           problems: list[str]) -> tuple[bytes | None, str | None]:
    """The bytes a path attribute names: internal (or bare) in the archive, relative to basePath or the .qdpx's
    folder, absolute on this computer (or, moved, beside the .qdpx)."""
    scheme, _, rest = path.partition("://") if "://" in path else ("internal", "", path)
    scheme = scheme.lower()
    if scheme == "internal":
        member = internal_member(path, archive) if archive is not None else None
        if member is not None and archive is not None:
            return archive.read(member), f"{member} in the archive"
        for sources in ("sources", "Sources") if archive is None else ():  # a bare .qde beside its folder
            local = folder / sources / rest.lstrip("/")
            if local.is_file():
                return _local(local, problems), str(local)
        problems.append(f"'{shorten(path, 100)}' is not in the archive")
        return None, None
    rest = rest.lstrip("/") if scheme == "relative" else rest
    if scheme == "absolute" and re.match(r"^/[A-Za-z]:", rest):
        rest = rest[1:]  # absolute:///C:/PROJECT/… names a Windows path
    candidates = []
    if scheme == "relative":
        if base_path:
            candidates.append(Path(base_path.replace("\\", "/")) / rest)
        candidates.append(folder / rest)
    elif scheme == "absolute":
        candidates.append(Path(rest.replace("\\", "/")))
    candidates.append(folder / Path(rest.replace("\\", "/")).name)
    for candidate in candidates:
        try:
            if candidate.is_file():
                return _local(candidate, problems), str(candidate)
        except OSError:
            continue
    problems.append(f"'{shorten(path, 100)}' (an external file) was not found, also not beside the .qdpx")
    return None, None


def _local(path: Path, problems: list[str]) -> bytes | None:
    limit = MAX_TEXT_BYTES * 4 if path.suffix.lower() == ".docx" else MAX_TEXT_BYTES
    try:
        if not path.is_file() or path.stat().st_size > limit:
            problems.append(f"'{shorten(str(path), 100)}' is no regular file within {limit // 1_000_000} MB")
            return None
        return path.read_bytes()
    except OSError as exc:
        problems.append(f"'{shorten(str(path), 100)}' cannot be read ({exc.strerror})")
        return None


def internal_member(path: str, archive: Archive | None) -> str | None:
    if archive is None:
        return None
    name = path.split("://", 1)[1] if "://" in path else path
    return archive.source_member(name)


def open_archive(path: Path) -> Archive:
    """Check a .qdpx archive as a whole and find its one .qde file; refuse it with a clear message otherwise."""
    shown = str(path)
    try:
        status = path.stat()
    except OSError as exc:
        raise ExchangeError(f"cannot read the file ({exc.strerror})", file=shown, hint="check the path") from None
    if not stat.S_ISREG(status.st_mode):
        raise ExchangeError("not a regular file", file=shown, hint="name a .qdpx file")
    size = status.st_size
    if size > MAX_ARCHIVE_BYTES:
        raise ExchangeError(f"the file is too large ({size / 1e9:,.1f} GB)", file=shown,
                            hint="export the project without its media files")
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise ExchangeError("this is not a REFI-QDA project: a .qdpx file is a ZIP archive, and this is none",
                            file=shown, hint="export the project again as .qdpx (REFI-QDA project), or "
                                             "use 'qualcode import qdc' for a codebook") from None
    try:
        return _checked(path, archive, infos)
    except BaseException:
        archive.close()
        raise


def _checked(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Archive:
    shown = str(path)
    if len(infos) > MAX_MEMBERS:
        raise ExchangeError(f"the archive holds {len(infos):,} files (qualcode reads up to {MAX_MEMBERS:,})",
                            file=shown, hint="check that this is the right file")
    members: dict[str, zipfile.ZipInfo] = {}
    declared = 0
    for info in infos:
        _check_member(info, shown)
        declared += info.file_size
        if not info.is_dir():
            members.setdefault(info.filename, info)
    if declared > MAX_ARCHIVE_BYTES:
        raise ExchangeError(f"the archive unpacks to {declared / 1e9:,.1f} GB", file=shown,
                            hint="this looks like a zip bomb; " + _REDO)
    qde_names = sorted(name for name in members if name.lower().endswith(".qde")
                       and not name.startswith("__MACOSX/") and not PurePosixPath(name).name.startswith("._"))
    if not qde_names:
        raise ExchangeError("the archive holds no .qde file (the project description a .qdpx must hold)",
                            file=shown, hint=_REDO)
    if len(qde_names) > 1:
        listed = ", ".join(shorten(n, 60) for n in qde_names[:5]) + (", …" if len(qde_names) > 5 else "")
        raise ExchangeError(f"the archive holds {len(qde_names)} .qde files ({listed}); a .qdpx holds one project",
                            file=shown, hint="export each project on its own")
    qde_name = qde_names[0]
    base = qde_name.rpartition("/")[0]
    prefix = f"{base}/" if base else ""
    folders = sorted({name[len(prefix):].split("/", 1)[0] for name in members
                      if name.startswith(prefix) and "/" in name[len(prefix):]})
    sources = next((f for f in folders if f == "sources"), None) or \
        next((f for f in folders if f.lower() == "sources"), None)
    return Archive(path, archive, members, qde_name, f"{prefix}{sources}/" if sources else "")


def _check_member(info: zipfile.ZipInfo, shown: str) -> None:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts or "\x00" in name:
        raise ExchangeError(f"the archive holds a file whose path leaves its folder ('{shorten(name, 100)}')",
                            file=shown, hint="this archive is damaged or made to harm; nothing was unpacked")
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        raise ExchangeError(f"the archive holds a symbolic link ('{shorten(name, 100)}')", file=shown,
                            hint="a .qdpx holds ordinary files only; " + _REDO)
    if info.flag_bits & 0x1:
        raise ExchangeError(f"the archive is encrypted ('{shorten(name, 100)}' needs a password)", file=shown,
                            hint="export the project again without a password")
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ExchangeError(
            f"'{shorten(name, 100)}' in the archive unpacks to {info.file_size / 1e6:,.0f} MB from "
            f"{info.compress_size / 1e3:,.0f} kB (more than {MAX_RATIO} times)", file=shown,
            hint="this looks like a zip bomb; nothing was unpacked")


# --- XML --------------------------------------------------------------------------------------------------------
class _Refused(Exception):
    """A document type declaration met while parsing."""


class _GuardedBuilder(TreeBuilder):
    """ElementTree's (C) tree builder that stops the parse at a DOCTYPE, before any entity is declared."""

    def doctype(self, name: str, pubid: str, system: str) -> None:
        raise _Refused(name)


def parse_xml(raw: bytes, shown: str) -> Element:
    """Parse a .qde or .qdc file into an element tree whose tags are local names (namespaces dropped, as writers
    disagree on them); refuse a DOCTYPE (and so entity declarations and external entities) and deep nesting."""
    parser = XMLParser(target=_GuardedBuilder())
    try:
        parser.feed(raw)
        root: Element = parser.close()
    except _Refused:
        raise ExchangeError("this XML file declares a document type or entities (which can read files on this "
                            "computer or expand to gigabytes); REFI-QDA files never need them", file=shown,
                            hint="this file is damaged or made to harm; " + _REDO) from None
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).partition(":")[0]
        raise ExchangeError(f"this is not well-formed XML (line {line}, column {column + 1}: {reason})",
                            file=shown, hint=_REDO) from None
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExchangeError(f"the XML is nested more than {MAX_DEPTH} levels deep", file=shown, hint=_REDO)
        if element.tag[:1] == "{":
            element.tag = element.tag.rpartition("}")[2]
        if any(key[:1] == "{" for key in element.attrib):
            element.attrib = {key.rpartition("}")[2]: value for key, value in element.attrib.items()}
        stack.extend((child, depth + 1) for child in element)
    return root
