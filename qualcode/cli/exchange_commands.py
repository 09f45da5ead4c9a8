"""The exchange commands: `qualcode export qdpx FILE` (the project for other QDA tools, REFI-QDA) and
`qualcode export qdc FILE` (the codebook alone)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from qualcode.domain.errors import ProjectError

EXIT_OK = 0
SUFFIXES = {"qdpx": ".qdpx", "qdc": ".qdc"}


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser,
                parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `export qdpx|qdc FILE` to the command parser."""
    export = commands.add_parser("export", parents=[common],
                                 help="write the project or its codebook for other QDA tools (REFI-QDA)")
    formats = export.add_subparsers(dest="format", metavar="FORMAT", required=True, parser_class=parser_class)
    qdpx = formats.add_parser("qdpx", parents=[common],
                              help="the whole project (codebook, transcripts, codings, cases, memos) as .qdpx")
    qdc = formats.add_parser("qdc", parents=[common], help="the codebook alone as .qdc")
    for parser, suffix in ((qdpx, ".qdpx"), (qdc, ".qdc")):
        parser.add_argument("file", type=Path, metavar="FILE", help=f"the file to write (ends in {suffix})")
        parser.add_argument("--force", action="store_true", help="replace an existing file outside the project folder")


def export(args: argparse.Namespace) -> int:
    from qualcode.cli import commands, output
    from qualcode.cli.out_format import check_out

    target: Path = args.file
    suffix = SUFFIXES[args.format]
    if target.suffix.lower() != suffix:
        raise ProjectError(f"a REFI-QDA {args.format} file ends in {suffix}", file=str(target),
                           hint=f"other tools look for the extension: e.g. {output.escape(target.with_suffix(suffix))}")
    if target.is_dir():  # before check_out, whose hint names a table file and --out
        raise ProjectError("is a folder", file=str(target),
                           hint=f"name the file to write, e.g. {output.escape(target / ('project' + suffix))}")
    with commands._open(args) as project:
        check_out(target, project.root, force=args.force)
        summary = project.export_qdpx(target) if args.format == "qdpx" else project.export_qdc(target)
    console = commands._console()
    size = output.thousands(summary.bytes)
    if args.format == "qdpx":
        console.print(f"wrote {output.escape(target)} ({size} bytes): {summary.sources} sources, {summary.codes} "
                      f"codes, {summary.codings} codings on {summary.selections} selections, {summary.cases} cases, "
                      f"{summary.notes} memos")
    else:
        console.print(f"wrote {output.escape(target)} ({size} bytes): {summary.codes} codes")
    if summary.not_exported:
        console.print("not in the file (REFI-QDA has no place for it): " + "; ".join(summary.not_exported))
    return EXIT_OK
