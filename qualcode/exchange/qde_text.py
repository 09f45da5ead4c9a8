"""A source's text as qualcode stores it (`\\n` line ends, no byte-order mark, no control characters) and the
selections' offsets moved onto it, read the way the writing program really counted them.

REFI-QDA counts Unicode codepoints in the file. Some programs count otherwise: CR LF as one character (they read
the file with universal newlines), a line end as two (CR LF) in a file written with LF, UTF-16 units (an emoji counts
two), UTF-8 bytes, or the byte-order mark as a character. Each way of counting that the text makes possible is
tried; the file's own (codepoints as written) is kept unless another puts strictly more selections on word
boundaries as clean runs of words, and any change is reported.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # C0 controls except \t \n \v \f \r, and DEL
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


@dataclass(frozen=True)
class Normalised:
    """A source's stored text, how its offsets were read, and what was changed on the way."""

    text: str
    spans: list[tuple[int, int] | None]  # per selection: its span in `text`, or None when it does not fit
    counting: str  # how the writer counted, in words ("codepoints", "CR LF as one character", …)
    notices: list[str]


def decode_plain(raw: bytes) -> tuple[str, bool, list[str]]:
    """Return the text of a plain-text source file, whether it began with a byte-order mark, and warnings."""
    if raw.startswith(codecs.BOM_UTF8):
        raw, bom = raw[3:], True
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), True, ["the file is UTF-16, not UTF-8 as REFI-QDA asks; read"]
    else:
        bom = False
    try:
        return raw.decode("utf-8"), bom, []
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), bom, [
            "the file is not UTF-8 as REFI-QDA asks; read as Windows-1252 (check accented letters)"]


class _Units:
    """Maps an offset counted in units (UTF-16 units, UTF-8 bytes) to a codepoint index of text; None when the
    offset falls inside a character."""

    def __init__(self, text: str, wide: re.Pattern[str], width: Callable[[str], int]) -> None:
        self.starts: list[int] = []
        self.widths: list[int] = []
        self.extra: list[int] = []  # extra units of this and every earlier wide character
        extra = 0
        for match in wide.finditer(text):
            units = width(match.group())
            self.starts.append(match.start() + extra)
            self.widths.append(units)
            extra += units - 1
            self.extra.append(extra)

    def index(self, offset: int) -> int | None:
        k = bisect_right(self.starts, offset) - 1
        if k < 0:
            return offset
        if offset == self.starts[k]:
            return offset - (self.extra[k - 1] if k else 0)
        if offset < self.starts[k] + self.widths[k]:
            return None
        return offset - self.extra[k]


