"""Markdown escaping that makes any text show literally on GitHub/GitLab, and its inverse for Word."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Characters that start inline markup, raw HTML, tables, strikethrough or math anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
# An ampersand only matters where it would start an entity (&lt; &#60; &#x3c;).
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Block markers that count only at the beginning of a line: headings, list items, rules and setext underlines.
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+](?=\s|$)|[-=](?=[-=\s]*$))")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_WHITESPACE = re.compile(r"\s+")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def escape_markdown(value: object, inline: bool = False) -> str:
    """Return value as Markdown text that renders literally (the Jinja `md` filter).

    Each line loses its leading indentation (four spaces would start a code block). With inline=True all
    whitespace, newlines included, collapses to single spaces: use it inside table cells, headings and list items.
    """
    if value is None:
        return ""
    text = str(value)
    if inline and _is_plain_words(text):
        return text  # most table cells ("12", "3 van 8", a gemeente): nothing to escape, 17,000 times in a matrix
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if inline:
        text = _WHITESPACE.sub(" ", text).strip()
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_START.sub(r"\\&", text)
    lines = []
    for line in text.split("\n"):
        line = line.lstrip(" \t")
        line = _LINE_START.sub(lambda marker: "\\" + marker[1], line)
        line = _ORDERED_MARKER.sub(r"\1\\\2", line)
        lines.append(line)
    return "\n".join(lines)


def markdown_row(cells: Iterable[object]) -> str:
    """A Markdown table row, "| a | b |", each cell escaped inline (the Jinja `md_row` filter).

    One filter call per row rather than one per cell: the sandbox checks every call, and Bijlage D and the matrix
    have thousands of cells.
    """
    return "| " + " ".join(f"{escape_markdown(cell, inline=True)} |" for cell in cells)


def _is_plain_words(text: str) -> bool:
    """Letters and digits in words with single spaces between them: Markdown shows such text as it is."""
    return not text or (text.replace(" ", "").isalnum() and text.strip() == text and "  " not in text)


def quote_markdown(value: object) -> str:
    """Return value escaped like escape_markdown with every line quoted ("> "), so paragraphs stay in one quote.

    The Jinja `md_quote` filter: `{{ q.text | md_quote }}` then `>` and `> — source` lines after it.
    """
    return "\n".join(f"> {line}" if line else ">" for line in escape_markdown(value).split("\n"))


def unescape_markdown(text: str) -> str:
    """Return text with Markdown backslash escapes undone (`\\*` → `*`), as a reader of the rendered page sees it."""
    return _ESCAPED.sub(r"\1", text)
