"""Two laptop copies of one fictional project for the merge tests: Sanne and Youssef copied the project after the
transcripts, codebook and cases were loaded, and each worked on their own copy.

Sanne codes, renames one code, moves another under a new theme she adds, writes a memo on a code and one on the
project. Youssef codes (also the passage with the typo), corrects the typo 'warmtenet' in Dalmersum after Sanne coded
it, writes a document memo and his own project memo, and changes the case attribute 'houding' of Dalmersum.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import itertools
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qualcode.project import Project

CODEBOOK = """\
name: Warmte in kleine kernen
codes:
  - id: beleid
    name: Beleid en ambitie
    children:
      - id: beleid.visie
        name: Transitievisie warmte vastgesteld
        type: opportunity
      - id: beleid.capaciteit
        name: Te weinig ambtelijke capaciteit
        type: barrier
  - id: geld
    name: Geld
    children:
      - id: geld.subsidie
        name: Afhankelijk van subsidie
        type: barrier
      - id: geld.begroting
        name: Geen ruimte in de begroting
        type: barrier
  - id: inwoners
    name: Inwoners
    children:
      - id: inwoners.initiatief
        name: Bewonersinitiatief neemt de leiding
        type: opportunity
      - id: inwoners.zorgen
        name: Zorgen over kosten bij inwoners
        type: barrier
"""

# Sanne's edit of the codebook: inwoners.zorgen renamed, beleid.capaciteit moved under a new theme 'organisatie'
# (with a new code of its own); ids stay, GUIDs come from the project.
CODEBOOK_SANNE = CODEBOOK.replace("Zorgen over kosten bij inwoners", "Inwoners vrezen hogere woonlasten").replace(
    """      - id: beleid.capaciteit
        name: Te weinig ambtelijke capaciteit
        type: barrier
""", "") + """\
  - id: organisatie
    name: Organisatie van de gemeente
    children:
      - id: beleid.capaciteit
        name: Te weinig ambtelijke capaciteit
        type: barrier
      - id: organisatie.samenwerking
        name: Samenwerking tussen afdelingen loopt stroef
        name_en: Departments do not work together
        keywords: [afdelingen, langs elkaar heen]
        type: barrier
"""

DALMERSUM = """\
Interviewverslag - Gemeente Dalmersum

Gemeente: Dalmersum
Gesprekspartners:
Ingrid de Wit, beleidsmedewerker duurzaamheid
Datum: 3 september 2025
Interviewer: Sanne Kuipers

1. Warmte

Sanne: Waar staat Dalmersum met de warmtetransitie?

Ingrid: De transitievisie warmte is in maart door de raad vastgesteld.

Sanne: En de uitvoering?

Ingrid: Tja, we zijn met z'n tweeën, dus het gaat langzaam.

Sanne: Hoe zit het met het geld?

Ingrid: Zonder de SPUK-regeling kunnen we niets.

Sanne: Zijn er ook lichtpuntjes?

Ingrid: In Oudewater-Noord wil een bewonerscoöperatie zelf een warmtnet aanleggen, dat loopt best goed.

Sanne: En de andere kernen?

Ingrid: Mensen zijn bang dat hun energierekening omhoog gaat. Dat hoor je op elke avond.
"""

TERWOLDE = """\
Interviewverslag - Gemeente Terwolde-Ambt

Gemeente: Terwolde-Ambt
Gesprekspartners:
Bart Jansen, wethouder
Datum: 10 september 2025
Interviewer: Youssef El Idrissi

1. Uitvoering

Youssef: Wat gaat er goed?

Bart: De dorpsraad van Wijhe-Oost heeft een eigen energieplan gemaakt. Daar sluiten wij nu bij aan.

Youssef: En wat lukt niet?

Bart: Afdelingen werken langs elkaar heen. Ruimte en duurzaamheid zitten niet aan één tafel.

Youssef: En het geld?

