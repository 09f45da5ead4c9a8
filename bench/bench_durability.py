"""Benchmark of durability: the cost of one coding (Project.apply_coding) with synchronous=NORMAL and FULL in WAL.

FULL makes every commit wait for the -wal file to reach the disk (fsync); NORMAL syncs only at checkpoints, so
a power cut may lose the last commits. Run on the disk the projects live on (the default folder is beside this
repository, not a tmpfs):  .venv/bin/python bench/bench_durability.py [--codings 200] [--dir DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from corpus import generate

from qualcode.project import Project

REPO = Path(__file__).resolve().parent.parent
CODEBOOK = REPO / "codebooks" / "verduurzaming.yaml"


def build(root: Path) -> None:
    """A project with one 5,000-word transcript and the example codebook."""
    sources = root.parent / "bronnen"
    generate(sources, documents=1, words=5_000, seed=11)
    with Project.init(root, name="Duurzaamheid") as project:
        report = project.import_transcripts([sources])
        if report.failed:
            raise SystemExit(f"import failed: {report.failed}")
        project.load_codebook(CODEBOOK)


def measure(root: Path, synchronous: str, codings: int, seed: int) -> list[float]:
    """Milliseconds per apply_coding (its transaction, event row and commit) with the given synchronous mode."""
    with Project.open(root) as project:
        project.store.conn.execute(f"PRAGMA synchronous = {synchronous}")
        document = project.documents()[0].guid
        length = len(project.document_text(document))
        keys = [code.key for code in project.codebook().codes]
        rng = random.Random(seed)
        timings = []
        for _ in range(codings):
            start = rng.randrange(0, length - 40)
            began = time.perf_counter()
            project.apply_coding(document, start, start + rng.randrange(5, 40), rng.choice(keys), "bench")
            timings.append((time.perf_counter() - began) * 1000)
        return timings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codings", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="alternating NORMAL/FULL rounds (each on a fresh copy)")
    parser.add_argument("--dir", type=Path, default=REPO.parent, help="a folder on the disk to measure")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="qualcode-bench-durability-", dir=args.dir))
    try:
        template = work / "sjabloon" / "project"
        build(template)
        results: dict[str, list[float]] = {"NORMAL": [], "FULL": []}
        for round_ in range(args.rounds):
            for mode in ("NORMAL", "FULL"):
                copy = work / f"{mode}-{round_}"
                shutil.copytree(template, copy)
                results[mode].extend(measure(copy, mode, args.codings, seed=round_))
        print(f"apply_coding, {args.codings} codings x {args.rounds} rounds per mode, WAL, on {args.dir}")
        print(f"{'synchronous':<12} {'median ms':>10} {'p90 ms':>8} {'max ms':>8}")
        for mode, timings in results.items():
            ordered = sorted(timings)
            print(f"{mode:<12} {statistics.median(ordered):>10.2f} {ordered[int(len(ordered) * 0.9)]:>8.2f} "
                  f"{ordered[-1]:>8.2f}")
        extra = statistics.median(results["FULL"]) - statistics.median(results["NORMAL"])
        print(f"FULL costs {extra:+.2f} ms per coding (median)")
        with Project.open(template) as project:
            began = time.perf_counter()
            for _ in range(10_000):
                project.check_identity()
            identity_us = (time.perf_counter() - began) * 100
        print("identity check (os.stat + project GUID + the header mark read by a second connection), "
              f"done before every write: {identity_us:.1f} µs")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
