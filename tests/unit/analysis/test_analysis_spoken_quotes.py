"""Illustrative quotes prefer what a respondent said over a write-up's own summary of it."""

from __future__ import annotations

from qualcode.analysis import CaseInfo, CodedCorpus, DocumentInfo, illustrative_quotes
from qualcode.domain.model import CodeType
from qualcode.storage.records import CodeRow, Passage

SUMMARY = "De wethouder noemt de routekaart een belangrijke steun in de rug voor het ambtelijk apparaat hier."
SPOKEN = "Die routekaart is voor ons echt een steun in de rug, want we hoeven niet steeds opnieuw te beginnen."


def passage(guid: str, text: str, speaker: str | None, case: str) -> Passage:
    return Passage(guid, "k", "Routekaart", "sanne", f"doc-{case}", f"Verslag {case}", case, 0, len(text), text,
                   speaker, "wethouder" if speaker else None, False, None, 1, None)


def test_spoken_words_come_before_a_summary() -> None:
    corpus = CodedCorpus(
        codes=(CodeRow(1, "G", "k", None, "Routekaart", "opportunity", "", "", "", "", None, (), 0),),
        types=(CodeType("opportunity", "kans", "opportunity", "K", True),),
        cases=(CaseInfo("Aa"), CaseInfo("Bb")),
        documents=(DocumentInfo("doc-Aa", "Verslag Aa", "Aa", None, 100), DocumentInfo("doc-Bb", "Verslag Bb", "Bb",
                                                                                      None, 100)),
        passages=(passage("1", SUMMARY, None, "Aa"), passage("2", SPOKEN, "Jan", "Bb")),
    )
    chosen = illustrative_quotes(corpus, "k", n=1)
    assert [q.text for q in chosen] == [SPOKEN]
    assert [q.text for q in illustrative_quotes(corpus, "k", n=2)] == [SPOKEN, SUMMARY]
