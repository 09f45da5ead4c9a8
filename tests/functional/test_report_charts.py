"""Charts in the synthesis: inline SVG in HTML, SVG files next to Markdown, PNG in Word; off by setting or option;
a report without charts loads no drawing library."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from qualcode.project import Project
from qualcode.project.demo import build_demo
from tests.functional.conftest import Cli

SVG = "{http://www.w3.org/2000/svg}"
_FIGURE = re.compile(r'<figure class="chart">(<svg .*?</svg>)', re.DOTALL)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("charts") / "demo"
    build_demo(root).close()
    return root


@pytest.fixture
def demo_root(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture
def demo(demo_root: Path) -> Iterator[Project]:
    with Project.open(demo_root) as project:
        yield project


def _set_charts(root: Path, value: str) -> None:
    config = root / "qualcode.toml"
    text = config.read_text(encoding="utf-8")
    assert "\ncharts = true\n" in text  # a new project's qualcode.toml has the setting, explained
    config.write_text(text.replace("\ncharts = true\n", f"\ncharts = {value}\n"), encoding="utf-8")


def _svgs(html: str) -> list[ElementTree.Element]:
    """Parse every inline chart as XML (well-formed), in the SVG namespace as a browser reads it."""
    return [ElementTree.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
            for svg in _FIGURE.findall(html)]


def _texts(svg: ElementTree.Element) -> list[str]:
    return [element.text or "" for element in svg.iter(f"{SVG}text")]


def test_html_has_inline_svg_charts_titled_and_with_their_numbers(demo: Project) -> None:
    html = demo.report("synthesis", "html").content.decode("utf-8")
    svgs = _svgs(html)
    types = ["Belemmeringen", "Kansen", "Randvoorwaarden"]
    assert len(svgs) >= len(types) + 2  # bars per type, the heat map, the comparison by grootteklasse
    for svg in svgs:
        assert svg.get("role") == "img"
        title, description = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and title.text and title.text.startswith("Figuur ")
        assert description is not None and description.text
        assert svg.find(f".//{SVG}script") is None and "href" not in ElementTree.tostring(svg, encoding="unicode")
    first = svgs[0]
    assert first.find(f"{SVG}title").text == "Figuur 1. Belemmeringen: in hoeveel van de 8 gemeenten genoemd"  # type: ignore[union-attr]
    assert "Aantal gemeenten (van 8)" in _texts(first)  # the axis, in the report's language
    bars = [rect for rect in first.iter(f"{SVG}rect") if rect.get("fill") == "#D55E00"]
    labels = [text for text in _texts(first) if re.fullmatch(r"\d van 8", text)]
    assert len(bars) >= 3 and len(labels) >= len(bars)  # every bar carries its 'n van 8'
    assert "(7 van 8)" in html and "7 van 8" in labels  # the same count in the text and on the bar
    heat = next(svg for svg in svgs if "per gemeente en code" in (svg.find(f"{SVG}title").text or ""))  # type: ignore[union-attr]
    assert {"Westerbroek", "Hoogveen"} <= set(_texts(heat))  # the gemeenten over the columns
    assert "Passages:" in _texts(heat)  # the legend
    assert '<figcaption>Figuur 1. Belemmeringen' in html
    # The comparison by attribute group comes with its numbers as a table as well.
    groups = html[html.index("naar grootteklasse</figcaption>"):]
    assert "<table>" in groups[:2000] and re.search(r"<th>kleine \(n=\d\)</th>", groups)
    # Its table says what its numbers are rather than repeating the figure's title.
    number = re.findall(r"<figcaption>Figuur (\d+)\. Aandeel gemeenten", html)
    captions = re.findall(r"<caption>([^<]*)</caption>", groups[:2000])
    assert captions == [f"Aantallen bij figuur {number[0]}: gemeenten per groep die de code noemen (n van N)"]


def test_html_charts_speak_english_on_request(demo: Project) -> None:
    html = demo.report("synthesis", "html", lang="en").content.decode("utf-8")
    first = _svgs(html)[0]
    assert first.find(f"{SVG}title").text == "Figure 1. Barriers: mentioned in how many of the 8 municipalities"  # type: ignore[union-attr]
    assert "Number of municipalities (of 8)" in _texts(first)
    assert any(re.fullmatch(r"\d of 8", text) for text in _texts(first))


def test_markdown_writes_its_figures_next_to_it_and_refers_to_them_relatively(demo_root: Path, cli: Cli) -> None:
    out = demo_root / "uit" / "synthese.md"
    out.parent.mkdir()
    result = cli("--project", demo_root, "report", "synthesis", "--out", out)
    assert result.code == 0, result.text
    markdown = out.read_text(encoding="utf-8")
    references = re.findall(r"^!\[[^\n]+\]\(([^)]+)\)$", markdown, re.MULTILINE)
    assert references and references[0] == "synthese-figuur-1.svg"
    assert sorted(path.name for path in out.parent.glob("*.svg")) == sorted(references)
    for name in references:
        svg = ElementTree.parse(out.parent / name).getroot()
        assert svg.tag == f"{SVG}svg" and svg.find(f"{SVG}title") is not None
    assert "*Figuur 1. Belemmeringen: in hoeveel van de 8 gemeenten genoemd*" in markdown
    assert "figure files next to it" in result.text


def test_markdown_attachments_through_the_api(demo: Project) -> None:
    rendered = demo.report("synthesis", "md")
    names = [name for name, _ in rendered.attachments]
    assert names and all(re.fullmatch(r"synthesis-figuur-\d+\.svg", name) for name in names)
    assert all(f"]({name})".encode() in rendered.content for name in names)
    assert demo.report("appendix", "md").attachments == ()  # the appendix has its matrix as a table


def test_word_embeds_the_charts_as_png_with_their_descriptions(demo: Project) -> None:
    content = demo.report("synthesis", "docx").content
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        pngs = [package.read(name) for name in media]
        body = package.read("word/document.xml").decode("utf-8")
    html_figures = len(_svgs(demo.report("synthesis", "html").content.decode("utf-8")))
    assert len(media) == html_figures and all(name.endswith(".png") for name in media)
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in pngs)
    descriptions = re.findall(r'<wp:docPr id="\d+" name="[^"]*" descr="([^"]*)"', body)
    assert len(descriptions) == html_figures and descriptions[0].startswith("Staafdiagram.")
    document = docx.Document(io.BytesIO(content))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert all(0 < shape.width <= text_width for shape in document.inline_shapes)
    captions = [p for p in document.paragraphs if p.text.startswith("Figuur ")]
    assert captions[0].text == "Figuur 1. Belemmeringen: in hoeveel van de 8 gemeenten genoemd"
    assert all(p.style.name == "Caption" for p in captions)  # Word can list the figures
    assert demo.report("synthesis", "docx").content == content  # the same bytes again


def test_charts_off_by_setting_and_by_option(demo_root: Path, cli: Cli) -> None:
    with Project.open(demo_root) as project:
        assert project.report("synthesis", "md").attachments
        off = project.report("synthesis", "html", charts=False).content.decode("utf-8")
        assert "<svg" not in off and "<figure" not in off
    _set_charts(demo_root, "false")
    with Project.open(demo_root) as project:
        markdown = project.report("synthesis", "md")
        assert markdown.attachments == () and b"![" not in markdown.content and b"Figuur" not in markdown.content
        assert "<svg" not in project.report("synthesis", "html").content.decode("utf-8")
        with zipfile.ZipFile(io.BytesIO(project.report("synthesis", "docx").content)) as package:
            assert not [name for name in package.namelist() if name.startswith("word/media/")]
        assert "<svg" in project.report("synthesis", "html", charts=True).content.decode("utf-8")
    out = demo_root / "reports" / "zonder.md"
    assert cli("--project", demo_root, "report", "synthesis", "--out", out, "--no-charts").code == 0
    assert "Figuur" not in out.read_text(encoding="utf-8") and not list(out.parent.glob("zonder-figuur-*"))


_PROBE = """
import json, sys
from pathlib import Path
from qualcode.project import Project
with Project.open(Path(sys.argv[1])) as project:
    project.report("synthesis", sys.argv[2], charts=sys.argv[3] == "on")
