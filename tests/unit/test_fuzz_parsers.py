"""Hypothesis fuzz of the parsers that read what users hand in: any input ends in a parse or a QualcodeError."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.domain.cases import parse_cases
from qualcode.domain.codebook import parse_codebook
from qualcode.domain.errors import QualcodeError
from qualcode.domain.header import parse_header
from qualcode.domain.transcript import parse_transcript
from qualcode.project.importer import read_source

FUZZ = settings(max_examples=800, deadline=timedelta(seconds=20), derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# Pieces that real and hostile files are made of, so that random text reaches the interesting paths.
TRANSCRIPT_PIECES = ["Gemeente: Hoogveen", "Gesprekspartner: Els Verhoef (beleidsadviseur)", "Datum: 3 maart 2025",
                     "I:", "R:", "Interviewer:", "Els:", "1. Inleiding", "---", "...", "WEBVTT", "00:00:01.000 --> "
                     "00:00:02.000", "<v Els>", "\u202e", "\u200b", "\x0c", "\t", "- ", "Aanwezig:", "‘", "”", "ge-",
                     "Het gaat goed.", "Wat vindt u?", "", " "]
YAML_PIECES = ["codes:", "- id: a", "  name: A", "    type: barrier", "children:", "&x", "*x", "!!binary", "[", "]",
               "{", "}", "? ", ": ", "- ", "  ", "\t", "keywords: [a, b]", "name: Basis", "types:", "'", '"', "#",
               "\u202e", "---", "<<: *x", "!code", "0x1F", "~", "null", "yes"]
CSV_PIECES = ["gemeente", "inwoners", "provincie", ",", ";", '"', '""', "\n", "\r\n", "Hoogveen", "24.500", "-1",
              "99999999999", "ja", "nee", "2025-03-01", "\u200b", "=cmd|' /C calc'!A0", " ", "1,5"]


def pieces(alphabet: list[str], max_size: int = 40) -> st.SearchStrategy[str]:
    joiners = st.sampled_from(["\n", " ", "", ": "])
    return st.lists(st.tuples(st.sampled_from(alphabet) | st.text(max_size=8), joiners),
                    max_size=max_size).map(lambda parts: "".join(a + b for a, b in parts))


@pytest.mark.slow
@FUZZ
@given(text=pieces(TRANSCRIPT_PIECES) | st.text(max_size=400), fmt=st.sampled_from(["txt", "md"]))
def test_any_text_is_a_transcript_or_a_clear_error(text: str, fmt: str) -> None:
    try:
        parsed = parse_transcript(text, fmt)
    except QualcodeError as error:
        assert str(error)
        return
    for turn in parsed.turns:
        assert 0 <= turn.start <= turn.end <= len(parsed.text)


@pytest.mark.slow
@FUZZ
@given(raw=st.binary(max_size=600) | pieces(TRANSCRIPT_PIECES).map(lambda t: t.encode("utf-8", "surrogatepass")),
       name=st.sampled_from(["x.txt", "x.md", "x.vtt", "x.srt"]))
def test_any_bytes_are_read_or_refused_clearly(raw: bytes, name: str) -> None:
    try:
        source = read_source(Path(name), raw)
        parse_transcript(source.text, source.format, cue_end_times=source.cue_end_times)
    except QualcodeError as error:
        assert str(error)


@FUZZ
@given(text=pieces(TRANSCRIPT_PIECES, 20) | st.text(max_size=300))
def test_any_header_is_read_or_refused_clearly(text: str) -> None:
    try:
        _header, warnings = parse_header(text)
    except QualcodeError as error:
        assert str(error)
        return
    assert all(isinstance(w, str) for w in warnings)


@FUZZ
@given(text=pieces(YAML_PIECES) | st.text(max_size=300))
def test_any_codebook_text_is_a_codebook_or_a_clear_error(text: str) -> None:
    try:
        book = parse_codebook(text)
    except QualcodeError as error:
        assert str(error)
        return
    assert len({code.key for code in book.codes}) == len(book.codes)


@FUZZ
@given(text=pieces(CSV_PIECES, 60) | st.text(max_size=300))
def test_any_cases_text_is_cases_or_a_clear_error(text: str) -> None:
    try:
        records = parse_cases(text)
    except QualcodeError as error:
        assert str(error)
        return
    assert len({record.key for record in records}) == len(records)
