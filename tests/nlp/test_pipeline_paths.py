"""Both language pipeline paths: a trained model when present, spacy.blank('nl') + simplemma otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.nlp import pipeline
from qualcode.nlp.pipeline import Lemmatiser, load_language, model_installed, pipeline_description


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    load_language.cache_clear()


def test_fallback_without_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(pipeline.MODEL_ENV, str(tmp_path / "no-such-model"))
    assert not model_installed()
    language = load_language()
    assert language.lang == "nl"
    assert "sentencizer" in language.pipe_names
    lemmatiser = Lemmatiser()
    assert not lemmatiser.uses_model
    assert lemmatiser.lemmas(["De gemeenten werkten aan gebouwen."]) == ["de gemeente werken aan gebouw"]
    assert "simplemma" in pipeline_description()


def test_trained_model_is_used_when_installed(monkeypatch: pytest.MonkeyPatch, tiny_model: Path) -> None:
    monkeypatch.setenv(pipeline.MODEL_ENV, str(tiny_model))
    assert model_installed()
    language = load_language()
    assert "trainable_lemmatizer" in language.pipe_names
    lemmatiser = Lemmatiser()
    assert lemmatiser.uses_model
    assert lemmatiser.lemmas(["De gemeenten werkten met plannen."]) == ["de gemeente werken met plan"]
    assert str(tiny_model) in pipeline_description()


def test_import_stores_model_lemmas(monkeypatch: pytest.MonkeyPatch, tiny_model: Path, tmp_path: Path) -> None:
    from qualcode.project import Project

    monkeypatch.setenv(pipeline.MODEL_ENV, str(tiny_model))
    transcript = tmp_path / "veldhoven.txt"
    transcript.write_text("Gemeente: Veldhoven\nGesprekspartner: An Smit\nFunctie: adviseur\n\n"
                          "I: Hoe ging het?\n\nAn: De gemeenten werkten met plannen. Bewoners en scholen in wijken.\n",
                          encoding="utf-8")
    with Project.init(tmp_path / "project") as project:
        report = project.import_transcripts([transcript])
        assert [r.status for r in report.results] == ["imported"]
        guid = project.documents()[0].guid
        lemmas = [row[2] for row in project.sentences(guid)]
    assert lemmas == ["hoe ging het", "de gemeente werken met plan", "bewoner en school in wijk"]


def test_simplemma_falls_back_to_the_packed_dictionary_without_marisa_trie(monkeypatch: pytest.MonkeyPatch) -> None:
    from simplemma.strategies.dictionaries import trie_dictionary_factory

    def unavailable(*_: object, **__: object) -> None:
        raise ImportError("marisa_trie and platformdirs are required for TrieDictionaryFactory")

    monkeypatch.setattr(trie_dictionary_factory.TrieDictionaryFactory, "__init__", unavailable)
    pipeline._simplemma_lemmatizer.cache_clear()
    try:
        assert pipeline._simplemma("gemeenten") == "gemeente"
        assert pipeline._simplemma("werkten") == "werken"
    finally:
        pipeline._simplemma_lemmatizer.cache_clear()
