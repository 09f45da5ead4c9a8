"""Re-importing transcripts, one transaction per file, and exactly one event row per import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qualcode.domain.errors import TranscriptError
from qualcode.storage.store import Store

HOOGVEEN = """\
Gemeente: Hoogveen
Gesprekspartner: Els Verhoef
Functie: beleidsadviseur energie
Datum: 3 maart 2025
Interviewer: Tom de Wit

Tom: Hoe staat het met de warmtetransitie?
Els: Het gaat langzaam. We hebben te weinig capaciteit.
Tom: En de gebouwen?
Els: Het gemeentehuis is als eerste aan de beurt.
"""

CORRECTED = HOOGVEEN.replace("te weinig capaciteit", "echt te weinig mensen")

VLIEDORP = """\
Gemeente: Vliedorp
Gesprekspartner: Ingrid Mulder

I: Wat is de grootste zorg?
R: Dat we als kleine gemeente achterlopen.
"""

BAD_VTT = """\
WEBVTT

00:00:01.000 --> 00:00:03.000
<v Interviewer>Hoe begon het?</v>

Hier ontbreekt de tijdregel.
"""

CODEBOOK = """\
name: Herimport
codes:
  - id: capaciteit
    name: Capaciteit
    type: barrier
"""


def import_and_code(root: Path, cli: Callable, open_project: Callable, write_file: Callable) -> Any:
    write_file(root / "transcripts" / "hoogveen.txt", HOOGVEEN)
    write_file(root / "codebook.yaml", CODEBOOK)
    assert cli("import", "transcripts").code == 0
    assert cli("codebook", "load", "codebook.yaml").code == 0
    project = open_project(root)
    [document] = project.documents()
    start, end, _ = project.sentences(document.guid)[2]
    project.apply_coding(document.guid, start, end, "capaciteit", "sanne")
    return project


def test_an_unchanged_file_is_skipped(root: Path, cli: Callable, open_project: Callable, counts: Callable,
                                      write_file: Callable) -> None:
    write_file(root / "transcripts" / "hoogveen.txt", HOOGVEEN)
    assert cli("import", "transcripts").code == 0
    before = counts(root)
    guid = open_project(root).documents()[0].guid

    result = cli("import", "transcripts/hoogveen.txt")

    assert result.code == 0, result.err
    assert "unchanged  hoogveen.txt  (Hoogveen, " in result.out
    assert "0 imported, 0 replaced, 1 unchanged, 0 failed — 0 words" in result.out
    assert counts(root) == before
    assert [d.guid for d in open_project(root).documents()] == [guid]


def test_a_changed_file_without_codings_is_replaced_under_the_same_guid(
        root: Path, cli: Callable, open_project: Callable, counts: Callable, write_file: Callable) -> None:
    path = write_file(root / "transcripts" / "hoogveen.txt", HOOGVEEN)
    assert cli("import", "transcripts").code == 0
    before = counts(root)
    project = open_project(root)
    [old] = project.documents()
    project.close()
    write_file(path, CORRECTED)

    result = cli("import", "transcripts", "--coder", "tom")

    assert result.code == 0, result.err
    assert "replaced  hoogveen.txt  (Hoogveen, " in result.out
    assert "0 imported, 1 replaced, 0 unchanged, 0 failed" in result.out
    project = open_project(root)
    [new] = project.documents()
    assert new.guid == old.guid
    assert new.sha256 != old.sha256
    assert project.document_text(new.guid) == CORRECTED
    sentences = [project.document_text(new.guid)[s:e] for s, e, _ in project.sentences(new.guid)]
    assert "We hebben echt te weinig mensen." in sentences
    after = counts(root)
    assert after == {**before, "events": before["events"] + 1}
    event = project.store.events(limit=1)[0]
    assert (event.action, event.coder) == ("replace_document", "tom")
    assert event.payload["document_guid"] == new.guid


def test_a_changed_file_whose_document_has_codings_becomes_a_new_version(
        root: Path, cli: Callable, open_project: Callable, counts: Callable, write_file: Callable) -> None:
    project = import_and_code(root, cli, open_project, write_file)
    [document] = project.documents()
    [coding_before] = project.codings()
    project.close()
    before = counts(root)
    write_file(root / "transcripts" / "hoogveen.txt", CORRECTED)

    result = cli("import", "transcripts")

    assert result.code == 0, result.err
    assert "replaced  hoogveen.txt  (Hoogveen, " in result.out
    assert ("codings: 0 unchanged, 0 moved, 1 text changed, 0 vanished — review with: qualcode documents review "
            "hoogveen.txt") in result.out
    assert "0 imported, 1 replaced, 0 unchanged, 0 failed" in result.out
    assert counts(root) == {**before, "events": before["events"] + 1}
    project = open_project(root)
    [kept] = project.documents()
    assert kept.guid == document.guid
    assert project.document_text(kept.guid) == CORRECTED
    [coding] = project.codings()
    assert coding.guid == coding_before.guid
    assert CORRECTED[coding.start:coding.end] == "We hebben echt te weinig"
    [waiting] = project.codings_to_review("hoogveen")
    assert (waiting.coding_guid, waiting.status, waiting.old_text) == (
        coding.guid, "text_changed", "We hebben te weinig capaciteit.")


def test_a_good_and_a_bad_file_together(root: Path, cli: Callable, open_project: Callable, counts: Callable,
                                        write_file: Callable) -> None:
    write_file(root / "transcripts" / "hoogveen.txt", HOOGVEEN)
    write_file(root / "transcripts" / "kapot.vtt", BAD_VTT)

    result = cli("import", "transcripts")

    assert result.code == 3
    assert "imported  hoogveen.txt  (Hoogveen, " in result.out
    assert "failed    kapot.vtt:6: a cue without a timing line" in result.err
    assert "→ check the subtitle file; each cue needs a timing" in result.err
    assert "1 imported, 0 replaced, 0 unchanged, 1 failed" in result.out
    project = open_project(root)
    [document] = project.documents()
    assert document.source_name == "hoogveen.txt"
    assert [c["name"] for c in project.cases()] == ["Hoogveen"]
    totals = project.status().totals
    assert totals["turns"] == len(project.turns(document.guid))
    assert totals["sentences"] == len(project.sentences(document.guid))
    assert counts(root)["participants"] == len(project.participants(document.guid))
    assert counts(root)["events"] == 1
    assert [e.payload["source_name"] for e in project.store.events()] == ["hoogveen.txt"]


def test_a_failure_inside_a_files_transaction_leaves_nothing_of_that_file(
        root: Path, cli: Callable, open_project: Callable, counts: Callable, write_file: Callable,
        monkeypatch: pytest.MonkeyPatch) -> None:
    write_file(root / "transcripts" / "hoogveen.txt", HOOGVEEN)
    write_file(root / "transcripts" / "vliedorp.txt", VLIEDORP)
    record_event = Store.record_event

    def failing_for_vliedorp(self: Store, action: str, summary: str, payload: dict[str, Any],
                             coder: str | None = None) -> int:
        if payload.get("source_name") == "vliedorp.txt":
            raise TranscriptError("the disk is full", hint="free some space and import again")
        return record_event(self, action, summary, payload, coder)

    monkeypatch.setattr(Store, "record_event", failing_for_vliedorp)

    result = cli("import", "transcripts")

    monkeypatch.setattr(Store, "record_event", record_event)
    assert result.code == 3
    assert "failed    vliedorp.txt: the disk is full" in result.err
    project = open_project(root)
    [document] = project.documents()
    assert document.source_name == "hoogveen.txt"
    assert [c["name"] for c in project.cases()] == ["Hoogveen"]
    totals = project.status().totals
    assert totals["turns"] == len(project.turns(document.guid))
    assert totals["sentences"] == len(project.sentences(document.guid))
    assert counts(root)["participants"] == len(project.participants(document.guid)) == 2
    assert counts(root)["events"] == 1


def test_every_import_writes_exactly_one_event(root: Path, cli: Callable, open_project: Callable,
                                               write_file: Callable) -> None:
    write_file(root / "transcripts" / "hoogveen.txt", HOOGVEEN)
    write_file(root / "transcripts" / "vliedorp.txt", VLIEDORP)
    write_file(root / "transcripts" / "kapot.vtt", BAD_VTT)

    first = cli("import", "transcripts", "--coder", "sanne")
    again = cli("import", "transcripts", "--coder", "sanne")
    write_file(root / "transcripts" / "vliedorp.txt", VLIEDORP.replace("achterlopen", "achter lopen"))
    changed = cli("import", "transcripts", "--coder", "tom")

    assert (first.code, again.code, changed.code) == (3, 3, 3)
    project = open_project(root)
    events = list(reversed(project.store.events(limit=1000)))
    guids = {d.source_name: d.guid for d in project.documents()}
    assert [(e.action, e.coder, e.payload["source_name"]) for e in events] == [
        ("import_document", "sanne", "hoogveen.txt"),
        ("import_document", "sanne", "vliedorp.txt"),
        ("replace_document", "tom", "vliedorp.txt"),
    ]
    assert [e.payload["document_guid"] for e in events] == [guids["hoogveen.txt"], guids["vliedorp.txt"],
                                                            guids["vliedorp.txt"]]
    assert "imported hoogveen.txt" in events[0].summary
    assert "re-imported vliedorp.txt" in events[2].summary
