"""Transcript bodies: numbered sections, speaker turns, timestamps, quotes and condensed write-ups."""

from __future__ import annotations

import pytest

from qualcode.domain.errors import TranscriptError
from qualcode.domain.model import ParsedTranscript, Turn
from qualcode.domain.transcript import parse_transcript

HEADER = (
    "Gemeente: Westerbroek\n"
    "Gesprekspartners:\n"
    "Marieke de Vries, beleidsadviseur duurzaamheid\n"
    "Rick Jansen, projectleider vastgoed\n"
    "Interviewer: Sanne Bakker\n"
    "\n"
)


def words(parsed: ParsedTranscript) -> list[tuple[str | None, str]]:
    """Return (speaker label, text[start:end]) for every turn."""
    return [(turn.speaker, parsed.text[turn.start:turn.end]) for turn in parsed.turns]


def sections(parsed: ParsedTranscript) -> list[tuple[str, str]]:
    return [(section.title, parsed.text[section.start:section.end]) for section in parsed.sections]


def only_turn(parsed: ParsedTranscript, label: str) -> Turn:
    found = [turn for turn in parsed.turns if turn.speaker == label]
    assert len(found) == 1, found
    return found[0]


def test_numbered_sections_in_markdown_with_all_title_styles() -> None:
    part1 = "1. Verkenning context en ambities\nSanne: Wat is de ambitie?\n\n"
    part2 = "2) Ervaringen met samenwerking\nRick: Die loopt goed.\n\n"
    part3 = "Thema 3: Financiering\nMarieke: Er is te weinig geld.\n\n"
    part4 = "## 4. Afsluiting\n\nSanne: Dank u wel.\n"
    text = HEADER + part1 + part2 + part3 + part4
    parsed = parse_transcript(text, "md")
    assert sections(parsed) == [
        ("1. Verkenning context en ambities", part1),
        ("2. Ervaringen met samenwerking", part2),
        ("3. Financiering", part3),
        ("4. Afsluiting", part4),
    ]
    assert parsed.sections[0].start == len(HEADER)
    assert parsed.sections[-1].end == len(text)
    assert words(parsed) == [
        ("Sanne", "Wat is de ambitie?"),
        ("Rick", "Die loopt goed."),
        ("Marieke", "Er is te weinig geld."),
        ("Sanne", "Dank u wel."),
    ]


def test_numbered_sentence_ending_in_a_full_stop_is_not_a_section() -> None:
    part1 = "1. Ambities\nMarieke: Wij willen veel.\n\n1. Wij hebben drie doelen gesteld.\n\n"
    part2 = "2. Financiering\nRick: Er is weinig geld.\n"
    text = HEADER + part1 + part2
    parsed = parse_transcript(text)
    assert sections(parsed) == [("1. Ambities", part1), ("2. Financiering", part2)]
    assert words(parsed) == [
        ("Marieke", "Wij willen veel.\n\n1. Wij hebben drie doelen gesteld."),
        ("Rick", "Er is weinig geld."),
    ]
    assert [text[a:b] for a, b in parsed.turns[0].paragraphs] == [
        "Wij willen veel.", "1. Wij hebben drie doelen gesteld."]


def test_section_numbers_may_not_jump_far_ahead() -> None:
    text = HEADER + "1. Ambities\nRick: Ja.\n7. Te ver gesprongen\nRick: Nee.\n"
    parsed = parse_transcript(text)
    assert [section.title for section in parsed.sections] == ["1. Ambities"]
    assert parsed.sections[0].end == len(text)


