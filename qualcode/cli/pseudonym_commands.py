"""`qualcode pseudonyms scan|list|show|set|ignore|export|import`: the pseudonym key an anonymised report uses."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualcode.project import Project

EXIT_OK = 0
KINDS = ("person", "place", "organisation", "email", "phone", "postcode")


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser,
                parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `pseudonyms ACTION` to the command parser."""
    pseudonyms = commands.add_parser(
        "pseudonyms", parents=[common], help="the pseudonym key: what --anonymise replaces, reviewed by you",
        description="Real names, places, organisations, e-mail addresses, phone numbers and postcodes, each with "
                    "what an anonymised report shows instead. 'scan' finds candidates in every transcript; review "
                    "them with list/set/ignore or in the workbench (p). The transcripts themselves never change.")
    actions = pseudonyms.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    scan = actions.add_parser("scan", parents=[common], help="find candidates in every transcript and add them")
    scan.add_argument("--deep", action="store_true",
                      help="also offer the persons deduce finds (deduce must be installed: pip install deduce)")
    scan.add_argument("--coder", help="who runs it (recorded in the event log)")
    listing = actions.add_parser("list", parents=[common], help="the key: real form, replacement, kind, status, "
                                                                "where found")
    listing.add_argument("--kind", choices=KINDS, help="only this kind")
    listing.add_argument("--status", choices=("found", "confirmed", "ignored"), help="only this status")
    show = actions.add_parser("show", parents=[common], help="the passages that name a real form")
    show.add_argument("real", help="the real form as the key has it")
    setting = actions.add_parser("set", parents=[common], help="set (and confirm) what a real form becomes")
    setting.add_argument("real", help="the real form, e.g. 'Jan de Boer'")
    setting.add_argument("replacement", nargs="?", help="what reports show instead, e.g. R3, [naam], Gemeente B "
                                                        "(left out: confirm the current one)")
    setting.add_argument("--kind", choices=KINDS, help="needed when the form is not in the key yet")
    setting.add_argument("--coder", help="who changes it (undo belongs to them)")
    ignore = actions.add_parser("ignore", parents=[common], help="let a form stay in anonymised reports (no name, "
                                                                 "or 'Den Haag' meaning the government)")
    ignore.add_argument("real", help="the real form as the key has it")
    ignore.add_argument("--coder", help="who changes it (undo belongs to them)")
    export = actions.add_parser("export", parents=[common], help="write the key as CSV (it holds the real names)")
    export.add_argument("--out", type=Path, help="the file to write (default: print)")
    importing = actions.add_parser("import", parents=[common], help="read a key CSV (real, replacement[, kind, "
                                                                    "status]): one undoable change")
    importing.add_argument("file", type=Path)
    importing.add_argument("--coder", help="who changes it (undo belongs to them)")


def run(args: argparse.Namespace) -> int:
    """Dispatch `qualcode pseudonyms ACTION`."""
    from qualcode.cli.commands import _open

    with _open(args) as project:
        handler = {"scan": _scan, "list": _list, "show": _show, "set": _set, "ignore": _ignore,
                   "export": _export, "import": _import}[args.action]
        handler(project, args)
    return EXIT_OK


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _scan(project: Project, args: argparse.Namespace) -> None:
    result = project.scan_pseudonyms(deep=args.deep, coder=args.coder)
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(result.by_kind.items())) or "nothing new"
    _console().print(f"pseudonym key: {result.added} added ({kinds}), {result.updated} found again with new counts; "
                     f"{len(project.pseudonyms(status='found'))} await review ('qualcode pseudonyms list --status "
                     "found', or p in the workbench)")


def _list(project: Project, args: argparse.Namespace) -> None:
    from rich.table import Table

    from qualcode.cli.output import escape
    from qualcode.domain.errors import shorten

    entries = project.pseudonyms(kind=args.kind, status=args.status)
    console = _console()
    if not entries:
        console.print("the pseudonym key is empty" + (" for that choice" if args.kind or args.status else
                                                      ": 'qualcode pseudonyms scan' finds candidates"))
        return
    table = Table(title=f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} in the pseudonym key")
    for column in ("real", "replacement", "kind", "status", "found", "where"):
        table.add_column(column, no_wrap=column in ("kind", "status", "found"))
    for entry in entries:
        where = "; ".join(f"{shorten(title, 30)} ({count})" for title, count in entry.found_in.items())
        table.add_row(escape(entry.real), escape(entry.replacement), entry.kind, entry.status, str(entry.count),
                      escape(shorten(where, 80) or entry.source))
    console.print(table)


def _show(project: Project, args: argparse.Namespace) -> None:
    from qualcode.cli.output import escape

    entry = project.pseudonym(args.real)
    console = _console()
    console.print(f"{escape(entry.real)} → {escape(entry.replacement)} ({entry.kind}, {entry.status}; "
                  f"{escape(entry.source)})")
    for mention in project.pseudonym_mentions(entry.real):
        console.print(f"  {escape(mention.document_title)}: …{escape(mention.before)} "
                      f"[bold]{escape(mention.found)}[/bold] {escape(mention.after)}…")


def _set(project: Project, args: argparse.Namespace) -> None:
    from qualcode.cli.output import escape

    change = project.set_pseudonym(args.real, args.replacement, kind=args.kind, coder=args.coder)
    _console().print(escape(change.summary) + " (undo: 'qualcode undo')")


def _ignore(project: Project, args: argparse.Namespace) -> None:
    from qualcode.cli.output import escape

    change = project.ignore_pseudonym(args.real, coder=args.coder)
    _console().print(escape(change.summary) + " (undo: 'qualcode undo')")


def _export(project: Project, args: argparse.Namespace) -> None:
    from qualcode.domain.errors import ProjectError

    text = project.export_pseudonyms()
    if args.out is None:
        sys.stdout.write(text)
        return
    if args.out.is_dir():
        raise ProjectError("--out names a folder", file=str(args.out), hint="give a file name, e.g. sleutel.csv")
    if not args.out.parent.is_dir():
        raise ProjectError("the folder for --out does not exist", file=str(args.out), hint="create it first")
    args.out.write_text(text, encoding="utf-8")
    sys.stderr.write(f"wrote the pseudonym key to {args.out}: it holds the real names; keep it with the project, "
                     "never with a report\n")


def _import(project: Project, args: argparse.Namespace) -> None:
    from qualcode.cli.output import escape

    change = project.import_pseudonyms(args.file, coder=args.coder)
    _console().print(escape(change.summary) + (" (undo: 'qualcode undo')" if change.entries else ""))
