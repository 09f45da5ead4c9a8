"""`qualcode import qdpx|qdc FILE` (or a .qdpx/.qdc/.qde file named directly): a REFI-QDA project or codebook into
a new project (--project DIR, default a folder named after the file) or, with --into DIR, an existing one."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from qualcode.cli import output
from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from qualcode.project.exchange_import import KINDS, RefiImport, import_new_project, kind_of

EXIT_OK = 0
SUFFIXES = (".qdpx", ".qdc", ".qde")


def wants_exchange(paths: list[Path]) -> bool:
    """Whether `import` was asked for a REFI-QDA file: 'qdpx FILE', 'qdc FILE' or a file with such an extension."""
    keyword = len(paths) >= 1 and str(paths[0]) in KINDS and not (len(paths) == 1 and paths[0].exists())
    return keyword or any(p.suffix.lower() in SUFFIXES for p in paths)  # a folder named 'qdc' holds transcripts


def run(args: argparse.Namespace) -> int:
    paths: list[Path] = list(args.paths)
    kind = str(paths[0]) if str(paths[0]) in KINDS else None
    files = paths[1:] if kind else paths
    if len(files) != 1:
        raise ProjectError("name one REFI-QDA file: 'qualcode import qdpx FILE' or 'qualcode import qdc FILE'"
                           if not files else "a REFI-QDA file is imported on its own, without other files",
                           hint="import transcripts with a separate 'qualcode import PATH…'")
    if getattr(args, "split", False):
        raise ProjectError("--split is for transcript files, not for a REFI-QDA file", hint="leave out --split")
    file = files[0]
    if kind is None and file.suffix.lower() not in SUFFIXES:
        raise ProjectError("--into is for a REFI-QDA file (.qdpx, .qdc), not for transcripts", file=str(file),
                           hint="import transcripts into the project with 'qualcode --project DIR import PATH…'")
    kind = kind_of(file, kind)
    into: Path | None = getattr(args, "into", None)
    project_dir: Path | None = getattr(args, "project", None)
    drop_invalid = bool(getattr(args, "drop_invalid", False))
    if into is not None:
        if project_dir is not None and project_dir.resolve() != into.resolve():
            raise ProjectError("--into names the project to import into; leave out --project",
                               hint="use one of the two")
        with Project.open(into) as project:
            result = project.import_qdpx(file, kind=kind, coder=args.coder, dry_run=args.dry_run,
                                         drop_invalid=drop_invalid)
    else:
        folder = project_dir if project_dir is not None else Path.cwd() / file.stem
        result = import_new_project(file, folder, kind=kind, coder=args.coder, dry_run=args.dry_run,
                                    drop_invalid=drop_invalid)
    print_result(Console(highlight=False, soft_wrap=False), result, new=into is None)
    return EXIT_OK


def print_result(console: Console, result: RefiImport, *, new: bool) -> None:
    escape = output.escape
    what = "codebook" if result.kind == "qdc" else "project"
    origin = f" (written by {escape(result.origin)})" if result.origin else ""
    where = f"a new project in {escape(result.project_root)}" if new else f"{escape(result.project_root)}"
    verb = "would import" if result.dry_run else "imported"
    console.print(f"{verb} the {what} {escape(result.file.name)}{origin} into {where}")
    added = ", ".join(_counted(count, name) for name, count in result.added.items() if count) or "nothing new"
    console.print(f"  {'would add' if result.dry_run else 'added'}: {added}")
    matched = ", ".join(_counted(count, name) for name, count in result.matched.items() if count)
    if matched:
        console.print(f"  already in the project (same GUID), left as they are: {matched}")
    for title, lines in (("dropped", result.dropped), ("changed", result.changed)):
        if lines:
            console.print(f"  {title} ({len(lines)}):")
            for line in lines:
                console.print(f"    - {escape(line)}")
    if result.snapshot is not None:
        console.print(f"  a snapshot of the project before the import: {escape(result.snapshot.name)} "
                      "('qualcode snapshots restore' puts it back)")
    if result.dry_run:
        console.print("dry run: nothing was stored")
    elif new:
        console.print(f"  next: qualcode --project {escape(result.project_root)} status")


def _counted(count: int, plural: str) -> str:
    """'1 document', '2 documents', '1 code type', '3 cases'."""
    return f"{count:,} {plural if count != 1 else plural.removesuffix('s')}"
