"""The one owner of how generated sentences read, in Dutch (default) and English: counts with the right noun,
example lists ("zoals" only for a partial list), the 'mentioned in' line of a code and the summary line of a type.

Rules (pinned by tests/functional/test_synthesis_wording.py):
- A count agrees with its noun: "1 thema", "2 thema's", "1 codeur", "3 codeurs"; "1 van 4" stays a count.
- Small counts in running text are words ("de vijf belemmeringen"); counts in parentheses stay digits.
- A list of gemeenten is introduced with "zoals"/"such as" only when it is partial. A complete list follows a colon,
  a single gemeente stands in parentheses ("Genoemd in één gemeente (Zuidhaven)"), and no list is given when
  every gemeente is meant.
- A type's summary says how many gemeenten named at least one code of the type, then how many codes follow:
  "Alle 9 gemeenten noemden ten minste één belemmering; hieronder de vijf belemmeringen."
Also the headers of `qualcode words` tables and the sentence that says what was counted and compared. Importing this
module loads no pandas (qualcode.analysis loads the quantifiers alone), so `qualcode words` may use it.
"""

from __future__ import annotations

from collections.abc import Sequence

from qualcode.analysis import DEFAULT_THRESHOLDS, QuantifierThresholds, describe_count, quantifier_key
from qualcode.reporting.formatting import nl_int

NUMBER_WORDS = {
    "nl": ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
}
CASE_NOUNS = {"nl": ("gemeente", "gemeenten"), "en": ("municipality", "municipalities")}
MAX_EXAMPLES = 3  # a list of more gemeenten than this is cut to the first three, with "zoals"

# Nouns the reports count, (singular, plural) per language.
NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "nl": {"interview": ("interview", "interviews"), "case": CASE_NOUNS["nl"], "coder": ("codeur", "codeurs"),
           "code": ("code", "codes"), "theme": ("thema", "thema's"), "coding": ("codering", "coderingen"),
           "quote": ("citaat", "citaten")},
    "en": {"interview": ("interview", "interviews"), "case": CASE_NOUNS["en"], "coder": ("coder", "coders"),
           "code": ("code", "codes"), "theme": ("theme", "themes"), "coding": ("coding", "codings"),
           "quote": ("quote", "quotes")},
}


def lang_of(lang: str) -> str:
    return "en" if lang == "en" else "nl"


def number_word(n: int, lang: str) -> str:
    """'vijf' for 5 (up to twelve), digits beyond: how a report writes a count in running text."""
    words = NUMBER_WORDS[lang_of(lang)]
    return words[n] if 0 <= n < len(words) else nl_int(n, lang_of(lang))


def count_phrase(n: int, singular: str, plural: str, lang: str = "nl", *, spelled: bool = False) -> str:
    """'1 thema', '2 thema's' (or 'twee thema's' when spelled): the noun agrees with the count."""
    number = number_word(n, lang) if spelled else nl_int(n, lang_of(lang))
    return f"{number} {singular if n == 1 else plural}"


def count_of(n: int, noun: str, lang: str = "nl", *, spelled: bool = False) -> str:
    """count_phrase for one of the nouns reports count: interview, case, coder, code, theme, coding, quote."""
    singular, plural = NOUNS[lang_of(lang)][noun]
    return count_phrase(n, singular, plural, lang, spelled=spelled)


def join_names(names: Sequence[str], lang: str = "nl") -> str:
    """'Breda, Delft en Rotterdam' (or 'and'); one name alone; nothing for none."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (" and " if lang_of(lang) == "en" else " en ") + names[-1]


def example_list(names: Sequence[str], mentioned: int, total: int, lang: str = "nl", *, chosen: bool = False,
                 limit: int = MAX_EXAMPLES) -> str:
    """What follows 'Genoemd in … gemeenten' to name the `mentioned` gemeenten: nothing when all `total` are meant
    (unless the researcher chose names), ' (Zuidhaven)' for the one, ': A en B' for all of them, ', zoals A, B en C'
    for some. names are every gemeente that mentioned it (cut to `limit`), or the researcher's choice (whole)."""
    if not names or (mentioned >= total and not chosen):
        return ""
    shown = list(names) if chosen else list(names[:limit])
    if len(shown) < mentioned:
        return f", {'such as' if lang_of(lang) == 'en' else 'zoals'} {join_names(shown, lang)}"
    if len(shown) == 1:
        return f" ({shown[0]})"
    return f": {join_names(shown, lang)}"


