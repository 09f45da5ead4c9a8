"""Planning a merge's documents and codings: documents matched by GUID and version, else by the hash of a text
either copy holds (current or kept); a text corrected on one side becomes the newest version on both, and codings
made on an older text are re-anchored onto it (those that cannot be placed wait for review, never on other words).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qualcode.domain.errors import shorten
from qualcode.project import versions as version_ops
from qualcode.project.exchange_plan import counted
from qualcode.project.merge_plan import MergePlan, winner
from qualcode.storage.exchange_import import ImportCoding
from qualcode.storage.merge_read import Side, SideCoding, SideDocument
from qualcode.storage.store import now


@dataclass
class DocumentPlan:
    """Documents to add or to bring to the other copy's newer text, and the codings that come with them."""

    doc_map: dict[str, str] = field(default_factory=dict)  # their document GUID → mine
    new: list[tuple[str, str, str | None]] = field(default_factory=list)  # their GUID, source name here, case
    adopt: list[tuple[str, str]] = field(default_factory=list)  # (mine, theirs): their text as a new version here
    relink: list[tuple[str, str | None]] = field(default_factory=list)  # my document GUID, case GUID
    retitle: list[tuple[str, str]] = field(default_factory=list)
    codings: list[ImportCoding] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)  # coding_reviews rows of their flagged codings
    coding_memos: list[tuple[str, str]] = field(default_factory=list)  # coding GUID, the other copy's memo
    # their document GUID → (their text, my text, my version their text is, or None) when theirs re-anchor
    reanchor: dict[str, tuple[str, str, int | None]] = field(default_factory=dict)


def plan_documents(mine: Side, theirs: Side, plan: MergePlan) -> DocumentPlan:
    report = plan.report
    documents = DocumentPlan()
    plan.documents = documents
    by_hash: dict[str, str] = {}
    for document in mine.documents.values():
        for digest in document.kept:
            by_hash.setdefault(digest, document.guid)
    by_hash.update({document.text_hash: document.guid for document in mine.documents.values()})
    claimed: set[str] = set()
    names = {document.source_name for document in mine.documents.values()}
    for there in theirs.documents.values():
        here = mine.documents.get(there.guid)
        if here is None:
            match = next((by_hash[h] for h in (there.text_hash, *there.kept) if h in by_hash), None)
            here = mine.documents[match] if match is not None and match not in claimed and \
                match not in theirs.documents else None
        if here is None:
            if there.guid in mine.removed_documents:
                report.left_out.append(f"document '{shorten(there.title, 60)}': removed here; stays removed (with "
                                       f"its {counted(_count(theirs, there.guid), 'coding')} in the other copy)")
                continue
            name, number = there.source_name, 2
            while name in names:
                name, number = f"{there.source_name} ({number})", number + 1
            names.add(name)
            documents.new.append((there.guid, name, plan.case_map.get(there.case_guid or "")))
            documents.doc_map[there.guid] = there.guid
            continue
        claimed.add(here.guid)
        documents.doc_map[there.guid] = here.guid
        report.matched["documents"] += 1
        _compare_texts(mine, theirs, plan, here, there)
        _compare_facts(mine, theirs, plan, here, there)
    report.added["documents"] = len(documents.new)
    return documents


def _count(side: Side, document_guid: str) -> int:
    return sum(1 for coding in side.codings.values() if coding.document_guid == document_guid)


def _compare_texts(mine: Side, theirs: Side, plan: MergePlan, here: SideDocument, there: SideDocument) -> None:
    """Which text is the newest: one copy corrected it when its kept versions hold the other's text; corrected on
    both sides, the rule chooses."""
    report, documents = plan.report, plan.documents
    if here.text_hash == there.text_hash:
        return
    title = f"'{shorten(here.title, 60)}'"
    if there.text_hash in here.kept:
        newer = "mine"
    elif here.text_hash in there.kept:
        newer = "theirs"
    else:
        newer = winner(report.prefer, here.imported_at, there.imported_at, report.split)
        how = "the other copy has another text (a .qdpx keeps no versions)" if theirs.from_archive else \
            "its text was corrected in both copies"
        report.conflicts.append(f"{title}: {how}; took {'this project' if newer == 'mine' else 'the other copy'}'s "
                                "text")
    if newer == "theirs":
        their_text = theirs.text_of(there.guid)
        preview = version_ops.preview(mine.store, here.guid, their_text)
        documents.adopt.append((here.guid, there.guid))
        report.changed.append(f"{title}: the other copy's corrected text as version {preview.version_after}")
        if sum(preview.counts.values()):
            report.conflicts.append(f"{title}: corrected in the other copy, coded here; this project's codings "
                                    f"re-anchored to the corrected text: {preview.summary}"
                                    + (" (text changed or vanished: see 'qualcode documents review')"
                                       if preview.awaiting_review else ""))
        return
    documents.reanchor[there.guid] = (theirs.text_of(there.guid), mine.text_of(here.guid),
                                      here.kept.get(there.text_hash))


