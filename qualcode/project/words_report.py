"""The words section of a synthesis: on with `words = true` in reports/synthesis.toml or `[report] words = true` in
qualcode.toml (synthesis.toml wins), the words that stand out per gemeente against the other gemeenten (respondents'
speech, names and stop words left out; qualcode.project.words)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from qualcode.domain.keyness import DEFAULT_MIN_COUNT, P_0001
from qualcode.project.words import project_name_test, word_table
from qualcode.project.words_output import column_keys, how_made

if TYPE_CHECKING:
    from qualcode.project.config import ProjectConfig
    from qualcode.reporting.words_section import WordsSection
    from qualcode.storage.store import Store

REPORT_TOP = 10
REPORT_KINDS = ("synthesis",)


def report_words(store: Store, config: ProjectConfig, kind: str, lang: str, *, case_label: Callable[[str], str],
                 on: bool | None = None, anonymise: bool = False,
                 extra_names: tuple[str, ...] = ()) -> WordsSection | None:
    """The section for a report of this kind, or None when it is off (the default) or the kind has none.

    on: reports/synthesis.toml's words (None: qualcode.toml's [report] words decides). case_label names a gemeente as
    the report does (its pseudonym in an anonymised report). Anonymised, words written only with a capital (proper
    nouns: a neighbourhood, a local project) are left out too: they may point at a gemeente no key entry names.
    """
    if not (config.report_words if on is None else on) or kind not in REPORT_KINDS:
        return None
    from qualcode.reporting.contexts import Table
    from qualcode.reporting.wording import word_column
    from qualcode.reporting.words_section import WordsSection, number

    is_name = project_name_test(store, [*config.interviewers, *config.anonymise_names], extra_names)
    table = word_table(store, is_name, by="case", against="rest", speaker="respondent", top=REPORT_TOP,
                       min_count=DEFAULT_MIN_COUNT, threshold=P_0001, bonferroni=False, drop_proper_nouns=anonymise)
    keys = column_keys(table)[1:]
    headers = [word_column(key, lang) for key in keys]
    tables = []
    for group in sorted(table.groups, key=lambda g: case_label(g.name)):
        if not group.rows:
            continue
        rows = [[row.word, number(row.count, lang), number(row.per_thousand, lang),
                 number(row.reference_count or 0, lang), number(row.g2 or 0, lang), number(row.log_ratio or 0, lang)]
                for row in group.rows]
        tables.append(Table(f"{case_label(group.name)} ({number(group.words, lang)} {word_column('words', lang)})",
                            headers, rows))
    title = "Woorden die opvallen per gemeente" if lang != "en" else "Words that stand out by municipality"
    none = ("" if tables else (" Geen enkel woord valt op." if lang != "en" else " No word stands out."))
    proper = ("" if not anonymise else " Eigennamen zijn weggelaten." if lang != "en" else
              " Proper nouns are left out.")
    return WordsSection(title, how_made(table, lang) + proper + none, tuple(tables))
