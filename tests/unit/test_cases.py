"""Cases CSV: type inference, classifications, size classes, delimiters and errors with line numbers."""

from __future__ import annotations

from typing import Any

import pytest

from qualcode.domain.cases import parse_cases, size_class
from qualcode.domain.errors import CasesError
from qualcode.domain.model import CaseRecord


def attrs(record: CaseRecord) -> dict[str, tuple[str, Any]]:
    return {attribute.name: (attribute.type, attribute.value) for attribute in record.attributes}


CSV = (
    "gemeente,inwoners,oppervlakte,warmtevisie,g40,vastgesteld,provincie,speerpunten,regio\n"
    "Westerbroek,45.000,\"3,5\",ja,yes,2023-05-01,Groningen,vastgoed;warmte,Noord\n"
    "Hoogveen,24500,12,nee,no,11 april 2024,Drenthe,warmte,Zuid\n"
    "’s-Hertogenbosch,155000,\"7,25\",ja,yes,01-02-2022,Noord-Brabant,,Noord\n"
)


def test_types_are_inferred_per_column() -> None:
    records = parse_cases(CSV, classifications=["Regio"])
    assert [(r.name, r.key, r.line) for r in records] == [
        ("Westerbroek", "westerbroek", 2),
        ("Hoogveen", "hoogveen", 3),
        ("’s-Hertogenbosch", "'s hertogenbosch", 4),
    ]
    assert attrs(records[0]) == {
        "inwoners": ("integer", 45000),
        "oppervlakte": ("decimal", 3.5),
        "warmtevisie": ("boolean", True),
        "g40": ("boolean", True),
        "vastgesteld": ("date", "2023-05-01"),
        "provincie": ("text", "Groningen"),
        "speerpunten": ("categories", ["vastgoed", "warmte"]),
        "regio": ("category", "Noord"),
        "grootteklasse": ("category", "middelgroot"),
    }
    second = attrs(records[1])
    assert second["oppervlakte"] == ("decimal", 12.0)
    assert second["warmtevisie"] == ("boolean", False)
    assert second["g40"] == ("boolean", False)
    assert second["vastgesteld"] == ("date", "2024-04-11")
    assert second["speerpunten"] == ("categories", ["warmte"])
    third = attrs(records[2])
    assert third["vastgesteld"] == ("date", "2022-02-01")
    assert third["speerpunten"] == ("categories", None)
    assert third["grootteklasse"] == ("category", "groot")


def test_without_classifications_a_single_valued_column_is_text() -> None:
    records = parse_cases(CSV)
    assert attrs(records[0])["regio"] == ("text", "Noord")


def test_classification_with_semicolons_is_multi_valued() -> None:
    text = "gemeente;thema\nOss;\"warmte; vastgoed\"\nUden;warmte\n"
    records = parse_cases(text, classifications=["thema"])
    assert [attrs(r)["thema"] for r in records] == [
        ("categories", ["warmte", "vastgoed"]), ("categories", ["warmte"])]


def test_integer_with_thousands_separator_and_decimal_comma() -> None:
    text = "naam,aantal,score\nOss,1.234.567,\"0,5\"\nUden,12,2\n"
    records = parse_cases(text)
    assert attrs(records[0]) == {"aantal": ("integer", 1234567), "score": ("decimal", 0.5)}
    assert attrs(records[1]) == {"aantal": ("integer", 12), "score": ("decimal", 2.0)}


def test_words_and_undated_values_are_text() -> None:
    text = "casus,start,houding\nOss,14 mei,actief\nUden,2023-01-01,afwachtend\n"
    records = parse_cases(text)
    assert attrs(records[0]) == {"start": ("text", "14 mei"), "houding": ("text", "actief")}


@pytest.mark.parametrize(("inhabitants", "expected"), [
    (29999, "klein"), (30000, "middelgroot"), (100000, "middelgroot"), (100001, "groot"),
])
def test_size_class_thresholds(inhabitants: int, expected: str) -> None:
    assert size_class(inhabitants) == expected
    records = parse_cases(f"gemeente;inwoners\nOss;{inhabitants}\n")
    assert attrs(records[0])["grootteklasse"] == ("category", expected)