Bart: Het blijft lastig, want zonder rijksgeld geen wijkaanpak.
"""

# Youssef's own interview, imported on his laptop only.
HOEKSMEER = """\
Interviewverslag - Gemeente Hoeksmeer

Gemeente: Hoeksmeer
Gesprekspartners:
Mirjam Bouzid, programmamanager energietransitie
Datum: 17 september 2025
Interviewer: Youssef El Idrissi

1. Samenwerking

Youssef: Hoe werken jullie samen met de buurgemeenten?

Mirjam: We delen een energieloket met twee buurgemeenten. Dat scheelt ons veel werk.
"""

CASES = """\
gemeente,provincie,inwoners,houding
Dalmersum,Utrecht,21400,afwachtend
Terwolde-Ambt,Gelderland,33900,actief
"""

TYPO, FIXED = "een warmtnet aanleggen", "een warmtenet aanleggen"


# Every module that stamps a time with the store's now(); the clock below replaces it in each of them.
_STAMPING = ("qualcode.storage.store", "qualcode.storage.codings", "qualcode.storage.memos",
             "qualcode.storage.documents", "qualcode.storage.versions", "qualcode.project.versions")


@contextlib.contextmanager
def working_day(day: str) -> Iterator[None]:
    """Stamp every change made inside with a moment of this (fictional) day, a minute apart: 'newest' is then
    decided by who worked later, not by which test line ran in the same second."""
    minutes = itertools.count()
    start = dt.datetime.fromisoformat(f"{day}T09:00:00+00:00")

    def fake_now() -> str:
        return (start + dt.timedelta(minutes=next(minutes))).isoformat()

    from qualcode.storage import store

    real = store.now
    modules = [importlib.import_module(name) for name in _STAMPING]
    modules += [m for m in list(sys.modules.values()) if getattr(m, "__name__", "").startswith("qualcode.")
                and getattr(m, "now", None) is real and m not in modules]
    for module in modules:
        module.now = fake_now  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in modules:
            module.now = real  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Copies:
    base: Path
    sanne: Path
    youssef: Path


def build_base(folder: Path) -> Path:
    """The shared project: two interviews, the codebook and the cases; nobody has coded yet."""
    sources = folder / "bronnen"
    sources.mkdir(parents=True, exist_ok=True)
    (sources / "dalmersum.txt").write_text(DALMERSUM, encoding="utf-8")
    (sources / "terwolde-ambt.txt").write_text(TERWOLDE, encoding="utf-8")
    (folder / "codeboek.yaml").write_text(CODEBOOK, encoding="utf-8")
    (folder / "gemeenten.csv").write_text(CASES, encoding="utf-8")
    root = folder / "basis"
    with Project.init(root, name="Warmte kleine kernen") as project:
        report = project.import_transcripts([sources])
        assert not report.failed, [r.error for r in report.failed]
        project.load_codebook(folder / "codeboek.yaml")
        project.load_cases(folder / "gemeenten.csv")
        project.set_memo("code", "geld", "Financiën: nog uitzoeken.", "basis")
    return root


def code(project: Project, source: str, phrase: str, code_key: str, coder: str) -> str:
    """Code the first occurrence of phrase; return the coding's GUID."""
    guid = next(d.guid for d in project.documents() if d.source_name == source)
    start = project.document_text(guid).index(phrase)
    return project.apply_coding(guid, start, start + len(phrase), code_key, coder).guid


