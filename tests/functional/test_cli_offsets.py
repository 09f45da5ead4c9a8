"""Exact stored offsets: sentences lie inside their turns and hold only words; codings slice the text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.project import Project

ZANDHOVEN = """\
Interview Zandhoven 🌍

Gemeente: Zandhoven
Respondenten: Anna Smit (wethouder); Bram de Boer (beleidsmedewerker)
Datum: 2025-04-11
Interviewer: Sanne Bakker

Thema 1: Ambities en plannen

[00:00:10] Sanne: Wat zijn de plannen?
Anna [00:00:15]: “We willen veel. Maar het geld ontbreekt.”
(00:01:02) Bram: "Dat klopt. Dhr. Jansen van de provincie zei dat ook."
**Sanne:** Waarom is dat zo?
R1: Omdat de kosten stijgen... En de rente ook!
R2: ‘Ik denk van wel.’

2) Samenwerking

Wethouder: De raad steunt ons. Eén keer per jaar 🙂 evalueren we.
[00:05:00] Nog een alinea met meer woorden.

Bram de Boer: “Eerste alinea van een citaat.

Tweede alinea van hetzelfde citaat.”
I: Dank u wel.
"""

EXPECTED_SENTENCES = [
    "Wat zijn de plannen?", "We willen veel.", "Maar het geld ontbreekt.", "Dat klopt.",
    "Dhr. Jansen van de provincie zei dat ook.", "Waarom is dat zo?", "Omdat de kosten stijgen...",
    "En de rente ook!", "Ik denk van wel.", "De raad steunt ons.", "Eén keer per jaar 🙂 evalueren we.",
    "Nog een alinea met meer woorden.", "Eerste alinea van een citaat.",
    "Tweede alinea van hetzelfde citaat.", "Dank u wel.",
]

VLIEDORP_VTT = """\
WEBVTT

NOTE
Gemeente: Vliedorp
Gesprekspartner: Ingrid Mulder

00:00:01.000 --> 00:00:03.000
<v Interviewer>Hoe begon het?</v>

00:00:04.000 --> 00:00:09.000
<v Ingrid Mulder>Met een klimaatagenda uit 2020. Die is nooit echt uitgevoerd.</v>
"""

CODEBOOK = """\
name: Offsets
codes:
  - id: financien
    name: Financiën
    children:
      - id: financien.geld
        name: Geldgebrek
        type: belemmering
