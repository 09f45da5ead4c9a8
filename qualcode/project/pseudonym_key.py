"""The pseudonym key a researcher reviews (use cases of Project, a base class of it): scan for candidates, list,
set, ignore, export and import; every change one undoable event whose payload holds each entry's state before and
after. The stored transcript text never changes: an anonymised report reads the key (project.anonymity)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from qualcode.domain.errors import ProjectError, shorten
from qualcode.domain.spreadsheet_csv import spreadsheet_csv
from qualcode.project.base import ProjectBase
from qualcode.project.pseudonym_scan import DEFAULT_REPLACEMENTS, Mention, candidates, mentions
from qualcode.storage import pseudonyms as key_sql
from qualcode.storage.pseudonyms import KINDS, STATUSES, PseudonymState, folded
from qualcode.storage.records import EventRow
from qualcode.storage.store import Store

MAX_KEY_BYTES = 5_000_000
EXPORT_COLUMNS = ("real", "replacement", "kind", "status", "source", "found_in")


@dataclass(frozen=True)
class PseudonymEntry:
    """One entry of the key as the CLI and the workbench show it."""

    real: str
    replacement: str
    kind: str
    status: str
    source: str
    found_in: dict[str, int]  # document title → occurrences at the last scan

    @property
    def count(self) -> int:
        return sum(self.found_in.values())


@dataclass(frozen=True)
class KeyChange:
    """What one change to the key did: a sentence for the user and the entries it touched."""

    summary: str
    entries: tuple[PseudonymEntry, ...]


@dataclass(frozen=True)
class ScanResult:
    """What a scan did to the key."""

    added: int
    updated: int  # found again: counts renewed, the researcher's replacement and status kept
    by_kind: dict[str, int]


def _entry(state: PseudonymState) -> PseudonymEntry:
    return PseudonymEntry(state.real, state.replacement, state.kind, state.status, state.source, state.found_in)


def _record_change(store: Store, action: str, summary: str,
                   changes: list[tuple[str, PseudonymState | None, PseudonymState | None]], coder: str) -> None:
    """Write every entry's new state and the one event that undoes them; inside the caller's transaction."""
    for real, _, after in changes:
        key_sql.write(store, real, after)
    store.record_event(action, summary, {"changes": [
        {"real": real, "before": before.as_payload() if before else None,
         "after": after.as_payload() if after else None} for real, before, after in changes]}, coder)


def reverse(store: Store, event: EventRow) -> str | None:
    """Undo a change to the key: every entry back to its state before."""
    for change in event.payload["changes"]:
        before = change["before"]
        key_sql.write(store, change["real"], PseudonymState.from_payload(before) if before else None)
    return None


def replay(store: Store, event: EventRow) -> str | None:
    """Redo a change to the key: every entry to its state after."""
    for change in event.payload["changes"]:
        after = change["after"]
        key_sql.write(store, change["real"], PseudonymState.from_payload(after) if after else None)
    return None


def _check_replacement(real: str, replacement: str) -> str:
    replacement = " ".join(replacement.split())
    if not replacement:
        raise ProjectError(f"the replacement for '{shorten(real, 40)}' is empty",
                           hint="give what a report shows instead, e.g. R3, [naam], Gemeente B, [plaats]")
    if folded(real) and f" {folded(real)} " in f" {folded(replacement)} ":
        raise ProjectError(f"the replacement '{shorten(replacement, 40)}' contains the real form itself",
                           hint="choose a replacement that does not name it")
    return replacement


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ProjectError(f"'{shorten(kind, 30)}' is not a kind of the key", hint="use one of " + ", ".join(KINDS))
    return kind


class PseudonymUseCases(ProjectBase):
    """The pseudonym key: what an anonymised report replaces, reviewed by the researcher."""

    def pseudonyms(self, *, kind: str | None = None, status: str | None = None) -> list[PseudonymEntry]:
        """The key's entries, by kind and real form; only those of a kind or status when given."""
        if kind is not None:
            _check_kind(kind)
        if status is not None and status not in STATUSES:
            raise ProjectError(f"'{shorten(status, 30)}' is not a status", hint="use " + ", ".join(STATUSES))
        return [_entry(record.state) for record in key_sql.entries(self.store)
                if (kind is None or record.state.kind == kind) and (status is None or record.state.status == status)]

    def pseudonym(self, real: str) -> PseudonymEntry:
        record = key_sql.entry(self.store, real)
        if record is None:
            raise ProjectError(f"'{shorten(real, 40)}' is not in the pseudonym key",
                               hint="see 'qualcode pseudonyms list'; add it with 'qualcode pseudonyms set REAL "
                                    "REPLACEMENT --kind KIND'")
        return _entry(record.state)

    def pseudonym_mentions(self, real: str, limit: int = 50) -> list[Mention]:
        """The passages that name a real form, with the words around them (for reviewing the key)."""
        return mentions(self.store, real, limit)

    def scan_pseudonyms(self, *, deep: bool = False, coder: str | None = None) -> ScanResult:
        """Find candidates in every document and add them to the key (found; the project's people confirmed).

        An entry already in the key keeps its replacement and status; only where it was found is renewed.
        """
        found = candidates(self.store, self.config, self.root, deep=deep)
        changes: list[tuple[str, PseudonymState | None, PseudonymState | None]] = []
        added = updated = 0
        by_kind: dict[str, int] = {}
        with self.store.transaction():
            for candidate in found:
                record = key_sql.entry(self.store, candidate.real)
                counts = dict(sorted(candidate.found_in.items()))
                if record is None:
                    after = PseudonymState(candidate.real, candidate.kind, DEFAULT_REPLACEMENTS[candidate.kind],
                                           "confirmed" if candidate.confirmed else "found", candidate.source, counts)
                    added += 1
                    by_kind[candidate.kind] = by_kind.get(candidate.kind, 0) + 1
                elif record.state.found_in != counts:
                    old = record.state
                    after = PseudonymState(old.real, old.kind, old.replacement, old.status, old.source, counts)
                    updated += 1
                else:
                    continue
                changes.append((candidate.real, record.state if record else None, after))
            if changes:  # a scan that changes nothing leaves nothing to undo
                _record_change(self.store, "pseudonyms_scan", f"scanned for the pseudonym key: {added} added, "
                               f"{updated} found again", changes, self.coder(coder))
        return ScanResult(added, updated, by_kind)

    def set_pseudonym(self, real: str, replacement: str | None = None, *, kind: str | None = None,
                      coder: str | None = None) -> KeyChange:
        """Set what a real form becomes (confirmed); without a replacement, confirm the one it has.

        A form not yet in the key is added, which needs its kind.
        """
        real = " ".join(real.split())
        if not real:
            raise ProjectError("the real form is empty", hint="give the name, place or number as the text has it")
        with self.store.transaction():
            record = key_sql.entry(self.store, real)
            if record is None and kind is None:
                raise ProjectError(f"'{shorten(real, 40)}' is not in the pseudonym key yet",
                                   hint="add it with its kind: --kind " + "|".join(KINDS))
            new_kind = _check_kind(kind) if kind is not None else record.state.kind if record else "person"
            chosen = replacement if replacement is not None else (
                record.state.replacement if record else DEFAULT_REPLACEMENTS[new_kind])
            chosen = _check_replacement(real, chosen)
            before = record.state if record else None
            after = PseudonymState(before.real if before else real, new_kind, chosen, "confirmed",
                                   before.source if before else "set by hand", before.found_in if before else {})
            if before == after:
                raise ProjectError(f"'{shorten(real, 40)}' is already '{chosen}' and confirmed",
                                   hint="nothing was changed")
            summary = f"pseudonym: '{after.real}' → '{chosen}' ({new_kind})"
            _record_change(self.store, "pseudonym_set", summary, [(real, before, after)], self.coder(coder))
        return KeyChange(summary, (_entry(after),))

    def ignore_pseudonym(self, real: str, *, coder: str | None = None) -> KeyChange:
        """Let a real form stay in anonymised reports (a word that is no name; Den Haag as the government)."""
        with self.store.transaction():
            record = key_sql.entry(self.store, real)
            if record is None:
                self.pseudonym(real)  # raises the message for a form not in the key
                raise AssertionError("unreachable")
            before = record.state
            if before.status == "ignored":
                raise ProjectError(f"'{shorten(before.real, 40)}' is already ignored", hint="nothing was changed")
            after = PseudonymState(before.real, before.kind, before.replacement, "ignored", before.source,
                                   before.found_in)
            summary = f"pseudonym: '{before.real}' stays in anonymised reports"
            _record_change(self.store, "pseudonym_ignore", summary, [(real, before, after)], self.coder(coder))
        return KeyChange(summary, (_entry(after),))

    def export_pseudonyms(self) -> str:
        """The key as CSV (real, replacement, kind, status, source, found_in as 'title: n; …')."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for entry in self.pseudonyms():
            writer.writerow([entry.real, entry.replacement, entry.kind, entry.status, entry.source,
                             "; ".join(f"{title}: {count}" for title, count in entry.found_in.items())])
        return out.getvalue()

    def import_pseudonyms(self, path: Path, *, coder: str | None = None) -> KeyChange:
        """Read a key CSV (real and replacement; kind and status optional): every row checked first, then one
        undoable change. A row's real form already in the key changes that entry."""
        rows = _read_key_file(path)
        with self.store.transaction():
            changes: list[tuple[str, PseudonymState | None, PseudonymState | None]] = []
            for line, row in rows:
                record = key_sql.entry(self.store, row["real"])
                before = record.state if record else None
                kind = row.get("kind") or (before.kind if before else "")
                if not kind:
                    raise ProjectError(f"'{shorten(row['real'], 40)}' is not in the key and the row has no kind",
                                       file=str(path), line=line, hint="fill in the kind column; nothing was changed")
                after = PseudonymState(before.real if before else row["real"], kind, row["replacement"],
                                       row.get("status") or "confirmed", before.source if before else "imported",
                                       before.found_in if before else {})
                if after != before:
                    changes.append((row["real"], before, after))
            summary = f"imported the pseudonym key from {path.name}: {len(changes)} entries changed"
            if changes:
                _record_change(self.store, "pseudonyms_import", summary, changes, self.coder(coder))
        return KeyChange(summary, tuple(_entry(after) for _, _, after in changes if after))


