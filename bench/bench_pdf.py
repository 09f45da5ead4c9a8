"""Benchmark of reading a PDF transcript: pdf_text + clean_layout on an appendix of ~100,000 words made by Word."""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from corpus import transcript

WORDS_PER_DOCUMENT = 2_000
SOFT_HYPHEN = "\u00ad"
_LONG_WORD = re.compile(r"\b[a-zà-ÿ]{14,}\b")
_VOWELS = frozenset("aeiouyàáâäèéêëïíìîòóôöùúûü")


def _soft_hyphens(line: str) -> str:
    """Let the layout engine break long words, as a report's hyphenation does: after a consonant mid-word."""
    def split(match: re.Match[str]) -> str:
        word = match.group()
        middle = len(word) // 2
        cut = next((i for i in range(middle, len(word) - 4) if word[i - 1] not in _VOWELS), middle)
        return word[:cut] + SOFT_HYPHEN + word[cut:]
    return _LONG_WORD.sub(split, line)


def _page_field(paragraph: object) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()  # type: ignore[attr-defined]
    for kind in ("begin", "instruction", "end"):
        if kind == "instruction":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = "PAGE"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def appendix_texts(words: int, seed: int) -> list[str]:
    """The write-ups of the appendix: bench/corpus.py transcripts of ~2,000 words each."""
    documents = max(1, round(words / WORDS_PER_DOCUMENT))
    return [transcript(random.Random(f"qualcode-bench-pdf:{seed}:{index}"), WORDS_PER_DOCUMENT)[1]
            for index in range(documents)]


def build_pdf(cache: Path, words: int, seed: int) -> Path:
    """Write the appendix as .docx (footer with page number, soft hyphens) and convert it once with LibreOffice."""
    pdf = cache / f"appendix-{seed}-{words}.pdf"
    if pdf.exists():
        return pdf
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to build the benchmark PDF: apt-get install "
                         "libreoffice-writer-nogui")
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "Bijlage 3  Interviewverslagen Warmte in de regio  Pagina "
    _page_field(footer)
    for number, text in enumerate(appendix_texts(words, seed)):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for line in text.splitlines():
            if line.strip():
                document.add_paragraph(_soft_hyphens(line))
    cache.mkdir(parents=True, exist_ok=True)
    source = cache / pdf.with_suffix(".docx").name
    document.save(str(source))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{cache}/lo-profile", "--convert-to", "pdf",
                    "--outdir", str(cache), str(source)], capture_output=True, timeout=1800, check=True)
    return pdf


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=100_000, help="words in the appendix (default 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "qualcode-bench-pdf",
                        help="folder that keeps the generated PDF between runs")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.words < 1:
        parser.error("--repeat and --words must be at least 1")
    from qualcode.domain.layout import clean_layout
    from qualcode.exchange.pdf_text import pdf_text

    pdf = build_pdf(args.cache, args.words, args.seed)
    data = pdf.read_bytes()
    read_seconds: list[float] = []
    clean_seconds: list[float] = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        text = pdf_text(data, pdf.name)
        read = time.perf_counter()
        cleaned = clean_layout(text)
        read_seconds.append(read - started)
        clean_seconds.append(time.perf_counter() - read)
    words = len(cleaned.text.split())
    total = statistics.median(r + c for r, c in zip(read_seconds, clean_seconds, strict=True))
    typed = [paragraph for text in appendix_texts(args.words, args.seed) for paragraph in text.split("\n\n")]
    restored = set(cleaned.text.split("\n\n"))
    whole = sum(1 for paragraph in typed if paragraph.strip() in restored)
    print(f"qualcode PDF benchmark: {pdf} ({len(data) / 1024 / 1024:.1f} MiB, {text.count(chr(12)) + 1} pages), "
          f"{args.repeat} timed run(s)")
    print(f"pdf_text     median {statistics.median(read_seconds):6.2f} s")
    print(f"clean_layout median {statistics.median(clean_seconds):6.2f} s")
    print(f"together     median {total:6.2f} s  {words / total:,.0f} words/s  ({words:,} words)")
    print(f"paragraphs as typed found whole after cleaning: {whole:,} of {len(typed):,}")
    for warning in cleaned.warnings:
        print(f"  {warning}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
