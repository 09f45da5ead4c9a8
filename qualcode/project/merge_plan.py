"""Planning a merge of another copy into this project: coders, codebook, cases and memos matched by GUID, every
difference a conflict resolved by the rule (mine, theirs, newest), every item left out a line in the report.

Pure planning over two `Side`s: nothing here writes. Documents and codings are planned in merge_documents.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from qualcode.domain.errors import shorten
from qualcode.project.exchange_plan import counted
from qualcode.storage.exchange_import import ImportCase, ImportCode, ImportCoder, ImportCodeType, ImportMemo
from qualcode.storage.merge_read import Side, SideCode, SideMemo

PREFER = ("newest", "mine", "theirs")
ADDED_KINDS = ("coders", "codes", "cases", "documents", "codings", "memos")


@dataclass
class MergeReport:
    """What a merge added, matched, changed and left out, and every conflict with how the rule resolved it."""

    other: str
    prefer: str
    dry_run: bool
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ADDED_KINDS, 0))
    matched: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ADDED_KINDS, 0))
    changed: list[str] = field(default_factory=list)  # what this project took over from the other
    conflicts: list[str] = field(default_factory=list)  # each with its resolution
    left_out: list[str] = field(default_factory=list)  # what was not brought in, and why
    snapshot: str | None = None
    event_id: int | None = None
    split: str | None = None  # when the two copies were last one project (their newest shared event), if known

    @property
    def writes(self) -> bool:
        """Whether applying the plan changes anything (a merge that brings nothing new writes nothing)."""
        return any(self.added.values()) or bool(self.changed)


@dataclass
class MergePlan:
    """Rows to add and to change in this project, in their GUIDs, and the report that says why."""

    report: MergeReport
    coder_map: dict[str, str] = field(default_factory=dict)  # their coder GUID → mine
    code_map: dict[str, str] = field(default_factory=dict)  # their code GUID → mine (absent: not brought in)
    coders: list[ImportCoder] = field(default_factory=list)
    types: list[ImportCodeType] = field(default_factory=list)
    codes: list[ImportCode] = field(default_factory=list)
    code_updates: list[SideCode] = field(default_factory=list)  # their content under my GUID
    code_deletes: list[str] = field(default_factory=list)  # keys of unused codes the other copy deleted
    code_extras: list[SideCode] = field(default_factory=list)  # added codes: what an ImportCode row lacks
    variables: list[tuple[str, str, str, str]] = field(default_factory=list)  # guid, name, type, description
    cases: list[ImportCase] = field(default_factory=list)
    case_map: dict[str, str] = field(default_factory=dict)
    attributes: list[tuple[str, str, str, str]] = field(default_factory=list)  # case guid, name, type, JSON value
    case_renames: list[tuple[str, str, str]] = field(default_factory=list)  # case guid, name, key
    memos: list[ImportMemo] = field(default_factory=list)
    memo_updates: list[tuple[str, str, str]] = field(default_factory=list)  # my memo GUID, text, updated_at
    coding_deletes: dict[str, str] = field(default_factory=dict)  # my codings the other copy removed → when it did
    documents: Any = None  # merge_documents.DocumentPlan


def winner(prefer: str, mine_at: str | None, theirs_at: str | None, split: str | None = None) -> str:
    """'mine' or 'theirs' by the rule; newest compares times (UTC ISO strings) and keeps mine on a tie or when a
    time is unknown. With `split` (the newest event both copies' logs share: when they were last one project), an
    item changed since in one copy only takes that change, whatever the rule: the rule is for changes on both sides."""
    if split is not None:
        mine_since = mine_at is not None and mine_at > split
        theirs_since = theirs_at is not None and theirs_at > split
        if mine_since != theirs_since:
            return "mine" if mine_since else "theirs"
    if prefer in ("mine", "theirs"):
        return prefer
    if theirs_at and (not mine_at or theirs_at > mine_at):
        return "theirs"
    return "mine"


def _kept(side: str) -> str:
    return "kept this project's" if side == "mine" else "took the other copy's"


def plan_coders(mine: Side, theirs: Side, plan: MergePlan) -> None:
    """Coders by GUID, else by name (a name is unique); the rest are added."""
    names = {name: guid for guid, name in mine.coders.items()}
    for guid, name in theirs.coders.items():
        if guid in mine.coders:
            plan.coder_map[guid] = guid
        elif name in names:
            plan.coder_map[guid] = names[name]
        else:
            plan.coders.append(ImportCoder(guid, name))
            plan.coder_map[guid] = guid
            names[name] = guid
    plan.report.added["coders"] = len(plan.coders)


def plan_codebook(mine: Side, theirs: Side, plan: MergePlan, used_here: dict[str, int],
                  used_there: dict[str, int]) -> None:
    """Codes by GUID: new ones added, edited ones resolved by the rule, deletions weighed against use."""
    report, prefer = plan.report, plan.report.prefer
    for key, (guid, label, label_en, badge, _) in theirs.code_types.items():
        if key not in mine.code_types:
            plan.types.append(ImportCodeType(guid, key, label, label_en, badge))
    keys = {code.key: code.guid for code in mine.codes.values()}
    by_key_name = {(code.key, code.name): code.guid for code in mine.codes.values()}
    for code in theirs.codes.values():
        here = mine.codes.get(code.guid)
        if here is None:
            twin = by_key_name.get((code.key, code.name))
            if twin is not None and twin not in theirs.codes:  # one code made twice, from one codebook
                plan.code_map[code.guid] = twin
                report.matched["codes"] += 1
                continue
            if code.guid in mine.deleted_codes:
                _deleted_here(mine, theirs, plan, code, used_there.get(code.guid, 0))
                continue
            key, number = code.key, 2
            while key in keys:
                key, number = f"{code.key}-{number}", number + 1
            keys[key] = code.guid
            plan.code_map[code.guid] = code.guid
            plan.codes.append(ImportCode(code.guid, key, code.parent_guid, code.name, code.type, code.description,
                                         code.include, code.exclude, code.example, code.colour, code.position))
            plan.code_extras.append(code)
            continue
        plan.code_map[code.guid] = code.guid
        report.matched["codes"] += 1
        if theirs.from_archive:  # REFI-QDA carries no code ids, order, keywords or English names
            code = replace(code, key=here.key, position=here.position, keywords=here.keywords, name_en=here.name_en,
                           description_en=here.description_en)
        if here.content() == code.content():
            continue
        side = winner(prefer, mine.code_edited.get(code.guid), theirs.code_edited.get(code.guid), report.split)
        what = _code_difference(here, code, mine, theirs)
        report.conflicts.append(f"code '{shorten(here.name, 50)}' ({here.key}) differs: {what}; {_kept(side)}")
        if side == "theirs":
            if code.key != here.key and keys.get(code.key, code.guid) != code.guid:
                report.left_out.append(f"code '{shorten(code.name, 50)}': the id {code.key} is another code's "
                                       f"here; kept {here.key}")
                code = replace(code, key=here.key)
            keys.pop(here.key, None)
            keys[code.key] = code.guid
            plan.code_updates.append(code)
            report.changed.append(f"code {here.key}: {what}")
    for code in mine.codes.values():
        if code.guid in theirs.deleted_codes and code.guid not in theirs.codes:
            _deleted_there(mine, theirs, plan, code, used_here.get(code.guid, 0))
    report.added["codes"] = len(plan.codes)


def _code_difference(here: SideCode, there: SideCode, mine: Side, theirs: Side) -> str:
    parts = []
    if here.name != there.name:
        parts.append(f"named '{shorten(here.name, 80)}' here, '{shorten(there.name, 80)}' there")
    if here.key != there.key:
        parts.append(f"id {here.key} here, {there.key} there")
    if here.parent_guid != there.parent_guid:
        def parent(side: Side, guid: str | None) -> str:  # named by this project's id where it has the code
            found = mine.codes.get(guid or "") or side.codes.get(guid or "")
            return found.key if found is not None else "the top"
        parts.append(f"under {parent(mine, here.parent_guid)} here, {parent(theirs, there.parent_guid)} there")
    rest = [name for name, a, b in zip(("type", "description", "include", "exclude", "example", "colour",
                                        "keywords", "position", "English name", "English description"),
                                       here.content()[3:], there.content()[3:], strict=True)
            if a != b]
    if rest:
        parts.append("another " + ", ".join(rest))
    return "; ".join(parts)


def _deleted_here(mine: Side, theirs: Side, plan: MergePlan, code: SideCode, used: int) -> None:
    """A code this project deleted that the other copy still has: back only when it was coded there and the
    rule prefers that work."""
    report = plan.report
    if not used:
        report.left_out.append(f"code '{shorten(code.name, 50)}' ({code.key}): deleted here, not coded there; "
                               "stays deleted")
        return
    side = winner(report.prefer, mine.deleted_codes[code.guid], _newest_use(theirs, code.guid), report.split)
    report.conflicts.append(f"code '{shorten(code.name, 50)}' ({code.key}): deleted here, coded "
                            f"{counted(used, 'time')} there; " + ("restored with those codings" if side == "theirs"
                                                                  else "stays deleted"))
    if side == "theirs":
        plan.code_map[code.guid] = code.guid
        plan.codes.append(ImportCode(code.guid, code.key, code.parent_guid, code.name, code.type, code.description,
                                     code.include, code.exclude, code.example, code.colour, code.position))
        plan.code_extras.append(code)
    else:
        report.left_out.append(f"code '{shorten(code.name, 50)}' ({code.key}): its {counted(used, 'coding')} in "
                               "the other copy (the code was deleted here; --prefer theirs brings them in)")


def _newest_use(side: Side, code_guid: str) -> str | None:
    times = [c.created_at for c in side.codings.values() if c.code_guid == code_guid]
    return max([*times, side.code_edited.get(code_guid, "")]) or None


def _deleted_there(mine: Side, theirs: Side, plan: MergePlan, code: SideCode, used: int) -> None:
    """A code the other copy deleted: deleted here too only when unused here, childless and the rule agrees."""
    report = plan.report
    if used or any(c.parent_guid == code.guid for c in mine.codes.values()):
        why = f"coded {counted(used, 'time')} here" if used else "it has codes under it here"
        report.conflicts.append(f"code '{shorten(code.name, 50)}' ({code.key}): deleted in the other copy, {why}; "
                                "kept")
        return
    side = winner(report.prefer, mine.code_edited.get(code.guid), theirs.deleted_codes[code.guid],
                  report.split)
    report.conflicts.append(f"code '{shorten(code.name, 50)}' ({code.key}): deleted in the other copy, not coded "
                            "here; " + ("deleted here too" if side == "theirs" else "kept"))
    if side == "theirs":
        plan.code_deletes.append(code.key)
        report.changed.append(f"code {code.key}: deleted (as in the other copy)")


def plan_cases(mine: Side, theirs: Side, plan: MergePlan) -> None:
    """Cases by GUID, else by key; attributes added, and differing values resolved by the rule."""
    report, prefer = plan.report, plan.report.prefer
    for name, (guid, kind, description) in theirs.variables.items():
        if name not in mine.variables:
            plan.variables.append((guid, name, kind, description))
    by_key = {case.key: case for case in mine.cases.values()}
    for case in theirs.cases.values():
        here = mine.cases.get(case.guid) or by_key.get(case.key)
        if here is None:
            plan.cases.append(ImportCase(case.guid, case.name, case.key, ()))
            plan.attributes.extend((case.guid, name, kind, value) for name, (kind, value) in case.attributes.items())
            plan.case_map[case.guid] = case.guid
            continue
        plan.case_map[case.guid] = here.guid
        report.matched["cases"] += 1
        if case.name != here.name and case.guid == here.guid:
            side = winner(prefer, mine.case_edited.get(here.key), theirs.case_edited.get(case.key), report.split)
            taken = any(other.key == case.key for other in mine.cases.values() if other.guid != here.guid)
            side = "mine" if taken else side
            report.conflicts.append(f"case '{shorten(here.name, 40)}' is called '{shorten(case.name, 40)}' in the "
                                    f"other copy; {_kept(side)} name" + (" (another case has that name here)"
                                                                       if taken else ""))
            if side == "theirs":
                plan.case_renames.append((here.guid, case.name, case.key))
                report.changed.append(f"case '{shorten(here.name, 40)}': renamed '{shorten(case.name, 40)}'")
        for name, (kind, value) in case.attributes.items():
            ours = here.attributes.get(name)
            if ours is not None and ours[0] != kind:  # a .qdpx writes lists, numbers and yes/no as text
                converted = _in_kind(ours[0], kind, value)
                kind, value = (ours[0], converted) if converted != value else (kind, value)
            if ours is None:
                plan.attributes.append((here.guid, name, kind, value))
                report.changed.append(f"case '{shorten(here.name, 40)}': attribute {name} = {shorten(value, 40)}")
            elif ours[1] != value:
                side = winner(prefer, mine.case_edited.get(here.key), theirs.case_edited.get(case.key), report.split)
                report.conflicts.append(f"case '{shorten(here.name, 40)}': {name} is {shorten(ours[1], 40)} here, "
                                        f"{shorten(value, 40)} there; {_kept(side)}")
                if side == "theirs":
                    plan.attributes.append((here.guid, name, kind, value))
                    report.changed.append(f"case '{shorten(here.name, 40)}': attribute {name} = "
                                          f"{shorten(value, 40)}")
    report.added["cases"] = len(plan.cases)


def _in_kind(wanted: str, kind: str, value: str) -> str:
    """An attribute's stored value (JSON) in the kind this project gives the attribute, when it converts (the
    archive's "vastgoed; samenwerking" as the list ["vastgoed", "samenwerking"]); else unchanged."""
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    if kind != "text" or not isinstance(decoded, str):
        return value
    text = decoded.strip()
    if wanted == "categories":
        return json.dumps([part.strip() for part in text.split(";") if part.strip()], ensure_ascii=False)
    if wanted == "boolean" and text.casefold() in ("true", "false", "ja", "nee", "yes", "no"):
        return json.dumps(text.casefold() in ("true", "ja", "yes"))
    if wanted in ("integer", "number"):
        try:
            number = float(text.replace(",", ".")) if wanted == "number" else int(text.replace(".", ""))
        except ValueError:
            return value
        return json.dumps(number)
    return value


def plan_memos(mine: Side, theirs: Side, plan: MergePlan, target_map: dict[str, dict[str, str]]) -> None:
    """Memos by GUID (a differing text resolved by the rule); a memo on a target that has another memo here is
    joined to it, unless one text holds the other already. target_map: kind → their GUID → mine."""
    report = plan.report
    by_target = {(memo.target_kind, memo.target_guid): memo for memo in mine.memos.values()}
    for memo in theirs.memos.values():
        target = memo.target_guid
        if memo.target_kind != "project":
            target = target_map.get(memo.target_kind, {}).get(target or "")
            if target is None:
                report.left_out.append(f"a memo on a {memo.target_kind} that was not brought in: "
                                       f"'{shorten(memo.text, 60)}'")
                continue
        here = mine.memos.get(memo.guid) or by_target.get((memo.target_kind, target))
        removed = mine.removed_memos.get((memo.target_kind, target))
        if here is None and removed is not None:
            what = f"the memo on {_memo_target(theirs, memo)} ('{shorten(memo.text, 60)}')"
            if winner(report.prefer, removed, memo.updated_at, report.split) == "mine":
                report.left_out.append(f"{what}: removed here; stays removed")
                continue
            report.conflicts.append(f"{what}: removed here, edited in the other copy since; brought back")
        if here is None:
            plan.memos.append(ImportMemo(memo.guid, memo.target_kind, target, plan.coder_map.get(memo.coder_guid or ""),
                                         memo.text, memo.created_at, memo.updated_at))
            by_target[(memo.target_kind, target)] = memo
            continue
        report.matched["memos"] += 1
        if here.text == memo.text or memo.text in here.text:
            continue
        what = f"the memo on {_memo_target(mine, here)}"
        # The other copy's holds this one and more: the newer of the two, unless this one was written later (text
        # taken out of a memo is an edit too, and then the rule decides).
        if here.text in memo.text and memo.updated_at >= here.updated_at:
            plan.memo_updates.append((here.guid, memo.text, max(here.updated_at, memo.updated_at)))
            report.changed.append(f"{what}: the other copy's longer text")
        elif here.text in memo.text and here.guid != memo.guid:
            report.conflicts.append(f"{what}: the other copy's holds more but is older; kept this project's")
        elif here.guid == memo.guid:
            side = winner(report.prefer, here.updated_at, memo.updated_at, report.split)
            report.conflicts.append(f"{what} was edited in both copies; {_kept(side)} "
                                    f"(the other: '{shorten(memo.text if side == 'mine' else here.text, 80)}')")
            if side == "theirs":
                plan.memo_updates.append((here.guid, memo.text, memo.updated_at))
                report.changed.append(f"{what}: the other copy's text")
        else:
            joined = f"{here.text}\n\n{memo.text}"
            plan.memo_updates.append((here.guid, joined, max(here.updated_at, memo.updated_at)))
            report.conflicts.append(f"{what}: both copies wrote one; joined (this project's first)")
            report.changed.append(f"{what}: joined with the other copy's")
    report.added["memos"] = len(plan.memos)


def _memo_target(side: Side, memo: SideMemo) -> str:
    if memo.target_kind == "code" and memo.target_guid in side.codes:
        return f"code {side.codes[memo.target_guid].key}"
    if memo.target_kind == "document" and memo.target_guid in side.documents:
        return f"'{shorten(side.documents[memo.target_guid].title, 50)}'"
    return f"the {memo.target_kind}"
