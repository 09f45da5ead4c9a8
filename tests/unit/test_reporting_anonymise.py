"""Anonymised reports: every form of a known name is replaced, remaining names are found and stop the export."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.reporting.anonymise import Anonymiser, name_forms

NAMES = ["Joost van Dam", "Fatima El Amrani", "Hanneke Bos", "Marieke van der Meer", "José Özdemir", "Ad van Os"]


def test_forms_of_dutch_names() -> None:
    assert set(name_forms("Joost van Dam")) == {"Joost van Dam", "Joost", "van Dam", "Dam"}
    assert set(name_forms("Fatima El Amrani")) == {"Fatima El Amrani", "Fatima", "El Amrani", "Amrani"}
    assert "Os" not in name_forms("Ad van Os") and "van Os" in name_forms("Ad van Os")
    assert not {"van", "der", "El"} & set(name_forms("Marieke van der Meer") + name_forms("Fatima El Amrani"))


def test_every_form_is_replaced() -> None:
    anonymiser = Anonymiser(NAMES)
    text = ("Joost van Dam zei tegen mevrouw El Amrani dat Joosts plan werkt. Hanneke Bos en Bos, meneer Van Der Meer, "
            "Marieke en MEER. Jose Ozdemir en Fatima’s collega. Ad van Os, van Os.")
    assert anonymiser.anonymise(text) == (
        "[naam] zei tegen mevrouw [naam] dat [naam] plan werkt. [naam] en [naam], meneer [naam], "
        "[naam] en [naam]. [naam] en [naam]’s collega. [naam], [naam].")


def test_words_containing_a_name_and_lowercase_words_are_kept() -> None:
    anonymiser = Anonymiser(NAMES)
    text = "De Bosweg in ’s-Heerenbeek, een bos bij de dam in Amsterdam; Damrak en Osdorp."
    assert anonymiser.anonymise(text) == text
    assert Anonymiser(NAMES, match_lowercase=True).anonymise("een bos") == "een [naam]"


def test_leaks_finds_a_planted_name_and_check_stops_the_export() -> None:
    anonymiser = Anonymiser(NAMES, placeholder="R?")
    report = anonymiser.anonymise("Joost van Dam vertelde het.") + "\nVolgens Amrani ging het goed.\n"
    assert report.startswith("R? vertelde")
    assert anonymiser.leaks(report) == ["Fatima El Amrani"]
    with pytest.raises(ProjectError) as raised:
        anonymiser.check(report, "synthese.docx")
    message = str(raised.value)
    assert "would still name Fatima El Amrani" in message and "line 2" in message and "synthese.docx" in message
    anonymiser.check(anonymiser.anonymise(report), "synthese.docx")


def test_no_names_means_nothing_to_replace() -> None:
    assert Anonymiser([]).anonymise("Joost") == "Joost"
    assert Anonymiser(["", "van der"]).leaks("van der") == []


def test_names_with_apostrophes_particles_and_turkish_letters() -> None:
    anonymiser = Anonymiser(["Kees 't Hart", "Sean O'Brien", "Ayşe Yıldız"])
    text = "Mevrouw ’t Hart en 'T HART, O’Brien’s plan, OBrien en Yildiz; de hartslag."
    assert anonymiser.anonymise(text) == "Mevrouw [naam] en [naam], [naam]’s plan, OBrien en [naam]; de hartslag."


def test_a_name_found_through_a_dotless_i_is_still_named_in_the_message() -> None:
    anonymiser = Anonymiser(["Ayşe Yıldız"])
    assert anonymiser.anonymise("Volgens Yildiz niet.") == "Volgens [naam] niet."
    assert anonymiser.leaks("Volgens Yildiz niet.") == ["Yildiz"]
    with pytest.raises(ProjectError, match="would still name Yildiz as 'Yildiz'"):
        anonymiser.check("Volgens Yildiz niet.", what="rapport.md")
