"""Re-anchoring of codings on a corrected transcript: statuses, offsets and partial words on realistic Dutch text."""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Sequence
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.domain import alignment
from qualcode.domain.alignment import Method, Opcode, align, base_opcodes, tokenize
from qualcode.domain.anchoring import Anchored, TextMap, reanchor

# A fictional interview (Wolderveen, Anna de Graaf and the interviewer are made up). It holds two typos that the
# corrected version fixes: "warmtetransite" and "eilan".
INTERVIEW = """\
Interviewer: Dank je wel dat je tijd vrijmaakt. Kun je kort vertellen wat je rol is?

Anna de Graaf: Ik ben sinds 2021 beleidsadviseur duurzaamheid bij de gemeente Wolderveen. Daarvoor werkte ik bij \
de omgevingsdienst, dus ik ken de regio goed.

Interviewer: Hoe pakken jullie de warmtetransite concreet aan?

Anna de Graaf: We zijn begonnen met de wijk Hoge Akker, omdat daar zo’n tachtig huurwoningen van de corporatie \
staan. Het grootste probleem is eigenlijk de netcongestie: de netbeheerder zegt letterlijk “het net is hier gewoon \
op”. Daar kun je als gemeente weinig aan veranderen.

Interviewer: En het eigen vastgoed?

Anna de Graaf: De ambitie is dat het gemeentelijk vastgoed in 2035 CO₂-neutraal is. Voor de sporthal hebben we een \
warmtepomp gekozen, en de financiële onderbouwing is rond. 👍 Bij de bibliotheek wachten we nog op ideeën van de \
bewoners, die komen ’s avonds bij elkaar in het dorpshuis.

Interviewer: Wat zou je anders doen als je opnieuw mocht beginnen?

Anna de Graaf: Eerder met de bewoners praten. En meer coordinatie tussen vastgoed en beleid, want nu werkt iedereen \
op zijn eigen eilan.
"""


def span_of(text: str, phrase: str) -> tuple[int, int]:
    """The span of a phrase that occurs exactly once in text."""
    assert text.count(phrase) == 1, phrase
    start = text.index(phrase)
    return start, start + len(phrase)


def span_wrapped(text: str, phrase: str) -> tuple[int, int]:
    """The span of a phrase in a hard-wrapped text, whose lines may break at any space or after a hyphen."""
    pattern = "".join(r"\s+" if char == " " else "-\\s*" if char == "-" else re.escape(char) for char in phrase)
    matches = list(re.finditer(pattern, text))
    assert len(matches) == 1, phrase
    return matches[0].span()


def edited(text: str, before: str, after: str) -> str:
    assert text.count(before) == 1, before
    return text.replace(before, after)


def locate(old: str, new: str, phrase: str) -> tuple[Anchored, str | None]:
    """Re-anchor one phrase of old and return the result with the new text it covers."""
    found = TextMap(old, new).locate(*span_of(old, phrase))
    covered = None if found.start is None else new[found.start:found.end]
    return found, covered


def squeeze(text: str) -> str:
    return "".join(text.split())


# -- statuses on the interview -----------------------------------------------------------------------------------
def test_identical_text_leaves_every_span_unchanged() -> None:
    spans = [span_of(INTERVIEW, "beleidsadviseur duurzaamheid"), (0, len(INTERVIEW)), (3, 4)]
    assert reanchor(INTERVIEW, str(INTERVIEW), spans) == [Anchored(s, e, "unchanged") for s, e in spans]


def test_text_changed_before_a_span_moves_it_by_exactly_that_much() -> None:
    new = edited(INTERVIEW, "dat je tijd vrijmaakt", "dat je vandaag tijd vrijmaakt")
    old_start, old_end = span_of(INTERVIEW, "beleidsadviseur duurzaamheid")
    found, covered = locate(INTERVIEW, new, "beleidsadviseur duurzaamheid")
    assert found == Anchored(old_start + len("vandaag "), old_end + len("vandaag "), "moved")
    assert covered == "beleidsadviseur duurzaamheid"
    assert locate(INTERVIEW, new, "Interviewer: Dank je wel")[0].status == "unchanged"


