"""WebVTT and SRT exports (Teams, Zoom, Whisper) turned into a readable transcript text with turns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.domain.errors import TranscriptError

_TIMING = re.compile(
    r"^\s*(?P<start>(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<end>(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|</v>")
_ORGANISATION = re.compile(r"\s*\([^)]*\)\s*$")
_NAME_PREFIX = re.compile(r"^(?P<name>[^\W\d_][\w.'’ -]{0,40}?)\s*:\s+(?P<words>.*)$", re.DOTALL)


@dataclass(frozen=True)
class Cue:
    """One subtitle cue: its times, speaker (if named) and words."""

    start: str
    end: str
    speaker: str | None
    words: str
    line: int


@dataclass(frozen=True)
class SubtitleTranscript:
    """The text built from merged cues, plus the end time of each turn in order."""

    text: str
    turn_end_times: tuple[str, ...]


def parse_cues(text: str, fmt: str) -> tuple[list[str], list[Cue]]:
    """Return the header lines (VTT NOTE block) and the cues of a VTT or SRT text."""
    header_lines: list[str] = []
    cues: list[Cue] = []
    for index, (block_line, lines) in enumerate(_blocks(text)):
        if index == 0 and fmt == "vtt":
            if not lines[0].startswith("WEBVTT"):
                raise TranscriptError("a WebVTT file must start with 'WEBVTT'", line=1,
                                      hint="export the transcript again as .vtt, or save it as .txt")
            lines = lines[1:]
            if not lines:
                continue
        if lines and lines[0].startswith("NOTE"):
            header_lines.extend(line for line in [lines[0][4:].strip(), *lines[1:]] if line.strip())
            continue
        if lines and lines[0].startswith(("STYLE", "REGION")):
            continue
        timing_at = next((i for i, line in enumerate(lines) if _TIMING.match(line)), None)
        if timing_at is None:
            if any(line.strip() for line in lines):
                raise TranscriptError("a cue without a timing line ('00:00:01.000 --> 00:00:04.000')",
                                      line=block_line, hint="check the subtitle file; each cue needs a timing")
            continue
        timing = _TIMING.match(lines[timing_at])
        assert timing is not None
        raw = "\n".join(lines[timing_at + 1:]).strip()
        speaker, words = _speaker_and_words(raw)
        if words:
            cues.append(Cue(timing["start"], timing["end"], speaker, words, block_line))
    if not cues:
        raise TranscriptError(f"no cues found in this {fmt.upper()} file", line=1,
                              hint="a cue is a timing line '00:00:01.000 --> 00:00:04.000' and its text")
    return header_lines, cues


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Split a subtitle text into blocks separated by blank lines, each with the number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.lstrip("\ufeff").replace("\r\n", "\n").split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def speaker_name(voice: str) -> str:
    """A voice as people read it: Teams writes 'Smit, Pieter (BZK)' and 'Vries, Jan de' for Pieter Smit and
    Jan de Vries; the organisation in brackets is not part of the name."""
    name = _ORGANISATION.sub("", voice).strip()
    surname, comma, given = name.partition(",")
    if comma and given.strip() and "," not in given and surname.strip()[:1].isupper():
        return f"{given.strip()} {surname.strip()}"
    return name or voice.strip()


def _speaker_and_words(raw: str) -> tuple[str | None, str]:
    voice = _VOICE.search(raw)
    speaker = speaker_name(voice[1]) if voice else None
    words = " ".join(_TAG.sub("", raw).split())
    if speaker is None:
        prefix = _NAME_PREFIX.match(words)
        if prefix and len(prefix["name"].split()) <= 4 and prefix["name"][0].isupper():
            speaker, words = prefix["name"].strip(), prefix["words"].strip()
    return speaker, words


def _clock(timestamp: str) -> str:
    """Return hh:mm:ss for a cue timestamp (milliseconds dropped for display)."""
    main = re.split(r"[.,]", timestamp)[0]
    parts = main.split(":")
    if len(parts) == 2:
        parts.insert(0, "00")
    return ":".join(part.zfill(2) for part in parts)


def subtitles_to_text(text: str, fmt: str) -> SubtitleTranscript:
    """Merge consecutive cues of one speaker and write them as '[hh:mm:ss] Name: words' turns."""
    header_lines, cues = parse_cues(text, fmt)
    out: list[str] = [*header_lines, ""] if header_lines else []
    ends: list[str] = []
    merged: list[tuple[Cue, list[str], str]] = []
    for cue in cues:
        if merged and merged[-1][0].speaker == cue.speaker:
            first, words, _ = merged[-1]
            words.append(cue.words)
            merged[-1] = (first, words, cue.end)
        else:
            merged.append((cue, [cue.words], cue.end))
    for first, words, end in merged:
        label = f"{first.speaker}: " if first.speaker else ""
        out.append(f"[{_clock(first.start)}] {label}{' '.join(words)}")
        out.append("")
        ends.append(_clock(end))
    return SubtitleTranscript(text="\n".join(out).rstrip("\n") + "\n", turn_end_times=tuple(ends))
