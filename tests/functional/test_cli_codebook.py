"""`qualcode codebook check|load|show|export`: validation, upsert by id, refusals, snapshots, round trips."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from qualcode.project import Project

CODEBOOK = """\
name: Verduurzaming gemeentelijk vastgoed
types:
  - id: tactic
    label: tactiek
    label_en: tactic
    badge: T
codes:
  - id: vastgoed
    name: Maatschappelijk vastgoed
    description: Verduurzaming van gemeentelijke gebouwen.
    children:
      - id: vastgoed.financiering
        name: Geen structurele financiering
        type: belemmering
        description: >-
          Er is geen vast budget voor verduurzaming; elk project vraagt
          een nieuw krediet.
        include: Passages over incidentele middelen.
        exclude: "Niet voor subsidies: gebruik vastgoed.subsidie."
        example: "We moeten elk jaar opnieuw om geld vragen."
        colour: "#C0392B"
        keywords: [financiering, budget, "structurele middelen"]
      - id: vastgoed.routekaart
        name: Routekaart geeft richting
        type: kans
  - id: samenwerking
    name: Samenwerking
    children:
      - id: samenwerking.capaciteit
        name: Voldoende ambtelijke capaciteit
        type: randvoorwaarde
      - id: samenwerking.koppelkansen
        name: Werk met werk maken
        type: tactiek
"""

SENTENCE_TRANSCRIPT = """\
Gemeente: Hoogveen
Gesprekspartner: Els Verhoef

I: Hoe betaalt u de verduurzaming?
R: Er is geen structureel budget. Elk jaar vragen we opnieuw geld.
"""


def load_and_code(root: Path, cli: Callable, write_file: Callable) -> Project:
    """Load the codebook, import a transcript and code two sentences; return the open project."""
    write_file(root / "codebooks" / "boek.yaml", CODEBOOK)
    write_file(root / "transcripts" / "hoogveen.txt", SENTENCE_TRANSCRIPT)
    assert cli("codebook", "load", "codebooks/boek.yaml").code == 0
    assert cli("import", "transcripts").code == 0
    project = Project.open(root)
    [document] = project.documents()
    sentences = project.sentences(document.guid)
    project.apply_coding(document.guid, sentences[1][0], sentences[1][1], "vastgoed.financiering", "sanne")
    project.apply_coding(document.guid, sentences[2][0], sentences[2][1], "vastgoed.financiering", "tom")
    return project


def test_check_prints_an_ok_line_with_counts_without_a_project(
        tmp_path: Path, cli: Callable, write_file: Callable, monkeypatch: pytest.MonkeyPatch) -> None:
    write_file(tmp_path / "boek.yaml", CODEBOOK)
    monkeypatch.chdir(tmp_path)

    result = cli("codebook", "check", "boek.yaml")

    assert result.code == 0, result.err
    assert result.out.strip() == ("boek.yaml: OK — 4 codes in 2 themes "
                                  "(1 belemmering, 1 kans, 1 randvoorwaarde, 1 tactiek)")
    assert not (tmp_path / "qualcode.db").exists()


def test_check_inside_a_project_changes_nothing(root: Path, cli: Callable, counts: Callable,
                                                write_file: Callable) -> None:
    write_file(root / "codebooks" / "boek.yaml", CODEBOOK)

    result = cli("--project", root, "codebook", "check", "codebooks/boek.yaml")

    assert result.code == 0, result.err
    assert "codebooks/boek.yaml: OK — 4 codes in 2 themes" in result.out
    assert counts(root)["codes"] == 0


def test_check_keeps_a_file_name_with_brackets(tmp_path: Path, cli: Callable, write_file: Callable,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    write_file(tmp_path / "[v2] boek.yaml", CODEBOOK)
    monkeypatch.chdir(tmp_path)

    result = cli("codebook", "check", "[v2] boek.yaml")

    assert result.code == 0, result.err
    assert result.out.startswith("[v2] boek.yaml: OK — 4 codes in 2 themes")


def test_check_lists_every_problem_with_file_and_line(tmp_path: Path, cli: Callable, write_file: Callable,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    write_file(tmp_path / "fout.yaml", """\
codes:
  - id: a
    name: A
    type: probleem
  - id: a
    name: Dubbel
  - id: b
    colour: rood
