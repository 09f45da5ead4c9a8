"""Benchmark of the whole pipeline (import, coding, table, reports, search, REFI-QDA export) at 10k, 100k and
1M words, in-process and as whole processes from the shell: medians, words/s, peak RSS and growth per ×10."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus import generate

REPOSITORY = Path(__file__).resolve().parents[1]
CODEBOOK = REPOSITORY / "codebooks" / "verduurzaming.yaml"
WORDS_PER_DOCUMENT = 2_000
WORDS_PER_CODING = 50
STAGES = ("import", "code", "table matrix xlsx", "report synthesis md", "report synthesis docx", "search",
          "export qdpx")
SEARCH_QUERY = "gemeente"  # a word in every generated interview: the search lists and counts the most hits
MODES = ("in-process", "shell")
MIB_PER_KIB = 1024


@dataclass(frozen=True)
class Sample:
    """One timed run of one stage: wall seconds of the stage and the peak RSS of the process that ran it."""

    seconds: float
    maxrss_kib: int


def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _coding_plan(project: Any) -> list[tuple[str, int, int, str]]:
    """One coding per 50 words: the sentence in which every 50th word falls, with the codebook's codes in turn."""
    codes = [code.key for code in project.codebook().codes if code.type is not None]
    plan: list[tuple[str, int, int, str]] = []
    words = 0
    for document in project.documents():
        text = project.document_text(document.guid)
        for start, end, _ in project.sentences(document.guid):
            before = words
            words += len(text[start:end].split())
            if words // WORDS_PER_CODING > before // WORDS_PER_CODING:
                plan.append((document.guid, start, end, codes[len(plan) % len(codes)]))
    return plan


def code_project(root: Path) -> int:
    """Apply the coding plan through Project.apply_coding; return how many codings were made."""
    from qualcode.project import Project

    with Project.open(root) as project:
        plan = _coding_plan(project)
        for guid, start, end, key in plan:
            project.apply_coding(guid, start, end, key, "bench")
    return len(plan)


def run_stage(stage: str, root: Path, corpus: Path, out: Path) -> dict[str, Any]:
    """Run one stage in this process, timing only the stage itself (not interpreter start or opening)."""
    from qualcode.project import Project

    if stage == "import":
        with Project.init(root, name="Bench") as project:
            started = time.perf_counter()
            report = project.import_transcripts([corpus])
            seconds = time.perf_counter() - started
        return {"seconds": seconds, "words": report.words, "failed": len(report.failed), "maxrss_kib": _maxrss_kib()}
    with Project.open(root) as project:
        if stage == "code":
            plan = _coding_plan(project)
            started = time.perf_counter()
            for guid, start, end, key in plan:
                project.apply_coding(guid, start, end, key, "bench")
            seconds = time.perf_counter() - started
            return {"seconds": seconds, "codings": len(plan), "maxrss_kib": _maxrss_kib()}
        started = time.perf_counter()
        if stage == "search":
            hits = len(project.search(SEARCH_QUERY).hits)
            return {"seconds": time.perf_counter() - started, "hits": hits, "maxrss_kib": _maxrss_kib()}
        if stage == "export qdpx":
            project.export_qdpx(out)
            return {"seconds": time.perf_counter() - started, "bytes": out.stat().st_size, "maxrss_kib": _maxrss_kib()}
        if stage.startswith("table"):
            content = project.table("matrix", "xlsx").content
        else:
            content = project.report("synthesis", stage.rsplit(" ", 1)[1]).content
        seconds = time.perf_counter() - started
    out.write_bytes(content)
    return {"seconds": seconds, "bytes": len(content), "maxrss_kib": _maxrss_kib()}


def _qualcode() -> list[str]:
    script = Path(sys.executable).with_name("qualcode")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qualcode"]


def _shell_command(stage: str, root: Path, corpus: Path, out: Path) -> list[str]:
    if stage == "import":
        return [*_qualcode(), "--project", str(root), "import", str(corpus)]
    if stage == "code":  # no qualcode command codes outside the workbench: a Python process through the API
        return [sys.executable, str(Path(__file__).resolve()), "--code", str(root)]
    if stage.startswith("table"):
        return [*_qualcode(), "--project", str(root), "table", "matrix", "--format", "xlsx", "--out", str(out)]
    if stage == "search":
        return [*_qualcode(), "--project", str(root), "search", SEARCH_QUERY, "--format", "csv", "--out", str(out),
                "--force"]
    if stage == "export qdpx":
        return [*_qualcode(), "--project", str(root), "export", "qdpx", str(out), "--force"]
    return [*_qualcode(), "--project", str(root), "report", "synthesis", "--format", stage.rsplit(" ", 1)[1],
            "--out", str(out)]


