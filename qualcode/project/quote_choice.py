"""'Use as quote': a researcher marks a coding whose passage the synthesis must quote for its code.

The choice lives in the database (table chosen_quotes, m005), as one undoable event like every other workbench
action: the workbench writes it on its writer thread, a second coder's window sees it on the next poll, undo and
redo take it back and forth, and the event log says who chose what. reports/synthesis.toml stays the researcher's
own text file (qualcode never rewrites it, so its comments and order survive); its [code.ID] quotes are read as well
and come before the quotes chosen here.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.domain.errors import ProjectError
from qualcode.storage import codings as coding_sql
from qualcode.storage import quote_spans as quote_sql
from qualcode.storage.records import EventRow
from qualcode.storage.store import Store, now

ACTIONS = ("choose_quote",)
EXCERPT = 40


@dataclass(frozen=True)
class QuoteChoice:
    """What choosing (or unchoosing) did: the coding, its code, and whether it is chosen now."""

    coding_guid: str
    code_key: str
    chosen: bool
    changed: bool  # False when it already was as asked (no event written)
    text: str  # the coded words, shortened


@dataclass(frozen=True)
class ChosenQuote:
    """A coding chosen as a quote, for `qualcode quotes list`."""

    coding_guid: str
    code_key: str
    document_title: str
    case_name: str | None
    text: str
    chosen_by: str
    chosen_at: str


def choose(store: Store, coding_guid: str, chosen: bool, coder: str) -> QuoteChoice:
    """Mark or unmark a coding as a chosen quote: one transaction with one undoable event (none if unchanged)."""
    with store.transaction():
        row = coding_sql.coding_by_guid(store, coding_guid)
        if row is None:
            raise ProjectError(f"no coding '{coding_guid}'", hint="'qualcode codings list' shows the codings' ids")
        text = _short(quote_sql.coded_text(store, row.document_guid, row.start, row.end))
        before = quote_sql.is_chosen(store, row.guid)
        if before == chosen:
            return QuoteChoice(row.guid, row.code_key, chosen, False, text)
        quote_sql.set_chosen(store, row.guid, coder, now() if chosen else None)
        verb = "chose" if chosen else "unchose"
        store.record_event("choose_quote", f"{verb} '{text}' as a quote for {row.code_key}",
                           {"coding_guid": row.guid, "code": row.code_key, "before": before, "after": chosen,
                            "document_guid": row.document_guid, "start": row.start}, coder)
    return QuoteChoice(row.guid, row.code_key, chosen, True, text)


def reverse(store: Store, event: EventRow) -> str | None:
    """Undo a choice: back to how it was before (a note when the coding is gone)."""
    return _set(store, event, bool(event.payload["before"]))


def replay(store: Store, event: EventRow) -> str | None:
    """Redo a choice."""
    return _set(store, event, bool(event.payload["after"]))


def _set(store: Store, event: EventRow, chosen: bool) -> str | None:
    guid = event.payload["coding_guid"]
    if coding_sql.coding_by_guid(store, guid) is None:
        return "the coding no longer exists"
    quote_sql.set_chosen(store, guid, event.coder or "", now() if chosen else None)
    return None


def chosen_by_code(store: Store) -> dict[str, tuple[str, ...]]:
    """Code key → the guids of its codings chosen as quotes, in the order they were chosen (existing codings only)."""
    by_code: dict[str, list[str]] = {}
    for guid in quote_sql.chosen_quotes(store):
        row = coding_sql.coding_by_guid(store, guid)
        if row is not None:
            by_code.setdefault(row.code_key, []).append(guid)
    return {key: tuple(guids) for key, guids in by_code.items()}


def chosen_list(store: Store, code_key: str | None = None) -> list[ChosenQuote]:
    """The chosen quotes (of one code, or all), oldest choice first."""
    from qualcode.storage.documents import documents

    titles = {d.guid: (d.title, d.case_name) for d in documents(store)}
    listed = []
    for guid, (coder, at) in quote_sql.chosen_quotes(store).items():
        row = coding_sql.coding_by_guid(store, guid)
        if row is None or (code_key is not None and row.code_key != code_key):
            continue
        title, case = titles.get(row.document_guid, ("?", None))
        listed.append(ChosenQuote(row.guid, row.code_key, title, case,
                                  quote_sql.coded_text(store, row.document_guid, row.start, row.end), coder, at))
    return listed


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT - 1] + "…"

