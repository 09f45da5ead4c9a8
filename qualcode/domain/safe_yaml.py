"""One bounded YAML loader for codebooks and front matter: aliases, nesting depth and tags are limited.

PyYAML's safe loader refuses Python objects but still expands aliases without limit (a few hundred bytes of
"billion laughs" become gigabytes), follows recursive aliases into endless recursion and accepts tags such as
!!binary, !!set or !!timestamp that no codebook or transcript header needs. This loader composes the document
event by event and stops at the first of these, naming the line and what to do.
"""

from __future__ import annotations

from typing import Any

import yaml

from qualcode.domain.errors import QualcodeError

MAX_ALIASES = 100  # a hand-written codebook reuses a list of keywords now and then, never hundreds of times
MAX_EXPANDED_VALUES = 100_000  # values the document would hold with every alias written out
MAX_DEPTH = 64  # nested lists and mappings; a codebook's tree of themes is a few levels deep
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


def short_tag(tag: str) -> str:
    """'tag:yaml.org,2002:binary' as the user typed it: '!!binary'."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


class _BoundedLoader(yaml.SafeLoader):
    """A safe loader whose composer counts aliases, the values they stand for, and the nesting depth."""

    def __init__(self, text: str, error: type[QualcodeError], what: str, line_offset: int) -> None:
        super().__init__(text)
        self._error = error
        self._what = what
        self._line_offset = line_offset
        self._depth = 0
        self._aliases = 0
        self._values = 0
        self._open_anchors: set[str] = set()
        self._weights: dict[int, int] = {}

    def _fail(self, message: str, mark: Any, hint: str) -> QualcodeError:
        line = None if mark is None else mark.line + 1 + self._line_offset
        return self._error(message, line=line, hint=hint)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            return self._alias(event, parent, index)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _PLAIN_TAGS:
            raise self._fail(f"the tag '{short_tag(str(tag))[:60]}' is not allowed in {self._what}",
                             event.start_mark, "remove the tag: only plain text, lists and 'key: value' fields "
                             "are read (quote a value that starts with '!')")
        self._values += 1
        self._check_values(event.start_mark)
        is_collection = isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent)
        anchor = getattr(event, "anchor", None)
        if is_collection:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise self._fail(f"{self._what} is nested too deeply (more than {MAX_DEPTH} levels)",
                                 event.start_mark, "nest lists and fields a few levels deep at most")
            if anchor is not None:
                self._open_anchors.add(anchor)
        node = super().compose_node(parent, index)
        if is_collection:
            self._depth -= 1
            self._open_anchors.discard(anchor or "")
        if isinstance(node, yaml.MappingNode):
            for key, _value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise self._fail(f"a key must be plain text in {self._what}", key.start_mark,
                                     "write 'key: value' with a word or a quoted text as the key")
        return node

    def _alias(self, event: yaml.AliasEvent, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        anchor = str(event.anchor)
        if anchor in self._open_anchors:
            raise self._fail(f"the alias '*{anchor[:60]}' refers to itself (a value that contains itself)",
                             event.start_mark, "write the value out instead of using an anchor '&' and alias '*'")
        self._aliases += 1
        if self._aliases > MAX_ALIASES:
            raise self._fail(f"too many aliases ('*…') in {self._what} (more than {MAX_ALIASES})",
                             event.start_mark, "write the values out instead of repeating anchors with '*'")
        node = super().compose_node(parent, index)
        self._values += 0 if node is None else self._weight(node)
        self._check_values(event.start_mark)
        return node

    def _check_values(self, mark: Any) -> None:
        if self._values > MAX_EXPANDED_VALUES:
            raise self._fail(f"too many aliases: {self._what} would hold more than {MAX_EXPANDED_VALUES:,} values "
                             "with its aliases written out", mark,
                             "write the values out instead of nesting anchors '&' and aliases '*'")

    def _weight(self, node: yaml.Node) -> int:
        """How many values a node stands for with every alias in it written out (memoised: aliases share nodes)."""
        known = self._weights.get(id(node))
        if known is not None:
            return known
        weight = 1
        if isinstance(node, yaml.SequenceNode):
            weight += sum(self._weight(item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            weight += sum(self._weight(key) + self._weight(value) for key, value in node.value)
        self._weights[id(node)] = weight
        return weight


def compose_bounded(text: str, *, error: type[QualcodeError], what: str, line_offset: int = 0) -> yaml.Node | None:
    """Compose one YAML document within the limits; raises `error` (with a line) when a limit is passed.

    Syntax errors are left to the caller as yaml.YAMLError, which says best what is wrong with the text."""
    loader = _BoundedLoader(text, error, what, line_offset)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load_bounded(text: str, *, error: type[QualcodeError], what: str, line_offset: int = 0) -> Any:
    """Load one YAML document within the limits into plain Python values (dates as the safe loader reads them)."""
    loader = _BoundedLoader(text, error, what, line_offset)
    try:
        node = loader.get_single_node()
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()
