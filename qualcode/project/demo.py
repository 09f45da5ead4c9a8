"""The demo: a fresh project built from the example that ships with qualcode, coded in part by two coders."""

from __future__ import annotations

import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import qualcode
from qualcode.domain.errors import ProjectError
from qualcode.domain.keywords import KeywordMatcher
from qualcode.nlp.pipeline import Lemmatiser
from qualcode.project.core import Project

INTERVIEWERS = ("Sanne Bakker", "Tom de Wit", "Lotte Visser")
FIRST_CODER, SECOND_CODER = "sanne", "tom"
# The second coder double-codes this many documents, so that agreement has material.
DOUBLE_CODED = 4
MAX_CODES_PER_SENTENCE = 2


def example_project_dir() -> Path:
    """Return the folder with the example transcripts, codebooks and cases.csv (installed or in a checkout)."""
    package = Path(qualcode.__file__).parent
    for candidate in (package / "example_project", package.parent):
        if (candidate / "transcripts").is_dir() and (candidate / "cases.csv").is_file():
            return candidate
    raise ProjectError("the example project is missing from this installation",
                       hint="reinstall qualcode, or run from a checkout of its repository")


def build_demo(target: Path, on_step: Callable[[str], None] = lambda _: None) -> Project:
    """Create the demo project in target (which must not be a project yet) and return it open."""
    source = example_project_dir()
    target = target.resolve()
    if target.exists() and any(target.iterdir()):
        raise ProjectError("the demo folder exists and is not empty", file=str(target),
                           hint="choose a new folder: 'qualcode demo DIR'")
    project = Project.init(target, name="Voorbeeldstudie verduurzaming gemeenten", default_coder=FIRST_CODER,
                           interviewers=INTERVIEWERS, classifications=("houding",))
    try:
        for folder in ("transcripts", "codebooks"):
            shutil.copytree(source / folder, target / folder, dirs_exist_ok=True)
        shutil.copy2(source / "cases.csv", target / "cases.csv")
        codebook_file = sorted((target / "codebooks").glob("*.yaml"))[0]
        load = project.load_codebook(codebook_file)
        on_step(f"codebook {codebook_file.name}: {len(load.added)} codes and themes")
        cases = project.load_cases(target / "cases.csv")
        on_step(f"cases.csv: {cases.added} cases")
        report = project.import_transcripts([target / "transcripts"])
        words = f"{report.words:,}".replace(",", ".")
        on_step(f"transcripts: {report.count('imported')} imported, {words} words")
        for result in report.results:
            for warning in result.warnings:
                on_step(f"  warning {result.path.name}: {warning}")
        if report.failed:
            raise ProjectError("the example transcripts did not all import: "
                               + "; ".join(r.error or "" for r in report.failed))
        counts = code_demo(project)
        on_step(", ".join(f"{coder}: {n} codings" for coder, n in counts.items()))
    except BaseException:
        project.close()
        raise
    return project


def code_demo(project: Project) -> dict[str, int]:
    """Code respondent sentences by codebook keywords: the first coder everything, the second a few documents.

    The second coder deliberately differs (skips some passages, codes some whole turns), as two people do.
    """
    lemmatiser = Lemmatiser()
    codebook = project.codebook()
    matcher = KeywordMatcher((c.key, [lemmatiser.lemmatise_words(k) for k in c.keywords])
                             for c in codebook.codes if c.type)
    counts = {FIRST_CODER: 0, SECOND_CODER: 0}
    for index, document in enumerate(project.documents()):
        turns = [t for t in project.turns(document.guid) if not t["is_interviewer"]]
        for start, end, lemmas in project.sentences(document.guid):
            turn = next((t for t in turns if t["start"] <= start and end <= t["end"]), None)
            if turn is None:
                continue
            for code_key in matcher.match(lemmas)[:MAX_CODES_PER_SENTENCE]:
                project.apply_coding(document.guid, start, end, code_key, FIRST_CODER)
                counts[FIRST_CODER] += 1
                if index >= DOUBLE_CODED:
                    continue
                roll = zlib.crc32(f"{document.source_name}:{start}:{code_key}".encode()) % 10
                if roll == 0:
                    continue
                span_start, span_end = (turn["start"], turn["end"]) if roll == 1 else (start, end)
                project.apply_coding(document.guid, span_start, span_end, code_key, SECOND_CODER)
                counts[SECOND_CODER] += 1
    return counts
