"""REFI-QDA import (issue 12): files as ATLAS.ti, MAXQDA, QualCoder, NVivo, Taguette and qc write them land on the
right words with their GUIDs; what is dropped or changed is said; --into adds by GUID and never duplicates;
export → import → export gives the same bytes; a file that contradicts itself is refused with nothing written."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from qualcode.project import Project
from tests.corpus.refi.make_refi import SAMPLES, Sample, canonical, guid, hostile, minimal_qde, write
from tests.functional.exchange_project import build_exchange_project


def coded(project: Project) -> list[tuple[str, str]]:
    """(coded words, code name) of every coding, sorted."""
    names = {row.key: row.name for row in project.code_rows()}
    return sorted((project.document_text(c.document_guid)[c.start:c.end], names[c.code_key])
                  for c in project.codings())


def import_sample(name: str, tmp_path: Path, cli: Callable, *args: str) -> tuple[Sample, Path, object]:
    sample = SAMPLES[name]()
    path = write(sample, tmp_path / "in")
    target = tmp_path / f"project-{name}"
    result = cli("import", "qdc" if sample.suffix == ".qdc" else "qdpx", path, "--project", target, *args)
    return sample, target, result


EXPECTED_REPORT = {
    "atlas": ["1 selection without codings", '1 category (isCodable="false") became themes',
              "has no name: named 'Hoogveen' (the gemeente its source's header names)", "line ends: 10 CR LF made \\n",
              "byte-order mark at the start removed",
              "set 'Belemmeringen': the type barrier (belemmering) for its 1 code",
              "1 note about no code, source or coding: made the project memo"],
    "maxqda": ["offsets: the writer counted CR LF as one character", "set 'Kansen': the type opportunity (kans) for "
               "its 1 code", "interview-vliedorp.txt (a file outside the archive)"],
    "qualcoder": ["offsets: the writer counted UTF-16 units", "zandhoven.txt (a file outside the archive)"],
    "bytes": ["offsets: the writer counted UTF-8 bytes"],
    "nvivo": ["video source 'Rondgang' (qualcode codes text sources only)", "1 links between items",
              "source 'Vliedorp': no plain text in the file: the text is read from its Word file; the 1 selections' "
              "offsets may not match", "source 'Vliedorp': linked to case 'Vliedorp' named in its header",
              "PDF source 'Verslag Brakelburg' is read as its plain-text representation; its 1 area selections are "
              "left out"],
}


@pytest.mark.parametrize("name", list(EXPECTED_REPORT))
def test_each_writers_quirks_land_on_the_coded_words(name: str, tmp_path: Path, cli: Callable,
                                                     open_project: Callable) -> None:
    sample, target, result = import_sample(name, tmp_path, cli)
    assert result.code == 0, result.text
    for fragment in EXPECTED_REPORT[name]:
        assert fragment in result.out, f"{fragment!r} not in:\n{result.out}"
    project = open_project(target)
    assert coded(project) == sorted((p.words, p.code) for p in sample.passages)
    for document in project.documents():  # qualcode's own parse: turns and sentences for the workbench
        text = project.document_text(document.guid)
        assert "\r" not in text and "\ufeff" not in text
        assert project.turns(document.guid) and project.sentences(document.guid)


def test_guids_travel_in_any_spelling(tmp_path: Path, cli: Callable, open_project: Callable) -> None:
    _, target, result = import_sample("atlas", tmp_path, cli)
    assert result.code == 0, result.text
    project = open_project(target)
    [document] = project.documents()
    assert document.guid == canonical("atlas-src")  # written {lower-case-with-braces}
    assert {row.guid for row in project.code_rows()} == {canonical(f"atlas-{n}") for n in
                                                         ("cat", "cap", "geld", "bewoners")}
    codings = project.codings()
    assert {c.guid for c in codings} == {canonical("atlas-sel0Te weinig capaciteit"),
                                         canonical("atlas-sel1Geld per ronde"),
                                         canonical("atlas-sel2Animo bij bewoners")}
    assert {c.selection_guid for c in codings} == {canonical(f"atlas-sel{n}") for n in range(3)}
    assert project.coders() == ["Sanne Bakker"]
    assert [case["guid"] for case in project.cases()] == [canonical("atlas-case")]
    rows = {row.name: row for row in project.code_rows()}
    assert rows["Te weinig capaciteit"].parent_key == rows["Knelpunten"].key
    assert rows["Te weinig capaciteit"].type == "barrier" and rows["Geld per ronde"].type is None
    assert rows["Knelpunten"].colour == "#AA3333" and rows["Knelpunten"].description == "Alles wat de uitvoering remt."
    memo_guid = canonical("atlas-sel0Te weinig capaciteit")
    assert [c.memo for c in codings if c.guid == memo_guid] == ["Goed citaat voor het rapport."]
    assert project.memo("project", "") == "Tweede ronde plannen."


def test_case_variables_keep_their_types(tmp_path: Path, cli: Callable, open_project: Callable) -> None:
    _, target, result = import_sample("maxqda", tmp_path, cli)
    assert result.code == 0, result.text
    [case] = open_project(target).cases()
    values = {a.name: (a.type, a.value) for a in case["attributes"]}
    assert values == {"inwoners": ("integer", 12400), "warmtevisie": ("boolean", True),
                      "vastgesteld": ("date", "2021-11-02"), "oppervlakte": ("decimal", 63.5)}
    assert case["name"] == "Vliedorp" and case["documents"] == 1


def test_a_codebook_alone_brings_codes_with_guids_tree_colours_and_types(root: Path, cli: Callable,
                                                                        open_project: Callable) -> None:
    path = write(SAMPLES["taguette"](), root.parent / "in")
    result = cli("import", "qdc", path, "--into", root)
    assert result.code == 0, result.text
    assert "added: 4 codes" in result.out
    assert "set 'Belemmeringen': the type barrier (belemmering) for its 2 codes" in result.out
    rows = {row.name: row for row in open_project(root).code_rows()}
    assert rows["Geen budget"].guid == canonical("tg-budget")
    assert rows["Geen budget"].parent_key == rows["Financiën"].key
    assert rows["Geen budget"].colour == "#aa0000"
    assert (rows["Geen budget"].description, rows["Geen budget"].include) == ("Er is geen geld.", "Ook 'geen dekking'.")
    assert rows["Subsidie per ronde"].type == "barrier" and rows["Mensen"].type is None
    again = cli("import", path, "--into", root)  # a .qdc named directly
    assert again.code == 0 and "nothing new" in again.out and "4 codes" in again.out


def test_into_a_project_adds_by_guid_and_never_duplicates(root: Path, cli: Callable, counts: Callable) -> None:
    path = write(SAMPLES["atlas"](), root.parent / "in")
    before = counts(root)
    first = cli("import", "qdpx", path, "--into", ".")
    assert first.code == 0, first.text
    assert "a snapshot of the project before the import" in first.out
    after_first = counts(root)
    assert after_first["documents"] == before["documents"] + 1 and after_first["codings"] == before["codings"] + 3
    assert after_first["events"] == before["events"] + 1  # one transaction, one event
    second = cli("import", "qdpx", path, "--into", ".")
    assert second.code == 0, second.text
    assert "nothing new" in second.out and "1 document, 3 codings" in second.out
    assert counts(root) == after_first  # no event, no snapshot, no duplicates
    with Project.open(root) as project:
        assert [e.action for e in project.store.events(limit=1)] == ["import_refi"]


def test_a_dry_run_stores_nothing(root: Path, cli: Callable, counts: Callable, tmp_path: Path) -> None:
    path = write(SAMPLES["maxqda"](), tmp_path / "in")
    before = counts(root)
    into = cli("import", "qdpx", path, "--into", root, "--dry-run")
    assert into.code == 0, into.text
    assert "would add: 1 document, 2 codes, 2 codings, 1 case, 4 variables, 1 coder" in into.out
    assert "dry run: nothing was stored" in into.out and counts(root) == before
    new = cli("import", "qdpx", path, "--project", tmp_path / "nieuw", "--dry-run")
    assert new.code == 0 and "offsets: the writer counted CR LF as one character" in new.out
    assert not (tmp_path / "nieuw").exists()


def test_a_new_project_is_named_after_the_file_and_an_existing_folder_is_refused(
        tmp_path: Path, cli: Callable, monkeypatch: pytest.MonkeyPatch, open_project: Callable) -> None:
    path = write(SAMPLES["bytes"](), tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    made = cli("import", path)
    assert made.code == 0, made.text
    assert open_project(tmp_path / "bytes").config.name == "Kleidorp"
    assert not [p for p in tmp_path.iterdir() if ".importing-" in p.name]
    again = cli("import", "qdpx", path)
    assert again.code == 1 and "bytes: this folder exists and is not empty" in again.err and "→" in again.err


def test_a_file_that_contradicts_itself_is_refused_unless_its_faults_are_dropped(
        tmp_path: Path, cli: Callable, open_project: Callable) -> None:
    bad = minimal_qde(f'<PlainTextSelection guid="{guid("h-sel")}" startPosition="0" endPosition="4">'
                      f'<Coding guid="{guid("h-c1")}"><CodeRef targetGUID="{guid("nergens")}"/></Coding>'
                      f'<Coding guid="{guid("h-c2")}"><CodeRef targetGUID="{guid("h-code")}"/></Coding>'
                      "</PlainTextSelection>")
    path = tmp_path / "tegenstrijdig.qdpx"
    path.write_bytes(hostile(bad))
    refused = cli("import", "qdpx", path, "--project", tmp_path / "p")
    assert refused.code == 1
    assert "contradicts itself in 1 places; nothing was imported" in refused.err
    assert f"names code {canonical('nergens')}, which the file does not define" in refused.err
    assert "--drop-invalid" in refused.err and not (tmp_path / "p").exists()
    dropped = cli("import", "qdpx", path, "--project", tmp_path / "p", "--drop-invalid")
    assert dropped.code == 0, dropped.text
    assert "invalid: source 'boos'" in dropped.out
    assert coded(open_project(tmp_path / "p")) == [("I: H", "Code")]


def test_export_import_export_gives_identical_bytes(tmp_path: Path, open_project: Callable) -> None:
    build_exchange_project(tmp_path / "eerste")
    first = open_project(tmp_path / "eerste")
    first.export_qdpx(tmp_path / "een.qdpx")
    first.export_qdc(tmp_path / "een.qdc")
    from qualcode.project.exchange_import import import_new_project

    result = import_new_project(tmp_path / "een.qdpx", tmp_path / "tweede")
    assert result.dropped == [] and result.changed == []
    second = open_project(tmp_path / "tweede")
    second.export_qdpx(tmp_path / "twee.qdpx")
    second.export_qdc(tmp_path / "twee.qdc")
    assert (tmp_path / "een.qdpx").read_bytes() == (tmp_path / "twee.qdpx").read_bytes()
    assert (tmp_path / "een.qdc").read_bytes() == (tmp_path / "twee.qdc").read_bytes()
    # not only the same file: the same words under every coding, non-ASCII (ë, ’, CO₂, emoji) included
    assert coded(first) == coded(second)
    assert any("CO₂" in words for words, _ in coded(second))
    # and the same project to work in: qualcode's own parse of the texts, so the same tables and synthesis
    for guid_ in (d.guid for d in first.documents()):
        assert (second.turns(guid_), second.sentences(guid_)) == (first.turns(guid_), first.sentences(guid_))
    assert second.table("matrix", "csv").content == first.table("matrix", "csv").content
    assert second.report("synthesis", "md").content == first.report("synthesis", "md").content


# --- files written by qc (PyPI qualitative-coding 1.7.8): its demo project and an NVivo export ---------------------
QC_WHEEL = "qualitative_coding-1.7.8-py3-none-any.whl"
QC_SHA256 = "cc618ffb4d7c9dd72113cd627aa918ac91c409958928464bee7c4cf4a75b74fb"


@pytest.fixture(scope="session")
def qc_files(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> dict[str, Path]:
    """qc's .qdpx files, taken from its wheel: downloaded once into pytest's cache (AGPL-3.0, so not vendored)."""
    cache = pytestconfig.cache.mkdir("qualitative-coding-1.7.8") if pytestconfig.cache else \
        tmp_path_factory.mktemp("qc")
    wheel = cache / QC_WHEEL
    if not wheel.is_file() or hashlib.sha256(wheel.read_bytes()).hexdigest() != QC_SHA256:
        try:
            done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--retries", "1",
                                   "--timeout", "15", "-d", str(cache), "qualitative-coding==1.7.8"],
                                  capture_output=True, text=True, timeout=180)
        except (OSError, subprocess.TimeoutExpired) as error:
            pytest.skip(f"qualitative-coding 1.7.8 could not be downloaded ({error})")
        if done.returncode != 0 or not wheel.is_file():
            pytest.skip(f"qualitative-coding 1.7.8 could not be downloaded (offline?): {done.stderr[-300:]}")
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == QC_SHA256, "not the wheel this test was written for"
    out = tmp_path_factory.mktemp("qc-files")
    with zipfile.ZipFile(wheel) as package:
        for member, name in (("qualitative_coding/demo.qdpx", "demo.qdpx"),
                             ("qualitative_coding/refi_qda/nvivo_project.qdpx", "nvivo_project.qdpx")):
            (out / name).write_bytes(package.read(member))
    return {"demo": out / "demo.qdpx", "nvivo": out / "nvivo_project.qdpx"}


def test_qc_demo_project_imports_with_every_coding_on_its_line(qc_files: dict[str, Path], tmp_path: Path,
                                                               cli: Callable, open_project: Callable) -> None:
    result = cli("import", "qdpx", qc_files["demo"], "--project", tmp_path / "qc")
    assert result.code == 0, result.text
    assert "added: 2 documents, 262 codes, 205 codings, 1 coder" in result.out
    project = open_project(tmp_path / "qc")
    assert sorted(d.title for d in project.documents()) == ["admin-1", "board_2017"]  # no names: the file names
    with zipfile.ZipFile(qc_files["demo"]) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        lines = archive.read("sources/board_2017.txt").decode("utf-8").splitlines(keepends=True)
    # qc selects whole lines and names each selection 'line:N' (0-based): every coding must cover exactly its line
    line_of = {canonical_guid.upper(): int(line) for canonical_guid, line in
               re.findall(r'<PlainTextSelection guid="([^"]+)" name="line:(\d+)"', qde)}
    codings = project.codings()
    assert len(codings) == 205 and len(line_of) == 158
    document = {d.title: d.guid for d in project.documents()}["board_2017"]
    text = project.document_text(document)
    for coding in codings:
        assert text[coding.start:coding.end] == lines[line_of[coding.selection_guid]]
    first = next(c for c in codings if c.guid == "66323339-6466-3364-3266-616537386633")
    assert text[first.start:first.end] == ("This district goal is engage every student in joyful, purposeful "
                                           "learning that \n")
    assert project.coders() == ["cp"]


def test_qc_s_nvivo_export_brings_its_codebook_and_says_its_sources_are_empty(
        qc_files: dict[str, Path], tmp_path: Path, cli: Callable, open_project: Callable) -> None:
    result = cli("import", qc_files["nvivo"], "--project", tmp_path / "nv")
    assert result.code == 0, result.text
    assert "written by NVivo for Mac 15.0.0" in result.out
    assert "added: 262 codes, 2 coders" in result.out
    assert result.out.count("no text (0 selections left out)") == 2  # NVivo wrote "\n" and an empty Word file
    project = open_project(tmp_path / "nv")
    assert project.documents() == [] and len(project.code_rows()) == 262
    by_guid = {row.guid: row for row in project.code_rows()}
    by_key = {row.key: row for row in project.code_rows()}
    programming = by_guid["36636563-3863-6264-3638-303637613863"]
    assert programming.name == "programming"
    assert programming.parent_key is not None and by_key[programming.parent_key].name == "competencies"
    assert sorted(project.coders()) == ["chrisp", "cp"]


def test_hostile_archive_into_a_new_project_leaves_no_folder(tmp_path: Path, cli: Callable) -> None:
    path = tmp_path / "boos.qdpx"
    path.write_bytes(hostile(minimal_qde(), more={"../../buiten.txt": b"x"}))
    result = cli("import", "qdpx", path, "--project", tmp_path / "nieuw")
    assert result.code == 1 and "path leaves its folder" in result.err
    assert not (tmp_path / "nieuw").exists() and not list(tmp_path.glob(".nieuw*"))
    shutil.rmtree(tmp_path / "nieuw", ignore_errors=True)


def test_a_project_built_from_the_same_codebook_shares_its_codes_and_cases(tmp_path: Path, cli: Callable,
                                                                          open_project: Callable) -> None:
    """Two projects built from one codebook share code GUIDs: an import into the second matches codes by GUID and
    cases and coders by name; the documents and codings it lacks are added once."""
    from tests.functional.exchange_project import CASES, CODEBOOK

    build_exchange_project(tmp_path / "a" / "eerste")
    open_project(tmp_path / "a" / "eerste").export_qdpx(tmp_path / "eerste.qdpx")
    (tmp_path / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    (tmp_path / "gemeenten.csv").write_text(CASES, encoding="utf-8")
    with Project.init(tmp_path / "tweede", name="Tweede") as second:
        second.load_codebook(tmp_path / "codeboek.yaml")
        second.load_cases(tmp_path / "gemeenten.csv")
        codes_before = [(row.guid, row.key) for row in second.code_rows()]
        cases_before = {case["name"]: case["guid"] for case in second.cases()}
    result = cli("import", "qdpx", tmp_path / "eerste.qdpx", "--into", tmp_path / "tweede")
    assert result.code == 0, result.text
    assert "added: 2 documents, 8 codings, 3 coders, 3 memos" in result.out, result.out
    assert "already in the project (same GUID), left as they are: 6 codes" in result.out, result.out
    assert "case 'Kleidorp'" in result.out and "is the project's case of that name" in result.out
    second = open_project(tmp_path / "tweede")
    assert [(row.guid, row.key) for row in second.code_rows()] == codes_before
    assert {case["name"]: case["guid"] for case in second.cases()} == cases_before
    assert {case["name"]: case["documents"] for case in second.cases()} == {"Kleidorp": 1, "Zandhoven": 1}
    assert coded(second) == coded(open_project(tmp_path / "a" / "eerste"))
    again = cli("import", "qdpx", tmp_path / "eerste.qdpx", "--into", tmp_path / "tweede")
    assert again.code == 0 and "nothing new" in again.out and "2 documents, 8 codings" in again.out


def test_imported_sentences_are_in_the_search_index(root: Path, cli: Callable, tmp_path: Path) -> None:
    """Sentences are stored with the lemma index rebuilt once: found by search, next to the project's own."""
    (root / "transcripts" / "eigen.txt").write_text("Gemeente: Eikenburg\n\nI: En de capaciteit?\nR: Te weinig "
                                                     "capaciteit, zeker bij de gemeente.\n", encoding="utf-8")
    assert cli("import", "transcripts").code == 0
    path = write(SAMPLES["atlas"](), tmp_path / "in")
    assert cli("import", "qdpx", path, "--into", ".").code == 0
    (root / "transcripts" / "later.txt").write_text("Gemeente: Lindendal\n\nI: Hoe gaat het?\nR: Er is geen "
                                                     "capaciteit.\n", encoding="utf-8")
    assert cli("import", "transcripts/later.txt").code == 0  # the index's trigger is back after the import
    found = cli("search", "capaciteit")
    assert found.code == 0, found.text
    assert "4 hits in 3 cases" in found.out  # the question and the answer in Eikenburg, one in Hoogveen, Lindendal
    assert re.search(r"Eikenburg +2\n +Hoogveen +1\n +Lindendal +1", found.out), found.out


def test_an_empty_selection_is_dropped_and_a_reversed_one_read_the_right_way_round(
        tmp_path: Path, cli: Callable, open_project: Callable) -> None:
    code = guid("h-code")
    selections = (f'<PlainTextSelection guid="{guid("leeg")}" startPosition="3" endPosition="3">'
                  f'<Coding guid="{guid("leeg-c")}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
                  f'<PlainTextSelection guid="{guid("om")}" startPosition="24" endPosition="20">'
                  f'<Coding guid="{guid("om-c")}"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')
    path = tmp_path / "slordig.qdpx"
    path.write_bytes(hostile(minimal_qde(selections)))
    result = cli("import", "qdpx", path, "--project", tmp_path / "p")
    assert result.code == 0, result.text
    assert f"selection {canonical('leeg')} is empty (3–3); its 1 coding left out" in result.out
    assert f"selection {canonical('om')} ends before it starts (24–20); read from 20 to 24" in result.out
    assert coded(open_project(tmp_path / "p")) == [("Goed", "Code")]
