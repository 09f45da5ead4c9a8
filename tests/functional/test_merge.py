"""`qualcode merge OTHER` (issue 13): two researchers' laptop copies merged both ways and twice, with nothing lost
and nothing doubled; conflicts under each --prefer rule; a code deleted on one side and used on the other; a dry
run that writes nothing; the other copy as a folder, a qualcode.db and a .qdpx."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.project import Project
from tests.functional.merge_project import (
    CODEBOOK_SANNE,
    FIXED,
    Copies,
    build_base,
    build_copies,
    code,
    coding_rows,
    working_day,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Copies:
    return build_copies(tmp_path_factory.mktemp("laptops"))


@pytest.fixture
def copies(built: Copies, tmp_path: Path) -> Copies:
    """Fresh copies of both laptops for one test."""
    sanne, youssef = tmp_path / "laptop-sanne", tmp_path / "laptop-youssef"
    shutil.copytree(built.sanne, sanne)
    shutil.copytree(built.youssef, youssef)
    return Copies(built.base, sanne, youssef)


def merge(into: Path, other: Path, **options: object) -> object:
    with working_day("2025-09-15"), Project.open(into) as project:
        return project.merge(other, coder="sanne", **options)  # type: ignore[arg-type]


def database_hash(root: Path) -> str:
    return hashlib.sha256((root / "qualcode.db").read_bytes()).hexdigest()


def events(root: Path) -> list[str]:
    with Project.open(root) as project:
        return [event.action for event in project.store.events(1000)]


def work_of(root: Path) -> dict[str, object]:
    """What a researcher sees of the project: codebook, cases, texts, memos, codings by text."""
    with Project.open(root) as project:
        documents = {d.source_name: d.guid for d in project.documents()}
        return {
            "codes": sorted((c.guid, c.key, c.name, c.parent_key, c.name_en, c.keywords)
                            for c in project.codebook().codes),
            "cases": sorted((c["name"], tuple((a.name, a.value) for a in c["attributes"])) for c in project.cases()),
            "texts": {name: project.document_text(guid) for name, guid in documents.items()},
            "project memo": project.memo("project", ""),
            "code memo": project.memo("code", "inwoners.zorgen"),
            "geld memo": project.memo("code", "geld"),
            "hoeksmeer": (project.sentences(documents["hoeksmeer.txt"]), project.turns(documents["hoeksmeer.txt"]),
                          project.document(documents["hoeksmeer.txt"]).case_name),
            "document memo": project.memo("document", documents["dalmersum.txt"]),
            "review": sorted(item.coding_guid for item in project.codings_to_review()),
        }


def test_merging_both_ways_and_twice_loses_nothing_and_doubles_nothing(copies: Copies) -> None:
    sanne_before, youssef_before = coding_rows(copies.sanne), coding_rows(copies.youssef)
    assert len(sanne_before) == 4 and len(youssef_before) == 6

    first = merge(copies.sanne, copies.youssef)
    back = merge(copies.youssef, copies.sanne)
    assert first.added["codings"] == 6 and back.added["codings"] == 4  # type: ignore[attr-defined]
    events_after_one_round = events(copies.sanne), events(copies.youssef)
    hashes = database_hash(copies.sanne), database_hash(copies.youssef)
    again = merge(copies.sanne, copies.youssef), merge(copies.youssef, copies.sanne)

    assert all(not report.writes and not any(report.added.values()) for report in again)  # type: ignore[attr-defined]
    assert (events(copies.sanne), events(copies.youssef)) == events_after_one_round
    assert (database_hash(copies.sanne), database_hash(copies.youssef)) == hashes
    sanne, youssef = coding_rows(copies.sanne), coding_rows(copies.youssef)
    assert sanne == youssef
    assert len(sanne) == 10 and len({row[0] for row in sanne}) == 10  # by GUID: every coding once
    assert len({row[1:] for row in sanne}) == 10  # by document, text, code and coder: none twice
    assert {row[0] for row in sanne} == {row[0] for row in sanne_before + youssef_before}
    # Sanne's coding of the typo is on the corrected words now, and waits for review in both copies.
    typo = next(row for row in sanne if row[4] == "sanne" and row[3] == "inwoners.initiatief")
    assert typo[2] == "wil een bewonerscoöperatie zelf een warmtenet aanleggen"
    shared = work_of(copies.sanne)
    assert shared == work_of(copies.youssef)
    assert shared["review"] == [typo[0]]
    assert FIXED in str(shared["texts"]["dalmersum.txt"]) and "een warmtnet" not in str(  # type: ignore[index]
        shared["texts"]["dalmersum.txt"])  # type: ignore[index]
    codes = {key: (name, parent) for _, key, name, parent, *_ in shared["codes"]}  # type: ignore[union-attr]
    assert ("Departments do not work together", ("afdelingen", "langs elkaar heen")) in [
        (name_en, keywords) for *_, name_en, keywords in shared["codes"]]  # type: ignore[union-attr]
    assert codes["inwoners.zorgen"][0] == "Inwoners vrezen hogere woonlasten"  # Sanne's codebook edits
    assert codes["beleid.capaciteit"][1] == "organisatie"
    assert "organisatie.samenwerking" in codes
    assert dict(dict(shared["cases"])["Dalmersum"])["houding"] == "actief"  # type: ignore[arg-type]
    assert "Sanne: eerste ronde" in str(shared["project memo"]) and "Youssef: Terwolde" in str(shared["project memo"])
    assert shared["code memo"] == "Vaak genoemd op informatieavonden; let op woonlasten."
    assert shared["document memo"] == "Ingrid noemde de SPUK twee keer; navragen welke ronde."
    assert shared["geld memo"] == "Financiën: SPUK; rijksgeld ontbreekt."  # the same memo, Youssef's later edit
    assert shared["hoeksmeer"] == work_of(copies.youssef)["hoeksmeer"]  # Youssef's own interview, whole
    assert "Hoeksmeer" in [name for name, _ in shared["cases"]]  # type: ignore[union-attr]
    assert events(copies.sanne).count("merge") == 1  # one event per merge that wrote


SANNES_MEMO, YOUSSEFS_MEMO = "Financiën: SPUK en eigen middelen.", "Financiën: SPUK; rijksgeld ontbreekt."


# Only Sanne renamed the code (8 September) and only Youssef changed the case (10 September) since the copies parted:
# each one-sided change is taken whatever the rule (a second reader found --prefer theirs undoing Sanne's own rename).
# Both edited the memo: that is the rule's to decide.
@pytest.mark.parametrize(("prefer", "houding", "zorgen", "memo"), [
    ("mine", "actief", "Inwoners vrezen hogere woonlasten", SANNES_MEMO),
    ("theirs", "actief", "Inwoners vrezen hogere woonlasten", YOUSSEFS_MEMO),
    ("newest", "actief", "Inwoners vrezen hogere woonlasten", YOUSSEFS_MEMO),
])
def test_conflicts_are_listed_and_resolved_by_the_rule(copies: Copies, prefer: str, houding: str, zorgen: str,
                                                      memo: str) -> None:
    report = merge(copies.sanne, copies.youssef, prefer=prefer)
    conflicts = "\n".join(report.conflicts)  # type: ignore[attr-defined]
    assert "case 'Dalmersum': houding is \"afwachtend\" here, \"actief\" there" in conflicts
    assert "code 'Inwoners vrezen hogere woonlasten' (inwoners.zorgen) differs" in conflicts
    assert "corrected in the other copy, coded here; this project's codings re-anchored" in conflicts
    assert "the memo on code geld was edited in both copies" in conflicts
    with Project.open(copies.sanne) as project:
        dalmersum = next(c for c in project.cases() if c["name"] == "Dalmersum")
        assert {a.name: a.value for a in dalmersum["attributes"]}["houding"] == houding
        assert next(c.name for c in project.codebook().codes if c.key == "inwoners.zorgen") == zorgen
        assert project.memo("code", "geld") == memo
        assert len(project.codings()) == 10  # the rule decides content, never whether a coding comes in


def _delete_subsidie(root: Path, folder: Path) -> None:
    """Sanne drops 'Afhankelijk van subsidie' from her codebook (she never used it)."""
    trimmed = CODEBOOK_SANNE.replace("""      - id: geld.subsidie
        name: Afhankelijk van subsidie
        type: barrier
