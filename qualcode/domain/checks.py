"""Warnings about a parsed transcript that looks wrong: what a researcher should check before coding."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from qualcode.domain.header import is_header_key
from qualcode.domain.model import ParsedTranscript
from qualcode.domain.names import TUSSENVOEGSELS
from qualcode.domain.transcript import CLOSE_QUOTES

# Above this share of sentences without a speaker, a dialogue's labels were probably not all recognised.
OUTSIDE_TURNS_SHARE = 0.10
# Meeting notes tell what was said in the writer's words: nobody has a turn there, and that is no mistake.
_MEETING_NOTES = re.compile(r"gespreksverslag|gespreksnotitie|notulen|verslag van het gesprek", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZÀ-Ý][\w'’-]*\.?$")


def _only_a_name(words: str) -> bool:
    """'Pieter Smit' or 'Anna de Graaf': two to five name words and nothing else ('Hallo.' is an answer)."""
    parts = words.split()
    return 2 <= len(parts) <= 5 and not words.endswith((".", "!", "?")) and _NAME_WORD.match(parts[0]) is not None \
        and all(_NAME_WORD.match(w) or w.lower() in TUSSENVOEGSELS for w in parts)


def structure_warnings(parsed: ParsedTranscript, sentence_turns: Sequence[int]) -> list[str]:
    """Return warnings for speakers and turns that look wrong; sentence_turns holds each sentence's turn position."""
    text = parsed.text
    warnings: list[str] = []
    header_people = len(parsed.header.interviewers) + len(parsed.header.participants)
    turns_of = Counter(t.participant_index for t in parsed.turns if t.participant_index is not None)
    dialogue = len(turns_of) >= 2
    for index, person in enumerate(parsed.participants):
        label = person.label or person.name
        if is_header_key(label):
            warnings.append(f"speaker '{label}' is named like a header field: check the header at the top")
        if turns_of.get(index) != 1:
            continue
        turn = next(t for t in parsed.turns if t.participant_index == index)
        words = text[turn.start:turn.end]
        line = text.count("\n", 0, turn.start) + 1
        if _only_a_name(words):
            warnings.append(f"speaker '{label}' has one turn, and it is only a name ('{words}', line {line}): "
                            "a header line read as a turn?")
        elif dialogue and index < header_people and not person.is_interviewer and max(turns_of.values()) >= 3:
            warnings.append(f"{person.name} speaks only once (line {line}) in a dialogue: are their other turns "
                            "under another label?")
    notes = bool(_MEETING_NOTES.search(parsed.header.title or ""))
    if header_people >= 2 and not turns_of and not notes:
        warnings.append(f"none of the {header_people} people in the header has a turn: no speaker labels "
                        "('Naam: …' at the start of a paragraph) were found, so every sentence belongs to no one")
    outside = sum(1 for position in sentence_turns if parsed.turns[position].participant_index is None)
    # A condensed write-up quotes its speakers and tells the rest in the writer's own words: that is no mistake.
    condensed = any(t.participant_index is not None and text[t.end:t.end + 1] in CLOSE_QUOTES for t in parsed.turns)
    if dialogue and not condensed and sentence_turns and outside / len(sentence_turns) > OUTSIDE_TURNS_SHARE:
        warnings.append(f"{outside} of {len(sentence_turns)} sentences ({outside / len(sentence_turns):.0%}) "
                        "belong to no speaker: check the speaker labels (in a condensed write-up the writer's own "
                        "text is fine)")
    return warnings