"""

_TIMESTAMP = re.compile(r"\d{1,2}:\d{2}")
_OPEN_QUOTES = "“„\"«‘‚"
_CLOSE_QUOTES = "”\"»’"


def assert_sentences_hold_only_words(project: Project, guid: str) -> list[str]:
    """Check every sentence against its turn; return the sentence texts."""
    text = project.document_text(guid)
    turns = project.turns(guid)
    labels = {t["speaker"] for t in turns if t["speaker"]}
    found = []
    for start, end, lemmas in project.sentences(guid):
        sentence = text[start:end]
        containing = [t for t in turns if t["start"] <= start and end <= t["end"]]
        assert len(containing) == 1, (sentence, containing)
        assert sentence == sentence.strip() and sentence
        assert not _TIMESTAMP.search(sentence), sentence
        assert not any(sentence.startswith(f"{label}:") for label in labels), sentence
        assert "**" not in sentence
        assert lemmas, sentence
        found.append(sentence)
    return found


def test_sentences_exclude_labels_timestamps_and_quotes(root: Path, cli: Callable, open_project: Callable,
                                                        write_file: Callable) -> None:
    write_file(root / "transcripts" / "zandhoven.txt", ZANDHOVEN)

    assert cli("import", "transcripts").code == 0

    project = open_project(root)
    [document] = project.documents()
    text = project.document_text(document.guid)
    assert text == ZANDHOVEN
    sentences = assert_sentences_hold_only_words(project, document.guid)
    assert sentences == EXPECTED_SENTENCES
    for sentence in sentences:
        assert sentence[0] not in _OPEN_QUOTES and sentence[-1] not in _CLOSE_QUOTES
    turns = project.turns(document.guid)
    quoted = [t for t in turns if text[t["start"] - 1] in _OPEN_QUOTES]
    assert [t["speaker"] for t in quoted] == ["Anna", "Bram", "R2", "Bram de Boer"]
    for turn in quoted:
        assert text[turn["end"]] in _CLOSE_QUOTES
    assert [(t["participant"], t["time_start"]) for t in turns[:3]] == [
        ("Sanne Bakker", "00:00:10"), ("Anna Smit", "00:00:15"), ("Bram de Boer", "00:01:02")]
    sections = project.sections(document.guid)
    assert [title for title, _, _ in sections] == ["1. Ambities en plannen", "2. Samenwerking"]
    for title, start, end in sections:
        assert start < end <= len(text)
        assert text[start:end].lstrip().startswith(("Thema 1:", "2)")), title


def test_subtitle_sentences_exclude_the_written_timestamps_and_names(root: Path, cli: Callable,
                                                                     open_project: Callable,
                                                                     write_file: Callable) -> None:
    write_file(root / "vliedorp.vtt", VLIEDORP_VTT)

    assert cli("import", "vliedorp.vtt").code == 0

    project = open_project(root)
    [document] = project.documents()
    assert assert_sentences_hold_only_words(project, document.guid) == [
        "Hoe begon het?", "Met een klimaatagenda uit 2020.", "Die is nooit echt uitgevoerd."]


def test_apply_coding_codes_exactly_text_start_to_end(root: Path, cli: Callable, open_project: Callable,
                                                      write_file: Callable) -> None:
    write_file(root / "transcripts" / "zandhoven.txt", ZANDHOVEN)
    write_file(root / "codebooks" / "offsets.yaml", CODEBOOK)
    assert cli("import", "transcripts").code == 0
    assert cli("codebook", "load", "codebooks/offsets.yaml").code == 0
    project = open_project(root)
    [document] = project.documents()
    text = project.document_text(document.guid)
    by_text = {text[s:e]: (s, e) for s, e, _ in project.sentences(document.guid)}
    events_before = len(project.store.events(limit=1000))

    after_emoji = project.apply_coding(document.guid, *by_text["Eén keer per jaar 🙂 evalueren we."],
                                       "financien.geld", "sanne")
    part_start = text.index("geld ontbreekt")
    part = project.apply_coding(document.guid, part_start, part_start + len("geld ontbreekt"),
                                "financien.geld", "tom", memo="alleen de kern")

    sentence_start = ZANDHOVEN.index("Eén keer")
    assert (after_emoji.start, after_emoji.end) == (sentence_start, ZANDHOVEN.index("\n", sentence_start))
    assert text[after_emoji.start:after_emoji.end] == "Eén keer per jaar 🙂 evalueren we."
    assert text[part.start:part.end] == "geld ontbreekt"
    stored = project.codings(document.guid)
    assert [(c.code_key, c.coder, text[c.start:c.end], c.memo) for c in stored] == [
        ("financien.geld", "tom", "geld ontbreekt", "alleen de kern"),
        ("financien.geld", "sanne", "Eén keer per jaar 🙂 evalueren we.", None),
    ]
    events = project.store.events(limit=1000)
    assert len(events) == events_before + 2
    newest = events[0]
    assert newest.action == "apply_coding"
    assert newest.coder == "tom"
    assert newest.payload["start"] == part.start and newest.payload["end"] == part.end
    assert newest.payload["code"] == "financien.geld"
    assert "'geld ontbreekt'" in newest.summary


def test_a_span_outside_the_document_is_refused(root: Path, cli: Callable, open_project: Callable,
                                                write_file: Callable) -> None:
    write_file(root / "zandhoven.txt", ZANDHOVEN)
    write_file(root / "offsets.yaml", CODEBOOK)
    assert cli("import", "zandhoven.txt").code == 0
    assert cli("codebook", "load", "offsets.yaml").code == 0
    project = open_project(root)
    [document] = project.documents()
    length = len(project.document_text(document.guid))
    events_before = len(project.store.events(limit=1000))

    for start, end in ((length - 5, length + 1), (10, 10), (-1, 5)):
        with pytest.raises(ProjectError, match="outside the document"):
            project.apply_coding(document.guid, start, end, "financien.geld", "sanne")

    assert project.codings() == []
    assert len(project.store.events(limit=1000)) == events_before
