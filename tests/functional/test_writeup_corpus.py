"""The importer against write-ups as researchers have them: tests/corpus/writeups and their expected parse.

The expected parse (tests/corpus/expected.yaml) says what a careful Dutch researcher reads in each file, not what
the code happens to produce. The two PDFs are made here: one by LibreOffice from a Word document, one written
directly. Rebuild the committed files with tests/corpus/make_docx.py and make_text.py.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from qualcode.nlp.pipeline import Lemmatiser
from qualcode.project import Project
from qualcode.project.importer import sentence_spans, understand_file

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
WRITEUPS = CORPUS / "writeups"
EXPECTED: list[dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
SOFFICE = shutil.which("soffice")

PDF_FROM_WORD = "11-pdf-uit-word.pdf"
PDF_WRITTEN = "11b-pdf-zonder-word.pdf"
PDF_FOOTER = "Onderzoek warmte en vastgoed"
PDF_HEADER = ["Interviewverslag gemeente Dorrebeek", "Gemeente: Dorrebeek",
              "Gesprekspartner: Lisa van den Berg, adviseur verduurzaming vastgoed", "Datum: 28 mei 2025",
              "Interviewer: Koen Willemsen"]
PDF_SECTIONS: list[tuple[str, list[str]]] = [
    ("1. Uitgangspunten", [
        "Koen: Wat zijn de uitgangspunten van Dorrebeek voor het eigen vastgoed?",
        "Lisa: De gemeenteraad heeft in 2022 besloten dat alle gemeentelijke gebouwen in 2040 energieneutraal moeten "
        "zijn. Daarvoor hebben we een meerjarenplan gemaakt met per gebouw een planning. We beginnen bij de gebouwen "
        "met het hoogste energiegebruik, zoals het zwembad en het gemeentehuis.",
        "Koen: Hoe is dat plan tot stand gekomen?",
        "Lisa: Samen met een extern bureau en met de beheerders van de gebouwen. Die beheerders weten precies waar "
        "het tocht en welke installaties haperen. Zonder hun kennis hadden we een plan op papier gehad dat in de "
        "praktijk niet werkt."]),
    ("2. Uitvoering", [
        "Koen: Hoe verloopt de uitvoering?",
        "Lisa: Wisselend. Het gemeentehuis is vorig jaar geïsoleerd en heeft nu een warmtepomp. Bij het zwembad "
        "lopen we tegen de netcongestie aan, want de aansluiting die we nodig hebben komt er pas over een paar jaar.",
        "Koen: Welke rol speelt de DUMAVA-subsidie?",
        "Lisa: Een grote rol. Zonder die subsidie had de raad het zwembad waarschijnlijk uitgesteld. Tegelijk kost "
        "de aanvraag veel tijd, en die tijd gaat af van de uitvoering.",
        "Koen: Hoe is de capaciteit in het team?",
        "Lisa: Te krap. We zijn met twee adviseurs voor ruim vijftig gebouwen. Elke nieuwe regeling of rapportage "
        "komt bovenop het gewone werk."]),
    ("3. Lessen", [
        "Koen: Wat heeft u geleerd van de afgelopen jaren?",
        "Lisa: Dat je het beheer vanaf het begin moet betrekken. En dat een vastgesteld plan helpt, omdat je niet bij "
        "elk project opnieuw de discussie hoeft te voeren.",
        "Koen: Wat zou u andere gemeenten aanraden?",
        "Lisa: Werk samen waar het kan. Wij delen onze aanbestedingen met twee buurgemeenten, en dat levert betere "
        "prijzen op en minder werk.",
        "Koen: Dank u wel voor het gesprek."]),
]

LABEL_AT_START = re.compile(r"^[^\W\d_][\w.'’ -]{0,40}:\s")
BULLET_AT_START = re.compile(r"^(?:[•◦▪*\-–]|o\s)")
HEADER_LINE = re.compile(r"\b(?:Datum|Gemeente|Interviewer|Gesprekspartners?|Gesprekspartner\(s\)|Respondent(?:en)?"
                         r"|Functie|Gespreksleider|Locatie|Gesprekstype)\s*:")
FOOTER = re.compile(rf"Pagina \d+|J\. Jansen|Warmte in de regio|{PDF_FOOTER}")


def _pdf_from_word(folder: Path) -> Path:
    """A Word write-up with a running footer and a page per section, converted by LibreOffice."""
    import docx

    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = PDF_FOOTER
    for line in PDF_HEADER:
        document.add_paragraph(line)
    for number, (title, turns) in enumerate(PDF_SECTIONS):
        if number:
            document.add_page_break()
        document.add_paragraph(title)
        for turn in turns:
            document.add_paragraph(turn)
    source = folder / "11-pdf-uit-word.docx"
    document.save(str(source))
    assert SOFFICE is not None
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return folder / PDF_FROM_WORD


def _pdf_written(folder: Path) -> Path:
    """The same write-up as a PDF written directly: 60-character printed lines, 16 a page, a footer on each page."""
    printed = [*PDF_HEADER]
    for title, turns in PDF_SECTIONS:
        printed.append(title)
        for turn in turns:
            printed.extend(textwrap.wrap(turn, 60, break_on_hyphens=False))
    pages = [printed[i:i + 16] for i in range(0, len(printed), 16)]

    def shown(line: str) -> str:
        return "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"

    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for number, lines in enumerate(pages, start=1):
        stream = "\n".join(["BT /F1 11 Tf 15 TL 60 780 Td", *map(shown, lines), "ET",
                            f"BT /F1 8 Tf 60 40 Td {shown(f'{PDF_FOOTER}   Pagina {number}')} ET"]).encode("cp1252")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                       f" /Contents {3 + 2 * number} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path = folder / PDF_WRITTEN
    path.write_bytes(pdf)
    return path


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Return the path of a write-up by file name, making the PDFs on first use."""
    made: dict[str, Path] = {}

    def path_of(name: str) -> Path:
        if name == PDF_FROM_WORD and SOFFICE is None:
            pytest.skip("LibreOffice (soffice) is not installed: the PDF made from a Word document cannot be built")
        if name in (PDF_FROM_WORD, PDF_WRITTEN):
            if name not in made:
                build = _pdf_from_word if name == PDF_FROM_WORD else _pdf_written
                made[name] = build(tmp_path_factory.mktemp("pdf"))
            return made[name]
        return WRITEUPS / name

    return path_of


