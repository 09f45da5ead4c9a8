"""Pseudonyms for gemeenten in anonymised reports: stable per project, gap-free, not guessable from the names."""

from __future__ import annotations

from qualcode.reporting.pseudonyms import _letters, case_pseudonyms


def test_letters_run_on_like_spreadsheet_columns() -> None:
    assert [_letters(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_pseudonyms_follow_the_case_guids_not_the_names() -> None:
    guids = {"Amstelhaven": "7d3f0c52-1", "Bergakker": "0a91e6b4-2", "Westerbroek": "f1c2d3e4-3"}
    first = case_pseudonyms(guids, "nl")
    assert sorted(first.values()) == ["Gemeente A", "Gemeente B", "Gemeente C"]
    assert case_pseudonyms(dict(reversed(guids.items())), "nl") == first  # the same project, the same letters
    renamed = case_pseudonyms({"Zuidbroek" if name == "Amstelhaven" else name: guid for name, guid in guids.items()},
                              "nl")
    assert renamed["Zuidbroek"] == first["Amstelhaven"]  # the name plays no part in the letter
    other = case_pseudonyms({name: guid[::-1] for name, guid in guids.items()}, "nl")
    assert other != first  # another project (other GUIDs) gives another order
    assert case_pseudonyms(guids, "en")["Bergakker"].startswith("Municipality ")
