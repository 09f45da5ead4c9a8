"""The hand-coded suggestions fixture (tests/functional/test_suggestions.py has the sentences and the scores counted
by hand): two Dutch interviews, a codebook whose keywords are a compound part, a phrase, a wildcard, a regular
expression and a code's name."""

from __future__ import annotations

from pathlib import Path

from qualcode.project import Project

HOOGVEEN = """Gemeente: Hoogveen
Gesprekspartner: An Smit
Functie: beleidsadviseur duurzaamheid
Interviewer: Pieter Bakker

Pieter: Hoe kijkt u naar de subsidies en het structureel budget?

An: De rijkssubsidie voor het gemeentehuis hielp ons enorm. Er is geen structureel budget voor onderhoud. \
Het geld raakt op.

Pieter: En de netcongestie? Is er een tekort, moest u bezuinigen?

An: De netcongestie remt alles. We staan op de wachtlijst voor een aansluiting. We moesten bezuinigen op personeel. \
Daardoor ontstond een tekort aan mensen.
"""
LINDEDAM = """Gemeente: Lindedam
Gesprekspartner: Rick Jansen
Functie: wethouder
Interviewer: Pieter Bakker

Pieter: Hoe staat het ervoor?

Rick: De gemeenten werkten samen aan een subsidie voor scholen. Het tekort blijft.
"""
CODEBOOK = """codes:
  - id: financiering
    name: Financiering
    children:
      - id: financiering.subsidie
        name: Subsidie helpt
        type: opportunity
        keywords: [subsidie, "structureel budget"]
      - id: financiering.tekort
        name: Geldtekort
        type: barrier
        keywords: [tekort, "bezuinig*"]
  - id: netcongestie
    name: Netcongestie
    type: barrier
    keywords: ["/wachtlijst(en)? voor (een )?aansluiting/"]
"""
CODER = "lies"
SENTENCES = ("De rijkssubsidie voor het gemeentehuis hielp ons enorm.", "Er is geen structureel budget voor onderhoud.",
             "Het geld raakt op.", "De netcongestie remt alles.", "We staan op de wachtlijst voor een aansluiting.",
             "We moesten bezuinigen op personeel.", "Daardoor ontstond een tekort aan mensen.")


def build(root: Path) -> Project:
    """The project with both interviews and the codebook loaded (no suggestions yet)."""
    project = Project.init(root, name="Suggestiestudie")
    (root / "transcripts" / "hoogveen.txt").write_text(HOOGVEEN, encoding="utf-8")
    (root / "transcripts" / "lindedam.txt").write_text(LINDEDAM, encoding="utf-8")
    (root / "codebooks" / "basis.yaml").write_text(CODEBOOK, encoding="utf-8")
    assert not project.import_transcripts([root / "transcripts"]).failed
    project.load_codebook(root / "codebooks" / "basis.yaml")
    return project