def test_words_inserted_inside_a_span_are_in_it() -> None:
    new = edited(INTERVIEW, "probleem is eigenlijk de", "probleem is op dit moment eigenlijk de")
    found, covered = locate(INTERVIEW, new, "Het grootste probleem is eigenlijk de netcongestie")
    assert found.status == "text_changed"
    assert covered == "Het grootste probleem is op dit moment eigenlijk de netcongestie"


def test_words_inserted_at_the_edges_of_a_span_stay_out() -> None:
    new = edited(INTERVIEW, "netcongestie: de netbeheerder zegt letterlijk “het",
                 "netcongestie: volgens mij de netbeheerder zegt letterlijk echt “het")
    found, covered = locate(INTERVIEW, new, "de netbeheerder zegt letterlijk")
    assert (found.status, covered) == ("moved", "de netbeheerder zegt letterlijk")


def test_a_word_deleted_inside_a_span_is_text_changed() -> None:
    new = edited(INTERVIEW, "begonnen met de wijk Hoge Akker", "begonnen met Hoge Akker")
    found, covered = locate(INTERVIEW, new, "We zijn begonnen met de wijk Hoge Akker")
    assert (found.status, covered) == ("text_changed", "We zijn begonnen met Hoge Akker")


def test_the_first_coded_word_deleted_starts_the_span_at_the_next() -> None:
    new = edited(INTERVIEW, "omgevingsdienst, dus ik ken", "omgevingsdienst, ik ken")
    found, covered = locate(INTERVIEW, new, "dus ik ken de regio goed")
    assert (found.status, covered) == ("text_changed", "ik ken de regio goed")
    assert found.start == new.index("ik ken de regio")


def test_a_typo_fixed_inside_a_coded_word_keeps_the_whole_word() -> None:
    new = edited(INTERVIEW, "warmtetransite", "warmtetransitie")
    assert locate(INTERVIEW, new, "warmtetransite") == (Anchored(*span_of(new, "warmtetransitie"), "text_changed"),
                                                       "warmtetransitie")
    assert locate(INTERVIEW, new, "de warmtetransite concreet")[1] == "de warmtetransitie concreet"
    # The typo sat in the word's last letters: the span must not end inside the corrected word.
    fixed_end = edited(INTERVIEW, "eigen eilan.", "eigen eiland.")
    assert locate(INTERVIEW, fixed_end, "zijn eigen eilan") == (Anchored(*span_of(fixed_end, "zijn eigen eiland"),
                                                                        "text_changed"), "zijn eigen eiland")
    fixed_umlaut = edited(INTERVIEW, "meer coordinatie tussen", "meer coördinatie tussen")
    assert locate(INTERVIEW, fixed_umlaut, "coordinatie tussen vastgoed")[1] == "coördinatie tussen vastgoed"


def test_spans_that_cut_words_keep_their_partial_boundaries() -> None:
    new = edited(INTERVIEW, "Voor de sporthal hebben", "Voor de grote sporthal hebben")
    found, covered = locate(INTERVIEW, new, "rthal hebben we een warmtep")
    assert (found.status, covered) == ("moved", "rthal hebben we een warmtep")
    # Inside a corrected word the boundaries follow its characters: the span still starts after "warmte".
    fixed = edited(INTERVIEW, "warmtetransite", "warmtetransitie")
    assert locate(INTERVIEW, fixed, "transite") == (Anchored(*span_of(fixed, "transitie"), "text_changed"),
                                                   "transitie")
    # The cut part of the word did not change: same offsets, same text.
    assert locate(INTERVIEW, fixed, "armtetrans")[0] == Anchored(*span_of(INTERVIEW, "armtetrans"), "unchanged")