print(json.dumps({"PIL": "PIL" in sys.modules, "charts": "qualcode.reporting.charts" in sys.modules,
                  "matplotlib": "matplotlib" in sys.modules}))
"""


def _loaded(root: Path, fmt: str, charts: str) -> dict[str, bool]:
    done = subprocess.run([sys.executable, "-c", _PROBE, str(root), fmt, charts], capture_output=True, text=True,
                          check=True)
    loaded: dict[str, bool] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_a_report_without_charts_loads_no_drawing_code(demo_root: Path) -> None:
    assert _loaded(demo_root, "docx", "off") == {"PIL": False, "charts": False, "matplotlib": False}
    # The same probe sees the library when Word does get charts, so the check above can fail.
    assert _loaded(demo_root, "docx", "on") == {"PIL": True, "charts": True, "matplotlib": False}
    # HTML's charts are SVG written by hand: no drawing library at all.
    assert _loaded(demo_root, "html", "on") == {"PIL": False, "charts": True, "matplotlib": False}


def test_a_setting_that_is_not_true_or_false_is_refused(demo_root: Path, cli: Cli) -> None:
    _set_charts(demo_root, '"nee"')
    result = cli("--project", demo_root, "report", "synthesis")
    assert result.code != 0 and "charts" in result.text and "true or false" in result.text


def test_every_word_a_chart_draws_goes_through_the_check(demo: Project) -> None:
    """An anonymised report's leak check cannot search a PNG: synthesis_figures hands it each chart's words."""
    from qualcode.project.reports import coded_corpus, report_options
    from qualcode.reporting.build_synthesis import build_synthesis
    from qualcode.reporting.charts import synthesis_figures

    corpus = coded_corpus(demo.store)
    options = report_options(demo.store, demo.config, corpus, lang=None, anonymise=False, coder=None,
                             timestamp=False, anonymiser=None)
    seen: list[tuple[str, str]] = []
    _, files = synthesis_figures(corpus, options, build_synthesis(corpus, options), fmt="docx", stem="s",
                                 check=lambda words, what: seen.append((words, what)))
    assert len(seen) == len(files)
    heat = next(words for words, what in seen if "per gemeente en code" in what)
    assert "Westerbroek" in heat.split("\n") and "Passages:" in heat
    # And an anonymised Word synthesis draws pseudonyms, which pass the check.
    anonymous = demo.report("synthesis", "docx", anonymise=True)
    assert zipfile.ZipFile(io.BytesIO(anonymous.content)).namelist().count("word/media/image7.png") == 1
