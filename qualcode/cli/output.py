"""How commands print: tables for status, codebook and cases; one line per imported file; a progress bar."""

from __future__ import annotations

import contextlib
import shlex
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape as markup_escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from qualcode.domain.model import Codebook
from qualcode.project.codebook_ops import CodebookLoad
from qualcode.project.overview import DocumentOverview
from qualcode.project.status import Status
from qualcode.project.versions import Reanchoring

if TYPE_CHECKING:
    from qualcode.project.importer import FileResult, ImportReport

PROGRESS_FROM = 10
PLAIN_PROGRESS_FROM = 40  # documents from which status prints progress as plain columns


@contextlib.contextmanager
def import_progress(console: Console, total: int) -> Iterator[Callable[[], None]]:
    """Show a progress bar for many files on a terminal; yield the function that advances it."""
    if total < PROGRESS_FROM or not console.is_terminal:
        yield lambda: None
        return
    with Progress(TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("import", total=total)
        yield lambda: progress.advance(task)


def print_file_result(console: Console, errors: Console, result: FileResult) -> None:
    name = result.path.name + (f", deel {result.part}" if result.part is not None else "")
    if result.status == "failed":
        errors.print(f"[red]failed[/]    {escape(result.error or '')}")
        return
    words = f"{result.words:,} words".replace(",", ".")
    label = {"imported": "[green]imported[/]", "replaced": "[yellow]replaced[/]",
             "unchanged": "[dim]unchanged[/]", "duplicate": "[yellow]skipped[/] ",
             "preview": "[cyan]would import[/]"}[result.status]
    console.print(f"{label}  {escape(name)}  ({escape(result.case or 'no case')}, {words})")
    for warning in result.warnings:
        errors.print(f"[yellow]warning[/]   {escape(name)}: {escape(warning)}")
    if result.reanchoring is not None and result.reanchoring.counts and result.document_guid:
        print_reanchoring(console, result.reanchoring, result.path.name if result.part is None
                          else result.document_guid[:8])


def print_reanchoring(console: Console, change: Reanchoring, doc: str) -> None:
    """The codings of a replaced (or, in a dry run, to be replaced) document: counts per status and the flagged."""
    if not sum(change.counts.values()):
        console.print("  codings: none")
        return
    review = f" — review with: qualcode documents review {escape(doc)}" if change.awaiting_review else ""
    console.print(f"  codings: {change.summary}{review if change.stored else ''}")
    for flagged in change.flagged[:20]:
        now = f" → '{escape(' '.join((flagged.new_text or '').split()))}'" if flagged.new_text else ""
        status = "text changed" if flagged.status == "text_changed" else "vanished"
        console.print(f"    {status}: '{escape(' '.join(flagged.old_text.split()))}'{now}")
    if len(change.flagged) > 20:
        console.print(f"    … and {len(change.flagged) - 20} more")
    if not change.stored and change.awaiting_review:
        console.print(f"  {change.awaiting_review} codings would await review (none is dropped); nothing was stored")


def print_import_summary(console: Console, report: ImportReport, *, dry_run: bool = False) -> None:
    if dry_run:
        console.print(f"dry run: {report.count('preview')} documents would be stored, {len(report.failed)} failed — "
                      f"{thousands(report.words)} words; nothing was stored")
        return
    parts = [f"{report.count('imported')} imported", f"{report.count('replaced')} replaced",
             f"{report.count('unchanged')} unchanged", f"{len(report.failed)} failed"]
    if report.count("duplicate"):
        parts.insert(3, f"{report.count('duplicate')} skipped as duplicates")
    console.print(", ".join(parts) + f" — {thousands(report.words)} words")


SENTENCES_SHOWN = 3


def print_overview(console: Console, overview: DocumentOverview, *, all_sentences: bool = False,
                   more_hint: str = "--sentences lists them all") -> None:
    """Print what qualcode understood of one write-up (import --dry-run, documents show)."""
    console.print(f"[bold]{escape(overview.source)}[/]")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("title", escape(overview.title))
    case = escape(overview.case or "none")
    grid.add_row("case", case + (f"  [dim]({escape(overview.case_note)})[/]" if overview.case_note else ""))
    if overview.date:
        date = overview.date + (f"  [dim](written '{escape(overview.date_as_written)}')[/]"
                                if overview.date_as_written and overview.date_as_written != overview.date else "")
    else:
        date = escape(overview.date_as_written or "none")
    grid.add_row("date", date)
    for index, speaker in enumerate(overview.speakers):
        role = "[bold]interviewer[/]" if speaker.is_interviewer else escape(speaker.role or "no role")
        label = f", label '{escape(speaker.label)}:'" if speaker.label else ""
        grid.add_row("people" if index == 0 else "", f"{escape(speaker.name)} — {role}{label} — "
                     f"{speaker.turns} turn{'s' if speaker.turns != 1 else ''}")
    if not overview.speakers:
        grid.add_row("people", "none named")
    if not overview.interviewers and len(overview.speakers) >= 2:
        grid.add_row("", "[yellow]no interviewer known[/]")
    grid.add_row("sections", " · ".join(escape(title) for title in overview.sections) or "none")
    narrative = f" ({overview.narrative_turns} without a speaker)" if overview.narrative_turns else ""
    grid.add_row("turns", f"{overview.turns}{narrative}")
    grid.add_row("sentences", f"{thousands(len(overview.sentences))}, {thousands(overview.words)} words")
    for name, value in overview.attributes.items():
        grid.add_row("attribute", f"{escape(name)}: {escape(value)}")
    console.print(grid)
    shown = overview.sentences if all_sentences else overview.sentences[:SENTENCES_SHOWN]
    for number, sentence in enumerate(shown, start=1):
        console.print(f"  [dim]{number:>3}[/] {escape(sentence)}", soft_wrap=all_sentences)
    if len(shown) < len(overview.sentences):
        console.print(f"  [dim]… {len(overview.sentences) - len(shown)} more ({escape(more_hint)})[/]")
    for warning in overview.warnings:
        console.print(f"  [yellow]warning[/] {escape(warning)}")
    console.print()


def codebook_counts(codebook: Codebook) -> str:
    themes = sum(1 for c in codebook.codes if c.type is None)
    typed: dict[str, int] = {}
    for code in codebook.codes:
        if code.type:
            typed[code.type] = typed.get(code.type, 0) + 1
    labels = {t.key: t.label for t in codebook.types}
    by_type = ", ".join(f"{n} {labels.get(k, k)}" for k, n in typed.items())
    return f"{len(codebook.codes) - themes} codes in {themes} themes ({by_type})"


def print_codebook_load(console: Console, file: Path, result: CodebookLoad) -> None:
    console.print(f"{escape(str(file))}: {len(result.added)} added, {len(result.updated)} updated, "
                  f"{len(result.removed)} removed")
    for old_key, new_key in result.rekeyed:
        console.print(f"  id {escape(old_key)} is now {escape(new_key)} (same guid; codings kept)")
    for key, old, new in result.renamed:
        console.print(f"  renamed {key}: '{escape(old)}' → '{escape(new)}' (codings kept)")
    for key, count in sorted(result.blocked.items()):
        console.print(f"  [red]deleted[/] {key} with {count} codings")
    if result.snapshot:
        console.print(f"  snapshot of the database before the change: {escape(str(result.snapshot))}")


def print_codebook(console: Console, codebook: Codebook, counts: dict[str, int]) -> None:
    badges = {t.key: t.badge for t in codebook.types}
    labels = {t.key: t.label for t in codebook.types}
    tree = Tree(f"[bold]{escape(codebook.name)}[/]")
    nodes: dict[str | None, Any] = {None: tree}
    for code in codebook.codes:
        parent = nodes.get(code.parent_key, tree)
        if code.type:
            colour = code.colour or "white"
            text = (f"[{colour}]■[/] [bold]{badges.get(code.type, '?')}[/] {escape(code.name)} [dim]{code.key} · "
                    f"{labels.get(code.type, code.type)} · {counts.get(code.key, 0)} codings[/]")
        else:
            text = f"[bold]{escape(code.name)}[/] [dim]{code.key}[/]"
        nodes[code.key] = parent.add(text)
    console.print(tree)
    console.print(codebook_counts(codebook))


def print_cases(console: Console, cases: list[dict[str, Any]]) -> None:
    if not cases:
        console.print("no cases yet: import transcripts or run 'qualcode cases load cases.csv'")
        return
    names: list[str] = []
    for case in cases:
        for attribute in case["attributes"]:
            if attribute.name not in names:
                names.append(attribute.name)
    types = {a.name: a.type for case in cases for a in case["attributes"]}
    caption = "types: " + ", ".join(f"{name} {types[name]}" for name in names)
    table = Table(title=f"{len(cases)} cases", caption=caption, caption_justify="left")
    table.add_column("case", no_wrap=True)
    table.add_column("interviews", justify="right")
    for name in names:
        table.add_column(name, justify="right" if types[name] in ("integer", "decimal") else "left")
    rows = []
    for case in cases:
        values = {a.name: _format_value(a.value) for a in case["attributes"]}
        rows.append([escape(case["name"]), str(case["documents"]), *[values.get(n, "") for n in names]])
        table.add_row(*rows[-1])
    headers = ["case", "interviews", *names]
    natural_width = sum(max(len(h), *(len(r[i]) for r in rows)) + 3 for i, h in enumerate(headers)) + 1
    if natural_width > console.width:
        # Too wide for this terminal: one row per case with its attributes folded into one column.
        table = Table(title=f"{len(cases)} cases", caption=caption, caption_justify="left")
        table.add_column("case", no_wrap=True)
        table.add_column("interviews", justify="right")
        table.add_column("attributes", overflow="fold")
        for case in cases:
            folded = " · ".join(f"[dim]{a.name}[/] {_format_value(a.value)}" for a in case["attributes"]
                                if a.value not in (None, ""))
            table.add_row(escape(case["name"]), str(case["documents"]), folded)
    console.print(table)


def _format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return escape(str(value))


def print_status(console: Console, status: Status) -> None:
    totals = status.totals
    console.print(f"[bold]{escape(status.name)}[/]  ({escape(str(status.root))})")
    console.print(f"  {totals['documents']} documents, {thousands(totals['words'])} words, "
                  f"{thousands(totals['turns'])} turns, {thousands(totals['sentences'])} sentences, "
                  f"{status.cases} cases")
    codes = ", ".join(f"{n} {status.type_labels.get(k, k)}" for k, n in status.codes_by_type.items()) or "none"
    console.print(f"  codes by type: {codes}", soft_wrap=True)
    codings = ", ".join(f"{n} {status.type_labels.get(k, k) or 'theme'}"
                        for k, n in status.codings_by_type.items()) or "none"
    console.print(f"  codings by type: {codings}", soft_wrap=True)
    coders = ", ".join(f"{name} {n}" for name, n in status.codings_per_coder.items()) or "none"
    console.print(f"  codings per coder: {coders}", soft_wrap=True)
    for source, waiting in status.awaiting_review.items():  # kept apart: not counted as codings of any words
        console.print(f"  [yellow]{waiting} codings await review[/] after a new version of {escape(source)}: "
                      f"qualcode documents review {escape(shlex.quote(source))}", soft_wrap=True)
    console.print(f"  language pipeline: {status.pipeline}", soft_wrap=True)
    if not status.progress:
        return
    rows = [("case", "file", "words", "turns", "coded", "codings")]
    for row in status.progress:
        turns = row["respondent_turns"]
        share = f"{row['coded_turns'] / turns:.0%}" if turns else "–"
        rows.append((row["case"] or "?", row["source_name"], thousands(row["words"]), str(turns),
                     f"{row['coded_turns']} ({share})", str(row["codings"])))
    title = "coding progress (respondent turns with at least one coding)"
    if len(rows) <= PLAIN_PROGRESS_FROM:
        table = Table(title=title)
        for column, justify in zip(rows[0], ("left", "left", "right", "right", "right", "right"), strict=True):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for cells in rows[1:]:
            table.add_row(*map(escape, cells))
        console.print(table)
        return
    # Many transcripts: plain aligned columns, as rich took 0.2 s to lay out a table of 500.
    widths = [max(cell_len(cells[column]) for cells in rows) for column in range(6)]
    lines = ["", title]
    for cells in rows:
        padded = [_pad(cell, width, right=column >= 2) for column, (cell, width) in enumerate(zip(cells, widths,
                                                                                               strict=True))]
        lines.append("  " + "  ".join(padded).rstrip())
    console.print(Text("\n".join(lines)), soft_wrap=True)


def _pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * (width - cell_len(text))  # by terminal cells: a wide character takes two
    return fill + text if right else text + fill


def new_console(*, stderr: bool = False, soft_wrap: bool = False) -> Console:
    """A console for a command's output, without highlighting; soft_wrap=True never breaks a line (messages)."""
    return Console(stderr=stderr, highlight=False, soft_wrap=soft_wrap)


def thousands(value: int) -> str:
    """An integer as Dutch writes it: 1.234.567."""
    return f"{value:,}".replace(",", ".")


def escape(text: object) -> str:
    """Return text safe to print with rich markup (file names may contain [brackets])."""
    return markup_escape(str(text))
