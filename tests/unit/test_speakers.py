"""Speaker labels matched to participants: SpeakerMatcher directly and through parse_transcript."""

from __future__ import annotations

import pytest

from qualcode.domain.model import ParsedTranscript, Participant
from qualcode.domain.speakers import SpeakerMatcher, is_generic_label
from qualcode.domain.transcript import parse_transcript

MARIEKE = Participant("Marieke de Vries", "beleidsadviseur duurzaamheid")
RICK = Participant("Rick Jansen", "projectleider vastgoed")


def speaker_of(parsed: ParsedTranscript, turn_number: int) -> Participant:
    index = parsed.turns[turn_number].participant_index
    assert index is not None
    return parsed.participants[index]


def matcher() -> SpeakerMatcher:
    return SpeakerMatcher([MARIEKE, RICK], ["Sanne Bakker"])


def test_interviewer_from_header_comes_first() -> None:
    people = matcher().participants
    assert people == [Participant("Sanne Bakker", "interviewer", is_interviewer=True), MARIEKE, RICK]


@pytest.mark.parametrize(("label", "index"), [
    ("Rick", 2), ("Marieke", 1), ("MARIEKE", 1), ("Marieke de Vries", 1), ("Rick Jansen", 2),
    ("Jansen", 2), ("dhr. Jansen", 2), ("Mevr. de Vries", 1),
    ("Projectleider", 2), ("Beleidsadviseur", 1),
    ("I", 0), ("Interviewer", 0), ("Sanne", 0), ("Sanne Bakker", 0),
    ("R1", 1), ("R2", 2),
])
def test_labels_resolve_to_header_participants(label: str, index: int) -> None:
    speakers = matcher()
    assert speakers.match(label) == index
    assert len(speakers.participants) == 3


def test_surname_with_tussenvoegsel_resolves_to_the_respondent() -> None:
    # README: "a first name or surname to the full name and role"; Dutch writes "De Vries:".
    speakers = matcher()
    assert speakers.match("De Vries") == 1
    assert len(speakers.participants) == 3


def test_unknown_label_adds_a_participant_once() -> None:
    speakers = matcher()
    first = speakers.match("Kees")
    assert first == 3
    assert speakers.match("kees") == 3
    assert speakers.participants[3] == Participant("Kees", None, "Kees", False)


def test_numbered_respondent_beyond_the_header_is_added() -> None:
    speakers = matcher()
    assert speakers.match("R3") == 3
    assert speakers.participants[3].name == "R3"


def test_i_without_interviewer_in_header_adds_an_interviewer() -> None:
    speakers = SpeakerMatcher([Participant("Els Verhoef", "wethouder")], [])
    assert speakers.match("R") == 0
    assert speakers.match("Wethouder") == 0
    assert speakers.match("I") == 1
    assert speakers.participants[1] == Participant("Interviewer", None, "I", True)


def test_known_interviewer_by_first_name() -> None:
    speakers = SpeakerMatcher([], [], known_interviewers=["Sanne Bakker"])
    assert speakers.match("Sanne") == 0
    assert speakers.match("Kees") == 1
    assert speakers.participants[0].is_interviewer
    assert speakers.participants[0].role == "interviewer"
    assert not speakers.participants[1].is_interviewer


@pytest.mark.parametrize(("label", "generic"), [
    ("I", True), ("R", True), ("R2", True), ("Resp 1", True), ("Interviewer", True), ("Respondent", True),
    ("Rick", False), ("Wethouder", False),
])
def test_generic_labels(label: str, generic: bool) -> None:
    assert is_generic_label(label) is generic


def test_first_name_labels_get_full_name_and_role() -> None:
    text = (
        "Gemeente: Westerbroek\n"
        "Gesprekspartners:\n"
        "Marieke de Vries, beleidsadviseur duurzaamheid\n"
        "Rick Jansen, projectleider vastgoed\n"
        "Interviewer: Sanne Bakker\n"
        "\n"
        "I: Wat is de ambitie?\n"
        "Marieke: Een routekaart.\n"
        "Rick: En de scholen eerst.\n"
        "Sanne: Dank u.\n"
    )
    parsed = parse_transcript(text)
    assert [speaker_of(parsed, n).name for n in range(4)] == [
        "Sanne Bakker", "Marieke de Vries", "Rick Jansen", "Sanne Bakker"]
    assert speaker_of(parsed, 1).role == "beleidsadviseur duurzaamheid"
    assert speaker_of(parsed, 2).role == "projectleider vastgoed"
    assert speaker_of(parsed, 0).is_interviewer
    assert parsed.participants == (
        Participant("Sanne Bakker", "interviewer", "I", True),
        Participant("Marieke de Vries", "beleidsadviseur duurzaamheid", "Marieke", False),
        Participant("Rick Jansen", "projectleider vastgoed", "Rick", False),
    )


