"""A double-coded project for the agreement tests: three fictional interviews with Dutch municipalities; anouk and
bram both coded Lindewaard and Oosterveld, with overlapping but different spans; only anouk coded Zuidhoek."""

from __future__ import annotations

from pathlib import Path

from qualcode.project import Project

CODEBOOK = """\
name: Warmtetransitie
codes:
  - id: beleid
    name: Beleid
    children:
      - id: beleid.visie
        name: Vastgestelde warmtevisie
        type: opportunity
  - id: geld
    name: Financiën
    children:
      - id: geld.budget
        name: Geen budget
        type: barrier
  - id: inwoners
    name: Inwoners
    children:
      - id: inwoners.wantrouwen
        name: Wantrouwen bij inwoners
        type: barrier
      - id: inwoners.participatie
        name: Participatie van inwoners
        type: opportunity
"""

LINDEWAARD = """\
Interviewverslag - Gemeente Lindewaard

Gemeente: Lindewaard
Gesprekspartners:
Fenna Mulder, beleidsadviseur energie
Datum: 4 juni 2025
Interviewer: Joost Smit

1. Warmte

Joost: Hoe staat het met de warmtevisie?

Fenna: De warmtevisie is vorig jaar vastgesteld. De raad steunt het plan. Wij hebben geen budget voor de uitvoering.

Joost: En de inwoners?

Fenna: Inwoners zijn wantrouwig na de discussie over aardgas. Er komt een wijkbus in elke kern.
"""

OOSTERVELD = """\
Interviewverslag - Gemeente Oosterveld

Gemeente: Oosterveld
Gesprekspartners:
Daan Visser, projectleider warmte
Datum: 12 juni 2025
Interviewer: Joost Smit

1. Geld

Joost: Is er geld voor de wijkaanpak?

Daan: Er is geen structureel geld. Het Rijk geeft alleen eenmalige subsidies. Dat maakt plannen lastig.

Joost: Doen inwoners mee?

Daan: Een bewonersgroep denkt mee over de eerste wijk. Sommige inwoners vertrouwen de gemeente niet.
"""

ZUIDHOEK = """\
Interviewverslag - Gemeente Zuidhoek

Gemeente: Zuidhoek
Gesprekspartners:
Lotte Bos, wethouder duurzaamheid
Datum: 19 juni 2025
Interviewer: Joost Smit

1. Beleid

Joost: Heeft Zuidhoek een warmtevisie?

Lotte: De warmtevisie komt volgend jaar. Eerst praten we met de dorpen.
"""

# (document, coder, phrase, code): each coding spans exactly the phrase's first occurrence.
CODINGS = (
    ("lindewaard.txt", "anouk", "De warmtevisie is vorig jaar vastgesteld.", "beleid.visie"),
    ("lindewaard.txt", "bram", "warmtevisie is vorig jaar vastgesteld. De raad steunt", "beleid.visie"),
    ("lindewaard.txt", "anouk", "geen budget", "geld.budget"),
    ("lindewaard.txt", "bram", "Wij hebben geen budget voor de uitvoering.", "geld.budget"),
    ("lindewaard.txt", "anouk", "Inwoners zijn wantrouwig", "inwoners.wantrouwen"),
    ("lindewaard.txt", "bram", "Er komt een wijkbus", "inwoners.participatie"),
    ("oosterveld.txt", "anouk", "geen structureel geld", "geld.budget"),
    ("oosterveld.txt", "bram", "Het Rijk geeft alleen eenmalige subsidies.", "geld.budget"),
    ("oosterveld.txt", "anouk", "Een bewonersgroep denkt mee", "inwoners.participatie"),
    ("oosterveld.txt", "bram", "Een bewonersgroep denkt mee over de eerste wijk.", "inwoners.participatie"),
    ("oosterveld.txt", "anouk", "inwoners vertrouwen de gemeente niet", "inwoners.wantrouwen"),
    ("oosterveld.txt", "bram", "Sommige inwoners vertrouwen de gemeente niet.", "inwoners.wantrouwen"),
    ("zuidhoek.txt", "anouk", "De warmtevisie komt volgend jaar.", "beleid.visie"),
)


def build(root: Path, codings: tuple[tuple[str, str, str, str], ...] = CODINGS) -> Path:
    """Create the project at root with the three interviews, the codebook and the codings."""
    sources = root.parent / "interviews"
    sources.mkdir(parents=True, exist_ok=True)
    for name, text in (("lindewaard.txt", LINDEWAARD), ("oosterveld.txt", OOSTERVELD), ("zuidhoek.txt", ZUIDHOEK)):
        (sources / name).write_text(text, encoding="utf-8")
    (root.parent / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    with Project.init(root, name="Warmte") as project:
        report = project.import_transcripts([sources])
        assert not report.failed, [r.error for r in report.failed]
        project.load_codebook(root.parent / "codeboek.yaml")
        guids = {d.source_name: d.guid for d in project.documents()}
        for source, coder, phrase, code in codings:
            start = project.document_text(guids[source]).index(phrase)
            project.apply_coding(guids[source], start, start + len(phrase), code, coder)
    return root
