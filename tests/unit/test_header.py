"""Transcript headers: YAML front matter, Key: value lines, Dutch and English keys, titles and dates."""

from __future__ import annotations

import pytest

from qualcode.domain.dates import parse_date
from qualcode.domain.errors import TranscriptError
from qualcode.domain.header import parse_header, split_person
from qualcode.domain.model import Participant
from qualcode.domain.transcript import parse_transcript


def test_front_matter_with_respondents_as_dicts_and_as_strings() -> None:
    text = (
        "---\n"
        "gemeente: Hoogveen\n"
        "gesprekspartners:\n"
        "  - naam: Els Verhoef\n"
        "    functie: beleidsadviseur energie\n"
        "  - Name: Piet Bos\n"
        "    Role: wethouder\n"
        "  - Kees Mol, projectleider vastgoed\n"
        "  - naam: Anna Smit\n"
        "datum: 3 maart 2025\n"
        "interviewer: Tom de Wit\n"
        "projectcode: HV-01\n"
        "---\n"
        "Tom: Wat is de ambitie?\n"
    )
    header, warnings = parse_header(text)
    assert warnings == []
    assert header.case_name == "Hoogveen"
    assert header.participants == (
        Participant("Els Verhoef", "beleidsadviseur energie"),
        Participant("Piet Bos", "wethouder"),
        Participant("Kees Mol", "projectleider vastgoed"),
        Participant("Anna Smit", None),
    )
    assert header.date == "2025-03-03"
    assert header.date_as_written == "3 maart 2025"
    assert header.interviewers == ("Tom de Wit",)
    assert header.attributes == {"projectcode": "HV-01"}
    assert text[header.end:] == "Tom: Wat is de ambitie?\n"


def test_front_matter_string_list_yaml_date_and_interviewer_list() -> None:
    text = (
        "---\n"
        "Municipality: Súdwest-Fryslân\n"
        "Respondents: [\"Els Verhoef, beleidsadviseur energie\", \"Piet Bos (wethouder)\"]\n"
        "Date: 2025-04-11\n"
        "Interviewers: [Tom de Wit, Sanne Bakker]\n"
        "Location: stadhuis\n"
        "---\n"
        "Tom: Welkom.\n"
    )
    header, warnings = parse_header(text)
    assert warnings == []
    assert header.case_name == "Súdwest-Fryslân"
    assert header.participants == (Participant("Els Verhoef", "beleidsadviseur energie"),
                                   Participant("Piet Bos", "wethouder"))
    assert header.date == "2025-04-11"
    assert header.interviewers == ("Tom de Wit", "Sanne Bakker")
    assert header.attributes == {"location": "stadhuis"}
    assert text[header.end:] == "Tom: Welkom.\n"


def test_front_matter_that_never_closes_is_an_error() -> None:
    with pytest.raises(TranscriptError) as caught:
        parse_header("---\ngemeente: Hoogveen\n\nTom: Welkom.\n")
    assert caught.value.line == 1


def test_key_value_lines_with_title_and_respondents_one_per_line() -> None:
    text = (
        "Interviewverslag - Gemeente Westerbroek\n"
        "\n"
        "Gemeente: Westerbroek\n"
        "Gesprekspartners:\n"
        "Marieke de Vries, beleidsadviseur duurzaamheid\n"
        "Rick Jansen (projectleider vastgoed)\n"
        "Fatima El Amrani - programmamanager warmte\n"
        "Datum: 11 april 2025\n"
        "Interviewer: Sanne Bakker\n"
        "Organisatie: afdeling Ruimte\n"
        "Locatie: stadhuis Westerbroek\n"
        "\n"
        "Sanne: Welkom.\n"
    )
    header, warnings = parse_header(text)
    assert warnings == []
    assert header.title == "Interviewverslag - Gemeente Westerbroek"
    assert header.case_name == "Westerbroek"
    assert header.participants == (
        Participant("Marieke de Vries", "beleidsadviseur duurzaamheid"),
        Participant("Rick Jansen", "projectleider vastgoed"),
        Participant("Fatima El Amrani", "programmamanager warmte"),
    )
    assert header.date == "2025-04-11"
    assert header.interviewers == ("Sanne Bakker",)
    assert header.attributes == {"organisation": "afdeling Ruimte", "location": "stadhuis Westerbroek"}
    assert text[header.end:] == "Sanne: Welkom.\n"


def test_respondent_list_ends_at_a_blank_line_and_fields_may_follow() -> None:
    text = (
        "Gemeente: Hoogveen\n"
        "Gesprekspartners:\n"
        "Els Verhoef, beleidsadviseur energie\n"
        "Piet Bos, wethouder\n"
        "\n"
        "Datum: 2025-04-11\n"
        "\n"
        "I: Welkom.\n"
    )
    header, _ = parse_header(text)
    assert [p.name for p in header.participants] == ["Els Verhoef", "Piet Bos"]
    assert header.date == "2025-04-11"
    assert text[header.end:] == "I: Welkom.\n"


def test_english_keys_and_several_respondents_on_one_line() -> None:
    text = (
        "Municipality: Zandhoven\n"
        "Respondent(en): Piet Bos (wethouder); Anna Smit (beleidsmedewerker)\n"
        "Date: 2025-04-11\n"
        "Interviewer: Tom de Wit\n"
        "Organisation: Gemeente Zandhoven\n"
        "\n"
        "I: Goedemorgen.\n"
    )
    header, _ = parse_header(text)
    assert header.case_name == "Zandhoven"
    assert header.participants == (Participant("Piet Bos", "wethouder"),
                                   Participant("Anna Smit", "beleidsmedewerker"))
    assert header.interviewers == ("Tom de Wit",)
    assert header.attributes == {"organisation": "Gemeente Zandhoven"}


