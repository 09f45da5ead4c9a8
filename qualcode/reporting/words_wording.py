"""How `qualcode words` and the report's words section read, in Dutch (default) and English: column headers and the
sentence that says what was counted and compared.

Kept apart from reporting/wording.py on purpose: that module imports qualcode.analysis (and so pandas, ~0.4 s), which
`qualcode words` otherwise never needs. A group's label in English (ja/nee, onbekend, size classes) is still
wording.group_label's, imported only for English.
"""

from __future__ import annotations

WORD_COLUMNS = {"nl": {"group": "groep", "case": "gemeente", "code": "code", "rol": "rol", "word": "woord",
                       "count": "aantal", "per_thousand": "per 1.000", "rest": "in de rest",
                       "general": "alg. NL per mld.", "g2": "G²", "log_ratio": "log-ratio",
                       "words": "woorden"},
                "en": {"group": "group", "case": "municipality", "code": "code", "rol": "role", "word": "word",
                       "count": "count", "per_thousand": "per 1,000", "rest": "in the rest",
                       "general": "Dutch per bn", "g2": "G²", "log_ratio": "log ratio",
                       "words": "words"}}


def word_column(name: str, lang: str = "nl") -> str:
    """A header of a words table; an attribute's own name otherwise ('grootteklasse' in English: 'size class', as
    reporting.wording.attribute_name says)."""
    english = lang == "en"
    return WORD_COLUMNS["en" if english else "nl"].get(name) or ("size class" if english and name == "grootteklasse"
                                                                   else name)


def keyness_sentence(against: str | None, speaker: str, min_count: int, threshold: float | None,
                     lang: str = "nl", *, bonferroni: bool = False) -> str:
    """How a words table was made, in one sentence a reader can check."""
    en = lang == "en"
    who = {"respondent": ("respondenten", "respondents"), "interviewer": ("de interviewer", "the interviewer"),
           "all": ("alle sprekers", "all speakers")}[speaker][en]
    if against is None:
        return (f"Most frequent lemmas in what {who} said (at least {min_count}×), without stop words and names."
                if en else
                f"Meest gebruikte lemma's in wat {who} zeiden (minstens {min_count}×), zonder stopwoorden en namen.")
    other = {"rest": ("de rest van de gesprekken", "the rest of the interviews"),
             "general": ("algemeen Nederlands (wordfreq)", "general Dutch (wordfreq)")}[against][en]
    bound = "" if threshold is None else f", G² ≥ {threshold:.2f}".replace(".", "." if en else ",")
    if bonferroni:
        bound = ", p < 0.05 (Bonferroni)" if en else ", p < 0,05 (Bonferroni)"
    return (f"Words that stand out against {other} in what {who} said: log-likelihood (G²) and log ratio, at least "
            f"{min_count}×{bound}; without stop words and names." if en else
            f"Woorden die opvallen tegenover {other} in wat {who} zeiden: log-likelihood (G²) en log-ratio, minstens "
            f"{min_count}×{bound}; zonder stopwoorden en namen.")


def group_label(by: str, value: str, lang: str = "nl") -> str:
    """A group as a table names it: reporting.wording.group_label in English; as it is in Dutch."""
    if lang != "en":
        return value
    from qualcode.reporting.wording import group_label as label_in

    return label_in(by, value, lang)