""", "")
    (folder / "zonder-subsidie.yaml").write_text(trimmed, encoding="utf-8")
    with working_day("2025-09-09"), Project.open(root) as project:
        project.load_codebook(folder / "zonder-subsidie.yaml", coder="sanne")


@pytest.mark.parametrize(("prefer", "restored"), [("mine", False), ("theirs", True), ("newest", True)])
def test_a_code_deleted_here_and_used_there(copies: Copies, tmp_path: Path, prefer: str, restored: bool) -> None:
    _delete_subsidie(copies.sanne, tmp_path)
    report = merge(copies.sanne, copies.youssef, prefer=prefer)
    lines = "\n".join([*report.conflicts, *report.left_out])  # type: ignore[attr-defined]
    assert "code 'Afhankelijk van subsidie' (geld.subsidie): deleted here, coded 2 times there" in lines
    with Project.open(copies.sanne) as project:
        keys = {c.key for c in project.codebook().codes}
        subsidie = [c for c in project.codings() if c.code_key == "geld.subsidie"]
    assert ("geld.subsidie" in keys) is restored
    assert len(subsidie) == (2 if restored else 0)
    if not restored:
        assert "its 2 codings in the other copy (the code was deleted here; --prefer theirs brings them in)" in lines


def test_a_code_deleted_there_and_used_here_is_kept(copies: Copies, tmp_path: Path) -> None:
    _delete_subsidie(copies.sanne, tmp_path)
    report = merge(copies.youssef, copies.sanne, prefer="theirs")
    assert "code 'Afhankelijk van subsidie' (geld.subsidie): deleted in the other copy, coded 2 times here; " \
           "kept" in report.conflicts  # type: ignore[attr-defined]
    with Project.open(copies.youssef) as project:
        assert len([c for c in project.codings() if c.code_key == "geld.subsidie"]) == 2


def test_a_dry_run_reports_everything_and_writes_nothing(copies: Copies, cli: Callable) -> None:
    before = database_hash(copies.sanne)
    snapshots = sorted((copies.sanne / ".qualcode").rglob("*"))
    result = cli("--project", copies.sanne, "merge", copies.youssef, "--dry-run")
    assert result.code == 0, result.text
    assert "would add: 1 coder, 1 case, 1 document, 6 codings, 1 memo" in result.out
    assert "houding is \"afwachtend\" here, \"actief\" there" in result.out
    assert "dry run: nothing was written" in result.out
    assert database_hash(copies.sanne) == before
    assert sorted((copies.sanne / ".qualcode").rglob("*")) == snapshots
    real = cli("--project", copies.sanne, "merge", copies.youssef)
    assert real.code == 0 and "a snapshot of the project before the merge" in real.out
    assert database_hash(copies.sanne) != before


@pytest.mark.parametrize("form", ["folder", "database", "qdpx"])
def test_the_other_copy_as_a_folder_a_database_or_a_qdpx(copies: Copies, tmp_path: Path, form: str,
                                                          cli: Callable) -> None:
    other: Path = copies.youssef
    if form == "database":
        other = copies.youssef / "qualcode.db"
    elif form == "qdpx":
        other = tmp_path / "youssef.qdpx"
        assert cli("--project", copies.youssef, "export", "qdpx", other).code == 0
    before = database_hash(copies.youssef)
    result = cli("--project", copies.sanne, "merge", other)
    assert result.code == 0, result.text
    assert database_hash(copies.youssef) == before  # the other copy is only read
    merged = {row[1:] for row in coding_rows(copies.sanne)}
    expected = {row[1:] for row in coding_rows(copies.youssef)}
    assert expected <= merged and len(merged) == 10
    again = cli("--project", copies.sanne, "merge", other)
    assert "nothing to do" in again.out and {row[1:] for row in coding_rows(copies.sanne)} == merged
    # A .qdpx keeps no history: the report says what that means for removals and --prefer newest.
    assert ("keeps no history" in " ".join(result.out.split())) == (form == "qdpx")


def test_two_projects_built_apart_match_documents_by_their_text(tmp_path: Path) -> None:
    """Each researcher imported the same transcripts into a project of their own: other document GUIDs, one text."""
    with working_day("2025-09-01"):
        anna = build_base(tmp_path / "anna")
        ben = build_base(tmp_path / "ben")
    with working_day("2025-09-02"), Project.open(ben) as project:
        code(project, "terwolde-ambt.txt", "Afdelingen werken langs elkaar heen.", "beleid.capaciteit", "ben")
    report = merge(anna, ben)
    assert report.matched["documents"] == 2 and report.added["documents"] == 0  # type: ignore[attr-defined]
    with Project.open(anna) as project:
        assert len(project.documents()) == 2
        [coding] = project.codings()
        assert project.document_text(coding.document_guid)[coding.start:coding.end] == \
            "Afdelingen werken langs elkaar heen."


def test_a_merge_is_one_event_and_its_snapshot_puts_the_project_back(copies: Copies, cli: Callable) -> None:
    before = coding_rows(copies.sanne)
    report = merge(copies.sanne, copies.youssef)
    log = cli("--project", copies.sanne, "log")
    assert "sanne        merged laptop-youssef (1 coder, 1 case, 1 document, 6 codings, 1 memo; 6 conflicts, " \
           "--prefer newest)" in log.out
    assert events(copies.sanne).count("merge") == 1
    snapshot = Path(report.snapshot)  # type: ignore[attr-defined]
    assert snapshot.is_file()
    restored = cli("--project", copies.sanne, "snapshots", "restore", snapshot)
    assert restored.code == 0, restored.text
    assert coding_rows(copies.sanne) == before


def test_a_copy_made_by_an_older_qualcode_is_read_without_changing_it(copies: Copies) -> None:
    """Youssef's laptop runs the qualcode before m010: his qualcode.db is upgraded on a private copy only."""
    import sqlite3

    database = copies.youssef / "qualcode.db"
    with sqlite3.connect(database) as connection:
        connection.execute("DROP INDEX idx_sentences_turn")
        connection.execute("DROP INDEX idx_turns_participant")
        connection.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_replace_indexes'")
    connection.close()
    before = database_hash(copies.youssef)
    report = merge(copies.sanne, copies.youssef)
    assert report.added["codings"] == 6  # type: ignore[attr-defined]
    assert database_hash(copies.youssef) == before


