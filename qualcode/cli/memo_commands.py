"""The memos commands: `qualcode memos list|show|set|remove`, the workbench's memo key (m) from a script.

`memos show` prints only the memo's text on standard output (what it is on, and who wrote it, go to standard error),
so that `qualcode memos show project > memo.md`, an edit, and `qualcode memos set project --file memo.md` round-trip.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import ProjectError, shorten

if TYPE_CHECKING:
    from qualcode.project import Project
    from qualcode.project.memos import MemoTarget

EXIT_OK = 0
# project.coding.MEMO_KINDS, spelled out: building the parser loads no project code (start-up stays fast).
KINDS = ("coding", "document", "code", "project")
STDIN = "-"


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser,
                parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `memos list|show|set|remove` to the command parser."""
    memos = commands.add_parser(
        "memos", parents=[common], help="list, show, write or remove memos (on a coding, document, code, the project)",
        description="Memos as the workbench's m key writes them: one per coding, document or code, and one on the "
                    "project. TARGET is a coding's id (or its 4+ first characters, as 'qualcode codings list' shows "
                    "it), a document (its id, file name, file name without extension or title) or a code's id; "
                    "'project' takes none.")
    actions = memos.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    kind_help = "coding, document, code or project"
    target_help = "which coding, document or code (left out for project)"

    listing = actions.add_parser("list", parents=[common], help="every memo: what it is on, who wrote it last, when, "
                                                                "the text")
    listing.add_argument("--kind", choices=KINDS, help=f"only memos on a {kind_help}")
    listing.add_argument("--coder", metavar="NAME", help="only memos this coder wrote last")
    listing.add_argument("--format", choices=("md", "csv", "xlsx"),
                         help="md (default: printed, or written with --out), csv or xlsx (written to a file)")
    listing.add_argument("--out", type=Path, metavar="FILE",
                         help="file to write (default for csv/xlsx: reports/memos.FORMAT in the project; '-' for "
                              "standard output, md or csv)")
    listing.add_argument("--force", action="store_true", help="replace an existing file outside the project folder")

    show = actions.add_parser("show", parents=[common], help="print one memo's text (what it is on to standard "
                                                             "error)")
    show.add_argument("kind", choices=KINDS, metavar="KIND", help=kind_help)
    show.add_argument("target", nargs="?", metavar="TARGET", help=target_help)

    setting = actions.add_parser("set", parents=[common], help="write or replace a memo (undoable)")
    setting.add_argument("kind", choices=KINDS, metavar="KIND", help=kind_help)
    setting.add_argument("target", nargs="?", metavar="TARGET", help=target_help)
    setting.add_argument("text", nargs="?", metavar="TEXT",
                         help="the memo (Markdown; quote it); '-' reads it from standard input")
    setting.add_argument("--file", type=Path, metavar="FILE",
                         help="read the memo from a UTF-8 Markdown or text file instead ('-': standard input)")
    setting.add_argument("--coder", help="who writes it (recorded in the event log; undo belongs to this coder)")

    remove = actions.add_parser("remove", parents=[common], help="remove a memo (undoable)")
    remove.add_argument("kind", choices=KINDS, metavar="KIND", help=kind_help)
    remove.add_argument("target", nargs="?", metavar="TARGET", help=target_help)
    remove.add_argument("--coder", help="who removes it (recorded in the event log; undo belongs to this coder)")


def run(args: argparse.Namespace) -> int:
    """Dispatch `qualcode memos ACTION`."""
    from qualcode.cli.commands import _open

    if args.action == "set" and args.kind == "project":  # 'set project TEXT': the one value is the text
        if args.text is not None:
            raise ProjectError("a memo on the project names nothing after 'project': give only the text",
                               hint="quote the text: qualcode memos set project \"…\"")
        args.target, args.text = None, args.target
    text = _given_text(args) if args.action == "set" else None  # read before the project opens: a bad file stops here
    with _open(args) as project:
        if args.action == "list":
            _list(project, args)
            return EXIT_OK
        target = project.memo_target(args.kind, args.target)
        if args.action == "show":
            _show(project, target)
        else:
            _change(project, target, text, args.coder)
    return EXIT_OK


