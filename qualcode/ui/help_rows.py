"""The key reference: every binding of the workbench with its id, grouped, for the help screen and README."""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding

from qualcode.ui.modals import HelpRow

GROUPS = {"cursor": "Move", "select": "Select", "code": "Code", "memo": "Code", "history": "Undo",
          "document": "Navigate", "find": "Navigate", "screen": "Screens", "app": "Screens"}
_KEY_NAMES = {"right_square_bracket": "]", "left_square_bracket": "[", "slash": "/", "question_mark": "?",
              "greater_than_sign": ">", "less_than_sign": "<"}


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
        rows.append(HelpRow(group, display_keys(keymap.get(binding_id, binding.key)), binding.description,
                            binding_id))
    rows.append(HelpRow("Screens", "ctrl+p", "Command palette: open a document, apply a code, switch coder",
                        "command_palette"))
    order = list(dict.fromkeys(GROUPS.values()))
    return sorted(rows, key=lambda row: order.index(row.group) if row.group in order else len(order))
