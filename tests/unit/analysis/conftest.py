"""A small coded corpus built by hand: 3 cases (one without documents), 4 documents, 13 codings."""

from __future__ import annotations

import re

import pytest

from qualcode.analysis import CaseInfo, CodedCorpus, DocumentInfo
from qualcode.domain.model import BUILTIN_TYPES, CodeType
from qualcode.storage.records import CodeRow, Passage

# Theme → code → child codes. Keys sort in an order unlike the tree, so that tree order is really tested.
CODEBOOK = [
    # key, parent, name, type
    ("beleid", None, "Ambitie en beleid", None),
    ("routekaart", "beleid", "Ontbrekende routekaart", "barrier"),
    ("capaciteit", "routekaart", "Te weinig capaciteit", "barrier"),
    ("geld", "routekaart", "Te weinig geld", "barrier"),
    ("ambitie", "beleid", "Ambitie van de raad", "opportunity"),
    ("samen", None, "Samenwerking", None),
    ("regio", "samen", "Regionale samenwerking", "opportunity"),
    ("netbeheer", "samen", "Afspraken met de netbeheerder", "condition"),
]

TEXTS = {
    "d1": ("I: Hoe staat het met de routekaart?\n"
           "A: Er is nog geen routekaart. We hebben te weinig mensen om die te schrijven. "
           "En er is ook geen geld voor.\n"
           "I: Werkt u samen in de regio?\n"
           "A: Ja, met de buurgemeenten in de regio werken we goed samen.\n"),
    "d2": ("I: Wat zijn de kansen?\n"
           "B: De raad heeft een hoge ambitie en wil vooruit. Tegelijk ontbreekt een routekaart, dus niemand weet "
           "wat de volgende stap is.\n"),
    "d3": ("I: Wat belemmert u?\n"
           "C: Wij hebben echt te weinig capaciteit om alles zelf te doen en de regio helpt ons daarbij niet.\n"
           "D: De ambitie is er wel.\n"),
    "d4": "E: Zonder goede regionale afspraken lukt het niet.\n",
}

DOCUMENTS = {
    # guid: title, case, participants
    "d1": ("Interview wethouder Westerbroek", "Westerbroek",
           (("Anna de Vries", "wethouder", False), ("Kees Lam", "onderzoeker", True))),
    "d2": ("Interview beleidsadviseur Westerbroek", "Westerbroek",
           (("Bram Jansen", "beleidsadviseur", False), ("Kees Lam", "onderzoeker", True))),
    "d3": ("Interview Amstelhoven", "Amstelhoven",
           (("Carla Smit", "Wethouder", False), ("Dirk Bos", "beleidsadviseur", False),
            ("Kees Lam", "onderzoeker", True))),
    "d4": ("Expertgesprek netbeheer", None, (("Eva Mol", "netbeheerder", False),)),
}

# name, document, fragment, code, coder
CODINGS = [
    ("p1", "d1", "Er is nog geen routekaart.", "routekaart", "mira"),
    ("p2c", "d1", "We hebben te weinig mensen om die te schrijven. En er is ook geen geld voor.", "capaciteit", "mira"),
    ("p2g", "d1", "We hebben te weinig mensen om die te schrijven. En er is ook geen geld voor.", "geld", "mira"),
    ("p3", "d1", "Er is nog geen routekaart.", "routekaart", "joost"),  # the same passage as p1, another coder
    ("p4", "d1", "En er is ook geen geld voor.", "geld", "joost"),  # inside p2
    ("p5", "d1", "met de buurgemeenten in de regio", "regio", "mira"),
    ("p6", "d1", "in de regio werken we goed samen.", "regio", "joost"),  # overlaps p5 on 'in de regio'
    ("p7", "d1", "Werkt u samen in de regio?", "regio", "mira"),  # the interviewer speaking
    ("p8", "d2", "De raad heeft een hoge ambitie en wil vooruit.", "ambitie", "mira"),
    ("p9", "d2", "Tegelijk ontbreekt een routekaart, dus niemand weet wat de volgende stap is.", "routekaart", "mira"),
    ("p10", "d3", "Wij hebben echt te weinig capaciteit om alles zelf te doen", "capaciteit", "mira"),
    ("p11", "d3", "de regio helpt ons daarbij niet", "regio", "mira"),
    ("p12", "d3", "De ambitie is er wel.", "ambitie", "joost"),
    ("p13", "d4", "Zonder goede regionale afspraken lukt het niet.", "regio", "mira"),
]

