"""The transcript layout and selection model: wrapping, row lookup, styled segments, and selection moves."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from rich.segment import Segment

from qualcode.ui.help_rows import help_rows
from qualcode.ui.selection import Selection
from qualcode.ui.transcript_layout import (
    GUTTER_WIDTH,
    SELECTION_STYLE,
    CodedSpan,
    DocumentLayout,
    TurnSpan,
    code_colour,
    tint,
)

TEXT = ("Gemeente: Westerbroek\n\n1. Ambities\n\nSanne: Wat is de ambitie?\n\n"
        "Marieke: De raad heeft een routekaart vastgesteld. Dat geeft richting aan het werk van iedereen hier.")
SANNE = TEXT.index("Wat")
MARIEKE = TEXT.index("De raad")
TURNS = [TurnSpan(SANNE, TEXT.index("?") + 1, "Sanne", True), TurnSpan(MARIEKE, len(TEXT), "Marieke", False)]
SECTIONS = [("1. Ambities", TEXT.index("1. Ambities"), len(TEXT))]


def layout(width: int = 40) -> DocumentLayout:
    return DocumentLayout(TEXT, TURNS, SECTIONS, body_start=TEXT.index("1. Ambities"), width=width)


def text_of(segments: list[Segment]) -> str:
    return "".join(segment.text for segment in segments)


def test_rows_cover_the_text_exactly_and_fit_the_width() -> None:
    shown = layout(40)
    assert all(len(TEXT[row.start:row.end]) <= 40 - GUTTER_WIDTH for row in shown.rows)
    joined = "".join(TEXT[row.start:row.end] for row in shown.rows)
    assert joined.replace(" ", "") == TEXT.replace("\n", "").replace(" ", "")
    assert [row.kind for row in shown.rows][:3] == ["header", "header", "section"]


def test_segments_keep_the_text_unaltered_and_pad_to_the_width() -> None:
    shown = layout(60)
    for index, row in enumerate(shown.rows):
        drawn = text_of(shown.segments(index))
        assert len(drawn) == 60
        assert drawn[GUTTER_WIDTH:GUTTER_WIDTH + row.end - row.start] == TEXT[row.start:row.end]


def test_codings_colour_the_text_and_mark_the_gutter_once_per_code() -> None:
    shown = layout(80)
    start = TEXT.index("routekaart")
    shown.set_codings([CodedSpan("a", start, start + 10, "k1", "sanne", None, "#ff0000"),
                       CodedSpan("b", MARIEKE, len(TEXT), "k2", "tom", None, "#00ff00")])
    row = shown.row_of(start)
    segments = shown.segments(row)
    assert [s.text for s in segments[:2]] == ["▌", "▌"]
    coloured = [s for s in segments if s.text == "routekaart"]
    assert coloured and coloured[0].style is not None and coloured[0].style.underline  # two codes overlap here
    assert coloured[0].style.bgcolor is not None and coloured[0].style.bgcolor.name == tint("#ff0000")


def test_the_selection_is_drawn_and_labels_are_styled() -> None:
    shown = layout(80)
    shown.selection = (MARIEKE, MARIEKE + 7)
    segments = shown.segments(shown.row_of(MARIEKE))
    selected = [s for s in segments if s.style and s.style.bgcolor == SELECTION_STYLE.bgcolor]
    assert text_of(selected) == "De raad"
    label = next(s for s in segments if s.text.startswith("Marieke:"))
    assert label.style is not None and label.style.bold


def test_offset_at_maps_a_cell_back_to_the_text() -> None:
    shown = layout(80)
    row = shown.row_of(MARIEKE)
    column = MARIEKE - shown.rows[row].start
    assert shown.offset_at(row, column) == MARIEKE


def test_selection_moves_grows_selects_turns_and_frees() -> None:
    sentences = [(MARIEKE, TEXT.index("Dat") - 1), (TEXT.index("Dat"), len(TEXT))]
    selection = Selection(TEXT, [(SANNE, TURNS[0].end), *sentences], [(t.start, t.end) for t in TURNS])
    selection.move(1)
    assert selection.span == sentences[0]
    selection.extend(1)
    assert selection.span == (sentences[0][0], sentences[1][1])
    selection.extend(-1)
    assert selection.span == sentences[0]
    selection.select_turn()
    assert selection.span == (MARIEKE, len(TEXT))
    selection.collapse()
    selection.move_end(-3)
    assert selection.span == (sentences[0][0], sentences[0][1] - 3)
    selection.move_end(1, by_word=True)
    assert TEXT[selection.span[1] - 10:selection.span[1]] == "vastgesteld"[-10:]
    selection.move_start(1, by_word=True)
    assert TEXT[selection.span[0]:].startswith("raad")


def test_colours_fall_back_to_the_palette() -> None:
    assert code_colour("#123456", 0) == "#123456"
    assert code_colour("not a colour", 1) == code_colour(None, 1)


def test_readme_lists_every_key_binding() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [row.binding_id for row in help_rows() if f"`{row.binding_id}`" not in readme]
    assert missing == []


def test_wide_and_combining_characters_wrap_by_terminal_cells() -> None:
    from rich.cells import cell_len

    sentence = "Dat vind ik 👍👍 echt goed, zei de wethouder met een glimlach 😀. "
    text = "Respondent: " + sentence * 3 + "Cafe\u0301 de Zon."
    shown = DocumentLayout(text, [TurnSpan(12, len(text), "R", False)], [], body_start=0, width=30)
    for index, row in enumerate(shown.rows):
        assert cell_len(text[row.start:row.end]) <= 30 - GUTTER_WIDTH
        assert cell_len(text_of(shown.segments(index))) == 30
    assert "".join(text[row.start:row.end] for row in shown.rows) == text
    emoji_row = next(i for i, row in enumerate(shown.rows) if "😀" in text[row.start:row.end])
    column = text[shown.rows[emoji_row].start:].index("😀")
    cells_before = cell_len(text[shown.rows[emoji_row].start:shown.rows[emoji_row].start + column])
    assert text[shown.offset_at(emoji_row, cells_before)] == "😀"


def test_words_carried_to_the_next_row_still_leave_room_for_a_wide_character() -> None:
    from rich.cells import cell_len

    text = "aaaaaaaaaa😀 aaaaaaaaa😀😀"
    shown = DocumentLayout(text, [], [], body_start=0, width=16)
    assert all(cell_len(text[row.start:row.end]) <= 16 - GUTTER_WIDTH for row in shown.rows)
    assert "".join(text[row.start:row.end] for row in shown.rows) == text


@example(words=["aaaaaaaaaa😀", "aaaaaaaaa😀😀"], width=16)
@given(words=st.lists(st.text(alphabet="abcdeë’“😀 ", min_size=1, max_size=14), min_size=1, max_size=40),
       width=st.integers(min_value=14, max_value=90))
def test_every_row_fits_its_width_and_rows_join_to_the_text(words: list[str], width: int) -> None:
    from rich.cells import cell_len

    text = "\n".join(" ".join(words[i:i + 7]) for i in range(0, len(words), 7))
    shown = DocumentLayout(text, [], [], body_start=0, width=width)
    for index in range(len(shown.rows)):
        assert cell_len(text_of(shown.segments(index))) == shown.width
    assert "\n".join(
        "".join(text[r.start:r.end] for r in shown.rows if r.line_start == start)
        for start in dict.fromkeys(r.line_start for r in shown.rows)) == text
