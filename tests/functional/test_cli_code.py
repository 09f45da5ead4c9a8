"""`qualcode code` and `qualcode demo` around the workbench: what they do without a terminal, and with one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.ui import app as ui_app


def test_code_on_a_project_without_transcripts_says_to_import_first(root: Path, cli: Callable) -> None:
    result = cli("code")
    assert result.code == 1
    assert "no transcripts to code yet" in result.err and "qualcode import" in result.err
    assert "Traceback" not in result.text


def test_code_outside_a_terminal_is_refused_clearly(tmp_path: Path, cli: Callable) -> None:
    demo = tmp_path / "demo"
    assert cli("demo", demo, "--no-ui").code == 0
    result = cli("--project", demo, "code")
    assert result.code == 1
    assert "needs an interactive terminal" in result.err


def test_demo_opens_the_workbench_in_a_terminal_and_reopens_an_existing_demo(
        tmp_path: Path, cli: Callable, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[tuple[Path, str | None]] = []
    monkeypatch.setattr(ui_app, "run_workbench", lambda root, coder: opened.append((root, coder)))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    demo = tmp_path / "demo"

    first = cli("demo", demo)
    second = cli("demo", demo)

    assert first.code == 0 and second.code == 0
    assert [root.resolve() for root, _ in opened] == [demo.resolve(), demo.resolve()]
    assert "already in" in second.out and "opening it" in second.out


def test_demo_without_a_terminal_says_how_to_open_the_workbench(tmp_path: Path, cli: Callable) -> None:
    result = cli("demo", tmp_path / "demo")
    assert result.code == 0
    assert "qualcode --project" in result.out and " code'" in result.out
