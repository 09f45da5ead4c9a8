"""Importing transcripts: read, clean and understand each file, one transaction per document, or a dry run."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qualcode.domain.cases import MAX_NAME
from qualcode.domain.checks import structure_warnings
from qualcode.domain.errors import QualcodeError, TranscriptError, bounded_warnings, shorten
from qualcode.domain.layout import clean_layout
from qualcode.domain.model import ParsedTranscript
from qualcode.domain.names import case_key, case_name_from_filename, closest_case
from qualcode.domain.subtitles import subtitles_to_text
from qualcode.domain.transcript import parse_transcript
from qualcode.domain.writeups import WriteUpPart, find_writeups
from qualcode.nlp.pipeline import Lemmatiser
from qualcode.nlp.segmenter import segment
from qualcode.project.config import ProjectConfig
from qualcode.project.files import (
    check_input_file,
    collect_files,
    decode,
    read_docx,
    read_pdf,
    size_limit,
    transcript_format,
    without_hidden_characters,
)
from qualcode.project.overview import DocumentOverview, overview_of_parse
from qualcode.project.versions import Reanchoring, older_version, preview, snapshot_before, store_version
from qualcode.storage import cases as case_sql
from qualcode.storage import documents as document_sql
from qualcode.storage import events as event_sql
from qualcode.storage.records import DocumentRow, SentenceSpan
from qualcode.storage.store import Store


@dataclass
class FileResult:
    """What happened to one file (or one write-up of a file imported with --split)."""

    path: Path
    status: str  # imported, replaced, unchanged, duplicate, preview, failed
    document_guid: str | None = None
    case: str | None = None
    words: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    part: int | None = None
    overview: DocumentOverview | None = None  # a dry run's view of the document (an import keeps no copy)
    reanchoring: Reanchoring | None = None  # a new version of a document: what happened (would happen) to its codings


@dataclass
class ImportReport:
    """What an import did, file by file."""

    results: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def words(self) -> int:
        return sum(r.words for r in self.results if r.status in ("imported", "replaced", "preview"))


@dataclass(frozen=True)
class SourceText:
    """A file's text as qualcode reads it, before the transcript is understood."""

    text: str
    format: str
    headings: frozenset[int] = frozenset()
    soft_breaks: frozenset[int] = frozenset()  # Word lines that continue the paragraph above them
    warnings: tuple[str, ...] = ()
    cue_end_times: tuple[str, ...] = ()


@dataclass(frozen=True)
class Understood:
    """One write-up understood: the parse, every warning about it, and where it came from."""

    parsed: ParsedTranscript
    warnings: tuple[str, ...]
    part: int | None
    source_name: str


def read_source(path: Path, raw: bytes) -> SourceText:
    """Return the text of a transcript file: decoded, Word and PDF read, hard wraps and page footers cleaned."""
    fmt = _format_or_refuse(path)
    headings: frozenset[int] = frozenset()
    soft_breaks: frozenset[int] = frozenset()
    warnings: list[str] = []
    if fmt == "docx":
        text, headings, soft_breaks = read_docx(path)
    elif fmt == "pdf":
        text = read_pdf(raw, path.name)
    else:
        text, warnings = decode(raw, path.name)
    text, hidden = without_hidden_characters(text)
    warnings.extend(hidden)
    if fmt in ("vtt", "srt"):
        built = subtitles_to_text(text, fmt)
        return SourceText(built.text, fmt, warnings=tuple(warnings), cue_end_times=built.turn_end_times)
    if fmt == "docx":
        # Word says where its paragraphs are: they are never reflowed as if they were printed lines.
        return SourceText(text, fmt, headings, soft_breaks, warnings=tuple(warnings))
    cleaned = clean_layout(text)
    return SourceText(cleaned.text, fmt, warnings=(*warnings, *cleaned.warnings))


def _format_or_refuse(path: Path) -> str:
    fmt = transcript_format(path)
    if fmt is None:
        raise TranscriptError(f"'{path.suffix or path.name}' is not a transcript format qualcode reads",
                              file=path.name, hint="use .txt, .md, .docx, .pdf, .vtt or .srt")
    return fmt