@pytest.mark.parametrize(("prefer", "memo"), [("newest", None), ("mine", None),
                                              ("theirs", "Financiën: SPUK; rijksgeld ontbreekt.")])
def test_a_memo_removed_here_stays_removed_unless_the_rule_prefers_the_other_copy(copies: Copies, prefer: str,
                                                                                 memo: str | None) -> None:
    with working_day("2025-09-11"), Project.open(copies.sanne) as project:
        project.set_memo("code", "geld", "", "sanne")  # removed after Youssef's edit of 10 September
    report = merge(copies.sanne, copies.youssef, prefer=prefer)
    lines = "\n".join([*report.conflicts, *report.left_out])  # type: ignore[attr-defined]
    assert "the memo on code geld ('Financiën: SPUK; rijksgeld ontbreekt.'): removed here" in lines
    with Project.open(copies.sanne) as project:
        assert project.memo("code", "geld") == memo


def test_a_code_given_a_new_id_in_the_other_copy_keeps_its_codings(copies: Copies, tmp_path: Path) -> None:
    """Youssef renames the id of 'Afhankelijk van subsidie' (he coded it twice) in an exported codebook."""
    with working_day("2025-09-12"), Project.open(copies.youssef) as project:
        edited = project.export_codebook().replace("id: geld.subsidie", "id: geld.subsidieafhankelijk")
        (tmp_path / "youssef.yaml").write_text(edited, encoding="utf-8")
        project.load_codebook(tmp_path / "youssef.yaml", coder="youssef")
    report = merge(copies.sanne, copies.youssef)
    assert any("id geld.subsidie here, geld.subsidieafhankelijk there; took the other copy's" in line
               for line in report.conflicts)  # type: ignore[attr-defined]
    with Project.open(copies.sanne) as project:
        keys = [c.key for c in project.codebook().codes]
        assert "geld.subsidieafhankelijk" in keys and "geld.subsidie" not in keys
        assert len([c for c in project.codings() if c.code_key == "geld.subsidieafhankelijk"]) == 2


