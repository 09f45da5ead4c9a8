"""`qualcode suggest` (compute, or --evaluate against a coder) and `qualcode suggestions list|accept|dismiss`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualcode.domain.suggestions import Scores
    from qualcode.project import Project
    from qualcode.project.suggestions import Evaluation

EXIT_OK = 0
SHORT_ID = 8
TEXT_WIDTH = 70


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser,
                parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `suggest` and `suggestions list|accept|dismiss` to the command parser."""
    suggest = commands.add_parser(
        "suggest", parents=[common], help="suggest codes from the codebook's keywords (never applied: accept or "
                                          "dismiss them), or --evaluate them against a coder",
        description="Find each code's keywords and name in respondents' sentences, by lemma and compound-aware, and "
                    "store them as suggestions to accept or dismiss (in the workbench: a, d; A, D for a document). "
                    "Running it again adds nothing twice and keeps every decision.")
    suggest.add_argument("--codes", nargs="+", metavar="ID", default=[],
                         help="only these codes (a theme: its codes); default every code")
    suggest.add_argument("--documents", nargs="+", metavar="DOC", default=[],
                         help="only these documents (id, file name or title); default every document")
    suggest.add_argument("--evaluate", action="store_true",
                         help="store nothing: print precision, recall and F1 against a coder's codings (--against)")
    suggest.add_argument("--against", metavar="CODER", help="with --evaluate: the human coder to compare with")
    suggest.add_argument("--show", choices=("misses", "false-hits"), nargs="+", default=[],
                         help="with --evaluate: also list the sentences missed or wrongly suggested")
    suggest.add_argument("--coder", help="who runs it (recorded in the event log)")

    suggestions = commands.add_parser("suggestions", parents=[common],
                                      help="list, accept or dismiss code suggestions (as the workbench does)")
    actions = suggestions.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    listing = actions.add_parser("list", parents=[common], help="the suggestions: id, code, document, sentence")
    listing.add_argument("--document", metavar="DOC", help="only this document")
    listing.add_argument("--code", metavar="ID", help="only this code (a theme: its codes)")
    listing.add_argument("--status", choices=("pending", "accepted", "dismissed", "all"), default="pending",
                         help="pending (default), accepted, dismissed or all")
    for name, text in (("accept", "make suggestions codings by you (one undoable change)"),
                       ("dismiss", "dismiss suggestions; they are not suggested again (one undoable change)")):
        action = actions.add_parser(name, parents=[common], help=text)
        action.add_argument("ids", nargs="*", metavar="ID", help="a suggestion's id or its first characters (4+)")
        action.add_argument("--document", metavar="DOC", help="every pending suggestion in this document")
        action.add_argument("--code", metavar="ID", help="with --document: only this code's")
        action.add_argument("--coder", help="who decides (the coder of accepted codings; undo belongs to them)")


def suggest(args: argparse.Namespace) -> int:
    """Compute and store suggestions, or evaluate them."""
    from qualcode.cli.commands import _open
    from qualcode.cli.output import new_console
    from qualcode.cli.output import thousands as _n
    from qualcode.domain.errors import ProjectError

    if args.evaluate and not args.against:
        raise ProjectError("--evaluate needs the coder to compare with", hint="add --against CODER, e.g. --against "
                           "sanne ('qualcode status' names the coders)")
    if not args.evaluate and (args.against or args.show):
        raise ProjectError("--against and --show go with --evaluate", hint="add --evaluate, or leave them out")
    with _open(args) as project:
        if args.evaluate:
            evaluation = project.evaluate_suggestions(args.against, codes=args.codes, documents=args.documents)
            _print_evaluation(evaluation, args.show)
            return EXIT_OK
        run = project.suggest(codes=args.codes, documents=args.documents, coder=args.coder)
        pending = len(project.suggestions(statuses=("pending",)))
    console = new_console(soft_wrap=True)
    console.print(f"{_n(run.made)} suggestions from {run.source} for {run.codes} codes in {run.documents} documents: "
                  f"{_n(run.added)} new, {_n(run.kept)} still pending, {_n(run.decided)} decided before (left so), "
                  f"{_n(run.removed)} no longer made (removed)")
    console.print(f"{_n(pending)} pending in the project: 'qualcode suggestions list', or a/d in the workbench "
                  "('qualcode code')")
    return EXIT_OK


def suggestions(args: argparse.Namespace) -> int:
    """Dispatch `qualcode suggestions ACTION`."""
    from qualcode.cli.commands import _open

    with _open(args) as project:
        if args.action == "list":
            _list(project, args)
        else:
            _decide(project, args)
    return EXIT_OK


