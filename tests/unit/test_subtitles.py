"""WebVTT and SRT: voice tags, NOTE headers, merged cues and cue times through parse_transcript."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import TranscriptError
from qualcode.domain.model import ParsedTranscript
from qualcode.domain.subtitles import parse_cues, speaker_name, subtitles_to_text
from qualcode.domain.transcript import parse_transcript

VTT = """WEBVTT

NOTE
Gemeente: Amstelhaven
Gesprekspartner: Marieke de Vries
Functie: beleidsadviseur duurzaamheid
Interviewer: Sanne Bakker
Datum: 2 april 2025

8f3c2b71/1-0
00:00:01.000 --> 00:00:04.500
<v Sanne Bakker>Welkom bij dit gesprek.</v>

8f3c2b71/2-0
00:00:04.500 --> 00:00:07.000
<v Sanne Bakker>Wat is uw rol?</v>

00:00:07.200 --> 00:00:12.000
<v Marieke de Vries>Ik ben <i>beleidsadviseur</i>.</v>

00:01:02.000 --> 00:01:15.250
<v Marieke de Vries>We werken aan
de routekaart.</v>

00:01:16.000 --> 00:01:18.000
<v Sanne Bakker>Dank u.</v>
"""

SRT = """1
00:00:01,000 --> 00:00:03,000
Rick: Goedemiddag, zullen we beginnen?

2
00:00:03,500 --> 00:00:08,000
Anna: Ja hoor, prima.

3
00:00:08,000 --> 00:00:10,000
Anna: We hebben veel te bespreken.

