"""Settling two coders' differences (Project.consensus_review / start_consensus / settle_consensus and `qualcode
consensus`) on the double-coded project of tests/functional/agreement_project.py: anouk (A) and bram (B) differ on
five sentences of Lindewaard and Oosterveld; bram's warmtevisie coding runs over two sentences, anouk's over one."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from qualcode.project.consensus import ConsensusItem, ConsensusReview
from tests.functional.agreement_project import CODINGS, build

CODERS = ("anouk", "bram")
DIFFERENCES = ["De raad steunt het plan.", "Inwoners zijn wantrouwig na de discussie over aardgas.",
               "Er komt een wijkbus in elke kern.", "Er is geen structureel geld.",
               "Het Rijk geeft alleen eenmalige subsidies."]
AGREED = {("beleid.visie", "De warmtevisie is vorig jaar vastgesteld."),
          ("geld.budget", "Wij hebben geen budget voor de uitvoering."),  # bram's words take in anouk's 'geen budget'
          ("inwoners.participatie", "Een bewonersgroep denkt mee over de eerste wijk."),
          ("inwoners.wantrouwen", "Sommige inwoners vertrouwen de gemeente niet.")}


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.open(build(tmp_path / "warmte")) as opened:
        yield opened


def consensus_codings(project: Project, name: str = "consensus") -> set[tuple[str, str]]:
    texts = {d.guid: project.document_text(d.guid) for d in project.documents()}
    found = [(c.code_key, texts[c.document_guid][c.start:c.end]) for c in project.codings() if c.coder == name]
    assert len(found) == len(set(found)), "a consensus coding is there twice"
    return set(found)


def review(project: Project, **scope: str) -> ConsensusReview:
    return project.consensus_review(CODERS, **scope)  # type: ignore[arg-type]


def item(project: Project, text: str) -> tuple[ConsensusItem, ConsensusReview]:
    current = review(project)
    return next(i for i in current.items if i.text == text), current


def settle(project: Project, text: str, choice: str, codes: tuple[str, ...] = ()) -> None:
    found, current = item(project, text)
    project.settle_consensus(found, current, choice, codes, coder="lies")


def test_the_disagreements_are_agreements_own_and_start_gives_what_both_agree_on_once(project: Project) -> None:
    before = review(project)
    assert [i.text for i in before.items] == DIFFERENCES
    assert before.progress == "0 of 5 settled" and not before.started
    assert [(i.a_codes, i.b_codes) for i in before.items][:2] == [((), ("beleid.visie",)),
                                                                    (("inwoners.wantrouwen",), ())]
    events = len(project.history(limit=1000))
    started = project.start_consensus(CODERS, coder="lies")
    assert (started.made, started.removed) == (4, 0) and started.snapshot is not None and started.snapshot.is_file()
    assert consensus_codings(project) == AGREED
    assert len(project.history(limit=1000)) == events + 1
    again = project.start_consensus(CODERS, coder="lies")
    assert (again.made, again.snapshot) == (0, None) and len(project.history(limit=1000)) == events + 1
    assert review(project).started
    undone = project.undo("lies")
    assert undone is not None and "gave consensus the 4 codings" in undone.summary
    assert consensus_codings(project) == set()
    project.redo("lies")
    assert consensus_codings(project) == AGREED


def test_each_choice_writes_the_consensus_codings_and_undo_takes_it_back(project: Project) -> None:
    project.start_consensus(CODERS, coder="lies")
    # keep B where bram's warmtevisie coding runs on: his words join anouk's agreed ones, one coding.
    settle(project, "De raad steunt het plan.", "b")
    visie = "De warmtevisie is vorig jaar vastgesteld. De raad steunt"
    assert consensus_codings(project) == AGREED - {("beleid.visie", "De warmtevisie is vorig jaar vastgesteld.")} | {
        ("beleid.visie", visie)}
    settle(project, "Inwoners zijn wantrouwig na de discussie over aardgas.", "a")
    assert ("inwoners.wantrouwen", "Inwoners zijn wantrouwig") in consensus_codings(project)
    settle(project, "Er komt een wijkbus in elke kern.", "neither")
    assert not any(code == "inwoners.participatie" and "wijkbus" in words
                   for code, words in consensus_codings(project))
    settle(project, "Er is geen structureel geld.", "both")
    assert ("geld.budget", "geen structureel geld") in consensus_codings(project)
    settle(project, "Het Rijk geeft alleen eenmalige subsidies.", "edit", ("geld.budget", "inwoners.participatie"))
    after_edit = consensus_codings(project)
    assert {("geld.budget", "Het Rijk geeft alleen eenmalige subsidies."),
            ("inwoners.participatie", "Het Rijk geeft alleen eenmalige subsidies.")} <= after_edit
    done = review(project)
    assert done.progress == "5 of 5 settled" and done.first_unsettled() is None
    assert [i.choice for i in done.items] == ["b", "a", "neither", "both", "edit"]
    assert done.items[4].consensus_codes == ("geld.budget", "inwoners.participatie")
    # anouk's and bram's own codings are untouched.
    assert sum(c.coder in CODERS for c in project.codings()) == len([c for c in CODINGS if c[1] in CODERS])

    undone = project.undo("lies")
    assert undone is not None and "edited" in undone.summary
    assert consensus_codings(project) == after_edit - {
        ("geld.budget", "Het Rijk geeft alleen eenmalige subsidies."),
        ("inwoners.participatie", "Het Rijk geeft alleen eenmalige subsidies.")}
    assert review(project).first_unsettled() == 4
    project.redo("lies")
    assert consensus_codings(project) == after_edit


def test_a_review_goes_on_where_it_stopped_after_a_restart(project: Project) -> None:
    project.start_consensus(CODERS, coder="lies")
    settle(project, "De raad steunt het plan.", "a")
    settle(project, "Inwoners zijn wantrouwig na de discussie over aardgas.", "b")
    root = project.root
    project.close()
    with Project.open(root) as reopened:
        again = review(reopened)
        assert again.progress == "2 of 5 settled" and again.first_unsettled() == 2
        assert again.item("next").text == "Er komt een wijkbus in elke kern."
        assert [i.choice for i in again.items[:2]] == ["a", "b"]


def test_decisions_hold_on_a_corrected_transcript_where_their_words_are_unchanged(project: Project,
                                                                                   tmp_path: Path) -> None:
    from tests.functional.agreement_project import LINDEWAARD

    project.start_consensus(CODERS, coder="lies")
    settle(project, "De raad steunt het plan.", "b")
    visie = ("beleid.visie", "De warmtevisie is vorig jaar vastgesteld. De raad steunt")
    corrected = tmp_path / "lindewaard-v2.txt"
    corrected.write_text(LINDEWAARD.replace("Hoe staat het met de warmtevisie?",
                                            "Hoe staat het nu met de warmtevisie van de gemeente?"), encoding="utf-8")
    project.replace_document("lindewaard", corrected, coder="tom")
    moved, current = item(project, "De raad steunt het plan.")
    assert moved.choice == "b" and moved.consensus_codes == ("beleid.visie",) and current.progress == "1 of 5 settled"
    assert visie in consensus_codings(project)
    # A decision elsewhere in the corrected document leaves the consensus of the earlier one as it is.
    settle(project, "Inwoners zijn wantrouwig na de discussie over aardgas.", "a")
    assert {visie, ("inwoners.wantrouwen", "Inwoners zijn wantrouwig")} <= consensus_codings(project)
    # Deciding the moved one again replaces its earlier decision; undo brings that one back.
    settle(project, "De raad steunt het plan.", "a")
    assert visie not in consensus_codings(project) and item(project, "De raad steunt het plan.")[0].choice == "a"
    project.undo("lies")
    assert visie in consensus_codings(project) and item(project, "De raad steunt het plan.")[0].choice == "b"


def test_deciding_again_replaces_the_decision_and_a_narrowed_review_decides_only_its_code(project: Project) -> None:
    project.start_consensus(CODERS, coder="lies")
    settle(project, "De raad steunt het plan.", "b")
    settle(project, "De raad steunt het plan.", "a")
    assert consensus_codings(project) == AGREED
    narrowed = review(project, code="geld.budget")
    assert [i.text for i in narrowed.items] == DIFFERENCES[3:]
    lindewaard = review(project, document="lindewaard")
    assert [i.text for i in lindewaard.items] == DIFFERENCES[:3] and lindewaard.progress == "1 of 3 settled"


def test_two_documents_with_one_title_keep_their_own_disagreements(project: Project) -> None:
    guids = {d.source_name: d.guid for d in project.documents()}
    project.rename_document("oosterveld.txt", "Interviewverslag - Gemeente Lindewaard", coder="lies")
    items = review(project).items
    assert [i.text for i in items] == DIFFERENCES
    assert [i.document_guid for i in items] == [guids["lindewaard.txt"]] * 3 + [guids["oosterveld.txt"]] * 2
    assert project.start_consensus(CODERS, coder="lies").made == 4


def test_when_the_words_cannot_tell_two_documents_apart_each_is_asked_for_on_its_own(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from qualcode.project import consensus

    guids = {d.source_name: d.guid for d in project.documents()}
    project.rename_document("oosterveld.txt", "Interviewverslag - Gemeente Lindewaard", coder="lies")
    monkeypatch.setattr(consensus, "_with_guids", lambda *_: None)
    items = review(project).items
    assert [i.text for i in items] == DIFFERENCES and [i.number for i in items] == [1, 2, 3, 4, 5]
    assert [i.document_guid for i in items] == [guids["lindewaard.txt"]] * 3 + [guids["oosterveld.txt"]] * 2


@pytest.mark.parametrize("unit", ["turn", "document"])
def test_turns_and_documents_as_units(project: Project, unit: str) -> None:
    project.start_consensus(CODERS, unit=unit, coder="lies")
    current = project.consensus_review(CODERS, unit=unit)
    assert current.items and not current.settled
    for found in current.items:
        project.settle_consensus(found, current, "a", coder="lies")
    assert project.agreement(("anouk", "consensus"), unit=unit).overall.all_units.percent.value == 1.0
    # A document-wide 'keep A' keeps anouk's codings as they are (where bram agreed, his words join hers).
    if unit == "document":
        assert ("inwoners.wantrouwen", "Inwoners zijn wantrouwig") in consensus_codings(project)
        assert ("geld.budget", "geen structureel geld") in consensus_codings(project)


@pytest.mark.parametrize(("choice", "coder"), [("a", "anouk"), ("b", "bram")])
def test_keeping_one_coder_everywhere_agrees_with_that_coder_fully(project: Project, choice: str, coder: str) -> None:
    project.start_consensus(CODERS, coder="lies")
    for text in DIFFERENCES:
        settle(project, text, choice)
    for unit in ("sentence", "turn"):
        with_kept = project.agreement((coder, "consensus"), unit=unit)
        assert with_kept.overall.all_units.kappa.value == 1.0 and with_kept.overall.all_units.percent.value == 1.0
    other = CODERS[1] if coder == CODERS[0] else CODERS[0]
    assert project.agreement((other, "consensus")).overall.all_units.percent.value < 1.0  # type: ignore[operator]


def test_a_decision_on_a_text_that_changed_meanwhile_is_refused_and_nothing_is_written(project: Project) -> None:
    found, current = item(project, "De raad steunt het plan.")
    events = len(project.history(limit=1000))
    with pytest.raises(ProjectError, match="another text than the one this disagreement was shown on"):
        project.settle_consensus(dataclasses.replace(found, sha256="0" * 64), current, "a", coder="lies")
    assert len(project.history(limit=1000)) == events and consensus_codings(project) == set()


def test_bad_names_and_choices_are_refused_with_what_to_do(project: Project) -> None:
    with pytest.raises(ProjectError, match="no coder 'bran'; did you mean 'bram'"):
        project.consensus_review(("anouk", "bran"))
    with pytest.raises(ProjectError, match="--as bram: the consensus coder must be another coder"):
        project.consensus_review(CODERS, "bram")
    found, current = item(project, "De raad steunt het plan.")
    with pytest.raises(ProjectError, match="no choice 'c'"):
        project.settle_consensus(found, current, "c")
    with pytest.raises(ProjectError, match=r"no code 'geld\.budjet'; did you mean 'geld\.budget'"):
        project.settle_consensus(found, current, "edit", ("geld.budjet",))
    with pytest.raises(ProjectError, match="no disagreement '9'"):
        current.item("9")


# -- the command line ----------------------------------------------------------------------------------------
def test_cli_lists_keeps_edits_and_undoes(tmp_path: Path, cli: Callable) -> None:
    root = build(tmp_path / "warmte")
    base = ("--project", root, "consensus", "--coders", "anouk", "bram")
    listed = cli(*base, "list")
    assert listed.code == 0 and "anouk (A) and bram (B) → consensus, per sentence: 0 of 5 settled" in listed.out
    assert "   1 [ ]" in listed.out and "A: - | B: beleid.visie" in listed.out
    kept = cli(*base, "keep", "1", "b", "--coder", "lies")
    assert kept.code == 0 and "gave consensus 4 codings anouk and bram agree on" in kept.out
    assert "1. consensus on 'De raad steunt het plan.': kept B (beleid.visie)" in kept.out
    assert "1 of 5 settled; next: 2" in kept.out
    assert "   consensus codings in this document: " in kept.out  # what the decision wrote, also beyond its unit
    edited = cli(*base, "--as", "consensus", "edit", "next", "inwoners.wantrouwen", "geld.budget", "--coder", "lies")
    assert edited.code == 0 and "edited (geld.budget, inwoners.wantrouwen)" in edited.out
    unsettled = cli(*base, "list", "--unsettled")
    assert "2 of 5 settled" in unsettled.out and "   1 [" not in unsettled.out and "   3 [ ]" in unsettled.out
    assert cli("--project", root, "undo", "--coder", "lies").code == 0
    assert "1 of 5 settled" in cli(*base, "list").out
    with Project.open(root) as project:
        assert ("beleid.visie", "De warmtevisie is vorig jaar vastgesteld. De raad steunt") in \
            consensus_codings(project)


def test_cli_errors_say_what_to_do(tmp_path: Path, cli: Callable) -> None:
    root = build(tmp_path / "warmte")
    base = ("--project", root, "consensus", "--coders", "anouk", "bram")
    unknown = cli(*base, "keep", "99", "a")
    assert unknown.code == 1 and "no disagreement '99'" in unknown.err and "from 1 to 5" in unknown.err
    typo = cli("--project", root, "consensus", "--coders", "anouk", "bran", "list")
    assert typo.code == 1 and "no coder 'bran'; did you mean 'bram'?" in typo.err
    same = cli(*base, "--as", "anouk", "list")
    assert same.code == 1 and "must be another coder" in same.err
    bad_choice = cli(*base, "keep", "1", "c")
    assert bad_choice.code == 2 and "invalid choice: 'c'" in bad_choice.err
    no_coders = cli("--project", root, "consensus", "list")
    assert no_coders.code == 1 and "consensus needs the two coders" in no_coders.err
    with Project.open(root) as project:
        assert consensus_codings(project) == set()

    anouk_only = CODINGS[-1]  # anouk's one coding of Zuidhoek, given to bram as well: they agree everywhere
    agreed = (anouk_only, ("zuidhoek.txt", "bram", anouk_only[2], anouk_only[3]))
    same_codes = build(tmp_path / "gelijk", agreed)
    nothing = cli("--project", same_codes, "consensus", "--coders", "anouk", "bram", "list")
    assert nothing.code == 0 and "nothing to settle: anouk and bram give every sentence the same codes" in nothing.out
    keep = cli("--project", same_codes, "consensus", "--coders", "anouk", "bram", "keep", "1", "a")
    assert keep.code == 1 and "nothing to settle" in keep.err


def test_a_consensus_coder_holds_one_review(project: Project) -> None:
    """A second review (another unit) under the same consensus name would write overlapping codings of the same codes
    under that name (a second reader found 20 such pairs): it is refused, and runs under a name of its own."""
    project.start_consensus(("anouk", "bram"), coder="anouk")
    with pytest.raises(ProjectError) as refused:
        project.start_consensus(("anouk", "bram"), unit="turn", coder="anouk")
    assert "consensus already holds the review of anouk and bram per sentence" in str(refused.value)
    assert "--as consensus-turn" in (refused.value.hint or "")
    with pytest.raises(ProjectError):
        project.consensus_review(("anouk", "bram"), unit="document")
    project.start_consensus(("anouk", "bram"), "consensus-turn", unit="turn", coder="anouk")
    assert consensus_codings(project, "consensus-turn")
