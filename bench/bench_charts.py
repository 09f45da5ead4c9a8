"""What the synthesis's charts cost: import time of the drawing libraries, and a synthesis with and without charts
from the command line (a fresh process each run, imports included), against another checkout for "before"."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IMPORTS = {
    "hand-written SVG (qualcode.reporting.charts_svg)": "import qualcode.reporting.charts_svg",
    "Pillow (PIL.Image, ImageDraw, ImageFont)": "from PIL import Image, ImageDraw, ImageFont",
    "matplotlib, Agg backend (pyplot)": "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot",
}


def _median_run(command: Sequence[str], runs: int, env: dict[str, str] | None = None) -> float | None:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, env=env, check=False)
        if done.returncode != 0:
            return None
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _import_ms(statement: str) -> float | None:
    """The cumulative time of the statement's top-level imports, from python -X importtime (in-process, so the
    interpreter's start and a loaded machine's scheduling count less than with a wall clock)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", statement], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        return None
    before = subprocess.run([sys.executable, "-X", "importtime", "-c", "pass"], capture_output=True, text=True,
                            check=True).stderr
    already = {line.rsplit("|", 1)[1].strip() for line in before.splitlines() if line.startswith("import time:")}
    total = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        if not name.startswith("  ") and name.strip() not in already and cumulative.strip().isdigit():
            total += int(cumulative)
    return total / 1000


def import_times(runs: int) -> None:
    """Each library imported in a fresh interpreter: the median over runs of its imports' cumulative time."""
    print(f"{'import (fresh process, -X importtime, median of ' + str(runs) + ')':60} {'ms':>8}")
    for label, statement in IMPORTS.items():
        samples = [_import_ms(statement) for _ in range(runs)]
        shown = "not installed" if None in samples else f"{statistics.median(s for s in samples if s is not None):8.0f}"
        print(f"{label:60} {shown:>8}")


def report_times(project: Path, runs: int, before: Path | None) -> None:
    """qualcode report synthesis in each format, with and without charts (and from the checkout 'before')."""
    print(f"\n{'synthesis of ' + project.name + ' (fresh process, median of ' + str(runs) + ')':60} {'s':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("md", "html", "docx"):
            variants: list[tuple[str, list[str], dict[str, str] | None]] = [
                ("charts", [], None), ("--no-charts", ["--no-charts"], None)]
            if before is not None:
                variants.append((f"before ({before.name})", [], {**os.environ, "PYTHONPATH": str(before)}))
            for label, extra, env in variants:
                out = Path(folder) / f"{label.split()[0].strip('-')}-{fmt}.{fmt}"
                command = [sys.executable, "-m", "qualcode.cli.main", "--project", str(project), "report", "synthesis",
                           "--format", fmt, "--out", str(out), "--force", *extra]
                seconds = _median_run(command, runs, env)
                shown = "failed" if seconds is None else f"{seconds:8.2f}"
                print(f"{fmt + ', ' + label:60} {shown:>8}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("project", type=Path, nargs="?", help="a coded project folder (e.g. 'qualcode demo' output)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--before", type=Path, help="another checkout of qualcode (a git worktree) to compare with")
    args = parser.parse_args(argv)
    import_times(args.runs)
    if args.project is not None:
        report_times(args.project, args.runs, args.before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
