"""`documents replace` (a corrected file becomes a new version, codings re-anchored) and `documents review` (the
codings that need a decision: list, accept, adjust, remove)."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import ProjectError

if TYPE_CHECKING:  # the parser is built at every start; the project and rich are loaded only to run a command
    from rich.console import Console

    from qualcode.project import Project
    from qualcode.project.review import ReviewItem

EXIT_OK = 0
_STATUS = {"text_changed": "text changed", "vanished": "vanished"}


def add_parsers(documents_commands: Any, common: argparse.ArgumentParser, doc_help: str) -> None:
    """Add `documents replace` and `documents review` to the documents subcommands."""
    replace = documents_commands.add_parser(
        "replace", parents=[common], help="make a corrected file the new version of a document; codings are "
                                          "re-anchored (a snapshot first; undoable)")
    replace.add_argument("doc", metavar="DOC", help=doc_help)
    replace.add_argument("file", metavar="FILE", type=Path, help="the corrected transcript (.txt, .md, .docx, .pdf, …)")
    replace.add_argument("--dry-run", action="store_true",
                         help="say what would happen to each coding; store nothing")
    replace.add_argument("--coder", help="who replaces it (recorded in the event log; undo belongs to this coder)")
    review = documents_commands.add_parser(
        "review", parents=[common], help="codings a new version left on changed words or without words: "
                                         "list them, accept, adjust or remove them")
    review.add_argument("doc", metavar="DOC", nargs="?", help=f"{doc_help} (listing: default every document)")
    decision = review.add_mutually_exclusive_group()
    decision.add_argument("--accept", metavar="ID", help="keep a text-changed coding where re-anchoring put it "
                                                         "(ID as listed, or 'all')")
    decision.add_argument("--adjust", metavar="ID", help="put a coding on other words of the current text "
                                                         "(with --text or --at)")
    decision.add_argument("--remove", metavar="ID", help="remove a coding awaiting review (ID, or 'all')")
    review.add_argument("--text", metavar="WORDS", help="with --adjust: the words to code, as the current text has "
                                                        "them (the place nearest the coding's is taken)")
    review.add_argument("--at", metavar="START:END", help="with --adjust: code point offsets in the current text")
    review.add_argument("--coder", help="who decides (recorded in the event log; undo belongs to this coder)")


def run(args: argparse.Namespace, project: Project) -> int:
    """Run `documents replace` or `documents review` on an open project."""
    from qualcode.cli.output import new_console
    from qualcode.project.coding import login_name

    console = new_console()
    errors = new_console(stderr=True)
    coder = project.coder(args.coder) or login_name()
    if args.action == "replace":
        return _replace(project, args, coder, console, errors)
    return _review(project, args, coder, console)


def _doc_argument(project: Project, guid: str) -> str:
    """How to name the document on the command line: its file name, quoted for the shell when it must be."""
    return shlex.quote(project.document(guid).source_name)


def _replace(project: Project, args: argparse.Namespace, coder: str, console: Console, errors: Console) -> int:
    from qualcode.cli.output import escape, print_reanchoring, thousands

    result = project.replace_document(args.doc, args.file, coder=coder, dry_run=args.dry_run)
    document = project.document(result.document_guid) if result.document_guid else \
        project.document(project.resolve_document(args.doc))
    for warning in result.warnings:
        errors.print(f"[yellow]warning[/]   {escape(args.file.name)}: {escape(warning)}")
    if result.status == "unchanged":
        console.print(f"'{escape(document.title)}' already holds this text; nothing was replaced")
        return EXIT_OK
    words = thousands(result.words)
    change = result.reanchoring
    if result.status == "preview":
        version = f" as version {change.version_after}" if change else ""
        console.print(f"would replace the text of '{escape(document.title)}'{version} with {escape(args.file.name)} "
                      f"({words} words); nothing was stored")
    else:
        versions = f": version {change.version_before} → {change.version_after}" if change else ""
        console.print(f"replaced the text of '{escape(document.title)}' with {escape(args.file.name)}{versions} "
                      f"({words} words; the old text is kept)")
    if change is not None:
        print_reanchoring(console, change, _doc_argument(project, document.guid))
        if change.snapshot:
            console.print(f"  snapshot of the database before the change: {escape(change.snapshot)}")
    if result.status == "replaced":
        console.print(f"  undo it in the workbench (u) as coder '{escape(coder)}'")
    return EXIT_OK


def _span(value: str) -> tuple[int, int]:
    start, _, end = value.partition(":")
    try:
        return int(start), int(end)
    except ValueError:
        raise ProjectError(f"--at '{value}' is not START:END", hint="give two code point offsets, e.g. --at 120:185"
                           ) from None


def _review(project: Project, args: argparse.Namespace, coder: str, console: Console) -> int:
    from qualcode.cli.output import escape

    decision, reference = next(((name, getattr(args, name)) for name in ("accept", "adjust", "remove")
                                if getattr(args, name) is not None), (None, None))
    if decision != "adjust" and (args.text is not None or args.at is not None):
        raise ProjectError("--text and --at say where --adjust puts a coding", hint="add --adjust ID")
    if decision is None or reference is None:
        _list(project, args.doc, console)
        return EXIT_OK
    if args.doc is None:
        raise ProjectError(f"--{decision} needs the document", hint=f"qualcode documents review DOC --{decision} ID")
    span = _span(args.at) if args.at is not None else None
    done = project.review_coding(args.doc, reference, decision, span=span, text=args.text, coder=coder)
    what = {"accept": "accepted the new place of", "adjust": "adjusted", "remove": "removed"}[decision]
    for item in done.items:
        console.print(f"{what} {item.short_id} {escape(item.code_key or '(code no longer in the codebook)')} "
                      f"'{escape(_flat(item.old_text))}'")
    if done.placed is not None:
        start, end = done.placed
        now = project.document_text(done.items[0].document_guid)[start:end]
        console.print(f"  now on {start}–{end}: '{escape(_flat(now))}'")
    if done.note:
        console.print(f"  {escape(done.note)}")
    console.print(f"{done.left} codings of this document still await review" if done.left
                  else "no codings of this document await review any more")
    console.print(f"  undo it in the workbench (u) as coder '{escape(coder)}'")
    return EXIT_OK


def _flat(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _list(project: Project, doc: str | None, console: Console) -> None:
    from rich.table import Table

    from qualcode.cli.output import escape

    items = project.codings_to_review(doc)
    if not items:
        where = f"of '{project.document(project.resolve_document(doc)).title}' " if doc else ""
        console.print(f"no codings {where}await review")
        return
    titles = {item.document_title for item in items}
    table = Table(title=f"{len(items)} codings await review" + (f" in '{escape(items[0].document_title)}'"
                                                                if len(titles) == 1 else ""))
    several = len(titles) > 1
    for column in ("id", "status", "code", "coder", *(("document",) if several else ()), "was", "old text", "now",
                   "new text"):
        table.add_column(column, no_wrap=column in ("id", "status", "was", "now"), overflow="fold")
    for item in items:
        row = _row(item)
        table.add_row(*row[:4], *((escape(_flat(item.document_title, 30)),) if several else ()), *row[4:])
    console.print(table)
    hint_doc = shlex.quote(doc) if doc else "DOC"
    console.print(f"decide with: qualcode documents review {escape(hint_doc)} --accept ID|all, "
                  "--adjust ID --text \"…\" (or --at START:END), --remove ID|all")
    sys.stdout.flush()


def _row(item: ReviewItem) -> tuple[str, ...]:
    from qualcode.cli.output import escape

    was = f"v{item.old_version} {item.old_start}–{item.old_end}"
    now = f"v{item.new_version} {item.new_start}–{item.new_end}" if item.new_start is not None else "—"
    code = item.code_key or "(not in codebook)"
    return (item.short_id, _STATUS[item.status], escape(code), escape(item.coder), was,
            escape(_flat(item.old_text)), now, escape(_flat(item.new_text)) if item.new_text else "(no words left)")
