"""The one rule for what --format and --out say together: a file named x.html holds HTML and x.xlsx a workbook,
whatever --format was left at; a --format that contradicts the file's name is refused before anything is written."""

from __future__ import annotations

from pathlib import Path

from qualcode.domain.errors import ProjectError

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
