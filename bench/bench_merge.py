"""Benchmark of `qualcode merge`: two copies of a 1M-word project, each with ~20,000 codings by its own coder, one
with codebook edits (renamed, moved and new codes) and corrected transcripts; the second merged into a fresh copy of
the first, as a whole process from the shell and timed in-process (Project.merge alone); medians, target ≤ 10 s."""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_pipeline import CODEBOOK, WORDS_PER_DOCUMENT, _coding_plan, _qualcode, _run_process
from corpus import generate

TARGET_SECONDS = 10.0
CORRECTED_DOCUMENTS = 10
RENAMED, MOVED, NEW = 5, 2, 3


def build(work: Path, words: int, seed: int) -> tuple[Path, Path]:
    """The shared project, copied twice; anouk codes copy A, bram codes copy B and edits its codebook and texts."""
    from qualcode.project import Project

    corpus = work / "corpus"
    generate(corpus, max(1, round(words / WORDS_PER_DOCUMENT)), WORDS_PER_DOCUMENT, seed)
    base = work / "base"
    with Project.init(base, name="Bench merge") as project:
        project.import_transcripts([corpus])
        project.load_codebook(CODEBOOK)
    mine, theirs = work / "copy-a", work / "copy-b"
    shutil.copytree(base, mine)
    shutil.copytree(base, theirs)
    _code(mine, "anouk", rotate=0)
    _edit(theirs, corpus, work)
    _code(theirs, "bram", rotate=1)
    return mine, theirs


def _code(root: Path, coder: str, rotate: int) -> None:
    """One coding per 50 words (bench_pipeline's plan), the codes rotated so that the two coders differ; one
    transaction for speed (the merge, not the coding, is measured)."""
    from qualcode.project import Project

    with Project.open(root) as project:
        plan = _coding_plan(project)
        codes = [code.key for code in project.codebook().codes if code.type is not None]
        with project.store.transaction():
            for number, (guid, start, end, _) in enumerate(plan):
                project.apply_coding(guid, start, end, codes[(number + rotate) % len(codes)], coder)


def _edit(root: Path, corpus: Path, work: Path) -> None:
    """Copy B's codebook edits (renamed, moved and new codes) and corrected transcripts (a word changed)."""
    from qualcode.domain.model import Code
    from qualcode.project import Project
    from qualcode.project.codebook_ops import load_codebook

    with Project.open(root) as project:
        book = project.codebook()
        codes = list(book.codes)
        typed = [index for index, code in enumerate(codes) if code.type is not None]
        themes = [code.key for code in codes if code.type is None and code.parent_key is None]
        for index in typed[:RENAMED]:
            codes[index] = dataclasses.replace(codes[index], name=codes[index].name + " (herzien)")
        for index in typed[RENAMED:RENAMED + MOVED]:
            codes[index] = dataclasses.replace(codes[index], parent_key=themes[-1])
        codes += [Code(key=f"{themes[0]}.nieuw{n}", name=f"Nieuwe code {n}", parent_key=themes[0], type="barrier")
                  for n in range(NEW)]
        load_codebook(project.store, dataclasses.replace(book, codes=tuple(codes)), force=False,
                      snapshot_dir=project.snapshot_dir, coder="bram", source="bram.yaml")
        corrected = work / "corrected"
        corrected.mkdir()
        for document in project.documents()[:CORRECTED_DOCUMENTS]:
            text = (corpus / document.source_name).read_text(encoding="utf-8")
            (corrected / document.source_name).write_text(text.replace(" gemeente ", " gemeentelijke ", 1),
                                                          encoding="utf-8")
            project.replace_document(document.source_name, corrected / document.source_name, coder="bram")


def worker(mine: Path, theirs: Path) -> None:
    """Time Project.merge alone in this process (opening the project is not timed) and print the result."""
    from qualcode.project import Project

    with Project.open(mine) as project:
        started = time.perf_counter()
        report = project.merge(theirs, coder="anouk")
        seconds = time.perf_counter() - started
        codings = len(project.codings())
    print(json.dumps({"seconds": seconds, "added": report.added, "conflicts": len(report.conflicts),
                      "codings": codings}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", nargs=2, type=Path, metavar=("MINE", "THEIRS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return 0
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-merge-") as folder:
        work = Path(folder)
        started = time.perf_counter()
        mine, theirs = build(work, args.words, args.seed)
        print(f"built two copies in {time.perf_counter() - started:.0f} s")
        shell: list[float] = []
        peaks: list[int] = []
        in_process: list[float] = []
        result: dict[str, Any] = {}
        for number in range(args.repeat):
            target = work / f"run-shell-{number}"
            shutil.copytree(mine, target)
            seconds, maxrss, _ = _run_process([*_qualcode(), "--project", str(target), "merge", str(theirs)])
            shell.append(seconds)
            peaks.append(maxrss)
            shutil.rmtree(target)
            target = work / f"run-worker-{number}"
            shutil.copytree(mine, target)
            _, _, printed = _run_process([sys.executable, str(Path(__file__).resolve()), "--worker", str(target),
                                          str(theirs)])
            result = json.loads(printed.strip().splitlines()[-1])
            in_process.append(float(result["seconds"]))
            shutil.rmtree(target)
        added = ", ".join(f"{n:,} {what}" for what, n in result["added"].items() if n)
        print(f"merge of two {args.words:,}-word copies: added {added}; {result['conflicts']:,} conflicts; "
              f"{result['codings']:,} codings after")
        for name, samples in (("qualcode merge (whole process)", shell), ("Project.merge in process", in_process)):
            median = statistics.median(samples)
            verdict = "met" if median <= TARGET_SECONDS else "NOT met"
            print(f"  {name}: median {median:.2f} s (min {min(samples):.2f}, max {max(samples):.2f}) over "
                  f"{len(samples)} runs; target ≤ {TARGET_SECONDS:.0f} s: {verdict}")
        print(f"  peak RSS of the whole process: {max(peaks) // 1024} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
