"""An agreement result as Markdown (printed or written), CSV or XLSX: one row per code with its id, one column per
measure and variant, and the pooled row last. An undefined measure is 'n/a', its reason in the last column.
In CSV and XLSX percent agreement is a fraction (0.9286), rounded to 4 decimals like kappa and alpha.

A CSV cell that a spreadsheet would run as a formula gets the "'" prefix (reporting.markdown_tables.csv_safe_text); the
XLSX writer stores such a cell as text.
"""

from __future__ import annotations

import csv
import io

from qualcode.domain.agreement import Figure, Measures
from qualcode.project.agreement import AgreementResult, CodeAgreement

FORMATS = ("md", "csv", "xlsx")
VARIANTS = (("all_units", "all units"), ("coded_units", "coded units (without units neither coder coded)"))
MEASURES = (("percent", "percent agreement"), ("kappa", "Cohen's kappa"), ("alpha", "Krippendorff's alpha"))
NOT_AVAILABLE = "n/a"


def columns(result: AgreementResult) -> list[str]:
    first, second = result.coders
    return ["code", "name", *(f"{measure}_{variant}" for variant, _ in VARIANTS for measure, _ in MEASURES),
            "units_all_units", "units_coded_units", "both", f"only_{first}", f"only_{second}", "neither",
            "n/a reasons"]


def _number(figure: Figure) -> float | str:
    return round(figure.value, 4) if figure.value is not None else NOT_AVAILABLE


def _reasons(row: CodeAgreement) -> str:
    found = []
    for variant, label in VARIANTS:
        variant_measures: Measures = getattr(row, variant)
        for measure, measure_label in MEASURES:
            figure: Figure = getattr(variant_measures, measure)
            if figure.value is None:
                found.append(f"{measure_label}, {label.split(' (')[0]}: {figure.reason}")
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
                      counts.neither, _reasons(row)])
    return table


def render(result: AgreementResult, fmt: str) -> str | bytes:
    """The result as Markdown text, CSV text or XLSX bytes."""
    if fmt == "csv":
        from qualcode.reporting.markdown_tables import csv_safe_text

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([csv_safe_text(name) for name in columns(result)])
        writer.writerows([csv_safe_text(cell) for cell in row] for row in rows(result))
        return buffer.getvalue()
    if fmt == "xlsx":  # the XLSX writer stores every text as text, never as a formula: no prefix needed
        from qualcode.reporting.xlsx_writer import rows_to_xlsx

        return rows_to_xlsx("Overeenstemming", columns(result), rows(result))
    if fmt == "md":
        return markdown(result)
    raise ValueError(f"unknown format {fmt!r}")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(result: AgreementResult) -> str:
    """Headline, what was compared and how, and one table per variant."""
    first, second = result.coders
    lines = [f"# Agreement: {_cell(first)} and {_cell(second)}, unit: {result.unit}", "",
             f"Documents coded by both ({len(result.documents)}): {_cell(', '.join(result.documents))}."]
    if result.only_one_coder:
        lines.append(f"Left out, coded by only one of them ({len(result.only_one_coder)}): "
                     f"{_cell(', '.join(result.only_one_coder))}.")
    lines += ["A unit carries a code for a coder when one of that coder's codings of the code overlaps it. Overall: "
              "the code × unit decisions of all codes pooled into one table.", ""]
    for variant, label in VARIANTS:
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
    return "\n".join(lines)
