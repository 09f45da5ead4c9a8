"""The coding API of Project: removing codings, memos, per-coder undo/redo from the event log, recent codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from coding_project import build_project, guid_of, span

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from qualcode.storage import codings as coding_sql
from qualcode.storage.records import CodingRow

MARIEKE = "De raad heeft in 2023 een routekaart vastgesteld."
RICHTING = "Dat geeft ons richting."
SPORTHAL = "Voor de sporthal hebben wij geen budget."
GELD = "Er is geen structureel geld."


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return build_project(tmp_path / "studie")


@pytest.fixture
def project(root: Path, open_project: Callable[[Path], Project]) -> Project:
    return open_project(root)


def code(project: Project, phrase: str, key: str = "ambitie.routekaart", coder: str = "sanne",
         memo: str | None = None) -> CodingRow:
    guid = guid_of(project, "westerbroek.txt")
    return project.apply_coding(guid, *span(project, guid, phrase), key, coder, memo=memo)


def identity(row: CodingRow) -> tuple[object, ...]:
    """Everything that makes a coding the same coding (the row id is only a storage detail)."""
    return (row.guid, row.document_guid, row.start, row.end, row.code_key, row.coder, row.created_at, row.memo)


def live_guids(project: Project) -> set[str]:
    return {c.guid for c in project.codings()}


# -- remove --------------------------------------------------------------------------------------------------
def test_remove_coding_deletes_it_and_its_event_holds_everything_to_restore_it(project: Project) -> None:
    coding = code(project, MARIEKE, memo="de kern")

    removed = project.remove_coding(coding.guid, "tom")

    assert identity(removed) == identity(coding)
    assert project.codings() == []
    event = project.store.events()[0]
    assert (event.action, event.coder) == ("remove_coding", "tom")
    assert event.summary == "removed ambitie.routekaart from 'De raad heeft in 2023 een routekaart va…'"
    assert event.payload == {"coding_guid": coding.guid, "document_guid": coding.document_guid,
                             "start": coding.start, "end": coding.end, "code": "ambitie.routekaart",
                             "coder": "sanne", "created_at": coding.created_at, "memo": "de kern",
                             "selection_guid": coding.selection_guid, "version": 1}


def test_removing_an_unknown_coding_is_a_project_error_and_writes_nothing(project: Project) -> None:
    events_before = len(project.store.events(limit=1000))

    with pytest.raises(ProjectError, match="no coding with id NOPE"):
        project.remove_coding("NOPE", "sanne")

    assert len(project.store.events(limit=1000)) == events_before


def test_apply_coding_refuses_an_unknown_code_or_document_with_a_project_error(project: Project) -> None:
    guid = guid_of(project, "westerbroek.txt")
    events_before = len(project.store.events(limit=1000))

    with pytest.raises(ProjectError, match="no code 'onbekend' in the codebook"):
        project.apply_coding(guid, 0, 5, "onbekend", "sanne")
    with pytest.raises(ProjectError, match="no document with id NOPE"):
        project.apply_coding("NOPE", 0, 5, "ambitie.routekaart", "sanne")

    assert project.codings() == []
    assert len(project.store.events(limit=1000)) == events_before


def test_apply_coding_event_records_coder_created_at_and_memo(project: Project) -> None:
    coding = code(project, MARIEKE, memo="eerste indruk")

    payload = project.store.events()[0].payload

    assert (payload["coder"], payload["created_at"], payload["memo"]) == ("sanne", coding.created_at, "eerste indruk")


def test_undo_of_remove_restores_the_same_guid_memo_and_created_at(project: Project,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # An old creation time proves the restored coding keeps its own, not the time of the undo.
    monkeypatch.setattr(coding_sql, "now", lambda: "2024-01-02T03:04:05+00:00")
    coding = code(project, MARIEKE, memo="de kern")
    monkeypatch.undo()
    project.remove_coding(coding.guid, "sanne")

    result = project.undo("sanne")

    assert result is not None
    assert result.summary == "Undid: removed ambitie.routekaart from 'De raad heeft in 2023 een routekaart va…'"
    assert (result.document_guid, result.start) == (coding.document_guid, coding.start)
    [restored] = project.codings()
    assert identity(restored) == identity(coding)
    assert restored.created_at == "2024-01-02T03:04:05+00:00"


# -- undo and redo -------------------------------------------------------------------------------------------
def test_redo_replays_undone_changes_oldest_first(project: Project) -> None:
    first, second, third = (code(project, phrase) for phrase in (MARIEKE, RICHTING, SPORTHAL))
    apply_events = [e.id for e in reversed(project.store.events(3))]

    undone = [project.undo("sanne"), project.undo("sanne")]
    assert [r.event_id for r in undone if r] == [apply_events[2], apply_events[1]]
    assert live_guids(project) == {first.guid}

    redone = project.redo("sanne")
    assert redone is not None and redone.event_id == apply_events[1]
    assert redone.summary == "Redid: coded 'Dat geeft ons richting.' as ambitie.routekaart"
    assert live_guids(project) == {first.guid, second.guid}
    redone = project.redo("sanne")
    assert redone is not None and redone.event_id == apply_events[2]
    assert [identity(c) for c in project.codings()] == [identity(c) for c in (first, second, third)]
    assert project.redo("sanne") is None


def test_a_fresh_change_after_undo_clears_the_redo_stack(project: Project) -> None:
    first = code(project, MARIEKE)
    code(project, RICHTING)
    project.undo("sanne")

    fresh = code(project, SPORTHAL)

    assert project.redo("sanne") is None
    project.undo("sanne")
    assert live_guids(project) == {first.guid}
    project.undo("sanne")
    assert live_guids(project) == set()
    assert project.undo("sanne") is None
    assert fresh.guid not in live_guids(project)


def test_redo_after_undoing_a_fresh_change_redoes_that_change_only(project: Project) -> None:
    first = code(project, MARIEKE)
    code(project, RICHTING)
    code(project, SPORTHAL)
    project.undo("sanne")
    project.undo("sanne")
    fresh = code(project, MARIEKE, key="ambitie.draagvlak")
    project.undo("sanne")

    redone = project.redo("sanne")

    assert redone is not None and "ambitie.draagvlak" in redone.summary
    assert live_guids(project) == {first.guid, fresh.guid}
    assert project.redo("sanne") is None


def test_undo_and_redo_survive_closing_and_reopening(root: Path) -> None:
    with Project.open(root) as project:
        first = code(project, MARIEKE)
        second = code(project, RICHTING)
    with Project.open(root) as project:
        result = project.undo("sanne")
        assert result is not None and result.summary.startswith("Undid: coded 'Dat geeft ons richting.'")
        assert live_guids(project) == {first.guid}
    with Project.open(root) as project:
        assert project.redo("sanne") is not None
        assert live_guids(project) == {first.guid, second.guid}


def test_two_coders_undo_and_redo_only_their_own_changes(project: Project) -> None:
    sanne_first = code(project, MARIEKE, coder="sanne")
    tom = code(project, RICHTING, coder="tom")
    sanne_second = code(project, SPORTHAL, coder="sanne")

    project.undo("tom")
    assert live_guids(project) == {sanne_first.guid, sanne_second.guid}
    project.undo("sanne")
    assert live_guids(project) == {sanne_first.guid}
    project.redo("sanne")
    assert live_guids(project) == {sanne_first.guid, sanne_second.guid}
    assert project.redo("sanne") is None
    project.redo("tom")
    assert live_guids(project) == {sanne_first.guid, sanne_second.guid, tom.guid}


def test_undo_of_an_apply_whose_coding_another_coder_removed(project: Project) -> None:
    coding = code(project, MARIEKE, coder="sanne")
    project.remove_coding(coding.guid, "tom")

    result = project.undo("sanne")

    assert result is not None
    assert result.summary == ("Undid: coded 'De raad heeft in 2023 een routekaart va…' as ambitie.routekaart "
                              "(the coding had already been removed)")
    apply_event = next(e for e in project.store.events() if e.action == "apply_coding")
    assert apply_event.undone
    assert project.codings() == []
    assert project.undo("sanne") is None
    project.undo("tom")  # tom takes his removal back: the coding returns
    assert live_guids(project) == {coding.guid}


def test_undo_and_redo_write_audit_events(project: Project) -> None:
    code(project, MARIEKE)
    apply_event = project.store.events()[0]

    project.undo("sanne")
    project.redo("sanne")

    redo_event, undo_event, applied = project.store.events(3)
    assert (undo_event.action, undo_event.coder, undo_event.payload) == ("undo", "sanne",
                                                                         {"event_id": apply_event.id})
    assert undo_event.summary == f"undid: {apply_event.summary}"
    assert (redo_event.action, redo_event.payload) == ("redo", {"event_id": apply_event.id})
    assert redo_event.summary == f"redid: {apply_event.summary}"
    assert applied.id == apply_event.id and not applied.undone


def test_nothing_to_undo_or_redo_gives_none(project: Project) -> None:
    assert project.undo("sanne") is None
    assert project.redo("sanne") is None
    code(project, MARIEKE, coder="tom")
    assert project.undo("sanne") is None


# -- memos ---------------------------------------------------------------------------------------------------
def test_coding_memo_edits_are_events_and_undo_restores_the_text_before(project: Project) -> None:
    coding = code(project, MARIEKE)

    project.set_coding_memo(coding.guid, "eerste", "sanne")
    project.set_coding_memo(coding.guid, "tweede", "sanne")

    assert project.memo("coding", coding.guid) == "tweede"
    event = project.store.events()[0]
    assert event.action == "edit_memo"
    assert event.payload == {"target_kind": "coding", "target_guid": coding.guid, "before": "eerste",
                             "after": "tweede"}
    result = project.undo("sanne")
    assert result is not None and (result.document_guid, result.start) == (coding.document_guid, coding.start)
    assert project.codings()[0].memo == "eerste"
    project.undo("sanne")
    assert project.codings()[0].memo is None
    project.redo("sanne")
    assert project.memo("coding", coding.guid) == "eerste"


def test_blank_memo_text_clears_the_memo(project: Project) -> None:
    coding = code(project, MARIEKE, memo="iets")

    project.set_memo("coding", coding.guid, "   \n", "sanne")

    assert project.codings()[0].memo is None
    assert project.store.events()[0].payload["after"] is None


def test_memos_on_documents_codes_and_the_project(project: Project) -> None:
    document = guid_of(project, "hoogveen.md")

    project.set_memo("document", document, "Afwachtende gemeente.", "sanne")
    project.set_memo("document", document, "Afwachtende gemeente, weinig capaciteit.", "tom")
    project.set_memo("code", "ambitie.routekaart", "Alleen vastgestelde plannen.", "sanne")
    project.set_memo("project", "", "Eerste ronde gecodeerd.", "sanne")

    assert project.memo("document", document) == "Afwachtende gemeente, weinig capaciteit."
    assert project.memo("code", "ambitie.routekaart") == "Alleen vastgestelde plannen."
    assert project.memo("code", "ambitie.draagvlak") is None
    assert project.memo("project", "") == "Eerste ronde gecodeerd."
    assert project.store.conn.execute("SELECT count(*) FROM memos WHERE target_kind = 'document'").fetchone()[0] == 1
    event = project.store.events()[2]
    assert (event.action, event.payload["target_kind"], event.payload["target_guid"], event.payload["before"]) == (
        "edit_memo", "document", document, "Afwachtende gemeente.")

    project.undo("tom")
    assert project.memo("document", document) == "Afwachtende gemeente."
    project.set_memo("document", document, "", "sanne")
    assert project.memo("document", document) is None


def test_memo_targets_are_checked(project: Project) -> None:
    with pytest.raises(ProjectError, match="not to 'gemeente'"):
        project.memo("gemeente", "x")
    with pytest.raises(ProjectError, match="no document with id NOPE"):
        project.set_memo("document", "NOPE", "tekst", "sanne")
    with pytest.raises(ProjectError, match="no code 'onbekend'"):
        project.memo("code", "onbekend")


# -- recent codes, coders, data version ----------------------------------------------------------------------
def test_recent_codes_are_distinct_newest_first_per_coder_and_skip_undone(root: Path, project: Project) -> None:
    code(project, MARIEKE, "ambitie.routekaart")
    code(project, RICHTING, "geld.budget")
    code(project, SPORTHAL, "ambitie.routekaart")
    code(project, GELD, "ambitie.routekaart.raad", coder="tom")
    code(project, GELD, "ambitie.draagvlak")

    assert project.recent_codes("sanne") == ["ambitie.draagvlak", "ambitie.routekaart", "geld.budget"]
    assert project.recent_codes("sanne", limit=1) == ["ambitie.draagvlak"]
    assert project.recent_codes("tom") == ["ambitie.routekaart.raad"]
    project.undo("sanne")
    assert project.recent_codes("sanne") == ["ambitie.routekaart", "geld.budget"]
    with Project.open(root) as reopened:
        assert reopened.recent_codes("sanne") == ["ambitie.routekaart", "geld.budget"]


def test_recent_codes_skip_codes_no_longer_in_the_codebook(root: Path, project: Project) -> None:
    code(project, MARIEKE, "geld.budget")
    code(project, RICHTING, "ambitie.routekaart")
    smaller = root.parent / "kleiner.yaml"
    smaller.write_text("name: Kleiner\ncodes:\n  - id: ambitie.routekaart\n    name: Routekaart\n    type: kans\n",
                       encoding="utf-8")
    project.load_codebook(smaller, force=True)

    assert project.recent_codes("sanne") == ["ambitie.routekaart"]


def test_coders_lists_everyone_who_coded(project: Project) -> None:
    code(project, MARIEKE, coder="tom")
    code(project, RICHTING, coder="sanne")

    assert project.coders() == ["sanne", "tom"]


def test_data_version_changes_when_another_project_writes(root: Path, project: Project,
                                                          open_project: Callable[[Path], Project]) -> None:
    other = open_project(root)
    before = project.data_version()
    assert project.data_version() == before

    code(other, MARIEKE, coder="tom")

    assert project.data_version() != before
