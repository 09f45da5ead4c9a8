"""Benchmark of `qualcode documents replace` as a whole process: a 20,000-word transcript with 500 codings, corrected
with 50 edits (bench_reanchor's transcriber), replaced in a fresh copy of the project each time; the re-anchoring alone
and the in-process replacement are measured beside it.

    .venv/bin/python bench/bench_replace.py [--words 20000] [--codings 500] [--edits 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_reanchor import codings, document, edit

from qualcode.domain.anchoring import reanchor
from qualcode.project import Project

CODEBOOK = "name: Bench\ncodes:\n" + "".join(f"  - id: code{n}\n    name: Code {n}\n    type: barrier\n"
                                             for n in range(10))
_COUNTS = re.compile(r"codings: (\d+) unchanged, (\d+) moved, (\d+) text changed, (\d+) vanished")


def _qualcode() -> list[str]:
    script = Path(sys.executable).with_name("qualcode")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qualcode"]


def build(work: Path, words: int, coding_count: int, edits: int, seed: int) -> tuple[Path, Path, str, str]:
    """A project with one coded transcript, and the corrected file; returns (project, corrected, old, new)."""
    rng = random.Random(f"qualcode-bench-replace:{seed}")
    old = document(words, seed)
    root = work / "project"
    transcript = work / "gemeente.txt"
    transcript.write_text(old, encoding="utf-8")
    (work / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    with Project.init(root, name="bench") as project:
        assert not project.import_transcripts([transcript]).failed
        project.load_codebook(work / "codebook.yaml")
        [stored] = project.documents()
        text = project.document_text(stored.guid)
        for number, (start, end) in enumerate(codings(text, coding_count, rng)):
            project.apply_coding(stored.guid, start, end, f"code{number % 10}", ("sanne", "tom")[number % 2])
        new = edit(text, edits, rng)
    corrected = work / "gemeente-gecorrigeerd.txt"
    corrected.write_text(new, encoding="utf-8")
    return root, corrected, text, new


def run_process(command: Sequence[str]) -> tuple[float, int, str]:
    """Wall time, peak RSS (KiB, wait4) and stdout of one process."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env={**os.environ, "COLUMNS": "250"})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        stdout.seek(0)
        stderr.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{stderr.read().decode()}")
        return seconds, usage.ru_maxrss, stdout.read().decode()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--codings", type=int, default=500)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-replace-") as folder:
        work = Path(folder)
        root, corrected, old, new = build(work, args.words, args.codings, args.edits, args.seed)
        with Project.open(root) as project:
            spans = [(c.start, c.end) for c in project.codings()]
        align_seconds = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            reanchor(old, new, spans)
            align_seconds.append(time.perf_counter() - began)
        process_seconds, rss, counts = [], [], ""
        in_process = []
        for number in range(args.repeat):
            copy = work / f"copy-{number}"
            shutil.copytree(root, copy)
            seconds, peak, out = run_process([*_qualcode(), "--project", str(copy), "documents", "replace",
                                              "gemeente", str(corrected), "--coder", "bench"])
            process_seconds.append(seconds)
            rss.append(peak)
            found = _COUNTS.search(out)
            counts = ", ".join(f"{n} {w}" for n, w in zip(found.groups(), ("unchanged", "moved", "text changed",
                                                                           "vanished"), strict=True)) \
                if found else out.strip()
            inner = work / f"inner-{number}"
            shutil.copytree(root, inner)
            with Project.open(inner) as project:
                began = time.perf_counter()
                project.replace_document("gemeente", corrected, coder="bench")
                in_process.append(time.perf_counter() - began)
    print(f"documents replace: {args.words:,} words, {len(spans)} codings, {args.edits} edits; median of {args.repeat}")
    print(f"  codings after the replacement: {counts}")
    print(f"  re-anchoring alone (domain.anchoring.reanchor): {statistics.median(align_seconds) * 1000:.0f} ms")
    print(f"  Project.replace_document in process (read, parse, lemmas, snapshot, re-anchor, store): "
          f"{statistics.median(in_process):.2f} s")
    print(f"  whole process 'qualcode documents replace': {statistics.median(process_seconds):.2f} s "
          f"(min {min(process_seconds):.2f}, max {max(process_seconds):.2f}), peak RSS "
          f"{statistics.median(rss) / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
