"""`qualcode agreement`: how far two coders agree, per code and overall (percent agreement, Cohen's kappa,
Krippendorff's alpha), over sentences, turns, documents or characters, with and without the units neither coder
coded; per character also Krippendorff's unitized alphas."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

EXIT_OK = 0


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `agreement` to the command parser."""
    agreement = commands.add_parser(
        "agreement", parents=[common], help="intercoder agreement of two coders: percent, Cohen's kappa, "
                                           "Krippendorff's alpha per code",
        description="Compare two coders over the documents both coded. A unit (sentence, turn or document) carries "
                    "a code for a coder when that coder's coding of the code overlaps it. Every figure is given over "
                    "all units and over the coded units only (units neither coder coded left out); 'overall' pools "
                    "the code × unit decisions of all codes. --unit character judges every character (as NVivo's "
                    "coding comparison does) and adds Krippendorff's unitized alphas over the coders' own spans: "
                    "uα (boundaries and codes), |uα (coded vs. not coded), cuα (codes where spans overlap) and "
                    "(k)uα per code.")
    agreement.add_argument("--coders", nargs="+", required=True, metavar="NAME", help="the two coders to compare")
    agreement.add_argument("--unit", choices=("sentence", "turn", "document", "character"),
                           default="sentence", help="what is judged coded or not (default: sentence)")
    agreement.add_argument("--codes", nargs="+", default=[], metavar="ID",
                           help="only these codes (default: every code either coder applied in those documents)")
    agreement.add_argument("--documents", nargs="+", default=[], metavar="DOC",
                           help="only these documents (each must be coded by both coders)")
    agreement.add_argument("--format", choices=("md", "csv", "xlsx"),
                           help="md (default: printed, or written with --out), csv or xlsx (written to a file)")
    agreement.add_argument("--out", type=Path, help="file to write (default for csv/xlsx: reports/agreement.FORMAT)")
    agreement.add_argument("--disagreements", action="store_true",
                           help="list the units (with --unit character: the stretches of text) where the two "
                                "coders' codes differ instead of the figures "
                                "(default file for csv/xlsx: reports/disagreements.FORMAT)")
    agreement.add_argument("--force", action="store_true", help="replace an existing file outside the project folder")


def run(args: argparse.Namespace) -> int:
    """Compute the agreement, then print it or write it to a file."""
    from qualcode.cli.commands import _console, _open
    from qualcode.cli.out_format import format_for, format_target, write_atomically, wrote
    from qualcode.cli.output import escape
    from qualcode.project.agreement_output import render, render_disagreements

    args.format = format_for(args.format, args.out, ("md", "csv", "xlsx"), "md")
    with _open(args) as project:
        if args.disagreements:
            differences = project.disagreements(args.coders, unit=args.unit, codes=args.codes,
                                                documents=args.documents)
            rendered = render_disagreements(differences, args.format)
        else:
            rendered = render(project.agreement(args.coders, unit=args.unit, codes=args.codes,
                                                documents=args.documents), args.format)
        target = format_target(args, project.root, "disagreements" if args.disagreements else "agreement")
    console = _console()
    if target is not None:
        write_atomically(target, rendered)
        wrote(console, target, f"wrote {escape(target)}")
        return EXIT_OK
    console.print(str(rendered), markup=False, highlight=False, soft_wrap=True)
    return EXIT_OK
