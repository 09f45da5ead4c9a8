"""The one name normaliser: case keys for municipality names and folded person names."""

from __future__ import annotations

import pytest

from qualcode.domain.names import case_key, clean_case_name, first_name, person_key, strip_accents, surname


@pytest.mark.parametrize("written", [
    "’s-Hertogenbosch", "'s-Hertogenbosch", "s-Hertogenbosch", "'s Hertogenbosch", "Den Bosch", "den bosch",
    "Gemeente 's-Hertogenbosch", "gemeente Den Bosch", "  ‘s-Hertogenbosch ",
])
def test_den_bosch_spellings_share_one_key(written: str) -> None:
    assert case_key(written) == "'s hertogenbosch"


@pytest.mark.parametrize("written", ["Den Haag", "’s-Gravenhage", "s-Gravenhage", "The Hague"])
def test_den_haag_spellings_share_one_key(written: str) -> None:
    assert case_key(written) == "'s gravenhage"


def test_accents_are_folded() -> None:
    assert case_key("Súdwest-Fryslân") == case_key("Sudwest Fryslan") == "sudwest fryslan"
    assert strip_accents("Súdwest-Fryslân") == "Sudwest-Fryslan"


def test_prefixes_and_separators_are_dropped() -> None:
    assert case_key("De gemeente Westerbroek") == "westerbroek"
    assert case_key("Municipality of Westerbroek") == "westerbroek"
    assert case_key("Bergen_op-Zoom") == case_key("Bergen op Zoom") == "bergen op zoom"
    assert case_key("Westerbroek.") == "westerbroek"


def test_different_places_keep_different_keys() -> None:
    assert case_key("’s-Heerenbeek") == "'s heerenbeek"
    assert case_key("’s-Heerenbeek") != case_key("’s-Hertogenbosch")
    assert case_key("Westerbroek") != case_key("Oosterbroek")


def test_project_aliases() -> None:
    aliases = {"SKO": "Stadskwartier-Oost", "Bosch-stad": "'s-Hertogenbosch", "’s-Dorp": "Súdwest-Fryslân"}
    assert case_key("SKO", aliases) == case_key("Stadskwartier Oost", aliases) == "stadskwartier oost"
    assert case_key("sko", aliases) == "stadskwartier oost"
    assert case_key("Bosch-stad", aliases) == "'s hertogenbosch"
    assert case_key("s-Dorp", aliases) == "sudwest fryslan"
    assert case_key("SKO") == "sko"


def test_clean_case_name_keeps_the_apostrophe() -> None:
    assert clean_case_name("Gemeente ’s-Hertogenbosch ") == "’s-Hertogenbosch"
    assert clean_case_name("Westerbroek") == "Westerbroek"


def test_person_names() -> None:
    assert person_key("  Marieke  de VRIES ") == "marieke de vries"
    assert person_key("Jürgen Öztürk") == "jurgen ozturk"
    assert person_key("Mevr. de Vries") == "mevr de vries"
    assert first_name("Marieke de Vries") == "Marieke"
    assert surname("Marieke de Vries") == "Vries"
    assert surname("Fatima El Amrani") == "Amrani"
    assert surname("Rick") == ""


def test_a_place_is_also_recognised_without_its_s_and_by_its_aliases() -> None:
    from qualcode.domain.names import place_variants

    assert place_variants("'s-Hertogenbosch") == ["'s-Hertogenbosch", "Hertogenbosch", "den bosch"]
    assert place_variants("’s-Heerenbeek") == ["’s-Heerenbeek", "Heerenbeek"]
    assert place_variants("Westerbroek", {"Wbroek": "Westerbroek"}) == ["Westerbroek", "wbroek"]
    assert place_variants("Ede") == ["Ede"]
