"""Reading transcript files: encodings (UTF-8, BOMs, cp1252), Word and PDF documents, and what kind a file is."""

from __future__ import annotations

import codecs
import errno
import re
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path

from qualcode.domain.cases import invisible_characters, without_invisible_characters
from qualcode.domain.errors import QualcodeError, TranscriptError, shorten

TRANSCRIPT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf", ".vtt": "vtt",
                       ".srt": "srt"}


# Size limits, checked before a file is read. A 1M-word write-up is ~7 MB of text; 50 MB of text is seven times
# that, so a larger text file is a mistake (a log, a database dump), not an interview. Word and PDF files carry
# images and fonts, so they may be larger on disk; what a .docx unpacks to is checked separately.
MAX_TEXT_BYTES = 50_000_000
MAX_PACKAGE_BYTES = 200_000_000
MAX_CASES_BYTES = 10_000_000  # a cases file of every Dutch municipality with fifty attributes is under 1 MB
MAX_DOCX_PARTS = 5_000  # a Word file has a few dozen parts, a few hundred with many images
MAX_DOCX_XML_BYTES = 200_000_000  # unpacked XML (lxml needs several times this in memory)
MAX_CONTROL_SHARE = 0.01  # more control characters than this and the file is no text
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls except \t \n \v \f \r
_SIGNATURES = ((b"\x89PNG", "an image (PNG)"), (b"\xff\xd8\xff", "an image (JPEG)"), (b"GIF8", "an image (GIF)"),
               (b"\x1f\x8b", "a compressed file (gzip)"), (b"BZh", "a compressed file (bzip2)"),
               (b"\xfd7zXZ", "a compressed file (xz)"), (b"7z\xbc\xaf", "a compressed file (7-Zip)"),
               (b"PK\x03\x04", "a ZIP archive"), (b"\x7fELF", "a program"), (b"RIFF", "a sound or video file"),
               (b"fLaC", "a sound file (FLAC)"), (b"OggS", "a sound file (Ogg)"),
               (b"SQLite format 3", "a database"), (b"\xd0\xcf\x11\xe0", "an old Office document (.doc)"))


def size_limit(fmt: str | None) -> int:
    """The largest file of this format qualcode reads."""
    return MAX_PACKAGE_BYTES if fmt in ("docx", "pdf") else MAX_TEXT_BYTES


def check_input_file(path: Path, *, limit: int, error: type[QualcodeError] = TranscriptError,
                     name: str | None = None) -> int:
    """Return the size of a file that may be read: an existing regular file within the size limit.

    FIFOs and devices (which block or never end), folders and symbolic links that lead nowhere are refused
    before anything is opened."""
    shown = name or str(path)
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.ENOENT and path.is_symlink()):
            raise error("a symbolic link that leads nowhere (a loop or a missing target)", file=shown,
                        hint="point the link at the file itself, or copy the file here") from None
        if exc.errno == errno.ENOENT:
            raise error("file not found", file=shown, hint="check the path") from None
        raise error(f"cannot read the file ({exc.strerror})", file=shown,
                    hint="check that the file exists and that you may read it") from None
    if stat.S_ISDIR(info.st_mode):
        raise error("is a folder, not a file", file=shown, hint="name a file in it")
    if not stat.S_ISREG(info.st_mode):
        raise error("not a regular file (a pipe, device or socket)", file=shown,
                    hint="save the content to an ordinary file and name that file")
    if info.st_size > limit:
        raise error(f"the file is too large ({info.st_size / 1e6:,.0f} MB; qualcode reads up to "
                    f"{limit // 1_000_000} MB)",
                    file=shown, hint="split it into one file per interview, or check that this is the right file")
    return info.st_size


def read_input_file(path: Path, *, limit: int, error: type[QualcodeError], name: str | None = None) -> bytes:
    """Return the bytes of a file checked with check_input_file (never more than the limit)."""
    check_input_file(path, limit=limit, error=error, name=name)
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)[:limit]
    except OSError as exc:
        raise error(f"cannot read the file ({exc.strerror})", file=name or str(path),
                    hint="check that you may read it") from None


