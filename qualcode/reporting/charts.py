"""The synthesis's figures: per code type a bar chart of 'n van N', a heat map of gemeenten × codes, and the share
of gemeenten per attribute group naming each code.

Imported only when a report has charts. HTML gets inline SVG, Markdown SVG files next to it, Word PNGs (Pillow,
imported by charts_png only then). The numbers stay readable without the picture: bars carry 'n van N', heat map
cells their counts (all of them in Bijlage C), and the group comparison comes with a table.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from markupsafe import Markup

from qualcode.analysis.corpus import CodedCorpus
from qualcode.analysis.counts import cell_counts, crosstab_counts, group_sizes
from qualcode.reporting.build_synthesis import ReportOptions
from qualcode.reporting.charts_draw import (
    CATEGORY_COLOURS,
    MAX_GROUPS,
    BarGroup,
    Drawing,
    GroupBars,
    HeatRow,
    Text,
    bar_chart,
    group_chart,
    heat_columns_per_part,
    heat_map,
)
from qualcode.reporting.charts_svg import drawing_svg
from qualcode.reporting.contexts import CodeFinding, Figure, SynthesisContext, Table
from qualcode.reporting.labels import SIZE_ATTRIBUTIVE
from qualcode.reporting.wording import count_of

FORMATS = ("md", "html", "docx")
MIN_GROUP = 2  # gemeenten in an attribute group for the group to be compared
# Type keys to palette positions: barriers vermillion, opportunities green, conditions blue; others after them.
# A heat map of more parts is no figure anyone reads (130-odd gemeenten; studies have 5 to 70): the report says so
# and Bijlage C has every count. It also kept Word reports of hundreds of gemeenten from drawing dozens of images.
MAX_HEAT_MAP_PARTS = 6
_TYPE_COLOURS = {"barrier": CATEGORY_COLOURS[1], "opportunity": CATEGORY_COLOURS[2], "condition": CATEGORY_COLOURS[0]}

_WORDS = {
    "nl": {
        "figure": "Figuur", "file": "figuur", "of": "van", "cases": "gemeenten", "range": "–",
        "bars_title": "{heading}: in hoeveel van de {cases} genoemd",
        "bars_title_one": "{heading}: genoemd in de enige gemeente",  # every code shown is coded there
        "bars_axis": "Aantal gemeenten (van {total})",
        "bars_desc": "Staafdiagram. Per code het aantal gemeenten waarin de code is gecodeerd: {items}.",
        "heat_title": "Gecodeerde passages per gemeente en code",
        "heat_desc": "Heatmap van {codes} (rijen) bij {cases} (kolommen); hoe donkerder de cel, hoe "
                     "meer gecodeerde passages. De aantallen per cel staan in Bijlage C.",
        "heat_part": "Gecodeerde passages per gemeente en code (deel {part} van {parts}: {first} t/m {last})",
        "heat_part_cases": "{shown} van de {cases}, {first} t/m {last}",
        "heat_legend": "Passages:",
        "heat_too_many": "Een heatmap per gemeente is bij {cases} niet leesbaar in een rapport (het zouden {parts} "
                         "figuren worden); Bijlage C geeft de gecodeerde passages per gemeente en code.",
        "groups_title": "Aandeel gemeenten dat een code noemt, naar {attribute}",
        "groups_axis": "Aandeel van de gemeenten in elke groep",
        "groups_desc": "Staafdiagram. Per code en per groep ({groups}) het aandeel gemeenten van die groep waarin "
                       "de code is gecodeerd; de aantallen staan in de tabel bij de figuur.",
        "groups_table": "Aantallen bij figuur {number}: gemeenten per groep die de code noemen (n van N)",
        "code": "Code", "unknown": "onbekend",
    },
    "en": {
        "figure": "Figure", "file": "figure", "of": "of", "cases": "municipalities", "range": "–",
        "bars_title": "{heading}: mentioned in how many of the {cases}",
        "bars_title_one": "{heading}: mentioned in the only municipality",
        "bars_axis": "Number of municipalities (of {total})",
        "bars_desc": "Bar chart. For each code the number of municipalities in which it was coded: {items}.",
        "heat_title": "Coded passages per municipality and code",
        "heat_desc": "Heat map of {codes} (rows) by {cases} (columns); the darker a cell, the "
                     "more coded passages. Appendix C lists the count of every cell.",
        "heat_part": "Coded passages per municipality and code (part {part} of {parts}: {first} to {last})",
        "heat_part_cases": "{shown} of the {cases}, {first} to {last}",
        "heat_legend": "Passages:",
        "heat_too_many": "A heat map per municipality cannot be read in a report with {cases} (it would take {parts} "
                         "figures); Appendix C gives the coded passages per municipality and code.",
        "groups_title": "Share of municipalities mentioning a code, by {attribute}",
        "groups_axis": "Share of the municipalities in each group",
        "groups_desc": "Bar chart. For each code and group ({groups}) the share of that group's municipalities in "
                       "which the code was coded; the counts are in the table with the figure.",
        "groups_table": "Counts for figure {number}: municipalities per group mentioning each code (n of N)",
        "code": "Code", "unknown": "unknown",
    },
}


def _words(lang: str) -> dict[str, str]:
    return _WORDS.get(lang, _WORDS["nl"])


def _findings(context: SynthesisContext) -> list[tuple[str, CodeFinding]]:
    """(type key, finding) in the order the synthesis shows them."""
    return [(type_.key, code) for type_ in context.types for theme in type_.themes for code in theme.codes]


def _bars(context: SynthesisContext, lang: str) -> list[tuple[str, Drawing]]:
    words = _words(lang)
    drawings = []
    for index, type_ in enumerate(context.types):
        colour = _TYPE_COLOURS.get(type_.key, CATEGORY_COLOURS[(index + 3) % len(CATEGORY_COLOURS)])
        groups = [BarGroup(theme.name if len(type_.themes) > 1 else "", colour,
                           tuple((code.name, code.cases_with,
                                  f"{code.cases_with} {words['of']} {code.total_cases}") for code in theme.codes))
                  for theme in type_.themes]
        total = max((code.total_cases for theme in type_.themes for code in theme.codes), default=0)
        items = "; ".join(f"{label} {text}" for group in groups for label, _, text in group.bars)
        title = words["bars_title_one" if total == 1 else "bars_title"]
        drawing = bar_chart(title.format(heading=type_.heading, cases=count_of(total, "case", lang)),
                            words["bars_desc"].format(items=items), groups, total,
                            words["bars_axis"].format(total=total))
        drawings.append((type_.key, drawing))
    return drawings


def heat_parts(count: int, per_part: int) -> list[range]:
    """Positions 0..count-1 in as few parts of at most per_part as needed, the parts as equal as can be (70
    gemeenten at 22 a part: 18, 18, 17, 17), so that no part is a lonely remainder of two columns."""
    parts = max(1, -(-count // max(per_part, 1)))
    size, extra = divmod(count, parts)
    ranges, start = [], 0
    for index in range(parts):
        stop = start + size + (1 if index < extra else 0)
        ranges.append(range(start, stop))
        start = stop
    return ranges


def _heat(corpus: CodedCorpus, options: ReportOptions, context: SynthesisContext) -> tuple[list[Drawing], str]:
    """The heat map, in parts of as many gemeenten as fit with readable counts; every part has the codes as rows,
    the same colour classes and the same legend, and says which part and which gemeenten it shows. Above
    MAX_HEAT_MAP_PARTS parts none, and the note that says why (Bijlage C has every count)."""
    findings = _findings(context)
    if not findings:
        return [], ""
    words = _words(options.lang)
    _, cells = cell_counts(corpus)  # passages per (case, code), as Bijlage C counts them
    cases = sorted(corpus.case_names(), key=options.case_order)
    if len(cases) < 2:
        return [], ""
    rows = [HeatRow(code.name, tuple(cells.get((case, code.key), 0) for case in cases)) for _, code in findings]
    labels = [options.case_label(case) for case in cases]
    maximum = max((value for row in rows for value in row.values), default=0)
    parts = heat_parts(len(cases), heat_columns_per_part(rows))
    codes, all_cases = count_of(len(rows), "code", options.lang), count_of(len(cases), "case", options.lang)
    if len(parts) > MAX_HEAT_MAP_PARTS:
        return [], words["heat_too_many"].format(cases=all_cases, parts=len(parts))
    drawings = []
    for number, part in enumerate(parts, start=1):
        shown = labels[part.start:part.stop]
        if len(parts) == 1:
            title, cases_shown = words["heat_title"], all_cases
        else:
            where = {"first": shown[0], "last": shown[-1]}
            title = words["heat_part"].format(part=number, parts=len(parts), **where)
            cases_shown = words["heat_part_cases"].format(shown=len(shown), cases=all_cases, **where)
        drawings.append(heat_map(title, words["heat_desc"].format(codes=codes, cases=cases_shown), shown,
                                 [HeatRow(row.label, row.values[part.start:part.stop]) for row in rows],
                                 columns_label=words["cases"].capitalize(), legend_label=words["heat_legend"],
                                 range_word=words["range"], maximum=maximum))
    return drawings, ""


def _group_name(attribute: str, group: str, lang: str) -> str:
    if attribute == "grootteklasse":
        return SIZE_ATTRIBUTIVE.get(lang, {}).get(group, group)
    if lang == "en":
        return {"ja": "yes", "nee": "no", "onbekend": "unknown"}.get(group, group)
    return group


def _groups(corpus: CodedCorpus, options: ReportOptions,
            context: SynthesisContext) -> tuple[Drawing, Table] | None:
    """The first compare_by attribute with two to MAX_GROUPS groups of at least MIN_GROUP gemeenten (and that an
    anonymised report may show)."""
    findings = _findings(context)
    words = _words(options.lang)
    for attribute in options.compare_by:
        if not any(attribute in case.attributes for case in corpus.cases) or not options.shows_attribute(attribute):
            continue
        # A group of one gemeente is that gemeente, not a group: it is left out, as the synthesis's sentences on
        # differences leave it out.
        sizes = {group: size for group, size in group_sizes(corpus, attribute).items() if size >= MIN_GROUP}
        if not 2 <= len(sizes) <= MAX_GROUPS:
            continue
        shares = crosstab_counts(corpus, attribute)
        names = [f"{_group_name(attribute, group, options.lang)} (n={size})" for group, size in sizes.items()]
        bars, rows = [], []
        for _, code in findings:
            row = shares.get(code.key, {})
            pairs = tuple((row.get(group, 0), size) for group, size in sizes.items())
            bars.append(GroupBars(code.name, pairs))
            rows.append([code.name, *(f"{count} {words['of']} {size}" for count, size in pairs)])
        title = words["groups_title"].format(attribute=attribute)
        drawing = group_chart(title, words["groups_desc"].format(groups=", ".join(names)), names, bars,
                              axis_label=words["groups_axis"], of_word=words["of"])
        return drawing, Table(title, [words["code"], *names], rows)
    return None


def synthesis_figures(corpus: CodedCorpus, options: ReportOptions, context: SynthesisContext, *, fmt: str,
                      stem: str, check: Callable[[str, str], None] | None = None) -> tuple[SynthesisContext,
                                                                                        dict[str, bytes]]:
    """Return the context with its figures, and the image files they refer to (name → bytes; none for HTML).

    Files are named after the report: '{stem}-figuur-1.svg' next to a Markdown file, '.png' inside a Word file.
    check(text, what) sees every word a chart draws (an anonymised report's leak check: a PNG cannot be searched).
    """
    if fmt not in FORMATS:
        raise ValueError(f"no figures for format {fmt!r}")
    words = _words(options.lang)
    planned: list[tuple[str, str | None, Drawing, Table | None]] = [
        ("bars", type_key, drawing, None) for type_key, drawing in _bars(context, options.lang)]
    heat, heat_note = _heat(corpus, options, context)
    planned += [("heatmap", None, drawing, None) for drawing in heat]
    grouped = _groups(corpus, options, context)
    if grouped is not None:
        planned.append(("groups", None, grouped[0], grouped[1]))
    figures: list[Figure] = []
    files: dict[str, bytes] = {}
    for number, (kind, type_key, drawing, table) in enumerate(planned, start=1):
        caption = f"{words['figure']} {number}. {drawing.title}"
        if check is not None:
            check("\n".join([caption, drawing.description, *(shape.text for shape in drawing.shapes
                                                               if isinstance(shape, Text))]), caption)
        file, svg = "", Markup("")
        if fmt == "html":
            svg = Markup(drawing_svg(dataclasses.replace(drawing, title=caption), f"figuur-{number}"))
        else:
            file = f"{stem}-{words['file']}-{number}.{'png' if fmt == 'docx' else 'svg'}"
            files[file] = _image(dataclasses.replace(drawing, title=caption), fmt)
        if table is not None:  # the figure has the title; its table says what its numbers are
            table = dataclasses.replace(table, caption=words["groups_table"].format(number=number))
        figures.append(Figure(number=number, kind=kind, type_key=type_key, caption=caption,
                              description=drawing.description, file=file, svg=svg, table=table))
    return dataclasses.replace(context, figures=figures, figure_note=heat_note), files


def _image(drawing: Drawing, fmt: str) -> bytes:
    if fmt == "docx":
        from qualcode.reporting.charts_png import drawing_png  # Pillow only when Word gets a chart

        return drawing_png(drawing)
    return (drawing_svg(drawing, "figuur", standalone=True) + "\n").encode("utf-8")

