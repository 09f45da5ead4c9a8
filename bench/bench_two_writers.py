"""How long a coding waits while another process imports a large corpus into the same project.

Usage: python bench/bench_two_writers.py [--words 1000000]

One process imports a generated corpus (bench/corpus.py) with `qualcode import`; meanwhile this process applies a
coding every 20 ms through Project.apply_coding and records how long each took, from the call to its return (what
the workbench's keypress waits). Prints the median, p99 and worst wait during the import, and the import's time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate

from qualcode.project import Project

CODEBOOK = "name: Bench\ncodes:\n  - {id: geld, name: Geld, type: barrier}\n"
SMALL = "Gemeente: Kleidorp\nInterviewer: Pieter Smit\n\nPieter: Hoe gaat het?\n\nAnna: " + \
        "Het gaat goed met het vastgoed. " * 40 + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root / "corpus", max(1, args.words // 2000), 2000, 1)
        project = Project.init(root / "p")
        (root / "p" / "codebooks" / "b.yaml").write_text(CODEBOOK, encoding="utf-8")
        (root / "p" / "transcripts" / "klein.txt").write_text(SMALL, encoding="utf-8")
        project.load_codebook(root / "p" / "codebooks" / "b.yaml")
        project.import_transcripts([root / "p" / "transcripts" / "klein.txt"])
        guid = project.documents()[0].guid
        sentences = project.sentences(guid)
        waits: list[float] = []
        started = time.perf_counter()
        importer = subprocess.Popen([sys.executable, "-m", "qualcode", "--project", str(root / "p"), "import",
                                     str(root / "corpus")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        index = 0
        while importer.poll() is None:
            start, end, _ = sentences[index % len(sentences)]
            before = time.perf_counter()
            project.apply_coding(guid, start, end, "geld", "eva")
            waits.append(time.perf_counter() - before)
            index += 1
            time.sleep(0.02)
        import_seconds = time.perf_counter() - started
        if importer.returncode != 0:
            print(importer.stderr.read().decode()[-2000:] if importer.stderr else "", file=sys.stderr)
            return 1
        project.close()
    waits.sort()
    print(f"import of {args.words:,} words in another process: {import_seconds:.1f} s")
    print(f"{len(waits)} codings meanwhile: median {statistics.median(waits) * 1000:.1f} ms, "
          f"p99 {waits[int(len(waits) * 0.99)] * 1000:.1f} ms, worst {waits[-1] * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