def understand_file(path: Path, known_interviewers: Iterable[str] = (), raw: bytes | None = None, *,
                    split: bool = False) -> list[Understood]:
    """Read and parse one transcript file (one write-up per part with split); errors name the file."""
    try:
        source = read_source(path, path.read_bytes() if raw is None else raw)
        parts = find_writeups(source.text) if source.format not in ("vtt", "srt") else []
        if not split or len(parts) < 2:
            parsed = parse_transcript(source.text, source.format, known_interviewers=known_interviewers,
                                      cue_end_times=source.cue_end_times, headings=source.headings,
                                      soft_breaks=source.soft_breaks)
            hint = [_split_hint(parts)] if len(parts) >= 2 and not split else []
            return [Understood(parsed, (*source.warnings, *parsed.warnings, *hint), None, path.name)]
        understood = []
        for part in parts:
            first_line = source.text.count("\n", 0, part.start)
            try:
                parsed = parse_transcript(source.text[part.start:part.end], source.format,
                                          known_interviewers=known_interviewers,
                                          headings=_shifted(source.headings, first_line),
                                          soft_breaks=_shifted(source.soft_breaks, first_line))
            except QualcodeError as error:
                raise TranscriptError(f"write-up {part.number} ('{part.title}'): {error.message}",
                                      line=part.line + (error.line or 1) - 1, hint=error.hint) from None
            file_warnings = (*source.warnings, *_introduction_warning(source.text, parts[0])) \
                if part.number == 1 else ()
            understood.append(Understood(parsed, (*file_warnings, *parsed.warnings), part.number,
                                         f"{path.name}#{part.number}"))
        return understood
    except QualcodeError as error:
        raise error.located(path.name) from None


def _refuse_another_cut(path: Path, known: list[DocumentRow], understood: list[Understood]) -> None:
    """A file stored whole cannot come back as write-ups, nor the other way round: codings would be orphaned."""
    was_split = any(row.metadata.get("part") is not None for row in known)
    is_split = understood[0].part is not None
    if known and was_split != is_split:
        before = f"as {len(known)} write-ups (--split)" if was_split else "whole"
        raise TranscriptError(
            f"this file was imported {before} before; importing it {'whole' if was_split else 'as write-ups'} "
            "would store its text twice", file=path.name,
            hint="import it the same way as before, or first remove what is stored with 'qualcode documents remove'")


def _shifted(line_numbers: frozenset[int], first_line: int) -> frozenset[int]:
    """Line numbers of a whole file as line numbers of the part that starts at first_line."""
    return frozenset(i - first_line for i in line_numbers if i >= first_line)


def _introduction_warning(text: str, first: WriteUpPart) -> list[str]:
    words = len(text[:first.start].split())
    if not words:
        return []
    return [f"the {words} words before the first write-up (lines 1–{first.line - 1}) belong to no document"]


def _split_hint(parts: list[WriteUpPart]) -> str:
    titles = ", ".join(f"'{p.title}' (line {p.line})" for p in parts[:3]) + (", …" if len(parts) > 3 else "")
    return (f"this file seems to hold {len(parts)} write-ups ({titles}); import it with --split to make one "
            "document per write-up")


def sentence_positions(parsed: ParsedTranscript) -> list[tuple[int, int, int]]:
    """Return (start, end, turn position) of every sentence: segmented within each paragraph of each turn."""
    text = parsed.text
    return [(s, e, position) for position, turn in enumerate(parsed.turns)
            for start, end in turn.paragraphs for s, e in segment(text, start, end)]


def sentence_spans(parsed: ParsedTranscript, lemmatiser: Lemmatiser,
                   positions: list[tuple[int, int, int]] | None = None) -> list[SentenceSpan]:
    """Segment every paragraph of every turn (unless positions are given) and lemmatise the sentences."""
    spans = sentence_positions(parsed) if positions is None else positions
    text = parsed.text
    lemmas = lemmatiser.lemmas([text[s:e] for s, e, _ in spans])
    return [SentenceSpan(s, e, position, lemma) for (s, e, position), lemma in zip(spans, lemmas, strict=True)]


