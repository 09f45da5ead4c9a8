"""`qualcode demo` on the shipped example project, and the CLI as a real `python -m qualcode` process."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from qualcode.cli.main import main
from qualcode.project import Project

_TIMESTAMP = re.compile(r"\d{1,2}:\d{2}:\d{2}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str, str, Path]]:
    """Build the demo once for this module: (exit code, stdout, stderr, project folder)."""
    target = tmp_path_factory.mktemp("demo") / "voorbeeld"
    out, err = io.StringIO(), io.StringIO()
    environment = {"COLUMNS": "250", "NO_COLOR": "1"}
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["demo", str(target)])
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    yield code, out.getvalue(), err.getvalue(), target


def test_demo_builds_the_example_project(demo: tuple[int, str, str, Path]) -> None:
    code, out, err, target = demo

    assert code == 0, err
    assert f"Building the example project in {target}" in out
    assert "8 documents" in out and "9 cases" in out
    assert re.search(r"sanne: \d+ codings, tom: \d+ codings", out)
    with Project.open(target) as project:
        documents = project.documents()
        assert len(documents) == 8
        assert {d.format for d in documents} == {"txt", "md", "docx", "vtt", "srt"}
        assert len(project.cases()) == 9
        assert sum(1 for case in project.cases() if case["documents"]) == 8
        coders = {coding.coder for coding in project.codings()}
        assert coders == {"sanne", "tom"}
        status = project.status()
        assert status.codings_per_coder["sanne"] > status.codings_per_coder["tom"] > 0
        for document in documents:
            assert project.sentences(document.guid), document.source_name
            assert document.case_name, document.source_name
        assert len(project.codebook().codes) > 0
        assert (target / "codebooks").is_dir() and (target / "cases.csv").is_file()


def test_demo_sentences_and_codings_lie_inside_turns(demo: tuple[int, str, str, Path]) -> None:
    _, _, _, target = demo
    with Project.open(target) as project:
        for document in project.documents():
            text = project.document_text(document.guid)
            turns = project.turns(document.guid)
            labels = {t["speaker"] for t in turns if t["speaker"]}
            for start, end, _ in project.sentences(document.guid):
                sentence = text[start:end]
                assert sum(1 for t in turns if t["start"] <= start and end <= t["end"]) == 1, sentence
                assert sentence == sentence.strip()
                assert not _TIMESTAMP.search(sentence), (document.source_name, sentence)
                assert not any(sentence.startswith(f"{label}:") for label in labels), sentence
            for turn in turns:
                words = text[turn["start"]:turn["end"]]
                assert words.count("“") == words.count("”"), (document.source_name, words)
            for coding in project.codings(document.guid):
                assert 0 <= coding.start < coding.end <= len(text)
                assert any(t["start"] <= coding.start and coding.end <= t["end"] for t in turns)


def test_demo_into_a_folder_that_is_not_empty_is_refused(tmp_path: Path, cli: Callable) -> None:
    target = tmp_path / "bezet"
    target.mkdir()
    (target / "aantekeningen.txt").write_text("mijn eigen werk", encoding="utf-8")

    result = cli("demo", target)

    assert result.code == 1
    assert f"{target}: the demo folder exists and is not empty" in result.err
    assert "choose a new folder" in result.err
    assert "Traceback" not in result.text
    assert [p.name for p in target.iterdir()] == ["aantekeningen.txt"]


def test_demo_onto_a_file_is_refused_clearly(tmp_path: Path, cli: Callable) -> None:
    target = tmp_path / "bestand"
    target.write_text("geen map", encoding="utf-8")

    result = cli("demo", target)

    assert result.code == 1
    assert str(target) in result.err
    assert "internal problem" not in result.err
    assert "Traceback" not in result.text
    assert target.read_text(encoding="utf-8") == "geen map"


def run_qualcode(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "qualcode", *map(str, args)], cwd=cwd, env=environment,
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)


def test_a_real_process_inits_imports_and_reports(tmp_path: Path) -> None:
    project_root = tmp_path / "studie"
    (tmp_path / "hoogveen.txt").write_text(
        "Gemeente: Hoogveen\nGesprekspartner: Els Verhoef\n\nI: Hoe gaat het?\nR: Het gaat langzaam.\n",
        encoding="utf-8")
    (tmp_path / "kapot.vtt").write_text("00:00:01.000 --> 00:00:02.000\nHallo\n", encoding="utf-8")

    created = run_qualcode("init", project_root, cwd=tmp_path)
    imported = run_qualcode("--project", project_root, "import", "hoogveen.txt", "kapot.vtt", cwd=tmp_path)
    status = run_qualcode("status", cwd=project_root)

    assert created.returncode == 0, created.stderr
    assert imported.returncode == 3
    assert "imported  hoogveen.txt  (Hoogveen, " in imported.stdout
    assert "kapot.vtt:1: a WebVTT file must start with 'WEBVTT'" in imported.stderr
    assert status.returncode == 0, status.stderr
    assert "1 documents" in status.stdout
    for finished in (created, imported, status):
        assert "Traceback" not in finished.stdout + finished.stderr
    with Project.open(project_root) as project:
        assert [d.source_name for d in project.documents()] == ["hoogveen.txt"]


@pytest.mark.parametrize("args", [["frobnicate"], ["import", "--bogus", "x.txt"], ["codebook"]],
                         ids=["unknown-subcommand", "unknown-option", "missing-action"])
def test_a_real_process_exits_2_on_usage_errors(tmp_path: Path, args: list[str]) -> None:
    finished = run_qualcode(*args, cwd=tmp_path)

    assert finished.returncode == 2
    assert "usage: qualcode" in finished.stderr
    assert "error:" in finished.stderr
    assert "--help" in finished.stderr
    assert "Traceback" not in finished.stdout + finished.stderr
