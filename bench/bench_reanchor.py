"""Benchmark of re-anchoring codings on a corrected transcript: both alignment methods, raw and anchored; reanchor."""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial

from corpus import ANSWERS, _fill, transcript

from qualcode.domain import anchoring
from qualcode.domain.alignment import Method, align, base_opcodes, tokenize
from qualcode.domain.anchoring import Anchored, reanchor

_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"[^\s.?!…][^.?!…\n]*[.?!…]+")
Row = tuple[str, tuple[float, float]]  # a measurement's name, its median and fastest seconds
_INSERTED = ("eigenlijk", "gewoon", "ook", "toen", "nog", "zeg maar", "in principe", "nou", "echt", "al")


def document(words: int, seed: int) -> str:
    """A generated transcript of about `words` words (bench/corpus.py), the same for the same seed."""
    return transcript(random.Random(f"qualcode-bench-reanchor:{seed}:{words}"), words)[1]


def edit(text: str, edits: int, rng: random.Random) -> str:
    """Apply `edits` random corrections as a transcriber makes them: typos, words, sentences, a moved paragraph."""
    for _ in range(edits):
        kind = rng.choices(("typo", "insert", "delete", "sentence", "move"), weights=(30, 30, 25, 12, 3))[0]
        if kind == "move":
            paragraphs = text.split("\n\n")
            moved = paragraphs.pop(rng.randrange(len(paragraphs)))
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), moved)
            text = "\n\n".join(paragraphs)
            continue
        if kind == "sentence":
            sentences = list(_SENTENCE.finditer(text))
            chosen = sentences[rng.randrange(len(sentences))]
            text = text[:chosen.start()] + _fill(rng, rng.choice(ANSWERS)) + text[chosen.end():]
            continue
        words = list(_WORD.finditer(text))
        chosen = words[rng.randrange(len(words))]
        start, end = chosen.span()
        if kind == "typo":
            at = rng.randrange(start, end)
            text = text[:at] + rng.choice("aeiourstn") + text[at + 1:]
        elif kind == "insert":
            text = text[:start] + rng.choice(_INSERTED) + " " + text[start:]
        else:
            text = text[:start] + text[end:].lstrip(" ")
    return text


