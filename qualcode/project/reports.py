"""Reports and tables from a coded project: build the corpus, run the analyses, render templates and writers."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import html as html_module
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

from qualcode.domain.codebook import codes_in_language, english_names_warning
from qualcode.domain.errors import ProjectError
from qualcode.project.anonymity import Anonymisers, anonymisers
from qualcode.project.choices import checked_table_request
from qualcode.project.codebook_ops import stored_codebook
from qualcode.project.matrix_table import matrix_csv, wants_fast_matrix
from qualcode.project.report_files import with_figures, word_template
from qualcode.project.synthesis_control import controlled
from qualcode.storage import cases as case_sql
from qualcode.storage import memos as memo_sql
from qualcode.storage import quote_spans as quote_sql
from qualcode.storage import retrieval
from qualcode.storage import spans as span_sql
from qualcode.storage.codes import code_types, codes
from qualcode.storage.documents import documents

if TYPE_CHECKING:
    import pandas as pd

    from qualcode.analysis import CodedCorpus
    from qualcode.project.config import ProjectConfig
    from qualcode.reporting.build_synthesis import ReportOptions
    from qualcode.storage.store import Store

REPORT_KINDS = ("synthesis", "appendix", "case")
REPORT_FORMATS = ("md", "html", "docx")
TABLE_KINDS = ("matrix", "frequencies", "cooccurrence", "quotes", "respondents")
TABLE_FORMATS = ("csv", "xlsx", "md")
P = ParamSpec("P")


@dataclass(frozen=True)
class Rendered:
    """A finished report or table: its bytes and the file name it would have by default."""

    content: bytes
    filename: str
    # Files that go next to it (a Markdown synthesis's figures: 'synthesis-figuur-1.svg'), which it names relatively.
    attachments: tuple[tuple[str, bytes], ...] = ()
    warnings: tuple[str, ...] = ()  # for the person who asked (codes without an English name), not in the file

    def files_at(self, target: Path) -> list[tuple[Path, bytes]]:
        """The report written as target and its attachments next to it, renamed after target's name."""
        stem, content = Path(self.filename).stem, self.content
        files = []
        for name, data in self.attachments:
            renamed = target.stem + name[len(stem):] if name.startswith(stem) else name
            content = content.replace(f"]({name})".encode(), f"]({renamed})".encode())
            files.append((target.with_name(renamed), data))
        return [(target, content), *files]


# One corpus per store, reused while nothing is written: a synthesis and an appendix rendered one after the
# other read the project once. Weak keys, so a closed project's corpus goes with it.
_CORPORA: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int, bool], CodedCorpus]] = weakref.WeakKeyDictionary()


def coded_corpus(store: Store, *, with_spans: bool = False) -> CodedCorpus:
    """The project's corpus, read again only when the store changed (or spans are wanted for the first time)."""
    version = store.version()
    cached = _CORPORA.get(store)
    if cached is not None and cached[0][:2] == version and (cached[0][2] or not with_spans):
        return cached[1]
    corpus = build_corpus(store, with_spans=with_spans)
    _CORPORA[store] = ((*version, with_spans), corpus)
    return corpus


def build_corpus(store: Store, *, with_spans: bool = True) -> CodedCorpus:
    """Read everything the analyses need from the store in a few queries.

    Sentence and turn spans (about 0.4 s for a million words) only serve co-occurrence; reports leave them out.
    """
    from qualcode.analysis import CaseInfo, CodedCorpus, DocumentInfo

    people = span_sql.participants_by_document(store)
    case_rows = case_sql.cases(store)
    return CodedCorpus(
        codes=tuple(codes(store)),
        types=tuple(code_types(store)),
        cases=tuple(CaseInfo(row["name"], {a.name: a.value for a in row["attributes"]}) for row in case_rows),
        documents=tuple(DocumentInfo(d.guid, d.title, d.case_name, d.metadata.get("date") or
                                     d.metadata.get("date_as_written"), d.word_count, people.get(d.guid, ()))
                        for d in documents(store)),
        passages=tuple(retrieval.passages(store)),
        sentences=span_sql.sentence_spans(store) if with_spans else {},
        turns=span_sql.turn_spans(store) if with_spans else {},
        quote_sentences=quote_sql.coding_sentences(store), texts=quote_sql.coded_texts(store),
    )


# The corpus with its codes named in a report's language, kept per store while the corpus is the same one, so that the
# English synthesis and appendix of one command build the corpus's index once.
_NAMED: weakref.WeakKeyDictionary[Store, tuple[CodedCorpus, str, CodedCorpus]] = weakref.WeakKeyDictionary()