@pytest.mark.parametrize(("line", "label", "spoken"), [
    ("Rick: Wij beginnen bij de scholen.", "Rick", "Wij beginnen bij de scholen."),
    ("Marieke de Vries: Wij hebben een routekaart.", "Marieke de Vries", "Wij hebben een routekaart."),
    ("I: Hoe gaat het?", "I", "Hoe gaat het?"),
    ("R1: Goed.", "R1", "Goed."),
    ("R2: Prima.", "R2", "Prima."),
    ("Interviewer: Wat is uw rol?", "Interviewer", "Wat is uw rol?"),
    ("Wethouder: Wij gaan door.", "Wethouder", "Wij gaan door."),
    ("**Rick:** Vetgedrukt label.", "Rick", "Vetgedrukt label."),
])
def test_turn_labels(line: str, label: str, spoken: str) -> None:
    header = "Gemeente: Zandhoven\nGesprekspartners: Piet Bos (wethouder); Rick Jansen (projectleider)\n\n"
    parsed = parse_transcript(header + "I: Welkom.\n" + line + "\n")
    assert words(parsed) == [("I", "Welkom."), (label, spoken)]


def test_respondent_label_with_one_respondent() -> None:
    text = ("Gemeente: Hoogveen\nGesprekspartner: Els Verhoef\n\n"
            "I: Welkom.\nInterviewer: Wat is uw rol?\nRespondent: Beleidsadviseur.\n")
    parsed = parse_transcript(text)
    assert words(parsed) == [
        ("I", "Welkom."), ("Interviewer", "Wat is uw rol?"), ("Respondent", "Beleidsadviseur.")]
    assert parsed.participants[parsed.turns[2].participant_index or 0].name == "Els Verhoef"


def test_interviewer_and_respondent_turns_right_after_the_header_are_turns() -> None:
    # The header ends at a blank line before the first turn; "Interviewer:" is a turn label there.
    text = (
        "Gemeente: Hoogveen\n"
        "Gesprekspartner: Els Verhoef\n"
        "Interviewer: Tom de Wit\n"
        "\n"
        "Interviewer: Goedemorgen, wat is uw rol bij de gemeente?\n"
        "Respondent: Ik ben beleidsadviseur energie.\n"
        "Els: Graag gedaan.\n"
    )
    parsed = parse_transcript(text)
    assert parsed.header.interviewers == ("Tom de Wit",)
    assert [p.name for p in parsed.header.participants] == ["Els Verhoef"]
    assert words(parsed) == [
        ("Interviewer", "Goedemorgen, wat is uw rol bij de gemeente?"),
        ("Respondent", "Ik ben beleidsadviseur energie."),
        ("Els", "Graag gedaan."),
    ]


def test_headerless_interviewer_respondent_transcript() -> None:
    text = "Interviewer: Wat doet u bij de gemeente?\nRespondent: Ik ben beleidsadviseur.\n"
    parsed = parse_transcript(text)
    assert parsed.header.end == 0
    assert words(parsed) == [
        ("Interviewer", "Wat doet u bij de gemeente?"), ("Respondent", "Ik ben beleidsadviseur.")]


def test_quoted_words_exclude_the_quotes() -> None:
    text = HEADER + "Rick: “We beginnen bij de scholen.”\nMarieke: \"Dat klopt.\"\n"
    parsed = parse_transcript(text)
    assert words(parsed) == [("Rick", "We beginnen bij de scholen."), ("Marieke", "Dat klopt.")]
    rick = parsed.turns[0]
    assert text[rick.start - 1] == "“"
    assert text[rick.end] == "”"


def test_quotation_over_two_paragraphs() -> None:
    text = HEADER + "Rick: “Eerst de scholen.\n\nDaarna de sporthallen.”\n"
    parsed = parse_transcript(text)
    turn = only_turn(parsed, "Rick")
    assert text[turn.start:turn.end] == "Eerst de scholen.\n\nDaarna de sporthallen."
    assert [text[a:b] for a, b in turn.paragraphs] == ["Eerst de scholen.", "Daarna de sporthallen."]


