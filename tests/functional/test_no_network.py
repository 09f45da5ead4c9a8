"""The whole pipeline (init, import, code, report, table) works with every socket blocked: nothing goes online."""

from __future__ import annotations

import io
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from qualcode.project import Project

REPOSITORY = Path(__file__).parents[2]


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Block every way out (connect, name look-up, UDP) and keep a list of what tried, even if a library hid it."""
    attempts: list[str] = []

    def refuse(what: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(f"network access during a test: {what}")
        return refused

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def test_the_block_is_in_force(network_attempts: list[str]) -> None:
    with pytest.raises(OSError, match="network access"):
        socket.create_connection(("voorbeeld.invalid", 80), timeout=1)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as raw, pytest.raises(OSError, match="network access"):
        raw.connect(("127.0.0.1", 9))
    assert len(network_attempts) == 2


def test_the_whole_pipeline_runs_offline(tmp_path: Path, cli: Callable, network_attempts: list[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "offline"
    assert cli("init", root, "--coder", "sanne").code == 0
    monkeypatch.chdir(root)
    imported = cli("import", REPOSITORY / "transcripts")
    assert imported.code == 0, imported.text
    assert cli("codebook", "load", REPOSITORY / "codebooks" / "verduurzaming.yaml").code == 0
    assert cli("cases", "load", REPOSITORY / "cases.csv").code == 0
    with Project.open(root) as project:
        documents = project.documents()
        assert len(documents) == 8
        codes = [code.key for code in project.codebook().codes if code.type is not None][:3]
        for number, document in enumerate(documents[:4]):
            start, end, _ = project.sentences(document.guid)[2]
            project.apply_coding(document.guid, start, end, codes[number % len(codes)], "sanne")
    for fmt in ("md", "html", "docx"):
        result = cli("report", "synthesis", "--format", fmt)
        assert result.code == 0, result.text
    out = root / "matrix.xlsx"
    assert cli("table", "matrix", "--format", "xlsx", "--out", out).code == 0
    assert cli("status").code == 0
    reports = root / "reports"
    assert "Belemmeringen" in (reports / "synthesis.md").read_text(encoding="utf-8")
    assert "<html" in (reports / "synthesis.html").read_text(encoding="utf-8")
    assert any(p.text for p in docx.Document(io.BytesIO((reports / "synthesis.docx").read_bytes())).paragraphs)
    assert openpyxl.load_workbook(out).worksheets[0].max_row >= 2
    assert network_attempts == []
