"""Build the appendix (Bijlagen A–F) and the case profiles from a coded corpus."""

from __future__ import annotations

from collections import Counter

from qualcode.analysis.classifications import classification_counts
from qualcode.analysis.corpus import CodedCorpus, DocumentInfo
from qualcode.analysis.counts import cell_counts, code_counts, matrix_columns
from qualcode.analysis.quotes import Quote, quotes_for
from qualcode.domain.passages import passage_counts
from qualcode.reporting.agreement_section import (
    AppendixAgreement,
    agreement_paragraphs,
    disagreement_units_table,
    disagreements_table,
)
from qualcode.reporting.build_synthesis import ReportOptions, quote_view, report_meta
from qualcode.reporting.contexts import (
    AppendixContext,
    CaseContext,
    CaseProfile,
    CodebookEntry,
    QuotesForCode,
    Table,
)
from qualcode.reporting.formatting import attribute_text, nl_date
from qualcode.reporting.generalise import month_only
from qualcode.reporting.labels import join_names, type_heading, word
from qualcode.reporting.wording import attribute_name, attribute_value, count_of

# Bijlage D lists at most this many quotes per code (the total is given); a full export is 'qualcode table quotes'.
QUOTES_PER_CODE_IN_APPENDIX = 10
# Bijlage C shows at most this many gemeenten side by side; more are split over several tables.
MATRIX_CASES_PER_PART = 10


def build_appendix(corpus: CodedCorpus, options: ReportOptions, *,
                   agreement: AppendixAgreement | None = None) -> AppendixContext:
    """Bijlagen A–F; agreement is what project.agreement.report_agreement found (None: not determined)."""
    lang = options.lang
    matrix = matrix_table(corpus, options)
    return AppendixContext(
        meta=report_meta(corpus, options, word("appendix", lang)),
        respondents=respondents_table(corpus, options),
        codebook=codebook_entries(corpus, options),
        matrix=matrix,
        quotes=quotes_per_code(corpus, options),
        attributes=attributes_table(corpus, options),
        classifications=[_classification_table(corpus, name, lang) for name in options.classifications],
        methods=methods(corpus, options, agreement),
        matrix_parts=matrix_parts(matrix, lang),
        agreement_table=disagreements_table(agreement, lang, anonymise=options.anonymise),
        agreement_units=disagreement_units_table(agreement, lang, anonymise=options.anonymise, hide=options.hide,
                                                 case_label=options.case_label, case_order=options.case_order),
    )


def respondents_table(corpus: CodedCorpus, options: ReportOptions) -> Table:
    lang = options.lang
    rows = []
    # Anonymised, documents are ordered by pseudonym only: their titles often name the respondent.
    for document in sorted(corpus.documents, key=lambda d: (options.case_order(d.case_name or ""),
                                                            "" if options.anonymise else d.title.casefold())):
        people = [(name, role) for name, role, interviewer in document.participants if not interviewer]
        if options.anonymise:
            names = "; ".join(f"{word('respondent', lang)} {i}" for i, _ in enumerate(people, start=1))
        else:
            names = "; ".join(name for name, _ in people)
        # Anonymised, a function is its general role ("adviseur, gedeeld met Zeewolde" names a place; "projectleider
        # vastgoed" with the gemeente's kind points at one person) and a date its month.
        roles = "; ".join((options.general_role(role) if options.anonymise else role) if role else "–"
                          for _, role in people)
        rows.append([options.case_label(document.case_name) if document.case_name else word("no_case", lang),
                     names, roles,
                     (month_only(document.date, lang) if options.anonymise else nl_date(document.date, lang))
                     if document.date else "–"])
    caption = "Bijlage A. Respondenten" if lang == "nl" else "Appendix A. Respondents"
    return Table(caption, [word("case", lang), word("respondents", lang), word("function", lang), word("date", lang)],
                 rows)


def codebook_entries(corpus: CodedCorpus, options: ReportOptions) -> list[CodebookEntry]:
    counts = code_counts(corpus)
    tree = corpus.tree
    codes = {code.key: code for code in corpus.codes}
    labels = {t.key: (t.label_en if options.lang == "en" else t.label) for t in corpus.types}
    entries = []
    for key, (own, total) in counts.items():
        code = codes[key]
        shown = total if code.type is None else own  # a theme counts what its codes hold
        entries.append(CodebookEntry(
            key=code.key, name=code.name, type_label=labels.get(code.type or "", ""),
            theme=codes[tree.root[key]].name, depth=tree.depth[key],
            definition=options.hide(code.description), include=options.hide(code.include),
            exclude=options.hide(code.exclude), codings=shown.codings, cases=shown.cases, passages=shown.passages))
    return entries


