"""Benchmark of qualcode's coding workbench: first paint of a long transcript, keypress to coding saved and
repainted, and memory with a 1M-word project open."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus import generate

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from qualcode.project import Project
    from qualcode.ui.app import QualcodeApp

REPO = Path(__file__).resolve().parent.parent
CODEBOOK = REPO / "codebooks" / "verduurzaming.yaml"
CACHE_ROOT = Path(tempfile.gettempdir()) / "qualcode-bench-ui"
BUILD_VERSION = 1  # bump when the projects below are built differently

SIZE = (160, 50)  # terminal columns x rows of every run
CODER = "bench"
OPEN_TARGET_MS = 300.0
KEY_TARGET_MS = 30.0
SMALL_WORDS = 2_000  # the second document of the 20k project, opened before switching to the long one
DOCUMENT_CODINGS = 300  # codings spread over the long transcript
PROJECT_CODINGS = 20_000  # codings spread over the 1M-word project
WORDS_PER_DOCUMENT = 2_000  # documents of the 1M-word project
QUIET_SECONDS = 0.06  # no paint for this long (several 1/60 s refresh ticks) after pilot.pause(): settled
SETTLE_LIMIT_SECONDS = 3.0


# -- building the projects (once; cached) ---------------------------------------------------------------------
@dataclass(frozen=True)
class Manifest:
    """What a built project holds; written last, so a folder with a manifest is complete."""

    kind: str  # "document": the long transcript + a short one; "project": the 1M-word project
    words: int  # words of the long transcript, or of the whole project
    documents: int
    codings: int
    first_guid: str  # the document the workbench opens first (the long transcript for "document")
    other_guid: str  # the short document ("document"), or one from the middle of the list ("project")
    build_seconds: float

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        path = folder / "bench.json"
        if not path.is_file():
            return None
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return cls(kind=str(data["kind"]), words=int(data["words"]), documents=int(data["documents"]),
                   codings=int(data["codings"]), first_guid=str(data["first_guid"]),
                   other_guid=str(data["other_guid"]), build_seconds=float(data["build_seconds"]))

    def write(self, folder: Path) -> None:
        (folder / "bench.json").write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")


def _fingerprint() -> str:
    """Changes when the corpus generator or the codebook changes, so that a stale cached project is rebuilt."""
    digest = hashlib.sha256(str(BUILD_VERSION).encode())
    for path in (Path(__file__).with_name("corpus.py"), CODEBOOK):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _typed_codes(project: Project) -> list[str]:
    keys = [row.key for row in project.code_rows() if row.type is not None]
    if not keys:
        raise SystemExit(f"{CODEBOOK} defines no typed codes to apply")
    return keys


def _spread_codings(project: Project, guid: str, count: int, keys: Sequence[str], offset: int) -> int:
    """Apply count codings on sentences spread evenly over a document; returns how many were applied."""
    sentences = project.sentences(guid)
    count = min(count, len(sentences))
    for i in range(count):
        start, end, _ = sentences[i * len(sentences) // count]
        project.apply_coding(guid, start, end, keys[(offset + i) % len(keys)], CODER)
    return count


def _municipality(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("Gemeente:"):
            return line.removeprefix("Gemeente:").strip().casefold()
    return ""


def build_document_project(folder: Path, words: int, seed: int) -> Manifest:
    """A project with one long transcript (opened first: its case sorts first) and one short one, 300 codings."""
    from qualcode.project import Project

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-ui-corpus-") as temporary:
        corpus = Path(temporary)
        long_path = generate(corpus / "long", 1, words, seed)[0]
        # The workbench opens the document whose case sorts first: pick a short one that sorts after the long one.
        for short_seed in range(seed + 1, seed + 1000):
            short_path = generate(corpus / f"short-{short_seed}", 1, SMALL_WORDS, short_seed)[0]
            if _municipality(short_path) > _municipality(long_path):
                break
        else:
            raise SystemExit("found no short transcript whose municipality sorts after the long one")
        sources = corpus / "import"
        sources.mkdir()
        shutil.copy2(long_path, sources / f"long-{long_path.name}")
        shutil.copy2(short_path, sources / f"short-{short_path.name}")
        project = Project.init(folder, name="qualcode UI benchmark (long transcript)")
        try:
            project.load_codebook(CODEBOOK)
            report = project.import_transcripts([sources])
            if report.failed or report.count("imported") != 2:
                raise SystemExit(f"the benchmark transcripts did not import: {report.failed}")
            order = project.document_progress(None)
            long_doc = max(order, key=lambda row: row.respondent_turns)
            short_doc = min(order, key=lambda row: row.respondent_turns)
            if order[0].guid != long_doc.guid:
                raise SystemExit("the long transcript does not sort first; the open benchmark needs it to")
            codings = _spread_codings(project, long_doc.guid, DOCUMENT_CODINGS, _typed_codes(project), 0)
            long_words = project.document(long_doc.guid).word_count
        finally:
            project.close()
    return Manifest("document", long_words, 2, codings, long_doc.guid, short_doc.guid,
                    time.perf_counter() - started)


def build_large_project(folder: Path, words: int, seed: int) -> Manifest:
    """A project of about `words` words in 2,000-word transcripts, with 20,000 codings spread over them."""
    from qualcode.project import Project

    started = time.perf_counter()
    documents = max(1, round(words / WORDS_PER_DOCUMENT))
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-ui-corpus-") as temporary:
        corpus = Path(temporary)
        generate(corpus, documents, WORDS_PER_DOCUMENT, seed)
        project = Project.init(folder, name="qualcode UI benchmark (large project)")
        try:
            project.load_codebook(CODEBOOK)
            report = project.import_transcripts([corpus])
            if report.failed:
                raise SystemExit(f"{len(report.failed)} benchmark transcripts did not import")
            keys = _typed_codes(project)
            order = project.document_progress(None)
            codings = 0
            for index, row in enumerate(order):
                share = PROJECT_CODINGS * (index + 1) // len(order) - PROJECT_CODINGS * index // len(order)
                codings += _spread_codings(project, row.guid, share, keys, codings)
            total_words = report.words
        finally:
            project.close()
    return Manifest("project", total_words, len(order), codings, order[0].guid, order[len(order) // 2].guid,
                    time.perf_counter() - started)


def build(kind: str, folder: Path, words: int, seed: int) -> Manifest:
    """Build a project of this kind into folder (in this process) and write its manifest."""
    builder: Callable[[Path, int, int], Manifest] = (
        build_document_project if kind == "document" else build_large_project)
    manifest = builder(folder, words, seed)
    manifest.write(folder)
    return manifest


def cached_project(kind: str, words: int, seed: int, rebuild: bool) -> tuple[Path, Manifest]:
    """Return the cached project folder of this kind and size, building it first if needed.

    The build runs in a subprocess: a worker started from a big parent would inherit the parent's RSS
    high-water mark in its ru_maxrss (Linux keeps it across fork and exec).
    """
    folder = CACHE_ROOT / f"{kind}-{words}w-seed{seed}-{_fingerprint()}"
    manifest = None if rebuild else Manifest.read(folder)
    if manifest is not None:
        return folder, manifest
    print(f"building the {kind} project ({words:,} words) in {folder} …", file=sys.stderr, flush=True)
    building = folder.with_name(f"{folder.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--build", kind, str(building),
               "--words", str(words), "--seed", str(seed)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    manifest = Manifest.read(building)
    if done.returncode != 0 or manifest is None:
        raise SystemExit(f"building the {kind} project failed (exit {done.returncode}):\n{done.stderr}")
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)
    print(f"  built in {manifest.build_seconds:.1f} s: {manifest.documents:,} documents, "
          f"{manifest.codings:,} codings", file=sys.stderr, flush=True)
    return folder, manifest


# -- measuring inside one worker process -----------------------------------------------------------------------
@dataclass
class Recorder:
    """Paints of the screen (their end times) and how many transcript rows each one drew."""

    paint_ends: list[float] = field(default_factory=list)
    paint_rows: list[int] = field(default_factory=list)
    transcript_rows: int = 0  # TranscriptView.render_line calls so far
    rows_at_last_paint: int = 0
    saves: list[float] = field(default_factory=list)  # when a stored coding reached the UI thread (note_applied)

    def painted(self) -> None:
        self.paint_ends.append(time.perf_counter())
        self.paint_rows.append(self.transcript_rows - self.rows_at_last_paint)
        self.rows_at_last_paint = self.transcript_rows

    def mark(self) -> int:
        return len(self.paint_ends)

    def first_paint_after(self, moment: float, mark: int = 0) -> float:
        """End of the first paint after moment (and after paint number mark) that drew transcript rows."""
        for end, rows in zip(self.paint_ends[mark:], self.paint_rows[mark:], strict=True):
            if end >= moment and rows > 0:
                return end
        raise SystemExit("no paint with transcript rows followed: the benchmark measured nothing")

    def rows_since(self, mark: int) -> int:
        return sum(self.paint_rows[mark:])


RECORDER = Recorder()


def _instrument() -> type[QualcodeApp]:
    """Count the transcript rows drawn and return a QualcodeApp that records its paints and saves."""
    from rich.console import RenderableType
    from textual._compositor import CompositorUpdate
    from textual.screen import Screen
    from textual.strip import Strip

    import qualcode.ui.app
    from qualcode.ui.app import QualcodeApp
    from qualcode.ui.transcript_view import TranscriptView

    original_render_line = TranscriptView.render_line

    def counting_render_line(self: TranscriptView, y: int) -> Strip:
        RECORDER.transcript_rows += 1
        return original_render_line(self, y)

    TranscriptView.render_line = counting_render_line  # type: ignore[method-assign]

    class MeasuredApp(QualcodeApp):
        # CSS_PATH is relative to the module that defines the class: point it at the real one.
        CSS_PATH = str(Path(qualcode.ui.app.__file__).with_name("qualcode.tcss"))

        def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
            super()._display(screen, renderable)
            if renderable is None or self._batch_count:
                return
            if isinstance(renderable, CompositorUpdate):
                # Headless, Textual stops before turning the update into escape codes: do what a terminal
                # driver would (all but the write itself), so that a paint costs what it costs on a terminal.
                renderable.render_segments(self.console)
            RECORDER.painted()

        def note_applied(self, key: str) -> None:
            super().note_applied(key)
            RECORDER.saves.append(time.perf_counter())

    return MeasuredApp


async def settle(pilot: Pilot[None]) -> None:
    """pilot.pause() (which waits for idle and the refresh), then until no paint for QUIET_SECONDS."""
    await pilot.pause()
    deadline = time.perf_counter() + SETTLE_LIMIT_SECONDS
    while time.perf_counter() < deadline:
        painted = RECORDER.mark()
        await asyncio.sleep(QUIET_SECONDS)
        if RECORDER.mark() == painted:
            return


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _memory_kib() -> dict[str, int]:
    """ru_maxrss, and from /proc (Linux) the RSS now and this process image's own high-water mark, in KiB."""
    result = {"maxrss_kib": _maxrss_kib()}
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return result
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            result[f"{name.lower()}_kib"] = int(value.split()[0])
    return result