def codings(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """`count` coded spans of one to three sentences, as coders select them, some cut inside a word."""
    sentences = list(_SENTENCE.finditer(text))
    spans = []
    for _ in range(count):
        first = rng.randrange(len(sentences) - 3)
        start, end = sentences[first].start(), sentences[first + rng.randint(0, 2)].end()
        first_word = _WORD.match(text, start)
        if first_word and first_word.end() - start > 3 and rng.random() < 0.1:
            start += 2  # a selection that starts inside the first word
        spans.append((start, end))
    return spans


def median_seconds(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and fastest wall time of `repeat` calls: the fastest says what a quiet machine does."""
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings), min(timings)


def alignment_rows(words: int, edits: int, seed: int, repeat: int, skip: Sequence[str]) -> list[Row]:
    """Median seconds of each alignment method on one document of `words` words after `edits` edits."""
    old = document(words, seed)
    new = edit(old, edits, random.Random(seed))
    vocabulary: dict[str, int] = {}
    old_tokens, new_tokens = tokenize(old, vocabulary), tokenize(new, vocabulary)
    rows = [("tokenize both texts", median_seconds(lambda: (tokenize(old, {}), tokenize(new, {})), repeat))]
    methods: tuple[Method, ...] = ("levenshtein", "difflib")
    for method in methods:
        name = f"{method} raw (whole token sequences)"
        if name not in skip:
            raw = partial(base_opcodes, old_tokens.ids, new_tokens.ids, method)
            rows.append((name, median_seconds(raw, repeat)))
        anchored = partial(align, old_tokens, new_tokens, method)
        rows.append((f"{method} anchored (align)", median_seconds(anchored, repeat)))
    print(f"{len(old.split()):,} words, {len(old_tokens.ids):,} tokens, {edits} edits", file=sys.stderr)
    return rows


def reanchor_row(words: int, coded: int, edits: int, seed: int, repeat: int, rewrap: bool) -> Row:
    """Median seconds of reanchor() (TextMap built and every span located) on one edited document."""
    old = document(words, seed)
    new = edit(old, edits, random.Random(seed + 1))
    if rewrap:  # every line of the old text is hard-wrapped, the new one is not: no line is left in common
        old = "\n\n".join(textwrap.fill(paragraph, 70) for paragraph in old.split("\n\n")) + "\n"
    spans = codings(old, coded, random.Random(seed + 2))
    statuses = Counter(found.status for found in reanchor(old, new, spans))
    label = (f"reanchor: {len(old.split()):,} words, {coded} codings, {edits} edits"
             + (", old text hard-wrapped" if rewrap else ""))
    print(f"{label}: {dict(sorted(statuses.items()))}", file=sys.stderr)
    return label, median_seconds(lambda: reanchor(old, new, spans), repeat)


def method_rows(words: int, coded: int, edits: int, seed: int, repeat: int) -> list[str]:
    """reanchor() with each base method under the anchors: median seconds, statuses, spans placed differently."""
    old = document(words, seed)
    new = edit(old, edits, random.Random(seed + 1))
    spans = codings(old, coded, random.Random(seed + 2))
    results: dict[str, list[Anchored]] = {}
    lines = [f"reanchor by base method ({words:,} words, {coded} codings, {edits} edits)",
             f"{'method':<12} {'median s':>8} {'unchanged':>9} {'moved':>6} {'text_changed':>12} {'vanished':>8}"
             f" {'placed unlike levenshtein':>25}"]
    methods: tuple[Method, ...] = ("levenshtein", "difflib")
    for method in methods:
        # TextMap always aligns with the chosen method; the comparison swaps it in for this measurement only.
        vars(anchoring)["align"] = partial(align, method=method)
        try:
            seconds, _ = median_seconds(lambda: reanchor(old, new, spans), repeat)
            results[method] = reanchor(old, new, spans)
        finally:
            vars(anchoring)["align"] = align
        counts = Counter(found.status for found in results[method])
        differ = sum(a != b for a, b in zip(results[method], results["levenshtein"], strict=True))
        lines.append(f"{method:<12} {seconds:8.3f} {counts['unchanged']:9} {counts['moved']:6}"
                     f" {counts['text_changed']:12} {counts['vanished']:8} {differ:25}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the documents and edits (default 1)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000],
                        help="words of the documents the alignment methods are timed on (default 10000 100000)")
    parser.add_argument("--edits", type=int, default=50, help="edits per document (default 50)")
    parser.add_argument("--skip-raw-difflib-above", type=int, default=None, metavar="WORDS",
                        help="skip raw difflib on documents larger than this (it takes over a minute at 100k)")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    load_before = os.getloadavg()[0]
    for words in args.sizes:
        skip = (["difflib raw (whole token sequences)"]
                if args.skip_raw_difflib_above is not None and words > args.skip_raw_difflib_above else [])
        rows += [(f"{words:>7,} words  {name}", seconds)
                 for name, seconds in alignment_rows(words, args.edits, args.seed, args.repeat, skip)]
    rows.append(reanchor_row(20_000, 500, 50, args.seed, args.repeat, rewrap=False))
    rows.append(reanchor_row(100_000, 500, 50, args.seed, args.repeat, rewrap=False))
    rows.append(reanchor_row(100_000, 500, 50, args.seed, args.repeat, rewrap=True))
    width = max(len(name) for name, _ in rows)
    print(f"{'measurement':<{width}}  median s     min s  (of {args.repeat} runs)")
    for name, (median, fastest) in rows:
        print(f"{name:<{width}}  {median:8.3f}  {fastest:8.3f}")
    print()
    print("\n".join(method_rows(20_000, 500, 50, args.seed, args.repeat)))
    print(f"\nload average (1 min) before: {load_before:.2f}, after: {os.getloadavg()[0]:.2f}, cores: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
