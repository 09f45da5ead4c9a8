"""The codings commands: `qualcode codings list|add|remove|export|import`, the Project's coding API scriptable.

`codings add` prints only the new coding's id on standard output (what it coded goes to standard error), so that
a script can keep it: `id=$(qualcode codings add …)`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import ProjectError

if TYPE_CHECKING:
    from rich.console import Console

    from qualcode.project import Project

EXIT_OK = 0
TEXT_WIDTH = 50  # characters of coded text in the table
SHORT_ID = 8  # characters of a coding's id in the table (enough for `codings remove`; csv and json have it whole)


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser,
                parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `codings list|add|remove|export|import` to the command parser."""
    doc_help = "a document: its id (or 4+ first characters), file name, file name without extension, or title"
    codings = commands.add_parser("codings", parents=[common],
                                  help="list, add, remove, export or import codings (scriptable coding)")
    actions = codings.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)

    listing = actions.add_parser("list", parents=[common], help="one row per coding: id, document, span, code, …")
    listing.add_argument("--document", metavar="DOC", help=f"only this document ({doc_help})")
    listing.add_argument("--code", metavar="ID", help="only this code (its id, e.g. capaciteit.tekort)")
    listing.add_argument("--coder", metavar="NAME", help="only this coder's codings")
    listing.add_argument("--format", choices=("table", "csv", "json"), default="table",
                         help="table (default; coded text shortened), csv or json (whole text)")

    add = actions.add_parser("add", parents=[common], help="code a span of a document (undoable; prints its id)")
    add.add_argument("doc", metavar="DOC", help=doc_help)
    add.add_argument("code", metavar="CODE", help="the code's id (as 'qualcode codebook show' lists it)")
    add.add_argument("--start", type=int, metavar="N", help="first character (0-based, as 'codings list' shows)")
    add.add_argument("--end", type=int, metavar="M", help="character after the last one")
    add.add_argument("--text", metavar="WORDS",
                     help="the coded words as quoted (line breaks and spacing need not match)")
    add.add_argument("--occurrence", type=int, metavar="K", help="with --text: the K-th place the words stand (1 = "
                                                                  "the first)")
    add.add_argument("--coder", help="who codes (default: default_coder in qualcode.toml, else your login)")
    add.add_argument("--memo", metavar="TEXT", help="a memo on the coding")

    remove = actions.add_parser("remove", parents=[common], help="remove codings by id (each undoable)")
    remove.add_argument("ids", nargs="+", metavar="ID", help="a coding's id or its first characters (4+)")
    remove.add_argument("--coder", help="who removes them (recorded in the event log; undo belongs to this coder)")

    export = actions.add_parser("export", parents=[common],
                                help="write every coding as CSV or XLSX (English column names)")
    export.add_argument("--format", choices=("csv", "xlsx"), help="csv or xlsx (default: as --out ends, else csv)")
    export.add_argument("--out", type=Path, metavar="FILE",
                        help="file to write (default: reports/codings.FORMAT in the project; '-' for standard output, "
                             "csv only)")
    export.add_argument("--force", action="store_true", help="replace an existing file outside the project folder")

    importing = actions.add_parser("import", parents=[common],
                                   help="add codings from a CSV or XLSX table (all rows checked first; undoable)")
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--coder", help="coder of rows without one, and who imports (default: default_coder)")
    importing.add_argument("--dry-run", action="store_true", help="check every row and say what would be stored; "
                                                                  "store nothing")


def run(args: argparse.Namespace) -> int:
    """Dispatch `qualcode codings ACTION`."""
    from qualcode.cli.commands import _open

    handlers = {"list": _list, "add": _add, "remove": _remove, "export": _export, "import": _import}
    with _open(args) as project:
        handlers[args.action](project, args)
    return EXIT_OK


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)  # messages never broken inside a command


def _list(project: Project, args: argparse.Namespace) -> None:
    from qualcode.cli.output import escape
    from qualcode.domain.errors import shorten
    from qualcode.project.coding_exchange import LIST_COLUMNS, entries_csv, entries_json

    document = project.resolve_document(args.document) if args.document is not None else None
    entries = project.coding_entries(document, code=args.code, coder=args.coder)
    if args.format == "csv":
        sys.stdout.write(entries_csv(entries, LIST_COLUMNS))
        return
    if args.format == "json":
        sys.stdout.write(entries_json(entries))
        return
    console = _console()
    if not entries:
        console.print("no codings" + (" match" if document or args.code or args.coder else " yet: code in the "
                                      "workbench ('qualcode code') or with 'qualcode codings add'"))
        return
    from rich.table import Table

    table = Table(title=f"{len(entries)} coding{'s' if len(entries) != 1 else ''}")
    for column, justify in (("id", "left"), ("document", "left"), ("case", "left"), ("start", "right"),
                            ("end", "right"), ("code", "left"), ("coder", "left"), ("created", "left"),
                            ("memo", "left"), ("text", "left")):
        table.add_column(column, justify=justify, no_wrap=column in ("id", "start", "end", "created"),  # type: ignore[arg-type]
                         ratio=3 if column == "text" else None)
    for entry in entries:
        table.add_row(entry.coding_guid[:SHORT_ID], escape(shorten(entry.document, 40)), escape(entry.case or "–"),
                      str(entry.start), str(entry.end), escape(entry.code), escape(entry.coder),
                      entry.created_at[:16].replace("T", " "), escape(_flat(entry.memo or "", 30)),
                      escape(_flat(entry.text, TEXT_WIDTH)))
    console.print(table)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _flat(text: str, width: int) -> str:
    """Text on one line, shortened in the middle to width characters."""
    from qualcode.domain.errors import shorten

    return shorten(" ".join(text.split()), width)


