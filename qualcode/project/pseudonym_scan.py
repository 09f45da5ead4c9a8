"""What a scan offers the pseudonym key: the project's own people (participants, interviewers, qualcode.toml's
names), the finder's candidates in every document's text (qualcode.nlp.name_finder), optionally deduce's persons,
each with where it was found and how often; and the passages that mention a real form, for reviewing it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.domain.errors import ProjectError, shorten
from qualcode.domain.names import fold_same_length, place_variants
from qualcode.project.config import ProjectConfig
from qualcode.storage import cases as case_sql
from qualcode.storage import documents as document_sql
from qualcode.storage.store import Store

if TYPE_CHECKING:
    from qualcode.nlp.name_finder import Finding

DEFAULT_REPLACEMENTS = {"person": "[naam]", "place": "[plaats]", "organisation": "[organisatie]",
                        "email": "[e-mail]", "phone": "[telefoonnummer]", "postcode": "[postcode]"}
MAX_ORGANISATIONS_BYTES = 1_000_000
_CONTEXT = 40


@dataclass
class Candidate:
    """A real form a scan offers the key, with its counts per document title."""

    real: str
    kind: str
    source: str
    confirmed: bool  # the project's own people: known to be names
    found_in: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Mention:
    """A passage that names a real form: the document, the offsets and the words around them."""

    document_guid: str
    document_title: str
    start: int
    end: int
    before: str
    found: str
    after: str


def organisations(config: ProjectConfig, root: Path) -> list[str]:
    """The organisations of [anonymise] organisations and organisations_file (one a line, # for comments)."""
    names = list(config.organisations)
    if config.organisations_file:
        path = root / config.organisations_file
        try:
            raw = path.read_bytes()[:MAX_ORGANISATIONS_BYTES]
        except OSError:
            raise ProjectError("the organisations file cannot be read", file=str(path),
                               hint="fix [anonymise] organisations_file in qualcode.toml, or create the file "
                                    "(one organisation a line)") from None
        text = raw.decode("utf-8", errors="replace")
        names += [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(dict.fromkeys(name for name in names if name.strip()))


def known_people(store: Store, config: ProjectConfig) -> dict[str, str]:
    """The project's own people: real name → where it comes from."""
    people: dict[str, str] = {}
    for name in config.anonymise_names:
        people.setdefault(name, "qualcode.toml [report] anonymise_names")
    for name in config.interviewers:
        people.setdefault(name, "interviewer (qualcode.toml)")
    for document in document_sql.documents(store):
        for name in document.metadata.get("interviewers", []):
            people.setdefault(str(name), f"interviewer of '{shorten(document.title, 40)}'")
        for participant in document_sql.participants(store, document.guid):
            name = participant["name"]
            if name and name.strip():
                role = "interviewer" if participant["is_interviewer"] else "participant"
                people.setdefault(name, f"{role} in '{shorten(document.title, 40)}'")
    return {" ".join(name.split()): source for name, source in people.items() if name.strip()}


def study_places(store: Store, config: ProjectConfig) -> list[str]:
    """The study's own gemeenten as a text names them: an anonymised report calls them 'Gemeente A', not '[plaats]'."""
    names: list[str] = []
    for case in case_sql.cases(store):
        names += place_variants(case["name"], config.case_aliases)
    names += [alias for alias in config.case_aliases]
    return names


def candidates(store: Store, config: ProjectConfig, root: Path, *, deep: bool = False) -> list[Candidate]:
    """Every candidate of every document's current text, the project's own people first."""
    from qualcode.domain.places import PlaceFinder
    from qualcode.nlp.name_finder import PERSON, NameFinder
    from qualcode.reporting.anonymise import Anonymiser

    people = known_people(store, config)
    known = Anonymiser(list(people))
    known_forms = set(known.forms)
    own_places = study_places(store, config)
    finder = NameFinder(organisations=organisations(config, root), places=PlaceFinder(leave=own_places),
                        not_names=[*own_places, *(f"gemeente {place}" for place in own_places)])
    found = {_fold(name): Candidate(name, PERSON, source, True) for name, source in people.items()}
    deep_finder = _deep_finder() if deep else None
    for document in document_sql.documents(store):
        text = document_sql.document_text(store, document.guid)
        title = document.title
        for leak in known.find_leaks(text):
            for owner in leak.names[:1]:
                found[_fold(owner)].found_in[title] += 1
        findings = [(finding, "scan") for finding in finder.find(text)]
        if deep_finder is not None:
            findings += [(extra, "deduce") for extra in deep_finder(text) if not any(
                known.start < extra.end and extra.start < known.end for known, _ in findings)]
        for finding, source in findings:
            key = _fold(finding.real)
            if key in known_forms and key not in found:
                continue  # part of a participant's name ('Marloes' of 'Marloes de Vries'): counted above
            candidate = found.setdefault(key, Candidate(finding.real, finding.kind, source, False))
            candidate.found_in[title] += 1
    return list(found.values())


def _deep_finder() -> Callable[[str], list[Finding]]:
    from qualcode.nlp.deep_names import deep_person_finder

    return deep_person_finder()


def _fold(text: str) -> str:
    return " ".join(fold_same_length(text).lower().replace("-", " ").split())


def mentions(store: Store, real: str, limit: int = 50) -> list[Mention]:
    """The passages of every document that name real (whole words, in any case, with a possessive s)."""
    words = [re.escape(word) for word in _fold(real).split()]
    if not words:
        return []
    regex = re.compile(r"(?<!\w)" + r"[-\s]+".join(words) + r"s?(?!\w)", re.IGNORECASE)
    found: list[Mention] = []
    for document in document_sql.documents(store):
        text = document_sql.document_text(store, document.guid)
        for start, end in _spans(regex, text):
            before = " ".join(text[max(0, start - _CONTEXT):start].split())
            after = " ".join(text[end:end + _CONTEXT].split())
            found.append(Mention(document.guid, document.title, start, end, before, text[start:end], after))
            if len(found) >= limit:
                return found
    return found


def _spans(regex: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    folded = fold_same_length(text)  # same offsets
    for match in regex.finditer(folded):
        yield match.span()
