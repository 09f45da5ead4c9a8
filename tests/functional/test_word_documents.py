"""Word documents read as Word shows them: content controls, tracked changes, header tables, lists, headings."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from qualcode.project.importer import sentence_positions, understand_file

W = nsdecls("w")


def _sentences(path: Path) -> list[str]:
    parsed = understand_file(path)[0].parsed
    return [parsed.text[s:e] for s, e, _ in sentence_positions(parsed)]


def _header(document: docx.document.Document) -> None:
    for line in ("Gemeente: Linkerwaard", "Gesprekspartner: Omar Haddou, beleidsadviseur", "Datum: 17 juni 2025",
                 "Interviewer: Pieter Smit"):
        document.add_paragraph(line)


def test_content_controls_and_tracked_insertions_are_text_deletions_are_not(tmp_path: Path) -> None:
    document = docx.Document()
    _header(document)
    document.add_paragraph("Pieter: Wie heeft het plan geschreven?")
    answer = document.add_paragraph("Omar: Dat was ")
    answer._p.append(parse_xml(f'<w:sdt {W}><w:sdtContent><w:r><w:t xml:space="preserve">het team Duurzaamheid'
                               "</w:t></w:r></w:sdtContent></w:sdt>"))
    answer._p.append(parse_xml(f'<w:r {W}><w:t xml:space="preserve">, samen met een bureau.</w:t></w:r>'))
    corrected = document.add_paragraph("Pieter: En wanneer?")
    corrected._p.append(parse_xml(f'<w:ins {W} w:id="1" w:author="Eva" w:date="2025-06-18T10:00:00Z"><w:r>'
                                  '<w:t xml:space="preserve"> Dit jaar nog?</w:t></w:r></w:ins>'))
    corrected._p.append(parse_xml(f'<w:del {W} w:id="2" w:author="Eva" w:date="2025-06-18T10:00:00Z"><w:r>'
                                  '<w:delText xml:space="preserve"> Weggehaald.</w:delText></w:r></w:del>'))
    block = parse_xml(f"<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>Omar: In het najaar.</w:t></w:r></w:p>"
                      "</w:sdtContent></w:sdt>")
    document.element.body.insert(len(document.element.body) - 1, block)
    path = tmp_path / "linkerwaard.docx"
    document.save(str(path))

    sentences = _sentences(path)

    assert "Dat was het team Duurzaamheid, samen met een bureau." in sentences
    assert "Dit jaar nog?" in sentences
    assert "In het najaar." in sentences
    assert not any("Weggehaald" in s for s in sentences)


def test_word_list_paragraphs_stay_paragraphs_and_a_three_column_header_table(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    rows = [("Gemeente", "Kraaienveen", "G40? nee"), ("Gesprekspartner", "Tamara Wouters", ""),
            ("Datum", "19 mei 2025", "14.00-15.00 uur"), ("Interviewer", "Jeroen Baas", "")]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Belangrijkste punten", style="Heading 2")
    for item in ("alle gebouwen aardgasvrij in 2035", "eerst de scholen en de sporthallen",
                 "daarna het gemeentehuis"):
        document.add_paragraph(item, style="List Bullet")
    path = tmp_path / "kraaienveen.docx"
    document.save(str(path))

    understood = understand_file(path)[0]
    header = understood.parsed.header

    assert (header.case_name, header.date, header.interviewers) == ("Kraaienveen", "2025-05-19", ("Jeroen Baas",))
    assert header.attributes == {"Gemeente (opmerking)": "G40? nee", "Datum (opmerking)": "14.00-15.00 uur"}
    assert [s.title for s in understood.parsed.sections] == ["Belangrijkste punten"]
    assert _sentences(path) == ["alle gebouwen aardgasvrij in 2035", "eerst de scholen en de sporthallen",
                                "daarna het gemeentehuis"]
    assert not any("hard-wrapped" in w for w in understood.warnings)


def test_a_colon_column_in_a_header_table_is_layout(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for row, (key, value) in zip(table.rows, (("Gemeente", "Kraaienveen-Noord"), ("Interviewer", "Jeroen Baas")),
                                 strict=True):
        row.cells[0].text, row.cells[1].text, row.cells[2].text = key, ":", value
    document.add_paragraph("Jeroen: Welkom.")
    document.add_paragraph("Stijn: Dank je.")
    path = tmp_path / "noord.docx"
    document.save(str(path))

    header = understand_file(path)[0].parsed.header

    assert (header.case_name, header.interviewers) == ("Kraaienveen-Noord", ("Jeroen Baas",))
    assert header.attributes == {}