def _compare_facts(mine: Side, theirs: Side, plan: MergePlan, here: SideDocument, there: SideDocument) -> None:
    """A document's case and title: one copy's when the other has none, else the rule."""
    report, documents = plan.report, plan.documents
    title = f"'{shorten(here.title, 60)}'"
    their_case = plan.case_map.get(there.case_guid or "")
    if their_case is not None and their_case != here.case_guid:
        if here.case_guid is None:
            documents.relink.append((here.guid, their_case))
            report.changed.append(f"{title}: linked to its case, as in the other copy")
        else:
            side = winner(report.prefer, mine.document_edited.get(here.guid), theirs.document_edited.get(there.guid),
                          report.split)
            report.conflicts.append(f"{title} belongs to another case in each copy; "
                                    + ("kept this project's" if side == "mine" else "took the other copy's"))
            if side == "theirs":
                documents.relink.append((here.guid, their_case))
                report.changed.append(f"{title}: linked to the other copy's case")
    if there.title != here.title and not any(guid == here.guid for guid, _ in documents.adopt):
        side = winner(report.prefer, mine.document_edited.get(here.guid), theirs.document_edited.get(there.guid),
                          report.split)
        report.conflicts.append(f"{title} is called '{shorten(there.title, 60)}' in the other copy; "
                                + ("kept this project's title" if side == "mine" else "took that title"))
        if side == "theirs":
            documents.retitle.append((here.guid, there.title))
            report.changed.append(f"{title}: renamed '{shorten(there.title, 60)}'")


def plan_codings(mine: Side, theirs: Side, plan: MergePlan) -> None:
    """Codings by GUID, else by what they are (document, span, code, coder): each added once, onto the newest text."""
    report, documents = plan.report, plan.documents
    adopted = {mine_guid: their_guid for mine_guid, their_guid in documents.adopt}
    # The same work is the same words, code and coder: on a document taking the other copy's newer text, my codings
    # are compared where the re-anchoring will put them, not by their offsets in my older text.
    same_work: set[tuple[str, int | None, int | None, str, str]] = {
        (c.document_guid, c.start, c.end, c.code_guid, c.coder_guid) for c in mine.codings.values()
        if c.document_guid not in adopted}
    for mine_guid, their_guid in adopted.items():
        same_work |= _work_on_their_text(mine, theirs, mine_guid, their_guid)
    removed: dict[str, int] = {}
    uncoded: dict[str, int] = {}
    by_document: dict[str, list[SideCoding]] = {}
    for coding in theirs.codings.values():
        if coding.guid in mine.codings or coding.guid in mine.reviews:
            report.matched["codings"] += 1
            _compare_coding(mine, theirs, plan, coding)
            continue
        if coding.document_guid not in documents.doc_map:
            continue  # its document was left out, with a line that counts its codings
        if coding.guid in mine.removed_codings:
            removed[coding.document_guid] = removed.get(coding.document_guid, 0) + 1
            continue
        if coding.code_guid not in plan.code_map:
            uncoded[coding.code_guid] = uncoded.get(coding.code_guid, 0) + 1
            continue
        by_document.setdefault(coding.document_guid, []).append(coding)
    for their_guid, codings in by_document.items():
        document_guid = documents.doc_map[their_guid]
        placed = _placements(documents, their_guid, codings)
        counts: dict[str, int] = {}
        for coding, (start, end, status) in zip(codings, placed, strict=True):
            code, coder = plan.code_map[coding.code_guid], plan.coder_map[coding.coder_guid]
            if status != "vanished" and (document_guid, start, end, code, coder) in same_work:
                report.matched["codings"] += 1
                continue
            counts[status] = counts.get(status, 0) + 1  # only what comes in: a second merge says nothing again
            if status in ("text_changed", "vanished"):
                documents.reviews.append(_review_row(mine, documents, their_guid, document_guid, coding, code,
                                                     theirs.coders[coding.coder_guid], start, end, status))
            elif coding.guid in theirs.reviews and their_guid not in documents.reanchor:
                documents.reviews.append(_their_review(plan, theirs.reviews[coding.guid], document_guid))
            if status != "vanished":
                assert start is not None and end is not None
                documents.codings.append(ImportCoding(coding.guid, coding.selection_guid or coding.guid,
                                                      document_guid, start, end, code, coder, coding.created_at,
                                                      coding.memo))
        if their_guid in documents.reanchor and counts:
            title = shorten(mine.documents[document_guid].title, 60)
            summary = ", ".join(f"{n} {version_ops.STATUS_WORDS[s]}" for s, n in counts.items())
            report.conflicts.append(f"'{title}': corrected here, coded in the other copy; its codings re-anchored "
                                    f"to this project's text: {summary}" +
                                    (" (see 'qualcode documents review')" if {"text_changed", "vanished"} & set(counts)
                                     else ""))
    _waiting_there(mine, theirs, plan)
    _removed_there(mine, theirs, plan)
    for their_guid, count in removed.items():
        report.left_out.append(f"'{shorten(theirs.documents[their_guid].title, 60)}': {counted(count, 'coding')} "
                               "removed here; stay removed")
    for code_guid, count in uncoded.items():
        if code_guid not in theirs.codes:
            report.left_out.append(f"{counted(count, 'coding')} with code {code_guid}, which the other copy does "
                                   "not define")
    report.added["codings"] = len(documents.codings) + sum(1 for r in documents.reviews if r["status"] == "vanished")
    consensus_guids = {guid for guid, name in theirs.coders.items() if name in theirs.consensus_coders}
    settled = sum(1 for c in documents.codings if c.guid in theirs.codings
                  and theirs.codings[c.guid].coder_guid in consensus_guids)
    if settled:  # the review's decisions are the other copy's: here these are a coder's codings like any other
        report.left_out.append(f"the decisions of the other copy's consensus review ({counted(settled, 'coding')} of "
                               "its consensus coder came in): go on with that review in the copy where it started")