def test_whitespace_at_the_edges_of_a_span_is_kept_when_it_is_still_there() -> None:
    new = edited(INTERVIEW, "dat je tijd vrijmaakt", "dat je vandaag tijd vrijmaakt")
    start, end = span_of(INTERVIEW, " beleidsadviseur duurzaamheid ")
    shift = len("vandaag ")
    assert TextMap(INTERVIEW, new).locate(start, end) == Anchored(start + shift, end + shift, "moved")
    assert TextMap(INTERVIEW, INTERVIEW + "x").locate(start, end) == Anchored(start, end, "unchanged")


def test_two_words_joined_into_one() -> None:
    old = edited(INTERVIEW, "Voor de sporthal hebben", "Voor de sport hal hebben")
    found, covered = locate(old, INTERVIEW, "de sport hal hebben")
    assert (found.status, covered) == ("text_changed", "de sporthal hebben")
    # "hal" is still there, but now inside a word: that is a changed word, not a move.
    found, covered = locate(old, INTERVIEW, "hal")
    assert (found.status, covered) == ("text_changed", "hal")
    assert locate(old, INTERVIEW, "warmtepomp gekozen")[0].status == "moved"


def test_a_typo_fixed_with_a_word_added_beside_it_does_not_take_that_word() -> None:
    new = edited(INTERVIEW, "de warmtetransite concreet", "de warmtetransitie nu concreet")
    found, covered = locate(INTERVIEW, new, "warmtetransite")
    assert (found.status, covered) == ("text_changed", "warmtetransitie")
    # Words put in another order keep their own words: 'veel' is not 'en veel' with a typo.
    old = "Anna: Subsidie aanvragen kost ons veel tijd en energie."
    found, covered = locate(old, "Anna: Subsidie aanvragen kost ons energie en veel tijd.", "veel tijd")
    assert (found.status, covered) == ("moved", "veel tijd")


def test_a_coded_word_that_grew_is_changed_though_its_characters_are_not() -> None:
    new = edited(INTERVIEW, "coordinatie tussen vastgoed en beleid", "coordinatie tussen vastgoedbeheer en beleid")
    start, end = span_of(INTERVIEW, "tussen vastgoed en")
    end -= len(" en")
    assert TextMap(INTERVIEW, new).locate(start, end) == Anchored(start, end + len("beheer"), "text_changed")


def test_a_line_end_hyphen_removed() -> None:
    old = edited(INTERVIEW, "sinds 2021 beleidsadviseur duurzaamheid", "sinds 2021 beleids-\nadviseur duurzaamheid")
    found, covered = locate(old, INTERVIEW, "2021 beleids-\nadviseur")
    assert (found.status, covered) == ("text_changed", "2021 beleidsadviseur")
    found, covered = locate(old, INTERVIEW, "adviseur duurzaamheid")
    assert (found.status, covered) == ("text_changed", "adviseur duurzaamheid")
    found, covered = locate(old, INTERVIEW, "2021 beleids")
    assert (found.status, covered) == ("text_changed", "2021 beleids")


def test_reflowed_lines_are_no_change() -> None:
    def wrapped(width: int) -> str:
        paragraphs = INTERVIEW.strip("\n").split("\n\n")
        return "\n\n".join(textwrap.fill(paragraph, width) for paragraph in paragraphs) + "\n"

    old, new = wrapped(48), wrapped(71)
    assert old.split() != new.split() and squeeze(old) == squeeze(new)  # hyphens and lines moved, words did not
    phrases = ["Anna de Graaf: Ik ben", "De ambitie is dat het gemeentelijk vastgoed in 2035 CO₂-neutraal is.",
               "financiële onderbouwing is rond. 👍 Bij de bibliotheek wachten we nog op ideeën van de",
               "omen ’s avonds", "op zijn eigen eilan.", "Kun je kort vertellen"]
    spans = [span_wrapped(old, phrase) for phrase in phrases]
    results = reanchor(old, new, spans)
    for (start, end), found in zip(spans, results, strict=True):
        assert found.status in ("moved", "unchanged"), old[start:end]
        assert found.start is not None
        assert squeeze(new[found.start:found.end]) == squeeze(old[start:end])
    assert [found.status for found in results].count("moved") >= 3


