"""Cleaning of printed-page layout: hard-wrapped lines rejoined, line-end hyphens resolved, page footers dropped."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from qualcode.domain.hyphens import hyphen_warnings, resolve_hyphens
from qualcode.domain.line_kinds import (
    BULLET,
    ends_sentence,
    example_list,
    is_header_field,
    is_list_key,
    is_section,
    is_title,
    label_of,
    starts_paragraph,
)
from qualcode.domain.page_furniture import furniture_key, running_lines

__all__ = ["CleanedText", "clean_layout"]


@dataclass(frozen=True)
class CleanedText:
    """A transcript text after layout cleaning, and what the cleaning did."""

    text: str  # the cleaned text
    warnings: tuple[str, ...]  # what was rejoined or dropped, in words a researcher understands
    changed: bool  # False when the text was left exactly as given


_MIN_PRINTED_LINES = 6
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|$)", re.MULTILINE)
_MAX_PRINTED_WIDTH = 160  # a printed column holds fewer characters than this; Word paragraphs are longer
# A line ended on purpose when the next word would have fitted in this share of the column width. Measured on a
# 312-page appendix made by LibreOffice (bench/bench_pdf.py): 0.9 splits no paragraph and merges fewest.
_FULL = 0.9
_SPACES = re.compile(r"\s+")
# The rest of a title wrapped onto a second printed line is a few words ("Elsenburg"); longer, it is a subtitle.
_TITLE_REST_WORDS = 4
# Words a title does not end with: the name of the municipality or a further word follows.
_OPEN_ENDS = frozenset({"gemeente", "van", "de", "het", "met", "in", "voor", "en", "bij", "te"})
_NAME_PARTICLES = frozenset({"van", "de", "der", "den", "aan", "op", "het", "ter", "ten", "in", "bij"})
# Headings that stand alone right below a title and are no part of it.
_HEADINGS = frozenset({"inhoud", "inhoudsopgave", "samenvatting", "inleiding", "bijlage", "bijlagen", "contents"})


def clean_layout(text: str) -> CleanedText:
    """Rejoin hard-wrapped text into paragraphs, resolve line-end hyphens and drop running headers and footers.

    Text that is not hard-wrapped and holds no page breaks comes back exactly as given: a verbatim transcript
    writes a speaker breaking off as `ge- gewoon`, and that is what was said.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    front = _front_matter(text[len(bom):])
    if front:
        # YAML front matter is the header as its writer typed it: never reflowed, only the text below it.
        rest = clean_layout(text[len(bom) + len(front):])
        return CleanedText(bom + front + rest.text, rest.warnings, rest.changed) if rest.changed \
            else CleanedText(text, (), False)
    body = text[len(bom):]
    if "\f" not in body and not _looks_hard_wrapped(body):
        return CleanedText(text, (), False)
    page_texts = body.split("\f")
    pages = [page.split("\n") for page in page_texts]
    dropped = running_lines(page_texts, pages)
    lines, dropped_texts = _printed_lines(pages, dropped)
    blocks, paragraphs = _paragraphs(lines)
    joined, rejoined, kept, left_alone = resolve_hyphens("\n\n".join(blocks) + "\n")
    printed = sum(1 for line in lines if not line.header)
    warnings = [f"hard-wrapped text: {printed} printed lines rejoined into {paragraphs} paragraphs"]
    warnings += hyphen_warnings(rejoined, kept, left_alone)
    if dropped_texts:
        examples = example_list(dropped_texts, furniture_key, quote="'")
        warnings.append(f"{len(dropped_texts)} running header/footer lines dropped ({examples})")
    return CleanedText(bom + joined, tuple(warnings), bom + joined != text)


def _front_matter(text: str) -> str:
    """The YAML front matter block at the top ('---' … '---' and its line end), or '' when there is none."""
    if not text.startswith("---\n"):
        return ""
    match = _FRONT_MATTER_END.search(text, 4)
    return text[:match.end()] if match else ""


def _continues(previous: str, line: str) -> bool:
    """Whether `line` reads as the rest of `previous`'s sentence (the sign of a printed line break)."""
    return (not ends_sentence(previous) and line[0].islower()) or previous.endswith("-")


def _looks_hard_wrapped(text: str) -> bool:
    """Most paragraphs are single printed lines: similar widths, and sentences running on into the next line."""
    lines = [line.strip() for line in text.split("\n")]
    printed = [line for line in lines if line]
    if len(printed) < _MIN_PRINTED_LINES:
        return False
    lengths = sorted(len(line) for line in printed)
    width = lengths[int(len(lengths) * 0.9)]
    if width > _MAX_PRINTED_WIDTH:
        return False
    running_on = sum(1 for previous, line in itertools.pairwise(printed) if _continues(previous, line))
    wide = sum(1 for length in lengths if length >= 0.6 * width)
    return running_on >= 0.15 * len(printed) and wide >= 0.3 * len(printed)


# -- printed lines into paragraphs ----------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    break_before: bool  # an empty line that marks a new paragraph stood before it
    header: bool = False
    labelled: bool = False  # starts with `Name:` or `Key:`
    section: bool = False  # a numbered section title