class Importer:
    """Imports transcript files into a project store (or, with dry_run, only says what it would store)."""

    replacing = False  # `documents replace`: the file is chosen by hand, also when it holds an older version

    def __init__(self, store: Store, config: ProjectConfig, coder: str | None,
                 lemmatiser: Lemmatiser | None = None, *, split: bool = False, dry_run: bool = False) -> None:
        self.store = store
        self.config = config
        self.coder = coder
        self.split = split
        self.dry_run = dry_run
        self._lemmatiser = lemmatiser
        # Cases this run would add (a dry run stores nothing, but two files of one gemeente are still one case).
        self._planned_cases: dict[str, str] = {}
        self._digests_this_run: dict[str, str] = {}  # document digest → the source that brought it first
        # The cases the project had before this run (a cases file): a guess from a file name is checked against them.
        self._cases_before = len(case_sql.case_names(store))

    @property
    def lemmatiser(self) -> Lemmatiser:
        if self._lemmatiser is None:
            self._lemmatiser = Lemmatiser()
        return self._lemmatiser

    def run(self, paths: Iterable[Path], on_file: Callable[[FileResult], None] | None = None) -> ImportReport:
        report = ImportReport()
        seen: dict[str, Path] = {}
        for path in collect_files(paths):
            for result in self._one(path, seen):
                report.results.append(result)
                if on_file:
                    on_file(result)
        return report

    def _one(self, path: Path, seen: dict[str, Path]) -> list[FileResult]:
        try:
            # Checked before anything is read: a FIFO or device would block or never end, a huge file fill memory.
            fmt = _format_or_refuse(path) if path.exists() and not path.is_dir() else transcript_format(path)
            check_input_file(path, limit=size_limit(fmt), name=str(path))
            if path.name in seen:
                raise TranscriptError(f"another file with this name was imported from {seen[path.name].parent}",
                                      file=str(path), hint="give each transcript its own file name")
            seen[path.name] = path
            return self._import(path)
        except QualcodeError as error:
            return [FileResult(path, "failed", error=str(error.located(path.name)))]
        except OSError as error:
            return [FileResult(path, "failed", error=f"{path}: cannot read the file ({error.strerror})")]

    def _import(self, path: Path) -> list[FileResult]:
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        known = document_sql.documents_from_file(self.store, path.name)
        if known and all(row.metadata.get("file_sha256", row.sha256) == digest for row in known) \
                and not self.dry_run:
            return [FileResult(path, "unchanged", row.guid, row.case_name, row.word_count,
                               part=row.metadata.get("part")) for row in known]
        understood = understand_file(path, self.config.interviewers, raw, split=self.split)
        _refuse_another_cut(path, known, understood)
        results = []
        for one in understood:
            # A write-up that cannot be stored is reported; the others of the file still are.
            try:
                results.append(self._store_one(path, digest, one))
            except QualcodeError as error:
                results.append(FileResult(path, "failed", error=str(error.located(path.name)), part=one.part))
        return results

    def _store_one(self, path: Path, file_digest: str, understood: Understood) -> FileResult:
        parsed = understood.parsed
        # A whole file is known by its bytes; a write-up of a split file by its own text, so that correcting
        # one write-up leaves the others of the file as they are.
        digest = file_digest if understood.part is None else \
            hashlib.sha256(parsed.text.encode("utf-8")).hexdigest()
        existing = document_sql.document_by_source(self.store, understood.source_name)
        if existing and existing.sha256 == digest and not self.dry_run:
            return FileResult(path, "unchanged", existing.guid, existing.case_name, existing.word_count,
                              part=understood.part)
        twin = self._twin(digest, understood.source_name)
        if twin is not None and not self.dry_run:
            return FileResult(path, "duplicate", None, None, 0, [twin], part=understood.part)
        self._digests_this_run.setdefault(digest, understood.source_name)
        older = older_version(self.store, existing, digest, path.name) if existing and not self.replacing else None
        if existing and older is not None:  # a stale copy of an earlier text: not made the current one again
            return FileResult(path, "unchanged", existing.guid, existing.case_name, existing.word_count, [older],
                              part=understood.part)
        case_name, case_note, case_warnings = self._case(path, parsed)
        fixed = event_sql.fixed_by_hand(self.store, existing.guid) if existing else frozenset()
        if "set_document_case" in fixed and existing is not None:
            # A case the researcher set by hand outlives a re-import of the file.
            case_name, case_note, case_warnings = existing.case_name, "set by hand earlier; kept", []
        positions = sentence_positions(parsed)
        warnings = [*understood.warnings, *structure_warnings(parsed, [p for _, _, p in positions]), *case_warnings]
        if twin is not None:
            warnings.append(twin.replace("not imported a second time", "an import would not store it again"))
        warnings = bounded_warnings(warnings)
        words = len(parsed.text.split())
        respondents = [p.name for p in parsed.participants if not p.is_interviewer]
        title = parsed.header.title or (f"{case_name} – {', '.join(respondents)}" if respondents
                                        else understood.source_name)
        if "rename_document" in fixed and existing is not None:
            title = existing.title
        if self.dry_run:
            overview = overview_of_parse(parsed, source=understood.source_name, part=understood.part, title=title,
                                         case=case_name, case_note=case_note, sentences=positions, words=words,
                                         warnings=warnings)
            return FileResult(path, "preview", None, case_name, words, warnings, part=understood.part,
                              overview=overview, reanchoring=preview(self.store, existing.guid, parsed.text)
                              if existing else None)
        sentences = sentence_spans(parsed, self.lemmatiser, positions)
        metadata: dict[str, Any] = {
            "date": parsed.header.date, "date_as_written": parsed.header.date_as_written,
            "interviewers": list(parsed.header.interviewers), "attributes": parsed.header.attributes,
            "title_line": parsed.header.title, "warnings": warnings,
        }
        if understood.part is not None:
            metadata.update(part=understood.part, source_file=path.name, file_sha256=file_digest)
        snapshot = snapshot_before(self.store, existing.guid) if existing else None
        with self.store.transaction():
            case_id = case_sql.case_id(self.store, case_key(case_name, self.config.case_aliases), case_name) \
                if case_name else None
            if existing:  # a new version: the old text is kept, every coding re-anchored or kept for review
                reanchoring = store_version(self.store, existing, parsed, sentences, title=title, sha256=digest,
                                            source_file=path.name, case_id=case_id, word_count=words,
                                            metadata=metadata, coder=self.coder, snapshot=snapshot)
                return FileResult(path, "replaced", existing.guid, case_name, words, warnings, part=understood.part,
                                  reanchoring=reanchoring)
            _document_id, guid = document_sql.save_document(
                self.store, source_name=understood.source_name, title=title, sha256=digest, parsed=parsed,
                case_id=case_id, word_count=words, metadata=metadata, sentences=sentences)
            self.store.record_event("import_document", f"imported {understood.source_name} ({words:,} words)",
                                    {"document_guid": guid, "source_name": understood.source_name}, self.coder)
        return FileResult(path, "imported", guid, case_name, words, warnings, part=understood.part)

    def _twin(self, digest: str, source_name: str) -> str | None:
        """A warning when the same text is already in the project, or earlier in this run, under another name."""
        earlier = self._digests_this_run.get(digest)
        if earlier is not None and earlier != source_name:
            return f"the same content as '{earlier}' (earlier in this import); not imported a second time"
        stored = [row for row in document_sql.documents_with_sha256(self.store, digest)
                  if row.source_name != source_name]
        if stored:
            return (f"the same content is already in the project as '{stored[0].source_name}' "
                    f"('{stored[0].title}'); not imported a second time")
        return None

    def _case(self, path: Path, parsed: ParsedTranscript) -> tuple[str | None, str, list[str]]:
        """Return the case name, how it was found, and a warning when a new case is close to an existing one."""
        header = parsed.header
        if header.case_name:
            name, origin = header.case_name, "from the header"
        else:
            people = {word.lower() for person in parsed.participants for word in person.name.split()}
            guessed = case_name_from_filename(path.stem, people)
            if guessed is None:
                return None, "none: neither the header nor the file name names a gemeente", [
                    "no case: the header has no 'Gemeente:' and the file name holds no name; link it later with "
                    "'qualcode documents set-case DOC GEMEENTE'"]
            name, origin = guessed, "from the file name"
        if len(name) > MAX_NAME:  # a runaway header line, not a gemeente: refused before it becomes a case
            raise TranscriptError(f"the gemeente '{shorten(name)}' ({origin}) is too long ({len(name):,} characters)",
                                  hint=f"a case name is at most {MAX_NAME} characters; end the 'Gemeente:' line "
                                       "after the name")
        existing = {**case_sql.case_names(self.store), **self._planned_cases}
        match = closest_case(name, existing, self.config.case_aliases)
        if match is not None and match.exact:
            return match.name, f"{origin}; existing case '{match.name}'", []
        self._planned_cases[case_key(name, self.config.case_aliases)] = name
        if match is not None:
            return name, f"{origin}; new case", [
                f"new case '{name}' ({origin}) is close to existing case '{match.name}'; if they are one gemeente, "
                f"run 'qualcode cases merge \"{name}\" \"{match.name}\"' after the import, or add an alias"]
        if origin == "from the file name" and self._cases_before:
            return name, f"{origin}; new case", [
                f"case '{name}' is guessed from the file name and is none of the project's {self._cases_before} "
                "cases; if it is no gemeente, link the right one with 'qualcode documents set-case DOC GEMEENTE'"]
        return name, f"{origin}; new case", []
