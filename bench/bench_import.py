"""Benchmark of qualcode's transcript import: seconds, words/s and peak memory per corpus size."""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from corpus import generate

TARGET_WORDS_PER_SECOND = 150_000
WORDS_PER_DOCUMENT = 2_000
MIB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    """What one import in one worker process measured."""

    seconds: float
    words: int
    imported: int
    failed: int
    rss_before_kib: int  # ru_maxrss after interpreter start, imports and project init, before the import
    maxrss_kib: int  # ru_maxrss of the worker process at the end (Linux reports KiB)
    traced_peak_bytes: int | None  # tracemalloc peak during the import, when traced
    pipeline: str

    @classmethod
    def from_json(cls, line: str) -> Run:
        data: dict[str, Any] = json.loads(line)
        peak = data["traced_peak_bytes"]
        return cls(seconds=float(data["seconds"]), words=int(data["words"]), imported=int(data["imported"]),
                   failed=int(data["failed"]), rss_before_kib=int(data["rss_before_kib"]),
                   maxrss_kib=int(data["maxrss_kib"]), traced_peak_bytes=None if peak is None else int(peak),
                   pipeline=str(data["pipeline"]))


def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_once(corpus: Path, *, trace: bool) -> Run:
    """Import corpus into a fresh temporary project in this process and measure it."""
    from qualcode.nlp.pipeline import pipeline_description
    from qualcode.project.core import Project

    with tempfile.TemporaryDirectory(prefix="qualcode-bench-project-") as folder:
        project = Project.init(Path(folder) / "project")
        try:
            rss_before = _maxrss_kib()
            if trace:
                tracemalloc.start()
            started = time.perf_counter()
            report = project.import_transcripts([corpus])
            seconds = time.perf_counter() - started
            peak: int | None = None
            if trace:
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
        finally:
            project.close()
    return Run(seconds=seconds, words=report.words, imported=report.count("imported"), failed=len(report.failed),
               rss_before_kib=rss_before, maxrss_kib=_maxrss_kib(), traced_peak_bytes=peak,
               pipeline=pipeline_description())


def run_in_subprocess(corpus: Path, *, trace: bool) -> Run:
    """Run one import in a new Python process, so its ru_maxrss belongs to that run alone."""
    command = [sys.executable, str(Path(__file__).resolve()), "--run-once", str(corpus)]
    if trace:
        command.append("--trace")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker failed (exit {done.returncode}):\n{done.stderr}")
    run = Run.from_json(done.stdout.strip().splitlines()[-1])
    if run.failed:
        raise SystemExit(f"{run.failed} file(s) failed to import from {corpus}")
    return run


@dataclass(frozen=True)
class SizeResult:
    """The runs for one corpus size, summarised."""

    documents: int
    words: int
    median_seconds: float
    words_per_second: float
    traced_peak_bytes: int
    traced_seconds: float
    maxrss_kib: int
    rss_before_kib: int
    pipeline: str


def measure(size: int, repeat: int, seed: int, words_per_document: int) -> SizeResult:
    """Generate a corpus of about `size` words and import it `repeat` times, plus one traced run."""
    documents = max(1, round(size / words_per_document))
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-corpus-") as folder:
        corpus = Path(folder)
        generate(corpus, documents, words_per_document, seed)
        runs = [run_in_subprocess(corpus, trace=False) for _ in range(repeat)]
        traced = run_in_subprocess(corpus, trace=True)
    assert traced.traced_peak_bytes is not None
    return SizeResult(
        documents=documents, words=runs[0].words, median_seconds=statistics.median(r.seconds for r in runs),
        words_per_second=statistics.median(r.words / r.seconds for r in runs),
        traced_peak_bytes=traced.traced_peak_bytes, traced_seconds=traced.seconds,
        maxrss_kib=max(r.maxrss_kib for r in runs), rss_before_kib=max(r.rss_before_kib for r in runs),
        pipeline=runs[0].pipeline)


def table(results: Sequence[SizeResult]) -> list[str]:
    """Return the result rows as aligned text lines."""
    header = ("words", "docs", "median s", "words/s", "vs target", "Python peak", "peak RSS")
    rows = [header]
    for r in results:
        rows.append((f"{r.words:,}", f"{r.documents:,}", f"{r.median_seconds:.2f}", f"{r.words_per_second:,.0f}",
                     f"{r.words_per_second / TARGET_WORDS_PER_SECOND:.2f}x",
                     f"{r.traced_peak_bytes / MIB:,.1f} MiB", f"{r.maxrss_kib * 1024 / MIB:,.1f} MiB"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return ["  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="total corpus sizes in words (default 100000 1000000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--words-per-document", type=int, default=WORDS_PER_DOCUMENT,
                        help=f"words per transcript (default {WORDS_PER_DOCUMENT:,})")
    parser.add_argument("--run-once", type=Path, metavar="CORPUS_DIR",
                        help="import CORPUS_DIR once into a fresh project in this process and print JSON "
                             "(what each worker does; handy under cProfile)")
    parser.add_argument("--trace", action="store_true", help="with --run-once: trace allocations (slower)")
    args = parser.parse_args(argv)
    if args.run_once is not None:
        print(json.dumps(asdict(run_once(args.run_once, trace=args.trace))))
        return 0
    if args.repeat < 1 or any(size < 1 for size in args.sizes) or args.words_per_document < 1:
        parser.error("--repeat, --sizes and --words-per-document must be at least 1")

    results = [measure(size, args.repeat, args.seed, args.words_per_document) for size in args.sizes]
    pipeline = results[0].pipeline.split(" (")[0]
    print(f"qualcode import benchmark: {args.repeat} timed run(s) per size, each in a new process and project")
    print(f"corpus: bench/corpus.py, seed {args.seed}, ~{args.words_per_document:,} words/document; "
          f"pipeline: {pipeline}")
    print()
    for line in table(results):
        print(line)
    print()
    slowdown = max(r.traced_seconds / r.median_seconds for r in results)
    before = ", ".join(f"{r.rss_before_kib * 1024 / MIB:,.0f}" for r in results)
    print(f"median s, words/s: median of the timed runs, Project.import_transcripts only; "
          f"vs target: words/s / {TARGET_WORDS_PER_SECOND:,}")
    print(f"Python peak: tracemalloc peak during the import, from 1 extra traced run per size "
          f"(untimed: {slowdown:.0f}x slower)")
    print(f"peak RSS: ru_maxrss (getrusage) of the worker process, worst timed run; "
          f"{before} MiB of it before the import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