def _printed_lines(pages: list[list[str]], dropped: set[tuple[int, int]]) -> tuple[list[_Line], list[str]]:
    """The kept non-empty lines in order, each knowing whether an empty line meant a paragraph break before it."""
    filled = [line for page in pages for line in page if line.strip()]
    followed_by_blank = sum(1 for page in pages for line, after in itertools.pairwise(page)
                            if line.strip() and not after.strip())
    # Text copied out of a PDF often has an empty line after every printed line; then only two mark a paragraph.
    blanks_for_break = 2 if followed_by_blank >= 0.7 * max(1, len(filled) - 1) else 1
    lines: list[_Line] = []
    dropped_texts: list[str] = []
    blanks = 0
    after_dropped = False
    for page_number, page in enumerate(pages):
        for index, raw in enumerate(page):
            line = raw.strip()
            if (page_number, index) in dropped:
                dropped_texts.append(_SPACES.sub(" ", line))
                # A footer inside a sentence leaves no paragraph break behind, nor do the empty lines around it.
                blanks, after_dropped = 0, True
            elif not line:
                blanks += 0 if after_dropped else 1
            else:
                lines.append(_Line(line, break_before=blanks >= blanks_for_break))
                blanks, after_dropped = 0, False
        blanks = 0  # a page break is no paragraph break: a sentence may run on over it
    return lines, dropped_texts


def _paragraphs(lines: list[_Line]) -> tuple[list[str], int]:
    """Blocks of output text: header blocks keep a line each, paragraphs are joined with spaces."""
    body_lengths = sorted(len(line.text) for line in lines) or [0]
    width = body_lengths[int(len(body_lengths) * 0.95)]
    blocks: list[str] = []
    current: list[str] = []
    in_header = True
    in_list = False
    paragraphs = 0

    def close(header: bool) -> None:
        nonlocal paragraphs
        if current:
            blocks.append(("\n" if header else " ").join(current))
            paragraphs += 0 if header else 1
            current.clear()

    previous: _Line | None = None
    for line in lines:
        text = line.text
        line.labelled, line.section = label_of(text) is not None, is_section(text)
        if previous is not None and previous.header and blocks and blocks[-1] == previous.text \
                and is_title(previous.text) and _rest_of_title(previous.text, line):
            blocks[-1] += " " + text  # a title too wide for one printed line: "Interviewverslag gemeente | Elsenburg"
            line.header, previous = True, line
            continue
        if in_header and current and text[0].islower() and previous is not None \
                and not _fits(previous.text, text, width) and not starts_paragraph(text):
            current[-1] += " " + text  # a header value wrapped onto the next printed line
            continue
        if is_title(text):
            # A write-up's title stands alone, as Word writes it; the next write-up in an appendix starts here.
            close(header=in_header)
            current.append(text)
            close(header=True)
            in_header, in_list, line.header, previous = True, False, True, line
            continue
        if not in_header and line.labelled and is_header_field(text):
            close(header=False)  # the header of the next write-up in an appendix, which has no title line
            in_header = True
        if in_header and (is_header_field(text) or (in_list and _is_list_entry(text, width))):
            in_list = is_list_key(text) or (in_list and not is_header_field(text))
            line.header = True
            current.append(text)
            previous = line
            continue
        if in_header:
            close(header=True)
            in_header = in_list = False
        elif previous is not None and _breaks(previous, line, width, in_bullet=bool(BULLET.match(current[0]))):
            close(header=False)
        current.append(text)
        previous = line
    close(header=in_header)
    return blocks, paragraphs


def _rest_of_title(title: str, line: _Line) -> bool:
    """Whether `line` is the end of a title wrapped onto a second printed line: a few words, no field or heading."""
    text = line.text
    words = text.split()
    if line.break_before or len(words) > _TITLE_REST_WORDS or len(text) >= len(title) or not title[-1].isalnum():
        return False
    if starts_paragraph(text) or ends_sentence(text) or text.lower() in _HEADINGS:
        return False
    # Cut off after a word that cannot end it ("gemeente", "van"), or followed by a name: not a heading of its own
    # such as "Context en ambities".
    return title.rsplit(" ", 1)[-1].lower() in _OPEN_ENDS or all(
        word[0].isupper() or word[0] in "'’" or word.lower() in _NAME_PARTICLES for word in words)


def _is_list_entry(line: str, width: int) -> bool:
    return len(line) < 0.8 * width and not ends_sentence(line) and label_of(line) is None and not is_section(line)


def _fits(previous: str, line: str, width: int) -> bool:
    """Whether the first word of `line` would clearly have fitted on `previous`: then `previous` ended on purpose."""
    first_word = line.split(" ", 1)[0]
    return len(previous) + 1 + len(first_word) < _FULL * width


def _breaks(previous_line: _Line, line: _Line, width: int, *, in_bullet: bool) -> bool:
    text, previous = line.text, previous_line.text
    if line.break_before or line.labelled or line.section or previous_line.section:
        return True
    if BULLET.match(text):
        # Outside a list, a dash at the start of a printed line may be a dash inside a running sentence.
        return in_bullet or not (text[0] in "-–" and not ends_sentence(previous) and text[2:3].islower()
                                 and not _fits(previous, text, width))
    if previous.endswith("-") or not _fits(previous, text, width):
        return False
    return ends_sentence(previous) or text[0].isupper()