def _private_copy(root: Path, into: Path) -> Path:
    target = into / "project"
    shutil.copytree(root, target)
    return target


async def _open_run(root: Path, manifest: Manifest) -> dict[str, Any]:
    """Start the app on the long transcript, then switch to the short one and time switching back."""
    from qualcode.project import Project
    from qualcode.ui.transcript_view import TranscriptView
    from qualcode.ui.workbench import WorkbenchScreen

    app_class = _instrument()
    project = Project.open(root)
    try:
        before = _memory_kib()
        started = time.perf_counter()
        app = app_class(project, CODER)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, WorkbenchScreen) and screen.data is not None
            if screen.data.shown.guid != manifest.first_guid:
                raise SystemExit("the workbench did not open the long transcript first")
            start_first = RECORDER.first_paint_after(started) - started
            start_settled = RECORDER.paint_ends[-1] - started
            start_paints = RECORDER.mark()

            screen.open_document(manifest.other_guid)
            await settle(pilot)
            mark = RECORDER.mark()
            opened = time.perf_counter()
            screen.open_document(manifest.first_guid)
            handler = time.perf_counter() - opened
            await settle(pilot)
            view = screen.query_one(TranscriptView)
            visible = view.scrollable_content_region.height
            if view.document is None or view.document.guid != manifest.first_guid or RECORDER.rows_since(
                    mark) < visible:
                raise SystemExit("the long transcript was not painted after open_document")
            return {"start_first_ms": _ms(start_first), "start_settled_ms": _ms(start_settled),
                    "start_paints": start_paints, "open_handler_ms": _ms(handler),
                    "open_first_ms": _ms(RECORDER.first_paint_after(opened, mark) - opened),
                    "open_settled_ms": _ms(RECORDER.paint_ends[-1] - opened), "open_paints": RECORDER.mark() - mark,
                    "before": before, "after": _memory_kib()}
    finally:
        project.close()