def normalise(raw_text: str, selections: Sequence[tuple[int, int]], *, had_bom: bool = False) -> Normalised:
    """Store the text with `\\n` line ends and without control characters, and move every selection onto it."""
    text0 = raw_text[1:] if raw_text.startswith("\ufeff") else raw_text
    had_bom = had_bom or text0 is not raw_text
    crlf = [m.start() for m in re.finditer("\r\n", text0)]
    controls = [m.start() for m in _CONTROL.finditer(text0)]
    deleted = sorted({*crlf, *controls})
    stored = _CONTROL.sub("", text0.replace("\r\n", "\n")).replace("\r", "\n")
    notices: list[str] = ["byte-order mark at the start removed"] if had_bom else []
    if crlf:
        notices.append(f"line ends: {len(crlf):,} CR LF made \\n")
    if controls:
        notices.append(f"removed {len(controls):,} control characters")

    def to_stored(index: int | None) -> int | None:
        return None if index is None or not 0 <= index <= len(text0) else index - bisect_left(deleted, index)

    # Each way of counting as a maker of its reader, so that a text read right the first way builds no other.
    makers: list[tuple[str, Callable[[], Callable[[int], int | None]]]] = [("codepoints", lambda: lambda o: o)]
    if crlf:
        makers.append(("CR LF as one character", lambda: _crlf_reader(crlf)))
    if "\n" in text0:
        makers.append(("each line end as two characters (CR LF, though the file has LF)",
                       lambda: _lf_as_two_reader(text0)))
    if _ASTRAL.search(text0):
        makers.append(("UTF-16 units", lambda: _Units(text0, _ASTRAL, lambda ch: 2).index))
    if _NON_ASCII.search(text0):
        makers.append(("UTF-8 bytes", lambda: _Units(text0, _NON_ASCII, lambda ch: len(ch.encode("utf-8"))).index))
    if had_bom:
        makers += [(f"{name}, the byte-order mark counted", _bom_counted(make)) for name, make in makers]

    best: tuple[tuple[int, int, int], str, list[tuple[int, int] | None]] | None = None
    for name, make in makers:
        read = make()
        spans = [_span(to_stored(read(start)), to_stored(read(end))) for start, end in selections]
        on_words = [span for span in spans if span is not None and _on_boundaries(stored, *span)]
        # then: fewer selections that fit nowhere, more that are clean runs of words
        score = (len(on_words), -sum(1 for span in spans if span is None),
                 sum(1 for start, end in on_words if _clean(stored, start, end)))
        if best is None or score > best[0]:
            best = (score, name, spans)
        if score == (len(selections), 0, len(selections)):  # every selection a clean run of words: no doubt
            break
    assert best is not None
    _, counting, spans = best
    if counting != "codepoints":
        notices.append(f"offsets: the writer counted {counting} (not codepoints, as REFI-QDA asks); "
                       f"{len(selections):,} selections read that way")
    return Normalised(stored, spans, counting, notices)


def _crlf_reader(crlf: list[int]) -> Callable[[int], int | None]:
    """Offsets of a writer that read CR LF as one character, as offsets in the text as written."""
    crlf_in_writer = [p - k for k, p in enumerate(crlf)]
    return lambda offset: offset + bisect_right(crlf_in_writer, offset)


def _lf_as_two_reader(text: str) -> Callable[[int], int | None]:
    """Offsets of a writer that counted a line end as CR LF while the file it wrote has LF alone."""
    lf_in_writer = [m.start() + k for k, m in enumerate(re.finditer("(?<!\r)\n", text))]
    return lambda offset: offset - bisect_left(lf_in_writer, offset)


def _bom_counted(make: Callable[[], Callable[[int], int | None]]) -> Callable[[], Callable[[int], int | None]]:
    """The same way of counting by a writer that also counted the byte-order mark as a character."""
    def maker() -> Callable[[int], int | None]:
        read = make()
        return lambda offset: read(offset - 1) if offset >= 1 else None
    return maker


def _clean(text: str, start: int, end: int) -> bool:
    """A selection as people make them: no white space at either edge, and a word (or emoji) in it."""
    return not text[start].isspace() and not text[end - 1].isspace() and \
        any(_wordish(character) for character in text[start:min(end, start + 200)])


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    if start is None or end is None or start >= end:
        return None
    return start, end


def _on_boundaries(text: str, start: int, end: int) -> bool:
    if end > len(text):
        return False
    return _boundary(text, start) and _boundary(text, end)


_JOINERS = "-'’"  # inside a word between letters: 's-Hertogenbosch, zo'n, Noëlle’s


def _boundary(text: str, index: int) -> bool:
    """Whether a selection may start or end here: not inside a word (a hyphen or apostrophe between letters or
    digits is inside one)."""
    if index <= 0 or index >= len(text):
        return True
    before, after = text[index - 1], text[index]
    if _wordish(before) and _wordish(after):
        return False
    if _wordish(before) and after in _JOINERS:
        return not (index + 1 < len(text) and _wordish(text[index + 1]))
    if before in _JOINERS and _wordish(after):
        return not (index >= 2 and _wordish(text[index - 2]))
    return True


def _wordish(character: str) -> bool:
    """Letters, digits and symbols (an emoji, €, ₂): a selection does not cut between two of them."""
    return character.isalnum() or unicodedata.category(character)[0] == "S"
