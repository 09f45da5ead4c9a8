"""The key reference: every binding of the workbench with its id, grouped, for the help screen and README."""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding

from qualcode.ui.modals import HelpRow

GROUPS = {"cursor": "Move", "select": "Select", "code": "Code", "memo": "Code", "suggestion": "Code", "history": "Undo",
          "document": "Navigate", "find": "Navigate", "screen": "Screens", "app": "Screens"}
_KEY_NAMES = {"right_square_bracket": "]", "left_square_bracket": "[", "slash": "/", "question_mark": "?",
              "greater_than_sign": ">", "less_than_sign": "<"}

# The footer has room for a word; help and README say what a key does in full.
EXPLANATIONS = {
    "cursor.next": "Next sentence", "cursor.previous": "Previous sentence",
    "cursor.top": "First sentence of the document", "cursor.bottom": "Last sentence of the document",
    "cursor.page_down": "A screen further", "cursor.page_up": "A screen back",
    "cursor.next_uncoded": "Next respondent turn you have not coded yet",
    "cursor.previous_uncoded": "Previous respondent turn you have not coded yet",
    "select.grow": "Grow the selection by a sentence (shrinks it when it grew upward)",
    "select.shrink": "Move the selection's end back a sentence",
    "select.turn": "Select the whole speaker turn", "select.free": "Free selection, starting from the current one",
    "select.end_right": "Free selection: end one character further",
    "select.end_left": "Free selection: end one character earlier",
    "select.end_word_right": "Free selection: end at the next word end",
    "select.end_word_left": "Free selection: end at the previous word start",
    "select.start_word_right": "Free selection: start at the next word",
    "select.start_word_left": "Free selection: start at the previous word",
    "select.collapse": "Back to the sentence under the cursor",
    "code.pick": "Code picker: fuzzy search on names, ids and keywords; enter applies to the selection",
    "code.remove": "Remove your coding under the cursor (asks which when there are several)",
    "memo.edit": "Memo on the coding under the cursor, or on the document when there is none; in the codebook "
                 "(tab), on the highlighted code; the project's from ctrl+p",
    "code.quote": "Use the coding under the cursor as a quote: the synthesis quotes it first for its code "
                  "(again: no longer)",
    "suggestion.accept": "Accept the code suggested (◇, muted) for the sentence under the cursor: it becomes your "
                         "coding (asks which when there are several)",
    "suggestion.dismiss": "Dismiss the code suggested for the sentence under the cursor; it is not suggested again",
    "suggestion.accept_all": "Accept every code suggestion in this document (asks first)",
    "suggestion.dismiss_all": "Dismiss every code suggestion in this document (asks first)",
    "history.undo": "Undo your last change (unlimited, also after a restart); says what it undid",
    "history.redo": "Redo what you undid",
    "document.next": "Next document", "document.previous": "Previous document",
    "find.open": "Find in this document (also other forms of the word: gemeenten finds gemeente); shows n of N",
    "find.next": "Next match, word by word",
    "screen.retrieval": "Every coded passage of the highlighted code, filterable by case attribute",
    "screen.matrix": "Cases × codes matrix; enter on a cell lists its passages",
    "screen.search": "Search every transcript by lemma (KWIC lines); enter opens a hit, space marks, c codes the "
                     "marked hits' sentences",
    "screen.review": "Codings a corrected transcript left on changed words or without words: a accept, e adjust, "
                     "x remove",
    "screen.pseudonyms": "The pseudonym key an anonymised report uses, its findings in context: c confirm, i let "
                         "stay, e replacement, enter opens the passage",
    "screen.consensus": "Settle two coders' differences as a consensus coder's codings: a keep A, b keep B, "
                        "2 both, n neither, e edit, u undo, U redo, f narrow to this document or code; goes on "
                        "where it stopped",
    "app.help": "This key reference", "app.quit": "Quit (everything is already saved)",
}


def display_keys(keys: str) -> str:
    """'down,j' → 'down / j', with symbol names shown as the symbols."""
    return " / ".join(_KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


def workbench_bindings() -> list[Binding]:
    from qualcode.ui.transcript_view import TranscriptView
    from qualcode.ui.workbench import WorkbenchScreen

    bindings = [b for b in [*TranscriptView.BINDINGS, *WorkbenchScreen.BINDINGS] if isinstance(b, Binding)]
    return bindings


def help_rows(keymap: Mapping[str, str] | None = None) -> list[HelpRow]:
    """One row per binding id, in group order; a user's keymap replaces the default keys."""
    keymap = keymap or {}
    rows: list[HelpRow] = []
    seen: set[str] = set()
    for binding in workbench_bindings():
        binding_id = binding.id or ""
        if binding_id in seen:
            continue
        seen.add(binding_id)
        if binding_id.startswith("code.recent_"):
            if binding_id == "code.recent_1":
                rows.append(HelpRow("Code", "1 … 9", "Apply one of the nine most recently used codes",
                                    "code.recent_1 … code.recent_9"))
            continue
        group = GROUPS.get(binding_id.split(".")[0], "Other")
        rows.append(HelpRow(group, display_keys(keymap.get(binding_id, binding.key)),
                            EXPLANATIONS.get(binding_id, binding.description), binding_id))
    rows.append(HelpRow("Screens", "ctrl+p", "Command palette: open a document, apply a code, switch coder",
                        "command_palette"))
    order = list(dict.fromkeys(GROUPS.values()))
    return sorted(rows, key=lambda row: order.index(row.group) if row.group in order else len(order))


def all_binding_ids() -> set[str]:
    """Every binding id a user may remap in qualcode.toml: those of every screen, dialog and widget of qualcode.ui,
    found by walking the package, so that a new screen's keys are remappable without being listed here."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import qualcode.ui

    for module in pkgutil.walk_packages(qualcode.ui.__path__, "qualcode.ui."):
        importlib.import_module(module.name)
    ids = {binding.id for binding in workbench_bindings() if binding.id}
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        node = pending.pop()
        pending.extend(node.__subclasses__())
        if node.__module__.startswith("qualcode.ui."):
            ids |= {b.id for b in node.BINDINGS if isinstance(b, Binding) and b.id}
    return ids | {"app.quit_hard"}
