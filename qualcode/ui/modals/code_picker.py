"""A modal code picker: fuzzy search over code names, ids and keywords, with the highlighted code's definition."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content, Span
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from qualcode.domain.model import BUILTIN_TYPES, Codebook

# A keyword hit counts for less than an equally good hit on the name or the id, so names rank first,
# while an exact keyword still beats letters scattered over a long name.
KEYWORD_WEIGHT = 0.7
PATH_SEPARATOR = " › "


@dataclass(frozen=True)
class PickableCode:
    """One entry of the picker: what is shown, searched and returned (the key)."""

    key: str
    name: str
    badge: str = ""
    type_label: str = ""
    path: str = ""
    description: str = ""
    include: str = ""
    exclude: str = ""
    example: str = ""
    keywords: tuple[str, ...] = ()
    colour: str | None = None
    selectable: bool = True


def pickable_codes(codebook: Codebook, *, english: bool = False) -> list[PickableCode]:
    """The codebook's codes in codebook order; a theme (no type) with children is not selectable."""
    types = {code_type.key: code_type for code_type in codebook.types}
    parent_keys = {code.parent_key for code in codebook.codes if code.parent_key is not None}
    pickables: list[PickableCode] = []
    for code in codebook.codes:
        badge, type_label = "", ""
        if code.type is not None:
            if code.type in types:
                code_type = types[code.type]
                badge, type_label = code_type.badge, code_type.label_en if english else code_type.label
            elif code.type in BUILTIN_TYPES:
                label, label_en, badge = BUILTIN_TYPES[code.type]
                type_label = label_en if english else label
            else:
                type_label = code.type
        pickables.append(
            PickableCode(
                key=code.key, name=code.name, badge=badge, type_label=type_label,
                path=codebook.path(code.key, PATH_SEPARATOR), description=code.description, include=code.include,
                exclude=code.exclude, example=code.example, keywords=code.keywords, colour=code.colour,
                selectable=code.type is not None or code.key not in parent_keys,
            )
        )
    return pickables


def _colour_style(colour: str | None) -> str:
    if colour:
        try:
            return Color.parse(colour).hex
        except ColorParseError:
            pass
    return "dim"


def code_detail(code: PickableCode) -> Content:
    """The definition of a code as shown in the picker's detail pane (all plain text, no markup)."""
    parts: list[str | tuple[str, str]] = [("■ ", _colour_style(code.colour)), (code.name, "bold"), "  "]
    parts.append((code.key, "dim"))
    if code.path:
        parts.append(("\n" + code.path, "dim"))
    if code.type_label:
        parts += ["\n", (f"[{code.badge}] " if code.badge else "", "bold"), code.type_label]
    if code.description:
        parts.append("\n\n" + code.description)
    for heading, body in (("Include", code.include), ("Exclude", code.exclude), ("Example", code.example)):
        if body:
            parts += [(f"\n\n{heading}\n", "bold"), (body, "italic" if heading == "Example" else "")]
    if code.keywords:
        parts += [("\n\nKeywords ", "bold"), (", ".join(code.keywords), "dim")]
    return Content.assemble(*parts)


