"""Reading .pdf transcripts: text per page through pypdf, cleaned into whole turns; bad PDFs give clear errors."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from pypdf import PdfReader, PdfWriter

from qualcode.domain.errors import TranscriptError
from qualcode.domain.layout import clean_layout
from qualcode.exchange.pdf_text import pdf_text

SOFFICE = shutil.which("soffice")
SOFT_HYPHEN = "\u00ad"


def tiny_pdf(pages: list[list[str]], *, declared_pages: int | None = None) -> bytes:
    """A PDF written by hand (no LibreOffice): one Helvetica line per entry, an xref table and a trailer."""
    page_ids = [4 + 2 * number for number in range(len(pages))]
    kids = " ".join(f"{page_id} 0 R" for page_id in page_ids)
    objects = {
        1: "<< /Type /Catalog /Pages 2 0 R >>",
        2: f"<< /Type /Pages /Kids [{kids}] /Count {declared_pages or len(pages)} >>",
        3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for page_id, lines in zip(page_ids, pages, strict=True):
        shown = " T* ".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj"
                            for line in lines)
        stream = f"BT /F1 10 Tf 14 TL 56 800 Td {shown} ET"
        objects[page_id] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>")
        objects[page_id + 1] = f"<< /Length {len(stream.encode('cp1252'))} >>\nstream\n{stream}\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode("cp1252")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offsets[number]:010d} 00000 n \n" for number in sorted(objects)).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


TINY_PAGES = [
    ["Interviewverslag - Gemeente Veenhuizen-aan-Zee",
     "Gemeente: Veenhuizen-aan-Zee",
     "Datum: 14 mei 2025",
     "Pieter: Hoe staat het met de verduurzaming van de sporthal en het zwembad in",
     "jullie gemeente, en wat betekent de netcongestie daarvoor?",
     "Anna: De sporthal is klaar, die heeft nu energie-",
     "label A. Bij het zwembad wachten we op de netbeheerder, want die kan pas in",
     "Verslag Veenhuizen-aan-Zee  Pagina 1"],
    ["2027 een zwaardere aansluiting leveren. Tot die tijd doen we wat we kunnen met",
     "isolatie en zonnepanelen op het dak van de coöperatie.",
     "Pieter: Dank je wel.",
     "Verslag Veenhuizen-aan-Zee  Pagina 2"],
    ["Anna: Graag gedaan, en kom gerust nog eens langs als de aansluiting er ligt.",
     "Verslag Veenhuizen-aan-Zee  Pagina 3"],
]


def test_a_pdf_written_without_libreoffice_reads_page_by_page_and_cleans_into_whole_turns() -> None:
    text = pdf_text(tiny_pdf(TINY_PAGES), "veenhuizen.pdf")
    assert text.split("\f") == ["\n".join(page) for page in TINY_PAGES]
    assert clean_layout(text).text == (
        "Interviewverslag - Gemeente Veenhuizen-aan-Zee\n\n"
        "Gemeente: Veenhuizen-aan-Zee\nDatum: 14 mei 2025\n\n"
        "Pieter: Hoe staat het met de verduurzaming van de sporthal en het zwembad in jullie gemeente, en wat "
        "betekent de netcongestie daarvoor?\n\n"
        "Anna: De sporthal is klaar, die heeft nu energielabel A. Bij het zwembad wachten we op de netbeheerder, "
        "want die kan pas in 2027 een zwaardere aansluiting leveren. Tot die tijd doen we wat we kunnen met "
        "isolatie en zonnepanelen op het dak van de coöperatie.\n\n"
        "Pieter: Dank je wel.\n\n"
        "Anna: Graag gedaan, en kom gerust nog eens langs als de aansluiting er ligt.\n"
    )


def _with_page_number(paragraph: docx.text.paragraph.Paragraph) -> None:
    """Append Word's PAGE field to a footer paragraph, so every page prints its own number."""
    run = paragraph.add_run()
    for kind in ("begin", "instruction", "end"):
        if kind == "instruction":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = "PAGE"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


TURN_WORDS = ("de", "gemeente", "heeft", "een", "ambitieuze", f"verduur{SOFT_HYPHEN}zamings{SOFT_HYPHEN}opgave",
              "voor", "het", "maatschappelijk", "vastgoed", f"energie{SOFT_HYPHEN}label", "netcongestie", "raad",
              "warmtenet", "CO₂-uitstoot", "in", "Kleidorp", "samen", "met", "Veenhuizen-aan-Zee", "G40-gemeenten")


