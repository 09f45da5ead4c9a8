"""The one sentence segmenter: exact codepoint spans inside a turn's words, aware of Dutch abbreviations.

A spaCy sentencizer splits after every "." token and is fooled by quotes, ellipses and abbreviations it does
not know; transcripts need exact, predictable spans, so boundaries come from these rules on both the model
and the fallback path (see qualcode.nlp.pipeline for what the model adds).
"""

from __future__ import annotations

import re

# Abbreviations that never end a sentence, even before a capital ("o.a. Breda", "dhr. Jansen").
NEVER_FINAL = frozenset({
    "o.a.", "bijv.", "bv.", "b.v.", "d.w.z.", "m.b.t.", "t.o.v.", "i.p.v.", "z.s.m.", "ca.", "dhr.", "mevr.",
    "mw.", "nr.", "blz.", "e.d.", "e.a.", "m.n.", "i.v.m.", "t.a.v.", "t.b.v.", "a.s.", "jl.", "resp.", "evt.",
    "incl.", "excl.", "mr.", "dr.", "drs.", "ir.", "ing.", "prof.", "ong.", "vnl.", "o.b.v.", "m.u.v.", "a.d.h.v.",
    "n.a.v.", "i.o.m.", "i.s.m.", "zgn.", "zg.", "vgl.", "cf.", "max.", "min.", "gem.", "mln.", "mld.", "art.",
    "pag.", "vs.", "wo.", "z.g.a.n.", "c.q.", "t/m.", "sr.", "jr.", "st.", "tel.", "ivm.", "ipv.", "tov.", "mbt.",
    "oa.", "dwz.", "bijvoorb.", "etc.,", "aug.", "sept.", "okt.", "nov.", "dec.", "jan.", "feb.", "mrt.", "apr.",
    "jun.", "jul.",
})
# A boundary candidate: final punctuation, closing quotes or brackets, then space and the next sentence's start.
_BOUNDARY = re.compile(r"(?:[.!?]+|…)[\"”’'»)\]]*(?=\s+[\"“„‘'«(\[]?[A-ZÀ-Ý0-9])")
_PREVIOUS_TOKEN = re.compile(r"(\S+)$")
_INITIAL = re.compile(r"^[\"“„‘(]?[A-ZÀ-Ý]\.$")
_HAS_WORD = re.compile(r"\w")


def segment(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the sentence spans (start, end-exclusive) of text[start:end], whitespace trimmed."""
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in _BOUNDARY.finditer(text, start, stop):
        if match.group().startswith(".") and not _ends_sentence(text, sentence_start, match.start(),
                                                                match.group()):
            continue
        _append(text, spans, sentence_start, match.end())
        sentence_start = match.end()
    _append(text, spans, sentence_start, stop)
    return spans


def _ends_sentence(text: str, sentence_start: int, dot: int, punctuation: str) -> bool:
    if punctuation.startswith("..."):
        return True
    token = _PREVIOUS_TOKEN.search(text, sentence_start, dot + 1)
    if token is None:
        return True
    word = token.group(1).lower().lstrip("\"“„‘(")
    if word in NEVER_FINAL:
        return False
    if word[:-1].isdigit() and not text[sentence_start:token.start()].strip():
        return False  # "1. Wat is uw rol?": the number of a question or list item, not a sentence of its own
    return not _INITIAL.match(token.group(1))


def _append(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and _HAS_WORD.search(text, start, end):
        spans.append((start, end))
