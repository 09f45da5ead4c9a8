"""A REFI-QDA source as a qualcode document: its text (plain text, else the Word file), stored with `\\n` and its
selections moved onto it, and understood by qualcode's transcript parser."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from qualcode.domain.errors import QualcodeError, shorten
from qualcode.domain.model import Header, ParsedTranscript, Turn
from qualcode.domain.transcript import parse_transcript
from qualcode.exchange import qde_model as qde
from qualcode.exchange.qde_archive import ExchangeError, SourceFile
from qualcode.exchange.qde_read import Read
from qualcode.exchange.qde_text import decode_plain, normalise
from qualcode.project.exchange_plan import Report

_GUID_NAME = re.compile(r"^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$")


@dataclass
class SourceDocument:
    """A source on its way in: the text as stored, its parse, its case and where its selections fall."""

    source: qde.TextSource
    text: str
    parsed: ParsedTranscript
    fmt: str
    case_guid: str | None
    spans: list[tuple[int, int] | None]  # per selection of the source: its span in text, None when it fits not
    source_name: str = ""


def source_name(source: qde.TextSource) -> str:
    """A source's name; without one, its file's name (unless that is only its GUID), else its GUID's start."""
    if (source.name or "").strip():
        return (source.name or "").strip()
    for path in (source.plain_text_path, source.rich_text_path):
        stem = Path((path or "").rpartition("://")[2].replace("\\", "/")).stem
        if stem and not _GUID_NAME.match(stem):
            return stem
    return f"source-{source.guid[:8].lower()}"


def source_document(source: qde.TextSource, read: Read, interviewers: tuple[str, ...], case_guid: str | None,
              report: Report) -> SourceDocument | None:
    name = source_name(source)
    files = read.files.get(source.guid)
    text, fmt, bom, warnings = _source_text(source, files)
    for where in (files.plain_where, files.rich_where) if files else ():
        if where and " in the archive" not in where and where != "PlainTextContent":
            warnings.append(f"read from {where} (a file outside the archive)")
    for problem in files.problems if files else ():
        report.dropped.append(f"source '{name}': {problem}")
    if text is None or not text.strip():
        report.dropped.append(f"source '{name}': no text ({len(source.selections)} selections left out)")
        return None
    normalised = normalise(text, [(min(s.start, s.end), max(s.start, s.end)) for s in source.selections],
                           had_bom=bom)
    report.changed.extend(f"source '{name}': {line}" for line in [*warnings, *normalised.notices])
    parsed = parse_text(normalised.text, fmt, interviewers)
    return SourceDocument(source, normalised.text, parsed, fmt, case_guid, normalised.spans)


def _source_text(source: qde.TextSource, files: SourceFile | None) -> tuple[str | None, str, bool, list[str]]:
    if files is not None and files.plain is not None:
        text, bom, warnings = decode_plain(files.plain)
        if text.strip() or files.rich is None:
            return text, "txt", bom, warnings
    if files is not None and files.rich is not None:
        rich_text = _docx_text(files.rich, source_name(source))
        warning = "no plain text in the file: the text is read from its Word file"
        if source.selections:
            warning += f"; the {len(source.selections)} selections' offsets may not match what the writer counted"
        return rich_text, "docx", False, [warning]
    return None, "txt", False, []


def _docx_text(raw: bytes, name: str) -> str | None:
    from qualcode.project.files import read_docx

    with tempfile.TemporaryDirectory(prefix="qualcode-refi-") as folder:
        path = Path(folder) / "source.docx"
        path.write_bytes(raw)
        try:
            return read_docx(path)[0]
        except QualcodeError as error:
            raise ExchangeError(f"source '{shorten(name, 60)}': its Word file cannot be read ({error.message})",
                                hint="export the project again with plain-text sources") from None


def parse_text(text: str, fmt: str, interviewers: tuple[str, ...]) -> ParsedTranscript:
    """The transcript understood by qualcode's parser; a text it cannot read as an interview is one turn per
    paragraph, without speakers, so that it can still be coded."""
    try:
        return parse_transcript(text, fmt, known_interviewers=interviewers)
    except QualcodeError:
        turns = []
        start = 0
        for line in text.split("\n"):
            end = start + len(line)
            stripped = line.strip()
            if stripped:
                left = start + len(line) - len(line.lstrip())
                right = left + len(stripped)
                turns.append(Turn(left, right, None, paragraphs=((left, right),)))
            start = end + 1
        return ParsedTranscript(text, fmt, Header(), (), (), tuple(turns))
