"""The limits behind the hostile-input messages, tested on plain strings and bytes (issue 11)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from qualcode.domain.cases import parse_cases
from qualcode.domain.codebook import parse_codebook
from qualcode.domain.errors import CasesError, CodebookError, ProjectError, TranscriptError, bounded, shorten
from qualcode.domain.header import parse_header
from qualcode.domain.safe_yaml import MAX_ALIASES, load_bounded
from qualcode.domain.transcript import parse_transcript
from qualcode.project.config import load_config
from qualcode.project.files import decode, without_hidden_characters
from qualcode.project.importer import read_source


def laughs(levels: int) -> str:
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_billion_laughs_stop_at_the_line_that_expands_too_far() -> None:
    with pytest.raises(TranscriptError) as caught:
        load_bounded(laughs(9), error=TranscriptError, what="the header")
    assert "too many aliases" in caught.value.message
    assert caught.value.line is not None and 5 <= caught.value.line <= 9


def test_a_few_aliases_are_still_read() -> None:
    data = load_bounded("basis: &k [warmte, woning]\na: *k\nb: *k\n", error=TranscriptError, what="x")
    assert data == {"basis": ["warmte", "woning"], "a": ["warmte", "woning"], "b": ["warmte", "woning"]}


def test_more_aliases_than_the_limit_are_refused() -> None:
    text = "k: &k x\n" + "".join(f"v{i}: *k\n" for i in range(MAX_ALIASES + 1))
    with pytest.raises(TranscriptError, match="too many aliases"):
        load_bounded(text, error=TranscriptError, what="x")


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("a: &a [*a]\n", 1, "refers to itself"),
    ("a:\n  b: &b\n    c: *b\n", 3, "refers to itself"),
    ("a: " + "[" * 100 + "]" * 100 + "\n", 1, "nested too deeply"),
    ("a: !!binary aGFsbG8=\n", 1, "'!!binary'"),
    ("a: 1\nb: !!python/name:os.system\n", 2, "'!!python/name:os.system'"),
    ("a: !eigen x\n", 1, "'!eigen'"),
    ("? [a, b]\n: c\n", 1, "a key must be plain text"),
])
def test_yaml_beyond_plain_values_is_refused_with_its_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(CodebookError) as caught:
        load_bounded(text, error=CodebookError, what="the codebook")
    assert fragment in caught.value.message
    assert caught.value.line == line


def test_front_matter_lines_count_from_the_top_of_the_file() -> None:
    with pytest.raises(TranscriptError) as caught:
        parse_header("---\ngemeente: Hoogveen\ndatum: !!timestamp 2025-03-01\n---\n\nI: Hallo?\n")
    assert caught.value.line == 3


def test_plain_tags_and_dates_in_front_matter_are_fine() -> None:
    header, _ = parse_header("---\ngemeente: !!str Hoogveen\ndatum: 2025-03-01\n---\n\nI: Hallo?\nR: Dag.\n")
    assert header.case_name == "Hoogveen"


def test_a_codebook_of_many_problems_lists_twenty_and_counts_the_rest() -> None:
    text = "codes:\n" + "".join(f"  - id: a\n    name: A{i}\n" for i in range(300))
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text)
    shown = str(caught.value)
    assert "the codebook has 299 problems" in shown
    assert "and 279 more problems" in shown
    assert shown.count("duplicate id") == 20


def test_a_bidi_override_in_a_code_name_is_refused() -> None:
    with pytest.raises(CodebookError) as caught:
        parse_codebook("codes:\n  - id: a\n    name: Cap\u202eaciteit\n")
    assert "U+202E" in str(caught.value)


def test_values_in_messages_are_shortened_in_the_middle() -> None:
    assert shorten("x" * 1000, 21) == "x" * 10 + "…" + "x" * 10
    assert shorten("kort") == "kort"
    assert max(len(line) for line in bounded("a" * 10_000 + "\nb").split("\n")) <= 400


def test_mixed_utf8_and_cp1252_lines_are_decoded_each_in_their_own_encoding() -> None:
    raw = "I: Hoe gaat het met de financiën?\n".encode() + "R: Het café is dicht.\n".encode("cp1252")
    text, warnings = decode(raw, "gemengd.txt")
    assert text == "I: Hoe gaat het met de financiën?\nR: Het café is dicht.\n"
    assert warnings == ["mixed encodings: line 2 read as Windows-1252 (cp1252), the rest as UTF-8 (save the file "
                        "as UTF-8 to avoid this)"]


def test_a_file_entirely_in_cp1252_keeps_its_warning() -> None:
    text, warnings = decode("R: Het café.\n".encode("cp1252"), "oud.txt")
    assert text == "R: Het café.\n"
    assert warnings[0].startswith("not UTF-8: read as Windows-1252")


def test_binary_noise_without_nul_bytes_is_not_text() -> None:
    with pytest.raises(TranscriptError, match="does not look like text"):
        decode(bytes(range(1, 256)) * 20, "ruis.txt")


def test_invisible_characters_in_speaker_labels_are_removed_with_a_warning() -> None:
    text = "Gemeente: Hoogveen\nGesprekspartner: Els Verhoef\n\nI: Hallo?\n\u202eEls\u200b: Dag.\n"
    source = read_source(Path("bidi.txt"), text.encode())
    assert "\u202e" not in source.text and "\u200b" not in source.text
    assert source.warnings == ("removed invisible or control characters (U+200B, U+202E) on line 5",)
    parsed = parse_transcript(source.text)
    assert [p.name for p in parsed.participants if not p.is_interviewer] == ["Els Verhoef"]


def test_soft_hyphens_stay_for_the_layout_cleaner() -> None:
    cleaned, warnings = without_hidden_characters("gemeen\u00adte\n")
    assert cleaned == "gemeen\u00adte\n" and warnings == []


def test_ten_thousand_speakers_each_get_their_own_participant() -> None:
    turns = "\n".join(f"Spreker{n:05d} Achternaam{n}: Ik zeg iets." for n in range(10_000))
    started = time.monotonic()
    parsed = parse_transcript(f"Gemeente: Hoogveen\n\nI: Wie zijn er?\n{turns}\n")
    assert time.monotonic() - started < 60  # generous: linear matching takes about a second, quadratic minutes
    assert len(parsed.participants) == 10_001
    assert len({turn.participant_index for turn in parsed.turns}) == 10_001


def test_a_column_that_is_numbers_except_a_few_rows_is_a_warning_naming_them() -> None:
    warnings: list[str] = []
    records = parse_cases("gemeente,inwoners\nA,1200\nB,onbekend\nC,3400\nD,5600\n", warnings=warnings)
    assert len(records) == 4
    assert warnings == ["column 'inwoners' holds numbers except on line 3 ('onbekend'): the whole column is read "
                        "as text (correct those values to make it a number column)"]


def test_a_text_column_gives_no_warning() -> None:
    warnings: list[str] = []
    parse_cases("gemeente,provincie\nA,Drenthe\nB,Zeeland\n", warnings=warnings)
    assert warnings == []


@pytest.mark.parametrize("inhabitants", ["-24500", "200.000.000"])
def test_impossible_inhabitants_are_refused(inhabitants: str) -> None:
    with pytest.raises(CasesError) as caught:
        parse_cases(f"gemeente,inwoners\nA,1200\nB,{inhabitants}\n")
    assert caught.value.line == 3


def test_a_formula_as_a_case_name_is_just_a_name() -> None:
    [record] = parse_cases("gemeente\n\"=cmd|' /C calc'!A0\"\n")
    assert record.name == "=cmd|' /C calc'!A0"


SETTINGS = '[project]\nattribution = "{rol}, gemeente {gemeente}"\n'


@pytest.mark.parametrize("pattern", ["{rol}, gemeente {gemeente}", "{{letterlijk}} {rol}", "{aantal inwoners}",
                                     "zonder velden"])
def test_plain_attribution_patterns_are_accepted(pattern: str, tmp_path: Path) -> None:
    path = tmp_path / "qualcode.toml"
    path.write_text(f'[project]\nattribution = "{pattern}"\n', encoding="utf-8")
    assert load_config(path).attribution == pattern


@pytest.mark.parametrize("pattern", ["{rol.__class__}", "{gemeente[0]}", "{rol:>99999}", "{0}", "{}", "{rol!r}",
                                     "{rol"])
def test_attribution_patterns_that_reach_further_are_refused(pattern: str, tmp_path: Path) -> None:
    path = tmp_path / "qualcode.toml"
    path.write_text(f'[project]\nattribution = "{pattern}"\n', encoding="utf-8")
    with pytest.raises(ProjectError, match="attribution"):
        load_config(path)


def test_an_alias_chain_is_fine_and_a_cycle_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "qualcode.toml"
    path.write_text('[cases.aliases]\n"Den Bosch" = "\'s-Hertogenbosch"\n"Bosch" = "Den Bosch"\n', encoding="utf-8")
    assert len(load_config(path).case_aliases) == 2
    path.write_text('[cases.aliases]\n"A-dorp" = "B-dorp"\n"B-dorp" = "C-dorp"\n"C-dorp" = "A-dorp"\n',
                    encoding="utf-8")
    with pytest.raises(ProjectError, match="cycle: A-dorp → B-dorp → C-dorp → A-dorp"):
        load_config(path)


def test_zero_width_joiners_of_emoji_sequences_stay_in_the_transcript_text() -> None:
    cleaned, warnings = without_hidden_characters("Anna: Ik ben 👩\u200d💻 en \u202edat\u202c klopt.\n")
    assert cleaned == "Anna: Ik ben 👩\u200d💻 en dat klopt.\n"
    assert warnings == ["removed invisible or control characters (U+202C, U+202E) on line 1"]
