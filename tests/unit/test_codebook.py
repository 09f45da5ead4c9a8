"""Codebook YAML: themes and typed codes, type aliases, validation with line numbers, dump and re-parse."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from qualcode.domain.codebook import dump_codebook, parse_codebook
from qualcode.domain.errors import CodebookError
from qualcode.domain.model import Code, Codebook, CodeType

SHIPPED = Path(__file__).resolve().parents[2] / "codebooks" / "verduurzaming.yaml"

CODEBOOK = """\
name: Verduurzaming testboek
types:
  - id: tactic
    label: tactiek
    label_en: tactic
    badge: T
codes:
  - id: vastgoed
    name: Maatschappelijk vastgoed
    description: Gebouwen van de gemeente.
    children:
      - id: vastgoed.budget
        name: Geen structureel budget
        type: belemmering
        colour: "#C0392B"
        include: Gebrek aan middelen.
        exclude: Subsidies.
        example: "Er is geen geld: alles gaat naar het sociaal domein."
        keywords: [budget, "structurele middelen"]
      - id: vastgoed.subsidie
        name: Subsidieregelingen
        type: kans
        keywords: subsidie, regeling
      - id: vastgoed.capaciteit
        name: Voldoende capaciteit
        type: randvoorwaarde
      - id: vastgoed.lobby
        name: Lobby bij het Rijk
        type: tactiek
  - id: warmte
    name: Warmtetransitie
    codes:
      - id: warmte.visie
        name: Transitievisie warmte
        type: Barrier
"""


def problems(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text)
    return [(problem.line, problem.message) for problem in caught.value.problems]


def single_error(text: str) -> CodebookError:
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text)
    assert caught.value.problems == []
    return caught.value


def test_nested_themes_and_codes() -> None:
    book = parse_codebook(CODEBOOK)
    assert book.name == "Verduurzaming testboek"
    assert [(c.key, c.parent_key, c.type, c.position, c.line) for c in book.codes] == [
        ("vastgoed", None, None, 0, 8),
        ("vastgoed.budget", "vastgoed", "barrier", 0, 12),
        ("vastgoed.subsidie", "vastgoed", "opportunity", 1, 20),
        ("vastgoed.capaciteit", "vastgoed", "condition", 2, 24),
        ("vastgoed.lobby", "vastgoed", "tactic", 3, 27),
        ("warmte", None, None, 1, 30),
        ("warmte.visie", "warmte", "barrier", 0, 33),
    ]
    assert book.code("vastgoed.budget") == Code(
        key="vastgoed.budget", name="Geen structureel budget", parent_key="vastgoed", type="barrier",
        include="Gebrek aan middelen.", exclude="Subsidies.",
        example="Er is geen geld: alles gaat naar het sociaal domein.", colour="#c0392b",
        keywords=("budget", "structurele middelen"), position=0, line=12,
    )
    assert book.code("vastgoed").description == "Gebouwen van de gemeente."
    assert book.code("vastgoed.subsidie").keywords == ("subsidie", "regeling")
    with pytest.raises(KeyError):
        book.code("bestaat.niet")


def test_builtin_and_declared_types() -> None:
    book = parse_codebook(CODEBOOK)
    assert book.types == (
        CodeType("barrier", "belemmering", "barrier", "B", builtin=True),
        CodeType("opportunity", "kans", "opportunity", "K", builtin=True),
        CodeType("condition", "randvoorwaarde", "condition", "R", builtin=True),
        CodeType("tactic", "tactiek", "tactic", "T"),
    )


def test_a_plain_list_is_refused_with_what_to_do() -> None:
    # Issue 11: a top-level list is refused (file, line, what to do) rather than guessed at.
    with pytest.raises(CodebookError) as caught:
        parse_codebook("- id: a\n  name: A\n  type: kansen\n")
    assert caught.value.line == 1
    assert "put the codes under 'codes:'" in str(caught.value)


def test_round_trip_gives_an_equal_codebook() -> None:
    book = parse_codebook(CODEBOOK)
    assert parse_codebook(dump_codebook(book)) == book


def without_lines(book: Codebook) -> list[Code]:
    return [dataclasses.replace(code, line=None) for code in book.codes]


@pytest.mark.parametrize("source", ["inline", "shipped"])
def test_round_trip_keeps_every_field_but_the_source_line(source: str) -> None:
    book = parse_codebook(CODEBOOK if source == "inline" else SHIPPED.read_text(encoding="utf-8"))
    again = parse_codebook(dump_codebook(book))
    assert again.name == book.name
    assert again.types == book.types
    assert without_lines(again) == without_lines(book)


def test_shipped_codebook_parses() -> None:
    book = parse_codebook(SHIPPED.read_text(encoding="utf-8"))
    themes = [c for c in book.codes if c.type is None]
    typed = [c for c in book.codes if c.type is not None]
    assert len(themes) == 7
    assert len(typed) == 35
    assert all(theme.parent_key is None for theme in themes)
    assert all(code.parent_key in {theme.key for theme in themes} for code in typed)
    assert {t.key for t in book.types} == {
        "barrier", "opportunity", "condition", "tactic", "success_factor", "recommendation"}


def test_several_problems_reported_together_with_lines() -> None:
    text = """\