def test_a_moved_paragraph_is_found_where_it_went() -> None:
    question = "Interviewer: En het eigen vastgoed?\n\n"
    answer = INTERVIEW[INTERVIEW.index("Anna de Graaf: De ambitie"):INTERVIEW.index("Interviewer: Wat zou")]
    new = edited(INTERVIEW, question + answer, "") + "\n" + question + answer
    for phrase in ("CO₂-neutraal", "De ambitie is dat het gemeentelijk vastgoed in 2035 CO₂-neutraal is.",
                   "die komen ’s avonds bij elkaar", "sporthal hebben we een warm"):
        found, covered = locate(INTERVIEW, new, phrase)
        assert found.status == "moved", phrase
        assert found.start == new.index(phrase)
        assert covered == phrase
    found, covered = locate(INTERVIEW, new, "Eerder met de bewoners praten.")
    assert (found.status, covered) == ("moved", "Eerder met de bewoners praten.")


def test_a_short_coding_in_a_moved_paragraph_is_found_through_its_paragraph() -> None:
    answer = INTERVIEW[INTERVIEW.index("Anna de Graaf: We zijn begonnen"):INTERVIEW.index("Interviewer: En het")]
    new = edited(INTERVIEW, answer, "") + "\n" + answer
    # "de" recurs all over the new text: only the paragraph it stands in says where the coded one went.
    assert new.count("de ") > 10
    start = answer.index("de netcongestie")
    found, covered = locate(INTERVIEW, new, "is eigenlijk de netcongestie")
    assert (found.status, covered) == ("moved", "is eigenlijk de netcongestie")
    old_start = INTERVIEW.index(answer) + start
    found = TextMap(INTERVIEW, new).locate(old_start, old_start + len("de"))
    assert (found.status, found.start) == ("moved", new.index(answer) + start)
    # Moved, and its speaker renamed on the way: neither the deleted run nor the line is found any more, the
    # words moved around the coded one still are.
    renamed = edited(INTERVIEW, answer, "") + "\n" + answer.replace("Anna de Graaf:", "Anna:")
    found = TextMap(INTERVIEW, renamed).locate(old_start, old_start + len("de"))
    assert (found.status, found.start) == ("moved", renamed.index("de netcongestie"))


def test_a_coding_in_a_moved_paragraph_next_to_a_deleted_one_is_found_through_its_line() -> None:
    question = "Interviewer: En het eigen vastgoed?\n\n"
    answer = INTERVIEW[INTERVIEW.index("Anna de Graaf: De ambitie"):INTERVIEW.index("Interviewer: Wat zou")]
    new = edited(INTERVIEW, question + answer, "") + "\n" + answer
    start = INTERVIEW.index("het gemeentelijk")  # a word said all over the interview, near the deleted question
    found = TextMap(INTERVIEW, new).locate(start, start + len("het"))
    assert (found.status, found.start) == ("moved", new.index("het gemeentelijk"))


def test_a_paragraph_moved_behind_an_edited_one_that_ends_with_the_same_full_stop() -> None:
    # The exchange about the bibliotheek's evening meetings moves up, right behind Anna's first answer, whose
    # last sentence is also corrected. Both end with a full stop: the stop after "goed" must stay with "goed".
    question = "Interviewer: Hoe pakken jullie de warmtetransite concreet aan?\n\n"
    first_answer = INTERVIEW[INTERVIEW.index("Anna de Graaf: Ik ben"):INTERVIEW.index(question)]
    moved = INTERVIEW[INTERVIEW.index("Interviewer: Wat zou"):]
    new = edited(INTERVIEW, moved, "").rstrip("\n") + "\n"
    new = edited(new, first_answer, first_answer.replace("dus ik ken", "dus ik kende") + moved + "\n")
    found, covered = locate(INTERVIEW, new, "Daarvoor werkte ik bij de omgevingsdienst, dus ik ken de regio goed.")
    assert (found.status, covered) == ("text_changed",
                                       "Daarvoor werkte ik bij de omgevingsdienst, dus ik kende de regio goed.")
    found, covered = locate(INTERVIEW, new, "op zijn eigen eilan.")
    assert (found.status, covered) == ("moved", "op zijn eigen eilan.")


