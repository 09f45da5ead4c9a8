"""`qualcode log`, `undo` and `redo`: the workbench's history, per coder, from the shell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qualcode.project import Project
from tests.functional.coding_project import build_project, guid_of, span


def test_undo_and_redo_from_the_shell_follow_each_coder(tmp_path: Path, cli: Callable) -> None:
    root = build_project(tmp_path / "p")
    with Project.open(root) as project:
        guid = guid_of(project, "westerbroek.txt")
        eva = project.apply_coding(guid, *span(project, guid, "geen budget"), "geld.budget", "eva")
        joris = project.apply_coding(guid, *span(project, guid, "routekaart vastgesteld"), "ambitie.routekaart",
                                     "joris")
    result = cli("--project", root, "undo", "--coder", "eva")
    assert result.code == 0 and "Undid: coded 'geen budget' as geld.budget" in result.out
    with Project.open(root) as project:
        assert [c.guid for c in project.codings()] == [joris.guid]
    assert "nothing to undo for eva" in cli("--project", root, "undo", "--coder", "eva").out
    result = cli("--project", root, "redo", "--coder", "eva")
    assert result.code == 0 and "Redid: coded 'geen budget'" in result.out
    with Project.open(root) as project:
        assert {c.guid for c in project.codings()} == {eva.guid, joris.guid}


def test_log_lists_the_newest_changes_first_and_marks_what_was_undone(tmp_path: Path, cli: Callable) -> None:
    root = build_project(tmp_path / "p")
    with Project.open(root) as project:
        guid = guid_of(project, "westerbroek.txt")
        project.apply_coding(guid, *span(project, guid, "geen budget"), "geld.budget", "eva")
        project.undo("eva")
    lines = cli("--project", root, "log", "--limit", "3").out.splitlines()
    assert len(lines) == 3
    assert "eva" in lines[0] and "undid: coded 'geen budget' as geld.budget" in lines[0]
    assert "coded 'geen budget' as geld.budget  (undone)" in lines[1]
    only_eva = cli("--project", root, "log", "--coder", "eva").out.splitlines()
    assert len(only_eva) == 2
    bad = cli("--project", root, "log", "--limit", "0")
    assert bad.code == 1 and "--limit 0 is not between 1 and 10,000" in bad.err
