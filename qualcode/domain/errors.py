"""The error type every bad input raises: it names the file, the line and what to do."""

from __future__ import annotations

MAX_LINE = 400  # characters of one line of a message: a 1 MB value in a file is never echoed whole


def shorten(value: str, limit: int = 80) -> str:
    """A value as a message quotes it: at most `limit` characters, the middle replaced by an ellipsis."""
    if len(value) <= limit:
        return value
    keep = (limit - 1) // 2
    return f"{value[:keep]}…{value[-keep:]}"


def bounded(message: str) -> str:
    """A message whose every line is at most MAX_LINE characters long."""
    return "\n".join(shorten(line, MAX_LINE) for line in message.split("\n"))


MAX_WARNINGS = 20  # per file: a transcript with a thousand odd lines gets the first ones and a count


def bounded_warnings(warnings: list[str]) -> list[str]:
    """Warnings about one input as they are shown and stored: each line bounded, at most MAX_WARNINGS and a count."""
    shown = [bounded(warning) for warning in dict.fromkeys(warnings)]
    if len(shown) <= MAX_WARNINGS:
        return shown
    return [*shown[:MAX_WARNINGS], f"and {len(shown) - MAX_WARNINGS:,} more warnings like these".replace(",", ".")]


class QualcodeError(Exception):
    """A problem the user can fix; shown without a traceback."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint

    def located(self, file: str) -> QualcodeError:
        """Return this error with the file name filled in (parsers often do not know it)."""
        if self.file is None:
            self.file = file
        return self

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}: "
        text = where + self.message
        if self.hint:
            text += f"\n  → {self.hint}"
        return bounded(text)


class TranscriptError(QualcodeError):
    """A transcript that cannot be read or understood."""


class CodebookError(QualcodeError):
    """A codebook that does not validate."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 hint: str | None = None, problems: list[QualcodeError] | None = None) -> None:
        super().__init__(message, file=file, line=line, hint=hint)
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return super().__str__()
        lines = [self.message]
        for problem in self.problems:
            if self.file:
                problem.located(self.file)
            lines.append(f"  {problem}")
        return bounded("\n".join(lines))


class CasesError(QualcodeError):
    """A cases CSV that cannot be read."""


class ProjectError(QualcodeError):
    """A project folder, configuration or command that cannot be used as asked."""
