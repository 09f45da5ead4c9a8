"""The heat map in parts: as many gemeenten a part as fit with readable counts, parts of equal size, one legend."""

from __future__ import annotations

from qualcode.reporting.charts import heat_parts
from qualcode.reporting.charts_draw import MIN_HEAT_CELL, WIDTH, HeatRow, Rect, Text, heat_columns_per_part, heat_map


def test_parts_are_as_few_as_needed_and_as_equal_as_can_be() -> None:
    assert [len(part) for part in heat_parts(70, 22)] == [18, 18, 17, 17]
    assert [len(part) for part in heat_parts(23, 22)] == [12, 11]  # not 22 and a lonely 1
    assert heat_parts(5, 22) == [range(0, 5)]
    for count in (2, 5, 40, 61, 70, 120):
        parts = heat_parts(count, 24)
        assert [i for part in parts for i in part] == list(range(count))  # every gemeente once, in order
        assert max(map(len, parts)) <= 24 and max(map(len, parts)) - min(map(len, parts)) <= 1


def _rows(columns: int) -> list[HeatRow]:
    return [HeatRow(f"Onvoldoende ambtelijke capaciteit {n}", tuple((n + k) % 5 for k in range(columns)))
            for n in range(40)]


def test_a_part_keeps_cells_wide_enough_for_a_count() -> None:
    rows = _rows(120)
    per_part = heat_columns_per_part(rows)
    assert 10 <= per_part < 60  # forty long code names still leave room for a sizeable part
    names = [f"Gemeente {n}" for n in range(per_part)]
    drawing = heat_map("t", "d", names, [HeatRow(r.label, r.values[:per_part]) for r in rows],
                       columns_label="Gemeenten", legend_label="Passages:", range_word="–")
    cells = [s for s in drawing.shapes if isinstance(s, Rect) and s.height == 16.0]
    assert len(cells) == 40 * per_part
    assert all(cell.width >= MIN_HEAT_CELL and cell.x + cell.width <= WIDTH + 0.01 for cell in cells)
    texts = [s.text for s in drawing.shapes if isinstance(s, Text)]
    assert texts.count("4") >= per_part and all(name in texts for name in names)  # counts and names drawn whole


def test_parts_share_their_colour_classes_and_legend() -> None:
    low = [HeatRow("Netcongestie", (1, 1, 0))]
    high = [HeatRow("Netcongestie", (1, 9, 4))]

    def legend(rows: list[HeatRow], maximum: int | None) -> tuple[list[str], dict[str, str]]:
        drawing = heat_map("t", "d", ["A", "B", "C"], rows, columns_label="G", legend_label="Passages:",
                           range_word="–", maximum=maximum)
        texts = [s for s in drawing.shapes if isinstance(s, Text)]
        start = next(i for i, t in enumerate(texts) if t.text == "Passages:")
        fills = {str(i): s.fill for i, s in enumerate(r for r in drawing.shapes if isinstance(r, Rect))}
        return [t.text for t in texts[start + 1:]], fills

    assert legend(low, 9)[0] == legend(high, 9)[0] == legend(high, None)[0]
    assert legend(low, None)[0] != legend(high, None)[0]  # without the shared maximum each part had its own
    assert legend(low, 9)[1]["0"] == legend(high, 9)[1]["0"]  # a 1 has one shade in every part
