"""Cleaning of printed-page layout: hard-wrapped lines rejoined, line-end hyphens resolved, page footers dropped."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["CleanedText", "clean_layout"]


@dataclass(frozen=True)
class CleanedText:
    """A transcript text after layout cleaning, and what the cleaning did."""

    text: str  # the cleaned text
    warnings: tuple[str, ...]  # what was rejoined or dropped, in words a researcher understands
    changed: bool  # False when the text was left exactly as given


_EXAMPLES = 3
_MIN_PRINTED_LINES = 6
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\n|$)", re.MULTILINE)
_MAX_PRINTED_WIDTH = 160  # a printed column holds fewer characters than this; Word paragraphs are longer
_EDGE_LINES = 3
# A line ended on purpose when the next word would have fitted in this share of the column width. Measured on a
# 312-page appendix made by LibreOffice (bench/bench_pdf.py): 0.9 splits no paragraph and merges fewest.
_FULL = 0.9  # running headers and footers sit among the first or last lines of a page

_SENTENCE_END = frozenset(".!?…:")
_CLOSERS = "\"'”’»)]"
_TIME = r"[\[(]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])][ \t]*"
# A label is one to four words that start with a capital (the capital is checked in code), then a colon.
_LABEL = re.compile(rf"^(?:{_TIME})?(?:\*\*)?([^\W\d_][\w.'’()-]*(?: [\w.'’()-]+){{0,3}}?)(?:\*\*)?:(?:\*\*)?(?:\s|$)")
_SECTION = re.compile(r"^(?:#{1,6}\s*)?(?:(?:thema|onderwerp|deel|blok|topic)\s+)?\d{1,2}[.):]\s+\S", re.IGNORECASE)
_SECTION_FIRST = frozenset("#0123456789TtOoDdBb")  # what _SECTION can start with: most lines fail at once
_BULLET = re.compile(r"^[•o\-–*▪◦·]\s+\S")
_TITLE = re.compile(r"^(?:bijlage\s+[\w.]+\s+)?(?:interviewverslag|gespreksverslag|verslag|interview|transcript|"
                    r"transcriptie|notulen)\b", re.IGNORECASE)
_HEADER_KEYS = frozenset({
    "gemeente", "municipality", "gesprekspartner", "gesprekspartners", "gesprekspartner(s)", "respondent",
    "respondenten", "respondent(en)", "respondents", "interviewee", "interviewees", "geïnterviewde",
    "geïnterviewden", "geinterviewde", "functie", "functies", "rol", "role", "function", "datum", "date",
    "datum interview", "gespreksdatum", "interviewer", "interviewers", "interviewer(s)", "interviewster",
    "gespreksleider", "organisatie", "organisation", "organization", "locatie", "location", "plaats", "titel",
    "title", "gesprekstype", "type gesprek", "type verslag", "tijd", "duur", "aanwezig", "aanwezigen", "notulist",
    "provincie", "casus", "initiatief",
})
# Keys that also label a turn ("Interviewer: Hoe begon het?"): a header field only with a short, plain value.
_TURN_KEYS = frozenset({"interviewer", "interviewers", "interviewster", "respondent", "respondenten", "interviewee",
                        "gesprekspartner", "geïnterviewde", "geinterviewde"})
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
# A line of at most 100 characters with a digit that is only a number ("14", "- 14 -", "3/12") or names a page
# ("Pagina 3 van 12", "Rapport | 27"); one search over a page finds them all.
_FOOTER_LINE = re.compile(r"^(?=[^\n]{1,100}$)(?=[^\n]*\d)(?:(?:[^\w\n]|\d)+|[^\n]*?(?:pagina|page|blz|\|)[^\n]*)$",
                          re.IGNORECASE | re.MULTILINE)

# Hyphen followed by one space inside a line, before a word character: "energie- label". The pattern starts with
# its literal so the search skips ahead fast; that a word character stands before it is checked in code.
_INLINE_HYPHEN = re.compile(r"- (?=\w)")
_WORD_CHAIN = re.compile(r"\w+(?:-\w+)*")
_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»/…*•"
# "wet- en regelgeving", "zonne- of windenergie": a dangling hyphen before a conjunction is Dutch spelling.
_CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "dan", "als", "and", "or"})
# Prefixes that Dutch writes with a hyphen whatever follows: oud-wethouder, ex-collega, niet-roker.
_HYPHEN_PREFIXES = frozenset({"ex", "oud", "niet", "vice", "adjunct", "loco", "interim", "non"})
# Vowel pairs that would read as one sound when joined (klinkerbotsing): zonne-energie, auto-ongeluk.
_VOWEL_CLASHES = frozenset({"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu"})


def clean_layout(text: str) -> CleanedText:
    """Rejoin hard-wrapped text into paragraphs, resolve line-end hyphens and drop running headers and footers.

    Text that is not hard-wrapped and holds no page breaks comes back as given, apart from a hyphen left
    dangling inside a line by copying from a PDF ("energie- label").
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
        joined, rejoined, kept = _resolve_hyphens(body)
        if joined == body:
            return CleanedText(text, (), False)
        return CleanedText(bom + joined, tuple(_hyphen_warnings(rejoined, kept, at_line_end=False)), True)
    page_texts = body.split("\f")
    pages = [page.split("\n") for page in page_texts]
    dropped = _running_lines(page_texts, pages)
    lines, dropped_texts = _printed_lines(pages, dropped)
    blocks, paragraphs = _paragraphs(lines)
    joined, rejoined, kept = _resolve_hyphens("\n\n".join(blocks) + "\n")
    printed = sum(1 for line in lines if not line.header)
    warnings = [f"hard-wrapped text: {printed} printed lines rejoined into {paragraphs} paragraphs"]
    warnings += _hyphen_warnings(rejoined, kept, at_line_end=True)
    if dropped_texts:
        examples = ", ".join(f"'{example}'" for example in _first_distinct(dropped_texts, _footer_key))
        more = _more(dropped_texts, _footer_key)
        warnings.append(f"{len(dropped_texts)} running header/footer lines dropped ({examples}{more})")
    return CleanedText(bom + joined, tuple(warnings), bom + joined != text)


