"""Reading transcript files: encodings (UTF-8, BOMs, cp1252), Word and PDF documents, and what kind a file is."""

from __future__ import annotations

import codecs
from pathlib import Path

from qualcode.domain.errors import TranscriptError

TRANSCRIPT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf", ".vtt": "vtt",
                       ".srt": "srt"}


def transcript_format(path: Path) -> str | None:
    """Return the format name of a transcript file, or None if qualcode does not read it."""
    return TRANSCRIPT_SUFFIXES.get(path.suffix.lower())


def decode(raw: bytes, name: str) -> tuple[str, list[str]]:
    """Return the text of a transcript file (newlines as \\n) and warnings about its encoding."""
    warnings: list[str] = []
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
            _refuse_other_formats(raw, name)
            text, encoding = _legacy(raw)
            warnings.append(f"not UTF-8: read as {encoding} and converted (save the file as UTF-8 to avoid this)")
    if "\x00" in text:
        _refuse_other_formats(raw, name)
        raise TranscriptError("this looks like a binary file, not text", file=name,
                              hint="save it as UTF-8 text (a transcript may also be .docx, .pdf, .vtt or .srt)")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


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
    """A Word document or PDF saved under a text name gets a message that says what it is."""
    if raw.startswith(b"PK\x03\x04") and b"word/document.xml" in raw[:65536]:
        raise TranscriptError("this is a Word document with a text file's name", file=name,
                              hint="give it the extension .docx and import it again")
    if raw.startswith(b"%PDF-"):
        raise TranscriptError("this is a PDF with a text file's name", file=name,
                              hint="give it the extension .pdf and import it again")


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

    try:
        document = docx_paragraph_text(path)
    except Exception as exc:  # python-docx raises many kinds for a damaged or fake .docx
        raise TranscriptError(f"this .docx cannot be opened as a Word document ({type(exc).__name__})",
                              file=path.name, hint="open it in Word and save it again as .docx") from None
    return document.text, document.headings, document.soft_breaks


def read_pdf(raw: bytes, name: str) -> str:
    """Return the text of a PDF, pages separated by form feeds (the PDF library lives in exchange)."""
    from qualcode.exchange.pdf_text import pdf_text

    return pdf_text(raw, name)
