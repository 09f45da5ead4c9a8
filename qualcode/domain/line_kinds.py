"""Kinds of printed line (turn or field label, section, bullet, title, sentence end) and the examples in warnings."""

from __future__ import annotations

import re
from collections.abc import Callable

from qualcode.domain.header import TURN_LABEL_KEYS, header_key_meaning

__all__ = ["BULLET", "ends_sentence", "example_list", "is_header_field", "is_list_key", "is_section", "is_title",
           "label_of", "starts_paragraph"]

_EXAMPLES = 3
_SENTENCE_END = frozenset(".!?…:")
_CLOSERS = "\"'”’»)]"
_TIME = r"[\[(]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])][ \t]*"
# A label is one to four words that start with a capital (the capital is checked in code), then a colon.
_LABEL = re.compile(rf"^(?:{_TIME})?(?:\*\*)?([^\W\d_][\w.'’()-]*(?: [\w.'’()-]+){{0,3}}?)(?:\*\*)?:(?:\*\*)?(?:\s|$)")
_SECTION = re.compile(r"^(?:#{1,6}\s*)?(?:(?:thema|onderwerp|deel|blok|topic)\s+)?\d{1,2}[.):]\s+\S", re.IGNORECASE)
_SECTION_FIRST = frozenset("#0123456789TtOoDdBb")  # what _SECTION can start with: most lines fail at once
BULLET = re.compile(r"^[•o\-–*▪◦·]\s+\S")
_TITLE = re.compile(r"^(?:bijlage\s+[\w.]+\s+)?(?:interviewverslag|gespreksverslag|verslag|interview|transcript|"
                    r"transcriptie|notulen)\b", re.IGNORECASE)


def label_of(line: str) -> str | None:
    """The label of a `Name:` or `Key:` line (speaker, header field, `Thema 3:`), or None."""
    match = _LABEL.match(line) if ":" in line else None
    if match is None or not match.group(1)[0].isupper():
        return None
    return match.group(1)


def is_section(line: str) -> bool:
    """Whether a line is a numbered section title (`2. Samenwerking`, `Thema 3: Financiering`)."""
    return line[:1] in _SECTION_FIRST and _SECTION.match(line) is not None


def is_header_field(line: str) -> bool:
    """Whether a line is `Key: value` with a header key; a key that also labels a turn needs a short, plain value."""
    label = label_of(line)
    if label is None or header_key_meaning(label) is None:
        return False
    if " ".join(label.lower().split()) not in TURN_LABEL_KEYS:
        return True
    value = line.split(":", 1)[1].strip()
    return len(value.split()) <= 5 and not ends_sentence(value)


def is_list_key(line: str) -> bool:
    """A header key whose values follow on the next lines (`Gesprekspartners:` alone)."""
    return is_header_field(line) and not line.split(":", 1)[1].strip()


def is_title(line: str) -> bool:
    """Whether a line is a write-up's title (`Interviewverslag - Gemeente Kleidorp`, `Bijlage 3.2 Verslag …`)."""
    if not _TITLE.match(line) or not line[0].isupper() or ends_sentence(line) or len(line) > 120:
        return False
    return line.lower().startswith("bijlage") or " - " in line or " – " in line or "gemeente" in line.lower()


def starts_paragraph(line: str) -> bool:
    """Whether a line opens a paragraph of its own: a label, a section, a bullet or a title."""
    return bool(label_of(line) or is_section(line) or BULLET.match(line) or is_title(line))


def ends_sentence(line: str) -> bool:
    """Whether a line ends with a sentence end (or a colon), closing quotes and brackets aside."""
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def example_list(texts: list[str], key: Callable[[str], str] = str.lower, quote: str = "") -> str:
    """The first few texts that differ by `key` (by default ignoring case), for a warning: 'a, b, c, …'."""
    distinct: dict[str, str] = {}
    for text in texts:
        distinct.setdefault(key(text), text)
    shown = ", ".join(f"{quote}{text}{quote}" for text in list(distinct.values())[:_EXAMPLES])
    return shown + (", …" if len(distinct) > _EXAMPLES else "")
