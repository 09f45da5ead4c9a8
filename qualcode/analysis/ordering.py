"""The code tree and the report order of passages: plain lookups that every analysis shares, built without pandas.

The pandas index (analysis._index) takes its tree from here, and reports that need no frame (the synthesis, the
appendix) use these alone, so a report does not import pandas.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from qualcode.storage.records import CodeRow, Passage


@dataclass(frozen=True, eq=False)
class CodeTree:
    """The codebook as a tree: tree order, depth, root theme, children and each code's path up to its root."""

    keys: tuple[str, ...]  # codes in tree order
    order: dict[str, int]  # code key -> position in tree order (the first, should a key occur twice)
    depth: dict[str, int]
    root: dict[str, str]
    children: dict[str, list[str]]
    paths: dict[str, tuple[str, ...]]  # the code, its parent, … up to the root (a cycle in a damaged codebook ends it)

    def descendants(self, key: str) -> list[str]:
        """The code and everything below it, in tree order."""
        found, stack = [], [key]
        while stack:
            current = stack.pop()
            if current in found:
                continue  # a cycle in a damaged codebook must not hang a report
            found.append(current)
            stack.extend(self.children.get(current, []))
        return sorted(found, key=lambda k: self.order.get(k, len(self.order)))


def code_tree(codes: tuple[CodeRow, ...]) -> CodeTree:
    keys = tuple(code.key for code in codes)
    order = {key: position for position, key in reversed(list(enumerate(keys)))}
    parents = {code.key: code.parent_key for code in codes}
    children: dict[str, list[str]] = {}
    for code in codes:
        if code.parent_key is not None:
            children.setdefault(code.parent_key, []).append(code.key)
    depth, root, paths = {}, {}, {}
    for key in keys:
        path = [key]
        while (parent := parents.get(path[-1])) is not None and parent in parents and parent not in path:
            path.append(parent)
        depth[key], root[key], paths[key] = len(path) - 1, path[-1], tuple(path)
    return CodeTree(keys, order, depth, root, children, paths)


@dataclass(frozen=True, eq=False)
class PassageOrder:
    """The passages of a corpus in report order, and each code's passages in that order."""

    passages: tuple[Passage, ...]
    order: dict[str, int]  # code key -> position in tree order

    @cached_property
    def report_order(self) -> list[int]:
        """The positions (in passages) in report order: by case (none last), document title, document, position,
        then code in tree order and coder. Sorted once per corpus, so that no code's quotes need a sort of their own."""
        places: dict[str, tuple[bool, str, str, str]] = {}
        for p in self.passages:
            if p.document_guid not in places:
                case = p.case_name
                places[p.document_guid] = (case is None, (case or "").casefold(), p.document_title.casefold(),
                                           p.document_guid)
        document_rank = {guid: rank for rank, guid in enumerate(sorted(places, key=places.__getitem__))}
        last = len(self.order)
        order = self.order
        # Sorting built tuples is several times faster than sorting with a key function.
        keyed = [(document_rank[p.document_guid], p.start, p.end, order.get(p.code_key, last), p.code_key, p.coder, i)
                 for i, p in enumerate(self.passages)]
        keyed.sort()
        return [item[-1] for item in keyed]

    @cached_property
    def report_rank(self) -> list[int]:
        """Each passage's place in report order (the inverse of report_order)."""
        rank = [0] * len(self.passages)
        for position, i in enumerate(self.report_order):
            rank[i] = position
        return rank

    @cached_property
    def by_code(self) -> dict[str, list[int]]:
        """The positions (in passages) of each code key's passages, in report order."""
        found: dict[str, list[int]] = {}
        for i in self.report_order:
            found.setdefault(self.passages[i].code_key, []).append(i)
        return found
