"""Dutch pipeline loader and lemmas: nl_core_news_sm when installed, else spacy.blank("nl") + simplemma.

Sentence boundaries always come from qualcode.nlp.segmenter. The trained model adds part-of-speech aware
lemmas (and, later, named entities); the fallback lemmatises word tokens with simplemma, which is the
same tokens a blank Dutch tokenizer yields for words and runs about twice as fast on import.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "nl_core_news_sm"
MODEL_ENV = "QUALCODE_SPACY_MODEL"
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def configured_model() -> str:
    """Return the model name or path to try: $QUALCODE_SPACY_MODEL, else nl_core_news_sm."""
    return os.environ.get(MODEL_ENV) or MODEL_NAME


def model_installed(model: str | None = None) -> bool:
    """Return whether the trained Dutch model (or the configured path) can be loaded."""
    name = model or configured_model()
    if os.path.sep in name or os.path.isdir(name):
        return os.path.isdir(name)
    return importlib.util.find_spec(name) is not None


@functools.lru_cache(maxsize=4)
def load_language(model: str | None = None) -> Language:
    """Return the trained Dutch pipeline when installed, else spacy.blank('nl') with a sentencizer."""
    import spacy

    name = model or configured_model()
    if model_installed(name):
        return spacy.load(name, exclude=["ner"]) if name == MODEL_NAME else spacy.load(name)
    language = spacy.blank("nl")
    language.add_pipe("sentencizer")
    return language


def pipeline_description(model: str | None = None) -> str:
    """Return a short description of the pipeline in use, for status output."""
    name = model or configured_model()
    if model_installed(name):
        return f"spaCy model {name}"
    return "spacy.blank('nl') + simplemma lemmas (install nl_core_news_sm for better lemmas)"


class Lemmatiser:
    """Lemmatises sentences: the model's lemmas when installed, otherwise simplemma with a word cache."""

    def __init__(self, model: str | None = None) -> None:
        self.model = model or configured_model()
        self.uses_model = model_installed(self.model)
        self._cache: dict[str, str] = {}

    def lemmas(self, sentences: Sequence[str]) -> list[str]:
        """Return, per sentence, its lower-case lemmas joined by single spaces."""
        if self.uses_model:
            return self._model_lemmas(sentences)
        return [self.lemmatise_words(sentence) for sentence in sentences]

    def lemmatise_words(self, text: str) -> str:
        """Return the lower-case simplemma lemmas of the words of one text."""
        cache = self._cache
        out: list[str] = []
        for match in _WORD.finditer(text):
            word = match.group().lower()
            lemma = cache.get(word)
            if lemma is None:
                lemma = cache[word] = _simplemma(word)
            out.append(lemma)
        return " ".join(out)

    def _model_lemmas(self, sentences: Sequence[str]) -> list[str]:
        language = load_language(self.model)
        disabled = [name for name in language.pipe_names if name in ("parser", "ner", "senter", "sentencizer")]
        out: list[str] = []
        for doc in language.pipe(sentences, disable=disabled, batch_size=256):
            words = [(token.lemma_ or token.text).lower() for token in doc if not token.is_punct
                     and not token.is_space]
            out.append(" ".join(words))
        return out


def simple_lemma(word: str) -> str:
    """Return simplemma's lower-case lemma of one word, separable parts joined ('op_geven' → 'opgeven')."""
    return _simplemma(word.lower()).replace("_", "")


def _simplemma(word: str) -> str:
    lemma: str = _simplemma_lemmatizer().lemmatize(word, lang="nl")
    return lemma.lower()


@functools.cache
def _simplemma_lemmatizer() -> Any:
    """Return simplemma's lemmatizer on its marisa-trie dictionary.

    Decoding simplemma's packed Dutch dictionary costs ~0.4 s per process; the trie factory builds a trie once
    (~1 s, kept in the user's cache folder) and then opens it in milliseconds.
    """
    from simplemma import Lemmatizer
    from simplemma.strategies.default import DefaultStrategy
    from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

    try:
        factory: Any = TrieDictionaryFactory()
        factory.get_dictionary("nl")
    except (ImportError, OSError):
        # Without marisa-trie or a writable cache folder, the packed dictionary still works, only slower to load.
        from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

        factory = DefaultDictionaryFactory()
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
