"""The REFI-QDA writer on hand-made models: schema-valid XML whatever the text holds, the archive's layout and
bytes, and the conversions of the export (dates, variable values, code descriptions)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from qualcode.exchange import qde_model as qde
from qualcode.exchange.qde_write import ExportError, codebook_xml, project_xml, write_qdpx
from qualcode.project.exchange_export import _value, xml_date_time

REFI = Path(__file__).resolve().parents[3] / "shared" / "refi-qda"
NS = {"q": qde.PROJECT_NAMESPACE}
G = [f"0000000{i}-AAAA-4BBB-8CCC-DDDDDDDDDDDD" for i in range(10)]


def _schema(name: str) -> etree.XMLSchema:
    path = REFI / name if (REFI / name).is_file() else Path("/work/shared/refi-qda") / name
    return etree.XMLSchema(etree.parse(str(path)))


def _project(**overrides: Any) -> qde.Project:
    text = "Wij zijn 👍 over CO₂.\nTweede regel."
    fields: dict[str, Any] = {
        "name": "Proef", "origin": "test", "modified_date_time": "2026-03-04T10:15:42Z",
        "users": (qde.User(G[0], "sanne"),),
        "codes": (qde.Code(G[1], "Thema", children=(qde.Code(G[2], "Code", color="#c0392b", description="D"),)),),
        "sources": (qde.TextSource(G[3], "Bron", text, plain_text_path=qde.internal_path(f"{G[3]}.txt"),
                                   selections=(qde.TextSelection(G[4], 9, 10, codings=(
                                       qde.Coding(G[5], G[2], creating_user=G[0]),)),)),),
    }
    fields.update(overrides)
    return qde.Project(**fields)


def test_text_xml_cannot_carry_is_replaced_and_the_file_stays_valid() -> None:
    note = qde.Note(G[6], "Memo \x01", "regel een\r\nregel twee\x0b en \ud800", creating_user=G[0])
    content = project_xml(_project(notes=(note,), note_refs=(G[6],), description="tab\tblijft"))
    root = etree.fromstring(content)
    assert _schema("Project.xsd").validate(root), _schema("Project.xsd").error_log
    parsed = root.find("q:Notes/q:Note", NS)
    assert parsed.get("name") == "Memo \ufffd"
    assert parsed.findtext("q:PlainTextContent", namespaces=NS) == "regel een\nregel twee\ufffd en \ufffd"
    assert root.findtext("q:Description", namespaces=NS) == "tab\tblijft"


def test_the_archive_holds_project_qde_and_the_sources_as_plain_utf8() -> None:
    project = _project()
    first, second = io.BytesIO(), io.BytesIO()
    write_qdpx(project, first)
    write_qdpx(project, second)
    assert first.getvalue() == second.getvalue()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["project.qde", f"sources/{G[3]}.txt"]
        assert {(i.date_time, i.create_system, i.compress_type) for i in infos} == {
            ((2026, 3, 4, 10, 15, 42), 3, zipfile.ZIP_DEFLATED)}
        raw = archive.read(f"sources/{G[3]}.txt")
        assert raw == project.sources[0].text.encode("utf-8") and not raw.startswith(b"\xef\xbb\xbf")
        selection = etree.fromstring(archive.read("project.qde")).find(".//q:PlainTextSelection", NS)
        assert raw.decode("utf-8")[int(selection.get("startPosition")):int(selection.get("endPosition"))] == "👍"


def test_a_source_without_a_path_is_written_inline_and_bad_paths_are_refused() -> None:
    inline = qde.TextSource(G[7], "Inline", "korte tekst")
    out = io.BytesIO()
    write_qdpx(_project(sources=(inline,)), out)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["project.qde"]
        root = etree.fromstring(archive.read("project.qde"))
    assert root.findtext(".//q:TextSource/q:PlainTextContent", namespaces=NS) == "korte tekst"
    assert _schema("Project.xsd").validate(root)
    for path in ("internal://../buiten.txt", "relative:///x.txt"):
        with pytest.raises(ExportError):
            write_qdpx(_project(sources=(qde.TextSource(G[7], "X", "x", plain_text_path=path),)), io.BytesIO())


def test_a_codebook_without_codes_is_refused_and_sets_name_members_by_guid() -> None:
    with pytest.raises(ExportError, match="no codes"):
        codebook_xml(qde.Codebook(codes=()))
    content = codebook_xml(qde.Codebook(codes=(qde.Code(G[1], "A", note_refs=(G[6],)),),
                                        sets=(qde.Set(G[8], "kans", member_codes=(G[1],)),)))
    root = etree.fromstring(content)
    assert _schema("Codebook.xsd").validate(root), _schema("Codebook.xsd").error_log
    assert root.find(".//{urn:QDA-XML:codebook:1.0}MemberCode").get("guid") == G[1]


@pytest.mark.parametrize(("stored", "expected"), [
    ("2026-03-04T10:15:00+00:00", "2026-03-04T10:15:00Z"),
    ("2026-03-04T10:15:00+02:00", "2026-03-04T08:15:00Z"),
    ("2026-03-04T10:15:00.123456", "2026-03-04T10:15:00Z"),
    ("gisteren", None), ("", None), (None, None),
])
def test_dates_become_utc_xsd_date_times(stored: str | None, expected: str | None) -> None:
    assert xml_date_time(stored) == expected


@pytest.mark.parametrize(("kind", "value", "expected"), [
    ("integer", 58400, ("Integer", "58400")),
    ("decimal", 1e-07, ("Float", "0.0000001")),  # xsd:decimal has no exponent
    ("decimal", 0.35, ("Float", "0.35")),
    ("decimal", 3, ("Float", "3")),
    ("boolean", True, ("Boolean", "true")),
    ("date", "2024-05-01", ("Date", "2024-05-01")),
    ("date", "mei 2024", ("Text", "mei 2024")),  # a value its type cannot hold travels as text
    ("integer", "onbekend", ("Text", "onbekend")),
    ("categories", ["vastgoed", "warmte"], ("Text", "vastgoed; warmte")),
    ("category", "klein", ("Text", "klein")),
    ("text", None, ("Text", None)),
])
def test_attribute_values_become_typed_variable_values(kind: str, value: Any, expected: tuple[str, str | None]) -> None:
    assert _value(kind, value) == expected


@pytest.mark.parametrize("fields", [
    ("Definitie.", "", "", ""),
    ("Definitie.", "Wel dit.", "Niet dat.", "“Een citaat.”"),
    ("", "Alleen include.", "", ""),
    ("Eerste alinea.\n\nTweede alinea noemt Include: midden in een zin.", "", "Exclude: herhaald", ""),
    ("", "", "", ""),
])
def test_a_code_description_splits_into_what_was_joined(fields: tuple[str, str, str, str]) -> None:
    joined = qde.join_code_description(*fields)
    assert qde.split_code_description(joined) == dict(zip(("description", "include", "exclude", "example"), fields,
                                                          strict=True))
