"""Benchmark of project-wide search on the 1M-word bench corpus: per query in-process, a whole `qualcode search`
process, what the lemma index adds to an import, and (--compare-index) FTS5 against a table of lemmas.

Targets (issue 15): the median of 20 different queries at most 100 ms; building the index adds at most 30 % to an
import.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corpus import generate

from qualcode.storage import search_index

TARGET_MS = 100.0
TARGET_IMPORT_SHARE = 0.30
# (query, keyword arguments of Project.search): 20 different queries a researcher of the field would type.
QUERIES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("gemeente", {}), ("gemeenten", {}), ("werkten", {}), ("capaciteit", {}), ("netcongestie", {}),
    ("subsidie", {}), ("structurele middelen", {}), ("warmtepomp", {}), ("bewoners", {}), ("energielabel", {}),
    ("routekaart", {}), ("de netbeheerder", {}), ("subsidie*", {}), ("*subsidie", {}), ("wachtlijst", {}),
    ("zonnepanelen", {}), ("ambtelijke capaciteit", {}), ("warmte", {"compounds": True}),
    ("gemeente", {"speaker": "respondent"}), ("stijgende bouwkosten | personeelsverloop", {}),
)
LOOKUP_LEMMAS = ("gemeente", "capaciteit", "netcongestie", "subsidie", "warmtepomp", "bewoner", "energielabel",
                 "routekaart", "samenwerking", "provincie", "wachtlijst", "zonnepaneel", "isolatie", "raad", "wijk",
                 "budget", "renovatie", "verduurzaming", "installatie", "aanbesteding")


def _import(corpus: Path, folder: Path, *, index: bool) -> tuple[float, float]:
    """Import corpus into a new project; without index, the index's triggers are dropped first.

    Returns wall seconds and this process's CPU seconds (the import is one thread; CPU time is what a busy
    machine disturbs least)."""
    from qualcode.project.core import Project

    project = Project.init(folder)
    try:
        if not index:
            for trigger in ("insert", "delete", "update"):
                project.store.conn.execute(f"DROP TRIGGER sentences_index_{trigger}")
        started, cpu = time.perf_counter(), time.process_time()
        report = project.import_transcripts([corpus])
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert not report.failed
    finally:
        project.close()
    return seconds, cpu


def import_cost(corpus: Path, work: Path,
                repeat: int) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Imports with and without the index, interleaved so that a busy machine weighs on both alike."""
    warm = work / "warm-corpus"
    warm.mkdir()
    for path in sorted(corpus.iterdir())[:5]:
        shutil.copy(path, warm / path.name)
    _import(warm, work / "warm", index=True)
    with_index: list[tuple[float, float]] = []
    without: list[tuple[float, float]] = []
    for run in range(repeat):
        for index, into in ((True, with_index), (False, without)):
            folder = work / f"import-{run}-{index}"
            into.append(_import(corpus, folder, index=index))
            shutil.rmtree(folder)
    return with_index, without


def query_times(project_root: Path, repeat: int) -> list[tuple[str, int, float, float]]:
    """Per query: hits, the median wall seconds and the median CPU seconds of repeat runs (after one untimed run
    of every query)."""
    from qualcode.project.core import Project

    out: list[tuple[str, int, float, float]] = []
    with Project.open(project_root) as project:
        for query, options in QUERIES:
            project.search(query, **options)
        for query, options in QUERIES:
            walls, cpus = [], []
            for _ in range(repeat):
                started, cpu = time.perf_counter(), time.process_time()
                result = project.search(query, **options)
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
            label = query + "".join(f" --{k}" + ("" if v is True else f" {v}") for k, v in options.items())
            out.append((label, len(result.hits), statistics.median(walls), statistics.median(cpus)))
    return out


def process_times(project_root: Path, repeat: int) -> list[tuple[float, float]]:
    """A whole `qualcode search gemeente` process, output captured: wall seconds and the child's CPU seconds."""
    import resource

    command = [sys.executable, "-m", "qualcode", "--project", str(project_root), "search", "gemeente"]
    times = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              env={**os.environ, "COLUMNS": "160"})
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
        if done.returncode != 0:
            raise SystemExit(done.stderr)
    return times


# -- FTS5 against a table of lemmas --------------------------------------------------------------------------
_JSON = ("json_each('[\"' || replace(replace(replace(replace(NEW.lemmas, '_', ''), '\\', '\\\\'), '\"', '\\\"'), "
         "' ', '\",\"') || '\"]')")
