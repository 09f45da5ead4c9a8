"""Benchmark of `qualcode agreement` on a 1M-word project double-coded by two coders with 20,000 codings each: every
unit (sentence, turn, document, character), as a fresh `python -m qualcode` process and as the in-process call
(Project.agreement plus the Markdown rendering); medians and the load average. Target: ≤ 2 s for every unit."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench_pipeline import CODEBOOK, WORDS_PER_DOCUMENT, _coding_plan
from corpus import generate

UNITS = ("sentence", "turn", "document", "character")
CODERS = ("anouk", "bram")
TARGET_SECONDS = 2.0
CODINGS_PER_CODER = 20_000
CACHE = Path(tempfile.gettempdir()) / "qualcode-bench-agreement"


def second_coder(plan: Sequence[tuple[str, int, int, str]], lengths: dict[str, int], codes: Sequence[str],
                 seed: int) -> list[tuple[str, int, int, str]]:
    """The second coder's codings: as many as the first coder's, most on the same sentence and code, the rest with
    other boundaries (a part of the sentence, or running on into the next), another code, or the text after it."""
    rng = random.Random(f"qualcode-bench-agreement:{seed}")
    other: list[tuple[str, int, int, str]] = []
    for guid, start, end, code in plan:
        roll, length = rng.random(), end - start
        if roll < 0.6:
            other.append((guid, start, end, code))
        elif roll < 0.75:  # a part of the sentence: boundaries a few words in
            cut = min(rng.randint(5, 25), max(length // 3, 1))
            other.append((guid, start + cut, max(end - cut, start + cut + 1), code))
        elif roll < 0.85:  # runs on into the next sentence
            other.append((guid, start, min(end + rng.randint(20, 120), lengths[guid]), code))
        elif roll < 0.95:  # the same sentence, another code
            other.append((guid, start, end, codes[(codes.index(code) + 1) % len(codes)]))
        else:  # a stretch after it that the first coder left alone
            after = min(end + rng.randint(50, 300), lengths[guid] - 1)
            other.append((guid, after, min(after + length, lengths[guid]), code))
    return [coding for coding in other if coding[1] < coding[2]]


def build(root: Path, documents: int, seed: int) -> dict[str, int]:
    """Generate the corpus, import it, load the codebook and let both coders code; return what was made."""
    from qualcode.project import Project

    corpus = root.parent / "corpus"
    generate(corpus, documents, WORDS_PER_DOCUMENT, seed)
    with Project.init(root, name="Agreement bench") as project:
        report = project.import_transcripts([corpus])
        project.load_codebook(CODEBOOK)
        plan = _coding_plan(project)
        # Top up to CODINGS_PER_CODER: some sentences get a second code too (codes applied together).
        step = max(len(plan) // max(CODINGS_PER_CODER - len(plan), 1), 1)
        codes = sorted({code for _, _, _, code in plan})
        plan += [(guid, start, end, codes[(codes.index(code) + 1) % len(codes)])
                 for guid, start, end, code in plan[::step]][:max(CODINGS_PER_CODER - len(plan), 0)]
        lengths = {d.guid: len(project.document_text(d.guid)) for d in project.documents()}
        other = second_coder(plan, lengths, codes, seed)
        for coder, codings in ((CODERS[0], plan), (CODERS[1], other)):
            for guid, start, end, code in codings:
                project.apply_coding(guid, start, end, code, coder)
    return {"words": report.words, "documents": documents, CODERS[0]: len(plan), CODERS[1]: len(other)}


def _qualcode() -> list[str]:
    return [sys.executable, "-m", "qualcode"]


def time_process(root: Path, unit: str) -> float:
    """Wall time of a whole `python -m qualcode agreement` process printing its Markdown."""
    started = time.perf_counter()
    done = subprocess.run([*_qualcode(), "--project", str(root), "agreement", "--coders", *CODERS, "--unit", unit],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"agreement --unit {unit} failed:\n{done.stderr}")
    return seconds


def time_in_process(project: Any, unit: str) -> float:
    from qualcode.project.agreement_output import render

    started = time.perf_counter()
    render(project.agreement(list(CODERS), unit=unit), "md")
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=500, help="transcripts of ~2,000 words (default 500: 1M)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per unit and mode (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help=f"build the project again (cached in {CACHE})")
    parser.add_argument("--units", nargs="+", choices=UNITS, default=list(UNITS))
    options = parser.parse_args(argv)
    root = CACHE / f"project-{options.documents}-{options.seed}"
    if options.rebuild and CACHE.exists():
        shutil.rmtree(CACHE)
    if not root.exists():
        started = time.perf_counter()
        made = build(root, options.documents, options.seed)
        print(f"built {root}: {made} in {time.perf_counter() - started:.1f} s")
    from qualcode.project import Project

    load_before = os.getloadavg()[0]
    rows = []
    with Project.open(root) as project:
        for unit in options.units:
            inside = [time_in_process(project, unit) for _ in range(options.repeat)]
            shell = [time_process(root, unit) for _ in range(options.repeat)]
            rows.append((unit, statistics.median(inside), statistics.median(shell)))
    print(f"load average (1 min) before {load_before:.2f}, after {os.getloadavg()[0]:.2f}; cores: {os.cpu_count()}")
    print(f"{'unit':<10} {'in-process s':>12} {'process s':>10}  target ≤ {TARGET_SECONDS:.0f} s")
    for unit, inside_s, shell_s in rows:
        verdict = "ok" if max(inside_s, shell_s) <= TARGET_SECONDS else "MISSES"
        print(f"{unit:<10} {inside_s:>12.2f} {shell_s:>10.2f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
