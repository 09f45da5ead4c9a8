"""The Textual application: QualcodeApp(project, coder), shared state, error handling and other screens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding, BindingType

from qualcode.project import Project
from qualcode.project.backups import ProjectFileGoneError
from qualcode.ui.app_support import FAILED, Failed, report_error
from qualcode.ui.documents import coded_spans
from qualcode.ui.help_rows import all_binding_ids, help_rows
from qualcode.ui.modals import HelpScreen, PickableCode, pickable_codes
from qualcode.ui.palette import CodeCommands, CoderCommands, DocumentCommands
from qualcode.ui.panels import CodeInfo
from qualcode.ui.transcript_layout import CodedSpan, code_colour
from qualcode.ui.workbench import WorkbenchScreen

Result = TypeVar("Result")
# How often to look whether another qualcode (a second coder) wrote to the project.
EXTERNAL_CHANGE_POLL_SECONDS = 2.0


class QualcodeApp(App[None]):
    """The coding workbench on one project, for one coder."""

    CSS_PATH = "qualcode.tcss"
    TITLE = "qualcode"
    COMMANDS = App.COMMANDS | {DocumentCommands, CodeCommands, CoderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", show=False, id="app.quit_hard")]

    def __init__(self, project: Project, coder: str) -> None:
        super().__init__()
        self.project = project
        self.coder = coder
        self.codes: dict[str, CodeInfo] = {}
        self.recent: list[str] = []
        self.pickable: list[PickableCode] = []
        self._children: set[str] = set()
        self._data_version = 0
        self._project_file_gone = False
        self.load_codebook()

    # -- state shared by the screens -----------------------------------------------------------------------
    def load_codebook(self) -> None:
        codebook = self.project.codebook()
        types = {t.key: t for t in codebook.types}
        rows = self.project.code_rows()
        self.codes = {}
        for position, row in enumerate(rows):
            code_type = types.get(row.type or "")
            self.codes[row.key] = CodeInfo(row, code_colour(row.colour, position), code_type.badge if code_type else "",
                                           code_type.label if code_type else "", codebook.path(row.key))
        self._children = {row.parent_key for row in rows if row.parent_key}
        # The picker lists what pickable_codes() makes of the codebook, in the colours the workbench shows.
        self.pickable = [replace(code, colour=self.colour_of(code.key)) for code in pickable_codes(codebook)]
        self.recent = self.project.recent_codes(self.coder)

    def reload_codebook_if_changed(self) -> bool:
        """Read the codebook again when another process changed it; True when it did."""
        rows = self.project.code_rows()
        if [info.row for info in self.codes.values()] == rows:
            return False
        self.load_codebook()
        return True

    def has_children(self, key: str) -> bool:
        return key in self._children

    def colour_of(self, key: str) -> str:
        info = self.codes.get(key)
        return info.colour if info else "#888888"

    def code_name(self, key: str) -> str:
        info = self.codes.get(key)
        return info.row.name if info else key

    def coded_spans(self, guid: str) -> list[CodedSpan]:
        return coded_spans(self.project, guid, self.colour_of)

    def recent_changed(self) -> None:
        self.recent = self.project.recent_codes(self.coder)

    def apply_coding(self, guid: str, start: int, end: int, key: str) -> object:
        coding = self.project.apply_coding(guid, start, end, key, self.coder)
        # No toast: the coding shows at once in the text and the codings bar, and a toast costs another layout.
        self.recent = [key, *[k for k in self.recent if k != key][:8]]
        return coding

    def guard(self, work: Callable[[], Result]) -> Result | Failed:
        """Run a change; a store or input error becomes a notification, never a crash."""
        try:
            return work()
        except Exception as error:
            report_error(self, error)
        return FAILED

    # -- lifecycle -----------------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.title = f"qualcode — {self.project.config.name}"
        self.sub_title = f"coder: {self.coder}"
        self._apply_keymap()
        self._data_version = self.project.data_version()
        self.push_screen(WorkbenchScreen())
        self.set_interval(EXTERNAL_CHANGE_POLL_SECONDS, self._look_for_other_writers)

    def _apply_keymap(self) -> None:
        keys = self.project.config.keys
        if not keys:
            return
        known = all_binding_ids()
        unknown = sorted(set(keys) - known)
        if unknown:
            self.notify(f"qualcode.toml [keys]: unknown binding id(s) {', '.join(unknown)}; see ? for the ids",
                        severity="warning", timeout=8)
        self.set_keymap({binding_id: value for binding_id, value in keys.items() if binding_id in known})

    def _look_for_other_writers(self) -> None:
        if self._project_file_gone:
            return  # said once and kept on screen; the store refuses every change from now on
        try:
            version: int | Failed = self.project.data_version()
        except ProjectFileGoneError as error:
            self._project_file_gone = True
            self.notify(str(error), title="Not saving: the project file is gone", severity="error", timeout=3600)
            return
        except Exception as error:
            report_error(self, error)
            return
        if isinstance(version, int) and version != self._data_version:
            self._data_version = version
            bench = self.workbench()
            if bench is not None:
                self.guard(bench.external_change)

    def switch_coder(self, name: str) -> None:
        self.coder = name
        self.sub_title = f"coder: {name}"
        self.recent_changed()
        self.notify(f"You now code as {name}.")
        for screen in self.screen_stack:
            if isinstance(screen, WorkbenchScreen):
                screen.reload_codings()

    # -- other screens -------------------------------------------------------------------------------------
    def workbench(self) -> WorkbenchScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, WorkbenchScreen):
                return screen
        return None

    def open_document(self, guid: str, offset: int | None = None) -> None:
        bench = self.workbench()
        if bench is not None:
            self.guard(lambda: bench.open_document(guid, offset))

    def _jump(self, target: tuple[str, int] | None) -> None:
        if target is not None:
            self.open_document(*target)

    def open_retrieval(self, code_key: str) -> None:
        from qualcode.ui.retrieval import RetrievalScreen

        self.push_screen(RetrievalScreen(self.project, code_key), self._jump)

    def open_matrix(self) -> None:
        from qualcode.ui.matrix import MatrixScreen

        self.push_screen(MatrixScreen(self.project), self._jump)

    def open_help(self) -> None:
        self.push_screen(HelpScreen(help_rows(self.project.config.keys)))  # the keys as the user remapped them


def run_workbench(root: Path, coder: str | None) -> None:
    """Open the workbench on the project at root (used by 'qualcode code' and 'qualcode demo')."""
    project = Project.open(root)
    try:
        name = project.coder(coder)
        QualcodeApp(project, name).run()
    finally:
        project.close()