4
00:00:10,500 --> 00:00:12,000
Rick: Wat is het eerste punt?
"""


def turns(parsed: ParsedTranscript) -> list[tuple[str | None, str, str | None, str | None]]:
    return [(turn.speaker, parsed.text[turn.start:turn.end], turn.time_start, turn.time_end)
            for turn in parsed.turns]


def test_vtt_voice_tags_note_header_and_merged_cues() -> None:
    converted = subtitles_to_text(VTT, "vtt")
    assert converted.text == (
        "Gemeente: Amstelhaven\n"
        "Gesprekspartner: Marieke de Vries\n"
        "Functie: beleidsadviseur duurzaamheid\n"
        "Interviewer: Sanne Bakker\n"
        "Datum: 2 april 2025\n"
        "\n"
        "[00:00:01] Sanne Bakker: Welkom bij dit gesprek. Wat is uw rol?\n"
        "\n"
        "[00:00:07] Marieke de Vries: Ik ben beleidsadviseur. We werken aan de routekaart.\n"
        "\n"
        "[00:01:16] Sanne Bakker: Dank u.\n"
    )
    assert converted.turn_end_times == ("00:00:07", "00:01:15", "00:01:18")


def test_vtt_through_parse_transcript_keeps_times_and_speakers() -> None:
    converted = subtitles_to_text(VTT, "vtt")
    parsed = parse_transcript(converted.text, "vtt", cue_end_times=converted.turn_end_times)
    assert parsed.format == "vtt"
    assert parsed.header.case_name == "Amstelhaven"
    assert parsed.header.date == "2025-04-02"
    assert turns(parsed) == [
        ("Sanne Bakker", "Welkom bij dit gesprek. Wat is uw rol?", "00:00:01", "00:00:07"),
        ("Marieke de Vries", "Ik ben beleidsadviseur. We werken aan de routekaart.", "00:00:07", "00:01:15"),
        ("Sanne Bakker", "Dank u.", "00:01:16", "00:01:18"),
    ]
    people = [(p.name, p.role, p.is_interviewer) for p in parsed.participants]
    assert people == [("Sanne Bakker", "interviewer", True),
                      ("Marieke de Vries", "beleidsadviseur duurzaamheid", False)]
    assert [t.participant_index for t in parsed.turns] == [0, 1, 0]


def test_srt_name_prefixes_become_speakers() -> None:
    converted = subtitles_to_text(SRT, "srt")
    assert converted.text == (
        "[00:00:01] Rick: Goedemiddag, zullen we beginnen?\n"
        "\n"
        "[00:00:03] Anna: Ja hoor, prima. We hebben veel te bespreken.\n"
        "\n"
        "[00:00:10] Rick: Wat is het eerste punt?\n"
    )
    assert converted.turn_end_times == ("00:00:03", "00:00:10", "00:00:12")
    parsed = parse_transcript(converted.text, "srt", cue_end_times=converted.turn_end_times)
    assert turns(parsed) == [
        ("Rick", "Goedemiddag, zullen we beginnen?", "00:00:01", "00:00:03"),
        ("Anna", "Ja hoor, prima. We hebben veel te bespreken.", "00:00:03", "00:00:10"),
        ("Rick", "Wat is het eerste punt?", "00:00:10", "00:00:12"),
    ]
    assert [(p.name, p.is_interviewer) for p in parsed.participants] == [("Rick", True), ("Anna", False)]


def test_srt_first_cue_mentioning_the_interview_is_still_a_turn() -> None:
    srt = ("1\n00:00:01,000 --> 00:00:03,000\nRick: Fijn dat je tijd hebt voor dit interview.\n\n"
           "2\n00:00:03,500 --> 00:00:08,000\nAnna: Graag.\n")
    converted = subtitles_to_text(srt, "srt")
    parsed = parse_transcript(converted.text, "srt", cue_end_times=converted.turn_end_times)
    assert turns(parsed) == [
        ("Rick", "Fijn dat je tijd hebt voor dit interview.", "00:00:01", "00:00:03"),
        ("Anna", "Graag.", "00:00:03", "00:00:08"),
    ]


def test_cues_without_speaker_merge_into_one_unlabelled_turn() -> None:
    vtt = "WEBVTT\n\n00:05.000 --> 00:07.000\nEerste zin.\n\n00:07.000 --> 00:09.500\nTweede zin.\n"
    converted = subtitles_to_text(vtt, "vtt")
    assert converted.text == "[00:00:05] Eerste zin. Tweede zin.\n"
    assert converted.turn_end_times == ("00:00:09",)
    parsed = parse_transcript(converted.text, "vtt", cue_end_times=converted.turn_end_times)
    # "Cues' timestamps are kept" (README), also for cues without a speaker.
    assert turns(parsed) == [(None, "Eerste zin. Tweede zin.", "00:00:05", "00:00:09")]


def test_parse_cues_reads_voice_and_line_numbers() -> None:
    header_lines, cues = parse_cues(VTT, "vtt")
    assert header_lines[0] == "Gemeente: Amstelhaven"
    assert len(header_lines) == 5
    assert [(c.start, c.end, c.speaker) for c in cues[:2]] == [
        ("00:00:01.000", "00:00:04.500", "Sanne Bakker"), ("00:00:04.500", "00:00:07.000", "Sanne Bakker")]
    assert cues[2].words == "Ik ben beleidsadviseur."
    assert cues[0].line == 10


def test_vtt_must_start_with_webvtt() -> None:
    with pytest.raises(TranscriptError) as caught:
        subtitles_to_text("00:00:01.000 --> 00:00:02.000\nHallo.\n", "vtt")
    assert caught.value.line == 1


def test_cue_without_timing_is_an_error_with_its_line() -> None:
    srt = "1\n00:00:01,000 --> 00:00:02,000\nHallo.\n\n2\nZonder tijd.\n"
    with pytest.raises(TranscriptError) as caught:
        subtitles_to_text(srt, "srt")
    assert caught.value.line == 5


def test_cue_end_times_of_another_length_are_ignored() -> None:
    converted = subtitles_to_text(SRT, "srt")
    parsed = parse_transcript(converted.text, "srt", cue_end_times=["00:00:03"])
    assert [turn.time_end for turn in parsed.turns] == [None, None, None]


@pytest.mark.parametrize(("voice", "name"), [
    ("Smit, Pieter (BZK)", "Pieter Smit"), ("Vries, Jan de", "Jan de Vries"), ("Pieter Smit", "Pieter Smit"),
    ("Anna de Graaf (Gemeente Kleidorp)", "Anna de Graaf"), ("Spreker 1", "Spreker 1"),
])
def test_teams_voices_are_names_as_people_read_them(voice: str, name: str) -> None:
    assert speaker_name(voice) == name


def test_a_teams_export_with_surname_first_voices_has_turns_per_speaker() -> None:
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Smit, Pieter (BZK)>Kunt u zich voorstellen?</v>\n\n"
           "00:00:05.000 --> 00:00:09.000\n<v Graaf, Anna de (Kleidorp)>Ik ben beleidsadviseur.</v>\n")
    built = subtitles_to_text(vtt, "vtt")
    assert built.text == ("[00:00:01] Pieter Smit: Kunt u zich voorstellen?\n\n"
                          "[00:00:05] Anna de Graaf: Ik ben beleidsadviseur.\n")
