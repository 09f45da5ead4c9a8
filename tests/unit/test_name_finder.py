"""The name and place finder of the pseudonym key on Dutch sentences written for it (tests/unit/data), with a
held-out half the rules were not tuned on; and e-mail addresses, phone numbers, postcodes and organisations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qualcode.nlp.name_finder import EMAIL, ORGANISATION, PERSON, PHONE, PLACE, POSTCODE, NameFinder

FIXTURE = Path(__file__).parent / "data" / "name_sentences.txt"
_MARK = re.compile(r"\{([PL]):([^}]*)\}")


def _sentences(half: str) -> list[tuple[str, set[tuple[int, int, str]]]]:
    sentences = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        which, marked = (part.strip() for part in line.split("|", 1))
        if which != half:
            continue
        text, gold, position = "", set(), 0
        for match in _MARK.finditer(marked):
            text += marked[position:match.start()]
            gold.add((len(text), len(text) + len(match.group(2)), PERSON if match.group(1) == "P" else PLACE))
            text += match.group(2)
            position = match.end()
        sentences.append((text + marked[position:], gold))
    return sentences


def _scores(half: str, kind: str) -> tuple[float, float]:
    finder = NameFinder()
    true_positives = false_positives = false_negatives = 0
    for text, gold in _sentences(half):
        found = {(f.start, f.end, f.kind) for f in finder.find(text) if f.kind == kind}
        wanted = {item for item in gold if item[2] == kind}
        true_positives += len(found & wanted)
        false_positives += len(found - wanted)
        false_negatives += len(wanted - found)
    return true_positives / (true_positives + false_positives), true_positives / (true_positives + false_negatives)


def test_fixture_has_sixty_sentences_in_two_halves() -> None:
    assert len(_sentences("tuned")) >= 30 and len(_sentences("held-out")) >= 30


# Precision/recall. Tuned half: people 0.95/1.00, places 1.00/0.92. Held-out half, measured blind once: people
# 0.87/0.91, places 1.00/1.00. Later fixes came from the example project and the 1M-word bench corpus (capitalised
# particles inside a name, 'Fatima El Amrani'; no name at the tail of a run that is none, 'Hoge Akker'), but their
# side effects were checked on both halves, so the held-out half is no longer blind: people 1.00/0.95 now.
# A third, blind half (32 sentences written after the finder was done, measured once and never tuned on): people
# 0.93/0.93 ('De Tweede Kamer' taken for a person; 'Lotte' opening a sentence missed), places 1.00/1.00.
# The bounds keep the figures from slipping.
@pytest.mark.parametrize(("half", "kind", "precision", "recall"), [
    ("tuned", PERSON, 0.95, 1.0), ("tuned", PLACE, 1.0, 0.92),
    ("held-out", PERSON, 1.0, 0.95), ("held-out", PLACE, 1.0, 1.0),
    ("blind", PERSON, 0.93, 0.93), ("blind", PLACE, 1.0, 1.0)])
def test_precision_and_recall(half: str, kind: str, precision: float, recall: float) -> None:
    found_precision, found_recall = _scores(half, kind)
    print(f"{half} {kind}: precision {found_precision:.2f}, recall {found_recall:.2f}")
    assert found_precision >= precision and found_recall >= recall


def _found(text: str, **kwargs: object) -> list[tuple[str, str, str]]:
    return [(text[f.start:f.end], f.kind, f.real) for f in NameFinder(**kwargs).find(text)]  # type: ignore[arg-type]


def test_titles_initials_particles_and_possessives() -> None:
    assert _found("Dhr. T. van Gerwen belde.") == [("T. van Gerwen", PERSON, "T. van Gerwen")]
    assert _found("Ik sprak mw. A.M. de Laat-Verhoeven.") == [("A.M. de Laat-Verhoeven", PERSON,
                                                                  "A.M. de Laat-Verhoeven")]
    assert _found("De heer El Idrissi kwam.") == [("El Idrissi", PERSON, "El Idrissi")]
    assert _found("Het was Ricks idee.") == [("Ricks", PERSON, "Rick")]


def test_ordinary_capitalised_words_are_no_names() -> None:
    assert _found("Energie is duur. Het Klimaatakkoord en de Omgevingswet helpen niet. Natuurlijk niet.") == []


def test_a_name_and_an_organisation_from_the_list() -> None:
    found = _found("Ik sprak Jan de Boer van Enexis.", organisations=["Enexis"])
    assert found == [("Jan de Boer", PERSON, "Jan de Boer"), ("Enexis", ORGANISATION, "Enexis")]


def test_contact_details() -> None:
    text = ("Mail naar j.jansen@westerbroek.nl of bel 06-12345678, +31 6 1234 5678 of 050-1234567; "
            "het adres is Dorpsstraat 1, 9401 AB. Niet 2024 of 12345.")
    found = [(text_, kind) for text_, kind, _ in _found(text)]
    assert found == [("j.jansen@westerbroek.nl", EMAIL), ("06-12345678", PHONE), ("+31 6 1234 5678", PHONE),
                     ("050-1234567", PHONE), ("9401 AB", POSTCODE)]


def test_deduce_persons_are_cut_before_an_organisation(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The adapter on a stand-in for deduce (the real one is optional: tests/functional/test_pseudonyms.py)."""
    import sys
    import types
    from dataclasses import dataclass as frozen

    from qualcode.nlp import deep_names

    @frozen
    class Annotation:
        text: str
        start_char: int
        end_char: int
        tag: str

    text = "Ik sprak Jan de Boer van Enexis en Pieter van Dam, in Zwolle."

    class Deduce:
        def __init__(self, **options: object) -> None:
            assert options == {"cache_path": str(tmp_path / "qualcode" / "deduce")}

        def deidentify(self, given: str) -> types.SimpleNamespace:
            spans = [("Jan de Boer van Enexis", "persoon"), ("Pieter van Dam", "persoon"), ("Zwolle", "locatie")]
            return types.SimpleNamespace(annotations=[
                Annotation(words, given.index(words), given.index(words) + len(words), tag) for words, tag in spans])

    monkeypatch.setitem(sys.modules, "deduce", types.SimpleNamespace(Deduce=Deduce))
    monkeypatch.setattr(deep_names, "cache_folder", lambda: tmp_path / "qualcode" / "deduce")
    found = deep_names.deep_person_finder()(text)
    assert [(text[f.start:f.end], f.kind, f.real) for f in found] == [("Jan de Boer", PERSON, "Jan de Boer"),
                                                                      ("Pieter van Dam", PERSON, "Pieter van Dam")]
    assert deep_names.person_part("Jan Jansen van Alliander") == "Jan Jansen"
    assert deep_names.person_part("Maria van den Berg") == "Maria van den Berg"


def test_without_deduce_the_deep_scan_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from qualcode.domain.errors import ProjectError
    from qualcode.nlp import deep_names

    monkeypatch.setitem(sys.modules, "deduce", None)  # an import of it fails, installed or not
    with pytest.raises(ProjectError, match="deduce is not installed") as raised:
        deep_names.deep_person_finder()
    assert "pip install deduce" in str(raised.value)