def _add(project: Project, args: argparse.Namespace) -> None:
    from qualcode.cli.output import escape
    from qualcode.project.choices import code_key
    from qualcode.project.coding import excerpt
    from qualcode.project.coding_exchange import find_phrase

    document = project.resolve_document(args.doc)
    code_key(project.codebook(), args.code, "CODE")
    if args.text is not None:
        if args.start is not None or args.end is not None:
            raise ProjectError("give either --text or --start and --end, not both",
                               hint="--text finds the words; --start/--end name the characters")
        row = project.document(document)
        start, end = find_phrase(project.document_text(document), row.title, args.text, args.occurrence)
        shown = row.sha256  # the words were found in this text: if a new version lands meanwhile, nothing is coded
    elif args.start is None or args.end is None:
        raise ProjectError("say what to code: --start N --end M, or --text \"the quoted words\"",
                           hint="'qualcode codings list' and 'qualcode documents show DOC --sentences' show offsets")
    else:
        if args.occurrence is not None:
            raise ProjectError("--occurrence goes with --text", hint="leave it out, or use --text")
        start, end, shown = args.start, args.end, None
        if end <= start:
            raise ProjectError(f"--end ({end}) is not after --start ({start})", hint="the end is the character "
                               "after the last coded one, so it is larger than the start")
        length = len(project.document_text(document))
        if start < 0 or end > length:
            raise ProjectError(f"span {start}-{end} lies outside the document (0-{length})",
                               hint="'qualcode codings list' and 'qualcode documents show DOC --sentences' show "
                                    "offsets; or pass --text")
    coder = project.coder(args.coder)
    coding = project.apply_coding(document, start, end, args.code, coder, args.memo, shown_sha256=shown)
    text = project.document_text(document)[start:end]
    _console(stderr=True).print(f"coded '{escape(excerpt(text, 60))}' ({start}-{end}) as {escape(args.code)} "
                                f"for {escape(coder)}; remove it with 'qualcode codings remove {coding.guid[:8]}'")
    sys.stdout.write(coding.guid + "\n")


def _remove(project: Project, args: argparse.Namespace) -> None:
    from qualcode.cli.output import escape
    from qualcode.project.coding import excerpt
    from qualcode.project.coding_exchange import resolve_coding

    entries = project.coding_entries()
    chosen = [resolve_coding(entries, reference) for reference in args.ids]  # every id checked before any removal
    coder = project.coder(args.coder)
    console = _console()
    done: set[str] = set()
    for entry in chosen:
        if entry.coding_guid in done:
            continue
        project.remove_coding(entry.coding_guid, coder)
        done.add(entry.coding_guid)
        console.print(f"removed {entry.coding_guid}: {escape(entry.code)} on '{escape(excerpt(entry.text, 50))}' "
                      f"({escape(entry.document)}, {entry.start}-{entry.end})")


def _export(project: Project, args: argparse.Namespace) -> None:
    from qualcode.cli.out_format import check_out, format_for, write_atomically, wrote
    from qualcode.cli.output import escape

    fmt = format_for(args.format, args.out, ("csv", "xlsx"), "csv")
    content = project.export_codings(fmt)
    target: Path = args.out or project.root / "reports" / f"codings.{fmt}"
    check_out(target, project.root, force=args.force)
    write_atomically(target, content)  # `--out -`: the CSV on standard output
    count = sum(document.codings for document in project.list_documents())
    wrote(_console(), target, f"wrote {escape(target)} ({count} coding{'s' if count != 1 else ''})")


def _import(project: Project, args: argparse.Namespace) -> None:
    from qualcode.cli.output import escape

    result = project.import_codings(args.file, coder=args.coder, dry_run=args.dry_run)
    console, errors = _console(), _console(stderr=True)
    name = escape(args.file)
    for warning in result.warnings:
        errors.print(f"[yellow]warning[/]   {name}: {escape(warning)}")
    if result.ignored_columns:
        errors.print(f"[yellow]warning[/]   {name}: columns not read: {escape(', '.join(result.ignored_columns))}")
    for moved in result.moved:
        console.print(f"moved     {name} {escape(moved)}")
    top = result.per_code.most_common(5)
    counts = ", ".join(f"{code} {count}" for code, count in top) + (
        f", … {len(result.per_code) - len(top)} more codes" if len(result.per_code) > len(top) else "")
    by_code = f" ({escape(counts)})" if counts else ""
    skipped = f"; {_count(result.duplicates, 'row')} skipped as duplicates (already coded)" if result.duplicates else ""
    moved_note = f"; {_count(len(result.moved), 'row')} found at other offsets" if result.moved else ""
    if result.dry_run:
        console.print(f"dry run: {len(result.planned)} of {_count(result.rows, 'row')} would be stored{by_code}"
                      f"{skipped}{moved_note}; nothing was stored")
        return
    console.print(f"{name}: {_count(result.stored, 'coding')} imported{by_code}{skipped}{moved_note}")
    if result.stored:
        console.print(f"  one undo in the workbench by {escape(result.coder)} removes exactly these codings; "
                      f"a snapshot was taken first: {escape(result.snapshot)}")