class CodePicker(ModalScreen[str | None]):
    """Pick one code by typing; dismisses with the code's key, or None on escape."""

    DEFAULT_CSS = """
    CodePicker { align: center middle; }
    CodePicker > #picker-frame {
        width: 85%; height: 85%; border: thick $primary; background: $surface; padding: 0 1;
    }
    CodePicker #picker-title { text-style: bold; width: 1fr; }
    CodePicker #picker-body { height: 1fr; }
    CodePicker #picker-list { width: 11fr; height: 1fr; border: none; }
    CodePicker #picker-detail { width: 9fr; height: 1fr; padding: 0 0 0 1; border-left: solid $primary-muted; }
    CodePicker #picker-hint { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("enter", "apply", "Apply code", id="picker.apply"),
        Binding("up", "move(-1)", "Previous match", id="picker.up", show=False),
        Binding("down", "move(1)", "Next match", id="picker.down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="picker.page_up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="picker.page_down", show=False),
    ]

    def __init__(self, codes: Sequence[PickableCode], *, title: str = "Apply code") -> None:
        super().__init__()
        self._title = title
        self._codes = [code for code in codes if code.selectable]
        self._shown: list[PickableCode] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-frame"):
            yield Label(Content(self._title), id="picker-title")
            yield Input(placeholder="type to search names, ids, keywords", id="picker-input")
            with Horizontal(id="picker-body"):
                option_list = OptionList(id="picker-list")
                # Focus stays in the Input; the list follows the up/down bindings of this screen.
                option_list.can_focus = False
                yield option_list
                with VerticalScroll(id="picker-detail"):
                    yield Static(id="picker-detail-text", markup=False)
            yield Label("↑↓ move · enter apply · esc cancel", id="picker-hint")

    def on_mount(self) -> None:
        self._refilter("")
        self.query_one("#picker-input", Input).focus()

    def matches(self, query: str) -> list[PickableCode]:
        """Selectable codes matching the query, best first; all of them in codebook order for an empty query."""
        return self._rank(Matcher(query.strip()))

    def _rank(self, matcher: Matcher) -> list[PickableCode]:
        if not matcher.query:
            return list(self._codes)
        scored: list[tuple[float, int]] = []
        for index, code in enumerate(self._codes):
            score = max(matcher.match(code.name), matcher.match(code.key))
            for keyword in code.keywords:
                score = max(score, KEYWORD_WEIGHT * matcher.match(keyword))
            if score > 0:
                scored.append((-score, index))
        scored.sort()
        return [self._codes[index] for _, index in scored]

    @staticmethod
    def _prompt(code: PickableCode, matcher: Matcher) -> Content:
        # Built as Content with spans (not Rich Text): rebuilding 300 prompts per keystroke stays cheap.
        badge = code.badge or " "
        name_start = 3 + len(badge)
        key_start = name_start + len(code.name) + 2
        spans = [Span(0, 1, _colour_style(code.colour)), Span(2, 2 + len(badge), "bold")]
        if matcher.query:
            _, offsets = matcher.fuzzy_search.match(matcher.query, code.name)
            spans.extend(Span(name_start + offset, name_start + offset + 1, "bold underline") for offset in offsets)
        spans.append(Span(key_start, key_start + len(code.key), "dim"))
        return Content(f"■ {badge} {code.name}  {code.key}", spans)

    def _refilter(self, query: str) -> None:
        option_list = self.query_one("#picker-list", OptionList)
        query = query.strip()
        matcher = Matcher(query)
        self._shown = self._rank(matcher)
        if self._shown:
            option_list.set_options(Option(self._prompt(code, matcher)) for code in self._shown)
            option_list.highlighted = 0
        else:
            message = f"no code matches '{query}'" if query else "no codes to choose from"
            option_list.set_options([Option(Content.styled(message, "italic"), disabled=True)])
            option_list.highlighted = None
        self._show_detail()

    def _show_detail(self) -> None:
        highlighted = self.query_one("#picker-list", OptionList).highlighted
        code = self._shown[highlighted] if highlighted is not None and highlighted < len(self._shown) else None
        self.query_one("#picker-detail-text", Static).update(code_detail(code) if code else "")
        self.query_one("#picker-detail", VerticalScroll).scroll_home(animate=False)

    @on(Input.Changed, "#picker-input")
    def _query_changed(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    @on(Input.Submitted, "#picker-input")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    @on(OptionList.OptionHighlighted, "#picker-list")
    def _highlight_changed(self) -> None:
        self._show_detail()

    @on(OptionList.OptionSelected, "#picker-list")
    def _option_clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_apply()

    def action_move(self, step: int) -> None:
        option_list = self.query_one("#picker-list", OptionList)
        if not self._shown:
            return
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    def action_page(self, step: int) -> None:
        option_list = self.query_one("#picker-list", OptionList)
        if not self._shown:
            return
        # Wrapped names take several lines, so a page of options is at most the list's height.
        page = max(1, option_list.scrollable_content_region.height - 1)
        current = option_list.highlighted or 0
        option_list.highlighted = min(max(current + step * page, 0), len(self._shown) - 1)

    def action_apply(self) -> None:
        highlighted = self.query_one("#picker-list", OptionList).highlighted
        if highlighted is None or highlighted >= len(self._shown):
            return
        self.dismiss(self._shown[highlighted].key)

    def action_cancel(self) -> None:
        self.dismiss(None)
