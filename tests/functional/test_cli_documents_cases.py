"""`qualcode documents list|remove|rename|set-case` and `qualcode cases rename|merge|alias`: fixing after import."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from qualcode.storage.document_edits import document_dump
from tests.functional.conftest import Cli, database_counts

CODEBOOK = """\
name: Herstel
codes:
  - id: geld
    name: Financiën
    children:
      - id: geld.budget
        name: Geen budget
        type: barrier
      - id: geld.subsidie
        name: Subsidie helpt
        type: opportunity
"""

KLEIDORP = """\
Gemeente: Kleidorp
Gesprekspartner: Anna de Graaf, beleidsadviseur vastgoed
Datum: 4 juni 2025
Interviewer: Pieter Smit

1. Financiën

Pieter: Hoe betaalt de gemeente de verduurzaming van het gemeentehuis?

Anna: Er is geen structureel budget. We leunen op de DUMAVA-subsidie.

Pieter: En de sporthal?

Anna: Daar wachten we op de raad. Het college twijfelt nog.
"""

# No 'Gemeente:' line: the case is guessed from the file name.
WESTERHAVEN = """\
Gesprekspartner: Joris Veenstra, projectleider
Interviewer: Pieter Smit

Pieter: Wat speelt er in uw wijk?

Joris: De warmtevisie is vastgesteld. Bewoners willen meedoen.
"""

ZANDVLIET_NOTES = """\
Gemeente: Zandvliet
Gesprekspartner: Fleur Bos, wethouder

I: Is er budget?

