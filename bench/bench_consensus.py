"""Benchmark of the consensus review on the 1M-word project with 20,000 codings of bench_ui.py, given a second coder:
'tweede' has the first coder's codings with a tenth left out, a tenth under another code and a tenth cut to their
first half (imported as a codings table). Times what the workbench's C and `qualcode consensus` do: the review of all
disagreements, starting it (snapshot and every agreed coding), starting it again (nothing to write), the review of
one document, a decision, its undo, and reading the decisions again after one (what the screen does per key)."""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench_ui import cached_project

SECOND = "tweede"


def _second_coder(root: Path, table: Path) -> tuple[str, int]:
    """Give the project the second coder; return the first coder's name and the codings imported."""
    from qualcode.project import Project

    with Project.open(root) as project:
        [first] = project.coders()
        rng = random.Random(7)
        keys = [row.key for row in project.code_rows() if row.parent_key]
        with table.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["document_guid", "start", "end", "code", "coder"])
            for coding in project.codings():
                draw = rng.random()
                if draw < 0.1:
                    continue
                code = rng.choice(keys) if draw < 0.2 else coding.code_key
                end = coding.end if draw < 0.3 or coding.end - coding.start < 4 else \
                    coding.start + (coding.end - coding.start) // 2
                writer.writerow([coding.document_guid, coding.start, end, code, SECOND])
        return first, project.import_codings(table, coder=SECOND).stored


def _once(root: Path, first: str, unit: str) -> dict[str, Any]:
    from qualcode.project import Project

    coders = (first, SECOND)
    times: dict[str, Any] = {}

    def timed(label: str, work: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = work()
        times[label] = time.perf_counter() - started
        return result

    with Project.open(root) as project:
        review = timed("review of all disagreements", lambda: project.consensus_review(coders, unit=unit))
        times["items"] = len(review.items)
        started = timed("start (snapshot, agreed codings)", lambda: project.start_consensus(coders, unit=unit))
        times["made"] = started.made
        timed("start again (nothing to write)", lambda: project.start_consensus(coders, unit=unit))
        guid = review.items[0].document_guid
        one = timed("review of one document", lambda: project.consensus_review(coders, unit=unit, document=guid))
        timed("a decision (keep both)", lambda: project.settle_consensus(one.items[0], one, "both", coder="bench"))
        timed("the decisions read again", lambda: project.refresh_consensus(review))
        timed("undo it", lambda: project.undo("bench"))
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="fresh copies to time (default 3)")
    parser.add_argument("--unit", choices=("sentence", "turn", "document"), default="sentence")
    parser.add_argument("--rebuild", action="store_true", help="rebuild bench_ui.py's cached project")
    args = parser.parse_args(argv)
    cached, manifest = cached_project("project", 1_000_000, 1, args.rebuild)
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-consensus-") as folder:
        template = Path(folder) / "template"
        shutil.copytree(cached, template)
        first, imported = _second_coder(template, Path(folder) / "tweede.csv")
        print(f"consensus review of {first} and {SECOND} ({imported:,} codings) on bench_ui.py's project "
              f"({manifest.words:,} words), per {args.unit}, median of {args.repeat} fresh copies:")
        runs = []
        for run in range(args.repeat):
            root = Path(folder) / f"run-{run}"
            shutil.copytree(template, root)
            runs.append(_once(root, first, args.unit))
            shutil.rmtree(root)
    print(f"  {runs[0]['items']:,} disagreements; {runs[0]['made']:,} agreed codings given to the consensus coder")
    for label in (key for key, value in runs[0].items() if isinstance(value, float)):
        values = [run[label] for run in runs]
        print(f"  {label:<36} median {statistics.median(values):6.2f} s   min {min(values):6.2f} s   "
              f"max {max(values):6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
