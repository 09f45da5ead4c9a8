"""Headers, speakers and turns as researchers really type them: Word layouts, first names, initials, bullets."""

from __future__ import annotations

import pytest

from qualcode.domain.dates import parse_date
from qualcode.domain.header import is_header_key, parse_header
from qualcode.domain.model import ParsedTranscript
from qualcode.domain.transcript import parse_transcript

WORD_WITH_EMPTY_PARAGRAPHS = """\
Interviewverslag gemeente Kleidorp

Gemeente: Kleidorp

Interviewer: Pieter Smit

Gesprekspartners:

Anna de Graaf, beleidsadviseur energie

Joost Hendriks (projectleider vastgoed)

Datum: 3 juni 2025

Gesprekstype: online (Teams)

1. Ambities en beleid

Pieter: Fijn dat jullie tijd hebben. Wat is de ambitie van Kleidorp?

Anna: We willen in 2035 een energieneutraal vastgoed. Dat is best ambitieus.

Pieter: En hoe staat het ervoor?

Joost: Eerlijk gezegd loopt het achter. We hebben te weinig mensen.

Pieter: Wat zou helpen?

Joost: Structureel geld. Daarnaast: een vaste projectleider per gebouw.
"""


def speakers(parsed: ParsedTranscript) -> list[str | None]:
    return [parsed.participants[t.participant_index].name if t.participant_index is not None else None
            for t in parsed.turns]


def test_word_header_with_empty_paragraphs_is_read_whole() -> None:
    parsed = parse_transcript(WORD_WITH_EMPTY_PARAGRAPHS)
    header = parsed.header
    assert header.case_name == "Kleidorp"
    assert header.interviewers == ("Pieter Smit",)
    assert [(p.name, p.role) for p in header.participants] == [
        ("Anna de Graaf", "beleidsadviseur energie"), ("Joost Hendriks", "projectleider vastgoed")]
    assert header.date == "2025-06-03"
    assert header.attributes == {"Gesprekstype": "online (Teams)"}
    assert parsed.text[header.end:].startswith("1. Ambities en beleid")
    assert speakers(parsed) == ["Pieter Smit", "Anna de Graaf", "Pieter Smit", "Joost Hendriks", "Pieter Smit",
                                "Joost Hendriks"]
    interviewer = parsed.participants[0]
    assert (interviewer.name, interviewer.is_interviewer, interviewer.label) == ("Pieter Smit", True, "Pieter")
    # "Daarnaast:" inside a turn is words, not a speaker.
    assert parsed.text[parsed.turns[-1].start:parsed.turns[-1].end] == (
        "Structureel geld. Daarnaast: een vaste projectleider per gebouw.")
    assert parsed.warnings == ()


def test_word_without_empty_paragraphs_reads_the_same_turns() -> None:
    compact = "\n".join(line for line in WORD_WITH_EMPTY_PARAGRAPHS.split("\n") if line.strip()) + "\n"
    parsed = parse_transcript(compact)
    assert parsed.header.interviewers == ("Pieter Smit",)
    assert len(parsed.header.participants) == 2
    assert speakers(parsed) == speakers(parse_transcript(WORD_WITH_EMPTY_PARAGRAPHS))


def test_interviewer_after_an_empty_line_is_a_header_field_not_a_speaker() -> None:
    text = "Gemeente: Kleidorp\n\nInterviewer: Pieter Smit\n\nDatum: 3 juni 2025\n\nPieter: Welkom.\n\n" \
           "Anna: Dank je.\n\nPieter: Wat doet u?\n\nAnna: Ik ben adviseur.\n"
    parsed = parse_transcript(text)
    assert parsed.header.interviewers == ("Pieter Smit",)
    assert parsed.header.date == "2025-06-03"
    assert not any(p.name == "Interviewer" for p in parsed.participants)
    assert not any(p.name == "Datum" for p in parsed.participants)


def test_a_header_key_below_the_header_is_no_speaker_and_no_sentence() -> None:
    text = "Gemeente: Kleidorp\nInterviewer: Pieter Smit\n\nPieter: Welkom.\n\nDatum: 3 juni 2025\n\n" \
           "Anna: Dank je.\n\nPieter: Goed.\n\nAnna: Ja.\n"
    parsed = parse_transcript(text)
    assert "Datum" not in [p.name for p in parsed.participants]
    assert all("Datum" not in parsed.text[t.start:t.end] for t in parsed.turns)
    assert any("header field 'Datum: 3 juni 2025' below the header" in w for w in parsed.warnings)


@pytest.mark.parametrize("label", ["Datum", "Functie", "Gemeente", "Gesprekstype", "Locatie", "Organisatie"])
def test_header_keys_are_never_speakers(label: str) -> None:
    assert is_header_key(label)


def test_interviewer_and_respondent_are_turn_labels_not_header_keys() -> None:
    assert not is_header_key("Interviewer")
    assert not is_header_key("Respondent")


