"""A fictional study of any number of gemeenten (5 to 120) and codes (up to 40), for the heat map and the English
code names: short interviews in which gemeente g mentions code c a known number of times (mentions(g, c)), every
mention coded by one coder. Names are made of Dutch-sounding parts, none of them a real gemeente.

    python -m tests.functional.heat_project DIR GEMEENTEN CODES   builds one for looking at (DIR must not exist)
"""

from __future__ import annotations

import sys
from pathlib import Path

from qualcode.project import Project

_FRONT = ("Wester", "Ooster", "Noorder", "Zuider", "Hoog", "Laag", "Linde", "Amstel", "Vlie", "Bree", "Eike",
          "Mols", "Heer", "Wolde", "Kreek", "Beuke", "Esse", "Haze", "Vossen", "Groen", "Klaver", "Riet")
_BACK = ("broek", "veen", "haven", "waard", "dorp", "hoven", "akker", "wijk", "horst", "rade", "moer", "zande")
_TYPES = ("barrier", "opportunity", "condition")
_THEMES = (("vastgoed", "Maatschappelijk vastgoed", "Public buildings"),
           ("organisatie", "Eigen organisatie", "Own organisation"),
           ("netwerk", "Samenwerking in de regio", "Regional cooperation"),
           ("geld", "Financiering en subsidies", "Funding and grants"))
_SUBJECTS = (("netcongestie", "Netcongestie remt elektrificatie", "Grid congestion slows electrification"),
             ("budget", "Geen structureel budget", "No structural budget"),
             ("capaciteit", "Te weinig ambtelijke capaciteit", "Too few civil servants"),
             ("dumava", "DUMAVA-subsidie als vliegwiel", "DUMAVA grant as a catalyst"),
             ("mandaat", "Helder mandaat van het college", "A clear mandate from the executive"),
             ("wijkaanpak", "Wijkaanpak met bewoners", "Working with residents per neighbourhood"),
             ("onderhoud", "Verduurzamen bij groot onderhoud", "Making buildings sustainable at major maintenance"),
             ("kennis", "Kennis delen tussen gemeenten", "Sharing knowledge between municipalities"),
             ("aanbesteding", "Trage aanbestedingen", "Slow tendering"),
             ("monitoring", "Geen zicht op energiegebruik", "No view of energy use"))


def gemeenten(count: int) -> list[str]:
    """count distinct fictional gemeente names."""
    return [f"{_FRONT[i % len(_FRONT)]}{_BACK[(i // len(_FRONT) + i) % len(_BACK)]}" for i in range(count)]


def code_keys(count: int) -> list[str]:
    return [f"{_THEMES[j % len(_THEMES)][0]}.{_SUBJECTS[j % len(_SUBJECTS)][0]}{j // len(_SUBJECTS) or ''}"
            for j in range(count)]


def mentions(g: int, c: int) -> int:
    """How often gemeente g mentions code c (0 to 4): a pattern with some empty and some busy cells."""
    return max(0, (g * 7 + c * 3 + g * c) % 9 - 4)


def codebook(codes: int, *, english: bool = True) -> str:
    """The codebook YAML: four themes, codes of the three types; with english, every code and theme has name_en,
    and every code a description in both languages."""
    lines = ["name: Vastgoedstudie heatmap", "codes:"]
    keys = code_keys(codes)
    for theme, name, name_en in _THEMES:
        lines += [f"  - id: {theme}", f"    name: {name}"] + ([f"    name_en: {name_en}"] if english else [])
        lines.append("    children:")
        for j, key in enumerate(keys):
            if not key.startswith(theme + "."):
                continue
            _, subject, subject_en = _SUBJECTS[j % len(_SUBJECTS)]
            suffix = f" ({j // len(_SUBJECTS) + 1})" if j >= len(_SUBJECTS) else ""
            lines += [f"      - id: {key}", f"        name: {subject}{suffix}", f"        type: {_TYPES[j % 3]}"]
            if english:
                lines += [f"        name_en: {subject_en}{suffix}",
                          f"        description: Wat de gemeente zegt over {subject.lower()}.",
                          f"        description_en: What the municipality says about {subject_en.lower()}."]
    return "\n".join(lines) + "\n"


def transcript(name: str, g: int, codes: int) -> str:
    lines = [f"Interviewverslag - Gemeente {name}", "", f"Gemeente: {name}", "Gesprekspartner(s):",
             "Ilse Vermeulen, beleidsadviseur duurzaamheid", "Datum: 3 april 2025", "Interviewer: Pieter Hoekstra",
             ""]
    for c in range(codes):
        for time in range(mentions(g, c)):
            lines += ["Pieter: Hoe gaat dat bij u?", "",
                      f"Ilse: Over onderwerp {c + 1} zeg ik voor de {time + 1}e keer iets in {name}. "
                      "Dat blijft lastig.",
                      ""]
    return "\n".join(lines)


def build(root: Path, count: int, codes: int, *, english: bool = True) -> Path:
    """A project of count gemeenten and codes codes, every mention coded by sanne."""
    names = gemeenten(count)
    source = root.parent / f"bron-{root.name}"
    source.mkdir(parents=True, exist_ok=True)
    for g, name in enumerate(names):
        (source / f"{name.lower()}.txt").write_text(transcript(name, g, codes), encoding="utf-8")
    (root.parent / "codeboek.yaml").write_text(codebook(codes, english=english), encoding="utf-8")
    rows = ["gemeente,provincie"] + [f"{name},{'Drenthe' if g % 2 else 'Overijssel'}" for g, name in enumerate(names)]
    (root.parent / "cases.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    keys = code_keys(codes)
    with Project.init(root, name="Vastgoedstudie heatmap") as project:
        report = project.import_transcripts([source])
        assert not report.failed, [r.error for r in report.failed]
        project.load_codebook(root.parent / "codeboek.yaml")
        project.load_cases(root.parent / "cases.csv")
        for document in project.documents():
            text = project.document_text(document.guid)
            name = document.case_name or ""
            g = names.index(name)
            for c, key in enumerate(keys):
                for time in range(mentions(g, c)):
                    sentence = f"Over onderwerp {c + 1} zeg ik voor de {time + 1}e keer iets in {name}."
                    start = text.index(sentence)
                    project.apply_coding(document.guid, start, start + len(sentence), key, "sanne")
    return root


if __name__ == "__main__":
    build(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