def test_a_moved_paragraph_found_at_two_places_is_not_followed() -> None:
    answer = INTERVIEW[INTERVIEW.index("Anna de Graaf: De ambitie"):INTERVIEW.index("Interviewer: Wat zou")]
    new = edited(INTERVIEW, answer, "") + "\n" + answer + "\n" + answer
    assert locate(INTERVIEW, new, "De ambitie is dat het gemeentelijk vastgoed in 2035")[0].status == "vanished"


def test_a_renamed_speaker_label() -> None:
    new = INTERVIEW.replace("Anna de Graaf:", "Anna Verbeek:")
    found, covered = locate(INTERVIEW, new, "Anna de Graaf: Ik ben sinds 2021")
    assert (found.status, covered) == ("text_changed", "Anna Verbeek: Ik ben sinds 2021")
    found, covered = locate(INTERVIEW, new, "Ik ben sinds 2021 beleidsadviseur")
    assert (found.status, covered) == ("moved", "Ik ben sinds 2021 beleidsadviseur")
    assert found.start == span_of(INTERVIEW, "Ik ben sinds")[0] - len("de Graaf") + len("Verbeek")


def test_a_deleted_paragraph_vanishes_and_the_text_after_it_moves_back() -> None:
    deleted = INTERVIEW[INTERVIEW.index("Interviewer: En het eigen"):INTERVIEW.index("Interviewer: Wat zou")]
    new = edited(INTERVIEW, deleted, "")
    assert locate(INTERVIEW, new, "CO₂-neutraal")[0] == Anchored(None, None, "vanished")
    assert locate(INTERVIEW, new, "Anna de Graaf: De ambitie is dat")[0].status == "vanished"
    start, end = span_of(INTERVIEW, "Eerder met de bewoners praten")
    assert locate(INTERVIEW, new, "Eerder met de bewoners praten")[0] == Anchored(
        start - len(deleted), end - len(deleted), "moved")


def test_words_kept_between_two_edits_survive() -> None:
    new = edited(INTERVIEW, "ideeën van de bewoners, die komen", "ideeën van alle bewoners; die komen")
    assert INTERVIEW.count("bewoners") == 2
    found, covered = locate(INTERVIEW, new, "ideeën van de bewoners, die")
    assert (found.status, covered) == ("text_changed", "ideeën van alle bewoners; die")
    start = INTERVIEW.index("bewoners, die")
    found = TextMap(INTERVIEW, new).locate(start, start + len("bewoners"))
    assert (found.status, found.start) == ("moved", new.index("bewoners; die"))
    two_edits = edited(INTERVIEW, "zijn begonnen met de wijk Hoge", "zijn gestart met de buurt Hoge")
    start = INTERVIEW.index("met de wijk")
    found = TextMap(INTERVIEW, two_edits).locate(start, start + len("met de"))
    assert (found.status, found.start) == ("moved", two_edits.index("met de buurt"))