R: Nee, en de netcongestie maakt het lastig.
"""

CASES = """\
gemeente,provincie,inwoners,regio
Kleidorp,Drenthe,12000,Noord
Westerhaven,Groningen,45000,
"""

CONFIG_EXTRA = '''
[cases.aliases]
# Oude namen van gemeenten die zijn samengegaan.
"Oud-Kleidorp" = "Kleidorp"
'''


@pytest.fixture
def study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with three imported write-ups, cases, a codebook, two coders' codings and memos."""
    root = tmp_path / "studie"
    sources = tmp_path / "bron"
    sources.mkdir()
    for name, text in (("kleidorp.txt", KLEIDORP), ("westerhaven-oost.txt", WESTERHAVEN),
                       ("zandvliet.md", ZANDVLIET_NOTES)):
        (sources / name).write_text(text, encoding="utf-8")
    (tmp_path / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    (tmp_path / "cases.csv").write_text(CASES, encoding="utf-8")
    with Project.init(root, name="Herstel") as project:
        report = project.import_transcripts([sources], coder="anna")
        assert not report.failed, [r.error for r in report.failed]
        project.load_codebook(tmp_path / "codeboek.yaml")
        project.load_cases(tmp_path / "cases.csv")
        guid = _guid(project, "kleidorp.txt")
        text = project.document_text(guid)
        first = text.index("Er is geen structureel budget.")
        second = text.index("We leunen op de DUMAVA-subsidie.")
        coding = project.apply_coding(guid, first, first + len("Er is geen structureel budget."), "geld.budget",
                                      "anna", memo="kern van het probleem")
        project.apply_coding(guid, second, second + len("We leunen op de DUMAVA-subsidie."), "geld.subsidie", "bram")
        project.set_memo("document", guid, "Gesprek op het gemeentehuis.", "anna")
        assert project.memo("coding", coding.guid) == "kern van het probleem"
    monkeypatch.chdir(root)
    return root


def _guid(project: Project, source_name: str) -> str:
    return next(d.guid for d in project.documents() if d.source_name == source_name)


def _events(root: Path) -> list[Any]:
    with Project.open(root) as project:
        return project.store.events(limit=1000)


def _new_events(root: Path, before: int) -> list[str]:
    events = _events(root)
    return [e.action for e in reversed(events[: len(events) - before])]


def _snapshot_of_document(project: Project, guid: str) -> dict[str, Any]:
    """Everything the Project API tells about a document, codings with their identity."""
    return {
        "text": project.document_text(guid),
        "document": dataclasses.replace(project.document(guid), id=0),  # the row id is the database's own
        "participants": project.participants(guid),
        "sections": project.sections(guid),
        "turns": project.turns(guid),
        "sentences": project.sentences(guid),
        "codings": [(c.guid, c.start, c.end, c.code_key, c.coder, c.created_at, c.memo)
                    for c in project.codings(guid)],
        "memo": project.memo("document", guid),
        "dump": document_dump(project.store, guid),
    }


# -- documents list -------------------------------------------------------------------------------------------
def test_documents_list_shows_one_row_per_document_with_its_counts(cli: Cli, study: Path) -> None:
    result = cli("documents", "list")
    assert result.code == 0, result.text
    with Project.open(study) as project:
        guid = _guid(project, "kleidorp.txt")
        entry = next(e for e in project.list_documents() if e.guid == guid)
        turns = len(project.turns(guid))
    assert (entry.case, entry.codings, entry.turns) == ("Kleidorp", 2, turns) and turns == 4
    row = next(line for line in result.out.splitlines() if guid[:8] in line)
    assert guid not in row  # the short id, not the whole GUID
    for cell in ("kleidorp.txt", "Kleidorp", " 4 ", " 2 "):
        assert cell in row, row
    assert "3 documents" in result.out


# -- removing, undo and redo ------------------------------------------------------------------------------------
def test_remove_without_force_names_the_codings_by_coder_and_changes_nothing(cli: Cli, study: Path) -> None:
    before = database_counts(study)
    result = cli("documents", "remove", "kleidorp")
    assert result.code == 1
    assert "2 codings (1 by anna, 1 by bram)" in result.err and "--force" in result.err
    assert database_counts(study) == before
    assert not (study / ".qualcode" / "snapshots").exists()


def test_remove_with_force_snapshots_first_and_undo_redo_restore_it_exactly(cli: Cli, study: Path) -> None:
    with Project.open(study) as project:
        guid = _guid(project, "kleidorp.txt")
        original = _snapshot_of_document(project, guid)
    before = database_counts(study)
    result = cli("documents", "remove", guid[:6].lower(), "--force", "--coder", "anna")
    assert result.code == 0, result.text
    assert f"removed '{original['document'].title}' (kleidorp.txt) with 2 codings" in result.out
    assert "2 codings (1 by anna, 1 by bram)" in result.out
    snapshot = Path(result.out.split("snapshot of the database before the change: ")[1].split()[0])
    assert snapshot.parent == study / ".qualcode" / "snapshots"
    copy = study.parent / "uit-snapshot"
    copy.mkdir()
    (copy / "qualcode.db").write_bytes(snapshot.read_bytes())
    with Project.open(copy) as saved:  # the copy was made before the removal: the document is in it
        assert saved.document_text(guid) == original["text"] and len(saved.codings(guid)) == 2
    after = database_counts(study)
    assert after["documents"] == before["documents"] - 1 and after["codings"] == 0
    assert after["turns"] == before["turns"] - len(original["turns"])
    assert after["sentences"] == before["sentences"] - len(original["sentences"])
    assert after["events"] == before["events"] + 1
    with Project.open(study) as project:
        event = project.store.events(limit=1)[0]
        assert (event.action, event.coder, event.payload["document_guid"]) == ("remove_document", "anna", guid)
        assert project.memo("project", "") is None
        with pytest.raises(ProjectError):
            project.document(guid)
        undone = project.undo("anna")
        assert undone is not None and undone.document_guid == guid
        assert _snapshot_of_document(project, guid) == original
        redone = project.redo("anna")
        assert redone is not None and "removed document" in redone.summary
        assert all(d.guid != guid for d in project.documents()) and project.codings() == []
        assert project.undo("anna") is not None
        assert _snapshot_of_document(project, guid) == original


def test_removing_an_uncoded_document_drops_its_guessed_case_and_undo_brings_it_back(cli: Cli, study: Path) -> None:
    with Project.open(study) as project:
        guessed = next(d.case_name for d in project.documents() if d.source_name == "westerhaven-oost.txt")
        case_guids = {c["name"]: c["guid"] for c in project.cases()}
    result = cli("documents", "remove", "westerhaven-oost.txt", "--coder", "bram")
    assert result.code == 0, result.text
    assert f"the case {guessed} had nothing else and was removed too" in result.out
    with Project.open(study) as project:
        assert guessed not in [c["name"] for c in project.cases()]
        assert project.undo("bram") is not None
        restored = next(d for d in project.documents() if d.source_name == "westerhaven-oost.txt")
        assert restored.case_name == guessed
        assert {c["name"]: c["guid"] for c in project.cases()} == case_guids


def test_a_snapshot_folder_that_cannot_be_written_stops_the_removal(cli: Cli, study: Path) -> None:
    (study / ".qualcode").mkdir()
    (study / ".qualcode" / "snapshots").write_text("in de weg", encoding="utf-8")
    before = database_counts(study)
    result = cli("documents", "remove", "kleidorp", "--force")
    assert result.code == 1
    assert "cannot write a snapshot" in result.err and "nothing was changed" in result.err
    assert database_counts(study) == before


def test_a_read_only_or_locked_database_is_a_clear_error_and_nothing_changes(study: Path) -> None:
    with Project.open(study) as project:
        project.store.conn.execute("PRAGMA query_only = ON")
        with pytest.raises(ProjectError, match="cannot be changed"):
            project.rename_document("kleidorp", "Nieuwe titel")
        with pytest.raises(ProjectError, match="cannot be changed"):
            project.remove_document("zandvliet", coder="anna")
    with Project.open(study) as holder, Project.open(study) as project:
        project.store.conn.execute("PRAGMA busy_timeout = 0")
        holder.store.conn.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(ProjectError, match="busy"):
                project.remove_document("zandvliet", coder="anna")
        finally:
            holder.store.conn.execute("ROLLBACK")
    assert database_counts(study)["documents"] == 3
    with Project.open(study) as project:
        assert [d.title for d in project.documents() if d.source_name == "kleidorp.txt"] != ["Nieuwe titel"]


# -- rename and set-case ----------------------------------------------------------------------------------------
def test_rename_gives_a_new_title_with_one_event(cli: Cli, study: Path) -> None:
    before = len(_events(study))
    result = cli("documents", "rename", "zandvliet.md", "Gesprek met de wethouder")
    assert result.code == 0, result.text
    assert "to 'Gesprek met de wethouder'" in result.out
    assert _new_events(study, before) == ["rename_document"]
    with Project.open(study) as project:
        assert [d.source_name for d in project.documents() if d.title == "Gesprek met de wethouder"] == ["zandvliet.md"]


def test_set_case_relinks_to_an_existing_case_and_drops_the_guessed_one(cli: Cli, study: Path) -> None:
    with Project.open(study) as project:
        guessed = next(d.case_name for d in project.documents() if d.source_name == "westerhaven-oost.txt")
    assert guessed != "Westerhaven"
    before = len(_events(study))
    result = cli("documents", "set-case", "westerhaven-oost", "gemeente westerhaven")
    assert result.code == 0, result.text
    assert "to case Westerhaven" in result.out and "new case" not in result.out
    assert f"the case {guessed} had no other documents" in result.out
    assert _new_events(study, before) == ["set_document_case"]
    with Project.open(study) as project:
        cases = {c["name"]: c["documents"] for c in project.cases()}
        assert cases["Westerhaven"] == 1 and guessed not in cases


def test_set_case_to_an_unknown_name_makes_a_new_case_and_says_so(cli: Cli, study: Path) -> None:
    result = cli("documents", "set-case", "kleidorp", "Veenhuizen-aan-Zee")
    assert result.code == 0, result.text
    assert "linked" in result.out and "to case Veenhuizen-aan-Zee (a new case" in result.out
    event = _events(study)[0]
    assert event.action == "set_document_case" and event.payload["created"] is True
    assert event.payload["before"]["name"] == "Kleidorp"
    with Project.open(study) as project:
        cases = {c["name"]: c["documents"] for c in project.cases()}
    # Kleidorp has attributes from cases.csv: it stays, now without documents.
    assert cases["Veenhuizen-aan-Zee"] == 1 and cases["Kleidorp"] == 0


# -- cases rename, merge, alias ----------------------------------------------------------------------------------
def test_cases_rename_changes_name_and_key_and_refuses_another_cases_key(cli: Cli, study: Path) -> None:
    before = len(_events(study))
    result = cli("cases", "rename", "kleidorp", "Kleidorp-Noord")
    assert result.code == 0, result.text
    assert "renamed case Kleidorp to Kleidorp-Noord" in result.out
    assert _new_events(study, before) == ["rename_case"]
    with Project.open(study) as project:
        names = {c["name"]: c["key"] for c in project.cases()}
        assert names["Kleidorp-Noord"] == "kleidorp noord" and "Kleidorp" not in names
        assert next(d.case_name for d in project.documents() if d.source_name == "kleidorp.txt") == "Kleidorp-Noord"
    refused = cli("cases", "rename", "Zandvliet", "Gemeente Westerhaven")
    assert refused.code == 1
    assert "cases merge" in refused.err and "Westerhaven" in refused.err
    assert _new_events(study, before) == ["rename_case"]


def test_cases_merge_moves_documents_keeps_the_targets_values_and_reports_conflicts(cli: Cli, study: Path) -> None:
    with Project.open(study) as project:
        project.load_cases(_cases_file(study, "gemeente,provincie,inwoners,regio\n"
                                              "Zandvliet,Zeeland,8000,Zuid\nWesterhaven,Groningen,45000,\n"))
    before = len(_events(study))
    result = cli("cases", "merge", "zandvliet", "Westerhaven")
    assert result.code == 0, result.text
    assert "merged case Zandvliet into Westerhaven: 1 document moved" in result.out
    assert "attributes taken over: regio" in result.out
    assert "conflict provincie: kept Groningen of Westerhaven, dropped Zeeland of Zandvliet" in result.out
    assert "conflict inwoners: kept 45000 of Westerhaven, dropped 8000" in result.out
    assert _new_events(study, before) == ["merge_cases"]
    with Project.open(study) as project:
        cases = {c["name"]: c for c in project.cases()}
        assert "Zandvliet" not in cases and cases["Westerhaven"]["documents"] == 1
        values = {a.name: a.value for a in cases["Westerhaven"]["attributes"]}
        assert values == {"provincie": "Groningen", "inwoners": 45000, "regio": "Zuid", "grootteklasse": "middelgroot"}
        assert next(d.case_name for d in project.documents() if d.source_name == "zandvliet.md") == "Westerhaven"
        assert Path(project.store.events(limit=1)[0].payload["snapshot"]).is_file()


def test_cases_alias_edits_the_toml_keeping_comments_and_relinks_documents(cli: Cli, study: Path) -> None:
    config = study / "qualcode.toml"
    default_table = '[cases.aliases]\n# "Den Bosch" = "\'s-Hertogenbosch"\n'
    config.write_text(config.read_text(encoding="utf-8").replace(default_table, CONFIG_EXTRA.lstrip()),
                      encoding="utf-8")
    original = config.read_text(encoding="utf-8")
    with Project.open(study) as project:
        guessed = next(d.case_name or "" for d in project.documents() if d.source_name == "westerhaven-oost.txt")
    assert "4 cases" in cli("status").out
    before = len(_events(study))
    result = cli("cases", "alias", guessed, "Westerhaven")
    assert result.code == 0, result.text
    assert f"merged case {guessed} into Westerhaven: 1 document moved" in result.out
    assert _new_events(study, before) == ["add_case_alias"]
    text = config.read_text(encoding="utf-8")
    assert f'"{guessed}" = "Westerhaven"' in text
    # Every line of the user's file is still there, in order, comments included.
    assert [line for line in text.splitlines() if line in original.splitlines()] == original.splitlines()
    assert tomllib.loads(text)["cases"]["aliases"] == {"Oud-Kleidorp": "Kleidorp", guessed: "Westerhaven"}
    shown = cli("cases", "show")
    row = next(line for line in shown.out.splitlines() if "Westerhaven" in line)
    assert " 1 " in row and guessed not in shown.out
    status = cli("status")
    assert "3 documents" in status.out and "3 cases" in status.out  # four before: the guessed one is gone
    refused = cli("cases", "alias", guessed, "Kleidorp")
    assert refused.code == 1 and "already an alias of Westerhaven" in refused.err
    assert config.read_text(encoding="utf-8") == text


def test_cases_alias_adds_the_table_when_the_settings_have_none(cli: Cli, study: Path) -> None:
    config = study / "qualcode.toml"
    config.write_text('# instellingen\n[project]\nname = "Herstel"  # de studie\n', encoding="utf-8")
    result = cli("cases", "alias", "Zandvliet-Dorp", "zandvliet")
    assert result.code == 0, result.text
    assert "no other case matched it" in result.out
    text = config.read_text(encoding="utf-8")
    assert text.startswith('# instellingen\n[project]\nname = "Herstel"  # de studie\n')
    assert tomllib.loads(text)["cases"]["aliases"] == {"Zandvliet-Dorp": "Zandvliet"}
    with Project.open(study) as project:
        assert project.store.events(limit=1)[0].action == "add_case_alias"


# -- references that do not name one thing -------------------------------------------------------------------------
def test_an_ambiguous_or_unknown_doc_lists_the_candidates(cli: Cli, study: Path) -> None:
    (study.parent / "bron" / "kleidorp.md").write_text(ZANDVLIET_NOTES.replace("Zandvliet", "Kleidorp"),
                                                       encoding="utf-8")
    assert cli("import", study.parent / "bron" / "kleidorp.md").code == 0
    before = database_counts(study)
    ambiguous = cli("documents", "rename", "kleidorp", "Iets anders")
    assert ambiguous.code == 1
    assert "names 2 documents" in ambiguous.err
    assert "(kleidorp.txt)" in ambiguous.err and "(kleidorp.md)" in ambiguous.err
    unknown = cli("documents", "remove", "kleidrop")
    assert unknown.code == 1 and "no document 'kleidrop'; the closest are:" in unknown.err
    lines = unknown.err.splitlines()
    assert "kleidorp" in lines[1]  # the closest first
    too_short = cli("documents", "rename", "abc", "x")
    assert too_short.code == 1 and "no document 'abc'" in too_short.err
    assert database_counts(study) == before


def test_an_unknown_case_lists_the_known_ones_closest_first(cli: Cli, study: Path) -> None:
    result = cli("cases", "merge", "Westerhavn", "Kleidorp")
    assert result.code == 1
    assert "no case 'Westerhavn'; known cases, closest first: Westerhaven (0 documents)" in result.err
    same = cli("cases", "merge", "kleidorp", "Gemeente Kleidorp")
    assert same.code == 1 and "the same case" in same.err


def _cases_file(root: Path, text: str) -> Path:
    path = root.parent / "extra-cases.csv"
    path.write_text(text, encoding="utf-8")
    return path


# -- review findings: redo and undo of a removal, the coder, escaping, one owner per helper -------------------------
def test_redo_then_undo_of_a_removal_keeps_what_another_coder_did_in_between(cli: Cli, study: Path) -> None:
    assert cli("documents", "remove", "kleidorp", "--force", "--coder", "anna").code == 0
    with Project.open(study) as project:
        assert project.undo("anna") is not None
        guid = _guid(project, "kleidorp.txt")
        bram_coding = next(c for c in project.codings(guid) if c.coder == "bram")
        project.remove_coding(bram_coding.guid, "bram")
        project.set_memo("document", guid, "Bram: de wethouder belt nog terug.", "bram")
        between = _snapshot_of_document(project, guid)
        redone = project.redo("anna")
        assert redone is not None and "removed document" in redone.summary
        assert all(d.guid != guid for d in project.documents())
        redo_event = project.store.events(limit=1)[0]
        assert redo_event.action == "redo"
        # The redo made its own snapshot, with the document as it was just before the redo.
        copy = study.parent / "uit-redo-snapshot"
        copy.mkdir()
        (copy / "qualcode.db").write_bytes(Path(redo_event.payload["snapshot"]).read_bytes())
        with Project.open(copy) as saved:
            assert saved.memo("document", guid) == "Bram: de wethouder belt nog terug."
        assert project.undo("anna") is not None
        assert _snapshot_of_document(project, guid) == between
        assert project.memo("document", guid) == "Bram: de wethouder belt nog terug."
        assert bram_coding.guid not in {c.guid for c in project.codings(guid)}
        # Bram's own history still works on the restored document.
        assert project.undo("bram") is not None and project.memo("document", guid) == "Gesprek op het gemeentehuis."
        assert project.undo("bram") is not None and bram_coding.guid in {c.guid for c in project.codings(guid)}


def test_a_redo_that_removed_nothing_makes_the_next_undo_restore_nothing(cli: Cli, study: Path) -> None:
    assert cli("documents", "remove", "zandvliet", "--coder", "anna").code == 0
    with Project.open(study) as project:
        assert project.undo("anna") is not None
        guid = _guid(project, "zandvliet.md")
        text = project.document_text(guid)
        start = text.index("Nee, en de netcongestie")
        project.apply_coding(guid, start, start + 3, "geld.budget", "bram")
        refused = project.redo("anna")
        assert refused is not None and "codings were added to it since" in refused.summary
        before = _snapshot_of_document(project, guid)
        undone = project.undo("anna")
        assert undone is not None and "not restored" in undone.summary
        assert _snapshot_of_document(project, guid) == before


def test_a_change_without_a_coder_is_the_login_names_and_can_be_undone(
        cli: Cli, study: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LOGNAME", "femke")
    result = cli("documents", "remove", "zandvliet")
    assert result.code == 0, result.text
    assert "undo it in the workbench (u) as coder 'femke'" in result.out
    assert cli("documents", "rename", "westerhaven-oost", "Gesprek met Joris").code == 0
    assert cli("cases", "rename", "Kleidorp", "Kleidorp-Noord").code == 0
    events = _events(study)
    assert [(e.action, e.coder) for e in events[:3]] == [
        ("rename_case", "femke"), ("rename_document", "femke"), ("remove_document", "femke")]
    with Project.open(study) as project:
        assert project.undo("femke") is not None
        assert any(d.source_name == "zandvliet.md" for d in project.documents())


def test_the_alias_message_shows_the_table_name(cli: Cli, study: Path) -> None:
    result = cli("cases", "alias", "Zandvliet-Dorp", "zandvliet")
    assert result.code == 0, result.text
    assert "to [cases.aliases] in qualcode.toml" in result.out


def test_titles_are_read_one_document_at_a_time(cli: Cli, study: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qualcode.storage import document_edits

    listings: list[int] = []
    whole_listing = document_edits.document_listing

    def counted(store: Any) -> Any:
        listings.append(1)
        return whole_listing(store)

    monkeypatch.setattr(document_edits, "document_listing", counted)
    assert cli("cases", "merge", "zandvliet", "Westerhaven").code == 0
    assert listings == []  # a merge finds its documents by GUID
    assert cli("documents", "rename", "kleidorp", "Gesprek in Kleidorp").code == 0
    assert listings == [1]  # only to resolve the reference


def test_one_owner_for_document_exists_no_private_imports_and_no_unused_fields() -> None:
    import ast
    import inspect

    from qualcode.cli import manage
    from qualcode.project.document_ops import CaseChange
    from qualcode.storage import document_edits, memos

    assert [hasattr(document_edits, "document_exists"), hasattr(memos, "document_exists")].count(True) == 1
    imported = [alias.name for node in ast.walk(ast.parse(inspect.getsource(manage)))
                if isinstance(node, ast.ImportFrom) for alias in node.names]
    assert not [name for name in imported if name.startswith("_")], imported
    assert "warnings" not in {f.name for f in dataclasses.fields(CaseChange)}
