"""A fictional study of 1, 2, 4 or 9 gemeenten for the synthesis tests: interviews with civil servants about
their public buildings, a codebook with barriers, an opportunity and a condition in two themes, and codings by two
coders (sanne and tom). Which gemeente mentions what is fixed, so that every count and list is known:

    code                      gemeenten (in this order of the study)
    vastgoed.netcongestie     all of them (Oudeberg twice)
    vastgoed.budget           all but Zuidhaven and Kleidorp
    organisatie.capaciteit    Zuidhaven (a fragment coded by sanne, the whole sentence by tom)
    vastgoed.dumava           Kleidorp, Veenmeer
    organisatie.mandaat       Dijkwaard, Oudeberg, Rietvelde
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualcode.project import Project

GEMEENTEN = ("Zuidhaven", "Kleidorp", "Veenmeer", "Dijkwaard", "Oudeberg", "Rietvelde", "Wolderhoven", "Haarzijl",
             "Brugmond")
INWONERS = (21_500, 48_000, 12_800, 112_000, 36_400, 9_900, 67_300, 150_200, 27_600)
PEOPLE = (("Ilse Vermeulen", "beleidsadviseur duurzaamheid"), ("Ruud Kramer", "projectleider vastgoed"),
          ("Naima Ouali", "adviseur energie"), ("Bart Lindeman", "programmamanager warmtetransitie"),
          ("Femke Hoogland", "beleidsmedewerker vastgoed"), ("Joris van Dam", "wethouder duurzaamheid"),
          ("Saskia Post", "strategisch adviseur"), ("Mehmet Yilmaz", "projectleider energie"),
          ("Lotte Smeets", "beleidsadviseur klimaat"))

CODEBOOK = """\
name: Maatschappelijk vastgoed
codes:
  - id: vastgoed
    name: Maatschappelijk vastgoed
    children:
      - id: vastgoed.netcongestie
        name: Netcongestie remt elektrificatie
        type: barrier
        description: Het volle stroomnet houdt het elektrificeren van gebouwen tegen.
      - id: vastgoed.budget
        name: Geen structureel budget
        type: barrier
        description: Er is geen vast budget voor het verduurzamen van gemeentelijke gebouwen.
      - id: vastgoed.dumava
        name: DUMAVA-subsidie als vliegwiel
        type: opportunity
        description: De DUMAVA-subsidie maakt projecten mogelijk die anders bleven liggen.
  - id: organisatie
    name: Eigen organisatie
    children:
      - id: organisatie.capaciteit
        name: Te weinig capaciteit
        type: barrier
        description: Er zijn te weinig mensen om de opgave uit te voeren.
      - id: organisatie.mandaat
        name: Helder mandaat
        type: condition
        description: Ambtenaren weten wat ze zonder nieuw besluit mogen doen.
