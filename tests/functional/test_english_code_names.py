"""English reports and tables name codes and themes in English (the codebook's name_en and description_en), fall
back to the Dutch name with one warning, and keep the English names through codebook export and load."""

from __future__ import annotations

import re
import shutil
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import yaml

from qualcode.project import Project
from tests.functional import heat_project
from tests.functional.conftest import Cli

CODES = 10


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return heat_project.build(tmp_path_factory.mktemp("english") / "studie", 4, CODES)


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "studie"))


def _names() -> tuple[list[str], list[str]]:
    """The Dutch and the English names of every code and theme of the codebook."""
    dutch, english = [], []

    def walk(entries: list[dict[str, object]]) -> None:
        for entry in entries:
            dutch.append(str(entry["name"]))
            english.append(str(entry["name_en"]))
            walk(entry.get("children", []))  # type: ignore[arg-type]

    walk(yaml.safe_load(heat_project.codebook(CODES))["codes"])
    return dutch, english


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode("utf-8"))


def _shown(text: str, names: list[str]) -> set[str]:
    return {name for name in names if name in text}


def test_an_english_report_names_every_code_and_theme_in_english_in_text_tables_and_charts(project: Path) -> None:
    dutch, english = _names()
    with Project.open(project) as opened:
        rendered = {(kind, fmt): opened.report(kind, fmt, lang="en")
                    for kind in ("synthesis", "appendix") for fmt in ("html", "md", "docx")}
        dutch_report = opened.report("synthesis", "html").content.decode("utf-8")
    for (kind, fmt), report in rendered.items():
        text = _docx_text(report.content) if fmt == "docx" else report.content.decode("utf-8")
        text += "".join(data.decode("utf-8") for _, data in report.attachments)  # the Markdown figures
        assert _shown(text, dutch) == set(), (kind, fmt)
        assert report.warnings == ()  # every code has its English name
        if kind == "appendix":  # Bijlage B lists the whole codebook
            assert _shown(text, english) == set(english), fmt
        else:  # the synthesis shows the codes that were coded, with their definitions
            assert {"Grid congestion slows electrification", "Public buildings"} <= _shown(text, english), fmt
            assert "What the municipality says about grid congestion" in text
            assert "Wat de gemeente zegt over" not in text
    synthesis = rendered[("synthesis", "html")].content.decode("utf-8")
    charts = "".join(re.findall(r"<svg .*?</svg>", synthesis, re.DOTALL))
    assert "Grid congestion slows electrification" in charts and "Public buildings" in charts  # bars and heat map
    assert "Netcongestie remt elektrificatie" in dutch_report and _shown(dutch_report, english) == set()


@pytest.mark.parametrize(("kind", "fmt"), [("matrix", "csv"), ("matrix", "md"), ("frequencies", "csv"),
                                           ("quotes", "csv"), ("frequencies", "md")])
def test_an_english_table_names_its_codes_in_english(project: Path, kind: str, fmt: str) -> None:
    dutch, english = _names()
    with Project.open(project) as opened:
        table = opened.table(kind, fmt, lang="en")
        in_dutch = opened.table(kind, fmt).content.decode("utf-8")
    text = table.content.decode("utf-8")
    assert _shown(text, dutch) == set() and _shown(text, english)
    assert _shown(in_dutch, english) == set() and _shown(in_dutch, dutch)


def test_codes_without_an_english_name_stay_dutch_with_one_warning_for_the_command(project: Path, cli: Cli) -> None:
    book = heat_project.codebook(CODES)
    book = book.replace("        name_en: Slow tendering\n", "").replace("    name_en: Funding and grants\n", "")
    (project / "codeboek.yaml").write_text(book, encoding="utf-8")
    loaded = cli("--project", project, "codebook", "load", project / "codeboek.yaml")
    assert loaded.code == 0, loaded.text
    result = cli("--project", project, "report", "synthesis", "appendix", "--format", "html", "md", "--lang", "en")
    assert result.code == 0, result.text
    assert result.err.count("warning") == 1  # one line for four reports, not one per code or per report
    assert f"2 of {CODES + 4} codes and themes have no English name" in result.err
    synthesis = (project / "reports" / "synthesis.html").read_text(encoding="utf-8")
    assert "Trage aanbestedingen" in synthesis and "Financiering en subsidies" in synthesis  # their Dutch names
    assert "Grid congestion slows electrification" in synthesis  # the others in English
    table = cli("--project", project, "table", "matrix", "--lang", "en")
    assert table.code == 0 and table.err.count("warning") == 1
    dutch = cli("--project", project, "report", "synthesis", "--format", "html")
    assert dutch.code == 0 and "warning" not in dutch.err  # a Dutch report has nothing to warn about


def test_english_names_go_through_codebook_export_and_load(project: Path, cli: Cli) -> None:
    exported = cli("--project", project, "codebook", "export")
    assert exported.code == 0
    codes = yaml.safe_load(exported.out)["codes"]
    assert codes[0]["name_en"] == "Public buildings"
    assert codes[0]["children"][0]["description_en"].startswith("What the municipality says about")
    changed = exported.out.replace("name_en: Grid congestion slows electrification",
                                   "name_en: Congestion on the power grid")
    (project / "terug.yaml").write_text(changed, encoding="utf-8")
    result = cli("--project", project, "codebook", "load", project / "terug.yaml")
    assert result.code == 0, result.text
    assert "1 updated" in result.out  # only the English name changed, and that is a change
    with Project.open(project) as opened:
        report = opened.report("synthesis", "md", lang="en").content.decode("utf-8")
    assert "Congestion on the power grid" in report and "Grid congestion slows" not in report
    again = cli("--project", project, "codebook", "export")
    assert again.out == changed