""")
    monkeypatch.chdir(tmp_path)

    result = cli("codebook", "check", "fout.yaml")

    assert result.code == 1
    assert "the codebook has 4 problems" in result.err
    assert "fout.yaml:4: unknown type 'probleem' for code 'a'" in result.err
    assert "fout.yaml:5: duplicate id 'a' (first on line 2)" in result.err
    assert "fout.yaml:7: code 'b' has no name" in result.err
    assert "fout.yaml:8: colour 'rood' of 'b' is not a colour like '#c0392b'" in result.err
    assert result.err.count("→") == 4


def test_load_stores_the_tree_types_and_fields(root: Path, cli: Callable, open_project: Callable,
                                               write_file: Callable) -> None:
    write_file(root / "codebooks" / "boek.yaml", CODEBOOK)

    result = cli("codebook", "load", "codebooks/boek.yaml")

    assert result.code == 0, result.err
    assert "codebooks/boek.yaml: 6 added, 0 updated, 0 removed" in result.out
    project = open_project(root)
    codebook = project.codebook()
    assert codebook.name == "Verduurzaming gemeentelijk vastgoed"
    assert [(c.key, c.parent_key, c.type) for c in codebook.codes] == [
        ("vastgoed", None, None), ("vastgoed.financiering", "vastgoed", "barrier"),
        ("vastgoed.routekaart", "vastgoed", "opportunity"), ("samenwerking", None, None),
        ("samenwerking.capaciteit", "samenwerking", "condition"),
        ("samenwerking.koppelkansen", "samenwerking", "tactic"),
    ]
    financing = codebook.code("vastgoed.financiering")
    assert financing.description == ("Er is geen vast budget voor verduurzaming; elk project vraagt "
                                      "een nieuw krediet.")
    assert financing.exclude == "Niet voor subsidies: gebruik vastgoed.subsidie."
    assert financing.colour == "#c0392b"
    assert financing.keywords == ("financiering", "budget", "structurele middelen")
    assert {t.key: t.label for t in codebook.types}["tactic"] == "tactiek"
    [event] = project.store.events()
    assert event.action == "load_codebook"
    assert event.payload["added"] == [c.key for c in codebook.codes]


def test_reload_renames_by_id_and_keeps_codings(root: Path, cli: Callable, write_file: Callable) -> None:
    project = load_and_code(root, cli, write_file)
    codings_before = project.codings()
    financing_before = project.codebook().code("vastgoed.financiering")
    project.close()
    renamed = CODEBOOK.replace("name: Geen structurele financiering", "name: Gebrek aan structureel budget")
    write_file(root / "codebooks" / "boek.yaml", renamed)

    result = cli("codebook", "load", "codebooks/boek.yaml")

    assert result.code == 0, result.err
    assert "0 added, 1 updated, 0 removed" in result.out
    assert ("renamed vastgoed.financiering: 'Geen structurele financiering' → "
            "'Gebrek aan structureel budget' (codings kept)") in result.out
    with Project.open(root) as project:
        assert project.codebook().code("vastgoed.financiering").name == "Gebrek aan structureel budget"
        assert project.codings() == codings_before
        assert project.codings_per_code() == {"vastgoed.financiering": 2}
        assert len(project.codebook().codes) == 6
        assert financing_before.keywords == project.codebook().code("vastgoed.financiering").keywords


def test_load_refuses_to_drop_a_code_with_codings(root: Path, cli: Callable, counts: Callable,
                                                  write_file: Callable) -> None:
    project = load_and_code(root, cli, write_file)
    exported_before = project.export_codebook()
    project.close()
    before = counts(root)
    without = CODEBOOK.replace(CODEBOOK[CODEBOOK.index("      - id: vastgoed.financiering"):
                                        CODEBOOK.index("      - id: vastgoed.routekaart")], "")
    without = without.replace("name: Routekaart geeft richting", "name: Routekaart als kompas")
    write_file(root / "codebooks" / "kleiner.yaml", without)

    result = cli("codebook", "load", "codebooks/kleiner.yaml")

    assert result.code == 1
    assert ("codebooks/kleiner.yaml: codes with codings are missing from the codebook: "
            "vastgoed.financiering (2 codings)") in result.err
    assert "--force" in result.err and "snapshot" in result.err
    assert counts(root) == before
    with Project.open(root) as project:
        assert project.export_codebook() == exported_before
    assert not (root / ".qualcode" / "snapshots").exists()


def test_load_with_force_deletes_the_code_after_a_snapshot(root: Path, cli: Callable, counts: Callable,
                                                           write_file: Callable, tmp_path: Path) -> None:
    project = load_and_code(root, cli, write_file)
    codings_before = project.codings()
    project.close()
    before = counts(root)
    without = CODEBOOK.replace(CODEBOOK[CODEBOOK.index("      - id: vastgoed.financiering"):
                                        CODEBOOK.index("      - id: vastgoed.routekaart")], "")
    write_file(root / "codebooks" / "kleiner.yaml", without)

    result = cli("codebook", "load", "codebooks/kleiner.yaml", "--force")

    assert result.code == 0, result.err
    assert "1 removed" in result.out
    assert "deleted vastgoed.financiering with 2 codings" in result.out
    snapshots = list((root / ".qualcode" / "snapshots").glob("*.db"))
    assert len(snapshots) == 1
    assert str(snapshots[0]) in result.out
    after = counts(root)
    assert after == {**before, "codes": 5, "codings": 0, "events": before["events"] + 1}
    with Project.open(root) as project:
        assert "vastgoed.financiering" not in [c.key for c in project.codebook().codes]
        event = project.store.events(limit=1)[0]
        assert event.action == "load_codebook"
        # What undo needs: the removed code and every coding it had.
        [removed] = event.payload["removed"]
        assert removed["key"] == "vastgoed.financiering"
        assert sorted(c["guid"] for c in removed["codings"]) == sorted(
            c.guid for c in codings_before if c.code_key == "vastgoed.financiering")
    # The snapshot is the database as it was: open it as a project to see the deleted codings.
    restored = tmp_path / "hersteld"
    restored.mkdir()
    shutil.copy(snapshots[0], restored / "qualcode.db")
    with Project.open(restored) as old:
        assert [(c.guid, c.code_key) for c in old.codings()] == [(c.guid, c.code_key) for c in codings_before]


def test_show_prints_the_tree_with_types_and_codings(root: Path, cli: Callable, write_file: Callable) -> None:
    load_and_code(root, cli, write_file).close()

    result = cli("codebook", "show")

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Verduurzaming gemeentelijk vastgoed"
    assert "Maatschappelijk vastgoed vastgoed" in result.out
    assert "B Geen structurele financiering vastgoed.financiering · belemmering · 2 codings" in result.out
    assert "K Routekaart geeft richting vastgoed.routekaart · kans · 0 codings" in result.out
    assert "T Werk met werk maken samenwerking.koppelkansen · tactiek · 0 codings" in result.out
    assert lines[-1] == "4 codes in 2 themes (1 belemmering, 1 kans, 1 randvoorwaarde, 1 tactiek)"
    assert result.out.index("Geen structurele financiering") < result.out.index("Samenwerking")


def test_export_load_export_is_stable(root: Path, cli: Callable, open_project: Callable,
                                      write_file: Callable) -> None:
    write_file(root / "codebooks" / "boek.yaml", CODEBOOK)
    assert cli("codebook", "load", "codebooks/boek.yaml").code == 0
    with Project.open(root) as project:
        loaded = project.codebook()

    first = cli("codebook", "export")
    written = cli("codebook", "export", "--out", "export.yaml")
    reloaded = cli("codebook", "load", "export.yaml")
    second = cli("codebook", "export")

    assert (first.code, written.code, reloaded.code, second.code) == (0, 0, 0, 0)
    assert written.out.strip() == "wrote export.yaml"
    assert (root / "export.yaml").read_text(encoding="utf-8") == first.out
    assert "export.yaml: 0 added, 0 updated, 0 removed" in reloaded.out
    assert second.out == first.out
    assert open_project(root).codebook() == loaded
    exported = yaml.safe_load(first.out)
    assert exported["name"] == "Verduurzaming gemeentelijk vastgoed"
    assert exported["types"] == [{"id": "tactic", "label": "tactiek", "label_en": "tactic", "badge": "T"}]
    assert [c["id"] for c in exported["codes"]] == ["vastgoed", "samenwerking"]
    financing = exported["codes"][0]["children"][0]
    assert financing["type"] == "barrier"
    assert financing["keywords"] == ["financiering", "budget", "structurele middelen"]
    assert not list(root.glob(".export.yaml*"))
