"""Benchmark of code suggestions on the 1M-word bench corpus with the example codebook (35 codes, ~270 keywords).

Times `Project.suggest` (compute and store the keyword source's suggestions, in process, after the project is open),
first on a project that has none, then again (idempotent: everything is found again, nothing added), and
`evaluate_suggestions` against a coder who coded a tenth of the documents. Target (issue 15): suggestions for 1M
words in at most 5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from corpus import generate

TARGET_SECONDS = 5.0
CODEBOOK = Path(__file__).resolve().parent.parent / "codebooks" / "verduurzaming.yaml"


def _build(corpus: Path, root: Path) -> None:
    from qualcode.project.core import Project

    with Project.init(root) as project:
        shutil.copy(CODEBOOK, root / "codebooks" / CODEBOOK.name)
        project.load_codebook(root / "codebooks" / CODEBOOK.name)
        report = project.import_transcripts([corpus])
        assert not report.failed


def _timed_suggest(root: Path) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds of this process (what a busy machine does not lengthen), made, added."""
    from qualcode.project.core import Project

    with Project.open(root) as project:
        started, cpu = time.perf_counter(), time.process_time()
        run = project.suggest(coder="bench")
        return time.perf_counter() - started, time.process_time() - cpu, run.made, run.added


def _code_a_tenth(root: Path) -> None:
    """A coder who accepts every pending suggestion in a tenth of the documents (material for the evaluation)."""
    from qualcode.project.core import Project

    with Project.open(root) as project:
        for document in project.documents()[::10]:
            pending = project.suggestions(document=document.guid)
            project.accept_suggestions([s.guid for s in pending], coder="tiende")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=500, help="transcripts (default 500: ~1M words)")
    parser.add_argument("--words", type=int, default=2000, help="words per transcript (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh projects to time (default 3)")
    args = parser.parse_args(argv)
    from qualcode.nlp.pipeline import pipeline_description

    with tempfile.TemporaryDirectory(prefix="qualcode-bench-suggest-") as folder:
        work = Path(folder)
        corpus = work / "corpus"
        generate(corpus, args.documents, args.words, seed=1)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.iterdir())
        print(f"qualcode suggest benchmark: {args.documents} transcripts, {words:,} words (bench/corpus.py, seed 1), "
              f"codebook {CODEBOOK.name}; pipeline: {pipeline_description().split(' (')[0]}")
        template = work / "template"
        _build(corpus, template)
        first: list[float] = []
        again: list[float] = []
        cpu_first: list[float] = []
        cpu_again: list[float] = []
        for run in range(args.repeat):
            root = work / f"project-{run}"
            shutil.copytree(template, root)
            seconds, cpu, made, added = _timed_suggest(root)
            first.append(seconds)
            cpu_first.append(cpu)
            seconds_again, cpu, made_again, added_again = _timed_suggest(root)
            again.append(seconds_again)
            cpu_again.append(cpu)
            assert made_again == made and added_again == 0, "suggest is not idempotent"
            if run == 0:
                print(f"suggestions made: {made:,} ({added:,} stored; run again: {added_again} added)")
        print(f"suggest, fresh project: {', '.join(f'{s:.2f}' for s in first)} s (median "
              f"{statistics.median(first):.2f}; target at most {TARGET_SECONDS:.0f} s); CPU "
              f"{', '.join(f'{s:.2f}' for s in cpu_first)} s")
        print(f"suggest, run again:     {', '.join(f'{s:.2f}' for s in again)} s (median "
              f"{statistics.median(again):.2f}); CPU {', '.join(f'{s:.2f}' for s in cpu_again)} s")
        print(f"load average while it ran: {', '.join(f'{v:.1f}' for v in os.getloadavg())} "
              f"on {os.cpu_count()} cores")
        root = work / "project-0"
        _code_a_tenth(root)
        from qualcode.project.core import Project

        with Project.open(root) as project:
            started = time.perf_counter()
            evaluation = project.evaluate_suggestions("tiende")
            seconds = time.perf_counter() - started
        micro = evaluation.sentence_micro
        print(f"evaluate against a coder of {evaluation.documents} documents: {seconds:.2f} s "
              f"(precision {micro.precision or 0:.2f}, recall {micro.recall or 0:.2f}: they accepted everything)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