OWN_TABLE = [
    "CREATE TABLE lemma_terms (id INTEGER PRIMARY KEY, lemma TEXT NOT NULL UNIQUE)",
    "CREATE TABLE lemma_postings (lemma_id INTEGER NOT NULL, sentence_id INTEGER NOT NULL, "
    "PRIMARY KEY (lemma_id, sentence_id)) WITHOUT ROWID",
    "CREATE INDEX idx_lemma_postings_sentence ON lemma_postings(sentence_id)",
    f"""CREATE TRIGGER own_insert AFTER INSERT ON sentences BEGIN
        INSERT OR IGNORE INTO lemma_terms (lemma) SELECT value FROM {_JSON} WHERE value != '';
        INSERT OR IGNORE INTO lemma_postings (lemma_id, sentence_id)
            SELECT t.id, NEW.id FROM {_JSON} j JOIN lemma_terms t ON t.lemma = j.value; END""",
    "CREATE TRIGGER own_delete AFTER DELETE ON sentences BEGIN "
    "DELETE FROM lemma_postings WHERE sentence_id = OLD.id; END",
]
LOOKUPS = {
    "plain": None,
    "fts5": "SELECT s.id, s.document_id, s.start FROM sentence_index JOIN sentences s ON s.id = sentence_index.rowid "
            "WHERE sentence_index MATCH '\"' || ? || '\"'",
    "table": "SELECT s.id, s.document_id, s.start FROM lemma_terms t JOIN lemma_postings p ON p.lemma_id = t.id "
             "JOIN sentences s ON s.id = p.sentence_id WHERE t.lemma = ?",
}


def compare_index(database: Path, work: Path) -> list[str]:
    """Write every sentence again through each variant's triggers; time it, the size and 20 lemma lookups."""
    lines = []
    for variant, lookup in LOOKUPS.items():
        copy = work / f"{variant}.db"
        shutil.copy(database, copy)
        connection = sqlite3.connect(copy, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("BEGIN")
        connection.execute("CREATE TEMP TABLE kept AS SELECT * FROM sentences")
        connection.execute("DROP TRIGGER sentences_index_delete")
        connection.execute("DROP TRIGGER sentences_index_update")
        connection.execute("DELETE FROM sentences")
        connection.execute("INSERT INTO sentence_index (sentence_index) VALUES ('delete-all')")
        if variant != "fts5":
            connection.execute("DROP TRIGGER sentences_index_insert")
        if variant == "table":
            for statement in OWN_TABLE:
                connection.execute(statement)
        connection.execute("COMMIT")
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute("INSERT INTO sentences SELECT * FROM kept")
        search_index.flush(connection)  # what every write transaction does before it commits
        connection.execute("COMMIT")
        write = time.perf_counter() - started
        connection.execute("VACUUM")
        size = copy.stat().st_size
        median = 0.0
        if lookup is not None:
            runs = []
            for lemma in LOOKUP_LEMMAS:
                started = time.perf_counter()
                connection.execute(lookup, (lemma,)).fetchall()
                runs.append(time.perf_counter() - started)
            median = statistics.median(runs)
        connection.close()
        lines.append(f"  {variant:<6} write all sentences {write:6.2f} s   database {size / 1e6:6.1f} MB   "
                     + (f"median lemma lookup {median * 1000:6.2f} ms" if lookup else "(no index)"))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=500, help="transcripts (default 500: ~1M words)")
    parser.add_argument("--words", type=int, default=2000, help="words per transcript (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--skip-import", action="store_true", help="do not time imports with and without index")
    parser.add_argument("--compare-index", action="store_true", help="also compare FTS5 with a table of lemmas")
    args = parser.parse_args(argv)
    from qualcode.nlp.pipeline import pipeline_description

    with tempfile.TemporaryDirectory(prefix="qualcode-bench-search-") as folder:
        work = Path(folder)
        corpus = work / "corpus"
        generate(corpus, args.documents, args.words, seed=1)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.iterdir())
        print(f"qualcode search benchmark: {args.documents} transcripts, {words:,} words (bench/corpus.py, seed 1); "
              f"pipeline: {pipeline_description().split(' (')[0]}")
        if not args.skip_import:
            with_index, without = import_cost(corpus, work, args.repeat)
            for label, runs in (("without the index", without), ("with the index", with_index)):
                print(f"import {label:<18}: wall {', '.join(f'{w:.2f}' for w, _ in runs)} s, "
                      f"CPU {', '.join(f'{c:.2f}' for _, c in runs)} s")
            for kind, at in (("wall", 0), ("CPU", 1)):
                share = statistics.median(r[at] for r in with_index) / statistics.median(r[at] for r in without) - 1
                print(f"the index adds {share:+.0%} to the import's median {kind} time "
                      f"(target at most {TARGET_IMPORT_SHARE:.0%})")
        project_root = work / "project"
        _import(corpus, project_root, index=True)
        results = query_times(project_root, args.repeat)
        print(f"\n{'query':<45} {'hits':>6} {'wall ms':>8} {'CPU ms':>8}")
        for label, hits, wall, cpu in results:
            print(f"{label:<45} {hits:>6,} {wall * 1000:>8.1f} {cpu * 1000:>8.1f}")
        median = statistics.median(wall for _, _, wall, _ in results) * 1000
        median_cpu = statistics.median(cpu for _, _, _, cpu in results) * 1000
        print(f"median of {len(results)} queries: {median:.1f} ms wall, {median_cpu:.1f} ms CPU (target at most "
              f"{TARGET_MS:.0f} ms); slowest {max(r[2] for r in results) * 1000:.1f} ms wall")
        process = process_times(project_root, args.repeat)
        print(f"whole 'qualcode search gemeente' process: wall {', '.join(f'{w:.2f}' for w, _ in process)} s, "
              f"CPU {', '.join(f'{c:.2f}' for _, c in process)} s")
        if args.compare_index:
            print("\nthe index as FTS5 or as a table of lemmas (every sentence written again through its triggers):")
            for line in compare_index(project_root / "qualcode.db", work):
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
