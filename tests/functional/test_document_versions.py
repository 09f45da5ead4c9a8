"""Transcript versions: a corrected file becomes a new version, codings re-anchored or kept for review; review
decisions; undo and redo of a replacement and of codings across versions (CLI and Project)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from qualcode.project.review import versions_of
from qualcode.storage.document_edits import document_dump
from qualcode.storage.store import Store
from tests.functional.conftest import Cli, database_counts

CODEBOOK = """\
name: Versies
codes:
  - id: rol
    name: Rol van de gesprekspartner
  - id: ambitie
    name: Ambitie
    type: opportunity
    children:
      - id: ambitie.routekaart
        name: Vastgestelde routekaart
        type: opportunity
  - id: klimaat
    name: Uitstoot
    type: barrier
  - id: draagvlak
    name: Draagvlak bij inwoners
    type: barrier
  - id: geld
    name: Geen structureel geld
    type: barrier
  - id: capaciteit
    name: Te weinig capaciteit
    type: barrier
"""

# As typed in a hurry: a typo in coded words, a wrong speaker label, a doubled space.
OLD = """\
Gemeente: Kleidorp
Gesprekspartners:
Anna Jansen, beleidsadviseur duurzaamheid
Joris de Boer, wethouder
Datum: 12 mei 2025
Interviewer: Sanne Bakker

1. Ambities

Sanne: Wat is de ambitie van de gemeente?

Anna: De raad heeft een routekaart vastgesteldt. Dat geeft ons richting, maar de CO₂-uitstoot daalt te langzaam.

Joris: Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂.

Sanne: En de inwoners?

Anne: De inwoners zijn septisch. Ze zeggen: ‘eerst zien, dan geloven’.

2. Financiën

Sanne: Is er structureel geld?

Joris: Er is geen  structureel geld voor de warmtetransitie. Het Rijk moet over de brug komen.

