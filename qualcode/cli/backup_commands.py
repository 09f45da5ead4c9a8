"""The backup and snapshot commands: `qualcode backup`, `qualcode snapshots list|restore`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import ProjectError

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK = 0


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser,
                parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `backup` and `snapshots list|restore` to the command parser."""
    backup = commands.add_parser("backup", parents=[common], help="copy the project database (safe while coding)")
    backup.add_argument("--to", type=Path, metavar="DIR", help="folder for the copy (default: .qualcode/backups/)")
    snapshots = commands.add_parser("snapshots", parents=[common], help="list or restore automatic snapshots")
    actions = snapshots.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    actions.add_parser("list", parents=[common], help="the snapshots, newest first: id, time, reason, size")
    restore = actions.add_parser("restore", parents=[common],
                                 help="put a snapshot in place of the database (the current state is snapshotted "
                                      "first)")
    restore.add_argument("id", metavar="ID", help="a snapshot id (or its first characters), or a backup file")


def _root(args: argparse.Namespace) -> Path:
    """The project folder, found without opening the database (which may be the very thing that is broken)."""
    from qualcode.project.core import find_project_root

    given: Path | None = getattr(args, "project", None)
    if given is not None:
        if not given.is_dir():
            raise ProjectError("this project folder does not exist", file=str(given), hint="pass --project DIR")
        return given.resolve()
    root = find_project_root(Path.cwd())
    if root is None:
        raise ProjectError(f"no qualcode project in {Path.cwd()} or any folder above it",
                           hint="pass --project DIR")
    return root


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} kB"


def backup(args: argparse.Namespace) -> int:
    """`qualcode backup [--to DIR]`."""
    from qualcode.cli.output import escape
    from qualcode.project import Project

    with Project.open(_root(args)) as project:
        made = project.backup(args.to)
    _console().print(f"wrote {escape(made.path)} ({_size(made.size)})")
    return EXIT_OK


def snapshots(args: argparse.Namespace) -> int:
    """`qualcode snapshots list` and `qualcode snapshots restore ID`."""
    from qualcode.cli.output import escape
    from qualcode.project import Project

    console = _console()
    root = _root(args)
    if args.action == "list":
        found = Project.snapshots(root)
        if not found:
            console.print("no snapshots yet (qualcode takes one before every bulk or destructive change and on "
                          "the first change of each day); make a copy now with 'qualcode backup'")
            return EXIT_OK
        console.print(f"{'id':<24} {'time':<16}  {'size':>8}  reason")
        for snapshot in found:
            console.print(f"{snapshot.id:<24} {snapshot.taken_at:%Y-%m-%d %H:%M}  {_size(snapshot.size):>8}  "
                          f"{escape(snapshot.reason)}")
        return EXIT_OK
    done = Project.restore_snapshot(root, args.id)
    console.print(f"restored {escape(done.restored)} as the project database (integrity check: ok)")
    if done.damaged_copy is not None:
        console.print(f"  the damaged database it replaced is kept as {escape(done.damaged_copy)}")
    if done.before is not None:
        console.print(f"  the state before the restore is snapshot {done.before.id}; undo the restore with "
                      f"'qualcode snapshots restore {done.before.id}'")
    return EXIT_OK
