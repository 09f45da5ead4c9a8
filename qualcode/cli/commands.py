"""The commands: each parses nothing, calls one Project use case and prints what it did."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from qualcode.cli import backup_commands, codings_commands, output, quote_commands
from qualcode.cli.out_format import check_out, to_stdout, write_atomically, wrote
from qualcode.domain.errors import ProjectError
from qualcode.project import Project

if TYPE_CHECKING:
    from qualcode.project.importer import FileResult

EXIT_OK, EXIT_ERROR, EXIT_PARTIAL = 0, 1, 3
REPORT_FORMATS = ("md", "html", "docx")


# command → (module of qualcode.cli, its function)
_LAZY_COMMANDS = {
    "export": ("exchange_commands", "export"), "search": ("search_commands", "run"),
    "agreement": ("agreement_commands", "run"), "merge": ("merge_commands", "run"), "words": ("words_commands", "run"),
    "pseudonyms": ("pseudonym_commands", "run"), "consensus": ("consensus_commands", "run"),
    "memos": ("memo_commands", "run"), "suggest": ("suggest_commands", "suggest"),
    "suggestions": ("suggest_commands", "suggestions"),
}


def run(args: argparse.Namespace) -> int:
    """Dispatch one parsed command."""
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "init": _init, "import": _import, "codebook": _codebook, "cases": _cases, "status": _status, "demo": _demo,
        "code": _code, "report": _report, "table": _table, "documents": _documents,
        "backup": backup_commands.backup, "snapshots": backup_commands.snapshots, "codings": codings_commands.run,
        "log": _history, "undo": _history, "redo": _history,
        "quotes": quote_commands.run,
    }
    lazy = _LAZY_COMMANDS.get(args.command)
    if lazy is not None:  # modules with their own heavy imports load only for their command
        module, function = lazy
        return int(getattr(importlib.import_module(f"qualcode.cli.{module}"), function)(args))
    return handlers[args.command](args)


def _console(stderr: bool = False) -> Console:
    return output.new_console(stderr=stderr)


def _history(args: argparse.Namespace) -> int:
    from qualcode.cli import history_commands

    with _open(args) as project:
        return history_commands.run(args, project)


def _open(args: argparse.Namespace) -> Project:
    project_dir: Path | None = getattr(args, "project", None)
    if project_dir is not None and project_dir.exists() and not project_dir.is_dir():
        raise ProjectError("--project names a file, not a project folder", file=str(project_dir),
                           hint="pass the folder that holds qualcode.toml, e.g. --project "
                                f"{output.escape(project_dir.parent)}")
    return Project.open(project_dir) if project_dir is not None else Project.find(Path.cwd())


def _init(args: argparse.Namespace) -> int:
    target = getattr(args, "project", None) or args.dir
    with Project.init(target, name=args.name, default_coder=args.coder) as project:
        _console().print(f"Created a qualcode project in [bold]{project.root}[/]\n"
                         "  next: put transcripts in transcripts/ and run 'qualcode import transcripts'")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from qualcode.cli import exchange_import_commands

    if exchange_import_commands.wants_exchange(args.paths) or args.into is not None:
        return exchange_import_commands.run(args)
    console = _console()
    errors = _console(stderr=True)
    with _open(args) as project:
        from qualcode.project.files import collect_files

        files = collect_files(args.paths)
        if not files:
            raise ProjectError("no transcript files found in " + ", ".join(str(p) for p in args.paths),
                               hint="qualcode reads .txt, .md, .docx, .pdf, .vtt and .srt")
        if args.dry_run:
            def show(result: FileResult) -> None:
                if result.overview is not None:
                    output.print_overview(console, result.overview,
                                          more_hint="after the import, 'qualcode documents show DOC --sentences' "
                                                    "lists them all")
                    if result.reanchoring is not None:  # a changed file of a document: its codings
                        output.print_reanchoring(console, result.reanchoring, result.path.name)
                else:
                    output.print_file_result(console, errors, result)

            report = project.preview_import(files, split=args.split, on_file=show)
            output.print_import_summary(console, report, dry_run=True)
            return EXIT_PARTIAL if report.failed else EXIT_OK
        with output.import_progress(console, len(files)) as advance:
            def on_file(result: FileResult) -> None:
                output.print_file_result(console, errors, result)
                advance()

            report = project.import_transcripts(files, coder=args.coder, split=args.split, on_file=on_file)
    output.print_import_summary(console, report)
    return EXIT_PARTIAL if report.failed else EXIT_OK


def _codebook(args: argparse.Namespace) -> int:
    console = _console()
    if args.action == "check" and getattr(args, "project", None) is None:
        # Checking a file needs no project.
        from qualcode.project.codebook_ops import read_codebook

        codebook = read_codebook(args.file)
        console.print(f"{output.escape(args.file)}: OK — {output.codebook_counts(codebook)}")
        return EXIT_OK
    with _open(args) as project:
        if args.action == "check":
            codebook = project.check_codebook(args.file)
            console.print(f"{output.escape(args.file)}: OK — {output.codebook_counts(codebook)}")
        elif args.action == "load":
            result = project.load_codebook(args.file, force=args.force)
            output.print_codebook_load(console, args.file, result)
        elif args.action == "show":
            output.print_codebook(console, project.codebook(), project.codings_per_code())
        elif args.action == "export":
            text = project.export_codebook()
            if args.out:
                check_out(args.out, project.root, force=args.force)
                write_atomically(args.out, text)
                wrote(console, args.out, f"wrote {output.escape(args.out)}")
            else:
                sys.stdout.write(text)
    return EXIT_OK


def _documents(args: argparse.Namespace) -> int:
    from qualcode.cli import manage

    if args.action == "show":
        with _open(args) as project:
            overview = project.document_overview(project.resolve_document(args.doc))
        output.print_overview(_console(), overview, all_sentences=args.sentences)
        return EXIT_OK
    if args.action in ("replace", "review"):
        from qualcode.cli import version_commands

        with _open(args) as project:
            return version_commands.run(args, project)
    return manage.documents(args)


def _cases(args: argparse.Namespace) -> int:
    if args.action not in ("load", "show"):
        from qualcode.cli import manage

        return manage.cases(args)
    console = _console()
    with _open(args) as project:
        if args.action == "load":
            loaded = project.load_cases(args.file)
            errors = _console(stderr=True)
            for warning in loaded.warnings:
                errors.print(f"[yellow]warning[/]   {output.escape(args.file)}: {output.escape(warning)}")
            console.print(f"{output.escape(args.file)}: {loaded.added} cases added, {loaded.updated} updated")
        else:
            output.print_cases(console, project.cases())
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    with _open(args) as project:
        output.print_status(_console(), project.status())
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    """One report, or several kinds and formats from one read of the project; nothing is written unless all render."""
    from qualcode.cli.out_format import format_for

    kinds = _several(args.kind)
    formats = _several(args.format) if args.format else [format_for(None, args.out, REPORT_FORMATS, "md")]
    if len(kinds) * len(formats) == 1:  # one file: its name and --format must agree
        format_for(formats[0], args.out, REPORT_FORMATS, "md")
    several = len(kinds) * len(formats) > 1
    written: list[list[tuple[Path, bytes]]] = []
    warnings: dict[str, None] = {}  # one line for all reports of the command, in order
    with _open(args) as project:
        folder = _out_folder(args.out, project.root) if several else None
        for kind in kinds:
            for fmt in formats:
                rendered = project.report(kind, fmt, lang=args.lang, anonymise=args.anonymise, coder=args.coder,
                                          timestamp=args.timestamp, charts=args.charts)
                warnings.update(dict.fromkeys(rendered.warnings))
                target = folder / rendered.filename if folder else args.out or project.root / "reports" / \
                    rendered.filename
                files = rendered.files_at(target)  # a Markdown synthesis's figures go next to it
                if to_stdout(target) and len(files) > 1:
                    raise ProjectError("a report with figure files cannot go to standard output",
                                       hint="name a file with --out, or leave the charts out with --no-charts")
                for path, _ in files:
                    check_out(path, project.root, force=args.force)
                written.append(files)
        key_is_empty = args.anonymise and not project.pseudonyms()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    console = _console()
    for files in written:
        for path, content in files[1:]:
            write_atomically(path, content)
        target, content = files[0]
        write_atomically(target, content)
        figures = f" and {len(files) - 1} figure files next to it" if len(files) > 1 else ""
        wrote(console, target, f"wrote {output.escape(target)} ({len(content):,} bytes){figures}".replace(",", "."))
    _print_warnings(warnings)
    if key_is_empty:
        _warn_empty_key()
    return EXIT_OK


def _print_warnings(warnings: Iterable[str]) -> None:
    errors = _console(stderr=True)
    for warning in warnings:
        errors.print(f"[yellow]warning[/]   {output.escape(warning)}")


def _several(values: str | list[str]) -> list[str]:
    return list(dict.fromkeys([values] if isinstance(values, str) else values))


def _out_folder(out: Path | None, project_root: Path) -> Path:
    """Where several reports go: reports/ in the project, or the folder --out names (made if it is missing)."""
    if out is None:
        return project_root / "reports"
    if to_stdout(out):
        raise ProjectError("several reports cannot go to standard output",
                           hint="name a folder with --out, or render one kind in one format")
    if out.exists() and not out.is_dir():
        raise ProjectError("with several kinds or formats, --out names a folder, and this is a file", file=str(out),
                           hint=f"name a folder, e.g. --out {output.escape(out.parent / 'rapporten')}, or render one "
                                "kind in one format to write a file")
    if not out.exists() and out.suffix.lower() in (".md", ".html", ".htm", ".docx", ".pdf"):
        raise ProjectError(f"with several kinds or formats, --out names a folder, not a {out.suffix} file",
                           file=str(out), hint=f"name a folder, e.g. --out {output.escape(out.with_suffix(''))}, "
                                               "or render one kind in one format to write a file")
    return out


def _table(args: argparse.Namespace) -> int:
    from qualcode.project.reports import TableRequest

    where = []
    for condition in args.where:
        name, separator, value = condition.partition("=")
        if not separator or not name.strip():
            raise ProjectError(f"--where {condition!r} is not ATTRIBUTE=VALUE", hint="e.g. --where provincie=Drenthe")
        where.append((name.strip(), value.strip()))
    from qualcode.cli.out_format import format_for

    args.format = format_for(args.format, args.out, ("csv", "xlsx", "md"), "csv")
    with _open(args) as project:
        request = TableRequest(args.kind, unit=args.unit, value=args.value, code_type=args.code_type, by=args.by,
                               code=args.code, where=tuple(where))
        rendered = project.table(request, args.format, lang=args.lang, coder=args.coder, anonymise=args.anonymise)
        target = args.out or project.root / "reports" / rendered.filename
        check_out(target, project.root, force=args.force)
        key_is_empty = args.anonymise and not project.pseudonyms()
    write_atomically(target, rendered.content)
    wrote(_console(), target, f"wrote {output.escape(target)}")
    _print_warnings(rendered.warnings)
    if key_is_empty:
        _warn_empty_key()
    return EXIT_OK


def _warn_empty_key() -> None:
    """An anonymised report from an empty pseudonym key replaces only what the project itself knows."""
    _console(stderr=True).print(
        "[yellow]warning[/] the pseudonym key is empty: cases, speakers and the people in the transcripts' headers "
        "are replaced, other people and places named in the text are not; 'qualcode pseudonyms scan' finds them")


def _code(args: argparse.Namespace) -> int:
    with _open(args) as project:
        root = project.root
        if not project.documents():
            raise ProjectError("this project has no transcripts to code yet", file=str(root),
                               hint="import some first: 'qualcode import transcripts/'")
    _open_workbench(root, args.coder)
    return EXIT_OK


def _open_workbench(root: Path, coder: str | None) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ProjectError("the coding workbench needs an interactive terminal",
                           hint="run it in a terminal window (not through a pipe or a script)")
    from qualcode.ui.app import run_workbench

    run_workbench(root, coder)


def _demo(args: argparse.Namespace) -> int:
    from qualcode.project.config import CONFIG_NAME
    from qualcode.project.demo import build_demo

    console = _console()
    target: Path = getattr(args, "project", None) or args.dir
    if (target / CONFIG_NAME).is_file():
        console.print(f"The example project is already in [bold]{output.escape(target)}[/]; opening it.")
        root = target
    else:
        console.print(f"Building the example project in [bold]{output.escape(target)}[/] …")
        with build_demo(target, on_step=lambda message: console.print(f"  {output.escape(message)}")) as project:
            output.print_status(console, project.status())
            root = project.root
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if args.no_ui or not interactive:
        console.print(f"\nOpen the coding workbench with 'qualcode --project {output.escape(root)} code'.")
        return EXIT_OK
    _open_workbench(root, None)
    return EXIT_OK
