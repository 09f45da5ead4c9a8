"""REFI-QDA export: `qualcode export qdpx|qdc FILE` on a realistic project, validated against the standard's schemas
(lxml), with every offset checked against the text in the archive, byte-identical repeats and clear CLI errors."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from qualcode.exchange import qde_model as qde
from qualcode.project import Project
from tests.functional.conftest import Cli
from tests.functional.exchange_project import (
    CODE_GUID,
    CODE_MEMO,
    CODING_MEMO,
    DOCUMENT_MEMO,
    PROJECT_MEMO,
    Built,
    build_exchange_project,
)

REFI = Path(__file__).resolve().parents[3] / "shared" / "refi-qda"  # ../shared beside the repository
NS = {"q": qde.PROJECT_NAMESPACE}
CB = {"c": qde.CODEBOOK_NAMESPACE}


def _schema(name: str) -> etree.XMLSchema:
    path = REFI / name
    if not path.is_file():
        path = Path("/work/shared/refi-qda") / name
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture(scope="module")
def project_xsd() -> etree.XMLSchema:
    return _schema("Project.xsd")


@pytest.fixture(scope="module")
def codebook_xsd() -> etree.XMLSchema:
    return _schema("Codebook.xsd")


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Built]:
    root = tmp_path / "studie"
    result = build_exchange_project(root)
    monkeypatch.chdir(root)
    return root, result


def _qde(archive: Path) -> etree._Element:
    with zipfile.ZipFile(archive) as zipped:
        return etree.fromstring(zipped.read("project.qde"))


def _attributes(elements: list[etree._Element], name: str) -> list[str]:
    return [str(element.get(name)) for element in elements]


def test_qdpx_validates_and_every_selection_cuts_the_stored_text(
        cli: Cli, built: tuple[Path, Built], project_xsd: etree.XMLSchema,
        open_project: Callable[[Path], Project]) -> None:
    root, ids = built
    result = cli("export", "qdpx", root / "studie.qdpx")
    assert result.code == 0, result.text
    assert "2 sources" in result.out and "8 codings on 7 selections" in result.out
    assert "keywords of 1 code" in result.out  # what the file cannot carry is said

    project = open_project(root)
    with zipfile.ZipFile(root / "studie.qdpx") as zipped:
        names = zipped.namelist()
        qde_bytes = zipped.read("project.qde")
        files = {name: zipped.read(name) for name in names}
    assert names == ["project.qde", f"sources/{ids.kleidorp}.txt", f"sources/{ids.zandhoven}.txt"]
    root_element = etree.fromstring(qde_bytes)
    assert project_xsd.validate(root_element), project_xsd.error_log

    sources = root_element.findall("q:Sources/q:TextSource", NS)
    assert _attributes(sources, "guid") == [ids.kleidorp, ids.zandhoven]
    selections_checked = 0
    for source in sources:
        guid = source.get("guid")
        assert source.get("plainTextPath") == f"internal://{guid}.txt"
        raw = files[f"sources/{guid}.txt"]
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
        text = raw.decode("utf-8")
        assert text == project.document_text(str(guid))
        stored = {(c.start, c.end) for c in project.codings(str(guid))}
        for selection in source.findall("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert (start, end) in stored
            assert text[start:end] == project.document_text(str(guid))[start:end]
            selections_checked += 1
    assert selections_checked == 7

    # Codepoints, not UTF-16 units or bytes: the span after 👍 and the one holding 👍👍 start where Python says.
    k_text = project.document_text(ids.kleidorp)
    emoji_span = k_text.index("Dat scheelt 👍👍")
    starts = [int(s.get("startPosition")) for s in sources[0].findall("q:PlainTextSelection", NS)]
    assert emoji_span in starts
    assert k_text[ids.double_span[0]:ids.double_span[1]].endswith("Dat vinden wij 👍")


def test_qdpx_carries_users_codebook_sets_variables_cases_and_codings(
        cli: Cli, built: tuple[Path, Built], open_project: Callable[[Path], Project]) -> None:
    root, ids = built
    assert cli("export", "qdpx", "uit.qdpx").code == 0
    element = _qde(root / "uit.qdpx")
    project = open_project(root)
    coder_guids = dict(project.store.conn.execute("SELECT name, guid FROM coders").fetchall())

    assert element.get("name") == "Warmte en vastgoed – ronde 1" and element.get("origin").startswith("qualcode")
    users = element.findall("q:Users/q:User", NS)
    assert {u.get("name"): u.get("guid") for u in users} == coder_guids
    assert {"sanne", "tom", "anouk"} <= coder_guids.keys()

    # The code tree: themes hold their codes; GUIDs from the YAML; colours; the whole definition in Description.
    top = element.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert _attributes(top, "name") == ["Ambitie en beleid", "Financiën"]
    assert _attributes(top[0].findall("q:Code", NS), "name") == ["CO₂-doel geeft richting", "Gebrek aan draagvlak"]
    co2 = top[0].find("q:Code", NS)
    assert co2.get("guid") == CODE_GUID and co2.get("color") == "#2e8b57" and co2.get("isCodable") == "true"
    description = co2.findtext("q:Description", namespaces=NS)
    assert description == ("Een vastgesteld CO₂-doel helpt keuzes te maken.\n\n"
                           "Include: De respondent noemt een reductiedoel als steun.\n\n"
                           "Exclude: Niet voor landelijke doelen.\n\n"
                           "Example: “Sinds het CO₂-doel er ligt, hoeven we niet te twijfelen.”")
    assert qde.split_code_description(description)["exclude"] == "Niet voor landelijke doelen."
    code_guids = {row.key: row.guid for row in project.code_rows()}

    # Code types as sets; the custom type names itself for a qualcode reader.
    sets = {s.get("name"): s for s in element.findall("q:Sets/q:Set", NS)}
    assert set(sets) == {"kans", "belemmering", "tactiek"}
    assert _attributes(sets["belemmering"].findall("q:MemberCode", NS), "targetGUID") == [
        code_guids["ambitie.draagvlak"], code_guids["geld.budget"]]
    assert qde.parse_code_type_description(sets["tactiek"].findtext("q:Description", namespaces=NS)) == {
        "id": "tactic", "label_en": "tactic", "badge": "T"}

    # Variables with their types, cases with typed values and their sources.
    variables = {v.get("name"): v for v in element.findall("q:Variables/q:Variable", NS)}
    assert {name: v.get("typeOfVariable") for name, v in variables.items()} == {
        "provincie": "Text", "inwoners": "Integer", "aandeel_huur": "Float", "koploper": "Boolean",
        "vastgesteld": "Date", "speerpunten": "Text", "grootteklasse": "Text"}
    cases = {c.get("name"): c for c in element.findall("q:Cases/q:Case", NS)}
    assert _attributes(cases["Kleidorp"].findall("q:SourceRef", NS), "targetGUID") == [ids.kleidorp]
    values = {}
    for value in cases["Kleidorp"].findall("q:VariableValue", NS):
        name = next(n for n, v in variables.items() if v.get("guid") == value.find("q:VariableRef", NS).get(
            "targetGUID"))
        values[name] = (etree.QName(value[1]).localname, value[1].text)
    assert values == {"provincie": ("TextValue", "Zeeland"), "inwoners": ("IntegerValue", "24500"),
                      "aandeel_huur": ("FloatValue", "0.35"), "koploper": ("BooleanValue", "true"),
                      "vastgesteld": ("DateValue", "2024-05-01"), "speerpunten": ("TextValue", "vastgoed; warmte"),
                      "grootteklasse": ("TextValue", "klein")}

    # One selection carries the span coded twice; every coding names its code and its coder.
    source = element.find(f"q:Sources/q:TextSource[@guid='{ids.kleidorp}']", NS)
    double = [s for s in source.findall("q:PlainTextSelection", NS)
              if (int(s.get("startPosition")), int(s.get("endPosition"))) == ids.double_span]
    assert len(double) == 1
    codings = double[0].findall("q:Coding", NS)
    assert [(c.find("q:CodeRef", NS).get("targetGUID"), c.get("creatingUser")) for c in codings] == [
        (code_guids["ambitie.co2"], coder_guids["sanne"]), (code_guids["geld.slim"], coder_guids["tom"])]
    stored = {row.guid: row for row in project.codings()}
    all_codings = element.findall(".//q:PlainTextSelection/q:Coding", NS)
    assert sorted(_attributes(all_codings, "guid")) == sorted(stored)
    for coding in all_codings:
        row = stored[coding.get("guid")]
        assert coding.find("q:CodeRef", NS).get("targetGUID") == code_guids[row.code_key]
        assert coding.get("creatingUser") == coder_guids[row.coder]
        assert coding.get("creationDateTime") == row.created_at.replace("+00:00", "Z")


def test_memos_of_every_kind_are_notes_with_note_refs(cli: Cli, built: tuple[Path, Built],
                                                      open_project: Callable[[Path], Project]) -> None:
    root, ids = built
    assert cli("export", "qdpx", "memo.qdpx").code == 0
    element = _qde(root / "memo.qdpx")
    notes = {n.get("guid"): n.findtext("q:PlainTextContent", namespaces=NS)
             for n in element.findall("q:Notes/q:Note", NS)}
    assert sorted(notes.values()) == sorted([PROJECT_MEMO, DOCUMENT_MEMO, CODE_MEMO, CODING_MEMO])

    def note_of(parent: etree._Element) -> str:
        refs = parent.findall("q:NoteRef", NS)
        assert len(refs) == 1
        return notes[refs[0].get("targetGUID")]

    assert note_of(element) == PROJECT_MEMO
    assert note_of(element.find(f"q:Sources/q:TextSource[@guid='{ids.kleidorp}']", NS)) == DOCUMENT_MEMO
    project = open_project(root)
    assert project.memo("code", "geld.budget") == CODE_MEMO
    budget_guid = next(row.guid for row in project.code_rows() if row.key == "geld.budget")
    assert note_of(element.find(f".//q:Code[@guid='{budget_guid}']", NS)) == CODE_MEMO
    coding = element.find(f".//q:Coding[@guid='{ids.memo_coding}']", NS)
    assert note_of(coding) == CODING_MEMO
    # The coding memo's Note has a GUID derived from the coding's: the same in every export.
    assert coding.find("q:NoteRef", NS).get("targetGUID") == qde.coding_note_guid(ids.memo_coding)


def test_two_exports_are_identical_bytes(cli: Cli, built: tuple[Path, Built]) -> None:
    root, _ = built
    assert cli("export", "qdpx", "een.qdpx").code == 0
    assert cli("export", "qdc", "een.qdc").code == 0
    time.sleep(1.1)  # a clock second later: an export that wrote 'now' anywhere would differ
    assert cli("export", "qdpx", "twee.qdpx").code == 0
    assert cli("export", "qdc", "twee.qdc").code == 0
    assert (root / "een.qdpx").read_bytes() == (root / "twee.qdpx").read_bytes()
    assert (root / "een.qdc").read_bytes() == (root / "twee.qdc").read_bytes()
    with zipfile.ZipFile(root / "een.qdpx") as zipped:
        assert all(info.date_time[0] >= 2020 for info in zipped.infolist())  # the project's date, not 1980


def test_what_the_export_carries_comes_back_through_an_import(cli: Cli, built: tuple[Path, Built],
                                                              tmp_path: Path) -> None:
    """Memos of every kind, typed variables, a custom code type, a span with two codes: a project made from the
    file exports the same bytes (the import is another module's; this checks that the export left nothing out that
    it claims to carry). `built` is the working folder."""
    assert cli("export", "qdpx", tmp_path / "heen.qdpx").code == 0
    copy = tmp_path / "kopie"
    result = cli("import", "qdpx", tmp_path / "heen.qdpx", "--project", copy)
    assert result.code == 0, result.text
    assert cli("--project", copy, "export", "qdpx", tmp_path / "terug.qdpx").code == 0
    assert (tmp_path / "heen.qdpx").read_bytes() == (tmp_path / "terug.qdpx").read_bytes()


def test_qdc_is_the_codebook_alone(cli: Cli, built: tuple[Path, Built], codebook_xsd: etree.XMLSchema,
                                   open_project: Callable[[Path], Project]) -> None:
    root, _ = built
    result = cli("export", "qdc", root / "codeboek.qdc")
    assert result.code == 0, result.text
    assert "6 codes" in result.out
    document = etree.parse(str(root / "codeboek.qdc"))
    assert codebook_xsd.validate(document), codebook_xsd.error_log
    raw = (root / "codeboek.qdc").read_bytes()
    assert raw.startswith(b"<?xml") and b"\r" not in raw
    codes = document.findall(".//c:Code", CB)
    assert sorted(_attributes(codes, "guid")) == sorted(row.guid for row in open_project(root).code_rows())
    kans = document.find("c:Sets/c:Set[@name='kans']", CB)
    assert _attributes(kans.findall("c:MemberCode", CB), "guid") == [CODE_GUID]


def test_a_corrected_document_exports_its_current_version(cli: Cli, built: tuple[Path, Built], tmp_path: Path,
                                                         open_project: Callable[[Path], Project]) -> None:
    root, ids = built
    corrected = tmp_path / "bronnen" / "kleidorp.txt"
    old_text = corrected.read_text(encoding="utf-8")
    new_text = old_text.replace("De raad heeft een CO₂-doel", "Kort gezegd: de gemeenteraad heeft een CO₂-doel")
    assert new_text != old_text
    corrected.write_text(new_text, encoding="utf-8")
    with Project.open(root) as project:
        project.replace_document(ids.kleidorp, corrected, coder="sanne")
    result = cli("export", "qdpx", "gecorrigeerd.qdpx")
    assert result.code == 0, result.text
    assert "1 earlier version of documents" in result.out
    project = open_project(root)
    current = project.document_text(ids.kleidorp)
    assert "Kort gezegd: de gemeenteraad" in current
    with zipfile.ZipFile(root / "gecorrigeerd.qdpx") as zipped:
        assert zipped.read(f"sources/{ids.kleidorp}.txt").decode("utf-8") == current
        element = etree.fromstring(zipped.read("project.qde"))
    source = element.find(f"q:Sources/q:TextSource[@guid='{ids.kleidorp}']", NS)
    spans = {(int(s.get("startPosition")), int(s.get("endPosition"))) for s in source.findall("q:PlainTextSelection",
                                                                                                NS)}
    assert spans == {(c.start, c.end) for c in project.codings(ids.kleidorp)}
    assert any(current[start:end].endswith("Dat vinden wij 👍") for start, end in spans)  # moved with its words
    # Once the document is removed, what the export leaves out no longer counts its earlier version.
    project.remove_document(ids.kleidorp, force=True, coder="sanne")
    result = cli("export", "qdpx", "zonder.qdpx")
    assert result.code == 0 and "earlier version" not in result.out, result.text


# -- the command line ------------------------------------------------------------------------------------------
def test_a_variable_whose_values_became_text_is_exported_as_text(cli: Cli, built: tuple[Path, Built],
                                                                  tmp_path: Path, project_xsd: etree.XMLSchema) -> None:
    root, _ = built
    # A later cases file: Zandhoven's number of inhabitants is not known exactly any more, Kleidorp's still is.
    later = tmp_path / "gemeenten-later.csv"
    later.write_text("gemeente,inwoners,koploper\nKleidorp,24500,ja\nZandhoven,ongeveer 61 duizend,nee\n",
                     encoding="utf-8")
    with Project.open(root) as project:
        project.load_cases(later)
    assert cli("export", "qdpx", root / "uit.qdpx").code == 0
    document = _qde(root / "uit.qdpx")
    assert project_xsd.validate(document), project_xsd.error_log
    [inwoners] = document.findall(".//q:Variable[@name='inwoners']", NS)
    [koploper] = document.findall(".//q:Variable[@name='koploper']", NS)
    assert (inwoners.get("typeOfVariable"), koploper.get("typeOfVariable")) == ("Text", "Boolean")
    values = [value for value in document.iterfind(".//q:VariableValue", NS)
              if value[0].get("targetGUID") == inwoners.get("guid")]
    assert sorted(etree.QName(value[1]).localname + ":" + str(value[1].text) for value in values) == \
        ["TextValue:24500", "TextValue:ongeveer 61 duizend"]


def test_an_existing_file_outside_the_project_needs_force(cli: Cli, built: tuple[Path, Built],
                                                          tmp_path: Path) -> None:
    outside = tmp_path / "elders.qdpx"
    outside.write_bytes(b"niet van qualcode")
    result = cli("export", "qdpx", outside)
    assert result.code == 1
    assert "outside the project folder" in result.err and "--force" in result.err
    assert outside.read_bytes() == b"niet van qualcode"
    result = cli("export", "qdpx", outside, "--force")
    assert result.code == 0, result.text
    assert zipfile.is_zipfile(outside)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_bad_paths_are_refused_and_nothing_is_written(cli: Cli, built: tuple[Path, Built], tmp_path: Path) -> None:
    root, _ = built
    result = cli("export", "qdpx", tmp_path / "bestaat-niet" / "uit.qdpx")
    assert result.code == 1 and "folder to write in does not exist" in result.err
    assert not (tmp_path / "bestaat-niet").exists()
    result = cli("export", "qdpx", root / "uit.zip")
    assert result.code == 1 and "ends in .qdpx" in result.err
    assert not (root / "uit.zip").exists()
    (root / "map.qdc").mkdir()
    result = cli("export", "qdc", root / "map.qdc")
    assert result.code == 1 and "is a folder" in result.err
    assert f"e.g. {root / 'map.qdc' / 'project.qdc'}" in result.err and "--out" not in result.err
    assert cli("export", "qdpx").code == 2  # FILE is required: a usage error


def test_exporting_a_codebook_that_is_not_there(cli: Cli, root: Path) -> None:
    result = cli("export", "qdc", "codeboek.qdc")
    assert result.code == 1
    assert "no codebook" in result.err and "qualcode codebook load" in result.err
    assert not (root / "codeboek.qdc").exists()
    # A project without codes still exports its (empty) project, valid against the schema.
    result = cli("export", "qdpx", "leeg.qdpx")
    assert result.code == 0, result.text
    assert _schema("Project.xsd").validate(_qde(root / "leeg.qdpx"))


def test_no_project_is_a_clear_error(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("export", "qdpx", "uit.qdpx")
    assert result.code == 1 and "no qualcode project" in result.err
    assert not (tmp_path / "uit.qdpx").exists()