Anna: We hebben te weinig capaciteit, vooral bij de omgevingsdienst. Dat is een probleem.
"""

# Corrected: a header line added (32 characters), the typos fixed, Joris' first turn deleted (he did not say
# it), the speaker label corrected, the doubled space gone, a question the transcriber had missed added.
NEW = (OLD.replace("Interviewer: Sanne Bakker\n", "Interviewer: Sanne Bakker\nLocatie: gemeentehuis, kamer 21\n")
       .replace("vastgesteldt", "vastgesteld")
       .replace("Joris: Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂.\n\n", "")
       .replace("Anne: De inwoners zijn septisch.", "Anna: De inwoners zijn sceptisch.")
       .replace("geen  structureel", "geen structureel")
       .replace("Anna: We hebben te weinig", "Sanne: En de mensen?\n\nAnna: We hebben te weinig"))

# (coded text in OLD, code, coder, status, text in NEW or None)
CODINGS = [
    ("beleidsadviseur duurzaamheid", "rol", "anna", "unchanged", "beleidsadviseur duurzaamheid"),
    ("Wat is de ambitie van de gemeente?", "ambitie", "tom", "moved", "Wat is de ambitie van de gemeente?"),
    ("De raad heeft een routekaart vastgesteldt.", "ambitie.routekaart", "sanne", "text_changed",
     "De raad heeft een routekaart vastgesteld."),
    ("de CO₂-uitstoot daalt te langzaam", "klimaat", "tom", "moved", "de CO₂-uitstoot daalt te langzaam"),
    ("Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂.", "ambitie", "sanne", "vanished", None),
    ("De inwoners zijn septisch.", "draagvlak", "tom", "text_changed", "De inwoners zijn sceptisch."),
    ("‘eerst zien, dan geloven’", "draagvlak", "anna", "moved", "‘eerst zien, dan geloven’"),
    ("Er is geen  structureel geld voor de warmtetransitie.", "geld", "tom", "moved",
     "Er is geen structureel geld voor de warmtetransitie."),
    ("We hebben te weinig capaciteit", "capaciteit", "sanne", "moved", "We hebben te weinig capaciteit"),
]
SUMMARY = "1 unchanged, 5 moved, 2 text changed, 1 vanished"
BAD_VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Sanne>Hoe begon het?</v>\n\nHier ontbreekt de tijdregel.\n"


@dataclass
class Study:
    root: Path
    guid: str
    codings: dict[str, str]  # coded text in OLD → coding GUID

    def open(self) -> Project:
        return Project.open(self.root)


def _study(root: Path, cli: Cli, codings: list[tuple[str, str, str, str, str | None]] = CODINGS) -> Study:
    (root / "transcripts" / "kleidorp.txt").write_text(OLD, encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    assert cli("import", "transcripts", "--coder", "sanne").code == 0
    assert cli("codebook", "load", "codebook.yaml").code == 0
    with Project.open(root) as project:
        [document] = project.documents()
        text = project.document_text(document.guid)
        guids = {}
        for words, code, coder, _, _ in codings:
            start = text.index(words)
            guids[words] = project.apply_coding(document.guid, start, start + len(words), code, coder).guid
    return Study(root, document.guid, guids)


@pytest.fixture
def study(root: Path, cli: Cli) -> Study:
    return _study(root, cli)


def _correct(study: Study, text: str = NEW, name: str = "kleidorp.txt") -> Path:
    path = study.root / "transcripts" / name
    path.write_text(text, encoding="utf-8")
    return path


def _coded_texts(project: Project, guid: str) -> dict[str, str]:
    text = project.document_text(guid)
    return {c.guid: text[c.start:c.end] for c in project.codings(guid)}


def _state(project: Project, guid: str) -> dict[str, Any]:
    """Everything on the document (text, structure, codings with offsets) plus what awaits review."""
    return {"dump": document_dump(project.store, guid), "review": project.codings_to_review()}


# -- replacing ----------------------------------------------------------------------------------------------------
def test_reimporting_a_corrected_file_makes_a_new_version_and_moves_every_coding_to_its_words(
        study: Study, cli: Cli) -> None:
    with study.open() as project:
        before = _state(project, study.guid)
        events_before = len(project.store.events(limit=1000))
    _correct(study)

    result = cli("import", "transcripts", "--coder", "sanne")

    assert result.code == 0, result.err
    assert "replaced  kleidorp.txt  (Kleidorp, " in result.out
    assert f"codings: {SUMMARY} — review with: qualcode documents review kleidorp.txt" in result.out
    assert "text changed: 'De raad heeft een routekaart vastgesteldt.' → 'De raad heeft een routekaart vastgesteld.'" \
        in result.out
    assert "vanished: 'Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂.'" in result.out
    with study.open() as project:
        [document] = project.documents()
        assert document.guid == study.guid  # the same document, a new version
        assert project.document_text(study.guid) == NEW
        assert [v.version for v in versions_of(project.store, "kleidorp")] == [1, 2]
        coded = _coded_texts(project, study.guid)
        for words, _, _, status, new_words in CODINGS:
            if status == "vanished":
                assert study.codings[words] not in coded  # never put onto other words
            else:
                assert coded[study.codings[words]] == new_words, words
        waiting = {item.coding_guid: item for item in project.codings_to_review("kleidorp.txt")}
        assert {(w.status, w.old_text, w.new_text, w.coder, w.code_key) for w in waiting.values()} == {
            ("text_changed", "De raad heeft een routekaart vastgesteldt.", "De raad heeft een routekaart vastgesteld.",
             "sanne", "ambitie.routekaart"),
            ("text_changed", "De inwoners zijn septisch.", "De inwoners zijn sceptisch.", "tom", "draagvlak"),
            ("vanished", "Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂.", None, "sanne", "ambitie")}
        vanished = waiting[study.codings["Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂."]]
        assert OLD[vanished.old_start:vanished.old_end] == vanished.old_text and vanished.old_version == 1
        # Structure rebuilt from the new text: Joris' first turn is gone, the missed question is there.
        turns = [NEW[t["start"]:t["end"]] for t in project.turns(study.guid)]
        assert "Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂." not in turns
        assert "En de mensen?" in turns and "De inwoners zijn sceptisch. Ze zeggen: ‘eerst zien, dan geloven’." in turns
        sentences = [NEW[s:e] for s, e, _ in project.sentences(study.guid)]
        assert "De raad heeft een routekaart vastgesteld." in sentences
        people = {p["name"] for p in project.participants(study.guid)}
        assert {"Anna Jansen", "Joris de Boer"} <= people
        assert people <= {p["name"] for p in before["dump"]["participants"]} | {"Anne"}
        # Participants named as before keep their GUIDs.
        guids_before = {p["name"]: p["guid"] for p in before["dump"]["participants"]}
        guids_after = {p["name"]: p["guid"] for p in document_dump(project.store, study.guid)["participants"]}
        assert guids_after["Anna Jansen"] == guids_before["Anna Jansen"]
        # Reports count only codings on words: the vanished one is in no passage, and status says it waits.
        assert len(project.passages()) == len(CODINGS) - 1
        assert all(p.text == NEW[p.start:p.end] for p in project.passages())
        assert project.status().awaiting_review == {"kleidorp.txt": 3}
        # One event for the whole replacement, after a snapshot.
        events = project.store.events(limit=1000)
        assert len(events) == events_before + 1
        assert (events[0].action, events[0].coder) == ("replace_document", "sanne")
        assert events[0].payload["version_before"] == 1 and events[0].payload["version_after"] == 2
        snapshot = Path(events[0].payload["snapshot"])
        assert snapshot.is_file() and "documents-replace" in snapshot.name
        assert snapshot.parent == study.root / ".qualcode" / "snapshots"
    status = cli("status")
    assert "3 codings await review after a new version of kleidorp.txt: qualcode documents review kleidorp.txt" \
        in status.out


def test_documents_replace_takes_a_file_of_another_name_and_a_stale_copy_is_not_imported_again(
        study: Study, cli: Cli) -> None:
    corrected = study.root / "kleidorp-v2.txt"
    corrected.write_text(NEW, encoding="utf-8")

    result = cli("documents", "replace", "kleidorp", corrected, "--coder", "tom")

    assert result.code == 0, result.err
    assert "with kleidorp-v2.txt: version 1 → 2" in result.out and "the old text is kept" in result.out
    assert f"codings: {SUMMARY} — review with: qualcode documents review kleidorp.txt" in result.out
    assert "snapshot of the database before the change:" in result.out
    with study.open() as project:
        assert project.document_text(study.guid) == NEW
        [document] = project.documents()
        assert document.source_name == "kleidorp.txt"
        assert project.store.events(limit=1)[0].summary.startswith(
            "replaced the text of kleidorp.txt with kleidorp-v2.txt as version 2")
        assert [(v.version, v.source_file) for v in versions_of(project.store, "kleidorp")] == [
            (1, None), (2, "kleidorp-v2.txt")]
    # transcripts/kleidorp.txt still holds the first text: importing the folder does not bring it back.
    again = cli("import", "transcripts")
    assert again.code == 0, again.err
    assert "unchanged  kleidorp.txt" in again.out
    assert "kleidorp.txt holds version 1 of" in again.err and "kept the current version" in again.err
    with study.open() as project:
        assert project.document_text(study.guid) == NEW
    # The same file once more: nothing to do.
    same = cli("documents", "replace", "kleidorp", corrected)
    assert same.code == 0 and "already holds this text; nothing was replaced" in same.out


def test_a_dry_run_says_what_would_happen_to_the_codings_and_stores_nothing(study: Study, cli: Cli) -> None:
    with study.open() as project:
        before = _state(project, study.guid)
    counts = database_counts(study.root)
    path = _correct(study)

    preview = cli("import", "--dry-run", "transcripts")
    replace_preview = cli("documents", "replace", "kleidorp", path, "--dry-run")

    assert preview.code == 0, preview.err
    assert f"codings: {SUMMARY}" in preview.out
    assert "3 codings would await review (none is dropped); nothing was stored" in preview.out
    assert "vanished: 'Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂.'" in preview.out
    assert replace_preview.code == 0, replace_preview.err
    assert "would replace the text of" in replace_preview.out and "as version 2" in replace_preview.out
    assert f"codings: {SUMMARY}" in replace_preview.out
    assert database_counts(study.root) == counts
    with study.open() as project:
        assert _state(project, study.guid) == before
    assert not (study.root / ".qualcode" / "snapshots").exists() or not any(
        "documents-replace" in p.name for p in (study.root / ".qualcode" / "snapshots").iterdir())


def test_nothing_is_half_written_when_the_new_file_cannot_be_read_or_storing_fails(
        study: Study, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    with study.open() as project:
        before = _state(project, study.guid)
    counts = database_counts(study.root)
    broken = study.root / "kleidorp.vtt"
    broken.write_text(BAD_VTT, encoding="utf-8")
    picture = study.root / "kleidorp.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))

    for path, expected in ((broken, "kleidorp.vtt:6: a cue without a timing line"),
                           (picture, "is not a transcript format qualcode reads"),
                           (study.root / "missing.txt", "missing.txt")):
        result = cli("documents", "replace", "kleidorp", path)
        assert result.code == 1, (path, result.out)
        assert expected in result.err, result.err
        assert "Traceback" not in result.err
    folder = cli("documents", "replace", "kleidorp", study.root / "transcripts")
    assert folder.code == 1 and "give one transcript file, not a folder" in folder.err
    unknown = cli("documents", "replace", "hoogveen", broken)
    assert unknown.code == 1 and "no document 'hoogveen'" in unknown.err

    # A failure inside the transaction (the disk full as the event is written) leaves the old version whole.
    record_event = Store.record_event

    def failing(self: Store, action: str, summary: str, payload: dict[str, Any], coder: str | None = None) -> int:
        if action == "replace_document":
            raise ProjectError("the disk is full", hint="free some space and import again")
        return record_event(self, action, summary, payload, coder)

    monkeypatch.setattr(Store, "record_event", failing)
    _correct(study)
    result = cli("import", "transcripts")
    monkeypatch.setattr(Store, "record_event", record_event)
    assert result.code == 3 and "the disk is full" in result.err
    assert database_counts(study.root) == counts
    with study.open() as project:
        assert _state(project, study.guid) == before
        assert [v.version for v in versions_of(project.store, "kleidorp")] == [1]


# -- review -------------------------------------------------------------------------------------------------------
def test_review_lists_and_decides_accept_adjust_remove_each_one_undoable_event(study: Study, cli: Cli) -> None:
    _correct(study)
    assert cli("import", "transcripts", "--coder", "tom").code == 0
    routekaart = study.codings["De raad heeft een routekaart vastgesteldt."][:8]
    septisch = study.codings["De inwoners zijn septisch."][:8]
    vanished = study.codings["Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂."][:8]

    listing = cli("documents", "review", "kleidorp")

    assert listing.code == 0, listing.err
    assert "3 codings await review in 'Kleidorp" in listing.out
    for short_id in (routekaart, septisch, vanished):
        assert short_id in listing.out
    assert "(no words left)" in listing.out and "v1 " in listing.out and "v2 " in listing.out
    assert "decide with: qualcode documents review kleidorp --accept ID|all" in listing.out

    # A vanished coding has no place to accept: refused with what to do instead.
    refused = cli("documents", "review", "kleidorp", "--accept", vanished, "--coder", "tom")
    assert refused.code == 1
    assert f"coding {vanished} has no new place to accept" in refused.err
    assert "--adjust ID --text" in refused.err and "--remove ID" in refused.err

    accepted = cli("documents", "review", "kleidorp", "--accept", routekaart, "--coder", "tom")
    assert accepted.code == 0, accepted.err
    assert f"accepted the new place of {routekaart} ambitie.routekaart 'De raad heeft een routekaart vastgesteldt.'" \
        in accepted.out
    assert "2 codings of this document still await review" in accepted.out

    # The transcriber moved Joris' words into Anna's answer? No: the researcher puts the coding on the words it
    # belongs to now, by quoting them (whitespace as in the text or not).
    adjusted = cli("documents", "review", "kleidorp", "--adjust", vanished, "--text", "de  CO₂-uitstoot daalt",
                   "--coder", "tom")
    assert adjusted.code == 0, adjusted.err
    assert "now on" in adjusted.out and "'de CO₂-uitstoot daalt'" in adjusted.out
    removed = cli("documents", "review", "kleidorp", "--remove", septisch, "--coder", "tom")
    assert removed.code == 0, removed.err
    assert "no codings of this document await review any more" in removed.out
    with study.open() as project:
        assert project.codings_to_review() == []
        coded = _coded_texts(project, study.guid)
        assert coded[study.codings["Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂."]] == \
            "de CO₂-uitstoot daalt"
        assert study.codings["De inwoners zijn septisch."] not in coded
        assert coded[study.codings["De raad heeft een routekaart vastgesteldt."]] == \
            "De raad heeft een routekaart vastgesteld."
        decisions = [e for e in project.store.events(limit=100) if e.action == "review_coding"]
        assert len(decisions) == 3
        # Undo, newest first: the removal, the adjustment, the acceptance come back one by one.
        project.undo("tom")
        assert [i.coding_guid[:8] for i in project.codings_to_review()] == [septisch]
        assert _coded_texts(project, study.guid)[study.codings["De inwoners zijn septisch."]] == \
            "De inwoners zijn sceptisch."
        project.undo("tom")
        assert study.codings["Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂."] not in \
            _coded_texts(project, study.guid)
        project.undo("tom")
        assert len(project.codings_to_review()) == 3
        # Redo replays them.
        project.redo("tom")
        project.redo("tom")
        assert _coded_texts(project, study.guid)[study.codings["Wij willen in 2040 aardgasvrij zijn. Dat is "
                                                               "ambitieus 🙂."]] == "de CO₂-uitstoot daalt"
        assert [i.coding_guid[:8] for i in project.codings_to_review()] == [septisch]


def test_review_adjust_finds_quoted_words_as_codings_add_does(study: Study, cli: Cli) -> None:
    _correct(study)
    assert cli("import", "transcripts", "--coder", "tom").code == 0
    septisch = study.codings["De inwoners zijn septisch."][:8]
    # Typed in a shell: straight quotes for the transcript's curly ones, a soft hyphen copied along from a report.
    adjusted = cli("documents", "review", "kleidorp", "--adjust", septisch, "--text", "'eerst zien, dan ge\u00adloven'",
                   "--coder", "tom")
    assert adjusted.code == 0, adjusted.err
    with study.open() as project:
        assert _coded_texts(project, study.guid)[study.codings["De inwoners zijn septisch."]] == \
            "‘eerst zien, dan geloven’"


def test_review_adjust_to_offsets_remove_all_and_every_bad_input_explained(study: Study, cli: Cli) -> None:
    _correct(study)
    assert cli("import", "transcripts").code == 0
    vanished = study.codings["Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂."][:8]
    with study.open() as project:
        before = _state(project, study.guid)
    start = NEW.index("Het Rijk moet over de brug komen.")
    end = start + len("Het Rijk moet over de brug komen.")

    bad = [
        (("--accept", "ZZZZ"), "no coding 'ZZZZ' awaits review in 'Kleidorp"),
        (("--adjust", vanished), "adjust needs a place: the words (--text \"…\") or the offsets (--at START:END)"),
        (("--adjust", vanished, "--text", "wij willen waterstof"), "is not in the current text of 'Kleidorp"),
        (("--adjust", vanished, "--at", "10-20"), "--at '10-20' is not START:END"),
        (("--adjust", vanished, "--at", f"{len(NEW) - 2}:{len(NEW) + 40}"), "lie outside the text"),
        (("--adjust", vanished, "--at", "20:10"), "lie outside the text"),
        (("--adjust", "all", "--text", "Het Rijk"), "adjust one coding at a time"),
        (("--text", "Het Rijk"), "--text and --at say where --adjust puts a coding"),
    ]
    for arguments, message in bad:
        result = cli("documents", "review", "kleidorp", *arguments)
        assert result.code == 1, (arguments, result.out)
        assert message in result.err, (arguments, result.err)
        assert "Traceback" not in result.err
    no_doc = cli("documents", "review", "--remove", "all")
    assert no_doc.code == 1 and "--remove needs the document" in no_doc.err
    with study.open() as project:
        assert _state(project, study.guid) == before

    adjusted = cli("documents", "review", "kleidorp", "--adjust", vanished, "--at", f"{start}:{end}")
    assert adjusted.code == 0, adjusted.err
    assert f"now on {start}–{end}: 'Het Rijk moet over de brug komen.'" in adjusted.out
    snapshots = set((study.root / ".qualcode" / "snapshots").glob("*review-remove-all*.db"))
    assert not snapshots
    removed = cli("documents", "review", "kleidorp", "--remove", "all")
    assert removed.code == 0, removed.err
    # Removing them all is a bulk delete: the database was copied first, with the codings still awaiting review.
    [snapshot] = (study.root / ".qualcode" / "snapshots").glob("*review-remove-all*.db")
    copy = sqlite3.connect(f"{snapshot.as_uri()}?mode=ro", uri=True)
    assert copy.execute("SELECT count(*) FROM coding_reviews").fetchone()[0] == 2
    copy.close()
    assert "removed" in removed.out and "no codings of this document await review any more" in removed.out
    with study.open() as project:
        coded = _coded_texts(project, study.guid)
        assert study.codings["De raad heeft een routekaart vastgesteldt."] not in coded
        assert study.codings["De inwoners zijn septisch."] not in coded
        assert len(coded) == len(CODINGS) - 2
    nothing = cli("documents", "review", "kleidorp")
    assert nothing.code == 0 and "no codings of 'Kleidorp" in nothing.out and "await review" in nothing.out


# -- undo and redo ------------------------------------------------------------------------------------------------
def test_undo_of_a_replacement_puts_back_text_structure_and_offsets_exactly_and_redo_replays_it(
        study: Study, cli: Cli) -> None:
    with study.open() as project:
        before = _state(project, study.guid)
    _correct(study)
    assert cli("import", "transcripts", "--coder", "tom").code == 0
    with study.open() as project:
        after = _state(project, study.guid)

        undone = project.undo("tom")

        assert undone is not None and undone.summary.startswith("Undid: re-imported kleidorp.txt as version 2")
        assert _state(project, study.guid) == before  # text, structure, offsets, GUIDs, version: byte for byte
        assert project.document_text(study.guid) == OLD
        # Another coder codes on the old text meanwhile; the redo re-anchors that coding too.
        start = OLD.index("Het Rijk moet over de brug komen.")
        extra = project.apply_coding(study.guid, start, start + 33, "geld", "anna")

        redone = project.redo("tom")

        assert redone is not None and redone.summary.startswith("Redid: re-imported kleidorp.txt as version 2")
        assert project.document_text(study.guid) == NEW
        coded = _coded_texts(project, study.guid)
        assert coded[extra.guid] == "Het Rijk moet over de brug komen."
        expected = dict(after["dump"])
        replayed = _state(project, study.guid)
        assert {k: v for k, v in replayed["dump"].items() if k != "codings"} == \
            {k: v for k, v in expected.items() if k != "codings"}
        assert [c for c in replayed["dump"]["codings"] if c["guid"] != extra.guid] == expected["codings"]
        assert replayed["review"] == after["review"]
        # And undone again: back to the old text, with anna's coding where she made it.
        project.undo("tom")
        assert project.document_text(study.guid) == OLD
        assert _coded_texts(project, study.guid)[extra.guid] == "Het Rijk moet over de brug komen."
        assert [v.version for v in versions_of(project.store, "kleidorp")] == [1, 2]


def test_undo_of_a_replacement_is_refused_when_new_codings_have_no_words_in_the_old_text(
        study: Study, cli: Cli) -> None:
    _correct(study)
    assert cli("import", "transcripts", "--coder", "tom").code == 0
    with study.open() as project:
        after = _state(project, study.guid)
        start = NEW.index("En de mensen?")
        project.apply_coding(study.guid, start, start + len("En de mensen?"), "capaciteit", "anna")
        with_anna = _state(project, study.guid)

        with pytest.raises(ProjectError, match="1 codings were made on version 2 since, and not all of their words "
                                               "are in version 1; nothing was changed"):
            project.undo("tom")

        assert _state(project, study.guid) == with_anna
        assert with_anna["dump"]["document"]["text"] == after["dump"]["document"]["text"] == NEW
        # The replacement is still in effect, so it stays on tom's undo stack: once anna's coding is gone, it goes.
        replacement = next(e for e in project.store.events(limit=100) if e.action == "replace_document")
        assert not replacement.undone
        project.undo("anna")
        undone = project.undo("tom")
        assert undone is not None and undone.summary.startswith("Undid: re-imported kleidorp.txt as version 2")
        assert project.document_text(study.guid) == OLD


def test_a_case_a_correction_made_goes_with_its_undo_and_comes_back_with_its_redo(study: Study, cli: Cli) -> None:
    # The transcriber got the gemeente wrong: the corrected header names another one, a case the project lacks.
    _correct(study, NEW.replace("Gemeente: Kleidorp", "Gemeente: Zeedorp"))
    assert cli("import", "transcripts", "--coder", "tom").code == 0
    with study.open() as project:
        assert project.document(study.guid).case_name == "Zeedorp"
        project.undo("tom")
        assert project.document(study.guid).case_name == "Kleidorp"
        assert [case["name"] for case in project.cases()] == ["Kleidorp"]  # no empty Zeedorp left behind
        project.redo("tom")
        assert project.document(study.guid).case_name == "Zeedorp"
        assert sorted(case["name"] for case in project.cases()) == ["Kleidorp", "Zeedorp"]


def test_undo_and_redo_that_need_another_version_are_refused_and_stay_on_the_stack(study: Study, cli: Cli) -> None:
    _correct(study)
    assert cli("import", "transcripts", "--coder", "tom").code == 0
    with study.open() as project:
        [item, *_] = [i for i in project.codings_to_review() if i.status == "text_changed"]
        project.review_coding("kleidorp", item.coding_guid, "accept", coder="anna")
    third = NEW.replace("De raad heeft een routekaart", "De gemeenteraad heeft een routekaart")
    _correct(study, third)
    assert cli("import", "transcripts", "--coder", "sanne").code == 0
    with study.open() as project:
        # tom's version 2 and anna's decision on it cannot be taken back while sanne's version 3 is current.
        with pytest.raises(ProjectError, match="the document is at version 3 now, not 2; nothing was changed"):
            project.undo("tom")
        with pytest.raises(ProjectError, match="decided on version 2 of the document, which is at version 3 now"):
            project.undo("anna")
        assert not any(e.undone for e in project.store.events(limit=100))
        assert project.document_text(study.guid) == third
        project.undo("sanne")
        assert project.undo("anna") is not None and project.undo("tom") is not None
        assert project.document_text(study.guid) == OLD
        # Redone in the wrong order: refused, and each redo is still there when its turn comes.
        with pytest.raises(ProjectError, match="the document is at version 1 now, not 2; nothing was changed"):
            project.redo("sanne")
        with pytest.raises(ProjectError, match="decided on version 2 of the document, which is at version 1 now"):
            project.redo("anna")
        assert project.redo("tom") is not None and project.redo("anna") is not None
        assert project.redo("sanne") is not None
        assert project.document_text(study.guid) == third
    result = cli("undo", "--coder", "tom")
    assert result.code == 1 and "nothing was changed" in result.err and "Traceback" not in result.err


def test_the_issues_case_code_remove_reimport_undo_lands_on_the_same_words(root: Path, cli: Cli) -> None:
    # The span the issue reported: 41 characters from "De raad" in the old text.
    words = "De raad heeft een routekaart vastgesteldt"
    study = _study(root, cli, codings=[(words, "ambitie.routekaart", "anna", "moved", None)])
    coding_guid = study.codings[words]
    with study.open() as project:
        removed = project.remove_coding(coding_guid, "anna")
    header_line = "Locatie: gemeentehuis, kamer 21\n"  # 32 characters, as in NEW
    corrected = OLD.replace("Interviewer: Sanne Bakker\n", f"Interviewer: Sanne Bakker\n{header_line}")
    _correct(study, corrected)
    assert cli("import", "transcripts", "--coder", "tom").code == 0
    # Where the old offsets fall in the corrected text: the words the coding landed on before versions existed.
    assert corrected[removed.start:removed.end] == "ambitie van de gemeente?\n\nAnna: De raad h"

    with study.open() as project:
        removal = next(e for e in project.store.events(limit=100) if e.action == "remove_coding")
        assert removal.payload["version"] == 1
        undone = project.undo("anna")

        assert undone is not None and "not restored" not in undone.summary
        [coding] = project.codings()
        assert coding.guid == coding_guid
        assert project.document_text(study.guid)[coding.start:coding.end] == words
        assert coding.start == removed.start + 32
        assert undone.start == coding.start  # the workbench's cursor goes where the words are now


def test_undo_and_redo_of_codings_across_versions_reanchor_or_refuse(study: Study, cli: Cli) -> None:
    routekaart = study.codings["De raad heeft een routekaart vastgesteldt."]
    aardgasvrij = study.codings["Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂."]
    capaciteit = study.codings["We hebben te weinig capaciteit"]
    with study.open() as project:
        project.remove_coding(aardgasvrij, "sanne")  # on version 1
        apply_event = next(e for e in project.store.events(limit=100)
                           if e.action == "apply_coding" and e.payload["coding_guid"] == capaciteit)
        assert apply_event.payload["version"] == 1
    _correct(study)
    assert cli("import", "transcripts", "--coder", "tom").code == 0

    with study.open() as project:
        # sanne's undo: the removal of a coding whose words are not in version 2 is refused, never put elsewhere.
        refused = project.undo("sanne")
        assert refused is not None
        assert ("not restored: its words 'Wij willen in 2040 aardgasvrij zijn. Da…' (version 1) are no longer in "
                "version 2 of the document)") in refused.summary
        assert aardgasvrij not in _coded_texts(project, study.guid)
        # The next undo takes away sanne's last coding (made on version 1, moved in version 2) by its identity.
        project.undo("sanne")
        assert capaciteit not in _coded_texts(project, study.guid)
        # Its redo puts it back on its words in version 2, through the same re-anchoring.
        project.redo("sanne")
        assert _coded_texts(project, study.guid)[capaciteit] == "We hebben te weinig capaciteit"
        # A text-changed coding whose apply is undone and redone: its words changed, so the redo is refused.
        project.undo("sanne")  # capaciteit again
        gone = project.undo("sanne")  # the apply of the aardgasvrij coding: it is gone already
        assert gone is not None and "the coding had already been removed" in gone.summary
        project.undo("sanne")  # the apply of the routekaart coding: taken away by its identity
        assert routekaart not in _coded_texts(project, study.guid)
        redone = project.redo("sanne")
        assert redone is not None and "not restored: its words 'De raad heeft een routekaart vastgestel…' " \
            "(version 1) were changed in version 2 of the document; code the passage again" in redone.summary
        assert routekaart not in _coded_texts(project, study.guid)


def test_a_vanished_coding_whose_apply_is_undone_leaves_the_review(study: Study, cli: Cli) -> None:
    aardgasvrij = study.codings["Wij willen in 2040 aardgasvrij zijn. Dat is ambitieus 🙂."]
    _correct(study)
    assert cli("import", "transcripts", "--coder", "tom").code == 0
    with study.open() as project:
        assert aardgasvrij in {i.coding_guid for i in project.codings_to_review()}
        project.undo("sanne")  # capaciteit
        project.undo("sanne")  # the vanished one: it waits for review, its undo takes it from there
        assert aardgasvrij not in {i.coding_guid for i in project.codings_to_review()}
        assert project.status().awaiting_review == {"kleidorp.txt": 2}  # the two text-changed ones


def test_removing_and_restoring_a_document_keeps_its_version(study: Study, cli: Cli) -> None:
    _correct(study)
    assert cli("import", "transcripts", "--coder", "tom").code == 0
    with study.open() as project:
        before = _state(project, study.guid)
        project.remove_document("kleidorp", force=True, coder="tom")
        assert project.codings_to_review() == []  # a removed document's reviews are not listed
        project.undo("tom")
        assert _state(project, study.guid) == before
        assert before["dump"]["document"]["version"] == 2


def test_a_changed_file_without_codings_becomes_a_version_too(root: Path, cli: Cli) -> None:
    study = _study(root, cli, codings=[])
    _correct(study)
    result = cli("import", "transcripts", "--coder", "tom")
    assert result.code == 0, result.err
    assert "  codings: none" in result.out
    with study.open() as project:
        assert [v.version for v in versions_of(project.store, "kleidorp")] == [1, 2]
        assert project.undo("tom") is not None
        assert project.document_text(study.guid) == OLD


def test_review_through_the_project_api(study: Study, cli: Cli) -> None:
    _correct(study)
    assert cli("import", "transcripts").code == 0
    with study.open() as project:
        items = project.codings_to_review("kleidorp")
        vanished = next(i for i in items if i.status == "vanished")
        decided = project.review_coding("kleidorp", vanished.short_id, "adjust",
                                        text="Er is geen structureel geld", coder="tom")
        assert decided.placed is not None and decided.left == 2
        assert NEW[decided.placed[0]:decided.placed[1]] == "Er is geen structureel geld"
        with pytest.raises(ProjectError, match="no review decision 'keep'"):
            project.review_coding("kleidorp", "all", "keep")
        accepted = project.review_coding("kleidorp", "all", "accept", coder="tom")
        assert len(accepted.items) == 2 and accepted.left == 0 and accepted.note is None
        with pytest.raises(ProjectError, match=r"no codings of 'Kleidorp .*' await review"):
            project.review_coding("kleidorp", "all", "remove")


def test_stale_reviews_do_not_count_a_removed_coding(study: Study, cli: Cli) -> None:
    _correct(study)
    assert cli("import", "transcripts").code == 0
    septisch = study.codings["De inwoners zijn septisch."]
    with study.open() as project:
        project.remove_coding(septisch, "tom")
        assert septisch not in {i.coding_guid for i in project.codings_to_review()}
        project.undo("tom")
        assert septisch in {i.coding_guid for i in project.codings_to_review()}



def test_a_second_correction_keeps_the_first_texts_under_review_and_its_undo_only_its_own(
        study: Study, cli: Cli) -> None:
    _correct(study)
    assert cli("import", "transcripts", "--coder", "tom").code == 0
    with study.open() as project:
        first_review = project.codings_to_review()
        version_2 = _state(project, study.guid)
    # Version 3: the transcriber fixes another word inside the still text-changed routekaart coding and cuts the
    # question before the septisch answer (its coding keeps its words, but moves).
    third = NEW.replace("De raad heeft een routekaart", "De gemeenteraad heeft een routekaart").replace(
        "Sanne: En de inwoners?\n\n", "")
    _correct(study, third)
    result = cli("import", "transcripts", "--coder", "tom")
    assert result.code == 0, result.err
    assert "replaced  kleidorp.txt" in result.out
    assert "review with: qualcode documents review kleidorp.txt" in result.out
    with study.open() as project:
        assert [v.version for v in versions_of(project.store, "kleidorp")] == [1, 2, 3]
        waiting = {item.coding_guid: item for item in project.codings_to_review()}
        routekaart = waiting[study.codings["De raad heeft een routekaart vastgesteldt."]]
        # Still measured against what was coded: the first text, version 1.
        assert (routekaart.old_version, routekaart.old_text, routekaart.new_version, routekaart.new_text) == (
            1, "De raad heeft een routekaart vastgesteldt.", 3, "De gemeenteraad heeft een routekaart vastgesteld.")
        septisch = waiting[study.codings["De inwoners zijn septisch."]]
        assert (septisch.old_version, septisch.new_text) == (1, "De inwoners zijn sceptisch.")
        assert len(waiting) == len(first_review) == 3
        project.undo("tom")  # version 3 undone: version 2 and its review exactly as they were
        assert _state(project, study.guid) == version_2
        project.undo("tom")
        assert project.document_text(study.guid) == OLD and project.codings_to_review() == []


APPENDIX = """\
Bijlage 2 Gespreksverslagen

