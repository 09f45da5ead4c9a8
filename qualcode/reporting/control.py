"""The researcher's control over a synthesis (reports/synthesis.toml, read and checked by project.synthesis_control):
order, examples, chosen quotes, introductions and closing texts, codes left out. Empty: qualcode's defaults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from qualcode.analysis.quotes import MAX_QUOTE_CHARS

T = TypeVar("T")


@dataclass(frozen=True)
class SynthesisControl:
    """Everything a researcher set; every key and name in it has been checked against the project."""

    type_order: tuple[str, ...] = ()  # code type keys, first shown first; the rest follow in codebook order
    theme_order: tuple[str, ...] = ()  # theme (root code) keys
    code_order: tuple[str, ...] = ()  # code keys: listed codes first within their theme, in this order
    leave_out: frozenset[str] = frozenset()  # code keys (a theme leaves out its codes)
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code key -> gemeenten to name
    quotes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code key -> coding guids, first shown first
    intros: dict[str, str] = field(default_factory=dict)  # "type:KEY" / "theme:KEY" -> Markdown
    closings: dict[str, str] = field(default_factory=dict)  # likewise
    quotes_per_code: int = 3
    quotes_per_case: int = 1  # at most this many quotes from one gemeente per code (chosen ones aside)
    max_quote_chars: int = MAX_QUOTE_CHARS
    words: bool | None = None  # the words section (issue 15); None: as [report] words in qualcode.toml says

    @staticmethod
    def ordered(items: list[T], order: tuple[str, ...], key: Callable[[T], str] = str) -> list[T]:
        """items with those whose key is named in order first, in that order; the rest keep their order after them."""
        rank = {name: position for position, name in enumerate(order)}
        return sorted(items, key=lambda item: (0, rank[key(item)]) if key(item) in rank else (1, 0))

DEFAULT_CONTROL = SynthesisControl()