def test_a_sentence_replaced_by_another_does_not_follow_shared_words() -> None:
    new = edited(INTERVIEW, "Daar kun je als gemeente weinig aan veranderen.",
                 "Als gemeente kun je daar eigenlijk weinig aan doen, zeg maar.")
    assert locate(INTERVIEW, new, "Daar kun je als gemeente weinig aan veranderen.")[0].status == "vanished"
    # The full stops of both sentences align; the coded one's must not pull the new sentence into the span.
    new = edited(INTERVIEW, "Daar kun je als gemeente weinig aan veranderen.", "Dat is heel lastig.")
    found, covered = locate(INTERVIEW, new, "gewoon op”. Daar kun je als gemeente weinig aan veranderen.")
    assert (found.status, covered) == ("text_changed", "gewoon op”.")
    replaced = edited(INTERVIEW, "wachten we nog op ideeën van de bewoners",
                      "is de planning nog niet rond voor de renovatie")
    assert locate(INTERVIEW, replaced, "ideeën van de bewoners")[0].status == "vanished"


def test_non_ascii_text_before_a_span_shifts_it_by_code_points() -> None:
    inserted = " 👍 (lacht) Zeër goed, ’t is CO₂-vrij."
    new = edited(INTERVIEW, "Dank je wel", "Dank je wel" + inserted)
    for phrase in ("CO₂-neutraal", "👍 Bij de bibliotheek", "’s avonds", "financiële onderbouwing", "ideeën"):
        start, end = span_of(INTERVIEW, phrase)
        found, covered = locate(INTERVIEW, new, phrase)
        assert found == Anchored(start + len(inserted), end + len(inserted), "moved")
        assert covered == phrase


def test_an_emoji_inserted_inside_a_span() -> None:
    new = edited(INTERVIEW, "is rond. 👍 Bij", "is rond. 👍👍 Bij")
    found, covered = locate(INTERVIEW, new, "rond. 👍 Bij")
    assert (found.status, covered) == ("text_changed", "rond. 👍👍 Bij")


def test_a_span_of_whitespace_alone_follows_its_gap_while_the_gap_is_the_same() -> None:
    blank = INTERVIEW.index("\n\nInterviewer: En het"), INTERVIEW.index("Interviewer: En het")
    new = edited(INTERVIEW, "Dank je wel", "Heel erg bedankt")
    shift = len("Heel erg bedankt") - len("Dank je wel")
    assert TextMap(INTERVIEW, new).locate(*blank) == Anchored(blank[0] + shift, blank[1] + shift, "moved")
    joined = edited(INTERVIEW, "veranderen.\n\nInterviewer: En het", "veranderen.\nInterviewer: En het")
    assert TextMap(INTERVIEW, joined).locate(*blank).status == "vanished"


def test_a_span_outside_the_text_is_refused() -> None:
    text_map = TextMap(INTERVIEW, INTERVIEW + "x")
    for start, end in ((-1, 3), (5, 5), (7, 3), (0, len(INTERVIEW) + 1)):
        with pytest.raises(ValueError):
            text_map.locate(start, end)


# -- a long hard-wrapped text re-wrapped: no unique line is left, the word-run anchors carry it ------------------
WORDS = ("de", "het", "een", "gemeente", "wijk", "warmtepomp", "netbeheerder", "subsidie", "raad", "bewoners",
         "sporthal", "zwembad", "wethouder", "capaciteit", "isolatie", "zonnepanelen", "renovatie", "planning",
         "wachten", "kijken", "besluit", "geld", "jaar", "dus", "maar", "eigenlijk", "gewoon", "nog", "niet", "ook")


