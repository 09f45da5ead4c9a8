"""English names and descriptions in the codebook: read with their lines, written back, chosen per report language."""

from __future__ import annotations

import pytest

from qualcode.domain.codebook import (
    codes_in_language,
    description_in,
    dump_codebook,
    english_names_warning,
    name_in,
    parse_codebook,
)
from qualcode.domain.errors import CodebookError

CODEBOOK = """\
name: Vastgoed
codes:
  - id: vastgoed
    name: Maatschappelijk vastgoed
    name_en: Public buildings
    children:
      - id: vastgoed.netcongestie
        name: Netcongestie remt elektrificatie
        name_en: "Grid congestion: slows electrification"
        type: barrier
        description: Het volle stroomnet houdt het elektrificeren van gebouwen tegen.
        description_en: The full grid holds back the electrification of buildings.
      - id: vastgoed.budget
        name: Geen structureel budget
        type: belemmering
"""


def test_english_names_and_descriptions_are_read_and_written_back() -> None:
    codebook = parse_codebook(CODEBOOK)
    theme, congestion, budget = codebook.codes
    assert (theme.name_en, theme.description_en) == ("Public buildings", "")
    assert congestion.name_en == "Grid congestion: slows electrification"
    assert congestion.description_en == "The full grid holds back the electrification of buildings."
    assert budget.name_en == "" and budget.name == "Geen structureel budget"
    text = dump_codebook(codebook)
    assert "name_en: Public buildings" in text and "description_en: The full grid" in text
    assert text.count("name_en:") == 2  # a code without one gets no empty line
    assert parse_codebook(text) == codebook


def test_a_report_in_english_names_a_code_in_english_where_it_can() -> None:
    theme, congestion, budget = parse_codebook(CODEBOOK).codes
    assert name_in(congestion, "en") == "Grid congestion: slows electrification"
    assert name_in(congestion, "nl") == "Netcongestie remt elektrificatie"
    assert name_in(budget, "en") == "Geen structureel budget"  # none given: the Dutch one
    assert description_in(congestion, "en").startswith("The full grid")
    assert description_in(theme, "en") == ""  # no description in either language
    codes = parse_codebook(CODEBOOK).codes
    assert codes_in_language(codes, "nl") is codes  # a Dutch report changes nothing
    english = codes_in_language(codes, "en")
    assert [code.name for code in english] == ["Public buildings", "Grid congestion: slows electrification",
                                                "Geen structureel budget"]
    assert [code.key for code in english] == [code.key for code in codes]


def test_one_line_says_how_many_codes_lack_an_english_name() -> None:
    codes = parse_codebook(CODEBOOK).codes
    warning = english_names_warning(codes, "en")
    assert warning is not None and warning.startswith("1 of 3 codes and themes have no English name")
    assert "name_en" in warning and "\n" not in warning
    assert english_names_warning(codes, "nl") is None
    assert english_names_warning(codes[:2], "en") is None


@pytest.mark.parametrize(("value", "line", "message"), [
    ('""', 9, "'name_en' of 'vastgoed.netcongestie' is empty"),
    ("", 9, "'name_en' of 'vastgoed.netcongestie' is empty"),
    ("[Grid, congestion]", 9, "'name_en' of 'vastgoed.netcongestie' must be text"),
    ("{en: Grid}", 9, "'name_en' of 'vastgoed.netcongestie' must be text"),
])
def test_a_wrong_or_empty_english_name_is_refused_with_its_line(value: str, line: int, message: str) -> None:
    text = CODEBOOK.replace('name_en: "Grid congestion: slows electrification"', f"name_en: {value}")
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text)
    problems = caught.value.problems
    assert [(problem.line, problem.message) for problem in problems] == [(line, message)]
    assert problems[0].hint


def test_an_empty_english_description_is_refused_too() -> None:
    text = CODEBOOK.replace("description_en: The full grid holds back the electrification of buildings.",
                            "description_en:   ")
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (12, "'description_en' of 'vastgoed.netcongestie' is empty")]
