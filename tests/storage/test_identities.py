"""Identities that travel (issue 12): GUIDs of coders, code types, variables and selections, and codes for life."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from qualcode.domain.errors import CodebookError
from qualcode.project import Project
from qualcode.storage import migrations
from tests.functional.coding_project import CODEBOOK, build_project, guid_of, span

GUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")


def _rows(project: Project, sql: str) -> list[tuple[object, ...]]:
    return list(project.store.conn.execute(sql))


def test_an_older_database_gets_guids_for_coders_variables_and_selections(tmp_path: Path) -> None:
    path = tmp_path / "oud.db"
    db = Database(sqlite3.connect(path))
    migrations.migrations.apply(db, stop_before="m003_identities")
    db.execute("INSERT INTO coders (name, created_at) VALUES ('eva', 'x'), ('joris', 'x')")
    db.execute("INSERT INTO cases (guid, name, key) VALUES ('C1', 'Kleidorp', 'kleidorp')")
    db.execute("INSERT INTO case_attributes VALUES (1, 'provincie', 'text', '\"Zeeland\"'), "
               "(1, 'inwoners', 'number', '12000')")
    db.execute("INSERT INTO documents (guid, title, source_name, sha256, text, format, imported_at) "
               "VALUES ('D1', 't', 'a.txt', 's', 'Wij hebben geen geld.', 'txt', 'x')")
    db.execute("INSERT INTO codes (guid, key, name) VALUES ('K1', 'geld', 'Geld')")
    db.execute("INSERT INTO codings (guid, document_id, start, \"end\", code_id, coder_id, created_at) VALUES "
               "('G1', 1, 0, 4, 1, 1, 'x'), ('G2', 1, 5, 11, 1, 2, 'x')")
    db.conn.commit()
    migrations.apply(db)
    coders = [r[0] for r in db.execute("SELECT guid FROM coders ORDER BY id").fetchall()]
    assert len(set(coders)) == 2 and all(GUID.match(g) for g in coders)
    variables = {r[0]: (r[1], r[2]) for r in db.execute("SELECT name, guid, type FROM variables").fetchall()}
    assert set(variables) == {"provincie", "inwoners"} and variables["inwoners"][1] == "number"
    assert all(GUID.match(guid) for guid, _ in variables.values())
    selections = [r[0] for r in db.execute("SELECT selection_guid FROM codings ORDER BY id").fetchall()]
    assert len(set(selections)) == 2 and all(GUID.match(g) for g in selections)
    types = dict(db.execute("SELECT key, guid FROM code_types").fetchall())
    assert types["barrier"] == "5B1C3A0E-6D2F-4E8A-9C71-0F3B2A6D4E11"


def test_codings_of_one_span_share_a_selection_and_keep_it_through_undo(tmp_path: Path) -> None:
    root = build_project(tmp_path / "p")
    with Project.open(root) as project:
        guid = guid_of(project, "westerbroek.txt")
        start, end = span(project, guid, "Voor de sporthal hebben wij geen budget.")
        first = project.apply_coding(guid, start, end, "geld.budget", "eva")
        second = project.apply_coding(guid, start, end, "ambitie.draagvlak", "joris")
        other = project.apply_coding(guid, start, end - 1, "geld.budget", "eva")
        assert first.selection_guid and GUID.match(first.selection_guid)
        assert second.selection_guid == first.selection_guid
        assert other.selection_guid != first.selection_guid
        project.remove_coding(second.guid, "joris")
        project.undo("joris")
        restored = next(c for c in project.codings(guid) if c.guid == second.guid)
        assert restored.selection_guid == first.selection_guid
        coders = dict(_rows(project, "SELECT name, guid FROM coders"))
        assert set(coders) >= {"eva", "joris"} and all(GUID.match(str(g)) for g in coders.values())


def test_a_case_attribute_becomes_a_variable_with_a_guid(tmp_path: Path) -> None:
    root = build_project(tmp_path / "p")
    with Project.open(root) as project:
        variables = dict(_rows(project, "SELECT name, guid FROM variables"))
    assert set(variables) == {"provincie", "inwoners", "grootteklasse", "g40", "regio", "speerpunten"}
    assert all(GUID.match(str(g)) for g in variables.values())
    with Project.open(root) as project:  # reloading the cases keeps each variable's GUID
        project.load_cases(tmp_path / "cases.csv")
        assert dict(_rows(project, "SELECT name, guid FROM variables")) == variables


def test_two_projects_built_from_one_codebook_share_the_code_guids(tmp_path: Path) -> None:
    first = build_project(tmp_path / "a" / "p")
    second = build_project(tmp_path / "b" / "p")
    with Project.open(first) as one, Project.open(second) as two:
        guids_one = {r.key: r.guid for r in one.code_rows()}
        guids_two = {r.key: r.guid for r in two.code_rows()}
    assert guids_one == guids_two and len(set(guids_one.values())) == len(guids_one)


def test_codebook_export_writes_guids_and_a_new_id_with_that_guid_keeps_the_codings(tmp_path: Path) -> None:
    root = build_project(tmp_path / "p")
    with Project.open(root) as project:
        guid = guid_of(project, "westerbroek.txt")
        coding = project.apply_coding(guid, *span(project, guid, "geen budget"), "geld.budget", "eva")
        exported = project.export_codebook()
        budget_guid = next(r.guid for r in project.code_rows() if r.key == "geld.budget")
    assert f"guid: {budget_guid}" in exported
    renamed = tmp_path / "hernoemd.yaml"
    # The team renamed the id in the YAML; the guid line (written in lower case with braces by some editor) stays.
    renamed.write_text(exported.replace("id: geld.budget", "id: geld.geen-budget")
                       .replace(f"guid: {budget_guid}", f"guid: '{{{budget_guid.lower()}}}'"), encoding="utf-8")
    with Project.open(root) as project:
        load = project.load_codebook(renamed)
        assert load.rekeyed == [("geld.budget", "geld.geen-budget")] and not load.removed
        rows = {r.key: r.guid for r in project.code_rows()}
        assert rows["geld.geen-budget"] == budget_guid and "geld.budget" not in rows
        assert next(c for c in project.codings(guid) if c.guid == coding.guid).code_key == "geld.geen-budget"


def test_undo_and_redo_put_codings_back_on_a_code_whose_id_was_renamed_since(tmp_path: Path) -> None:
    root = build_project(tmp_path / "p")
    table = tmp_path / "codings.csv"
    with Project.open(root) as project:
        guid = guid_of(project, "westerbroek.txt")
        removed = project.apply_coding(guid, *span(project, guid, "geen budget"), "geld.budget", "eva")
        project.remove_coding(removed.guid, "eva")
        start, end = span(project, guid, "geen budget")
        table.write_text(f"document,start,end,code,coder\nwesterbroek.txt,{start},{end},geld.budget,joris\n",
                         encoding="utf-8")
        project.import_codings(table, coder="joris")
        [imported] = [c.guid for c in project.codings(guid) if c.coder == "joris"]
        assert project.undo("joris") is not None
        renamed = tmp_path / "hernoemd.yaml"
        renamed.write_text(project.export_codebook().replace("id: geld.budget", "id: geld.geen-budget"),
                           encoding="utf-8")
        assert project.load_codebook(renamed).rekeyed == [("geld.budget", "geld.geen-budget")]

        undone = project.undo("eva")  # the removal, made before the rename
        redone = project.redo("joris")  # the import, undone before the rename

        assert undone is not None and "not restored" not in undone.summary
        assert redone is not None and "not restored" not in redone.summary
        codes = {c.guid: c.code_key for c in project.codings(guid)}
        assert codes[removed.guid] == codes[imported] == "geld.geen-budget"


def test_a_guid_that_contradicts_the_project_is_refused_with_the_line(tmp_path: Path) -> None:
    root = build_project(tmp_path / "p")
    wrong = tmp_path / "fout.yaml"
    foreign = "  - id: geld\n    guid: 0b6a2f4c-1d3e-4f5a-8b7c-9d0e1f2a3b4c\n"
    wrong.write_text(CODEBOOK.replace("  - id: geld\n", foreign), encoding="utf-8")
    with Project.open(root) as project, pytest.raises(CodebookError) as caught:
        project.load_codebook(wrong)
    message = str(caught.value)
    assert "fout.yaml" in message and "fout.yaml:16:" in message and "guid for life" in message


def test_a_malformed_or_repeated_guid_is_a_codebook_problem(tmp_path: Path) -> None:
    bad = CODEBOOK.replace("  - id: geld\n", "  - id: geld\n    guid: niet-een-guid\n")
    same = "0B6A2F4C-1D3E-4F5A-8B7C-9D0E1F2A3B4C"
    twice = CODEBOOK.replace("  - id: geld\n", f"  - id: geld\n    guid: {same}\n") \
        .replace("      - id: geld.budget\n", f"      - id: geld.budget\n        guid: {same}\n")
    from qualcode.domain.codebook import parse_codebook

    with pytest.raises(CodebookError, match="not a GUID"):
        parse_codebook(bad)
    with pytest.raises(CodebookError, match="also the guid of 'geld'"):
        parse_codebook(twice)
