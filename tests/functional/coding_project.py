"""A small coded project for the coding API tests: a codebook, three transcripts (one without a case), cases."""

from __future__ import annotations

from pathlib import Path

from qualcode.project import Project

CODEBOOK = """\
name: Coderen
codes:
  - id: ambitie
    name: Ambitie en beleid
    children:
      - id: ambitie.routekaart
        name: Vastgestelde routekaart geeft richting
        type: opportunity
        children:
          - id: ambitie.routekaart.raad
            name: De raad stelt vast
            type: opportunity
      - id: ambitie.draagvlak
        name: Gebrek aan bestuurlijk draagvlak
        type: barrier
  - id: geld
    name: Financiën
    children:
      - id: geld.budget
        name: Geen budget
        type: belemmering
"""

WESTERBROEK = """\
Interviewverslag - Gemeente Westerbroek

Gemeente: Westerbroek
Gesprekspartners:
Marieke de Vries, beleidsadviseur duurzaamheid
Rick Jansen, projectleider vastgoed
Datum: 11 april 2025
Interviewer: Sanne Bakker

1. Ambities

Sanne: Hoe zou je de ambitie van de gemeente omschrijven?

Marieke: De raad heeft in 2023 een routekaart vastgesteld. Dat geeft ons richting.

Rick: Voor de sporthal hebben wij geen budget. De wethouder kijkt vooral naar de kosten.

2. Financiën

Sanne: Is er structureel geld?

Rick: Er is geen structureel geld. Alle gemeenten worstelen daarmee.
"""

HOOGVEEN = """\
---
gemeente: Hoogveen
gesprekspartner: Els Verhoef
functie: beleidsmedewerker energie
datum: 3 maart 2025
interviewer: Tom de Wit
---

## 1. Verkenning

I: Wil je jezelf even voorstellen?

R: Ik ben Els Verhoef. Onze gemeente heeft geen routekaart. Het college wil eerst vaststellen wat het kost.

I: En het budget?

R: Er is geen geld voor verduurzaming.
"""

NOTITIE = """\
Aantekeningen

R: De routekaart kwam ook ter sprake bij de regio.
"""

CASES = """\
gemeente,provincie,inwoners,g40,regio,speerpunten
Westerbroek,Groningen,58400,ja,Noord,vastgoed;samenwerking
Hoogveen,Drenthe,9500,nee,Noord,warmte;participatie
"""


def build_project(root: Path) -> Path:
    """Create the project at root: import, load the codebook and cases; notitie.txt is left without a case."""
    for name, text in (("westerbroek.txt", WESTERBROEK), ("hoogveen.md", HOOGVEEN), ("notitie.txt", NOTITIE)):
        (root.parent / "bron").mkdir(parents=True, exist_ok=True)
        (root.parent / "bron" / name).write_text(text, encoding="utf-8")
    (root.parent / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    (root.parent / "cases.csv").write_text(CASES, encoding="utf-8")
    with Project.init(root, name="Coderen") as project:
        report = project.import_transcripts([root.parent / "bron"])
        assert not report.failed, [r.error for r in report.failed]
        project.load_codebook(root.parent / "codeboek.yaml")
        project.load_cases(root.parent / "cases.csv")
        # Every import gets a case (from its header or file name); a document without one exists only in older or
        # merged projects, so the test makes one directly.
        with project.store.transaction():
            project.store.conn.execute("UPDATE documents SET case_id = NULL WHERE source_name = 'notitie.txt'")
    return root


def guid_of(project: Project, source_name: str) -> str:
    return next(d.guid for d in project.documents() if d.source_name == source_name)


def span(project: Project, guid: str, phrase: str) -> tuple[int, int]:
    """Return the offsets of the first occurrence of phrase in a document's text."""
    start = project.document_text(guid).index(phrase)
    return start, start + len(phrase)