def _front_matter(text: str) -> str:
    """The YAML front matter block at the top ('---' … '---' and its line end), or '' when there is none."""
    if not text.startswith("---\n"):
        return ""
    match = _FRONT_MATTER_END.search(text, 4)
    return text[:match.end()] if match else ""


# -- recognising the kinds of line ----------------------------------------------------------------------------


def _label(line: str) -> str | None:
    """The label of a `Name:` or `Key:` line (speaker, header field, `Thema 3:`), or None."""
    match = _LABEL.match(line) if ":" in line else None
    if match is None or not match.group(1)[0].isupper():
        return None
    return match.group(1)


def _is_section(line: str) -> bool:
    return line[:1] in _SECTION_FIRST and _SECTION.match(line) is not None


def _is_header_field(line: str) -> bool:
    label = _label(line)
    if label is None or label.lower() not in _HEADER_KEYS:
        return False
    if label.lower() not in _TURN_KEYS:
        return True
    value = line.split(":", 1)[1].strip()
    return len(value.split()) <= 5 and not _ends_sentence(value)


def _is_list_key(line: str) -> bool:
    """A header key whose values follow on the next lines (`Gesprekspartners:` alone)."""
    return _is_header_field(line) and not line.split(":", 1)[1].strip()


def _is_title(line: str) -> bool:
    if not _TITLE.match(line) or not line[0].isupper() or _ends_sentence(line) or len(line) > 120:
        return False
    return line.lower().startswith("bijlage") or " - " in line or " – " in line or "gemeente" in line.lower()


def _starts_paragraph(line: str) -> bool:
    return bool(_label(line) or _is_section(line) or _BULLET.match(line) or _is_title(line))


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _continues(previous: str, line: str) -> bool:
    """Whether `line` reads as the rest of `previous`'s sentence (the sign of a printed line break)."""
    return (not _ends_sentence(previous) and line[0].islower()) or previous.endswith("-")


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


# -- running headers and footers ------------------------------------------------------------------------------


def _footer_key(line: str) -> str:
    return _DIGITS.sub("#", _SPACES.sub(" ", line.strip().lower()))


def _footer_candidate(line: str) -> bool:
    # A footer is short and never a turn, a header field or the end of a sentence ("Einde 10." at a page foot).
    return 0 < len(line) <= 100 and _label(line) is None and not _ends_sentence(line)