def matrix_table(corpus: CodedCorpus, options: ReportOptions) -> Table:
    """Codes (rows) by cases (columns): a report page holds 8–12 case columns better than 35 code columns."""
    lang = options.lang
    _, cells = cell_counts(corpus)
    cases = sorted(corpus.case_names(), key=options.case_order)
    names = {code.key: code.name for code in corpus.codes}
    rows = []
    for key in matrix_columns(corpus):
        column = [cells.get((case, key), 0) for case in cases]
        present = sum(1 for count in column if count)
        if present == 0:
            continue
        rows.append([names.get(str(key), str(key)), *[str(int(count)) if count else "" for count in column],
                     f"{present} {word('of', lang)} {len(cases)}"])
    caption = ("Bijlage C. Matrix gemeenten × codes (aantal gecodeerde passages)" if lang == "nl"
               else "Appendix C. Matrix of municipalities × codes (number of coded passages)")
    return Table(caption, [word("code", lang), *map(options.case_label, cases), word("total", lang)], rows)


def matrix_parts(matrix: Table, lang: str, per_part: int | None = None) -> list[Table]:
    """The matrix split by gemeenten into tables of at most per_part case columns, each with the code and total.

    A part's caption says which gemeenten it holds ("Gemeenten 1–10 van 70"); with per_part or fewer gemeenten
    the matrix stays one table with its own caption.
    """
    per_part = per_part or MATRIX_CASES_PER_PART
    cases = matrix.headers[1:-1]
    if len(cases) <= per_part:
        return [matrix]
    parts = []
    for first in range(0, len(cases), per_part):
        last = min(first + per_part, len(cases))
        columns = [0, *range(1 + first, 1 + last), len(matrix.headers) - 1]
        label = (f"Gemeenten {first + 1}–{last} van {len(cases)}" if lang == "nl"
                 else f"Municipalities {first + 1}–{last} of {len(cases)}")
        parts.append(Table(label, [matrix.headers[c] for c in columns],
                           [[row[c] for c in columns] for row in matrix.rows]))
    return parts


def quotes_per_code(corpus: CodedCorpus, options: ReportOptions) -> list[QuotesForCode]:
    out = []
    for code in corpus.codes:
        if code.type is None:
            continue
        quotes = quotes_for(corpus, code.key, include_children=False, max_chars=options.control.max_quote_chars)
        chosen = options.control.quotes.get(code.key, ())
        if chosen:  # the researcher's chosen quotes first, as in the synthesis
            first = [q for guid in chosen for q in quotes if guid in q.coding_guids]
            first = list(dict.fromkeys(first))
            quotes = first + [q for q in quotes if q not in first]
        if quotes and code.key not in options.control.leave_out:
            out.append(QuotesForCode(code.name, code.key, len(quotes), [
                quote_view(quote, corpus, options) for quote in quotes[:QUOTES_PER_CODE_IN_APPENDIX]]))
    return out


def attributes_table(corpus: CodedCorpus, options: ReportOptions) -> Table:
    lang = options.lang
    names: list[str] = []
    for case in corpus.cases:
        names += [name for name in case.attributes if name not in names and options.shows_attribute(name)]
    interviews = Counter(d.case_name for d in corpus.documents if d.case_name)
    rows = [[options.case_label(case.name),
             *[attribute_value(name, attribute_text(case.attributes.get(name), lang), lang) for name in names],
             str(interviews[case.name])]
            for case in sorted(corpus.cases, key=lambda c: options.case_order(c.name)) if case.name in interviews]
    caption = ("Bijlage E. Kenmerken van de gemeenten" if lang == "nl"
               else "Appendix E. Characteristics of the municipalities")
    return Table(caption, [word("case", lang), *[attribute_name(name, lang) for name in names], "Interviews"], rows)


def _classification_table(corpus: CodedCorpus, name: str, lang: str) -> Table:
    counted = classification_counts(corpus, name)
    rows = [[value, str(count)] for value, count in counted.counts.items()]
    if counted.missing:
        rows.append([word("unknown", lang), str(len(counted.missing))])
    rows.append(["Totaal" if lang == "nl" else "Total", str(counted.total_cases)])
    return Table(f"{name}", [name, word("cases", lang)], rows)


