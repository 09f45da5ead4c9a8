"""`qualcode init` and how commands find their project: the working folder, folders above it, --project."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HOOGVEEN = """\
Gemeente: Hoogveen
Gesprekspartner: Els Verhoef
Functie: beleidsadviseur energie
Datum: 3 maart 2025

I: Hoe staat het met de warmtetransitie in Hoogveen?
R: Het gaat langzaam. We hebben te weinig capaciteit om alles tegelijk te doen.
"""


def test_init_creates_an_empty_project(tmp_path: Path, cli: Callable, open_project: Callable) -> None:
    target = tmp_path / "warmtestudie"

    result = cli("init", target, "--name", "Warmtestudie 2025", "--coder", "sanne")

    assert result.code == 0, result.err
    assert "Created a qualcode project in" in result.out
    assert str(target) in result.out
    assert "qualcode import transcripts" in result.out
    for folder in ("transcripts", "codebooks", "reports"):
        assert (target / folder).is_dir()
    settings = tomllib.loads((target / "qualcode.toml").read_text(encoding="utf-8"))
    assert settings["project"]["name"] == "Warmtestudie 2025"
    assert settings["project"]["default_coder"] == "sanne"
    project = open_project(target)
    assert project.config.name == "Warmtestudie 2025"
    assert project.config.default_coder == "sanne"
    assert project.documents() == []
    assert project.cases() == []
    assert project.codebook().codes == ()
    assert project.store.events() == []


def test_init_refuses_a_folder_that_is_already_a_project(tmp_path: Path, cli: Callable) -> None:
    target = tmp_path / "studie"
    assert cli("init", target, "--name", "Eerste").code == 0
    settings_before = (target / "qualcode.toml").read_text(encoding="utf-8")

    result = cli("init", target, "--name", "Tweede")

    assert result.code == 1
    assert "already a qualcode project here" in result.err
    assert str(target) in result.err
    assert "→" in result.err
    assert (target / "qualcode.toml").read_text(encoding="utf-8") == settings_before


def test_init_takes_its_folder_from_project_option_after_init(tmp_path: Path, cli: Callable) -> None:
    target = tmp_path / "via-optie"

    result = cli("init", "--project", target)

    assert result.code == 0, result.err
    assert (target / "qualcode.toml").is_file()
    assert (target / "qualcode.db").is_file()


@pytest.mark.parametrize(("option", "value"), [
    ("--name", 'Studie "warmte" 2025'),
    ("--coder", "GEMEENTE\\sanne"),
])
def test_init_writes_settings_that_can_be_read_back(tmp_path: Path, cli: Callable, open_project: Callable,
                                                    option: str, value: str) -> None:
    target = tmp_path / "studie"

    result = cli("init", target, option, value)

    assert result.code == 0, result.err
    project = open_project(target)
    assert value in (project.config.name, project.config.default_coder)


def test_a_command_in_a_subfolder_finds_the_project_above(tmp_path: Path, cli: Callable,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          open_project: Callable) -> None:
    project_root = tmp_path / "studie"
    assert cli("init", project_root).code == 0
    deep = project_root / "transcripts" / "ronde-1"
    deep.mkdir(parents=True)
    (deep / "hoogveen.txt").write_text(HOOGVEEN, encoding="utf-8")
    monkeypatch.chdir(deep)

    imported = cli("import", "hoogveen.txt")
    status = cli("status")

    assert imported.code == 0, imported.err
    assert "imported  hoogveen.txt  (Hoogveen" in imported.out
    assert status.code == 0, status.err
    assert f"({project_root})" in status.out
    assert "1 documents" in status.out
    assert [d.source_name for d in open_project(project_root).documents()] == ["hoogveen.txt"]
    assert not (deep / "qualcode.db").exists()


@pytest.mark.parametrize("where", ["before", "after"])
def test_project_option_before_or_after_the_subcommand(tmp_path: Path, cli: Callable,
                                                      monkeypatch: pytest.MonkeyPatch, open_project: Callable,
                                                      where: str) -> None:
    project_root = tmp_path / "studie"
    assert cli("init", project_root).code == 0
    transcript = tmp_path / "elders" / "hoogveen.txt"
    transcript.parent.mkdir()
    transcript.write_text(HOOGVEEN, encoding="utf-8")
    outside = tmp_path / "elders"
    monkeypatch.chdir(outside)  # no project here or above: only --project can find it

    def run(*args: str | Path) -> Any:
        if where == "before":
            return cli("--project", project_root, *args)
        return cli(*args, "--project", project_root)

    imported = run("import", transcript)
    status = run("status")
    shown = cli("codebook", "show", "--project", project_root) if where == "after" \
        else cli("--project", project_root, "codebook", "show")

    assert imported.code == 0, imported.err
    assert status.code == 0, status.err
    assert shown.code == 0, shown.err
    assert f"({project_root})" in status.out
    assert "1 documents" in status.out
    assert "0 codes in 0 themes" in shown.out
    assert len(open_project(project_root).documents()) == 1
    assert not (outside / "qualcode.db").exists()


@pytest.mark.parametrize("command", ["status", "import x.txt", "codebook show", "cases show"])
def test_no_project_is_a_clear_error(tmp_path: Path, cli: Callable, monkeypatch: pytest.MonkeyPatch,
                                     command: str) -> None:
    empty = tmp_path / "leeg"
    empty.mkdir()
    monkeypatch.chdir(empty)

    result = cli(*command.split())

    assert result.code == 1
    assert f"no qualcode project in {empty}" in result.err
    assert "qualcode init" in result.err and "--project DIR" in result.err
    assert "Traceback" not in result.text
    assert list(empty.iterdir()) == []


def test_project_option_naming_a_missing_or_plain_folder(tmp_path: Path, cli: Callable) -> None:
    plain = tmp_path / "gewone-map"
    plain.mkdir()

    missing = cli("--project", tmp_path / "bestaat-niet", "status")
    not_a_project = cli("status", "--project", plain)

    assert missing.code == 1
    assert "this project folder does not exist" in missing.err
    assert "qualcode init DIR" in missing.err
    assert not_a_project.code == 1
    assert f"{plain}: not a qualcode project" in not_a_project.err
    assert "Traceback" not in missing.text + not_a_project.text
    assert list(plain.iterdir()) == []
