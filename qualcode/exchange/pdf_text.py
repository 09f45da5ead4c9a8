"""The text layer of a PDF transcript, page by page, through pypdf: the one place that reads PDF files."""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from qualcode.domain.errors import TranscriptError

if TYPE_CHECKING:
    from pypdf import PdfReader

__all__ = ["MAX_PAGES", "MAX_SECONDS", "pdf_text"]

# An appendix of interview reports runs to a few hundred pages; far more is a hostile or mistaken file.
MAX_PAGES = 2_000
# pypdf reads 30-40 pages of a Word-made PDF a second (see CONTRIBUTING.md): 2,000 pages take about a minute,
# so a file still not read after this long is stuck on something hostile.
MAX_SECONDS = 180.0
_EXPORT_HINT = "export the text from Word (or the program that made the PDF) and import that .docx or .txt"


def pdf_text(data: bytes, name: str, *, max_pages: int = MAX_PAGES, max_seconds: float = MAX_SECONDS) -> str:
    """Return the text of every page, pages joined with a form feed ("\\f"), lines with "\\n".

    Raises TranscriptError naming `name` with what to do for a file that is not a PDF, is damaged, needs a
    password, has more than `max_pages` pages, takes more than `max_seconds`, or has no text layer (a scan).
    """
    if b"%PDF-" not in data[:1024]:
        start = data[:16].decode("latin-1").strip() or "nothing"
        raise TranscriptError(f"this is not a PDF file (it starts with {start!r})", file=name,
                              hint="check that the file was saved as PDF, or import it in its own format")
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    started = time.perf_counter()
    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise _password_error(name)
            # The declared count first: counting the pages themselves walks the whole page tree.
            page_count = max(_declared_page_count(reader), 0)
            if page_count <= max_pages:
                page_count = len(reader.pages)
            if page_count > max_pages:
                raise TranscriptError(f"this PDF has {page_count:,} pages; qualcode reads at most {max_pages:,}",
                                      file=name, hint="split the PDF into its write-ups, or " + _EXPORT_HINT)
            pages: list[str] = []
            for number, page in enumerate(reader.pages, start=1):
                if time.perf_counter() - started >= max_seconds:
                    raise TranscriptError(f"reading this PDF took longer than {max_seconds:.0f} s (stopped at page "
                                          f"{number} of {page_count})", file=name, hint=_EXPORT_HINT)
                pages.append(_plain(page.extract_text()))
    except TranscriptError:
        raise
    except (FileNotDecryptedError, DependencyError) as error:
        # DependencyError: AES encryption needs the optional `cryptography` package even with an empty password.
        raise _password_error(name) from error
    except LimitReachedError as error:
        raise TranscriptError(f"this PDF holds more data than qualcode reads safely ({error})", file=name,
                              hint=_EXPORT_HINT) from error
    except RecursionError as error:
        raise TranscriptError("this PDF's objects are nested too deeply to read", file=name,
                              hint=_EXPORT_HINT) from error
    except Exception as error:  # a damaged file may fail anywhere inside pypdf; the user gets a message
        raise TranscriptError(f"this PDF is damaged and cannot be read ({type(error).__name__}: {error})", file=name,
                              hint="open it in a PDF viewer and save or print it as a new PDF, or " + _EXPORT_HINT
                              ) from error
    if not any(text.strip() for text in pages):
        raise TranscriptError(f"this PDF has no text layer ({page_count} page(s) without text: a scan?)", file=name,
                              hint="run OCR on it (for example with ocrmypdf), or " + _EXPORT_HINT)
    return "\f".join(pages)


def _plain(text: str) -> str:
    # A form feed inside a page would read as a page break; NUL and CR come from odd PDF producers.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\x00", "")


def _declared_page_count(reader: PdfReader) -> int:
    pages = reader.root_object.get("/Pages")
    count = pages.get_object().get("/Count", 0) if pages is not None else 0
    return count if isinstance(count, int) else 0


def _password_error(name: str) -> TranscriptError:
    return TranscriptError("this PDF is protected with a password", file=name,
                           hint="open it with its password and save a copy without one, or " + _EXPORT_HINT)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every repair of a damaged file; the user gets one message from us instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