def _given_text(args: argparse.Namespace) -> str:
    """The memo `set` writes: TEXT, --file FILE or standard input; never empty (removing is `memos remove`)."""
    from qualcode.project.memos import MAX_MEMO_BYTES, checked_memo_text, memo_from_bytes, read_memo_file

    if args.kind != "project" and args.target is None:
        raise ProjectError(f"say which {args.kind} the memo is on", hint=f"qualcode memos set {args.kind} TARGET TEXT "
                           "(TARGET as 'qualcode memos --help' describes it)")
    if args.file is not None and args.text is not None:
        raise ProjectError("give the memo as TEXT or with --file, not both", hint="leave one of them out")
    if args.file is None and args.text is None:
        on = "the project" if args.kind == "project" else f"{args.kind} '{shorten(args.target)}'"
        raise ProjectError(f"say what the memo on {on} says: TEXT, --file FILE, or '-' to read standard input",
                           hint=f"e.g. qualcode memos set {args.kind}"
                                f"{'' if args.kind == 'project' else ' ' + shlex.quote(args.target)} "
                                "\"Navragen bij de wethouder\"")
    source: str | None = None  # where the text came from, named in the message about it
    if args.text == STDIN or (args.file is not None and str(args.file) == STDIN):
        source = "standard input"
        text = memo_from_bytes(sys.stdin.buffer.read(MAX_MEMO_BYTES + 1), source)
    elif args.file is not None:
        source = str(args.file)
        text = read_memo_file(args.file)
    else:
        text = checked_memo_text(args.text)
    if not text.strip():
        where = "" if args.kind == "project" else " " + shlex.quote(args.target or "TARGET")
        raise ProjectError("the memo is empty; nothing was written", file=source,
                           hint=f"to remove a memo: qualcode memos remove {args.kind}{where}")
    return text


def _list(project: Project, args: argparse.Namespace) -> None:
    from qualcode.cli.out_format import format_target, write_atomically
    from qualcode.cli.output import escape, new_console
    from qualcode.project.memo_output import csv_text, render

    memos = project.memos(kind=args.kind, coder=args.coder)
    if args.out is not None and str(args.out) == STDIN:  # '--out -': standard output, as codings export has it
        args.format = args.format or "md"
        if args.format == "xlsx":
            raise ProjectError("an Excel workbook cannot go to standard output", hint="name a file with --out")
        _print_text(str(render(memos, "md")) if args.format == "md" else csv_text(memos))
        return
    target = format_target(args, project.root, "memos")
    if target is not None:
        write_atomically(target, render(memos, args.format))
        new_console(soft_wrap=True).print(f"wrote {escape(target)} ({len(memos)} memo{'s' if len(memos) != 1 else ''})")
        return
    if not memos:
        filtered = args.kind is not None or args.coder is not None
        new_console(stderr=True, soft_wrap=True).print(
            "no memos match" if filtered else "no memos yet: write one in the workbench (m) or with "
                                              "'qualcode memos set KIND TARGET TEXT'")
        return
    _print_text(str(render(memos, "md")))


def _show(project: Project, target: MemoTarget) -> None:
    from qualcode.cli.output import escape, new_console
    from qualcode.project.memo_output import when

    errors = new_console(stderr=True, soft_wrap=True)
    found = [memo for memo in project.memos(kind=target.kind) if memo.target.guid == target.guid]
    if not found:
        errors.print(f"no memo on {escape(target.label)}")
        return
    memo = found[0]
    writer = ", ".join(part for part in (memo.coder or "", when(memo.written_at)) if part)
    errors.print(f"memo on {escape(target.label)}" + (f", written by {escape(writer)}" if writer else ""))
    _print_text(memo.text + "\n")


def _change(project: Project, target: MemoTarget, text: str | None, coder_name: str | None) -> None:
    from qualcode.cli.output import escape, new_console

    coder = project.coder(coder_name)
    before = project.memo(target.kind, target.guid or "")
    console = new_console(soft_wrap=True)
    if before == text or (before is None and text is None):
        state = "has no memo" if text is None else "already has this memo"
        console.print(f"{escape(target.label)} {state}; nothing changed")
        return
    project.set_memo(target.kind, target.guid or "", text, coder)
    verb = "removed the memo on" if text is None else "wrote a memo on" if before is None else "replaced the memo on"
    console.print(f"{verb} {escape(target.label)} for {escape(coder)} (undo: 'qualcode undo --coder "
                  f"{escape(shlex.quote(coder))}')")


def _print_text(text: str) -> None:
    """Write memo text to standard output; on a terminal without control characters (a memo brought in by an import
    or a merge may hold escapes), into a file or pipe exactly as stored."""
    from qualcode.project.memos import CONTROL_CHARACTERS

    sys.stdout.write(CONTROL_CHARACTERS.sub("", text) if sys.stdout.isatty() else text)
