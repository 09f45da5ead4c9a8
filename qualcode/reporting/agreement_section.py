"""Bijlage F's agreement between coders: the figures project/agreement.py computed once per report, worded in Dutch
or English (the measure, the unit, percent agreement, Cohen's kappa and Krippendorff's alpha pooled over codes, with
and without the units neither coder coded, the shared documents and units), and the disagreements per code as a
table; or, when agreement could not be determined, the reason. An anonymised report names no coder: coders are
often the interviewers, as in the paragraph on who coded (build_appendix.methods)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qualcode.domain.agreement import Figure, Measures
from qualcode.reporting.contexts import Table
from qualcode.reporting.formatting import nl_int, nl_num, pct
from qualcode.reporting.wording import count_of, count_phrase, join_names, lang_of

# Why agreement was not determined.
FEWER_THAN_TWO = "fewer_than_two"
NOTHING_SHARED = "nothing_shared"

UNIT_NOUNS = {"nl": {"sentence": ("zin", "zinnen"), "turn": ("spreekbeurt", "spreekbeurten"),
                     "document": ("document", "documenten")},
              "en": {"sentence": ("sentence", "sentences"), "turn": ("turn", "turns"),
                     "document": ("document", "documents")}}


@dataclass(frozen=True)
class CodeDisagreements:
    name: str
    only_first: int
    only_second: int


@dataclass(frozen=True)
class UnitDisagreement:
    """A unit the two coders coded differently, as Bijlage F may list it: codes by name in the report's language."""

    document: str  # title
    case: str | None
    number: int  # the unit's place in its document, from 1
    text: str
    first_codes: tuple[str, ...]
    second_codes: tuple[str, ...]


@dataclass(frozen=True)
class AppendixAgreement:
    """Two coders' agreement as Bijlage F states it; figures None with a reason when it was not determined."""

    coders: tuple[str, ...]  # the coders compared (two), or the project's coders when not determined
    all_coders: int  # how many coders the report's codings have
    unit: str = "sentence"
    documents: int = 0
    units: int = 0
    coded_units: int = 0
    all_units_measures: Measures | None = None
    coded_units_measures: Measures | None = None
    per_code: tuple[CodeDisagreements, ...] = ()
    reason: str = ""
    consensus: tuple[str, ...] = ()  # the report's coders that are a consensus review's coder (settled differences)
    units_listed: tuple[UnitDisagreement, ...] = ()  # every unit they differ on, when [report] disagreements asks


def _names(agreement: AppendixAgreement, lang: str, anonymise: bool) -> tuple[str, str]:
    if anonymise:
        return ("codeur A", "codeur B") if lang == "nl" else ("coder A", "coder B")
    return agreement.coders[0], agreement.coders[1]


def _figure(figure: Figure, lang: str, *, percent: bool = False) -> str:
    if figure.value is None:
        return "niet te bepalen" if lang == "nl" else "not defined"
    return pct(figure.value, 1, lang) if percent else nl_num(figure.value, 3, lang)


