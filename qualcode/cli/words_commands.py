"""`qualcode words`: frequent lemmas per case, code, attribute group or role, and with --keyness the words that stand
out against the rest of the project or general Dutch."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

EXIT_OK = 0


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `words` to the command parser."""
    words = commands.add_parser(
        "words", parents=[common], help="frequent words and words that stand out (keyness), per case, code or group",
        description="Count the lemmas of what respondents said (without stop words and names) per case, code, case "
                    "attribute group or role; with --keyness, the words that distinguish each group from the rest "
                    "(or from general Dutch): log-likelihood G² and log ratio.")
    words.add_argument("--by", metavar="case|code|ATTRIBUTE|rol",
                       help="groups: case, code, a case attribute (provincie, grootteklasse) or rol (role)")
    words.add_argument("--keyness", action="store_true", help="the words that stand out instead of the most frequent")
    words.add_argument("--against", choices=("rest", "general"),
                       help="keyness against the rest of the project (default with --by) or general Dutch (wordfreq)")
    words.add_argument("--speaker", choices=("respondent", "interviewer", "all"), default="respondent",
                       help="whose words (default: respondents; the interviewer's questions are left out)")
    words.add_argument("--top", type=int, default=20, metavar="N", help="words per group (default 20)")
    words.add_argument("--min-count", type=int, default=3, metavar="N",
                       help="a word must occur at least N times in the group (default 3)")
    words.add_argument("--threshold", type=float, default=15.13, metavar="G2",
                       help="the G² a key word must reach (default 15.13: p < 0.0001)")
    words.add_argument("--bonferroni", action="store_true",
                       help="instead: the G² of p < 0.05 divided by the number of words tested")
    words.add_argument("--format", choices=("md", "csv", "xlsx"),
                       help="md (default: printed, or written with --out), csv or xlsx (written to a file)")
    words.add_argument("--out", type=Path, help="file to write (default for csv/xlsx: reports/words.FORMAT)")
    words.add_argument("--force", action="store_true", help="replace an existing file outside the project folder")
    words.add_argument("--lang", choices=("nl", "en"), help="language of the headers (default: the project's)")


def run(args: argparse.Namespace) -> int:
    """Count or compare, then print the table or write it to a file."""
    from qualcode.cli.commands import _console, _open
    from qualcode.cli.out_format import format_target, write_atomically, wrote
    from qualcode.cli.output import escape
    from qualcode.domain.errors import ProjectError
    from qualcode.project.words_output import how_made, render, terminal_lines

    if args.against is not None and not args.keyness:
        raise ProjectError("--against compares: it needs --keyness", hint="add --keyness, or leave out --against")
    against = (args.against or ("rest" if args.by else "general")) if args.keyness else None
    with _open(args) as project:
        lang = args.lang or project.config.language
        table = project.words(by=args.by, against=against, speaker=args.speaker, top=args.top,
                              min_count=args.min_count, threshold=args.threshold, bonferroni=args.bonferroni)
        target = format_target(args, project.root, "words")
    console = _console()
    if target is not None:
        write_atomically(target, render(table, args.format, lang))
        wrote(console, target, f"wrote {escape(target)}")
        return EXIT_OK
    if not any(group.words for group in table.groups):
        console.print("no words to count: " + ("no passage is coded yet ('qualcode code')" if args.by == "code" else
                                               f"no {args.speaker if args.speaker != 'all' else 'speaker'} says "
                                               "anything in the transcripts yet ('qualcode import')"))
        return EXIT_OK
    console.print(escape(how_made(table, lang)))
    # One print of plain text: rich takes about a millisecond per print, and --by case gives hundreds of lines.
    console.print("\n".join(terminal_lines(table, lang)), markup=False, highlight=False, overflow="crop",
                  no_wrap=True, crop=True)
    return EXIT_OK
