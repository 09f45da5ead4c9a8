"""What a table request names is checked in one place (project/choices.py), for the CLI and the API alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from qualcode.project.reports import TableRequest
from tests.functional.coding_project import build_project, guid_of, span


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    root = build_project(tmp_path / "p")
    with Project.open(root) as project:
        for source, phrase, code in (("westerbroek.txt", "geen budget", "geld.budget"),
                                     ("hoogveen.md", "Er is geen geld voor verduurzaming.", "geld.budget")):
            guid = guid_of(project, source)
            project.apply_coding(guid, *span(project, guid, phrase), code, "eva")
    return root


def test_an_unknown_where_attribute_is_an_error_with_the_closest_one(coded: Path, cli: Callable) -> None:
    result = cli("--project", coded, "table", "quotes", "--where", "provinsie=Drenthe", "--out", coded / "q.csv")
    assert result.code == 1 and "Traceback" not in result.text
    assert "no case attribute 'provinsie'; did you mean 'provincie'?" in result.err
    assert "(--where)" in result.err and not (coded / "q.csv").exists()


def test_where_matches_the_attribute_name_without_regard_to_case(coded: Path, cli: Callable) -> None:
    result = cli("--project", coded, "table", "quotes", "--where", "Provincie=Drenthe", "--out", coded / "q.csv")
    assert result.code == 0, result.err
    rows = (coded / "q.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and "Hoogveen" in rows[1]


def test_the_api_checks_what_the_cli_checks(coded: Path, open_project: Callable[[Path], Project]) -> None:
    project = open_project(coded)
    with pytest.raises(ProjectError, match="no case attribute 'inwoner'; did you mean 'inwoners'"):
        project.table(TableRequest("matrix", by="inwoner"))
    with pytest.raises(ProjectError, match=r"no code 'geld\.budgt'; did you mean 'geld\.budget'"):
        project.table(TableRequest("quotes", code="geld.budgt"))
    with pytest.raises(ProjectError, match="unknown code type 'belemering'"):
        project.table(TableRequest("matrix", code_type="belemering"))
    by_label = project.table(TableRequest("matrix", code_type="belemmering")).content
    assert by_label == project.table(TableRequest("matrix", code_type="barrier")).content
    assert b"Geen budget" in by_label
    by_role = project.table(TableRequest("matrix", by="rol")).content
    assert by_role.startswith(b"code,")
