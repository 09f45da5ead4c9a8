"""The heat map of 120 gemeenten, as parts with readable counts in HTML, Markdown and Word; every gemeente once."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from qualcode.project import Project
from tests.functional import heat_project

SVG = "{http://www.w3.org/2000/svg}"
GEMEENTEN, CODES = 120, 7
_PART = re.compile(r"Gecodeerde passages per gemeente en code \(deel (\d) van (\d): (\S+) t/m (\S+)\)")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return heat_project.build(tmp_path_factory.mktemp("heat") / "studie", GEMEENTEN, CODES, english=False)


def _heat_svgs(html: str) -> list[ElementTree.Element]:
    svgs = [ElementTree.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
            for svg in re.findall(r'<figure class="chart">(<svg .*?</svg>)', html, re.DOTALL)]
    return [svg for svg in svgs if "per gemeente en code" in (svg.findtext(f"{SVG}title") or "")]


def test_html_shows_every_gemeente_once_in_parts_with_their_counts(project: Path) -> None:
    with Project.open(project) as opened:
        html = opened.report("synthesis", "html").content.decode("utf-8")
    parts = _heat_svgs(html)
    assert len(parts) >= 3  # 120 gemeenten do not fit one figure with readable cells
    names = heat_project.gemeenten(GEMEENTEN)
    shown: list[str] = []
    legends = []
    for number, svg in enumerate(parts, start=1):
        match = _PART.search(svg.findtext(f"{SVG}title") or "")
        assert match and match.group(1, 2) == (str(number), str(len(parts)))
        texts = [element.text or "" for element in svg.iter(f"{SVG}text")]
        columns = [text for text in texts if text in names]
        assert (match.group(3), match.group(4)) == (columns[0], columns[-1])  # the title names the first and last
        shown += columns
        legends.append(texts[texts.index("Passages:"):])
        cells = [rect for rect in svg.iter(f"{SVG}rect") if rect.get("height") == "16"]
        assert cells and min(float(rect.get("width") or 0) for rect in cells) >= 18
        assert {"1", "4"} <= set(texts)  # counts are written in the cells
        assert "Heatmap van 7 codes (rijen) bij " in (svg.findtext(f"{SVG}desc") or "")
    assert sorted(shown) == sorted(names) and len(shown) == GEMEENTEN  # every gemeente in exactly one part
    assert all(legend == legends[0] for legend in legends)  # one legend: a shade is the same count everywhere


def test_markdown_and_word_get_the_same_parts(project: Path) -> None:
    with Project.open(project) as opened:
        html = opened.report("synthesis", "html").content.decode("utf-8")
        markdown = opened.report("synthesis", "md")
        word = opened.report("synthesis", "docx").content
    parts = len(_heat_svgs(html))
    captions = re.findall(r"^\*Figuur (\d+)\. Gecodeerde passages per gemeente en code \(deel",
                          markdown.content.decode("utf-8"), re.MULTILINE)
    assert len(captions) == parts
    for number in captions:
        svg = dict(markdown.attachments)[f"synthesis-figuur-{number}.svg"].decode("utf-8")
        assert "t/m" in svg and "Passages:" in svg
    with zipfile.ZipFile(BytesIO(word)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        images = [name for name in archive.namelist() if name.startswith("word/media/")]
    assert body.count("Gecodeerde passages per gemeente en code (deel") == parts
    svg_figures = len(re.findall(r'<figure class="chart">', html))
    assert len(images) == svg_figures  # every figure, each part too, is a picture in Word


def test_too_many_gemeenten_for_a_readable_heat_map_get_a_note_instead(tmp_path: Path) -> None:
    """More than MAX_HEAT_MAP_PARTS parts is no figure anyone reads: no heat map, a sentence saying why and where the
    counts are (Bijlage C), in Dutch and in English; the other charts stay."""
    from qualcode.reporting.charts import MAX_HEAT_MAP_PARTS

    root = heat_project.build(tmp_path / "landelijk", 200, 4, english=True)
    with Project.open(root) as opened:
        html = opened.report("synthesis", "html").content.decode("utf-8")
        markdown = opened.report("synthesis", "md", lang="en").content.decode("utf-8")
    assert not _heat_svgs(html)
    note = re.search(r"Een heatmap per gemeente is bij 200 gemeenten niet leesbaar in een rapport \(het zouden "
                     r"(\d+) figuren worden\); Bijlage C geeft de gecodeerde passages per gemeente en code\.", html)
    assert note is not None and int(note.group(1)) > MAX_HEAT_MAP_PARTS
    assert "A heat map per municipality cannot be read in a report with 200 municipalities" in markdown
    assert "<figure class=\"chart\">" in html  # the bar charts are still there