Bijlage 2.1 Interviewverslag - Gemeente Zuiderveen

Gemeente: Zuiderveen
Interviewer: Mehmet Yılmaz
Gesprekspartner: Ilse Dekker, adviseur energie
Datum: 2 juni 2025

Mehmet: Waar loopt u tegenaan?

Ilse: De netbeheerder zegt nee tegen elke nieuwe aansluiting.

Bijlage 2.2 Interviewverslag - Gemeente Oostwold

Gemeente: Oostwold
Interviewer: Mehmet Yılmaz
Gesprekspartner: Gert-Jan Smit
Functie: wethouder
Datum: 4 juni 2025

Mehmet: Hoe staat het met de zonnepanelen op het gemeentehuis?

Gert-Jan: Die liggen er sinds maart. Het dak moest eerst versterkt worden, dat kostte een ton.
"""


def test_a_corrected_write_up_of_a_split_appendix_becomes_a_version_and_the_other_is_left_alone(
        root: Path, cli: Cli) -> None:
    path = root / "transcripts" / "bijlagen.txt"
    path.write_text(APPENDIX, encoding="utf-8")
    (root / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    assert cli("import", "--split", "transcripts/bijlagen.txt").code == 0
    assert cli("codebook", "load", "codebook.yaml").code == 0
    with Project.open(root) as project:
        documents = {d.source_name: d.guid for d in project.documents()}
        codings = {}
        for name, words in (("bijlagen.txt#1", "De netbeheerder zegt nee tegen elke nieuwe aansluiting."),
                            ("bijlagen.txt#2", "Het dak moest eerst versterkt worden, dat kostte een ton.")):
            text = project.document_text(documents[name])
            start = text.index(words)
            codings[name] = project.apply_coding(documents[name], start, start + len(words), "geld", "sanne").guid
        first_before = document_dump(project.store, documents["bijlagen.txt#1"])
    path.write_text(APPENDIX.replace("Die liggen er sinds maart.", "Die liggen er sinds maart 2024.")
                    .replace("dat kostte een ton", "dat kostte een ton (€ 100.000)"), encoding="utf-8")

    result = cli("import", "--split", "transcripts/bijlagen.txt", "--coder", "tom")

    assert result.code == 0, result.err
    assert "0 imported, 1 replaced, 1 unchanged" in result.out
    assert "codings: 0 unchanged, 0 moved, 1 text changed, 0 vanished" in result.out
    with Project.open(root) as project:
        assert document_dump(project.store, documents["bijlagen.txt#1"]) == first_before
        second = project.document_text(documents["bijlagen.txt#2"])
        assert "(€ 100.000)" in second
        coded = {c.guid: second[c.start:c.end] for c in project.codings(documents["bijlagen.txt#2"])}
        assert coded[codings["bijlagen.txt#2"]].startswith("Het dak moest eerst versterkt worden, dat kostte een ton")
        assert [v.version for v in versions_of(project.store, documents["bijlagen.txt#2"])] == [1, 2]
        assert project.undo("tom") is not None
        assert "(€ 100.000)" not in project.document_text(documents["bijlagen.txt#2"])
