"""What an anonymised report replaces and checks, built from a project: people's names, the study's gemeenten (by
name, without "'s-", under an alias), every other Dutch place ("[plaats]", domain.places), and the leak check, whose
message says which name it found, where, where that name comes from and how to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qualcode.domain.errors import ProjectError, shorten
from qualcode.domain.names import case_key, clean_case_name, place_variants, strip_accents

if TYPE_CHECKING:
    from qualcode.analysis import CodedCorpus
    from qualcode.domain.places import PlaceFinder
    from qualcode.project.config import ProjectConfig
    from qualcode.reporting.anonymise import Anonymiser, Leak
    from qualcode.storage.store import Store

_PLACE_ENDINGS = ("s", "se", "er", "ers")  # 'Westerbroeks', 'Westerbroekse', 'Westerbroeker(s)'
_SHOWN_LEAKS = 3
# Header rows of qualcode's own tables: a Markdown header row (the line above |---|) and HTML <th> cells.
_MARKDOWN_HEADER = re.compile(r"^\|.*\|[ \t]*\n(?=\|[ \t:|-]*-[ \t:|-]*\|?[ \t]*$)", re.MULTILINE)
_HTML_HEADER = re.compile(r"<th\b[^>]*>.*?</th>|<caption\b[^>]*>.*?</caption>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Anonymisers:
    """What an anonymised report replaces and checks."""

    people: Anonymiser
    places: Anonymiser  # the study's gemeenten: scrubs quotes, memos, definitions and functions ('Westerbroekse' too)
    place_check: Anonymiser  # the same names, less those that are also values a report shows (provincie Utrecht)
    other_places: PlaceFinder  # every other Dutch gemeente and province, in any form: "[plaats]"
    sources: dict[str, str] = field(default_factory=dict)  # a name as searched → where it comes from
    fixes: dict[str, str] = field(default_factory=dict)  # a name as searched → how to stop it matching
    own_words: frozenset[str] = frozenset()  # casefolded labels of qualcode's own tables (column headers)
    key: tuple[Anonymiser, ...] = ()  # the pseudonym key's entries not ignored, each form to its own replacement

    def scrub_people(self, text: str) -> str:
        """Text with the key's forms replaced as the key says (R3, Gemeente B, [organisatie]), then every other
        known person's name as "[naam]"."""
        for anonymiser in self.key:
            text = anonymiser.anonymise(text)
        return self.people.anonymise(text)

    def scrub_places(self, text: str) -> str:
        """Text with the study's gemeenten as "[gemeente]" and other Dutch places as "[plaats]"."""
        return self.other_places.replace(self.places.anonymise(text))

    def check(self, text: str, what: str) -> None:
        """Stop the export (ProjectError) when a person or a gemeente of the study is still named in the text.

        A word of qualcode's own table headers ('Gemeente', 'Functie') is no name where it heads a column.
        """
        headers = [match.span() for pattern in (_MARKDOWN_HEADER, _HTML_HEADER) for match in pattern.finditer(text)]
        key_leaks = [leak for anonymiser in self.key for leak in anonymiser.find_leaks(text)]
        leaks = [leak for leak in self.people.find_leaks(text) + self.place_check.find_leaks(text) + key_leaks
                 if not (leak.found.casefold() in self.own_words and _inside(leak, text, headers))]
        if not leaks:
            return
        leaks.sort(key=lambda leak: leak.line)
        shown = [f"{self._describe(leak)} as '{leak.found}' on line {leak.line} ({shorten(leak.context, 80)})"
                 for leak in leaks[:_SHOWN_LEAKS]]
        more = f"; and {len(leaks) - _SHOWN_LEAKS} more" if len(leaks) > _SHOWN_LEAKS else ""
        first = leaks[0]
        fix = self.fixes.get(first.names[0] if first.names else first.found, "")
        raise ProjectError(
            "the anonymised report would still name " + "; ".join(shown) + more, file=what,
            hint="nothing was written. Where the name is meant, take it out of the text that holds it (a memo, a "
                 "code's definition, a section title or your template) or code a passage without it"
                 + (f"; where '{first.found}' means something else, {fix}" if fix else "") + ", then export again")

    def _describe(self, leak: Leak) -> str:
        owner = leak.names[0] if leak.names else leak.found
        return f"'{owner}' ({self.sources[owner]})" if owner in self.sources else f"'{owner}'"


