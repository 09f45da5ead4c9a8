"""The Textual application: QualcodeApp(project, coder), shared state, saving, error handling and other screens.

The app's Project is read on the UI thread; changes are stored by a WriteQueue (qualcode/ui/writes.py) on a
thread and a connection of their own, so that a write waiting for another process's lock never freezes the screen.
"""

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
from qualcode.ui.palette import CodeCommands, CoderCommands, DocumentCommands, MemoCommands
from qualcode.ui.panels import CodeInfo, CodingsBar
from qualcode.ui.transcript_layout import CodedSpan, code_colour
from qualcode.ui.workbench import WorkbenchScreen
from qualcode.ui.writes import Job, JobDone, WriteQueue

Result = TypeVar("Result")
# How often to look whether another qualcode (a second coder) wrote to the project.
EXTERNAL_CHANGE_POLL_SECONDS = 2.0
# A change still not stored after this long shows 'saving…' (shown at once, every quick write would flicker).
SAVING_DELAY_SECONDS = 0.15


class QualcodeApp(App[None]):
    """The coding workbench on one project, for one coder."""

    CSS_PATH = "qualcode.tcss"
    TITLE = "qualcode"
    COMMANDS = App.COMMANDS | {DocumentCommands, CodeCommands, CoderCommands, MemoCommands}
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
        self.writes: WriteQueue | None = None
        self._writer_error: Exception | None = None
        self._unsaved: list[Job] = []  # changes handed to the writer and not yet stored (or failed), oldest first
        self._poll_pending = False
        self._close_when_saved = False
        self._close_without_saving = False
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

    def note_applied(self, key: str) -> None:
        """A coding with this code was stored: the code heads the recent codes.

        No toast: the coding shows in the text and the codings bar, and a toast costs another layout."""
        self.recent = [key, *[k for k in self.recent if k != key][:8]]

    def guard(self, work: Callable[[], Result]) -> Result | Failed:
        """Run work on the UI thread; a store or input error becomes a notification, never a crash."""
        try:
            return work()
        except Exception as error:
            report_error(self, error)
        return FAILED

    # -- storing changes off the UI thread -----------------------------------------------------------------
    def save(self, work: Callable[[Project], Result], then: Callable[[Result], None],
             failed: Callable[[], None] | None = None) -> None:
        """Store a change on the writer thread; then(result) runs on the UI thread once it is stored.

        Changes are stored one at a time, in the order they were made (so an undo right after a coding undoes
        that coding). An error becomes a notification, as in guard(); failed() then shows what the database holds.
        """
        if self.writes is None:
            report_error(self, self._writer_error or RuntimeError("the workbench cannot store changes"))
            return
        job = Job(work, then, lambda error: self._change_failed(error, failed), change=True)
        self._unsaved.append(job)
        self.writes.submit(job)
        self.set_timer(SAVING_DELAY_SECONDS, lambda: self._still_saving(job))

    @property
    def unsaved_changes(self) -> int:
        """How many changes are waiting to be stored."""
        return len(self._unsaved)

    def on_job_done(self, message: JobDone) -> None:
        job = message.job
        if job.change:
            self._unsaved.remove(job)
        if message.error is None:
            self.guard(lambda: job.then(message.result))
        else:
            job.failed(message.error)
        if job.change and not self._unsaved:
            self._show_saving(False)
            if self._close_when_saved:
                self.exit()

    def _change_failed(self, error: Exception, failed: Callable[[], None] | None) -> None:
        report_error(self, error)
        if failed is not None:
            self.guard(failed)

    def _still_saving(self, job: Job) -> None:
        if job in self._unsaved:
            self._show_saving(True)

    def _show_saving(self, saving: bool) -> None:
        bench = self.workbench()
        if bench is not None:
            bench.query_one(CodingsBar).show_saving(saving)

    def _start_writer(self) -> None:
        """Open the project a second time for the writer thread, and take the daily snapshot there if it is due."""
        try:
            writer = Project.open(self.project.root)
        except Exception as error:
            self._writer_error = error
            report_error(self, error)
            return
        try:
            # What the writer's connection sees as written by others (not by itself) from here on is news.
            self._data_version = writer.data_version()
        except Exception as error:
            writer.close()
            self._writer_error = error
            report_error(self, error)
            return
        self.writes = WriteQueue(writer, self.post_message)
        # Before any keypress: the copy is made now, on the writer thread, instead of at the day's first change.
        self.writes.submit(Job(lambda project: project.take_daily_snapshot(), lambda _: None,
                               lambda error: report_error(self, error), change=False))

    async def action_quit(self) -> None:
        """Close; a change still waiting to be stored is waited for, unless quit is asked for again."""
        if self._unsaved and not self._close_when_saved:
            self._close_when_saved = True
            self._show_saving(True)
            self.notify("qualcode closes once your change is stored; press q again to close without it.",
                        title="Saving…", timeout=30)
            return
        self._close_without_saving = bool(self._unsaved)
        self.exit()

    def on_unmount(self) -> None:
        if self.writes is not None:
            # Whatever was handed to the writer is stored before the project closes, unless the user chose not
            # to wait for it.
            self.writes.stop(wait=not self._close_without_saving)

    # -- lifecycle -----------------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.title = f"qualcode — {self.project.config.name}"
        self.sub_title = f"coder: {self.coder}"
        self._apply_keymap()
        self._start_writer()
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
        """Ask the writer's connection whether another connection wrote: the reader's would also count ours."""
        if self._project_file_gone or self._poll_pending or self.writes is None:
            return  # a file gone is said once and kept on screen; the store refuses every change from now on
        self._poll_pending = True
        self.writes.submit(Job(lambda project: project.data_version(), self._version_read, self._version_failed,
                               change=False))

    def _version_read(self, version: int) -> None:
        self._poll_pending = False
        if version != self._data_version:
            self._data_version = version
            bench = self.workbench()
            if bench is not None:
                self.guard(bench.external_change)

    def _version_failed(self, error: Exception) -> None:
        self._poll_pending = False
        if isinstance(error, ProjectFileGoneError):
            self._project_file_gone = True
            self.notify(str(error), title="Not saving: the project file is gone", severity="error", timeout=3600)
        else:
            report_error(self, error)

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

    def open_passage(self, target: tuple[str, int] | None) -> None:
        """The callback of a screen that dismisses with (document guid, offset) to open there, or None."""
        if target is not None:
            self.open_document(*target)

    def open_retrieval(self, code_key: str) -> None:
        from qualcode.ui.retrieval import RetrievalScreen

        self.push_screen(RetrievalScreen(self.project, code_key), self.open_passage)

    def open_matrix(self) -> None:
        from qualcode.ui.matrix import MatrixScreen

        self.push_screen(MatrixScreen(self.project), self.open_passage)

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
