"""Reading coded work back through Project: progress, passages with filters, the case x code matrix, find."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from coding_project import build_project, guid_of, span

from qualcode.domain.errors import ProjectError
from qualcode.project import Project
from qualcode.project.retrieval import NO_CASE
from qualcode.storage.records import Passage

WESTERBROEK = "westerbroek.txt"
HOOGVEEN = "hoogveen.md"
NOTITIE = "notitie.txt"


@pytest.fixture
def project(tmp_path: Path, open_project: Callable[[Path], Project]) -> Project:
    return open_project(build_project(tmp_path / "studie"))


def code(project: Project, source: str, phrase: str, key: str, coder: str, memo: str | None = None) -> None:
    guid = guid_of(project, source)
    project.apply_coding(guid, *span(project, guid, phrase), key, coder, memo=memo)


@pytest.fixture
def coded(project: Project) -> Project:
    """Seven codings over the three documents, by two coders."""
    code(project, WESTERBROEK, "De raad heeft in 2023 een routekaart vastgesteld.", "ambitie.routekaart", "sanne",
         memo="kern")
    code(project, WESTERBROEK, "Er is geen structureel geld.", "ambitie.routekaart.raad", "tom")
    code(project, WESTERBROEK, "Is er structureel geld?", "geld.budget", "sanne")
    code(project, WESTERBROEK, "Rick: Voor de sporthal", "geld.budget", "sanne")  # starts on the speaker label
    code(project, HOOGVEEN, "Onze gemeente heeft geen routekaart.", "ambitie.draagvlak", "sanne")
    code(project, HOOGVEEN, "Er is geen geld voor verduurzaming.", "geld.budget", "tom")
    code(project, NOTITIE, "De routekaart kwam ook ter sprake bij de regio.", "ambitie.routekaart", "sanne")
    return project


# -- progress ------------------------------------------------------------------------------------------------
def test_document_progress_counts_respondent_turns_coded_by_anyone_and_by_me(project: Project) -> None:
    code(project, WESTERBROEK, "De raad heeft in 2023 een routekaart vastgesteld.", "ambitie.routekaart", "sanne")
    code(project, WESTERBROEK, "richting.\n\nRick: Voor de sporthal", "ambitie.draagvlak", "sanne")  # two turns
    code(project, WESTERBROEK, "Er is geen structureel geld.", "geld.budget", "tom")
    code(project, WESTERBROEK, "Is er structureel geld?", "geld.budget", "tom")  # an interviewer turn
    code(project, WESTERBROEK, "Rick: ", "geld.budget", "sanne")  # ends where Rick's first turn starts
    code(project, HOOGVEEN, "Wil je jezelf even voorstellen?", "geld.budget", "tom")  # interviewer only

    rows = {p.title.split(" – ")[0]: p for p in project.document_progress("sanne")}
    westerbroek = rows["Interviewverslag - Gemeente Westerbroek"]
    hoogveen = rows["Hoogveen"]
    notitie = rows["Notitie"]

    assert (westerbroek.respondent_turns, westerbroek.coded_turns, westerbroek.mine, westerbroek.codings) == (
        3, 3, 2, 5)
    assert (hoogveen.respondent_turns, hoogveen.coded_turns, hoogveen.mine, hoogveen.codings) == (2, 0, 0, 1)
    assert (notitie.respondent_turns, notitie.coded_turns, notitie.mine, notitie.codings) == (2, 0, 0, 0)
    assert (hoogveen.case_name, westerbroek.case_name, notitie.case_name) == ("Hoogveen", "Westerbroek", None)
    assert [p.mine for p in project.document_progress("tom")] == [0, 0, 1]
    assert [p.mine for p in project.document_progress(None)] == [0, 0, 0]
    assert [p.guid for p in project.document_progress(None)] == [d.guid for d in project.documents()]


# -- passages ------------------------------------------------------------------------------------------------
def test_passages_carry_speaker_role_section_line_and_the_exact_text(coded: Project) -> None:
    passages = coded.passages()

    assert [(p.case_name, p.code_key, p.text) for p in passages] == [
        (None, "ambitie.routekaart", "De routekaart kwam ook ter sprake bij de regio."),
        ("Hoogveen", "ambitie.draagvlak", "Onze gemeente heeft geen routekaart."),
        ("Hoogveen", "geld.budget", "Er is geen geld voor verduurzaming."),
        ("Westerbroek", "ambitie.routekaart", "De raad heeft in 2023 een routekaart vastgesteld."),
        ("Westerbroek", "geld.budget", "Rick: Voor de sporthal"),
        ("Westerbroek", "geld.budget", "Is er structureel geld?"),
        ("Westerbroek", "ambitie.routekaart.raad", "Er is geen structureel geld."),
    ]
    for passage in passages:
        assert passage.text == coded.document_text(passage.document_guid)[passage.start:passage.end]
    notitie, hoogveen, _, marieke, label, question, rick = passages
    assert (rick.speaker, rick.role, rick.is_interviewer, rick.section, rick.line) == (
        "Rick Jansen", "projectleider vastgoed", False, "2. Financiën", 22)
    assert (rick.coder, rick.code_name, rick.document_title, rick.memo) == (
        "tom", "De raad stelt vast", "Interviewverslag - Gemeente Westerbroek", None)
    assert (marieke.speaker, marieke.section, marieke.line, marieke.memo) == ("Marieke de Vries", "1. Ambities", 14,
                                                                              "kern")
    assert (question.speaker, question.role, question.is_interviewer) == ("Sanne Bakker", "interviewer", True)
    assert (label.speaker, label.line) == ("Rick Jansen", 16)
    assert (hoogveen.speaker, hoogveen.role, hoogveen.section, hoogveen.line) == (
        "Els Verhoef", "beleidsmedewerker energie", "1. Verkenning", 13)
    assert (notitie.speaker, notitie.role, notitie.section, notitie.line) == ("Respondent", None, None, 3)
    assert {p.coding_guid for p in passages} == {c.guid for c in coded.codings()}


def texts(passages: list[Passage]) -> list[str]:
    return [p.text for p in passages]


def test_passages_by_code_with_and_without_children(coded: Project) -> None:
    assert len(coded.passages("ambitie")) == 4
    assert coded.passages("ambitie", include_children=False) == []
    assert texts(coded.passages("ambitie.routekaart")) == [
        "De routekaart kwam ook ter sprake bij de regio.", "De raad heeft in 2023 een routekaart vastgesteld.",
        "Er is geen structureel geld."]
    assert len(coded.passages("ambitie.routekaart", include_children=False)) == 2
    with pytest.raises(ProjectError, match="no code 'onbekend'"):
        coded.passages("onbekend")


def test_passages_by_case_coder_and_document(coded: Project) -> None:
    assert texts(coded.passages(case="Hoogveen")) == [
        "Onze gemeente heeft geen routekaart.", "Er is geen geld voor verduurzaming."]
    assert texts(coded.passages(case=NO_CASE)) == ["De routekaart kwam ook ter sprake bij de regio."]
    assert texts(coded.passages(coder="tom")) == ["Er is geen geld voor verduurzaming.", "Er is geen structureel geld."]
    assert len(coded.passages(document_guid=guid_of(coded, WESTERBROEK))) == 4
    assert texts(coded.passages("geld", case="Westerbroek", coder="sanne")) == [
        "Rick: Voor de sporthal", "Is er structureel geld?"]


def test_passages_by_case_attributes(coded: Project) -> None:
    def cases(attributes: dict[str, str]) -> set[str | None]:
        return {p.case_name for p in coded.passages(attributes=attributes)}

    assert len(coded.passages(attributes={"regio": "Noord"})) == 6
    assert cases({"regio": "Noord"}) == {"Hoogveen", "Westerbroek"}
    assert cases({"grootteklasse": "klein"}) == {"Hoogveen"}
    assert cases({"speerpunten": "vastgoed"}) == {"Westerbroek"}  # one of the listed values
    assert cases({"speerpunten": "warmte", "regio": "Noord"}) == {"Hoogveen"}
    assert cases({"g40": "ja"}) == {"Westerbroek"}
    assert cases({"inwoners": "9500"}) == {"Hoogveen"}
    assert cases({"regio": "Zuid"}) == set()
    assert cases({"speerpunten": "vastgoed;samenwerking"}) == set()


def test_case_attribute_values_list_each_value_once_sorted(project: Project) -> None:
    assert project.case_attribute_values() == {
        "provincie": ["Drenthe", "Groningen"],
        "inwoners": ["9500", "58400"],
        "g40": ["ja", "nee"],
        "regio": ["Noord"],
        "speerpunten": ["participatie", "samenwerking", "vastgoed", "warmte"],
        "grootteklasse": ["klein", "middelgroot"],
    }


# -- matrix --------------------------------------------------------------------------------------------------
def test_case_code_matrix_counts_codings_per_case_and_code(coded: Project) -> None:
    matrix = coded.case_code_matrix()

    assert matrix.cases == ["Hoogveen", "Westerbroek", NO_CASE]
    assert [c.key for c in matrix.codes] == [
        "ambitie.routekaart", "ambitie.routekaart.raad", "ambitie.draagvlak", "geld.budget"]
    assert matrix.counts == {
        (NO_CASE, "ambitie.routekaart"): 1, ("Hoogveen", "ambitie.draagvlak"): 1, ("Hoogveen", "geld.budget"): 1,
        ("Westerbroek", "ambitie.routekaart"): 1, ("Westerbroek", "ambitie.routekaart.raad"): 1,
        ("Westerbroek", "geld.budget"): 2}
    assert matrix.documents_per_case == {"Hoogveen": 1, "Westerbroek": 1, NO_CASE: 1}
    for (case, key), count in matrix.counts.items():
        assert len(coded.passages(key, include_children=False, case=case)) == count


def test_case_code_matrix_filters_by_type_and_coder_and_shows_coded_themes(coded: Project) -> None:
    barriers = coded.case_code_matrix(code_type="barrier")
    assert [c.key for c in barriers.codes] == ["ambitie.draagvlak", "geld.budget"]
    assert barriers.counts == {("Hoogveen", "ambitie.draagvlak"): 1, ("Hoogveen", "geld.budget"): 1,
                               ("Westerbroek", "geld.budget"): 2}
    assert [c.key for c in coded.case_code_matrix(code_type="belemmering").codes] == [
        "ambitie.draagvlak", "geld.budget"]
    assert coded.case_code_matrix(coder="tom").counts == {
        ("Hoogveen", "geld.budget"): 1, ("Westerbroek", "ambitie.routekaart.raad"): 1}
    with pytest.raises(ProjectError, match="no code type 'kleur'"):
        coded.case_code_matrix(code_type="kleur")

    code(coded, HOOGVEEN, "Ik ben Els Verhoef.", "geld", "sanne")

    assert [c.key for c in coded.case_code_matrix().codes] == [
        "ambitie.routekaart", "ambitie.routekaart.raad", "ambitie.draagvlak", "geld", "geld.budget"]


# -- find ----------------------------------------------------------------------------------------------------
def found(project: Project, source: str, query: str) -> list[str]:
    guid = guid_of(project, source)
    text = project.document_text(guid)
    return [text[start:end] for start, end in project.find_in_document(guid, query)]


def test_find_matches_text_case_insensitively_and_other_forms_by_lemma(project: Project) -> None:
    # another form of the word is found as that word, not as its whole sentence (the workbench's / goes word by word)
    assert found(project, WESTERBROEK, "gemeenten") == ["gemeente", "gemeenten"]
    assert found(project, HOOGVEEN, "gemeenten") == ["gemeente"]
    assert found(project, HOOGVEEN, "vastgesteld") == ["vaststellen"]
    assert found(project, WESTERBROEK, "ROUTEKAART") == ["routekaart"]
    assert found(project, WESTERBROEK, "structureel geld") == ["structureel geld", "structureel geld"]
    assert found(project, WESTERBROEK, "  ") == []
    guid = guid_of(project, WESTERBROEK)
    spans = project.find_in_document(guid, "geld")
    assert spans == sorted(set(spans))


def test_passages_come_in_the_order_sql_gives_case_and_title_without_case_first(coded: Project) -> None:
    """passages() sorts in Python what it once sorted in SQL; SQL's own ORDER BY is the reference."""
    code(coded, WESTERBROEK, "De raad heeft in 2023", "geld.budget", "tom")  # same start, shorter
    code(coded, HOOGVEEN, "Onze gemeente heeft geen routekaart.", "geld.budget", "tom")  # same span, other code
    with coded.store.transaction():  # names that NOCASE and casefold sort differently: accents, lower case
        coded.store.conn.execute("UPDATE cases SET name = 'Ékeren' WHERE name = 'Westerbroek'")
        coded.store.conn.execute("UPDATE cases SET name = 'zuidveen' WHERE name = 'Hoogveen'")
        coded.store.conn.execute("UPDATE documents SET title = 'b titel' WHERE source_name = 'westerbroek.txt'")
    expected = [row[0] for row in coded.store.conn.execute(
        "SELECT g.guid FROM codings g JOIN documents d ON d.id = g.document_id LEFT JOIN cases cs ON cs.id = d.case_id "
        'ORDER BY cs.name COLLATE NOCASE, d.title COLLATE NOCASE, d.id, g.start, g."end", g.id')]
    found = coded.passages()
    assert [p.coding_guid for p in found] == expected
    assert [p.case_name for p in found][:1] == [None] and found[-1].case_name == "Ékeren"
