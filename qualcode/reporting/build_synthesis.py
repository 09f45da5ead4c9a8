"""Build the synthesis context from a coded corpus: per type and theme, how widely each code came up, and quotes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from qualcode.analysis.classifications import classification_counts
from qualcode.analysis.corpus import CodedCorpus
from qualcode.analysis.counts import cell_counts, code_counts, crosstab_counts, group_sizes
from qualcode.analysis.quantifiers import DEFAULT_THRESHOLDS, QuantifierThresholds, describe_count
from qualcode.analysis.quotes import Quote, illustrative_quotes
from qualcode.reporting.contexts import (
    CodeFinding,
    QuoteView,
    ReportMeta,
    SynthesisContext,
    ThemeFindings,
    TypeFindings,
)
from qualcode.reporting.control import DEFAULT_CONTROL, SynthesisControl
from qualcode.reporting.formatting import attribute_text
from qualcode.reporting.labels import SIZE_ATTRIBUTIVE, join_names, type_heading, word
from qualcode.reporting.wording import (
    MAX_EXAMPLES,
    count_of,
    example_list,
    group_label,
    intro_sentence,
    mentioned_line,
    type_summary,
)

# A difference between groups is worth a sentence when the shares of cases differ by at least this much.
DIFFERENCE_THRESHOLD = 0.5


@dataclass(frozen=True)
class ReportOptions:
    """How to write a report: language, anonymisation, attribution patterns and comparisons."""

    project: str
    lang: str = "nl"
    anonymise: bool = False
    attribution: str = "{rol}, gemeente {gemeente}"
    attribution_anonymous: str = "{rol}, {grootteklasse} gemeente"
    coder: str | None = None
    compare_by: tuple[str, ...] = ("grootteklasse",)
    classifications: tuple[str, ...] = ()
    quantifier_style: str = "both"  # words, numbers or both
    thresholds: QuantifierThresholds = DEFAULT_THRESHOLDS
    code_memos: dict[str, str] = field(default_factory=dict)
    timestamp: str | None = None
    scrub: Callable[[str], str] = lambda text: text  # replaces names of people when anonymising
    scrub_places: Callable[[str], str] = lambda text: text  # replaces gemeenten in quotes and texts when anonymising
    # How a case is named: itself, or 'Gemeente A' when anonymising (see reporting.pseudonyms).
    case_label: Callable[[str], str] = lambda name: name
    # The case attributes an anonymised report shows (exact figures can point at one gemeente); None: all of them.
    shown_attributes: tuple[str, ...] | None = None
    # Anonymised, a function is shown as the general role it names ([report] anonymous_roles, reporting.generalise).
    general_role: Callable[[str], str] = lambda role: role
    # The researcher's order, examples, chosen quotes, texts and codes left out (reports/synthesis.toml and the
    # quotes chosen in the workbench); the default changes nothing.
    control: SynthesisControl = DEFAULT_CONTROL

    def case_order(self, name: str) -> tuple[int, str]:
        """Sort key for cases as shown: by name, or by pseudonym (Gemeente B before Gemeente AA)."""
        label = self.case_label(name)
        return (len(label), label) if self.anonymise else (0, label.casefold())

    def hide(self, text: str) -> str:
        """Text as an anonymised report may show it: names of people and of gemeenten replaced (else unchanged)."""
        return self.scrub_places(self.scrub(text))

    def shows_attribute(self, attribute: str) -> bool:
        return self._shown is None or attribute.casefold() in self._shown

    @cached_property
    def _shown(self) -> frozenset[str] | None:  # asked for every attribute of every quote
        return None if self.shown_attributes is None else frozenset(name.casefold() for name in self.shown_attributes)


def report_meta(corpus: CodedCorpus, options: ReportOptions, title: str) -> ReportMeta:
    cases = len(corpus.case_names())
    counts = f"{count_of(len(corpus.documents), 'interview', options.lang)} · {count_of(cases, 'case', options.lang)}"
    return ReportMeta(project=options.project, title=title, lang=options.lang, anonymised=options.anonymise,
                      coder=None if options.anonymise else options.coder, documents=len(corpus.documents),
                      cases=cases, case_noun=word("case_noun_one" if cases == 1 else "case_noun", options.lang),
                      generated=options.timestamp, counts=counts)


def quote_view(quote: Quote, corpus: CodedCorpus, options: ReportOptions) -> QuoteView:
    """The quote's text (names of people replaced when anonymising) and its attribution by the project's pattern."""
    case = corpus.case(quote.case_name) if quote.case_name is not None else None
    attributes = case.attributes if case is not None else {}
    fields = {key.lower(): attribute_text(value, options.lang, missing="") for key, value in attributes.items()
              if options.shows_attribute(key)}
    size = str(attributes.get("grootteklasse", "")) if options.shows_attribute("grootteklasse") else ""
    fields["grootteklasse"] = SIZE_ATTRIBUTIVE.get(options.lang, {}).get(size, size)
    role = quote.role or _sole_respondent_role(corpus, quote) or word("respondent", options.lang)
    fields["rol"] = fields["role"] = options.general_role(role) if options.anonymise else role
    fields["gemeente"] = fields["case"] = (options.case_label(quote.case_name) if quote.case_name
                                           else word("no_case", options.lang))
    pattern = attribution_pattern(options)
    attribution = " ".join(pattern.format_map(_Blank(fields)).split()).strip(" ,")
    if not options.anonymise:
        return QuoteView(quote.text, attribution)
    # Anonymised, a quote names neither people nor its gemeente: with a role, a place name identifies a person.
    return QuoteView(options.hide(quote.text), options.hide(attribution))


DUTCH_PATTERNS = ("{rol}, gemeente {gemeente}", "{rol}, {grootteklasse} gemeente")
ENGLISH_PATTERNS = ("{rol}, municipality of {gemeente}", "{rol}, {grootteklasse} municipality")


def attribution_pattern(options: ReportOptions) -> str:
    """The project's pattern; in English, the English form of qualcode's own Dutch defaults."""
    pattern = options.attribution_anonymous if options.anonymise else options.attribution
    if options.lang == "en" and pattern in DUTCH_PATTERNS:
        return ENGLISH_PATTERNS[DUTCH_PATTERNS.index(pattern)]
    return pattern


def build_synthesis(corpus: CodedCorpus, options: ReportOptions) -> SynthesisContext:
    lang = options.lang
    control = options.control
    total = len(corpus.case_names())
    counts = code_counts(corpus)
    roots = corpus.tree.root
    _, cells = cell_counts(corpus)
    groups = {attribute: (crosstab_counts(corpus, attribute), group_sizes(corpus, attribute))
              for attribute in options.compare_by if any(attribute in case.attributes for case in corpus.cases)}
    codes = {code.key: code for code in corpus.codes}
    by_type = {code_type.key: code_type for code_type in corpus.types}
    types: list[TypeFindings] = []
    for type_key in control.ordered(list(by_type), control.type_order):
        code_type = by_type[type_key]
        themes: dict[str, list[CodeFinding]] = {}
        for key, (own, _) in counts.items():
            code = codes[key]
            theme = roots[key]
            if code.type != code_type.key or own.codings == 0 or key in control.leave_out or theme in control.leave_out:
                continue
            themes.setdefault(theme, []).append(_finding(corpus, options, key, cells, own.codings, groups, total))
        if not themes:
            continue
        coded_cases = {case for findings in themes.values() for f in findings for case in f.case_names}
        count = sum(len(findings) for findings in themes.values())
        label = code_type.label_en if lang == "en" else code_type.label
        heading = type_heading(code_type.key, label, lang)
        summary = type_summary(len(coded_cases), total, count, label.lower(), heading.lower(), lang,
                               style=options.quantifier_style, thresholds=options.thresholds)
        theme_findings = []
        for theme in control.ordered(list(themes), control.theme_order):
            findings = control.ordered(sorted(themes[theme], key=lambda f: (-f.cases_with, f.name)),
                                       control.code_order, key=lambda f: f.key)
            theme_findings.append(ThemeFindings(theme, codes[theme].name if theme in codes else theme, findings,
                                                intro=options.hide(control.intros.get(f"theme:{theme}", "")),
                                                closing=options.hide(control.closings.get(f"theme:{theme}", ""))))
        types.append(TypeFindings(code_type.key, heading, summary, theme_findings,
                                  intro=options.hide(control.intros.get(f"type:{type_key}", "")),
                                  closing=options.hide(control.closings.get(f"type:{type_key}", ""))))
    return SynthesisContext(report_meta(corpus, options, word("synthesis", lang)),
                            intro_sentence(len(corpus.documents), total, lang), types,
                            classification_notes(corpus, options))


def _finding(corpus: CodedCorpus, options: ReportOptions, key: str, cells: dict[tuple[str, str], int],
             codings: int, groups: dict[str, tuple[dict[str, dict[str, int]], dict[str, int]]],
             total: int) -> CodeFinding:
    lang = options.lang
    control = options.control
    code = next(code for code in corpus.codes if code.key == key)
    cases = sorted((case for case in corpus.case_names() if cells.get((case, key), 0) > 0), key=str.casefold)
    picked = illustrative_quotes(corpus, key, n=control.quotes_per_code, include_children=False,
                                 chosen=control.quotes.get(key, ()), per_case=control.quotes_per_case,
                                 quote_chars=control.max_quote_chars, prefer_cases=control.examples.get(key, ()))
    quotes = [quote_view(quote, corpus, options) for quote in picked]
    shown = [options.case_label(case) for case in sorted(cases, key=options.case_order)]
    # A partial list names the gemeenten quoted below first (a reader looks for them there), then others by name;
    # a complete one is in alphabetical order. Anonymised, never: the order would tie a pseudonym to a quote.
    quoted = list(dict.fromkeys(options.case_label(q.case_name) for q in picked if q.case_name in cases))
    examples_first = shown if len(shown) <= MAX_EXAMPLES or options.anonymise else (
        quoted + [name for name in shown if name not in quoted])
    chosen = [options.case_label(case) for case in control.examples.get(key, ())]
    names = chosen or examples_first  # the researcher's examples, else every gemeente that mentioned the code
    examples = example_list(names, len(cases), total, lang, chosen=bool(chosen))
    return CodeFinding(
        key=key, name=code.name, definition=options.hide(code.description),
        memo=options.hide(options.code_memos[key]) if key in options.code_memos else None,
        cases_with=len(cases), total_cases=total,
        phrase=describe_count(len(cases), total, lang=lang, style=options.quantifier_style,  # type: ignore[arg-type]
                              thresholds=options.thresholds),
        case_names=shown, examples=examples[2:] if examples.startswith(", ") else "",
        differences=_differences(key, groups, lang), quotes=quotes, codings=codings,
        mentioned=mentioned_line(len(cases), total, names, lang, chosen=bool(chosen), style=options.quantifier_style,
                                 thresholds=options.thresholds))


def _differences(key: str, groups: dict[str, tuple[dict[str, dict[str, int]], dict[str, int]]],
                 lang: str) -> list[str]:
    """Sentences for attributes whose groups differ clearly in how many of their cases mention the code."""
    sentences = []
    for attribute, (table, sizes) in groups.items():
        row = table.get(key)
        if row is None:
            continue
        shares = [(group, int(row[group]), sizes.get(group, 0)) for group in row if sizes.get(group, 0) >= 2]
        if len(shares) < 2:
            continue
        high = max(shares, key=lambda s: (s[1] / s[2], s[0]))
        low = min(shares, key=lambda s: (s[1] / s[2], s[0]))
        if high[1] / high[2] - low[1] / low[2] >= DIFFERENCE_THRESHOLD:
            sentences.append(f"{word('more_often', lang)} {_group(attribute, high[0], lang)} ({high[1]} "
                             f"{word('of', lang)} {high[2]}) {word('than_in', lang)} {_group(attribute, low[0], lang)} "
                             f"({low[1]} {word('of', lang)} {low[2]}).")
    return sentences


def _group(attribute: str, value: str, lang: str) -> str:
    noun = word("case_noun", lang)
    if attribute == "grootteklasse":
        return f"{SIZE_ATTRIBUTIVE.get(lang, {}).get(value, value)} {noun}"
    # The analysis labels yes/no attributes and missing values in Dutch, as its groups are data.
    return f"{noun} ({attribute}: {group_label(attribute, value, lang)})"


def classification_notes(corpus: CodedCorpus, options: ReportOptions) -> list[str]:
    notes = []
    with_documents = set(corpus.case_names())
    for name in options.classifications:
        counted = classification_counts(corpus, name)
        if counted.adds_up:
            continue
        several = [options.case_label(case.name)
                   for case in sorted(corpus.cases, key=lambda c: options.case_order(c.name))
                   if case.name in with_documents and len(case.labels(name)) > 1]
        missing = [options.case_label(case) for case in sorted(counted.missing, key=options.case_order)]
        if options.lang == "en":
            reasons = ([f"no value for {join_names(missing, 'en')}"] if missing else []) + (
                [f"several values for {join_names(several, 'en')}"] if several else [])
            notes.append(f"The classification '{name}' does not add up to {counted.total_cases}: "
                         f"{'; '.join(reasons)}.")
        else:
            reasons = ([f"geen waarde voor {join_names(missing, 'nl')}"] if missing else []) + (
                [f"meer dan één waarde voor {join_names(several, 'nl')}"] if several else [])
            notes.append(f"De classificatie '{name}' telt niet op tot {counted.total_cases}: {'; '.join(reasons)}.")
    return notes


def _sole_respondent_role(corpus: CodedCorpus, quote: Quote) -> str | None:
    """A write-up's own text (no speaker) speaks for its respondent when the interview had just one."""
    if quote.speaker is not None:
        return None
    document = corpus.document(quote.document_guid)
    respondents = [role for _, role, interviewer in document.participants if not interviewer] if document else []
    return respondents[0] if len(respondents) == 1 else None


class _Blank(dict[str, str]):
    """format_map() fields a project's pattern names but a case lacks become empty, not an error."""

    def __missing__(self, key: str) -> str:
        return ""
