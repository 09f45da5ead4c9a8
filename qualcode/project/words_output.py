"""A words table as a file or as terminal lines: Markdown (a table per group), CSV or XLSX (one row per word).

CSV and XLSX cells are made safe against spreadsheet formulas (reporting.markdown_tables.csv_safe_text): a word
or group name that begins with =, +, - or @ is shown, never run.
"""

from __future__ import annotations

import csv
import io

from qualcode.project.words import WordGroup, WordRow, WordTable

FORMATS = ("md", "csv", "xlsx")


def column_keys(table: WordTable) -> list[str]:
    """The columns of one row per word, as keys of reporting.wording.WORD_COLUMNS."""
    group = [] if table.by is None else [table.by]
    keyness = [] if table.against is None else [table.against, "g2", "log_ratio"]
    return [*group, "word", "count", "per_thousand", *keyness]


def headers(table: WordTable, lang: str) -> list[str]:
    from qualcode.reporting.wording import word_column

    return [word_column(key, lang) for key in column_keys(table)]


def _cells(table: WordTable, group: WordGroup, row: WordRow, lang: str) -> list[object]:
    from qualcode.reporting.wording import group_label

    name = [] if table.by is None else [group_label(table.by, group.name, lang)]
    keyness: list[object] = [] if table.against is None else [
        int(row.reference_count or 0) if table.against == "rest" else round(row.reference_count or 0.0, 1),
        round(row.g2 or 0.0, 2), round(row.log_ratio or 0.0, 2)]
    return [*name, row.word, row.count, round(row.per_thousand, 2), *keyness]


def rows(table: WordTable, lang: str = "nl") -> list[list[object]]:
    """One row per word of every group, in column_keys order."""
    return [_cells(table, group, row, lang) for group in table.groups for row in group.rows]


def render(table: WordTable, fmt: str, lang: str = "nl") -> str | bytes:
    """The table as Markdown text, CSV text or XLSX bytes."""
    from qualcode.reporting.formatting import csv_safe_text

    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([csv_safe_text(header) for header in headers(table, lang)])
        writer.writerows([csv_safe_text(cell) for cell in row] for row in rows(table, lang))
        return buffer.getvalue()
    if fmt == "xlsx":
        from qualcode.reporting.xlsx_writer import rows_to_xlsx

        title = "Woorden" if lang != "en" else "Words"
        return rows_to_xlsx(title, [csv_safe_text(h) for h in headers(table, lang)],
                            [[csv_safe_text(cell) for cell in row] for row in rows(table, lang)])
    if fmt == "md":
        return markdown(table, lang)
    raise ValueError(f"unknown format {fmt!r}")


def how_made(table: WordTable, lang: str = "nl") -> str:
    """The sentence that says what was counted and compared."""
    from qualcode.reporting.wording import keyness_sentence

    return keyness_sentence(table.against, table.speaker, table.min_count, table.threshold, lang,
                            bonferroni=table.bonferroni)


def markdown(table: WordTable, lang: str = "nl") -> str:
    """A heading, the sentence that says how, and per group its words as a Markdown table."""
    from qualcode.reporting.markdown_escape import escape_markdown
    from qualcode.reporting.wording import group_label, word_column

    title = ("Woorden die opvallen" if table.against else "Woordfrequenties") if lang != "en" else \
        ("Words that stand out" if table.against else "Word frequencies")
    lines = [f"# {title}", "", how_made(table, lang), ""]
    keys = column_keys(table)[0 if table.by is None else 1:]
    for group in table.groups:
        if table.by is not None:
            name = escape_markdown(group_label(table.by, group.name, lang))
            lines += [f"## {escape_markdown(word_column(table.by, lang))}: {name} "
                      f"({group.words} {word_column('words', lang)})", ""]
        if not group.rows:
            lines += ["–", ""]
            continue
        lines.append("| " + " | ".join(word_column(key, lang) for key in keys) + " |")
        lines.append("|" + "|".join("---" if key == "word" else "---:" for key in keys) + "|")
        for row in group.rows:
            cells = _cells(table, group, row, lang)[0 if table.by is None else 1:]
            lines.append("| " + " | ".join(escape_markdown(str(cell)) for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def terminal_lines(table: WordTable, lang: str = "nl") -> list[str]:
    """Aligned plain-text lines: per group a heading, then its words with their numbers."""
    from qualcode.reporting.wording import group_label, word_column

    keys = column_keys(table)[0 if table.by is None else 1:]
    out: list[str] = []
    for group in table.groups:
        heading = f"{group_label(table.by, group.name, lang)}" if table.by is not None else "project"
        out.append(f"{heading} ({group.words} {word_column('words', lang)})")
        if not group.rows:
            out.append("  –")
            continue
        cells = [[str(cell) for cell in _cells(table, group, row, lang)[0 if table.by is None else 1:]]
                 for row in group.rows]
        widths = [max(len(word_column(key, lang)), *(len(row[i]) for row in cells)) for i, key in enumerate(keys)]
        out.append("  " + "  ".join(word_column(key, lang).ljust(w) if key == "word" else
                                    word_column(key, lang).rjust(w) for key, w in zip(keys, widths, strict=True)))
        for row in cells:
            out.append("  " + "  ".join(cell.ljust(w) if key == "word" else cell.rjust(w)
                                        for cell, key, w in zip(row, keys, widths, strict=True)))
    return out
