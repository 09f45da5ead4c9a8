"""The input of every analysis: codebook, cases, documents and codings of a project as plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from qualcode.analysis.ordering import CodeTree, PassageOrder, code_tree
from qualcode.domain.model import CodeType
from qualcode.storage.records import CodeRow, Passage

if TYPE_CHECKING:
    from qualcode.analysis._index import CorpusIndex

NO_CASE = "(geen casus)"  # the row for passages in documents that belong to no case
UNKNOWN = "onbekend"  # the group for cases without a value of an attribute


@dataclass(frozen=True)
class CaseInfo:
    """A case (municipality) with its typed attributes, including the derived 'grootteklasse'."""

    name: str
    # int, float, bool, str, ISO date str, or list[str] for multi-valued attributes; None when empty.
    attributes: dict[str, object] = field(default_factory=dict)

    def value(self, attribute: str) -> object:
        """The attribute's value, matching its name case-insensitively; None when the case lacks it."""
        if attribute in self.attributes:
            return self.attributes[attribute]
        wanted = attribute.casefold()
        return next((v for k, v in self.attributes.items() if k.casefold() == wanted), None)

    def labels(self, attribute: str) -> tuple[str, ...]:
        """The attribute's value(s) as group labels: ('ja',) for True, one label per item of a list; () if missing."""
        return value_labels(self.value(attribute))


@dataclass(frozen=True)
class DocumentInfo:
    """A transcript: its case, date, length and who took part."""

    guid: str
    title: str
    case_name: str | None
    date: str | None  # ISO, or as written when it could not be read
    word_count: int
    participants: tuple[tuple[str, str | None, bool], ...] = ()  # (name, role, is_interviewer)


@dataclass(frozen=True)
class CodedCorpus:
    """Everything the analyses count: codes in tree order, types, cases, documents and every coding."""

    codes: tuple[CodeRow, ...]
    types: tuple[CodeType, ...]
    cases: tuple[CaseInfo, ...]
    documents: tuple[DocumentInfo, ...]
    passages: tuple[Passage, ...]
    sentences: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    turns: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    # For quotes: coding guid -> the sentences it overlaps, and the texts of coded documents (document guid ->
    # text). Without them a quote is the coded words as they are.
    quote_sentences: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def for_coder(self, coder: str | None) -> CodedCorpus:
        """The same corpus with only that coder's passages (None: everyone's)."""
        if coder is None:
            return self
        return replace(self, passages=tuple(p for p in self.passages if p.coder == coder))

    def case_names(self) -> list[str]:
        """Cases that have at least one document, sorted case-insensitively: the N in 'n van N'."""
        return list(self._case_names)

    def case(self, name: str) -> CaseInfo | None:
        """The case of that name (exact, else case-insensitive), or None."""
        exact, folded = self._cases_by_name
        return exact.get(name) or folded.get(name.casefold())

    def document(self, guid: str) -> DocumentInfo | None:
        """The document with that guid, or None."""
        return self._documents_by_guid.get(guid)

    @cached_property
    def _documents_by_guid(self) -> dict[str, DocumentInfo]:
        return {document.guid: document for document in self.documents}

    @cached_property
    def _case_names(self) -> tuple[str, ...]:
        names = {d.case_name for d in self.documents if d.case_name}
        return tuple(sorted(names, key=lambda name: (name.casefold(), name)))

    @cached_property
    def _cases_by_name(self) -> tuple[dict[str, CaseInfo], dict[str, CaseInfo]]:
        exact: dict[str, CaseInfo] = {}
        folded: dict[str, CaseInfo] = {}
        for case in self.cases:  # the first of equal names wins, as a search from the top would find it
            exact.setdefault(case.name, case)
            folded.setdefault(case.name.casefold(), case)
        return exact, folded

    def coders(self) -> list[str]:
        """Everyone who coded something, sorted."""
        return sorted({p.coder for p in self.passages})

    @cached_property
    def _memo(self) -> dict[str, object]:
        # Results that several reports of one corpus ask for (a synthesis and an appendix both need frequencies).
        return {}

    @cached_property
    def tree(self) -> CodeTree:
        """The codebook as a tree: tree order, depth, root theme, descendants (built once per corpus)."""
        return code_tree(self.codes)

    @cached_property
    def _order(self) -> PassageOrder:
        # Quotes need the passages in report order, not the pandas index: a report then loads no pandas.
        return PassageOrder(self.passages, self.tree.order)

    @cached_property
    def _index(self) -> CorpusIndex:
        # Built once per corpus and shared by every analysis: the frame and word runs are the costly part.
        from qualcode.analysis._index import build_index

        return build_index(self)


def value_labels(value: object) -> tuple[str, ...]:
    """Labels for an attribute value: bools as ja/nee, numbers without trailing zeros, lists item by item."""
    if value is None:
        return ()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return tuple(label for item in items for label in value_labels(item))
    if isinstance(value, bool):
        return ("ja" if value else "nee",)
    if isinstance(value, float):
        return (f"{value:g}",)
    if isinstance(value, date):
        return (value.isoformat(),)
    text = str(value).strip()
    return (text,) if text else ()
