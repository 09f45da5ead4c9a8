"""`qualcode search QUERY`: every form of a word across the project as aligned KWIC lines, and the count per case."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

EXIT_OK = 0
SPEAKER_WIDTH = 24  # cells of the speaker (role) column in the terminal
KEYWORD_WIDTH = 30
DEFAULT_LIMIT = 200  # a frequent word ('de') has tens of thousands of hits: nobody reads them in a terminal


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `search` to the command parser."""
    search = commands.add_parser(
        "search", parents=[common], help="find every form of a word or phrase in all transcripts (KWIC lines)",
        description="Find every form of the query's words (gemeenten finds gemeente): a phrase of several words "
                    "(structureel budget), wildcards (subsidie*, *subsidie, ge?eente), alternatives (a | b).")
    search.add_argument("query", metavar="QUERY", help='a word, a phrase ("structureel budget"), subsidie*, a | b')
    search.add_argument("--code", metavar="ID", help="only passages coded with this code (or its children)")
    search.add_argument("--case", metavar="CASE", help="only this case (e.g. a municipality)")
    search.add_argument("--role", metavar="ROLE", help="only speakers whose role contains this (e.g. wethouder)")
    search.add_argument("--speaker", choices=("interviewer", "respondent"), help="only the interviewer's or only "
                                                                                  "the respondents' words")
    search.add_argument("--compounds", action="store_true",
                        help="also compounds that contain the word (subsidie: subsidieregeling, rijkssubsidie)")
    search.add_argument("--context", type=int, default=6, metavar="N", help="words of context each side (default 6)")
    search.add_argument("--limit", type=_limit, default=DEFAULT_LIMIT, metavar="N",
                        help=f"show at most N hits in the terminal (default {DEFAULT_LIMIT}; 0 for all); per-case "
                             "counts and --out files always cover every hit")
    search.add_argument("--format", choices=("md", "csv", "xlsx"),
                        help="md (default: printed, or written with --out), csv or xlsx (written to a file)")
    search.add_argument("--out", type=Path, help="file to write (default for csv/xlsx: reports/search.FORMAT)")
    search.add_argument("--force", action="store_true", help="replace an existing file outside the project folder")


def run(args: argparse.Namespace) -> int:
    """Search, then print the KWIC lines and counts or write them to a file."""
    from qualcode.cli.commands import _console, _open
    from qualcode.cli.out_format import format_target, write_atomically, wrote
    from qualcode.cli.output import escape
    from qualcode.project.search_output import render

    markdown_asked = args.format == "md"  # printed as Markdown, as --out would write it; else the terminal layout
    with _open(args) as project:
        result = project.search(args.query, code=args.code, case=args.case, role=args.role, speaker=args.speaker,
                                compounds=args.compounds, context_words=args.context)
        target = format_target(args, project.root, "search")
    if target is None and markdown_asked:
        target = Path("-")
    console = _console()
    if target is not None:
        write_atomically(target, render(result, args.format))
        wrote(console, target, f"wrote {escape(target)} ({_count(len(result.hits), 'hit')})")
        return EXIT_OK
    if not result.hits:
        console.print(f"no hits for {escape(result.query)}"
                      + ("" if args.compounds else " (--compounds also finds compounds that contain the word)"))
        return EXIT_OK
    from qualcode.domain.kwic import cell_width, cut_right, pad_right
    from qualcode.project.search import NO_CASE_LABEL
    from qualcode.project.search_output import per_case_lines

    shown = dataclasses.replace(result, hits=result.hits[:args.limit]) if args.limit else result
    shown_hits = shown.hits
    widest = min(max(cell_width(hit.keyword) for hit in shown_hits), KEYWORD_WIDTH)
    side = max(12, (console.width - SPEAKER_WIDTH - widest - 6) // 2)
    cells = shown.kwic_cells(side=side, keyword=widest)
    heading: tuple[str, str | None] | None = None
    for (left, keyword, right), hit in zip(cells, shown_hits, strict=True):
        if heading != (hit.document_guid, hit.case):  # one heading per document: its title and case
            heading = (hit.document_guid, hit.case)
            console.print(f"[bold]{escape(hit.document)}[/] [dim]· {escape(hit.case or NO_CASE_LABEL)}[/]")
        speaker = (hit.speaker or "?") + (" (interviewer)" if hit.is_interviewer else f" ({hit.role})" if hit.role
                                          else "")
        place = pad_right(cut_right(speaker, SPEAKER_WIDTH), SPEAKER_WIDTH)
        console.print(f"  [dim]{escape(place)}[/]  {escape(left)}  [bold]{escape(keyword)}[/]  {escape(right)}",
                      overflow="crop", no_wrap=True, crop=True)
    console.print()
    from qualcode.cli.output import thousands

    if len(shown_hits) < len(result.hits):
        console.print(f"[dim]showing the first {thousands(len(shown_hits))} of {thousands(len(result.hits))} hits: "
                      "--limit 0 shows all, --out FILE writes all, --case or --code narrows[/]")
    cases = len(result.per_case)
    console.print(f"{_count(len(result.hits), 'hit')} in {cases} {'case' if cases == 1 else 'cases'}:")
    for line in per_case_lines(result):
        console.print("  " + escape(line))
    return EXIT_OK


def _limit(text: str) -> int:
    """--limit N: a whole number, 0 for no limit."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"--limit takes a whole number of hits (0 for all), not {text!r}")
    return int(text)


def _count(number: int, word: str) -> str:
    from qualcode.cli.output import thousands

    return f"{thousands(number)} {word}{'' if number == 1 else 's'}"