def long_sentences(words: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    sentences = []
    for _ in range(words // 10):
        sentence = " ".join(rng.choice(WORDS) for _ in range(9)) + f" {rng.randint(1, 400)}."
        sentences.append(sentence[0].upper() + sentence[1:])
    return sentences


def test_a_long_rewrapped_text_with_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    windows: list[int] = []

    def recorded(old_ids: Sequence[int], new_ids: Sequence[int], method: Method) -> list[Opcode]:
        windows.append(max(len(old_ids), len(new_ids)))
        return base_opcodes(old_ids, new_ids, method)

    monkeypatch.setattr(alignment, "base_opcodes", recorded)
    sentences = long_sentences(6_000, seed=4)
    changed = {2, 150, 301, 450, 597}  # spread out, so that no common head or tail takes the work away
    corrected = [" ".join(["Zogezegd", *sentence.split()[1:]]) if i in changed else sentence
                 for i, sentence in enumerate(sentences)]
    flat = " ".join(sentences)
    old, new = textwrap.fill(flat, 60), textwrap.fill(" ".join(corrected), 77)
    assert len(tokenize(old, {}).ids) > 5_000 and not set(old.splitlines()) & set(new.splitlines())
    # textwrap turns spaces into line breaks one for one: offsets in flat are offsets in old.
    edited_ranges = [(flat.index(sentences[i]), flat.index(sentences[i]) + len(sentences[i])) for i in changed]
    rng = random.Random(5)
    spans = []
    for _ in range(200):
        start = rng.randrange(len(old) - 200)
        spans.append((start, start + rng.randint(1, 200)))
    checked = 0
    for (start, end), found in zip(spans, reanchor(old, new, spans), strict=True):
        if any(lo < end and start < hi for lo, hi in edited_ranges):
            continue
        assert found.status in ("moved", "unchanged"), old[start:end]
        assert found.start is not None
        assert squeeze(new[found.start:found.end]) == squeeze(old[start:end])
        checked += 1
    assert checked > 150
    # No line is left in common, yet the base alignment never saw the whole text: runs of words anchored it.
    assert windows and max(windows) < 100


@pytest.mark.parametrize("method", ["levenshtein", "difflib"])
def test_both_alignment_methods_cover_every_token_in_order(method: Method) -> None:
    vocabulary: dict[str, int] = {}
    old = tokenize(INTERVIEW, vocabulary)
    new = tokenize(edited(INTERVIEW, "zo’n tachtig", "ongeveer negentig"), vocabulary)
    opcodes = align(old, new, method)
    assert [op[1] for op in opcodes[1:]] == [op[2] for op in opcodes[:-1]]
    assert [op[3] for op in opcodes[1:]] == [op[4] for op in opcodes[:-1]]
    assert (opcodes[0][1], opcodes[0][3], opcodes[-1][2], opcodes[-1][4]) == (0, 0, len(old.ids), len(new.ids))
    assert [op[0] for op in opcodes] == ["equal", "replace", "equal"]


# -- properties ---------------------------------------------------------------------------------------------------
PROPERTIES = settings(max_examples=300, deadline=timedelta(seconds=5), derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow])
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "  ", "\n\n", " \t"])
MARKS = st.sampled_from(["", "", "", ",", ".", "?", "’s", " 👍", ":", "-"])
# Words of the texts are distinct, so that "the coded words" is one place; the words an edit brings are written in
# capitals, so they never equal a word that was there.
TEXT_WORDS = st.lists(st.text("abdeghiklmnorstuvwzëéï₂", min_size=1, max_size=7), min_size=2, max_size=40,
                      unique=True)
EDIT_WORDS = st.lists(st.text("ABDEGKLMNORSTVZË", min_size=1, max_size=6), max_size=5)


@st.composite
def documents(draw: st.DrawFn, words: st.SearchStrategy[list[str]]) -> tuple[list[str], list[str]]:
    """Pieces (a word with its punctuation) and the whitespace after each."""
    pieces = [word + draw(MARKS) for word in draw(words)]
    return pieces, [draw(SEPARATORS) for _ in pieces]


