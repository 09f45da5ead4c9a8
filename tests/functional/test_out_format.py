"""--format and --out together: a file named x.html holds HTML and x.xlsx a workbook, whatever --format was left
at; a --format that contradicts the name is refused with nothing written (one rule, cli/out_format.py)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from qualcode.project.demo import build_demo
from tests.functional.conftest import Cli


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("formats") / "demo"
    build_demo(root).close()
    return root


@pytest.fixture
def demo(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "demo"
    shutil.copytree(template, copy)
    monkeypatch.chdir(copy)
    return copy


def is_workbook(path: Path) -> bool:
    return zipfile.is_zipfile(path) and "xl/workbook.xml" in zipfile.ZipFile(path).namelist()


def test_the_file_name_chooses_the_format(demo: Path, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "uit"
    out.mkdir()
    assert cli("report", "synthesis", "--out", out / "synthese.html").code == 0
    assert (out / "synthese.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert cli("report", "appendix", "--out", out / "bijlagen.docx").code == 0
    assert zipfile.ZipFile(out / "bijlagen.docx").namelist().count("word/document.xml") == 1
    assert cli("table", "matrix", "--out", out / "matrix.xlsx").code == 0
    assert is_workbook(out / "matrix.xlsx")
    assert cli("table", "matrix", "--out", out / "matrix.md").code == 0
    assert (out / "matrix.md").read_text(encoding="utf-8").startswith("|")
    for command in (("words",), ("search", "gemeente"), ("agreement", "--coders", "sanne", "tom")):
        target = out / f"{command[0]}.xlsx"
        result = cli(*command, "--out", target)
        assert result.code == 0, result.text
        assert is_workbook(target), command
    assert cli("table", "matrix").code == 0  # no --out: the defaults stay
    assert (demo / "reports" / "matrix.csv").is_file()


def test_a_format_that_contradicts_the_name_is_refused_before_anything_is_written(demo: Path, cli: Cli,
                                                                                 tmp_path: Path) -> None:
    for command, target in ((("report", "synthesis", "--format", "md"), "synthese.html"),
                            (("table", "matrix", "--format", "csv"), "matrix.xlsx"),
                            (("search", "gemeente", "--format", "csv"), "zoek.md"),
                            (("agreement", "--coders", "sanne", "tom", "--format", "xlsx"), "overeenstemming.csv"),
                            (("codings", "export", "--format", "csv"), "coderingen.xlsx")):
        result = cli(*command, "--out", tmp_path / target)
        assert result.code == 1, (command, result.text)
        assert "does not fit a file ending in" in result.err and "leave --format out" in result.err
        assert not (tmp_path / target).exists()
    # Several files: --out is a folder, and every format is written.
    several = cli("report", "synthesis", "--format", "md", "html", "--out", tmp_path / "map")
    assert several.code == 0, several.text
    assert sorted(p.suffix for p in (tmp_path / "map").glob("synthesis.*")) == [".html", ".md"]


def test_a_file_named_for_a_format_the_command_does_not_write_is_refused(demo: Path, cli: Cli, tmp_path: Path) -> None:
    for command, target in ((("table", "matrix"), "matrix.docx"), (("report", "appendix"), "bijlagen.csv"),
                            (("search", "gemeente"), "zoek.html"), (("codings", "export"), "coderingen.md"),
                            (("agreement", "--coders", "sanne", "tom"), "overeenstemming.html")):
        result = cli(*command, "--out", tmp_path / target)
        assert result.code == 1, (command, result.text)
        assert "this command writes" in result.err and "--format" not in result.err.split("→")[0]
        assert not (tmp_path / target).exists()


def test_out_dash_is_standard_output_and_never_a_file_named_dash(demo: Path, cli: Cli) -> None:
    table = cli("table", "matrix", "--out", "-")
    assert table.code == 0 and table.out.startswith("\ufeff") is False and "wrote" not in table.out
    assert table.out.splitlines()[0].startswith(("gemeente", "case", "code"))
    agreement = cli("agreement", "--coders", "sanne", "tom", "--format", "csv", "--out", "-")
    assert agreement.code == 0 and agreement.out.startswith("code,name,")
    appendix = cli("report", "appendix", "--out", "-")
    assert appendix.code == 0 and "## Bijlage F. Methode" in appendix.out and "wrote" not in appendix.out
    with_figures = cli("report", "synthesis", "--out", "-")
    assert with_figures.code == 1 and "figure files cannot go to standard output" in with_figures.err
    assert cli("report", "synthesis", "--no-charts", "--out", "-").code == 0
    workbook = cli("table", "matrix", "--format", "xlsx", "--out", "-")
    assert workbook.code == 1 and "cannot go to standard output" in workbook.err
    several = cli("report", "synthesis", "appendix", "--out", "-")
    assert several.code == 1 and "several reports cannot go to standard output" in several.err
    assert not (demo / "-").exists()
