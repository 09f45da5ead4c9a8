"""`qualcode merge OTHER [--dry-run] [--prefer newest|mine|theirs]`: another copy's work into this project."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.cli import output

if TYPE_CHECKING:
    from rich.console import Console

    from qualcode.project.merge_plan import MergeReport

EXIT_OK = 0
_PREFER = ("newest", "mine", "theirs")  # merge_plan.PREFER, kept here so that parsing loads no project module


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `merge` to the command parser."""
    merge = commands.add_parser(
        "merge", parents=[common],
        help="bring another copy's work (its project folder, qualcode.db or a .qdpx) into this project")
    merge.add_argument("other", type=Path, metavar="OTHER",
                       help="the other copy: its project folder, its qualcode.db, or a .qdpx exported from it")
    merge.add_argument("--prefer", choices=_PREFER, default="newest",
                       help="who wins a conflict (one item changed differently in both copies): the newest change "
                            "(default), this project (mine) or the other copy (theirs)")
    merge.add_argument("--dry-run", action="store_true", help="print the report; write nothing")
    merge.add_argument("--coder", help="who merges (recorded in the event log)")


def run(args: argparse.Namespace) -> int:
    from qualcode.project import Project

    project_dir: Path | None = getattr(args, "project", None)
    with (Project.open(project_dir) if project_dir is not None else Project.find(Path.cwd())) as project:
        report = project.merge(args.other, prefer=args.prefer, dry_run=args.dry_run, coder=args.coder)
    print_report(output.new_console(), report)
    return EXIT_OK


def print_report(console: Console, report: MergeReport) -> None:
    from qualcode.project.exchange_plan import summarise

    escape = output.escape
    verb = "would merge" if report.dry_run else "merged"
    console.print(f"{verb} {escape(report.other)} into this project (conflicts: --prefer {report.prefer})")
    added = ", ".join(_counted(n, what) for what, n in report.added.items() if n) or "nothing new"
    console.print(f"  {'would add' if report.dry_run else 'added'}: {added}")
    matched = ", ".join(_counted(n, what) for what, n in report.matched.items() if n)
    if matched:
        console.print(f"  in both copies already: {matched}")
    for title, lines in (("conflicts, and how they were resolved", report.conflicts),
                         ("taken over from the other copy", report.changed),
                         ("not brought in", report.left_out)):
        if lines:
            console.print(f"  {title} ({output.thousands(len(lines))}):")
            for line in summarise(lines):
                console.print(f"    - {escape(line)}")
    if report.snapshot is not None:
        console.print(f"  a snapshot of the project before the merge: {escape(Path(report.snapshot).name)} "
                      "(a merge is not undone with 'undo'; 'qualcode snapshots restore ID' puts this back)")
    if report.dry_run:
        console.print("dry run: nothing was written")
    elif not report.writes:
        console.print("nothing to do: this project holds everything the other copy has")


def _counted(count: int, plural: str) -> str:
    """'1 coder', '19.348 codings'."""
    return f"{output.thousands(count)} {plural if count != 1 else plural.removesuffix('s')}"