def agreement_paragraphs(agreement: AppendixAgreement | None, lang: str, *, anonymise: bool) -> list[str]:
    """Bijlage F's sentences on agreement between coders."""
    lang = lang_of(lang)
    nl = lang == "nl"
    if agreement is None:  # not computed (a caller that does not ask)
        return ["De overeenstemming tussen codeurs is voor dit rapport niet bepaald." if nl else
                "Agreement between coders has not been determined for this report."]
    if agreement.all_units_measures is None or agreement.coded_units_measures is None:
        if agreement.reason == NOTHING_SHARED:
            who = "" if anonymise else f" ({join_names(agreement.coders[:2], lang)})"
            return [f"De overeenstemming tussen codeurs is voor dit rapport niet bepaald: de twee codeurs{who} "
                    "hebben geen enkel document allebei gecodeerd." if nl else
                    f"Agreement between coders has not been determined for this report: the two coders{who} have "
                    "not coded any document in common."]
        count = agreement.all_coders
        return [f"De overeenstemming tussen codeurs is voor dit rapport niet bepaald: daarvoor zijn twee codeurs "
                f"nodig, en de coderingen zijn van {count_of(count, 'coder', lang)}." if nl else
                f"Agreement between coders has not been determined for this report: that takes two coders, and the "
                f"codings are by {count_of(count, 'coder', lang)}."]
    first, second = _names(agreement, lang, anonymise)
    singular, plural = UNIT_NOUNS[lang][agreement.unit]
    units = count_phrase(agreement.units, singular, plural, lang)
    documents = count_phrase(agreement.documents, "document", "documenten" if nl else "documents", lang)
    every, coded = agreement.all_units_measures, agreement.coded_units_measures
    paragraphs = []
    if agreement.all_coders > 2:
        chosen = "" if anonymise else f" ({join_names(agreement.coders, lang)})"
        paragraphs.append(f"De coderingen zijn van {count_of(agreement.all_coders, 'coder', lang)}; de "
                          f"overeenstemming is bepaald tussen de eerste twee op naam{chosen}." if nl else
                          f"The codings are by {count_of(agreement.all_coders, 'coder', lang)}; agreement was "
                          f"determined between the first two by name{chosen}.")
    if nl:
        paragraphs.append(
            f"Overeenstemming tussen codeurs: {first} en {second} codeerden allebei {documents} ({units}). Eenheid: "
            f"de {singular}; een {singular} draagt een code voor een codeur wanneer een codering van die codeur "
            f"ermee overlapt. Over alle codes samen (elke code × {singular} één beslissing): percentage "
            f"overeenstemming {_figure(every.percent, lang, percent=True)}, Cohens kappa "
            f"{_figure(every.kappa, lang)}, Krippendorffs alfa (nominaal) {_figure(every.alpha, lang)}. Zonder de "
            f"{plural} die geen van beiden codeerde ({nl_int(agreement.coded_units, lang)} {plural} over): "
            f"{_figure(coded.percent, lang, percent=True)}, kappa {_figure(coded.kappa, lang)}, alfa "
            f"{_figure(coded.alpha, lang)}.")
    else:
        paragraphs.append(
            f"Agreement between coders: {first} and {second} both coded {documents} ({units}). Unit: the "
            f"{singular}; a {singular} carries a code for a coder when one of that coder's codings overlaps it. "
            f"Over all codes pooled (each code × {singular} one decision): percent agreement "
            f"{_figure(every.percent, lang, percent=True)}, Cohen's kappa {_figure(every.kappa, lang)}, "
            f"Krippendorff's alpha (nominal) {_figure(every.alpha, lang)}. Without the {plural} neither coder coded "
            f"({nl_int(agreement.coded_units, lang)} {plural} left): {_figure(coded.percent, lang, percent=True)}, "
            f"kappa {_figure(coded.kappa, lang)}, alpha {_figure(coded.alpha, lang)}.")
    return paragraphs


def disagreements_table(agreement: AppendixAgreement | None, lang: str, *, anonymise: bool) -> Table | None:
    """The number of units per code that only one of the two coders gave it; None when not determined."""
    if agreement is None or agreement.all_units_measures is None:
        return None
    lang = lang_of(lang)
    first, second = _names(agreement, lang, anonymise)
    plural = UNIT_NOUNS[lang][agreement.unit][1]
    rows = [[code.name, nl_int(code.only_first, lang), nl_int(code.only_second, lang),
             nl_int(code.only_first + code.only_second, lang)]
            for code in agreement.per_code if code.only_first or code.only_second]
    if not rows:
        return None
    if lang == "nl":
        return Table(f"Verschillen tussen de codeurs per code (aantal {plural})",
                     ["Code", f"alleen {first}", f"alleen {second}", "totaal"], rows)
    return Table(f"Disagreements between the coders per code (number of {plural})",
                 ["Code", f"only {first}", f"only {second}", "total"], rows)


def disagreement_units_table(agreement: AppendixAgreement | None, lang: str, *, anonymise: bool,
                             hide: Callable[[str], str], case_label: Callable[[str], str],
                             case_order: Callable[[str], tuple[int, str]]) -> Table | None:
    """Every unit the two coders coded differently, with its text and both coders' codes ([report] disagreements);
    anonymised, a unit is named by its gemeente's label and its text as quotes are (hide), never by the title."""
    if agreement is None or not agreement.units_listed:
        return None
    lang = lang_of(lang)
    first, second = _names(agreement, lang, anonymise)
    singular = UNIT_NOUNS[lang][agreement.unit][0]
    none = "–"
    rows = []
    units = agreement.units_listed
    if anonymise:  # in the order of the labels: the titles' order would tell which label is which gemeente
        units = tuple(sorted(units, key=lambda u: (case_order(u.case) if u.case else (0, ""), u.number)))
    for unit in units:
        where = (case_label(unit.case) if unit.case else none) if anonymise else unit.document
        rows.append([where, nl_int(unit.number, lang), hide(unit.text) if anonymise else unit.text,
                     "; ".join(unit.first_codes) or none, "; ".join(unit.second_codes) or none])
    if lang == "nl":
        return Table(f"Elke {singular} die de codeurs verschillend codeerden",
                     ["Gemeente" if anonymise else "Document", singular.capitalize(), "Tekst", first, second], rows)
    return Table(f"Every {singular} the coders coded differently",
                 ["Municipality" if anonymise else "Document", singular.capitalize(), "Text", first, second], rows)