@dataclass
class Codings:
    """Per coding, in ms: to the first frame after the save, to the settled frame, the handler alone; and the
    wall time of pilot.press('1') + pilot.pause() (key path only)."""

    first: list[float] = field(default_factory=list)
    settled: list[float] = field(default_factory=list)
    handler: list[float] = field(default_factory=list)
    harness: list[float] = field(default_factory=list)


async def _code_sentences(pilot: Pilot[None], count: int, *, by_key: bool) -> Codings:
    """count times: move to the next sentence (j), then code it with recent code 1 (the key, or screen.apply)."""
    from qualcode.ui.app import QualcodeApp
    from qualcode.ui.workbench import WorkbenchScreen

    app, screen = pilot.app, pilot.app.screen
    assert isinstance(app, QualcodeApp) and isinstance(screen, WorkbenchScreen)
    if not app.recent:
        raise SystemExit(f"coder '{CODER}' has no recent code for key 1")
    measured = Codings()
    for _ in range(count):
        await pilot.press("j")
        await settle(pilot)
        saves, mark = len(RECORDER.saves), RECORDER.mark()
        pressed = time.perf_counter()
        if by_key:
            await pilot.press("1")
            await pilot.pause()
            measured.harness.append(_ms(time.perf_counter() - pressed))
        else:
            screen.apply(app.recent[0])
            measured.handler.append(_ms(time.perf_counter() - pressed))
        deadline = time.perf_counter() + SETTLE_LIMIT_SECONDS
        while len(RECORDER.saves) == saves and time.perf_counter() < deadline:
            await asyncio.sleep(0.001)  # the writer thread stores the coding; its result then comes back
        await settle(pilot)
        if len(RECORDER.saves) != saves + 1:
            raise SystemExit("the coding was not saved")
        measured.first.append(_ms(RECORDER.first_paint_after(RECORDER.saves[-1], mark) - pressed))
        measured.settled.append(_ms(RECORDER.paint_ends[-1] - pressed))
    return measured


