"""Benchmark of `qualcode words --by case --keyness` (issue 15) on the 1M-word bench corpus: the whole command as a
process (wall and CPU) and the use case in-process, with the machine's load (it is shared).

Target: the whole command under 2 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from corpus import generate

TARGET_SECONDS = 2.0
COMMANDS = (("words", "--by", "case", "--keyness"), ("words", "--by", "code", "--keyness"), ("words",),
            ("words", "--keyness", "--against", "general"))


def build(folder: Path, documents: int, words: int) -> Path:
    """Generate the corpus and import it into a new project; return the project folder."""
    from qualcode.project.core import Project

    corpus = folder / "corpus"
    generate(corpus, documents, words, seed=1)
    root = folder / "project"
    project = Project.init(root)
    try:
        started = time.perf_counter()
        assert not project.import_transcripts([corpus]).failed
        print(f"built the project in {time.perf_counter() - started:.1f} s ({documents} transcripts)")
    finally:
        project.close()
    return root


def process_times(root: Path, arguments: Sequence[str], repeat: int) -> list[tuple[float, float]]:
    """The whole command, output captured: wall seconds and the child's CPU seconds."""
    command = [sys.executable, "-m", "qualcode", "--project", str(root), *arguments]
    times = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, env={**os.environ,
                                                                                         "COLUMNS": "160"})
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        times.append((wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
    return times


def in_process(root: Path, repeat: int) -> list[tuple[float, float]]:
    """Project.words(by='case', against='rest') in this process (opened once; the first run is cold)."""
    from qualcode.project.core import Project

    project = Project.open(root)
    times = []
    try:
        for _ in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            project.words(by="case", against="rest")
            times.append((time.perf_counter() - started, time.process_time() - cpu))
    finally:
        project.close()
    return times


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} CPUs"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=500, help="transcripts (default 500: ~1M words)")
    parser.add_argument("--words", type=int, default=2000, help="words per transcript (default 2000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--project", type=Path, help="an already built bench project (skips generating)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-words-") as folder:
        root = args.project or build(Path(folder), args.documents, args.words)
        print(f"before: {load()}")
        for arguments in COMMANDS:
            runs = process_times(root, arguments, args.repeat)
            wall, cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
            print(f"qualcode {' '.join(arguments):<40} wall {', '.join(f'{w:.2f}' for w, _ in runs)} s "
                  f"(median {wall:.2f}), CPU median {cpu:.2f} s")
        runs = in_process(root, args.repeat)
        print(f"Project.words(by='case', against='rest') in-process: wall {', '.join(f'{w:.2f}' for w, _ in runs)} s, "
              f"CPU {', '.join(f'{c:.2f}' for _, c in runs)} s")
        print(f"after: {load()} (target: the whole --by case --keyness command under {TARGET_SECONDS:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