def _read_key_file(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of a key CSV, each checked; a ProjectError naming the line of the first problem."""
    if not path.is_file():
        raise ProjectError("the key file does not exist", file=str(path), hint="check the path; nothing was changed")
    raw = path.read_bytes()
    if len(raw) > MAX_KEY_BYTES:
        raise ProjectError("the key file is larger than 5 MB", file=str(path), hint="is this the right file?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectError("the key file is not UTF-8 text", file=str(path),
                           hint="save it as CSV UTF-8; nothing was changed") from None
    read = spreadsheet_csv(text)
    reader = csv.DictReader(io.StringIO(read.text), delimiter=read.delimiter)
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    if "real" not in columns or "replacement" not in columns:
        raise ProjectError("the key file needs the columns real and replacement", file=str(path), line=read.first_line,
                           hint="export the key ('qualcode pseudonyms export') to see the layout; nothing was changed")
    rows: list[tuple[int, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for number, raw_row in enumerate(reader, start=read.first_line + 1):
        row = {str(name).strip().lower(): " ".join(str(value or "").split()) for name, value in raw_row.items()
               if name is not None}
        if not any(row.values()):
            continue
        real = row.get("real", "")
        if not real:
            raise ProjectError("a row without its real form", file=str(path), line=number,
                               hint="fill in the real column or remove the row; nothing was changed")
        try:
            row["replacement"] = _check_replacement(real, row.get("replacement", ""))
            if row.get("kind"):
                _check_kind(row["kind"])
        except ProjectError as error:
            raise ProjectError(error.message, file=str(path), line=number,
                               hint=(error.hint or "") + "; nothing was changed") from None
        if row.get("status") and row["status"] not in STATUSES:
            raise ProjectError(f"'{shorten(row['status'], 20)}' is not a status", file=str(path), line=number,
                               hint="use " + ", ".join(STATUSES) + "; nothing was changed")
        if folded(real) in seen:
            raise ProjectError(f"'{shorten(real, 40)}' is in the file twice (line {seen[folded(real)]} too)",
                               file=str(path), line=number, hint="keep one row per real form; nothing was changed")
        seen[folded(real)] = number
        rows.append((number, row))
    return rows
