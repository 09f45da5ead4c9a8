"""Agreement of two coders on binary judgements per unit (code present or absent): percent agreement, Cohen's kappa
and Krippendorff's alpha (nominal), from a 2 × 2 table. Pure: no I/O, no third-party code.

For one code, each unit gives a pair (A's judgement, B's judgement) in {0, 1}; the table counts the pairs:
``both`` (1, 1), ``only_a`` (1, 0), ``only_b`` (0, 1), ``neither`` (0, 0); n = their sum.

- Observed agreement  p_o = (both + neither) / n.
- Cohen's kappa       κ = (p_o − p_e) / (1 − p_e), p_e = p_A1·p_B1 + p_A0·p_B0 with each coder's own marginals
  (p_A1 = (both + only_a) / n, p_B1 = (both + only_b) / n). Undefined when p_e = 1: both coders put every unit in
  the same one category.
- Krippendorff's alpha, nominal, two coders and no missing values: the coincidence matrix counts every unit's pair
  both ways, so N = 2n pairable values, n_1 = 2·both + D and n_0 = 2·neither + D with D = only_a + only_b, and
  α = 1 − D_o / D_e = 1 − (N − 1) · 2D / (2 · n_0 · n_1) = 1 − (2n − 1) · D / (n_0 · n_1).
  Undefined when n_0 · n_1 = 0: every value is the same, so nothing can be expected to disagree.

Overall figures pool the tables of all codes (`pooled`): every code × unit pair is one binary decision. A code
that both coders leave out everywhere then adds agreement on absence, which is why the figures are also given
without the units neither coder coded at all (the caller leaves those units out before counting).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NO_UNITS = "no units"
ONE_CATEGORY_KAPPA = "both coders put every unit in one category"
ONE_CATEGORY_ALPHA = "every judgement is the same category"


@dataclass(frozen=True)
class Figure:
    """A measure's value, or None with the reason it is undefined."""

    value: float | None
    reason: str = ""

    def text(self, digits: int = 3) -> str:
        """The value rounded, or 'n/a (reason)'."""
        return f"{self.value:.{digits}f}" if self.value is not None else f"n/a ({self.reason})"


@dataclass(frozen=True)
class BinaryTable:
    """Counts of the four (A, B) judgement pairs over the units of one code (or of all codes, pooled)."""

    both: int = 0
    only_a: int = 0
    only_b: int = 0
    neither: int = 0

    @property
    def units(self) -> int:
        return self.both + self.only_a + self.only_b + self.neither

    @property
    def disagreements(self) -> int:
        return self.only_a + self.only_b

    def __add__(self, other: BinaryTable) -> BinaryTable:
        return BinaryTable(self.both + other.both, self.only_a + other.only_a, self.only_b + other.only_b,
                           self.neither + other.neither)

    def without_neither(self) -> BinaryTable:
        return BinaryTable(self.both, self.only_a, self.only_b, 0)


def table_of(pairs: Iterable[tuple[bool, bool]]) -> BinaryTable:
    """The table of (A present, B present) pairs, one per unit."""
    counts = [0, 0, 0, 0]
    for a, b in pairs:
        counts[(0 if b else 1) if a else (2 if b else 3)] += 1
    return BinaryTable(*counts)


def pooled(tables: Iterable[BinaryTable]) -> BinaryTable:
    """The sum of the tables: every code × unit pair one binary decision."""
    total = BinaryTable()
    for table in tables:
        total = total + table
    return total


def percent_agreement(table: BinaryTable) -> Figure:
    """Share of units on which both coders agree, as a fraction (0..1)."""
    if table.units == 0:
        return Figure(None, NO_UNITS)
    return Figure((table.both + table.neither) / table.units)


def cohen_kappa(table: BinaryTable) -> Figure:
    """Cohen's kappa for two coders' binary judgements."""
    n = table.units
    if n == 0:
        return Figure(None, NO_UNITS)
    # Integer arithmetic up to the last division: p_e = 1 is tested exactly, not as a float near 1.
    a1, b1 = table.both + table.only_a, table.both + table.only_b
    expected_n2 = a1 * b1 + (n - a1) * (n - b1)  # p_e · n²
    if expected_n2 == n * n:
        return Figure(None, ONE_CATEGORY_KAPPA)
    observed_n = table.both + table.neither  # p_o · n
    return Figure((observed_n * n - expected_n2) / (n * n - expected_n2))


def krippendorff_alpha(table: BinaryTable) -> Figure:
    """Krippendorff's alpha (nominal) for two coders with a judgement on every unit."""
    n = table.units
    if n == 0:
        return Figure(None, NO_UNITS)
    disagreements = table.disagreements
    present = 2 * table.both + disagreements
    absent = 2 * table.neither + disagreements
    if present * absent == 0:
        return Figure(None, ONE_CATEGORY_ALPHA)
    return Figure(1 - (2 * n - 1) * disagreements / (present * absent))


@dataclass(frozen=True)
class Measures:
    """The three measures of one table."""

    table: BinaryTable
    percent: Figure
    kappa: Figure
    alpha: Figure


def measures(table: BinaryTable) -> Measures:
    """Percent agreement, Cohen's kappa and Krippendorff's alpha of a table."""
    return Measures(table, percent_agreement(table), cohen_kappa(table), krippendorff_alpha(table))
