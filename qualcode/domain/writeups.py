"""Several write-ups in one file: find the repeating title lines of an appendix of interview reports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.domain.header import FIELD_ALIASES


@dataclass(frozen=True)
class WriteUpPart:
    """One write-up inside a file that holds several; offsets are codepoints, end-exclusive."""

    number: int  # 1, 2, … in file order
    title: str  # the title line as written, without Markdown '#'/'**' marks and surrounding spaces
    start: int  # offset of the title line's first character
    end: int  # offset where the next part's title line starts (or len(text))
    line: int  # 1-based line number of the title line


# A numbering in front of the title: "Bijlage 3.2", "Bijlage B.4:", "Appendix C -", "3.4", "2.".
_NUMBERING = (r"(?P<appendix>(?:bijlage|appendix|annex)\s+[A-Z0-9]{1,3}(?:[.\-]\d{1,3}){0,3}\.?\s*[:.\-–—]?\s+)"
              r"|(?P<number>\d{1,2}(?:\.\d{1,3}){0,3}\.?\s+)")
# The word that says 'this is a write-up'; a lookahead refuses longer words (Interviewverslagen, Interviewer).
_KIND = (r"interviewverslag|gespreksverslag|gespreksnotitie|interviewtranscript|interview|gesprek"
         r"|transcriptie|transcript|verslag(?:\s+van)?(?:\s+(?:het|een))?\s+(?:interview|gesprek)|verslag")
_TITLE = re.compile(
    rf"^(?:{_NUMBERING})?(?P<kind>{_KIND})(?![\w-])"
    r"\s*(?:[-–—:|,]\s*)?(?:met\s+(?:de\s+|het\s+)?)?(?:(?:gemeente|gem\.)\s+)?"
    r"(?P<name>['’‘]?[^\W_].{0,90})$",
    re.IGNORECASE,
)
# The start of a line that may be a title: a fast pre-check, so that a file with fewer than two is not read line
# by line (every import asks).
_TITLE_START = re.compile(rf"^[ \t]*(?:#{{1,6}}\s+)?(?:\*\*|__)?(?:{_NUMBERING})?(?:{_KIND})(?![\w-])",
                          re.IGNORECASE | re.MULTILINE)
_MARKUP = re.compile(r"^\s*(?P<hashes>#{1,6}\s+)?(?:\*\*|__)?(?P<inner>.*?)(?:\*\*|__)?\s*$")
# A table of contents puts a page number after the title, often behind dot leaders or a tab.
_PAGE_NUMBER = re.compile(r"(?P<leader>\s*(?:\.\s*){2,}|\t+|\s{2,}|\s)(?P<page>\d{1,4})$")
_LEADER_PAGE_NUMBER = re.compile(r"(?:\s*(?:\.\s*){2,}|\t+|\s{2,})\d{1,4}$")
# Body lines that show a write-up follows a title: a header field or turn ("Datum: …", "Pieter: …",
# "[00:01] Anna: …", "Gesprekspartners:"), or a bullet of meeting notes.
_LABEL = re.compile(r"^\s*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s*)?(?:\*\*)?"
                    r"(?P<label>[^\W\d_][\w.'’ ()-]{0,39}?)(?:\*\*)?\s*:(?:\*\*)?\s*(?P<value>.*)$")
_BULLET = re.compile(r"^\s*(?:[•◦▪‣∙·o*–-]|\d{1,2}[.)])\s+\S")
_TIMESTAMP = re.compile(r"^\s*[\[(]?\d{1,2}:\d{2}")
# Without field lines or turns, this many words of prose also count as a write-up (condensed reports).
_PROSE_WORDS = 40
_SENTENCE_END = tuple(".!?;,")


@dataclass(frozen=True)
class _Candidate:
    line_index: int
    start: int
    title: str
    shape: tuple[int, str]  # (Markdown heading level, numbering kind): the titles of one appendix share it
    leader_page_number: bool  # "… Kleidorp ........ 14": surely a table-of-contents entry
    ends_in_number: bool  # "… Kleidorp 14": a page number if it stands in a list of such lines


def find_writeups(text: str) -> list[WriteUpPart]:
    """Return the write-ups of a file whose write-up title lines repeat, in order; [] when there is one write-up.

    A title counts when at least one other title of the same shape (numbering, Markdown level) does, and a
    write-up follows it before the next title of that shape: header fields, turns, bullets or prose. Entries of a
    table of contents (page numbers, no body between them) and sentences that mention a write-up are no titles.
    Text before the first title (an introduction) belongs to no part.
    """
    starts = _TITLE_START.finditer(text)
    if next(starts, None) is None or next(starts, None) is None:
        return []
    lines = text.split("\n")
    candidates: list[_Candidate] = []
    # Running totals per line, so that the body between any two titles is counted in constant time.
    body_lines_before = [0]
    words_before = [0]
    toc_like_line: list[bool] = []  # per line: whether the non-blank line above it ends like a contents entry
    offset = 0
    previous_toc_like = False
    for index, line in enumerate(lines):
        candidate = _title_candidate(line, index, offset)
        is_body = False
        words = 0
        if candidate is not None:
            candidates.append(candidate)
        elif line.strip():
            is_body = _is_body_line(line)
            words = len(line.split())
        body_lines_before.append(body_lines_before[-1] + is_body)
        words_before.append(words_before[-1] + words)
        toc_like_line.append(previous_toc_like)
        if line.strip():
            previous_toc_like = _looks_like_toc_entry(line)
        offset += len(line) + 1
    if len(candidates) < 2:
        return []

    accepted_by_shape: dict[tuple[int, str], list[_Candidate]] = {}
    for shape in dict.fromkeys(candidate.shape for candidate in candidates):
        same_shape = [candidate for candidate in candidates if candidate.shape == shape]
        accepted = _with_write_up(same_shape, len(lines), body_lines_before, words_before, toc_like_line)
        if len(accepted) >= 2:
            accepted_by_shape[shape] = accepted
    if not accepted_by_shape:
        return []
    # The most frequent shape is the appendix's title pattern; on a tie, the one that starts first.
    titles = max(accepted_by_shape.values(), key=lambda accepted: (len(accepted), -accepted[0].start))
    ends = [candidate.start for candidate in titles[1:]] + [len(text)]
    return [WriteUpPart(number=number, title=candidate.title, start=candidate.start, end=end,
                        line=candidate.line_index + 1)
            for number, (candidate, end) in enumerate(zip(titles, ends, strict=True), start=1)]


def _with_write_up(same_shape: list[_Candidate], line_count: int, body_lines_before: list[int],
                   words_before: list[int], toc_like_line: list[bool]) -> list[_Candidate]:
    """Return the titles of one shape that a write-up follows, leaving out table-of-contents entries."""
    accepted: list[_Candidate] = []
    for position, candidate in enumerate(same_shape):
        if candidate.leader_page_number:
            continue
        # The last entry of a table of contents may be followed by an introduction in prose; its page
        # number and the list of numbered lines just above it give it away.
        if candidate.ends_in_number and toc_like_line[candidate.line_index]:
            continue
        first = candidate.line_index + 1
        last = same_shape[position + 1].line_index if position + 1 < len(same_shape) else line_count
        has_fields_or_turns = body_lines_before[last] - body_lines_before[first] > 0
        if has_fields_or_turns or words_before[last] - words_before[first] >= _PROSE_WORDS:
            accepted.append(candidate)
    return accepted


def _title_candidate(line: str, index: int, offset: int) -> _Candidate | None:
    """Return the line as a possible write-up title, or None when it has not the form of one."""
    if len(line) > 160 or not line.strip():
        return None
    markup = _MARKUP.match(line)
    if markup is None:  # pragma: no cover - the pattern matches every line without a newline
        return None
    inner = markup["inner"]
    # The name may end in a page number here; _PAGE_NUMBER tells them apart below.
    match = _TITLE.match(inner)
    if match is None or inner.endswith(_SENTENCE_END) or len(match["name"].split()) > 10:
        return None
    without_page = _PAGE_NUMBER.sub("", inner)
    numbering = "appendix" if match["appendix"] else "number" if match["number"] else "none"
    level = len(markup["hashes"].strip()) if markup["hashes"] else 0
    return _Candidate(line_index=index, start=offset, title=inner, shape=(level, numbering),
                      leader_page_number=_LEADER_PAGE_NUMBER.search(inner) is not None,
                      ends_in_number=without_page != inner)


def _is_body_line(line: str) -> bool:
    """Whether a line is part of a write-up: a header field, a speaker turn, a timestamp or a bullet."""
    if _BULLET.match(line) or _TIMESTAMP.match(line):
        return True
    label = _LABEL.match(line)
    if label is None:
        return False
    key = label["label"].strip().lower()
    # A known header key may stand alone ("Gesprekspartners:"); a speaker label carries words.
    return key in FIELD_ALIASES or (bool(label["value"]) and len(key.split()) <= 4)


def _looks_like_toc_entry(line: str) -> bool:
    """Whether a line ends like an entry of a table of contents ('2 Methode 5', 'Bijlage 3.1 … 14')."""
    stripped = line.strip()
    return (len(stripped) <= 160 and stripped[-1].isdigit() and _PAGE_NUMBER.search(stripped) is not None
            and any(char.isalpha() for char in stripped))

