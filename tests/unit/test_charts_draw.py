"""Chart layout without a drawing library: colour classes, labels that fit, shapes inside the drawing."""

from __future__ import annotations

import itertools

from qualcode.reporting.charts_draw import (
    EMPTY,
    SEQUENTIAL,
    WIDTH,
    BarGroup,
    HeatRow,
    Rect,
    Text,
    bar_chart,
    class_colour,
    colour_classes,
    heat_map,
    ink_on,
    label_lines,
)
from qualcode.reporting.charts_metrics import text_width
from qualcode.reporting.charts_svg import drawing_svg


def test_colour_classes_cover_every_count_once_from_light_to_dark() -> None:
    for maximum in (1, 2, 3, 7, 12, 40):
        classes = colour_classes(maximum)
        assert classes[0][0] == 1 and classes[-1][1] == maximum and len(classes) <= 5
        assert all(high + 1 == low for (_, high), (low, _) in itertools.pairwise(classes))
        shades = [SEQUENTIAL.index(class_colour(value, classes)) for value in range(1, maximum + 1)]
        assert shades == sorted(shades)  # more is never lighter
    assert class_colour(0, colour_classes(5)) == EMPTY and colour_classes(0) == []


def test_ink_reads_on_every_shade() -> None:
    assert ink_on(SEQUENTIAL[-1]) == "#ffffff" and ink_on(SEQUENTIAL[0]) != "#ffffff" and ink_on(EMPTY) != "#ffffff"


def test_a_long_label_goes_on_two_lines_that_fit() -> None:
    name = "Onvoldoende inzicht in energiegebruik en energielabels bij gemeentelijke gebouwen en scholen in de regio"
    lines = label_lines(name, 250)
    assert len(lines) == 2 and all(text_width(line, 11) <= 250 for line in lines)
    assert lines[0] == "Onvoldoende inzicht in energiegebruik en" and lines[1].endswith("…")
    assert label_lines("Netcongestie", 250) == ["Netcongestie"]


def test_shapes_stay_inside_the_drawing_with_forty_gemeenten() -> None:
    names = [f"Gemeente {chr(65 + n % 26)}{n}" for n in range(40)]
    rows = [HeatRow(f"Code {n} met een lange naam over het werk", tuple((n * k) % 6 for k in range(40)))
            for n in range(30)]
    drawing = heat_map("t", "d", names, rows, columns_label="Gemeenten", legend_label="Passages:", range_word="–")
    rects = [shape for shape in drawing.shapes if isinstance(shape, Rect)]
    assert all(r.x >= 0 and r.x + r.width <= WIDTH + 0.01 and r.y + r.height <= drawing.height for r in rects)
    bars = bar_chart("t", "d", [BarGroup("", "#0072B2", (("Netcongestie", 7, "7 van 8"),))], 8, "Aantal")
    texts = [shape.text for shape in bars.shapes if isinstance(shape, Text)]
    assert "7 van 8" in texts and "Aantal" in texts and "8" in texts  # the value, the axis title, the last tick
    svg = drawing_svg(bars, "f1")
    assert svg.startswith("<svg ") and 'aria-labelledby="f1-title f1-desc"' in svg and "xmlns" not in svg
    assert 'xmlns="http://www.w3.org/2000/svg"' in drawing_svg(bars, "f1", standalone=True)
