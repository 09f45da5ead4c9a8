"""Fixtures for the UI tests: the example project built once per session and copied for each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.project import Project
from qualcode.project.demo import build_demo


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project (8 transcripts, codings by sanne and tom), built once."""
    root = tmp_path_factory.mktemp("demo-template") / "demo"
    build_demo(root).close()
    return root


@pytest.fixture
def demo_root(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo project for one test."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture
def demo(demo_root: Path) -> Iterator[Project]:
    project = Project.open(demo_root)
    yield project
    project.close()