def _my_codings(project: Project, guid: str | None = None) -> int:
    return sum(1 for coding in project.codings(guid) if coding.coder == CODER)


async def _keys_run(root: Path, manifest: Manifest, codings: int) -> dict[str, Any]:
    """In the middle of the long transcript, code `codings` sentences with the key '1' and `codings` more with
    screen.apply(); then check that the database holds them all."""
    from qualcode.project import Project
    from qualcode.ui.transcript_view import TranscriptView
    from qualcode.ui.workbench import WorkbenchScreen

    app_class = _instrument()
    project = Project.open(root)
    guid = manifest.first_guid
    try:
        before = _my_codings(project, guid)
        app = app_class(project, CODER)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, WorkbenchScreen) and screen.data is not None
            if screen.data.shown.guid != guid:
                raise SystemExit("the long transcript is not open")
            screen.query_one(TranscriptView).go_to_offset(len(screen.data.shown.text) // 2)
            await settle(pilot)
            by_key = await _code_sentences(pilot, codings, by_key=True)
            by_apply = await _code_sentences(pilot, codings, by_key=False)
        saved = _my_codings(project, guid) - before
        if saved != 2 * codings:
            raise SystemExit(f"expected {2 * codings} new codings in the database, found {saved}")
        return {"key": asdict(by_key), "apply": asdict(by_apply), "saved": saved}
    finally:
        project.close()


async def _large_run(root: Path, manifest: Manifest, codings: int) -> dict[str, Any]:
    """Open the app on the large project and a document from the middle of its list; take the memory figures;
    then code `codings` sentences there with screen.apply()."""
    from qualcode.project import Project
    from qualcode.ui.workbench import WorkbenchScreen

    app_class = _instrument()
    project = Project.open(root)
    try:
        before = _memory_kib()
        started = time.perf_counter()
        app = app_class(project, CODER)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            start_settled = RECORDER.paint_ends[-1] - started
            screen = app.screen
            assert isinstance(screen, WorkbenchScreen)
            mark = RECORDER.mark()
            opened = time.perf_counter()
            screen.open_document(manifest.other_guid)
            await settle(pilot)
            if screen.data is None or screen.data.shown.guid != manifest.other_guid or not RECORDER.rows_since(mark):
                raise SystemExit("the second document was not painted")
            open_settled = RECORDER.paint_ends[-1] - opened
            after = _memory_kib()
            mine = _my_codings(project, manifest.other_guid)
            by_apply = await _code_sentences(pilot, codings, by_key=False)
        if _my_codings(project, manifest.other_guid) - mine != codings:
            raise SystemExit("the codings on the large project are not all in its database")
        return {"before": before, "after": after, "start_settled_ms": _ms(start_settled),
                "open_settled_ms": _ms(open_settled), "apply": asdict(by_apply), "saved": codings}
    finally:
        project.close()


def run_once(kind: str, root: Path, codings: int) -> dict[str, Any]:
    """One measurement in this process, on a private copy of the project (the runs write codings)."""
    manifest = Manifest.read(root)
    if manifest is None:
        raise SystemExit(f"{root} is not a benchmark project (no bench.json)")
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-ui-run-") as temporary:
        copy = _private_copy(root, Path(temporary))
        if kind == "open":
            return asyncio.run(_open_run(copy, manifest))
        if kind == "keys":
            return asyncio.run(_keys_run(copy, manifest, codings))
        return asyncio.run(_large_run(copy, manifest, codings))


def run_in_subprocess(kind: str, root: Path, codings: int) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--run-once", kind, str(root),
               "--codings", str(codings)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} worker failed (exit {done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- the report ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    label: str
    samples: list[float] = field(default_factory=list)  # none: a heading
    target: float | None = None

    def cells(self, runs: int) -> tuple[str, ...]:
        if not self.samples:
            return (self.label, "", "", "", "", "", "")
        median = statistics.median(self.samples)
        ordered = sorted(self.samples)
        p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
        ratio = f"{median / self.target:.2f}x" if self.target else "-"
        return (self.label, str(runs), str(len(self.samples)), f"{median:,.1f}", f"{p90:,.1f}",
                f"{self.target:,.0f}" if self.target else "-", ratio)


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) if i == 0 else cell.rjust(width)
                      for i, (cell, width) in enumerate(zip(row, widths, strict=True))).rstrip() for row in rows]


