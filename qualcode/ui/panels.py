"""The side panels of the workbench: documents by case, the codebook with counts, and the codings bar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from qualcode.project import NO_CASE, CodeRow, DocumentProgress
from qualcode.ui.transcript_layout import CodedSpan


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def short_title(title: str, case: str | None) -> str:
    """A document title without a leading case name (the tree already groups by case)."""
    if case:
        for prefix in (case, case.replace("'", "’")):
            if title.startswith(prefix) and title[len(prefix):].lstrip().startswith(("–", "-", ":")):
                return title[len(prefix):].lstrip().lstrip("–-:").strip()
    return title


class DocumentTree(Tree[str]):
    """Documents grouped by case; each shows the share of respondent turns coded, by anyone and by me."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Documents", id=id)
        self.show_root = False
        self.guide_depth = 2
        self._node_by_key: dict[str, TreeNode[str]] = {}
        self.border_title = "coded · by me · document"
        self._shown: dict[str, DocumentProgress] = {}

    def fill(self, progress: Sequence[DocumentProgress], current: str | None) -> None:
        """(Re)build the tree; keeps the current document highlighted."""
        self.clear()
        self._node_by_key = {}
        self._shown = {row.guid: row for row in progress}
        cases: dict[str, TreeNode[str]] = {}
        for row in progress:
            case = row.case_name or NO_CASE
            if case not in cases:
                cases[case] = self.root.add(Text(case, style="bold"), data="", expand=True)
            node = cases[case].add_leaf(self._label(row), data=row.guid)
            self._node_by_key[row.guid] = node
        if current in self._node_by_key:
            self.move_cursor(self._node_by_key[current])

    def document_order(self) -> list[str]:
        """The documents' guids in the order the list shows them."""
        return list(self._node_by_key)

    def sync(self, progress: Sequence[DocumentProgress], current: str | None) -> None:
        """Show these documents: rebuilt when one came, went, was renamed or moved to another case; else only
        new counts."""
        shown = [(guid, row.case_name, row.title) for guid, row in self._shown.items()]
        if [(row.guid, row.case_name, row.title) for row in progress] != shown:
            self.fill(progress, current)
        else:
            self.update_progress(progress)

    def update_progress(self, progress: Sequence[DocumentProgress]) -> None:
        for row in progress:
            node = self._node_by_key.get(row.guid)
            if node is not None and self._shown.get(row.guid) != row:
                self._shown[row.guid] = row
                node.set_label(self._label(row))

    def select_document(self, guid: str) -> None:
        if guid in self._node_by_key:
            self.move_cursor(self._node_by_key[guid])

    @staticmethod
    def _label(row: DocumentProgress) -> Text:
        """'76% 40% Jeroen Smit': coded by anyone, by me, then the title without the case name it repeats."""
        label = Text(no_wrap=True, overflow="ellipsis")
        label.append(f"{percent(row.coded_turns, row.respondent_turns):>4}", style="green")
        label.append(f" {percent(row.mine, row.respondent_turns):>4} ", style="dim")
        label.append(short_title(row.title, row.case_name))
        return label


@dataclass(frozen=True)
class CodeInfo:
    """A code as the panel shows it: its row, colour, type badge and label."""

    row: CodeRow
    colour: str
    badge: str
    type_label: str
    path: str