def test_a_case_renamed_in_the_other_copy(copies: Copies) -> None:
    with working_day("2025-09-12"), Project.open(copies.youssef) as project:
        project.rename_case("Terwolde-Ambt", "Terwolde", coder="youssef")
    report = merge(copies.sanne, copies.youssef)
    assert "case 'Terwolde-Ambt' is called 'Terwolde' in the other copy; took the other copy's name" in \
        report.conflicts  # type: ignore[attr-defined]
    with Project.open(copies.sanne) as project:
        assert "Terwolde" in [c["name"] for c in project.cases()]
        assert "Terwolde-Ambt" not in [c["name"] for c in project.cases()]


@pytest.mark.parametrize(("prefer", "removed_here"), [("newest", True), ("theirs", True), ("mine", False)])
def test_a_coding_the_other_copy_removed(copies: Copies, prefer: str, removed_here: bool) -> None:
    """Youssef took Sanne's work in (merge), then removed one of her codings as a mistake. Merging his copy back
    removes it from Sanne's too (the removal is newer than the coding), unless the rule keeps this project's; a line
    says which, and a second merge changes nothing. A merge that removed it tells the next merge so (a third copy)."""
    merge(copies.youssef, copies.sanne)
    with Project.open(copies.sanne) as project:
        theirs = next(c for c in project.codings() if c.coder == "sanne")
    with working_day("2025-09-16"), Project.open(copies.youssef) as project:
        project.remove_coding(theirs.guid, coder="youssef")
    with working_day("2025-09-17"), Project.open(copies.sanne) as project:
        report = project.merge(copies.youssef, prefer=prefer, coder="sanne")
        still_there = any(c.guid == theirs.guid for c in project.codings())
    lines = "\n".join([*report.changed, *report.conflicts])
    assert still_there is not removed_here
    if removed_here:
        assert "1 coding the other copy removed; removed here too" in lines
        again = merge(copies.sanne, copies.youssef, prefer=prefer)
        assert not again.writes  # type: ignore[attr-defined]
        with Project.open(copies.sanne) as project:  # the merge's event names what it removed, for a third copy
            payload = project.store.events(1)[0].payload
        assert theirs.guid in payload["removed_codings"]
    else:
        assert "1 coding the other copy removed; kept here by the rule (--prefer mine)" in lines


