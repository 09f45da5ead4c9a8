"""The modal screens of the coding workbench: code picker, memo editor, chooser, help and find prompt."""

from __future__ import annotations

from qualcode.ui.modals.chooser import Chooser
from qualcode.ui.modals.code_picker import CodePicker, PickableCode, code_detail, pickable_codes
from qualcode.ui.modals.find_prompt import FindPrompt
from qualcode.ui.modals.help_screen import HelpRow, HelpScreen
from qualcode.ui.modals.memo_editor import MemoEditor

__all__ = [
    "Chooser",
    "CodePicker",
    "FindPrompt",
    "HelpRow",
    "HelpScreen",
    "MemoEditor",
    "PickableCode",
    "code_detail",
    "pickable_codes",
]
