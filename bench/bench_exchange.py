"""Benchmark of REFI-QDA exchange on the 1M-word project with 20,000 codings of bench_ui.py: `qualcode export qdpx`
as a whole process and in-process (split into reading the project into the model and writing XML + zip), against
the issue's target of 5 s."""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench_ui import cached_project

EXPORT_TARGET_S = 5.0


def _private_copy(root: Path, into: Path) -> Path:
    """Project.open may migrate the database: work on a copy of the cached project."""
    target = into / "project"
    shutil.copytree(root, target)
    return target


def export_in_process(root: Path, out: Path, repeat: int) -> dict[str, Any]:
    """Time Project.export_qdpx `repeat` times in this process, and its two halves once more each."""
    from qualcode.exchange import qde_write
    from qualcode.project import Project, exchange_export

    totals: list[float] = []
    digests: set[str] = set()
    with Project.open(root) as project:
        for _ in range(repeat):
            started = time.perf_counter()
            summary = project.export_qdpx(out)
            totals.append(time.perf_counter() - started)
            digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
        models: list[float] = []
        writes: list[float] = []
        for _ in range(repeat):
            started = time.perf_counter()
            model = exchange_export.project_model(project.store, project.config)
            models.append(time.perf_counter() - started)
            started = time.perf_counter()
            with (out.parent / "split.qdpx").open("wb") as stream:
                qde_write.write_qdpx(model, stream)
            writes.append(time.perf_counter() - started)
    return {"totals": totals, "model": models, "write": writes, "identical": len(digests) == 1,
            "bytes": summary.bytes, "sources": summary.sources, "codings": summary.codings,
            "selections": summary.selections, "notes": summary.notes}


def export_as_process(root: Path, out: Path, repeat: int) -> list[float]:
    """Wall time of `qualcode --project ROOT export qdpx OUT --force`, interpreter start included."""
    command = [sys.executable, "-m", "qualcode", "--project", str(root), "export", "qdpx", str(out), "--force"]
    seconds: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"qualcode export failed (exit {done.returncode}):\n{done.stderr}")
    return seconds


def _row(label: str, samples: Sequence[float], target: float | None) -> str:
    median = statistics.median(samples)
    verdict = "" if target is None else ("  ok" if median <= target else f"  over the {target:.0f} s target")
    return f"  {label:<34} median {median:6.2f} s   min {min(samples):6.2f} s   max {max(samples):6.2f} s{verdict}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=1_000_000, help="words of the project (default 1000000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached project")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args(argv)

    cached, manifest = cached_project("project", args.words, args.seed, args.rebuild)
    with tempfile.TemporaryDirectory(prefix="qualcode-bench-exchange-") as temporary:
        work = Path(temporary)
        root = _private_copy(cached, work)
        inside = export_in_process(root, work / "inside.qdpx", args.repeat)
        whole = export_as_process(root, work / "whole.qdpx", args.repeat)
        same = (work / "inside.qdpx").read_bytes() == (work / "whole.qdpx").read_bytes()
    print(f"REFI-QDA export of the {manifest.words:,}-word project: {inside['sources']:,} sources, "
          f"{inside['codings']:,} codings on {inside['selections']:,} selections, {inside['notes']:,} notes; "
          f"archive {inside['bytes'] / 1e6:.1f} MB")
    print(_row("qualcode export qdpx (process)", whole, EXPORT_TARGET_S))
    print(_row("Project.export_qdpx (in-process)", inside["totals"], EXPORT_TARGET_S))
    print(_row("  project → model (SQL)", inside["model"], None))
    print(_row("  model → XML + zip", inside["write"], None))
    print(f"  repeated exports identical: {inside['identical'] and same}")
    if args.json:
        args.json.write_text(json.dumps({"manifest": manifest.__dict__, "in_process": inside, "process": whole},
                                        indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
