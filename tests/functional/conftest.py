"""Fixtures for the functional tests: the CLI run in-process, a fresh project per test and database counts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from qualcode.cli.main import main
from qualcode.project import Project


@dataclass(frozen=True)
class Result:
    """What one CLI run did: its exit code and what it printed."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


class Cli:
    """Runs `qualcode ARGS` through qualcode.cli.main.main and captures the output with capsys."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str | Path) -> Result:
        self.capsys.readouterr()
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit_:  # argparse usage errors leave through SystemExit
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)


@pytest.fixture(autouse=True)
def _plain_wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich prints without colour and without wrapping long lines, so assertions see whole messages."""
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setenv("NO_COLOR", "1")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "QUALCODE_SPACY_MODEL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new, empty project folder that is also the working folder."""
    project_root = tmp_path / "studie"
    Project.init(project_root, name="Teststudie").close()
    monkeypatch.chdir(project_root)
    return project_root


@pytest.fixture
def open_project() -> Iterator[Callable[[Path], Project]]:
    """Open projects for assertions; every one opened is closed after the test."""
    opened: list[Project] = []

    def _open(project_root: Path) -> Project:
        project = Project.open(project_root)
        opened.append(project)
        return project

    yield _open
    for project in opened:
        project.close()


def database_counts(project_root: Path) -> dict[str, int]:
    """Count what a project holds, through the Project API only."""
    with Project.open(project_root) as project:
        documents = project.documents()
        return {
            "documents": len(documents),
            "participants": sum(len(project.participants(d.guid)) for d in documents),
            "sections": sum(len(project.sections(d.guid)) for d in documents),
            "turns": sum(len(project.turns(d.guid)) for d in documents),
            "sentences": sum(len(project.sentences(d.guid)) for d in documents),
            "cases": len(project.cases()),
            "codes": len(project.codebook().codes),
            "codings": len(project.codings()),
            "events": len(project.store.events(limit=100_000)),
        }


@pytest.fixture
def counts() -> Callable[[Path], dict[str, int]]:
    return database_counts


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a test file (newlines as written, no platform translation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def write_file() -> Callable[..., Path]:
    return write
