"""`qualcode cases load | show` (typed attributes, size classes, updates) and `qualcode status`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qualcode.project import Project

CASES = """\
gemeente,provincie,inwoners,oppervlakte,g40,startdatum,speerpunten,houding
Hoogveen,Drenthe,24500,"3,5",nee,2025-03-03,warmte,afwachtend
Vliedorp,Zeeland,29.999,12,nee,11-04-2025,samenwerking,afwachtend
Lindewaard,Gelderland,30.000,"7,25",ja,1 mei 2025,vastgoed;participatie,actief
Westerbroek,Groningen,100.000,"40,5",ja,2025-04-11,vastgoed;samenwerking,actief
Oosterlanden,Overijssel,100.001,"88,0",ja,2025-02-01,warmte;vastgoed;participatie,geïnteresseerd
"""

HOOGVEEN = """\
Gemeente: Hoogveen
Gesprekspartner: Els Verhoef
Functie: beleidsadviseur energie

I: Hoe betaalt u de verduurzaming?
R: Er is geen structureel budget. Elk jaar vragen we opnieuw geld.
I: En de samenwerking?
R: Die loopt goed met de corporatie.
"""

VLIEDORP = """\
Gemeente: Vliedorp
Gesprekspartner: Ingrid Mulder

I: Wat is de grootste zorg?
R: Dat we als kleine gemeente achterlopen.
"""

CODEBOOK = """\
name: Status
codes:
  - id: geld
    name: Geld
    children:
      - id: geld.budget
        name: Geen budget
        type: barrier
      - id: geld.subsidie
        name: Subsidie benut
        type: opportunity
      - id: geld.capaciteit
        name: Capaciteit
        type: condition