def test_initials_and_first_name_with_initial_are_matched_to_the_header() -> None:
    text = ("Gemeente: Rietmonde\nInterviewer: Pieter Smit\nGesprekspartners:\nAnna de Graaf, energiecoördinator\n"
            "Jeroen van Dam, projectleider scholen\n\nPS: Welkom.\n\nAdG: Dank je.\n\nPS: En jij?\n\n"
            "JvD: Ik doe de scholen.\n\nPS: Dank.\n\nAnna de G.: Graag gedaan.\n")
    parsed = parse_transcript(text)
    assert speakers(parsed) == ["Pieter Smit", "Anna de Graaf", "Pieter Smit", "Jeroen van Dam", "Pieter Smit",
                                "Anna de Graaf"]
    assert parsed.participants[0].is_interviewer
    assert len(parsed.participants) == 3


def test_an_unknown_label_is_its_own_turn_with_a_warning_never_inside_a_sentence() -> None:
    text = ("Gemeente: Zuidervaart\nInterviewer: Sophie Meijer\nGesprekspartner: Gerrit van Dijk\n"
            "Functie: wethouder\n\nSophie: Hoe gaat het?\n\nVan Dijk: Goed.\n\nHenk: Sorry dat ik stoor.\n\n"
            "Van Dijk: Geen punt.\n")
    parsed = parse_transcript(text)
    assert speakers(parsed) == ["Sophie Meijer", "Gerrit van Dijk", "Henk", "Gerrit van Dijk"]
    henk = parsed.turns[2]
    assert parsed.text[henk.start:henk.end] == "Sorry dat ik stoor."
    assert any("'Henk:' is none of the people in the header" in w and "line 10" in w for w in parsed.warnings)


def test_meeting_notes_bullets_are_paragraphs_without_their_marks() -> None:
    text = ("Gespreksverslag gemeente Essenveld\n\nGemeente: Essenveld\nDatum: 14 mei 2025\n\n"
            "Belangrijkste besproken punten\n\n"
            "• De gemeente heeft 46 gebouwen. De helft heeft label C of slechter.\n"
            "o Vooral de gymzalen zijn slecht.\n"
            "o De sporthal is in 2024 aangepakt.\n"
            "- Netcongestie remt de aanpak.\n")
    parsed = parse_transcript(text)
    paragraphs = [parsed.text[s:e] for t in parsed.turns for s, e in t.paragraphs]
    assert paragraphs[-4:] == ["De gemeente heeft 46 gebouwen. De helft heeft label C of slechter.",
                               "Vooral de gymzalen zijn slecht.", "De sporthal is in 2024 aangepakt.",
                               "Netcongestie remt de aanpak."]


def test_a_title_with_the_only_date_gives_the_date_and_the_case() -> None:
    header, warnings = parse_header("Interview gemeente Vlietmeer – 17 juni 2025\n\nInterviewer: Rob Claassen\n\n"
                                    "Rob: Welkom.\n")
    assert (header.case_name, header.date, warnings) == ("Vlietmeer", "2025-06-17", [])


def test_word_heading_lines_become_title_and_sections() -> None:
    text = "Gesprek Ommerveen\nGemeente: Ommerveen\nInterviewer: Fleur Dekker\nWarmtetransitie\n" \
           "Fleur: Hoe staat het ervoor?\nRuud: Goed.\nKoppelkansen met vastgoed\nFleur: En het vastgoed?\n" \
           "Ruud: Dat loopt.\n"
    parsed = parse_transcript(text, "docx", headings={0, 3, 6})
    assert parsed.header.title == "Gesprek Ommerveen"
    assert [s.title for s in parsed.sections] == ["Warmtetransitie", "Koppelkansen met vastgoed"]
    assert len(parsed.turns) == 4


def test_two_functions_for_two_respondents_are_paired_in_order() -> None:
    header, _ = parse_header("Gesprekspartner: Anna de Graaf\nFunctie: beleidsadviseur\n\n"
                             "Gesprekspartner: Joost Mulder\nFunctie: projectleider\n\nAnna: Hallo.\n")
    assert [(p.name, p.role) for p in header.participants] == [("Anna de Graaf", "beleidsadviseur"),
                                                               ("Joost Mulder", "projectleider")]


@pytest.mark.parametrize(("written", "iso"), [
    ("2 mei 2025", "2025-05-02"), ("dinsdag 2 mei 2025", "2025-05-02"), ("02-05-2025", "2025-05-02"),
    ("2-5-2025", "2025-05-02"), ("2025-05-02", "2025-05-02"), ("2 mei '25", "2025-05-02"),
    ("dinsdag 2-5-2025", "2025-05-02"), ("3 juni 2025, 14:00 uur", "2025-06-03"),
    ("11 april 2025 om 10.00 uur", "2025-04-11"), ("3 juni 2025 (online)", "2025-06-03"),
])
def test_dates_as_people_write_them(written: str, iso: str) -> None:
    assert parse_date(written) == (iso, None)


def test_a_date_without_a_year_is_kept_with_a_warning() -> None:
    iso, warning = parse_date("14 mei")
    assert iso is None and warning is not None and "no year" in warning


