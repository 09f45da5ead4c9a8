"""The reports as their readers open them: the DOCX in LibreOffice (converted to PDF) and the HTML in Chromium.

Both tools come from Debian packages that .ci/run installs; without them these tests skip.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from qualcode.project import Project
from qualcode.project.demo import build_demo

SOFFICE = shutil.which("soffice")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("viewers") / "demo"
    build_demo(root).close()
    return root


def pdf_text(pdf: Path) -> str:
    assert PDFTOTEXT is not None
    return subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60,
                          check=True).stdout


@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                    reason="LibreOffice or poppler-utils is not installed (.ci/run installs them)")
def test_libreoffice_opens_the_docx_and_prints_its_headings_tables_and_quotes(demo: Path, tmp_path: Path) -> None:
    assert SOFFICE is not None
    with Project.open(demo) as project:
        for kind in ("synthesis", "appendix"):
            (tmp_path / f"{kind}.docx").write_bytes(project.report(kind, "docx").content)
    documents = [str(tmp_path / "synthesis.docx"), str(tmp_path / "appendix.docx")]
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), *documents], capture_output=True, timeout=240, check=True)
    synthesis = pdf_text(tmp_path / "synthesis.pdf")
    appendix = pdf_text(tmp_path / "appendix.pdf")
    assert "Belemmeringen" in synthesis and "Randvoorwaarden" in synthesis and "— " in synthesis
    assert "Bijlage A. Respondenten" in appendix and "Westerbroek" in appendix and "van 8" in appendix


@pytest.mark.skipif(CHROMIUM is None or PDFTOTEXT is None,
                    reason="Chromium or poppler-utils is not installed (.ci/run installs them)")
def test_chromium_renders_the_html_report_offline(demo: Path, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    html = tmp_path / "synthesis.html"
    with Project.open(demo) as project:
        html.write_bytes(project.report("synthesis", "html").content)
    pdf = tmp_path / "synthesis.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'chromium'}", f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                    html.as_uri()], capture_output=True, timeout=120, check=True)
    text = pdf_text(pdf)
    assert "Belemmeringen" in text and "Kansen" in text
    assert "<h2>" not in text and "{{" not in text