def test_semicolon_csv_with_size_classes_and_booleans() -> None:
    text = "gemeente;inwoners;actief\nAa;29999;yes\nBb;30.000;no\nCc;100000;yes\nDd;100.001;no\nEe;;yes\n"
    records = parse_cases(text)
    assert [attrs(r).get("grootteklasse") for r in records] == [
        ("category", "klein"), ("category", "middelgroot"), ("category", "middelgroot"),
        ("category", "groot"), None]
    assert [attrs(r)["actief"] for r in records] == [
        ("boolean", True), ("boolean", False), ("boolean", True), ("boolean", False), ("boolean", True)]
    assert attrs(records[4])["inwoners"] == ("integer", None)


def test_custom_size_thresholds() -> None:
    text = "gemeente,inwoners\nAa,49999\nBb,50000\nCc,200000\nDd,200001\n"
    records = parse_cases(text, size_thresholds=(50_000, 200_000))
    assert [attrs(r)["grootteklasse"][1] for r in records] == ["klein", "middelgroot", "middelgroot", "groot"]
    assert size_class(49_999, (50_000, 200_000)) == "klein"


def test_an_own_size_class_column_is_not_overwritten() -> None:
    records = parse_cases("Naam,Inwoners,Grootteklasse\nOss,6,groot\n")
    assert attrs(records[0]) == {"Inwoners": ("integer", 6), "Grootteklasse": ("text", "groot")}


def test_bom_blank_lines_and_gemeente_prefix() -> None:
    records = parse_cases("\ufeffgemeente,inwoners\nGemeente Oss,6\n\nUden,7\n")
    assert [(r.name, r.key, r.line) for r in records] == [("Oss", "oss", 2), ("Uden", "uden", 4)]


def test_aliases_give_the_key() -> None:
    records = parse_cases("gemeente,inwoners\nSKO,6\n", aliases={"SKO": "Stadskwartier-Oost"})
    assert records[0].key == "stadskwartier oost"


def error(text: str, **kwargs: Any) -> CasesError:
    with pytest.raises(CasesError) as caught:
        parse_cases(text, **kwargs)
    return caught.value


def test_no_name_column() -> None:
    problem = error("provincie,inwoners\nUtrecht,5\n")
    assert problem.line == 1
    assert "no name column" in problem.message


def test_duplicate_case_after_normalisation() -> None:
    problem = error("gemeente,inwoners\n's-Hertogenbosch,5\nOss,6\nDen Bosch,7\n")
    assert problem.line == 4
    assert problem.message == "case 'Den Bosch' appears twice (also on line 2)"


def test_duplicate_case_with_gemeente_prefix() -> None:
    problem = error("gemeente;inwoners\nOss;6\nGemeente Oss;8\n")
    assert problem.line == 3


def test_wrong_field_count() -> None:
    problem = error("gemeente,inwoners\nOss,6\nUden,7,8\n")
    assert problem.line == 3
    assert problem.message == "this row has 3 fields but the header has 2"


def test_wrong_field_count_after_a_multiline_quoted_field() -> None:
    problem = error("gemeente,toelichting\nOss,\"regel een\nregel twee\"\nUden,x,y\n")
    assert problem.line == 4


def test_empty_name() -> None:
    problem = error("gemeente,inwoners\nOss,6\n\n  ,7\n")
    assert problem.line == 4
    assert problem.message == "a row without a case name"


def test_empty_file_and_duplicate_column() -> None:
    assert error("\n \n").line == 1
    problem = error("gemeente,regio,Regio\nOss,a,b\n")
    assert problem.line == 1
    assert "'regio' appears twice" in problem.message


def test_zero_inhabitants_is_read_as_not_known_with_a_warning() -> None:
    warnings: list[str] = []
    records = parse_cases("gemeente,inwoners\nKleidorp,0\nVlietdam,45000\n", warnings=warnings)
    sizes = {r.name: {a.name: a.value for a in r.attributes}.get("grootteklasse") for r in records}
    assert sizes == {"Kleidorp": None, "Vlietdam": "middelgroot"}
    assert warnings == ["line 2: 0 inhabitants for 'Kleidorp' read as not known (no size class); write the number, "
                        "or leave the cell empty"]
