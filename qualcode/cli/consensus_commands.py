"""`qualcode consensus --coders A B [--as NAME] [--unit U] [--document D | --code C] list|start|keep|edit`: settle
two coders' disagreements as the codings of a consensus coder, as the workbench's C does (Project.consensus_review,
start_consensus, settle_consensus).

- `list` prints the disagreements with their number, what each coder gave and what is settled ("12 of 40 settled").
- `start` gives the consensus coder what both coders agree on (a snapshot first; one undoable event).
- `keep ITEM a|b|both|neither` and `edit ITEM [CODE...]` decide one (ITEM: its number in `list`, or `next`); a
  review not started yet is started first. `qualcode undo` takes a decision back.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualcode.project import Project
    from qualcode.project.consensus import ConsensusItem, ConsensusReview

EXIT_OK = 0
TEXT_WIDTH = 60


def _options(parser: argparse.ArgumentParser, *, inner: bool) -> None:
    # The options are accepted before and after the action; on the action's parser they must not default, or
    # argparse would overwrite what was given before it.
    default: dict[str, Any] = {"default": argparse.SUPPRESS} if inner else {}
    parser.add_argument("--coders", nargs=2, metavar=("A", "B"),
                        help="the two coders whose differences are settled (A first)", **default)
    parser.add_argument("--as", dest="consensus", metavar="NAME",
                        help="the consensus coder the decisions code as (default: consensus)",
                        **(default or {"default": "consensus"}))
    parser.add_argument("--unit", choices=("sentence", "turn", "document"),
                        help="what is compared (default: sentence)", **(default or {"default": "sentence"}))
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--document", metavar="DOC", help="only this document's disagreements", **default)
    scope.add_argument("--code", metavar="ID", help="only the disagreements on this code", **default)
    parser.add_argument("--coder", help="who decides (recorded in the event log; undo belongs to this coder)",
                        **default)


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser,
                parser_class: type[argparse.ArgumentParser]) -> None:
    """Add `consensus ACTION` to the command parser."""
    consensus = commands.add_parser(
        "consensus", parents=[common], help="settle two coders' disagreements as a consensus coder's codings",
        description="Step through the units two coders coded differently (the disagreements of 'qualcode agreement "
                    "--disagreements') and decide each: keep A's codes, B's, both, neither, or edit. The result is "
                    "the codings of a consensus coder; what both coders agree on is given to it when the review "
                    "starts. Every decision is stored (a review goes on where it stopped) and undoable.")
    _options(consensus, inner=False)
    actions = consensus.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    listing = actions.add_parser("list", parents=[common], help="the disagreements, numbered, and what is settled")
    _options(listing, inner=True)
    listing.add_argument("--unsettled", action="store_true", help="only those not settled yet")
    start = actions.add_parser("start", parents=[common],
                               help="give the consensus coder what both coders agree on (a snapshot first)")
    _options(start, inner=True)
    keep = actions.add_parser("keep", parents=[common], help="decide one disagreement: a, b, both or neither")
    _options(keep, inner=True)
    keep.add_argument("item", metavar="ITEM", help="its number in 'list', or 'next' (the first not settled)")
    keep.add_argument("choice", choices=("a", "b", "both", "neither"),
                      help="a: A's codes, b: B's codes, both: all of them, neither: only what both gave")
    edit = actions.add_parser("edit", parents=[common], help="decide one disagreement: exactly these codes")
    _options(edit, inner=True)
    edit.add_argument("item", metavar="ITEM", help="its number in 'list', or 'next'")
    edit.add_argument("codes", nargs="*", metavar="CODE", help="the consensus codes of the unit (none: no code)")


def run(args: argparse.Namespace) -> int:
    """Run `consensus ACTION` on the project."""
    from qualcode.cli.commands import _open
    from qualcode.domain.errors import ProjectError

    if not getattr(args, "coders", None):
        raise ProjectError("consensus needs the two coders", hint="e.g. qualcode consensus --coders sanne tom list")
    with _open(args) as project:
        review = _review(project, args)
        if args.action == "list":
            _print_list(review, args.unsettled)
            return EXIT_OK
        if args.action == "start":
            _start(project, args)
            return EXIT_OK
        item = review.item(args.item)
        if not review.started:
            _start(project, args)
            review = _review(project, args)
            item = review.items[item.number - 1]
        choice, codes = ("edit", args.codes) if args.action == "edit" else (args.choice, [])
        settled = project.settle_consensus(item, review, choice, codes, coder=args.coder)
        after = project.refresh_consensus(review)
    _say(f"{item.number}. {settled.summary}")
    # The document's consensus codings are brought to all its decisions at once: after a corrected transcript that can
    # change codings of other units too (decisions whose words changed no longer count), so say what was written.
    _say(f"   consensus codings in this document: {settled.made} made, {settled.removed} removed")
    _say(f"{after.progress}" + ("" if after.first_unsettled() is None else
                                f"; next: {after.items[after.first_unsettled() or 0].number}"))
    return EXIT_OK


def _review(project: Project, args: argparse.Namespace) -> ConsensusReview:
    return project.consensus_review(args.coders, args.consensus, args.unit, document=args.document, code=args.code)


def _start(project: Project, args: argparse.Namespace) -> None:
    started = project.start_consensus(args.coders, args.consensus, args.unit, coder=args.coder)
    first, second = args.coders
    if started.made or started.removed:
        snapshot = f" (a snapshot first: {started.snapshot.name})" if started.snapshot else ""
        _say(f"gave {args.consensus} {started.made} codings {first} and {second} agree on"
             + (f", removed {started.removed}" if started.removed else "") + snapshot)
    else:
        _say(f"{args.consensus} already has every coding {first} and {second} agree on")


def _say(text: str) -> None:
    from qualcode.cli.output import new_console

    new_console(soft_wrap=True).print(text, markup=False, highlight=False)


def _print_list(review: ConsensusReview, unsettled: bool) -> None:
    from qualcode.cli.output import new_console

    console = new_console(soft_wrap=True)
    first, second = review.coders
    if not review.items:
        console.print(f"nothing to settle: {first} and {second} give every {review.unit} the same codes",
                      markup=False)
        return
    console.print(f"{first} (A) and {second} (B) → {review.consensus}, per {review.unit}: {review.progress}"
                  + ("" if review.started else " (not started: 'start' gives the agreed codings first)"),
                  markup=False, highlight=False)
    for item in review.items:
        if unsettled and item.settled:
            continue
        console.print(_line(item, review.consensus), markup=False, highlight=False)


def _line(item: ConsensusItem, consensus: str) -> str:
    flat = " ".join(item.text.split())
    text = flat if len(flat) <= TEXT_WIDTH else flat[:TEXT_WIDTH - 1] + "…"
    state = f"[{item.choice}]" if item.choice else "[ ]"
    codes = (f"A: {', '.join(item.a_codes) or '-'} | B: {', '.join(item.b_codes) or '-'}"
             + (f" | {consensus}: {', '.join(item.consensus_codes) or '-'}" if item.settled else ""))
    return f"{item.number:>4} {state:<9} {item.document_title} #{item.unit_number}: {text}\n       {codes}"
