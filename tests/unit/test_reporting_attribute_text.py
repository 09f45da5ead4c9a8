"""One rule for a case attribute's value as report text: tables, case profiles and attributions agree."""

from __future__ import annotations

import datetime as dt

import pytest

from qualcode.analysis import CaseInfo, CodedCorpus, DocumentInfo, Quote
from qualcode.reporting.build_synthesis import ReportOptions, _group, quote_view
from qualcode.reporting.formatting import attribute_text


@pytest.mark.parametrize(("value", "nl", "en"), [
    (True, "ja", "yes"),
    (False, "nee", "no"),
    (58400, "58.400", "58,400"),
    (12.0, "12", "12"),
    (2.5, "2,5", "2.5"),
    (1234567.89, "1.234.567,89", "1,234,567.89"),  # all its decimals, never '1,23457e+06'
    (1e-7, "0,0000001", "0.0000001"),
    (["warmte", "participatie"], "warmte, participatie", "warmte, participatie"),
    ("Noord", "Noord", "Noord"),
    (dt.date(2025, 4, 11), "2025-04-11", "2025-04-11"),
    (None, "–", "–"),
    ("", "–", "–"),
])
def test_values_read_the_same_everywhere_in_each_language(value: object, nl: str, en: str) -> None:
    assert attribute_text(value, "nl") == nl
    assert attribute_text(value, "en") == en


def test_an_attribution_uses_the_report_language_for_yes_and_no() -> None:
    corpus = CodedCorpus(codes=(), types=(), cases=(CaseInfo("Westerbroek", {"G40": True, "inwoners": 58400}),),
                         documents=(DocumentInfo("d1", "Interview", "Westerbroek", None, 100),), passages=())
    quote = Quote("Er is geen geld.", "geld", "d1", "Interview", "Westerbroek", "Rick", "wethouder", None, 3,
                  "sanne", False)
    pattern = "{rol}, G40: {g40}, {inwoners} inwoners"
    dutch = quote_view(quote, corpus, ReportOptions(project="p", attribution=pattern))
    english = quote_view(quote, corpus, ReportOptions(project="p", lang="en", attribution=pattern))
    assert dutch.attribution == "wethouder, G40: ja, 58.400 inwoners"
    assert english.attribution == "wethouder, G40: yes, 58,400 inwoners"


def test_group_names_in_english_sentences_say_yes_and_no() -> None:
    assert _group("g40", "ja", "en") == "municipalities (g40: yes)"
    assert _group("g40", "nee", "nl") == "gemeenten (g40: nee)"


def test_an_attribution_leaves_out_the_size_class_when_anonymised_reports_may_not_show_it() -> None:
    corpus = CodedCorpus(codes=(), types=(), cases=(CaseInfo("Westerbroek", {"grootteklasse": "klein"}),),
                         documents=(DocumentInfo("d1", "Interview", "Westerbroek", None, 100),), passages=())
    quote = Quote("Er is geen geld.", "geld", "d1", "Interview", "Westerbroek", "Rick", "wethouder", None, 3,
                  "sanne", False)
    shown = ReportOptions(project="p", anonymise=True)
    hidden = ReportOptions(project="p", anonymise=True, shown_attributes=())
    assert quote_view(quote, corpus, shown).attribution == "wethouder, kleine gemeente"
    assert quote_view(quote, corpus, hidden).attribution == "wethouder, gemeente"