def _entry_id(entry: dict[str, Any]) -> str:
    return entry["file"] if entry["part"] is None else f"{entry['file']}#{entry['part']}"


def _differences(entry: dict[str, Any], overview: Any) -> list[str]:
    """Every way the overview differs from the expected entry, one line each."""
    found: list[str] = []

    def differ(key: str, expected: Any, actual: Any) -> None:
        if expected != actual:
            found.append(f"{key}: expected {expected!r}, got {actual!r}")

    if entry["title"] is not None:
        differ("title", entry["title"], overview.title)
    for key in ("case", "date", "date_as_written", "narrative_turns"):
        differ(key, entry[key], getattr(overview, key))
    differ("interviewers", sorted(entry["interviewers"]), sorted(overview.interviewers))
    differ("sections", list(entry["sections"]), list(overview.sections))
    expected_speakers = {(s["name"], s["role"], s["is_interviewer"], s["turns"]) for s in entry["speakers"]}
    actual_speakers = {(s.name, s.role, s.is_interviewer, s.turns) for s in overview.speakers}
    differ("speakers", sorted(expected_speakers, key=str), sorted(actual_speakers, key=str))
    sentences = list(overview.sentences)
    for sentence in entry["sentences_include"]:
        if sentence not in sentences:
            found.append(f"sentences_include: {sentence!r} is not a sentence")
    for fragment in entry["sentences_exclude_substrings"]:
        found.extend(f"sentences_exclude_substrings: {fragment!r} in {s!r}" for s in sentences if fragment in s)
    warnings = [w.lower() for w in overview.warnings]
    for fragment in entry["warnings_include"]:
        if not any(fragment.lower() in w for w in warnings):
            found.append(f"warnings_include: no warning mentions {fragment!r} (warnings: {overview.warnings})")
    for fragment in entry["warnings_exclude"]:
        found.extend(f"warnings_exclude: {w!r}" for w in overview.warnings if fragment.lower() in w.lower())
    return found


