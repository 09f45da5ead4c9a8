"""Code suggestions in the transcript layout: a mark in the gutter, the code's name muted in a right margin beside
the sentence, hidden where the code is already coded, and a text wrapped once for the margin."""

from __future__ import annotations

from rich.segment import Segment

from qualcode.ui.transcript_layout import (
    GUTTER_WIDTH,
    SUGGESTION_MARGIN,
    SUGGESTION_MARK,
    CodedSpan,
    DocumentLayout,
    SuggestedSpan,
    TurnSpan,
)

TEXT = ("Gemeente: Westerbroek\n\nSanne: Wat is de ambitie?\n\n"
        "Marieke: De raad heeft een routekaart vastgesteld. Dat geeft richting aan het werk van iedereen hier. "
        "De netcongestie remt alles.")
FIRST = (TEXT.index("De raad"), TEXT.index("vastgesteld.") + len("vastgesteld."))
LAST = (TEXT.index("De netcongestie"), len(TEXT))
TURNS = [TurnSpan(TEXT.index("Wat"), TEXT.index("?") + 1, "Sanne", True),
         TurnSpan(TEXT.index("De raad"), len(TEXT), "Marieke", False)]


def layout(width: int = 80) -> DocumentLayout:
    return DocumentLayout(TEXT, TURNS, [], body_start=TEXT.index("Sanne"), width=width)


def suggestion(span: tuple[int, int], key: str = "ambitie.routekaart", name: str = "Routekaart") -> SuggestedSpan:
    return SuggestedSpan(f"G-{key}-{span[0]}", span[0], span[1], key, name, "#30f230")


def drawn(shown: DocumentLayout, row: int) -> str:
    return "".join(segment.text for segment in shown.segments(row))


def rows_of(shown: DocumentLayout, span: tuple[int, int]) -> range:
    return range(shown.row_of(span[0]), shown.row_of(span[1] - 1) + 1)


def test_the_name_stands_in_the_margin_beside_the_sentences_last_row_and_the_mark_in_the_gutter() -> None:
    shown = layout()
    without = [(row.start, row.end) for row in shown.rows]
    shown.set_suggestions([suggestion(FIRST)])
    assert shown.margin == SUGGESTION_MARGIN
    assert [(row.start, row.end) for row in shown.rows] != without  # wrapped again, narrower
    assert all(len(TEXT[row.start:row.end]) <= 80 - GUTTER_WIDTH - SUGGESTION_MARGIN for row in shown.rows)
    last = shown.row_of(FIRST[1] - 1)
    line = drawn(shown, last)
    assert len(line) == 80 and line.rstrip().endswith(f"{SUGGESTION_MARK} Routekaart")
    assert line.index(SUGGESTION_MARK + " Routekaart") >= 80 - SUGGESTION_MARGIN  # in the margin, not the text
    for row in rows_of(shown, FIRST):
        assert drawn(shown, row)[:GUTTER_WIDTH].strip() == SUGGESTION_MARK
    marked = [row for row in range(len(shown.rows)) if SUGGESTION_MARK in drawn(shown, row)]
    assert marked == list(rows_of(shown, FIRST))
    name_style = next(s.style for s in shown.segments(last) if isinstance(s, Segment) and "Routekaart" in s.text)
    assert name_style is not None and name_style.dim and name_style.italic  # muted


def test_a_code_already_on_the_passage_hides_its_suggestion_and_another_code_does_not() -> None:
    shown = layout()
    shown.set_suggestions([suggestion(FIRST)])
    shown.set_codings([CodedSpan("C1", FIRST[0], FIRST[1], "vastgoed.financiering", "sanne", None, "#888888")])
    assert [s.code_key for s in shown.suggestions_at(*FIRST)] == ["ambitie.routekaart"]
    shown.set_codings([CodedSpan("C2", FIRST[0], LAST[1], "ambitie.routekaart", "tom", None, "#888888")])
    assert shown.suggestions_at(*FIRST) == []
    assert not any("Routekaart" in drawn(shown, row) for row in range(len(shown.rows)))
    assert shown.margin == SUGGESTION_MARGIN  # the margin stays: deciding on suggestions reflows nothing


def test_two_codes_for_one_sentence_take_two_rows_of_the_margin_and_only_that_sentence_answers() -> None:
    shown = layout()
    shown.set_suggestions([suggestion(FIRST, "vastgoed.netcongestie", "Netcongestie"),
                           suggestion(FIRST, "ambitie.prioriteit", "Prioriteit"), suggestion(LAST)])
    last = shown.row_of(FIRST[1] - 1)
    assert drawn(shown, last).rstrip().endswith(f"{SUGGESTION_MARK} Prioriteit")
    assert drawn(shown, last + 1).rstrip().endswith(f"{SUGGESTION_MARK} Netcongestie")  # the line's next row
    assert {s.code_key for s in shown.suggestions_at(*FIRST)} == {"vastgoed.netcongestie", "ambitie.prioriteit"}
    assert [s.code_key for s in shown.suggestions_at(LAST[0], LAST[0] + 1)] == ["ambitie.routekaart"]


def test_a_pane_too_narrow_for_a_margin_keeps_the_gutter_mark_only() -> None:
    shown = layout(width=44)
    shown.set_suggestions([suggestion(FIRST)])
    assert shown.margin == 0
    assert not any("Routekaart" in drawn(shown, row) for row in range(len(shown.rows)))
    assert all(drawn(shown, row)[:GUTTER_WIDTH].strip() == SUGGESTION_MARK for row in rows_of(shown, FIRST))
    assert all(len(drawn(shown, row)) == 44 for row in range(len(shown.rows)))