def render(pieces: list[str], gaps: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The text and the span of each piece."""
    text, bounds = "", []
    for piece, gap in zip(pieces, gaps, strict=True):
        bounds.append((len(text), len(text) + len(piece)))
        text += piece + gap
    return text, bounds


@st.composite
def spans(draw: st.DrawFn, bounds: list[tuple[int, int]], lo: int, hi: int) -> tuple[int, int]:
    """A span from piece lo to piece hi - 1 that may start and end inside those pieces."""
    first = draw(st.integers(lo, hi - 1))
    last = draw(st.integers(first, hi - 1))
    start = draw(st.integers(bounds[first][0], bounds[first][1] - 1))
    end = draw(st.integers(max(start + 1, bounds[last][0] + 1), bounds[last][1]))
    return start, end


@PROPERTIES
@given(data=st.data(), document=documents(TEXT_WORDS), inserted=EDIT_WORDS, reflow=st.booleans())
def test_an_edit_that_touches_no_coded_span_leaves_every_span_unchanged_or_moved(
        data: st.DataObject, document: tuple[list[str], list[str]], inserted: list[str], reflow: bool) -> None:
    pieces, gaps = document
    old, bounds = render(pieces, gaps)
    # The edit replaces pieces [cut, cut_end) with new ones; the spans lie before or after it.
    cut = data.draw(st.integers(0, len(pieces)))
    cut_end = data.draw(st.integers(cut, len(pieces)))
    coded = [data.draw(spans(bounds, lo, hi)) for lo, hi in ((0, cut), (cut_end, len(pieces))) if hi > lo
             for _ in range(data.draw(st.integers(1, 3)))]
    new_pieces = pieces[:cut] + inserted + pieces[cut_end:]
    new_gaps = gaps[:cut] + [" "] * len(inserted) + gaps[cut_end:]
    if reflow:
        new_gaps = [data.draw(SEPARATORS) for _ in new_gaps]
    new, _ = render(new_pieces, new_gaps)
    for (start, end), found in zip(coded, reanchor(old, new, coded), strict=True):
        assert found.status in ("unchanged", "moved"), (old[start:end], found)
        assert found.start is not None and found.end is not None
        assert squeeze(new[found.start:found.end]) == squeeze(old[start:end])
        if found.status == "unchanged":
            assert (found.start, found.end) == (start, end) and new[start:end] == old[start:end]


# Few distinct words, so that an alignment has many equally good choices.
SMALL_VOCABULARY = st.lists(st.sampled_from(["de", "het", "is", "wij", "CO₂", "ë", "👍", "ja", "nee", "ja,"]),
                            min_size=1, max_size=40)


@PROPERTIES
@given(data=st.data(), document=documents(SMALL_VOCABULARY), replacement=documents(SMALL_VOCABULARY))
def test_any_edit_gives_spans_inside_the_new_text_with_honest_statuses(
        data: st.DataObject, document: tuple[list[str], list[str]],
        replacement: tuple[list[str], list[str]]) -> None:
    pieces, gaps = document
    old, bounds = render(pieces, gaps)
    cut = data.draw(st.integers(0, len(pieces)))
    cut_end = data.draw(st.integers(cut, len(pieces)))
    taken = data.draw(st.integers(0, len(replacement[0])))
    new, _ = render(pieces[:cut] + replacement[0][:taken] + pieces[cut_end:],
                    gaps[:cut] + replacement[1][:taken] + gaps[cut_end:])
    coded = [data.draw(spans(bounds, 0, len(pieces))) for _ in range(data.draw(st.integers(1, 6)))]
    for (start, end), found in zip(coded, reanchor(old, new, coded), strict=True):
        if found.status == "vanished":
            assert (found.start, found.end) == (None, None)
            continue
        assert found.start is not None and found.end is not None
        assert 0 <= found.start < found.end <= len(new)
        if found.status == "unchanged":
            assert (found.start, found.end) == (start, end) and new[start:end] == old[start:end]
        if found.status == "moved":
            assert squeeze(new[found.start:found.end]) == squeeze(old[start:end])


@PROPERTIES
@given(document=documents(TEXT_WORDS | SMALL_VOCABULARY), data=st.data())
def test_identical_texts_leave_every_span_unchanged(document: tuple[list[str], list[str]],
                                                    data: st.DataObject) -> None:
    old, bounds = render(*document)
    coded = [data.draw(spans(bounds, 0, len(bounds))) for _ in range(data.draw(st.integers(1, 6)))]
    assert reanchor(old, "".join(old), coded) == [Anchored(start, end, "unchanged") for start, end in coded]