def _running_lines(page_texts: list[str], pages: list[list[str]]) -> set[tuple[int, int]]:
    """The (page, line) positions of running headers, footers and page numbers."""
    at_edges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    outermost: set[tuple[int, int]] = set()
    if len(pages) > 1:
        for page_number, page in enumerate(pages):
            filled = [index for index, line in enumerate(page) if line.strip()]
            outermost.update((page_number, index) for index in filled[:1] + filled[-1:])
            for index in {*filled[:_EDGE_LINES], *filled[-_EDGE_LINES:]}:
                line = page[index].strip()
                if _footer_candidate(line):
                    at_edges[_footer_key(line)].append((page_number, index))
    dropped: set[tuple[int, int]] = set()
    for key, places in at_edges.items():
        pages_with_it = len({page for page, _ in places})
        numbered = "#" in key and pages_with_it >= max(2, len(pages) // 3) and _page_numbers_rise(pages, places)
        # Without a number a running header must be the outermost line on most pages, and not read as the rest
        # of a sentence, to be told from a repeated remark.
        first_page, first_index = places[0]
        unnumbered = "#" not in key and pages_with_it >= max(3, len(pages) // 2) \
            and not pages[first_page][first_index].strip()[0].islower() and all(place in outermost for place in places)
        if numbered or unnumbered:
            dropped.update(places)
    # Without page breaks (text copied out of a PDF) a footer is a short line with a page number that recurs
    # every so many lines with that number going up.
    anywhere: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for page_number, page_text in enumerate(page_texts):
        index = position = 0
        for match in _FOOTER_LINE.finditer(page_text):
            index += page_text.count("\n", position, match.start())
            position = match.start()
            stripped = match.group().strip()
            if _footer_candidate(stripped):
                anywhere[_footer_key(stripped)].append((page_number, index))
    for places in anywhere.values():
        if len(places) >= 3 and _page_numbers_rise(pages, places):
            dropped.update(places)
    return dropped


def _page_numbers_rise(pages: list[list[str]], places: list[tuple[int, int]]) -> bool:
    """Whether one of the numbers in these lines goes up from each to the next (a page number), nearly always."""
    numbers = [[int(found) for found in _DIGITS.findall(pages[page][index])] for page, index in places]
    steps = len(numbers) - 1
    if steps < 1:
        return False
    # Nearly: a text pasted together from two reports starts counting again once.
    return any(sum(1 for earlier, later in itertools.pairwise(numbers) if earlier[position] < later[position])
               >= 0.8 * steps for position in range(len(numbers[0])))


def _first_distinct(texts: list[str], key: Callable[[str], str] = str.lower) -> list[str]:
    """The first few texts that differ by `key` (by default ignoring case), for the examples in a warning."""
    distinct: dict[str, str] = {}
    for text in texts:
        distinct.setdefault(key(text), text)
    return list(distinct.values())[:_EXAMPLES]


def _more(texts: list[str], key: Callable[[str], str] = str.lower) -> str:
    return ", …" if len({key(text) for text in texts}) > _EXAMPLES else ""


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
        line.labelled, line.section = _label(text) is not None, _is_section(text)
        if in_header and current and text[0].islower() and previous is not None \
                and not _fits(previous.text, text, width) and not _starts_paragraph(text):
            current[-1] += " " + text  # a header value wrapped onto the next printed line
            continue
        if _is_title(text):
            # A write-up's title stands alone, as Word writes it; the next write-up in an appendix starts here.
            close(header=in_header)
            current.append(text)
            close(header=True)
            in_header, in_list, line.header, previous = True, False, True, line
            continue
        if not in_header and line.labelled and _is_header_field(text):
            close(header=False)  # the header of the next write-up in an appendix, which has no title line
            in_header = True
        if in_header and (_is_header_field(text) or (in_list and _is_list_entry(text, width))):
            in_list = _is_list_key(text) or (in_list and not _is_header_field(text))
            line.header = True
            current.append(text)
            previous = line
            continue
        if in_header:
            close(header=True)
            in_header = in_list = False
        elif previous is not None and _breaks(previous, line, width, in_bullet=bool(_BULLET.match(current[0]))):
            close(header=False)
        current.append(text)
        previous = line
    close(header=in_header)
    return blocks, paragraphs


def _is_list_entry(line: str, width: int) -> bool:
    return len(line) < 0.8 * width and not _ends_sentence(line) and _label(line) is None and not _is_section(line)


def _fits(previous: str, line: str, width: int) -> bool:
    """Whether the first word of `line` would clearly have fitted on `previous`: then `previous` ended on purpose."""
    first_word = line.split(" ", 1)[0]
    return len(previous) + 1 + len(first_word) < _FULL * width


def _breaks(previous_line: _Line, line: _Line, width: int, *, in_bullet: bool) -> bool:
    text, previous = line.text, previous_line.text
    if line.break_before or line.labelled or line.section or previous_line.section:
        return True
    if _BULLET.match(text):
        # Outside a list, a dash at the start of a printed line may be a dash inside a running sentence.
        return in_bullet or not (text[0] in "-–" and not _ends_sentence(previous) and text[2:3].islower()
                                 and not _fits(previous, text, width))
    if previous.endswith("-") or not _fits(previous, text, width):
        return False
    return _ends_sentence(previous) or text[0].isupper()


# -- hyphens ---------------------------------------------------------------------------------------------------


def _resolve_hyphens(text: str) -> tuple[str, list[str], list[str]]:
    """Resolve every `word- word` (a line-end hyphen once the lines are joined): the text, words joined, kept."""
    matches = [match for match in _INLINE_HYPHEN.finditer(text)
               if match.start() > 0 and (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_")]
    if not matches:
        return text, [], []
    vocabulary: tuple[set[str], set[str]] | None = None  # built at the first word to decide: most texts have none
    parts: list[str] = []
    rejoined: list[str] = []
    kept: list[str] = []
    position = 0
    for match in matches:
        start, end = match.span()
        left, whole_left = _word_before(text, start)
        right_match = _WORD_CHAIN.match(text, end)
        assert right_match is not None  # the pattern's lookahead saw a word character
        whole_right = right_match.group()
        right = whole_right.split("-", 1)[0]
        dangling = text.startswith("- ", right_match.end())
        if right.lower() in _CONJUNCTIONS or dangling or not left:
            continue  # "wet- en regelgeving", "sport- recreatie- en": a list of compound parts, left alone
        # The document is the dictionary first: a word it hyphenates elsewhere keeps its hyphen (also when it is
        # written as one word elsewhere too: both forms in one text means the hyphen is a choice, and keeping it
        # loses nothing); a word it only writes as one is joined; a word it never has otherwise goes by the rule.
        if vocabulary is None:
            vocabulary = _vocabulary(text)
        known_words, known_hyphenated = vocabulary
        if (whole_left + "-" + whole_right).lower() in known_hyphenated:
            keep = True
        else:
            keep = False if (left + right).lower() in known_words else _keeps_hyphen(whole_left, whole_right)
        parts.append(text[position:start])
        parts.append("-" if keep else "")
        (kept if keep else rejoined).append(whole_left + ("-" if keep else "") + whole_right)
        position = end
    parts.append(text[position:])
    return "".join(parts), rejoined, kept


def _vocabulary(text: str) -> tuple[set[str], set[str]]:
    """The document's words in lower case, and those of them written with a hyphen."""
    # Splitting at white space and stripping punctuation from each distinct token is many times faster than a
    # word regex over the whole text, and the importer must stay fast on a million words.
    words = {token.strip(_PUNCTUATION).lower() for token in set(text.split())}
    return words, {word for word in words if "-" in word and not word.endswith("-")}


def _word_before(text: str, hyphen: int) -> tuple[str, str]:
    """The word part right before a hyphen, and the whole hyphenated word it ends ("aan", "Veenhuizen-aan")."""
    start = hyphen
    while start > 0 and hyphen - start < 60 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    whole = start
    while whole > 1 and hyphen - whole < 60 and text[whole - 1] == "-" and text[whole - 2].isalnum():
        whole -= 1
        while whole > 0 and hyphen - whole < 60 and text[whole - 1].isalnum():
            whole -= 1
    return text[start:hyphen], text[whole:hyphen]


def _keeps_hyphen(whole_left: str, whole_right: str) -> bool:
    """Dutch spelling for a word split at a hyphen: keep it after digits, capitals and before a vowel clash."""
    if "-" in whole_left or "-" in whole_right:
        return True  # a compound written with hyphens already: Veenhuizen-|aan-Zee, Sint-|Odilia-veen
    left, right = whole_left, whole_right
    if not left[-1].isalpha() or right[0].isupper() or right[0].isdigit():
        return True  # CO₂-uitstoot, G40-gemeenten, Noord-Brabant
    if len(left) == 1 or left.isupper() or left.lower() in _HYPHEN_PREFIXES:
        return True  # e-mail, LED-verlichting, oud-wethouder
    return (left[-1] + right[0]).lower() in _VOWEL_CLASHES


def _hyphen_warnings(rejoined: list[str], kept: list[str], *, at_line_end: bool) -> list[str]:
    where = "at a line end" if at_line_end else "with a space after the hyphen"
    warnings = []
    if rejoined:
        examples = ", ".join(_first_distinct(rejoined)) + _more(rejoined)
        warnings.append(f"{_words(len(rejoined))} hyphenated {where} rejoined ({examples})")
    if kept:
        examples = ", ".join(_first_distinct(kept)) + _more(kept)
        warnings.append(f"{_words(len(kept))} split {where} rejoined keeping the hyphen ({examples})")
    return warnings


def _words(count: int) -> str:
    return f"{count} word" if count == 1 else f"{count} words"