def _list(project: Project, args: argparse.Namespace) -> None:
    from rich.table import Table

    from qualcode.cli.output import escape, new_console
    from qualcode.domain.errors import shorten

    statuses = ("pending", "accepted", "dismissed") if args.status == "all" else (args.status,)
    rows = project.suggestions(document=args.document, statuses=statuses, codes=[args.code] if args.code else [])
    console = new_console(soft_wrap=True)
    if not rows:
        console.print(f"no {'' if args.status == 'all' else args.status + ' '}suggestions"
                      + ("" if args.status != "pending" else ": 'qualcode suggest' makes them from the keywords"))
        return
    texts: dict[str, str] = {}
    table = Table(title=f"{len(rows)} suggestion{'s' if len(rows) != 1 else ''}")
    for column in ("id", "code", "score", "status", "gemeente", "document", "sentence", "because of"):
        table.add_column(column, no_wrap=column in ("id", "score"), ratio=3 if column == "sentence" else None)
    for row in rows:
        text = texts.setdefault(row.document_guid, project.document_text(row.document_guid))
        status = row.status if row.status == "pending" else f"{row.status} by {row.decided_by}"
        table.add_row(row.guid[:SHORT_ID], escape(row.code_key), f"{row.score:.2f}", escape(status),
                      escape(row.case_name or "–"), escape(shorten(row.document_title, 30)),
                      escape(shorten(" ".join(text[row.start:row.end].split()), TEXT_WIDTH)),
                      escape(f"{row.source}: {row.evidence}"))
    console.print(table)


def _decide(project: Project, args: argparse.Namespace) -> None:
    from qualcode.cli.output import escape, new_console
    from qualcode.domain.errors import ProjectError

    if bool(args.ids) == bool(args.document):
        raise ProjectError(f"name the suggestions to {args.action}: their ids, or --document DOC for all pending in a "
                           "document", hint="'qualcode suggestions list' shows the ids")
    if args.code and not args.document:
        raise ProjectError("--code goes with --document", hint="give ids, or --document DOC --code ID")
    if args.document:
        guids = [s.guid for s in project.suggestions(document=args.document, codes=[args.code] if args.code else [])]
        if not guids:
            raise ProjectError("no pending suggestions in that document" + (" for that code" if args.code else ""),
                               hint="'qualcode suggestions list --status all' shows them all")
    else:
        guids = [project.resolve_suggestion(reference) for reference in args.ids]  # all named, or none done
    if args.action == "accept":
        decision = project.accept_suggestions(guids, coder=args.coder)
    else:
        decision = project.dismiss_suggestions(guids, coder=args.coder)
    console = new_console(soft_wrap=True)
    for suggestion in decision.decided:
        console.print(f"{suggestion.guid[:SHORT_ID]} {escape(suggestion.code_key)}: {decision.status}")
    for suggestion in decision.skipped:
        console.print(f"{suggestion.guid[:SHORT_ID]} {escape(suggestion.code_key)}: already {suggestion.status} "
                      f"by {escape(suggestion.decided_by or '?')}; left so")
    if decision.status == "accepted":
        console.print(f"{decision.codings_made} coding{'s' if decision.codings_made != 1 else ''} made; "
                      "'qualcode undo' takes it back")


def _measure(value: float | None) -> str:
    return "   –" if value is None else f"{value:.2f}"


def _cells(scores: Scores) -> str:
    return (f"{_measure(scores.precision)}  {_measure(scores.recall)}  {_measure(scores.f1)}  "
            f"{scores.true_positives:>4} {scores.false_hits:>4} {scores.misses:>4}")


def _print_evaluation(evaluation: Evaluation, show: list[str]) -> None:
    from qualcode.cli.output import escape, new_console
    from qualcode.domain.errors import shorten

    console = new_console(soft_wrap=True)
    console.print(f"Suggestions from {evaluation.source} against {escape(evaluation.coder)}'s codings: "
                  f"{evaluation.documents} documents {escape(evaluation.coder)} coded, {evaluation.sentences} "
                  f"respondent sentences in {evaluation.turns} turns (a sentence or turn carries a code when a "
                  "coding overlaps it)\n")
    width = max([len("micro-average"), *(len(row.code_key) for row in evaluation.codes)])
    measures = "   P     R    F1    tp   fp   fn"
    console.print(f"{'':<{width}}  {'sentences':<{len(measures)}}    turns")
    console.print(f"{'code':<{width}}  {measures}    {measures}")
    for row in evaluation.codes:
        console.print(f"{escape(row.code_key):<{width}}  {_cells(row.sentences)}    {_cells(row.turns)}")
    console.print(f"[bold]{'micro-average':<{width}}  {_cells(evaluation.sentence_micro)}    "
                  f"{_cells(evaluation.turn_micro)}[/]")
    console.print("tp: suggested and coded; fp: suggested only (false hits); fn: coded only (misses)")
    for kind, units in (("misses", evaluation.misses), ("false-hits", evaluation.false_hits)):
        if kind not in show:
            continue
        title = "Misses (coded, not suggested)" if kind == "misses" else "False hits (suggested, not coded)"
        console.print(f"\n{title}: {len(units)}")
        for unit in units:
            because = f"  [dim](keywords: {escape(unit.evidence)})[/]" if unit.evidence else ""
            console.print(f"  {escape(unit.code_key)}  [dim]{escape(unit.case_name or '–')} · "
                          f"{escape(shorten(unit.document_title, 30))}[/]  "
                          f"{escape(shorten(unit.text, 100))}{because}")