@pytest.mark.parametrize("line", [
    "[00:12:34] Rick: Wij beginnen.",
    "Rick [00:12:34]: Wij beginnen.",
    "(00:12:34) Rick: Wij beginnen.",
])
def test_timestamps_before_or_after_the_label(line: str) -> None:
    parsed = parse_transcript(HEADER + line + "\nMarieke: Ja.\n")
    turn = parsed.turns[0]
    spoken = parsed.text[turn.start:turn.end]
    assert (turn.speaker, spoken, turn.time_start) == ("Rick", "Wij beginnen.", "00:12:34")
    assert parsed.turns[1].time_start is None


def test_turn_spans_two_paragraphs_and_wrapped_lines() -> None:
    text = HEADER + (
        "Marieke: Wij hebben een routekaart\n"
        "die de raad heeft vastgesteld.\n"
        "\n"
        "Daarin staan de scholen voorop.\n"
        "Rick: Klopt.\n"
    )
    parsed = parse_transcript(text)
    marieke = parsed.turns[0]
    assert text[marieke.start:marieke.end] == (
        "Wij hebben een routekaart\ndie de raad heeft vastgesteld.\n\nDaarin staan de scholen voorop.")
    assert [text[a:b] for a, b in marieke.paragraphs] == [
        "Wij hebben een routekaart\ndie de raad heeft vastgesteld.", "Daarin staan de scholen voorop."]
    assert words(parsed)[1] == ("Rick", "Klopt.")


def test_condensed_write_up_narrative_after_a_quote_is_a_turn_without_speaker() -> None:
    text = HEADER + (
        "Volgens de gemeente is de ambitie groot.\n"
        "\n"
        "Rick: “We beginnen bij de scholen.”\n"
        "\n"
        "Dat was een duidelijk signaal van het college.\n"
        "\n"
        "Marieke: “Het budget is krap.”\n"
    )
    parsed = parse_transcript(text)
    assert words(parsed) == [
        (None, "Volgens de gemeente is de ambitie groot."),
        ("Rick", "We beginnen bij de scholen."),
        (None, "Dat was een duidelijk signaal van het college."),
        ("Marieke", "Het budget is krap."),
    ]
    narrative = parsed.turns[2]
    assert narrative.participant_index is None
    assert narrative.time_start is None


def test_unquoted_turn_keeps_its_next_paragraph() -> None:
    text = HEADER + "Rick: We beginnen bij de scholen.\n\nDat heeft het college besloten.\n"
    parsed = parse_transcript(text)
    assert words(parsed) == [("Rick", "We beginnen bij de scholen.\n\nDat heeft het college besloten.")]


@pytest.mark.parametrize("label", ["Conclusie", "Resultaat"])
def test_summary_word_is_not_a_speaker_when_the_header_names_participants(label: str) -> None:
    text = HEADER + f"Rick: Het loopt goed.\n\n{label}: de samenwerking verloopt prima.\n"
    parsed = parse_transcript(text)
    assert [turn.speaker for turn in parsed.turns] == ["Rick"]
    assert [text[a:b] for a, b in parsed.turns[0].paragraphs] == [
        "Het loopt goed.", f"{label}: de samenwerking verloopt prima."]
    assert all(p.name != label for p in parsed.participants)


def test_turn_offsets_are_exact_codepoints_after_non_ascii_header() -> None:
    text = "Gemeente: Súdwest-Fryslân\nGesprekspartner: Jürgen Öztürk\n\nJürgen: Wij zijn één gemeente.\n"
    parsed = parse_transcript(text)
    turn = parsed.turns[0]
    assert (turn.start, turn.end) == (text.index("Wij"), text.index("gemeente.") + len("gemeente."))
    assert parsed.participants[turn.participant_index or 0].name == "Jürgen Öztürk"


def test_empty_transcript_and_header_only_are_errors() -> None:
    with pytest.raises(TranscriptError):
        parse_transcript("  \n\n")
    with pytest.raises(TranscriptError):
        parse_transcript("Gemeente: Hoogveen\nGesprekspartner: Els Verhoef\n\n")