def methods(corpus: CodedCorpus, options: ReportOptions, agreement: AppendixAgreement | None) -> list[str]:
    lang = options.lang
    dates = sorted(d.date for d in corpus.documents if d.date and len(d.date) == 10 and d.date[4] == "-")
    consensus = agreement.consensus if agreement is not None else ()
    coders = sorted({passage.coder for passage in corpus.passages} - set(consensus))
    coded = sum(1 for passage in corpus.passages if passage.coder not in consensus)  # the consensus's are copies
    # Coders are often the interviewers: an anonymised report counts them without naming them.
    coder_names = "" if options.anonymise else f" ({join_names(coders, lang)})"
    typed = [code for code in corpus.codes if code.type is not None]
    themes = [code for code in corpus.codes if code.type is None and code.parent_key is None]
    total = len(corpus.case_names())
    shown_date = month_only if options.anonymise else nl_date  # an exact first or last date points at one interview
    period = (shown_date(dates[0], lang), shown_date(dates[-1], lang)) if dates else None
    if lang == "en":
        paragraphs = [f"The study draws on {count_of(len(corpus.documents), 'interview', lang)} in "
                      f"{count_of(total, 'case', lang)}"
                      + (f", held between {period[0]} and {period[1]}." if period else ".")]
        paragraphs.append(f"The transcripts were coded by {count_of(len(coders), 'coder', lang)}{coder_names} "
                          f"with a codebook of {count_of(len(typed), 'code', lang)} in "
                          f"{count_of(len(themes), 'theme', lang)}: {count_of(coded, 'coding', lang)}.")
        if consensus:
            joint = count_of(len(corpus.passages) - coded, "coding", lang)
            named = f" ({joint})" if options.anonymise else f" ({join_names(list(consensus), lang)}, {joint})"
            paragraphs.append(f"Their differences were discussed and settled as a joint coding{named}.")
    else:
        paragraphs = [f"Het onderzoek is gebaseerd op {count_of(len(corpus.documents), 'interview')} in "
                      f"{count_of(total, 'case')}"
                      + (f", gehouden tussen {period[0]} en {period[1]}." if period else ".")]
        paragraphs.append(f"De verslagen zijn gecodeerd door {count_of(len(coders), 'coder')}{coder_names} met "
                          f"een codeboek van {count_of(len(typed), 'code')} in {count_of(len(themes), 'theme')}; "
                          f"in totaal {count_of(coded, 'coding')}.")
        if consensus:
            joint = count_of(len(corpus.passages) - coded, "coding", lang)
            named = f" ({joint})" if options.anonymise else f" ({join_names(list(consensus), lang)}, {joint})"
            paragraphs.append(f"Hun verschillen zijn besproken en vastgelegd als een gezamenlijke codering{named}.")
    paragraphs += agreement_paragraphs(agreement, lang, anonymise=options.anonymise)
    if options.anonymise:
        paragraphs.append("Citaten zijn geanonimiseerd: namen van personen zijn vervangen en citaten worden "
                          "toegeschreven aan een functie en het type gemeente." if lang == "nl" else
                          "Quotes are anonymised: names of people are replaced and quotes are attributed to a "
                          "position and the kind of municipality.")
    return paragraphs


def build_cases(corpus: CodedCorpus, options: ReportOptions) -> CaseContext:
    lang = options.lang
    profiles = []
    labels = {t.key: type_heading(t.key, t.label_en if lang == "en" else t.label, lang) for t in corpus.types}
    # Once per code, not per case and code: 70 cases × 35 codes × 20,000 passages would take seconds.
    typed = [code for code in corpus.codes if code.type is not None]
    first_quote: dict[tuple[str, str | None], Quote] = {}  # (code, case) -> its first quote in report order
    for code in typed:
        for quote in quotes_for(corpus, code.key, include_children=False, max_chars=options.control.max_quote_chars):
            first_quote.setdefault((code.key, quote.case_name), quote)
    documents_of: dict[str, list[DocumentInfo]] = {}
    for document in corpus.documents:
        if document.case_name:
            documents_of.setdefault(document.case_name, []).append(document)
    # Passages, as every matrix cell counts them (domain.passages): two coders on one passage count once.
    codings = Counter(passage_counts(((p.code_key, p.case_name), p.document_guid, p.start, p.end)
                                     for p in corpus.passages))
    for case in sorted(corpus.cases, key=lambda c: options.case_order(c.name)):
        documents = documents_of.get(case.name, [])
        if not documents:
            continue
        respondents = []
        for document in documents:
            people = [(name, role) for name, role, interviewer in document.participants if not interviewer]
            for index, (name, role) in enumerate(people, start=1):  # numbered as in Bijlage A
                person = f"{word('respondent', lang)} {index}" if options.anonymise else name
                if role:
                    respondents.append(f"{person} ({options.general_role(role) if options.anonymise else role})")
                else:
                    respondents.append(person)
        findings = []
        for code_type in corpus.types:
            rows = []
            for code in typed:
                if code.type != code_type.key:
                    continue
                first = first_quote.get((code.key, case.name))
                if first is not None:
                    rows.append((code.name, codings[(code.key, case.name)], [quote_view(first, corpus, options)]))
            if rows:
                findings.append((labels[code_type.key], sorted(rows, key=lambda row: (-row[1], row[0]))))
        attributes = [(attribute_name(k, lang), attribute_value(k, attribute_text(v, lang), lang))
                      for k, v in case.attributes.items() if options.shows_attribute(k)]
        profiles.append(CaseProfile(options.case_label(case.name), attributes,
                                    respondents, len(documents), findings))
    return CaseContext(report_meta(corpus, options, word("case_report", lang)), profiles)