def test_a_question_after_the_header_interviewer_is_the_first_turn_not_a_name() -> None:
    text = ("Interviewer: Pieter Smit\nRespondent: Anna de Graaf (wethouder)\n\n"
            "Interviewer: Kunt u zich even voorstellen\n\nRespondent: Ja, ik ben wethouder.\n\n"
            "Interviewer: Dank u\n\nRespondent: Graag.\n")
    parsed = parse_transcript(text)
    assert parsed.header.interviewers == ("Pieter Smit",)
    assert [(p.name, p.role) for p in parsed.header.participants] == [("Anna de Graaf", "wethouder")]
    assert parsed.text[parsed.turns[0].start:parsed.turns[0].end] == "Kunt u zich even voorstellen"
    assert speakers(parsed) == ["Pieter Smit", "Anna de Graaf", "Pieter Smit", "Anna de Graaf"]


def test_a_label_alone_on_its_line_keeps_the_header_interviewer() -> None:
    text = ("Gemeente: Dijkwaard\nInterviewer: Thijs de Graaf\nGesprekspartner: Els Mol\n\n"
            "Interviewer:\nHoe gaat het met de warmtevisie?\n\nEls: Goed.\n\nInterviewer:\nEn het vastgoed?\n\n"
            "Els: Dat loopt.\n")
    parsed = parse_transcript(text)
    assert parsed.header.interviewers == ("Thijs de Graaf",)
    assert speakers(parsed) == ["Thijs de Graaf", "Els Mol", "Thijs de Graaf", "Els Mol"]


def test_an_attendance_list_with_titles_nicknames_and_the_interviewer() -> None:
    text = ("Gemeente: Vlietdam\nAanwezig:\n- dhr. J. (Jan) de Vries – wethouder duurzaamheid\n"
            "- mevr. drs. A.M. Bos-Kramer, beleidsadviseur\n- Koen van Rijn (interviewer, Bureau Noordlicht)\n"
            "Datum/tijd: 3-6-2025 14.00-15.30\n\nKoen: Welkom.\n\nJan: Dank.\n\nKoen: Vertel.\n\n"
            "Bos-Kramer: Dat doe ik.\n")
    parsed = parse_transcript(text)
    assert parsed.header.interviewers == ("Koen van Rijn",)
    assert [(p.name, p.role) for p in parsed.header.participants] == [
        ("Jan de Vries", "wethouder duurzaamheid"), ("A.M. Bos-Kramer", "beleidsadviseur")]
    assert parsed.header.date == "2025-06-03"
    assert speakers(parsed) == ["Koen van Rijn", "Jan de Vries", "Koen van Rijn", "A.M. Bos-Kramer"]
    assert parsed.participants[0].is_interviewer


def test_a_heading_after_the_list_of_people_is_no_person() -> None:
    text = ("Gesprekspartners:\n\nAnna de Graaf, wethouder\n\nBert Visser, beleidsadviseur\n\nInleiding\n\n"
            "Het gesprek vond plaats op het gemeentehuis en duurde een uur.\n")
    header, _ = parse_header(text)
    assert [p.name for p in header.participants] == ["Anna de Graaf", "Bert Visser"]
    assert text[header.end:].startswith("Inleiding")


def test_question_and_answer_labels_v_and_a() -> None:
    text = "Interviewer: Iris Meijer\nGesprekspartner: Ruud Kok, beleidsadviseur\n\nV: Wat doet u?\n\n" \
           "A: Ik ben adviseur.\n\nV: Sinds wanneer?\n\nA: Sinds 2020.\n"
    parsed = parse_transcript(text)
    assert speakers(parsed) == ["Iris Meijer", "Ruud Kok", "Iris Meijer", "Ruud Kok"]
    assert len(parsed.participants) == 2


def test_an_interviewer_named_by_initial_is_the_first_name_label() -> None:
    text = "Interviewer: P. Smit\nGesprekspartner: Anna de Graaf\n\nPieter: Welkom.\n\nAnna: Dank.\n"
    parsed = parse_transcript(text)
    assert speakers(parsed) == ["P. Smit", "Anna de Graaf"]
    assert parsed.participants[0].is_interviewer


def test_a_header_with_people_and_no_turns_is_a_warning_unless_it_is_meeting_notes() -> None:
    from qualcode.domain.checks import structure_warnings

    body = ("\n\n1. Kunt u kort vertellen wat uw rol is?\n\nIk ben beleidsmedewerker.\n\n"
            "2. Hoe gaat het met het vastgoed?\n\nHet gaat langzaam.\n")
    dialogue = parse_transcript("Interviewverslag Ommerkanaal\nInterviewer: Rob Hermans\n"
                                "Gesprekspartner: Linda Schouten" + body)
    notes = parse_transcript("Gespreksverslag Ommerkanaal\nInterviewer: Rob Hermans\n"
                             "Gesprekspartner: Linda Schouten" + body)
    assert any("none of the 2 people in the header has a turn" in w for w in structure_warnings(dialogue, []))
    assert not any("has a turn" in w for w in structure_warnings(notes, []))
