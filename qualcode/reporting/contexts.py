"""What each report template receives: plain, documented dataclasses (templates get data, never a database)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qualcode.reporting.table_shape import turned_columns

_N_OF_N = re.compile(r"\d+ (?:van|of) \d+")  # "5 van 8" reads as a number too: right-aligned, on one line


@dataclass(frozen=True)
class Table:
    """A table as templates print it: a caption, header cells and rows of already formatted cells."""

    caption: str
    headers: list[str]
    rows: list[list[str]]

    @property
    def marked_headers(self) -> list[tuple[str, bool]]:
        """The headers as (text, turned) pairs: in a wide table of counts (a matrix of gemeenten) the headers of
        the count columns are best set upwards, as the Word report does."""
        turned = turned_columns([self.headers, *self.rows])
        return [(header, column in turned) for column, header in enumerate(self.headers)]

    @property
    def marked_rows(self) -> list[list[tuple[str, bool]]]:
        """The rows as (cell, is_number) pairs, for templates that align numbers ("12", "1.234") to the right.

        Worked out here rather than per cell in the template: a matrix of 500 gemeenten has 17,000 cells.
        """
        return [[(cell, bool(cell) and (cell.replace(".", "").isdigit() or _N_OF_N.fullmatch(cell) is not None))
                 for cell in row] for row in self.rows]


@dataclass(frozen=True)
class ReportMeta:
    """Facts about the report itself, shown on its title page and in its footer."""

    project: str  # the project's name from qualcode.toml
    title: str  # e.g. "Synthese" / "Synthesis"
    lang: str  # "nl" or "en"
    anonymised: bool  # quotes without names of people, attributed without the gemeente
    coder: str | None  # only this coder's codings, or None for all coders
    documents: int  # number of interviews (documents)
    cases: int  # N: cases with at least one interview
    case_noun: str  # "gemeenten" / "municipalities" ("gemeente" when there is one)
    generated: str | None  # a timestamp only when asked for (--timestamp): the same project gives the same bytes
    counts: str = ""  # "8 interviews · 8 gemeenten", each noun agreeing with its count


@dataclass(frozen=True)
class QuoteView:
    """A quote as a report shows it: the exact passage (names replaced when anonymised) and its attribution."""

    text: str
    attribution: str  # "beleidsadviseur, gemeente Westerbroek" or "beleidsadviseur, middelgrote gemeente"


@dataclass(frozen=True)
class CodeFinding:
    """One code in the synthesis: how widely it came up, where, differences between groups, and quotes."""

    key: str
    name: str
    definition: str
    memo: str | None  # the researcher's own summary (a memo on the code)
    cases_with: int  # n: cases in which the code was coded
    total_cases: int  # N
    phrase: str  # "de meeste gemeenten (6 van 8)"
    case_names: list[str]  # the cases, sorted
    examples: str  # "zoals Westerbroek, Hoogveen en Lindewaard" when the list is partial, else ""
    differences: list[str]  # sentences on attribute groups that differ clearly
    quotes: list[QuoteView]
    codings: int
    # The whole line: "Genoemd in de meeste gemeenten (7 van 8), zoals A, B en C." / "Genoemd in één gemeente
    # (Zuidhaven)." / "Genoemd in enkele gemeenten (2 van 8): A en B." (see reporting.wording)
    mentioned: str = ""


@dataclass(frozen=True)
class ThemeFindings:
    """The codes of one type under one theme."""

    key: str
    name: str
    codes: list[CodeFinding]
    intro: str = ""  # the researcher's Markdown before the codes (reports/synthesis.toml), or ""
    closing: str = ""  # and after them


@dataclass(frozen=True)
class TypeFindings:
    """Everything of one code type: Belemmeringen, Kansen, Randvoorwaarden, or a declared type."""

    key: str
    heading: str  # plural label: "Belemmeringen"
    summary: str  # "Alle 8 gemeenten noemden ten minste één belemmering; hieronder de vijf belemmeringen."
    themes: list[ThemeFindings]
    intro: str = ""  # the researcher's Markdown after the summary (reports/synthesis.toml), or ""
    closing: str = ""  # and after the type's last theme


@dataclass(frozen=True)
class SynthesisContext:
    """synthesis.*.j2: the cross-case synthesis per type and theme."""

    meta: ReportMeta
    intro: str
    types: list[TypeFindings]
    notes: list[str] = field(default_factory=list)  # checks the reader must know of (classifications not adding up)
    figures: list[Figure] = field(default_factory=list)  # charts (none with [report] charts = false or --no-charts)
    figure_note: str = ""  # why a chart is left out (a heat map of too many gemeenten to read), for the overview


@dataclass(frozen=True)
class CodebookEntry:
    """A row of Bijlage B: a code with its definition and frequencies."""

    key: str
    name: str
    type_label: str
    theme: str
    depth: int
    definition: str
    include: str
    exclude: str
    codings: int  # codings with the code (for a theme: with its codes), as stored
    cases: int
    passages: int = 0  # coded passages, as Bijlage C and every matrix count them (domain.passages); shown


@dataclass(frozen=True)
class QuotesForCode:
    """Bijlage D: the quotes of one code."""

    name: str
    key: str
    total: int
    quotes: list[QuoteView]


@dataclass(frozen=True)
class AppendixContext:
    """appendix.*.j2: Bijlage A (respondents) to F (methods)."""

    meta: ReportMeta
    respondents: Table
    codebook: list[CodebookEntry]
    matrix: Table
    quotes: list[QuotesForCode]
    attributes: Table
    classifications: list[Table]
    methods: list[str]  # paragraphs
    # Bijlage C in parts of at most MATRIX_CASES_PER_PART gemeenten (each with the code and total columns): a page
    # holds ten gemeenten side by side, not seventy. One part, the whole matrix, when there are few gemeenten.
    matrix_parts: list[Table] = field(default_factory=list)
    # Bijlage F: the two coders' disagreements per code, when agreement was determined (reporting/agreement_section).
    agreement_table: Table | None = None
    # Bijlage F: every unit they coded differently, when [report] disagreements asks (a template may include it).
    agreement_units: Table | None = None


@dataclass(frozen=True)
class CaseProfile:
    """One case (gemeente) in case.*.j2: its attributes, respondents and findings per type."""

    name: str
    attributes: list[tuple[str, str]]
    respondents: list[str]
    documents: int
    findings: list[tuple[str, list[tuple[str, int, list[QuoteView]]]]]  # (type heading, [(code, codings, quotes)])


@dataclass(frozen=True)
class CaseContext:
    """case.*.j2: one profile per case."""

    meta: ReportMeta
    profiles: list[CaseProfile]


@dataclass(frozen=True)
class Figure:
    """A chart of the synthesis (reporting.charts): in HTML inline SVG, in Markdown and Word an image file."""

    number: int  # 1, 2, … in the order of the report
    kind: str  # "bars" (n van N per code of one type), "heatmap" (gemeenten × codes) or "groups" (by attribute)
    type_key: str | None  # bars: the code type they show (placed in that type's section); None: after the findings
    caption: str  # "Figuur 1. Belemmeringen: in hoeveel van de 8 gemeenten genoemd"
    description: str  # what the chart shows, in words, with its numbers where they are few (alt text)
    file: str  # Markdown and Word: the image's file name next to the report ("synthesis-figuur-1.svg"); HTML: ""
    svg: str  # HTML: the <svg> element (safe markup, titled for screen readers); otherwise ""
    table: Table | None = None  # the numbers as a table where the text does not give them (the group comparison)