def _turns(count: int) -> list[str]:
    turns = []
    for number in range(count):
        sentences = []
        for sentence in range(1 + number % 4):
            words = [TURN_WORDS[(number * 7 + sentence * 3 + index * 5) % len(TURN_WORDS)]
                     for index in range(9 + (number + sentence) % 11)]
            said = " ".join(words)
            sentences.append(said[0].upper() + said[1:] + ("?" if number % 2 == 0 else "."))
        turns.append(("Pieter: " if number % 2 == 0 else "Anna: ") + " ".join(sentences))
    return turns


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_a_pdf_made_from_word_by_libreoffice_becomes_the_turns_that_were_typed(tmp_path: Path) -> None:
    assert SOFFICE is not None
    document = docx.Document()
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "A. de Graaf  Warmte in Kleidorp  Pagina "
    _with_page_number(footer)
    header = ["Interviewverslag - Gemeente Kleidorp", "Gemeente: Kleidorp",
              "Gesprekspartner: Anna de Graaf, beleidsadviseur", "Datum: 3 juni 2025", "Interviewer: Pieter Smit"]
    turns = _turns(60)
    for paragraph in [*header, "1. Verkenning context en ambities", *turns]:
        document.add_paragraph(paragraph)
    document.save(str(tmp_path / "kleidorp.docx"))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / "kleidorp.docx")], capture_output=True,
                   timeout=240, check=True)

    text = pdf_text((tmp_path / "kleidorp.pdf").read_bytes(), "kleidorp.pdf")
    cleaned = clean_layout(text)

    assert text.count("\f") >= 2 and "Pagina 3" in text
    blocks = cleaned.text.rstrip("\n").split("\n\n")
    assert blocks[:3] == [header[0], "\n".join(header[1:]), "1. Verkenning context en ambities"]
    assert blocks[3:] == [turn.replace(SOFT_HYPHEN, "") for turn in turns]
    # LibreOffice broke long words at their soft hyphens: the PDF has "verduurzamings-" at line ends.
    assert any(" hyphenated at a line end rejoined (" in warning for warning in cleaned.warnings)
    assert any(warning.startswith(f"{text.count(chr(12)) + 1} running header/footer lines dropped")
               for warning in cleaned.warnings)


def _encrypted(data: bytes, *, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="beheerder", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("data", "message", "hint"), [
    (tiny_pdf(TINY_PAGES)[:900], "this PDF is damaged and cannot be read", "save or print it as a new PDF"),
    (_encrypted(tiny_pdf(TINY_PAGES), user_password="geheim"), "this PDF is protected with a password",
     "save a copy without one"),
    (_blank_pdf(), "this PDF has no text layer (1 page(s) without text: a scan?)", "run OCR"),
    (b"PK\x03\x04\x14\x00\x06\x00 a Word file renamed", "this is not a PDF file", "saved as PDF"),
    (b"", "this is not a PDF file (it starts with 'nothing')", "saved as PDF"),
    (tiny_pdf([["Anna: Ja."]], declared_pages=100_000), "this PDF has 100,000 pages; qualcode reads at most 2,000",
     "split the PDF"),
], ids=["damaged", "password", "scan", "fake", "empty-file", "100000-pages"])
def test_a_pdf_that_cannot_be_read_names_the_file_and_what_to_do(data: bytes, message: str, hint: str) -> None:
    with pytest.raises(TranscriptError) as caught:
        pdf_text(data, "interview-kleidorp.pdf")
    assert caught.value.file == "interview-kleidorp.pdf"
    assert message in caught.value.message and hint in (caught.value.hint or "")


def test_a_pdf_with_only_an_owner_password_reads_as_usual() -> None:
    text = pdf_text(_encrypted(tiny_pdf(TINY_PAGES), user_password=""), "kleidorp.pdf")
    assert text.startswith("Interviewverslag - Gemeente Veenhuizen-aan-Zee\nGemeente:")


def test_reading_stops_with_a_message_when_the_time_allowed_is_used_up() -> None:
    with pytest.raises(TranscriptError, match=r"took longer than 0 s \(stopped at page 1 of 3\)"):
        pdf_text(tiny_pdf(TINY_PAGES), "kleidorp.pdf", max_seconds=0)
