"""A coding is made on the text its offsets were taken from, or not at all (a new version stored meanwhile)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from tests.functional.coding_project import WESTERBROEK, build_project, guid_of


def test_offsets_taken_from_an_older_text_code_nothing(tmp_path: Path) -> None:
    root = build_project(tmp_path / "p")
    corrected = tmp_path / "westerbroek.txt"
    # Another coder corrects the transcript: a question is added before the words the first coder is looking at.
    corrected.write_text(WESTERBROEK.replace("Sanne: Is er structureel geld?",
                                             "Sanne: Hoe zit het met de begroting?\n\nRick: Krap.\n\n"
                                             "Sanne: Is er structureel geld?"), encoding="utf-8")
    with Project.open(root) as looking, Project.open(root) as correcting:
        guid = guid_of(looking, "westerbroek.txt")
        shown = looking.document(guid)
        start = looking.document_text(guid).index("Er is geen structureel geld.")
        end = start + len("Er is geen structureel geld.")
        correcting.replace_document("westerbroek.txt", corrected, coder="tom")
        before = len(looking.codings())
        with pytest.raises(ProjectError, match="another text than the one these words were chosen in"):
            looking.apply_coding(guid, start, end, "geld.budget", "eva", shown_sha256=shown.sha256)
        assert len(looking.codings()) == before
        now = looking.document(guid)
        start = looking.document_text(guid).index("Er is geen structureel geld.")
        coding = looking.apply_coding(guid, start, start + 28, "geld.budget", "eva", shown_sha256=now.sha256)
        assert looking.document_text(guid)[coding.start:coding.end] == "Er is geen structureel geld."