class CodebookPanel(Tree[str]):
    """The codebook tree with type badges and counts (this document / whole project)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Codebook", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.border_title = "type · here/all · code"
        self._shown_counts: dict[str, tuple[int, int]] = {}
        self._node_by_key: dict[str, TreeNode[str]] = {}
        self.codes: dict[str, CodeInfo] = {}

    def fill(self, codes: Sequence[CodeInfo], in_document: dict[str, int], in_project: dict[str, int]) -> None:
        self.clear()
        self._shown_counts = {}
        self.codes = {info.row.key: info for info in codes}
        self._node_by_key = {}
        for info in codes:
            parent = self._node_by_key.get(info.row.parent_key or "", self.root)
            node = parent.add(self._label(info, in_document, in_project), data=info.row.key, expand=True,
                              allow_expand=True)
            self._node_by_key[info.row.key] = node
        for node in self._node_by_key.values():
            if not node.children:
                node.allow_expand = False

    def update_counts(self, in_document: dict[str, int], in_project: dict[str, int]) -> None:
        """Relabel the codes whose counts changed (relabelling all of them costs a repaint per node)."""
        for key, node in self._node_by_key.items():
            counts = (in_document.get(key, 0), in_project.get(key, 0))
            if self._shown_counts.get(key) != counts:
                self._shown_counts[key] = counts
                node.set_label(self._label(self.codes[key], in_document, in_project))

    def highlight_code(self, key: str) -> None:
        if key in self._node_by_key and self.cursor_node is not self._node_by_key[key]:
            self.move_cursor(self._node_by_key[key])

    @property
    def highlighted_code(self) -> str | None:
        node = self.cursor_node
        return node.data if node is not None and node.data else None

    @staticmethod
    def _label(info: CodeInfo, in_document: dict[str, int], in_project: dict[str, int]) -> Text:
        label = Text(no_wrap=True, overflow="ellipsis")
        label.append("■", style=info.colour)
        label.append(f"{info.badge:>2} " if info.badge else "   ", style="bold")
        key = info.row.key
        if info.row.type is not None or in_project.get(key):
            label.append(f"{in_document.get(key, 0)}/{in_project.get(key, 0)} ", style="dim")
        label.append(info.row.name, style="bold" if not info.row.type else "")
        return label


def code_details(info: CodeInfo | None) -> Text:
    """The definition, include, exclude and example of a code, for the panel under the codebook."""
    if info is None:
        return Text("Highlight a code to read its definition.", style="dim")
    row = info.row
    text = Text()
    text.append(row.name, style=f"bold {info.colour}")
    text.append(f"\n{row.key}", style="dim")
    if info.type_label:
        text.append(f" · {info.badge} {info.type_label}", style="italic")
    for title, value in (("", row.description), ("Wel: ", row.include), ("Niet: ", row.exclude),
                         ("Voorbeeld: ", row.example)):
        if value:
            text.append("\n")
            if title:
                text.append(title, style="bold")
            text.append(value)
    return text


SAVING = " saving… "


class CodingsBar(Static):
    """The codings under the cursor (code, coder, memo) and the recent codes on keys 1-9; 'saving…' in its top
    border while a change waits to be stored (where the change will show once it is)."""

    def show_saving(self, saving: bool) -> None:
        # A border title: shown and hidden without a new layout of the screen.
        self.border_title = SAVING if saving else None

    def show_codings(self, codings: Sequence[CodedSpan], codes: dict[str, CodeInfo], where: str,
                     recent: Sequence[str]) -> None:
        lines = [Text(where, style="dim")]
        if not codings:
            lines.append(Text("No codings here — c or enter codes the selection", style="dim"))
        for position, coding in enumerate(codings[:3]):
            info = codes.get(coding.code_key)
            line = Text()
            line.append("■ ", style=coding.colour)
            if info and info.badge:
                line.append(f"{info.badge} ", style="bold")
            line.append(info.row.name if info else coding.code_key)
            line.append(f"  {coding.coder}", style="italic dim")
            if coding.memo:
                line.append(f"  ✎ {' '.join(coding.memo.split())}", style="yellow")
            if position == 2 and len(codings) > 3:
                line.append(f"  (+{len(codings) - 3} more)", style="dim")
            lines.append(line)
        if recent:
            line = Text()
            for number, key in enumerate(recent[:9], start=1):
                info = codes.get(key)
                name = info.row.name if info else key
                line.append(f"{number}", style="bold reverse")
                line.append(f" {name[:16]}{'…' if len(name) > 16 else ''} ", style=info.colour if info else "")
            lines.append(line)
        width = max(self.size.width - 2, 20)
        for line in lines:
            line.truncate(width, overflow="ellipsis")
        self.update(Text("\n").join(lines), layout=False)
