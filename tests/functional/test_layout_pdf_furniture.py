"""A PDF made from Word by LibreOffice: a running header and footer without page numbers dropped, the title whole."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from qualcode.domain.layout import clean_layout
from qualcode.exchange.pdf_text import pdf_text

SOFFICE = shutil.which("soffice")
TITLE = "Interviewverslag gemeente Hoogwaterveen"
PAGE_HEADER = "Bureau Zuidwind | Onderzoek warmte in het maatschappelijk vastgoed | VERTROUWELIJK"
PAGE_FOOTER = "Eindrapport Warmte in de regio – Bijlage 2"
ANSWER = ("Anna: We zijn in {year} begonnen met een routekaart voor de gebouwen van de gemeente, en daar staat per "
          "gebouw in wanneer het aan de beurt is en met welk budget. Dat geeft rust in de organisatie, want de raad "
          "hoeft niet bij elk gebouw opnieuw te besluiten over de aanpak van de school of de sporthal.")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_running_lines_without_a_page_number_are_dropped_and_a_wrapped_title_is_whole(tmp_path: Path) -> None:
    assert SOFFICE is not None
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = PAGE_HEADER
    document.sections[0].footer.paragraphs[0].text = PAGE_FOOTER
    document.add_heading(TITLE, level=0)
    header = ["Gemeente: Hoogwaterveen", "Gesprekspartner: Anna de Graaf", "Datum: 3 juni 2025",
              "Interviewer: Pieter Smit"]
    turns = []
    for number in range(24):
        turns += [f"Pieter: Wat is er in {2000 + number} met de gebouwen van de gemeente gebeurd?",
                  ANSWER.format(year=2000 + number)]
    for paragraph in [*header, *turns]:
        document.add_paragraph(paragraph)
    document.save(str(tmp_path / "hoogwaterveen.docx"))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / "hoogwaterveen.docx")], capture_output=True,
                   timeout=240, check=True)

    text = pdf_text((tmp_path / "hoogwaterveen.pdf").read_bytes(), "hoogwaterveen.pdf")
    cleaned = clean_layout(text)

    assert text.count("\f") >= 2 and text.count(PAGE_FOOTER) == text.count("\f") + 1
    assert PAGE_FOOTER not in cleaned.text and "Zuidwind" not in cleaned.text
    assert cleaned.text.rstrip("\n").split("\n\n") == [TITLE, "\n".join(header), *turns]
    assert any(f"'{PAGE_FOOTER}'" in warning and "running header/footer lines dropped" in warning
               for warning in cleaned.warnings)