def in_report_language(store: Store, corpus: CodedCorpus, lang: str) -> CodedCorpus:
    """The corpus whose codes and themes carry their names and descriptions in lang (domain.codebook's choice);
    the corpus itself when nothing changes (a Dutch report, a codebook without English names)."""
    named = codes_in_language(corpus.codes, lang)
    if named is corpus.codes:
        return corpus
    cached = _NAMED.get(store)
    if cached is not None and cached[0] is corpus and cached[1] == lang:
        return cached[2]
    result = replace(corpus, codes=named)
    _NAMED[store] = (corpus, lang, result)
    return result


def _warnings(warning: str | None) -> tuple[str, ...]:
    return (warning,) if warning else ()


def report_options(store: Store, config: ProjectConfig, corpus: CodedCorpus, *, lang: str | None,
                   anonymise: bool, coder: str | None, timestamp: bool,
                   anonymiser: Anonymisers | None) -> ReportOptions:
    from qualcode.analysis import QuantifierThresholds
    from qualcode.reporting.build_synthesis import ReportOptions
    from qualcode.reporting.generalise import RoleGeneraliser
    from qualcode.reporting.pseudonyms import case_pseudonyms

    language = lang or config.language
    if language not in ("nl", "en"):
        raise ProjectError(f"language '{language}' is not supported", hint="use --lang nl or --lang en")
    memos = memo_sql.memos_of_kind(store, "code")
    by_guid = {code.guid: code.key for code in corpus.codes}
    interviewed = set(corpus.case_names())  # letters without gaps: a gap would tell of a case without interviews
    pseudonyms = case_pseudonyms({row["name"]: row["guid"] for row in case_sql.cases(store)
                                  if row["name"] in interviewed}, language) if anonymise else {}
    try:
        thresholds = QuantifierThresholds(**{name: (int(value) if name == "few_max" else value)  # type: ignore[arg-type]
                                             for name, value in config.quantifier_thresholds.items()})
    except ValueError as error:
        raise ProjectError(f"[report.quantifier_thresholds]: {error}", file="qualcode.toml",
                           hint="keep 0 < half_low <= half_high <= most < nearly_all <= 1") from None
    return ReportOptions(
        project=config.name, lang=language, anonymise=anonymise, attribution=config.attribution,
        attribution_anonymous=config.attribution_anonymous, coder=coder, compare_by=config.compare_by,
        classifications=config.classifications, quantifier_style=config.quantifiers, thresholds=thresholds,
        code_memos={by_guid[guid]: text for guid, text in memos.items() if guid in by_guid},
        timestamp=dt.datetime.now().strftime("%Y-%m-%d %H:%M") if timestamp else None,
        scrub=anonymiser.scrub_people if anonymiser else (lambda text: text),
        scrub_places=anonymiser.scrub_places if anonymiser else (lambda text: text),
        case_label=lambda name: pseudonyms.get(name, name),
        shown_attributes=config.anonymous_attributes if anonymise else None,
        general_role=RoleGeneraliser(config.anonymous_roles, language) if anonymise else (lambda role: role))


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while a report is built (and let it run afterwards).

    A report of a large project makes some hundred thousand short-lived tuples and strings; each burst of them
    set the collector walking every object the corpus holds, which cost about a tenth of the report's time.
    Nothing here forms cycles that must be freed before the report is done.

    What the report leaves alive (the cached corpus, its quotes) goes straight to the oldest generation: re-enabled
    with all of it young, the collector walked it at once and again one generation up (0.15 s for two reports of a
    million words). gc.freeze() then gc.unfreeze() moves every object there without a walk; the next full
    collection, whenever it comes, still frees whatever cycles the report left.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _collector_paused(function: Callable[P, Rendered]) -> Callable[P, Rendered]:
    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> Rendered:
        with _without_cyclic_gc():
            return function(*args, **kwargs)
    return paused


