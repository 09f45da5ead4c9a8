"""Cases from file names: the name without the words around it, and the existing case it is (nearly)."""

from __future__ import annotations

import pytest

from qualcode.domain.names import CaseMatch, case_key, case_name_from_filename, closest_case


@pytest.mark.parametrize(("stem", "case_name"), [
    ("Interview gemeente Kleidorp", "Kleidorp"),
    ("2025-06-03_interview_Kleidorp_PS", "Kleidorp"),
    ("s-heerenbeek", "'s-Heerenbeek"),
    ("’s-Heerenbeek interview", "’s-Heerenbeek"),
    ("verslag-Oost-Lindeveld-def", "Oost-Lindeveld"),
    ("bergakker-interview", "Bergakker"),
    ("westerbroek", "Westerbroek"),
    ("veenhuizen-aan-zee", "Veenhuizen-aan-Zee"),
    ("Interview met de gemeente Zuidermeer", "Zuidermeer"),
    ("01_Kleidorp_AdG_v2", "Kleidorp"),
    ("Gespreksverslag Kleidorp (concept)", "Kleidorp"),
    ("Kleidorp 3 juni 2025", "Kleidorp"),
    ("notulen juni 2025 Westerhaven", "Westerhaven"),
    ("20250603 Transcriptie Veenhuizen JJ", "Veenhuizen"),
    ("Interviewverslag_gem_Kleidorp_03-06_definitief", "Kleidorp"),
    ("Bijlage 2 - Interviewverslag Zuidermeer (2)", "Zuidermeer"),
    ("interview-kleidorp-final", "Kleidorp"),
    ("Verslag van Westerhaven versie 2", "Westerhaven"),
    ("gem. Kleidorp - transcript", "Kleidorp"),
    ("ijsselhoven_interviews", "IJsselhoven"),
    ("KLEIDORP_INTERVIEW", "Kleidorp"),
    ("bergen-op-zee_gesprek_PvdB", "Bergen-op-Zee"),
    ("Interview De Waarden", "De Waarden"),
    ("Gesprek met Veenhuizen aan Zee", "Veenhuizen aan Zee"),
])
def test_the_words_around_a_name_are_stripped(stem: str, case_name: str) -> None:
    assert case_name_from_filename(stem) == case_name


@pytest.mark.parametrize("stem", ["Interview 3", "interview_2025-06-03_PS", "verslag (2)", "Transcript", "",
                                  "gesprek met de gemeente", "03-06 notulen def"])
def test_nothing_but_interview_words_dates_numbers_and_initials_is_no_name(stem: str) -> None:
    assert case_name_from_filename(stem) is None


@pytest.mark.parametrize(("stem", "case_name"), [
    # The example project's transcripts: the names the importer gave them before stay the same.
    ("amstelhaven", "Amstelhaven"), ("bergakker", "Bergakker"), ("hoogveen", "Hoogveen"),
    ("lindewaard", "Lindewaard"), ("oosterlanden", "Oosterlanden"), ("s-heerenbeek", "'s-Heerenbeek"),
    ("vliedorp", "Vliedorp"), ("westerbroek", "Westerbroek"),
    ("bergakker-transcript", "Bergakker"), ("Kleidorp_2", "Kleidorp"), ("Kleidorp", "Kleidorp"),
])
def test_names_the_importer_already_got_right_stay_the_same(stem: str, case_name: str) -> None:
    assert case_name_from_filename(stem) == case_name


def test_a_name_from_a_file_has_the_key_of_the_case_it_names() -> None:
    for stem in ["Interview gemeente ’s-Heerenbeek", "s-heerenbeek_verslag", "'s-Heerenbeek"]:
        name = case_name_from_filename(stem)
        assert name is not None and case_key(name) == "'s heerenbeek"


CASES = {"kleidorp": "Kleidorp", "hoogeveen": "Hoogeveen", "westerbroek": "Westerbroek",
         "'s hertogenbosch": "'s-Hertogenbosch", "veenhuizen aan zee": "Veenhuizen-aan-Zee"}


@pytest.mark.parametrize("name", ["Kleidorp", "kleidorp", "Gemeente Kleidorp", "gemeente KLEIDORP", " Kleidorp "])
def test_the_same_case_key_is_an_exact_match(name: str) -> None:
    assert closest_case(name, CASES) == CaseMatch(key="kleidorp", name="Kleidorp", score=100.0, exact=True)


def test_an_alias_makes_an_exact_match() -> None:
    assert closest_case("Den Bosch", CASES) == CaseMatch("'s hertogenbosch", "'s-Hertogenbosch", 100.0, True)
    match = closest_case("Veenhuizen", CASES, aliases={"Veenhuizen": "Veenhuizen-aan-Zee"})
    assert match == CaseMatch("veenhuizen aan zee", "Veenhuizen-aan-Zee", 100.0, True)


def test_an_alias_added_after_the_case_was_stored_still_matches_its_display_name() -> None:
    cases = {"kleidorp oud": "Kleidorp-Oud"}
    match = closest_case("Kleidorp-Oud", cases, aliases={"Kleidorp-Oud": "Kleidorp"})
    assert match is not None and match.exact and match.key == "kleidorp oud"


@pytest.mark.parametrize("name", ["Klei-dorp", "Kleidrop", "Kleidorp (gem.)", "Kleidorpp", "Kleydorp"])
def test_a_near_name_is_a_suggestion_not_the_same_case(name: str) -> None:
    match = closest_case(name, CASES)

    assert match is not None
    assert (match.key, match.name, match.exact) == ("kleidorp", "Kleidorp", False)
    assert 85 <= match.score <= 100


def test_two_real_gemeenten_one_letter_apart_are_only_a_suggestion() -> None:
    match = closest_case("Hoogveen", CASES)

    assert match is not None and match.key == "hoogeveen" and not match.exact


@pytest.mark.parametrize("name", ["Oosterbroek", "Zuidermeer", "Westerhaven", "Kleidorp-Noord", "Ede", ""])
def test_a_name_that_is_not_close_to_any_case_has_no_match(name: str) -> None:
    assert closest_case(name, CASES) is None


def test_the_closest_of_several_near_cases_is_chosen() -> None:
    cases = {"lindewaard": "Lindewaard", "lindenwaarde": "Lindenwaarde"}

    match = closest_case("Lindenwaard", cases)

    assert match is not None and not match.exact
    assert match.key in cases
    assert match.score == max(closest_case("Lindenwaard", {key: name}).score  # type: ignore[union-attr]
                              for key, name in cases.items())


def test_no_cases_no_match() -> None:
    assert closest_case("Kleidorp", {}) is None


@pytest.mark.parametrize(("stem", "people", "expected"), [
    ("Kleidorp_Anna_de_Graaf", {"anna", "graaf"}, "Kleidorp"),
    ("Kleidorp_Anna_de_Graaf", set(), "Kleidorp Anna de Graaf"),
    ("kleidorp_wethouder", set(), "Kleidorp"),
    ("Interview_Stichtse_Vecht_PS", set(), "Stichtse Vecht"),
    ("IV04_Veenhuizen-aan-Zee_AdG", set(), "Veenhuizen-aan-Zee"),
    ("Interview Kleidorp deel 2", set(), "Kleidorp"),
])
def test_people_codes_and_parts_are_no_part_of_the_gemeente(stem: str, people: set[str], expected: str) -> None:
    assert case_name_from_filename(stem, people) == expected