def test_the_same_coding_made_in_both_copies_is_one_after_merging_both_ways_across_a_correction(
        copies: Copies) -> None:
    """Sanne and Youssef each coded the same sentence of Dalmersum as the same code (as coder 'team'); Youssef had
    corrected a typo earlier in that transcript. Merging Youssef's copy into Sanne's takes his newer text: her coding,
    re-anchored onto it, and his are the same work and stay one (found by a second reader: two identical codings)."""
    phrase = "Mensen zijn bang dat hun energierekening omhoog gaat."
    for root in (copies.sanne, copies.youssef):
        with working_day("2025-09-14"), Project.open(root) as project:
            code(project, "dalmersum.txt", phrase, "inwoners.zorgen", "team")
    merge(copies.youssef, copies.sanne)
    merge(copies.sanne, copies.youssef)
    for root in (copies.sanne, copies.youssef):
        with Project.open(root) as project:
            dalmersum = next(d.guid for d in project.documents() if d.source_name == "dalmersum.txt")
            text = project.document_text(dalmersum)
            team = [(c.start, c.end) for c in project.codings(dalmersum) if c.coder == "team"]
        assert len(team) == 1, root
        assert text[team[0][0]:team[0][1]] == phrase


def test_consensus_codings_come_in_with_a_line_that_their_decisions_do_not(copies: Copies) -> None:
    """Youssef and Sanne's codings were settled in Youssef's copy (a consensus review): Sanne's copy gets the
    consensus coder's codings, and the report says the review's decisions stay in his copy."""
    merge(copies.youssef, copies.sanne)
    with working_day("2025-09-16"), Project.open(copies.youssef) as project:
        started = project.start_consensus(("sanne", "youssef"), coder="youssef")
    with Project.open(copies.youssef) as project:
        settled = [c for c in project.codings() if c.coder == "consensus"]
    report = merge(copies.sanne, copies.youssef)
    lines = "\n".join(report.left_out)  # type: ignore[attr-defined]
    assert started is not None and settled
    assert f"the decisions of the other copy's consensus review ({len(settled)} coding" in lines


def test_a_memo_shortened_here_is_not_grown_back_by_the_other_copys_older_text(copies: Copies) -> None:
    """Both project memos were joined by merging both ways; Sanne then cut the memo back to her own part. Merging
    Youssef's copy again must not put his older, longer text back (a second reader found it did)."""
    merge(copies.sanne, copies.youssef)
    merge(copies.youssef, copies.sanne)
    with Project.open(copies.sanne) as project:
        joined = project.memo("project", "") or ""
    mine = joined.split("\n\n")[0]
    assert mine and mine != joined
    with working_day("2025-09-20"), Project.open(copies.sanne) as project:
        project.set_memo("project", "", mine, "sanne")
    with working_day("2025-09-21"), Project.open(copies.sanne) as project:
        project.merge(copies.youssef, coder="sanne")
        assert project.memo("project", "") == mine


def test_a_qdpx_keeps_a_list_attribute_a_list(tmp_path: Path, cli: Callable) -> None:
    """The demo's 'speerpunten' is a list (categories); a .qdpx carries it as text ("vastgoed; samenwerking").
    Merged back, it stays the same list: no conflict, no text in its place (found by a second reader)."""
    from qualcode.project.demo import build_demo

    build_demo(tmp_path / "hier").close()
    archive = tmp_path / "daar.qdpx"
    assert cli("--project", tmp_path / "hier", "export", "qdpx", archive).code == 0
    with Project.open(tmp_path / "hier") as project:
        before = {c["name"]: {a.name: a.value for a in c["attributes"]} for c in project.cases()}
        report = project.merge(archive, prefer="theirs", coder="sanne")
        after = {c["name"]: {a.name: a.value for a in c["attributes"]} for c in project.cases()}
    assert not [line for line in report.conflicts if "speerpunten" in line]
    assert after == before
    assert any(isinstance(attributes.get("speerpunten"), list) for attributes in after.values())
