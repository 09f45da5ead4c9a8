"""Several report kinds and formats in one command: `qualcode report synthesis appendix --format html docx`, the
same bytes as one command per report, --out as the folder they go in, and a clear refusal of --out as a file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qualcode.project import Project
from qualcode.project.demo import build_demo

Run = Callable[..., Any]  # the cli fixture: qualcode ARGS → Result


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report-many") / "demo"
    build_demo(root).close()
    return root


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    shutil.copytree(demo_template, tmp_path / "demo")
    return tmp_path / "demo"


def test_two_kinds_in_two_formats_in_one_command_give_the_files_of_four_commands(demo: Path, cli: Run) -> None:
    result = cli("--project", demo, "report", "synthesis", "appendix", "--format", "html", "docx")
    assert result.code == 0, result.text
    reports = demo / "reports"
    names = ("synthesis.html", "synthesis.docx", "appendix.html", "appendix.docx")
    for name in names:
        assert f"wrote {reports / name}" in result.out.replace("\n", "")
    together = {name: (reports / name).read_bytes() for name in names}
    with Project.open(demo) as project:
        for name in names:
            kind, fmt = name.split(".")
            assert project.report(kind, fmt).content == together[name], name  # as if rendered on its own


def test_out_names_the_folder_for_several_reports_and_it_is_made(demo: Path, tmp_path: Path, cli: Run) -> None:
    folder = tmp_path / "oplevering" / "rapporten"
    result = cli("--project", demo, "report", "synthesis", "case", "--format", "md", "--anonymise", "--out", folder)
    assert result.code == 0, result.text
    assert (folder / "synthesis-anoniem.md").is_file() and (folder / "case-anoniem.md").is_file()
    assert any(folder.glob("synthesis-anoniem-figuur-*.svg"))  # the Markdown synthesis's figures beside it


@pytest.mark.parametrize("out", ["rapport.html", "bestaand.txt"])
def test_out_as_a_file_is_refused_for_several_reports_and_nothing_is_written(demo: Path, tmp_path: Path,
                                                                              cli: Run, out: str) -> None:
    target = tmp_path / out
    if out == "bestaand.txt":
        target.write_text("van iemand anders", encoding="utf-8")
    before = sorted(p.name for p in (demo / "reports").iterdir())
    result = cli("--project", demo, "report", "synthesis", "appendix", "--format", "html", "--out", target)
    assert result.code == 1
    assert "--out names a folder" in result.err and "render one kind in one format" in result.err
    assert sorted(p.name for p in (demo / "reports").iterdir()) == before
    assert target.read_text(encoding="utf-8") == "van iemand anders" if out == "bestaand.txt" else not target.exists()


def test_one_report_still_writes_the_file_out_names(demo: Path, tmp_path: Path, cli: Run) -> None:
    target = tmp_path / "synthese-voor-de-gemeente.html"
    assert cli("--project", demo, "report", "synthesis", "--format", "html", "--out", target).code == 0
    assert target.read_text(encoding="utf-8").lstrip().startswith("<!")


def test_a_failing_report_among_several_writes_none_of_them(demo: Path, cli: Run) -> None:
    config = demo / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'name = "Voorbeeldstudie verduurzaming gemeenten"', 'name = "Gesprekken met Marieke de Vries"'),
        encoding="utf-8")
    result = cli("--project", demo, "report", "appendix", "synthesis", "--format", "md", "--anonymise")
    assert result.code == 1 and "Marieke de Vries" in result.err
    assert not list((demo / "reports").glob("*-anoniem.md"))
