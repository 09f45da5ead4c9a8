"""The quotes commands: `qualcode quotes choose|unchoose|list`, the workbench's 'use as quote' from a script."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualcode.project import Project

EXIT_OK = 0
SHORT_ID = 8
TEXT_WIDTH = 60


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser,
                parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `quotes choose|unchoose|list` to the command parser."""
    quotes = commands.add_parser("quotes", parents=[common],
                                 help="choose the codings the synthesis quotes first ('use as quote')")
    actions = quotes.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    for name, text in (("choose", "quote these codings first for their code in the synthesis (undoable)"),
                       ("unchoose", "no longer quote these codings first (undoable)")):
        action = actions.add_parser(name, parents=[common], help=text)
        action.add_argument("ids", nargs="+", metavar="ID",
                            help="a coding's id or its first characters (4+), as 'qualcode codings list' shows it")
        action.add_argument("--coder", help="who chooses (recorded in the event log; undo belongs to this coder)")
    listing = actions.add_parser("list", parents=[common], help="the chosen quotes: id, code, gemeente, text")
    listing.add_argument("--code", metavar="ID", help="only this code's chosen quotes")


def run(args: argparse.Namespace) -> int:
    """Dispatch `qualcode quotes ACTION`."""
    from qualcode.cli.commands import _open

    with _open(args) as project:
        if args.action == "list":
            _list(project, args.code)
        else:
            _choose(project, args.ids, args.action == "choose", args.coder)
    return EXIT_OK


def _choose(project: Project, references: list[str], chosen: bool, coder: str | None) -> None:
    from qualcode.cli.output import escape, new_console
    from qualcode.project.coding_exchange import resolve_coding

    entries = project.coding_entries()
    guids = [resolve_coding(entries, reference).coding_guid for reference in references]  # all named, or none done
    console = new_console(soft_wrap=True)
    for guid in guids:
        result = project.choose_quote(guid, chosen, coder=coder)
        state = "chosen as a quote" if chosen else "no longer a chosen quote"
        done = "" if result.changed else " (already so; nothing changed)"
        console.print(f"{guid[:SHORT_ID]} {escape(result.code_key)} '{escape(result.text)}': {state}{done}")


def _list(project: Project, code: str | None) -> None:
    from qualcode.cli.output import escape, new_console
    from qualcode.domain.errors import shorten

    if code is not None:
        from qualcode.project.choices import code_key

        code_key(project.codebook(), code)
    chosen = project.chosen_quotes(code)
    console = new_console(soft_wrap=True)
    if not chosen:
        console.print("no chosen quotes" + (f" for {escape(code)}" if code else "") +
                      ": choose one with 'qualcode quotes choose ID' or the workbench's 'use as quote' key")
        return
    from rich.table import Table

    table = Table(title=f"{len(chosen)} chosen quote{'s' if len(chosen) != 1 else ''}")
    for column in ("id", "code", "gemeente", "document", "chosen by", "text"):
        table.add_column(column, no_wrap=column in ("id",), ratio=3 if column == "text" else None)
    for quote in chosen:
        table.add_row(quote.coding_guid[:SHORT_ID], escape(quote.code_key), escape(quote.case_name or "–"),
                      escape(shorten(quote.document_title, 40)), escape(quote.chosen_by),
                      escape(shorten(" ".join(quote.text.split()), TEXT_WIDTH)))
    console.print(table)
