"""One attribute filter: the workbench's retrieval screen (Project.passages(attributes=…)) and `qualcode table quotes
--where` select the same gemeenten for the same question, without regard to case and accents."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.domain.attribute_filter import fold, matches
from qualcode.project import Project
from qualcode.project.demo import build_demo
from qualcode.project.reports import TableRequest

CASES = """gemeente,provincie,inwoners,g40,regio,houding,speerpunten
Westerbroek,Groningen,58400,ja,Noord,actief,vastgoed;samenwerking
Hoogveen,Drenthe,24500,nee,Noord,afwachtend,warmte;participatie
Lindewaard,Gelderland,41300,nee,Oost,geïnteresseerd,vastgoed;participatie
Amstelhaven,Noord-Holland,312000,ja,West,actief,warmte;participatie
Bergakker,Fryslân,17800,nee,Noord,afwachtend,vastgoed
's-Heerenbeek,Noord-Brabant,36900,nee,Zuid,geïnteresseerd,warmte;samenwerking
Oosterlanden,Fryslân,128000,ja,Noord,actief,warmte;vastgoed;participatie
Vliedorp,Zeeland,12400,nee,Zuidwest,,samenwerking
Rijnstede,Utrecht,67200,nee,Midden,geïnteresseerd,vastgoed;samenwerking
"""


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("attribute-filter") / "demo"
    with build_demo(root) as project:
        (root / "cases-fryslan.csv").write_text(CASES, encoding="utf-8")
        project.load_cases(root / "cases-fryslan.csv")
    return root


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Project]:
    shutil.copytree(demo_template, tmp_path / "demo")
    with Project.open(tmp_path / "demo") as project:
        yield project


def retrieval_cases(project: Project, wanted: dict[str, str]) -> set[str]:
    return {p.case_name for p in project.passages(attributes=wanted) if p.case_name}


def where_cases(project: Project, wanted: dict[str, str]) -> set[str]:
    content = project.table(TableRequest("quotes", where=tuple(wanted.items())), "csv").content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(content)))
    return {row[2] for row in rows[1:] if len(row) > 2 and row[2]}


@pytest.mark.parametrize(("wanted", "expected"), [
    ({"provincie": "Fryslân"}, {"Bergakker", "Oosterlanden"}),
    ({"provincie": "fryslan"}, {"Bergakker", "Oosterlanden"}),
    ({"Provincie": "FRYSLAN"}, {"Bergakker", "Oosterlanden"}),
    ({"houding": "geinteresseerd"}, {"Lindewaard", "'s-Heerenbeek", "Rijnstede"}),
    ({"houding": "Geïnteresseerd", "regio": "ZUID"}, {"'s-Heerenbeek"}),
    ({"g40": "yes"}, {"Westerbroek", "Amstelhaven", "Oosterlanden"}),
    ({"speerpunten": "Participatie", "regio": "noord"}, {"Hoogveen", "Oosterlanden"}),
    ({"houding": "onbekend"}, {"Vliedorp"}),
    ({"provincie": "noord holland"}, set()),  # a hyphen is not a space: no partial or fuzzy match
])
def test_retrieval_screen_and_where_select_the_same_gemeenten(demo: Project, wanted: dict[str, str],
                                                                expected: set[str]) -> None:
    interviewed = {p.case_name for p in demo.passages() if p.case_name}
    assert retrieval_cases(demo, wanted) == expected & interviewed
    assert where_cases(demo, wanted) == expected & interviewed
    assert expected & interviewed or not expected


def test_where_through_the_command_line_is_accent_and_case_blind(demo: Project) -> None:
    from qualcode.cli.main import main

    out = demo.root / "reports" / "friese-citaten.csv"
    assert main(["--project", str(demo.root), "table", "quotes", "--where", "PROVINCIE=fryslan",
                 "--out", str(out)]) == 0
    cases = {row[2] for row in list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))[1:]}
    assert cases and cases <= {"Bergakker", "Oosterlanden"}


def test_the_filter_itself() -> None:
    assert fold(" Súdwest-Fryslân ") == "sudwest-fryslan"
    assert fold("’s-Heerenbeek") == fold("'s-heerenbeek")
    labels = {"Provincie": ["Fryslân"], "g40": ["nee"], "speerpunten": ["warmte", "vastgoed"], "houding": []}
    assert matches({"provincie": "FRYSLAN", "G40": "no", "speerpunten": "Vastgoed"}, labels)
    assert matches({"houding": "Onbekend", "regio": "unknown"}, labels)  # no value, and no such attribute
    assert not matches({"provincie": "Friesland"}, labels)
    assert not matches({"speerpunten": "warmte;vastgoed"}, labels)