def without_hidden_characters(text: str) -> tuple[str, list[str]]:
    """Remove invisible formatting characters (bidi controls, zero-width spaces) and stray control characters:
    in a speaker label or header name they make one name look like another; say on which lines."""
    found = invisible_characters(_visible_in_running_text(text))
    controls = _CONTROL.search(text)
    if not found and controls is None:
        return text, []
    lines = [number for number, line in enumerate(text.split("\n"), 1)
             if invisible_characters(_visible_in_running_text(line)) or _CONTROL.search(line)]
    where = ", ".join(str(n) for n in lines[:5]) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
    kinds = ", ".join([*found, *(["control characters"] if controls else [])])
    cleaned = _CONTROL.sub("", without_invisible_characters(text, keep_soft_hyphens=True))
    return cleaned, [f"removed invisible or control characters ({kinds}) on line{'s' if len(lines) > 1 else ''} "
                     f"{where}"]


def _visible_in_running_text(text: str) -> str:
    """Soft hyphens and zero-width joiners belong to running text (word breaks, emoji sequences): not reported."""
    return text.replace("\u00ad", "").replace("\u200c", "").replace("\u200d", "")


def transcript_format(path: Path) -> str | None:
    """Return the format name of a transcript file, or None if qualcode does not read it."""
    return TRANSCRIPT_SUFFIXES.get(path.suffix.lower())


