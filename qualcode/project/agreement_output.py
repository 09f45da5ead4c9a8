"""An agreement result as Markdown (printed or written), CSV or XLSX: one row per code with its id, one column per
measure and variant, and the pooled row last. An undefined measure is 'n/a', its reason in the last column.
In CSV and XLSX percent agreement is a fraction (0.9286), rounded to 4 decimals like kappa and alpha.
With unit 'character' five columns follow the counts: Krippendorff's unitized alphas (UNITIZED_COLUMNS); a cell is
empty where the measure is not about that row (cuα and its coverage belong to the pooled row, (k)uα to a code).

A CSV cell that a spreadsheet would run as a formula gets the "'" prefix (reporting.markdown_tables.csv_safe_text); the
XLSX writer stores such a cell as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode.domain.agreement import Figure, Measures
from qualcode.project.agreement import AgreementResult, CodeAgreement, DisagreementResult

if TYPE_CHECKING:
    from qualcode.project.character_agreement import UnitizedSummary

FORMATS = ("md", "csv", "xlsx")
VARIANTS = (("all_units", "all units"), ("coded_units", "coded units (without units neither coder coded)"))
MEASURES = (("percent", "percent agreement"), ("kappa", "Cohen's kappa"), ("alpha", "Krippendorff's alpha"))
NOT_AVAILABLE = "n/a"
UNITIZED_COLUMNS = ("u_alpha", "binary_u_alpha", "cu_alpha", "cu_coverage", "k_u_alpha")
UNITIZED_LEGEND = (
    "Unitized alphas (Krippendorff, Mathet, Bouvry & Widlöcher 2016; Krippendorff 2019, §12.6), over the coders' own "
    "spans, without pre-set units:",
    "- uα: boundaries and codes together (per code: that code's spans against the rest of the text).",
    "- |uα: only coded vs. not coded, whatever the code (per code it equals that code's uα).",
    "- cuα: the codes, only where a span of one coder overlaps a span of the other; coverage: the share of the "
    "text this is about.",
    "- (k)uα: per code, how reliably the coders tell that code apart from the other codes where their spans "
    "overlap (text a coder gave this code and others counts as this code).",
    "A coder's overlapping or touching codings of one code count as one span. Text one coder gave several codes "
    "counts as their combination in uα, |uα and cuα.",
)


def columns(result: AgreementResult) -> list[str]:
    first, second = result.coders
    return ["code", "name", *(f"{measure}_{variant}" for variant, _ in VARIANTS for measure, _ in MEASURES),
            "units_all_units", "units_coded_units", "both", f"only_{first}", f"only_{second}", "neither",
            "neither_coded_units",
            *(UNITIZED_COLUMNS if result.unitized is not None else ()), "n/a reasons"]


def _unitized_figures(result: AgreementResult, row: CodeAgreement) -> dict[str, Figure | float | None]:
    """The unitized measures of a row by column name; missing where the measure is not about the row."""
    unitized = result.unitized
    if unitized is None:
        return {}
    if row is result.overall:
        return {"u_alpha": unitized.u_alpha, "binary_u_alpha": unitized.binary_u_alpha,
                "cu_alpha": unitized.cu_alpha, "cu_coverage": unitized.cu_coverage}
    code = unitized.per_code[row.code]
    return {"u_alpha": code.u_alpha, "binary_u_alpha": code.u_alpha, "k_u_alpha": code.k_u_alpha}


def _unitized_cells(result: AgreementResult, row: CodeAgreement) -> list[object]:
    if result.unitized is None:
        return []
    found = _unitized_figures(result, row)
    cells: list[object] = []
    for name in UNITIZED_COLUMNS:
        value = found.get(name)
        if isinstance(value, Figure):
            cells.append(_number(value))
        else:
            cells.append("" if value is None else round(value, 4))
    return cells


def _number(figure: Figure) -> float | str:
    return round(figure.value, 4) if figure.value is not None else NOT_AVAILABLE


def _reasons(row: CodeAgreement, result: AgreementResult | None = None) -> str:
    found = []
    for variant, label in VARIANTS:
        variant_measures: Measures = getattr(row, variant)
        for measure, measure_label in MEASURES:
            figure: Figure = getattr(variant_measures, measure)
            if figure.value is None:
                found.append(f"{measure_label}, {label.split(' (')[0]}: {figure.reason}")
    if result is not None:
        for name, value in _unitized_figures(result, row).items():
            duplicate = name == "binary_u_alpha" and row is not result.overall  # a code's |uα is its uα
            if isinstance(value, Figure) and value.value is None and not duplicate:
                found.append(f"{name}: {value.reason}")
    return "; ".join(found)


def rows(result: AgreementResult) -> list[list[object]]:
    """One row per code, then the pooled row, in columns() order."""
    table: list[list[object]] = []
    for row in (*result.codes, result.overall):
        counts = row.all_units.table
        table.append([row.code, row.name,
                      *(_number(getattr(getattr(row, variant), measure)) for variant, _ in VARIANTS
                        for measure, _ in MEASURES),
                      counts.units, row.coded_units.table.units, counts.both, counts.only_a, counts.only_b,
                      counts.neither, row.coded_units.table.neither, *_unitized_cells(result, row),
                      _reasons(row, result)])
    return table


def render(result: AgreementResult, fmt: str) -> str | bytes:
    """The result as Markdown text, CSV text or XLSX bytes."""
    if fmt == "csv":
        return _csv(columns(result), rows(result))
    if fmt == "xlsx":  # the XLSX writer stores every text as text, never as a formula: no prefix needed
        from qualcode.reporting.xlsx_writer import rows_to_xlsx

        return rows_to_xlsx("Overeenstemming", columns(result), rows(result))
    if fmt == "md":
        return markdown(result)
    raise ValueError(f"unknown format {fmt!r}")


def _csv(header: Sequence[str], body: list[list[object]]) -> str:
    """CSV text, every cell a spreadsheet would run as a formula prefixed with "'"."""
    from qualcode.reporting.formatting import csv_safe_text

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_safe_text(name) for name in header])
    writer.writerows([csv_safe_text(cell) for cell in row] for row in body)
    return buffer.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(result: AgreementResult) -> str:
    """Headline, what was compared and how, one table per variant, and with unit 'character' the unitized alphas."""
    first, second = result.coders
    character = result.unit == "character"
    lines = [f"# Agreement: {_cell(first)} and {_cell(second)}, unit: {result.unit}", "",
             f"Documents coded by both ({len(result.documents)}): {_cell(', '.join(result.documents))}."]
    if result.only_one_coder:
        lines.append(f"Left out, coded by only one of them ({len(result.only_one_coder)}): "
                     f"{_cell(', '.join(result.only_one_coder))}.")
    lines += [("Every character is a unit (as in NVivo's coding comparison): it carries a code for a coder when one "
               "of that coder's codings of the code covers it. " if character else
               "A unit carries a code for a coder when one of that coder's codings of the code overlaps it. ")
              + f"Overall: the code × {result.unit} decisions of all codes pooled into one table.", ""]
    for variant, label in VARIANTS:
        if character:
            label = label.replace("units", "characters")
        lines += [f"## {label[0].upper()}{label[1:]}", "",
                  f"| code | units | both | only {_cell(first)} | only {_cell(second)} | neither "
                  "| percent agreement | Cohen's kappa | Krippendorff's alpha |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for row in (*result.codes, result.overall):
            found: Measures = getattr(row, variant)
            counts = found.table
            percent = (f"{found.percent.value:.1%}" if found.percent.value is not None
                       else found.percent.text())
            lines.append(f"| {_cell(row.code)} | {counts.units} | {counts.both} | {counts.only_a} | "
                         f"{counts.only_b} | {counts.neither} | {percent} | {found.kappa.text()} | "
                         f"{found.alpha.text()} |")
        lines.append("")
    if result.unitized is not None:
        lines += _unitized_markdown(result, result.unitized)
    return "\n".join(lines)


def _unitized_markdown(result: AgreementResult, unitized: UnitizedSummary) -> list[str]:
    coverage = (f" (covering {unitized.cu_coverage:.1%} of the text)"
                if unitized.cu_coverage is not None and unitized.cu_alpha.value is not None else "")
    lines = ["## Unitized alpha (Krippendorff)", "", *UNITIZED_LEGEND, "",
             f"All codes: uα {unitized.u_alpha.text()}, |uα {unitized.binary_u_alpha.text()}, "
             f"cuα {unitized.cu_alpha.text()}{coverage}."]
    if unitized.combined_characters:
        lines.append(f"{unitized.combined_characters} characters carry several codes of one coder; they count as "
                     "that combination.")
    lines += ["", "| code | uα (this code) | (k)uα |", "|---|---:|---:|"]
    for row in result.codes:
        code = unitized.per_code[row.code]
        lines.append(f"| {_cell(row.code)} | {code.u_alpha.text()} | {code.k_u_alpha.text()} |")
    lines.append("")
    return lines


# The disagreements: one row per unit on which the two coders' compared codes differ.
SHORT_TEXT = 80  # characters of a unit's text in the terminal table; CSV and XLSX hold it whole


def disagreement_columns(result: DisagreementResult) -> list[str]:
    first, second = result.coders
    return ["document", "case", "unit", "number", "start", "end", "text", f"codes_{first}", f"codes_{second}",
            f"only_{first}", f"only_{second}"]


def disagreement_rows(result: DisagreementResult, *, short: bool = False) -> list[list[object]]:
    """One row per disagreement in disagreement_columns() order; codes joined with '; '."""
    table: list[list[object]] = []
    for row in result.rows:
        text = " ".join(row.text.split()) if short else row.text  # whole, line breaks and all, in CSV and XLSX
        if short and len(text) > SHORT_TEXT:
            text = text[:SHORT_TEXT - 1].rstrip() + "…"
        table.append([row.document, row.case or "", result.unit, row.number, row.start, row.end, text,
                      "; ".join(row.first_codes), "; ".join(row.second_codes), "; ".join(row.only_first),
                      "; ".join(row.only_second)])
    return table


def render_disagreements(result: DisagreementResult, fmt: str) -> str | bytes:
    """The disagreements as Markdown (texts shortened), CSV text or XLSX bytes (texts whole)."""
    if fmt == "csv":
        return _csv(disagreement_columns(result), disagreement_rows(result))
    if fmt == "xlsx":
        from qualcode.reporting.xlsx_writer import rows_to_xlsx

        return rows_to_xlsx("Verschillen", disagreement_columns(result), disagreement_rows(result))
    if fmt == "md":
        return disagreements_markdown(result)
    raise ValueError(f"unknown format {fmt!r}")


def disagreements_markdown(result: DisagreementResult) -> str:
    first, second = result.coders
    # With unit 'character' a row is a stretch of text on which both coders' codes stay the same.
    unit = "stretch" if result.unit == "character" else result.unit
    plural = "es" if unit == "stretch" else "s"
    lines = [f"# Disagreements: {_cell(first)} and {_cell(second)}, unit: {result.unit}", "",
             f"{len(result.rows)} {unit}{'' if len(result.rows) == 1 else plural} where their codes differ, in "
             f"{len(result.documents)} document{'' if len(result.documents) == 1 else 's'} coded by both, "
             f"{len(result.codes)} code{'' if len(result.codes) == 1 else 's'} compared; text shortened to "
             f"{SHORT_TEXT} characters (whole in --format csv or xlsx).", ""]
    if not result.rows:
        return "\n".join(lines)
    lines += [f"| document | case | {unit} | start–end | text | {_cell(first)} | {_cell(second)} "
              f"| only {_cell(first)} | only {_cell(second)} |",
              "|---|---|---:|---|---|---|---|---|---|"]
    for cells in disagreement_rows(result, short=True):
        document, case, _, number, start, end, text, a, b, only_a, only_b = cells
        lines.append(f"| {_cell(str(document))} | {_cell(str(case))} | {number} | {start}–{end} | {_cell(str(text))} "
                     f"| {_cell(str(a)) or '–'} | {_cell(str(b)) or '–'} | {_cell(str(only_a)) or '–'} "
                     f"| {_cell(str(only_b)) or '–'} |")
    lines.append("")
    return "\n".join(lines)
