"""Snapshot files: names, the pruning rule, consistent copies and restores through the backup API."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from qualcode.domain.errors import ProjectError
from qualcode.storage import backups
from qualcode.storage.store import Store


def _copy(moment: dt.datetime) -> backups.Copy:
    return backups.Copy(backups.stamp(moment), moment, "test", Path(backups.snapshot_name("test", moment)), 1)


def test_pruning_keeps_ten_recent_and_the_newest_of_each_older_week() -> None:
    recent = [_copy(dt.datetime(2026, 6, 1, 9) + dt.timedelta(hours=hour)) for hour in range(10)]
    # Older: three in ISO week 20 of 2026, two in week 19, one in week 17.
    week_20 = [_copy(dt.datetime(2026, 5, day, 12)) for day in (11, 13, 15)]
    week_19 = [_copy(dt.datetime(2026, 5, day, 12)) for day in (4, 8)]
    week_17 = [_copy(dt.datetime(2026, 4, 22, 12))]
    dropped = backups.to_prune([*week_17, *recent, *week_19, *week_20])
    assert sorted(c.id for c in dropped) == sorted(c.id for c in [*week_20[:2], week_19[0]])


def test_pruning_leaves_ten_or_fewer_alone() -> None:
    assert backups.to_prune([_copy(dt.datetime(2020, 1, 1 + day)) for day in range(10)]) == []


def test_snapshot_names_list_newest_first_and_other_files_are_ignored(tmp_path: Path) -> None:
    store = Store(tmp_path / "qualcode.db", create=True)
    first = store.snapshot(tmp_path / "snapshots", "codebook-load")
    second = store.snapshot(tmp_path / "snapshots", "cases-merge")
    (tmp_path / "snapshots" / "aantekeningen.txt").write_text("niet van qualcode", encoding="utf-8")
    found = backups.snapshots(tmp_path / "snapshots")
    assert [(c.path, c.reason) for c in found] == [(second, "cases-merge"), (first, "codebook-load")]
    assert backups.has_snapshot_on(tmp_path / "snapshots", dt.date.today())
    assert not backups.has_snapshot_on(tmp_path / "snapshots", dt.date.today() - dt.timedelta(days=1))


def test_a_copy_is_a_single_file_that_passes_the_integrity_check(tmp_path: Path) -> None:
    store = Store(tmp_path / "qualcode.db", create=True)
    with store.transaction():
        store.record_event("test", "voor de kopie", {})
    copy = store.backup(tmp_path / "kopie" / "qualcode-backup.db")
    backups.check_copy(copy)
    assert not copy.with_name(copy.name + "-wal").exists()
    with sqlite3.connect(str(copy)) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_restore_refuses_a_file_that_is_not_a_qualcode_copy(tmp_path: Path) -> None:
    Store(tmp_path / "qualcode.db", create=True).close()
    stranger = tmp_path / "vreemd.db"
    with sqlite3.connect(str(stranger)) as other:
        other.execute("CREATE TABLE boeken (titel TEXT)")
    before = (tmp_path / "qualcode.db").read_bytes()
    with pytest.raises(ProjectError, match="not a copy of a qualcode project"):
        backups.restore_into(stranger, tmp_path / "qualcode.db")
    assert (tmp_path / "qualcode.db").read_bytes() == before
