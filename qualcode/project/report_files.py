"""What a report needs besides its template: its figures (charts), and the house-style Word document it is set in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import ProjectError

if TYPE_CHECKING:
    from qualcode.analysis import CodedCorpus
    from qualcode.project.config import ProjectConfig
    from qualcode.reporting.build_synthesis import ReportOptions

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024  # a house style with a logo or two; not a document of scans


def with_figures(context: Any, corpus: CodedCorpus, options: ReportOptions, *, kind: str, fmt: str, stem: str,
                 charts: bool, check: Callable[[str, str], None] | None = None) -> tuple[Any, dict[str, bytes]]:
    """The synthesis context with its charts, and the image files they refer to; other reports come back as they are.

    Nothing of the charts is imported when a report has none, so a report without charts costs what it did.
    """
    if kind != "synthesis" or not charts:
        return context, {}
    from qualcode.reporting.charts import synthesis_figures

    return synthesis_figures(corpus, options, context, fmt=fmt, stem=stem, check=check)


def word_template(config: ProjectConfig, root: Path) -> tuple[str, bytes] | None:
    """Read [report] word_template (relative to the project folder): (the name as given, its bytes), or None."""
    if not config.word_template:
        return None
    path = (root / config.word_template).expanduser()
    hint = ("put the researcher's Word document (.docx or .dotx) in the project folder and name it in "
            "qualcode.toml as [report] word_template = \"huisstijl.docx\", or remove that line")
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise ProjectError(f"the Word template {what}", file=str(path), hint=hint)
    if path.suffix.lower() not in (".docx", ".dotx"):
        raise ProjectError("the Word template is not a .docx or .dotx file (a .doc from old Word versions cannot be "
                           "used)", file=str(path),
                           hint="open it in Word, save it as a Word document (.docx) and name that file in [report] "
                                "word_template")
    try:
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            raise ProjectError(f"the Word template is {size // (1024 * 1024)} MB, more than a house style needs",
                               file=str(path), hint="remove the pictures and text from it; only its styles, page "
                                                    "setup, headers and footers are used")
        return str(path), path.read_bytes()
    except OSError as error:
        raise ProjectError(f"the Word template cannot be read: {error.strerror}", file=str(path),
                           hint="check that the file can be opened (not locked by Word) and try again") from None