def _work_on_their_text(mine: Side, theirs: Side, mine_guid: str,
                        their_guid: str) -> set[tuple[str, int | None, int | None, str, str]]:
    """(document, start, end, code, coder) of my codings of a document as the re-anchoring will place them on the
    other copy's text (those whose words vanished are left out: they will wait for review)."""
    from qualcode.domain.anchoring import TextMap  # alignment (rapidfuzz) only when a text was corrected

    text_map = TextMap(mine.text_of(mine_guid), theirs.text_of(their_guid))
    work: set[tuple[str, int | None, int | None, str, str]] = set()
    for coding in mine.codings.values():
        if coding.document_guid == mine_guid:
            anchored = text_map.locate(coding.start, coding.end)
            if anchored.status != "vanished":
                work.add((mine_guid, anchored.start, anchored.end, coding.code_guid, coding.coder_guid))
    return work


def _removed_there(mine: Side, theirs: Side, plan: MergePlan) -> None:
    """This project's codings the other copy removed: removed here too when the rule prefers the other copy (newest:
    the removal came after the coding and its memo were last changed here), else kept; a line per document either
    way, so that nothing changes unsaid."""
    removed: dict[str, int] = {}
    kept: dict[str, int] = {}
    for guid, removed_at in theirs.removed_codings.items():
        coding = mine.codings.get(guid)
        if coding is None:
            continue
        changed_here = max(coding.created_at, mine.coding_memo_edited.get(guid, ""))
        if winner(plan.report.prefer, changed_here, removed_at, plan.report.split) == "theirs":
            plan.coding_deletes[guid] = removed_at
            removed[coding.document_guid] = removed.get(coding.document_guid, 0) + 1
        else:
            kept[coding.document_guid] = kept.get(coding.document_guid, 0) + 1
    for document_guid, count in removed.items():
        plan.report.changed.append(f"'{shorten(mine.documents[document_guid].title, 60)}': "
                                   f"{counted(count, 'coding')} the other copy removed; removed here too")
    for document_guid, count in kept.items():
        plan.report.conflicts.append(f"'{shorten(mine.documents[document_guid].title, 60)}': "
                                     f"{counted(count, 'coding')} the other copy removed; kept here by the rule "
                                     f"(--prefer {plan.report.prefer}" + ("; changed here since" if
                                                                         plan.report.prefer == "newest" else "")
                                     + ")")