@pytest.mark.parametrize(("case_key", "person_key", "role_key"), [
    ("Gemeente", "Gesprekspartner", "Functie"),
    ("Case", "Respondent", "Role"),
    ("Municipality", "Gesprekspartner(s)", "Rol"),
    ("GEMEENTE", "respondenten", "function"),
])
def test_case_respondent_and_role_keys(case_key: str, person_key: str, role_key: str) -> None:
    text = f"{case_key}: Lindewaard\n{person_key}: Anna Smit\n{role_key}: projectleider\n\nI: Hallo.\n"
    header, _ = parse_header(text)
    assert header.case_name == "Lindewaard"
    assert header.participants == (Participant("Anna Smit", "projectleider"),)


def test_roles_on_one_line_are_matched_to_respondents_in_order() -> None:
    text = ("Gemeente: Hoogveen\nGesprekspartners: Els Verhoef; Piet Bos\n"
            "Functie: adviseur; wethouder\n\nI: Hallo.\n")
    header, _ = parse_header(text)
    assert header.participants == (Participant("Els Verhoef", "adviseur"),
                                   Participant("Piet Bos", "wethouder"))


def test_interviewers_joined_with_en() -> None:
    header, _ = parse_header("Gemeente: Hoogveen\nInterviewers: Tom de Wit en Sanne Bakker\n\nI: Hallo.\n")
    assert header.interviewers == ("Tom de Wit", "Sanne Bakker")


def test_unknown_keys_are_kept_as_attributes() -> None:
    text = ("Gemeente: Lindewaard\nGesprekspartner: Anna Smit\n"
            "Projectnummer: 2025-07\nDuur: 55 minuten\n\nI: Hallo.\n")
    header, _ = parse_header(text)
    assert header.attributes == {"Projectnummer": "2025-07", "Duur": "55 minuten"}
    assert text[header.end:] == "I: Hallo.\n"


def test_title_line_gives_the_case_when_no_gemeente_field() -> None:
    text = "Verslag interview gemeente Oosterlanden\nGesprekspartner: Anna Smit\n\nI: Hallo.\n"
    header, _ = parse_header(text)
    assert header.title == "Verslag interview gemeente Oosterlanden"
    assert header.case_name == "Oosterlanden"
    assert header.participants == (Participant("Anna Smit"),)


def test_gemeente_field_wins_over_the_title() -> None:
    text = ("Interviewverslag - Gemeente Westerbroek\nGemeente: Oosterhout\n"
            "Gesprekspartner: Anna Smit\n\nI: Hallo.\n")
    header, _ = parse_header(text)
    assert header.title == "Interviewverslag - Gemeente Westerbroek"
    assert header.case_name == "Oosterhout"


def test_title_without_gemeente_gives_no_case() -> None:
    text = "Interview Zandhoven\n\nGesprekspartner: Anna Smit\n\nI: Hallo.\n"
    header, _ = parse_header(text)
    assert header.title == "Interview Zandhoven"
    assert header.case_name is None
    assert text[header.end:] == "I: Hallo.\n"


@pytest.mark.parametrize(("written", "iso"), [
    ("11 april 2025", "2025-04-11"),
    ("11-04-2025", "2025-04-11"),
    ("2025-04-11", "2025-04-11"),
    ("dinsdag 3 maart 2025", "2025-03-03"),
    ("3 mrt. 2025", "2025-03-03"),
    ("1/2/2024", "2024-02-01"),
])
def test_dutch_dates_become_iso(written: str, iso: str) -> None:
    assert parse_date(written) == (iso, None)
    header, warnings = parse_header(f"Gemeente: Hoogveen\nDatum: {written}\n\nI: Hallo.\n")
    assert warnings == []
    assert header.date == iso
    assert header.date_as_written == written


def test_date_without_year_is_kept_as_written_with_a_warning() -> None:
    header, warnings = parse_header("Gemeente: Hoogveen\nDatum: 14 mei\n\nI: Hallo.\n")
    assert header.date is None
    assert header.date_as_written == "14 mei"
    assert len(warnings) == 1
    assert "'14 mei' has no year" in warnings[0]


@pytest.mark.parametrize("written", ["31 februari 2025", "30-02-2025", "2025-13-01"])
def test_impossible_date_is_kept_with_a_warning(written: str) -> None:
    header, warnings = parse_header(f"Gemeente: Hoogveen\nDatum: {written}\n\nI: Hallo.\n")
    assert header.date is None
    assert header.date_as_written == written
    assert warnings == [f"date '{written}' does not exist; kept as written"]


def test_header_warnings_reach_the_parsed_transcript() -> None:
    parsed = parse_transcript("Gemeente: Hoogveen\nGesprekspartner: Els Verhoef\nDatum: 14 mei\n\nEls: Ja.\n")
    assert parsed.header.date is None
    assert len(parsed.warnings) == 1
    assert "14 mei" in parsed.warnings[0]


@pytest.mark.parametrize(("written", "person"), [
    ("Marieke de Vries, beleidsadviseur", Participant("Marieke de Vries", "beleidsadviseur")),
    ("Marieke de Vries (beleidsadviseur)", Participant("Marieke de Vries", "beleidsadviseur")),
    ("Marieke de Vries - beleidsadviseur", Participant("Marieke de Vries", "beleidsadviseur")),
    ("- Marieke de Vries", Participant("Marieke de Vries")),
])
def test_split_person(written: str, person: Participant) -> None:
    assert split_person(written) == person