@_collector_paused
def render_report(store: Store, config: ProjectConfig, root: Path, kind: str, fmt: str, *, lang: str | None = None,
                  anonymise: bool = False, coder: str | None = None, timestamp: bool = False,
                  charts: bool | None = None) -> Rendered:
    """Render one report kind in one format; with anonymise, a name left in the output stops the export."""
    from qualcode.reporting.build_appendix import build_appendix, build_cases
    from qualcode.reporting.build_synthesis import build_synthesis
    from qualcode.reporting.environment import render, template_environment
    from qualcode.reporting.html import assert_self_contained

    _check_choice(kind, REPORT_KINDS, "report")
    _check_choice(fmt, REPORT_FORMATS, "format")
    corpus = coded_corpus(store)
    if coder is not None:
        if coder not in {p.coder for p in corpus.passages}:
            raise ProjectError(f"coder '{coder}' has no codings in this project",
                               hint="see 'qualcode status' for the coders")
        corpus = corpus.for_coder(coder)
    if not corpus.passages:
        raise ProjectError("there are no codings to report on yet", hint="code some transcripts first: 'qualcode code'")
    anonymiser = anonymisers(store, config, corpus) if anonymise else None
    options = report_options(store, config, corpus, lang=lang, anonymise=anonymise, coder=coder,
                             timestamp=timestamp, anonymiser=anonymiser)
    options = controlled(options, store, config, root, corpus)  # reports/synthesis.toml, chosen quotes, title
    corpus = in_report_language(store, corpus, options.lang)
    warnings = _warnings(english_names_warning(corpus.codes, options.lang))
    builders: dict[str, Callable[[CodedCorpus, ReportOptions], Any]] = {
        "synthesis": build_synthesis, "appendix": build_appendix, "case": build_cases}
    if kind == "appendix":  # Bijlage F's agreement, computed once for the report
        from qualcode.project.agreement import report_agreement

        context = build_appendix(corpus, options,
                                 agreement=report_agreement(store, sorted({p.coder for p in corpus.passages}),
                                                            {code.key: code.name for code in corpus.codes},
                                                            list_units=config.report_disagreements))
    else:
        context = builders[kind](corpus, options)
    filename = f"{kind}{'-anoniem' if anonymise else ''}.{fmt}"
    context, images = with_figures(context, corpus, options, kind=kind, fmt=fmt, stem=Path(filename).stem,
                                   charts=config.charts if charts is None else charts,
                                   check=anonymiser.check if anonymiser else None)
    environment = template_environment(root / "reports" / "templates")
    template = f"{kind}.{'html' if fmt == 'html' else 'md'}.j2"
    from qualcode.project.words_report import report_words

    words = report_words(store, config, kind, options.lang, case_label=options.case_label, on=options.control.words,
                         anonymise=anonymise)
    text = render(environment, template, {"meta": context.meta, "words": words,
                                          **{f: getattr(context, f) for f in context.__dataclass_fields__}})
    if anonymise:
        # HTML escapes apostrophes and ampersands in names (O&#39;Brien): check the text a reader sees.
        assert anonymiser is not None
        anonymiser.check(html_module.unescape(text) if fmt == "html" else text, what=f"the {kind} report")
    if fmt == "html":
        assert_self_contained(text)
    if fmt == "docx":
        from qualcode.reporting.docx_writer import markdown_to_docx  # python-docx only when Word is asked for

        return Rendered(markdown_to_docx(text, lang=options.lang, images=images,
                                         template=word_template(config, root)), filename, warnings=warnings)
    return Rendered(text.encode("utf-8"), filename, tuple(sorted(images.items())), warnings)


@dataclass(frozen=True)
class TableRequest:
    """Which table, and its options: co-occurrence unit; matrix value, type and crosstab attribute; quotes' code."""

    kind: str
    unit: str = "sentence"  # cooccurrence: sentence, turn or document
    value: str = "count"  # matrix: count, presence or n_of_n
    code_type: str | None = None  # matrix and cooccurrence: only codes of this type
    by: str | None = None  # matrix: codes × groups of this case attribute (or "rol") instead of cases × codes
    code: str | None = None  # quotes: only this code (and its children)
    where: tuple[tuple[str, str], ...] = ()  # quotes: only cases with these attribute values


