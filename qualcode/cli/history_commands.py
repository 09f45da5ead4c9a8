"""The change history from the shell: `qualcode log`, `qualcode undo`, `qualcode redo` (as the workbench's u and
ctrl+r do them, per coder, from the same event log)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import ProjectError

if TYPE_CHECKING:
    from qualcode.project import Project

EXIT_OK = 0
MAX_LOG = 10_000


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `log`, `undo` and `redo` to the command parser."""
    log = commands.add_parser("log", parents=[common], help="the newest changes first: when, who, what")
    log.add_argument("--limit", type=int, default=30, metavar="N", help="how many changes (default 30)")
    log.add_argument("--coder", metavar="NAME", help="only this coder's changes")
    for name, verb in (("undo", "undo this coder's newest change"), ("redo", "redo this coder's newest undone change")):
        command = commands.add_parser(name, parents=[common], help=f"{verb} (codings, memos, removals, imports)")
        command.add_argument("--coder", help="whose change (default: default_coder in qualcode.toml, else your login)")


def run(args: argparse.Namespace, project: Project) -> int:
    """Run `log`, `undo` or `redo` on an open project."""
    from rich.markup import escape

    from qualcode.cli.output import new_console

    console = new_console(soft_wrap=True)
    if args.command == "log":
        if not 1 <= args.limit <= MAX_LOG:
            raise ProjectError(f"--limit {args.limit} is not between 1 and {MAX_LOG:,}", hint="e.g. --limit 50")
        events = [e for e in project.history(limit=MAX_LOG if args.coder else args.limit)
                  if args.coder is None or e.coder == args.coder][: args.limit]
        if not events:
            console.print("no changes yet" if args.coder is None else f"no changes by {escape(args.coder)}")
        for event in events:
            undone = "  (undone)" if event.undone else ""
            console.print(f"{event.at.replace('T', ' ')[:19]}  {escape(event.coder or '-'):<12} "
                          f"{escape(event.summary)}{undone}")
        return EXIT_OK
    coder = project.coder(args.coder)
    result = project.undo(coder) if args.command == "undo" else project.redo(coder)
    if result is None:
        console.print(f"nothing to {args.command} for {escape(coder)}")
        return EXIT_OK
    console.print(escape(result.summary))
    return EXIT_OK
