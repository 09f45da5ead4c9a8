"""A realistic coded project for the REFI-QDA export tests: fictional interviews in two municipalities with ë, ’,
CO₂ and an emoji in coded text, themes and typed codes (a custom type too), three coders, a span carrying two codes,
memos of every kind and case attributes of every type."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualcode.project import Project

CODE_GUID = "0B5E3C2A-9D41-4F6B-8E27-31C4A5D6E7F8"  # written in the YAML: the export must keep it

CODEBOOK = f"""\
name: Warmte en vastgoed
types:
  - id: tactic
    label: tactiek
    label_en: tactic
    badge: T
codes:
  - id: ambitie
    name: Ambitie en beleid
    description: Hoe de gemeente haar doelen vastlegt.
    children:
      - id: ambitie.co2
        guid: "{CODE_GUID}"
        name: CO₂-doel geeft richting
        type: opportunity
        colour: "#2e8b57"
        description: Een vastgesteld CO₂-doel helpt keuzes te maken.
        include: De respondent noemt een reductiedoel als steun.
        exclude: Niet voor landelijke doelen.
        example: “Sinds het CO₂-doel er ligt, hoeven we niet te twijfelen.”
        keywords: [CO₂, doel]
      - id: ambitie.draagvlak
        name: Gebrek aan draagvlak
        type: barrier
        colour: "#c0392b"
  - id: geld
    name: Financiën
    children:
      - id: geld.budget
        name: Geen budget
        type: belemmering
      - id: geld.slim
        name: Slim combineren van budgetten
        type: tactic
        description: Onderhoud en verduurzaming uit één potje.
"""

KLEIDORP = """\
Interviewverslag - Gemeente Kleidorp

Gemeente: Kleidorp
Gesprekspartners:
Noëlle Brouwer, beleidsadviseur duurzaamheid
Daan Smits, projectleider vastgoed
Datum: 14 mei 2025
Interviewer: Sanne Bakker

1. Ambities

Sanne: Wat is de ambitie van de gemeente?

Noëlle: De raad heeft een CO₂-doel vastgesteld: 55% minder in 2030. Dat vinden wij 👍 want het geeft richting.

Daan: Voor de sporthal is er geen budget. De wethouder’s prioriteit ligt bij woningbouw.

2. Financiën

Sanne: Hoe lossen jullie dat op?

Daan: We combineren onderhoud en verduurzaming uit één potje. Dat scheelt 👍👍 geld en gedoe.
"""

ZANDHOVEN = """\
Interviewverslag - Gemeente Zandhoven

Gemeente: Zandhoven
Gesprekspartners:
Chloë de Wit, strateeg energietransitie
Datum: 2 juni 2025
Interviewer: Tom Visser

1. Verkenning

Tom: Hoe staat het met de warmtetransitie?

Chloë: Het college is terughoudend. Er is weinig draagvlak voor de aanpak van ’s-Gravenweg.

Chloë: De CO₂-uitstoot van het gemeentehuis daalt wel, dankzij zonnepanelen.
"""

CASES = """\
gemeente,provincie,inwoners,aandeel_huur,koploper,vastgesteld,speerpunten
Kleidorp,Zeeland,24500,0.35,ja,2024-05-01,vastgoed;warmte
Zandhoven,Noord-Brabant,61200,0.5,nee,2023-11-15,participatie
"""

PROJECT_MEMO = "Eerste ronde: vier gesprekken, twee coders.\nLet op ’s-Gravenweg."
DOCUMENT_MEMO = "Noëlle was erg stellig over het CO₂-doel 👍"
CODE_MEMO = "Overweeg te splitsen: budget voor vastgoed én voor warmte."
CODING_MEMO = "Mooi citaat voor het rapport (CO₂ + 👍)."


@dataclass(frozen=True)
class Built:
    """The GUIDs and offsets a test asserts on."""

    kleidorp: str
    zandhoven: str
    double_span: tuple[int, int]  # in Kleidorp, coded with ambitie.co2 and geld.slim by different coders
    memo_coding: str  # the coding that carries CODING_MEMO


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def build_exchange_project(root: Path) -> Built:
    """Create and code the project at root (which must not exist yet)."""
    sources = root.parent / "bronnen"
    sources.mkdir(parents=True, exist_ok=True)
    (sources / "kleidorp.txt").write_text(KLEIDORP, encoding="utf-8")
    (sources / "zandhoven.txt").write_text(ZANDHOVEN, encoding="utf-8")
    (root.parent / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root.parent / "gemeenten.csv").write_text(CASES, encoding="utf-8")
    with Project.init(root, name="Warmte en vastgoed – ronde 1", default_coder="sanne") as project:
        project.load_codebook(root.parent / "codeboek.yaml")
        report = project.import_transcripts([sources])
        assert not report.failed, [r.error for r in report.failed]
        project.load_cases(root.parent / "gemeenten.csv")
        guids = {d.source_name: d.guid for d in project.documents()}
        kleidorp, zandhoven = guids["kleidorp.txt"], guids["zandhoven.txt"]
        k_text, z_text = project.document_text(kleidorp), project.document_text(zandhoven)

        goal = _span(k_text, "De raad heeft een CO₂-doel vastgesteld: 55% minder in 2030. Dat vinden wij 👍")
        project.apply_coding(kleidorp, *goal, "ambitie.co2", "sanne")
        project.apply_coding(kleidorp, *goal, "geld.slim", "tom")  # the same span: one selection, two codings
        budget = project.apply_coding(kleidorp, *_span(k_text, "Voor de sporthal is er geen budget."), "geld.budget",
                                      "tom")
        project.apply_coding(kleidorp, *_span(k_text, "De wethouder’s prioriteit ligt bij woningbouw."),
                             "ambitie.draagvlak", "anouk")
        memo_coding = project.apply_coding(kleidorp, *_span(k_text, "Dat scheelt 👍👍 geld en gedoe."), "geld.slim",
                                           "sanne")
        project.apply_coding(kleidorp, *_span(k_text, "We combineren onderhoud"), "geld", "sanne")  # a theme
        project.apply_coding(zandhoven, *_span(z_text, "weinig draagvlak voor de aanpak van ’s-Gravenweg"),
                             "ambitie.draagvlak", "tom")
        project.apply_coding(zandhoven, *_span(z_text, "De CO₂-uitstoot van het gemeentehuis daalt wel"),
                             "ambitie.co2", "anouk")

        project.set_memo("project", "", PROJECT_MEMO, "sanne")
        project.set_memo("document", kleidorp, DOCUMENT_MEMO, "tom")
        project.set_memo("code", "geld.budget", CODE_MEMO, "anouk")
        project.set_coding_memo(memo_coding.guid, CODING_MEMO, "sanne")
        assert budget.selection_guid != memo_coding.selection_guid
    return Built(kleidorp, zandhoven, goal, memo_coding.guid)