codes:
  - id: a
    name: A
    children:
      - id: a
        name: Dubbel
      - id: b
        type: obstakel
      - id: c
        name: C
        colour: rood
      - id: d
        name: D
        colur: "#ffffff"
"""
    assert problems(text) == [
        (5, "duplicate id 'a' (first on line 2)"),
        (7, "code 'b' has no name"),
        (8, "unknown type 'obstakel' for code 'b'"),
        (11, "colour 'rood' of 'c' is not a colour like '#c0392b'"),
        (14, "unknown field 'colur'"),
        (2, "parents form a cycle: a → a"),
    ]
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text)
    assert caught.value.message == "the codebook has 6 problems"


@pytest.mark.parametrize("colour", ["#12345", "c0392b", "#ggg000"])
def test_bad_colours(colour: str) -> None:
    text = f'codes:\n  - id: a\n    name: A\n    colour: "{colour}"\n'
    assert problems(text) == [(4, f"colour '{colour}' of 'a' is not a colour like '#c0392b'")]


def test_cycle_via_parent_and_unknown_parent() -> None:
    text = """\
codes:
  - id: a
    name: A
    parent: b
  - id: b
    name: B
    parent: a
  - id: c
    name: C
    parent: z
"""
    assert problems(text) == [
        (8, "code 'c' names parent 'z', which does not exist"),
        (2, "parents form a cycle: a → b → a"),
    ]


def test_parent_field_links_a_flat_list() -> None:
    text = "codes:\n  - id: t\n    name: T\n  - id: t.c\n    name: C\n    parent: t\n    type: kans\n"
    book = parse_codebook(text)
    assert [(c.key, c.parent_key) for c in book.codes] == [("t", None), ("t.c", "t")]


def test_missing_id_and_undeclared_type() -> None:
    text = "codes:\n  - name: Zonder id\n  - id: x\n    name: X\n    type: succesfactor\n"
    assert [line for line, _ in problems(text)] == [2, 5]


def test_declared_type_by_label() -> None:
    text = ("types:\n  - id: success_factor\n    label: succesfactor\n"
            "codes:\n  - id: x\n    name: X\n    type: Succesfactor\n")
    book = parse_codebook(text)
    assert book.code("x").type == "success_factor"
    assert book.types[-1] == CodeType("success_factor", "succesfactor", "succesfactor", "S")


def test_invalid_yaml_has_a_line() -> None:
    problem = single_error("codes:\n  - id: a\n    name: A\n   - id: b\n")
    assert problem.line == 4
    assert problem.message.startswith("not valid YAML")


def test_duplicate_key_in_one_entry() -> None:
    problem = single_error("codes:\n  - id: a\n    name: A\n    name: B\n")
    assert problem.line == 4


def test_empty_codebook_and_missing_codes() -> None:
    assert single_error("").message == "the codebook is empty"
    assert single_error("name: Leeg\n").message == "the codebook has no 'codes:' list"


def test_dumped_yaml_is_readable_and_complete() -> None:
    book = Codebook(
        name="Klein",
        codes=(Code("t", "Thema"), Code("t.a", "Aanpak", parent_key="t", type="tactic", keywords=("a b",))),
        types=(CodeType("tactic", "tactiek", "tactic", "T"),),
    )
    dumped = dump_codebook(book)
    assert "type: tactic" in dumped
    assert "label: tactiek" in dumped
    again = parse_codebook(dumped)
    assert [(c.key, c.parent_key, c.type, c.keywords) for c in again.codes] == [
        ("t", None, None, ()), ("t.a", "t", "tactic", ("a b",))]
