"""The words section a report can include (issue 15): the words that stand out per group, as tables the templates'
`words` macro prints (`_macros.md.j2`, `_macros.html.j2`)."""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.reporting.contexts import Table


@dataclass(frozen=True)
class WordsSection:
    """What `{{ m.words(words) }}` prints: a heading, the sentence that says how the words were chosen, and one
    table per group (its caption names the group and its size in words)."""

    title: str
    sentence: str
    tables: tuple[Table, ...]


def number(value: float, lang: str) -> str:
    """A figure with two decimals at most, with a decimal comma in Dutch."""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return text.replace(".", ",") if lang != "en" else text
