"""A tiny trained Dutch pipeline (a trainable lemmatizer fitted on a few words) standing in for nl_core_news_sm."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

TRAINING_PAIRS = [
    ("gemeenten", "gemeente"), ("werkten", "werken"), ("gebouwen", "gebouw"), ("scholen", "school"),
    ("bewoners", "bewoner"), ("subsidies", "subsidie"), ("wijken", "wijk"), ("plannen", "plan"),
    ("de", "de"), ("in", "in"), ("en", "en"), ("met", "met"), ("hebben", "hebben"), ("warmte", "warmte"),
]
SENTENCES = [
    "de gemeenten werkten met plannen", "bewoners en scholen in wijken", "gebouwen hebben subsidies",
    "de warmte in gebouwen", "gemeenten en bewoners werkten", "scholen met subsidies en plannen",
]


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Train and save a small pipeline with a real trainable lemmatizer; return its folder."""
    import spacy
    from spacy.training import Example

    lemma_of = dict(TRAINING_PAIRS)
    nlp = spacy.blank("nl")
    nlp.add_pipe("trainable_lemmatizer", config={"backoff": "orth", "min_tree_freq": 1})
    examples = []
    for sentence in SENTENCES:
        words = sentence.split()
        doc = nlp.make_doc(sentence)
        examples.append(Example.from_dict(doc, {"words": words, "lemmas": [lemma_of[w] for w in words]}))
    random.seed(7)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(60):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer)
    folder = tmp_path_factory.mktemp("model") / "nl_tiny_trained"
    nlp.to_disk(folder)
    return folder