def decode(raw: bytes, name: str) -> tuple[str, list[str]]:
    """Return the text of a transcript file (newlines as \\n) and warnings about its encoding."""
    warnings: list[str] = []
    _refuse_other_formats(raw, name)
    if raw.startswith(codecs.BOM_UTF8):
        text = _strict(raw[3:], "utf-8", name, skipped=3)
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(raw, "utf-16", name)
    elif (utf16 := _utf16_without_bom(raw)) is not None:
        text = _strict(raw, utf16, name)
        warnings.append("UTF-16 without a byte-order mark: read and converted (save the file as UTF-8 to avoid this)")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text, warning = _per_line(raw)
            warnings.append(warning)
    if "\x00" in text:
        raise TranscriptError("this looks like a binary file, not text", file=name,
                              hint="save it as UTF-8 text (a transcript may also be .docx, .pdf, .vtt or .srt)")
    controls = _CONTROL.findall(text)
    if len(controls) > max(2, MAX_CONTROL_SHARE * len(text)):
        first = text.count("\n", 0, _CONTROL.search(text).start()) + 1  # type: ignore[union-attr]
        raise TranscriptError(f"this does not look like text: {len(controls):,} control characters", file=name,
                              line=first, hint="save it as UTF-8 text, or check that this is the right file")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _per_line(raw: bytes) -> tuple[str, str]:
    """Decode line by line: a file that mixes UTF-8 and Windows-1252 (text pasted together) is never mojibake."""
    lines: list[str] = []
    legacy_lines: list[int] = []
    utf8_lines = 0
    encoding = "Windows-1252 (cp1252)"
    for number, line in enumerate(raw.split(b"\n"), 1):
        try:
            lines.append(line.decode("utf-8"))
            utf8_lines += not line.isascii()
        except UnicodeDecodeError:
            text, encoding = _legacy(line)
            lines.append(text)
            legacy_lines.append(number)
    if not utf8_lines:
        return "\n".join(lines), f"not UTF-8: read as {encoding} and converted (save the file as UTF-8 to avoid this)"
    where = ", ".join(str(n) for n in legacy_lines[:5]) + (f" and {len(legacy_lines) - 5} more"
                                                            if len(legacy_lines) > 5 else "")
    return "\n".join(lines), (f"mixed encodings: line{'s' if len(legacy_lines) > 1 else ''} {where} read as "
                               f"{encoding}, the rest as UTF-8 (save the file as UTF-8 to avoid this)")


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when text reads as UTF-16 without a byte-order mark (every other byte zero)."""
    sample = raw[:4000]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _refuse_other_formats(raw: bytes, name: str) -> None:
    """A Word document, PDF, image or archive saved under a text name gets a message that says what it is."""
    if raw.startswith(b"PK\x03\x04") and b"word/document.xml" in raw[:65536]:
        raise TranscriptError("this is a Word document with a text file's name", file=name,
                              hint="give it the extension .docx and import it again")
    if raw.startswith(b"%PDF-"):
        raise TranscriptError("this is a PDF with a text file's name", file=name,
                              hint="give it the extension .pdf and import it again")
    for signature, kind in _SIGNATURES:
        if raw.startswith(signature):
            raise TranscriptError(f"this is {kind}, not text", file=name,
                                  hint="check that this is the right file, saved as text")


def _strict(raw: bytes, encoding: str, name: str, skipped: int = 0) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        position = exc.start + skipped
        raise TranscriptError(f"the file says it is {encoding.upper()} but byte {position} is not", file=name,
                              line=line, hint="save the file again as UTF-8") from None


def _legacy(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("cp1252"), "Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1 (ISO-8859-1)"


def read_docx(path: Path) -> tuple[str, frozenset[int], frozenset[int]]:
    """Return the paragraph text of a Word document, its heading lines and the lines that continue a paragraph
    after a soft line break (python-docx lives in reporting)."""
    from qualcode.reporting.docx_text import docx_paragraph_text

    _check_docx_package(path)
    try:
        document = docx_paragraph_text(path)
    except Exception as exc:  # python-docx raises many kinds for a damaged or fake .docx
        raise TranscriptError(f"this .docx cannot be opened as a Word document ({type(exc).__name__})",
                              file=path.name, hint="open it in Word and save it again as .docx") from None
    return document.text, document.headings, document.soft_breaks


def _check_docx_package(path: Path) -> None:
    """Refuse a zip bomb or an XML entity bomb before python-docx unpacks and parses anything.

    zipfile never unpacks more than an entry's declared size, so the declared sizes are a safe bound."""
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
            if len(entries) > MAX_DOCX_PARTS:
                raise TranscriptError(f"this Word document has {len(entries):,} parts (Word writes a few dozen)",
                                      file=path.name, hint="open it in Word and save it again as .docx")
            xml_parts = [e for e in entries if e.filename.endswith((".xml", ".rels"))]
            unpacked = sum(e.file_size for e in xml_parts)
            if unpacked > MAX_DOCX_XML_BYTES:
                raise TranscriptError(
                    f"this Word document unpacks to {unpacked / 1e6:,.0f} MB of XML (qualcode reads up to "
                    f"{MAX_DOCX_XML_BYTES // 1_000_000} MB)", file=path.name,
                    hint="open it in Word and save it again, or split it into one file per interview")
            for entry in xml_parts:
                with package.open(entry) as part:
                    start = part.read(4096)
                if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                    raise TranscriptError(
                        f"this Word document declares entities in {shorten(entry.filename)} (<!DOCTYPE>), which "
                        "Word never writes", file=path.name, hint="open it in Word and save it again as .docx")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise TranscriptError(f"this .docx cannot be opened as a Word document ({type(exc).__name__})",
                              file=path.name, hint="open it in Word and save it again as .docx") from None


def read_pdf(raw: bytes, name: str) -> str:
    """Return the text of a PDF, pages separated by form feeds (the PDF library lives in exchange)."""
    from qualcode.exchange.pdf_text import pdf_text

    return pdf_text(raw, name)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to the transcript files in them (sorted); named files are taken as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and transcript_format(p)
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        else:
            files.append(path)
    unique: dict[Path, Path] = {}
    for file in files:
        try:
            resolved = file.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop: reported when the file is imported
            resolved = file.absolute()
        unique.setdefault(resolved, file)
    return list(unique.values())
