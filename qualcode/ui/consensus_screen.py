"""ConsensusScreen: step through two coders' disagreements and settle each as the codings of a consensus coder
(Project.consensus_review / start_consensus / settle_consensus): a keep A, b keep B, 2 both, n neither, e edit
(the code picker toggles one consensus code of the unit), u undo, U redo, j/k move, f narrows to this document or
code, enter opens the unit in its transcript.

Opening it starts the review (the agreed codings go to the consensus coder; a review started before only gets what
changed in the coders' codings since, usually nothing) and goes to the first disagreement not settled; every
decision is stored on the writer thread, one undoable event each.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from qualcode.domain.consensus import CHOICE_LABELS
from qualcode.project import Project
from qualcode.project.coding import UndoResult
from qualcode.project.consensus import ConsensusItem, ConsensusReview, Settled, Started
from qualcode.ui.app_support import Saving, guarded
from qualcode.ui.modals.code_picker import CodePicker, PickableCode
from qualcode.ui.modals.line_prompt import LinePrompt

SCOPES = ("all", "document", "code")


class ConsensusNamePrompt(LinePrompt):
    """Ask for the consensus coder's name (default: consensus); dismisses with it, or None on escape."""

    DEFAULT_CSS = """
    ConsensusNamePrompt { align: center middle; }
    ConsensusNamePrompt > #consensus-name-frame {
        width: 70%; height: auto; border: thick $primary; background: $surface; padding: 0 1;
    }
    ConsensusNamePrompt #consensus-name-title { text-style: bold; }
    ConsensusNamePrompt #consensus-name-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="consensus.name_cancel")]

    def __init__(self, coders: tuple[str, str], initial: str = "consensus") -> None:
        super().__init__(initial, prefix="consensus-name",
                         title=f"Settle the differences of {coders[0]} (A) and {coders[1]} (B) as the codings of",
                         placeholder="the consensus coder's name",
                         hint="enter opens the review (a review stopped earlier goes on where it stopped) · esc cancel")


class ConsensusScreen(Screen[tuple[str, int] | None]):
    """One disagreement at a time with its context, A's and B's codes, the consensus and the progress; dismisses
    with (document guid, offset) to open a unit in its transcript."""

    DEFAULT_CSS = """
    ConsensusScreen #consensus-progress { height: auto; padding: 0 1; background: $boost; text-style: bold; }
    ConsensusScreen #consensus-where { height: auto; padding: 0 1; color: $text-muted; }
    ConsensusScreen #consensus-text-frame {
        height: auto; max-height: 70%; padding: 0 1; border-top: solid $primary-background;
    }
    ConsensusScreen #consensus-codes { height: auto; padding: 0 1; border-top: solid $primary-background; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "settle('a')", "Keep A", id="consensus.keep_a"),
        Binding("b", "settle('b')", "Keep B", id="consensus.keep_b"),
        Binding("2", "settle('both')", "Both", id="consensus.both"),
        Binding("n", "settle('neither')", "Neither", id="consensus.neither"),
        Binding("e", "edit", "Edit", id="consensus.edit"),
        Binding("u,ctrl+z", "undo", "Undo", id="consensus.undo"),
        Binding("U,ctrl+y", "redo", "Redo", show=False, id="consensus.redo"),
        Binding("j,down", "move(1)", "Next", id="consensus.next"),
        Binding("k,up", "move(-1)", "Previous", id="consensus.previous"),
        Binding("f", "scope", "Narrow", id="consensus.scope"),
        Binding("enter", "open", "Open in transcript", id="consensus.open", priority=True),
        Binding("escape,q", "close", "Close", id="consensus.close"),
    ]

    def __init__(self, project: Project, coder: str, coders: tuple[str, str], consensus: str = "consensus",
                 unit: str = "sentence", pickable: Sequence[PickableCode] = (),
                 review: ConsensusReview | None = None) -> None:
        """review: the review as just read (by whoever opens the screen and wanted its refusals first), if any."""
        super().__init__()
        self.project = project
        self.coder = coder
        self.coders = coders
        self.consensus = consensus
        self.unit = unit
        self.pickable = list(pickable)
        self.scope = "all"
        self.scope_value: str | None = None
        self.review = review
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="consensus-progress")
        yield Static(id="consensus-where")
        with VerticalScroll(id="consensus-text-frame"):
            yield Static(id="consensus-text")
        yield Static(id="consensus-codes")
        yield Footer()

    @guarded
    def on_mount(self) -> None:
        self.load(first_unsettled=True, again=self.review is not None)
        if self.review is not None:  # a new review gets the agreed codings; a started one writes only what changed
            coders, consensus, unit, coder = self.coders, self.consensus, self.unit, self.coder
            self._saving().save(lambda project: project.start_consensus(coders, consensus, unit, coder=coder),
                                self._started, lambda: self.load(again=True))

    def _saving(self) -> Saving:
        return cast("Saving", self.app)  # QualcodeApp in the workbench

    def _started(self, started: Started) -> None:
        if started.made or started.removed:
            removed = f" ({started.removed} no longer wanted were removed)" if started.removed else ""
            self.app.notify(f"{self.consensus} was given the {started.made} codings {self.coders[0]} and "
                            f"{self.coders[1]} agree on{removed} (a snapshot was made first); u undoes it",
                            title="Consensus")
        self.load(again=True)

    # -- reading -------------------------------------------------------------------------------------------
    def load(self, *, first_unsettled: bool = False, at: tuple[str, int] | None = None, again: bool = False) -> None:
        """Read the review (again: only its decisions, after one was taken or undone); go to the first unsettled
        item, to a unit, or stay at the same number."""
        if again and self.review is not None:
            self.review = self.project.refresh_consensus(self.review)
        else:
            document = self.scope_value if self.scope == "document" else None
            code = self.scope_value if self.scope == "code" else None
            self.review = self.project.consensus_review(self.coders, self.consensus, self.unit, document=document,
                                                        code=code)
        items = self.review.items
        if at is not None:
            self.index = next((i for i, item in enumerate(items) if (item.document_guid, item.start) == at),
                              self.index)
        elif first_unsettled:
            found = self.review.first_unsettled()
            self.index = found if found is not None else 0
        self.index = max(0, min(self.index, len(items) - 1))
        self.show()

    def current(self) -> ConsensusItem | None:
        if self.review is None or not self.review.items:
            return None
        return self.review.items[self.index]

    def show(self) -> None:
        review = self.review
        if review is None:
            return
        first, second = review.coders
        narrowed = {"all": "all documents", "document": "this document", "code": f"code {self.scope_value}"}
        self.query_one("#consensus-progress", Static).update(
            f"{first} (A) × {second} (B) → {review.consensus} · per {review.unit} · {narrowed[self.scope]} · "
            f"{review.progress}")
        item = self.current()
        if item is None:
            self.query_one("#consensus-where", Static).update("")
            self.query_one("#consensus-text", Static).update(
                f"Nothing to settle: {first} and {second} give every {review.unit} here the same codes.")
            self.query_one("#consensus-codes", Static).update("")
            return
        case = f" · {item.case}" if item.case else ""
        self.query_one("#consensus-where", Static).update(
            f"{item.number} of {len(review.items)} · {item.document_title}{case} · {review.unit} {item.unit_number}")
        text = Text()
        text.append(item.before, style="dim")
        text.append(item.text, style="bold reverse")
        text.append(item.after, style="dim")
        self.query_one("#consensus-text", Static).update(text)
        self.query_one("#consensus-codes", Static).update(self._codes(item, review))

    def _codes(self, item: ConsensusItem, review: ConsensusReview) -> Text:
        differing = set(item.a_codes) ^ set(item.b_codes)
        codes = Text()
        for label, keys in ((f"A {review.coders[0]}", item.a_codes), (f"B {review.coders[1]}", item.b_codes),
                            (review.consensus, item.consensus_codes)):
            codes.append(f"{label:<16}", style="bold")
            if not keys:
                codes.append("(no code)", style="italic")
            for position, key in enumerate(keys):
                codes.append(", " if position else "")
                codes.append(f"{review.code_names.get(key, key)} ({key})",
                             style="yellow" if key in differing else "")
            codes.append("\n")
        state = (f"settled: {CHOICE_LABELS[item.choice]}" if item.choice else
                 "not settled — a keep A · b keep B · 2 both · n neither · e edit")
        codes.append(state, style="green" if item.choice else "italic")
        return codes

    # -- moving --------------------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if self.review is not None and self.review.items:
            self.index = max(0, min(self.index + step, len(self.review.items) - 1))
            self.show()

    @guarded
    def action_scope(self) -> None:
        """All disagreements → this document's → this code's (the first one in dispute here) → all."""
        item = self.current()
        following = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]
        if item is None or following == "all":
            self.scope, self.scope_value = "all", None
        elif following == "document":
            self.scope, self.scope_value = "document", item.document_guid
        else:
            self.scope, self.scope_value = "code", sorted(set(item.a_codes) ^ set(item.b_codes))[0]
        self.load(at=(item.document_guid, item.start) if item else None)

    def action_open(self) -> None:
        item = self.current()
        if item is not None:
            self.dismiss((item.document_guid, item.start))

    def action_close(self) -> None:
        self.dismiss(None)

    # -- deciding ------------------------------------------------------------------------------------------
    @guarded
    def action_settle(self, choice: str, codes: tuple[str, ...] = ()) -> None:
        item, review = self.current(), self.review
        if item is None or review is None:
            return
        coder = self.coder
        self._saving().save(lambda project: project.settle_consensus(item, review, choice, codes, coder=coder),
                            lambda done: self._settled(item, done), lambda: self.load(again=True))

    def _settled(self, item: ConsensusItem, done: Settled) -> None:
        self.app.notify(f"{done.summary}; u undoes it", title="Consensus")
        self.load(at=(item.document_guid, item.start), again=True)
        review = self.review
        if review is not None:  # on to the next one not settled, after this one (else the first)
            later = [i for i, other in enumerate(review.items) if not other.settled and i > self.index]
            found = later[0] if later else review.first_unsettled()
            if found is not None:
                self.index = found
            self.show()

    @guarded
    def action_edit(self) -> None:
        """The code picker: the code picked goes into this unit's consensus codes, or out when it is in."""
        item = self.current()
        if item is None:
            return
        now = ", ".join(item.consensus_codes) or "no code"
        picker = CodePicker(self.pickable, title=f"Put a code in or out of the consensus here (now: {now})")

        def picked(key: str | None) -> None:
            if key is not None:
                codes = set(item.consensus_codes) ^ {key}
                self.action_settle("edit", tuple(sorted(codes)))

        self.app.push_screen(picker, picked)

    @guarded
    def action_undo(self) -> None:
        coder = self.coder
        self._saving().save(lambda project: project.undo(coder), self._undone, lambda: self.load(again=True))

    @guarded
    def action_redo(self) -> None:
        coder = self.coder
        self._saving().save(lambda project: project.redo(coder), lambda result: self._undone(result, "redo"),
                            lambda: self.load(again=True))

    def _undone(self, result: UndoResult | None, what: str = "undo") -> None:
        if result is None:
            self.app.notify(f"nothing to {what} for {self.coder}", title="Consensus")
            self.load(again=True)
            return
        self.app.notify(result.summary, title="Consensus")
        place = (result.document_guid, result.start) if result.document_guid and result.start is not None else None
        self.load(at=place, again=True)