def mentioned_line(mentioned: int, total: int, names: Sequence[str], lang: str = "nl", *, chosen: bool = False,
                   style: str = "both", thresholds: QuantifierThresholds = DEFAULT_THRESHOLDS) -> str:
    """'Genoemd in de meeste gemeenten (7 van 8), zoals A, B en C.' / 'Genoemd in één gemeente (Zuidhaven).'"""
    lead = "Mentioned in" if lang_of(lang) == "en" else "Genoemd in"
    singular, plural = CASE_NOUNS[lang_of(lang)]
    if mentioned == 1 and len(names) == 1:  # one gemeente: its name says more than '(1 van 4)'
        one = number_word(1, lang) if total > 1 else ("the only" if lang_of(lang) == "en" else "de enige")
        return f"{lead} {one} {singular} ({names[0]})."
    if mentioned == total == 2 and style != "numbers":
        both = "both" if lang_of(lang) == "en" else "beide"
        return f"{lead} {both} {plural}{example_list(names, 2, 2, lang, chosen=chosen)}."
    phrase = describe_count(mentioned, total, lang=lang_of(lang), style=style,  # type: ignore[arg-type]
                            thresholds=thresholds)
    return f"{lead} {phrase}{example_list(names, mentioned, total, lang, chosen=chosen)}."


def cases_subject(n: int, total: int, lang: str = "nl", *, style: str = "both",
                  thresholds: QuantifierThresholds = DEFAULT_THRESHOLDS) -> str:
    """The gemeenten as the subject of a sentence: 'Alle 9 gemeenten', 'Beide gemeenten', 'De meeste gemeenten
    (6 van 9)', 'Eén gemeente (1 van 9)', 'De gemeente' (the only one)."""
    en = lang_of(lang) == "en"
    singular, plural = CASE_NOUNS[lang_of(lang)]
    if total == 1 and n == 1:
        return f"The {singular}" if en else f"De {singular}"
    if n == total == 2:
        return f"Both {plural}" if en else f"Beide {plural}"
    if n == total:
        if style == "words":
            return f"All {plural}" if en else f"Alle {plural}"
        return f"All {n} {plural}" if en else f"Alle {n} {plural}"
    phrase = describe_count(n, total, lang=lang_of(lang), style=style,  # type: ignore[arg-type]
                            thresholds=thresholds)
    return capitalise(phrase)


def type_summary(cases_with: int, total: int, codes: int, singular: str, plural: str, lang: str = "nl", *,
                 style: str = "both", thresholds: QuantifierThresholds = DEFAULT_THRESHOLDS) -> str:
    """'Alle 9 gemeenten noemden ten minste één belemmering; hieronder de vijf belemmeringen.'

    With one code of the type: 'De meeste gemeenten (6 van 9) noemden de kans hieronder.'
    """
    subject = cases_subject(cases_with, total, lang, style=style, thresholds=thresholds)
    one = cases_with == 1 and quantifier_key(cases_with, total, thresholds) in ("one", "only")
    if lang_of(lang) == "en":
        if codes == 1:
            return f"{subject} mentioned the {singular} below."
        return f"{subject} mentioned at least one {singular}; the {number_word(codes, 'en')} {plural} follow below."
    verb = "noemde" if one else "noemden"
    if codes == 1:
        return f"{subject} {verb} de {singular} hieronder."
    return f"{subject} {verb} ten minste één {singular}; hieronder de {number_word(codes, 'nl')} {plural}."


def capitalise(text: str) -> str:
    """The first letter upper-case ('één' → 'Eén', as Dutch writes it at the start of a sentence)."""
    if text.startswith("één"):
        return "Eén" + text[3:]
    if text.startswith("'s-"):  # 's-Heerenbeek keeps its apostrophe; a sentence rarely starts with it
        return text
    return text[:1].upper() + text[1:]


def plural_of(label: str, lang: str = "nl") -> str:
    """A declared type's label in the plural when no heading is known for it: 'dilemma' → 'dilemma's'."""
    if not label:
        return label
    if lang_of(lang) == "en":
        if label.endswith("y") and label[-2:-1] not in "aeiou":
            return label[:-1] + "ies"
        return label + ("es" if label.endswith(("s", "x", "ch", "sh")) else "s")
    if label.endswith(("a", "o", "u", "i", "y")):
        return label + "'s"
    if label.endswith(("el", "er", "em", "en", "je", "e")):
        return label + ("n" if label.endswith("e") and not label.endswith("je") else "s")
    return label + "en"


