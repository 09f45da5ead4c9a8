"""Another tool reads our export: qc (PyPI `qualitative-coding` 1.7.8) imports the example project's .qdpx with
`qc init --import`, and its codebook, sources, coders and codes are ours.

qc runs in a virtual environment this test makes once and keeps (in ~/.cache/qualcode-tests/qc-1.7.8, or under
$QUALCODE_TEST_CACHE); when pip cannot install qc there (no network, no wheel), the test is skipped and says why.
What qc 1.7.8 does with what it reads, learned from its source (refi_qda/reader.py): it validates project.qde with
its copy of Project.xsd, takes Users by name, the CodeBook as a tree of code names, each TextSource's
plainTextPath file as a document named after the source, and the creatingUser and CodeRef of each Coding; it
warns that Variables, Cases and Notes are not supported. It places every coding on a line of its own, computed
from startPosition by a loop over characters that always answers line 0, so line numbers are not checked here.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from qualcode.project.demo import build_demo

QC_VERSION = "1.7.8"
INSTALL_SECONDS = 900

pytestmark = pytest.mark.slow


def _cache_root() -> Path:
    configured = os.environ.get("QUALCODE_TEST_CACHE")
    return (Path(configured) if configured else Path.home() / ".cache" / "qualcode-tests") / f"qc-{QC_VERSION}"


def _tail(text: str, lines: int = 3) -> str:
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:]) or "(no output)"


def _install(venv: Path) -> str | None:
    """Make the venv and install qc into it; the reason it failed, or None."""
    shutil.rmtree(venv, ignore_errors=True)
    try:
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True,
                              timeout=300, check=False)
        if made.returncode != 0:
            return f"cannot make a virtual environment: {_tail(made.stderr)}"
        pip = subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
             f"qualitative-coding=={QC_VERSION}"], capture_output=True, text=True, timeout=INSTALL_SECONDS,
            check=False)
    except subprocess.TimeoutExpired as timeout:
        return f"installing took longer than {timeout.timeout:.0f} s"
    if pip.returncode != 0:
        return f"pip cannot install qualitative-coding=={QC_VERSION}: {_tail(pip.stderr or pip.stdout)}"
    return None


@pytest.fixture(scope="session")
def qc() -> Iterator[Path]:
    """The qc executable in the cached virtual environment (installed under a lock, once per machine)."""
    if sys.platform == "win32":
        pytest.skip("the cached qc environment is made with POSIX paths (bin/qc)")
    import fcntl

    venv = _cache_root()
    venv.parent.mkdir(parents=True, exist_ok=True)
    ready = venv / "qualcode-installed"
    with (venv.parent / f"{venv.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel workers wait for one install
        if not ready.is_file() or not (venv / "bin" / "qc").is_file():
            problem = _install(venv)
            if problem is not None:
                shutil.rmtree(venv, ignore_errors=True)
                pytest.skip(f"qc {QC_VERSION} is not available: {problem}")
            ready.write_text(QC_VERSION, encoding="utf-8")
    yield venv / "bin" / "qc"


def _tree_pairs(nodes: list[Any], parent: str | None = None) -> Iterator[tuple[str | None, str]]:
    """(parent, name) of every node of qc's codebook.yaml: a list of names and {name: [children]}."""
    for node in nodes or []:
        if isinstance(node, str):
            yield parent, node
        else:
            ((name, children),) = node.items()
            yield parent, name
            yield from _tree_pairs(children, name)


def test_qc_imports_our_export_of_the_example_project(qc: Path, tmp_path: Path) -> None:
    archive = tmp_path / "voorbeeld.qdpx"
    with build_demo(tmp_path / "voorbeeld") as project:
        project.export_qdpx(archive)
        rows = project.code_rows()
        names = {row.key: row.name for row in rows}
        our_tree = {(names[row.parent_key] if row.parent_key else None, row.name) for row in rows}
        our_sources = {document.title: project.document_text(document.guid) for document in project.documents()}
        our_coders = set(project.coders())
        our_coded = {(coding.coder, names[coding.code_key]) for coding in project.codings()}
    assert len(our_sources) >= 8 and len(our_tree) >= 40 and len(our_coders) >= 2

    target = tmp_path / "qc-project"
    target.mkdir()
    # qc 1.7.8's importer has a breakpoint() left in it; PYTHONBREAKPOINT=0 makes that a no-op.
    environment = {**os.environ, "PYTHONBREAKPOINT": "0", "NO_COLOR": "1"}
    done = subprocess.run([str(qc), "init", "--import", str(archive)], cwd=target, env=environment,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    log = done.stdout + done.stderr
    assert "did not validate" not in log and "Traceback" not in log

    # The codebook: qc writes our tree of names (sorted its own way) to codebook.yaml.
    codebook = yaml.safe_load((target / "codebook.yaml").read_text(encoding="utf-8"))
    assert set(_tree_pairs(codebook)) == our_tree

    # The sources: one corpus file per document, named after it, holding exactly our text.
    corpus = {path.stem: path.read_text(encoding="utf-8") for path in (target / "corpus").glob("*.txt")}
    assert corpus == our_sources

    # Coders and codings: every coding reached qc with its coder and code.
    with sqlite3.connect(target / "qualitative_coding.sqlite3") as database:
        qc_coders = {row[0] for row in database.execute("SELECT name FROM coder")}
        qc_codes = {row[0] for row in database.execute("SELECT name FROM code")}
        qc_coded = set(database.execute("SELECT coder_id, code_id FROM coded_line").fetchall())
    assert qc_coders == our_coders
    assert qc_codes == {name for _, name in our_tree}
    assert qc_coded == our_coded