def test_two_respondents_r1_r2_with_roles_on_one_line() -> None:
    text = (
        "Gemeente: Zandhoven\n"
        "Respondenten: Piet Bos (wethouder); Anna Smit (beleidsmedewerker)\n"
        "Interviewer: Tom de Wit\n"
        "\n"
        "I: Wie begint?\n"
        "R1: Ik begin.\n"
        "R2: Dan vul ik aan.\n"
        "Wethouder: Nog één ding.\n"
    )
    parsed = parse_transcript(text)
    assert [speaker_of(parsed, n).name for n in range(4)] == [
        "Tom de Wit", "Piet Bos", "Anna Smit", "Piet Bos"]
    assert speaker_of(parsed, 2).role == "beleidsmedewerker"
    assert [p.name for p in parsed.participants] == ["Tom de Wit", "Piet Bos", "Anna Smit"]


def test_surname_with_tussenvoegsel_through_parse_transcript() -> None:
    text = (
        "Gemeente: Westerbroek\n"
        "Gesprekspartner: Marieke de Vries\n"
        "Functie: beleidsadviseur duurzaamheid\n"
        "\n"
        "I: Wat is de ambitie?\n"
        "De Vries: Een routekaart.\n"
    )
    parsed = parse_transcript(text)
    assert speaker_of(parsed, 1).name == "Marieke de Vries"
    assert [p.name for p in parsed.participants] == ["Marieke de Vries", "Interviewer"]


def test_known_interviewer_is_recognised_without_a_header() -> None:
    # Neither speaker asks questions, so only the known_interviewers list can tell who interviews.
    text = "Sanne: Vertel eens over de ambities.\nKees: We willen van het gas af.\nSanne: Goed.\nKees: Ja.\n"
    with_list = parse_transcript(text, known_interviewers=["Sanne Bakker"])
    assert [(p.name, p.is_interviewer, p.role) for p in with_list.participants] == [
        ("Sanne", True, "interviewer"), ("Kees", False, None)]
    without_list = parse_transcript(text)
    assert [p.is_interviewer for p in without_list.participants] == [False, False]


def test_question_heuristic_marks_the_interviewer_in_a_headerless_transcript() -> None:
    text = (
        "Rick: Welkom. Hoe kijkt u naar de warmtetransitie?\n"
        "Marieke: Wij zien vooral kansen bij de scholen.\n"
        "Rick: En wat zijn de belemmeringen?\n"
        "Marieke: Het budget is beperkt en de capaciteit ook.\n"
        "Rick: Kunt u een voorbeeld geven?\n"
        "Marieke: De sporthal moest wachten. Waarom? Geen geld.\n"
    )
    parsed = parse_transcript(text)
    assert parsed.header.end == 0
    assert parsed.participants == (
        Participant("Rick", "interviewer", "Rick", True),
        Participant("Marieke", None, "Marieke", False),
    )
    assert [turn.participant_index for turn in parsed.turns] == [0, 1, 0, 1, 0, 1]


def test_full_name_labels_in_a_headerless_transcript() -> None:
    text = "Sanne Bakker: Wat doet u?\nMarieke de Vries: Ik ben adviseur.\n"
    parsed = parse_transcript(text)
    assert [(turn.speaker, text[turn.start:turn.end]) for turn in parsed.turns] == [
        ("Sanne Bakker", "Wat doet u?"), ("Marieke de Vries", "Ik ben adviseur.")]
    assert [p.is_interviewer for p in parsed.participants] == [True, False]


def test_first_turn_mentioning_the_interview_is_not_taken_for_a_title() -> None:
    # A headerless transcript: its first line is a turn even when it says "interview" or "gesprek".
    text = "I: Welkom bij dit interview over de warmtetransitie.\nR: Dank u wel.\n"
    parsed = parse_transcript(text)
    assert parsed.header.title is None
    assert [(turn.speaker, text[turn.start:turn.end]) for turn in parsed.turns] == [
        ("I", "Welkom bij dit interview over de warmtetransitie."), ("R", "Dank u wel.")]