def _inside(leak: Leak, text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether the leak lies in one of the spans (found by its line and context, as Leak carries no offset)."""
    line_start = 0
    for _ in range(leak.line - 1):
        line_start = text.index("\n", line_start) + 1
    line_end = text.find("\n", line_start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    at = line.find(leak.found)
    while at >= 0:
        offset = line_start + at
        if any(start <= offset < end for start, end in spans):
            return True
        at = line.find(leak.found, at + 1)
    return False


def known_people(corpus: CodedCorpus, config: ProjectConfig, metadata_interviewers: list[str]
                 ) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Every person's name an anonymised report must not show, with where each comes from and how to stop a
    false match."""
    sources: dict[str, str] = {}
    fixes: dict[str, str] = {}
    for name in config.anonymise_names:
        sources.setdefault(name, "listed under [report] anonymise_names in qualcode.toml")
        fixes.setdefault(name, f"correct or remove '{name}' under [report] anonymise_names in qualcode.toml")
    for name in config.interviewers:
        sources.setdefault(name, "an interviewer under [project] interviewers in qualcode.toml")
        fixes.setdefault(name, "rephrase the text: an interviewer's first name and surname are always replaced")
    for name in metadata_interviewers:
        sources.setdefault(name, "an interviewer named in a transcript's header")
    for document in corpus.documents:
        for name, _, _ in document.participants:
            sources.setdefault(name, f"a participant in '{shorten(document.title, 50)}'")
            fixes.setdefault(name, "rephrase the text, or correct the name in that transcript's header and import "
                                   "it again")
    names = sorted(name for name in sources if name.strip())
    return names, sources, fixes


def case_places(corpus: CodedCorpus, config: ProjectConfig) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """The study's gemeenten as a text may name them, with where each form comes from and how to stop a false match.

    An alias counts without a 'Gemeente' in front of it: "Gemeente Westerbroek" makes 'Westerbroek', never
    'Gemeente', a name to look for.
    """
    names: dict[str, None] = {}
    sources: dict[str, str] = {}
    fixes: dict[str, str] = {}
    aliases = config.case_aliases
    for case in corpus.cases:
        key = case_key(case.name, aliases)
        own = {alias: alias_of for alias, alias_of in aliases.items() if case_key(alias_of, aliases) == key}
        for alias in own:
            shown = clean_case_name(alias) or alias
            names[shown] = None
            sources.setdefault(shown, f"an alias of the gemeente '{case.name}' under [cases.aliases] in qualcode.toml")
            fixes.setdefault(shown, f"rename or remove the alias \"{alias}\" under [cases.aliases] in qualcode.toml")
        spelled = {_spelling(alias) for alias in own}
        for variant in place_variants(case.name, aliases):
            if _spelling(variant) in spelled:
                continue  # the alias as written above, not in place_variants' lower case
            names[variant] = None
            sources.setdefault(variant, f"a gemeente of this study{'' if variant == case.name else f', {case.name}'}")
            fixes.setdefault(variant, f"rename the gemeente ('qualcode cases rename \"{case.name}\" …') or rephrase "
                                      "the text")
    return list(names), sources, fixes


def _spelling(name: str) -> str:
    return " ".join(re.sub(r"[-_]", " ", strip_accents(name)).casefold().split())


def anonymisers(store: Store, config: ProjectConfig, corpus: CodedCorpus) -> Anonymisers:
    from qualcode.domain.places import PlaceFinder
    from qualcode.reporting.anonymise import Anonymiser
    from qualcode.reporting.labels import WORDS
    from qualcode.storage.documents import documents

    metadata_interviewers = [name for document in documents(store)
                             for name in document.metadata.get("interviewers", [])]
    people, people_sources, people_fixes = known_people(corpus, config, metadata_interviewers)
    places, place_sources, place_fixes = case_places(corpus, config)
    key, key_sources, key_fixes, stay = key_anonymisers(store)
    # A gemeente that shares its name with a value the report may show (provincie Groningen, regio Utrecht) cannot
    # be told apart from that value: such names are scrubbed from texts but do not stop the export.
    shown = {*config.compare_by, *config.anonymous_attributes, *config.classifications}
    values = {label.casefold() for case in corpus.cases for name in shown for label in case.labels(name)}
    own_words = {label.casefold() for words in WORDS.values() for label in words.values()}
    own_words |= {name.casefold() for case in corpus.cases for name in case.attributes}
    own_words |= {"totaal", "total", "interviews"}
    return Anonymisers(
        people=Anonymiser(people),
        places=Anonymiser(places, placeholder="[gemeente]", suffixes=_PLACE_ENDINGS, whole_names=True),
        place_check=Anonymiser([place for place in places if place.casefold() not in values],
                               placeholder="[gemeente]", suffixes=_PLACE_ENDINGS, whole_names=True),
        other_places=PlaceFinder(leave=[*places, *stay]),
        sources={**key_sources, **place_sources, **people_sources}, fixes={**key_fixes, **place_fixes, **people_fixes},
        own_words=frozenset(own_words), key=key)


def key_anonymisers(store: Store) -> tuple[tuple[Anonymiser, ...], dict[str, str], dict[str, str], list[str]]:
    """The pseudonym key as anonymisers (people by every form of their name, other kinds as written), where each
    entry comes from and how to let it stay, and the forms the researcher let stay (ignored: 'Den Haag')."""
    from qualcode.reporting.anonymise import Anonymiser
    from qualcode.storage.pseudonyms import entries

    kept = [record.state for record in entries(store) if record.state.status != "ignored"]
    stay = [record.state.real for record in entries(store) if record.state.status == "ignored"]
    sources = {state.real: f"in the pseudonym key: {state.kind}, {state.status}" for state in kept}
    fixes = {state.real: f"let it stay with 'qualcode pseudonyms ignore \"{state.real}\"'" for state in kept}
    # People by every form of their name, places with their endings, the rest as written and in any case (an e-mail
    # address or an organisation in lower case is still one).
    groups: dict[tuple[bool, tuple[str, ...], bool], dict[str, str]] = {}
    for state in kept:
        endings = _PLACE_ENDINGS if state.kind == "place" else ("s",)
        any_case = state.kind in ("organisation", "email", "phone", "postcode")
        groups.setdefault((state.kind != "person", endings, any_case), {})[state.real] = state.replacement
    key = tuple(Anonymiser(list(replacements), whole_names=whole, suffixes=endings, replacements=replacements,
                           match_lowercase=any_case)
                for (whole, endings, any_case), replacements in sorted(groups.items()))
    return key, sources, fixes, stay
