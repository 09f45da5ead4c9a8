"""Render every report and the report-like tables of a project and store them, or compare them with a stored set.

Speed work on the reports must not change one byte: before a change, `--store DIR`; after each step, `--compare DIR`.
Covers synthesis, appendix and case reports in md/html/docx (Word as its text through python-docx, plus its
images) in both languages, with and without --anonymise, and the matrix, frequencies and quotes tables (csv, and the
matrix's xlsx values through openpyxl). Prints what differs and exits 1 then.

    python bench/report_goldens.py --store /tmp/goldens/demo PROJECT
    python bench/report_goldens.py --compare /tmp/goldens/demo PROJECT
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import io
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

REPORT_KINDS = ("synthesis", "appendix", "case")
REPORT_FORMATS = ("md", "html", "docx")
LANGUAGES = ("nl", "en")


def _docx_text(content: bytes) -> bytes:
    """A Word file as text: its paragraphs and table cells in body order, and the names and sizes of its images."""
    import docx

    document = docx.Document(io.BytesIO(content))
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(node.text or "" for node in block.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = ["".join(n.text or "" for n in cell.iter() if n.tag.endswith("}t"))
                             for cell in row if cell.tag.endswith("}tc")]
                    lines.append(" | ".join(cells))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.filename.startswith("word/media/"):
                data = archive.read(info.filename)
                lines.append(f"[image {info.filename} {len(data)} bytes {hashlib.sha256(data).hexdigest()[:12]}]")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xlsx_values(content: bytes) -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"== {sheet.title}")
        lines += ["\t".join("" if v is None else repr(v) for v in row) for row in sheet.iter_rows(values_only=True)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def renders(root: Path) -> Iterator[tuple[str, bytes]]:
    """(name, bytes to compare) of every output."""
    from qualcode.domain.errors import ProjectError
    from qualcode.project import Project
    from qualcode.project.reports import TableRequest

    project = Project.open(root)
    try:
        for anonymise in (False, True):
            for lang in LANGUAGES:
                tail = f"{lang}{'-anon' if anonymise else ''}"
                for kind in REPORT_KINDS:
                    for fmt in REPORT_FORMATS:
                        rendered = project.report(kind, fmt, lang=lang, anonymise=anonymise)
                        content = _docx_text(rendered.content) if fmt == "docx" else rendered.content
                        yield f"{kind}-{tail}.{fmt}{'.txt' if fmt == 'docx' else ''}", content
                        for name, data in rendered.attachments:
                            yield f"{kind}-{tail}-{name}", data
                for value in ("count", "presence", "n_of_n"):
                    request = TableRequest("matrix", value=value)
                    yield f"matrix-{value}-{tail}.csv", project.table(request, "csv", lang=lang,
                                                                      anonymise=anonymise).content
                    yield f"matrix-{value}-{tail}.xlsx.txt", _xlsx_values(
                        project.table(request, "xlsx", lang=lang, anonymise=anonymise).content)
                for by in ("grootteklasse", "rol") if not anonymise else ():
                    try:
                        yield f"matrix-by-{by}-{tail}.csv", project.table(
                            TableRequest("matrix", by=by), "csv", lang=lang).content
                    except ProjectError:  # a project without that attribute
                        continue
                for kind in ("frequencies", "quotes", "respondents"):
                    yield f"{kind}-{tail}.csv", project.table(kind, "csv", lang=lang, anonymise=anonymise).content
    finally:
        project.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--store", type=Path, metavar="DIR")
    action.add_argument("--compare", type=Path, metavar="DIR")
    parser.add_argument("project", type=Path)
    args = parser.parse_args(argv)
    if args.store is not None:
        args.store.mkdir(parents=True, exist_ok=True)
        count = 0
        for name, content in renders(args.project):
            (args.store / name).write_bytes(content)
            count += 1
        print(f"stored {count} outputs in {args.store}")
        return 0
    stored = {path.name for path in args.compare.iterdir()}
    differing, seen = [], set()
    for name, content in renders(args.project):
        seen.add(name)
        path = args.compare / name
        if not path.exists():
            differing.append(f"{name}: new")
        elif path.read_bytes() != content:
            old = path.read_bytes().decode("utf-8", "replace").splitlines()
            diff = list(difflib.unified_diff(old, content.decode("utf-8", "replace").splitlines(), lineterm="", n=0))
            differing.append(f"{name}: differs\n" + "\n".join(diff[:12]))
    differing += [f"{name}: missing" for name in sorted(stored - seen)]
    for line in differing:
        print(line)
    print(f"{len(seen)} outputs compared, {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
