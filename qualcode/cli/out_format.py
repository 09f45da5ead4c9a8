"""Where a command's output goes, in one place: what --format and --out say together (a file named x.html holds HTML
and x.xlsx a workbook, whatever --format was left at; a --format that contradicts the file's name is refused before
anything is written), the check before a file is replaced, `--out -` as standard output, and the write itself."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.cli.output import escape
from qualcode.domain.errors import ProjectError

if TYPE_CHECKING:
    from rich.console import Console

_SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".csv": "csv",
                   ".xlsx": "xlsx", ".json": "json"}


def format_for(given: str | None, out: Path | None, choices: tuple[str, ...], default: str) -> str:
    """--format when given, else the format --out's name ends in (when the command writes it), else the default;
    a ProjectError when --format and the name disagree."""
    named = _SUFFIX_FORMATS.get(out.suffix.lower()) if out is not None and str(out) != "-" else None
    if given is None:
        if named is not None and named not in choices:  # e.g. a table named .docx: never CSV under that name
            assert out is not None
            raise ProjectError(f"this command writes {', '.join(choices)}, not {named}", file=str(out),
                               hint=f"name a {' or '.join('.' + choice for choice in choices)} file")
        return named if named is not None else default
    if named is not None and named != given:
        assert out is not None
        raise ProjectError(f"--format {given} does not fit a file ending in {out.suffix}", file=str(out),
                           hint=f"name a .{given} file, or leave --format out (the file name chooses it)")
    return given


def check_out(target: Path, project_root: Path, *, force: bool) -> None:
    """--out never replaces a file outside the project folder unless --force says so."""
    if to_stdout(target):
        return
    if target.is_dir():
        raise ProjectError("is a folder", file=str(target), hint="name a file to write, e.g. --out "
                           f"{escape(target / 'tabel.csv')}")
    if not force and target.exists() and not target.resolve().is_relative_to(project_root.resolve()):
        raise ProjectError("the file exists and is outside the project folder; it was not replaced",
                           file=str(target), hint="add --force to replace it, or name a new file")


def format_target(args: argparse.Namespace, project_root: Path, stem: str) -> Path | None:
    """Where --format/--out send a table: --out, else reports/STEM.FORMAT for csv/xlsx, else None (md printed);
    checked with check_out. Settles args.format (md, csv or xlsx) with --out's name."""
    args.format = format_for(args.format, args.out, ("md", "csv", "xlsx"), "md")
    target: Path | None = args.out
    if target is None and args.format != "md":
        target = project_root / "reports" / f"{stem}.{args.format}"
    if target is not None:
        check_out(target, project_root, force=args.force)
    return target


def to_stdout(path: Path | None) -> bool:
    """`--out -`: the text goes to standard output (a file named '-' is never made)."""
    return path is not None and str(path) == "-"


def wrote(console: Console, target: Path, message: str) -> None:
    """Say what was written, unless it went to standard output (where the text itself stands)."""
    if not to_stdout(target):
        console.print(message)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write via a temporary file so that a failure leaves nothing half-written; `-` is standard output."""
    if to_stdout(path):
        if isinstance(content, bytes) and content.startswith(b"PK"):  # a .docx or .xlsx is a zip archive
            raise ProjectError("a Word or Excel file cannot go to standard output", hint="name a file with --out")
        text = content if isinstance(content, str) else content.decode("utf-8")
        sys.stdout.write(text.removeprefix("\ufeff"))  # the byte-order mark is for Excel opening a file
        sys.stdout.flush()
        return
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ProjectError(f"cannot write the file ({error.strerror})", file=str(path),
                           hint="check that the folder exists and is writable") from None
