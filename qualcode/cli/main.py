"""The qualcode argument parser and entry point: errors become messages and exit codes, never tracebacks."""

from __future__ import annotations

import argparse
import gc
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from qualcode import __version__
from qualcode.cli import backup_commands, codings_commands, quote_commands
from qualcode.domain.errors import QualcodeError, bounded

EXIT_OK, EXIT_ERROR, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 3, 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors say what to do and exit with the usage code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"error: {bounded(message)}\n  → run '{self.prog} --help' to see the options\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--project", metavar="DIR", type=Path, default=argparse.SUPPRESS,
                        help="the project folder (default: this folder or the nearest one above it)")
    parser = _Parser(prog="qualcode", parents=[common],
                     description="Code Dutch interview transcripts and build cross-case synthesis reports.")
    parser.add_argument("--version", action="version", version=f"qualcode {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    init = commands.add_parser("init", parents=[common], help="create a project folder")
    init.add_argument("dir", nargs="?", type=Path, default=Path("."), help="folder to create (default: here)")
    init.add_argument("--name", help="project name (default: the folder name)")
    init.add_argument("--coder", help="default coder name")

    importing = commands.add_parser("import", parents=[common],
                                    help="import transcripts (files or folders), or a REFI-QDA project or codebook "
                                         "('import qdpx|qdc FILE')")
    importing.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                           help="transcript files or folders; or 'qdpx FILE', 'qdc FILE' (a new project in --project "
                                "DIR, default ./FILE-NAME, unless --into)")
    importing.add_argument("--into", metavar="DIR", type=Path,
                           help="REFI-QDA: import into this existing project (matched by GUID, nothing duplicated)")
    importing.add_argument("--drop-invalid", action="store_true",
                           help="REFI-QDA: leave out selections and codings that contradict the file, import the rest")
    importing.add_argument("--coder", help="who imports (recorded in the event log)")
    importing.add_argument("--dry-run", action="store_true",
                           help="print what would be stored (header, speakers, turns, sentences, warnings); "
                                "store nothing")
    importing.add_argument("--split", action="store_true",
                           help="a file with several write-ups (an appendix) becomes one document per write-up")

    codebook = commands.add_parser("codebook", parents=[common], help="load, show, export or check a codebook")
    codebook_commands = codebook.add_subparsers(dest="action", metavar="ACTION", required=True,
                                                parser_class=_Parser)
    load = codebook_commands.add_parser("load", parents=[common], help="load (upsert by id) a YAML codebook")
    load.add_argument("file", type=Path)
    load.add_argument("--force", action="store_true", help="delete codes missing from the file, with their codings")
    check = codebook_commands.add_parser("check", parents=[common], help="validate a codebook file")
    check.add_argument("file", type=Path)
    codebook_commands.add_parser("show", parents=[common], help="show the project's codebook")
    export = codebook_commands.add_parser("export", parents=[common], help="write the codebook as YAML")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export.add_argument("--force", action="store_true", help="replace an existing file outside the project folder")

    cases = commands.add_parser("cases", parents=[common], help="load or show cases (municipalities)")
    cases_commands = cases.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    cases_load = cases_commands.add_parser("load", parents=[common], help="load cases and attributes from a CSV")
    cases_load.add_argument("file", type=Path)
    cases_commands.add_parser("show", parents=[common], help="show cases and their attributes")
    case_rename = cases_commands.add_parser("rename", parents=[common], help="give a case a new name")
    case_rename.add_argument("case", metavar="CASE", help="the case's name (matched as imports match it)")
    case_rename.add_argument("new_name", metavar="NEW_NAME")
    case_merge = cases_commands.add_parser("merge", parents=[common],
                                           help="move a case's documents and missing attributes into another case")
    case_merge.add_argument("case", metavar="CASE", help="the case that goes away")
    case_merge.add_argument("into", metavar="INTO", help="the case that stays (its attribute values win)")
    case_alias = cases_commands.add_parser("alias", parents=[common],
                                           help="add a name for a case to qualcode.toml and relink what it matches")
    case_alias.add_argument("name", metavar="NAME", help="the other name, e.g. 'Kleidorp-Oost'")
    case_alias.add_argument("case", metavar="CASE", help="the case it means")
    for fix in (case_rename, case_merge, case_alias):
        fix.add_argument("--coder", help="who changes it (recorded in the event log)")

    documents = commands.add_parser("documents", parents=[common], help="list, rename, relink or remove documents")
    documents_commands = documents.add_subparsers(dest="action", metavar="ACTION", required=True,
                                                  parser_class=_Parser)
    documents_commands.add_parser("list", parents=[common], help="one row per document: id, title, case, counts")
    doc_help = "a document: its id (or 4+ first characters), file name, file name without extension, or title"
    doc_show = documents_commands.add_parser(
        "show", parents=[common], help="what qualcode understood of a document, as import --dry-run shows it")
    doc_show.add_argument("doc", metavar="DOC", help=doc_help)
    doc_show.add_argument("--sentences", action="store_true", help="list every sentence, not only the first ones")
    doc_remove = documents_commands.add_parser("remove", parents=[common],
                                               help="remove a document and all on it (a snapshot first; undoable)")
    doc_remove.add_argument("doc", metavar="DOC", help=doc_help)
    doc_remove.add_argument("--force", action="store_true", help="remove it also when it has codings")
    doc_rename = documents_commands.add_parser("rename", parents=[common], help="give a document a new title")
    doc_rename.add_argument("doc", metavar="DOC", help=doc_help)
    doc_rename.add_argument("title", metavar="TITLE")
    doc_set_case = documents_commands.add_parser("set-case", parents=[common], help="link a document to a case")
    doc_set_case.add_argument("doc", metavar="DOC", help=doc_help)
    doc_set_case.add_argument("case", metavar="CASE", help="an existing case's name, or a new case")
    for fix in (doc_remove, doc_rename, doc_set_case):
        fix.add_argument("--coder", help="who changes it (recorded in the event log; undo belongs to this coder)")
    from qualcode.cli import version_commands

    version_commands.add_parsers(documents_commands, common, doc_help)  # replace, review

    commands.add_parser("status", parents=[common], help="documents, words, cases, codes and coding progress")

    report = commands.add_parser("report", parents=[common], help="render a synthesis, appendix or case report")
    report.add_argument("kind", choices=("synthesis", "appendix", "case"), metavar="KIND", nargs="+",
                        help="synthesis, appendix or case; several in one command (one read of the project)")
    report.add_argument("--format", choices=("md", "html", "docx"), nargs="+",
                        help="md, html or docx (default: as --out ends, else md); several give one file each")
    report.add_argument("--out", type=Path, help="file to write (default: reports/KIND.FORMAT in the project); with "
                        "several kinds or formats the folder to write them in")
    report.add_argument("--force", action="store_true", help="replace an existing file outside the project folder")
    report.add_argument("--anonymise", "--anonymize", action="store_true",
                        help="replace names of people; attribute quotes without the gemeente")
    report.add_argument("--lang", choices=("nl", "en"), help="report language (default: the project's)")
    report.add_argument("--coder", help="only this coder's codings")
    report.add_argument("--timestamp", action="store_true", help="print the time of rendering in the report")
    report.add_argument("--no-charts", dest="charts", action="store_false", default=None,
                        help="leave the synthesis's charts out (also [report] charts = false in qualcode.toml)")

    table = commands.add_parser("table", parents=[common], help="write one analysis table")
    table.add_argument("kind", choices=("matrix", "frequencies", "cooccurrence", "quotes", "respondents"),
                       metavar="KIND", help="matrix, frequencies, cooccurrence, quotes or respondents")
    table.add_argument("--format", choices=("csv", "xlsx", "md"),
                       help="csv, xlsx or md (default: as --out ends, else csv)")
    table.add_argument("--out", type=Path, help="file to write (default: reports/KIND.FORMAT in the project)")
    table.add_argument("--force", action="store_true", help="replace an existing file outside the project folder")
    table.add_argument("--unit", choices=("sentence", "turn", "document"), default="sentence",
                       help="co-occurrence within a sentence (default), a turn or a document")
    table.add_argument("--value", choices=("count", "presence", "n_of_n"), default="count",
                       help="matrix cells: counts of passages (default), presence, or with an 'n van N' row")
    table.add_argument("--type", dest="code_type", metavar="TYPE", help="only codes of this type (e.g. barrier)")
    table.add_argument("--by", metavar="ATTRIBUTE",
                       help="matrix: codes × groups of a case attribute (provincie, grootteklasse, …) or 'rol'")
    table.add_argument("--code", metavar="ID", help="quotes: only this code (with its children)")
    table.add_argument("--where", metavar="ATTRIBUTE=VALUE", action="append", default=[],
                       help="quotes: only cases with this attribute value (repeatable)")
    table.add_argument("--coder", help="only this coder's codings")
    table.add_argument("--anonymise", "--anonymize", action="store_true", help="replace names of people in quotes")
    table.add_argument("--lang", choices=("nl", "en"), help="language of attributions (default: the project's)")

    backup_commands.add_parsers(commands, common, _Parser)
    from qualcode.cli import exchange_commands

    exchange_commands.add_parsers(commands, common, _Parser)
    codings_commands.add_parsers(commands, common, _Parser)
    from qualcode.cli import history_commands

    history_commands.add_parsers(commands, common)
    from qualcode.cli import agreement_commands

    agreement_commands.add_parsers(commands, common)
    quote_commands.add_parsers(commands, common, _Parser)
    from qualcode.cli import search_commands

    search_commands.add_parsers(commands, common)
    from qualcode.cli import words_commands

    words_commands.add_parsers(commands, common)
    from qualcode.cli import suggest_commands

    suggest_commands.add_parsers(commands, common, _Parser)
    from qualcode.cli import pseudonym_commands

    pseudonym_commands.add_parsers(commands, common, _Parser)
    from qualcode.cli import merge_commands

    merge_commands.add_parsers(commands, common)

    from qualcode.cli import consensus_commands

    consensus_commands.add_parsers(commands, common, _Parser)
    from qualcode.cli import memo_commands

    memo_commands.add_parsers(commands, common, _Parser)

    code = commands.add_parser("code", parents=[common], help="open the coding workbench (a terminal UI)")
    code.add_argument("--coder", help="who codes (default: default_coder in qualcode.toml, else your login)")

    demo = commands.add_parser("demo", parents=[common], help="build the example project and open it")
    demo.add_argument("dir", nargs="?", type=Path, default=Path("qualcode-demo"),
                      help="folder for the demo project (default: ./qualcode-demo)")
    demo.add_argument("--no-ui", action="store_true", help="build and show the status, but do not open the UI")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors are messages with a non-zero exit code, never tracebacks."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    from qualcode.cli import commands

    try:
        return commands.run(args)
    except QualcodeError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; every finished step is saved\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        sys.stderr.write(f"error: {bounded(where)}{error.strerror or error}\n"
                         "  → check that the path exists and that you may read and write it\n")
        return EXIT_ERROR
    except Exception as error:  # the last guard: a user never sees a traceback
        log = _write_crash_log()
        sys.stderr.write(f"error: qualcode hit an internal problem ({type(error).__name__}: {bounded(str(error))}).\n"
                         f"  → nothing was half-written; please report it with the log at {log}\n")
        return EXIT_ERROR
    finally:
        if argv is None:  # the process's own command line: it ends with this command
            # Out of the cycle collector's sight, what the command leaves is not walked and torn down at exit
            # (0.1–0.2 s after a report of a million words); the command has closed its project and files.
            gc.freeze()


def _write_crash_log() -> Path:
    import tempfile

    path = Path(tempfile.gettempdir()) / "qualcode-crash.log"
    path.write_text(traceback.format_exc(), encoding="utf-8")
    return path


if __name__ == "__main__":
    raise SystemExit(main())
