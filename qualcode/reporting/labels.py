"""The words reports use, in Dutch (the default) and English: headings, type names in the plural, attribution."""

from __future__ import annotations

from qualcode.reporting.wording import join_names

__all__ = ["SIZE_ATTRIBUTIVE", "TYPE_HEADINGS", "WORDS", "join_names", "type_heading", "word"]

# Plural headings per code type; a declared type not listed here gets its label with a capital.
TYPE_HEADINGS = {
    "nl": {"barrier": "Belemmeringen", "opportunity": "Kansen", "condition": "Randvoorwaarden",
           "tactic": "Tactieken", "success_factor": "Succesfactoren", "recommendation": "Aanbevelingen"},
    "en": {"barrier": "Barriers", "opportunity": "Opportunities", "condition": "Conditions",
           "tactic": "Tactics", "success_factor": "Success factors", "recommendation": "Recommendations"},
}

WORDS = {
    "nl": {
        "synthesis": "Synthese", "appendix": "Bijlagen", "case_report": "Gemeenteprofielen", "case_noun": "gemeenten",
        "case_noun_one": "gemeente", "respondent": "respondent", "no_case": "(geen gemeente)", "unknown": "onbekend",
        "and": "en", "such_as": "zoals", "more_often": "Vaker genoemd in", "than_in": "dan in",
        "code": "Code", "definition": "Definitie", "codings": "Coderingen", "cases": "Gemeenten",
        "respondents": "Gesprekspartner(s)", "function": "Functie", "date": "Datum", "case": "Gemeente",
        "total": "n van N", "of": "van",
    },
    "en": {
        "synthesis": "Synthesis", "appendix": "Appendices", "case_report": "Case profiles",
        "case_noun": "municipalities",
        "case_noun_one": "municipality", "respondent": "respondent", "no_case": "(no municipality)",
        "unknown": "unknown", "and": "and", "such_as": "such as", "more_often": "Mentioned more often in",
        "than_in": "than in", "code": "Code", "definition": "Definition", "codings": "Codings",
        "cases": "Municipalities", "respondents": "Interviewee(s)", "function": "Position", "date": "Date",
        "case": "Municipality", "total": "n of N", "of": "of",
    },
}

# Attributive forms for "{grootteklasse} gemeente": "een middelgrote gemeente", not "een middelgroot gemeente".
SIZE_ATTRIBUTIVE = {"nl": {"klein": "kleine", "middelgroot": "middelgrote", "groot": "grote"},
                    "en": {"klein": "small", "middelgroot": "medium-sized", "groot": "large"}}


def type_heading(type_key: str, label: str, lang: str) -> str:
    return TYPE_HEADINGS.get(lang, TYPE_HEADINGS["nl"]).get(type_key, label[:1].upper() + label[1:])


def word(key: str, lang: str) -> str:
    return WORDS.get(lang, WORDS["nl"])[key]