"""


def with_classification(root: Path, column: str) -> None:
    settings = root / "qualcode.toml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("classifications = []", f'classifications = ["{column}"]')
    settings.write_text(text, encoding="utf-8")


def table_rows(printed: str) -> list[list[str]]:
    """Return the cells of the body rows of a table rich printed."""
    return [[cell.strip() for cell in line.strip().strip("│").split("│")]
            for line in printed.splitlines() if line.startswith("│")]


def test_cases_load_infers_typed_attributes_and_size_classes(
        root: Path, cli: Callable, open_project: Callable, write_file: Callable) -> None:
    with_classification(root, "houding")
    write_file(root / "cases.csv", CASES)

    result = cli("cases", "load", "cases.csv")

    assert result.code == 0, result.err
    assert result.out.strip() == "cases.csv: 5 cases added, 0 updated"
    project = open_project(root)
    cases = {case["name"]: case for case in project.cases()}
    assert sorted(cases) == ["Hoogveen", "Lindewaard", "Oosterlanden", "Vliedorp", "Westerbroek"]
    lindewaard = {a.name: (a.type, a.value) for a in cases["Lindewaard"]["attributes"]}
    assert lindewaard == {
        "provincie": ("text", "Gelderland"),
        "inwoners": ("integer", 30000),
        "oppervlakte": ("decimal", 7.25),
        "g40": ("boolean", True),
        "startdatum": ("date", "2025-05-01"),
        "speerpunten": ("categories", ["vastgoed", "participatie"]),
        "houding": ("category", "actief"),
        "grootteklasse": ("category", "middelgroot"),
    }
    hoogveen = {a.name: a.value for a in cases["Hoogveen"]["attributes"]}
    assert (hoogveen["inwoners"], hoogveen["oppervlakte"], hoogveen["g40"]) == (24500, 3.5, False)
    assert hoogveen["speerpunten"] == ["warmte"]
    size_classes = {name: {a.name: a.value for a in case["attributes"]}["grootteklasse"]
                    for name, case in cases.items()}
    assert size_classes == {"Hoogveen": "klein", "Vliedorp": "klein", "Lindewaard": "middelgroot",
                            "Westerbroek": "middelgroot", "Oosterlanden": "groot"}
    [event] = project.store.events()
    assert event.action == "load_cases"


def test_cases_reload_updates_instead_of_duplicating(root: Path, cli: Callable, open_project: Callable,
                                                     write_file: Callable) -> None:
    write_file(root / "cases.csv", CASES)
    assert cli("cases", "load", "cases.csv").code == 0
    updated = "gemeente;inwoners;g40\nGemeente Hoogveen;120.000;ja\nVliedorp;12.400;nee\n"
    write_file(root / "bijgewerkt.csv", updated, encoding="utf-8-sig")

    result = cli("cases", "load", "bijgewerkt.csv")

    assert result.code == 0, result.err
    assert result.out.strip() == "bijgewerkt.csv: 0 cases added, 2 updated"
    project = open_project(root)
    cases = {case["name"]: case for case in project.cases()}
    assert len(cases) == 5
    assert {a.name: a.value for a in cases["Hoogveen"]["attributes"]} == {
        "inwoners": 120000, "g40": True, "grootteklasse": "groot"}
    assert {a.name: a.value for a in cases["Vliedorp"]["attributes"]}["inwoners"] == 12400
    assert len(project.store.events()) == 2


def test_cases_show_prints_a_table_with_types_and_interviews(root: Path, cli: Callable,
                                                             write_file: Callable) -> None:
    write_file(root / "cases.csv", CASES)
    write_file(root / "transcripts" / "hoogveen.txt", HOOGVEEN)
    assert cli("cases", "load", "cases.csv").code == 0
    assert cli("import", "transcripts").code == 0

    result = cli("cases", "show")

    assert result.code == 0, result.err
    assert "5 cases" in result.out
    for header in ("case", "interviews", "inwoners", "integer", "g40", "boolean", "speerpunten", "categories",
                   "grootteklasse", "category"):
        assert header in result.out
    rows = {cells[0]: cells for cells in table_rows(result.out)}
    assert rows["Hoogveen"][:4] == ["Hoogveen", "1", "Drenthe", "24.500"]
    assert rows["Hoogveen"][5:] == ["nee", "2025-03-03", "warmte", "afwachtend", "klein"]
    assert rows["Lindewaard"][:4] == ["Lindewaard", "0", "Gelderland", "30.000"]
    assert rows["Lindewaard"][5:] == ["ja", "2025-05-01", "vastgoed; participatie", "actief", "middelgroot"]


def test_cases_show_without_cases(root: Path, cli: Callable) -> None:
    result = cli("cases", "show")

    assert result.code == 0
    assert "no cases yet" in result.out and "qualcode cases load cases.csv" in result.out


def test_status_reports_documents_words_cases_codes_codings_and_progress(root: Path, cli: Callable,
                                                                         write_file: Callable) -> None:
    write_file(root / "transcripts" / "hoogveen.txt", HOOGVEEN)
    write_file(root / "transcripts" / "vliedorp.txt", VLIEDORP)
    write_file(root / "codebooks" / "status.yaml", CODEBOOK)
    write_file(root / "cases.csv", CASES)
    assert cli("import", "transcripts").code == 0
    assert cli("codebook", "load", "codebooks/status.yaml").code == 0
    assert cli("cases", "load", "cases.csv").code == 0
    with Project.open(root) as project:
        guids = {d.source_name: d.guid for d in project.documents()}
        hoogveen = guids["hoogveen.txt"]
        turns = [t for t in project.turns(hoogveen) if not t["is_interviewer"]]
        project.apply_coding(hoogveen, turns[0]["start"], turns[0]["end"], "geld.budget", "sanne")
        project.apply_coding(hoogveen, turns[0]["start"], turns[0]["end"], "geld.budget", "tom")
        project.apply_coding(hoogveen, turns[1]["start"], turns[1]["end"], "geld.subsidie", "sanne")
        words = sum(d.word_count for d in project.documents())
        status = project.status()

    result = cli("status")

    assert result.code == 0, result.err
    assert status.totals["documents"] == 2 and status.totals["words"] == words
    assert status.cases == 5
    assert status.codes_by_type == {"barrier": 1, "opportunity": 1, "condition": 1}
    assert status.codings_by_type == {"barrier": 2, "opportunity": 1}
    assert status.codings_per_coder == {"sanne": 2, "tom": 1}
    progress = {row["case"]: row for row in status.progress}
    assert (progress["Hoogveen"]["respondent_turns"], progress["Hoogveen"]["coded_turns"],
            progress["Hoogveen"]["codings"]) == (2, 2, 3)
    assert (progress["Vliedorp"]["respondent_turns"], progress["Vliedorp"]["coded_turns"]) == (1, 0)
    lines = result.out.splitlines()
    assert lines[0] == f"Teststudie  ({root})"
    assert lines[1].strip() == (f"2 documents, {words} words, {status.totals['turns']} turns, "
                                f"{status.totals['sentences']} sentences, 5 cases")
    assert "codes by type: 1 belemmering, 1 kans, 1 randvoorwaarde" in result.out
    assert "codings by type: 2 belemmering, 1 kans" in result.out
    assert "codings per coder: sanne 2, tom 1" in result.out
    rows = {cells[0]: cells for cells in table_rows(result.out)}
    assert rows["Hoogveen"] == ["Hoogveen", "hoogveen.txt", str(progress["Hoogveen"]["words"]), "2",
                                "2 (100%)", "3"]
    assert rows["Vliedorp"][1:] == ["vliedorp.txt", str(progress["Vliedorp"]["words"]), "1",
                                    "0 (0%)", "0"]


def test_status_of_an_empty_project(root: Path, cli: Callable) -> None:
    result = cli("status")

    assert result.code == 0, result.err
    assert "0 documents, 0 words, 0 turns, 0 sentences, 0 cases" in result.out
    assert "codes by type: none" in result.out
    assert "codings per coder: none" in result.out
    assert "coding progress" not in result.out