def _run_process(command: Sequence[str]) -> tuple[float, int, str]:
    """Run a command; return its wall time, its own peak RSS (wait4) and its stdout."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed (exit {process.returncode}):\n{stderr.read().decode()}")
        return seconds, usage.ru_maxrss, stdout.read().decode()


def measure(stage: str, mode: str, root: Path, corpus: Path, out: Path) -> tuple[Sample, dict[str, Any]]:
    """One run of a stage in a fresh process: the worker (in-process timing) or the whole command (shell)."""
    if mode == "in-process":
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", stage, str(root), str(corpus), str(out)]
        _, _, printed = _run_process(command)
        result: dict[str, Any] = json.loads(printed.strip().splitlines()[-1])
        if result.get("failed"):
            raise SystemExit(f"{result['failed']} file(s) failed to import")
        return Sample(float(result["seconds"]), int(result["maxrss_kib"])), result
    if stage == "import":
        _run_process([*_qualcode(), "init", str(root)])
    seconds, maxrss, _ = _run_process(_shell_command(stage, root, corpus, out))
    return Sample(seconds, maxrss), {}


Measured = tuple[int, int, dict[tuple[str, str], list[Sample]]]  # words, codings, samples per (stage, mode)


def measure_size(size: int, repeat: int, seed: int, work: Path) -> Measured:
    """All stages at one corpus size; returns the words imported, the codings made and the samples."""
    documents = max(1, round(size / WORDS_PER_DOCUMENT))
    corpus = work / f"corpus-{size}"
    generate(corpus, documents, WORDS_PER_DOCUMENT, seed)
    samples: dict[tuple[str, str], list[Sample]] = {(stage, mode): [] for stage in STAGES for mode in MODES}
    words = codings = 0
    imported = work / f"imported-{size}"
    coded = work / f"coded-{size}"
    for number in range(repeat):
        for mode in MODES:
            root = work / f"import-{size}-{mode}-{number}"
            sample, result = measure("import", mode, root, corpus, work / "unused")
            samples["import", mode].append(sample)
            if mode == "in-process" and number == 0:
                words = int(result["words"])
                root.rename(imported)
                _run_process([*_qualcode(), "--project", str(imported), "codebook", "load", str(CODEBOOK)])
            else:
                shutil.rmtree(root)
    for number in range(repeat):
        for mode in MODES:
            root = work / f"code-{size}-{mode}-{number}"
            shutil.copytree(imported, root)
            sample, result = measure("code", mode, root, corpus, work / "unused")
            samples["code", mode].append(sample)
            if mode == "in-process" and number == 0:
                codings = int(result["codings"])
                root.rename(coded)
            else:
                shutil.rmtree(root)
    for stage in STAGES[2:]:
        suffix = {"search": "csv", "export qdpx": "qdpx"}.get(stage) or (
            "xlsx" if stage.startswith("table") else stage.rsplit(" ", 1)[1])
        for number in range(repeat):
            for mode in MODES:
                out = work / f"out-{size}-{mode}-{number}.{suffix}"
                samples[stage, mode].append(measure(stage, mode, coded, corpus, out)[0])
                out.unlink(missing_ok=True)
    shutil.rmtree(corpus)
    shutil.rmtree(imported)
    shutil.rmtree(coded)
    return words, codings, samples


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return ["  ".join(cell.rjust(width) if index else cell.ljust(width) for index, (cell, width)
                      in enumerate(zip(row, widths, strict=True))).rstrip() for row in rows]


def table(results: dict[int, Measured]) -> list[str]:
    """The medians per size, stage and mode, then the growth of each median per ×10 words."""
    rows = [("words", "stage", "mode", "median s", "words/s", "peak RSS")]
    medians: dict[tuple[int, str, str], float] = {}
    for size, (words, codings, samples) in sorted(results.items()):
        for stage in STAGES:
            label = f"code ({codings:,} codings)" if stage == "code" else stage
            for mode in MODES:
                runs = samples[stage, mode]
                median = statistics.median(sample.seconds for sample in runs)
                medians[size, stage, mode] = median
                peak = max(sample.maxrss_kib for sample in runs) / MIB_PER_KIB
                rows.append((f"{words:,}", label, mode, f"{median:.2f}", f"{words / median:,.0f}", f"{peak:.0f} MiB"))
    lines = _aligned(rows)
    sizes = sorted(results)
    if len(sizes) > 1:
        growth_header = [f"{results[a][0] // 1000:,}k→{results[b][0] // 1000:,}k" for a, b in itertools.pairwise(sizes)]
        growth = [("growth of the median", "mode", *growth_header)]
        for stage in STAGES:
            for mode in MODES:
                growth.append((stage, mode, *(f"×{medians[b, stage, mode] / medians[a, stage, mode]:.1f}"
                                              for a, b in itertools.pairwise(sizes))))
        lines += ["", *_aligned(growth)]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
                        help="total words per corpus (default 10000 100000 1000000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per stage and mode (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--worker", nargs=4, metavar=("STAGE", "ROOT", "CORPUS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, metavar="ROOT", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.worker:
        stage, root, corpus, out = options.worker
        print(json.dumps(run_stage(stage, Path(root), Path(corpus), Path(out))))
        return 0
    if options.code:
        print(json.dumps({"codings": code_project(options.code)}))
        return 0
    results: dict[int, Measured] = {}
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-pipeline-") as folder:
        for size in options.sizes:
            results[size] = measure_size(size, options.repeat, options.seed, Path(folder))
            print(f"measured {results[size][0]:,} words", file=sys.stderr, flush=True)
    print(f"qualcode pipeline, medians of {options.repeat} runs; in-process times the stage alone in a fresh "
          "process, shell times the whole command (interpreter start included); peak RSS of that process")
    print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