@_collector_paused
def render_table(store: Store, config: ProjectConfig, request: TableRequest, fmt: str, *, lang: str | None = None,
                 coder: str | None = None, anonymise: bool = False, root: Path | None = None) -> Rendered:
    """One analysis table as CSV, XLSX or Markdown."""
    # Every table but the respondents names codes.
    warnings = _warnings(english_names_warning(codes(store), lang or config.language)
                         if request.kind != "respondents" else None)
    if wants_fast_matrix(request, fmt, anonymise=anonymise):  # straight from the codings: no corpus, no pandas
        return Rendered(matrix_csv(store, request, lang=lang or config.language, coder=coder), f"{request.kind}.{fmt}",
                        warnings=warnings)
    from qualcode.reporting.markdown_tables import dataframe_to_csv, dataframe_to_markdown
    from qualcode.reporting.table_language import in_language
    from qualcode.reporting.wording import table_name
    from qualcode.reporting.xlsx_writer import tables_to_xlsx

    kind = request.kind
    _check_choice(kind, TABLE_KINDS, "table")
    _check_choice(fmt, TABLE_FORMATS, "format")
    _check_choice(request.value, ("count", "presence", "n_of_n"), "matrix value")
    corpus = coded_corpus(store, with_spans=kind == "cooccurrence")
    if coder is not None:
        if coder not in {p.coder for p in corpus.passages}:
            raise ProjectError(f"coder '{coder}' has no codings in this project",
                               hint="see 'qualcode status' for the coders")
        corpus = corpus.for_coder(coder)
    request = checked_table_request(request, stored_codebook(store),
                                    list({name for case in corpus.cases for name in case.attributes}))
    anonymiser = anonymisers(store, config, corpus) if anonymise else None
    options = report_options(store, config, corpus, lang=lang, anonymise=anonymise, coder=coder, timestamp=False,
                             anonymiser=anonymiser)
    if root is not None:  # the quotes table quotes as the synthesis does (synthesis.toml, chosen quotes)
        options = controlled(options, store, config, root, corpus)
    corpus = in_report_language(store, corpus, options.lang)
    frame = _table_frame(corpus, options, request)
    frame = in_language(frame, options.lang,
                        {t.key: t.label_en if options.lang == "en" else t.label for t in corpus.types})
    if anonymise:
        assert anonymiser is not None
        anonymiser.check(dataframe_to_csv(frame), what=f"the {kind} table")
    if fmt == "xlsx":
        return Rendered(tables_to_xlsx([(table_name(kind, options.lang), frame)]), f"{kind}.xlsx", warnings=warnings)
    text = dataframe_to_csv(frame) if fmt == "csv" else dataframe_to_markdown(frame)
    return Rendered(text.encode("utf-8"), f"{kind}.{fmt}", warnings=warnings)


def _table_frame(corpus: CodedCorpus, options: ReportOptions, request: TableRequest) -> pd.DataFrame:
    import pandas as pd

    from qualcode.analysis import case_code_matrix, code_frequencies, cooccurrence, crosstab, quotes_for
    from qualcode.reporting.build_appendix import respondents_table
    from qualcode.reporting.build_synthesis import quote_view
    from qualcode.reporting.wording import group_label, yes_no

    kind, unit = request.kind, request.unit
    names = {code.key: code.name for code in corpus.codes}
    if kind == "matrix" and request.by is not None:
        groups = crosstab(corpus, request.by, code_type=request.code_type)
        sizes: dict[str, int] = groups.attrs.get("group_sizes", {})
        by = request.by
        groups = groups.rename(index=lambda key: names.get(str(key), str(key)),
                               columns=lambda group: f"{options.hide(group_label(by, str(group), options.lang))} "
                                                     f"(n={sizes.get(str(group), 0)})")
        return groups
    if kind == "matrix":
        matrix = case_code_matrix(corpus, value=request.value, code_type=request.code_type)  # type: ignore[arg-type]
        if options.anonymise:  # by pseudonym, in pseudonym order; the 'n van N' row stays last
            interviewed = set(corpus.case_names())
            cases = sorted((case for case in matrix.index if case in interviewed), key=options.case_order)
            matrix = matrix.loc[cases + [row for row in matrix.index if row not in cases]]
            matrix = matrix.rename(index=lambda case: options.case_label(str(case)))
        return matrix.rename(columns=lambda key: names.get(str(key), str(key)))
    if kind == "frequencies":
        return code_frequencies(corpus)
    if kind == "cooccurrence":
        if unit not in ("sentence", "turn", "document"):
            raise ProjectError(f"unit '{unit}' is not one of sentence, turn, document", hint="use --unit sentence")
        pairs = cooccurrence(corpus, unit=unit, code_type=request.code_type)  # type: ignore[arg-type]
        return pairs.assign(name_a=pairs["code_a"].map(names), name_b=pairs["code_b"].map(names))
    if kind == "quotes":
        rows = []
        chosen = [code for code in corpus.codes if request.code is None or code.key == request.code]
        for code in chosen:
            picked = set(options.control.quotes.get(code.key, ()))
            for quote in quotes_for(corpus, code.key, include_children=request.code is not None,
                                    attributes=dict(request.where) or None, max_chars=options.control.max_quote_chars):
                shown = quote_view(quote, corpus, options)
                where = ({} if options.anonymise else  # titles name the respondent; the gemeente identifies them
                         {"case": quote.case_name or "", "document": quote.document_title, "line": quote.line})
                rows.append({"code": code.key, "name": code.name, **where, "section": options.hide(quote.section or ""),
                             "attribution": shown.attribution, "quote": shown.text,
                             "chosen": yes_no(not picked.isdisjoint(quote.coding_guids), options.lang)})
        return pd.DataFrame(rows)
    table = respondents_table(corpus, options)
    return pd.DataFrame(table.rows, columns=table.headers)


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise ProjectError(f"unknown {what} '{value}'", hint=f"choose one of: {', '.join(choices)}")