@pytest.mark.parametrize("entry", EXPECTED, ids=_entry_id)
def test_preview_reads_the_writeup_as_a_researcher_does(entry: dict[str, Any], corpus_file: Callable[[str], Path],
                                                         tmp_path: Path) -> None:
    path = corpus_file(entry["file"])
    project = Project.init(tmp_path / "p")
    report = project.preview_import([path], split=entry["split"])
    results = [r for r in report.results if r.part == entry["part"]]
    assert len(results) == 1, f"parts found: {[(r.part, r.status, r.error) for r in report.results]}"
    result = results[0]
    assert result.status == "preview", result.error
    assert result.overview is not None
    differences = _differences(entry, result.overview)
    assert not differences, "\n".join(differences)


def test_every_writeup_has_an_expected_parse() -> None:
    committed = {p.name for p in WRITEUPS.iterdir() if p.is_file()}
    expected = {entry["file"] for entry in EXPECTED}
    assert committed <= expected, f"write-ups without an expected parse: {sorted(committed - expected)}"
    assert len(committed | {PDF_FROM_WORD, PDF_WRITTEN}) >= 16


FILES = sorted({(entry["file"], entry["split"]) for entry in EXPECTED})
INTERVIEWERS = {entry["file"]: set(entry["interviewers"]) for entry in EXPECTED}


@pytest.mark.parametrize(("name", "split"), FILES, ids=[name for name, _ in FILES])
def test_sentences_hold_only_what_was_said(name: str, split: bool,
                                           corpus_file: Callable[[str], Path]) -> None:
    lemmatiser = Lemmatiser()
    problems: list[str] = []
    for understood in understand_file(corpus_file(name), split=split):
        parsed = understood.parsed
        where = f"part {understood.part}: " if understood.part is not None else ""
        spans = sentence_spans(parsed, lemmatiser)
        assert spans, f"{where}no sentences"
        for span in spans:
            s, e = span.start, span.end
            sentence = parsed.text[s:e]
            if LABEL_AT_START.match(sentence):
                problems.append(f"{where}starts with a speaker label: {sentence!r}")
            if BULLET_AT_START.match(sentence):
                problems.append(f"{where}starts with a bullet mark: {sentence!r}")
            if HEADER_LINE.search(sentence):
                problems.append(f"{where}holds a header line: {sentence!r}")
            if FOOTER.search(sentence):
                problems.append(f"{where}holds a footer: {sentence!r}")
            if sentence != sentence.strip():
                problems.append(f"{where}leading or trailing whitespace: {sentence!r}")
            if s < parsed.header.end:
                problems.append(f"{where}inside the header (ends at {parsed.header.end}): {sentence!r}")
            if not any(a <= s and e <= b for turn in parsed.turns for a, b in turn.paragraphs):
                problems.append(f"{where}outside every paragraph of every turn: {sentence!r}")
        labelled = {turn.participant_index for turn in parsed.turns if turn.speaker is not None}
        if len(labelled) >= 2:
            if not any(p.is_interviewer for p in parsed.participants):
                problems.append(f"{where}a dialogue without an interviewer: {parsed.participants}")
            for turn in parsed.turns:
                person = None if turn.participant_index is None else parsed.participants[turn.participant_index]
                if person is not None and person.name in INTERVIEWERS[name] and not person.is_interviewer:
                    problems.append(f"{where}{person.name}'s turn is not flagged as the interviewer's")
    assert not problems, "\n".join(problems[:20])


def test_import_stores_what_the_preview_showed(tmp_path: Path) -> None:
    path = WRITEUPS / "01-word-lege-alineas.docx"
    project = Project.init(tmp_path / "p")
    preview = project.preview_import([path])
    assert project.documents() == [], "a preview stored something"
    [previewed] = preview.results
    assert previewed.overview is not None
    report = project.import_transcripts([path])
    [imported] = report.results
    assert imported.status == "imported", imported.error
    assert imported.document_guid is not None
    stored = project.document_overview(imported.document_guid)
    assert dataclasses.replace(stored, case_note=None) == dataclasses.replace(previewed.overview, case_note=None)


def test_an_appendix_imported_whole_gets_a_hint_to_split(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    report = project.preview_import([WRITEUPS / "12-bijlage-vier-verslagen.txt"])
    [result] = report.results
    assert result.overview is not None, result.error
    assert any("--split" in warning for warning in result.overview.warnings), result.overview.warnings