CASES = [
    CaseInfo("Westerbroek", {"provincie": "Groningen", "inwoners": 25_000, "grootteklasse": "klein", "g40": False,
                             "speerpunten": ["energie", "wonen"], "houding": "actief"}),
    CaseInfo("Amstelhoven", {"provincie": "Noord-Holland", "inwoners": 150_000, "grootteklasse": "groot",
                             "g40": True, "speerpunten": ["energie"], "houding": None}),
    # No documents: its values must not count anywhere.
    CaseInfo("Zuiderveen", {"provincie": "Groningen", "inwoners": 60_000, "grootteklasse": "middelgroot",
                            "g40": False, "speerpunten": ["wonen"], "houding": "actief"}),
]


def turn_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, speaker label) of the words after 'X: ' on each line."""
    return [(m.start(2), m.end(2), m.group(1)) for m in re.finditer(r"^(\w): (.*)$", text, re.MULTILINE)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for start, end, _ in turn_spans(text):
        for m in re.finditer(r"[^ .?!][^.?!]*[.?!]?", text[start:end]):
            spans.append((start + m.start(), start + m.end()))
    return spans


def span(document: str, fragment: str) -> tuple[int, int]:
    start = TEXTS[document].index(fragment)
    assert TEXTS[document].count(fragment) == 1, fragment
    return start, start + len(fragment)


def build_corpus() -> CodedCorpus:
    passages = []
    names = {key: name for key, _, name, _ in CODEBOOK}
    for label, doc, fragment, code, coder in CODINGS:
        start, end = span(doc, fragment)
        title, case, participants = DOCUMENTS[doc]
        speaker = next(s for b, e, s in turn_spans(TEXTS[doc]) if b <= start < e)
        # I: is the interviewer, D: the second respondent in d3, any other label the first participant.
        name, role, interviewer = (next(p for p in participants if p[2]) if speaker == "I"
                                   else participants[1] if speaker == "D" else participants[0])
        line = TEXTS[doc].count("\n", 0, start) + 1
        passages.append(Passage(
            coding_guid=label, code_key=code, code_name=names[code], coder=coder, document_guid=doc,
            document_title=title, case_name=case, start=start, end=end, text=TEXTS[doc][start:end],
            speaker=name, role=role, is_interviewer=interviewer, section=None, line=line, memo=None))
    codes = tuple(CodeRow(id=i, guid=f"g-{key}", key=key, parent_key=parent, name=name, type=kind, description="",
                          include="", exclude="", example="", colour=None, keywords=(), position=i)
                  for i, (key, parent, name, kind) in enumerate(CODEBOOK))
    types = tuple(CodeType(key, nl, en, badge, builtin=True) for key, (nl, en, badge) in BUILTIN_TYPES.items())
    documents = tuple(DocumentInfo(guid, title, case, "2024-03-01", len(TEXTS[guid].split()), participants)
                      for guid, (title, case, participants) in DOCUMENTS.items())
    return CodedCorpus(
        codes=codes, types=types, cases=tuple(CASES), documents=documents, passages=tuple(passages),
        sentences={doc: tuple(sentence_spans(text)) for doc, text in TEXTS.items()},
        turns={doc: tuple((s, e) for s, e, _ in turn_spans(text)) for doc, text in TEXTS.items()})


@pytest.fixture
def corpus() -> CodedCorpus:
    return build_corpus()
