"""Benchmark of the pseudonym key on the 1M-word project of bench_ui.py: the scan of every transcript, and a
pseudonymised synthesis + appendix (`qualcode report synthesis appendix --anonymise`) from the shell, wall and CPU
seconds with the machine's load, before and after the key holds the scan's candidates."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_ui import cached_project

TARGET_S = 2.0


def _shell(root: Path, out: Path, fmt: str, repeat: int) -> tuple[float, float]:
    """Median wall and CPU (user + system of the child) seconds of the report command; one untimed run first."""
    qualcode = Path(sys.executable).with_name("qualcode")
    command = [str(qualcode), "--project", str(root), "report", "synthesis", "appendix", "--format", fmt,
               "--anonymise", "--out", str(out)]
    walls, cpus = [], []
    for run in range(repeat + 1):
        shutil.rmtree(out, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"the report failed: {done.stderr.decode(errors='replace')}")
        if run:
            walls.append(wall)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (default 5)")
    parser.add_argument("--format", default="html", choices=("html", "md", "docx"))
    parser.add_argument("--words", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    from qualcode.domain.errors import ProjectError
    from qualcode.project import Project

    cached, manifest = cached_project("project", args.words, 1, False)
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-pseudonyms-") as scratch:
        root = Path(scratch) / "project"
        shutil.copytree(cached, root)
        out = Path(scratch) / "report"
        print(f"{manifest.words:,} words, {manifest.documents:,} documents, {manifest.codings:,} codings; "
              f"{os.cpu_count()} CPUs", flush=True)
        load = os.getloadavg()
        without = _shell(root, out, args.format, args.repeat)
        with Project.open(root) as project:
            started, cpu = time.perf_counter(), time.process_time()
            scan = project.scan_pseudonyms(coder="bench")
            scan_wall, scan_cpu = time.perf_counter() - started, time.process_time() - cpu
            entries = project.pseudonyms()
            # As a researcher reviews: words of the codebook's names are no names; half the people get a number.
            names = " ".join(code.name for code in project.codebook().codes).casefold()
            ignored = [entry.real for entry in entries if entry.real.casefold() in names]
            for real in ignored:
                project.ignore_pseudonym(real, coder="bench")
            for at, entry in enumerate(e for e in entries if e.kind == "person" and e.real not in ignored):
                if at % 2 == 0:
                    project.set_pseudonym(entry.real, f"R{at + 1}", coder="bench")
            # And whatever the leak check still names (a word of a chart or a heading), as its message says.
            for _ in range(100):
                try:
                    project.report("synthesis", "md", anonymise=True)
                    project.report("appendix", "md", anonymise=True)
                    break
                except ProjectError as error:
                    named = str(error).split("would still name '", 1)[1].split("'", 1)[0]
                    project.ignore_pseudonym(named, coder="bench")
                    ignored.append(named)
            print(f"ignored in review: {len(ignored)}")
            print("key:", "; ".join(f"{e.real} ({e.kind}, {e.count})" for e in entries[:40]), flush=True)
        keyed = _shell(root, out, args.format, args.repeat)
        load_after = os.getloadavg()
    print(f"scan of every transcript: {scan_wall:.2f} s wall, {scan_cpu:.2f} s CPU; {scan.added} entries "
          f"({', '.join(f'{n} {kind}' for kind, n in sorted(scan.by_kind.items()))})")
    for label, (wall, cpu) in (("anonymised, empty key", without), (f"anonymised, key of {len(entries)}", keyed)):
        verdict = "meets target" if wall <= TARGET_S else ("CPU within target" if cpu <= TARGET_S else "over")
        print(f"synthesis + appendix ({args.format}), {label}: median {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"(target {TARGET_S:.1f} s: {verdict})")
    print(f"medians of {args.repeat}; load average before {', '.join(f'{v:.2f}' for v in load)}, after "
          f"{', '.join(f'{v:.2f}' for v in load_after)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