def work_of_sanne(root: Path, folder: Path) -> None:
    with Project.open(root) as project:
        code(project, "dalmersum.txt", "De transitievisie warmte is in maart door de raad vastgesteld.",
             "beleid.visie", "sanne")
        code(project, "dalmersum.txt", "wil een bewonerscoöperatie zelf een warmtnet aanleggen", "inwoners.initiatief",
             "sanne")
        code(project, "dalmersum.txt", "Mensen zijn bang dat hun energierekening omhoog gaat.", "inwoners.zorgen",
             "sanne")
        (folder / "codeboek-sanne.yaml").write_text(CODEBOOK_SANNE, encoding="utf-8")
        project.load_codebook(folder / "codeboek-sanne.yaml", coder="sanne")
        code(project, "terwolde-ambt.txt", "Afdelingen werken langs elkaar heen.", "organisatie.samenwerking", "sanne")
        project.set_memo("code", "inwoners.zorgen", "Vaak genoemd op informatieavonden; let op woonlasten.", "sanne")
        project.set_memo("project", "", "Sanne: eerste ronde Dalmersum gecodeerd.", "sanne")
        project.set_memo("code", "geld", "Financiën: SPUK en eigen middelen.", "sanne")


def work_of_youssef(root: Path, folder: Path) -> None:
    with Project.open(root) as project:
        code(project, "dalmersum.txt", "we zijn met z'n tweeën, dus het gaat langzaam", "beleid.capaciteit", "youssef")
        code(project, "dalmersum.txt", "Zonder de SPUK-regeling kunnen we niets.", "geld.subsidie", "youssef")
        code(project, "terwolde-ambt.txt", "De dorpsraad van Wijhe-Oost heeft een eigen energieplan gemaakt.",
             "inwoners.initiatief", "youssef")
        code(project, "terwolde-ambt.txt", "zonder rijksgeld geen wijkaanpak", "geld.subsidie", "youssef")
        corrected = folder / "dalmersum-gecorrigeerd" / "dalmersum.txt"
        corrected.parent.mkdir(exist_ok=True)
        corrected.write_text(DALMERSUM.replace(TYPO, FIXED), encoding="utf-8")
        project.replace_document("dalmersum.txt", corrected, coder="youssef")
        code(project, "dalmersum.txt", "bewonerscoöperatie zelf een warmtenet aanleggen", "inwoners.initiatief",
             "youssef")
        dalmersum = next(d.guid for d in project.documents() if d.source_name == "dalmersum.txt")
        project.set_memo("document", dalmersum, "Ingrid noemde de SPUK twee keer; navragen welke ronde.", "youssef")
        project.set_memo("project", "", "Youssef: Terwolde-Ambt klaar, Dalmersum half.", "youssef")
        (folder / "gemeenten-youssef.csv").write_text(CASES.replace("21400,afwachtend", "21400,actief"),
                                                      encoding="utf-8")
        project.load_cases(folder / "gemeenten-youssef.csv", coder="youssef")
        project.set_memo("code", "geld", "Financiën: SPUK; rijksgeld ontbreekt.", "youssef")
        own = folder / "youssef-bronnen" / "hoeksmeer.txt"
        own.parent.mkdir(exist_ok=True)
        own.write_text(HOEKSMEER, encoding="utf-8")
        assert not project.import_transcripts([own], coder="youssef").failed
        code(project, "hoeksmeer.txt", "We delen een energieloket met twee buurgemeenten.", "beleid.capaciteit",
             "youssef")


def build_copies(folder: Path) -> Copies:
    """The base project, then two copies of its folder, each with its researcher's work."""
    with working_day("2025-09-01"):
        base = build_base(folder)
    sanne, youssef = folder / "laptop-sanne", folder / "laptop-youssef"
    shutil.copytree(base, sanne)
    shutil.copytree(base, youssef)
    with working_day("2025-09-08"):
        work_of_sanne(sanne, folder)
    with working_day("2025-09-10"):
        work_of_youssef(youssef, folder)
    return Copies(base, sanne, youssef)


def coding_rows(root: Path) -> list[tuple[str, str, str, str, str]]:
    """(GUID, document, coded text, code id, coder) of every coding, sorted: what 'nothing lost or doubled' compares."""
    with Project.open(root) as project:
        rows = [(c.guid, c.document_guid, project.document_text(c.document_guid)[c.start:c.end], c.code_key, c.coder)
                for c in project.codings()]
    return sorted(rows)
