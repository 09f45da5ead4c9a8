"""Commands that fix documents and cases: documents list, remove, rename, set-case; cases rename, merge, alias."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from qualcode.cli.commands import EXIT_OK
from qualcode.cli.output import escape, thousands
from qualcode.project import Project
from qualcode.project.case_ops import CaseMerge
from qualcode.project.coding import login_name


def documents(args: argparse.Namespace) -> int:
    """Dispatch `qualcode documents ACTION`."""
    handlers: dict[str, Callable[[Project, argparse.Namespace, Console], None]] = {
        "list": _list, "remove": _remove, "rename": _rename, "set-case": _set_case,
    }
    with _open(args) as project:
        handlers[args.action](project, args, _console())
    return EXIT_OK


def cases(args: argparse.Namespace) -> int:
    """Dispatch `qualcode cases rename|merge|alias`."""
    handlers: dict[str, Callable[[Project, argparse.Namespace, Console], None]] = {
        "rename": _rename_case, "merge": _merge, "alias": _alias,
    }
    with _open(args) as project:
        handlers[args.action](project, args, _console())
    return EXIT_OK


# The same console and project lookup as commands.py's (private there): plain output, the project from --project or cwd.
def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _open(args: argparse.Namespace) -> Project:
    project_dir: Path | None = getattr(args, "project", None)
    return Project.open(project_dir) if project_dir is not None else Project.find(Path.cwd())


def _coder(project: Project, args: argparse.Namespace) -> str:
    """Who changes it, as 'qualcode code' decides: --coder, else default_coder, else the login name."""
    # Never None: an event without a coder belongs to nobody's undo stack.
    return project.coder(args.coder) or login_name()


def _count(value: int, word: str) -> str:
    return f"{value} {word}{'' if value == 1 else 's'}"


def _list(project: Project, _args: argparse.Namespace, console: Console) -> None:
    entries = project.list_documents()
    if not entries:
        console.print("no documents yet: import transcripts with 'qualcode import transcripts/'")
        return
    table = Table(title=f"{len(entries)} documents")
    for column, justify in (("id", "left"), ("title", "left"), ("case", "left"), ("file", "left"),
                            ("words", "right"), ("turns", "right"), ("codings", "right")):
        table.add_column(column, justify=justify, no_wrap=column == "id")  # type: ignore[arg-type]
    for entry in entries:
        table.add_row(entry.short_id, escape(entry.title), escape(entry.case or "–"), escape(entry.source_name),
                      thousands(entry.words), thousands(entry.turns), thousands(entry.codings))
    console.print(table)


def _remove(project: Project, args: argparse.Namespace, console: Console) -> None:
    coder = _coder(project, args)
    removed = project.remove_document(args.doc, force=args.force, coder=coder)
    codings = sum(removed.codings_by_coder.values())
    by_whom = ", ".join(f"{n} by {escape(coder)}" for coder, n in removed.codings_by_coder.items())
    console.print(f"removed '{escape(removed.title)}' ({escape(removed.source_name)}) with {_count(codings, 'coding')}"
                  + (f" ({by_whom})" if by_whom else ""))
    if removed.dropped_case:
        console.print(f"  the case {escape(removed.dropped_case)} had nothing else and was removed too")
    console.print(f"  snapshot of the database before the change: {escape(removed.snapshot)}")
    console.print(f"  undo it in the workbench (u) as coder '{escape(coder)}'")


def _rename(project: Project, args: argparse.Namespace, console: Console) -> None:
    old, new = project.rename_document(args.doc, args.title, coder=_coder(project, args))
    if old == new:
        console.print(f"'{escape(new)}' already has this title; nothing changed")
    else:
        console.print(f"renamed '{escape(old)}' to '{escape(new)}'")


def _set_case(project: Project, args: argparse.Namespace, console: Console) -> None:
    change = project.set_document_case(args.doc, args.case, coder=_coder(project, args))
    if not change.changed:
        console.print(f"'{escape(change.title)}' is already in case {escape(change.case)}; nothing changed")
        return
    made = " (a new case: no existing case matched)" if change.created else ""
    console.print(f"linked '{escape(change.title)}' to case {escape(change.case)}{made}")
    if change.dropped_case:
        console.print(f"  the case {escape(change.dropped_case)} had no other documents and no attributes; "
                      "it was removed")


def _rename_case(project: Project, args: argparse.Namespace, console: Console) -> None:
    old, new = project.rename_case(args.case, args.new_name, coder=_coder(project, args))
    console.print(f"renamed case {escape(old)} to {escape(new)}" if old != new
                  else f"the case is already called {escape(new)}; nothing changed")


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def _print_merge(console: Console, merge: CaseMerge, indent: str = "") -> None:
    documents = ", ".join(f"'{escape(title)}'" for title in merge.documents) or "none"
    console.print(f"{indent}merged case {escape(merge.case)} into {escape(merge.into)}: "
                  f"{_count(len(merge.documents), 'document')} moved ({documents})")
    if merge.copied:
        console.print(f"{indent}  attributes taken over: {escape(', '.join(merge.copied))}")
    for conflict in merge.conflicts:
        console.print(f"{indent}  [yellow]conflict[/] {escape(conflict.name)}: kept {escape(_value(conflict.kept))} "
                      f"of {escape(merge.into)}, dropped {escape(_value(conflict.dropped))} of {escape(merge.case)}")


def _merge(project: Project, args: argparse.Namespace, console: Console) -> None:
    merge = project.merge_cases(args.case, args.into, coder=_coder(project, args))
    _print_merge(console, merge)
    console.print(f"  snapshot of the database before the change: {escape(merge.snapshot)}")


def _alias(project: Project, args: argparse.Namespace, console: Console) -> None:
    added = project.add_case_alias(args.name, args.case, coder=_coder(project, args))
    if added.written:
        table = escape("[cases.aliases]")  # not markup: a table name in square brackets
        console.print(f"added \"{escape(added.alias)}\" = {escape(added.case)} to {table} in qualcode.toml")
    else:
        console.print(f"'{escape(added.alias)}' already means {escape(added.case)}")
    for merge in added.merged:
        _print_merge(console, merge, "  ")
    if not added.merged:
        console.print("  no other case matched it; no documents were relinked")
    if added.snapshot:
        console.print(f"  snapshot of the database before the change: {escape(added.snapshot)}")