def _their_review(plan: MergePlan, row: dict[str, Any], document_guid: str) -> dict[str, Any]:
    """The other copy's review row of a coding it brings, on this project's document and code."""
    code = row["code_guid"]
    return {**row, "document_guid": document_guid, "code_guid": plan.code_map.get(code, code) if code else None}


def _waiting_there(mine: Side, theirs: Side, plan: MergePlan) -> None:
    """Codings whose words vanished from a text in the other copy wait for review there: they wait here too."""
    documents, report = plan.documents, plan.report
    older: dict[str, int] = {}
    for guid, row in theirs.reviews.items():
        if row["status"] != "vanished" or guid in mine.codings or guid in mine.reviews or \
                guid in mine.removed_codings or row["document_guid"] not in documents.doc_map:
            continue
        if row["document_guid"] in documents.reanchor or row["code_guid"] not in plan.code_map:
            older[row["document_guid"]] = older.get(row["document_guid"], 0) + 1
            continue
        documents.reviews.append(_their_review(plan, row, documents.doc_map[row["document_guid"]]))
    for their_guid, count in older.items():
        report.left_out.append(f"'{shorten(theirs.documents[their_guid].title, 60)}': "
                               f"{counted(count, 'coding')} waiting for review in the other copy (their words "
                               "vanished from its text, or their code is not here): review them there")


def _placements(documents: DocumentPlan, their_guid: str,
                codings: list[SideCoding]) -> list[tuple[int | None, int | None, str]]:
    if their_guid not in documents.reanchor:
        return [(c.start, c.end, "unchanged") for c in codings]
    from qualcode.domain.anchoring import TextMap  # alignment (rapidfuzz) only when a text was corrected

    old_text, new_text, _ = documents.reanchor[their_guid]
    text_map = TextMap(old_text, new_text)
    placed: list[tuple[int | None, int | None, str]] = []
    for coding in codings:
        anchored = text_map.locate(coding.start, coding.end)
        placed.append((anchored.start, anchored.end, anchored.status))
    return placed


def _review_row(mine: Side, documents: DocumentPlan, their_guid: str, document_guid: str, coding: SideCoding,
                code: str, coder: str, start: int | None, end: int | None, status: str) -> dict[str, Any]:
    old_text, _, old_version = documents.reanchor[their_guid]
    here = mine.documents[document_guid]
    return {"coding_guid": coding.guid, "document_guid": document_guid, "status": status,
            "version": old_version if old_version is not None else here.version, "old_start": coding.start,
            "old_end": coding.end, "old_text": old_text[coding.start:coding.end], "new_version": here.version,
            "new_start": start, "new_end": end, "code_guid": code, "coder": coder, "created_at": coding.created_at,
            "memo": coding.memo, "selection_guid": coding.selection_guid, "flagged_at": now()}


def _compare_coding(mine: Side, theirs: Side, plan: MergePlan, coding: SideCoding) -> None:
    """One coding in both copies: its memo may differ (the only thing qualcode lets a coder edit in a coding)."""
    here = mine.codings.get(coding.guid)
    if here is None or (here.memo or "") == (coding.memo or "") or not coding.memo:
        return
    report = plan.report
    if here.memo and coding.memo in here.memo:
        return
    mine_at, theirs_at = mine.coding_memo_edited.get(coding.guid, ""), theirs.coding_memo_edited.get(coding.guid, "")
    grown = here.memo is not None and here.memo in coding.memo and theirs_at >= mine_at  # not a shortened memo here
    side = "theirs" if not here.memo or grown else winner(
        report.prefer, mine.coding_memo_edited.get(coding.guid), theirs.coding_memo_edited.get(coding.guid),
        report.split)
    if here.memo and side == "mine":
        report.conflicts.append(f"coding {coding.guid}: its memo differs; kept this project's (the other: "
                                f"'{shorten(coding.memo, 80)}')")
        return
    if here.memo:
        report.conflicts.append(f"coding {coding.guid}: its memo differs; took the other copy's (this project's "
                                f"was: '{shorten(here.memo, 80)}')")
    plan.documents.coding_memos.append((coding.guid, coding.memo))
    report.changed.append(f"coding {coding.guid}: the other copy's memo")