def intro_sentence(interviews: int, cases: int, lang: str = "nl") -> str:
    """'Deze synthese is gebaseerd op 8 interviews in 8 gemeenten.' (1 interview, 1 gemeente)."""
    if lang_of(lang) == "en":
        return f"This synthesis draws on {count_of(interviews, 'interview', 'en')} in {count_of(cases, 'case', 'en')}."
    return f"Deze synthese is gebaseerd op {count_of(interviews, 'interview')} in {count_of(cases, 'case')}."


# Column headers of the analysis tables, per language: one language per table.
COLUMNS: dict[str, dict[str, str]] = {
    "nl": {"code": "code", "name": "naam", "type": "type", "theme": "thema", "depth": "niveau",
           "codings": "coderingen", "passages": "passages", "documents": "documenten", "cases": "gemeenten",
           "words": "woorden", "case": "gemeente", "code_a": "code a", "code_b": "code b", "name_a": "naam a",
           "name_b": "naam b", "both": "samen", "either": "een van beide", "jaccard": "jaccard",
           "document": "document", "line": "regel", "section": "sectie", "attribution": "toeschrijving",
           "quote": "citaat", "chosen": "gekozen", "total": "totaal"},
    "en": {"code": "code", "name": "name", "type": "type", "theme": "theme", "depth": "depth",
           "codings": "codings", "passages": "passages", "documents": "documents", "cases": "municipalities",
           "words": "words", "case": "municipality", "code_a": "code a", "code_b": "code b", "name_a": "name a",
           "name_b": "name b", "both": "both", "either": "either", "jaccard": "jaccard",
           "document": "document", "line": "line", "section": "section", "attribution": "attribution",
           "quote": "quote", "chosen": "chosen", "total": "total"},
}


# Sheet names of the analysis tables in an XLSX, per language.
TABLE_NAMES = {"nl": {"matrix": "matrix", "frequencies": "frequenties", "cooccurrence": "samen gecodeerd",
                      "quotes": "citaten", "respondents": "respondenten"},
               "en": {"matrix": "matrix", "frequencies": "frequencies", "cooccurrence": "co-occurrence",
                      "quotes": "quotes", "respondents": "respondents"}}


def table_name(kind: str, lang: str = "nl") -> str:
    return TABLE_NAMES[lang_of(lang)].get(kind, kind)


def column(name: str, lang: str = "nl") -> str:
    """A table's column header in the report language; 'codings_total' → 'coderingen (totaal)'."""
    table = COLUMNS[lang_of(lang)]
    if name.endswith("_total") and name[:-6] in table:
        return f"{table[name[:-6]]} ({table['total']})"
    return table.get(name, name)


# qualcode's own derived attribute (domain.cases): its name and values in English; a project's own columns are data.
SIZE_CLASS = {"en": ("size class", {"klein": "small", "middelgroot": "medium-sized", "groot": "large"})}


def attribute_name(name: str, lang: str = "nl") -> str:
    """'grootteklasse' as the report's language calls it; other attributes keep the project's own name."""
    return SIZE_CLASS["en"][0] if lang_of(lang) == "en" and name == "grootteklasse" else name


def attribute_value(name: str, text: str, lang: str = "nl") -> str:
    """A size class ('middelgroot') in the report's language ('medium-sized'); other values as they are."""
    return SIZE_CLASS["en"][1].get(text, text) if lang_of(lang) == "en" and name == "grootteklasse" else text


def group_label(attribute: str, value: str, lang: str = "nl") -> str:
    """A group of gemeenten as a table names it: the analysis's own labels (ja/nee, onbekend, size classes) in the
    report's language; a project's own values as they are."""
    if lang_of(lang) != "en":
        return value
    return {"ja": "yes", "nee": "no", "onbekend": "unknown"}.get(value, attribute_value(attribute, value, lang))


def yes_no(value: bool, lang: str = "nl") -> str:
    return ("yes" if value else "no") if lang_of(lang) == "en" else ("ja" if value else "nee")


# -- the words tables (`qualcode words` and the report's words section) -------------------------------------------
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
