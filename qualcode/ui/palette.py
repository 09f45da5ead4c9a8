"""Command palette providers (ctrl+p): open a document, apply a code, switch coder, write a memo on the project or
a code."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from qualcode.ui.app import QualcodeApp


class _QualcodeProvider(Provider):
    @property
    def qualcode(self) -> QualcodeApp:
        from qualcode.ui.app import QualcodeApp

        assert isinstance(self.app, QualcodeApp)
        return self.app

    def entries(self) -> list[tuple[str, Callable[[], None], str]]:
        """(text to match, what to do, help line) for every command of this provider."""
        raise NotImplementedError

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, run, help_text in self.entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), run, help=help_text)

    async def discover(self) -> Hits:
        for text, run, help_text in self.entries():
            yield DiscoveryHit(text, run, help=help_text)


class DocumentCommands(_QualcodeProvider):
    """Open any document of the project."""

    def entries(self) -> list[tuple[str, Callable[[], None], str]]:
        app = self.qualcode
        return [(f"Open: {row.title}", partial(app.open_document, row.guid), f"gemeente {row.case_name or '–'}")
                for row in app.project.documents()]


class CodeCommands(_QualcodeProvider):
    """Apply a code to the current selection."""

    def entries(self) -> list[tuple[str, Callable[[], None], str]]:
        app = self.qualcode
        bench = app.workbench()
        if bench is None:
            return []
        return [(f"Apply code: {info.row.name}", partial(bench.apply, key), f"{info.type_label} · {key}".strip(" ·"))
                for key, info in app.codes.items() if info.row.type is not None or not app.has_children(key)]


class MemoCommands(_QualcodeProvider):
    """Write the memo of the project or of a code (codings and documents have theirs on key m)."""

    def entries(self) -> list[tuple[str, Callable[[], None], str]]:
        from qualcode.ui.memo_key import edit_code_memo, edit_project_memo

        bench = self.qualcode.workbench()
        if bench is None:
            return []
        return [("Memo on the project", partial(edit_project_memo, bench), "what the study is about, decisions"),
                *[(f"Memo on code: {info.row.name}", partial(edit_code_memo, bench, key),
                   "the synthesis uses it as the code's summary") for key, info in self.qualcode.codes.items()]]


class CoderCommands(_QualcodeProvider):
    """Switch the coder this workbench codes as (existing coders, or a new name typed after 'coder ')."""

    def entries(self) -> list[tuple[str, Callable[[], None], str]]:
        app = self.qualcode
        return [(f"Switch coder: {name}", partial(app.switch_coder, name), "undo, recent codes and 'me' follow")
                for name in app.project.coders() if name != app.coder]

    async def search(self, query: str) -> Hits:
        async for hit in super().search(query):
            yield hit
        words = query.split()
        known = self.qualcode.project.coders()
        if len(words) == 2 and words[0].lower() in ("coder", "codeur") and words[1] not in known:
            name = words[1]
            yield Hit(1.0, f"Switch to new coder: {name}", partial(self.qualcode.switch_coder, name),
                      help="adds a coder to this project")