"""

# Per code: the question, the coded sentence (with {g} for the gemeente) and the sentences around it.
PASSAGES = {
    "vastgoed.netcongestie": (
        "Hoe staat het met het aardgasvrij maken van de gebouwen?",
        "Daar zijn we wel mee bezig.",
        "De netbeheerder zegt dat een zwaardere aansluiting voor de sporthal in {g} pas over drie jaar kan.",
        "Dus blijft de gasketel voorlopig hangen."),
    "vastgoed.budget": (
        "Is daar geld voor?",
        "Dat is het lastige.",
        "Er staat geen structureel bedrag op de begroting, dus elk project moet apart langs de raad.",
        "Dat kost veel tijd."),
    "organisatie.capaciteit": (
        "Wie doet dat werk bij u?",
        "Eerlijk gezegd weinig mensen.",
        "We hebben gewoon te weinig mensen om alle gebouwen langs te gaan, dus het schuift steeds op.",
        "Inhuur is duur en ook schaars."),
    "vastgoed.dumava": (
        "Gebruikt u subsidies?",
        "Ja, zeker.",
        "Met de DUMAVA-subsidie konden we in {g} het zwembad en twee scholen tegelijk aanpakken.",
        "Zonder die regeling was dat niet gelukt."),
    "organisatie.mandaat": (
        "Hoeveel ruimte krijgt u van het college?",
        "Die ruimte is er.",
        "Het college heeft vastgelegd dat we binnen de routekaart zelf mogen beslissen over maatregelen.",
        "Dat scheelt een hoop vergaderen."),
}
SECOND_NETCONGESTIE = ("En het gemeentehuis?", "Hetzelfde verhaal, helaas.",
                       "Ook voor het gemeentehuis van {g} is er simpelweg geen ruimte op het net.",
                       "We wachten af.")


def mentions(gemeente: str) -> list[str]:
    """The codes this gemeente mentions, in the order of the interview."""
    codes = ["vastgoed.netcongestie"]
    if gemeente not in ("Zuidhaven", "Kleidorp"):
        codes.append("vastgoed.budget")
    if gemeente == "Zuidhaven":
        codes.append("organisatie.capaciteit")
    if gemeente in ("Kleidorp", "Veenmeer"):
        codes.append("vastgoed.dumava")
    if gemeente in ("Dijkwaard", "Oudeberg", "Rietvelde"):
        codes.append("organisatie.mandaat")
    return codes


def transcript(index: int) -> str:
    gemeente = GEMEENTEN[index]
    person, role = PEOPLE[index]
    first = person.split()[0]
    lines = [f"Interviewverslag - Gemeente {gemeente}", "", f"Gemeente: {gemeente}", "Gesprekspartner(s):",
             f"{person}, {role}", f"Datum: {index + 3} april 2025", "Interviewer: Pieter Hoekstra", "",
             "1. Verkenning context en ambities", ""]
    turns = [PASSAGES[code] for code in mentions(gemeente)]
    if gemeente == "Oudeberg":
        turns.insert(1, SECOND_NETCONGESTIE)
    for question, before, coded, after in turns:
        lines += [f"Pieter: {question}", "", f"{first}: {before} {coded.format(g=gemeente)} {after}", ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Coding:
    gemeente: str
    code: str
    coder: str
    guid: str
    text: str


def build(root: Path, count: int, *, name: str = "Vastgoedstudie Noord") -> Path:
    """A project of the first `count` gemeenten, every mention coded by sanne and (the same sentence) by tom."""
    source = root.parent / f"bron-{root.name}"
    source.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (source / f"{GEMEENTEN[index].lower()}.txt").write_text(transcript(index), encoding="utf-8")
    (root.parent / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    rows = ["gemeente,provincie,inwoners"] + [f"{GEMEENTEN[i]},Friesland,{INWONERS[i]}" for i in range(count)]
    (root.parent / "cases.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with Project.init(root, name=name) as project:
        report = project.import_transcripts([source])
        assert not report.failed, [r.error for r in report.failed]
        project.load_codebook(root.parent / "codeboek.yaml")
        project.load_cases(root.parent / "cases.csv")
        for document in project.documents():
            text = project.document_text(document.guid)
            gemeente = document.case_name or ""
            for code in mentions(gemeente):
                sentences = [PASSAGES[code][2]] + ([SECOND_NETCONGESTIE[2]] if gemeente == "Oudeberg" and
                                                   code == "vastgoed.netcongestie" else [])
                for sentence in sentences:
                    whole = sentence.format(g=gemeente)
                    start = text.index(whole)
                    if code == "organisatie.capaciteit":  # sanne codes a fragment, tom the whole sentence
                        fragment = "te weinig mensen"
                        at = text.index(fragment, start)
                        project.apply_coding(document.guid, at, at + len(fragment), code, "sanne")
                    else:
                        project.apply_coding(document.guid, start, start + len(whole), code, "sanne")
                    project.apply_coding(document.guid, start, start + len(whole), code, "tom")
    return root


def codings(project: Project, code: str) -> list[Coding]:
    """The codings of a code with their gemeente and text."""
    return [Coding(entry.case or "", entry.code, entry.coder, entry.coding_guid, entry.text)
            for entry in project.coding_entries(code=code)]