def _values(runs: Sequence[dict[str, Any]], *path: str) -> list[float]:
    """The numbers at path in every run's JSON, lists flattened."""
    values: list[float] = []
    for run in runs:
        value: Any = run
        for key in path:
            value = value[key]
        if isinstance(value, list):
            values.extend(float(v) for v in value)
        else:
            values.append(float(value))
    return values


def _mib(runs: Sequence[dict[str, Any]], *path: str) -> str:
    try:
        return f"{statistics.median(_values(runs, *path)) / 1024:,.1f}"
    except KeyError:
        return "-"


def _memory_row(label: str, manifest: Manifest, runs: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    return (label, f"{manifest.words:,}", f"{manifest.documents:,}", f"{manifest.codings:,}",
            _mib(runs, "before", "vmrss_kib"), _mib(runs, "after", "vmrss_kib"), _mib(runs, "after", "maxrss_kib"))


def report(args: argparse.Namespace, document: Manifest, opens: Sequence[dict[str, Any]],
           keys: Sequence[dict[str, Any]], large: Manifest | None, larges: Sequence[dict[str, Any]],
           load: tuple[float, float]) -> list[str]:
    """The tables and their footnotes, as printed lines."""
    n = args.repeat
    rows = [
        Row(f"long transcript: {document.words:,} words, {document.codings} codings, 1 of {document.documents} "
            "documents"),
        Row("  start -> first frame with the transcript (mount + open)", _values(opens, "start_first_ms")),
        Row("  start -> settled frame", _values(opens, "start_settled_ms")),
        Row("  open_document(long) -> first frame", _values(opens, "open_first_ms")),
        Row("  open_document(long) -> settled frame", _values(opens, "open_settled_ms"), OPEN_TARGET_MS),
        Row("    open_document() handler alone", _values(opens, "open_handler_ms")),
        Row("  key '1' -> coding saved + first frame", _values(keys, "key", "first"), KEY_TARGET_MS),
        Row("  key '1' -> settled frame", _values(keys, "key", "settled")),
        Row("    pilot.press('1') + pilot.pause() wall time", _values(keys, "key", "harness")),
        Row("  screen.apply() -> coding saved + first frame", _values(keys, "apply", "first"), KEY_TARGET_MS),
        Row("  screen.apply() -> settled frame", _values(keys, "apply", "settled")),
        Row("    screen.apply() handler alone", _values(keys, "apply", "handler")),
    ]
    if large is not None:
        rows += [
            Row(f"large project: {large.words:,} words, {large.documents:,} documents, {large.codings:,} codings"),
            Row("  start -> settled frame", _values(larges, "start_settled_ms")),
            Row(f"  open_document({WORDS_PER_DOCUMENT:,}-word doc) -> settled frame",
                _values(larges, "open_settled_ms"), OPEN_TARGET_MS),
            Row("  screen.apply() -> coding saved + first frame", _values(larges, "apply", "first"), KEY_TARGET_MS),
            Row("  screen.apply() -> settled frame", _values(larges, "apply", "settled")),
            Row("    screen.apply() handler alone", _values(larges, "apply", "handler")),
        ]
    lines = [f"qualcode workbench benchmark: Textual run_test (headless, notifications on) at {SIZE[0]}x{SIZE[1]}, "
             f"{n} worker process(es) per measurement, seed {args.seed}", ""]
    header = ("measurement (ms)", "runs", "samples", "median", "p90", "target", "of target")
    lines += _aligned([header, *(row.cells(n) for row in rows)])
    saved = sum(int(run["saved"]) for run in [*keys, *larges])
    lines += ["", f"codings saved by the workers and found in their databases afterwards: {saved}", ""]
    memory = [("memory (MiB, median)", "words", "docs", "codings", "RSS before app", "RSS app open", "ru_maxrss"),
              _memory_row("long transcript open", document, opens)]
    if large is not None:
        memory.append(_memory_row("large project open", large, larges))
    lines += _aligned(memory)
    drift = [run for run in [*opens, *larges]
             if abs(run["after"]["maxrss_kib"] - run["after"].get("vmhwm_kib", run["after"]["maxrss_kib"])) > 1024]
    lines += [
        "",
        "first frame: end of the first paint that drew transcript rows (for codings: after the save); settled: end of "
        f"the last paint before {QUIET_SECONDS * 1000:.0f} ms without one",
        "of target: median / target, <= 1.00x meets it. A paint includes turning the update into escape codes (as a "
        "terminal driver does), not the write",
        "RSS before app: VmRSS after the imports and Project.open; RSS app open: VmRSS with the app and a second "
        "document open; ru_maxrss: the worker's peak",
    ]
    if drift:
        lines.append(f"note: in {len(drift)} run(s) ru_maxrss and VmHWM differ by more than 1 MiB")
    lines.append(f"load average before/after: {load[0]:.2f} / {load[1]:.2f} on {os.cpu_count()} CPUs")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="worker processes per measurement (default 5)")
    parser.add_argument("--words", type=int, default=20_000, help="words of the long transcript (default 20000)")
    parser.add_argument("--project-words", type=int, default=1_000_000,
                        help="words of the large project (default 1000000)")
    parser.add_argument("--codings", type=int, default=10,
                        help="codings per worker and per path: key '1', screen.apply(), large project (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--skip-memory", action="store_true", help="skip the large project (and building it)")
    parser.add_argument("--rebuild", action="store_true", help=f"rebuild the cached projects in {CACHE_ROOT}")
    parser.add_argument("--run-once", nargs=2, metavar=("KIND", "PROJECT"),
                        help="what each worker does: KIND open, keys or large, on a built PROJECT; prints JSON")
    parser.add_argument("--build", nargs=2, metavar=("KIND", "FOLDER"),
                        help="build a project of KIND document (--words) or project (--words) into FOLDER")
    args = parser.parse_args(argv)
    if args.run_once is not None:
        kind, root = args.run_once
        if kind not in ("open", "keys", "large"):
            parser.error("--run-once KIND is open, keys or large")
        print(json.dumps(run_once(kind, Path(root), args.codings)))
        return 0
    if args.build is not None:
        kind, folder = args.build
        if kind not in ("document", "project"):
            parser.error("--build KIND is document or project")
        build(kind, Path(folder), args.words, args.seed)
        return 0
    if min(args.repeat, args.words, args.project_words, args.codings) < 1:
        parser.error("--repeat, --words, --project-words and --codings must be at least 1")

    load_before = os.getloadavg()[0]
    document_root, document = cached_project("document", args.words, args.seed, args.rebuild)
    large: tuple[Path, Manifest] | None = None
    if not args.skip_memory:
        large = cached_project("project", args.project_words, args.seed, args.rebuild)
    opens: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    larges: list[dict[str, Any]] = []
    for _ in range(args.repeat):
        opens.append(run_in_subprocess("open", document_root, args.codings))
        keys.append(run_in_subprocess("keys", document_root, args.codings))
        if large is not None:
            larges.append(run_in_subprocess("large", large[0], args.codings))
    for line in report(args, document, opens, keys, large[1] if large else None, larges,
                       (load_before, os.getloadavg()[0])):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
