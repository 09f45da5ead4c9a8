"""Importing transcripts: one transaction per file, unchanged files skipped, coded files never replaced."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.domain.errors import QualcodeError, TranscriptError
from qualcode.domain.model import ParsedTranscript
from qualcode.domain.names import case_key
from qualcode.domain.subtitles import subtitles_to_text
from qualcode.domain.transcript import parse_transcript
from qualcode.nlp.pipeline import Lemmatiser
from qualcode.nlp.segmenter import segment
from qualcode.project.config import ProjectConfig
from qualcode.project.files import decode, read_docx, transcript_format
from qualcode.storage import cases as case_sql
from qualcode.storage import documents as document_sql
from qualcode.storage.records import SentenceSpan
from qualcode.storage.store import Store


@dataclass
class FileResult:
    """What happened to one file."""

    path: Path
    status: str  # imported, replaced, unchanged, failed
    document_guid: str | None = None
    case: str | None = None
    words: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


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
        return sum(r.words for r in self.results if r.status in ("imported", "replaced"))


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
        unique.setdefault(file.resolve(), file)
    return list(unique.values())


def understand(path: Path, known_interviewers: Iterable[str] = (), raw: bytes | None = None
               ) -> tuple[ParsedTranscript, list[str]]:
    """Read and parse one transcript file; raise a QualcodeError naming the file when it cannot."""
    fmt = transcript_format(path)
    if fmt is None:
        raise TranscriptError(f"'{path.suffix or path.name}' is not a transcript format qualcode reads",
                              file=path.name, hint="use .txt, .md, .docx, .vtt or .srt")
    warnings: list[str] = []
    if fmt == "docx":
        text = read_docx(path)
    else:
        text, warnings = decode(path.read_bytes() if raw is None else raw, path.name)
    end_times: tuple[str, ...] = ()
    if fmt in ("vtt", "srt"):
        built = subtitles_to_text(text, fmt)
        text, end_times = built.text, built.turn_end_times
    try:
        parsed = parse_transcript(text, fmt, known_interviewers=known_interviewers, cue_end_times=end_times)
    except QualcodeError as error:
        raise error.located(path.name) from None
    return parsed, [*warnings, *parsed.warnings]


def sentence_spans(parsed: ParsedTranscript, lemmatiser: Lemmatiser) -> list[SentenceSpan]:
    """Segment every paragraph of every turn and lemmatise the sentences."""
    spans: list[tuple[int, int, int]] = []
    text = parsed.text
    for position, turn in enumerate(parsed.turns):
        for start, end in turn.paragraphs:
            spans.extend((s, e, position) for s, e in segment(text, start, end))
    lemmas = lemmatiser.lemmas([text[s:e] for s, e, _ in spans])
    return [SentenceSpan(s, e, position, lemma) for (s, e, position), lemma in zip(spans, lemmas, strict=True)]


class Importer:
    """Imports transcript files into a project store."""

    def __init__(self, store: Store, config: ProjectConfig, coder: str | None,
                 lemmatiser: Lemmatiser | None = None) -> None:
        self.store = store
        self.config = config
        self.coder = coder
        self.lemmatiser = lemmatiser or Lemmatiser()

    def run(self, paths: Iterable[Path], on_file: Callable[[FileResult], None] | None = None) -> ImportReport:
        report = ImportReport()
        seen: dict[str, Path] = {}
        for path in collect_files(paths):
            result = self._one(path, seen)
            report.results.append(result)
            if on_file:
                on_file(result)
        return report

    def _one(self, path: Path, seen: dict[str, Path]) -> FileResult:
        try:
            if not path.exists():
                raise TranscriptError("file not found", file=str(path), hint="check the path")
            if path.name in seen:
                raise TranscriptError(f"another file with this name was imported from {seen[path.name].parent}",
                                      file=str(path), hint="give each transcript its own file name")
            seen[path.name] = path
            return self._import(path)
        except QualcodeError as error:
            return FileResult(path, "failed", error=str(error.located(path.name)))
        except OSError as error:
            return FileResult(path, "failed", error=f"{path}: cannot read the file ({error.strerror})")

    def _import(self, path: Path) -> FileResult:
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        existing = document_sql.document_by_source(self.store, path.name)
        if existing and existing.sha256 == digest:
            return FileResult(path, "unchanged", existing.guid, existing.case_name, existing.word_count)
        if existing and document_sql.coding_count(self.store, existing.id):
            raise TranscriptError(
                "this transcript changed since it was imported, and its document has codings; it was not replaced",
                file=path.name, hint="keep the imported version, or remove its codings first (re-anchoring of "
                "codings to a corrected transcript is not available yet)")
        parsed, warnings = understand(path, self.config.interviewers, raw)
        sentences = sentence_spans(parsed, self.lemmatiser)
        case_name = parsed.header.case_name or _case_from_file(path)
        words = len(parsed.text.split())
        metadata = {
            "date": parsed.header.date, "date_as_written": parsed.header.date_as_written,
            "interviewers": list(parsed.header.interviewers), "attributes": parsed.header.attributes,
            "title_line": parsed.header.title, "warnings": warnings,
        }
        respondents = [p.name for p in parsed.participants if not p.is_interviewer]
        title = parsed.header.title or (f"{case_name} – {', '.join(respondents)}" if respondents else path.stem)
        with self.store.transaction():
            case_id = case_sql.case_id(self.store, case_key(case_name, self.config.case_aliases), case_name)
            _document_id, guid = document_sql.save_document(
                self.store, source_name=path.name, title=title, sha256=digest, parsed=parsed, case_id=case_id,
                word_count=words, metadata=metadata, sentences=sentences,
                replace_id=existing.id if existing else None, keep_guid=existing.guid if existing else None)
            action = "replace_document" if existing else "import_document"
            self.store.record_event(action, f"{'re-imported' if existing else 'imported'} {path.name} "
                                    f"({words:,} words)", {"document_guid": guid, "source_name": path.name},
                                    self.coder)
        return FileResult(path, "replaced" if existing else "imported", guid, case_name, words, warnings)


def _case_from_file(path: Path) -> str:
    """Return a case name from a file name: 'bergakker-interview.txt' → 'Bergakker'."""
    stem = path.stem.split("_")[0]
    for suffix in ("-interview", "-transcript", "-verslag"):
        stem = stem.removesuffix(suffix)
    if not stem:
        return path.stem
    if stem.lower().startswith("s-") and len(stem) > 2:
        return "'s-" + stem[2].upper() + stem[3:]
    return stem[0].upper() + stem[1:]
